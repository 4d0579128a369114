package app_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// followupEnv is a database with an administrator and two case managers
// (Carla and Dev, signed in) and a front-desk account.
type followupEnv struct {
	*datatest.Env
	admin, carla, dev, desk context.Context
	carlaID, devID          int64
}

func newFollowupEnv(t *testing.T) followupEnv {
	t.Helper()
	e, admin := withAdmin(t)
	c := addStaff(t, e, admin, "carla", app.RoleCaseManager)
	d := addStaff(t, e, admin, "dev", app.RoleCaseManager, app.RoleDirector)
	addStaff(t, e, admin, "desk", app.RoleFrontDesk)
	return followupEnv{Env: e, admin: admin, carla: signIn(t, e, "carla"), dev: signIn(t, e, "dev"),
		desk: signIn(t, e, "desk"), carlaID: c.ID, devID: d.ID}
}

// Datatest's clock is Tuesday 2026-03-10, 10:15 in Los Angeles.
func TestFollowupCaseScheduleAndStatus(t *testing.T) {
	e := newFollowupEnv(t)
	p := e.Participant(t, "Ana", "Reyes", "213-555-0190")
	f, err := e.Svc.SaveFollowupCase(e.carla, app.FollowupCase{ParticipantID: p.ID, CaseManagerID: e.carlaID,
		EmploymentStart: day(2026, 1, 12), Employer: "Acme Logistics", JobTitle: "Forklift operator", WageCents: 2150, HoursPerWeek: 40})
	if err != nil {
		t.Fatal(err)
	}
	if f.Participant.Status != app.StatusEmployed || len(f.StatusChanges) != 1 ||
		f.StatusChanges[0].From != app.StatusNew || f.StatusChanges[0].To != app.StatusEmployed || f.StatusChanges[0].By != "carla" {
		t.Fatalf("status %s, changes %+v", f.Participant.Status, f.StatusChanges)
	}
	// employment only: the two employment contacts of the SETA schedule
	want := []struct {
		key        string
		start, due time.Time
	}{{"r0", day(2026, 1, 12), day(2026, 1, 18)}, {"r1", day(2026, 2, 12), day(2026, 2, 18)}}
	if len(f.Contacts) != len(want) {
		t.Fatalf("contacts %+v", f.Contacts)
	}
	for i, w := range want {
		c := f.Contacts[i]
		if c.Key != w.key || !c.WindowStart.Equal(w.start) || !c.Due.Equal(w.due) || c.Status != app.ContactOpen {
			t.Errorf("contact %d = %s %s–%s %s, want %s %s–%s", i, c.Key, c.WindowStart.Format("2006-01-02"), c.Due.Format("2006-01-02"), c.Status,
				w.key, w.start.Format("2006-01-02"), w.due.Format("2006-01-02"))
		}
	}
	// log a reached contact on the first one
	at, c, err := e.Svc.LogFollowupContact(e.carla, app.FollowupAttempt{ParticipantID: p.ID, Day: day(2026, 1, 15),
		Method: app.MethodPhone, Outcome: app.OutcomeReached, StillEmployed: app.AnswerYes, Employer: "Acme Logistics", WageCents: 2150, Document: app.DocPayStub})
	if err != nil {
		t.Fatal(err)
	}
	if at.ContactID != f.Contacts[0].ID || c.Status != app.ContactDone || !c.DoneOn.Equal(day(2026, 1, 15)) || c.DoneBy != "carla" {
		t.Fatalf("attempt %+v, contact %+v", at, c)
	}
	// exit on the last day of the quarter: Q1 after exit is Apr–Jun 2026
	f, err = e.Svc.SaveFollowupCase(e.carla, app.FollowupCase{ParticipantID: p.ID, CaseManagerID: e.carlaID,
		EmploymentStart: day(2026, 1, 12), Employer: "Acme Logistics", JobTitle: "Forklift operator", WageCents: 2150, HoursPerWeek: 40,
		ExitDate: day(2026, 3, 31), ExitReason: "Completed services"})
	if err == nil || !strings.Contains(app.ErrorMessage(err), "future") {
		t.Fatalf("exit in the future (today is Mar 10): %v", err)
	}
	f, err = e.Svc.SaveFollowupCase(e.carla, app.FollowupCase{ParticipantID: p.ID, CaseManagerID: e.carlaID,
		EmploymentStart: day(2026, 1, 12), Employer: "Acme Logistics", WageCents: 2150,
		ExitDate: day(2026, 3, 2), ExitReason: "Completed services"})
	if err != nil {
		t.Fatal(err)
	}
	if f.Participant.Status != app.StatusExited || len(f.StatusChanges) != 2 || f.StatusChanges[1].To != app.StatusExited {
		t.Fatalf("after exit: %s %+v", f.Participant.Status, f.StatusChanges)
	}
	keys := map[string]app.FollowupContact{}
	for _, c := range f.Contacts {
		keys[c.Key] = c
	}
	if k := keys["r0"]; k.Status != app.ContactDone || !k.DoneOn.Equal(day(2026, 1, 15)) {
		t.Errorf("the logged contact was not kept: %+v", k)
	}
	if k := keys["r2.q1"]; !k.WindowStart.Equal(day(2026, 4, 1)) || !k.Due.Equal(day(2026, 4, 7)) || k.Quarter != 1 {
		t.Errorf("first week of Q1 after exit: %+v", k)
	}
	if k := keys["r5.q3"]; k.Kind != app.KindForm || !k.WindowStart.Equal(day(2026, 12, 1)) || !k.Due.Equal(day(2026, 12, 31)) {
		t.Errorf("Q3 form: %+v", k)
	}
	// monthly: May–Sep, Nov, Dec 2026 (April and October hold the quarter-start contacts)
	var months []string
	for _, c := range f.Contacts {
		if strings.HasPrefix(c.Key, "r4.") {
			months = append(months, c.WindowStart.Format("2006-01"))
		}
	}
	if got := strings.Join(months, " "); got != "2026-05 2026-06 2026-07 2026-08 2026-09 2026-11 2026-12" {
		t.Errorf("monthly contacts %s", got)
	}

	// changing the employment date moves open contacts, keeps the logged one
	f, err = e.Svc.SaveFollowupCase(e.carla, app.FollowupCase{ParticipantID: p.ID, CaseManagerID: e.carlaID,
		EmploymentStart: day(2026, 1, 19), Employer: "Acme Logistics", WageCents: 2150,
		ExitDate: day(2026, 3, 2), ExitReason: "Completed services"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range f.Contacts {
		switch c.Key {
		case "r0":
			if !c.WindowStart.Equal(day(2026, 1, 12)) || c.Status != app.ContactDone {
				t.Errorf("logged contact changed: %+v", c)
			}
		case "r1":
			if !c.WindowStart.Equal(day(2026, 2, 19)) {
				t.Errorf("open contact not moved: %+v", c)
			}
		}
	}
	if len(f.Attempts) != 1 {
		t.Errorf("contact log %+v", f.Attempts)
	}
	// the audit log names the changes, not the data
	entries, err := e.Svc.AuditLog(e.admin, app.AuditFilter{Action: "followup.case"})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 3 || entries[0].Detail != "employment start" || strings.Contains(entries[0].Detail, "Acme") {
		t.Errorf("audit %+v", entries)
	}
}

func TestFollowupBadInputChangesNothing(t *testing.T) {
	e := newFollowupEnv(t)
	p := e.Participant(t, "Luis", "Ortega", "213-555-0191")
	good := app.FollowupCase{ParticipantID: p.ID, EmploymentStart: day(2026, 2, 2), Employer: "City Market"}
	if _, err := e.Svc.SaveFollowupCase(e.carla, good); err != nil {
		t.Fatal(err)
	}
	before, err := e.Svc.FollowupFile(e.carla, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	bad := []struct {
		name string
		c    app.FollowupCase
		msg  string
	}{
		{"exit before employment", app.FollowupCase{ParticipantID: p.ID, EmploymentStart: day(2026, 2, 2), Employer: "City Market",
			ExitDate: day(2026, 1, 30), ExitReason: "Moved"}, "can't be before the employment started"},
		{"exit without reason", app.FollowupCase{ParticipantID: p.ID, EmploymentStart: day(2026, 2, 2), Employer: "City Market",
			ExitDate: day(2026, 3, 1)}, "reason"},
		{"job without employer", app.FollowupCase{ParticipantID: p.ID, EmploymentStart: day(2026, 2, 2)}, "employer"},
		{"employer without date", app.FollowupCase{ParticipantID: p.ID, Employer: "City Market"}, "date the job started"},
		{"negative wage", app.FollowupCase{ParticipantID: p.ID, EmploymentStart: day(2026, 2, 2), Employer: "City Market", WageCents: -5}, "wage"},
		{"unknown schedule", app.FollowupCase{ParticipantID: p.ID, EmploymentStart: day(2026, 2, 2), Employer: "City Market", TemplateKey: "custom-99"}, "no follow-up schedule"},
		{"front desk as case manager", app.FollowupCase{ParticipantID: p.ID, EmploymentStart: day(2026, 2, 2), Employer: "City Market", CaseManagerID: 4}, "case manager role"},
	}
	for _, b := range bad {
		_, err := e.Svc.SaveFollowupCase(e.carla, b.c)
		if app.ErrorCode(err) != app.EInvalid || !strings.Contains(app.ErrorMessage(err), b.msg) {
			t.Errorf("%s: %v, want EInvalid with %q", b.name, err, b.msg)
		}
	}
	if _, err := app.ParseWage("wage", "eighteen"); app.ErrorCode(err) != app.EInvalid || !strings.Contains(app.ErrorMessage(err), "not an hourly wage") {
		t.Errorf("wage that is not a number: %v", err)
	}
	_, _, err = e.Svc.LogFollowupContact(e.carla, app.FollowupAttempt{ParticipantID: p.ID, Day: day(2026, 3, 11), Method: app.MethodPhone, Outcome: app.OutcomeReached})
	if app.ErrorCode(err) != app.EInvalid || !strings.Contains(app.ErrorMessage(err), "future") {
		t.Errorf("contact dated tomorrow: %v", err)
	}
	_, _, err = e.Svc.LogFollowupContact(e.carla, app.FollowupAttempt{ParticipantID: p.ID, Day: day(2026, 3, 9), Method: app.MethodPhone,
		Outcome: app.OutcomeNoAnswer, StillEmployed: app.AnswerYes})
	if app.ErrorCode(err) != app.EInvalid {
		t.Errorf("employment details from a missed call: %v", err)
	}
	_, err = e.Svc.SaveFollowupTemplate(e.admin, app.FollowupTemplate{Name: "Forever", Rules: []app.FollowupRule{{Kind: app.RuleMonthly, Anchor: app.AnchorExit}}})
	if app.ErrorCode(err) != app.EInvalid || !strings.Contains(app.ErrorMessage(err), "never end") {
		t.Errorf("a schedule that never ends: %v", err)
	}
	after, err := e.Svc.FollowupFile(e.carla, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(after.Contacts) != len(before.Contacts) || len(after.Attempts) != 0 || after.Case.Employer != "City Market" ||
		!after.Case.ExitDate.IsZero() || len(after.StatusChanges) != 1 {
		t.Errorf("something changed: %+v", after)
	}
	if ts, err := e.Svc.FollowupTemplates(e.carla); err != nil || len(ts) != 2 {
		t.Errorf("templates %v %v", ts, err)
	}
}

func TestFollowupNonResponsiveAndForms(t *testing.T) {
	e := newFollowupEnv(t)
	p := e.Participant(t, "Mei", "Chen", "213-555-0192")
	if _, err := e.Svc.SaveFollowupCase(e.carla, app.FollowupCase{ParticipantID: p.ID, CaseManagerID: e.carlaID,
		EmploymentStart: day(2025, 6, 2), Employer: "Harbor Freight", ExitDate: day(2025, 9, 30), ExitReason: "Employed"}); err != nil {
		t.Fatal(err)
	}
	// Q1 after exit: Oct–Dec 2025; its first-week contact r2.q1 is Oct 1–7.
	var last app.FollowupContact
	for i, out := range []app.ContactOutcome{app.OutcomeNoAnswer, app.OutcomeVoicemail, app.OutcomeWrongNumber} {
		at, c, err := e.Svc.LogFollowupContact(e.carla, app.FollowupAttempt{ParticipantID: p.ID, Day: day(2025, 10, 2+i), Method: app.MethodPhone, Outcome: out})
		if err != nil {
			t.Fatal(err)
		}
		if c.Key != "r0" {
			// r0 (employment week, Jun 2–8 2025) is the earliest contact still open
			t.Fatalf("attempt %d counted for %s", i, c.Key)
		}
		last = c
		_ = at
	}
	if last.Status != app.ContactNonResponsive || last.Attempts != 3 {
		t.Fatalf("after three failed attempts: %+v", last)
	}
	// a later two-way contact still completes it
	_, c, err := e.Svc.LogFollowupContact(e.carla, app.FollowupAttempt{ParticipantID: p.ID, ContactID: last.ID, Day: day(2025, 10, 9), Method: app.MethodText, Outcome: app.OutcomeReached})
	if err != nil || c.Status != app.ContactDone || c.Attempts != 3 {
		t.Fatalf("reached after non-responsive: %+v %v", c, err)
	}
	// the quarter-end form completes the Q1 form contact
	fm, err := e.Svc.RecordFollowupForm(e.carla, app.FollowupForm{ParticipantID: p.ID, Quarter: 1, Day: day(2025, 12, 15),
		Employed: app.AnswerYes, Employer: "Harbor Freight", WageCents: 1900, HoursPerWeek: 32.5, Document: app.DocW2})
	if err != nil {
		t.Fatal(err)
	}
	f, err := e.Svc.FollowupFile(e.carla, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range f.Contacts {
		if c.Key == "r5.q1" && (c.ID != fm.ContactID || c.Status != app.ContactDone || !c.DoneOn.Equal(day(2025, 12, 15))) {
			t.Errorf("Q1 form contact %+v (form %+v)", c, fm)
		}
	}
	if len(f.Forms) != 1 || f.Forms[0].HoursPerWeek != 32.5 || len(f.Attempts) != 4 {
		t.Errorf("forms %+v attempts %d", f.Forms, len(f.Attempts))
	}
	// a form may not be logged as a contact
	_, _, err = e.Svc.LogFollowupContact(e.carla, app.FollowupAttempt{ParticipantID: p.ID, ContactID: fm.ContactID, Day: day(2025, 12, 15), Method: app.MethodPhone, Outcome: app.OutcomeReached})
	if app.ErrorCode(err) != app.EInvalid {
		t.Errorf("contact logged on a form: %v", err)
	}
}

func TestMyFollowupsAndRoster(t *testing.T) {
	e := newFollowupEnv(t)
	// today is Tue 2026-03-10
	a := e.Participant(t, "Ana", "Alvarez", "213-555-0193")
	b := e.Participant(t, "Ben", "Brooks", "213-555-0194")
	c := e.Participant(t, "Cy", "Castro", "213-555-0195")
	save := func(ctx context.Context, fc app.FollowupCase) {
		t.Helper()
		if _, err := e.Svc.SaveFollowupCase(ctx, fc); err != nil {
			t.Fatal(err)
		}
	}
	// Ana: employed Feb 2 → week contact Feb 2–8 (overdue), month contact Mar 2–8 (overdue too)
	save(e.carla, app.FollowupCase{ParticipantID: a.ID, CaseManagerID: e.carlaID, EmploymentStart: day(2026, 2, 2), Employer: "A Co"})
	// Ben: employed Mar 9 → week contact Mar 9–15 (this week); month contact Apr 9–15 (upcoming)
	save(e.carla, app.FollowupCase{ParticipantID: b.ID, CaseManagerID: e.carlaID, EmploymentStart: day(2026, 3, 9), Employer: "B Co"})
	// Cy: Dev's
	save(e.dev, app.FollowupCase{ParticipantID: c.ID, CaseManagerID: e.devID, EmploymentStart: day(2026, 3, 9), Employer: "C Co"})

	m, err := e.Svc.MyFollowups(e.carla, e.Site.ID)
	if err != nil {
		t.Fatal(err)
	}
	names := func(rows []app.DueFollowup) string {
		var s []string
		for _, r := range rows {
			s = append(s, r.Participant+":"+r.Key)
		}
		return strings.Join(s, " ")
	}
	if got := names(m.Overdue); got != "Ana Alvarez:r0 Ana Alvarez:r1" {
		t.Errorf("overdue %s", got)
	}
	if got := names(m.ThisWeek); got != "Ben Brooks:r0" {
		t.Errorf("this week %s", got)
	}
	if got := names(m.Upcoming); got != "Ben Brooks:r1" {
		t.Errorf("upcoming %s", got)
	}
	if got := names(m.Caseload); got != "Ana Alvarez:r0 Ben Brooks:r0" {
		t.Errorf("caseload %s", got)
	}
	if due, over, err := e.Svc.FollowupReminder(e.carla, e.Site.ID); err != nil || due != 1 || over != 2 {
		t.Errorf("reminder %d due, %d overdue, %v", due, over, err)
	}
	// The Q1 2026 roster: Carla may print her own, not the site's; Dev (director) the site's.
	if _, err := e.Svc.FollowupRoster(e.carla, app.FollowupRosterQuery{SiteID: e.Site.ID, Year: 2026, Quarter: 1}); app.ErrorCode(err) != app.EForbidden {
		t.Errorf("case manager printing the site's roster: %v", err)
	}
	r, err := e.Svc.FollowupRoster(e.dev, app.FollowupRosterQuery{SiteID: e.Site.ID, Year: 2026, Quarter: 1})
	if err != nil {
		t.Fatal(err)
	}
	// Q1 2026 (Jan 1 – Mar 31): Ana r0, r1; Ben r0; Cy r0 (Ben's and Cy's r1 are due in April)
	if r.Count() != 4 || len(r.Groups) != 2 || r.Groups[0].CaseManager != "Carla" || r.Groups[1].CaseManager != "Dev" ||
		r.Title() != "2026 Q1 (Jan 1 – Mar 31)" {
		t.Fatalf("roster %s: %+v", r.Title(), r.Groups)
	}
	if err := e.Svc.RecordRosterOutput(e.dev, r, "pdf"); err != nil {
		t.Fatal(err)
	}
	entries, err := e.Svc.AuditLog(e.admin, app.AuditFilter{Action: "followup.roster"})
	if err != nil || len(entries) != 1 || entries[0].Actor != "dev" || !strings.Contains(entries[0].Detail, "4 rows") {
		t.Errorf("roster audit %+v %v", entries, err)
	}
	// roles: the front desk sees none of it
	if _, err := e.Svc.FollowupFile(e.desk, a.ID); app.ErrorCode(err) != app.EForbidden {
		t.Errorf("front desk opening a follow-up file: %v", err)
	}
	if _, err := e.Svc.MyFollowups(e.desk, e.Site.ID); app.ErrorCode(err) != app.EForbidden {
		t.Errorf("front desk work list: %v", err)
	}
}

// The file a screen keeps after a save (WithAttempt, WithForm) is the one
// the store gives when the file is opened again.
func TestFollowupFileAfterSavesMatchesTheStore(t *testing.T) {
	e := newFollowupEnv(t)
	p := e.Participant(t, "Rosa", "Campos", "213-555-0196")
	f, err := e.Svc.SaveFollowupCase(e.carla, app.FollowupCase{ParticipantID: p.ID, CaseManagerID: e.carlaID,
		EmploymentStart: day(2025, 6, 2), Employer: "Harbor Freight", ExitDate: day(2025, 9, 30), ExitReason: "Employed"})
	if err != nil {
		t.Fatal(err)
	}
	steps := []app.FollowupAttempt{
		{Day: day(2025, 10, 3), Method: app.MethodPhone, Outcome: app.OutcomeNoAnswer},
		{Day: day(2025, 6, 4), Method: app.MethodPhone, Outcome: app.OutcomeReached}, // back-dated
		{Day: day(2025, 10, 3), Method: app.MethodText, Outcome: app.OutcomeReached}, // same day as the first
		{Day: day(2025, 11, 20), Method: app.MethodEmail, Outcome: app.OutcomeVoicemail, ContactID: app.NoFollowupContact},
	}
	for i, at := range steps {
		at.ParticipantID = p.ID
		logged, c, err := e.Svc.LogFollowupContact(e.carla, at)
		if err != nil {
			t.Fatal(err)
		}
		f = f.WithAttempt(logged, c)
		stored, err := e.Svc.FollowupFile(e.carla, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(f.Attempts, stored.Attempts) || !reflect.DeepEqual(f.Contacts, stored.Contacts) {
			t.Fatalf("step %d: kept file differs from the store:\nkept   %+v\nstored %+v", i, f.Attempts, stored.Attempts)
		}
	}
	fm, err := e.Svc.RecordFollowupForm(e.carla, app.FollowupForm{ParticipantID: p.ID, Quarter: 1, Day: day(2025, 12, 15), Employed: app.AnswerNo})
	if err != nil {
		t.Fatal(err)
	}
	f = f.WithForm(fm)
	stored, err := e.Svc.FollowupFile(e.carla, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(f.Forms, stored.Forms) || !reflect.DeepEqual(f.Contacts, stored.Contacts) {
		t.Fatalf("after the form: kept file differs from the store")
	}
}
