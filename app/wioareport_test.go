package app_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"frontdesk/app"
)

// The WIOA preview through the services on a real store: the exits of
// wioaFixture (A–H, see there), recorded as case managers record them, in
// two program years, two sites, two case managers, two ZIP codes and two
// languages. F's job cannot start after its exit on a case (the exit
// comes after the job), so its 2nd-quarter work is on its Q2 form ($16.50
// × 20 h, estimated $4,290.00) instead.
//
// PY 2025 (Jul 1, 2025 – Jun 30, 2026): A B C E (E excluded).
// Q2: A B employed = 2 of 3, C no information; Q4: A = 1 of 3, B no, C no
// information; earnings: A recorded 7,800.01, B estimated 8,320.00: median
// 8,060.01 (halves up), 1 estimated; credential: A B in training, A
// attained = 1 of 2. Every period over by 2027-12-15.
// PY 2026 (Jul 1, 2026 – Jun 30, 2027): D F G H.
// Q2: D F G = 3 of 4, H no information (its quarter not over: running);
// Q4: nobody known = 0 of 4, 4 no information; earnings: D 9,360.00 and F
// 4,290.00 estimated, G unknown: median 6,825.00; credential: D F H in
// training, none attained, H no information.
func TestWIOAPreviewThroughTheServices(t *testing.T) {
	e := newFollowupEnv(t)
	ctx := e.Ctx
	e.Clock = time.Date(2027, 12, 15, 17, 0, 0, 0, time.UTC)
	ny, err := e.Svc.CreateSite(e.admin, app.Site{Name: "Bronx", TimeZone: "America/New_York"})
	if err != nil {
		t.Fatal(err)
	}
	type place struct {
		site      int64
		zip, lang string
		manager   int64
	}
	places := []place{
		{e.Site.ID, "90031", "es", e.carlaID}, // A
		{e.Site.ID, "90031", "en", e.devID},   // B
		{ny.ID, "10451", "es", 0},             // C
		{e.Site.ID, "90031", "es", e.carlaID}, // D
		{ny.ID, "10451", "en", e.carlaID},     // E
		{e.Site.ID, "90031", "en", e.devID},   // F
		{ny.ID, "10451", "es", e.devID},       // G
		{e.Site.ID, "90031", "en", e.carlaID}, // H
	}
	ids := map[int64]int64{} // fixture id → participant id
	for i, x := range wioaFixture() {
		pl := places[i]
		p, err := e.Svc.AddParticipant(ctx, app.Participant{SiteID: pl.site, FirstName: string(rune('A' + i)), LastName: "Exit",
			ZIP: pl.zip, Language: pl.lang})
		if err != nil {
			t.Fatal(err)
		}
		ids[x.Participant.ID] = p.ID
		c := x.Case
		c.ParticipantID, c.CaseManagerID = p.ID, pl.manager
		if i == 5 { // F: the job after exit goes on its Q2 form
			c.EmploymentStart, c.Employer, c.WageCents, c.HoursPerWeek = time.Time{}, "", 0, 0
			x.Forms = []app.FollowupForm{{Quarter: 2, Employed: app.AnswerYes, WageCents: 1650, HoursPerWeek: 20}}
		}
		if _, err := e.Svc.SaveFollowupCase(e.carla, c); err != nil {
			t.Fatalf("case %c: %v", 'A'+i, err)
		}
		for _, f := range x.Forms {
			f.ParticipantID = p.ID
			_, f.Day = app.QuarterAfterExit(c.ExitDate, f.Quarter)
			if f.Employed == app.AnswerYes {
				f.Employer = "Employer " + string(rune('A'+i))
			}
			if _, err := e.Svc.RecordFollowupForm(e.carla, f); err != nil {
				t.Fatalf("form %c: %v", 'A'+i, err)
			}
		}
		for _, a := range x.Attempts {
			a.ParticipantID, a.ContactID, a.Method, a.Outcome = p.ID, app.NoFollowupContact, app.MethodPhone, app.OutcomeReached
			if a.Document != "" {
				a.Document = app.DocPayStub
			}
			if _, _, err := e.Svc.LogFollowupContact(e.carla, a); err != nil {
				t.Fatalf("contact %c: %v", 'A'+i, err)
			}
		}
	}

	py25, err := e.Svc.WIOAPreview(e.dev, app.WIOAQuery{Year: 2025})
	if err != nil {
		t.Fatal(err)
	}
	if py25.Cohort != "PY 2025 (Jul 1, 2025 – Jun 30, 2026)" || !py25.Today.Equal(cday(2027, 12, 15)) || len(py25.Outcomes) != 4 {
		t.Fatalf("PY 2025: %q as of %s, %d exits", py25.Cohort, py25.Today, len(py25.Outcomes))
	}
	want25 := app.WIOAIndicators{
		Exiters:      4,
		EmploymentQ2: app.WIOARate{Excluded: 1, Denominator: 3, Numerator: 2, NoInfo: 1, Rate: 2.0 / 3, Complete: true},
		EmploymentQ4: app.WIOARate{Excluded: 1, Denominator: 3, Numerator: 1, NoInfo: 1, Rate: 1.0 / 3, Complete: true},
		EarningsQ2:   app.WIOAEarnings{Employed: 2, Known: 2, Estimated: 1, MedianCents: 806001, Complete: true},
		Credential:   app.WIOARate{Excluded: 1, Denominator: 2, Numerator: 1, Rate: 0.5, Complete: true},
	}
	if py25.Overall != want25 {
		t.Errorf("PY 2025:\n got %+v\nwant %+v", py25.Overall, want25)
	}
	py26, err := e.Svc.WIOAPreview(e.dev, app.WIOAQuery{Year: 2026})
	if err != nil {
		t.Fatal(err)
	}
	want26 := app.WIOAIndicators{
		Exiters:      4,
		EmploymentQ2: app.WIOARate{Denominator: 4, Numerator: 3, NoInfo: 1, Rate: 0.75},
		EmploymentQ4: app.WIOARate{Denominator: 4, NoInfo: 4},
		EarningsQ2:   app.WIOAEarnings{Employed: 3, Known: 2, Estimated: 2, NoInfo: 1, MedianCents: 682500, Complete: true},
		Credential:   app.WIOARate{Denominator: 3, NoInfo: 1},
	}
	if py26.Overall != want26 {
		t.Errorf("PY 2026:\n got %+v\nwant %+v", py26.Overall, want26)
	}

	// breakdowns of PY 2025: LA has A B, the Bronx C and E (excluded)
	group := func(gs []app.WIOAGroup, label string) app.WIOAGroup {
		t.Helper()
		for _, g := range gs {
			if g.Label == label {
				return g
			}
		}
		t.Fatalf("no group %q in %+v", label, gs)
		return app.WIOAGroup{}
	}
	if la := group(py25.BySite, e.Site.Name); la.Exiters != 2 || la.EmploymentQ2.Numerator != 2 || la.EmploymentQ2.Denominator != 2 {
		t.Errorf("LA: %+v", la)
	}
	if bx := group(py25.BySite, "Bronx"); bx.Exiters != 2 || bx.EmploymentQ2.Excluded != 1 || bx.EmploymentQ2.Denominator != 1 || bx.EmploymentQ2.NoInfo != 1 {
		t.Errorf("Bronx: %+v", bx)
	}
	if c := group(py25.ByManager, "Carla"); c.Exiters != 2 || c.Credential.Numerator != 1 {
		t.Errorf("Carla: %+v (managers %+v)", c, py25.ByManager)
	}
	if none := group(py25.ByManager, "(none)"); none.Exiters != 1 || none.EmploymentQ2.NoInfo != 1 {
		t.Errorf("nobody's: %+v", none)
	}
	if z := group(py25.ByZIP, "90031"); z.Exiters != 2 || z.EarningsQ2.MedianCents != 806001 {
		t.Errorf("90031: %+v", z)
	}
	if es := group(py25.ByLanguage, "Spanish"); es.Exiters != 2 || es.EmploymentQ2.Numerator != 1 || es.EmploymentQ2.NoInfo != 1 {
		t.Errorf("Spanish: %+v", es)
	}
	// one site, and one quarter (2026 Q2: B C E)
	bronx, err := e.Svc.WIOAPreview(e.dev, app.WIOAQuery{Year: 2025, SiteID: ny.ID})
	if err != nil || bronx.Overall.Exiters != 2 {
		t.Errorf("PY 2025 at the Bronx: %+v %v", bronx.Overall, err)
	}
	q2, err := e.Svc.WIOAPreview(e.dev, app.WIOAQuery{Year: 2026, Quarter: 2})
	if err != nil || q2.Overall.Exiters != 3 || q2.Cohort != "2026 Q2 (Apr 1 – Jun 30, 2026)" {
		t.Errorf("2026 Q2: %q %+v %v", q2.Cohort, q2.Overall, err)
	}

	// a director report carries the preview of the program year of its
	// last day, of its site or sites
	py2025, err := e.Svc.WIOAPreview(e.dev, app.WIOAQuery{Year: 2025})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		q       app.ReportQuery
		year    int
		exiters int
	}{
		{app.ReportQuery{From: cday(2026, 3, 1), To: cday(2026, 6, 30)}, 2025, py2025.Overall.Exiters},
		{app.ReportQuery{From: cday(2026, 6, 1), To: cday(2026, 7, 1)}, 2026, 4},
		{app.ReportQuery{From: cday(2025, 7, 1), To: cday(2026, 6, 30), SiteID: ny.ID}, 2025, 2},
	} {
		rep, err := e.Svc.Report(e.dev, c.q)
		if err != nil {
			t.Fatal(err)
		}
		w := rep.WIOA
		if w.Query != (app.WIOAQuery{Year: c.year, SiteID: c.q.SiteID}) || w.Overall.Exiters != c.exiters || !strings.HasPrefix(w.Cohort, fmt.Sprintf("PY %d (", c.year)) {
			t.Errorf("report %+v carries %q %+v with %d exiters, want PY %d with %d", c.q, w.Cohort, w.Query, w.Overall.Exiters, c.year, c.exiters)
		}
	}
	rep, err := e.Svc.Report(e.dev, app.ReportQuery{From: cday(2026, 3, 1), To: cday(2026, 6, 30)})
	if err != nil || fmt.Sprint(rep.WIOA.Overall) != fmt.Sprint(py2025.Overall) {
		t.Errorf("the report's preview %+v, WIOAPreview's %+v (%v)", rep.WIOA.Overall, py2025.Overall, err)
	}

	// the people behind a figure, audited
	firstNames := func(ps []app.Participant, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, p := range ps {
			out = append(out, p.FirstName)
		}
		return strings.Join(out, " ")
	}
	names := func(q app.WIOAQuery, figure string) string {
		t.Helper()
		return firstNames(e.Svc.WIOAPeople(e.dev, q, figure))
	}
	for _, c := range []struct {
		q      app.WIOAQuery
		figure string
		want   string
	}{
		{app.WIOAQuery{Year: 2025}, app.WIOANoInfoQ2, "C"},
		{app.WIOAQuery{Year: 2025}, app.WIOAEmployedQ2, "A B"},
		{app.WIOAQuery{Year: 2025}, app.WIOAExcluded, "E"},
		{app.WIOAQuery{Year: 2026}, app.WIOAEarningsNoInfo, "G"},
		{app.WIOAQuery{Year: 2026}, app.WIOAEarningsEstimated, "D F"},
		{app.WIOAQuery{Year: 2026}, app.WIOACredentialNoInfo, "H"},
		{app.WIOAQuery{Year: 2026}, app.WIOANoInfoQ4, "D F G H"},
	} {
		if got := names(c.q, c.figure); got != c.want {
			t.Errorf("%d %s: %q, want %q", c.q.Year, c.figure, got, c.want)
		}
	}
	var n int
	var detail string
	if err := rawDB(t, e.Env).QueryRow(`SELECT count(*), max(detail) FROM audit_log WHERE action='wioa.drill'`).Scan(&n, &detail); err != nil || n != 7 ||
		!strings.Contains(detail, "cohort=2026-07-01..2027-06-30") || strings.Contains(detail, "Exit") {
		t.Errorf("drill-down audit: %d %q %v", n, detail, err)
	}

	// the people of one group of a breakdown (PY 2025: A B at the first
	// site, C E at the Bronx; A C speak Spanish, B E English; C's case has
	// no case manager), audited with the group
	groupNames := func(figure string, in app.WIOAGroupRef) string {
		t.Helper()
		return firstNames(e.Svc.WIOAGroupPeople(e.dev, app.WIOAQuery{Year: 2025}, figure, in))
	}
	site := strconv.FormatInt(e.Site.ID, 10)
	for _, c := range []struct {
		figure string
		in     app.WIOAGroupRef
		want   string
	}{
		{app.WIOAEmployedQ2, app.WIOAGroupRef{Breakdown: app.WIOABySite, Key: site}, "A B"},
		{app.WIOAEmployedQ2, app.WIOAGroupRef{Breakdown: app.WIOABySite, Key: strconv.FormatInt(ny.ID, 10)}, ""},
		{app.WIOANoInfoQ2, app.WIOAGroupRef{Breakdown: app.WIOAByZIP, Key: "10451"}, "C"},
		{app.WIOAEmployedQ2, app.WIOAGroupRef{Breakdown: app.WIOAByLanguage, Key: "es"}, "A"},
		{app.WIOANoInfoQ2, app.WIOAGroupRef{Breakdown: app.WIOAByManager, Key: ""}, "C"},
		{app.WIOAExcluded, app.WIOAGroupRef{Breakdown: app.WIOAByLanguage, Key: "en"}, "E"},
	} {
		if got := groupNames(c.figure, c.in); got != c.want {
			t.Errorf("%s of %+v: %q, want %q", c.figure, c.in, got, c.want)
		}
	}
	if err := rawDB(t, e.Env).QueryRow(`SELECT detail FROM audit_log WHERE action='wioa.drill' ORDER BY id DESC LIMIT 1`).Scan(&detail); err != nil ||
		detail != `figure=excluded site=0 cohort=2025-07-01..2026-06-30 by_language="en" count=1` {
		t.Errorf("a group's drill-down audit: %q %v", detail, err)
	}
	if _, err := e.Svc.WIOAGroupPeople(e.dev, app.WIOAQuery{Year: 2025}, app.WIOAEmployedQ2, app.WIOAGroupRef{Breakdown: "by_shoe_size"}); app.ErrorCode(err) != app.EInvalid {
		t.Errorf("bogus breakdown: %v", err)
	}

	// refusals
	if _, err := e.Svc.WIOAPreview(e.carla, app.WIOAQuery{Year: 2025}); app.ErrorCode(err) != app.EForbidden {
		t.Errorf("a case manager who is not a director: %v", err)
	}
	for _, q := range []app.WIOAQuery{{Year: 1999}, {Year: 2025, Quarter: 5}, {Year: 2025, SiteID: -1}} {
		if _, err := e.Svc.WIOAPreview(e.dev, q); app.ErrorCode(err) != app.EInvalid {
			t.Errorf("%+v: %v", q, err)
		}
	}
	if _, err := e.Svc.WIOAPreview(e.dev, app.WIOAQuery{Year: 2025, SiteID: 999}); app.ErrorCode(err) != app.ENotFound {
		t.Errorf("no such site: %v", err)
	}
	if _, err := e.Svc.WIOAPeople(e.dev, app.WIOAQuery{Year: 2025}, "bogus"); app.ErrorCode(err) != app.EInvalid {
		t.Errorf("bogus figure: %v", err)
	}
	// an exclusion that is not on the list, and a credential without a date
	p := e.Participant(t, "Zed", "Exit", "")
	bad := []app.FollowupCase{
		{ParticipantID: p.ID, ExitDate: cday(2026, 3, 1), ExitReason: "Moved", ExitExclusion: "moved away"},
		{ParticipantID: p.ID, ExitDate: cday(2026, 3, 1), ExitReason: "Moved", CredentialType: "CNA"},
		{ParticipantID: p.ID, ExitExclusion: app.ExclusionDeceased},
	}
	for _, c := range bad {
		if _, err := e.Svc.SaveFollowupCase(e.carla, c); app.ErrorCode(err) != app.EInvalid {
			t.Errorf("%+v: %v", c, err)
		}
	}
}

// Negotiated levels per program year: an administrator enters them, the
// preview shows them, and each change is audited with the old and new.
func TestWIOATargets(t *testing.T) {
	e := newFollowupEnv(t)
	want := app.WIOATargets{ProgramYear: 2025, EmploymentQ2: 0.71, EmploymentQ4: 0.695, MedianCents: 650000, Credential: 0.6}
	if err := e.Svc.SetWIOATargets(e.dev, want); app.ErrorCode(err) != app.EForbidden {
		t.Fatalf("a director set targets: %v", err)
	}
	for _, bad := range []app.WIOATargets{{ProgramYear: 2025, EmploymentQ2: 1.5}, {ProgramYear: 2025, MedianCents: -1}, {ProgramYear: 1990}} {
		if err := e.Svc.SetWIOATargets(e.admin, bad); app.ErrorCode(err) != app.EInvalid {
			t.Errorf("%+v: %v", bad, err)
		}
	}
	if err := e.Svc.SetWIOATargets(e.admin, want); err != nil {
		t.Fatal(err)
	}
	got, err := e.Svc.WIOATargetsFor(e.dev, 2025)
	if err != nil || got != want {
		t.Fatalf("targets %+v %v", got, err)
	}
	if other, err := e.Svc.WIOATargetsFor(e.dev, 2026); err != nil || other.Set() {
		t.Fatalf("PY 2026: %+v %v", other, err)
	}
	// a quarter of PY 2025 (2026 Q1) shows its program year's targets
	p, err := e.Svc.WIOAPreview(e.dev, app.WIOAQuery{Year: 2026, Quarter: 1})
	if err != nil || p.Targets != want {
		t.Fatalf("preview targets %+v %v", p.Targets, err)
	}
	want.EmploymentQ2 = 0.72
	if err := e.Svc.SetWIOATargets(e.admin, want); err != nil {
		t.Fatal(err)
	}
	var detail string
	if err := rawDB(t, e.Env).QueryRow(`SELECT detail FROM audit_log WHERE action='wioa.targets' ORDER BY id DESC LIMIT 1`).Scan(&detail); err != nil ||
		detail != "PY 2025: Q2 71.0%, Q4 69.5%, median $6,500.00, credential 60.0% → Q2 72.0%, Q4 69.5%, median $6,500.00, credential 60.0%" {
		t.Fatalf("audit %q %v", detail, err)
	}
}
