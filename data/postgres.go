package data

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"frontdesk/app"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// A center that outgrows one PC keeps its records on a PostgreSQL server
// it runs, and points every desk at it: the database setting is then a
// postgres:// URL instead of a file. The Store is the same type with the
// same queries (see dialect.go); what differs is how a transaction begins
// and ends, and where the schema's version is kept.
//
// Writes are serialised center-wide by a transaction-scoped advisory lock
// (ServerWriteLock), as SQLite serialises a file's writers: the audit log
// stays one chain, and what a write reads is what it changes. The one
// exception is the scan at the desk (app.CheckInOnly): a check-in of
// someone on file takes no lock, so desks check people in side by side.
// The database refuses a second active check-in of a person at an event
// (the desk then reads again and says where the person was checked in),
// the event's counter row orders one event's check-ins (a hard capacity
// limit is checked again after the insert), and the check-in's audit
// records join the chain under the lock moments later (SettleAudit).
// Reads run in read-only REPEATABLE READ transactions: one snapshot, and
// they never wait for a writer.

//go:embed migrations_pg/*.sql
var pgMigrationFS embed.FS

// ServerWriteLock is the key of the transaction-scoped advisory lock every
// write to a server takes ("FRONT"): whoever holds it is the one writer.
const ServerWriteLock = 0x46524f4e54

// IsServer reports whether a database setting names a PostgreSQL server
// (postgres:// or postgresql://) rather than a SQLite file.
func IsServer(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// Shown is a database setting fit to show or log: a file's path as it is,
// a server URL without its password.
func Shown(db string) string {
	if IsServer(db) {
		return RedactURL(db)
	}
	return db
}

// RedactURL is a server URL fit to show or log: its password is replaced.
func RedactURL(db string) string {
	u, err := url.Parse(db)
	if err != nil {
		return "the center server"
	}
	return u.Redacted()
}

// openPostgres connects to the server at dsn, checks that its schema is
// Front Desk's and not newer than this version knows, and brings it up to
// date.
func openPostgres(ctx context.Context, dsn string, opt Options) (*Store, error) {
	shown := RedactURL(dsn)
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, app.Errorf(app.EInvalid, "The center server setting %s is not a valid address: %v", shown, shortErr(err))
	}
	maxWait := opt.MaxWait
	if maxWait == 0 {
		maxWait = defaultMaxWait
	}
	if maxWait > 0 {
		// how long a write waits for another desk's (see lockPG): a setting
		// of each connection, so no write pays a statement for it
		cfg.RuntimeParams["lock_timeout"] = strconv.FormatInt(maxWait.Milliseconds(), 10)
	}
	// a server gone quiet (a network dead without a word) is noticed in
	// seconds, not after the system's default of hours
	dialer := &net.Dialer{Timeout: cfg.ConnectTimeout, KeepAliveConfig: net.KeepAliveConfig{Enable: true, Idle: 5 * time.Second, Interval: 2 * time.Second, Count: 3}}
	cfg.DialFunc = dialer.DialContext
	db := stdlib.OpenDB(*cfg)
	// a desk needs few connections: one writer at a time center-wide, and
	// reads that are short; the server's own limit counts every desk's
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(2)
	db.SetConnMaxIdleTime(time.Minute)
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, serverError(shown, err)
	}
	s := &Store{path: shown, dsn: dsn, writer: db, reader: db, pg: true, onWait: opt.OnWait, maxWait: maxWait, centerDir: opt.CenterDir}
	if err := s.migratePG(ctx, opt); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.guardCenter(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.loadCenterKey(ctx); err != nil {
		db.Close()
		return nil, err
	}
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	if err := s.ensureAuditTriggersPG(ctx, now()); err != nil {
		s.Close()
		return nil, err
	}
	s.settleLeftovers(ctx)
	s.applyLeftovers(ctx)
	return s, nil
}

// serverError explains a failure to reach or use the server.
func serverError(shown string, err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "28P01" || pe.Code == "28000":
			return app.Errorf(app.EInvalid, "The center server %s refused the desk's user name or password. Check them in the desk's settings.", shown)
		case pe.Code == "3D000":
			return app.Errorf(app.EInvalid, "The center server %s has no such database. Check the database name in the desk's settings.", shown)
		case pe.Code == "42501":
			return app.Errorf(app.EInvalid, "The center server %s refused: the desk's database user lacks a permission (%s). See README, \"A center server\".", shown, pe.Message)
		}
	}
	if unreachable(err) {
		return app.Errorf(app.EUnavailable, "Cannot reach the center server %s (%v). Check the network, the address and that the server is running.", shown, shortErr(err))
	}
	return app.Errorf(app.EInvalid, "Cannot reach the center server %s (%v). Check the network, the address and that the server is running.", shown, shortErr(err))
}

// unreachable reports whether err says the server could not be reached or
// went away (refused, reset, timed out, shutting down), as opposed to a
// refusal of what was asked.
func unreachable(err error) bool {
	if err == nil {
		return false
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		// 08: connection exception; 57P01-57P03: shutting down, crashed,
		// not accepting connections yet
		return strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03"
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	switch {
	case errors.As(err, &ce), errors.As(err, &ne), pgconn.Timeout(err),
		errors.Is(err, driver.ErrBadConn), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "conn closed") || strings.Contains(msg, "broken pipe") || strings.Contains(msg, "connection reset")
}

// pgMigrations are the server's numbered migrations, in order. They are
// numbered on their own: the first is the whole schema as the SQLite
// migrations had built it by then.
func pgMigrations() []migration {
	return numbered(readMigrations(pgMigrationFS, "migrations_pg"), "server migrations")
}

// migratePG applies the server's pending migrations, each in one
// transaction with its version bump, under the write lock so that two
// desks starting at once do not both migrate. A server whose schema is
// newer than this version knows, or that holds another program's tables,
// is refused unchanged.
func (s *Store) migratePG(ctx context.Context, opt Options) error {
	ms := pgMigrations()
	for {
		done, err := s.migrateOnePG(ctx, ms, opt)
		if err != nil || done {
			return err
		}
	}
}

// migrateOnePG applies the next pending migration, if any, and says
// whether the schema is up to date.
func (s *Store) migrateOnePG(ctx context.Context, ms []migration, opt Options) (bool, error) {
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return false, serverError(s.path, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, ServerWriteLock); err != nil {
		return false, serverError(s.path, err)
	}
	var exists bool
	if err := tx.QueryRowContext(ctx, `SELECT to_regclass('frontdesk_schema') IS NOT NULL`).Scan(&exists); err != nil {
		return false, serverError(s.path, err)
	}
	version := 0
	if exists {
		var appID int64
		if err := tx.QueryRowContext(ctx, `SELECT version, application_id FROM frontdesk_schema`).Scan(&version, &appID); err != nil {
			return false, app.Errorf(app.EInvalid, "The center server %s has an unreadable Front Desk schema version (%v). Nothing was changed.", s.path, err)
		}
		if appID != ApplicationID {
			return false, app.Errorf(app.EInvalid, "The database on %s belongs to another program, not Front Desk. Nothing was changed.", s.path)
		}
	} else {
		var tables int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()`).Scan(&tables); err != nil {
			return false, serverError(s.path, err)
		}
		if tables > 0 {
			return false, app.Errorf(app.EInvalid, "The database on %s already holds tables of another program. Give Front Desk a database of its own. Nothing was changed.", s.path)
		}
	}
	if version > len(ms) {
		return false, app.Errorf(app.EInvalid, "The center server %s was set up by a newer version of Front Desk (schema %d; this version knows up to %d). Please update Front Desk on this desk. Nothing was changed.", s.path, version, len(ms))
	}
	if version == len(ms) {
		return true, nil
	}
	if version == 0 && opt.MustExist {
		return false, app.Errorf(app.EInvalid, "The database on %s has no Front Desk records yet. A center server is set up once, with: frontdeskctl init --db URL --site NAME --admin USERNAME.", s.path)
	}
	m := ms[version]
	if !exists {
		if _, err := tx.ExecContext(ctx, `CREATE TABLE frontdesk_schema (version BIGINT NOT NULL, application_id BIGINT NOT NULL);
			INSERT INTO frontdesk_schema VALUES (0, `+strconv.Itoa(ApplicationID)+`)`); err != nil {
			return false, serverError(s.path, err)
		}
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		if pgCode(err) == "42501" {
			return false, serverError(s.path, err)
		}
		return false, app.Errorf(app.EInternal, "Cannot update the center server to schema %d (%v). Nothing was changed by it.", m.version, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE frontdesk_schema SET version = $1`, m.version); err != nil {
		return false, app.Errorf(app.EInternal, "Cannot record the schema version on the center server: %v", err)
	}
	if err := tx.Commit(); err != nil {
		return false, app.Errorf(app.EInternal, "Cannot update the center server to schema %d (%v). Nothing was changed by it.", m.version, err)
	}
	return false, nil
}

// updatePG is Update on the server: one transaction holding the center's
// write lock, from its start; a check-in of someone on file
// (app.CheckInOnly) takes it only when it appends to the audit log, if it
// does (lockedPG).
func (s *Store) updatePG(ctx context.Context, t *txn, fn func(app.Tx) error) error {
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return s.classify(fmt.Errorf("begin: %w", err))
	}
	t.q, t.s = pgQuerier{tx: tx}, s
	if !app.CheckInOnly(ctx) {
		if err := t.lockedPG(ctx); err != nil {
			tx.Rollback()
			return err
		}
	}
	if err := s.finish(tx, time.Now(), t, fn); err != nil {
		return err
	}
	if t.head != nil && s.guard != "" {
		s.noteHead(*t.head)
	}
	if t.auditLater {
		s.scheduleSettle()
	}
	return nil
}

// lockedPG makes sure t, a transaction on the server, holds the center's
// write lock (see lockPG).
func (t *txn) lockedPG(ctx context.Context) error {
	if t.pgLocked {
		return nil
	}
	if err := t.s.lockPG(ctx, t.q.(pgQuerier).tx); err != nil {
		return err
	}
	t.pgLocked = true
	return nil
}

// lockPG takes the center's write lock in tx, waiting for another desk's
// write as a file's writer waits for another program's: OnWait hears of a
// wait past waitNotice, and after s.maxWait (unless it is negative) the
// write gives up as busy: the connections' lock_timeout (openPostgres).
func (s *Store) lockPG(ctx context.Context, tx *sql.Tx) error {
	defer s.noticeWait(ctx)()
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, ServerWriteLock); err != nil {
		if pgCode(err) == "55P03" { // lock_not_available: lock_timeout passed
			return errBusy()
		}
		if ctx.Err() != nil {
			return app.Errorf(app.EInternal, "begin: %v", ctx.Err())
		}
		return s.classify(fmt.Errorf("begin: %w", err))
	}
	return nil
}

// viewPG is View on the server: one read-only snapshot.
func (s *Store) viewPG(ctx context.Context, fn func(app.Tx) error) error {
	tx, err := s.reader.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return s.classify(fmt.Errorf("begin read: %w", err))
	}
	defer tx.Rollback()
	return s.classify(fn(&txn{q: pgQuerier{tx: tx}, s: s}))
}

// pgCode returns a PostgreSQL error's SQLSTATE, or "".
func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}
