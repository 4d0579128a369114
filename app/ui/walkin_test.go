package ui

import (
	"fyne.io/fyne/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"frontdesk/app"
)

func TestWalkInRegistersChecksInAndOffersCard(t *testing.T) {
	d, ev, _, _ := orientationDesk(t)
	d.typeScan("Lupe Ramírez", "")         // searched, nobody found
	d.s.scan.TypedShortcut(walkInShortcut) // the focused scan field receives it
	w := d.s.walkInDlg
	if w == nil {
		t.Fatal("Ctrl+N did not open the walk-in form")
	}
	f := w.form
	if f.first.Text != "Lupe" || f.last.Text != "Ramírez" {
		t.Fatalf("form not prefilled from the search: %q %q", f.first.Text, f.last.Text)
	}
	// consent wording is shown in English and Spanish
	markup := test.RenderObjectToMarkup(f.content)
	if !strings.Contains(markup, "text-message reminders") || !strings.Contains(markup, "recordatorios por mensaje de texto") {
		t.Fatal("consent wording not shown in both languages")
	}
	// consent without a phone is refused, the form stays open, nothing saved
	f.consent.SetChecked(true)
	test.Tap(w.confirm)
	if !strings.Contains(f.errLine.Text, "Phone is needed") {
		t.Fatalf("error line %q", f.errLine.Text)
	}
	if n, _ := d.env.Svc.CountParticipants(d.env.Ctx, d.env.Site.ID); n != 2 {
		t.Fatalf("%d participants after a refused walk-in", n)
	}
	test.Type(f.phone, "(323) 555-0177")
	f.language.SetSelectedIndex(1)                         // Español
	f.phone.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter submits the form
	d.settle()
	d.wantResult(toneWalkIn, "Lupe R. is checked in as a walk-in")
	cs := d.activeCheckIns(ev.ID)
	if len(cs) != 1 || cs[0].Method != app.MethodWalkIn {
		t.Fatalf("check-ins %+v", cs)
	}
	p, err := d.env.Svc.Participant(d.env.Ctx, cs[0].ParticipantID)
	if err != nil {
		t.Fatal(err)
	}
	if p.Phone != "+13235550177" || p.Language != "es" || !p.Consent.Given || p.Consent.Method != app.ConsentVerbal ||
		p.Consent.Wording != app.ConsentWordingVersion || p.Consent.By != "desk" { // the signed-in person
		t.Fatalf("saved %+v", p)
	}
	// the walk-in form is gone and the card offer is on top (shown while
	// the form was still open, hiding the form took it away with it)
	top := d.win.Canvas().Overlays().Top()
	if top == nil || findButton(top, "Print card") == nil {
		t.Fatal("the card offer is not shown after the walk-in form closed")
	}
	if n := len(d.win.Canvas().Overlays().List()); n != 1 {
		t.Fatalf("%d overlays open, want just the card offer", n)
	}
	test.Tap(findButton(top, "Print card"))
	d.settle()
	d.u.printQ.wait()
	// the saved-card dialog has the keyboard: Enter closes it
	if d.u.printed == nil || d.win.Canvas().Focused() != d.u.printed.close {
		t.Fatal("the saved-card dialog does not have the keyboard")
	}
	d.u.printed.close.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	ents, err := os.ReadDir(d.u.opts.CardDir)
	if err != nil || len(ents) != 1 || !strings.HasPrefix(ents[0].Name(), "card-"+p.Code) {
		t.Fatalf("card folder %v %v", ents, err)
	}
	if b, err := os.ReadFile(filepath.Join(d.u.opts.CardDir, ents[0].Name())); err != nil || !strings.HasPrefix(string(b), "%PDF") {
		t.Fatalf("card: %v", err)
	}
	if d.win.Canvas().Overlays().Top() != nil {
		t.Fatal("the card offer stayed open")
	}
	if d.win.Canvas().Focused() != d.s.scan {
		t.Fatal("the scan field did not get the focus back")
	}
}
