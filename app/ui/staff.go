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

// dateLayout is how staff dates are typed: 2026-03-10.
const dateLayout = "2006-01-02"

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

// parseDate reads a typed date ("" is no date).
func parseDate(field, text string) (*time.Time, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, nil
	}
	d, err := time.Parse(dateLayout, text)
	if err != nil {
		return nil, app.Errorf(app.EInvalid, "%s", lang.L("{{.Field}}: write the date like 2026-03-10.", map[string]any{"Field": field}))
	}
	return &d, nil
}

func formatDate(d *time.Time) string {
	if d == nil {
		return ""
	}
	return d.UTC().Format(dateLayout)
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
		return formatDate(d) + " (" + lang.L("expired") + ")"
	case end.Sub(now) <= app.DatesWarnBefore:
		return formatDate(d) + " (" + lang.L("expires soon") + ")"
	}
	return formatDate(d)
}

// roleChecks are one checkbox per role.
type roleChecks map[app.Role]*widget.Check

func newRoleChecks(have []app.Role) (roleChecks, fyne.CanvasObject) {
	rc := roleChecks{}
	box := container.NewGridWithColumns(3)
	for _, r := range app.Roles {
		c := widget.NewCheck(roleLabel(r), nil)
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
	username, name, password, again, conf, training *widget.Entry
	roles                                           roleChecks
	content                                         fyne.CanvasObject
}

// newStaffForm builds the form; first says the password is the person's
// own, not a temporary one.
func newStaffForm(n app.NewStaff, first bool) *staffForm {
	f := &staffForm{}
	f.username = newEntry(n.Username, "")
	f.name = newEntry(n.DisplayName, "")
	f.password = widget.NewPasswordEntry()
	f.again = widget.NewPasswordEntry()
	f.conf = newEntry(formatDate(n.ConfidentialitySigned), lang.L("YYYY-MM-DD"))
	f.training = newEntry(formatDate(n.TrainingCompleted), lang.L("YYYY-MM-DD"))
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
		widget.NewFormItem(lang.L("Confidentiality statement signed"), f.conf),
		widget.NewFormItem(lang.L("Security training completed"), f.training),
	)
	form.Items[3].HintText = lang.L("At least 12 characters, without the username.")
	form.Items[5].HintText = lang.L("Each is good for a year. Without both dates, the person cannot see personal data.")
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
	sheetContacts *widget.Check // pre-filled sign-in sheets print phones and emails
	settingsMsg   *widget.Label
	schedules     *schedulesDialog // the last one opened

	// the last dialog opened, for tests
	dlg     formDialog
	errLine *canvas.Text
	form    *staffForm
	pw, pw2 *widget.Entry
	roles   roleChecks
	conf    *widget.Entry
	train   *widget.Entry
}

func newStaffScreen(u *UI) *staffScreen {
	s := &staffScreen{u: u, ctx: u.ctx, sel: -1}
	s.list = widget.NewList(func() int { return len(s.rows) }, func() fyne.CanvasObject {
		name := widget.NewLabel("")
		name.TextStyle = fyne.TextStyle{Bold: true}
		state := widget.NewLabel("")
		dates := widget.NewLabel("")
		return container.NewVBox(container.NewHBox(name, layout.NewSpacer(), state), dates)
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
	settings := container.NewVBox(
		container.NewHBox(widget.NewLabel(lang.L("Lock an idle desk after (minutes, 0 = never)")),
			container.NewGridWrap(fyne.NewSize(80, s.autoLock.MinSize().Height), s.autoLock)),
		container.NewHBox(s.sheetContacts, saveSettings, s.settingsMsg),
		container.NewHBox(widget.NewButtonWithIcon(lang.L("Follow-up schedules…"), theme.SettingsIcon(), func() { s.schedules = openSchedules(s.u) })))

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
	line := box.Objects[0].(*fyne.Container)
	line.Objects[0].(*widget.Label).SetText(st.DisplayName + "  (" + st.Username + ")   " + roleLabels(st.Roles))
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
		state = append(state, lang.L("last sign-in {{.When}}", map[string]any{"When": st.LastSignInAt.In(loc).Format("Jan 2, 2006 3:04 PM")}))
	} else {
		state = append(state, lang.L("never signed in"))
	}
	line.Objects[2].(*widget.Label).SetText(strings.Join(state, "  ·  "))
	box.Objects[1].(*widget.Label).SetText(lang.L("Confidentiality statement: {{.Conf}}    Training: {{.Train}}",
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
	s.errLine = newErrorLine()
	show := func(err error) {
		s.errLine.Text = errorText(err)
		s.errLine.Refresh()
	}
	s.dlg = showFormDialog(title, confirm, container.NewVBox(content, s.errLine), show, func() error {
		s.errLine.Text = ""
		s.errLine.Refresh()
		if err := save(); err != nil {
			return err
		}
		s.refresh()
		return nil
	}, nil, s.u.win)
}

// add opens the new-account form.
func (s *staffScreen) add() {
	f := newStaffForm(app.NewStaff{Roles: []app.Role{app.RoleFrontDesk}}, false)
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
	s.pw, s.pw2 = widget.NewPasswordEntry(), widget.NewPasswordEntry()
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
	s.conf = newEntry(formatDate(st.ConfidentialitySigned), lang.L("YYYY-MM-DD"))
	s.train = newEntry(formatDate(st.TrainingCompleted), lang.L("YYYY-MM-DD"))
	form := widget.NewForm(widget.NewFormItem(lang.L("Confidentiality statement signed"), s.conf),
		widget.NewFormItem(lang.L("Security training completed"), s.train))
	s.open(lang.L("Dates of {{.Name}}", map[string]any{"Name": st.DisplayName}), lang.L("Save"), form, func() error {
		c, err := parseDate(lang.L("Confidentiality statement signed"), s.conf.Text)
		if err != nil {
			return err
		}
		t, err := parseDate(lang.L("Security training completed"), s.train.Text)
		if err != nil {
			return err
		}
		_, err = s.u.svc.SetStaffDates(s.ctx, st.ID, c, t)
		return err
	})
}

// deactivate closes the selected account after a confirmation.
func (s *staffScreen) deactivate() {
	st, ok := s.selected()
	if !ok {
		return
	}
	dialog.ShowConfirm(lang.L("Deactivate {{.Name}}?", map[string]any{"Name": st.DisplayName}),
		lang.L("{{.Name}} will no longer be able to sign in. The account and its history are kept.", map[string]any{"Name": st.DisplayName}),
		func(yes bool) {
			if yes {
				s.confirmDeactivate(st.ID)
			}
		}, s.u.win)
}

// confirmDeactivate deactivates account id (after the confirmation).
func (s *staffScreen) confirmDeactivate(id int64) {
	if _, err := s.u.svc.DeactivateStaff(s.ctx, id); err != nil {
		s.u.showError(err)
		return
	}
	s.refresh()
}

// saveSettings saves the auto-lock minutes (applied to this desk at once)
// and whether pre-filled sign-in sheets print contact details.
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
		st.AutoLockMinutes, st.SheetContactColumns = n, s.sheetContacts.Checked
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
