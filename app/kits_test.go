package app_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

var serialSeq atomic.Int64

// testIMEI returns a fresh IMEI with a valid Luhn check digit.
func testIMEI() string {
	body := fmt.Sprintf("35%012d", serialSeq.Add(1))
	sum := 0
	for i := 0; i < 14; i++ {
		v := int(body[13-i] - '0')
		if i%2 == 0 {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	return body + fmt.Sprint((10-sum%10)%10)
}

// newKit adds a kit of kind with the standard components and fresh serials.
func newKit(t *testing.T, e *datatest.Env, kind app.KitKind) app.Kit {
	t.Helper()
	k := app.Kit{Kind: kind, SiteID: e.Site.ID, Components: app.StandardComponents(kind)}
	for i := range k.Components {
		if k.Components[i].Name != app.ComponentMaterials {
			k.Components[i].Serial = fmt.Sprintf("SN%06d", serialSeq.Add(1))
		}
	}
	if kind.HasHotspot() {
		k.Carrier, k.LineNumber, k.IMEI = "T-Mobile", fmt.Sprintf("(323) 555-%04d", serialSeq.Add(1)%10000), testIMEI()
	}
	k, err := e.Svc.AddKit(e.Ctx, k)
	if err != nil {
		t.Fatalf("add kit: %v", err)
	}
	return k
}

// allOut ticks every component of k.
func allOut(k app.Kit) []int64 {
	var ids []int64
	for _, c := range k.Components {
		ids = append(ids, c.ID)
	}
	return ids
}

func component(t *testing.T, k app.Kit, name string) int64 {
	t.Helper()
	for _, c := range k.Components {
		if c.Name == name {
			return c.ID
		}
	}
	t.Fatalf("kit %s has no %s", k.Tag, name)
	return 0
}

func lend(t *testing.T, e *datatest.Env, p app.Participant, k app.Kit) app.Loan {
	t.Helper()
	res, err := e.Svc.Checkout(e.Ctx, app.CheckoutRequest{ParticipantID: p.ID, KitScan: k.Tag, Components: allOut(k)})
	if err != nil {
		t.Fatalf("checkout %s: %v", k.Tag, err)
	}
	return res.Loan
}

// kitRows counts every row the kit actions write, audit included.
func kitRows(t *testing.T, e *datatest.Env) string {
	t.Helper()
	db := rawDB(t, e)
	var out []string
	for _, tbl := range []string{"sessions", "session_events", "enrolments", "events", "kits", "kit_components", "loans", "loan_components", "holds", "audit_log"} {
		var n int
		if err := db.QueryRow("SELECT count(*) FROM " + tbl).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s=%d", tbl, n))
	}
	// statuses too: a refusal must not move a kit, a loan or a hold
	var sig string
	db.QueryRow(`SELECT coalesce(group_concat(status||service_state,','),'') FROM kits`).Scan(&sig)
	out = append(out, sig)
	db.QueryRow(`SELECT coalesce(group_concat(status||due_date||renewals,','),'') FROM loans`).Scan(&sig)
	out = append(out, sig)
	db.QueryRow(`SELECT coalesce(group_concat(status,','),'') FROM holds`).Scan(&sig)
	out = append(out, sig)
	return strings.Join(out, " ")
}

// refused checks err is code mentioning text, and that nothing changed since before.
func refused(t *testing.T, e *datatest.Env, before string, err error, code, mention string) {
	t.Helper()
	wantCode(t, err, code, mention)
	if after := kitRows(t, e); after != before {
		t.Fatalf("refusal changed the database:\n%s\n%s", before, after)
	}
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestCohortWithWeeklyEventsAndRoster(t *testing.T) {
	e := datatest.New(t)
	c, evs, err := e.Svc.CreateCohort(e.Ctx, app.NewCohort{SiteID: e.Site.ID, Name: "Work Ready Spring", Start: day(2026, 3, 9), End: day(2026, 4, 17),
		Pattern: &app.WeeklyPattern{Weekdays: []time.Weekday{time.Wednesday}, StartHour: 18, Duration: 90 * time.Minute, Title: "Work Ready live workshop", Location: "Zoom"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 6 {
		t.Fatalf("%d events, want 6 Wednesdays", len(evs))
	}
	loc := e.Site.Location()
	if got := evs[0].Start.In(loc); got.Weekday() != time.Wednesday || got.Hour() != 18 || got.Day() != 11 || evs[0].End.Sub(evs[0].Start) != 90*time.Minute {
		t.Fatalf("first event %v", got)
	}
	linked, err := e.Svc.CohortEvents(e.Ctx, c.ID)
	if err != nil || len(linked) != 6 || linked[5].ID != evs[5].ID {
		t.Fatalf("linked events %d %v", len(linked), err)
	}
	// the events are ordinary events of the site
	all, _ := e.Svc.Events(e.Ctx, app.EventFilter{SiteID: e.Site.ID})
	if len(all) != 6 {
		t.Fatalf("site events %d", len(all))
	}
	p := e.Participant(t, "María", "González", "213-555-0142")
	if err := e.Svc.Enrol(e.Ctx, c.ID, p.ID); err != nil {
		t.Fatal(err)
	}
	before := kitRows(t, e)
	refused(t, e, before, e.Svc.Enrol(e.Ctx, c.ID, p.ID), app.EConflict, "already enrolled")
	roster, err := e.Svc.CohortRoster(e.Ctx, c.ID)
	if err != nil || len(roster) != 1 || roster[0].ID != p.ID {
		t.Fatalf("roster %v %v", roster, err)
	}
	// bad input: nothing at all is created
	_, _, err = e.Svc.CreateCohort(e.Ctx, app.NewCohort{SiteID: e.Site.ID, Name: "X", Start: day(2026, 3, 9), End: day(2026, 4, 17),
		Pattern: &app.WeeklyPattern{StartHour: 18, Duration: time.Hour, Title: "T"}})
	refused(t, e, before, err, app.EInvalid, "day of the week")
	_, _, err = e.Svc.CreateCohort(e.Ctx, app.NewCohort{SiteID: e.Site.ID, Name: "X", Start: day(2026, 4, 17), End: day(2026, 3, 9)})
	refused(t, e, before, err, app.EInvalid, "before the start")
	_, _, err = e.Svc.CreateCohort(e.Ctx, app.NewCohort{SiteID: e.Site.ID, Name: "X", Start: day(2026, 3, 9), End: day(2026, 4, 17),
		Pattern: &app.WeeklyPattern{Weekdays: []time.Weekday{time.Monday}, StartHour: 18, Title: "No length"}})
	refused(t, e, before, err, app.EInvalid, "after the start")
}

func TestAddKitAndDuplicates(t *testing.T) {
	e := datatest.New(t)
	laptop := newKit(t, e, app.KitLaptop)
	if _, prefix, err := app.ParseCode(laptop.Tag); err != nil || prefix != app.PrefixKit {
		t.Fatalf("tag %q: %v", laptop.Tag, err)
	}
	if laptop.Status != app.KitAvailable || len(laptop.Components) != 4 || laptop.Service != "" {
		t.Fatalf("laptop kit %+v", laptop)
	}
	hs := newKit(t, e, app.KitLaptopHotspot)
	if hs.Service != app.ServiceActive || !strings.HasPrefix(hs.LineNumber, "+1323555") || len(hs.Components) != 6 {
		t.Fatalf("hotspot kit %+v", hs)
	}
	got, err := e.Svc.KitByTag(e.Ctx, strings.ToLower(hs.Tag))
	if err != nil || got.ID != hs.ID || got.IMEI != hs.IMEI || len(got.Components) != 6 || !got.Components[0].Required {
		t.Fatalf("by tag %+v %v", got, err)
	}
	before := kitRows(t, e)
	dup := app.Kit{Kind: app.KitLaptop, SiteID: e.Site.ID, Components: []app.KitComponent{{Name: "laptop", Serial: strings.ToLower(laptop.Components[0].Serial), Required: true}}}
	_, err = e.Svc.AddKit(e.Ctx, dup)
	refused(t, e, before, err, app.EConflict, "already registered to kit "+laptop.Tag)
	dupIMEI := app.Kit{Kind: app.KitHotspot, SiteID: e.Site.ID, Carrier: "T-Mobile", LineNumber: "323-555-0999", IMEI: hs.IMEI,
		Components: []app.KitComponent{{Name: "hotspot", Required: true}}}
	_, err = e.Svc.AddKit(e.Ctx, dupIMEI)
	refused(t, e, before, err, app.EConflict, hs.IMEI)
	_, err = e.Svc.AddKit(e.Ctx, app.Kit{Tag: laptop.Tag, Kind: app.KitLaptop, SiteID: e.Site.ID, Components: []app.KitComponent{{Name: "laptop", Required: true}}})
	refused(t, e, before, err, app.EConflict, "already has the tag "+laptop.Tag)
	twice := app.Kit{Kind: app.KitLaptop, SiteID: e.Site.ID, Components: []app.KitComponent{{Name: "laptop", Serial: "AB1", Required: true}, {Name: "charger", Serial: "ab1"}}}
	_, err = e.Svc.AddKit(e.Ctx, twice)
	refused(t, e, before, err, app.EConflict, "entered twice")
	bad := dupIMEI
	bad.IMEI = "350000000000001"
	_, err = e.Svc.AddKit(e.Ctx, bad)
	refused(t, e, before, err, app.EInvalid, "IMEI")
	_, err = e.Svc.AddKit(e.Ctx, app.Kit{Kind: "tablet", SiteID: e.Site.ID, Components: []app.KitComponent{{Name: "x"}}})
	refused(t, e, before, err, app.EInvalid, "kind")
	p := e.Participant(t, "Ana", "Lee", "")
	_, err = e.Svc.AddKit(e.Ctx, app.Kit{Tag: p.Code, Kind: app.KitLaptop, SiteID: e.Site.ID, Components: []app.KitComponent{{Name: "laptop"}}})
	wantCode(t, err, app.EInvalid, "not a kit tag")
}

func TestCheckoutRules(t *testing.T) {
	e := datatest.New(t)
	maria := e.Participant(t, "María", "González", "213-555-0142")
	joe := e.Participant(t, "Joe", "Park", "213-555-0143")
	laptop := newKit(t, e, app.KitLaptop)
	laptop2 := newKit(t, e, app.KitLaptop)
	combo := newKit(t, e, app.KitLaptopHotspot)
	c, _, err := e.Svc.CreateCohort(e.Ctx, app.NewCohort{SiteID: e.Site.ID, Name: "Work Ready Spring", Start: day(2026, 3, 9), End: day(2026, 4, 17)})
	if err != nil {
		t.Fatal(err)
	}
	before := kitRows(t, e)
	req := app.CheckoutRequest{ParticipantScan: maria.Code, KitScan: laptop.Tag, Components: allOut(laptop), CohortID: c.ID}

	// scanning the wrong thing
	r := req
	r.KitScan = maria.Code
	_, err = e.Svc.Checkout(e.Ctx, r)
	refused(t, e, before, err, app.EInvalid, "That is a participant card. Scan the kit's label.")
	r = req
	r.ParticipantScan = laptop.Tag
	_, err = e.Svc.Checkout(e.Ctx, r)
	refused(t, e, before, err, app.EInvalid, "That is a kit label. Scan the participant's card.")
	// not enrolled
	_, err = e.Svc.Checkout(e.Ctx, req)
	refused(t, e, before, err, app.EConflict, "not enrolled")
	if err := e.Svc.Enrol(e.Ctx, c.ID, maria.ID); err != nil {
		t.Fatal(err)
	}
	before = kitRows(t, e)
	// a required component not ticked
	r = req
	r.Components = []int64{component(t, laptop, app.ComponentLaptop), component(t, laptop, app.ComponentBag)}
	_, err = e.Svc.Checkout(e.Ctx, r)
	refused(t, e, before, err, app.EInvalid, "charger not ticked")
	// a due date in the past
	r = req
	r.Due = day(2026, 3, 9)
	_, err = e.Svc.Checkout(e.Ctx, r)
	refused(t, e, before, err, app.EInvalid, "in the past")
	// lost and retired kits
	if _, err := e.Svc.SetKitStatus(e.Ctx, laptop2.ID, app.KitRetired, "screen cracked beyond repair"); err != nil {
		t.Fatal(err)
	}
	before = kitRows(t, e)
	r = req
	r.KitScan = laptop2.Tag
	_, err = e.Svc.Checkout(e.Ctx, r)
	refused(t, e, before, err, app.EConflict, "is retired")

	// the session's end is the due date; printed materials are optional
	req.Components = req.Components[:3]
	res, err := e.Svc.Checkout(e.Ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Loan.Due.Equal(day(2026, 4, 17)) || res.Kit.Status != app.KitOnLoan || res.Loan.CohortID != c.ID || len(res.Loan.Components) != 3 {
		t.Fatalf("loan %+v kit %s", res.Loan, res.Kit.Status)
	}
	if !strings.Contains(res.Message, "María G.") {
		t.Fatalf("message %q", res.Message)
	}
	before = kitRows(t, e)
	// the kit is out now: its status is named
	_, err = e.Svc.Checkout(e.Ctx, app.CheckoutRequest{ParticipantID: joe.ID, KitScan: laptop.Tag, Components: allOut(laptop)})
	refused(t, e, before, err, app.EConflict, "is on loan")
	// one open loan per kind
	_, err = e.Svc.Checkout(e.Ctx, app.CheckoutRequest{ParticipantID: maria.ID, KitScan: laptop2.Tag, Components: allOut(laptop2)})
	refused(t, e, before, err, app.EConflict, "retired")
	fresh := newKit(t, e, app.KitLaptop)
	before = kitRows(t, e)
	_, err = e.Svc.Checkout(e.Ctx, app.CheckoutRequest{ParticipantID: maria.ID, KitScan: fresh.Tag, Components: allOut(fresh)})
	refused(t, e, before, err, app.EConflict, "already has a laptop kit on loan ("+laptop.Tag+")")

	// without a session: today + the default loan period
	jl := lend(t, e, joe, combo)
	if !jl.Due.Equal(day(2026, 3, 10).AddDate(0, 0, app.DefaultLoanSettings.DefaultLoanDays)) {
		t.Fatalf("default due %v", jl.Due)
	}
	// Joe's kit becomes overdue: blocked, then allowed when the setting is off
	e.Clock = e.Clock.AddDate(0, 0, 50)
	before = kitRows(t, e)
	_, err = e.Svc.Checkout(e.Ctx, app.CheckoutRequest{ParticipantID: joe.ID, KitScan: fresh.Tag, Components: allOut(fresh)})
	refused(t, e, before, err, app.EConflict, "overdue kit ("+combo.Tag)
	ls := app.DefaultLoanSettings
	ls.BlockOverdue = false
	if err := e.Svc.SetLoanSettings(e.Ctx, ls); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Svc.Checkout(e.Ctx, app.CheckoutRequest{ParticipantID: joe.ID, KitScan: fresh.Tag, Components: allOut(fresh)}); err != nil {
		t.Fatalf("with blocking off: %v", err)
	}
	// the audit says what and which kit, never who by name
	db := rawDB(t, e)
	var detail string
	db.QueryRow(`SELECT detail FROM audit_log WHERE action='loan.checkout' ORDER BY id LIMIT 1`).Scan(&detail)
	if detail != "kit="+laptop.Tag+" kind=laptop due=2026-04-17" {
		t.Fatalf("audit detail %q", detail)
	}
	var personal int
	// (their names and phone numbers, 213-555-0142 and -0143: not any "555",
	// which a random code or id in a detail may hold)
	db.QueryRow(`SELECT count(*) FROM audit_log WHERE detail LIKE '%María%' OR detail LIKE '%González%' OR detail LIKE '%Joe%'
		OR detail LIKE '%555014%' OR detail LIKE '%555-014%'`).Scan(&personal)
	if personal != 0 {
		t.Fatal("personal data in the audit log")
	}
}

func TestReturnsCompletePartialAndRepair(t *testing.T) {
	e := datatest.New(t)
	p := e.Participant(t, "María", "González", "213-555-0142")
	k := newKit(t, e, app.KitLaptop)
	before := kitRows(t, e)
	_, err := e.Svc.Return(e.Ctx, app.ReturnRequest{KitScan: k.Tag, Back: allOut(k)})
	refused(t, e, before, err, app.EConflict, "is not on loan (it is available)")
	_, err = e.Svc.Return(e.Ctx, app.ReturnRequest{KitScan: p.Code})
	refused(t, e, before, err, app.EInvalid, "participant card")

	lend(t, e, p, k)
	// the charger is missing: the loan stays open as a partial return
	charger := component(t, k, app.ComponentCharger)
	var back []int64
	for _, id := range allOut(k) {
		if id != charger {
			back = append(back, id)
		}
	}
	res, err := e.Svc.Return(e.Ctx, app.ReturnRequest{KitScan: k.Tag, Back: back, Note: "scuffed lid"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != app.ReturnPartial || res.Loan.Status != app.LoanPartial || res.Kit.Status != app.KitOnLoan ||
		len(res.Missing) != 1 || res.Missing[0] != "charger" || !strings.Contains(res.Message, "missing: charger") {
		t.Fatalf("partial return %+v", res)
	}
	partial, err := e.Svc.PartialLoans(e.Ctx, e.Site.ID)
	if err != nil || len(partial) != 1 || partial[0].ID != res.Loan.ID {
		t.Fatalf("partial list %v %v", partial, err)
	}
	// the charger comes back the next week: complete
	e.Clock = e.Clock.AddDate(0, 0, 7)
	res, err = e.Svc.Return(e.Ctx, app.ReturnRequest{KitScan: k.Tag, Back: []int64{charger}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != app.ReturnComplete || res.Loan.Status != app.LoanReturned || res.Kit.Status != app.KitAvailable || res.Loan.ConditionNote != "scuffed lid" {
		t.Fatalf("complete return %+v", res)
	}
	for _, c := range res.Loan.Components {
		if !c.Back || c.Condition != app.ConditionOK {
			t.Fatalf("component %+v", c)
		}
	}
	if partial, _ := e.Svc.PartialLoans(e.Ctx, e.Site.ID); len(partial) != 0 {
		t.Fatal("still listed as partial")
	}
	// a damaged laptop keeps the loan open unless sent to repair
	lend(t, e, p, k)
	lid := component(t, k, app.ComponentLaptop)
	res, err = e.Svc.Return(e.Ctx, app.ReturnRequest{KitScan: k.Tag, Back: allOut(k), Damaged: map[int64]string{lid: "cracked screen"}})
	if err != nil || res.Outcome != app.ReturnPartial || len(res.Damaged) != 1 {
		t.Fatalf("damaged return %+v %v", res, err)
	}
	res, err = e.Svc.Return(e.Ctx, app.ReturnRequest{KitScan: k.Tag, Back: []int64{lid}, Damaged: map[int64]string{lid: "cracked screen"}, ToRepair: true})
	if err != nil || res.Outcome != app.ReturnRepair || res.Kit.Status != app.KitInRepair || res.Loan.Status != app.LoanReturned {
		t.Fatalf("repair %+v %v", res, err)
	}
	before = kitRows(t, e)
	_, err = e.Svc.Return(e.Ctx, app.ReturnRequest{KitScan: k.Tag, Back: allOut(k)})
	refused(t, e, before, err, app.EConflict, "not on loan (it is in repair)")
	if _, err := e.Svc.SetKitStatus(e.Ctx, k.ID, app.KitAvailable, "new screen fitted"); err != nil {
		t.Fatal(err)
	}
}

func TestHoldsQueueAndHoldShelf(t *testing.T) {
	e := datatest.New(t)
	ana := e.Participant(t, "Ana", "Ruiz", "213-555-0150")
	ben := e.Participant(t, "Ben", "Cho", "213-555-0151")
	cy := e.Participant(t, "Cy", "Diaz", "213-555-0152")
	k := newKit(t, e, app.KitLaptop)
	lend(t, e, cy, k)
	ha, err := e.Svc.PlaceHold(e.Ctx, e.Site.ID, ana.ID, app.KitLaptop)
	if err != nil {
		t.Fatal(err)
	}
	e.Clock = e.Clock.Add(time.Minute)
	hb, err := e.Svc.PlaceHold(e.Ctx, e.Site.ID, ben.ID, app.KitLaptop)
	if err != nil {
		t.Fatal(err)
	}
	before := kitRows(t, e)
	_, err = e.Svc.PlaceHold(e.Ctx, e.Site.ID, ana.ID, app.KitLaptop)
	refused(t, e, before, err, app.EConflict, "already waiting")
	_, err = e.Svc.PlaceHold(e.Ctx, e.Site.ID, cy.ID, app.KitLaptop)
	refused(t, e, before, err, app.EConflict, "already has a laptop kit")
	q, err := e.Svc.HoldQueue(e.Ctx, e.Site.ID, app.KitLaptop)
	if err != nil || len(q) != 2 || q[0].Hold.ParticipantID != ana.ID || q[1].Position != 2 {
		t.Fatalf("queue %+v %v", q, err)
	}
	// the kit comes back: on the hold shelf for Ana, who is named
	res, err := e.Svc.Return(e.Ctx, app.ReturnRequest{KitScan: k.Tag, Back: allOut(k)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != app.ReturnHoldShelf || res.Kit.Status != app.KitOnHoldShelf || res.HoldFor.ID != ana.ID || !strings.Contains(res.Message, "hold shelf for Ana R.") {
		t.Fatalf("return %+v", res)
	}
	q, _ = e.Svc.HoldQueue(e.Ctx, e.Site.ID, app.KitLaptop)
	if q[0].Hold.Status != app.HoldReady || q[0].KitTag != k.Tag || q[1].Hold.Status != app.HoldWaiting {
		t.Fatalf("queue after return %+v", q)
	}
	// only Ana may take it
	before = kitRows(t, e)
	_, err = e.Svc.Checkout(e.Ctx, app.CheckoutRequest{ParticipantID: ben.ID, KitScan: k.Tag, Components: allOut(k)})
	refused(t, e, before, err, app.EConflict, "hold shelf for someone else")
	// Ana cancels: the kit goes to Ben
	if _, err := e.Svc.CancelHold(e.Ctx, ha.ID); err != nil {
		t.Fatal(err)
	}
	q, _ = e.Svc.HoldQueue(e.Ctx, e.Site.ID, app.KitLaptop)
	if len(q) != 1 || q[0].Hold.ID != hb.ID || q[0].Hold.Status != app.HoldReady || q[0].KitTag != k.Tag {
		t.Fatalf("queue after cancel %+v", q)
	}
	before = kitRows(t, e)
	_, err = e.Svc.CancelHold(e.Ctx, ha.ID)
	refused(t, e, before, err, app.EConflict, "already cancelled")
	out, err := e.Svc.Checkout(e.Ctx, app.CheckoutRequest{ParticipantID: ben.ID, KitScan: k.Tag, Components: allOut(k)})
	if err != nil || out.Kit.Status != app.KitOnLoan {
		t.Fatalf("Ben's checkout %+v %v", out, err)
	}
	if q, _ := e.Svc.HoldQueue(e.Ctx, e.Site.ID, app.KitLaptop); len(q) != 0 {
		t.Fatalf("hold not fulfilled: %+v", q)
	}
	// with nobody waiting, a return makes the kit available
	res, _ = e.Svc.Return(e.Ctx, app.ReturnRequest{KitScan: k.Tag, Back: allOut(k)})
	if res.Outcome != app.ReturnComplete || res.Kit.Status != app.KitAvailable {
		t.Fatalf("return %+v", res)
	}
}

func TestRenewals(t *testing.T) {
	e := datatest.New(t)
	p := e.Participant(t, "María", "González", "213-555-0142")
	q := e.Participant(t, "Joe", "Park", "213-555-0143")
	k := newKit(t, e, app.KitHotspot)
	l := lend(t, e, p, k)
	l2, err := e.Svc.RenewLoan(e.Ctx, l.ID, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if l2.Renewals != 1 || !l2.Due.Equal(l.Due.AddDate(0, 0, 42)) {
		t.Fatalf("renewed %+v", l2)
	}
	before := kitRows(t, e)
	_, err = e.Svc.RenewLoan(e.Ctx, l.ID, time.Time{})
	refused(t, e, before, err, app.EConflict, "the limit is 1")
	ls := app.DefaultLoanSettings
	ls.RenewalLimit = 3
	if err := e.Svc.SetLoanSettings(e.Ctx, ls); err != nil {
		t.Fatal(err)
	}
	before = kitRows(t, e)
	_, err = e.Svc.RenewLoan(e.Ctx, l.ID, day(2026, 3, 1))
	refused(t, e, before, err, app.EInvalid, "in the past")
	_, err = e.Svc.RenewLoan(e.Ctx, l.ID, l2.Due)
	refused(t, e, before, err, app.EInvalid, "after the current due date")
	l3, err := e.Svc.RenewLoan(e.Ctx, l.ID, day(2026, 6, 30))
	if err != nil || !l3.Due.Equal(day(2026, 6, 30)) || l3.Renewals != 2 {
		t.Fatalf("renew to a date %+v %v", l3, err)
	}
	if _, err := e.Svc.PlaceHold(e.Ctx, e.Site.ID, q.ID, app.KitHotspot); err != nil {
		t.Fatal(err)
	}
	before = kitRows(t, e)
	_, err = e.Svc.RenewLoan(e.Ctx, l.ID, time.Time{})
	refused(t, e, before, err, app.EConflict, "waiting for a hotspot kit")
}

func TestOverdueListAndHotspotQueues(t *testing.T) {
	e := datatest.New(t)
	p := e.Participant(t, "María", "González", "213-555-0142")
	q := e.Participant(t, "Joe", "Park", "213-555-0143")
	hot := newKit(t, e, app.KitHotspot)
	lap := newKit(t, e, app.KitLaptop)
	res, err := e.Svc.Checkout(e.Ctx, app.CheckoutRequest{ParticipantID: p.ID, KitScan: hot.Tag, Components: allOut(hot), Due: day(2026, 3, 12)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Svc.Checkout(e.Ctx, app.CheckoutRequest{ParticipantID: q.ID, KitScan: lap.Tag, Components: allOut(lap), Due: day(2026, 3, 15)}); err != nil {
		t.Fatal(err)
	}
	loc := e.Site.Location()
	// the end of Mar 12 plus 20 hours: overdue one day, not yet on the suspend queue
	e.Clock = time.Date(2026, 3, 13, 20, 0, 0, 0, loc)
	over, err := e.Svc.OverdueLoans(e.Ctx, e.Site.ID)
	if err != nil || len(over) != 1 {
		t.Fatalf("overdue %+v %v", over, err)
	}
	o := over[0]
	if o.Name != "María González" || o.Phone != "+12135550142" || o.KitTag != hot.Tag || o.Language != "en" || o.Kind != app.KitHotspot || o.DaysOverdue != 1 || !o.Due.Equal(day(2026, 3, 12)) {
		t.Fatalf("overdue line %+v", o)
	}
	qs, err := e.Svc.HotspotQueues(e.Ctx, e.Site.ID)
	if err != nil || len(qs.Suspend) != 0 {
		t.Fatalf("suspend queue too early %+v %v", qs, err)
	}
	// past 24 hours, and the laptop is overdue too (sorted by days)
	e.Clock = time.Date(2026, 3, 17, 9, 0, 0, 0, loc)
	over, _ = e.Svc.OverdueLoans(e.Ctx, e.Site.ID)
	if len(over) != 2 || over[0].DaysOverdue != 5 || over[1].DaysOverdue != 2 {
		t.Fatalf("overdue %+v", over)
	}
	qs, _ = e.Svc.HotspotQueues(e.Ctx, e.Site.ID)
	if len(qs.Suspend) != 1 || qs.Suspend[0].Kit.ID != hot.ID || qs.Suspend[0].LoanID != res.Loan.ID || qs.Suspend[0].Next != app.ServiceSuspendRequested {
		t.Fatalf("suspend queue %+v", qs)
	}
	// staff ask the carrier, then the carrier confirms
	before := kitRows(t, e)
	_, err = e.Svc.SetHotspotService(e.Ctx, hot.ID, app.ServiceReactivateRequested)
	refused(t, e, before, err, app.EConflict, "cannot go to reactivate requested")
	_, err = e.Svc.SetHotspotService(e.Ctx, lap.ID, app.ServiceSuspended)
	refused(t, e, before, err, app.EInvalid, "no hotspot")
	if _, err := e.Svc.SetHotspotService(e.Ctx, hot.ID, app.ServiceSuspendRequested); err != nil {
		t.Fatal(err)
	}
	qs, _ = e.Svc.HotspotQueues(e.Ctx, e.Site.ID)
	if len(qs.Suspend) != 0 || len(qs.Pending) != 1 || qs.Pending[0].Next != app.ServiceSuspended {
		t.Fatalf("after request %+v", qs)
	}
	if _, err := e.Svc.SetHotspotService(e.Ctx, hot.ID, app.ServiceSuspended); err != nil {
		t.Fatal(err)
	}
	// returned: it moves to the reactivate queue, and cannot be lent until active
	if _, err := e.Svc.Return(e.Ctx, app.ReturnRequest{KitScan: hot.Tag, Back: allOut(hot)}); err != nil {
		t.Fatal(err)
	}
	qs, _ = e.Svc.HotspotQueues(e.Ctx, e.Site.ID)
	if len(qs.Reactivate) != 1 || qs.Reactivate[0].Kit.ID != hot.ID || len(qs.Pending) != 0 {
		t.Fatalf("reactivate queue %+v", qs)
	}
	before = kitRows(t, e)
	_, err = e.Svc.Checkout(e.Ctx, app.CheckoutRequest{ParticipantID: q.ID, KitScan: hot.Tag, Components: allOut(hot)})
	refused(t, e, before, err, app.EConflict, "service is suspended")
	if _, err := e.Svc.SetHotspotService(e.Ctx, hot.ID, app.ServiceReactivateRequested); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Svc.SetHotspotService(e.Ctx, hot.ID, app.ServiceActive); err != nil {
		t.Fatal(err)
	}
	qs, _ = e.Svc.HotspotQueues(e.Ctx, e.Site.ID)
	if len(qs.Reactivate)+len(qs.Pending)+len(qs.Suspend) != 0 {
		t.Fatalf("queues not empty %+v", qs)
	}
	var steps []string
	rows, _ := rawDB(t, e).Query(`SELECT detail FROM audit_log WHERE action='hotspot.service' ORDER BY id`)
	for rows.Next() {
		var d string
		rows.Scan(&d)
		steps = append(steps, strings.TrimPrefix(d, "tag="+hot.Tag+" "))
	}
	rows.Close()
	if strings.Join(steps, " ") != "active→suspend_requested suspend_requested→suspended suspended→reactivate_requested reactivate_requested→active" {
		t.Fatalf("audited steps %v", steps)
	}
}

func TestKitFigures(t *testing.T) {
	e := datatest.New(t)
	p := e.Participant(t, "María", "González", "213-555-0142")
	q := e.Participant(t, "Joe", "Park", "213-555-0143")
	a := newKit(t, e, app.KitLaptop)
	b := newKit(t, e, app.KitHotspot)
	c := newKit(t, e, app.KitLaptop)
	from := e.Clock
	lend(t, e, p, a)
	e.Clock = from.AddDate(0, 0, 10)
	if _, err := e.Svc.Return(e.Ctx, app.ReturnRequest{KitScan: a.Tag, Back: allOut(a)}); err != nil {
		t.Fatal(err)
	}
	lend(t, e, q, a)
	lend(t, e, p, b)
	if _, err := e.Svc.SetKitStatus(e.Ctx, c.ID, app.KitLost, "never came back from a branch transfer"); err != nil {
		t.Fatal(err)
	}
	e.Clock = from.AddDate(0, 0, 60) // both loans (42 days) now overdue
	f, err := e.Svc.KitFigures(e.Ctx, e.Site.ID, from, from.AddDate(0, 0, 60))
	if err != nil {
		t.Fatal(err)
	}
	if f.Circulations != 3 || f.CurrentLoans != 2 || f.Overdue != 2 || f.Lost != 1 {
		t.Fatalf("figures %+v", f)
	}
	per := map[string]int{}
	for _, k := range f.PerKit {
		per[k.Tag] = k.Loans
	}
	if per[a.Tag] != 2 || per[b.Tag] != 1 || per[c.Tag] != 0 {
		t.Fatalf("per kit %v", per)
	}
	if f.AverageLoanDays < 9.99 || f.AverageLoanDays > 10.01 {
		t.Fatalf("average loan %v days", f.AverageLoanDays)
	}
	// loan-days: 10 + 50 + 50; kit-days: 60 + 60 + 10 (c lost on day 10)
	if f.LoanDays < 109.9 || f.LoanDays > 110.1 || f.KitDays < 129.9 || f.KitDays > 130.1 {
		t.Fatalf("loan days %v kit days %v", f.LoanDays, f.KitDays)
	}
	if f.Utilisation < 0.84 || f.Utilisation > 0.85 {
		t.Fatalf("utilisation %v", f.Utilisation)
	}
	_, err = e.Svc.KitFigures(e.Ctx, e.Site.ID, from, from)
	wantCode(t, err, app.EInvalid, "after the start")
}

func TestLoanSettings(t *testing.T) {
	e := datatest.New(t)
	ls, err := e.Svc.LoanSettings(e.Ctx)
	if err != nil || ls.DefaultLoanDays != 42 || ls.SuspendAfterHours != 24 || !ls.BlockOverdue || ls.RenewalLimit != 1 {
		t.Fatalf("defaults %+v %v", ls, err)
	}
	ls = app.LoanSettings{DefaultLoanDays: 21, RenewalLimit: 2, BlockOverdue: false, SuspendAfterHours: 48,
		ReplacementCents: map[string]int{"Laptop": 45000, "charger": 3500, "hotspot": 12000}}
	if err := e.Svc.SetLoanSettings(e.Ctx, ls); err != nil {
		t.Fatal(err)
	}
	got, _ := e.Svc.LoanSettings(e.Ctx)
	if got.DefaultLoanDays != 21 || got.RenewalLimit != 2 || got.BlockOverdue || got.SuspendAfterHours != 48 || got.ReplacementCents["laptop"] != 45000 || len(got.ReplacementCents) != 3 {
		t.Fatalf("saved %+v", got)
	}
	before := kitRows(t, e)
	bad := ls
	bad.DefaultLoanDays = 0
	refused(t, e, before, e.Svc.SetLoanSettings(e.Ctx, bad), app.EInvalid, "default loan period")
	bad = ls
	bad.ReplacementCents = map[string]int{"bag": -1}
	refused(t, e, before, e.Svc.SetLoanSettings(e.Ctx, bad), app.EInvalid, "replacement cost of bag")
	if _, err := e.Svc.LoanSettings(context.Background()); app.ErrorCode(err) != app.EForbidden {
		t.Fatalf("without sign-in: %v", err)
	}
}
