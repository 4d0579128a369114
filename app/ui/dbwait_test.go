package ui

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"frontdesk/app"
	"frontdesk/data"
	"frontdesk/data/datatest"
)

// A scan made while another program holds the database's write lock waits
// for it, with "Waiting for the database…" on screen after about 300 ms,
// and is then checked in: it never fails with "database is locked". On a
// center server a scan takes no write lock: it is checked in at once, and
// its audit records wait for the lock in the background, unannounced.
func TestScanWaitsForTheDatabase(t *testing.T) {
	d, ev, maria, _ := orientationDesk(t)
	// the desk's own store, wired as cmd/frontdesk wires it
	st, err := data.Open(context.Background(), d.env.Path, data.Options{MaxWait: -1, OnWait: d.u.SetWaiting})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	d.u.svc = app.NewService(st, func() time.Time { return d.env.Clock })

	release, err := datatest.OpenRaw(t, d.env.Path).HoldWriteLock() // another program writing
	if err != nil {
		t.Fatal(err)
	}
	if d.u.dbWait.bar.Visible() {
		t.Fatal("the waiting line shows before anything waits")
	}
	test.Type(d.s.scan, maria.Code)
	d.s.scan.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	shown := false
	if datatest.OnServer() {
		// a scan on a center server takes no write lock: it goes through
		// while another desk writes, and its audit records wait, unseen
		d.settle()
		d.wantResult(toneGood, "María G. is checked in")
		time.Sleep(time.Second) // past the notice's delay
		fyne.DoAndWait(func() { shown = d.u.dbWait.bar.Visible() })
		release()
		if shown {
			t.Error(`"Waiting for the database…" while nothing the desk was asked for waited`)
		}
		if cs := d.activeCheckIns(ev.ID); len(cs) != 1 {
			t.Fatalf("check-ins: %+v", cs)
		}
		return
	}
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline) && !shown; time.Sleep(20 * time.Millisecond) {
		fyne.DoAndWait(func() { shown = d.u.dbWait.bar.Visible() })
	}
	if !shown {
		t.Fatal(`no "Waiting for the database…" while the scan waited`)
	}
	if got := d.u.dbWait.text.Text; got != "Waiting for the database…" {
		t.Errorf("waiting line %q", got)
	}
	time.Sleep(6 * time.Second) // past SQLite's own 5 s busy timeout: the desk keeps waiting
	release()
	d.settle()
	d.wantResult(toneGood, "María G. is checked in")
	if cs := d.activeCheckIns(ev.ID); len(cs) != 1 {
		t.Fatalf("check-ins after the wait: %+v", cs)
	}
	fyne.DoAndWait(func() { shown = d.u.dbWait.bar.Visible() })
	if shown {
		t.Error("the waiting line is still shown after the scan went through")
	}
}
