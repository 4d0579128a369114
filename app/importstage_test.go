package app_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/data"
	"frontdesk/data/datatest"
)

// manyRows makes n rows of different people.
func manyRows(n int) []app.ImportRow {
	rows := make([]app.ImportRow, n)
	for i := range rows {
		rows[i] = app.ImportRow{Line: i + 2, First: fmt.Sprintf("Persona%d", i), Last: "Staged",
			Phone: fmt.Sprintf("+1213%07d", 5000000+i), Email: fmt.Sprintf("p%d@example.org", i)}
	}
	return rows
}

// An import's rows are committed in many short transactions, yet no reader
// sees any of them before the last one publishes them all.
func TestImportInvisibleUntilPublished(t *testing.T) {
	e := datatest.New(t)
	raw := rawDB(t, e)
	checked := false
	opts := app.ImportOptions{Progress: func(done, total int) {
		if done < 1000 || done == total || checked {
			return
		}
		checked = true
		var written int
		if err := raw.QueryRow("SELECT count(*) FROM participant_rows").Scan(&written); err != nil {
			t.Fatal(err)
		}
		if written == 0 {
			t.Errorf("after %d rows nothing was committed: the import is one long transaction", done)
		}
		if n := countParticipants(t, e); n != 0 {
			t.Errorf("mid-import (%d rows committed) readers see %d participants, want 0", written, n)
		}
		if hits, err := e.Svc.SearchParticipants(e.Ctx, "persona1", 5); err != nil || len(hits) != 0 {
			t.Errorf("mid-import search finds %d (%v), want none", len(hits), err)
		}
	}}
	rep, err := e.Svc.ImportParticipants(e.Ctx, e.Site.ID, manyRows(1500), opts)
	if err != nil || rep.Created != 1500 {
		t.Fatalf("import: %+v %v", rep, err)
	}
	if !checked {
		t.Fatal("progress was never reported mid-import")
	}
	if n := countParticipants(t, e); n != 1500 {
		t.Errorf("after the import %d participants, want 1500", n)
	}
	if hits, err := e.Svc.SearchParticipants(e.Ctx, "persona1499", 5); err != nil || len(hits) != 1 {
		t.Errorf("search after the import: %d hits (%v)", len(hits), err)
	}
}

// A refused import leaves nothing behind, not even hidden rows.
func TestRefusedImportLeavesNoRows(t *testing.T) {
	e := datatest.New(t)
	rows := manyRows(1200)
	rows[1100].Email = "not an email"
	if _, err := e.Svc.ImportParticipants(e.Ctx, e.Site.ID, rows, app.ImportOptions{}); app.ErrorCode(err) != app.EInvalid {
		t.Fatalf("import with a bad row: %v", err)
	}
	raw := rawDB(t, e)
	var n int
	if err := raw.QueryRow("SELECT (SELECT count(*) FROM participant_rows) + (SELECT count(*) FROM participant_words) + (SELECT count(*) FROM pending_imports)").Scan(&n); err != nil || n != 0 {
		t.Errorf("a refused import left %d rows (%v)", n, err)
	}
}

// Every transaction of a big import holds the write lock for well under
// 50 ms, so a desk's check-in waits at most that long.
func TestImportHoldsLockBriefly(t *testing.T) {
	e := datatest.New(t)
	before := e.Store.LockHolds()
	start := time.Now()
	if _, err := e.Svc.ImportParticipants(e.Ctx, e.Site.ID, manyRows(4000), app.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	d := e.Store.LockHolds().Since(before)
	t.Logf("4000 rows in %v: %d write transactions, %v %v", time.Since(start), d.Count(), d, d.Buckets)
	if d.Count() < 5 {
		t.Errorf("4000 rows written in %d transactions: not chunked", d.Count())
	}
	// Wall-clock holds include time the process is not scheduled: on a
	// machine loaded by other test runs many go past the chunk budget, so
	// the bound here is on the median (make soak measures the p99 of a
	// whole run on a quiet machine). One long transaction fails it.
	if p := d.Quantile(0.5); p > 50*time.Millisecond {
		t.Errorf("half the import's transactions held the lock up to %v, want ≤ 50 ms", p)
	}
}

// A desk on another connection to the same file (another program, as far
// as SQLite's locking goes) keeps adding people while a big import runs:
// every write goes through, each waiting at most a few chunks for the lock.
func TestDeskWritesDuringImport(t *testing.T) {
	e := datatest.New(t)
	deskStore, err := data.Open(e.Ctx, e.Path, data.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer deskStore.Close()
	desk := app.NewService(deskStore, nil)
	stop := make(chan struct{})
	type result struct {
		waits []time.Duration
		err   error
	}
	done := make(chan result)
	go func() {
		var r result
		for i := 0; ; i++ {
			select {
			case <-stop:
				done <- r
				return
			case <-time.After(20 * time.Millisecond):
			}
			start := time.Now()
			_, err := desk.AddParticipant(e.Ctx, app.Participant{SiteID: e.Site.ID, FirstName: fmt.Sprintf("Walkin%d", i), LastName: "Desk"})
			if err != nil {
				r.err = err
				done <- r
				return
			}
			r.waits = append(r.waits, time.Since(start))
		}
	}()
	before := e.Store.LockHolds()
	start := time.Now()
	rep, err := e.Svc.ImportParticipants(e.Ctx, e.Site.ID, manyRows(10000), app.ImportOptions{})
	took := time.Since(start)
	close(stop)
	r := <-done
	if err != nil || rep.Created != 10000 {
		t.Fatalf("import: %+v %v", rep, err)
	}
	if r.err != nil {
		t.Fatalf("a desk write during the import failed: %v", r.err)
	}
	holds := e.Store.LockHolds().Since(before)
	slices.Sort(r.waits)
	q := func(f float64) time.Duration { return r.waits[int(float64(len(r.waits)-1)*f)] }
	t.Logf("10000 rows in %v (%.0f rows/s), import holds %v; desk: %d adds, wait p50 %v p90 %v p99 %v max %v",
		took, 10000/took.Seconds(), holds, len(r.waits), q(0.5), q(0.9), q(0.99), q(1))
	if len(r.waits) < 10 {
		t.Errorf("the desk added only %d people during the import", len(r.waits))
	}
	if n := countParticipants(t, e); n != 10000+len(r.waits) {
		t.Errorf("%d participants, want the 10000 imported and the desk's %d", n, len(r.waits))
	}
}

// Re-importing a list of people already registered changes them all. The
// changes are kept while the import runs and applied after it publishes, a
// short transaction at a time, so no transaction of the re-import holds
// the write lock for long: with 20,000 changed people the publishing
// transaction alone held it for 2.2 s when it applied them all itself. The
// bound checked is 10 times the 50 ms target (the holds measured are in
// RELIABILITY.md), so that only the old way, not a slow machine, fails it.
func TestReimportPublishHold(t *testing.T) {
	if testing.Short() {
		t.Skip("20,000 rows imported twice")
	}
	e := datatest.New(t)
	rows := manyRows(20000)
	if rep, err := e.Svc.ImportParticipants(e.Ctx, e.Site.ID, rows, app.ImportOptions{}); err != nil || rep.Created != 20000 {
		t.Fatalf("first import: %+v %v", rep, err)
	}
	for i := range rows {
		rows[i].ZIP = fmt.Sprintf("9%04d", i%10000)
	}
	before := e.Store.LockHolds()
	start := time.Now()
	rep, err := e.Svc.ImportParticipants(e.Ctx, e.Site.ID, rows, app.ImportOptions{})
	if err != nil || rep.Updated != 20000 {
		t.Fatalf("re-import: %+v %v", rep, err)
	}
	holds := e.Store.LockHolds().Since(before)
	t.Logf("re-import of 20000 in %v: holds %v", time.Since(start), holds)
	if long := holds.Over(500 * time.Millisecond); long > 0 {
		t.Errorf("%d transactions of the re-import held the write lock for more than 500 ms (%v)", long, holds)
	}
	p, err := e.Svc.SearchParticipants(e.Ctx, "persona19999", 1)
	if err != nil || len(p) != 1 || p[0].ZIP != "99999" {
		t.Errorf("after the re-import: %+v %v", p, err)
	}
}
