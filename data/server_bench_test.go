package data_test

// Benchmarks on a center server (PostgreSQL), run by scripts/bench.sh
// through scripts/pgtest.sh after the SQLite ones:
//
//	scripts/pgtest.sh env CGO_ENABLED=0 go test -run '^$' -bench Server ./data/
//
// They need FRONTDESK_TEST_PG (skipped without it). The server database is
// the same 100k participants / 1M check-ins demo as the SQLite benchmarks,
// moved onto a fresh database of the throwaway server with the store's own
// MoveFile (COPY), from a copy of the pristine file, at the start of
// BenchmarkServer (untimed; about two minutes).

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/data"
	"frontdesk/data/datatest"
)

// serverBench is the 100k demo on the test server.
type serverBench struct {
	dsn     string
	current app.Event // the demo's event running at benchNow, as the server numbers it
	fresh   []string  // codes of participants not checked in to current, shuffled
	next    atomic.Int64
}

// BenchmarkServer runs the server benchmarks on one database of the test
// server holding the 100k demo (moved there first, untimed; dropped at the
// end); it skips without a server.
func BenchmarkServer(b *testing.B) {
	if !datatest.OnServer() {
		b.Skip("needs a PostgreSQL server: run through scripts/pgtest.sh (make bench does when pg_virtualenv is installed)")
	}
	src := benchDB(b)
	dsn := datatest.NewDatabase(b)
	sb, err := moveBenchDB(b, src, dsn)
	if err != nil {
		b.Fatalf("benchmark database on the server: %v", err)
	}
	b.Run("ScanCheckIn4Desks", func(b *testing.B) { benchServerScan(b, sb, 4) })
	// one desk alone: what the 4 desks add by waiting for each other
	b.Run("ScanCheckIn1Desk", func(b *testing.B) { benchServerScan(b, sb, 1) })
	b.Run("ReportYear", func(b *testing.B) { benchServerReport(b, sb) })
	// where the report's time goes on the server
	st, err := data.Open(context.Background(), sb.dsn, data.Options{MustExist: true})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	b.Run("ReportParts", func(b *testing.B) { benchReportParts(b, st) })
}

// moveBenchDB copies the pristine file (with its key and audit head, so its
// chain verifies) to a scratch folder, moves the copy onto the server
// database dsn, and finds the current event and who is not in yet.
func moveBenchDB(b *testing.B, src, dsn string) (*serverBench, error) {
	dir, err := os.MkdirTemp(filepath.Dir(src), "bench-move")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	cp := filepath.Join(dir, "bench.db")
	for _, suffix := range []string{"", ".key", ".audit-head"} {
		if err := copyFile(src+suffix, cp+suffix); err != nil && !os.IsNotExist(err) {
			return nil, err
		}
	}
	st, err := data.Open(context.Background(), dsn, data.Options{})
	if err != nil {
		return nil, err
	}
	defer st.Close()
	start := time.Now()
	// Force: the benchmark file's chain need not verify here (a file built
	// by an older bench_test.go may have lost its key); the move says so
	// in its audit record and moves the same rows
	rep, err := st.MoveFile(benchCtx, cp, data.MoveOptions{Actor: "bench", Now: benchNow, Force: true})
	if err != nil {
		return nil, fmt.Errorf("move: %w", err)
	}
	rows := 0
	for _, t := range rep.Tables {
		rows += t.Moved
	}
	fmt.Fprintf(os.Stderr, "bench: moved %s onto the server in %s (%d rows, MoveFile: COPY)\n", src, time.Since(start).Round(time.Second), rows)
	// the planner's statistics, as autovacuum would have them on a server
	// that has run a while
	if _, err := datatest.OpenRaw(b, dsn).Exec(`ANALYZE`); err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "server-bench-db: rows=%d move-s=%.0f\n", rows, time.Since(start).Seconds())
	sb := &serverBench{dsn: dsn}
	svc := app.NewService(st, func() time.Time { return benchNow })
	evs, err := svc.Events(benchCtx, app.EventFilter{From: benchNow, To: benchNow.Add(time.Second), Limit: 100})
	if err != nil {
		return nil, err
	}
	for _, e := range evs {
		if e.Title == benchCurrentTitle {
			sb.current = e
		}
	}
	if sb.current.ID == 0 {
		return nil, fmt.Errorf("no event %q running at %s on the server", benchCurrentTitle, benchNow)
	}
	err = st.View(benchCtx, func(tx app.Tx) error {
		var err error
		sb.fresh, err = freshCodes(tx, sb.current.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(benchSeed, 3))
	rng.Shuffle(len(sb.fresh), func(i, j int) { sb.fresh[i], sb.fresh[j] = sb.fresh[j], sb.fresh[i] })
	return sb, nil
}

// benchServerScan (BenchmarkServer/ScanCheckIn4Desks) is a scan →
// committed, audited check-in (svc.ScanCheckIn over the server store) with
// n desks scanning distinct cards at once, each its own store (its own
// connection pool) and service, on the 100k demo on the server. Reported:
// the median and p99 of every scan's time (targets with 4 desks: ≤ 3 ms
// and ≤ 20 ms), and scans a second. A check-in's audit records join the
// chain moments after it, under the center's write lock (SettleAudit): the
// benchmark checks afterwards that every scan's record is in it.
func benchServerScan(b *testing.B, sb *serverBench, n int) {
	type desk struct {
		st  *data.Store
		svc *app.Service
	}
	var desks []desk
	for i := 0; i < n; i++ {
		st, err := data.Open(context.Background(), sb.dsn, data.Options{MustExist: true})
		if err != nil {
			b.Fatal(err)
		}
		defer st.Close()
		svc := app.NewService(st, func() time.Time { return benchNow })
		if err := svc.SetDesk(fmt.Sprintf("Bench desk %d", i+1)); err != nil {
			b.Fatal(err)
		}
		desks = append(desks, desk{st, svc})
	}
	target := app.Target{SiteID: sb.current.SiteID, EventID: sb.current.ID}
	records := serverCheckInRecords(b, sb, desks[0].st)
	// one untimed scan per desk: its connections are open
	for _, d := range desks {
		scanFresh(b, sb, d.svc, target)
	}
	ds := make([]time.Duration, b.N)
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	began := time.Now()
	for _, d := range desks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(b.N) {
					return
				}
				t0 := time.Now()
				scanFresh(b, sb, d.svc, target)
				ds[i] = time.Since(t0)
			}
		}()
	}
	wg.Wait()
	took := time.Since(began)
	b.StopTimer()
	if got := serverCheckInRecords(b, sb, desks[0].st) - records; got != b.N+n {
		b.Fatalf("%d scans left %d check-in audit records", b.N+n, got)
	}
	b.ReportMetric(quantile(ds, 0.5), "median-ns")
	b.ReportMetric(quantile(ds, 0.99), "p99-ns")
	b.ReportMetric(float64(b.N)/took.Seconds(), "scans/s")
}

// serverCheckInRecords counts the check-in records of the server's audit
// log once st has added those still waiting (SettleAudit).
func serverCheckInRecords(b *testing.B, sb *serverBench, st *data.Store) int {
	b.Helper()
	if err := st.Update(benchCtx, func(tx app.Tx) error { return tx.SettleAudit(benchCtx) }); err != nil {
		b.Fatal(err)
	}
	var n int
	if err := datatest.OpenRaw(b, sb.dsn).QueryRow(`SELECT count(*) FROM audit_log WHERE action = 'checkin.create'`).Scan(&n); err != nil {
		b.Fatal(err)
	}
	return n
}

// scanFresh scans the next card not yet checked in and fails b unless the
// check-in was recorded.
func scanFresh(b *testing.B, sb *serverBench, svc *app.Service, target app.Target) {
	i := sb.next.Add(1) - 1
	if int(i) >= len(sb.fresh) {
		b.Fatalf("ran out of participants not yet checked in (%d)", len(sb.fresh))
	}
	res, err := svc.ScanCheckIn(benchCtx, target, sb.fresh[i])
	if err != nil {
		b.Fatalf("scan %s: %v", sb.fresh[i], err)
	}
	if !res.Outcome.Recorded() {
		b.Fatalf("scan %s: %s (%s)", sb.fresh[i], res.Outcome, res.Message)
	}
}

// benchServerReport (BenchmarkServer/ReportYear) is the director report (svc.Report) for a year
// on the server holding the 100k / 1M demo (target ≤ 5 s).
func benchServerReport(b *testing.B, sb *serverBench) {
	st, err := data.Open(context.Background(), sb.dsn, data.Options{MustExist: true})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	svc := app.NewService(st, func() time.Time { return benchNow })
	rep, err := svc.Report(benchCtx, benchReportQuery)
	if err != nil {
		b.Fatal(err)
	}
	if rep.CheckIns.Total < 900_000 || rep.People.Unique == 0 {
		b.Fatalf("implausible report: %d check-ins, %d people", rep.CheckIns.Total, rep.People.Unique)
	}
	b.Logf("check-ins %d, events %d, unique %d (new %d), oriented %d", rep.CheckIns.Total, rep.EventTotals.Events, rep.People.Unique, rep.People.New, rep.Conversion.Oriented)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := svc.Report(benchCtx, benchReportQuery); err != nil {
			b.Fatal(err)
		}
	}
}
