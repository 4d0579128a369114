// Package data is Front Desk's store: app.Store over one SQLite file
// (modernc.org/sqlite, no cgo) in WAL mode with synchronous=FULL, so a
// confirmed change survives a crash or power cut. It embeds the numbered
// schema migrations, refuses files it must not touch (not SQLite, corrupt,
// another program's, or written by a newer Front Desk), and makes backups.
package data

import (
	"bytes"
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"frontdesk/app"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// ApplicationID marks a SQLite file as Front Desk's ("FDK1").
const ApplicationID = 0x46444B31

// sqliteHeader starts every SQLite 3 database file.
var sqliteHeader = []byte("SQLite format 3\x00")

// Pragmas are the connection settings every Front Desk connection uses (as
// DSN query parameters): WAL, synchronous=FULL, foreign keys and a busy
// timeout. Writers add _txlock=immediate.
const Pragmas = "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)"

// Store is app.Store over a SQLite file. Writes go through one connection
// that begins IMMEDIATE transactions; reads use a pool of read-only
// connections that never wait for the writer (WAL).
type Store struct {
	path   string
	writer *sql.DB
	reader *sql.DB
	stmts  stmtCache                // the writer's prepared statements
	rstmts stmtCache                // the read pool's prepared statements
	lock   *dbLock                  // the database's shared lock; nil for a restore's own opens
	key    atomic.Pointer[auditKey] // signs new audit rows (nil before the database has one, or on a desk without the center's key)
	anc    anchorState
	// holds times every write transaction's hold of the write lock;
	// commits, the COMMIT at the end of each.
	holds   LockHolds
	commits LockHolds
	// syncNormal: the writer connection was last set to synchronous=NORMAL
	// (for a staged import's chunk; see setSync). Read and written only by
	// whoever holds the one writer connection.
	syncNormal bool
	ckpt       *checkpointer
	// pg: the store is a PostgreSQL server (see postgres.go), not a file.
	pg      bool
	dsn     string // the server's address as given (password and all), for pg_dump; never shown
	onWait  func(waiting bool)
	maxWait time.Duration
	// queue: the store is a desk's local copy of a center server's records
	// (see DeskStore): what its writes record is queued for the server.
	queue bool
	// events: the events this store's scans read last (see EventAtDesk).
	events eventCache
	// settle: the pending check-ins' audit records to add (see
	// RecordCheckIn and scheduleSettle).
	settle settleState
	// leftovers: published import changes a stopped program left, being
	// applied (see applyLeftovers).
	leftovers leftoverChanges
	// guard: on a center server, this computer's anchor of its chain is
	// named from it (see guardCenter); "" when not anchored here.
	guard     string
	centerDir string  // Options.CenterDir
	keyMiss   keyMiss // when the center's key was last looked for in vain
}

var _ app.Store = (*Store)(nil)

// Options tunes Open.
type Options struct {
	// BackupDir receives the copy taken before a migration; "" means a
	// "backups" folder beside the database.
	BackupDir string
	// Now is the clock for backup file names; nil means time.Now.
	Now func() time.Time
	// MustExist refuses a path with no database instead of creating one
	// (and its folders): a mistyped path or an unmounted share must not
	// quietly become a new, empty database. Only set-up creates one.
	MustExist bool
	// OnWait, when set, hears that a write has been waiting for another
	// program's write lock for about 300 ms (true), and that the wait is
	// over (false), so a desk can say "Waiting for the database…". It is
	// called from another goroutine and must not block.
	OnWait func(waiting bool)
	// CenterDir, on a center server, is where this computer keeps its
	// anchor and key file of the server's chain; "" means CenterDir().
	CenterDir string
	// MaxWait is how long a write waits for another program's write lock
	// before it gives up with "The database is busy" (EConflict); 0 means
	// 30 seconds and a negative value waits until the context ends (a desk).
	MaxWait time.Duration
}

// Open opens (creating if absent) the Front Desk database at path, checks it
// and brings its schema up to date, backing it up first when an existing
// database needs migrating. It refuses, with an *app.Error and without
// changing the file, anything that is not a healthy Front Desk database this
// version understands. The Store holds the database's shared lock until
// Close, so a restore cannot replace the file under it; a restore that was
// interrupted is finished or rolled back first.
func Open(ctx context.Context, path string, opt Options) (*Store, error) {
	if IsServer(path) {
		return openPostgres(ctx, path, opt)
	}
	if strings.ContainsAny(path, "?#") {
		return nil, app.Errorf(app.EInvalid, "The database path %q may not contain ? or #.", path)
	}
	if opt.MustExist && !exists(path) && !exists(journalPath(path)) {
		if err := refuseWhereADatabaseWas(path); err != nil {
			return nil, err
		}
		return nil, app.Errorf(app.EInvalid, "There is no Front Desk database at %s. Check the path (is the drive or share mounted?); a new database is made only by setting up (frontdeskctl init, or the app's first start).", path)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, app.Errorf(app.EInvalid, "Cannot create the folder for the database %s: %v", path, err)
		}
	}
	lk, err := lockShared(path)
	if err != nil {
		return nil, err
	}
	if exists(journalPath(path)) {
		// A restore was interrupted: finish it or roll it back, which
		// needs the lock to ourselves.
		lk.release()
		if err := recoverRestore(path); err != nil {
			return nil, err
		}
		if lk, err = lockShared(path); err != nil {
			return nil, err
		}
	}
	// With the lock shared no restore is running, so a copy one left
	// without its journal (killed before it was ready) is of no use: it
	// goes, names and all.
	removeDB(restoringPath(path))
	if !exists(path) {
		if err := refuseWhereADatabaseWas(path); err != nil {
			lk.release()
			return nil, err
		}
	}
	s, err := openUnlocked(ctx, path, opt)
	if err != nil {
		lk.release()
		return nil, err
	}
	s.lock = lk
	return s, nil
}

// openUnlocked is Open without the lock: the caller holds it (a restore
// opening the database it replaces or the copy it puts in place).
func openUnlocked(ctx context.Context, path string, opt Options) (*Store, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.BackupDir == "" {
		opt.BackupDir = filepath.Join(filepath.Dir(path), "backups")
	}
	isNew, err := prepareFile(path)
	if err != nil {
		return nil, err
	}
	tightenModes(path)
	// Check with a connection that changes nothing (the pools below switch
	// the file to WAL), so a refused file is left exactly as it was.
	if err := checkFile(ctx, path, isNew); err != nil {
		return nil, err
	}
	s, err := openPools(path)
	if err != nil {
		return nil, err
	}
	s.onWait, s.maxWait = opt.OnWait, opt.MaxWait
	if s.maxWait == 0 {
		s.maxWait = defaultMaxWait
	}
	if err := s.migrate(ctx, isNew, opt); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.ensureAuditGuards(ctx, opt.Now()); err != nil {
		s.Close()
		return nil, err
	}
	s.settleLeftovers(ctx)
	s.applyLeftovers(ctx)
	return s, nil
}

// exists reports whether there is a file (of any kind) at path.
func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// prepareFile creates an empty database file with mode 0600, or checks that
// an existing one starts like a SQLite database.
func prepareFile(path string) (isNew bool, err error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return false, app.Errorf(app.EInvalid, "Cannot create the folder for the database %s: %v", path, err)
		}
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		f.Close()
		return true, nil
	}
	if !errors.Is(err, os.ErrExist) {
		return false, app.Errorf(app.EInvalid, "Cannot create the database %s: %v", path, err)
	}
	// look before opening: opening a pipe would wait for a writer forever
	if info, err := os.Stat(path); err == nil && !info.IsDir() && !info.Mode().IsRegular() {
		return false, app.Errorf(app.EInvalid, "%s is not a regular file (a pipe or a device?), so it cannot be a database. It was left unchanged.", path)
	}
	f, err = os.Open(path)
	if err != nil {
		return false, app.Errorf(app.EInvalid, "Cannot open the database %s: %v", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return false, app.Errorf(app.EInvalid, "Cannot read the database %s: %v", path, err)
	}
	if st.IsDir() {
		return false, app.Errorf(app.EInvalid, "%s is a folder, not a database file.", path)
	}
	if st.Size() == 0 {
		return true, nil
	}
	head := make([]byte, len(sqliteHeader))
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head, sqliteHeader) {
		return false, app.Errorf(app.EInvalid, "%s is not a Front Desk database (it is not a SQLite file). It was left unchanged.", path)
	}
	return false, nil
}

// readerCacheKiB is the page cache of each connection of the read pool: the
// SQLite default, 2,000 KiB. The connections of a process share one pool of
// cached pages (this build of SQLite manages its memory), so the writer's
// cache grows into what the readers are allowed; and a commit whose insert
// rebalanced an index walks the writer's whole cache (SQLite renumbers pages
// through the page at 1 GiB while it rebalances, then drops every cached
// page past the end of the file). With 16 MiB readers that walk, over ~5,600
// pages in an 8,192-slot table, came at about one check-in in four and was
// a fifth of a check-in's time on a fast disk; searching as you type was no
// faster with them (BenchmarkSearchAsYouType).
const readerCacheKiB = 2000

func openPools(path string) (*Store, error) {
	// temp_store=MEMORY keeps the statement journal (written by every
	// multi-row statement after the first change of a transaction, such as
	// a participant's search rows) in memory: on disk it cost an import a
	// write system call per page touched. The log is checkpointed in the
	// background, not in the COMMIT that fills it (see checkpointer).
	w, err := sql.Open("sqlite", path+"?"+Pragmas+"&_txlock=immediate&_pragma=temp_store(MEMORY)&_pragma=wal_autocheckpoint(0)")
	if err != nil {
		return nil, app.Errorf(app.EInternal, "open database: %v", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	// each reader keeps up to readerCacheKiB of pages (see there)
	r, err := sql.Open("sqlite", path+"?"+Pragmas+"&_pragma=query_only(1)&_pragma=cache_size(-"+strconv.Itoa(readerCacheKiB)+")")
	if err != nil {
		w.Close()
		return nil, app.Errorf(app.EInternal, "open database: %v", err)
	}
	n := runtime.NumCPU()
	if n < 2 {
		n = 2
	}
	if n > 8 {
		n = 8
	}
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	r.SetConnMaxIdleTime(0)
	c, err := newCheckpointer(path)
	if err != nil {
		w.Close()
		r.Close()
		return nil, app.Errorf(app.EInternal, "open database: %v", err)
	}
	return &Store{path: path, writer: w, reader: r, ckpt: c}, nil
}

// checkFile refuses a corrupt database, another program's database, and one
// written by a newer Front Desk, reading the file through a query-only
// connection that leaves it untouched.
func checkFile(ctx context.Context, path string, isNew bool) error {
	if isNew {
		return nil
	}
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(5000)&_pragma=query_only(1)")
	if err != nil {
		return app.Errorf(app.EInternal, "open database: %v", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	var appID, version, tables int
	if err := db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return corrupt(path, err)
	}
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return corrupt(path, err)
	}
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&tables); err != nil {
		return corrupt(path, err)
	}
	if appID != ApplicationID && !(appID == 0 && tables == 0) {
		return app.Errorf(app.EInvalid, "%s is a SQLite database of another program, not Front Desk's. It was left unchanged.", path)
	}
	if known := len(migrations()); version > known {
		return app.Errorf(app.EInvalid, "%s was written by a newer version of Front Desk (schema %d; this version knows up to %d). Please update Front Desk. The file was left unchanged.", path, version, known)
	}
	if tables > 0 {
		var res string
		if err := db.QueryRowContext(ctx, "PRAGMA quick_check(1)").Scan(&res); err != nil || res != "ok" {
			if err == nil {
				err = errors.New(res)
			}
			return corrupt(path, err)
		}
	}
	return nil
}

// corrupt reports a file checkFile could not read: busy, read-only, not
// openable and full have their own messages (fileError); only what is left
// is called damaged.
func corrupt(path string, err error) error {
	if fe := fileError(path, err); fe != nil {
		return fe
	}
	return damagedError{&app.Error{Code: app.EInvalid, Message: fmt.Sprintf(
		"%s is damaged and cannot be opened (%v). It was left unchanged. To recover, an administrator restores the latest backup with: frontdeskctl restore BACKUP-FILE --db %s --user ADMIN (ADMIN signs in with an account of the backup; the damaged file is kept aside as %s.damaged-DATE-TIME).",
		path, shortErr(err), path, filepath.Base(path))}}
}

// damagedError is corrupt's refusal: an *app.Error that a restore can tell
// from the other refusals (it may set a damaged database aside, never
// another program's file or a newer version's).
type damagedError struct{ e *app.Error }

func (d damagedError) Error() string { return d.e.Error() }
func (d damagedError) Unwrap() error { return d.e }

// isDamaged reports whether err is the refusal of a damaged database.
func isDamaged(err error) bool {
	var d damagedError
	return errors.As(err, &d)
}

func shortErr(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 && len(s) > 120 {
		s = s[i+2:]
	}
	return s
}

// extraMigrations are appended to the embedded ones; tests use it to play
// a future schema.
var extraMigrations []migration

// migrationSteps are Go steps that run after a migration's SQL, in the same
// transaction, keyed by version.
var migrationSteps = map[int]func(context.Context, *txn) error{
	3: chainAuditLog,
}

// namedMigrationSteps are Go steps keyed by a migration's file name without
// its number ("search.sql"), so a migration renumbered keeps its step.
var namedMigrationSteps = map[string]func(context.Context, *txn) error{
	"search.sql": fillSearchIndex,
}

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() []migration {
	out := append(readMigrations(migrationFS, "migrations"), extraMigrations...)
	return numbered(out, "migrations")
}

// readMigrations reads the numbered migration files NNNN_name.sql of dir.
func readMigrations(fsys embed.FS, dir string) []migration {
	entries, err := fsys.ReadDir(dir)
	if err != nil {
		panic(err)
	}
	var out []migration
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		n, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0])
		if err != nil {
			panic("migration without a number: " + e.Name())
		}
		b, err := fsys.ReadFile(dir + "/" + e.Name())
		if err != nil {
			panic(err)
		}
		out = append(out, migration{version: n, name: e.Name(), sql: string(b)})
	}
	return out
}

// numbered sorts ms by version and checks that they are numbered 1, 2, 3….
func numbered(ms []migration, what string) []migration {
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			panic(fmt.Sprintf("%s are not numbered 1, 2, 3…: %s", what, m.name))
		}
	}
	return ms
}

// SchemaVersion is the schema version this build writes.
func SchemaVersion() int { return len(migrations()) }

// migrate applies the pending migrations, each in its own transaction, after
// backing up an existing database.
func (s *Store) migrate(ctx context.Context, isNew bool, opt Options) error {
	var version int
	if err := s.writer.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return s.classify(fmt.Errorf("read schema version: %w", err))
	}
	ms := migrations()
	if version == len(ms) {
		return nil
	}
	if !isNew && version > 0 {
		name := fmt.Sprintf("before-schema-%d-%s.db", len(ms), opt.Now().UTC().Format("20060102-150405"))
		if _, err := s.BackupTo(ctx, filepath.Join(opt.BackupDir, name)); err != nil {
			return err
		}
	}
	for _, m := range ms[version:] {
		err := s.Update(ctx, func(tx app.Tx) error {
			// The whole migration and its version bump commit together or not at all.
			t := tx.(*txn)
			if _, err := t.q.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			hook := migrationSteps[m.version]
			if _, name, _ := strings.Cut(m.name, "_"); namedMigrationSteps[name] != nil {
				hook = namedMigrationSteps[name]
			}
			if hook != nil {
				if err := hook(ctx, t); err != nil {
					return fmt.Errorf("migration %s: %w", m.name, err)
				}
			}
			if _, err := t.q.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d; PRAGMA application_id = %d", m.version, ApplicationID)); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			return nil
		})
		if err != nil {
			return app.Errorf(app.EInternal, "Cannot update the database to schema %d (%v). Nothing was changed by it.", m.version, err)
		}
	}
	return nil
}

// finish runs fn in tx, which holds the write lock since held, and commits;
// it rolls back when fn fails, panics or ends its goroutine (a test's
// t.Fatal), so the lock never stays taken. Each end is recorded in
// LockHolds (and a commit's time in its Commit figures).
func (s *Store) finish(tx *sql.Tx, held time.Time, t *txn, fn func(app.Tx) error) error {
	ended := false
	defer func() {
		if !ended {
			tx.Rollback()
			s.holds.Record(time.Since(held))
		}
	}()
	err := fn(t)
	ended = true
	if err != nil {
		tx.Rollback()
		s.holds.Record(time.Since(held))
		return s.classify(err)
	}
	committing := time.Now()
	err = tx.Commit()
	s.commits.Record(time.Since(committing))
	s.holds.Record(time.Since(held))
	if err != nil {
		return s.classify(fmt.Errorf("commit: %w", err))
	}
	return nil
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// Close closes both connection pools.
func (s *Store) Close() error {
	s.closeLeftovers()
	if s.pg {
		s.closeSettle()
		s.closeAnchor()
		appendHoldLog(s.LockHolds())
		return s.writer.Close()
	}
	s.closeSettle()
	s.closeAnchor()
	s.stmts.close()
	s.rstmts.close()
	appendHoldLog(s.LockHolds())
	s.ckpt.close()
	err1 := s.reader.Close()
	err2 := s.writer.Close()
	s.lock.release()
	if err1 != nil {
		return err1
	}
	return err2
}

// View runs fn in one read transaction on a connection of the read-only
// pool: everything fn reads comes from one snapshot of the database, and
// ctx ends it. Readers never wait for the writer (WAL). Statements are
// prepared once (see stmtCache): search as you type runs the same few on
// every keystroke.
func (s *Store) View(ctx context.Context, fn func(app.Tx) error) error {
	if s.pg {
		return s.viewPG(ctx, fn)
	}
	tx, err := s.reader.BeginTx(ctx, nil)
	if err != nil {
		return s.classify(fmt.Errorf("begin read: %w", err))
	}
	defer s.rstmts.prepare(ctx, s.reader)
	defer tx.Rollback() // a read transaction has nothing to commit
	return s.classify(fn(&txn{q: cachedTx{tx: tx, cache: &s.rstmts}, s: s}))
}

// LockHolds returns how long this store's write transactions have held the
// write lock so far.
func (s *Store) LockHolds() HoldStats {
	h, c := s.holds.Snapshot(), s.commits.Snapshot()
	h.Commit = &c
	return h
}

// setSync sets how the transaction t commits. Every transaction commits
// with synchronous=FULL (the log synced to disk before COMMIT returns),
// except a chunk of a staged import: its rows are invisible until the
// import publishes them, so its COMMIT only writes the log and the store
// syncs the log after giving the lock back (UpdateStaged). Without that, a
// chunk's COMMIT waited inside the lock for the disk to take every page
// the chunk wrote (under load, p50 10 ms and p99 40 ms of a 40/75 ms
// hold). Nothing anyone saw can be lost: the publishing transaction, and
// any other write after a chunk, commits with FULL, and syncing the log
// syncs every chunk written before it. A power cut mid-import loses at
// most invisible rows of an import that had not published, which the next
// import removes anyway. The level is a setting of the connection, which
// SQLite lets change only outside a transaction: conn is the writer
// connection, held by the caller until its transaction ends.
func (s *Store) setSync(ctx context.Context, conn *sql.Conn, staged bool) error {
	if staged == s.syncNormal {
		return nil
	}
	level := "FULL"
	if staged {
		level = "NORMAL"
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA synchronous="+level); err != nil {
		return fmt.Errorf("synchronous=%s: %w", level, err)
	}
	s.syncNormal = staged
	return nil
}

// syncLog syncs the write-ahead log to disk, without the write lock: what
// a staged import's chunk committed is then on disk too (see setSync).
func (s *Store) syncLog() error {
	f, err := os.OpenFile(s.path+"-wal", os.O_RDWR, 0)
	if errors.Is(err, os.ErrNotExist) {
		return nil // checkpointed and removed meanwhile: in the database file
	}
	if err != nil {
		return s.classify(fmt.Errorf("sync log: %w", err))
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return s.classify(fmt.Errorf("sync log: %w", err))
	}
	return nil
}

// Update runs fn in one IMMEDIATE transaction on the writer connection.
// When another program holds the write lock it waits (see Options.MaxWait
// and OnWait) rather than failing at once. The time the lock is held is
// recorded in LockHolds.
func (s *Store) Update(ctx context.Context, fn func(app.Tx) error) (err error) {
	return s.update(ctx, nil, fn)
}

// update is Update with t's fields (an import's id) kept on the transaction.
func (s *Store) update(ctx context.Context, t *txn, fn func(app.Tx) error) (err error) {
	if t == nil {
		t = &txn{}
	}
	if s.pg {
		return s.updatePG(ctx, t, fn)
	}
	// the one writing connection is ours until the transaction ends, so its
	// synchronous setting (setSync) is the one this transaction commits with
	conn, err := s.writer.Conn(ctx)
	if err != nil {
		return app.Errorf(app.EInternal, "begin: %v", err)
	}
	defer s.stmts.prepare(ctx, s.writer) // after the connection is given back
	defer conn.Close()
	if err := s.setSync(ctx, conn, t.importID != 0); err != nil {
		return s.classify(err)
	}
	tx, err := s.begin(ctx, conn)
	if err != nil {
		return err
	}
	t.q, t.s = cachedTx{tx: tx, cache: &s.stmts}, s
	if err := s.finish(tx, time.Now(), t, fn); err != nil {
		return err
	}
	s.ckpt.committed(t.importID != 0)
	if t.head != nil {
		s.noteHead(*t.head)
	}
	if t.auditLater {
		s.scheduleSettle()
	}
	return nil
}
