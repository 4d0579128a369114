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
	stmts  stmtCache // the writer's prepared statements
}

var _ app.Store = (*Store)(nil)

// Options tunes Open.
type Options struct {
	// BackupDir receives the copy taken before a migration; "" means a
	// "backups" folder beside the database.
	BackupDir string
	// Now is the clock for backup file names; nil means time.Now.
	Now func() time.Time
}

// Open opens (creating if absent) the Front Desk database at path, checks it
// and brings its schema up to date, backing it up first when an existing
// database needs migrating. It refuses, with an *app.Error and without
// changing the file, anything that is not a healthy Front Desk database this
// version understands.
func Open(ctx context.Context, path string, opt Options) (*Store, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.BackupDir == "" {
		opt.BackupDir = filepath.Join(filepath.Dir(path), "backups")
	}
	if strings.ContainsAny(path, "?#") {
		return nil, app.Errorf(app.EInvalid, "The database path %q may not contain ? or #.", path)
	}
	isNew, err := prepareFile(path)
	if err != nil {
		return nil, err
	}
	// Check with a connection that changes nothing (the pools below switch
	// the file to WAL), so a refused file is left exactly as it was.
	if err := checkFile(ctx, path, isNew); err != nil {
		return nil, err
	}
	s, err := openPools(path)
	if err != nil {
		return nil, err
	}
	if err := s.migrate(ctx, isNew, opt); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
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

func openPools(path string) (*Store, error) {
	w, err := sql.Open("sqlite", path+"?"+Pragmas+"&_txlock=immediate")
	if err != nil {
		return nil, app.Errorf(app.EInternal, "open database: %v", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	r, err := sql.Open("sqlite", path+"?"+Pragmas+"&_pragma=query_only(1)")
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
	return &Store{path: path, writer: w, reader: r}, nil
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

func corrupt(path string, err error) error {
	return &app.Error{Code: app.EInvalid, Message: fmt.Sprintf("%s is damaged and cannot be opened (%v). It was left unchanged; restore the latest backup with frontdeskctl restore.", path, shortErr(err))}
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

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() []migration {
	entries, err := migrationFS.ReadDir("migrations")
	if err != nil {
		panic(err)
	}
	var out []migration
	for _, e := range entries {
		n, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0])
		if err != nil {
			panic("migration without a number: " + e.Name())
		}
		b, err := migrationFS.ReadFile("migrations/" + e.Name())
		if err != nil {
			panic(err)
		}
		out = append(out, migration{version: n, name: e.Name(), sql: string(b)})
	}
	out = append(out, extraMigrations...)
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			panic(fmt.Sprintf("migrations are not numbered 1, 2, 3…: %s", m.name))
		}
	}
	return out
}

// SchemaVersion is the schema version this build writes.
func SchemaVersion() int { return len(migrations()) }

// migrate applies the pending migrations, each in its own transaction, after
// backing up an existing database.
func (s *Store) migrate(ctx context.Context, isNew bool, opt Options) error {
	var version int
	if err := s.writer.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return app.Errorf(app.EInternal, "read schema version: %v", err)
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
			if hook := migrationSteps[m.version]; hook != nil {
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

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// Close closes both connection pools.
func (s *Store) Close() error {
	s.stmts.close()
	err1 := s.reader.Close()
	err2 := s.writer.Close()
	if err1 != nil {
		return err1
	}
	return err2
}

// View runs fn over the read-only pool.
func (s *Store) View(ctx context.Context, fn func(app.Tx) error) error {
	return wrapErr(fn(&txn{q: s.reader}))
}

// Update runs fn in one IMMEDIATE transaction on the writer connection.
func (s *Store) Update(ctx context.Context, fn func(app.Tx) error) (err error) {
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return app.Errorf(app.EInternal, "begin: %v", err)
	}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
	}()
	defer s.stmts.prepare(ctx, s.writer)
	if err := fn(&txn{q: cachedTx{tx: tx, cache: &s.stmts}}); err != nil {
		tx.Rollback()
		return wrapErr(err)
	}
	if err := tx.Commit(); err != nil {
		return app.Errorf(app.EInternal, "commit: %v", err)
	}
	return nil
}

// wrapErr keeps *app.Error as it is and makes anything else internal.
func wrapErr(err error) error {
	if err == nil {
		return nil
	}
	var e *app.Error
	if errors.As(err, &e) {
		return err
	}
	return &app.Error{Code: app.EInternal, Message: err.Error()}
}
