package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"frontdesk/app"
	"frontdesk/data"
	"frontdesk/data/datatest"
)

// orientationDesk: an orientation running now (10:00–11:30, 30 seats) with
// María pre-registered and José not.
func orientationDesk(t *testing.T) (*desk, app.Event, app.Participant, app.Participant) {
	var ev app.Event
	var maria, jose app.Participant
	d := newDesk(t, func(e *datatest.Env) {
		e.Event(t, app.KindWorkshop, "Early workshop", at(8, 0), time.Hour, 0)
		ev = e.Event(t, app.KindOrientation, "WorkSource Orientation", at(10, 0), 90*time.Minute, 30)
		e.Event(t, app.KindWorkshop, "Resume Writing", at(13, 0), 2*time.Hour, 20)
		maria = e.Participant(t, "María", "González", "213-555-0142")
		jose = e.Participant(t, "José", "Gómez", "213-555-0199")
		if err := e.Svc.Register(e.Ctx, ev.ID, maria.ID); err != nil {
			t.Fatal(err)
		}
	})
	return d, ev, maria, jose
}

func TestPickerPreselectsTheEventRunningNow(t *testing.T) {
	d, ev, _, _ := orientationDesk(t)
	if d.s.target.EventID != ev.ID || !strings.Contains(d.s.picker.Selected, "WorkSource Orientation") {
		t.Fatalf("picker chose %q (target %+v), want the orientation running now", d.s.picker.Selected, d.s.target)
	}
	if len(d.s.picker.Options) != 4 || !strings.Contains(d.s.picker.Options[3], "General visit") {
		t.Fatalf("options %q", d.s.picker.Options)
	}
	if got := d.s.counts.Text; !strings.Contains(got, "Checked in 0 of 30") || !strings.Contains(got, "Pre-registered 1") {
		t.Fatalf("counts %q", got)
	}
	if d.win.Canvas().Focused() != d.s.scan {
		t.Fatal("the scan field does not have the focus")
	}
}

func TestScanChecksInThenRepeatScanMakesNoSecondRecord(t *testing.T) {
	d, ev, maria, _ := orientationDesk(t)
	d.typeScan(maria.Code, fyne.KeyReturn)
	d.wantResult(toneGood, "María G. is checked in")
	if d.s.scan.Text != "" {
		t.Fatalf("scan field not cleared: %q", d.s.scan.Text)
	}
	if !strings.Contains(d.s.counts.Text, "Checked in 1 of 30") {
		t.Fatalf("counts %q", d.s.counts.Text)
	}
	if cs := d.activeCheckIns(ev.ID); len(cs) != 1 || cs[0].Method != app.MethodScan {
		t.Fatalf("check-ins %+v", cs)
	}

	d.env.Clock = d.env.Clock.Add(3 * time.Minute)
	d.typeScan(maria.Code, fyne.KeyReturn)
	d.wantResult(toneWarn, "already checked in at 10:15 AM")
	if len(d.activeCheckIns(ev.ID)) != 1 {
		t.Fatal("a repeat scan made a second check-in")
	}
	if d.win.Canvas().Focused() != d.s.scan {
		t.Fatal("focus left the scan field")
	}
}

func TestScannerEndingWithTabOrNothing(t *testing.T) {
	d, ev, maria, jose := orientationDesk(t)
	d.typeScan(maria.Code, fyne.KeyTab)
	d.wantResult(toneGood, "María G. is checked in")
	if d.win.Canvas().Focused() != d.s.scan {
		t.Fatal("Tab moved the focus away from the scan field")
	}
	// no terminator: the scanner pauses after a whole code
	d.typeScan(strings.ToLower(jose.Code), "")
	d.wantResult(toneWalkIn, "José G. is checked in as a walk-in")
	if n := len(d.activeCheckIns(ev.ID)); n != 2 {
		t.Fatalf("%d check-ins, want 2", n)
	}
	// a partial code is not submitted by the pause
	d.typeScan(maria.Code[:6], "")
	if len(d.activeCheckIns(ev.ID)) != 2 || d.s.scan.Text != maria.Code[:6] {
		t.Fatalf("a partial code did something: field %q", d.s.scan.Text)
	}
}

func TestBadAndUnknownCodesAskToScanAgain(t *testing.T) {
	d, ev, maria, _ := orientationDesk(t)
	bad := maria.Code[:len(maria.Code)-1] + string("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[(strings.IndexByte("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", maria.Code[len(maria.Code)-1])+1)%36])
	d.typeScan(bad, fyne.KeyReturn)
	d.wantResult(toneBad, "Scan again")
	d.typeScan("P-XQ", fyne.KeyReturn)
	d.wantResult(toneBad, "Scan again")
	d.typeScan(app.NewCode(app.PrefixParticipant), fyne.KeyReturn)
	d.wantResult(toneBad, "Unknown card")
	d.typeScan(app.NewCode(app.PrefixEvent), fyne.KeyReturn)
	d.wantResult(toneBad, "Scan again")
	if n := len(d.activeCheckIns(ev.ID)); n != 0 {
		t.Fatalf("bad scans recorded %d check-ins", n)
	}
}

func TestSearchAsYouTypeThenPick(t *testing.T) {
	d, ev, _, jose := orientationDesk(t)
	d.typeScan("jose", "")
	if len(d.s.search.results) != 1 || d.s.search.results[0].ID != jose.ID {
		t.Fatalf("search jose found %+v", d.s.search.results)
	}
	d.s.scan.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	d.settle()
	d.wantResult(toneWalkIn, "José G. is checked in as a walk-in")
	cs := d.activeCheckIns(ev.ID)
	if len(cs) != 1 || cs[0].Method != app.MethodSearch {
		t.Fatalf("check-ins %+v", cs)
	}
	// phone digits, arrow keys and a tap
	d.typeScan("213555", "")
	if len(d.s.search.results) != 2 {
		t.Fatalf("phone search found %d", len(d.s.search.results))
	}
	d.s.scan.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if d.s.search.hl != 1 {
		t.Fatalf("highlight %d after Down", d.s.search.hl)
	}
	// the row drawn highlighted is the one Enter would check in
	if got := highlightedRows(d.s.search.list); len(got) != 1 || got[0] != d.s.search.results[1].DisplayName() {
		t.Fatalf("drawn highlighted after Down: %q, want %q", got, d.s.search.results[1].DisplayName())
	}
	mi := 0
	if d.s.search.results[0].ID == jose.ID {
		mi = 1
	}
	d.s.search.list.Select(mi)
	d.settle()
	if len(d.activeCheckIns(ev.ID)) != 2 {
		t.Fatal("tapping a search result did not check in")
	}
	// nothing found
	d.typeScan("zzzz", "")
	if len(d.s.search.results) != 0 || !strings.Contains(d.s.search.hint.Text, "No one found") {
		t.Fatalf("hint %q", d.s.search.hint.Text)
	}
}

func TestUndoLastCheckIn(t *testing.T) {
	d, ev, maria, _ := orientationDesk(t)
	if !d.s.undoBtn.Disabled() {
		t.Fatal("undo enabled before any check-in")
	}
	d.typeScan(maria.Code, fyne.KeyReturn)
	test.Tap(d.s.undoBtn)
	d.settle()
	d.wantResult(toneIdle, "Undone: María G.")
	if len(d.activeCheckIns(ev.ID)) != 0 || !strings.Contains(d.s.counts.Text, "Checked in 0") {
		t.Fatalf("after undo: counts %q", d.s.counts.Text)
	}
	if !d.s.undoBtn.Disabled() {
		t.Fatal("undo still enabled with nothing to undo")
	}
	// the reversal is recorded, not deleted
	log, err := d.env.Svc.AuditLog(d.env.Ctx, app.AuditFilter{Limit: 10})
	if err != nil || log[0].Action != "checkin.undo" {
		t.Fatalf("audit %+v %v", log, err)
	}
	// scanning again checks in anew
	d.typeScan(maria.Code, fyne.KeyReturn)
	d.wantResult(toneGood, "checked in")
	// Ctrl+Z does the same as the button: the desktop driver delivers it to
	// the focused scan field as the standard undo shortcut
	d.s.scan.TypedShortcut(&fyne.ShortcutUndo{})
	d.settle()
	d.wantResult(toneIdle, "Undone")
	if len(d.activeCheckIns(ev.ID)) != 0 {
		t.Fatal("Ctrl+Z in the scan field did not undo the check-in")
	}
	// and with the focus elsewhere it reaches the window
	d.typeScan(maria.Code, fyne.KeyReturn)
	d.win.Canvas().Unfocus()
	d.win.Canvas().(interface{ TypedShortcut(fyne.Shortcut) }).TypedShortcut(&fyne.ShortcutUndo{})
	d.settle()
	d.wantResult(toneIdle, "Undone")
	if len(d.activeCheckIns(ev.ID)) != 0 {
		t.Fatal("Ctrl+Z with no field focused did not undo the check-in")
	}
}

func TestCancelledEventAndGeneralVisit(t *testing.T) {
	var cancelled app.Event
	var ana app.Participant
	d := newDesk(t, func(e *datatest.Env) {
		cancelled = e.Event(t, app.KindWorkshop, "Interview Skills", at(10, 0), time.Hour, 10)
		cancelled.Cancelled = true
		if _, err := e.Svc.UpdateEvent(e.Ctx, cancelled); err != nil {
			t.Fatal(err)
		}
		ana = e.Participant(t, "Ana", "Ruiz", "")
	})
	// a cancelled event is never preselected: general visit is
	if d.s.target.EventID != 0 {
		t.Fatalf("preselected %q", d.s.picker.Selected)
	}
	d.s.picker.SetSelectedIndex(0)
	d.typeScan(ana.Code, fyne.KeyReturn)
	d.wantResult(toneBad, "Event cancelled")

	d.s.picker.SetSelectedIndex(1)
	d.s.reason.SetSelectedIndex(2) // computer use
	if d.s.target.Reason != app.ReasonComputerUse {
		t.Fatalf("target %+v", d.s.target)
	}
	d.typeScan(ana.Code, fyne.KeyReturn)
	d.wantResult(toneGood, "Ana R.: visit recorded")
	d.typeScan(ana.Code, fyne.KeyReturn)
	d.wantResult(toneWarn, "already recorded at 10:15 AM")
}

func init() { countsEvery = 0 } // see countsEvery

// The counts follow what another desk checks in to the same event, within
// two seconds, without anyone touching this desk.
func TestCountsFollowOtherDesks(t *testing.T) {
	countsEvery = followEvery
	t.Cleanup(func() { countsEvery = 0 })
	d, ev, maria, jose := orientationDesk(t)
	if got := d.s.counts.Text; !strings.Contains(got, "Checked in 0 of 30") {
		t.Fatalf("counts %q", got)
	}
	// another desk: its own store on the same database
	st, err := data.Open(context.Background(), d.env.Path, data.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	other := app.NewService(st, func() time.Time { return d.env.Clock })
	for _, p := range []app.Participant{maria, jose} {
		if res, err := other.ScanCheckIn(d.env.Ctx, app.Target{SiteID: ev.SiteID, EventID: ev.ID}, p.Code); err != nil || !res.Outcome.Recorded() {
			t.Fatalf("check-in at the other desk: %+v %v", res, err)
		}
	}
	time.Sleep(2 * time.Second)
	d.s.stopFollowing() // what it wrote is seen from here on
	if got := d.s.counts.Text; !strings.Contains(got, "Checked in 2 of 30") || !strings.Contains(got, "Walk-ins 1") {
		t.Fatalf("two seconds after another desk checked in two people the counts say %q", got)
	}
}
