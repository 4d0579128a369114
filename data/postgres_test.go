package data_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/data"
	"frontdesk/data/datatest"
)

// These tests are about the server store itself; they run when the suite
// runs on a server (scripts/pgtest.sh) and are skipped otherwise.

func needServer(t *testing.T) string {
	t.Helper()
	if !datatest.OnServer() {
		t.Skip("needs a PostgreSQL server: run through scripts/pgtest.sh")
	}
	return os.Getenv(datatest.ServerEnv)
}

func withDatabase(t *testing.T, base, name string) string {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

func tableCount(t *testing.T, dsn string) int {
	t.Helper()
	var n int
	if err := datatest.OpenRaw(t, dsn).QueryRow(`SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestServerSchemaVersion(t *testing.T) {
	needServer(t)
	dsn := datatest.NewDatabase(t)
	// a command other than set-up does not make a database
	if _, err := data.Open(ctx, dsn, data.Options{MustExist: true}); app.ErrorCode(err) != app.EInvalid || !strings.Contains(err.Error(), "frontdeskctl init") {
		t.Fatalf("open of an empty server database: %v", err)
	}
	if n := tableCount(t, dsn); n != 0 {
		t.Fatalf("a refused open left %d tables", n)
	}
	st, err := data.Open(ctx, dsn, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	raw := datatest.OpenRaw(t, dsn)
	var version, appID int64
	if err := raw.QueryRow(`SELECT version, application_id FROM frontdesk_schema`).Scan(&version, &appID); err != nil {
		t.Fatal(err)
	}
	if appID != data.ApplicationID || version < 1 {
		t.Fatalf("schema version %d, application id %x", version, appID)
	}
	// a newer Front Desk's schema is refused and left as it is
	if _, err := raw.Exec(`UPDATE frontdesk_schema SET version = 99`); err != nil {
		t.Fatal(err)
	}
	_, err = data.Open(ctx, dsn, data.Options{})
	if app.ErrorCode(err) != app.EInvalid || !strings.Contains(err.Error(), "newer version of Front Desk") {
		t.Fatalf("newer schema: %v", err)
	}
	if err := raw.QueryRow(`SELECT version FROM frontdesk_schema`).Scan(&version); err != nil || version != 99 {
		t.Fatalf("refused schema changed: %d %v", version, err)
	}
	// the password never shows in a message
	if strings.Contains(err.Error(), mustPassword(t, dsn)) {
		t.Fatalf("message shows the password: %v", err)
	}
}

func mustPassword(t *testing.T, dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	p, ok := u.User.Password()
	if !ok || p == "" {
		t.Skip("the test server URL has no password")
	}
	return p
}

func TestServerRefusesAnotherProgramsDatabase(t *testing.T) {
	needServer(t)
	dsn := datatest.NewDatabase(t)
	if _, err := datatest.OpenRaw(t, dsn).Exec(`CREATE TABLE invoices (id int)`); err != nil {
		t.Fatal(err)
	}
	_, err := data.Open(ctx, dsn, data.Options{})
	if app.ErrorCode(err) != app.EInvalid || !strings.Contains(err.Error(), "another program") {
		t.Fatalf("database of another program: %v", err)
	}
	if n := tableCount(t, dsn); n != 1 {
		t.Fatalf("the other program's database now has %d tables", n)
	}
}

func TestServerUnreachableSaysSo(t *testing.T) {
	needServer(t)
	c, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	_, err := data.Open(c, "postgres://desk:secret-pw@127.0.0.1:1/frontdesk?sslmode=disable&connect_timeout=2", data.Options{})
	if app.ErrorCode(err) != app.EUnavailable || !strings.Contains(err.Error(), "Cannot reach the center server") || strings.Contains(err.Error(), "secret-pw") {
		t.Fatalf("unreachable server: %v", err)
	}
}

// The roles of data/server-roles.sql, as README tells a server's
// administrator to create them: the owner sets the center up, a desk then
// checks people in, and cannot edit the audit log or the schema.
func TestServerLeastPrivilegeRoles(t *testing.T) {
	base := needServer(t)
	admin := datatest.OpenRaw(t, base)
	sqlText, err := os.ReadFile("server-roles.sql")
	if err != nil {
		t.Fatal(err)
	}
	owner, desk := "fdtest_owner_pw", "fdtest_desk_pw"
	script := strings.NewReplacer("change-me-owner", owner, "change-me-desk", desk).Replace(string(sqlText))
	admin.Exec(`DROP DATABASE IF EXISTS frontdesk WITH (FORCE)`)
	admin.Exec(`DROP ROLE IF EXISTS frontdesk_desk`)
	admin.Exec(`DROP ROLE IF EXISTS frontdesk_owner`)
	t.Cleanup(func() {
		admin.Exec(`DROP DATABASE IF EXISTS frontdesk WITH (FORCE)`)
		admin.Exec(`DROP ROLE IF EXISTS frontdesk_desk`)
		admin.Exec(`DROP ROLE IF EXISTS frontdesk_owner`)
	})
	// psql's \connect splits the script: what comes before runs on the
	// server's database, what comes after on the new one
	before, after, ok := strings.Cut(script, `\connect frontdesk`)
	if !ok {
		t.Fatal(`server-roles.sql has no \connect frontdesk`)
	}
	for _, stmt := range statements(before) {
		if _, err := admin.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	super := datatest.OpenRaw(t, withDatabase(t, base, "frontdesk"))
	for _, stmt := range statements(after) {
		if _, err := super.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	as := func(role, pw string) string {
		u, _ := url.Parse(withDatabase(t, base, "frontdesk"))
		u.User = url.UserPassword(role, pw)
		return u.String()
	}
	// a desk cannot set the center up
	if _, err := data.Open(ctx, as("frontdesk_desk", desk), data.Options{}); err == nil || !strings.Contains(err.Error(), "permission") {
		t.Fatalf("set-up as the desk role: %v", err)
	}
	st, err := data.Open(ctx, as("frontdesk_owner", owner), data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	st, err = data.Open(ctx, as("frontdesk_desk", desk), data.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	e := &datatest.Env{Store: st, Ctx: app.WithActor(context.Background(), app.LocalOperator), Clock: datatest.Now}
	e.Svc = app.NewService(st, func() time.Time { return e.Clock })
	site, err := e.Svc.CreateSite(e.Ctx, app.Site{Name: "Boyle Heights WorkSource Center", TimeZone: "America/Los_Angeles"})
	if err != nil {
		t.Fatal(err)
	}
	e.Site = site
	p := e.Participant(t, "María", "González", "")
	ev := e.Event(t, app.KindWorkshop, "Resume Writing", datatest.Now.Add(-10*time.Minute), time.Hour, 0)
	res, err := e.Svc.ScanCheckIn(e.Ctx, app.Target{SiteID: site.ID, EventID: ev.ID}, p.Code)
	if err != nil || !res.Outcome.Recorded() {
		t.Fatalf("check-in as the desk role: %+v %v", res, err)
	}
	deskRaw := datatest.OpenRaw(t, as("frontdesk_desk", desk))
	for _, stmt := range []string{
		`UPDATE audit_log SET actor = 'nobody'`,
		`DELETE FROM audit_log`,
		`TRUNCATE audit_log`,
		`UPDATE frontdesk_schema SET version = 1`,
		`CREATE TABLE mine (x int)`,
		`DROP TABLE checkins`,
	} {
		if _, err := deskRaw.Exec(stmt); err == nil || !strings.Contains(err.Error(), "permission denied") && !strings.Contains(err.Error(), "must be owner") {
			t.Errorf("%s as the desk role: %v, want permission denied", stmt, err)
		}
	}

	// a guard of the audit log dropped by the owner: a desk, which may not
	// put it back, still opens the server; the owner's next open puts it
	// back, on record
	ownerRaw := datatest.OpenRaw(t, as("frontdesk_owner", owner))
	if err := ownerRaw.DropTrigger("audit_log", "audit_log_no_delete"); err != nil {
		t.Fatal(err)
	}
	for _, who := range []struct{ role, pw string }{{"frontdesk_desk", desk}, {"frontdesk_owner", owner}} {
		other, err := data.Open(ctx, as(who.role, who.pw), data.Options{MustExist: true})
		if err != nil {
			t.Fatalf("opening the server as %s with a trigger of the audit log dropped: %v", who.role, err)
		}
		other.Close()
	}
	var triggers, back int
	ownerRaw.QueryRow(`SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'audit_log_no_%' AND tgenabled <> 'D'`).Scan(&triggers)
	ownerRaw.QueryRow(`SELECT count(*) FROM audit_log WHERE action = 'audit.triggers'`).Scan(&back)
	if triggers != 2 || back != 1 {
		t.Errorf("after the owner's open: %d triggers, %d records of putting them back; want 2 and 1", triggers, back)
	}
}

// statements splits a psql script into its statements (no psql
// meta-commands but the one \connect the caller cut at; comments dropped).
func statements(script string) []string {
	var b strings.Builder
	for _, line := range strings.Split(script, "\n") {
		if i := strings.Index(line, "--"); i >= 0 {
			line = line[:i]
		}
		b.WriteString(line + "\n")
	}
	var out []string
	for _, s := range strings.Split(b.String(), ";") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// openDesks opens n desks on e's database, each its own store and
// service, named "Desk 1" … "Desk n".
func openDesks(t *testing.T, e *datatest.Env, n int) []*app.Service {
	t.Helper()
	var svcs []*app.Service
	for i := 0; i < n; i++ {
		st, err := data.Open(ctx, e.Path, data.Options{MustExist: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		svc := app.NewService(st, func() time.Time { return datatest.Now })
		if err := svc.SetDesk(fmt.Sprintf("Desk %d", i+1)); err != nil {
			t.Fatal(err)
		}
		svcs = append(svcs, svc)
	}
	return svcs
}

// Two desks scanning the same card in the same instant record one
// check-in; the other hears that the person is already checked in.
func TestServerTwoDesksOneCard(t *testing.T) {
	needServer(t)
	e := datatest.New(t)
	p := e.Participant(t, "María", "González", "")
	ev := e.Event(t, app.KindWorkshop, "Resume Writing", datatest.Now.Add(-10*time.Minute), time.Hour, 0)
	const desks = 4
	svcs := openDesks(t, e, desks)
	for round := 0; round < 5; round++ {
		q := e.Participant(t, "Ana", fmt.Sprintf("Ruiz%d", round), "")
		if round == 0 {
			q = p
		}
		var wg sync.WaitGroup
		outcomes := make([]app.Outcome, desks)
		heard := make([]string, desks) // the desk each was told of
		errs := make([]error, desks)
		for i, svc := range svcs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := svc.ScanCheckIn(e.Ctx, app.Target{SiteID: e.Site.ID, EventID: ev.ID}, q.Code)
				outcomes[i], heard[i], errs[i] = res.Outcome, res.CheckIn.Desk, err
			}()
		}
		wg.Wait()
		recorded, already := 0, 0
		winner := ""
		for i := range outcomes {
			if errs[i] != nil {
				t.Fatalf("desk %d: %v", i, errs[i])
			}
			switch {
			case outcomes[i].Recorded():
				recorded++
				winner = fmt.Sprintf("Desk %d", i+1)
			case outcomes[i] == app.OutcomeAlready:
				already++
			}
		}
		// every other desk hears where the person was checked in
		for i := range outcomes {
			if heard[i] != winner {
				t.Fatalf("round %d: desk %d was told %q; the check-in was made at %q", round, i+1, heard[i], winner)
			}
		}
		if recorded != 1 || already != desks-1 {
			t.Fatalf("round %d: %d recorded, %d already (outcomes %v)", round, recorded, already, outcomes)
		}
	}
	var n int
	if err := datatest.OpenRaw(t, e.Path).QueryRow(`SELECT count(*) FROM checkins WHERE event_id = ?`, ev.ID).Scan(&n); err != nil || n != 5 {
		t.Fatalf("%d check-ins stored (%v), want 5", n, err)
	}
	// and the audit log is still one chain, with each check-in's record
	// (added under the center's write lock moments after the check-in)
	if err := e.Store.Update(ctx, func(tx app.Tx) error { return tx.SettleAudit(ctx) }); err != nil {
		t.Fatal(err)
	}
	var c app.AuditCheck
	err := e.Store.View(ctx, func(tx app.Tx) (err error) { c, err = tx.VerifyAudit(ctx); return err })
	if err != nil || !c.OK {
		t.Fatalf("audit chain after four desks at once: %+v %v", c, err)
	}
	var records, waiting int
	raw := datatest.OpenRaw(t, e.Path)
	if err := raw.QueryRow(`SELECT count(*) FROM audit_log WHERE action = 'checkin.create'`).Scan(&records); err != nil || records != 5 {
		t.Fatalf("%d check-in records (%v), want 5", records, err)
	}
	if err := raw.QueryRow(`SELECT count(*) FROM checkins WHERE audit_later <> 0`).Scan(&waiting); err != nil || waiting != 0 {
		t.Fatalf("%d check-ins still waiting for their records (%v)", waiting, err)
	}
}

// Four desks scanning four people at once for the last seat of an event
// with a hard capacity limit record one check-in; the others are refused
// as the room is full, and nothing of theirs is kept.
func TestServerLastSeatOnce(t *testing.T) {
	needServer(t)
	e := datatest.New(t)
	st, err := e.Svc.Settings(e.Ctx)
	if err != nil {
		t.Fatal(err)
	}
	st.CapacityLimit = app.CapacityHard
	if err := e.Svc.SetSettings(e.Ctx, st); err != nil {
		t.Fatal(err)
	}
	const desks = 4
	svcs := openDesks(t, e, desks)
	for round := 0; round < 5; round++ {
		ev := e.Event(t, app.KindWorkshop, fmt.Sprintf("Mock interviews %d", round), datatest.Now.Add(-10*time.Minute), time.Hour, 2)
		first := e.Participant(t, "Bea", fmt.Sprintf("Soto%d", round), "")
		if res, err := e.Svc.ScanCheckIn(e.Ctx, app.Target{SiteID: e.Site.ID, EventID: ev.ID}, first.Code); err != nil || !res.Outcome.Recorded() {
			t.Fatalf("round %d, the first seat: %+v %v", round, res, err)
		}
		var wg sync.WaitGroup
		outcomes := make([]app.Outcome, desks)
		errs := make([]error, desks)
		for i, svc := range svcs {
			p := e.Participant(t, "Ana", fmt.Sprintf("Ruiz%d-%d", round, i), "")
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := svc.ScanCheckIn(e.Ctx, app.Target{SiteID: e.Site.ID, EventID: ev.ID}, p.Code)
				outcomes[i], errs[i] = res.Outcome, err
			}()
		}
		wg.Wait()
		recorded, full := 0, 0
		for i := range outcomes {
			if errs[i] != nil {
				t.Fatalf("round %d, desk %d: %v", round, i+1, errs[i])
			}
			switch {
			case outcomes[i].Recorded():
				recorded++
			case outcomes[i] == app.OutcomeRoomFull:
				full++
			}
		}
		if recorded != 1 || full != desks-1 {
			t.Fatalf("round %d: %d recorded, %d refused as full (outcomes %v)", round, recorded, full, outcomes)
		}
		n, err := e.Svc.EventCounts(e.Ctx, ev.ID)
		if err != nil || n.CheckedIn != 2 {
			t.Fatalf("round %d: counts %+v %v", round, n, err)
		}
		var stored int
		if err := datatest.OpenRaw(t, e.Path).QueryRow(`SELECT count(*) FROM checkins WHERE event_id = ?`, ev.ID).Scan(&stored); err != nil || stored != 2 {
			t.Fatalf("round %d: %d check-ins stored (%v), want 2", round, stored, err)
		}
	}
}

// A center server is backed up by its administrator (pg_dump's custom
// format, with the same manifest as a file's backup), never by each desk's
// daily backup; it is restored only from its own backups, never from a
// desk's file (frontdeskctl's TestServerBackupRestoreRoundTrip and the
// tests beside it restore one).
func TestServerBackupAndRestoreAreTheServers(t *testing.T) {
	needServer(t)
	e := datatest.New(t)
	dir := t.TempDir()
	if _, made, err := e.Store.DailyBackup(ctx, dir, datatest.Now, 14); made || app.ErrorCode(err) != app.EInvalid || !strings.Contains(err.Error(), "server's administrator") {
		t.Fatalf("daily backup of a server: made=%v %v", made, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("a refused daily backup wrote %d files", len(entries))
	}
	bak := dir + "/b.dump"
	if _, err := e.Store.BackupTo(ctx, bak); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(bak)
	if err != nil || !strings.HasPrefix(string(b), "PGDMP") {
		t.Fatalf("the backup is not pg_dump's custom format: %.8q %v", b, err)
	}
	m, err := data.ReadManifest(bak)
	if err != nil || m.Site != e.Site.Name || m.Audit.Rows == 0 {
		t.Fatalf("manifest %+v %v", m, err)
	}
	if _, err := e.Store.BackupTo(ctx, bak); app.ErrorCode(err) != app.EConflict {
		t.Fatalf("a second backup over the first: %v", err)
	}
	// a desk's own file is not a server's backup
	desk := dir + "/desk.db"
	os.WriteFile(desk, []byte("SQLite format 3\x00"), 0o600)
	if _, err := data.Restore(ctx, desk, e.Path, data.RestoreOptions{}); app.ErrorCode(err) != app.EInvalid || !strings.Contains(err.Error(), "frontdeskctl migrate") {
		t.Fatalf("restore of a desk's file onto a server: %v", err)
	}
}
