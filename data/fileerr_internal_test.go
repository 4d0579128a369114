package data

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"frontdesk/app"
)

func openTemp(t *testing.T, opt Options) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fd.db")
	st, err := Open(context.Background(), path, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, path
}

// holdLock takes the write lock of the database at path from another
// connection (another program) for d, and reports when it has it.
func holdLock(t *testing.T, path string, d time.Duration) (taken, released chan struct{}) {
	t.Helper()
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(5000)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	taken, released = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(released)
		defer db.Close()
		tx, err := db.Begin()
		if err != nil {
			t.Error(err)
			close(taken)
			return
		}
		close(taken)
		time.Sleep(d)
		tx.Rollback()
	}()
	<-taken
	return taken, released
}

func touch(ctx context.Context, tx app.Tx) error {
	_, err := tx.(*txn).q.ExecContext(ctx, "PRAGMA user_version = user_version")
	if err != nil {
		return err
	}
	_, err = tx.(*txn).q.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS scratch(x); INSERT INTO scratch VALUES (1)")
	return err
}

// A write that finds another program writing waits for it, says so after
// about 300 ms, and then succeeds.
func TestWriteWaitsForAnotherProgram(t *testing.T) {
	var mu sync.Mutex
	var heard []bool
	st, path := openTemp(t, Options{OnWait: func(w bool) { mu.Lock(); heard = append(heard, w); mu.Unlock() }})
	before := st.LockHolds().Count()
	_, released := holdLock(t, path, 900*time.Millisecond)
	start := time.Now()
	if err := st.Update(context.Background(), func(tx app.Tx) error { return touch(context.Background(), tx) }); err != nil {
		t.Fatalf("write while another program held the lock for 0.9 s: %v", err)
	}
	<-released
	if waited := time.Since(start); waited < 800*time.Millisecond {
		t.Errorf("the write did not wait for the other program (%v)", waited)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(heard) != 2 || !heard[0] || heard[1] {
		t.Errorf("OnWait heard %v, want [true false]", heard)
	}
	if n := st.LockHolds().Count(); n != before+1 {
		t.Errorf("lock holds recorded %d, want %d", n, before+1)
	}
	// a quick write is never announced
	heard = heard[:0]
	mu.Unlock()
	if err := st.Update(context.Background(), func(tx app.Tx) error { return touch(context.Background(), tx) }); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	if len(heard) != 0 {
		t.Errorf("a write that did not wait was announced: %v", heard)
	}
}

// A write that waited longer than MaxWait gives up with its own message,
// as a conflict (exit 1 in frontdeskctl), never an internal error.
func TestBusyDatabaseMessage(t *testing.T) {
	if testing.Short() {
		t.Skip("waits past SQLite's 5 s busy timeout")
	}
	st, path := openTemp(t, Options{MaxWait: time.Second})
	_, released := holdLock(t, path, 7*time.Second)
	defer func() { <-released }()
	err := st.Update(context.Background(), func(tx app.Tx) error { return touch(context.Background(), tx) })
	if app.ErrorCode(err) != app.EConflict || !strings.Contains(app.ErrorMessage(err), "The database is busy: another program is writing to it. Try again.") {
		t.Fatalf("write on a busy database: %v (code %s)", err, app.ErrorCode(err))
	}
}

// A full disk (SQLite's SQLITE_FULL, made here with max_page_count) is
// said as such, and nothing is half-saved.
func TestDiskFullMessage(t *testing.T) {
	st, _ := openTemp(t, Options{})
	ctx := context.Background()
	if err := st.Update(ctx, func(tx app.Tx) error { return touch(ctx, tx) }); err != nil {
		t.Fatal(err)
	}
	var pages int
	if err := st.writer.QueryRow("PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := st.writer.Exec("PRAGMA max_page_count = " + strconv.Itoa(pages+2)); err != nil {
		t.Fatal(err)
	}
	err := st.Update(ctx, func(tx app.Tx) error {
		_, err := tx.(*txn).q.ExecContext(ctx, "INSERT INTO scratch VALUES (2), (randomblob(200000))")
		return err
	})
	if app.ErrorCode(err) != app.EInvalid || !strings.Contains(err.Error(), "is full") {
		t.Fatalf("write on a full disk: %v (code %s)", err, app.ErrorCode(err))
	}
	var n int
	if err := st.reader.QueryRow("SELECT count(*) FROM scratch").Scan(&n); err != nil || n != 1 {
		t.Errorf("after the failed write scratch has %d rows (%v), want 1", n, err)
	}
}

// A database that may only be read (here a read-only connection: root
// ignores file modes; cmd/frontdeskctl's test uses a real read-only folder
// as another user) is called read-only, not damaged or internal.
func TestReadOnlyDatabaseMessage(t *testing.T) {
	st, path := openTemp(t, Options{})
	ro, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	ro.SetMaxOpenConns(1)
	st.writer.Close()
	st.writer = ro
	err = st.Update(context.Background(), func(tx app.Tx) error { return touch(context.Background(), tx) })
	if app.ErrorCode(err) != app.EInvalid || !strings.Contains(err.Error(), "read-only") || strings.Contains(err.Error(), "damaged") {
		t.Fatalf("write on a read-only database: %v (code %s)", err, app.ErrorCode(err))
	}
}

// A backup folder that cannot be made says why, naming the folder.
func TestBackupFolderMessages(t *testing.T) {
	st, _ := openTemp(t, Options{})
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ dest, want string }{
		{filepath.Join(file, "backups", "b.db"), "is a file, not a folder"},
		{"/proc/self/no-such/b.db", "does not exist"},
	} {
		_, err := st.BackupTo(context.Background(), c.dest)
		if app.ErrorCode(err) != app.EInvalid || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), filepath.Dir(c.dest)) {
			t.Errorf("backup to %s: %v (code %s), want %q", c.dest, err, app.ErrorCode(err), c.want)
		}
	}
}

// The histogram's quantiles bound the holds recorded, and histograms add.
func TestLockHoldsQuantiles(t *testing.T) {
	var h LockHolds
	for i := 0; i < 98; i++ {
		h.Record(800 * time.Microsecond)
	}
	h.Record(12 * time.Millisecond)
	h.Record(60 * time.Millisecond)
	s := h.Snapshot()
	if s.Count() != 100 || s.Quantile(0.5) != time.Millisecond || s.Quantile(0.99) != 15*time.Millisecond || s.Quantile(1) != 60*time.Millisecond {
		t.Errorf("holds %v: p50 %v p99 %v max %v", s, s.Quantile(0.5), s.Quantile(0.99), s.Quantile(1))
	}
	log := filepath.Join(t.TempDir(), "holds")
	t.Setenv(HoldLogEnv, log)
	appendHoldLog(s)
	appendHoldLog(s)
	sum, err := ReadHoldLog(log)
	if err != nil || sum.Count() != 200 || sum.MaxUS != 60000 {
		t.Errorf("two processes' holds add to %v (%v)", sum, err)
	}
}

// Every write transaction's COMMIT is timed with its hold, no longer than
// it, and the commits travel with the holds through the log file.
func TestLockHoldsKeepTheirCommits(t *testing.T) {
	st, _ := openTemp(t, Options{})
	ctx := app.WithActor(context.Background(), app.LocalOperator)
	before := st.LockHolds()
	for i := 0; i < 5; i++ {
		if err := st.Update(ctx, func(tx app.Tx) error {
			return tx.AppendAudit(ctx, app.AuditEntry{At: time.Now(), Actor: "test", Action: "test.commit"})
		}); err != nil {
			t.Fatal(err)
		}
	}
	d := st.LockHolds().Since(before)
	if d.Count() != 5 || d.Commit == nil || d.Commit.Count() != 5 {
		t.Fatalf("five writes: holds %v", d)
	}
	if d.Commit.MaxUS > d.MaxUS {
		t.Errorf("a COMMIT (%dµs) outlasted the longest hold (%dµs)", d.Commit.MaxUS, d.MaxUS)
	}
	if !strings.Contains(d.String(), "; COMMIT p50≤") {
		t.Errorf("the holds read %q, without their commits", d)
	}
	log := filepath.Join(t.TempDir(), "holds")
	t.Setenv(HoldLogEnv, log)
	appendHoldLog(d)
	appendHoldLog(d)
	sum, err := ReadHoldLog(log)
	if err != nil || sum.Count() != 10 || sum.Commit == nil || sum.Commit.Count() != 10 {
		t.Errorf("two processes' holds and commits add to %v (%v)", sum, err)
	}
}
