package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"frontdesk/app"
)

// A case manager opens a participant's record: the card button is off with
// the reason beside it (cards are the front desk's), tapping it prints
// nothing, and adding someone offers no card; the follow-up file is there.
func TestCaseManagerCardButtonIsOffWithTheReason(t *testing.T) {
	d := newFollowupDesk(t)
	ps := d.u.participants
	ps.edit(d.beto.ID)
	if ps.card == nil || !ps.card.Disabled() || ps.cardWhy == nil || ps.cardWhy.Text != "Cards are printed by front desk staff." {
		t.Fatalf("card button for a case manager: %+v / %+v", ps.card, ps.cardWhy)
	}
	if !canvasHasText(d.win.Canvas(), "Cards are printed by front desk staff.") {
		t.Fatal("the reason is not on screen")
	}
	if ps.followup == nil {
		t.Fatal("no Follow-up file button for a case manager")
	}
	test.Tap(ps.card)
	d.u.printQ.wait()
	if d.u.printed != nil {
		t.Fatal("a case manager printed a card")
	}
	if log, _ := d.env.Svc.AuditLog(d.env.Ctx, app.AuditFilter{Action: "card.print"}); len(log) != 0 {
		t.Fatalf("card print audited: %+v", log)
	}
}

// A director who also works the front desk prints cards, and sees no
// Follow-up file button on a record: a director never opens a file (the
// Follow-ups tab gives them the rosters only).
func TestDirectorAtTheDeskHasNoFollowupFileButton(t *testing.T) {
	u, e, _ := directorDesk(t)
	p := e.Participant(t, "Ana", "Flores", "")
	if u.followups == nil {
		t.Fatal("no Follow-ups tab (rosters) for a director")
	}
	u.participants.edit(p.ID)
	if u.participants.followup != nil || findButton(u.win.Canvas().Overlays().Top(), "Follow-up file") != nil {
		t.Fatal("a Follow-up file button for a director without the case manager role")
	}
	if u.participants.card.Disabled() || u.participants.cardWhy != nil {
		t.Fatal("the card button is off for front desk staff")
	}
}
