package main

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"frontdesk/app"
	"frontdesk/app/xlsx"
	"frontdesk/data"
	"frontdesk/data/datatest"
)

// The passwords of the WIOA tests' director, dev, and case manager, carla.
const (
	devPW   = "reads the preview daily"
	carlaPW = "keeps the follow-up file"
)

// wioaDB makes a database at a fixed clock (Dec 15, 2027) with two sites,
// East LA and the Bronx, and four exits of PY 2025 recorded through the
// services as case managers record them (app/wioareport_test.go's A, B, C
// and E):
//
//   - A (East LA, 90031, Spanish, Carla): exit Mar 31, 2026; employed in
//     the 2nd quarter after exit, its earnings $7,800.01 on the Q2 form,
//     and in the 4th (a contact in Feb 2027); in training, a credential
//     within the year;
//   - B (East LA, 90031, English, Dev): exit Apr 1, 2026; a job since Mar
//     1, 2026 at $20.00 × 32 h (estimated $8,320.00), employed in the 2nd
//     quarter (a contact on Dec 31), not in the 4th (its form); in
//     training, the credential a day too late;
//   - C (the Bronx, 10451, Spanish, nobody's): exit Jun 30, 2026, nothing
//     recorded;
//   - E (the Bronx, 10451, English, Carla): exit May 15, 2026, deceased
//     (excluded).
//
// PY 2025's negotiated levels: Q2 70%, Q4 30%, median $8,000.00, credential
// 50%. Every period is over by Dec 15, 2027. The director dev signs in
// with devPW, the case manager carla with carlaPW.
func wioaDB(t *testing.T) string {
	t.Helper()
	now := time.Date(2027, 12, 15, 17, 0, 0, 0, time.UTC)
	fixClock(t, &now)
	db := datatest.NewDatabase(t)
	local := app.WithActor(context.Background(), app.LocalOperator)
	st, err := data.Open(local, db, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	svc := app.NewService(st, func() time.Time { return now })
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	la, err := svc.CreateSite(local, app.Site{Name: "East LA WorkSource Center", TimeZone: "America/Los_Angeles"})
	must("site", err)
	bronx, err := svc.CreateSite(local, app.Site{Name: "Bronx", TimeZone: "America/New_York"})
	must("site", err)
	dates := now.AddDate(0, -1, 0)
	_, _, err = svc.CreateFirstAdministrator(local, app.NewStaff{Username: "admin", DisplayName: "Rosa Admin", Password: adminPW,
		ConfidentialitySigned: &dates, TrainingCompleted: &dates})
	must("admin", err)
	staff := map[string]int64{}
	for _, s := range []struct {
		user, name, pw string
		roles          []app.Role
	}{{"carla", "Carla Ruiz", carlaPW, []app.Role{app.RoleCaseManager}}, {"dev", "Dev Patel", devPW, []app.Role{app.RoleCaseManager, app.RoleDirector}}} {
		made, err := svc.CreateStaff(local, app.NewStaff{Username: s.user, DisplayName: s.name, Roles: s.roles, Password: tempPW,
			ConfidentialitySigned: &dates, TrainingCompleted: &dates})
		must(s.user, err)
		staff[s.user] = made.ID
		sess, err := svc.SignIn(context.Background(), s.user, tempPW)
		must("sign in "+s.user, err)
		_, err = svc.ChangePassword(app.WithActor(context.Background(), sess.Actor), tempPW, s.pw)
		must("password "+s.user, err)
	}
	must("levels", svc.SetWIOATargets(local, app.WIOATargets{ProgramYear: 2025, EmploymentQ2: 0.70, EmploymentQ4: 0.30,
		MedianCents: 800000, Credential: 0.50}))

	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	type exit struct {
		name     string
		site     int64
		zip      string
		lang     string
		manager  string
		c        app.FollowupCase
		forms    []app.FollowupForm
		contacts []app.FollowupAttempt
	}
	exits := []exit{
		{"A", la.ID, "90031", "es", "carla",
			app.FollowupCase{ExitDate: day(2026, 3, 31), InTraining: true, CredentialType: "Certified Nursing Assistant", CredentialDate: day(2027, 3, 31)},
			[]app.FollowupForm{{Quarter: 2, Employed: app.AnswerYes, Employer: "Clinic", QuarterEarningsCents: 780001}},
			[]app.FollowupAttempt{{Day: day(2027, 2, 10), StillEmployed: app.AnswerYes}}},
		{"B", la.ID, "90031", "en", "dev",
			app.FollowupCase{ExitDate: day(2026, 4, 1), EmploymentStart: day(2026, 3, 1), Employer: "Acme", WageCents: 2000, HoursPerWeek: 32,
				InTraining: true, CredentialType: "Forklift operator", CredentialDate: day(2027, 4, 2)},
			[]app.FollowupForm{{Quarter: 4, Employed: app.AnswerNo}},
			[]app.FollowupAttempt{{Day: day(2026, 12, 31), StillEmployed: app.AnswerYes}, {Day: day(2027, 1, 1), StillEmployed: app.AnswerNo}}},
		{"C", bronx.ID, "10451", "es", "", app.FollowupCase{ExitDate: day(2026, 6, 30)}, nil, nil},
		{"E", bronx.ID, "10451", "en", "carla", app.FollowupCase{ExitDate: day(2026, 5, 15), ExitExclusion: app.ExclusionDeceased},
			[]app.FollowupForm{{Quarter: 2, Employed: app.AnswerYes, Employer: "Deli", QuarterEarningsCents: 100}}, nil},
	}
	for _, x := range exits {
		p, err := svc.AddParticipant(local, app.Participant{SiteID: x.site, FirstName: x.name, LastName: "Exit", ZIP: x.zip, Language: x.lang})
		must("participant "+x.name, err)
		c := x.c
		c.ParticipantID, c.CaseManagerID, c.ExitReason = p.ID, staff[x.manager], "Completed services"
		_, err = svc.SaveFollowupCase(local, c)
		must("case "+x.name, err)
		for _, f := range x.forms {
			f.ParticipantID = p.ID
			_, f.Day = app.QuarterAfterExit(c.ExitDate, f.Quarter)
			_, err := svc.RecordFollowupForm(local, f)
			must("form "+x.name, err)
		}
		for _, a := range x.contacts {
			a.ParticipantID, a.ContactID, a.Method, a.Outcome = p.ID, app.NoFollowupContact, app.MethodPhone, app.OutcomeReached
			_, _, err := svc.LogFollowupContact(local, a)
			must("contact "+x.name, err)
		}
	}
	return db
}

// TestReportWIOACommand: report --wioa --json gives PY 2025's indicators and
// breakdowns, worked out by hand (see wioaDB), with the negotiated levels
// and whether each is met, under snake_case keys in order; printed, the
// same figures; --out writes the workbook's sheet and the printed pages,
// each audited (wioa.output) while printing is not; a quarter and the
// default program year (today's, PY 2027: nobody yet).
func TestReportWIOACommand(t *testing.T) {
	db := wioaDB(t)
	dir := t.TempDir()
	dev := func(args ...string) string {
		t.Helper()
		return mustAs(t, db, "dev", devPW, append([]string{"report", "--wioa"}, args...)...)
	}

	out := dev("--year", "2025", "--json")
	var got map[string]any
	jsonOut(t, out, &got)
	rate := func(r, num, den, noInfo, excl float64, target *float64, meets *bool) map[string]any {
		m := map[string]any{"rate": r, "numerator": num, "denominator": den, "no_information": noInfo, "excluded": excl, "complete": true}
		if target != nil {
			m["target"], m["meets_target"] = *target, *meets
		}
		return m
	}
	earnings := func(median, employed, known, est, noInfo, excl float64, target *float64, meets *bool) map[string]any {
		m := map[string]any{"median_cents": median, "employed": employed, "known": known, "estimated": est, "no_information": noInfo,
			"excluded": excl, "complete": true}
		if target != nil {
			m["target_cents"], m["meets_target"] = *target, *meets
		}
		return m
	}
	f := func(v float64) *float64 { return &v }
	b := func(v bool) *bool { return &v }
	want := map[string]any{
		"cohort": "PY 2025 (Jul 1, 2025 – Jun 30, 2026)", "year": 2025.0, "site": 0.0,
		"first_exit": "2025-07-01", "last_exit": "2026-06-30", "as_of": "2027-12-15", "levels_program_year": 2025.0,
		"overall": map[string]any{
			"exiters":       4.0,
			"employment_q2": rate(2.0/3, 2, 3, 1, 1, f(0.70), b(false)),
			"employment_q4": rate(1.0/3, 1, 3, 1, 1, f(0.30), b(true)),
			"earnings_q2":   earnings(806001, 2, 2, 1, 0, 1, f(800000), b(true)),
			"credential":    rate(0.5, 1, 2, 0, 1, f(0.50), b(true)), // 50.0% meets 50% exactly
		},
		"by_site": []any{
			// two exiters each: by name
			map[string]any{"key": "2", "label": "Bronx", "exiters": 2.0,
				"employment_q2": rate(0, 0, 1, 1, 1, nil, nil), "employment_q4": rate(0, 0, 1, 1, 1, nil, nil),
				"earnings_q2": earnings(0, 0, 0, 0, 0, 1, nil, nil), "credential": rate(0, 0, 0, 0, 1, nil, nil)},
			map[string]any{"key": "1", "label": "East LA WorkSource Center", "exiters": 2.0,
				"employment_q2": rate(1, 2, 2, 0, 0, nil, nil), "employment_q4": rate(0.5, 1, 2, 0, 0, nil, nil),
				"earnings_q2": earnings(806001, 2, 2, 1, 0, 0, nil, nil), "credential": rate(0.5, 1, 2, 0, 0, nil, nil)},
		},
	}
	for k, v := range want {
		if !reflect.DeepEqual(got[k], v) {
			t.Errorf("%s:\n got %#v\nwant %#v", k, got[k], v)
		}
	}
	groups := func(key string) string {
		var s []string
		for _, g := range got[key].([]any) {
			m := g.(map[string]any)
			s = append(s, m["key"].(string)+"="+m["label"].(string)+"/"+itoa(int64(m["exiters"].(float64))))
		}
		return strings.Join(s, " ")
	}
	carla := regexp.MustCompile(`"key": "(\d+)",\s+"label": "Carla Ruiz"`).FindStringSubmatch(out)
	if carla == nil {
		t.Fatalf("no Carla in by_case_manager:\n%s", out)
	}
	devKey := regexp.MustCompile(`"key": "(\d+)",\s+"label": "Dev Patel"`).FindStringSubmatch(out)
	for key, want := range map[string]string{
		"by_case_manager": carla[1] + "=Carla Ruiz/2 =(none)/1 " + devKey[1] + "=Dev Patel/1",
		"by_zip":          "10451=10451/2 90031=90031/2",
		"by_language":     "en=English/2 es=Spanish/2",
	} {
		if g := groups(key); g != want {
			t.Errorf("%s: %s, want %s", key, g, want)
		}
	}
	// the keys in order
	last := -1
	for _, k := range []string{`"cohort"`, `"as_of"`, `"overall"`, `"exiters"`, `"employment_q2"`, `"employment_q4"`, `"earnings_q2"`,
		`"credential"`, `"by_site"`, `"by_case_manager"`, `"by_zip"`, `"by_language"`} {
		i := strings.Index(out, k)
		if i < last {
			t.Errorf("%s is out of order in\n%s", k, out)
		}
		last = i
	}
	if _, ok := got["out"]; ok {
		t.Error("out without --out")
	}

	// printed
	text := dev("--year", "2025")
	for _, want := range []string{
		`(?m)^WIOA performance preview: PY 2025 \(Jul 1, 2025 – Jun 30, 2026\)$`,
		`(?m)^All sites · 4 exiters · figures as of 2027-12-15 · negotiated levels of PY 2025$`,
		`(?m)^Employment rate, 2nd quarter after exit\s+66\.7%\s+2\s+3\s+1\s+1\s+70\.0%\s+no\s+complete\s*$`,
		`(?m)^Employment rate, 4th quarter after exit\s+33\.3%\s+1\s+3\s+1\s+1\s+30\.0%\s+yes\s+complete\s*$`,
		`(?m)^Median earnings, 2nd quarter after exit\s+\$8,060\.01\s+2\s+2\s+0\s+1\s+\$8,000\.00\s+yes\s+complete \(1 estimated\)\s*$`,
		`(?m)^Credential attainment\s+50\.0%\s+1\s+2\s+0\s+1\s+50\.0%\s+yes\s+complete\s*$`,
		`(?m)^By site\n  Site\s+Exiters\s+Employment Q2\s+Employment Q4\s+Median earnings Q2\s+Credential\s*\n  Bronx\s+2\s+0\.0% \(0 of 1 · 1 no info\)\s+0\.0% \(0 of 1 · 1 no info\)\s+— \(0 of 0 · 0 no info\)\s+— \(0 of 0 · 0 no info\)\s*$`,
		`(?m)^  East LA WorkSource Center\s+2\s+100\.0% \(2 of 2 · 0 no info\)\s+50\.0% \(1 of 2 · 0 no info\)\s+\$8,060\.01 \(2 of 2 · 0 no info\)\s+50\.0% \(1 of 2 · 0 no info\)\s*$`,
		`(?m)^By case manager\n  Case manager\s+Exiters`, `(?m)^  \(none\)\s+1\s`,
		`(?m)^By ZIP code$`, `(?m)^By language\n  Language\s+Exiters.*\n  English\s+2\s`,
		regexp.QuoteMeta(app.WIOANoInfoNote), regexp.QuoteMeta("* " + app.WIOARunningNote),
	} {
		if !regexp.MustCompile(want).MatchString(text) {
			t.Errorf("no %q in\n%s", want, text)
		}
	}
	if audit := mustAs(t, db, "admin", adminPW, "audit", "list", "--action", "wioa."); strings.Contains(audit, "wioa.output") {
		t.Errorf("printing the preview was audited: %s", audit)
	}

	// the files: the workbook's sheet and the printed pages, audited
	book := filepath.Join(dir, "wioa.xlsx")
	out = dev("--year", "2025", "--out", book)
	if !strings.Contains(out, "Wrote the WIOA preview to "+book) {
		t.Errorf("--out: %s", out)
	}
	x, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for ref, want := range map[string]string{"B1": "PY 2025 (Jul 1, 2025 – Jun 30, 2026)", "B9": "66.7%", "G9": "70.0%", "H9": "No",
		"B11": "$8,060.01", "H12": "Yes", "B17": "Bronx", "B18": "East LA WorkSource Center"} {
		if v, _ := x.GetCellValue(xlsx.ReportWIOASheet, ref); v != want {
			t.Errorf("the workbook's %s = %q, want %q", ref, v, want)
		}
	}
	page := filepath.Join(dir, "wioa.pdf")
	var j struct{ Out string }
	jsonOut(t, dev("--year", "2025", "--site", "1", "--out", page, "--json"), &j)
	if b, err := os.ReadFile(page); err != nil || !strings.HasPrefix(string(b), "%PDF") || j.Out != page {
		t.Errorf("the PDF: %v, out %q", err, j.Out)
	}
	audit := mustAs(t, db, "admin", adminPW, "audit", "list", "--action", "wioa.output")
	for _, want := range []string{"xlsx site=0 cohort=2025-07-01..2026-06-30", "pdf site=1 cohort=2025-07-01..2026-06-30", "dev"} {
		if !strings.Contains(audit, want) {
			t.Errorf("no %q in the audit:\n%s", want, audit)
		}
	}

	// one site; a quarter; today's program year
	var one wioaProbe
	jsonOut(t, dev("--year", "2025", "--site", "1", "--json"), &one)
	if one.Site != 1 || one.Overall.Exiters != 2 || len(one.BySite) != 1 {
		t.Errorf("East LA alone: %+v", one)
	}
	var q wioaProbe
	jsonOut(t, dev("--year", "2026", "--quarter", "2", "--json"), &q)
	if q.Cohort != "2026 Q2 (Apr 1 – Jun 30, 2026)" || q.Quarter != 2 || q.Overall.Exiters != 3 {
		t.Errorf("2026 Q2: %+v", q)
	}
	var now wioaProbe
	jsonOut(t, dev("--json"), &now)
	if now.Cohort != "PY 2027 (Jul 1, 2027 – Jun 30, 2028)" || now.Overall.Exiters != 0 || now.LevelsYear != 2027 {
		t.Errorf("today's program year: %+v", now)
	}
	if text := dev(); !strings.Contains(text, "no negotiated levels entered for PY 2027") || !strings.Contains(text, "By site\n  none") {
		t.Errorf("today's program year, printed:\n%s", text)
	}
}

// wioaProbe reads a few fields of report --wioa --json.
type wioaProbe struct {
	Cohort     string
	Quarter    int
	Site       int64
	LevelsYear int `json:"levels_program_year"`
	Overall    struct{ Exiters int }
	BySite     []any `json:"by_site"`
}

// TestReportWIOARefusesBadInput: a bad flag is a one-line usage error
// (exit 1) before anything is written or audited, and the preview is for
// directors only.
func TestReportWIOARefusesBadInput(t *testing.T) {
	db := wioaDB(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "w.xlsx")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--wioa", "--from", "2026-01-01", "--out", out}, "not --from and --to"},
		{[]string{"--year", "2025", "--from", "2026-01-01", "--to", "2026-01-31", "--out", out}, "go with --wioa"},
		{[]string{"--quarter", "2", "--out", out}, "go with --wioa"},
		{[]string{"--wioa", "--year", "1999", "--out", out}, "not a year the preview covers (2000 to 2100)"},
		{[]string{"--wioa", "--year", "twenty", "--out", out}, "invalid value"},
		{[]string{"--wioa", "--quarter", "5", "--out", out}, "not a quarter"},
		{[]string{"--wioa", "--quarter", "-1", "--out", out}, "not a quarter"},
		{[]string{"--wioa", "--site", "-1", "--out", out}, "not a site id"},
		{[]string{"--wioa", "--out", filepath.Join(dir, "w.csv")}, ".xlsx or .pdf"},
		{[]string{"--wioa", "--out", out, "extra"}, ""},
		{[]string{"--wioa", "--site", "99", "--out", out}, ""}, // no such site
	} {
		code, _, errs := as(t, db, "dev", devPW, append([]string{"report"}, c.args...)...)
		if code != exitUser || !strings.Contains(errs, c.want) || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("report %v: exit %d, %q (want %q)", c.args, code, errs, c.want)
		}
	}
	// a case manager who is no director
	if code, _, errs := as(t, db, "carla", carlaPW, "report", "--wioa", "--year", "2025", "--out", out); code != exitUser || !strings.Contains(errs, "director") {
		t.Errorf("carla: exit %d, %q", code, errs)
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("refused previews wrote %d files", len(entries))
	}
	if audit := mustAs(t, db, "admin", adminPW, "audit", "list", "--action", "wioa."); strings.Contains(audit, "wioa.output") {
		t.Errorf("a refused preview was audited: %s", audit)
	}
	if usage := mustCtlHelp(t); !strings.Contains(usage, "report --wioa [--year N] [--quarter Q] [--site ID] [--out FILE.xlsx|FILE.pdf]") {
		t.Errorf("the usage does not show report --wioa:\n%s", usage)
	}
}

// mustCtlHelp is frontdeskctl help.
func mustCtlHelp(t *testing.T) string {
	t.Helper()
	code, out, errs := ctl(t, filepath.Join(t.TempDir(), "none.db"), "", "help")
	if code != 0 {
		t.Fatalf("help: exit %d %s", code, errs)
	}
	return out
}
