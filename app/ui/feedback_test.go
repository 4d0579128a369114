package ui

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// recordingSounder keeps the sounds the desk asked for, in order.
type recordingSounder struct {
	mu  sync.Mutex
	got []Sound
}

func (r *recordingSounder) Play(s Sound) {
	r.mu.Lock()
	r.got = append(r.got, s)
	r.mu.Unlock()
}

// take returns the sounds played since the last take.
func (r *recordingSounder) take() []Sound {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.got
	r.got = nil
	return out
}

// waitFor polls cond (read on the UI goroutine) for up to two seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		var ok bool
		fyne.DoAndWait(func() { ok = cond() })
		if ok {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// recentRow renders "Just now" line i as the list shows it.
func (d *desk) recentRow(i int) *widget.Label {
	l := widget.NewLabel("")
	d.s.updateRecentRow(i, l)
	return l
}

func TestScanSoundsFollowTheAnswerAndTheSetting(t *testing.T) {
	d, _, maria, jose := orientationDesk(t)
	snd := &recordingSounder{}
	d.u.opts.Sounder = snd
	d.typeScan(maria.Code, fyne.KeyReturn) // pre-registered
	d.typeScan(jose.Code, fyne.KeyReturn)  // walk-in: a check-in too
	d.typeScan(maria.Code, fyne.KeyReturn) // already in
	d.typeScan("P-XQ", fyne.KeyReturn)     // unreadable
	want := []Sound{SoundCheckedIn, SoundCheckedIn, SoundAttention, SoundProblem}
	if got := snd.take(); !slices.Equal(got, want) {
		t.Fatalf("sounds %v, want %v", got, want)
	}
	// the administrator turns sounds off on the Staff screen: silence
	st := d.u.staff
	if !st.scanSounds.Checked {
		t.Fatal("Sounds on scan is not on by default")
	}
	st.scanSounds.SetChecked(false)
	st.saveSettings()
	if got, _ := d.env.Svc.Settings(d.env.Ctx); got.ScanSounds {
		t.Fatalf("setting not saved: %q", st.settingsMsg.Text)
	}
	d.typeScan("P-XQ", fyne.KeyReturn)
	d.typeScan(jose.Code, fyne.KeyReturn)
	if got := snd.take(); len(got) != 0 {
		t.Fatalf("sounds off, but played %v", got)
	}
	if d.s.result.tone != toneWarn { // the answer itself is still shown
		t.Fatalf("tone %d after a silent repeat scan", d.s.result.tone)
	}
}

func TestBannerReturnsToReadyAfterAFewSeconds(t *testing.T) {
	d, _, maria, jose := orientationDesk(t)
	d.s.feedback.readyDelay = 400 * time.Millisecond
	d.typeScan(maria.Code, fyne.KeyReturn)
	d.wantResult(toneGood, "María G. is checked in")
	time.Sleep(250 * time.Millisecond)
	// a second answer before the first one's time is up stays its full time
	d.typeScan(jose.Code, fyne.KeyReturn)
	d.wantResult(toneWalkIn, "José G. is checked in as a walk-in")
	time.Sleep(250 * time.Millisecond)
	var title string
	fyne.DoAndWait(func() { title = d.title() })
	if !strings.Contains(title, "José G.") {
		t.Fatalf("the first answer's timer cleared the second: %q", title)
	}
	waitFor(t, "the banner to say Ready", func() bool {
		return d.title() == "Ready — scan the next card" && d.s.result.tone == toneIdle
	})
	// the check-ins themselves stay in "Just now"
	if len(d.s.recent) != 2 {
		t.Fatalf("just now: %d lines", len(d.s.recent))
	}
}

func TestTwoBadScansInARowLookDifferentAndAreListed(t *testing.T) {
	d, ev, maria, _ := orientationDesk(t)
	d.typeScan("P-XQ", fyne.KeyReturn)
	d.wantResult(toneBad, "Scan again")
	if d.title() != "Scan again" || d.s.result.bg.FillColor != toneColors[toneBad] {
		t.Fatalf("first bad scan: %q %v", d.title(), d.s.result.bg.FillColor)
	}
	d.typeScan(app.NewCode(app.PrefixParticipant), fyne.KeyReturn) // nobody's card
	if d.title() != "Unknown card (2)" || d.s.result.bg.FillColor != badAgainColor {
		t.Fatalf("second bad scan in a row: %q %v", d.title(), d.s.result.bg.FillColor)
	}
	d.typeScan("P-XQ", fyne.KeyReturn)
	if d.title() != "Scan again (3)" || d.s.result.bg.FillColor != badAgainColor {
		t.Fatalf("third bad scan in a row: %q", d.title())
	}
	// bad scans are under "Just now", in red, newest first
	if len(d.s.recent) != 3 {
		t.Fatalf("just now: %d lines after three bad scans", len(d.s.recent))
	}
	if l := d.recentRow(0); l.Importance != widget.DangerImportance || !strings.Contains(l.Text, "✗ scan again") {
		t.Fatalf("bad scan line %q (importance %d)", l.Text, l.Importance)
	}
	if l := d.recentRow(1); !strings.Contains(l.Text, "✗ unknown card") {
		t.Fatalf("unknown card line %q", l.Text)
	}
	// a good scan ends the run; the next bad one counts from one again
	d.typeScan(maria.Code, fyne.KeyReturn)
	d.wantResult(toneGood, "María G. is checked in")
	if l := d.recentRow(0); l.Importance == widget.DangerImportance || !strings.Contains(l.Text, "María G.") {
		t.Fatalf("check-in line %q (importance %d)", l.Text, l.Importance)
	}
	d.typeScan("P-XQ", fyne.KeyReturn)
	if d.title() != "Scan again" || d.s.result.bg.FillColor != toneColors[toneBad] {
		t.Fatalf("bad scan after a good one: %q", d.title())
	}
	// undo still finds the check-in among the bad lines
	d.s.undo()
	d.settle()
	if n := len(d.activeCheckIns(ev.ID)); n != 0 || !d.s.recent[1].undone {
		t.Fatalf("undo: %d check-ins, line undone %v", n, d.s.recent[1].undone)
	}
}

func TestBannerClearsWhenTheEventChanges(t *testing.T) {
	d, _, maria, _ := orientationDesk(t)
	d.typeScan("P-XQ", fyne.KeyReturn)
	d.typeScan("P-XQ", fyne.KeyReturn)
	if d.title() != "Scan again (2)" {
		t.Fatalf("title %q", d.title())
	}
	d.s.picker.SetSelectedIndex(len(d.s.labels) - 1) // general visit
	if d.title() != "Ready — scan the next card" || d.s.result.tone != toneIdle {
		t.Fatalf("after changing the event: %q (tone %d)", d.title(), d.s.result.tone)
	}
	// the run of bad scans is forgotten with it
	d.typeScan("P-XQ", fyne.KeyReturn)
	if d.title() != "Scan again" {
		t.Fatalf("first bad scan at the new event: %q", d.title())
	}
	// refreshing the same list keeps the answer
	d.typeScan(maria.Code, fyne.KeyReturn)
	d.s.refreshEvents()
	if !strings.Contains(d.title(), "María G.") {
		t.Fatalf("refreshing the events cleared the answer: %q", d.title())
	}
}

// fullDesk is a desk at an orientation of two seats, both taken, with the
// capacity limit l; cruz has not come in.
func fullDesk(t *testing.T, l app.CapacityLimit) (*desk, app.Event, app.Participant) {
	var ev app.Event
	var cruz app.Participant
	d := newDesk(t, func(e *datatest.Env) {
		ev = e.Event(t, app.KindOrientation, "WorkSource Orientation", at(10, 0), 90*time.Minute, 2)
		target := app.Target{SiteID: e.Site.ID, EventID: ev.ID}
		for _, n := range []string{"Ana", "Bo"} {
			if _, err := e.Svc.ScanCheckIn(e.Ctx, target, e.Participant(t, n, "Lee", "").Code); err != nil {
				t.Fatal(err)
			}
		}
		cruz = e.Participant(t, "Cruz", "Díaz", "")
	})
	st := d.u.staff
	st.capacity.SetSelected(st.capacity.Options[0])
	if l == app.CapacityHard {
		st.capacity.SetSelected(st.capacity.Options[1])
	}
	st.saveSettings()
	if got, _ := d.env.Svc.Settings(d.env.Ctx); got.CapacityLimit != l {
		t.Fatalf("capacity limit %q after saving %q: %q", got.CapacityLimit, l, st.settingsMsg.Text)
	}
	return d, ev, cruz
}

func TestSoftCapacityWarnsInAmberAndChecksIn(t *testing.T) {
	d, ev, cruz := fullDesk(t, app.CapacitySoft)
	snd := &recordingSounder{}
	d.u.opts.Sounder = snd
	d.typeScan(cruz.Code, fyne.KeyReturn)
	d.wantResult(toneWarn, "Room full: 3 of 2")
	if !strings.Contains(d.detail(), "Cruz D. is checked in") || len(d.activeCheckIns(ev.ID)) != 3 {
		t.Fatalf("soft limit: %q, %d check-ins", d.detail(), len(d.activeCheckIns(ev.ID)))
	}
	if got := snd.take(); !slices.Equal(got, []Sound{SoundAttention}) {
		t.Fatalf("sounds %v", got)
	}
	if !strings.Contains(d.s.counts.Text, "3 of 2") {
		t.Fatalf("counts %q", d.s.counts.Text)
	}
}

func TestHardCapacityRefusesInRed(t *testing.T) {
	d, ev, cruz := fullDesk(t, app.CapacityHard)
	d.typeScan(cruz.Code, fyne.KeyReturn)
	d.wantResult(toneBad, "Room full: 3 of 2")
	if !strings.Contains(d.detail(), "Nothing was recorded") || len(d.activeCheckIns(ev.ID)) != 2 {
		t.Fatalf("hard limit: %q, %d check-ins", d.detail(), len(d.activeCheckIns(ev.ID)))
	}
	if l := d.recentRow(0); l.Importance != widget.DangerImportance || !strings.Contains(l.Text, "Cruz D.") || !strings.Contains(l.Text, "room full") {
		t.Fatalf("just now: %q", l.Text)
	}
	// a walk-in is refused in its form, which stays open; nobody is saved
	before, _ := d.env.Svc.CountParticipants(d.env.Ctx, d.env.Site.ID)
	d.typeScan("Dee Park", "")
	d.s.scan.TypedShortcut(walkInShortcut)
	w := d.s.walkInDlg
	if w == nil {
		t.Fatal("no walk-in form")
	}
	test.Tap(w.confirm)
	d.settle()
	if !strings.Contains(w.form.errLine.Text, "Room full: 3 of 2") {
		t.Fatalf("walk-in at a full room: %q", w.form.errLine.Text)
	}
	if n, _ := d.env.Svc.CountParticipants(d.env.Ctx, d.env.Site.ID); n != before {
		t.Fatalf("%d participants after a refused walk-in, want %d", n, before)
	}
}

func TestWalkInIsTheSameColourOnCheckInAndPaper(t *testing.T) {
	var jose app.Participant
	d := newPaperDesk(t, func(e *datatest.Env) {
		e.Event(t, app.KindOrientation, "WorkSource Orientation", at(10, 0), 90*time.Minute, 30)
		jose = e.Participant(t, "José", "Gómez", "213-555-0199")
		e.Participant(t, "Rita", "Moreno", "213-555-0111")
	})
	d.typeScan(jose.Code, fyne.KeyReturn)
	d.wantResult(toneWalkIn, "José G. is checked in as a walk-in")
	checkIn := d.s.result.bg.FillColor
	d.row("Rita Moreno")
	d.press(fyne.KeyReturn)
	if d.p.result.tone != toneWalkIn || d.p.result.bg.FillColor != checkIn || !strings.Contains(d.p.result.title.Text, "Rita M.") {
		t.Fatalf("paper walk-in: %q tone %d colour %v; check-in's %v", d.p.result.title.Text, d.p.result.tone, d.p.result.bg.FillColor, checkIn)
	}
}

// Paper sheets answer as Check-in does, from the same code: the same
// sounds, a repeated problem counted and darker, the banner back to Ready
// after a few seconds and at once when the sheet changes.
func TestPaperSheetsSoundCountAndReturnToReady(t *testing.T) {
	var other app.Event
	d := newPaperDesk(t, func(e *datatest.Env) {
		other = e.Event(t, app.KindWorkshop, "Resume Writing", at(10, 0).AddDate(0, 0, -1), time.Hour, 0)
		e.Event(t, app.KindOrientation, "WorkSource Orientation", at(10, 0), 90*time.Minute, 30)
		e.Participant(t, "Rita", "Moreno", "213-555-0111")
		e.Participant(t, "Luis", "Vega", "213-555-0122")
	})
	s := d.p
	snd := &recordingSounder{}
	d.u.opts.Sounder = snd
	if s.result.title.Text != "Ready — key in the next row" || s.result.tone != toneIdle {
		t.Fatalf("a new sheet says %q (tone %d)", s.result.title.Text, s.result.tone)
	}
	d.row("Rita Moreno")
	d.press(fyne.KeyReturn) // not pre-registered: a walk-in
	d.row("Rita Moreno")
	d.press(fyne.KeyReturn) // the same row keyed twice: already in
	if got, want := snd.take(), []Sound{SoundCheckedIn, SoundAttention}; !slices.Equal(got, want) {
		t.Fatalf("sounds %v, want %v", got, want)
	}
	if s.result.tone != toneWarn {
		t.Fatalf("second keying: %q (tone %d)", s.result.title.Text, s.result.tone)
	}

	// three problems in a row: counted, and darker from the second on
	d.row("213-555-0199")
	d.shortcut(paperNewShortcut) // a new participant needs a name
	if s.result.title.Text != "Type the name first" || s.result.bg.FillColor != toneColors[toneBad] {
		t.Fatalf("first problem: %q %v", s.result.title.Text, s.result.bg.FillColor)
	}
	d.shortcut(paperNewShortcut)
	if s.result.title.Text != "Type the name first (2)" || s.result.bg.FillColor != badAgainColor {
		t.Fatalf("second problem in a row: %q %v", s.result.title.Text, s.result.bg.FillColor)
	}
	s.useEventCode("E-NOTACODE")
	if s.result.title.Text != "Scan the sheet again (3)" || s.result.bg.FillColor != badAgainColor {
		t.Fatalf("third problem in a row: %q", s.result.title.Text)
	}
	if got, want := snd.take(), []Sound{SoundProblem, SoundProblem, SoundProblem}; !slices.Equal(got, want) {
		t.Fatalf("sounds %v, want %v", got, want)
	}
	// a good row ends the run
	d.row("Luis Vega")
	d.press(fyne.KeyReturn)
	d.row("213-555-0199")
	d.shortcut(paperNewShortcut)
	if s.result.title.Text != "Type the name first" || s.result.bg.FillColor != toneColors[toneBad] {
		t.Fatalf("a problem after a good row: %q", s.result.title.Text)
	}

	// back to Ready after the delay, the latest answer's full time
	s.feedback.readyDelay = 300 * time.Millisecond
	d.row("Luis Vega")
	d.press(fyne.KeyReturn)
	if !strings.Contains(s.result.title.Text, "Luis V.") {
		t.Fatalf("answer %q", s.result.title.Text)
	}
	waitFor(t, "the paper banner to say Ready", func() bool {
		return s.result.title.Text == "Ready — key in the next row" && s.result.tone == toneIdle
	})
	if len(s.rows) != 4 {
		t.Fatalf("%d rows keyed, want the 4 answered ones kept", len(s.rows))
	}

	// another sheet: Ready at once, the run of problems forgotten
	s.feedback.readyDelay = time.Hour
	d.shortcut(paperNewShortcut)
	d.shortcut(paperNewShortcut)
	s.picker.SetSelectedIndex(s.eventIndex(other.ID))
	if s.result.title.Text != "Ready — key in the next row" || s.result.tone != toneIdle {
		t.Fatalf("after changing the sheet: %q (tone %d)", s.result.title.Text, s.result.tone)
	}
	d.row("213-555-0199")
	d.shortcut(paperNewShortcut)
	if s.result.title.Text != "Type the name first" {
		t.Fatalf("first problem on the new sheet: %q", s.result.title.Text)
	}

	// sounds off: the same answers, silent
	snd.take()
	d.u.settings.ScanSounds = false
	d.shortcut(paperNewShortcut)
	d.row("Rita Moreno")
	d.press(fyne.KeyReturn)
	if got := snd.take(); len(got) != 0 {
		t.Fatalf("sounds off, but played %v", got)
	}
}

// The kiosk plays the desk's sounds for its answers, and nothing for its
// prompt.
func TestKioskPlaysTheDeskSounds(t *testing.T) {
	d, _, maria, _ := orientationDesk(t)
	snd := &recordingSounder{}
	d.u.opts.Sounder = snd
	test.Tap(d.s.kioskBtn)
	k := d.u.kiosk
	k.resetDelay = 50 * time.Millisecond
	kioskScan(k, maria.Code)
	kioskScan(k, maria.Code)
	kioskScan(k, app.NewCode(app.PrefixParticipant)) // nobody's card
	kioskScan(k, "P-XQ")
	k.wait()
	if k.tone != toneIdle {
		t.Fatalf("kiosk not back at its prompt (tone %d)", k.tone)
	}
	want := []Sound{SoundCheckedIn, SoundAttention, SoundProblem, SoundProblem}
	if got := snd.take(); !slices.Equal(got, want) {
		t.Fatalf("kiosk sounds %v, want %v", got, want)
	}
	d.u.settings.ScanSounds = false
	kioskScan(k, maria.Code)
	k.wait()
	if got := snd.take(); len(got) != 0 {
		t.Fatalf("sounds off, but the kiosk played %v", got)
	}
}
