package data_test

// Benchmarks at the size of a busy center: 100,000 participants and 1,000,000
// check-ins (app/demo, seed 1), built once per machine and reused.
//
//	CGO_ENABLED=0 go test -run '^$' -bench . -benchtime=2s ./data/
//
// The demo database is written to $FRONTDESK_BENCH_DB (default
// $TMPDIR/frontdesk-bench-100k.db) and left there, so later runs start at
// once; it is never written to afterwards, except once by the store's own
// migrations when a newer schema comes (upgradeBenchDB). Benchmarks that write
// (BenchmarkScanCheckIn) work on a copy beside it, refreshed every run.
// scripts/bench.sh (make bench) runs them and writes BENCHMARKS.md.

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/app/demo"
	"frontdesk/app/importer"
	"frontdesk/data"
	"frontdesk/data/datatest"
)

const (
	benchParticipants = 100_000
	benchCheckIns     = 1_000_000
	benchSeed         = 1
	// benchCurrentTitle is the title demo.Generate gives the event running at Now.
	benchCurrentTitle = "Walk-in Orientation (now)"
)

// benchNow is the demo's "now" and the service clock: the demo's current
// event is running at this instant (Tuesday 2026-03-10, 10:15 in Los Angeles).
var benchNow = time.Date(2026, 3, 10, 17, 15, 0, 0, time.UTC)

var benchCtx = app.WithActor(context.Background(), app.LocalOperator)

// benchDBPath is where the pristine 100k database lives.
func benchDBPath() string {
	if p := os.Getenv("FRONTDESK_BENCH_DB"); p != "" {
		return p
	}
	return filepath.Join(os.TempDir(), "frontdesk-bench-100k.db")
}

var (
	pristineOnce sync.Once
	pristinePath string
	pristineErr  error
)

// benchDB returns the path of the pristine 100k demo database, building it
// the first time (about two minutes).
func benchDB(b *testing.B) string {
	b.Helper()
	pristineOnce.Do(func() { pristinePath, pristineErr = ensureBenchDB(benchDBPath()) })
	if pristineErr != nil {
		b.Fatalf("benchmark database: %v", pristineErr)
	}
	return pristinePath
}

func ensureBenchDB(path string) (string, error) {
	if err := checkBenchDB(path); err == nil {
		if err := upgradeBenchDB(path); err != nil {
			return "", err
		}
		fmt.Fprintf(os.Stderr, "bench: reusing %s\n", path)
		reportBenchDB(path)
		return path, nil
	} else if !os.IsNotExist(err) {
		fmt.Fprintf(os.Stderr, "bench: %s is not the 100k demo (%v); rebuilding it\n", path, err)
	}
	tmp := path + ".building"
	removeDB(tmp)
	start := time.Now()
	fmt.Fprintf(os.Stderr, "bench: building %s (%d participants, %d check-ins; takes a minute or two)\n", path, benchParticipants, benchCheckIns)
	st, err := data.Open(context.Background(), tmp, data.Options{})
	if err != nil {
		return "", err
	}
	lastPct := -1
	sum, err := demo.Generate(benchCtx, st, demo.Options{
		Participants: benchParticipants, CheckIns: benchCheckIns, Seed: benchSeed, Now: benchNow,
		Progress: func(stage string, done, total int) {
			if pct := done * 100 / total; pct/10 != lastPct/10 || done == total {
				lastPct = pct
				fmt.Fprintf(os.Stderr, "bench:   %s %d/%d (%s)\n", stage, done, total, time.Since(start).Round(time.Second))
			}
		},
	})
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		removeDB(tmp)
		return "", err
	}
	removeDB(path)
	if err := os.Rename(tmp, path); err != nil {
		return "", err
	}
	fmt.Fprintf(os.Stderr, "bench: built %s in %s: %d participants, %d check-ins, %d registrations, %d events, %d visits, %d enrolments, %d loans\n",
		path, time.Since(start).Round(time.Second), sum.Participants, sum.CheckIns, sum.Registrations, sum.Events, sum.Visits, sum.Enrolments, sum.Loans)
	if err := checkBenchDB(path); err != nil {
		return "", err
	}
	reportBenchDB(path)
	return path, nil
}

// upgradeBenchDB brings a benchmark database made by an older schema up to
// date with the store's own migrations (as a desk's database would be on its
// next start), once, instead of every working copy doing it (with a backup)
// on each run. The migration's backup goes to a temporary folder, removed.
func upgradeBenchDB(path string) error {
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(5000)&_pragma=query_only(1)")
	if err != nil {
		return err
	}
	var version int
	err = db.QueryRow(`PRAGMA user_version`).Scan(&version)
	db.Close()
	if err != nil || version >= data.SchemaVersion() {
		return err
	}
	fmt.Fprintf(os.Stderr, "bench: bringing %s from schema %d up to %d\n", path, version, data.SchemaVersion())
	tmp, err := os.MkdirTemp(filepath.Dir(path), "bench-migrate-backup")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	st, err := data.Open(context.Background(), path, data.Options{BackupDir: tmp})
	if err != nil {
		return err
	}
	return st.Close()
}

// reportBenchDB prints the line scripts/bench.sh reads the database size from.
func reportBenchDB(path string) {
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(5000)&_pragma=query_only(1)")
	if err != nil {
		return
	}
	defer db.Close()
	var parts, checkins, regs, events int
	if db.QueryRow(`SELECT (SELECT count(*) FROM participants), (SELECT count(*) FROM checkins),
		(SELECT count(*) FROM registrations), (SELECT count(*) FROM events)`).Scan(&parts, &checkins, &regs, &events) != nil {
		return
	}
	var mb int64
	if fi, err := os.Stat(path); err == nil {
		mb = fi.Size() >> 20
	}
	fmt.Fprintf(os.Stderr, "bench-db: participants=%d checkins=%d registrations=%d events=%d size-mb=%d\n", parts, checkins, regs, events, mb)
}

// checkBenchDB tells whether path holds the complete 100k demo built around
// benchNow; an error wrapping os.ErrNotExist means there is no file.
func checkBenchDB(path string) error {
	if _, err := os.Stat(path); err != nil {
		return err
	}
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(5000)&_pragma=query_only(1)")
	if err != nil {
		return err
	}
	defer db.Close()
	var parts, checkins, demos, visits, loans int
	err = db.QueryRow(`SELECT (SELECT count(*) FROM participants), (SELECT count(*) FROM checkins),
		(SELECT count(*) FROM audit_log WHERE action='demo.generate' AND at LIKE ?),
		(SELECT count(*) FROM visits), (SELECT count(*) FROM loans)`,
		benchNow.Format("2006-01-02T15:04:05")+"%").Scan(&parts, &checkins, &demos, &visits, &loans)
	if err != nil {
		return err
	}
	if parts != benchParticipants || checkins != benchCheckIns || demos != 1 {
		return fmt.Errorf("%d participants, %d check-ins, %d demo runs at %s", parts, checkins, demos, benchNow.Format(time.RFC3339))
	}
	// a database made before the demo had visits, enrolments and kit loans
	if visits != benchCheckIns/10 || loans == 0 {
		return fmt.Errorf("%d visits, %d loans: made by an older demo", visits, loans)
	}
	// or before its exits had training, credentials and exclusions (the
	// query fails on a schema without them)
	var trained int
	if err := db.QueryRow(`SELECT count(*) FROM followup_cases WHERE in_training = 1`).Scan(&trained); err != nil || trained == 0 {
		return fmt.Errorf("no exits in training (%v): made by an older demo", err)
	}
	return nil
}

func removeDB(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + suffix)
	}
}

// work is the per-process working copy of the 100k database, open through
// the real store and service.
type work struct {
	store   *data.Store
	svc     *app.Service
	current app.Event  // the demo's event running at benchNow
	fresh   []string   // participant codes not checked in to target yet, shuffled
	next    int        // index into fresh
	target  app.Target // where BenchmarkScanCheckIn checks people in
}

var (
	workOnce, tmpfsOnce sync.Once
	workDB, tmpfsDB     *work
	workErr, tmpfsErr   error
)

// benchWork copies the pristine database to <path>.work.db (once per
// process) and opens it with data.Open and a service whose clock is benchNow.
func benchWork(b *testing.B) *work {
	b.Helper()
	src := benchDB(b)
	workOnce.Do(func() { workDB, workErr = openWork(src, strings.TrimSuffix(src, ".db")+".work.db") })
	if workErr != nil {
		b.Fatalf("working copy: %v", workErr)
	}
	return workDB
}

// tmpfsDir is a memory file system, where fsync costs next to nothing: a
// check-in there costs what its statements cost, and its ratio to the floor
// is the worst a fast disk can give.
const tmpfsDir = "/dev/shm"

// benchWorkTmpfs is benchWork with the working copy on tmpfsDir (a second
// copy, removed when the benchmarks end); it skips b where there is none.
func benchWorkTmpfs(b *testing.B) *work {
	b.Helper()
	if fi, err := os.Stat(tmpfsDir); err != nil || !fi.IsDir() {
		b.Skipf("no %s here", tmpfsDir)
	}
	src := benchDB(b)
	tmpfsOnce.Do(func() {
		dir, err := os.MkdirTemp(tmpfsDir, "frontdesk-bench")
		if err != nil {
			tmpfsErr = err
			return
		}
		tmpfsDB, tmpfsErr = openWork(src, filepath.Join(dir, "work.db"))
		if tmpfsErr != nil {
			os.RemoveAll(dir)
		}
	})
	if tmpfsErr != nil {
		b.Skipf("working copy on %s: %v", tmpfsDir, tmpfsErr)
	}
	return tmpfsDB // removed by TestMain
}

// TestMain removes the tmpfs working copy after the benchmarks (it holds
// the whole database in memory).
func TestMain(m *testing.M) {
	code := m.Run()
	if tmpfsDB != nil {
		path := tmpfsDB.store.Path()
		tmpfsDB.store.Close()
		os.RemoveAll(filepath.Dir(path))
	}
	os.Exit(code)
}

// freshCodes lists the card codes of everyone not checked in to event.
func freshCodes(tx app.Tx, event int64) ([]string, error) {
	done := map[int64]bool{}
	cs, err := tx.CheckIns(benchCtx, event)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		done[c.ParticipantID] = true
	}
	var fresh []string
	for off := 0; ; off += 5000 {
		ps, err := tx.Participants(benchCtx, app.ParticipantFilter{Offset: off, Limit: 5000})
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			if !done[p.ID] {
				fresh = append(fresh, p.Code)
			}
		}
		if len(ps) < 5000 {
			return fresh, nil
		}
	}
}

func openWork(src, dst string) (*work, error) {
	removeDB(dst)
	if err := copyFile(src, dst); err != nil {
		return nil, err
	}
	st, err := data.Open(context.Background(), dst, data.Options{})
	if err != nil {
		return nil, err
	}
	w := &work{store: st, svc: app.NewService(st, func() time.Time { return benchNow })}
	err = st.View(benchCtx, func(tx app.Tx) error {
		evs, err := tx.Events(benchCtx, app.EventFilter{From: benchNow, To: benchNow.Add(time.Second), Limit: 100})
		if err != nil {
			return err
		}
		for _, e := range evs {
			if e.Title == benchCurrentTitle {
				w.current = e
			}
		}
		if w.current.ID == 0 {
			return fmt.Errorf("no event %q running at %s", benchCurrentTitle, benchNow)
		}
		w.fresh, err = freshCodes(tx, w.current.ID)
		return err
	})
	if err != nil {
		st.Close()
		return nil, err
	}
	rng := rand.New(rand.NewPCG(benchSeed, 2))
	rng.Shuffle(len(w.fresh), func(i, j int) { w.fresh[i], w.fresh[j] = w.fresh[j], w.fresh[i] })
	w.target = app.Target{SiteID: w.current.SiteID, EventID: w.current.ID}
	fmt.Fprintf(os.Stderr, "bench: working copy %s, current event %d, %d participants not yet checked in\n", dst, w.current.ID, len(w.fresh))
	return w, nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// nextFresh returns the code of a participant not yet checked in to the
// target; when everyone is, it opens a new event running now and starts over.
func (w *work) nextFresh(b *testing.B) string {
	if w.next == len(w.fresh) {
		ev, err := w.svc.AddEvent(benchCtx, app.Event{SiteID: w.current.SiteID, Kind: app.KindOrientation,
			Title: fmt.Sprintf("Bench Orientation %d", time.Now().UnixNano()), Start: benchNow.Add(-15 * time.Minute),
			End: benchNow.Add(2 * time.Hour), Capacity: 0, Language: "en", Location: "Room C"})
		if err != nil {
			b.Fatalf("add event: %v", err)
		}
		w.target = app.Target{SiteID: ev.SiteID, EventID: ev.ID}
		w.next = 0
	}
	c := w.fresh[w.next]
	w.next++
	return c
}

// quantile returns the q-quantile (0..1) of ds, sorting ds.
func quantile(ds []time.Duration, q float64) float64 {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	i := int(q*float64(len(ds)-1) + 0.5)
	return float64(ds[i].Nanoseconds())
}

// floor is the raw cost of one durable write: a single-row INSERT and
// COMMIT into a table shaped like checkins, through database/sql with the
// store's own DSN, on a scratch file.
type floor struct {
	db *sql.DB
	i  int
}

// newFloor makes the floor's scratch database in dir (on the file system
// being measured).
func newFloor(b *testing.B, dir string) *floor {
	b.Helper()
	dir, err := os.MkdirTemp(dir, "floor")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(dir) })
	db, err := sql.Open("sqlite", filepath.Join(dir, "floor.db")+"?"+data.Pragmas+"&_txlock=immediate")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	_, err = db.Exec(`CREATE TABLE checkins (
		id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL, participant_id INTEGER NOT NULL,
		method TEXT NOT NULL, at TEXT NOT NULL, by TEXT NOT NULL, walk_in INTEGER NOT NULL DEFAULT 0,
		undone_at TEXT, undone_by TEXT NOT NULL DEFAULT '');
	CREATE UNIQUE INDEX checkins_active ON checkins(event_id, participant_id) WHERE undone_at IS NULL;
	CREATE INDEX checkins_event ON checkins(event_id, at);`)
	if err != nil {
		b.Fatal(err)
	}
	return &floor{db: db}
}

// op inserts and commits one row, and says how long that took.
func (f *floor) op(b *testing.B) time.Duration {
	at := benchNow.Format("2006-01-02T15:04:05.000Z")
	t0 := time.Now()
	tx, err := f.db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	if _, err := tx.Exec(`INSERT INTO checkins(event_id,participant_id,method,at,by,walk_in) VALUES(?,?,?,?,?,?)`,
		1+f.i/50000, f.i, app.MethodScan, at, "local", 0); err != nil {
		b.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	f.i++
	return time.Since(t0)
}

// BenchmarkFloorInsertCommit is what one durable write costs on this disk
// (see floor), in the temporary folder.
func BenchmarkFloorInsertCommit(b *testing.B) {
	f := newFloor(b, b.TempDir())
	ds := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ds = append(ds, f.op(b))
	}
	b.StopTimer()
	b.ReportMetric(quantile(ds, 0.5), "median-ns")
}

// BenchmarkFloorIndexedLookup is the raw cost of finding a participant by
// card code on the 100k database (read-only database/sql, no service).
func BenchmarkFloorIndexedLookup(b *testing.B) {
	path := benchDB(b)
	db, err := sql.Open("sqlite", path+"?"+data.Pragmas+"&_pragma=query_only(1)")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var codes []string
	rows, err := db.Query(`SELECT code FROM participants WHERE id % 97 = 0`)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			b.Fatal(err)
		}
		codes = append(codes, c)
	}
	if err := rows.Err(); err != nil || len(codes) == 0 {
		b.Fatalf("codes: %v (%d)", err, len(codes))
	}
	rows.Close()
	stmt := `SELECT id,code,site_id,first_name,last_name,phone,email,language,zip,consent_given,consent_at,consent_method,consent_by,consent_wording,opt_out_at,opt_out_via,caljobs_id,status,created_at,updated_at FROM participants WHERE code = ?`
	vals := make([]any, 20)
	ptrs := make([]any, 20)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := db.QueryRow(stmt, codes[i%len(codes)]).Scan(ptrs...); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScanCheckIn is a card scanned at the desk: svc.ScanCheckIn of a
// participant not yet checked in to the running event, one transaction each,
// on the working copy of the 100k database. Each scan is followed, off the
// clock, by one floor write (see floor) on the same file system, so the two
// medians meet the same moments of a shared, noisy machine: x-floor is
// their ratio.
func BenchmarkScanCheckIn(b *testing.B) {
	benchScanCheckIn(b, benchWork(b))
}

// BenchmarkScanCheckInTmpfs is BenchmarkScanCheckIn with the database and
// the floor on a memory file system (fsync nearly free): the ratio a fast
// disk gives.
func BenchmarkScanCheckInTmpfs(b *testing.B) {
	benchScanCheckIn(b, benchWorkTmpfs(b))
}

func benchScanCheckIn(b *testing.B, w *work) {
	f := newFloor(b, filepath.Dir(w.store.Path()))
	records := checkInRecords(b, w)
	ds := make([]time.Duration, 0, b.N)
	fs := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		code := w.nextFresh(b)
		t0 := time.Now()
		res, err := w.svc.ScanCheckIn(benchCtx, w.target, code)
		d := time.Since(t0)
		if err != nil {
			b.Fatal(err)
		}
		if !res.Outcome.Recorded() {
			b.Fatalf("scan %s: %s (%s)", code, res.Outcome, res.Message)
		}
		ds = append(ds, d)
		b.StopTimer()
		fs = append(fs, f.op(b))
		b.StartTimer()
	}
	b.StopTimer()
	// every scan's audit record is in the chain once the store has
	// caught up (see RecordCheckIn), however many scans ran
	if err := w.store.Update(benchCtx, func(tx app.Tx) error { return tx.SettleAudit(benchCtx) }); err != nil {
		b.Fatal(err)
	}
	if n := checkInRecords(b, w) - records; n != b.N {
		b.Fatalf("%d scans left %d check-in audit records", b.N, n)
	}
	med, fmed := quantile(ds, 0.5), quantile(fs, 0.5)
	b.ReportMetric(med, "median-ns")
	b.ReportMetric(quantile(ds, 0.99), "p99-ns")
	b.ReportMetric(fmed, "floor-median-ns")
	b.ReportMetric(med/fmed, "x-floor")
}

// checkInRecords counts the check-in audit records of w's database.
func checkInRecords(b *testing.B, w *work) int {
	b.Helper()
	db, err := sql.Open("sqlite", w.store.Path()+"?"+data.Pragmas+"&_pragma=query_only(1)")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM audit_log WHERE action = 'checkin.create'`).Scan(&n); err != nil {
		b.Fatal(err)
	}
	return n
}

// searchTyped is what people type into the search box, keystroke by
// keystroke: names in the scripts of the demo, phone digits, an email.
var searchTyped = []string{
	"m", "ma", "mar", "mari", "maria", "maria c",
	"j", "jo", "jos", "jose", "jose g", "jose ga", "jose garc",
	"g", "ga", "garc", "garcia",
	"n", "ng", "nguy", "nguyen", "nguyen t", "tran v",
	"gonz", "hern", "de la", "de la c", "o'n", "wash",
	"Ա", "Ար", "Արամ", "Պետ", "Պետրոսյան", "Սարգ", "hakob",
	"민", "민준", "김", "서연", "박", "ji-w",
	"Ольг", "Иван", "王", "秀英", "さくら", "Γιώρ", "حداد", "مریم",
	"213", "2135", "323", "3234", "5550", "(818) 4", "626-5",
	"jobseeker12", "jobseeker12@", "jobseeker1234@ex",
	"zzq",
	// every word of a name, in any order, and digits from any part of a phone
	"cruz", "la cruz", "cruz jo", "perez g", "garcia maria", "thi", "van", "yan",
	"98451", "984-51", "5550", "55501", "0142", "4-12", "21", "9",
}

// BenchmarkSearchAsYouType is the check-in search box answering each
// keystroke: svc.Search(q) for the event running now, 25 hits and the count
// of all matches, over the typed prefixes above, in turn.
func BenchmarkSearchAsYouType(b *testing.B) {
	w := benchWork(b)
	ds := make([]time.Duration, 0, b.N)
	per := make(map[string][]time.Duration, len(searchTyped))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q := searchTyped[i%len(searchTyped)]
		t0 := time.Now()
		_, err := w.svc.Search(benchCtx, q, app.SearchOptions{EventID: w.current.ID, Limit: 25})
		d := time.Since(t0)
		if err != nil {
			b.Fatalf("search %q: %v", q, err)
		}
		ds = append(ds, d)
		per[q] = append(per[q], d)
	}
	b.StopTimer()
	b.ReportMetric(quantile(ds, 0.5), "p50-ns")
	b.ReportMetric(quantile(ds, 0.99), "p99-ns")
	if b.N >= 10*len(searchTyped) {
		// the slowest queries, by median and by p99, to tell where a p99 comes from
		type qd struct {
			q        string
			med, p99 float64
		}
		var all []qd
		for q, d := range per {
			all = append(all, qd{q, quantile(d, 0.5), quantile(d, 0.99)})
		}
		var sb strings.Builder
		sort.Slice(all, func(i, j int) bool { return all[i].med > all[j].med })
		for _, x := range all[:min(5, len(all))] {
			fmt.Fprintf(&sb, " %q=%.0fµs", x.q, x.med/1e3)
		}
		b.Logf("slowest typed queries by median:%s", sb.String())
		sb.Reset()
		sort.Slice(all, func(i, j int) bool { return all[i].p99 > all[j].p99 })
		for _, x := range all[:min(5, len(all))] {
			fmt.Fprintf(&sb, " %q=%.0fµs", x.q, x.p99/1e3)
		}
		b.Logf("slowest typed queries by p99:%s", sb.String())
	}
}

// importCSV writes a 10,000-row participant spreadsheet as people export
// it: mixed phone formats (area code 424, which the demo never uses, with
// a counter for the number, so every phone is distinct), two thirds with an
// email, language names or codes, consent yes/no.
func importCSV(n int) []byte {
	firsts := []string{"María", "José", "Guadalupe", "James", "Keisha", "Nguyễn Thị", "Armen", "Ji-woo", "Mei", "Ольга", "Reza", "Haruto", "Ana Sofía", "DeShawn"}
	lasts := []string{"García", "Hernández", "Johnson", "O'Neal", "Trần", "Hakobyan", "Lee", "Chen", "Petrova", "Karimi", "Tanaka", "de la Cruz"}
	langs := []string{"Spanish", "English", "es", "en", "vi", "Korean", "Armenian", "", "zh", "ru"}
	var buf bytes.Buffer
	buf.WriteString("First Name,Last Name,Phone,Email,Language,ZIP,SMS consent\r\n")
	for i := 0; i < n; i++ {
		exch, line := 200+i/10000, i%10000
		var phone string
		switch i % 3 {
		case 0:
			phone = fmt.Sprintf("(424) %03d-%04d", exch, line)
		case 1:
			phone = fmt.Sprintf("424.%03d.%04d", exch, line)
		default:
			phone = fmt.Sprintf("+1 424 %03d %04d", exch, line)
		}
		email := ""
		if i%3 != 2 {
			email = fmt.Sprintf("importee%d@example.net", i+1)
		}
		consent := "yes"
		if i%4 == 0 {
			consent = "no"
		}
		fmt.Fprintf(&buf, "%s,\"%s\",%s,%s,%s,9%04d,%s\r\n", firsts[i%len(firsts)], lasts[(i/len(firsts))%len(lasts)],
			phone, email, langs[i%len(langs)], i%1000, consent)
	}
	return buf.Bytes()
}

// BenchmarkImport10k reads a 10,000-row CSV with importer.Read and imports it
// with svc.ImportParticipants into a fresh one-site database, per op.
func BenchmarkImport10k(b *testing.B) {
	const rows = 10_000
	csv := importCSV(rows)
	b.SetBytes(int64(len(csv)))
	var holds data.HoldStats
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		env := datatest.New(b)
		env.Clock = benchNow
		before := env.Store.LockHolds()
		b.StartTimer()
		t, err := importer.Read(bytes.NewReader(csv), "participants.csv")
		if err != nil {
			b.Fatal(err)
		}
		rep, err := env.Svc.ImportParticipants(env.Ctx, env.Site.ID, t.ImportRows(), app.ImportOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if rep.Created != rows {
			b.Fatalf("import created %d of %d rows (updated %d, merged %d, errors %d)", rep.Created, rows, rep.Updated, rep.Merged, len(rep.Errors))
		}
		b.StopTimer()
		holds.Add(env.Store.LockHolds().Since(before))
		env.Store.Close()
		b.StartTimer()
	}
	b.StopTimer()
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(float64(rows*b.N)/s, "rows/s")
	}
	reportHolds(b, holds)
}

// reportHolds reports the p99 and the longest of a benchmark's write-lock
// holds, in milliseconds.
func reportHolds(b *testing.B, holds data.HoldStats) {
	b.ReportMetric(float64(holds.Quantile(0.99).Microseconds())/1000, "hold-p99-ms")
	b.ReportMetric(float64(holds.MaxUS)/1000, "hold-max-ms")
}
