package app_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// TestReportFigures checks every figure of the director report against
// answers worked out by hand (see the comments) on a small fixture.
// Range: 2026-01-15 .. 2026-02-28, i.e. [Jan 15 00:00 PST, Mar 1 00:00 PST).
func TestReportFigures(t *testing.T) {
	e := datatest.New(t)
	la := e.Site.Location()
	at := func(mo time.Month, d, h, m int) time.Time { return time.Date(2026, mo, d, h, m, 0, 0, la).UTC() }
	ctx := e.Ctx
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	e.Clock = at(1, 1, 9, 0)
	ny, err := e.Svc.CreateSite(ctx, app.Site{Name: "Bronx", TimeZone: "America/New_York"})
	must(err)
	nyl := ny.Location()
	add := func(first, zip, lang, phone string, consent bool) app.Participant {
		p, err := e.Svc.AddParticipant(ctx, app.Participant{SiteID: e.Site.ID, FirstName: first, LastName: "Test" + first, Phone: phone, Language: lang, ZIP: zip, Consent: app.Consent{Given: consent}})
		must(err)
		return p
	}
	p1 := add("Ana", "90031", "es", "213-555-0101", true)
	p2 := add("Ben", "90031", "en", "213-555-0102", true)
	p3 := add("Cy", "90012", "en", "213-555-0103", true)
	p4 := add("Di", "90012", "es", "213-555-0104", false)
	p5 := add("Ed", "90033", "en", "213-555-0105", false)
	p6, err := e.Svc.AddParticipant(ctx, app.Participant{SiteID: e.Site.ID, FirstName: "Flo", LastName: "TestFlo", Phone: "213-555-0106", Language: "en", ZIP: "90031",
		Consent: app.Consent{Given: true, At: at(2, 15, 12, 0)}})
	must(err)
	q1, err := e.Svc.AddParticipant(ctx, app.Participant{SiteID: ny.ID, FirstName: "Quinn", LastName: "TestQuinn", Phone: "718-555-0100", Language: "es", ZIP: "10451"})
	must(err)

	ev := func(site int64, kind app.EventKind, title string, start time.Time, d time.Duration) app.Event {
		x, err := e.Svc.AddEvent(ctx, app.Event{SiteID: site, Kind: kind, Title: title, Start: start, End: start.Add(d), Language: "en", Location: "Room A"})
		must(err)
		return x
	}
	checkIn := func(x app.Event, p app.Participant, now time.Time) app.CheckInResult {
		t.Helper()
		e.Clock = now
		res, err := e.Svc.CheckInParticipant(ctx, app.Target{SiteID: x.SiteID, EventID: x.ID}, p.ID, app.MethodSearch)
		must(err)
		return res
	}
	e0 := ev(e.Site.ID, app.KindOrientation, "Early orientation", at(1, 10, 10, 0), time.Hour)
	e1 := ev(e.Site.ID, app.KindWorkshop, "Late workshop", at(1, 14, 23, 0), 2*time.Hour)
	e2 := ev(e.Site.ID, app.KindOrientation, "Midnight orientation", at(1, 31, 23, 0), 2*time.Hour)
	e3 := ev(e.Site.ID, app.KindWorkshop, "Cancelled workshop", at(2, 10, 10, 0), time.Hour)
	e4 := ev(e.Site.ID, app.KindRecruitment, "Late recruitment", at(2, 28, 23, 0), 2*time.Hour)
	f1 := ev(ny.ID, app.KindOrientation, "NY orientation", time.Date(2026, 1, 14, 23, 0, 0, 0, nyl).UTC(), 2*time.Hour)
	for _, p := range []app.Participant{p1, p3, p4} {
		must(e.Svc.Register(ctx, e2.ID, p.ID))
	}
	checkIn(e0, p5, at(1, 10, 10, 5))  // before the range: P5 returning
	checkIn(e1, p1, at(1, 14, 23, 50)) // 07:50Z on Jan 15, but Jan 14 locally: before the range
	checkIn(e1, p2, at(1, 15, 0, 10))  // in range, January, workshop
	checkIn(e2, p3, at(1, 31, 23, 50)) // January (Feb 1 UTC), orientation, registered
	checkIn(e2, p4, at(2, 1, 0, 10))   // February, orientation, registered
	checkIn(e2, p2, at(2, 1, 0, 20))   // February, orientation, walk-in
	if r := checkIn(e2, p2, at(2, 1, 0, 25)); r.Outcome != app.OutcomeAlready {
		t.Fatalf("duplicate: %s", r.Outcome)
	}
	undo := checkIn(e2, p5, at(2, 1, 0, 30))
	must(e.Svc.UndoCheckIn(ctx, undo.CheckIn.ID)) // never counts
	checkIn(e3, p1, at(2, 10, 10, 5))             // the event is cancelled below: never counts
	e3.Cancelled = true
	_, err = e.Svc.UpdateEvent(ctx, e3)
	must(err)
	checkIn(e4, p1, at(2, 28, 23, 50))                             // in range, February, recruitment, walk-in
	checkIn(e4, p3, at(3, 1, 0, 10))                               // after the range
	checkIn(f1, q1, time.Date(2026, 1, 15, 0, 5, 0, 0, nyl).UTC()) // NY's Jan 15 (Jan 14 in LA): all sites only

	visit := func(p app.Participant, reason string, now time.Time) app.CheckInResult {
		e.Clock = now
		res, err := e.Svc.CheckInParticipant(ctx, app.Target{SiteID: e.Site.ID, Reason: reason}, p.ID, app.MethodSearch)
		must(err)
		return res
	}
	visit(p1, app.ReasonResourceRoom, at(1, 20, 10, 0))
	visit(p2, app.ReasonComputerUse, at(1, 20, 10, 0))
	visit(p2, app.ReasonComputerUse, at(2, 5, 10, 0))
	v := visit(p4, app.ReasonAppointment, at(2, 6, 10, 0))
	must(e.Svc.UndoVisit(ctx, v.Visit.ID))
	visit(p6, app.ReasonResourceRoom, at(2, 15, 10, 0))
	visit(p5, app.ReasonAppointment, at(2, 20, 10, 0))

	// enrolment: P3 in a session 3 days after orientation; P2 before orientation (does not count)
	e.Clock = at(1, 1, 9, 0)
	cohort, _, err := e.Svc.CreateCohort(ctx, app.NewCohort{SiteID: e.Site.ID, Name: "Work Ready", Start: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)})
	must(err)
	e.Clock = at(1, 20, 9, 0)
	must(e.Svc.Enrol(ctx, cohort.ID, p2.ID))
	e.Clock = at(1, 31, 23, 50).Add(72 * time.Hour)
	must(e.Svc.Enrol(ctx, cohort.ID, p3.ID))
	db := rawDB(t, e)
	ts := func(x time.Time) string { return x.UTC().Format("2006-01-02T15:04:05.000Z") }
	for _, sc := range []struct {
		p   int64
		lag time.Time
	}{{p4.ID, at(2, 1, 0, 10).Add(7 * 24 * time.Hour)}, {q1.ID, time.Date(2026, 1, 15, 0, 5, 0, 0, nyl).Add(20 * 24 * time.Hour)}} {
		if _, err := db.Exec(`INSERT INTO status_changes(participant_id,from_status,to_status,at,by) VALUES(?,?,?,?,?)`, sc.p, "oriented", "enrolled", ts(sc.lag), "local"); err != nil {
			t.Fatal(err)
		}
	}
	for _, fc := range []struct {
		p           int64
		due, status string
	}{{p1.ID, "2026-01-20", "done"}, {p2.ID, "2026-02-10", "non_responsive"}, {p3.ID, "2026-02-27", "open"}, {p4.ID, "2026-03-05", "open"}, {q1.ID, "2026-02-01", "done"}} {
		if _, err := db.Exec(`INSERT INTO followup_contacts(participant_id,key,kind,label,window_start,due,status) VALUES(?,?,?,?,?,?,?)`,
			fc.p, "k"+fc.due, "contact", "Contact", fc.due, fc.due, fc.status); err != nil {
			t.Fatal(err)
		}
	}

	// kits, created Jan 1: K1, K2 in service all 45 days; K3 lost Feb 20 12:00 (36.5 days)
	e.Clock = at(1, 1, 9, 0)
	k1, k2, k3 := newKit(t, e, app.KitLaptop), newKit(t, e, app.KitHotspot), newKit(t, e, app.KitLaptop)
	out := func(k app.Kit, p app.Participant, now time.Time, due time.Time) {
		e.Clock = now
		_, err := e.Svc.Checkout(ctx, app.CheckoutRequest{ParticipantID: p.ID, KitScan: k.Tag, Components: allOut(k), Due: due})
		must(err)
	}
	back := func(k app.Kit, now time.Time) {
		e.Clock = now
		_, err := e.Svc.Return(ctx, app.ReturnRequest{KitScan: k.Tag, Back: allOut(k)})
		must(err)
	}
	day := func(mo time.Month, d int) time.Time { return time.Date(2026, mo, d, 0, 0, 0, 0, time.UTC) }
	out(k1, p1, at(1, 10, 12, 0), day(1, 30)) // L1: 5.5 loan-days in range, 10 days long
	back(k1, at(1, 20, 12, 0))
	out(k2, p2, at(2, 1, 12, 0), day(2, 14))  // L2: open, overdue, 27.5 loan-days
	out(k3, p3, at(2, 10, 12, 0), day(3, 10)) // L3: lost Feb 20 12:00, 10 loan-days
	e.Clock = at(2, 20, 12, 0)
	_, err = e.Svc.SetKitStatus(ctx, k3.ID, app.KitLost, "")
	must(err)
	out(k1, p4, at(2, 25, 12, 0), day(3, 5)) // L4: 2 days
	back(k1, at(2, 27, 12, 0))

	// P2 says STOP on Feb 10; P7 joins after the range
	e.Clock = at(2, 10, 9, 0)
	_, err = e.Svc.ImportOptOuts(ctx, e.Site.ID, []app.OptOutRow{{Phone: "213-555-0102"}}, "test")
	must(err)
	e.Clock = at(3, 5, 9, 0)
	add("Gus", "90031", "en", "213-555-0107", true)
	e.Clock = datatest.Now

	q := app.ReportQuery{SiteID: e.Site.ID, From: day(1, 15), To: day(2, 28)}
	rep, err := e.Svc.Report(ctx, q)
	must(err)
	eq := func(name string, got, want any) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	rows := func(name string, got []app.CountRow, want ...any) {
		t.Helper()
		if len(got) != len(want)/2 {
			t.Errorf("%s = %+v, want %v", name, got, want)
			return
		}
		for i := range got {
			if got[i].Key != want[2*i] || got[i].Count != want[2*i+1] {
				t.Errorf("%s[%d] = %+v, want %v %v", name, i, got[i], want[2*i], want[2*i+1])
			}
		}
	}
	// check-ins: P2@E1 (Jan), P3@E2 (Jan, 23:50), P4, P2@E2 (Feb), P1@E4 (Feb 28 23:50)
	eq("checkins", rep.CheckIns.Total, 5)
	rows("by kind", rep.CheckIns.ByKind, "orientation", 3, "workshop", 1, "recruitment", 1)
	rows("by month", rep.CheckIns.ByMonth, "2026-01", 2, "2026-02", 3)
	// events starting in range, not cancelled: E2 and E4
	if len(rep.Events) != 2 {
		t.Fatalf("events = %+v", rep.Events)
	}
	want2 := app.EventRow{EventID: e2.ID, SiteID: e.Site.ID, Title: e2.Title, Kind: app.KindOrientation, Start: e2.Start, PreRegistered: 3, Attended: 2, WalkIns: 1, NoShows: 1, CheckedIn: 3, Ended: true}
	want4 := app.EventRow{EventID: e4.ID, SiteID: e.Site.ID, Title: e4.Title, Kind: app.KindRecruitment, Start: e4.Start, WalkIns: 2, CheckedIn: 2, Ended: true}
	eq("event E2", rep.Events[0], want2)
	eq("event E4", rep.Events[1], want4)
	eq("event totals", rep.EventTotals, app.EventTotals{Events: 2, PreRegistered: 3, Attended: 2, WalkIns: 3, NoShows: 1, CheckedIn: 5})
	// people: P1..P6 served; P1 (E1 Jan 14 23:50) and P5 (E0) came before
	eq("unique", rep.People.Unique, 6)
	eq("new", rep.People.New, 4)
	eq("returning", rep.People.Returning, 2)
	rows("by zip", rep.People.ByZIP, "90031", 3, "90012", 2, "90033", 1)
	rows("by language", rep.People.ByLanguage, "en", 4, "es", 2)
	// visits: P1 rr, P2 cu ×2, P6 rr, P5 ap (P4's undone)
	eq("visits", rep.Visits.Total, 5)
	eq("visitors", rep.Visits.Visitors, 4)
	rows("by reason", rep.Visits.ByReason, "resource_room", 2, "appointment", 1, "computer_use", 2)
	// conversion: P3, P4, P2 oriented in range; P3 enrolled +3 days, P4 +7 days
	eq("conversion", rep.Conversion, app.ConversionFigures{Oriented: 3, Converted: 2, Rate: 2.0 / 3, AvgLag: 5, MedianLag: 5})
	// kits: see above; 45 loan-days over 45+45+36.5 kit-days
	eq("kits", rep.Kits, app.KitReportFigures{Circulations: 3, OpenLoans: 1, Overdue: 1, Lost: 1, LoanDays: 45, KitDays: 126.5,
		Utilisation: 45 / 126.5, Returned: 2, AvgLoanDays: 6})
	// follow-ups due Jan 15..Feb 28 at LA: P1 done, P2 non-responsive, P3 open and overdue
	eq("followups", rep.Followups, app.FollowupReportFigures{Due: 3, Done: 1, NonResponsive: 1, Open: 1, Overdue: 1, CompletionRate: 1.0 / 3})
	// SMS: P1..P6 (P7 later); consent P1 P2 P3 P6 (P6 in range); P2 opted out in range
	eq("sms", rep.SMS, app.SMSFigures{Participants: 6, Consented: 4, OptedOut: 1, Textable: 3, NewConsents: 1, NewOptOuts: 1, ConsentRate: 4.0 / 6, OptOutRate: 1.0 / 6})

	// all sites: Q1 (NY Jan 15 00:05) adds a check-in, a new person, an
	// orientation converted after 20 days and a done follow-up
	all, err := e.Svc.Report(ctx, app.ReportQuery{From: q.From, To: q.To})
	must(err)
	eq("all checkins", all.CheckIns.Total, 6)
	rows("all by kind", all.CheckIns.ByKind, "orientation", 4, "workshop", 1, "recruitment", 1)
	rows("all by month", all.CheckIns.ByMonth, "2026-01", 3, "2026-02", 3)
	eq("all unique", all.People.Unique, 7)
	eq("all new", all.People.New, 5)
	eq("all returning", all.People.Returning, 2)
	rows("all by language", all.People.ByLanguage, "en", 4, "es", 3)
	eq("all conversion", all.Conversion, app.ConversionFigures{Oriented: 4, Converted: 3, Rate: 0.75, AvgLag: 10, MedianLag: 7})
	eq("all followups", all.Followups, app.FollowupReportFigures{Due: 4, Done: 2, NonResponsive: 1, Open: 1, Overdue: 1, CompletionRate: 0.5})
	eq("all sms participants", all.SMS.Participants, 7)
	eq("all events", len(all.Events), 2)
	// each site's own figures beside the total: LA's are its own report's;
	// NY has Q1's check-in, a new person oriented and enrolled, and a
	// follow-up done
	eq("one site's by-site", len(rep.BySite), 0)
	if len(all.BySite) != 2 {
		t.Fatalf("by site: %+v", all.BySite)
	}
	for _, sf := range all.BySite {
		switch sf.Site.ID {
		case e.Site.ID:
			eq("LA by site", sf, app.SiteFigures{Site: sf.Site, CheckIns: rep.CheckIns.Total, Unique: rep.People.Unique, New: rep.People.New,
				Returning: rep.People.Returning, Events: rep.EventTotals.Events, Attended: rep.EventTotals.Attended, WalkIns: rep.EventTotals.WalkIns,
				NoShows: rep.EventTotals.NoShows, Visits: rep.Visits.Total, Oriented: rep.Conversion.Oriented, Converted: rep.Conversion.Converted,
				Circulations: rep.Kits.Circulations, OpenLoans: rep.Kits.OpenLoans, FollowupsDue: rep.Followups.Due, FollowupDone: rep.Followups.Done,
				Textable: rep.SMS.Textable})
		case ny.ID:
			eq("NY by site", sf, app.SiteFigures{Site: ny, CheckIns: 1, Unique: 1, New: 1, Oriented: 1, Converted: 1, FollowupsDue: 1, FollowupDone: 1})
		default:
			t.Errorf("by site: unknown site %+v", sf.Site)
		}
	}

	// drill-down
	list := func(fig, key string) []int64 {
		t.Helper()
		ps, err := e.Svc.ReportList(ctx, q, fig, key)
		must(err)
		var ids []int64
		for _, p := range ps {
			ids = append(ids, p.ID)
		}
		return ids
	}
	// names TestAna < TestBen < TestCy < TestDi < TestEd < TestFlo
	eq("noshow list", len(list(app.FigureNoShows, itoa(e2.ID))), 1)
	eq("new list", ids(list(app.FigureNew, "")), ids([]int64{p2.ID, p3.ID, p4.ID, p6.ID}))
	eq("returning list", ids(list(app.FigureReturning, "")), ids([]int64{p1.ID, p5.ID}))
	eq("zip list", ids(list(app.FigureZIP, "90012")), ids([]int64{p3.ID, p4.ID}))
	eq("converted list", ids(list(app.FigureConverted, "")), ids([]int64{p3.ID, p4.ID}))
	eq("walk-in list", ids(list(app.FigureWalkIns, "")), ids([]int64{p1.ID, p2.ID, p3.ID}))
	eq("nonresponsive list", ids(list(app.FigureNonResponsive, "")), ids([]int64{p2.ID}))
	eq("overdue loans list", ids(list(app.FigureOverdueLoans, "")), ids([]int64{p2.ID}))
	var n int
	var detail string
	if err := db.QueryRow(`SELECT count(*), max(detail) FROM audit_log WHERE action='report.drill'`).Scan(&n, &detail); err != nil {
		t.Fatal(err)
	}
	eq("drill audits", n, 8)
	if _, err := e.Svc.ReportList(ctx, q, "bogus", ""); app.ErrorCode(err) != app.EInvalid {
		t.Errorf("bogus figure: %v", err)
	}

	// No-shows count only events that have ended by the report's now.
	// While E2 (Jan 31 23:00 – Feb 1 01:00) runs, its registrant P1 is not
	// yet a no-show; E4 has no registrations.
	e.Clock = at(2, 1, 0, 30)
	during, err := e.Svc.Report(ctx, q)
	must(err)
	eq("E2 while it runs: no-shows", during.Events[0].NoShows, 0)
	eq("E2 while it runs: ended", during.Events[0].Ended, false)
	eq("E2 while it runs: pre-registered", during.Events[0].PreRegistered, 3)
	eq("E2 while it runs: attended", during.Events[0].Attended, 2)
	eq("E4 before it starts: ended", during.Events[1].Ended, false)
	eq("totals while E2 runs", during.EventTotals, app.EventTotals{Events: 2, PreRegistered: 3, Attended: 2, WalkIns: 3, NoShows: 0, CheckedIn: 5})
	eq("noshow list while E2 runs", len(list(app.FigureNoShows, "")), 0)
	e.Clock = at(2, 1, 1, 0) // E2 ends at 01:00: not before now yet
	eq("noshows as E2 ends", len(list(app.FigureNoShows, "")), 0)
	e.Clock = at(2, 1, 1, 1)
	after, err := e.Svc.Report(ctx, q)
	must(err)
	eq("E2 after it ended: no-shows", after.Events[0].NoShows, 1)
	eq("E2 after it ended: ended", after.Events[0].Ended, true)
	eq("noshow list after E2 ended", ids(list(app.FigureNoShows, "")), ids([]int64{p1.ID}))

	// A range in the future: E5 in April has four registrations and no
	// check-ins; on March 10 (datatest.Now) nobody is a no-show yet.
	e.Clock = datatest.Now
	e5 := ev(e.Site.ID, app.KindJobFair, "April job fair", at(4, 15, 10, 0), 3*time.Hour)
	for _, p := range []app.Participant{p1, p2, p3, p6} {
		must(e.Svc.Register(ctx, e5.ID, p.ID))
	}
	april := app.ReportQuery{SiteID: e.Site.ID, From: day(4, 1), To: day(4, 30)}
	future, err := e.Svc.Report(ctx, april)
	must(err)
	eq("future totals", future.EventTotals, app.EventTotals{Events: 1, PreRegistered: 4, Attended: 0, WalkIns: 0, NoShows: 0, CheckedIn: 0})
	eq("future event ended", future.Events[0].Ended, false)
	// the same range read after the fair: all four are no-shows
	e.Clock = at(4, 15, 13, 1)
	past, err := e.Svc.Report(ctx, april)
	must(err)
	eq("April totals after the fair", past.EventTotals, app.EventTotals{Events: 1, PreRegistered: 4, Attended: 0, WalkIns: 0, NoShows: 4, CheckedIn: 0})
	e.Clock = datatest.Now
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func ids(x []int64) string {
	s := ""
	for _, v := range x {
		s += itoa(v) + ","
	}
	return s
}

func TestReportRefusals(t *testing.T) {
	e := datatest.New(t)
	day := func(y int, mo time.Month, d int) time.Time { return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC) }
	desk := app.WithActor(context.Background(), app.Actor{Username: "desk", Roles: []app.Role{app.RoleFrontDesk}})
	q := app.ReportQuery{From: day(2026, 1, 1), To: day(2026, 1, 31)}
	if _, err := e.Svc.Report(desk, q); app.ErrorCode(err) != app.EForbidden {
		t.Errorf("front desk report: %v", err)
	}
	if _, err := e.Svc.ReportList(desk, q, app.FigureUnique, ""); app.ErrorCode(err) != app.EForbidden {
		t.Errorf("front desk list: %v", err)
	}
	for _, bad := range []app.ReportQuery{
		{From: day(2026, 2, 1), To: day(2026, 1, 31)},
		{From: day(2023, 1, 1), To: day(2026, 1, 1)},
		{},
	} {
		if _, err := e.Svc.Report(e.Ctx, bad); app.ErrorCode(err) != app.EInvalid {
			t.Errorf("%v..%v: %v", bad.From, bad.To, err)
		}
	}
	if _, err := e.Svc.Report(e.Ctx, app.ReportQuery{From: day(2023, 1, 1), To: day(2025, 12, 31)}); err != nil {
		t.Errorf("three years: %v", err)
	}
}
