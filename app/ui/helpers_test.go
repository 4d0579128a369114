package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// desk is a check-in screen on a real database, in a test window.
type desk struct {
	t   *testing.T
	env *datatest.Env
	u   *UI
	win fyne.Window
	s   *checkInScreen
}

// newDesk builds the UI after setup has added events and people, with the
// clock at datatest.Now (10:15 in Los Angeles).
func newDesk(t *testing.T, setup func(e *datatest.Env)) *desk {
	t.Helper()
	test.NewTempApp(t)
	e := datatest.New(t)
	if setup != nil {
		setup(e)
	}
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1100, 720))
	u := New(e.Ctx, e.Svc, w, Options{CardDir: t.TempDir()})
	d := &desk{t: t, env: e, u: u, win: w, s: u.checkin}
	d.s.idleDelay = 30 * time.Millisecond
	d.s.searchDelay = 5 * time.Millisecond
	return d
}

// at is 2026-03-10 at h:m in Los Angeles.
func at(h, m int) time.Time {
	loc, _ := time.LoadLocation(app.DefaultTimeZone)
	return time.Date(2026, 3, 10, h, m, 0, 0, loc)
}

// typeScan types text into the scan field as a scanner would, then the
// terminator key ("" for none).
func (d *desk) typeScan(text string, end fyne.KeyName) {
	d.t.Helper()
	test.Type(d.s.scan, text)
	if end != "" {
		d.s.scan.TypedKey(&fyne.KeyEvent{Name: end})
	}
	d.settle()
}

// settle waits for timers and queued work to be applied.
func (d *desk) settle() {
	time.Sleep(2 * max(d.s.idleDelay, d.s.searchDelay))
	d.s.wait()
}

func (d *desk) title() string  { return d.s.result.title.Text }
func (d *desk) detail() string { return d.s.result.detail.Text }

func (d *desk) wantResult(tn tone, title string) {
	d.t.Helper()
	if d.s.result.tone != tn || !strings.Contains(d.title(), title) {
		d.t.Fatalf("result %q / %q (tone %d); want tone %d and %q", d.title(), d.detail(), d.s.result.tone, tn, title)
	}
}

func (d *desk) activeCheckIns(eventID int64) []app.CheckIn {
	d.t.Helper()
	cs, err := d.env.Svc.CheckIns(d.env.Ctx, eventID)
	if err != nil {
		d.t.Fatal(err)
	}
	return cs
}
