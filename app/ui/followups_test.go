package ui

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// fuDesk is a case manager's desk (Carla) on a real database, the clock at
// datatest.Now (Tuesday 2026-03-10), with two cases of hers: Ana's job
// started 03/02 (first contact due 03/08: overdue) and Beto's 03/09 (first
// contact due 03/15: this week).
type fuDesk struct {
	t     *testing.T
	env   *datatest.Env
	u     *UI
	win   fyne.Window
	s     *followupsScreen
	carla app.Staff
	ana   app.Participant
	beto  app.Participant
}

func calDay(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func newFollowupDesk(t *testing.T) *fuDesk {
	t.Helper()
	test.NewTempApp(t)
	e := datatest.New(t)
	staff(t, e, "admin", "Ada Admin", app.RoleAdministrator)
	d := &fuDesk{t: t, env: e}
	d.carla = staff(t, e, "carla", "Carla Case", app.RoleCaseManager)
	noAutoLock(t, e)
	d.ana = e.Participant(t, "Ana", "Alvarez", "213-555-0101")
	d.beto = e.Participant(t, "Beto", "Bravo", "213-555-0102")
	d.newCase(d.ana, calDay(2026, 3, 2))
	d.newCase(d.beto, calDay(2026, 3, 9))
	d.win = test.NewTempWindow(t, widget.NewLabel(""))
	d.win.Resize(fyne.NewSize(1024, 768))
	d.u = New(t.Context(), e.Svc, d.win, Options{CardDir: t.TempDir()})
	signIn(t, d.u, "carla", deskPassword)
	d.s = d.u.followups
	if d.s == nil {
		t.Fatal("no Follow-ups tab for a case manager")
	}
	d.s.q.wait()
	return d
}

// newCase records p's job with Carla as case manager.
func (d *fuDesk) newCase(p app.Participant, start time.Time) {
	d.t.Helper()
	_, err := d.env.Svc.SaveFollowupCase(d.env.Ctx, app.FollowupCase{ParticipantID: p.ID, CaseManagerID: d.carla.ID,
		EmploymentStart: start, Employer: "Acme Logistics", JobTitle: "Warehouse associate", WageCents: 1800, HoursPerWeek: 40})
	if err != nil {
		d.t.Fatalf("case for %s: %v", p.DisplayName(), err)
	}
}

// open opens p's follow-up file.
func (d *fuDesk) open(p app.Participant) *followupFile {
	d.t.Helper()
	d.s.open(p.ID)
	d.s.q.wait()
	if d.s.file == nil || d.s.file.f.Participant.ID != p.ID {
		d.t.Fatalf("%s's file did not open", p.DisplayName())
	}
	return d.s.file
}

// file is p's follow-up file as stored.
func (d *fuDesk) file(p app.Participant) app.FollowupFile {
	d.t.Helper()
	f, err := d.env.Svc.FollowupFile(d.env.Ctx, p.ID)
	if err != nil {
		d.t.Fatal(err)
	}
	return f
}

// enter presses Enter in e and waits for the screen's work.
func (d *fuDesk) enter(e fyne.Focusable) {
	d.t.Helper()
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	d.s.q.wait()
}

// section returns the rows of the work list's section sec.
func (d *fuDesk) section(sec int) []app.DueFollowup {
	var out []app.DueFollowup
	for _, r := range d.s.rows {
		if r.sec == sec && r.head == "" && !r.empty {
			out = append(out, r.d)
		}
	}
	return out
}

// findButton returns the button labelled text in o's widget tree.
func findButton(o fyne.CanvasObject, text string) *widget.Button {
	b, _ := findObject(o, func(c fyne.CanvasObject) bool {
		b, ok := c.(*widget.Button)
		return ok && b.Text == text
	}).(*widget.Button)
	return b
}

// findLabel returns the label reading text in o's widget tree.
func findLabel(o fyne.CanvasObject, text string) *widget.Label {
	l, _ := findObject(o, func(c fyne.CanvasObject) bool {
		l, ok := c.(*widget.Label)
		return ok && l.Text == text
	}).(*widget.Label)
	return l
}

// findObject returns the first object in o's widget tree that match accepts.
func findObject(o fyne.CanvasObject, match func(fyne.CanvasObject) bool) fyne.CanvasObject {
	if match(o) {
		return o
	}
	if c, ok := o.(*fyne.Container); ok {
		for _, x := range c.Objects {
			if f := findObject(x, match); f != nil {
				return f
			}
		}
		return nil
	}
	if w, ok := o.(fyne.Widget); ok {
		for _, x := range test.WidgetRenderer(w).Objects() {
			if f := findObject(x, match); f != nil {
				return f
			}
		}
	}
	return nil
}

// canvasHasText reports whether a label reading text is on c, in its
// content or an overlay (an open dialog).
func canvasHasText(c fyne.Canvas, text string) bool {
	for _, o := range append([]fyne.CanvasObject{c.Content()}, c.Overlays().List()...) {
		if findLabel(o, text) != nil {
			return true
		}
	}
	return false
}

func TestFollowupSectionsFollowTheClock(t *testing.T) {
	d := newFollowupDesk(t)
	d.s.selectTab()
	d.s.q.wait()
	over, week, up := d.section(secOverdue), d.section(secWeek), d.section(secUpcoming)
	if len(over) != 1 || over[0].ParticipantID != d.ana.ID || !over[0].Due.Equal(calDay(2026, 3, 8)) {
		t.Fatalf("overdue %+v", over)
	}
	if len(week) != 1 || week[0].ParticipantID != d.beto.ID || !week[0].Due.Equal(calDay(2026, 3, 15)) {
		t.Fatalf("this week %+v", week)
	}
	if len(up) != 2 || len(d.section(secNonResponsive)) != 0 || len(d.section(secCaseload)) != 2 {
		t.Fatalf("upcoming %d, non-responsive %d, caseload %d", len(up), len(d.section(secNonResponsive)), len(d.section(secCaseload)))
	}
	if !strings.Contains(d.s.summary.Text, "1 overdue, 1 due this week, 2 people") {
		t.Fatalf("summary %q", d.s.summary.Text)
	}
	// the overdue line is in red and names the contact, its window and due date
	var overRow fuRow
	for _, r := range d.s.rows {
		if r.sec == secOverdue && r.d.ID != 0 {
			overRow = r
		}
	}
	o := d.s.list.CreateItem()
	d.s.showRow(overRow, o.(*fyne.Container))
	name, info := o.(*fyne.Container).Objects[0].(*widget.Label), o.(*fyne.Container).Objects[1].(*widget.Label)
	if name.Importance != widget.DangerImportance || !strings.Contains(name.Text, "Ana Alvarez") ||
		!strings.Contains(info.Text, "Within one week of employment") || !strings.Contains(info.Text, "Mar 2 – Mar 8") ||
		!strings.Contains(info.Text, "due Mar 8, 2026") {
		t.Fatalf("overdue row %q / %q (importance %v)", name.Text, info.Text, name.Importance)
	}
	markup := test.RenderToMarkup(d.win.Canvas())
	for _, want := range []string{"Overdue (1)", "Due this week (1)", "Ana Alvarez"} {
		if !strings.Contains(markup, want) {
			t.Errorf("the work list does not show %q", want)
		}
	}
	// a week later Beto's first contact is overdue too
	d.env.Clock = datatest.Now.AddDate(0, 0, 6)
	d.s.refresh()
	d.s.q.wait()
	if over := d.section(secOverdue); len(over) != 2 || len(d.section(secWeek)) != 0 {
		t.Fatalf("a week later: overdue %d, this week %d", len(over), len(d.section(secWeek)))
	}
	// selecting a line opens the person's file
	for i, r := range d.s.rows {
		if r.d.ParticipantID == d.beto.ID {
			d.s.list.Select(i)
			break
		}
	}
	d.s.q.wait()
	if d.s.file == nil || d.s.file.f.Participant.ID != d.beto.ID {
		t.Fatal("selecting Beto's line did not open his file")
	}
}

func TestFollowupLogContactCompletesIt(t *testing.T) {
	d := newFollowupDesk(t)
	ff := d.open(d.ana)
	first := ff.f.Contacts[0]
	if ff.tabs.SelectedIndex() != 1 || ff.logDay.Text != "03/10/2026" || ff.ofIDs[ff.of.SelectedIndex()] != first.ID {
		t.Fatalf("log form: tab %d, date %q, counts for %q", ff.tabs.SelectedIndex(), ff.logDay.Text, ff.of.Selected)
	}
	if !strings.Contains(ff.head.Text, "Ana Alvarez") || !strings.Contains(ff.head.Text, d.ana.Code) || !strings.Contains(ff.status.Text, "Employed") {
		t.Fatalf("header %q / %q", ff.head.Text, ff.status.Text)
	}
	ff.method.SetSelectedIndex(0)  // phone
	ff.outcome.SetSelectedIndex(0) // reached
	ff.still.SetSelectedIndex(1)   // yes
	test.Type(ff.logEmployer, "Acme Logistics")
	ff.document.SetSelectedIndex(1) // pay stub
	test.Type(ff.logNotes, "Likes the night shift.")
	test.Type(ff.logWage, "$19.25")
	opens := func() int {
		t.Helper()
		es, err := d.env.Svc.AuditLog(d.env.Ctx, app.AuditFilter{Action: "followup.open"})
		if err != nil {
			t.Fatal(err)
		}
		return len(es)
	}
	before := opens()
	d.enter(ff.logWage)
	if ff.logErr.Text != "" {
		t.Fatalf("error %q", ff.logErr.Text)
	}
	if n := opens(); n != before {
		t.Fatalf("saving a contact opened the file again in the audit log (%d → %d followup.open)", before, n)
	}
	f := d.file(d.ana)
	if f.Contacts[0].Status != app.ContactDone || !f.Contacts[0].DoneOn.Equal(calDay(2026, 3, 10)) {
		t.Fatalf("contact %+v", f.Contacts[0])
	}
	if len(f.Attempts) != 1 || f.Attempts[0].WageCents != 1925 || f.Attempts[0].Document != app.DocPayStub ||
		f.Attempts[0].StillEmployed != app.AnswerYes || f.Attempts[0].ContactID != first.ID || f.Attempts[0].Staff != "carla" {
		t.Fatalf("attempts %+v", f.Attempts)
	}
	if len(ff.logLines) != 1 || !strings.Contains(ff.logLines[0], "Phone: Reached") || !strings.Contains(ff.logLines[0], "19.25") ||
		!strings.Contains(ff.logLines[0], "Within one week of employment") {
		t.Fatalf("log lines %q", ff.logLines)
	}
	if !strings.Contains(ff.contactLine(ff.f.Contacts[0]), "done Mar 10, 2026 by carla") {
		t.Fatalf("schedule line %q", ff.contactLine(ff.f.Contacts[0]))
	}
	if ff.logWage.Text != "" || ff.logNotes.Text != "" || ff.logDay.Text != "03/10/2026" {
		t.Fatal("the log form was not emptied for the next entry")
	}
	if !strings.Contains(test.RenderToMarkup(d.win.Canvas()), "Phone: Reached") {
		t.Fatal("the contact log does not show the entry")
	}
	// logged on its own: counts for nothing
	ff.of.SetSelectedIndex(0)
	ff.outcome.SetSelectedIndex(2) // no answer
	d.enter(ff.logDay)
	f = d.file(d.ana)
	if len(f.Attempts) != 2 || f.Attempts[0].ContactID != 0 || f.Contacts[1].Attempts != 0 {
		t.Fatalf("entry on its own: %+v; next contact %+v", f.Attempts[0], f.Contacts[1])
	}
}

func TestFollowupThreeNoAnswersMakeItNonResponsive(t *testing.T) {
	d := newFollowupDesk(t)
	ff := d.open(d.ana)
	for i := 0; i < 3; i++ {
		ff.method.SetSelectedIndex(0)
		ff.outcome.SetSelectedIndex(2) // no answer
		d.enter(ff.logDay)
		if ff.logErr.Text != "" {
			t.Fatalf("attempt %d: %q", i+1, ff.logErr.Text)
		}
	}
	c := d.file(d.ana).Contacts[0]
	if c.Status != app.ContactNonResponsive || c.Attempts != 3 {
		t.Fatalf("contact %+v", c)
	}
	if line := ff.contactLine(ff.f.Contacts[0]); !strings.Contains(line, "non-responsive") || !strings.Contains(line, "attempts: 3") {
		t.Fatalf("schedule line %q", line)
	}
	d.s.selectTab()
	ff.dlg.Hide() // closing the file refreshes the work list
	d.s.q.wait()
	nr := d.section(secNonResponsive)
	if len(nr) != 1 || nr[0].ParticipantID != d.ana.ID || len(d.section(secOverdue)) != 0 {
		t.Fatalf("non-responsive %+v, overdue %d", nr, len(d.section(secOverdue)))
	}
	if !strings.Contains(test.RenderToMarkup(d.win.Canvas()), "Non-responsive (1)") {
		t.Fatal("the work list does not show the non-responsive section")
	}
}

func TestFollowupBadInputSavesNothing(t *testing.T) {
	d := newFollowupDesk(t)
	ff := d.open(d.ana)
	test.Type(ff.logWage, "eighteen")
	d.enter(ff.logWage)
	if !strings.Contains(ff.logErr.Text, "is not an hourly wage") {
		t.Fatalf("bad wage: %q", ff.logErr.Text)
	}
	ff.logWage.SetText("")
	ff.logDay.SetText("03/11/2026")
	d.enter(ff.logDay)
	if !strings.Contains(ff.logErr.Text, "can't be dated in the future") {
		t.Fatalf("future date: %q", ff.logErr.Text)
	}
	ff.logDay.SetText("13/45/2026")
	d.enter(ff.logDay)
	if !strings.Contains(ff.logErr.Text, "is not a date") {
		t.Fatalf("no date: %q", ff.logErr.Text)
	}
	if f := d.file(d.ana); len(f.Attempts) != 0 || f.Contacts[0].Status != app.ContactOpen || f.Contacts[0].Attempts != 0 {
		t.Fatalf("something was saved: %+v", f.Attempts)
	}
	// the case: an exit before the job started
	ff.exit.SetText("03/01/2026")
	ff.exitReason.SetText("Moved away")
	d.enter(ff.exitReason)
	if !strings.Contains(ff.caseErr.Text, "can't be before the employment started") {
		t.Fatalf("exit before employment: %q", ff.caseErr.Text)
	}
	ff.exit.SetText("03/09/2026")
	ff.wage.SetText("lots")
	d.enter(ff.exit)
	if !strings.Contains(ff.caseErr.Text, "is not an hourly wage") {
		t.Fatalf("bad case wage: %q", ff.caseErr.Text)
	}
	if f := d.file(d.ana); !f.Case.ExitDate.IsZero() || f.Participant.Status != app.StatusEmployed {
		t.Fatalf("case changed: %+v", f.Case)
	}
	// the quarter-end form with a future date
	ff.fmEmployed.SetSelectedIndex(1)
	ff.fmDay.SetText("04/01/2026")
	d.enter(ff.fmDay)
	if !strings.Contains(ff.fmErr.Text, "can't be dated in the future") {
		t.Fatalf("future form: %q", ff.fmErr.Text)
	}
	if f := d.file(d.ana); len(f.Forms) != 0 {
		t.Fatal("a form was saved")
	}
	// a good exit then a good form
	ff.wage.SetText("18.00")
	d.enter(ff.exit)
	if ff.caseErr.Text != "" {
		t.Fatalf("good exit: %q", ff.caseErr.Text)
	}
	if f := d.file(d.ana); f.Participant.Status != app.StatusExited || len(f.StatusChanges) != 2 {
		t.Fatalf("after the exit: %s, %d changes", f.Participant.Status, len(f.StatusChanges))
	}
	if !strings.Contains(ff.history.Text, "Employed → Exited (by carla)") {
		t.Fatalf("status history %q", ff.history.Text)
	}
	ff.fmDay.SetText("03/10/2026")
	d.enter(ff.fmDay)
	if ff.fmErr.Text != "" || len(d.file(d.ana).Forms) != 1 {
		t.Fatalf("form: %q", ff.fmErr.Text)
	}
}

func TestFollowupOpenNewCaseFromSearch(t *testing.T) {
	d := newFollowupDesk(t)
	p := d.env.Participant(t, "Carmen", "Castillo", "213-555-0103")
	test.Type(d.s.search, "Castillo")
	d.s.q.wait()
	if len(d.s.found) != 1 || !d.s.results.Visible() || d.s.list.Visible() {
		t.Fatalf("found %d", len(d.s.found))
	}
	d.enter(d.s.search)
	ff := d.s.file
	if ff == nil || ff.f.Participant.ID != p.ID || ff.f.HasCase || ff.tabs.SelectedIndex() != 3 {
		t.Fatal("Carmen's new file did not open on the Case tab")
	}
	if ff.manager.Selected != "Carla Case" || ff.template.SelectedIndex() != 0 {
		t.Fatalf("defaults: %q, %q", ff.manager.Selected, ff.template.Selected)
	}
	ff.start.SetText("03/09/2026")
	ff.employer.SetText("City Library")
	ff.wage.SetText("21")
	ff.hours.SetText("32")
	d.enter(ff.hours)
	if ff.caseErr.Text != "" {
		t.Fatalf("save: %q", ff.caseErr.Text)
	}
	f := d.file(p)
	if !f.HasCase || f.Case.CaseManagerID != d.carla.ID || f.Case.WageCents != 2100 || f.Case.HoursPerWeek != 32 || len(f.Contacts) == 0 {
		t.Fatalf("case %+v, %d contacts", f.Case, len(f.Contacts))
	}
	if len(ff.f.Contacts) != len(f.Contacts) || ff.of.SelectedIndex() == 0 {
		t.Fatal("the file does not show the new schedule")
	}
	d.s.search.SetText("")
	d.s.q.wait()
	if !d.s.list.Visible() {
		t.Fatal("the work list did not come back")
	}
}

func TestFollowupReminderAtSignIn(t *testing.T) {
	d := newFollowupDesk(t)
	if d.s.reminder == nil {
		t.Fatal("no reminder")
	}
	if !strings.Contains(test.RenderToMarkup(d.win.Canvas()), "Follow-ups: 1 due this week, 1 overdue") {
		t.Fatal("the reminder does not say what is due")
	}
	if d.u.tabs.Selected().Content == d.s.content {
		t.Fatal("the Follow-ups tab is already shown")
	}
	b := findButton(d.win.Canvas().Overlays().Top(), "Open Follow-ups")
	if b == nil {
		t.Fatal("no button to open the tab")
	}
	test.Tap(b)
	d.s.q.wait()
	if d.u.tabs.Selected().Content != d.s.content || d.s.reminder != nil || len(d.section(secOverdue)) != 1 {
		t.Fatal("OK did not open the Follow-ups tab")
	}
	// nothing due: no reminder
	d.u.signOut()
	d.env.Clock = datatest.Now.AddDate(0, 0, -30)
	signIn(t, d.u, "carla", deskPassword)
	d.u.followups.q.wait()
	if d.u.followups.reminder != nil {
		t.Fatal("a reminder with nothing due")
	}
}

func TestFollowupsNotForFrontDesk(t *testing.T) {
	e, u, _ := signedOut(t)
	staff(t, e, "fran", "Fran Front", app.RoleFrontDesk)
	signIn(t, u, "fran", deskPassword)
	if u.mode != modeDesk || u.followups != nil {
		t.Fatal("a front-desk account has the Follow-ups tab")
	}
	for _, it := range u.tabs.Items {
		if it.Text == "Follow-ups" {
			t.Fatal("a Follow-ups tab for the front desk")
		}
	}
}

func TestFollowupRosterPrintAndExport(t *testing.T) {
	d := newFollowupDesk(t)
	r := d.s.roster
	if r.year.Text != "2026" || r.quarter.SelectedIndex() != 0 || len(r.who.Options) != 1 {
		t.Fatalf("defaults: %q Q%d, %d choices", r.year.Text, r.quarter.SelectedIndex()+1, len(r.who.Options))
	}
	test.Tap(r.print)
	d.s.q.wait()
	if r.errLine.Text != "" {
		t.Fatalf("print: %q", r.errLine.Text)
	}
	if b, err := os.ReadFile(r.last); err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
		t.Fatalf("roster PDF %q: %v", r.last, err)
	}
	test.Tap(r.excel)
	d.s.q.wait()
	if b, err := os.ReadFile(r.last); err != nil || !bytes.HasPrefix(b, []byte("PK")) || !strings.HasSuffix(r.last, ".xlsx") {
		t.Fatalf("roster workbook %q: %v", r.last, err)
	}
	if !strings.Contains(r.done.Text, "2026 Q1") {
		t.Fatalf("done %q", r.done.Text)
	}
	r.year.SetText("twenty")
	test.Tap(r.print)
	if !strings.Contains(r.errLine.Text, "is not a year") {
		t.Fatalf("bad year: %q", r.errLine.Text)
	}
}

func TestFollowupFromParticipantRecord(t *testing.T) {
	d := newFollowupDesk(t)
	d.u.participants.edit(d.beto.ID)
	b := d.u.participants.followup
	if b == nil {
		t.Fatal("no Follow-up file button for a case manager")
	}
	test.Tap(b)
	d.s.q.wait()
	if d.s.file == nil || d.s.file.f.Participant.ID != d.beto.ID || !d.s.file.f.HasCase {
		t.Fatal("the button did not open Beto's follow-up file")
	}
}

func TestFollowupRosterForADirectorWithoutCaseload(t *testing.T) {
	d := newFollowupDesk(t)
	d.u.signOut()
	staff(t, d.env, "dora", "Dora Director", app.RoleDirector)
	signIn(t, d.u, "dora", deskPassword)
	s := d.u.followups
	if s == nil {
		t.Fatal("no Follow-ups tab for a director")
	}
	s.q.wait()
	r := s.roster
	// the whole site first, then nobody assigned, then each case manager
	if len(r.who.Options) != 3 || r.whoIDs[0] != 0 || r.whoIDs[1] != -1 || r.whoIDs[2] != d.carla.ID {
		t.Fatalf("choices %v %v", r.who.Options, r.whoIDs)
	}
	test.Tap(r.print)
	s.q.wait()
	if r.errLine.Text != "" {
		t.Fatalf("print: %q", r.errLine.Text)
	}
	b, err := os.ReadFile(r.last)
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
		t.Fatalf("roster PDF %q: %v", r.last, err)
	}
	// Ana's and Beto's employment contacts fall in 2026 Q1, both Carla's
	if !strings.Contains(r.done.Text, "2026 Q1") {
		t.Fatalf("done %q", r.done.Text)
	}
	entries, err := d.env.Svc.AuditLog(d.env.Ctx, app.AuditFilter{Action: "followup.roster"})
	if err != nil || len(entries) != 1 || entries[0].Actor != "dora" {
		t.Fatalf("roster audit %+v %v", entries, err)
	}
}

// What the WIOA preview reads is entered on the file: an other reason for
// exit, training and a credential on the case, and a quarter's earnings on
// its form; bad amounts and a credential without its date save nothing.
func TestFollowupWIOAFields(t *testing.T) {
	d := newFollowupDesk(t)
	ff := d.open(d.ana)
	ff.exit.SetText("03/09/2026")
	ff.exitReason.SetText("Entered military service")
	ff.exclusion.SetSelectedIndex(4) // reserve forces called to active duty
	ff.training.SetChecked(true)
	ff.credential.SetText("Forklift operator")
	d.enter(ff.credential)
	if !strings.Contains(ff.caseErr.Text, "Give the date the credential was attained") {
		t.Fatalf("credential without a date: %q", ff.caseErr.Text)
	}
	if f := d.file(d.ana); !f.Case.ExitDate.IsZero() || f.Case.CredentialType != "" {
		t.Fatalf("saved without the credential's date: %+v", f.Case)
	}
	ff.credentialDay.SetText("03/02/2026")
	d.enter(ff.credential)
	if ff.caseErr.Text != "" {
		t.Fatalf("good case: %q", ff.caseErr.Text)
	}
	c := d.file(d.ana).Case
	if c.ExitExclusion != app.ExclusionReserveForces || !c.InTraining || c.CredentialType != "Forklift operator" ||
		!c.CredentialDate.Equal(time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("case %+v", c)
	}
	// a quarter's earnings
	ff.fmEmployed.SetSelectedIndex(0)
	ff.fmEmployer.SetText("Acme Logistics")
	ff.fmDay.SetText("03/10/2026")
	ff.fmEarnings.SetText("a lot")
	d.enter(ff.fmEarnings)
	if !strings.Contains(ff.fmErr.Text, "is not an amount of dollars") || len(d.file(d.ana).Forms) != 0 {
		t.Fatalf("bad earnings: %q", ff.fmErr.Text)
	}
	ff.fmEarnings.SetText("$7,800.50")
	d.enter(ff.fmEarnings)
	f := d.file(d.ana)
	if ff.fmErr.Text != "" || len(f.Forms) != 1 || f.Forms[0].QuarterEarningsCents != 780050 {
		t.Fatalf("form %q %+v", ff.fmErr.Text, f.Forms)
	}
	if !strings.Contains(ff.formsLabel.Text, "earned $7,800.50") {
		t.Fatalf("forms recorded: %q", ff.formsLabel.Text)
	}
	// the file opened again shows what was saved
	ff.dlg.Hide()
	again := d.open(d.ana)
	if again.exclusion.SelectedIndex() != 4 || !again.training.Checked || again.credentialDay.Text != "03/02/2026" {
		t.Fatalf("reopened: %d %v %q", again.exclusion.SelectedIndex(), again.training.Checked, again.credentialDay.Text)
	}
}
