package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// paperDesk is the paper entry screen of a signed-in desk.
type paperDesk struct {
	*desk
	p *paperScreen
}

func newPaperDesk(t *testing.T, setup func(e *datatest.Env)) *paperDesk {
	t.Helper()
	d := newDesk(t, setup)
	p := d.u.paper
	if p == nil {
		t.Fatal("no paper entry screen for the front desk")
	}
	p.search.delay = 5 * time.Millisecond
	return &paperDesk{d, p}
}

func (d *paperDesk) settle() {
	time.Sleep(4 * d.p.search.delay)
	d.p.wait()
}

// row types a sheet row and waits for the matches.
func (d *paperDesk) row(text string) {
	d.t.Helper()
	d.p.entry.SetText("")
	test.Type(d.p.entry, text)
	d.settle()
}

func (d *paperDesk) press(k fyne.KeyName) {
	d.p.entry.TypedKey(&fyne.KeyEvent{Name: k})
	d.settle()
}

func (d *paperDesk) shortcut(s fyne.Shortcut) {
	d.p.entry.TypedShortcut(s)
	d.settle()
}

func (d *paperDesk) participant(id int64) app.Participant {
	d.t.Helper()
	p, err := d.env.Svc.Participant(d.env.Ctx, id)
	if err != nil {
		d.t.Fatal(err)
	}
	return p
}

func TestPaperEntry(t *testing.T) {
	var yesterday, ev app.Event
	var maria, ana, stop app.Participant
	d := newPaperDesk(t, func(e *datatest.Env) {
		yesterday = e.Event(t, app.KindWorkshop, "Resume Writing", at(10, 0).AddDate(0, 0, -1), time.Hour, 0)
		ev = e.Event(t, app.KindOrientation, "WorkSource Orientation", at(10, 0), 90*time.Minute, 30)
		maria = e.Participant(t, "María", "González", "213-555-0142")
		e.Participant(t, "Mario", "Gómez", "213-555-0150")
		ana = e.Participant(t, "Ana", "Ruiz", "323-555-0100")
		stop = e.Participant(t, "Pedro", "Stop", "818-555-0123")
		if _, err := e.Svc.ImportOptOuts(e.Ctx, 0, []app.OptOutRow{{Phone: "8185550123"}}, "rapidpro file contacts.xlsx"); err != nil {
			t.Fatal(err)
		}
	})
	s := d.p
	if len(s.events) != 2 || s.target.EventID != ev.ID {
		t.Fatalf("events %v, target %+v; want today's orientation picked", len(s.events), s.target)
	}

	// a name: matches as you type; ↓ moves, Enter checks in with method paper
	d.row("mar")
	if len(s.search.results) != 2 {
		t.Fatalf("matches for mar: %d", len(s.search.results))
	}
	hl := 0
	for i, p := range s.search.results {
		if p.ID == maria.ID {
			hl = i
		}
	}
	for range hl {
		d.press(fyne.KeyDown)
	}
	d.press(fyne.KeyReturn)
	cs := d.activeCheckIns(ev.ID)
	if len(cs) != 1 || cs[0].ParticipantID != maria.ID || cs[0].Method != app.MethodPaper {
		t.Fatalf("check-ins %+v", cs)
	}
	if s.entry.Text != "" || len(s.rows) != 1 || !strings.Contains(d.p.result.title.Text, "María G.") {
		t.Fatalf("after row 1: %q, %d rows, %q", s.entry.Text, len(s.rows), s.result.title.Text)
	}

	// the consent box ticked with Ctrl+K: paper consent recorded
	d.row("323 555 0100")
	d.shortcut(paperConsentShortcut)
	if !s.consent.Checked {
		t.Fatal("Ctrl+K did not tick the consent box")
	}
	d.press(fyne.KeyReturn)
	if got := d.participant(ana.ID); !got.Consent.Given || got.Consent.Method != app.ConsentPaper || got.Consent.By != "desk" {
		t.Fatalf("Ana's consent %+v", got.Consent)
	}
	if s.consent.Checked || s.result.detail.Text != "Paper consent recorded." {
		t.Fatalf("after row 2: box %v, %q", s.consent.Checked, s.result.detail.Text)
	}

	// an opted-out person: checked in, consent refused and the reason shown
	d.row("pedro")
	d.shortcut(paperConsentShortcut)
	d.press(fyne.KeyReturn)
	if got := d.participant(stop.ID); got.Consent.Given || got.OptOutAt == nil {
		t.Fatalf("Pedro %+v", got)
	}
	if s.result.tone != toneWarn || !strings.Contains(s.result.detail.Text, "replied STOP on Mar 10, 2026") {
		t.Fatalf("opted-out row: %q (tone %d)", s.result.detail.Text, s.result.tone)
	}
	if len(d.activeCheckIns(ev.ID)) != 3 {
		t.Fatal("Pedro not checked in")
	}

	// nobody matches: Ctrl+N registers from the row and checks in
	d.row("Luis Alberto Paz 626-555-0111 luis@example.org")
	if len(s.search.results) != 0 || !strings.Contains(s.search.hint.Text, "Ctrl+N") {
		t.Fatalf("matches %d, hint %q", len(s.search.results), s.search.hint.Text)
	}
	d.shortcut(paperConsentShortcut)
	d.shortcut(paperNewShortcut)
	found, err := d.env.Svc.SearchParticipants(d.env.Ctx, "luis@example.org", 5)
	if err != nil || len(found) != 1 {
		t.Fatalf("new participant: %v %v", found, err)
	}
	luis := found[0]
	if luis.FirstName != "Luis Alberto" || luis.LastName != "Paz" || luis.Phone != "+16265550111" ||
		luis.Consent.Method != app.ConsentPaper || luis.Status != app.StatusOriented {
		t.Fatalf("new participant %+v", luis)
	}
	cs = d.activeCheckIns(ev.ID)
	if len(cs) != 4 || cs[0].ParticipantID != luis.ID || cs[0].Method != app.MethodPaper {
		t.Fatalf("check-ins %+v", cs)
	}

	// undo the last row: the check-in is reversed, the person kept
	d.shortcut(paperUndoShortcut)
	if n := len(d.activeCheckIns(ev.ID)); n != 3 {
		t.Fatalf("after undo: %d check-ins", n)
	}
	if !s.rows[3].undone || !strings.Contains(s.result.title.Text, "row 4") {
		t.Fatalf("after undo: %+v, %q", s.rows[3], s.result.title.Text)
	}
	// and the one before, recording Ana's consent: both reversed
	d.shortcut(paperUndoShortcut) // Pedro
	d.shortcut(paperUndoShortcut) // Ana
	if got := d.participant(ana.ID); got.Consent.Given {
		t.Fatalf("Ana's consent kept after undo: %+v", got.Consent)
	}
	if n := len(d.activeCheckIns(ev.ID)); n != 1 {
		t.Fatalf("after three undos: %d check-ins", n)
	}

	// yesterday's sheet, picked by its QR code typed in the row field
	d.row(app.EventCode(yesterday.ID))
	d.press(fyne.KeyReturn)
	if s.target.EventID != yesterday.ID || len(s.rows) != 0 {
		t.Fatalf("event code: target %+v, %d rows", s.target, len(s.rows))
	}
	d.row("maria gonz")
	d.press(fyne.KeyReturn)
	if cs := d.activeCheckIns(yesterday.ID); len(cs) != 1 || cs[0].Method != app.MethodPaper {
		t.Fatalf("yesterday's check-ins %+v", cs)
	}
	s.useEventCode("E-NOTACODE")
	if s.result.tone != toneBad {
		t.Fatalf("bad event code: %q", s.result.title.Text)
	}
}

func TestOptOutShownOnRecord(t *testing.T) {
	LoadTranslations()
	at := time.Date(2026, 3, 11, 3, 0, 0, 0, time.UTC) // the 10th in Los Angeles
	loc, _ := time.LoadLocation(app.DefaultTimeZone)
	p := app.Participant{FirstName: "Ana", OptOutAt: &at, OptOutVia: "rapidpro file contacts.xlsx"}
	if got := optOutText(p, loc); got != "This person replied STOP on Mar 10, 2026 (rapidpro file contacts.xlsx): no text reminders, ever." {
		t.Fatalf("%q", got)
	}
	f := newParticipantForm(p, true, loc)
	if !f.consent.Disabled() {
		t.Fatal("consent box enabled for an opted-out person")
	}
}
