package ui

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/xuri/excelize/v2"

	"frontdesk/app"
	"frontdesk/app/xlsx"
	"frontdesk/data/datatest"
)

// wioaToday is the WIOA tests' clock: Friday 2026-11-20, 10:00 in Los
// Angeles, in program year 2026.
var wioaToday = time.Date(2026, 11, 20, 18, 0, 0, 0, time.UTC)

// cal is a calendar day.
func cal(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// as is the context of a staff account signed in with deskPassword.
func as(t *testing.T, e *datatest.Env, username string) context.Context {
	t.Helper()
	sess, err := e.Svc.SignIn(e.Ctx, username, deskPassword)
	if err != nil {
		t.Fatal(err)
	}
	return app.WithActor(e.Ctx, sess.Actor)
}

// wioaUI is the interface of a director (dora) on a database with two
// sites, East LA and the Bronx, program year 2025's negotiated levels
// (Q2 71%, Q4 69.5%, median $6,500.00, credential 60%) and the exits of
// program year 2025, recorded through the services by two case managers
// as of wioaToday:
//
//	Ana   East LA 90031 es, Carla: exit 2025-08-15; Q2 form employed,
//	      earned $7,800.01; Q4 form employed; in training, a CNA
//	      credential on 2026-02-01
//	Ben   East LA 90031 en, Carla: job from 2025-07-01 at $20.00 × 32 h,
//	      exit 2025-09-10; still employed on 2026-02-10 (Q2, earnings
//	      estimated $8,320.00); Q4 form not employed; in training, no
//	      credential within the year
//	Carlos East LA 90032 en, Dev: exit 2025-08-01, nothing since
//	Dina  East LA 90032 es, nobody: exit 2025-09-01, deceased (excluded)
//	Eva   Bronx 10451 es, Dev: exit 2026-05-20; still employed on
//	      2026-11-02 (her Q2, 2026 Q4, not over); in training
//
// Program year 2025: 5 exiters, 1 excluded. Q2: Ana Ben Eva = 3 of 4,
// Carlos no information, running (Eva's quarter). Q4: Ana = 1 of 4, Carlos
// and Eva no information, running. Earnings: 3 employed, Ana's recorded
// and Ben's estimated known: median $8,060.01, 1 of 2 estimated, Eva's
// unknown; running. Credential: Ana of Ana Ben Eva = 1 of 3, Eva no
// information, running. Q3 2025 (Ana Ben Carlos Dina) is over: Q2 2 of 3,
// Q4 1 of 3, the median the same with nobody unknown, credential 1 of 2.
func wioaUI(t *testing.T, size fyne.Size) (*UI, *datatest.Env, app.Site) {
	t.Helper()
	e := datatest.New(t)
	e.Clock = wioaToday
	bronx, err := e.Svc.CreateSite(e.Ctx, app.Site{Name: "Bronx", TimeZone: "America/New_York"})
	if err != nil {
		t.Fatal(err)
	}
	u := directorUI(t, e, size)
	u.dashboard.wait() // the report the director lands on
	carla := staff(t, e, "carla", "Carla Case", app.RoleCaseManager)
	dev := staff(t, e, "dev", "Dev Manager", app.RoleCaseManager)
	if err := e.Svc.SetWIOATargets(as(t, e, "admin"), app.WIOATargets{ProgramYear: 2025, EmploymentQ2: 0.71, EmploymentQ4: 0.695,
		MedianCents: 650000, Credential: 0.6}); err != nil {
		t.Fatal(err)
	}
	cm := as(t, e, "carla")
	person := func(first, last string, site int64, zip, language string) int64 {
		p, err := e.Svc.AddParticipant(e.Ctx, app.Participant{SiteID: site, FirstName: first, LastName: last, ZIP: zip, Language: language})
		if err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	saveCase := func(c app.FollowupCase) {
		t.Helper()
		if c.ExitReason == "" {
			c.ExitReason = "Completed services"
		}
		if _, err := e.Svc.SaveFollowupCase(cm, c); err != nil {
			t.Fatalf("case of %d: %v", c.ParticipantID, err)
		}
	}
	form := func(id int64, exit time.Time, quarter int, employed string, cents int64) {
		t.Helper()
		_, day := app.QuarterAfterExit(exit, quarter)
		f := app.FollowupForm{ParticipantID: id, Quarter: quarter, Day: day, Employed: employed, QuarterEarningsCents: cents}
		if employed == app.AnswerYes {
			f.Employer = "Eastside Clinic"
		}
		if _, err := e.Svc.RecordFollowupForm(cm, f); err != nil {
			t.Fatalf("form of %d: %v", id, err)
		}
	}
	stillEmployed := func(id int64, day time.Time) {
		t.Helper()
		if _, _, err := e.Svc.LogFollowupContact(cm, app.FollowupAttempt{ParticipantID: id, ContactID: app.NoFollowupContact, Day: day,
			Method: app.MethodPhone, Outcome: app.OutcomeReached, StillEmployed: app.AnswerYes}); err != nil {
			t.Fatalf("contact of %d: %v", id, err)
		}
	}
	ana := person("Ana", "Alvarez", e.Site.ID, "90031", "es")
	saveCase(app.FollowupCase{ParticipantID: ana, CaseManagerID: carla.ID, ExitDate: cal(2025, 8, 15),
		InTraining: true, CredentialType: "Certified Nursing Assistant", CredentialDate: cal(2026, 2, 1)})
	form(ana, cal(2025, 8, 15), 2, app.AnswerYes, 780001)
	form(ana, cal(2025, 8, 15), 4, app.AnswerYes, 0)
	ben := person("Ben", "Brown", e.Site.ID, "90031", "en")
	saveCase(app.FollowupCase{ParticipantID: ben, CaseManagerID: carla.ID, EmploymentStart: cal(2025, 7, 1), Employer: "Acme Logistics",
		WageCents: 2000, HoursPerWeek: 32, ExitDate: cal(2025, 9, 10), InTraining: true})
	stillEmployed(ben, cal(2026, 2, 10))
	form(ben, cal(2025, 9, 10), 4, app.AnswerNo, 0)
	carlos := person("Carlos", "Castro", e.Site.ID, "90032", "en")
	saveCase(app.FollowupCase{ParticipantID: carlos, CaseManagerID: dev.ID, ExitDate: cal(2025, 8, 1)})
	dina := person("Dina", "Diaz", e.Site.ID, "90032", "es")
	saveCase(app.FollowupCase{ParticipantID: dina, ExitDate: cal(2025, 9, 1), ExitReason: "Deceased", ExitExclusion: app.ExclusionDeceased})
	eva := person("Eva", "Estrada", bronx.ID, "10451", "es")
	saveCase(app.FollowupCase{ParticipantID: eva, CaseManagerID: dev.ID, ExitDate: cal(2026, 5, 20), InTraining: true})
	stillEmployed(eva, cal(2026, 11, 2))
	return u, e, bronx
}

// wioaTab shows the Reports tab's WIOA performance tab and waits for its
// preview.
func wioaTab(t *testing.T, u *UI) *wioaSection {
	t.Helper()
	d := u.dashboard
	if d == nil {
		t.Fatal("no Reports tab")
	}
	d.wait() // the report the director landed on
	for _, it := range u.tabs.Items {
		if it.Content == d.content {
			u.tabs.Select(it)
		}
	}
	for _, it := range d.views.Items {
		if it.Content == d.wioa.content {
			d.views.Select(it)
		}
	}
	d.wait()
	if d.wioa.prev == nil {
		t.Fatalf("no WIOA preview: %q", d.wioa.errLine.Text)
	}
	return d.wioa
}

// The WIOA tab of the Reports tab on the fixture of wioaUI: today's
// program year (2026) first; program year 2025's four indicators with
// their counts, negotiated levels, coverage, exclusions and "running";
// its breakdowns; a quarter, and one site; the people behind each count,
// audited; and no Reports tab for front desk or case manager accounts.
func TestWIOAPreviewSection(t *testing.T) {
	test.NewTempApp(t)
	u, e, bronx := wioaUI(t, fyne.NewSize(1280, 800))
	s := wioaTab(t, u)
	if q := s.prev.Query; q.Year != 2026 || q.Quarter != 0 || q.SiteID != 0 || s.prev.Overall.Exiters != 0 {
		t.Errorf("the first preview is %+v with %d exiters, want program year 2026 of all sites, nobody yet", q, s.prev.Overall.Exiters)
	}
	if !strings.Contains(test.RenderToMarkup(u.win.Canvas()), "No negotiated levels are entered for program year 2026") {
		t.Error("program year 2026 does not say it has no negotiated levels")
	}

	s.year.SetSelectedIndex(1) // 2025
	u.dashboard.wait()
	if s.year.Selected != "2025 (Jul 2025 – Jun 2026)" || s.prev.Query != (app.WIOAQuery{Year: 2025}) {
		t.Fatalf("program year 2025: %q, %+v", s.year.Selected, s.prev.Query)
	}
	if got, want := s.heading.Text, "Program year 2025 (Jul 1, 2025 – Jun 30, 2026) · All sites · as of Nov 20, 2026"; got != want {
		t.Errorf("heading %q, want %q", got, want)
	}
	running := " running: its period is not over yet"
	want := map[string]string{
		"employment_q2": "75.0%" + running + " | 3 of 4 employed | Negotiated level: 71.0% · reached | 1 with no information | 1 excluded: other reason for exit",
		"employment_q4": "25.0%" + running + " | 1 of 4 employed | Negotiated level: 69.5% · below it | 2 with no information | 1 excluded: other reason for exit",
		"earnings_q2": "$8,060.01" + running + " | 2 of 3 employed with earnings known | 1 of 2 estimated from wage × hours | " +
			"Negotiated level: $6,500.00 · reached | 1 employed with no earnings information",
		"credential": "33.3%" + running + " | 1 of 3 in training with a credential | Negotiated level: 60.0% · below it | 1 with no information | 1 excluded: other reason for exit",
	}
	for name, w := range want {
		if got := s.figures[name]; got != w {
			t.Errorf("%s:\n got %q\nwant %q", name, got, w)
		}
	}
	markup := test.RenderToMarkup(u.win.Canvas())
	for _, w := range []string{"5 people exited in this period.", "Employment rate, 2nd quarter after exit", ">75.0%<", ">$8,060.01<",
		"Negotiated level: 71.0% · reached", ">of 2 estimated from wage × hours<", "By case manager", "By ZIP code", "By language"} {
		if !strings.Contains(markup, w) {
			t.Errorf("%q is not on screen", w)
		}
	}
	if strings.Contains(markup, "No negotiated levels are entered") {
		t.Error("program year 2025 says it has no negotiated levels")
	}

	// the breakdowns: each rate with its counts, coverage under it, * for running
	heads := []string{"Exiters", "Employment, 2nd quarter", "Employment, 4th quarter", "Median earnings", "Credentials"}
	for key, rows := range map[string][][]string{
		"site": {
			append([]string{"Site"}, heads...),
			{"East LA WorkSource Center", "4 1 excluded", "66.7% · 2 of 3 1 with no information", "33.3% · 1 of 3 1 with no information",
				"$8,060.01 1 of 2 estimated", "50.0% · 1 of 2"},
			{"Bronx", "1", "100.0% * · 1 of 1", "0.0% * · 0 of 1 1 with no information", "— 1 with no information", "0.0% * · 0 of 1 1 with no information"},
		},
		"manager": {
			append([]string{"Case manager"}, heads...),
			{"Carla Case", "2", "100.0% · 2 of 2", "50.0% · 1 of 2", "$8,060.01 1 of 2 estimated", "50.0% · 1 of 2"},
			{"Dev Manager", "2", "50.0% * · 1 of 2 1 with no information", "0.0% * · 0 of 2 2 with no information", "— 1 with no information",
				"0.0% * · 0 of 1 1 with no information"},
			{"(none)", "1 1 excluded", "—", "—", "—", "—"},
		},
	} {
		got := bySiteRows(s.tables[key])
		if len(got) != len(rows) {
			t.Errorf("%s: rows %q, want %q", key, got, rows)
			continue
		}
		for i := range rows {
			if !slices.Equal(got[i], rows[i]) {
				t.Errorf("%s row %d:\n got %q\nwant %q", key, i, got[i], rows[i])
			}
		}
	}
	var zips, langs []string
	for _, r := range bySiteRows(s.tables["zip"])[1:] {
		zips = append(zips, r[0]+" "+r[1])
	}
	for _, r := range bySiteRows(s.tables["language"])[1:] {
		langs = append(langs, r[0]+" "+r[1])
	}
	if !slices.Equal(zips, []string{"90031 2", "90032 2 1 excluded", "10451 1"}) || !slices.Equal(langs, []string{"Spanish 3 1 excluded", "English 2"}) {
		t.Errorf("by ZIP %q, by language %q", zips, langs)
	}

	// the people behind each count, in the report's list dialog, audited
	for figure, names := range map[string][]string{
		app.WIOAEmployedQ2: {"Ana", "Ben", "Eva"}, app.WIOANoInfoQ2: {"Carlos"}, app.WIOAEmployedQ4: {"Ana"},
		app.WIOANoInfoQ4: {"Carlos", "Eva"}, app.WIOAEarningsEstimated: {"Ben"}, app.WIOAEarningsNoInfo: {"Eva"},
		app.WIOACredential: {"Ana"}, app.WIOACredentialNoInfo: {"Eva"}, app.WIOAExcluded: {"Dina"},
	} {
		b := s.drills[figure]
		if b == nil {
			t.Errorf("%s: no button", figure)
			continue
		}
		test.Tap(b)
		u.dashboard.wait()
		var got []string
		for _, p := range s.people {
			got = append(got, p.FirstName)
		}
		if !slices.Equal(got, names) {
			t.Errorf("%s lists %q, want %q", figure, got, names)
		}
		m := test.RenderToMarkup(u.win.Canvas())
		if !strings.Contains(m, fmt.Sprintf("Participants: %d. This list is recorded", len(names))) ||
			!strings.Contains(m, wioaFigureCaption(figure)+" · Program year 2025") {
			t.Errorf("%s: the list dialog is not shown", figure)
		}
		s.drill.Hide()
	}
	audit, err := e.Svc.AuditLog(e.Ctx, app.AuditFilter{Action: "wioa.drill"})
	if err != nil || len(audit) != len(app.WIOAFigures) || audit[0].Actor != "dora" {
		t.Errorf("wioa.drill entries: %+v %v", audit, err)
	}
	// a breakdown's counts list that group's people: the Bronx's one
	// exiter (Eva: employed in the 2nd quarter, nothing known of the 4th,
	// of her earnings or of a credential), and the case without a case
	// manager (Dina, excluded)
	for _, c := range []struct {
		table, group string
		buttons      []string // each count's figure, in the row's order
		names        []string
	}{
		{"site", "Bronx", []string{app.WIOAEmployedQ2, app.WIOANoInfoQ4, app.WIOAEarningsNoInfo, app.WIOACredentialNoInfo}, []string{"Eva"}},
		{"manager", "(none)", []string{app.WIOAExcluded}, []string{"Dina"}},
	} {
		bs := rowButtons(s.tables[c.table], c.group)
		if len(bs) != len(c.buttons) {
			t.Errorf("%s %s: %d counts list people, want %d", c.table, c.group, len(bs), len(c.buttons))
			continue
		}
		for i, b := range bs {
			test.Tap(b)
			u.dashboard.wait()
			var got []string
			for _, p := range s.people {
				got = append(got, p.FirstName)
			}
			if !slices.Equal(got, c.names) {
				t.Errorf("%s %s, count %d: lists %q, want %q", c.table, c.group, i+1, got, c.names)
			}
			if m := test.RenderToMarkup(u.win.Canvas()); !strings.Contains(m, wioaFigureCaption(c.buttons[i])+" · "+c.group+" · Program year 2025") {
				t.Errorf("%s %s, count %d: no list of %s", c.table, c.group, i+1, c.buttons[i])
			}
			s.drill.Hide()
		}
	}
	audit, err = e.Svc.AuditLog(e.Ctx, app.AuditFilter{Action: "wioa.drill"})
	if err != nil || len(audit) != len(app.WIOAFigures)+5 || !strings.Contains(audit[0].Detail, `figure=excluded site=0 cohort=2025-07-01..2026-06-30 by_case_manager="" count=1`) {
		t.Errorf("a group's wioa.drill entries: %d %+v %v", len(audit), audit[0], err)
	}

	// the first quarter of the year, over: Ana Ben Carlos Dina
	s.period.SetSelectedIndex(1)
	u.dashboard.wait()
	if s.period.Selected != "Q3 2025 (Jul–Sep)" || s.prev.Query != (app.WIOAQuery{Year: 2025, Quarter: 3}) {
		t.Fatalf("Q3 2025: %q, %+v", s.period.Selected, s.prev.Query)
	}
	for name, w := range map[string]string{
		"employment_q2": "66.7% | 2 of 3 employed | Negotiated level: 71.0% · below it | 1 with no information | 1 excluded: other reason for exit",
		"earnings_q2":   "$8,060.01 | 2 of 2 employed with earnings known | 1 of 2 estimated from wage × hours | Negotiated level: $6,500.00 · reached | 0 employed with no earnings information",
		"credential":    "50.0% | 1 of 2 in training with a credential | Negotiated level: 60.0% · below it | 0 with no information | 1 excluded: other reason for exit",
	} {
		if got := s.figures[name]; got != w {
			t.Errorf("Q3 2025 %s:\n got %q\nwant %q", name, got, w)
		}
	}
	if s.drills[app.WIOAEarningsNoInfo] != nil {
		t.Error("a zero lists people")
	}
	// another year keeps the place in the list: its own first quarter
	s.year.SetSelectedIndex(0)
	u.dashboard.wait()
	if s.period.Selected != "Q3 2026 (Jul–Sep)" || s.prev.Query != (app.WIOAQuery{Year: 2026, Quarter: 3}) {
		t.Errorf("program year 2026 after Q3 2025: %q, %+v", s.period.Selected, s.prev.Query)
	}

	// one site: the Bronx, program year 2025 (Eva); no by-site table
	s.year.SetSelectedIndex(1)
	s.period.SetSelectedIndex(0)
	s.site.SetSelectedIndex(slices.Index(s.siteIDs, bronx.ID))
	u.dashboard.wait()
	if s.prev.Query.SiteID != bronx.ID || s.prev.Overall.Exiters != 1 || !strings.HasPrefix(s.figures["employment_q2"], "100.0%") ||
		s.tables["site"] != nil || !strings.Contains(s.heading.Text, " · Bronx · ") {
		t.Errorf("the Bronx: %+v, %q, %q", s.prev.Query, s.figures["employment_q2"], s.heading.Text)
	}

	// neither a front desk nor a case manager account has the preview
	for name, role := range map[string]app.Role{"fred": app.RoleFrontDesk, "casey": app.RoleCaseManager} {
		u.signOut()
		staff(t, e, name, "Someone Else", role)
		signIn(t, u, name, deskPassword)
		if u.dashboard != nil || strings.Contains(test.RenderToMarkup(u.win.Canvas()), lang.L("WIOA performance")) {
			t.Errorf("a %s account sees the WIOA preview", role)
		}
	}
}

// The breakdowns show the largest groups only, and say how many there are.
func TestWIOABreakdownCap(t *testing.T) {
	test.NewTempApp(t)
	s := &wioaSection{tables: map[string]fyne.CanvasObject{}}
	var groups []app.WIOAGroup
	for i := range 40 {
		groups = append(groups, app.WIOAGroup{Key: fmt.Sprint(90000 + i), Label: fmt.Sprint(90000 + i), WIOAIndicators: app.WIOAIndicators{Exiters: 50 - i}})
	}
	s.groupTable("zip", "By ZIP code", "ZIP code", groups, func(g app.WIOAGroup) string { return g.Label })
	rows := bySiteRows(s.tables["zip"])
	if len(rows) != 1+maxWIOAGroups || rows[1][0] != "90000" || rows[maxWIOAGroups][0] != "90014" {
		t.Errorf("%d rows, first %q, last %q", len(rows), rows[1], rows[len(rows)-1])
	}
	if !strings.Contains(fmt.Sprint(texts(s.tables["zip"])), "The 15 largest of 40 are shown.") {
		t.Error("the note on the rows left out is missing")
	}
}

// An administrator enters a program year's negotiated levels on the Staff
// tab: the year's levels load, bad input is refused with nothing saved,
// and a save is audited and reads back.
func TestWIOATargetsForm(t *testing.T) {
	test.NewTempApp(t)
	e := datatest.New(t)
	e.Clock = wioaToday
	u := signedInAs(t, e, "ana", app.RoleAdministrator)
	old := app.WIOATargets{ProgramYear: 2025, EmploymentQ2: 0.71, EmploymentQ4: 0.695, MedianCents: 650000, Credential: 0.6}
	if err := e.Svc.SetWIOATargets(as(t, e, "ana"), old); err != nil {
		t.Fatal(err)
	}
	var open *widget.Button
	for _, o := range test.LaidOutObjects(u.staff.content) {
		if b, ok := o.(*widget.Button); ok && b.Text == "WIOA negotiated levels…" {
			open = b
		}
	}
	if open == nil {
		t.Fatal("no WIOA negotiated levels button on the Staff tab")
	}
	test.Tap(open)
	d := u.staff.targets
	if d == nil || d.year.Selected != "2026 (Jul 2026 – Jun 2027)" || d.q2.Text != "" || d.median.Text != "" {
		t.Fatalf("the dialog opens on %q with %q %q, want 2026, empty", d.year.Selected, d.q2.Text, d.median.Text)
	}
	d.year.SetSelected("2025 (Jul 2025 – Jun 2026)")
	if got := []string{d.q2.Text, d.q4.Text, d.median.Text, d.cred.Text}; !slices.Equal(got, []string{"71", "69.5", "6,500.00", "60"}) {
		t.Errorf("program year 2025 loads %q", got)
	}
	audits := func() int {
		a, err := e.Svc.AuditLog(e.Ctx, app.AuditFilter{Action: "wioa.targets"})
		if err != nil {
			t.Fatal(err)
		}
		return len(a)
	}
	before := audits()
	for _, c := range []struct{ q2, median, cred, msg string }{
		{"abc", "6500", "60", "Employment rate, 2nd quarter after exit: “abc” is not a percentage from 0 to 100."},
		{"101", "6500", "60", "“101” is not a percentage from 0 to 100"},
		{"72", "6500", "-5", "Credential attainment rate: “-5” is not a percentage"},
		{"72", "12.345", "60", "is not an amount of dollars"},
		{"72", "200000", "60", "Median earnings must be from $0 to $100,000 a quarter."},
	} {
		d.q2.SetText(c.q2)
		d.median.SetText(c.median)
		d.cred.SetText(c.cred)
		test.Tap(d.dlg.confirm)
		if !strings.Contains(d.errLine.Text, c.msg) {
			t.Errorf("%+v: %q", c, d.errLine.Text)
		}
		if got, _ := e.Svc.WIOATargetsFor(e.Ctx, 2025); got != old {
			t.Errorf("%+v saved %+v", c, got)
		}
	}
	if audits() != before || len(u.win.Canvas().Overlays().List()) == 0 {
		t.Fatal("bad input was recorded, or closed the dialog")
	}
	d.q2.SetText("72.5%")
	d.q4.SetText("")
	d.median.SetText("$7,000")
	d.cred.SetText("61,5")
	test.Tap(d.dlg.confirm)
	want := app.WIOATargets{ProgramYear: 2025, EmploymentQ2: 0.725, MedianCents: 700000, Credential: 0.615}
	if got, err := e.Svc.WIOATargetsFor(e.Ctx, 2025); err != nil || got != want {
		t.Fatalf("saved %+v %v, want %+v (%q)", got, err, want, d.errLine.Text)
	}
	if len(u.win.Canvas().Overlays().List()) != 0 {
		t.Error("the dialog stayed open after saving")
	}
	a, err := e.Svc.AuditLog(e.Ctx, app.AuditFilter{Action: "wioa.targets"})
	if err != nil || len(a) != before+1 || a[0].Actor != "ana" ||
		a[0].Detail != "PY 2025: Q2 71.0%, Q4 69.5%, median $6,500.00, credential 60.0% → Q2 72.5%, Q4 0.0%, median $7,000.00, credential 61.5%" {
		t.Errorf("audit %+v %v", a, err)
	}
	// opened again, the year reads back as saved
	test.Tap(open)
	d = u.staff.targets
	d.year.SetSelected("2025 (Jul 2025 – Jun 2026)")
	if got := []string{d.q2.Text, d.q4.Text, d.median.Text, d.cred.Text}; !slices.Equal(got, []string{"72.5", "", "7,000.00", "61.5"}) {
		t.Errorf("program year 2025 reads back %q", got)
	}
}

// The WIOA tab at 1024×600 in English and Spanish: the window asks for no
// more width, no heading, caption or figure is cut, and the Spanish words
// are the glossary's; Show, Export Excel… and Print PDF… are whole in the
// window, and so is the message of a file that could not be written.
// FRONTDESK_REPORT_SHOTS=DIR keeps screenshots of that message, the top of
// the tab, the PDF's saved-file dialog and the line saying where it went,
// the indicators, the breakdowns, a list of people, the Staff tab and the
// targets dialog in each language.
func TestWIOAPreviewFits(t *testing.T) {
	for _, code := range []string{"en", "es"} {
		t.Run(code, func(t *testing.T) {
			a := test.NewTempApp(t)
			if code == "es" {
				inSpanish(t)
			}
			inLanguage(t, code)
			dir := os.Getenv("FRONTDESK_REPORT_SHOTS")
			if dir != "" {
				a.Settings().SetTheme(theme.DefaultTheme())
			}
			size := fyne.NewSize(1024, 600)
			u, _, _ := wioaUI(t, size)
			s := wioaTab(t, u)
			s.year.SetSelectedIndex(1)
			u.dashboard.wait()
			u.win.Resize(fyne.NewSize(1023, 600))
			u.win.Resize(size)
			if sz := u.win.Content().MinSize(); sz.Width > size.Width {
				t.Errorf("the window needs %.0f px, more than 1024: %s", sz.Width, widest(u.win.Content(), 1024))
			}
			if code == "es" {
				for name, w := range map[string]string{"employment_q2": "Nivel negociado: 71.0% · alcanzado", "credential": "sin información",
					"earnings_q2": "con empleo sin información de ingresos"} {
					if !strings.Contains(s.figures[name], w) {
						t.Errorf("%s in Spanish: %q, want %q in it", name, s.figures[name], w)
					}
				}
				m := test.RenderToMarkup(u.win.Canvas())
				for _, w := range []string{"Año del programa 2025", "Tasa de empleo, 2.º trimestre después de la salida", "Mediana de ingresos, 2.º trimestre después de la salida",
					"Tasa de obtención de credenciales"} {
					if !strings.Contains(m, w) {
						t.Errorf("%q is not on screen", w)
					}
				}
			}
			var walk func(o fyne.CanvasObject)
			walk = func(o fyne.CanvasObject) {
				switch o := o.(type) {
				case *widget.Label:
					if o.Truncation == fyne.TextTruncateEllipsis || o.Wrapping != fyne.TextWrapOff || !o.Visible() {
						return // a name, which may be cut; a wrapped line
					}
					for _, line := range strings.Split(o.Text, "\n") {
						need := fyne.MeasureText(line, theme.TextSize(), o.TextStyle).Width + 2*theme.InnerPadding()
						if o.Size().Width+0.5 < need {
							t.Errorf("%q has %.0f px of the %.0f it needs: it is cut", line, o.Size().Width, need)
						}
					}
				case *numberButton:
					if o.Size().Width+0.5 < o.MinSize().Width {
						t.Errorf("the count %q is cut", o.text)
					}
				case *fyne.Container:
					for _, k := range o.Objects {
						walk(k)
					}
				}
			}
			walk(s.body)
			if s.heading.Size().Width < s.heading.MinSize().Width {
				t.Errorf("the heading %q is cut", s.heading.Text)
			}
			// Show, Export Excel… and Print PDF… whole in the window
			drv := fyne.CurrentApp().Driver()
			for _, b := range []*widget.Button{s.show, s.excel, s.print} {
				pos, sz := drv.AbsolutePositionForObject(b), b.Size()
				if !b.Visible() || pos.X < 0 || pos.X+sz.Width > size.Width || pos.Y+sz.Height > size.Height || sz.Width+0.5 < b.MinSize().Width {
					t.Errorf("%q is at %v, %v in the window of %v (it needs %v)", b.Text, pos, sz, size, b.MinSize())
				}
			}
			// a folder that cannot be made: the message, long with its
			// paths, wraps rather than widen the window
			blocker := filepath.Join(t.TempDir(), "a file")
			if err := os.WriteFile(blocker, nil, 0o600); err != nil {
				t.Fatal(err)
			}
			u.setPrintDir(printoutReport, filepath.Join(blocker, "WIOA reports"))
			test.Tap(s.excel)
			u.dashboard.wait()
			u.win.Resize(fyne.NewSize(1023, 600))
			u.win.Resize(size)
			if sz := u.win.Content().MinSize(); !s.errLine.Visible() || sz.Width > size.Width {
				t.Errorf("the failure %q (shown %v): the window needs %.0f px", s.errLine.Text, s.errLine.Visible(), sz.Width)
			}
			if dir != "" {
				saveScreenshot(t, u.win, filepath.Join(dir, code+"-wioa-failed.png"))
			}
			u.setPrintDir(printoutReport, "") // beside the database again
			// the Staff tab, with its WIOA negotiated levels button
			u.signOut()
			signIn(t, u, "admin", deskPassword)
			if sz := u.win.Content().MinSize(); sz.Width > size.Width {
				t.Errorf("the administrator's window needs %.0f px, more than 1024: %s", sz.Width, widest(u.win.Content(), 1024))
			}
			if dir == "" {
				return
			}
			u.signOut()
			signIn(t, u, "dora", deskPassword)
			s = wioaTab(t, u)
			s.year.SetSelectedIndex(1)
			u.dashboard.wait()
			scroll := s.content.(*fyne.Container).Objects[1].(*container.Scroll)
			shot := func(name string) { saveScreenshot(t, u.win, filepath.Join(dir, code+"-wioa-"+name+".png")) }
			shot("top")
			test.Tap(s.print)
			u.dashboard.wait()
			u.printQ.wait()
			shot("printed")
			test.Tap(u.printed.close)
			shot("written")
			scroll.ScrollToOffset(fyne.NewPos(0, 330))
			shot("cards")
			scroll.ScrollToOffset(fyne.NewPos(0, s.tables["manager"].Position().Y-120))
			shot("tables")
			test.Tap(s.drills[app.WIOANoInfoQ4])
			u.dashboard.wait()
			shot("drill")
			s.drill.Hide()
			u.signOut()
			signIn(t, u, "admin", deskPassword)
			for _, it := range u.tabs.Items {
				if it.Content == u.staff.content {
					u.tabs.Select(it)
				}
			}
			shot("staff")
			u.staff.targets = openWIOATargets(u)
			u.staff.targets.year.SetSelectedIndex(2)
			u.staff.targets.q2.SetText("abc")
			test.Tap(u.staff.targets.dlg.confirm)
			shot("targets")
		})
	}
}

// Export Excel… and Print PDF… on the WIOA tab write the preview shown:
// disabled before there is one; the workbook of program year 2025 (all
// sites) beside the database, handed to the viewer and moved by the saved
// file's dialog to another folder, which the PDF of Q2 2026 at the Bronx
// then goes to; each read back (the cohort and a rate in the workbook, the
// heading and a figure on the page) and audited as wioa.output. A folder
// that cannot be written says so, and leaves no file and no audit entry.
func TestWIOAExportAndPrint(t *testing.T) {
	test.NewTempApp(t)
	u, e, bronx := wioaUI(t, fyne.NewSize(1280, 800))
	v := &opener{}
	u.opts.Open = v.open
	if w := u.dashboard.wioa; !w.excel.Disabled() || !w.print.Disabled() {
		t.Fatal("Export Excel… or Print PDF… is enabled before a preview is shown")
	}
	s := wioaTab(t, u)
	if s.excel.Disabled() || s.print.Disabled() || s.excel.Text != "Export Excel…" || s.print.Text != "Print PDF…" {
		t.Fatalf("with a preview shown: %q disabled %v, %q disabled %v", s.excel.Text, s.excel.Disabled(), s.print.Text, s.print.Disabled())
	}
	s.year.SetSelectedIndex(1) // program year 2025, all sites
	u.dashboard.wait()
	write := func(b *widget.Button) string {
		t.Helper()
		test.Tap(b)
		u.dashboard.wait()
		u.printQ.wait()
		if s.errLine.Visible() {
			t.Fatalf("%s: %s", b.Text, s.errLine.Text)
		}
		if !s.done.Visible() || s.done.Text != "Written to "+s.last {
			t.Errorf("%s: the line under the heading says %q (shown %v)", b.Text, s.done.Text, s.done.Visible())
		}
		if u.printed == nil || u.printed.path != s.last || u.printed.kind != printoutReport || v.last() != s.last {
			t.Fatalf("%s: no saved-file dialog for %q, or not handed to the viewer (%q)", b.Text, s.last, v.last())
		}
		return s.last
	}
	book := write(s.excel)
	if book != filepath.Join(u.opts.CardDir, "wioa-PY2025.xlsx") {
		t.Errorf("the workbook is %q, want wioa-PY2025.xlsx beside the database", book)
	}
	// Save to another folder… in the saved-file dialog
	chosen := filepath.Join(t.TempDir(), "WIOA reports")
	if err := os.Mkdir(chosen, 0o700); err != nil {
		t.Fatal(err)
	}
	u.printed.moveToFolder(chosen)
	book = filepath.Join(chosen, "wioa-PY2025.xlsx")
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatalf("the workbook in the folder chosen: %v", err)
	}
	cell := func(ref string) string {
		v, err := f.GetCellValue(xlsx.ReportWIOASheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	row := strconv.Itoa(xlsx.WIOAIndicatorsHeaderRow + 1) // the 2nd quarter's employment rate
	for ref, want := range map[string]string{"B1": "PY 2025 (Jul 1, 2025 – Jun 30, 2026)", "B2": "All sites",
		"A" + row: "Employment rate, 2nd quarter after exit", "B" + row: "75.0%", "C" + row: "3", "D" + row: "4"} {
		if got := cell(ref); got != want {
			t.Errorf("workbook %s = %q, want %q", ref, got, want)
		}
	}
	f.Close()

	// the second quarter of 2026 at the Bronx (Eva), to the folder chosen
	s.period.SetSelectedIndex(4)
	s.site.SetSelectedIndex(slices.Index(s.siteIDs, bronx.ID))
	u.dashboard.wait()
	if s.prev.Query != (app.WIOAQuery{Year: 2026, Quarter: 2, SiteID: bronx.ID}) {
		t.Fatalf("Q2 2026 at the Bronx: %+v", s.prev.Query)
	}
	page := write(s.print)
	if want := filepath.Join(chosen, fmt.Sprintf("wioa-2026-Q2-bronx-%d.pdf", bronx.ID)); page != want {
		t.Errorf("the PDF is %q, want %q", page, want)
	}
	if pdftotext, err := exec.LookPath("pdftotext"); err == nil {
		out, err := exec.Command(pdftotext, "-layout", page, "-").Output()
		text := string(out)
		for _, w := range []string{"WIOA performance preview", "2026 Q2 (Apr 1 – Jun 30, 2026)", "Bronx", "100.0%"} {
			if err != nil || !strings.Contains(text, w) {
				t.Errorf("no %q on the page (%v):\n%s", w, err, text)
			}
		}
	} else if os.Getenv("FRONTDESK_REQUIRE_TOOLS") == "1" {
		t.Fatal("pdftotext is required but not installed (apt-get install poppler-utils)")
	} else if b, err := os.ReadFile(page); err != nil || !strings.HasPrefix(string(b), "%PDF") {
		t.Fatalf("the PDF: %v", err)
	}
	outputs := func() []string {
		t.Helper()
		a, err := e.Svc.AuditLog(e.Ctx, app.AuditFilter{Action: "wioa.output"})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, x := range a {
			got = append(got, x.Actor+" "+x.Detail)
		}
		slices.Sort(got)
		return got
	}
	want := []string{fmt.Sprintf("dora pdf site=%d cohort=2026-04-01..2026-06-30", bronx.ID), "dora xlsx site=0 cohort=2025-07-01..2026-06-30"}
	if got := outputs(); !slices.Equal(got, want) {
		t.Errorf("wioa.output entries %q, want %q", got, want)
	}

	// a folder that cannot be written: a read-only one, or for root (whom
	// permissions do not stop) one that cannot be made, under a file
	stuck := filepath.Join(t.TempDir(), "read-only")
	if err := os.Mkdir(stuck, 0o500); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(stuck, 0o700) })
	if os.Geteuid() == 0 {
		if err := os.WriteFile(filepath.Join(stuck, "not a folder"), nil, 0o600); err != nil {
			t.Fatal(err)
		}
		stuck = filepath.Join(stuck, "not a folder", "reports")
	}
	u.setPrintDir(printoutReport, stuck)
	before := u.printed
	for _, b := range []*widget.Button{s.excel, s.print} {
		test.Tap(b)
		u.dashboard.wait()
		u.printQ.wait()
		if !s.errLine.Visible() || !strings.HasPrefix(s.errLine.Text, "Cannot ") || !strings.Contains(s.errLine.Text, stuck) || s.done.Visible() {
			t.Errorf("%s into %s: the error line says %q (shown %v), the written line %q (shown %v)", b.Text, stuck,
				s.errLine.Text, s.errLine.Visible(), s.done.Text, s.done.Visible())
		}
	}
	if u.printed != before {
		t.Errorf("a saved-file dialog for %q after the failure", u.printed.path)
	}
	left, there := stuck, []string(nil)
	if os.Geteuid() == 0 {
		left, there = filepath.Dir(filepath.Dir(stuck)), []string{"not a folder"} // beside the file in the way
	}
	ents, err := os.ReadDir(left)
	var names []string
	for _, d := range ents {
		names = append(names, d.Name())
	}
	if err != nil || !slices.Equal(names, there) {
		t.Errorf("in %s after the failure: %q (%v), want %q", left, names, err, there)
	}
	if got := outputs(); !slices.Equal(got, want) {
		t.Errorf("a failure was audited: %q", got)
	}
}

// rowButtons are the counts that list people in the row of table whose
// first cell reads group, in the row's order.
func rowButtons(table fyne.CanvasObject, group string) []*numberButton {
	var out []*numberButton
	var collect func(o fyne.CanvasObject)
	collect = func(o fyne.CanvasObject) {
		switch o := o.(type) {
		case *numberButton:
			out = append(out, o)
		case *fyne.Container:
			for _, k := range o.Objects {
				collect(k)
			}
		}
	}
	eachTableRow(table, func(cells []fyne.CanvasObject) {
		if len(cells) > 0 && cellText(cells[0]) == group {
			for _, cell := range cells[1:] {
				collect(cell)
			}
		}
	})
	return out
}
