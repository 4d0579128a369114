package ui

import (
	"strings"
	"testing"

	"time"

	"fyne.io/fyne/v2/test"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// A walk-in with a phone someone already has: staff are told who has it and
// go on with "Register anyway"; "Go back" saves nothing.
func TestWalkInWithAHouseholdPhone(t *testing.T) {
	d, ev, maria, _ := orientationDesk(t)
	before, _ := d.env.Svc.CountParticipants(d.env.Ctx, 0)
	d.typeScan("Sofía González", "")
	d.s.scan.TypedShortcut(walkInShortcut)
	f := d.s.walkInDlg.form
	test.Type(f.phone, "213 555 0142") // María's
	test.Tap(d.s.walkInDlg.confirm)
	d.settle()
	top := d.win.Canvas().Overlays().Top()
	if top == nil || findButton(top, "Register anyway") == nil {
		t.Fatal("no question about the shared phone")
	}
	if markup := test.RenderObjectToMarkup(top); !strings.Contains(markup, "María G. ("+maria.Code+")") {
		t.Fatal("the question does not say who has the phone")
	}
	// Go back: nothing saved, the form is still open at the phone
	test.Tap(findButton(top, "Go back"))
	if n, _ := d.env.Svc.CountParticipants(d.env.Ctx, 0); n != before {
		t.Fatalf("%d participants after Go back, want %d", n, before)
	}
	if d.win.Canvas().Focused() != f.phone {
		t.Fatal("Go back did not return to the phone")
	}
	// again, and Register anyway: registered and checked in as a walk-in
	test.Tap(d.s.walkInDlg.confirm)
	d.settle()
	test.Tap(findButton(d.win.Canvas().Overlays().Top(), "Register anyway"))
	d.settle()
	d.wantResult(toneWalkIn, "Sofía G. is checked in as a walk-in")
	cs := d.activeCheckIns(ev.ID)
	if len(cs) != 1 || cs[0].Method != app.MethodWalkIn {
		t.Fatalf("check-ins %+v", cs)
	}
	p, _ := d.env.Svc.Participant(d.env.Ctx, cs[0].ParticipantID)
	if p.FirstName != "Sofía" || p.Phone != maria.Phone {
		t.Fatalf("registered %+v", p)
	}
	// the card offer follows as usual
	if findButton(d.win.Canvas().Overlays().Top(), "Print card") == nil {
		t.Fatal("no card offer after a confirmed shared phone")
	}
}

// Keying a paper row with a household's phone asks the same question.
func TestPaperRowWithAHouseholdPhone(t *testing.T) {
	var maria app.Participant
	d := newPaperDesk(t, func(e *datatest.Env) {
		e.Event(t, app.KindOrientation, "WorkSource Orientation", at(10, 0), 90*time.Minute, 30)
		maria = e.Participant(t, "María", "González", "213-555-0142")
	})
	d.row("Luis González 213-555-0142")
	d.shortcut(paperNewShortcut)
	top := d.win.Canvas().Overlays().Top()
	if top == nil || !strings.Contains(test.RenderObjectToMarkup(top), "María G. ("+maria.Code+")") {
		t.Fatalf("no question naming who has the phone: %q / %q", d.p.result.title.Text, d.p.result.detail.Text)
	}
	test.Tap(findButton(top, "Register anyway"))
	d.settle()
	found, err := d.env.Svc.SearchParticipants(d.env.Ctx, "luis", 5)
	if err != nil || len(found) != 1 || found[0].Phone != maria.Phone {
		t.Fatalf("Luis: %+v %v", found, err)
	}
	if !strings.Contains(d.p.result.title.Text, "Luis G. is registered and checked in") {
		t.Fatalf("result %q", d.p.result.title.Text)
	}
}
