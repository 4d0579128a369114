package app_test

import (
	"testing"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

func TestUpdateKitAndStatusChanges(t *testing.T) {
	e := datatest.New(t)
	p := e.Participant(t, "María", "González", "213-555-0142")
	a := newKit(t, e, app.KitHotspot)
	b := newKit(t, e, app.KitHotspot)
	a.Notes, a.LineNumber = "small dent on the case", "323-555-7777"
	got, err := e.Svc.UpdateKit(e.Ctx, a)
	if err != nil || got.Notes != "small dent on the case" || got.LineNumber != "+13235557777" || got.Service != app.ServiceActive {
		t.Fatalf("update %+v %v", got, err)
	}
	before := kitRows(t, e)
	b.IMEI = a.IMEI
	_, err = e.Svc.UpdateKit(e.Ctx, b)
	refused(t, e, before, err, app.EConflict, "already registered to kit "+a.Tag)

	// a kit on the hold shelf sent to repair: the hold goes back to waiting, first in line
	lend(t, e, p, a)
	q := e.Participant(t, "Joe", "Park", "213-555-0143")
	h, err := e.Svc.PlaceHold(e.Ctx, e.Site.ID, q.ID, app.KitHotspot)
	if err != nil {
		t.Fatal(err)
	}
	// b is available; make it unavailable so the queue is served by a's return
	if _, err := e.Svc.SetKitStatus(e.Ctx, b.ID, app.KitInRepair, ""); err != nil {
		t.Fatal(err)
	}
	res, err := e.Svc.Return(e.Ctx, app.ReturnRequest{KitScan: a.Tag, Back: allOut(a)})
	if err != nil || res.Outcome != app.ReturnHoldShelf {
		t.Fatalf("return %+v %v", res, err)
	}
	if _, err := e.Svc.SetKitStatus(e.Ctx, a.ID, app.KitInRepair, "battery swelling"); err != nil {
		t.Fatal(err)
	}
	line, _ := e.Svc.HoldQueue(e.Ctx, e.Site.ID, app.KitHotspot)
	if len(line) != 1 || line[0].Hold.ID != h.ID || line[0].Hold.Status != app.HoldWaiting || line[0].KitTag != "" {
		t.Fatalf("queue %+v", line)
	}
	// b back from repair: it goes on the hold shelf for Joe, who is waiting
	if fixed, err := e.Svc.SetKitStatus(e.Ctx, b.ID, app.KitAvailable, "fixed"); err != nil || fixed.Status != app.KitOnHoldShelf {
		t.Fatalf("back from repair %+v %v", fixed, err)
	}
	if line, _ := e.Svc.HoldQueue(e.Ctx, e.Site.ID, app.KitHotspot); len(line) != 1 || line[0].KitTag != b.Tag || line[0].Hold.Status != app.HoldReady {
		t.Fatalf("queue %+v", line)
	}
	if _, err := e.Svc.Checkout(e.Ctx, app.CheckoutRequest{ParticipantID: q.ID, KitScan: b.Tag, Components: allOut(b)}); err != nil {
		t.Fatal(err)
	}
	if line, _ := e.Svc.HoldQueue(e.Ctx, e.Site.ID, app.KitHotspot); len(line) != 0 {
		t.Fatalf("hold not fulfilled %+v", line)
	}
	// a kit lost on loan: the loan closes as lost; its line goes on the suspend queue
	before = kitRows(t, e)
	_, err = e.Svc.SetKitStatus(e.Ctx, b.ID, app.KitOnLoan, "")
	refused(t, e, before, err, app.EInvalid, "available, in repair, lost or retired")
	lost, err := e.Svc.SetKitStatus(e.Ctx, b.ID, app.KitLost, "participant moved away")
	if err != nil || lost.Status != app.KitLost {
		t.Fatalf("lost %+v %v", lost, err)
	}
	loans, _ := e.Svc.Loans(e.Ctx, app.LoanFilter{KitID: b.ID})
	if len(loans) != 1 || loans[0].Status != app.LoanLost || loans[0].ReturnedAt == nil {
		t.Fatalf("loan %+v", loans)
	}
	qs, _ := e.Svc.HotspotQueues(e.Ctx, e.Site.ID)
	if len(qs.Suspend) != 1 || qs.Suspend[0].Kit.ID != b.ID || qs.Suspend[0].LoanID != 0 {
		t.Fatalf("suspend queue %+v", qs)
	}
	before = kitRows(t, e)
	_, err = e.Svc.Return(e.Ctx, app.ReturnRequest{KitScan: b.Tag, Back: allOut(b)})
	refused(t, e, before, err, app.EConflict, "not on loan (it is lost)")
	_, err = e.Svc.Checkout(e.Ctx, app.CheckoutRequest{ParticipantID: p.ID, KitScan: b.Tag, Components: allOut(b)})
	refused(t, e, before, err, app.EConflict, "is lost and cannot be lent")
}

// A person with a kit waiting on the hold shelf who takes another kit of the
// kind frees the shelved one for the next in line.
func TestCheckoutOfAnotherKitFreesTheHoldShelf(t *testing.T) {
	e := datatest.New(t)
	ana := e.Participant(t, "Ana", "Ruiz", "213-555-0150")
	ben := e.Participant(t, "Ben", "Cho", "213-555-0151")
	cy := e.Participant(t, "Cy", "Diaz", "213-555-0152")
	k1 := newKit(t, e, app.KitLaptop)
	lend(t, e, cy, k1)
	if _, err := e.Svc.PlaceHold(e.Ctx, e.Site.ID, ana.ID, app.KitLaptop); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Svc.PlaceHold(e.Ctx, e.Site.ID, ben.ID, app.KitLaptop); err != nil {
		t.Fatal(err)
	}
	if res, err := e.Svc.Return(e.Ctx, app.ReturnRequest{KitScan: k1.Tag, Back: allOut(k1)}); err != nil || res.HoldFor.ID != ana.ID {
		t.Fatalf("return %+v %v", res, err)
	}
	k2 := newKit(t, e, app.KitLaptop) // a new kit: Ana takes it instead
	lend(t, e, ana, k2)
	line, _ := e.Svc.HoldQueue(e.Ctx, e.Site.ID, app.KitLaptop)
	if len(line) != 1 || line[0].Hold.ParticipantID != ben.ID || line[0].Hold.Borrower.DisplayName() != ben.DisplayName() || line[0].Hold.Borrower.Phone != ben.Phone || line[0].Hold.Status != app.HoldReady || line[0].KitTag != k1.Tag {
		t.Fatalf("queue %+v", line)
	}
}

// A hotspot that came back in a partial return (its charger still out) is
// not put on the suspend queue, though the loan is overdue.
func TestPartialReturnWithTheHotspotBackIsNotSuspended(t *testing.T) {
	e := datatest.New(t)
	p := e.Participant(t, "Ana", "Ruiz", "213-555-0150")
	k := newKit(t, e, app.KitHotspot)
	lend(t, e, p, k)
	e.Clock = e.Clock.AddDate(0, 0, 60)
	qs, _ := e.Svc.HotspotQueues(e.Ctx, e.Site.ID)
	if len(qs.Suspend) != 1 {
		t.Fatalf("suspend queue %+v", qs)
	}
	charger := component(t, k, app.ComponentHotspotCharger)
	var back []int64
	for _, id := range allOut(k) {
		if id != charger {
			back = append(back, id)
		}
	}
	if res, err := e.Svc.Return(e.Ctx, app.ReturnRequest{KitScan: k.Tag, Back: back}); err != nil || res.Outcome != app.ReturnPartial {
		t.Fatalf("partial %+v %v", res, err)
	}
	qs, _ = e.Svc.HotspotQueues(e.Ctx, e.Site.ID)
	if len(qs.Suspend) != 0 {
		t.Fatalf("suspend queue after the hotspot came back %+v", qs)
	}
	if over, _ := e.Svc.OverdueLoans(e.Ctx, e.Site.ID); len(over) != 1 || over[0].Loan.Status != app.LoanPartial {
		t.Fatalf("the partial loan is still overdue: %+v", over)
	}
}

// Loans and holds come with their borrower's name and phone, read in the
// same query: the kit desk lists who to call without a second look-up.
func TestLoansAndHoldsCarryTheBorrower(t *testing.T) {
	e := datatest.New(t)
	ana := e.Participant(t, "Ana", "Ruiz", "213-555-0150")
	noPhone, err := e.Svc.AddParticipant(e.Ctx, app.Participant{SiteID: e.Site.ID, FirstName: "Ben", LastName: "Cho", Email: "ben@example.org", Language: "es"})
	if err != nil {
		t.Fatal(err)
	}
	k1, k2 := newKit(t, e, app.KitLaptop), newKit(t, e, app.KitHotspot)
	lend(t, e, ana, k1)
	lend(t, e, noPhone, k2)
	if _, err := e.Svc.PlaceHold(e.Ctx, e.Site.ID, noPhone.ID, app.KitLaptop); err != nil {
		t.Fatal(err)
	}
	loans, err := e.Svc.Loans(e.Ctx, app.LoanFilter{SiteID: e.Site.ID, OutOnly: true})
	if err != nil || len(loans) != 2 {
		t.Fatalf("loans %+v %v", loans, err)
	}
	want := map[int64]app.Borrower{
		ana.ID:     {FirstName: "Ana", LastName: "Ruiz", Phone: "+12135550150", Language: "en"},
		noPhone.ID: {FirstName: "Ben", LastName: "Cho", Email: "ben@example.org", Language: "es"},
	}
	for _, l := range loans {
		if l.Borrower != want[l.ParticipantID] {
			t.Errorf("loan %d borrower %+v, want %+v", l.ID, l.Borrower, want[l.ParticipantID])
		}
	}
	holds, err := e.Svc.HoldQueue(e.Ctx, e.Site.ID, "")
	if err != nil || len(holds) != 1 || holds[0].Hold.Borrower.DisplayName() != "Ben Cho" || holds[0].Hold.Borrower.Phone != "" {
		t.Fatalf("holds %+v %v", holds, err)
	}
}
