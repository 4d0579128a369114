package ui

import (
	"context"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
)

// roleLabel is a role as people read it.
func roleLabel(r app.Role) string {
	switch r {
	case app.RoleFrontDesk:
		return lang.L("Front desk")
	case app.RoleCirculation:
		return lang.L("Kit circulation")
	case app.RoleCaseManager:
		return lang.L("Case manager")
	case app.RoleDirector:
		return lang.L("Director")
	case app.RoleAdministrator:
		return lang.L("Administrator")
	}
	return string(r)
}

func roleLabels(rs []app.Role) string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = roleLabel(r)
	}
	return strings.Join(out, ", ")
}

// parseDate reads an optional date field ("" is no date).
func parseDate(field, text string) (*time.Time, error) {
	d, err := readDay(field, text, true)
	if err != nil || d.IsZero() {
		return nil, err
	}
	return &d, nil
}

// formatDate writes an optional day into a date field.
func formatDate(d *time.Time) string {
	if d == nil {
		return ""
	}
	return formatDay(d.UTC())
}

// dateMark is a confidentiality or training date with a mark when it has
// run out or runs out soon.
func dateMark(d *time.Time, now time.Time) string {
	if d == nil {
		return lang.L("none on record")
	}
	end := app.DateExpires(*d)
	switch {
	case !now.Before(end):
		return showDate(d.UTC()) + " (" + lang.L("expired") + ")"
	case end.Sub(now) <= app.DatesWarnBefore:
		return showDate(d.UTC()) + " (" + lang.L("expires soon") + ")"
	}
	return showDate(d.UTC())
}

// roleChecks are one checkbox per role.
type roleChecks map[app.Role]*escCheck

func newRoleChecks(have []app.Role) (roleChecks, fyne.CanvasObject) {
	rc := roleChecks{}
	box := container.NewGridWithColumns(3)
	for _, r := range app.Roles {
		c := newFormCheck(roleLabel(r), nil)
		for _, h := range have {
			if h == r {
				c.SetChecked(true)
			}
		}
		rc[r] = c
		box.Add(c)
	}
	return rc, box
}

func (rc roleChecks) value() []app.Role {
	var out []app.Role
	for _, r := range app.Roles {
		if rc[r].Checked {
			out = append(out, r)
		}
	}
	return out
}

// staffForm is the new-account form (the first administrator's too).
type staffForm struct {
	username, name, password, again, conf, training *escEntry
	roles                                           roleChecks
	content                                         fyne.CanvasObject
}

// newStaffForm builds the form; first says the password is the person's
// own, not a temporary one.
func newStaffForm(u *UI, n app.NewStaff, first bool) *staffForm {
	f := &staffForm{}
	f.username = newFormEntry(n.Username, "")
	f.name = newFormEntry(n.DisplayName, "")
	f.password = newPasswordFormEntry()
	f.again = newPasswordFormEntry()
	f.conf = newFormEntry(formatDate(n.ConfidentialitySigned), dateHint())
	f.training = newFormEntry(formatDate(n.TrainingCompleted), dateHint())
	var roles fyne.CanvasObject
	f.roles, roles = newRoleChecks(n.Roles)
	pw, pw2 := lang.L("Temporary password"), lang.L("Temporary password again")
	if first {
		pw, pw2 = lang.L("Password"), lang.L("Password again")
	}
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Username"), f.username),
		widget.NewFormItem(lang.L("Full name"), f.name),
		widget.NewFormItem(lang.L("Roles"), roles),
		widget.NewFormItem(pw, f.password),
		widget.NewFormItem(pw2, f.again),
		u.formDateItem(lang.L("Confidentiality statement signed"), f.conf),
		u.formDateItem(lang.L("Security training completed"), f.training),
	)
	form.Items[3].HintText = lang.L("At least 12 characters, without the username.")
	form.Items[5].HintText = dateHint() + " · " + lang.L("Each is good for a year. Without both dates, the person cannot see personal data.")
	f.content = form
	return f
}

// check catches what the form itself can: the passwords must match and the
// dates must read.
func (f *staffForm) check() error {
	if f.password.Text != f.again.Text {
		return app.Errorf(app.EInvalid, "%s", lang.L("The two passwords are not the same."))
	}
	if _, err := parseDate(lang.L("Confidentiality statement signed"), f.conf.Text); err != nil {
		return err
	}
	_, err := parseDate(lang.L("Security training completed"), f.training.Text)
	return err
}

// value is the account as the form says (after check).
func (f *staffForm) value() app.NewStaff {
	conf, _ := parseDate("", f.conf.Text)
	train, _ := parseDate("", f.training.Text)
	return app.NewStaff{Username: f.username.Text, DisplayName: f.name.Text, Roles: f.roles.value(),
		Password: f.password.Text, ConfidentialitySigned: conf, TrainingCompleted: train}
}

// staffScreen is where administrators manage accounts and settings.
type staffScreen struct {
	u       *UI
	ctx     context.Context
	content fyne.CanvasObject
	list    *widget.List
	rows    []app.Staff
	sel     int // selected row, -1 for none
	actions []*widget.Button

	autoLock      *widget.Entry
	sheetContacts *widget.Check      // pre-filled sign-in sheets print phones and emails
	scanSounds    *widget.Check      // the check-in desk plays a sound for each answer
	capacity      *widget.RadioGroup // what a full event does: warn (soft) or refuse (hard)
	settingsMsg   *widget.Label
	schedules     *schedulesDialog // the last one opened
	costs         *costsDialog     // the last one opened
	targets       *targetsDialog   // the last one opened

	// the last dialog opened, for tests
	dlg     formDialog
	errLine *canvas.Text
	form    *staffForm
	pw, pw2 *escEntry
	roles   roleChecks
	conf    *escEntry
	train   *escEntry
}

func newStaffScreen(u *UI) *staffScreen {
	s := &staffScreen{u: u, ctx: u.ctx, sel: -1}
	s.list = widget.NewList(func() int { return len(s.rows) }, func() fyne.CanvasObject {
		name := widget.NewLabel("")
		name.TextStyle = fyne.TextStyle{Bold: true}
		state := widget.NewLabel("")
		dates := widget.NewLabel("")
		// the state on a line of its own: beside the roles it ran over
		// them at 1024 pixels in Spanish
		return container.NewVBox(name, state, dates)
	}, s.updateRow)
	s.list.OnSelected = func(id widget.ListItemID) { s.selectRow(id) }
	s.list.OnUnselected = func(widget.ListItemID) { s.selectRow(-1) }

	add := widget.NewButtonWithIcon(lang.L("Add account"), theme.ContentAddIcon(), s.add)
	add.Importance = widget.HighImportance
	reset := widget.NewButton(lang.L("Reset password"), s.resetPassword)
	roles := widget.NewButton(lang.L("Change roles"), s.setRoles)
	dates := widget.NewButton(lang.L("Record dates"), s.setDates)
	deact := widget.NewButton(lang.L("Deactivate"), s.deactivate)
	deact.Importance = widget.DangerImportance
	s.actions = []*widget.Button{reset, roles, dates, deact}
	for _, b := range s.actions {
		b.Disable()
	}

	s.autoLock = newEntry("", "")
	s.settingsMsg = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	saveSettings := widget.NewButton(lang.L("Save"), s.saveSettings)
	s.autoLock.OnSubmitted = func(string) { s.saveSettings() }
	s.sheetContacts = widget.NewCheck(lang.L("Print phones and emails on pre-filled sign-in sheets"), nil)
	s.scanSounds = widget.NewCheck(lang.L("Sounds on scan"), nil)
	s.capacity = widget.NewRadioGroup([]string{lang.L("Warn, and check in"), lang.L("Refuse the check-in")}, nil)
	s.capacity.Horizontal, s.capacity.Required = true, true
	settings := container.NewVBox(
		container.NewHBox(widget.NewLabel(lang.L("Lock an idle desk after (minutes, 0 = never)")),
			container.NewGridWrap(fyne.NewSize(80, s.autoLock.MinSize().Height), s.autoLock)),
		container.NewHBox(s.scanSounds, widget.NewLabel("   "+lang.L("When an event is full:")), s.capacity),
		container.NewHBox(s.sheetContacts, saveSettings, s.settingsMsg),
		container.NewHBox(widget.NewButtonWithIcon(lang.L("Follow-up schedules…"), theme.SettingsIcon(), func() { s.schedules = openSchedules(s.u) }),
			widget.NewButtonWithIcon(lang.L("Replacement costs…"), theme.SettingsIcon(), func() { s.costs = openReplacementCosts(s.u) }),
			widget.NewButtonWithIcon(lang.L("WIOA negotiated levels…"), theme.SettingsIcon(), func() { s.targets = openWIOATargets(s.u) }),
			widget.NewButtonWithIcon(lang.L("Recovery code…"), theme.AccountIcon(), s.newRecoveryCode)))

	top := container.NewVBox(settings, widget.NewSeparator(),
		container.NewHBox(add, layout.NewSpacer(), widget.NewLabel(lang.L("Selected account:")), reset, roles, dates, deact))
	s.content = container.NewBorder(top, nil, nil, nil, s.list)
	s.refresh()
	return s
}

// refresh reloads the accounts and settings.
func (s *staffScreen) refresh() {
	rows, err := s.u.svc.ListStaff(s.ctx)
	if err != nil {
		s.u.showError(err)
		return
	}
	s.rows = rows
	s.list.UnselectAll()
	s.selectRow(-1)
	s.list.Refresh()
	if st, err := s.u.svc.Settings(s.ctx); err == nil {
		s.autoLock.SetText(strconv.Itoa(st.AutoLockMinutes))
		s.sheetContacts.SetChecked(st.SheetContactColumns)
		s.scanSounds.SetChecked(st.ScanSounds)
		s.capacity.SetSelected(s.capacity.Options[0])
		if st.CapacityLimit == app.CapacityHard {
			s.capacity.SetSelected(s.capacity.Options[1])
		}
	}
}

func (s *staffScreen) selectRow(id int) {
	if id >= len(s.rows) {
		id = -1
	}
	s.sel = id
	for _, b := range s.actions {
		if id >= 0 && s.rows[id].Active {
			b.Enable()
		} else {
			b.Disable()
		}
	}
}

func (s *staffScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.rows) {
		return
	}
	st := s.rows[id]
	now := s.u.svc.Now()
	loc := s.u.site.Location()
	box := o.(*fyne.Container)
	box.Objects[0].(*widget.Label).SetText(st.DisplayName + "  (" + st.Username + ")   " + roleLabels(st.Roles))
	var state []string
	if st.Active {
		state = append(state, lang.L("active"))
	} else {
		state = append(state, lang.L("deactivated"))
	}
	if st.Locked(now) {
		state = append(state, lang.L("locked"))
	}
	if st.TemporaryPassword {
		state = append(state, lang.L("temporary password"))
	}
	if st.LastSignInAt != nil {
		state = append(state, lang.L("last sign-in {{.When}}", map[string]any{"When": showDateTime(st.LastSignInAt.In(loc))}))
	} else {
		state = append(state, lang.L("never signed in"))
	}
	box.Objects[1].(*widget.Label).SetText(strings.Join(state, "  ·  "))
	box.Objects[2].(*widget.Label).SetText(lang.L("Confidentiality statement: {{.Conf}}    Training: {{.Train}}",
		map[string]any{"Conf": dateMark(st.ConfidentialitySigned, now), "Train": dateMark(st.TrainingCompleted, now)}))
	s.list.SetItemHeight(id, box.MinSize().Height)
}

// selected is the selected account.
func (s *staffScreen) selected() (app.Staff, bool) {
	if s.sel < 0 || s.sel >= len(s.rows) {
		return app.Staff{}, false
	}
	return s.rows[s.sel], true
}

// open shows a form dialog whose errors go to its own red line.
func (s *staffScreen) open(title, confirm string, content fyne.CanvasObject, save func() error) {
	s.openThen(title, confirm, content, func() (func(), error) { return nil, save() })
}

// openThen is open whose save may hand back a step to run once the dialog
// is gone.
func (s *staffScreen) openThen(title, confirm string, content fyne.CanvasObject, save func() (func(), error)) {
	s.errLine = newErrorLine()
	show := func(err error) {
		s.errLine.Text = errorText(err)
		s.errLine.Refresh()
	}
	s.dlg = showFormDialogThen(title, confirm, container.NewVBox(content, s.errLine), show, func() (func(), error) {
		s.errLine.Text = ""
		s.errLine.Refresh()
		then, err := save()
		if err != nil {
			return nil, err
		}
		s.refresh()
		return then, nil
	}, nil, s.u.win)
}

// add opens the new-account form.
func (s *staffScreen) add() {
	f := newStaffForm(s.u, app.NewStaff{Roles: []app.Role{app.RoleFrontDesk}}, false)
	s.form = f
	s.open(lang.L("Add account"), lang.L("Create account"), f.content, func() error {
		if err := f.check(); err != nil {
			return err
		}
		_, err := s.u.svc.CreateStaff(s.ctx, f.value())
		return err
	})
	s.u.win.Canvas().Focus(f.username)
}

// resetPassword gives the selected account a new temporary password.
func (s *staffScreen) resetPassword() {
	st, ok := s.selected()
	if !ok {
		return
	}
	s.pw, s.pw2 = newPasswordFormEntry(), newPasswordFormEntry()
	form := widget.NewForm(widget.NewFormItem(lang.L("Temporary password"), s.pw),
		widget.NewFormItem(lang.L("Temporary password again"), s.pw2))
	note := widget.NewLabel(lang.L("Tell {{.Name}} this password in person. It lasts 24 hours and must be changed at the first sign-in; it also lifts a lockout.", map[string]any{"Name": st.DisplayName}))
	note.Wrapping = fyne.TextWrapWord
	s.open(lang.L("Reset password for {{.Name}}", map[string]any{"Name": st.DisplayName}), lang.L("Reset password"),
		container.NewVBox(note, form), func() error {
			if s.pw.Text != s.pw2.Text {
				return app.Errorf(app.EInvalid, "%s", lang.L("The two passwords are not the same."))
			}
			_, err := s.u.svc.ResetPassword(s.ctx, st.ID, s.pw.Text)
			return err
		})
	s.u.win.Canvas().Focus(s.pw)
}

// setRoles changes the selected account's roles.
func (s *staffScreen) setRoles() {
	st, ok := s.selected()
	if !ok {
		return
	}
	var box fyne.CanvasObject
	s.roles, box = newRoleChecks(st.Roles)
	s.open(lang.L("Roles of {{.Name}}", map[string]any{"Name": st.DisplayName}), lang.L("Save"), box, func() error {
		_, err := s.u.svc.SetStaffRoles(s.ctx, st.ID, s.roles.value())
		return err
	})
}

// setDates records the selected account's confidentiality and training dates.
func (s *staffScreen) setDates() {
	st, ok := s.selected()
	if !ok {
		return
	}
	s.conf = newFormEntry(formatDate(st.ConfidentialitySigned), dateHint())
	s.train = newFormEntry(formatDate(st.TrainingCompleted), dateHint())
	form := widget.NewForm(s.u.formDateItem(lang.L("Confidentiality statement signed"), s.conf),
		s.u.formDateItem(lang.L("Security training completed"), s.train))
	s.openThen(lang.L("Dates of {{.Name}}", map[string]any{"Name": st.DisplayName}), lang.L("Save"), form, func() (func(), error) {
		c, err := parseDate(lang.L("Confidentiality statement signed"), s.conf.Text)
		if err != nil {
			return nil, err
		}
		t, err := parseDate(lang.L("Security training completed"), s.train.Text)
		if err != nil {
			return nil, err
		}
		if _, err = s.u.svc.SetStaffDates(s.ctx, st.ID, c, t); err != nil {
			return nil, err
		}
		if st.ID == s.u.actor.ID {
			// one's own dates: the block on personal data follows at once
			return s.u.refreshSession, nil
		}
		return nil, nil
	})
}

// deactivate closes the selected account after a confirmation.
func (s *staffScreen) deactivate() {
	st, ok := s.selected()
	if !ok {
		return
	}
	d := dialog.NewConfirm(lang.L("Deactivate {{.Name}}?", map[string]any{"Name": st.DisplayName}),
		lang.L("{{.Name}} will no longer be able to sign in. The account and its history are kept.", map[string]any{"Name": st.DisplayName}),
		func(yes bool) {
			if yes {
				s.confirmDeactivate(st.ID)
			}
		}, s.u.win)
	escapable(s.u.win, d)
	d.Show()
}

// confirmDeactivate deactivates account id (after the confirmation).
func (s *staffScreen) confirmDeactivate(id int64) {
	if _, err := s.u.svc.DeactivateStaff(s.ctx, id); err != nil {
		s.u.showError(err)
		return
	}
	s.refresh()
}

// saveSettings saves the auto-lock minutes (applied to this desk at once),
// whether pre-filled sign-in sheets print contact details, the scan sounds
// and the capacity limit.
func (s *staffScreen) saveSettings() {
	s.settingsMsg.Importance = widget.DangerImportance
	n, err := strconv.Atoi(strings.TrimSpace(s.autoLock.Text))
	if err != nil {
		s.settingsMsg.Text = lang.L("Write a number of minutes.")
		s.settingsMsg.Refresh()
		return
	}
	// Keep any setting this screen does not show.
	st, err := s.u.svc.Settings(s.ctx)
	if err == nil {
		st.AutoLockMinutes, st.SheetContactColumns, st.ScanSounds = n, s.sheetContacts.Checked, s.scanSounds.Checked
		st.CapacityLimit = app.CapacitySoft
		if s.capacity.Selected == s.capacity.Options[1] {
			st.CapacityLimit = app.CapacityHard
		}
		err = s.u.svc.SetSettings(s.ctx, st)
	}
	if err != nil {
		s.settingsMsg.Text = errorText(err)
		s.settingsMsg.Refresh()
		return
	}
	s.settingsMsg.Importance = widget.SuccessImportance
	s.settingsMsg.Text = lang.L("Saved.")
	s.settingsMsg.Refresh()
	if s.u.mode == modeDesk {
		s.u.startIdle()
	}
}

// newRecoveryCode makes a new recovery code, after asking (the old one stops
// working), and shows it once, with Print.
func (s *staffScreen) newRecoveryCode() {
	d := dialog.NewConfirm(lang.L("Make a new recovery code?"),
		lang.L("The old code stops working. The new one is shown once: print it and keep it in the director's safe."),
		func(ok bool) {
			if !ok {
				return
			}
			code, err := s.u.svc.NewRecoveryCode(s.ctx)
			if err != nil {
				s.u.showError(err)
				return
			}
			s.u.showRecoveryDialog(code, s.u.actor.Username)
		}, s.u.win)
	d.SetConfirmText(lang.L("Make a new code"))
	d.Show()
}
