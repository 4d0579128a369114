package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/data"
	"frontdesk/data/datatest"
)

// orientationNow adds an orientation running at datatest.Now (started 15 min ago).
func orientationNow(t *testing.T, e *datatest.Env, capacity int) app.Event {
	return e.Event(t, app.KindOrientation, "WIOA Orientation", datatest.Now.Add(-15*time.Minute), 2*time.Hour, capacity)
}

func TestScanCheckInFlow(t *testing.T) {
	e := datatest.New(t)
	ev := orientationNow(t, e, 25)
	maria := e.Participant(t, "María", "González", "213-555-0142")
	ana := e.Participant(t, "Ana", "Lee", "")
	if err := e.Svc.Register(e.Ctx, ev.ID, maria.ID); err != nil {
		t.Fatal(err)
	}
	target := app.Target{SiteID: e.Site.ID, EventID: ev.ID}

	// pre-registered: checked in
	res, err := e.Svc.ScanCheckIn(e.Ctx, target, maria.Code+"\r")
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != app.OutcomeCheckedIn || res.Participant.ID != maria.ID || res.CheckIn.Method != app.MethodScan {
		t.Fatalf("first scan: %+v", res)
	}
	if res.Counts != (app.EventCounts{CheckedIn: 1, Registered: 1, Capacity: 25}) {
		t.Fatalf("counts after first scan: %+v", res.Counts)
	}
	// an orientation check-in moves a new participant to oriented
	p, err := e.Svc.Participant(e.Ctx, maria.ID)
	if err != nil || p.Status != app.StatusOriented {
		t.Fatalf("status after orientation = %q, %v", p.Status, err)
	}

	// repeat scan, ten minutes later, lower-case: no second record
	e.Clock = e.Clock.Add(10 * time.Minute)
	res2, err := e.Svc.ScanCheckIn(e.Ctx, target, strings.ToLower(maria.Code))
	if err != nil {
		t.Fatal(err)
	}
	if res2.Outcome != app.OutcomeAlready || res2.CheckIn.ID != res.CheckIn.ID || !res2.CheckIn.At.Equal(datatest.Now) {
		t.Fatalf("repeat scan: %+v", res2)
	}

	// not pre-registered: walk-in
	res3, err := e.Svc.ScanCheckIn(e.Ctx, target, ana.Code)
	if err != nil || res3.Outcome != app.OutcomeWalkIn || !res3.CheckIn.WalkIn {
		t.Fatalf("unregistered scan: %+v %v", res3, err)
	}
	if res3.Counts.CheckedIn != 2 || res3.Counts.WalkIns != 1 {
		t.Fatalf("counts: %+v", res3.Counts)
	}
	list, err := e.Svc.CheckIns(e.Ctx, ev.ID)
	if err != nil || len(list) != 2 {
		t.Fatalf("check-ins: %d %v", len(list), err)
	}
}

func TestScanBadCodesNeverMatch(t *testing.T) {
	e := datatest.New(t)
	ev := orientationNow(t, e, 0)
	p := e.Participant(t, "José", "Núñez", "")
	target := app.Target{SiteID: e.Site.ID, EventID: ev.ID}
	// change the check character: must be "scan again", never José
	last := p.Code[len(p.Code)-1]
	wrong := byte('A')
	if last == 'A' {
		wrong = 'B'
	}
	bad := p.Code[:len(p.Code)-1] + string(wrong)
	cases := map[string]app.Outcome{
		bad:                    app.OutcomeBadCode,
		"":                     app.OutcomeBadCode,
		"hello world":          app.OutcomeBadCode,
		p.Code[:len(p.Code)-2]: app.OutcomeBadCode,
		"Q" + p.Code[1:]:       app.OutcomeBadCode,
	}
	for raw, want := range cases {
		res, err := e.Svc.ScanCheckIn(e.Ctx, target, raw)
		if err != nil {
			t.Fatalf("%q: %v", raw, err)
		}
		if res.Outcome != want || res.Participant.ID != 0 {
			t.Errorf("%q: outcome %s participant %d, want %s and nobody", raw, res.Outcome, res.Participant.ID, want)
		}
	}
	// a valid code of another kind (kit) is not a participant card
	res, _ := e.Svc.ScanCheckIn(e.Ctx, target, app.NewCode(app.PrefixKit))
	if res.Outcome != app.OutcomeWrongKind {
		t.Errorf("kit code: %s", res.Outcome)
	}
	// a valid participant code nobody has
	res, _ = e.Svc.ScanCheckIn(e.Ctx, target, app.NewCode(app.PrefixParticipant))
	if res.Outcome != app.OutcomeUnknown {
		t.Errorf("unknown code: %s", res.Outcome)
	}
	if n, _ := e.Svc.EventCounts(e.Ctx, ev.ID); n.CheckedIn != 0 {
		t.Fatalf("bad scans recorded check-ins: %+v", n)
	}
}

func TestCancelledAndNotToday(t *testing.T) {
	e := datatest.New(t)
	p := e.Participant(t, "Ana", "Lee", "")
	tomorrow := e.Event(t, app.KindWorkshop, "Resume Writing", datatest.Now.Add(24*time.Hour), time.Hour, 0)
	cancelled := orientationNow(t, e, 0)
	cancelled.Cancelled = true
	if _, err := e.Svc.UpdateEvent(e.Ctx, cancelled); err != nil {
		t.Fatal(err)
	}
	for ev, want := range map[int64]app.Outcome{tomorrow.ID: app.OutcomeNotToday, cancelled.ID: app.OutcomeCancelled} {
		res, err := e.Svc.ScanCheckIn(e.Ctx, app.Target{SiteID: e.Site.ID, EventID: ev}, p.Code)
		if err != nil || res.Outcome != want {
			t.Errorf("event %d: %s %v, want %s", ev, res.Outcome, err, want)
		}
		if c, _ := e.Svc.EventCounts(e.Ctx, ev); c.CheckedIn != 0 {
			t.Errorf("event %d recorded a check-in", ev)
		}
	}
	// an event later today (not yet started) is "today": check-in allowed
	later := e.Event(t, app.KindWorkshop, "Interview Skills", datatest.Now.Add(3*time.Hour), time.Hour, 0)
	res, err := e.Svc.ScanCheckIn(e.Ctx, app.Target{SiteID: e.Site.ID, EventID: later.ID}, p.Code)
	if err != nil || !res.Outcome.Recorded() {
		t.Fatalf("later today: %s %v", res.Outcome, err)
	}
}

func TestUndoCheckInIsRecordedReversal(t *testing.T) {
	e := datatest.New(t)
	ev := orientationNow(t, e, 0)
	p := e.Participant(t, "Ana", "Lee", "")
	target := app.Target{SiteID: e.Site.ID, EventID: ev.ID}
	res, err := e.Svc.ScanCheckIn(e.Ctx, target, p.Code)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Svc.UndoCheckIn(e.Ctx, res.CheckIn.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.Svc.UndoCheckIn(e.Ctx, res.CheckIn.ID); app.ErrorCode(err) != app.EConflict {
		t.Fatalf("second undo: %v", err)
	}
	if c, _ := e.Svc.EventCounts(e.Ctx, ev.ID); c.CheckedIn != 0 {
		t.Fatalf("after undo: %+v", c)
	}
	// the row is still there, marked undone, and can't be deleted
	var undone int
	if err := rawDB(t, e).QueryRow(`SELECT count(*) FROM checkins WHERE id=? AND undone_at IS NOT NULL AND undone_by='local'`, res.CheckIn.ID).Scan(&undone); err != nil || undone != 1 {
		t.Fatalf("undone row: %d %v", undone, err)
	}
	if _, err := rawDB(t, e).Exec(`DELETE FROM checkins`); err == nil {
		t.Fatal("a check-in could be deleted")
	}
	// scanning again checks in anew
	res2, err := e.Svc.ScanCheckIn(e.Ctx, target, p.Code)
	if err != nil || res2.Outcome != app.OutcomeWalkIn || res2.CheckIn.ID == res.CheckIn.ID {
		t.Fatalf("scan after undo: %+v %v", res2, err)
	}
	// the audit trail has create, undo, create
	log, err := e.Svc.AuditLog(e.Ctx, app.AuditFilter{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, a := range log {
		if a.Entity == "checkin" {
			actions = append(actions, a.Action)
		}
	}
	if strings.Join(actions, ",") != "checkin.create,checkin.undo,checkin.create" {
		t.Fatalf("audit: %v", actions)
	}
}

func TestGeneralVisit(t *testing.T) {
	e := datatest.New(t)
	p := e.Participant(t, "Ana", "Lee", "")
	target := app.Target{SiteID: e.Site.ID, Reason: app.ReasonComputerUse}
	res, err := e.Svc.ScanCheckIn(e.Ctx, target, p.Code)
	if err != nil || res.Outcome != app.OutcomeVisit || res.Visit.ID == 0 {
		t.Fatalf("visit: %+v %v", res, err)
	}
	e.Clock = e.Clock.Add(time.Hour)
	res2, err := e.Svc.ScanCheckIn(e.Ctx, target, p.Code)
	if err != nil || res2.Outcome != app.OutcomeVisitAlready || res2.Visit.ID != res.Visit.ID {
		t.Fatalf("same visit again: %+v %v", res2, err)
	}
	// another reason is another visit
	res3, err := e.Svc.ScanCheckIn(e.Ctx, app.Target{SiteID: e.Site.ID, Reason: app.ReasonAppointment}, p.Code)
	if err != nil || res3.Outcome != app.OutcomeVisit {
		t.Fatalf("other reason: %+v %v", res3, err)
	}
	// next local day: a new visit
	e.Clock = e.Clock.Add(24 * time.Hour)
	res4, err := e.Svc.ScanCheckIn(e.Ctx, target, p.Code)
	if err != nil || res4.Outcome != app.OutcomeVisit {
		t.Fatalf("next day: %+v %v", res4, err)
	}
	if err := e.Svc.UndoVisit(e.Ctx, res4.Visit.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Svc.ScanCheckIn(e.Ctx, app.Target{SiteID: e.Site.ID, Reason: "gossip"}, p.Code); app.ErrorCode(err) != app.EInvalid {
		t.Fatalf("bad reason: %v", err)
	}
}

func TestWalkInIsAllOrNothing(t *testing.T) {
	e := datatest.New(t)
	ev := orientationNow(t, e, 0)
	target := app.Target{SiteID: e.Site.ID, EventID: ev.ID}
	walk := app.Participant{FirstName: "Thảo", LastName: "Nguyễn", Phone: "(626) 555-0199", Language: "vi",
		Consent: app.Consent{Given: true, Method: app.ConsentVerbal}}
	res, err := e.Svc.RegisterWalkIn(e.Ctx, target, walk)
	if err != nil || res.Outcome != app.OutcomeWalkIn || res.CheckIn.Method != app.MethodWalkIn {
		t.Fatalf("walk-in: %+v %v", res, err)
	}
	p := res.Participant
	if p.Code == "" || p.Phone != "+16265550199" || !p.Consent.Given || p.Consent.By != "local" ||
		p.Consent.Wording != app.ConsentWordingVersion || !p.Consent.At.Equal(datatest.Now) {
		t.Fatalf("walk-in participant: %+v", p)
	}
	// a phone someone already has (the same person again, or a household
	// member) asks staff first, naming who has it; nothing is saved
	before, _ := e.Svc.CountParticipants(e.Ctx, 0)
	for _, first := range []string{"thao", "Minh"} {
		_, err = e.Svc.RegisterWalkIn(e.Ctx, target, app.Participant{FirstName: first, LastName: "Nguyen", Phone: "626.555.0199"})
		if app.ErrorCode(err) != app.EConfirm || !strings.Contains(app.ErrorMessage(err), "Thảo N. ("+p.Code+")") {
			t.Fatalf("shared phone, %s: %v", first, err)
		}
	}
	if n, _ := e.Svc.CountParticipants(e.Ctx, 0); n != before {
		t.Fatalf("%d participants after an unconfirmed shared phone, want %d", n, before)
	}
	// confirmed (a household sharing the phone), the walk-in goes through
	res2, err := e.Svc.RegisterWalkIn(e.Ctx, target, app.Participant{FirstName: "Minh", LastName: "Nguyễn", Phone: "626.555.0199", SharedPhoneOK: true})
	if err != nil || res2.Outcome != app.OutcomeWalkIn {
		t.Fatalf("household member: %+v %v", res2, err)
	}
	// a second with that phone names both who have it
	_, err = e.Svc.RegisterWalkIn(e.Ctx, target, app.Participant{FirstName: "Lan", LastName: "Nguyễn", Phone: "6265550199"})
	if msg := app.ErrorMessage(err); app.ErrorCode(err) != app.EConfirm || !strings.Contains(msg, "Thảo N.") || !strings.Contains(msg, "Minh N.") {
		t.Fatalf("third at the phone: %v", err)
	}
	// an email someone else has is still refused outright
	_, err = e.Svc.RegisterWalkIn(e.Ctx, target, app.Participant{FirstName: "Lan", LastName: "Nguyễn", Email: res2.Participant.Email})
	if res2.Participant.Email != "" && app.ErrorCode(err) != app.EConflict {
		t.Fatalf("same email: %v", err)
	}
	// invalid input saves nothing: no participant, no check-in
	before, _ = e.Svc.CountParticipants(e.Ctx, 0)
	_, err = e.Svc.RegisterWalkIn(e.Ctx, target, app.Participant{FirstName: "Bad", LastName: "Phone", Phone: "555-01"})
	if app.ErrorCode(err) != app.EInvalid {
		t.Fatalf("bad phone: %v", err)
	}
	// a walk-in into a cancelled event saves nothing either
	ev.Cancelled = true
	if _, err := e.Svc.UpdateEvent(e.Ctx, ev); err != nil {
		t.Fatal(err)
	}
	res3, err := e.Svc.RegisterWalkIn(e.Ctx, target, app.Participant{FirstName: "Late", LastName: "Comer"})
	if err == nil && res3.Outcome.Recorded() {
		t.Fatalf("walk-in into a cancelled event: %+v", res3)
	}
	after, _ := e.Svc.CountParticipants(e.Ctx, 0)
	if after != before {
		t.Fatalf("participants %d → %d after refused walk-ins", before, after)
	}
}

func TestSearchAccentsPhonesEmails(t *testing.T) {
	e := datatest.New(t)
	jose := e.Participant(t, "José", "Núñez", "(213) 555-0142")
	e.Participant(t, "Joseph", "Kim", "818-555-0000")
	e.Participant(t, "Ana", "Josefina", "")
	em, err := e.Svc.AddParticipant(e.Ctx, app.Participant{SiteID: e.Site.ID, FirstName: "Lucía", LastName: "Ramos", Email: "Lucia.Ramos@Example.org"})
	if err != nil {
		t.Fatal(err)
	}
	names := func(q string) []string {
		ps, err := e.Svc.SearchParticipants(e.Ctx, q, 20)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		var out []string
		for _, p := range ps {
			out = append(out, p.DisplayName())
		}
		return out
	}
	check := func(q string, want ...string) {
		t.Helper()
		got := names(q)
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("search %q = %v, want %v", q, got, want)
		}
	}
	check("jose", "José Núñez", "Ana Josefina", "Joseph Kim") // by the word matched, then last name; "Josefina" matches the surname
	check("JOSÉ N", "José Núñez")
	check("nunez", "José Núñez")
	check("nuñez jo", "José Núñez")
	check("213555", "José Núñez")
	check("(213) 555-01", "José Núñez")
	check("0142", "José Núñez")
	check("lucia.ramos@", "Lucía Ramos")
	check("zzz")
	check("%")
	check("_")
	if em.Email != "lucia.ramos@example.org" {
		t.Errorf("email not lower-cased: %q", em.Email)
	}
	_ = jose
}

func TestPickCurrentEvent(t *testing.T) {
	now := datatest.Now
	ev := func(id int64, startMin, durMin int, cancelled bool) app.Event {
		s := now.Add(time.Duration(startMin) * time.Minute)
		return app.Event{ID: id, Start: s, End: s.Add(time.Duration(durMin) * time.Minute), Cancelled: cancelled}
	}
	cases := []struct {
		name   string
		events []app.Event
		want   int64
	}{
		{"running wins over next", []app.Event{ev(1, 60, 60, false), ev(2, -30, 60, false)}, 2},
		{"latest started running wins", []app.Event{ev(1, -120, 180, false), ev(2, -10, 60, false)}, 2},
		{"next when none running", []app.Event{ev(1, -180, 60, false), ev(2, 30, 60, false), ev(3, 90, 60, false)}, 2},
		{"last ended when all over", []app.Event{ev(1, -300, 60, false), ev(2, -180, 60, false)}, 2},
		{"cancelled never picked", []app.Event{ev(1, -10, 60, true), ev(2, 60, 60, false)}, 2},
		{"none", []app.Event{ev(1, -10, 60, true)}, 0},
	}
	for _, c := range cases {
		got, ok := app.PickCurrentEvent(c.events, now)
		if got.ID != c.want || ok != (c.want != 0) {
			t.Errorf("%s: got %d %v", c.name, got.ID, ok)
		}
	}
}

func TestTodaysEventsUsesSiteTimeZone(t *testing.T) {
	e := datatest.New(t)
	// 10:15 LA time; an event at 23:30 LA tonight is today (07:30 UTC tomorrow),
	// one at 00:30 LA tomorrow is not.
	loc := e.Site.Location()
	tonight := time.Date(2026, 3, 10, 23, 30, 0, 0, loc)
	tomorrow := time.Date(2026, 3, 11, 0, 30, 0, 0, loc)
	a := e.Event(t, app.KindOther, "Late", tonight, 20*time.Minute, 0)
	e.Event(t, app.KindOther, "Tomorrow", tomorrow, time.Hour, 0)
	evs, err := e.Svc.TodaysEvents(e.Ctx, e.Site.ID)
	if err != nil || len(evs) != 1 || evs[0].ID != a.ID {
		t.Fatalf("today's events: %+v %v", evs, err)
	}
}

func TestServicesNeedAnActor(t *testing.T) {
	e := datatest.New(t)
	_, err := e.Svc.AddParticipant(context.Background(), app.Participant{SiteID: e.Site.ID, FirstName: "A", LastName: "B"})
	if app.ErrorCode(err) != app.EForbidden {
		t.Fatalf("no actor: %v", err)
	}
	viewer := app.WithActor(context.Background(), app.Actor{Username: "kc", Roles: []app.Role{app.RoleCirculation}})
	_, err = e.Svc.ScanCheckIn(viewer, app.Target{SiteID: e.Site.ID, Reason: app.ReasonOther}, "P-XXXXXXXXXX")
	if app.ErrorCode(err) != app.EForbidden {
		t.Fatalf("kit circulation checking in: %v", err)
	}
}

// Each desk has a name: its check-ins record it, and another desk scanning
// the same card hears where the person was checked in.
func TestDeskNamesRecordedAndTold(t *testing.T) {
	e := datatest.New(t)
	ev := e.Event(t, app.KindWorkshop, "Resume Writing", datatest.Now.Add(-10*time.Minute), time.Hour, 0)
	maria := e.Participant(t, "María", "González", "")
	target := app.Target{SiteID: e.Site.ID, EventID: ev.ID}

	for _, bad := range []string{"", "   ", strings.Repeat("x", app.MaxDeskName+1), "Front\x07desk"} {
		if err := e.Svc.SetDesk(bad); app.ErrorCode(err) != app.EInvalid {
			t.Errorf("desk name %q: %v", bad, err)
		}
	}
	if e.Svc.Desk() != "" {
		t.Fatalf("a refused name was kept: %q", e.Svc.Desk())
	}
	if err := e.Svc.SetDesk("  Resource   room "); err != nil || e.Svc.Desk() != "Resource room" {
		t.Fatalf("desk name: %q %v", e.Svc.Desk(), err)
	}
	// the second desk is another program on the same database
	st2, err := data.Open(context.Background(), e.Path, data.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	greeter := app.NewService(st2, func() time.Time { return e.Clock })
	if err := greeter.SetDesk("Greeter"); err != nil {
		t.Fatal(err)
	}
	first, err := e.Svc.ScanCheckIn(e.Ctx, target, maria.Code)
	if err != nil || !first.Outcome.Recorded() || first.CheckIn.Desk != "Resource room" {
		t.Fatalf("first scan: %+v %v", first.CheckIn, err)
	}
	again, err := greeter.ScanCheckIn(e.Ctx, target, maria.Code)
	if err != nil || again.Outcome != app.OutcomeAlready || again.CheckIn.Desk != "Resource room" ||
		!strings.Contains(again.Message, "at Resource room") {
		t.Fatalf("second desk: %+v %v", again, err)
	}
	list, err := greeter.CheckIns(e.Ctx, ev.ID)
	if err != nil || len(list) != 1 || list[0].Desk != "Resource room" {
		t.Fatalf("check-ins: %+v %v", list, err)
	}
	// a check-in's record may follow its transaction (RecordCheckIn)
	if err := e.Store.Update(e.Ctx, func(tx app.Tx) error { return tx.SettleAudit(e.Ctx) }); err != nil {
		t.Fatal(err)
	}
	var detail string
	if err := rawDB(t, e).QueryRow(`SELECT detail FROM audit_log WHERE action = 'checkin.create'`).Scan(&detail); err != nil || detail != "method=scan desk=Resource room" {
		t.Fatalf("audit detail %q %v", detail, err)
	}
}
