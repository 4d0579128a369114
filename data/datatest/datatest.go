// Package datatest gives tests a real Front Desk database: a fresh SQLite
// file under t.TempDir(), or a database of its own on a PostgreSQL server
// when ServerEnv names one; a fixed clock, a site and a service acting as
// the local operator. It is imported only by tests.
package datatest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/data"

	_ "github.com/jackc/pgx/v5/stdlib" // the test server's driver
)

// Now is the fixed clock of Env: Tuesday 2026-03-10, 10:15 in Los Angeles.
var Now = time.Date(2026, 3, 10, 17, 15, 0, 0, time.UTC)

// Env is a test's database, service and site.
type Env struct {
	Store *data.Store
	Svc   *app.Service
	Site  app.Site
	Ctx   context.Context // carries app.LocalOperator
	Path  string
	// Clock is the current time; tests move it by assigning to it.
	Clock time.Time
}

// ServerEnv names the environment variable that runs the tests against a
// PostgreSQL server instead of SQLite files: a postgres:// URL whose user
// may create databases (scripts/pgtest.sh sets it for a throwaway server).
const ServerEnv = "FRONTDESK_TEST_PG"

// OnServer reports whether this test run uses a PostgreSQL server.
func OnServer() bool { return os.Getenv(ServerEnv) != "" }

// SkipOnServer skips a test that is about the SQLite file itself (its
// folder, its modes, copying or replacing it) when the run uses a server.
func SkipOnServer(tb testing.TB, why string) {
	tb.Helper()
	if OnServer() {
		tb.Skip("a SQLite file's own behaviour: " + why)
	}
}

// MustOpen opens a new, empty database and closes it when the test ends:
// a file under tb.TempDir(), or a database of its own on the server named
// by ServerEnv (dropped at the end). The string is the file's path or the
// server URL.
func MustOpen(tb testing.TB) (*data.Store, string) {
	tb.Helper()
	dsn := NewDatabase(tb)
	st, err := data.Open(context.Background(), dsn, data.Options{})
	if err != nil {
		tb.Fatalf("open %s: %v", data.Shown(dsn), err)
	}
	tb.Cleanup(func() { st.Close() })
	if OnServer() {
		// the center's audit key, as a first sign-in at a desk makes it
		// (a desk's file gets its key at its first open)
		if err := st.KeepCenterKey(context.Background(), Now, 0, "test", TestKeyPassword); err != nil {
			tb.Fatalf("center key: %v", err)
		}
	}
	return st, dsn
}

// TestKeyPassword is the password the test databases' center keys are
// sealed under (for staff id 0).
const TestKeyPassword = "test password for the center key"

// Raw is a second, plain connection to a test's database (a file or a
// server database), for checks and tampering behind the store's back. Its
// SQL is written for SQLite; on a server the placeholders are rebound.
type Raw struct {
	DB  *sql.DB
	pg  bool
	key rawKey
}

// raws keeps each test's Raw connections: a test asking again for the same
// database gets the same one (a server counts its connections).
var raws sync.Map // rawKey → *Raw

type rawKey struct {
	tb  testing.TB
	dsn string
}

// OpenRaw opens a Raw connection to dsn (a file path or a server URL), or
// returns the one this test already opened, and closes it when the test
// ends.
func OpenRaw(tb testing.TB, dsn string) *Raw {
	tb.Helper()
	key := rawKey{tb, dsn}
	if r, ok := raws.Load(key); ok {
		return r.(*Raw)
	}
	driver := "sqlite"
	if data.IsServer(dsn) {
		driver = "pgx"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		tb.Fatal(err)
	}
	// tests open many of these: a server's connections are counted
	db.SetMaxOpenConns(2)
	r := &Raw{DB: db, pg: driver == "pgx", key: key}
	raws.Store(key, r)
	tb.Cleanup(func() {
		raws.Delete(key)
		db.Close()
	})
	return r
}

func (r *Raw) sql(q string) string {
	if r.pg {
		return data.Rebind(q)
	}
	return q
}

// Exec runs a statement.
func (r *Raw) Exec(q string, args ...any) (sql.Result, error) { return r.DB.Exec(r.sql(q), args...) }

// Query runs a query.
func (r *Raw) Query(q string, args ...any) (*sql.Rows, error) { return r.DB.Query(r.sql(q), args...) }

// QueryRow runs a query of one row.
func (r *Raw) QueryRow(q string, args ...any) *sql.Row { return r.DB.QueryRow(r.sql(q), args...) }

// Server reports whether the connection is to a server database.
func (r *Raw) Server() bool { return r.pg }

// DropTrigger drops table's trigger name, as an attacker with the
// database's credentials could.
func (r *Raw) DropTrigger(table, name string) error {
	q := `DROP TRIGGER ` + name
	if r.pg {
		q += ` ON ` + table
	}
	_, err := r.DB.Exec(q)
	return err
}

// HoldWriteLock takes the database's write lock as another program
// writing would (a file's RESERVED lock, a server's ServerWriteLock) and
// keeps it until release is called.
func (r *Raw) HoldWriteLock() (release func(), err error) {
	ctx := context.Background()
	conn, err := r.DB.Conn(ctx)
	if err != nil {
		return nil, err
	}
	begin, lock := "BEGIN IMMEDIATE", ""
	if r.pg {
		begin, lock = "BEGIN", fmt.Sprintf("SELECT pg_advisory_xact_lock(%d)", data.ServerWriteLock)
	}
	if _, err := conn.ExecContext(ctx, begin); err != nil {
		conn.Close()
		return nil, err
	}
	if lock != "" {
		if _, err := conn.ExecContext(ctx, lock); err != nil {
			conn.Close()
			return nil, err
		}
	}
	return func() {
		conn.ExecContext(ctx, "ROLLBACK")
		conn.Close()
	}, nil
}

// Close closes the connection (it is also closed when the test ends); the
// test's next OpenRaw opens a new one.
func (r *Raw) Close() error {
	raws.CompareAndDelete(r.key, r)
	return r.DB.Close()
}

// serverDBs numbers the databases this test process makes on the server
// (NewDatabase).
var serverDBs atomic.Int64

// NewDatabase returns the address of a new database for the test, for
// data.Open or a program's database setting: on SQLite the path of a file
// not made yet under tb.TempDir() (opening it creates it); on the server
// named by ServerEnv the URL of an empty database of the test's own, with
// no Front Desk schema yet, dropped when the test ends.
func NewDatabase(tb testing.TB) string {
	tb.Helper()
	if !OnServer() {
		return filepath.Join(tb.TempDir(), "frontdesk.db")
	}
	base := os.Getenv(ServerEnv)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatalf("test server %s: %v", data.RedactURL(base), err)
	}
	defer admin.Close()
	name := fmt.Sprintf("fdtest_%d_%d", os.Getpid(), serverDBs.Add(1))
	if _, err := admin.Exec(`DROP DATABASE IF EXISTS ` + name); err != nil {
		tb.Fatalf("test server: %v", err)
	}
	if _, err := admin.Exec(`CREATE DATABASE ` + name + ` TEMPLATE template0 ENCODING 'UTF8'`); err != nil {
		tb.Fatalf("test server: create database: %v", err)
	}
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("test server URL: %v", err)
	}
	u.Path = "/" + name
	keepCentersApart(tb)
	tb.Cleanup(func() {
		// this computer's anchor of the database's chain goes with it
		if d, err := sql.Open("pgx", u.String()); err == nil {
			var id string
			if d.QueryRow(`SELECT value FROM settings WHERE key = 'center.id'`).Scan(&id) == nil && id != "" {
				os.Remove(data.CenterAnchor(data.CenterDir(), id))
				os.Remove(data.CenterKeyFile(data.CenterDir(), id))
			}
			d.Close()
		}
		if a, err := sql.Open("pgx", base); err == nil {
			a.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
			a.Close()
		}
	})
	return u.String()
}

// centersOnce makes keepCentersApart's folder once per test process.
var centersOnce sync.Once

// keepCentersApart has the server stores of this test process anchor their
// chains (data.CenterDir) in a folder of its own, not in the user's
// configuration folder.
func keepCentersApart(tb testing.TB) {
	centersOnce.Do(func() {
		if os.Getenv(data.EnvCenterDir) != "" {
			return
		}
		// a folder of each test process's own (a database's files are
		// removed with it, but a restore leaves those of its old center
		// id, and another run may meet a database of the same name);
		// those of runs over a day old are removed
		base := filepath.Join(os.TempDir(), "frontdesk-test-centers")
		if err := os.MkdirAll(base, 0o700); err != nil {
			tb.Fatal(err)
		}
		if old, err := os.ReadDir(base); err == nil {
			for _, o := range old {
				if info, err := o.Info(); err == nil && time.Since(info.ModTime()) > 24*time.Hour {
					os.RemoveAll(filepath.Join(base, o.Name()))
				}
			}
		}
		dir, err := os.MkdirTemp(base, "run-")
		if err != nil {
			tb.Fatal(err)
		}
		os.Setenv(data.EnvCenterDir, dir)
	})
}

// New returns an Env with one site, "East LA WorkSource Center", in
// America/Los_Angeles, and the clock at Now.
func New(tb testing.TB) *Env {
	tb.Helper()
	st, path := MustOpen(tb)
	e := &Env{Store: st, Path: path, Clock: Now, Ctx: app.WithActor(context.Background(), app.LocalOperator)}
	e.Svc = app.NewService(st, func() time.Time { return e.Clock })
	site, err := e.Svc.CreateSite(e.Ctx, app.Site{
		Name: "East LA WorkSource Center", Address: "2150 N Lincoln St, Los Angeles, CA 90031",
		Phone: "(323) 555-0100", TimeZone: "America/Los_Angeles",
		ContactName: "Rosa Delgado", ContactPhone: "323-555-0101", ContactEmail: "rosa.delgado@example.org",
	})
	if err != nil {
		tb.Fatalf("create site: %v", err)
	}
	e.Site = site
	return e
}

// Participant adds a participant with the given names (and optional phone)
// at the Env's site, failing the test on error. A phone another fixture
// participant has is taken as a household's shared phone.
func (e *Env) Participant(tb testing.TB, first, last, phone string) app.Participant {
	tb.Helper()
	p, err := e.Svc.AddParticipant(e.Ctx, app.Participant{SiteID: e.Site.ID, FirstName: first, LastName: last, Phone: phone, Language: "en", SharedPhoneOK: true})
	if err != nil {
		tb.Fatalf("add participant %s %s: %v", first, last, err)
	}
	return p
}

// Event adds an event of kind at the Env's site starting at start (local
// wall-clock in the site's zone is the caller's business) and lasting d.
func (e *Env) Event(tb testing.TB, kind app.EventKind, title string, start time.Time, d time.Duration, capacity int) app.Event {
	tb.Helper()
	ev, err := e.Svc.AddEvent(e.Ctx, app.Event{SiteID: e.Site.ID, Kind: kind, Title: title, Start: start, End: start.Add(d), Capacity: capacity, Language: "en", Location: "Room A"})
	if err != nil {
		tb.Fatalf("add event %s: %v", title, err)
	}
	return ev
}

// Namesakes adds seven participants all called Guadalupe Pérez (phones
// (323) 555-0100 to -0106, ZIPs 90010 to 90016), as a busy center has: the
// fifth pre-registered for ev, the third checked in to ev at checkedInAt,
// the sixth opted out (a STOP reply). The clock is left as it was.
func (e *Env) Namesakes(tb testing.TB, ev app.Event, checkedInAt time.Time) []app.Participant {
	tb.Helper()
	var ps []app.Participant
	for i := 0; i < 7; i++ {
		p, err := e.Svc.AddParticipant(e.Ctx, app.Participant{SiteID: e.Site.ID, FirstName: "Guadalupe", LastName: "Pérez",
			Phone: fmt.Sprintf("(323) 555-01%02d", i), ZIP: fmt.Sprintf("900%02d", 10+i), SharedPhoneOK: true})
		if err != nil {
			tb.Fatal(err)
		}
		ps = append(ps, p)
	}
	if err := e.Svc.Register(e.Ctx, ev.ID, ps[4].ID); err != nil {
		tb.Fatal(err)
	}
	was := e.Clock
	e.Clock = checkedInAt
	_, err := e.Svc.CheckInParticipant(e.Ctx, app.Target{SiteID: e.Site.ID, EventID: ev.ID}, ps[2].ID, app.MethodSearch)
	e.Clock = was
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := e.Svc.ImportOptOuts(e.Ctx, e.Site.ID, []app.OptOutRow{{Line: 1, Phone: ps[5].Phone}}, "test STOP list"); err != nil {
		tb.Fatal(err)
	}
	return ps
}

// PlainAuditHash recomputes an audit row's chain hash the way rows were
// hashed before the chain had a key (SHA-256 of the previous hash and the
// fields, each followed by a NUL byte), as a forger without the key would.
func PlainAuditHash(fields ...string) string {
	h := sha256.New()
	for _, f := range fields {
		h.Write([]byte(f))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}
