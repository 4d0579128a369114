package ui

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/app/pdf"
	"frontdesk/app/xlsx"
)

// followupsScreen is the case manager's Follow-ups tab: their work list
// (overdue, due this week, upcoming, non-responsive, and the caseload), a
// search to open anyone's follow-up file, and the quarterly roster.
type followupsScreen struct {
	u       *UI
	ctx     context.Context
	content fyne.CanvasObject
	tabs    *container.AppTabs
	q       *jobQueue

	search  *widget.Entry
	found   []app.Participant
	results *widget.List
	list    *widget.List
	rows    []fuRow
	summary *widget.Label
	mine    app.MyFollowups
	stack   *fyne.Container // the work list, or the search results

	file     *followupFile // the file last opened
	roster   *rosterPane
	reminder dialog.Dialog // the sign-in reminder, when shown
}

// Sections of the work list.
const (
	secOverdue = iota
	secWeek
	secUpcoming
	secNonResponsive
	secCaseload
)

// fuRow is one line of the work list: a section's heading, an empty
// section's "nothing" line, or a due contact.
type fuRow struct {
	head  string
	empty bool
	sec   int
	d     app.DueFollowup
}

func newFollowupsScreen(u *UI) *followupsScreen {
	s := &followupsScreen{u: u, ctx: u.ctx, q: newJobQueue()}
	s.summary = widget.NewLabel("")
	s.list = widget.NewList(func() int { return len(s.rows) }, func() fyne.CanvasObject {
		name := widget.NewLabel("")
		name.TextStyle = fyne.TextStyle{Bold: true}
		return container.NewHBox(name, widget.NewLabel(""))
	}, func(id widget.ListItemID, o fyne.CanvasObject) {
		if id >= len(s.rows) {
			return
		}
		s.showRow(s.rows[id], o.(*fyne.Container))
	})
	s.list.OnSelected = func(id widget.ListItemID) {
		s.list.UnselectAll()
		if id < len(s.rows) && s.rows[id].d.ParticipantID != 0 {
			s.open(s.rows[id].d.ParticipantID)
		}
	}
	s.results = widget.NewList(func() int { return len(s.found) }, func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(s.found) {
				p := s.found[id]
				o.(*widget.Label).SetText(p.DisplayName() + "   ·   " + p.Code + "   ·   " + statusLabel(p.Status))
			}
		})
	s.results.OnSelected = func(id widget.ListItemID) {
		s.results.UnselectAll()
		if id < len(s.found) {
			s.open(s.found[id].ID)
		}
	}
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder(lang.L("Open a participant… (name, phone or email)"))
	s.search.OnChanged = func(string) { s.find() }
	s.search.OnSubmitted = func(string) {
		if len(s.found) == 1 {
			s.open(s.found[0].ID)
		}
	}
	s.results.Hide()
	s.stack = container.NewStack(s.list, s.results)
	refresh := widget.NewButtonWithIcon(lang.L("Refresh"), theme.ViewRefreshIcon(), s.refresh)
	top := container.NewVBox(container.NewBorder(nil, nil, widget.NewIcon(theme.SearchIcon()), refresh, s.search), s.summary)
	mine := container.NewBorder(top, nil, nil, nil, s.stack)
	s.roster = newRosterPane(s)
	if !s.caseManager() {
		// a director who is not a case manager: the site's rosters only
		s.tabs = container.NewAppTabs(container.NewTabItem(lang.L("Quarterly roster"), s.roster.content))
	} else {
		s.tabs = container.NewAppTabs(
			container.NewTabItem(lang.L("My follow-ups"), mine),
			container.NewTabItem(lang.L("Quarterly roster"), s.roster.content),
		)
	}
	s.content = s.tabs
	return s
}

// caseManager reports whether the signed-in person has a caseload (a
// director without the case manager role gets only the rosters).
func (s *followupsScreen) caseManager() bool { return s.u.actor.Has(app.RoleCaseManager) }

// showRow fills a list line.
func (s *followupsScreen) showRow(r fuRow, row *fyne.Container) {
	name, info := row.Objects[0].(*widget.Label), row.Objects[1].(*widget.Label)
	imp := widget.MediumImportance
	if r.sec == secOverdue {
		imp = widget.DangerImportance
	}
	name.Importance, info.Importance = imp, imp
	info.TextStyle.Italic = false
	switch {
	case r.head != "":
		name.SetText(r.head)
		info.SetText("")
	case r.empty:
		name.SetText("")
		asHint(info)
		info.SetText("    " + lang.L("Nothing here"))
	default:
		name.SetText("    " + r.d.Participant)
		info.SetText(s.rowDetail(r))
	}
	row.Refresh() // lay the two out again: a reused line's name may be longer or shorter
}

// rowDetail says what is due: contact, window, due date, attempts and,
// when it is not the signed-in person, the case manager.
func (s *followupsScreen) rowDetail(r fuRow) string {
	d := r.d
	if d.ID == 0 {
		return lang.L("no contact scheduled")
	}
	parts := []string{appWord(d.Label), windowText(d.WindowStart, d.Due), lang.L("due {{.Due}}", map[string]any{"Due": showDate(d.Due)})}
	if d.Attempts > 0 {
		parts = append(parts, lang.L("attempts: {{.N}}", map[string]any{"N": d.Attempts}))
	}
	if r.sec == secCaseload {
		parts = append(parts, contactStatusLabel(d.FollowupContact, s.mine.Today))
	}
	if d.CaseManager != "" && d.CaseManagerID != s.u.actor.ID {
		parts = append(parts, d.CaseManager)
	}
	return strings.Join(parts, "   ·   ")
}

// windowText is a contact's window: "Nov 16 – Nov 22".
func windowText(from, to time.Time) string {
	return app.FormatDayMonth(from, uiLanguage()) + " – " + app.FormatDayMonth(to, uiLanguage())
}

// contactStatusLabel is where a contact stands on day: done, open,
// non-responsive or overdue.
func contactStatusLabel(c app.FollowupContact, day time.Time) string {
	switch {
	case c.Status == app.ContactDone:
		return lang.L("done")
	case c.Status == app.ContactNonResponsive:
		return lang.L("non-responsive")
	case c.Due.Before(day):
		return lang.L("overdue")
	}
	return lang.L("open")
}

// refresh reloads the work list.
func (s *followupsScreen) refresh() {
	if !s.caseManager() {
		return
	}
	s.q.do(func() func() {
		m, err := s.u.svc.MyFollowups(s.ctx, s.u.site.ID)
		return func() {
			if err != nil {
				s.u.showError(err)
				return
			}
			s.show(m)
		}
	})
}

// show lists m by section.
func (s *followupsScreen) show(m app.MyFollowups) {
	s.mine = m
	var rows []fuRow
	add := func(sec int, title string, ds []app.DueFollowup) {
		rows = append(rows, fuRow{sec: sec, head: title + " (" + strconv.Itoa(len(ds)) + ")"})
		if len(ds) == 0 {
			rows = append(rows, fuRow{sec: sec, empty: true})
		}
		for _, d := range ds {
			rows = append(rows, fuRow{sec: sec, d: d})
		}
	}
	add(secOverdue, lang.L("Overdue"), m.Overdue)
	add(secWeek, lang.L("Due this week"), m.ThisWeek)
	add(secUpcoming, lang.L("Upcoming"), m.Upcoming)
	add(secNonResponsive, lang.L("Non-responsive"), m.NonResponsive)
	add(secCaseload, lang.L("By participant"), m.Caseload)
	s.rows = rows
	s.summary.SetText(plural("{{.N}} overdue", len(m.Overdue)) + ", " +
		plural("{{.N}} due this week", len(m.ThisWeek)) + ", " + plural("{{.N}} people in your caseload", len(m.Caseload)))
	s.list.Refresh()
}

// find searches participants for the "Open a participant" box.
func (s *followupsScreen) find() {
	q := strings.TrimSpace(s.search.Text)
	if q == "" {
		s.found = nil
		s.results.Hide()
		s.list.Show()
		return
	}
	s.q.do(func() func() {
		ps, err := s.u.svc.SearchParticipants(s.ctx, q, participantsPage)
		return func() {
			if strings.TrimSpace(s.search.Text) != q {
				return // typed on meanwhile
			}
			if err != nil {
				s.u.showError(err)
				return
			}
			s.found = ps
			s.list.Hide()
			s.results.Show()
			s.results.Refresh()
		}
	})
}

// open loads participant id's follow-up file and shows it.
func (s *followupsScreen) open(id int64) {
	s.q.do(func() func() {
		f, err := s.u.svc.FollowupFile(s.ctx, id)
		cms, cerr := s.u.svc.CaseManagers(s.ctx)
		ts, terr := s.u.svc.FollowupTemplates(s.ctx)
		if err == nil {
			err = cerr
		}
		if err == nil {
			err = terr
		}
		return func() {
			if err != nil {
				s.u.showError(err)
				return
			}
			s.file = newFollowupFile(s, f, cms, ts)
			s.file.show()
		}
	})
}

// remind tells a case manager, after signing in, how many contacts are due
// this week and overdue; OK opens the Follow-ups tab.
func (s *followupsScreen) remind() {
	if !s.caseManager() {
		return
	}
	s.q.do(func() func() {
		due, overdue, err := s.u.svc.FollowupReminder(s.ctx, s.u.site.ID)
		return func() {
			if err != nil || due+overdue == 0 || s.u.followups != s || s.u.mode != modeDesk {
				return
			}
			msg := lang.L("Follow-ups") + ": " + plural("{{.N}} due this week", due) + ", " + plural("{{.N}} overdue", overdue)
			d := dialog.NewConfirm(lang.L("Follow-ups"), msg, func(open bool) {
				s.reminder = nil
				if open {
					s.selectTab()
				}
			}, s.u.win)
			escapable(s.u.win, d)
			d.SetConfirmText(lang.L("Open Follow-ups"))
			d.SetDismissText(lang.L("Later"))
			s.reminder = d
			d.Show()
		}
	})
}

// selectTab shows the Follow-ups tab (its work list).
func (s *followupsScreen) selectTab() {
	if s.u.tabs == nil {
		return
	}
	for _, it := range s.u.tabs.Items {
		if it.Content == s.content {
			s.u.tabs.Select(it)
		}
	}
	s.tabs.SelectIndex(0)
	s.refresh()
}

// followupFile is one participant's follow-up file, in a dialog: the
// schedule, the contact log and its form, the quarter-end form and the
// case (job, exit, case manager, schedule).
type followupFile struct {
	s    *followupsScreen
	f    app.FollowupFile
	cms  []app.StaffMember
	tmpl []app.FollowupTemplate
	dlg  dialog.Dialog
	tabs *container.AppTabs

	head, status *widget.Label
	schedule     *widget.List
	history      *widget.Label
	logList      *widget.List
	logLines     []string
	formsLabel   *widget.Label

	// the case
	start, employer, title, wage, hours, exit, exitReason *escEntry
	manager, template                                     *escSelect
	exclusion                                             *escSelect // an other reason for exit (WIOA)
	training                                              *widget.Check
	credential, credentialDay                             *escEntry
	caseErr                                               *widget.Label
	caseSave                                              *widget.Button

	// the contact log form
	logDay, logEmployer, logWage, logNotes *escEntry
	method, outcome, still, document, of   *escSelect
	ofIDs                                  []int64
	logErr                                 *widget.Label
	logBtn                                 *widget.Button

	// the quarter-end form
	fmQuarter, fmEmployed, fmDocument                    *escSelect
	fmDay, fmEmployer, fmTitle, fmWage, fmHours, fmNotes *escEntry
	fmEarnings                                           *escEntry
	fmErr                                                *widget.Label
	fmBtn                                                *widget.Button
}

// Choices of the forms' selects.
func methodLabel(m app.ContactMethod) string {
	switch m {
	case app.MethodPhone:
		return lang.L("Phone")
	case app.MethodText:
		return lang.L("Text message")
	case app.MethodEmail:
		return lang.L("Email")
	case app.MethodLetter:
		return lang.L("Letter")
	case app.MethodInPerson:
		return lang.L("In person")
	}
	return string(m)
}

func contactOutcomeLabel(o app.ContactOutcome) string {
	switch o {
	case app.OutcomeReached:
		return lang.L("Reached")
	case app.OutcomeVoicemail:
		return lang.L("Left a voicemail")
	case app.OutcomeNoAnswer:
		return lang.L("No answer")
	case app.OutcomeWrongNumber:
		return lang.L("Wrong number")
	case app.OutcomeLetterSent:
		return lang.L("Letter sent")
	}
	return string(o)
}

// documents are the supporting-document choices; "" is none.
var documents = append([]string{""}, app.SupportingDocuments...)

func documentLabel(d string) string {
	switch d {
	case "":
		return lang.L("No document")
	case app.DocPayStub:
		return lang.L("Pay stub")
	case app.DocW2:
		return lang.L("W-2")
	case app.DocEmployerLetter:
		return lang.L("Employer letter")
	}
	return d
}

// answers are the yes/no choices; "" is not asked.
var answers = []string{"", app.AnswerYes, app.AnswerNo}

func answerLabel(a string) string {
	switch a {
	case app.AnswerYes:
		return lang.L("Yes")
	case app.AnswerNo:
		return lang.L("No")
	}
	return lang.L("Not asked")
}

func labels[T any](xs []T, f func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

func newFollowupFile(s *followupsScreen, f app.FollowupFile, cms []app.StaffMember, ts []app.FollowupTemplate) *followupFile {
	ff := &followupFile{s: s, f: f, cms: cms, tmpl: ts}
	ff.head = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	ff.status = widget.NewLabel("")

	// schedule and status history
	ff.schedule = widget.NewList(func() int { return len(ff.f.Contacts) }, func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(ff.f.Contacts) {
				l := o.(*widget.Label)
				c := ff.f.Contacts[id]
				l.Importance = widget.MediumImportance
				if c.Status == app.ContactOpen && c.Due.Before(ff.today()) {
					l.Importance = widget.DangerImportance
				}
				l.SetText(ff.contactLine(c))
			}
		})
	ff.history = widget.NewLabel("")
	ff.history.Wrapping = fyne.TextWrapWord
	scheduleTab := container.NewBorder(nil, container.NewVBox(widget.NewSeparator(),
		widget.NewLabelWithStyle(lang.L("Status history"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), ff.history),
		nil, nil, ff.schedule)

	// the contact log and its form
	ff.logDay = newDateFormEntry(time.Time{})
	ff.method = newFormSelect(labels(app.ContactMethods, methodLabel), nil)
	ff.method.SetSelectedIndex(0)
	ff.outcome = newFormSelect(labels(app.ContactOutcomes, contactOutcomeLabel), nil)
	ff.outcome.SetSelectedIndex(0)
	ff.still = newFormSelect(labels(answers, answerLabel), nil)
	ff.logEmployer = newFormEntry("", "")
	ff.logWage = newFormEntry("", lang.L("dollars an hour, like 18.50"))
	ff.document = newFormSelect(labels(documents, documentLabel), nil)
	ff.logNotes = newNotesFormEntry(3)
	ff.of = newFormSelect(nil, nil)
	ff.logErr = newErrorLabel()
	ff.logBtn = widget.NewButtonWithIcon(lang.L("Log contact"), theme.ConfirmIcon(), ff.logContact)
	ff.logBtn.Importance = widget.HighImportance
	logForm := widget.NewForm(
		ff.s.u.formDateItem(lang.L("Date"), ff.logDay),
		widget.NewFormItem(lang.L("Method"), ff.method),
		widget.NewFormItem(lang.L("Outcome"), ff.outcome),
		widget.NewFormItem(lang.L("Still employed"), ff.still),
		widget.NewFormItem(lang.L("Employer"), ff.logEmployer),
		widget.NewFormItem(lang.L("Hourly wage"), ff.logWage),
		widget.NewFormItem(lang.L("Supporting document"), ff.document),
		widget.NewFormItem(lang.L("Counts for"), ff.of),
		widget.NewFormItem(lang.L("Notes"), ff.logNotes),
	)
	logBox := container.NewVBox(logForm, ff.logErr, container.NewHBox(ff.logBtn))
	submitOnEnter(logBox, ff.logContact)
	ff.logList = widget.NewList(func() int { return len(ff.logLines) }, func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.Wrapping = fyne.TextWrapWord
		return l
	}, func(id widget.ListItemID, o fyne.CanvasObject) {
		if id < len(ff.logLines) {
			o.(*widget.Label).SetText(ff.logLines[id])
			ff.logList.SetItemHeight(id, o.(*widget.Label).MinSize().Height)
		}
	})
	logTitle := widget.NewLabelWithStyle(lang.L("Contact log (newest first)"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	split := container.NewHSplit(container.NewVScroll(logBox), container.NewBorder(logTitle, nil, nil, nil, ff.logList))
	split.SetOffset(0.5)

	// the quarter-end form
	quarters := make([]string, 12)
	for i := range quarters {
		quarters[i] = strconv.Itoa(i + 1)
	}
	ff.fmQuarter = newFormSelect(quarters, nil)
	ff.fmDay = newDateFormEntry(time.Time{})
	ff.fmEmployed = newFormSelect([]string{answerLabel(app.AnswerYes), answerLabel(app.AnswerNo)}, nil)
	ff.fmEmployer = newFormEntry("", "")
	ff.fmTitle = newFormEntry("", "")
	ff.fmWage = newFormEntry("", lang.L("dollars an hour, like 18.50"))
	ff.fmHours = newFormEntry("", "")
	ff.fmEarnings = newFormEntry("", lang.L("dollars, like 7,800.00, from a pay stub, W-2 or employer's letter"))
	ff.fmDocument = newFormSelect(labels(documents, documentLabel), nil)
	ff.fmNotes = newNotesFormEntry(3)
	ff.fmErr = newErrorLabel()
	ff.fmBtn = widget.NewButtonWithIcon(lang.L("Record quarter-end form"), theme.ConfirmIcon(), ff.recordForm)
	ff.fmBtn.Importance = widget.HighImportance
	ff.formsLabel = widget.NewLabel("")
	ff.formsLabel.Wrapping = fyne.TextWrapWord
	fmForm := widget.NewForm(
		widget.NewFormItem(lang.L("Quarter after exit"), ff.fmQuarter),
		ff.s.u.formDateItem(lang.L("Date"), ff.fmDay),
		widget.NewFormItem(lang.L("Employed"), ff.fmEmployed),
		widget.NewFormItem(lang.L("Employer"), ff.fmEmployer),
		widget.NewFormItem(lang.L("Job title"), ff.fmTitle),
		widget.NewFormItem(lang.L("Hourly wage"), ff.fmWage),
		widget.NewFormItem(lang.L("Hours per week"), ff.fmHours),
		widget.NewFormItem(lang.L("Quarter's earnings"), ff.fmEarnings),
		widget.NewFormItem(lang.L("Supporting document"), ff.fmDocument),
		widget.NewFormItem(lang.L("Notes"), ff.fmNotes),
	)
	fmBox := container.NewVBox(fmForm, ff.fmErr, container.NewHBox(ff.fmBtn), widget.NewSeparator(),
		widget.NewLabelWithStyle(lang.L("Forms recorded"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), ff.formsLabel)
	submitOnEnter(fmBox, ff.recordForm)

	// the case
	ff.start = newDateFormEntry(time.Time{})
	ff.employer = newFormEntry("", "")
	ff.title = newFormEntry("", "")
	ff.wage = newFormEntry("", lang.L("dollars an hour, like 18.50"))
	ff.hours = newFormEntry("", "")
	ff.exit = newDateFormEntry(time.Time{})
	ff.exitReason = newFormEntry("", "")
	ff.exclusion = newFormSelect(append([]string{lang.L("None")}, labels(app.ExitExclusions, func(code string) string { return appWord(app.ExclusionLabel(code)) })...), nil)
	ff.training = widget.NewCheck(lang.L("In an education or training program"), nil)
	ff.credential = newFormEntry("", lang.L("like Certified Nursing Assistant; empty for none"))
	ff.credentialDay = newDateFormEntry(time.Time{})
	ff.manager = newFormSelect(append([]string{lang.L("Nobody yet")}, labels(cms, func(m app.StaffMember) string { return m.Name })...), nil)
	ff.template = newFormSelect(labels(ts, func(t app.FollowupTemplate) string { return appWord(t.Name) }), nil)
	ff.caseErr = newErrorLabel()
	ff.caseSave = widget.NewButtonWithIcon(lang.L("Save"), theme.DocumentSaveIcon(), ff.saveCase)
	ff.caseSave.Importance = widget.HighImportance
	caseForm := widget.NewForm(
		ff.s.u.formDateItem(lang.L("Employment start"), ff.start),
		widget.NewFormItem(lang.L("Employer"), ff.employer),
		widget.NewFormItem(lang.L("Job title"), ff.title),
		widget.NewFormItem(lang.L("Hourly wage"), ff.wage),
		widget.NewFormItem(lang.L("Hours per week"), ff.hours),
		ff.s.u.formDateItem(lang.L("Exit date"), ff.exit),
		widget.NewFormItem(lang.L("Exit reason"), ff.exitReason),
		widget.NewFormItem(lang.L("Other reason for exit"), ff.exclusion),
		widget.NewFormItem(lang.L("Training"), ff.training),
		widget.NewFormItem(lang.L("Credential attained"), ff.credential),
		ff.s.u.formDateItem(lang.L("Credential date"), ff.credentialDay),
		widget.NewFormItem(lang.L("Case manager"), ff.manager),
		widget.NewFormItem(lang.L("Follow-up schedule"), ff.template),
	)
	caseBox := container.NewVBox(caseForm, ff.caseErr, container.NewHBox(ff.caseSave))
	submitOnEnter(caseBox, ff.saveCase)

	ff.tabs = container.NewAppTabs(
		container.NewTabItem(lang.L("Schedule"), scheduleTab),
		container.NewTabItem(lang.L("Log contact"), split),
		container.NewTabItem(lang.L("Quarter-end form"), container.NewVScroll(fmBox)),
		container.NewTabItem(lang.L("Case"), container.NewVScroll(caseBox)),
	)
	ff.fill(f, true)
	ff.resetLog()
	ff.resetForm()
	if !f.HasCase {
		ff.tabs.SelectIndex(3)
	} else {
		ff.tabs.SelectIndex(1)
	}
	return ff
}

// today is the site's calendar day.
func (ff *followupFile) today() time.Time {
	return app.CalendarDay(ff.s.u.svc.Now(), ff.s.u.site.Location())
}

// contactLine is a contact of the schedule.
func (ff *followupFile) contactLine(c app.FollowupContact) string {
	parts := []string{appWord(c.Label), windowText(c.WindowStart, c.Due), lang.L("due {{.Due}}", map[string]any{"Due": showDate(c.Due)}),
		contactStatusLabel(c, ff.today())}
	if c.Attempts > 0 {
		parts = append(parts, lang.L("attempts: {{.N}}", map[string]any{"N": c.Attempts}))
	}
	if c.Status == app.ContactDone && !c.DoneOn.IsZero() {
		parts = append(parts, lang.L("done {{.Day}} by {{.By}}", map[string]any{"Day": showDate(c.DoneOn), "By": c.DoneBy}))
	}
	return strings.Join(parts, "   ·   ")
}

// show opens the file's dialog, sized for a 1024×768 screen.
func (ff *followupFile) show() {
	u := ff.s.u
	closeBtn := widget.NewButtonWithIcon(lang.L("Close"), theme.CancelIcon(), func() { ff.dlg.Hide() })
	top := container.NewBorder(nil, nil, nil, closeBtn, container.NewVBox(ff.head, ff.status))
	d := dialog.NewCustomWithoutButtons(lang.L("Follow-up file"), container.NewBorder(top, nil, nil, nil, ff.tabs), u.win)
	d.SetOnClosed(func() {
		if u.followups == ff.s {
			ff.s.refresh()
		}
	})
	ff.dlg = d
	escapable(u.win, d)
	escapeCloses(ff.tabs, d.Hide)
	d.Resize(fitSize(u.win, fyne.NewSize(980, 680)))
	d.Show()
	ff.focus()
}

// focus puts the cursor in the shown tab's first field.
func (ff *followupFile) focus() {
	c := ff.s.u.win.Canvas()
	switch ff.tabs.SelectedIndex() {
	case 1:
		c.Focus(ff.logDay)
	case 2:
		c.Focus(ff.fmDay)
	case 3:
		c.Focus(ff.start)
	}
}

// fill shows f; withCase also puts the case into its form.
func (ff *followupFile) fill(f app.FollowupFile, withCase bool) {
	ff.f = f
	p := f.Participant
	ff.head.SetText(p.DisplayName() + "   ·   " + p.Code)
	st := lang.L("Status: {{.Status}}", map[string]any{"Status": statusLabel(p.Status)})
	if f.HasCase {
		st += "   ·   " + appWord(f.Template.Name)
		if f.Case.CaseManager != "" {
			st += "   ·   " + lang.L("Case manager") + ": " + f.Case.CaseManager
		}
	} else {
		st += "   ·   " + lang.L("No follow-up case yet: fill in the Case tab.")
	}
	ff.status.SetText(st)
	var hist []string
	for _, c := range f.StatusChanges {
		hist = append(hist, lang.L("{{.Day}}: {{.From}} → {{.To}} (by {{.By}})", map[string]any{
			"Day": showDate(c.At.In(ff.s.u.site.Location())), "From": statusLabel(c.From), "To": statusLabel(c.To), "By": c.By}))
	}
	if len(hist) == 0 {
		hist = append(hist, lang.L("No status changes recorded."))
	}
	ff.history.SetText(strings.Join(hist, "\n"))
	ff.schedule.Refresh()

	// the contact log
	label := map[int64]string{}
	for _, c := range f.Contacts {
		label[c.ID] = appWord(c.Label) + " (" + windowText(c.WindowStart, c.Due) + ")"
	}
	ff.logLines = nil
	for _, a := range f.Attempts {
		line := showDate(a.Day) + "   " + methodLabel(a.Method) + ": " + contactOutcomeLabel(a.Outcome) + "   ·   " + a.Staff
		if l, ok := label[a.ContactID]; ok {
			line += "\n" + lang.L("for {{.Contact}}", map[string]any{"Contact": l})
		}
		var more []string
		if a.StillEmployed != "" {
			more = append(more, lang.L("Still employed")+": "+answerLabel(a.StillEmployed))
		}
		if a.Employer != "" {
			more = append(more, a.Employer)
		}
		if a.WageCents != 0 {
			more = append(more, "$"+app.FormatWage(a.WageCents))
		}
		if a.Document != "" {
			more = append(more, documentLabel(a.Document))
		}
		if len(more) > 0 {
			line += "\n" + strings.Join(more, "   ·   ")
		}
		if a.Notes != "" {
			line += "\n" + a.Notes
		}
		ff.logLines = append(ff.logLines, line)
	}
	if len(ff.logLines) == 0 {
		ff.logLines = []string{lang.L("Nothing logged yet.")}
	}
	ff.logList.Refresh()
	var forms []string
	for _, fm := range f.Forms {
		line := lang.L("Quarter {{.Q}}, {{.Day}}: employed {{.Employed}}", map[string]any{"Q": fm.Quarter, "Day": showDate(fm.Day), "Employed": answerLabel(fm.Employed)})
		if fm.Employer != "" {
			line += "   ·   " + fm.Employer
		}
		if fm.QuarterEarningsCents > 0 {
			line += "   ·   " + lang.L("earned ${{.Amount}}", map[string]any{"Amount": app.FormatEarnings(fm.QuarterEarningsCents)})
		}
		forms = append(forms, line+"   ·   "+fm.Staff)
	}
	ff.formsLabel.SetText(strings.Join(forms, "\n"))

	// which contact a log entry counts for: the open ones, the next first
	next, _ := ff.nextContact()
	opts := []string{lang.L("None (logged on its own)")}
	ff.ofIDs = []int64{app.NoFollowupContact}
	sel := 0
	for _, c := range f.Contacts {
		if c.Kind != app.KindContact || c.Status == app.ContactDone {
			continue
		}
		if c.ID == next.ID {
			sel = len(opts)
		}
		opts = append(opts, appWord(c.Label)+" ("+windowText(c.WindowStart, c.Due)+")")
		ff.ofIDs = append(ff.ofIDs, c.ID)
	}
	ff.of.Options = opts
	ff.of.SetSelectedIndex(sel)

	if withCase {
		c := f.Case
		ff.start.SetText(dayText(c.EmploymentStart))
		ff.employer.SetText(c.Employer)
		ff.title.SetText(c.JobTitle)
		ff.wage.SetText(app.FormatWage(c.WageCents))
		ff.hours.SetText(hoursText(c.HoursPerWeek))
		ff.exit.SetText(dayText(c.ExitDate))
		ff.exitReason.SetText(c.ExitReason)
		ff.exclusion.SetSelectedIndex(0)
		for i, code := range app.ExitExclusions {
			if code == c.ExitExclusion {
				ff.exclusion.SetSelectedIndex(i + 1)
			}
		}
		ff.training.SetChecked(c.InTraining)
		ff.credential.SetText(c.CredentialType)
		ff.credentialDay.SetText(dayText(c.CredentialDate))
		ff.manager.SetSelectedIndex(0)
		manager := c.CaseManagerID
		if !f.HasCase && ff.s.u.actor.Has(app.RoleCaseManager) {
			manager = ff.s.u.actor.ID // a new case is the opener's by default
		}
		for i, m := range ff.cms {
			if m.ID == manager {
				ff.manager.SetSelectedIndex(i + 1)
			}
		}
		key := c.TemplateKey
		if key == "" {
			key = app.DefaultTemplateKey
		}
		for i, t := range ff.tmpl {
			if t.Key == key {
				ff.template.SetSelectedIndex(i)
			}
		}
	}
}

// nextContact is the contact a log entry counts for by default: the
// earliest open one whose window has begun, else the next open one.
func (ff *followupFile) nextContact() (app.FollowupContact, bool) {
	today := ff.today()
	var later *app.FollowupContact
	for i, c := range ff.f.Contacts {
		if c.Kind != app.KindContact || c.Status == app.ContactDone {
			continue
		}
		if !c.WindowStart.After(today) {
			return c, true
		}
		if later == nil {
			later = &ff.f.Contacts[i]
		}
	}
	if later != nil {
		return *later, true
	}
	return app.FollowupContact{}, false
}

func dayText(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	return formatDay(d)
}

func hoursText(h float64) string {
	if h == 0 {
		return ""
	}
	return strconv.FormatFloat(h, 'f', -1, 64)
}

// newErrorLabel is a form's error line, in bold red, wrapped when long.
func newErrorLabel() *widget.Label {
	l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	return l
}

// showErr puts err under a form ("" for none).
func showErr(line *widget.Label, err error) {
	if err == nil {
		line.SetText("")
		return
	}
	line.SetText(errorText(err))
}

// caseValue is the case as its form says.
func (ff *followupFile) caseValue() (app.FollowupCase, error) {
	c := ff.f.Case
	c.ParticipantID = ff.f.Participant.ID
	var err error
	if c.EmploymentStart, err = readDay(lang.L("employment start"), ff.start.Text, true); err != nil {
		return c, err
	}
	if c.ExitDate, err = readDay(lang.L("exit date"), ff.exit.Text, true); err != nil {
		return c, err
	}
	if c.WageCents, err = app.ParseWage(lang.L("hourly wage"), ff.wage.Text); err != nil {
		return c, err
	}
	if c.HoursPerWeek, err = app.ParseHours(lang.L("hours per week"), ff.hours.Text); err != nil {
		return c, err
	}
	if c.CredentialDate, err = readDay(lang.L("credential date"), ff.credentialDay.Text, true); err != nil {
		return c, err
	}
	c.Employer, c.JobTitle, c.ExitReason = ff.employer.Text, ff.title.Text, ff.exitReason.Text
	c.ExitExclusion = ""
	if i := ff.exclusion.SelectedIndex(); i > 0 {
		c.ExitExclusion = app.ExitExclusions[i-1]
	}
	c.InTraining, c.CredentialType = ff.training.Checked, ff.credential.Text
	c.CaseManagerID = 0
	if i := ff.manager.SelectedIndex(); i > 0 {
		c.CaseManagerID = ff.cms[i-1].ID
	}
	if i := ff.template.SelectedIndex(); i >= 0 {
		c.TemplateKey = ff.tmpl[i].Key
	}
	return c, nil
}

// saveCase saves the case form.
func (ff *followupFile) saveCase() {
	c, err := ff.caseValue()
	if err != nil {
		showErr(ff.caseErr, err)
		return
	}
	ff.caseSave.Disable()
	ff.s.q.do(func() func() {
		f, err := ff.s.u.svc.SaveFollowupCase(ff.s.ctx, c)
		return func() {
			ff.caseSave.Enable()
			showErr(ff.caseErr, err)
			if err == nil {
				ff.fill(f, true)
			}
		}
	})
}

// attempt is the contact-log entry as its form says.
func (ff *followupFile) attempt() (app.FollowupAttempt, error) {
	at := app.FollowupAttempt{ParticipantID: ff.f.Participant.ID}
	var err error
	if at.Day, err = readDay(lang.L("date"), ff.logDay.Text, false); err != nil {
		return at, err
	}
	if i := ff.method.SelectedIndex(); i >= 0 {
		at.Method = app.ContactMethods[i]
	}
	if i := ff.outcome.SelectedIndex(); i >= 0 {
		at.Outcome = app.ContactOutcomes[i]
	}
	if i := ff.still.SelectedIndex(); i >= 0 {
		at.StillEmployed = answers[i]
	}
	if i := ff.document.SelectedIndex(); i >= 0 {
		at.Document = documents[i]
	}
	if at.WageCents, err = app.ParseWage(lang.L("wage"), ff.logWage.Text); err != nil {
		return at, err
	}
	at.Employer, at.Notes = ff.logEmployer.Text, ff.logNotes.Text
	if i := ff.of.SelectedIndex(); i >= 0 && i < len(ff.ofIDs) {
		at.ContactID = ff.ofIDs[i]
	}
	return at, nil
}

// logContact adds the form's entry to the contact log.
func (ff *followupFile) logContact() {
	at, err := ff.attempt()
	if err != nil {
		showErr(ff.logErr, err)
		return
	}
	ff.logBtn.Disable()
	id := ff.f.Participant.ID
	ff.s.q.do(func() func() {
		logged, c, err := ff.s.u.svc.LogFollowupContact(ff.s.ctx, at)
		return func() {
			ff.logBtn.Enable()
			showErr(ff.logErr, err)
			if err == nil && ff.f.Participant.ID == id {
				// the file as it now stands, without opening (and auditing) it again
				ff.fill(ff.f.WithAttempt(logged, c), false)
				ff.resetLog()
			}
		}
	})
}

// resetLog empties the contact form for the next entry (today, by phone).
func (ff *followupFile) resetLog() {
	ff.logDay.SetText(formatDay(ff.today()))
	ff.method.SetSelectedIndex(0)
	ff.outcome.SetSelectedIndex(0)
	ff.still.SetSelectedIndex(0)
	ff.document.SetSelectedIndex(0)
	ff.logEmployer.SetText("")
	ff.logWage.SetText("")
	ff.logNotes.SetText("")
}

// resetForm empties the quarter-end form, on the next form due.
func (ff *followupFile) resetForm() {
	q := 1
	for _, c := range ff.f.Contacts {
		if c.Kind == app.KindForm && c.Status != app.ContactDone {
			q = c.Quarter
			break
		}
	}
	ff.fmQuarter.SetSelectedIndex(q - 1)
	ff.fmDay.SetText(formatDay(ff.today()))
	ff.fmEmployed.ClearSelected()
	ff.fmDocument.SetSelectedIndex(0)
	for _, e := range []*escEntry{ff.fmEmployer, ff.fmTitle, ff.fmWage, ff.fmHours, ff.fmEarnings, ff.fmNotes} {
		e.SetText("")
	}
}

// form is the quarter-end form as filled in.
func (ff *followupFile) form() (app.FollowupForm, error) {
	fm := app.FollowupForm{ParticipantID: ff.f.Participant.ID, Quarter: ff.fmQuarter.SelectedIndex() + 1}
	var err error
	if fm.Day, err = readDay(lang.L("date"), ff.fmDay.Text, false); err != nil {
		return fm, err
	}
	switch ff.fmEmployed.SelectedIndex() {
	case 0:
		fm.Employed = app.AnswerYes
	case 1:
		fm.Employed = app.AnswerNo
	}
	if i := ff.fmDocument.SelectedIndex(); i >= 0 {
		fm.Document = documents[i]
	}
	if fm.WageCents, err = app.ParseWage(lang.L("wage"), ff.fmWage.Text); err != nil {
		return fm, err
	}
	if fm.HoursPerWeek, err = app.ParseHours(lang.L("hours per week"), ff.fmHours.Text); err != nil {
		return fm, err
	}
	if fm.QuarterEarningsCents, err = app.ParseEarnings(lang.L("quarter's earnings"), ff.fmEarnings.Text); err != nil {
		return fm, err
	}
	fm.Employer, fm.JobTitle, fm.Notes = ff.fmEmployer.Text, ff.fmTitle.Text, ff.fmNotes.Text
	return fm, nil
}

// recordForm records the quarter-end form.
func (ff *followupFile) recordForm() {
	fm, err := ff.form()
	if err != nil {
		showErr(ff.fmErr, err)
		return
	}
	ff.fmBtn.Disable()
	id := ff.f.Participant.ID
	ff.s.q.do(func() func() {
		recorded, err := ff.s.u.svc.RecordFollowupForm(ff.s.ctx, fm)
		return func() {
			ff.fmBtn.Enable()
			showErr(ff.fmErr, err)
			if err == nil && ff.f.Participant.ID == id {
				ff.fill(ff.f.WithForm(recorded), false)
				ff.resetForm()
			}
		}
	})
}

// rosterPane prints or exports the quarterly follow-up-due roster.
type rosterPane struct {
	s       *followupsScreen
	content fyne.CanvasObject
	year    *widget.Entry
	quarter *widget.Select
	who     *widget.Select
	whoIDs  []int64
	errLine *widget.Label
	done    *widget.Label
	print   *widget.Button
	excel   *widget.Button
	last    string // the file last written
}

func newRosterPane(s *followupsScreen) *rosterPane {
	r := &rosterPane{s: s}
	y, q := app.CurrentQuarter(app.CalendarDay(s.u.svc.Now(), s.u.site.Location()))
	r.year = newEntry(strconv.Itoa(y), "")
	r.quarter = widget.NewSelect([]string{lang.L("Q1 (Jan – Mar)"), lang.L("Q2 (Apr – Jun)"), lang.L("Q3 (Jul – Sep)"), lang.L("Q4 (Oct – Dec)")}, nil)
	r.quarter.SetSelectedIndex(q - 1)
	r.who = widget.NewSelect([]string{lang.L("My caseload")}, nil)
	r.whoIDs = []int64{s.u.actor.ID}
	if !s.caseManager() {
		r.who.Options, r.whoIDs = []string{lang.L("The whole site")}, []int64{0}
	}
	r.who.SetSelectedIndex(0)
	r.errLine = newErrorLabel()
	r.done = widget.NewLabel("")
	r.done.Wrapping = fyne.TextWrapWord
	r.print = widget.NewButtonWithIcon(lang.L("Print PDF"), theme.DocumentPrintIcon(), func() { r.run("pdf") })
	r.excel = widget.NewButtonWithIcon(lang.L("Export Excel"), theme.DocumentSaveIcon(), func() { r.run("xlsx") })
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Year"), r.year),
		widget.NewFormItem(lang.L("Quarter"), r.quarter),
		widget.NewFormItem(lang.L("Case manager"), r.who),
	)
	note := widget.NewLabel(lang.L("Every follow-up contact and form due in the quarter, grouped by case manager."))
	note.Wrapping = fyne.TextWrapWord
	r.content = container.NewVBox(note, form, container.NewHBox(r.print, r.excel), r.errLine, r.done)
	if s.u.actor.Has(app.RoleDirector) {
		s.q.do(func() func() {
			cms, err := s.u.svc.CaseManagers(s.ctx)
			return func() {
				if err != nil {
					return
				}
				opts := []string{lang.L("My caseload"), lang.L("The whole site"), lang.L("Nobody assigned")}
				ids := []int64{s.u.actor.ID, 0, -1}
				if !s.caseManager() {
					opts, ids = opts[1:], ids[1:]
				}
				for _, m := range cms {
					if m.ID != s.u.actor.ID {
						opts, ids = append(opts, m.Name), append(ids, m.ID)
					}
				}
				r.who.Options, r.whoIDs = opts, ids
				r.who.Refresh()
			}
		})
	}
	return r
}

// query is the roster the pane asks for.
func (r *rosterPane) query() (app.FollowupRosterQuery, error) {
	q := app.FollowupRosterQuery{SiteID: r.s.u.site.ID, Quarter: r.quarter.SelectedIndex() + 1}
	y, err := strconv.Atoi(strings.TrimSpace(r.year.Text))
	if err != nil {
		return q, app.FieldErrorf("year", "%s", lang.L("{{.Text}} is not a year.", map[string]any{"Text": strconv.Quote(r.year.Text)}))
	}
	q.Year = y
	if i := r.who.SelectedIndex(); i >= 0 && i < len(r.whoIDs) {
		q.CaseManagerID = r.whoIDs[i]
	}
	return q, nil
}

// run writes the roster as a PDF (opened to print) or a workbook, and
// records that it was.
func (r *rosterPane) run(format string) {
	q, err := r.query()
	if err != nil {
		showErr(r.errLine, err)
		return
	}
	s := r.s
	s.q.do(func() func() {
		ro, err := s.u.svc.FollowupRoster(s.ctx, q)
		return func() {
			if err != nil {
				showErr(r.errLine, err)
				return
			}
			name := fmt.Sprintf("followup-roster-%d-Q%d-%s.%s", q.Year, q.Quarter, s.u.svc.Now().In(s.u.site.Location()).Format("2006-01-02-1504"), format)
			path, err := writePrintout(s.u, printoutRoster, name, func(w io.Writer) error {
				if format == "xlsx" {
					return xlsx.WriteFollowupRoster(w, ro)
				}
				return pdf.WriteFollowupRoster(w, ro)
			})
			if err == nil {
				err = s.u.svc.RecordRosterOutput(s.ctx, ro, format)
			}
			showErr(r.errLine, err)
			if err != nil {
				return
			}
			r.last = path
			r.done.SetText(lang.L("{{.Title}}: {{.Contacts}}, written to {{.Path}}", map[string]any{"Title": ro.Title(), "Contacts": plural("{{.N}} contacts", ro.Count()), "Path": path}))
		}
	})
}
