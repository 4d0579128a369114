package data_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/data"
	"frontdesk/data/datatest"
)

// waitFor polls cond for up to 20 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// openDesk opens a desk of e's server through a proxy the test can cut,
// with its local copy made, named desk.
func openDesk(t *testing.T, e *datatest.Env, desk string) (*data.DeskStore, *app.Service, *datatest.Proxy, string) {
	t.Helper()
	proxy, url := datatest.NewProxy(t, e.Path)
	dir := t.TempDir()
	d, err := data.OpenDesk(ctx, url, data.DeskOptions{Dir: dir, Desk: func() string { return desk },
		SyncEvery: time.Hour, RetryEvery: 100 * time.Millisecond, Store: data.Options{MaxWait: -1},
		Now: func() time.Time { return e.Clock }, Patience: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if err := d.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	svc := app.NewService(d, func() time.Time { return e.Clock })
	if err := svc.SetDesk(desk); err != nil {
		t.Fatal(err)
	}
	return d, svc, proxy, dir
}

// A desk keeps checking people in while the server is gone, and when it is
// back everything is sent once: nothing lost, nothing doubled; what other
// desks did meanwhile is resolved by the rules and listed.
func TestDeskWorksOfflineAndCatchesUp(t *testing.T) {
	needServer(t)
	e := datatest.New(t)
	ev := e.Event(t, app.KindOrientation, "WIOA Orientation", datatest.Now.Add(-10*time.Minute), 2*time.Hour, 0)
	ana := e.Participant(t, "Ana", "Ruiz", "213-555-0101")
	ben := e.Participant(t, "Ben", "Lee", "213-555-0102")
	cruz := e.Participant(t, "Carmen", "Cruz", "213-555-0103")
	dee := e.Participant(t, "Dee", "Park", "213-555-0104")
	if err := e.Svc.SetDesk("Greeter"); err != nil {
		t.Fatal(err)
	}
	desk, svc, proxy, _ := openDesk(t, e, "Resource room")
	target := app.Target{SiteID: e.Site.ID, EventID: ev.ID}

	// online: straight to the server
	if res, err := svc.ScanCheckIn(e.Ctx, target, ana.Code); err != nil || !res.Outcome.Recorded() {
		t.Fatalf("online scan: %+v %v", res, err)
	}
	if desk.Offline() {
		t.Fatal("offline with the server there")
	}
	// the local copy learns of it (the desk catches up every few seconds)
	if err := desk.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}

	proxy.Cut()
	// the scan finds the server gone and is made on the local copy
	res, err := svc.ScanCheckIn(e.Ctx, target, ben.Code)
	if err != nil || !res.Outcome.Recorded() || res.Participant.ID != ben.ID || res.CheckIn.ClientID == "" {
		t.Fatalf("offline scan: %+v %v", res, err)
	}
	benIn := res.CheckIn
	st := desk.Status()
	if !st.Offline || st.Waiting != 1 {
		t.Fatalf("status after an offline scan: %+v", st)
	}
	// the one checked in before the outage is known to be in
	if res, err := svc.ScanCheckIn(e.Ctx, target, ana.Code); err != nil || res.Outcome != app.OutcomeAlready || res.CheckIn.Desk != "Resource room" {
		t.Fatalf("offline rescan of someone checked in online: %+v %v", res, err)
	}
	// Carmen is checked in at the greeter meanwhile, and here too
	if res, err := e.Svc.ScanCheckIn(e.Ctx, target, cruz.Code); err != nil || !res.Outcome.Recorded() {
		t.Fatalf("greeter: %+v %v", res, err)
	}
	if res, err := svc.ScanCheckIn(e.Ctx, target, cruz.Code); err != nil || !res.Outcome.Recorded() {
		t.Fatalf("offline scan of Carmen: %+v %v", res, err)
	}
	// a walk-in registered here offline, and at the greeter too
	walkIn := app.Participant{FirstName: "Eva", LastName: "Núñez", Phone: "323-555-0177", Language: "es"}
	wres, err := svc.RegisterWalkIn(e.Ctx, target, walkIn)
	if err != nil || !wres.Outcome.Recorded() {
		t.Fatalf("offline walk-in: %+v %v", wres, err)
	}
	twin, err := e.Svc.AddParticipant(e.Ctx, app.Participant{FirstName: "EVA", LastName: "Nunez", Phone: "(323) 555-0177", SiteID: e.Site.ID})
	if err != nil {
		t.Fatal(err)
	}
	// an undo made offline of a check-in made offline
	dres, err := svc.ScanCheckIn(e.Ctx, target, dee.Code)
	if err != nil || !dres.Outcome.Recorded() {
		t.Fatalf("offline scan of Dee: %+v %v", dres, err)
	}
	if err := svc.UndoCheckIn(e.Ctx, dres.CheckIn.ID); err != nil {
		t.Fatalf("offline undo: %v", err)
	}
	// a report would count a week of events: it waits for the server
	if _, err := svc.Report(e.Ctx, app.ReportQuery{From: datatest.Now, To: datatest.Now}); app.ErrorCode(err) != app.EUnavailable {
		t.Fatalf("a report offline: %v", err)
	}
	// anything but check-ins waits for the server, and says so
	if _, err := svc.AddParticipant(e.Ctx, app.Participant{FirstName: "Fay", LastName: "Ortiz"}); app.ErrorCode(err) != app.EUnavailable ||
		!strings.Contains(err.Error(), "cannot reach the center server") {
		t.Fatalf("adding someone offline: %v", err)
	}
	if st := desk.Status(); st.Waiting != 4 {
		t.Fatalf("waiting: %+v", st)
	}

	// the local copy as it is now, queue and all: a desk killed after the
	// server took its queue but before it noted that comes back like this
	killedDir := t.TempDir()
	if _, err := datatest.OpenRaw(t, desk.LocalCopy()).Exec(`VACUUM INTO ?`, filepath.Join(killedDir, "copy-1.db")); err != nil {
		t.Fatal(err)
	}

	proxy.Restore()
	waitFor(t, "the queue to be sent", func() bool { s := desk.Status(); return !s.Offline && s.Waiting == 0 })

	raw := datatest.OpenRaw(t, e.Path)
	count := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := raw.QueryRow(q, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	active := func(pid int64) int {
		return count(`SELECT count(*) FROM checkins WHERE event_id = ? AND participant_id = ? AND undone_at IS NULL`, ev.ID, pid)
	}
	if active(ana.ID) != 1 || active(ben.ID) != 1 || active(cruz.ID) != 1 || active(dee.ID) != 0 || active(twin.ID) != 1 {
		t.Fatalf("active check-ins: Ana %d, Ben %d, Carmen %d, Dee %d, Eva %d", active(ana.ID), active(ben.ID), active(cruz.ID), active(dee.ID), active(twin.ID))
	}
	if n := count(`SELECT count(*) FROM checkins WHERE participant_id = ? AND undone_at IS NOT NULL AND desk = 'Resource room'`, dee.ID); n != 1 {
		t.Fatalf("Dee's undone check-in: %d", n)
	}
	if n := count(`SELECT count(*) FROM checkins WHERE participant_id = ? AND desk = 'Resource room'`, ben.ID); n != 1 {
		t.Fatalf("Ben's check-in at this desk: %d", n)
	}
	if n := count(`SELECT count(*) FROM participants WHERE phone = ?`, twin.Phone); n != 1 {
		t.Fatalf("Eva registered %d times", n)
	}
	var kinds []string
	for _, c := range desk.Status().Conflicts {
		kinds = append(kinds, c.Kind)
		if c.Kind == app.ConflictAlreadyIn && (c.KeptDesk != "Greeter" || c.Event != "WIOA Orientation") {
			t.Errorf("already-in conflict: %+v", c)
		}
	}
	if strings.Join(kinds, ",") != app.ConflictAlreadyIn+","+app.ConflictRegisteredTwice {
		t.Fatalf("conflicts %v", kinds)
	}
	// the audit records made offline are on the server's one chain
	if n := count(`SELECT count(*) FROM audit_log WHERE action = 'checkin.create' AND detail LIKE '%offline at Resource room'`); n != 4 {
		t.Fatalf("%d offline check-in audit records on the server", n)
	}
	var check app.AuditCheck
	if err := e.Store.View(ctx, func(tx app.Tx) (err error) { check, err = tx.VerifyAudit(ctx); return err }); err != nil || !check.OK {
		t.Fatalf("audit chain: %+v %v", check, err)
	}

	// Undo pressed after the desk is back online, on the check-in it made
	// offline: that one is undone on the server, whatever its id there
	undone := count(`SELECT count(*) FROM checkins WHERE undone_at IS NOT NULL`)
	if err := svc.UndoCheckInOf(e.Ctx, benIn); err != nil {
		t.Fatal(err)
	}
	if active(ben.ID) != 0 || count(`SELECT count(*) FROM checkins WHERE undone_at IS NOT NULL`) != undone+1 {
		t.Fatalf("undo after the outage: Ben %d active; %d undone, were %d", active(ben.ID), count(`SELECT count(*) FROM checkins WHERE undone_at IS NOT NULL`), undone)
	}

	// sent twice (the desk killed between the server's commit and its own
	// note, and started again): recorded once
	before := count(`SELECT count(*) FROM checkins`)
	audits := count(`SELECT count(*) FROM audit_log`)
	again, err := data.OpenDesk(ctx, e.Path, data.DeskOptions{Dir: killedDir, SyncEvery: time.Hour, Now: func() time.Time { return e.Clock }})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if st := again.Status(); st.Waiting != 4 {
		t.Fatalf("the killed desk's copy: %+v", st)
	}
	if err := again.SendQueue(context.Background()); err != nil {
		t.Fatal(err)
	}
	if st := again.Status(); st.Waiting != 0 {
		t.Fatalf("after sending again: %+v", st)
	}
	if after := count(`SELECT count(*) FROM checkins`); after != before {
		t.Fatalf("sent again: %d check-ins, were %d", after, before)
	}
	if after := count(`SELECT count(*) FROM audit_log`); after != audits {
		t.Fatalf("sent again: %d audit rows, were %d", after, audits)
	}
}

// A server that goes quiet without hanging up (a dead network) keeps no
// one waiting: after the desk's patience the check-in is made offline,
// and sent when the server answers again.
func TestDeskGivesUpOnASilentServer(t *testing.T) {
	needServer(t)
	e := datatest.New(t)
	ev := e.Event(t, app.KindWorkshop, "Resume Writing", datatest.Now.Add(-10*time.Minute), time.Hour, 0)
	ana := e.Participant(t, "Ana", "Ruiz", "")
	desk, svc, proxy, _ := openDesk(t, e, "Kiosk")
	proxy.Freeze()
	t0 := time.Now()
	res, err := svc.ScanCheckIn(e.Ctx, app.Target{SiteID: e.Site.ID, EventID: ev.ID}, ana.Code)
	took := time.Since(t0)
	if err != nil || !res.Outcome.Recorded() {
		t.Fatalf("scan with the server silent: %+v %v", res, err)
	}
	if took > 5*time.Second || !desk.Offline() {
		t.Fatalf("the scan took %v (patience 1 s); offline=%v", took, desk.Offline())
	}
	proxy.Thaw()
	waitFor(t, "the check-in to be sent", func() bool { s := desk.Status(); return !s.Offline && s.Waiting == 0 })
	var n int
	if err := datatest.OpenRaw(t, e.Path).QueryRow(`SELECT count(*) FROM checkins WHERE participant_id = ? AND undone_at IS NULL`, ana.ID).Scan(&n); err != nil || n != 1 {
		t.Fatalf("Ana's check-ins on the server: %d %v", n, err)
	}
}
