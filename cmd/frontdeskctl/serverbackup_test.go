package main

import (
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"frontdesk/data"
	"frontdesk/data/datatest"
)

// These tests back a center server up and restore it (pg_dump and
// pg_restore); they run when the suite runs on a server (scripts/pgtest.sh).

func needServer(t *testing.T) {
	t.Helper()
	if !datatest.OnServer() {
		t.Skip("needs a PostgreSQL server: run through scripts/pgtest.sh")
	}
}

// serverDBName is the database name in a server URL.
func serverDBName(t *testing.T, dsn string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimPrefix(u.Path, "/")
}

// serverDatabases lists the server's databases whose names start with
// prefix.
func serverDatabases(t *testing.T, prefix string) []string {
	t.Helper()
	raw := datatest.OpenRaw(t, os.Getenv(datatest.ServerEnv))
	rows, err := raw.Query(`SELECT datname FROM pg_database WHERE starts_with(datname, ?) ORDER BY datname`, prefix)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		out = append(out, n)
	}
	return out
}

// dropAfter drops the server database name when the test ends (what a
// restore kept aside).
func dropAfter(t *testing.T, name string) {
	t.Cleanup(func() {
		raw := datatest.OpenRaw(t, os.Getenv(datatest.ServerEnv))
		raw.Exec(`DROP DATABASE IF EXISTS "` + name + `" WITH (FORCE)`)
	})
}

// frontDeskUser adds lupe, a front-desk account with the password anaPW.
func frontDeskUser(t *testing.T, db string) {
	t.Helper()
	addUser(t, db, "lupe", "--name", "Lupe Ramírez", "--roles", "front_desk", "--confidentiality", "2026-01-05", "--training", "2026-01-05")
	t.Setenv(envNewPassword, anaPW)
	mustAs(t, db, "lupe", tempPW, "user", "passwd")
}

// serverState is what a refused restore must leave as it was: the
// participants, accounts and audit log (but its sign-in records: a
// refused restore still signs its administrator in).
func serverState(t *testing.T, db string) string {
	t.Helper()
	raw := datatest.OpenRaw(t, db)
	defer raw.Close() // no connection left open for a restore to see
	var b strings.Builder
	for _, q := range []string{
		`SELECT count(*) || ':' || coalesce(max(id), 0) FROM participants`,
		`SELECT count(*) || ':' || coalesce(max(id), 0) FROM staff`,
		`SELECT count(*) || ':' || coalesce(max(id), 0) FROM audit_log WHERE action NOT LIKE 'signin%'`,
		`SELECT version FROM frontdesk_schema`,
	} {
		var v string
		if err := raw.QueryRow(q).Scan(&v); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		b.WriteString(v + " ")
	}
	return b.String()
}

// TestServerBackupRestoreRoundTrip: an administrator backs the server up
// (0600, manifest, audited with the file), a participant is added, and the
// restore brings back exactly the backup's records, keeps the replaced
// database aside, verifies, and records itself.
func TestServerBackupRestoreRoundTrip(t *testing.T) {
	needServer(t)
	db := adminDB(t)
	frontDeskUser(t, db)
	mustAs(t, db, "lupe", anaPW, "participant", "add", "--first", "María", "--last", "González", "--phone", "213-555-0142", "--consent", "verbal")
	bak := filepath.Join(t.TempDir(), "sub", "center.dump")
	out := mustAs(t, db, "admin", adminPW, "backup", "--out", bak)
	if !strings.Contains(out, bak) {
		t.Fatalf("backup said %q", out)
	}
	for _, f := range []string{bak, data.ManifestPath(bak)} {
		if fi, err := os.Stat(f); err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v (mode %v), want 0600", f, err, fi.Mode().Perm())
		}
	}
	if m, _ := filepath.Glob(filepath.Dir(bak) + "/*"); len(m) != 2 {
		t.Fatalf("the backup left %v", m)
	}
	m, err := data.ReadManifest(bak)
	if err != nil || m.Site != "East LA WorkSource Center" || m.SchemaVersion < 1 || m.Audit.Rows == 0 || m.Audit.Head == "" {
		t.Fatalf("manifest %+v %v", m, err)
	}
	rows := auditJSONList(t, db, "--action", "backup.create")
	if len(rows) != 1 || rows[0].Actor != "admin" || !strings.Contains(rows[0].Detail, bak) {
		t.Fatalf("backup audit records %+v", rows)
	}
	want := mustAs(t, db, "lupe", anaPW, "participant", "list", "--json") + mustAs(t, db, "admin", adminPW, "user", "list", "--json")

	mustAs(t, db, "lupe", anaPW, "participant", "add", "--first", "Ana", "--last", "Lee")
	var res struct {
		Kept, Sha256 string
	}
	out = mustAs(t, db, "admin", adminPW, "restore", bak, "--json")
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Kept == "" || res.Sha256 != fileSum(t, bak) {
		t.Fatalf("restore said %s (%v)", out, err)
	}
	dropAfter(t, res.Kept)
	name := serverDBName(t, db)
	if !strings.HasPrefix(res.Kept, name+"_before_restore_") {
		t.Fatalf("kept as %q", res.Kept)
	}
	if got := mustAs(t, db, "lupe", anaPW, "participant", "list", "--json") + mustAs(t, db, "admin", adminPW, "user", "list", "--json"); got != want {
		t.Fatalf("restored participants\n%s\nwant the backup's\n%s", got, want)
	}
	if out := mustAs(t, db, "admin", adminPW, "audit", "verify"); !strings.HasPrefix(out, "ok: ") {
		t.Fatalf("verify after restore: %q", out)
	}
	rs := restoreAudit(t, db, "admin", adminPW)
	if len(rs) != 1 || rs[0].Actor != "admin" || rs[0].Ref != "center.dump" || !strings.Contains(rs[0].Detail, "audit chain ok") ||
		!strings.Contains(rs[0].Detail, res.Kept) || !strings.Contains(rs[0].Detail, res.Sha256) {
		t.Fatalf("restore records %+v", rs)
	}
	// the replaced database is kept whole, with Ana
	u, _ := url.Parse(db)
	u.Path = "/" + res.Kept
	var n int
	if err := datatest.OpenRaw(t, u.String()).QueryRow(`SELECT count(*) FROM participants WHERE first_name = 'Ana'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("the kept database: %d %v", n, err)
	}
	if left := serverDatabases(t, name+"_restoring"); len(left) != 0 {
		t.Fatalf("the restore left %v", left)
	}
	// the desks' protections came back with the tables
	if _, err := datatest.OpenRaw(t, db).Exec(`DELETE FROM audit_log WHERE id = 1`); err == nil {
		t.Fatal("the restored audit log took a DELETE")
	}
}

// TestServerRestoreRefusedWhileConnected: another connection to the
// database (a desk) stops a restore, which changes nothing.
func TestServerRestoreRefusedWhileConnected(t *testing.T) {
	needServer(t)
	db := adminDB(t)
	bak := filepath.Join(t.TempDir(), "center.dump")
	mustAs(t, db, "admin", adminPW, "backup", "--out", bak)
	before := serverState(t, db)
	desk := datatest.OpenRaw(t, db)
	if err := desk.DB.Ping(); err != nil {
		t.Fatal(err)
	}
	code, _, errs := as(t, db, "admin", adminPW, "restore", bak)
	wantFail(t, "restore while a desk is connected", code, errs, "in use")
	if !strings.Contains(errs, "Close Front Desk on every desk") {
		t.Errorf("the refusal does not say what to do: %s", errs)
	}
	desk.Close()
	if after := serverState(t, db); after != before {
		t.Fatal("a refused restore changed the server")
	}
	if left := serverDatabases(t, serverDBName(t, db)+"_"); len(left) != 0 {
		t.Fatalf("a refused restore left %v", left)
	}
	// with the desk gone it goes through
	var res struct{ Kept string }
	json.Unmarshal([]byte(mustAs(t, db, "admin", adminPW, "restore", bak, "--json")), &res)
	dropAfter(t, res.Kept)
}

// TestServerRestoreRefusesBadBackups: garbage, a desk's SQLite file, a
// dump changed after it was made, and a dump whose audit chain does not
// verify are refused, leaving the server as it was; --force restores the
// last, audited as forced.
func TestServerRestoreRefusesBadBackups(t *testing.T) {
	needServer(t)
	db := adminDB(t)
	dir := t.TempDir()
	bak := filepath.Join(dir, "center.dump")
	mustAs(t, db, "admin", adminPW, "backup", "--out", bak)
	before := serverState(t, db)
	good, err := os.ReadFile(bak)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte, manifest bool) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o600)
		if manifest {
			mb, _ := os.ReadFile(data.ManifestPath(bak))
			os.WriteFile(data.ManifestPath(p), mb, 0o600)
		}
		return p
	}
	tampered := append([]byte(nil), good...)
	for i := len(tampered) / 2; i < len(tampered)/2+64; i++ {
		tampered[i] ^= 0x5a
	}
	cases := []struct {
		file, mention string
		force         bool // given --force
		offersForce   bool // the refusal names --force (the manifest is at fault)
	}{
		{write("junk.dump", []byte("not a backup at all, really not"), false), "not a Front Desk backup", false, false},
		{write("desk.db", []byte("SQLite format 3\x00 and then some pages"), false), "frontdeskctl migrate", false, false},
		{write("headonly.dump", []byte("PGDMP garbage after the magic"), false), "pg_restore", true, false},
		{write("tampered.dump", tampered, true), "changed after the backup was made", false, true},
		{write("tampered2.dump", tampered, true), "pg_restore", true, false},
		{write("nomanifest.dump", good, false), "no manifest", false, true},
	}
	for _, c := range cases {
		args := []string{"restore", c.file}
		if c.force {
			args = append(args, "--force")
		}
		code, _, errs := as(t, db, "admin", adminPW, args...)
		wantFail(t, "restore of "+filepath.Base(c.file), code, errs, c.mention)
		if c.offersForce && !strings.Contains(errs, "--force") {
			t.Errorf("%s: the refusal does not offer --force: %s", c.file, errs)
		}
		if after := serverState(t, db); after != before {
			t.Fatalf("a refused restore of %s changed the server", c.file)
		}
		if left := serverDatabases(t, serverDBName(t, db)+"_"); len(left) != 0 {
			t.Fatalf("a refused restore of %s left %v", c.file, left)
		}
	}

	// a server whose audit log was edited behind the store's back: its
	// backup matches its manifest, but the chain does not verify
	raw := datatest.OpenRaw(t, db)
	for _, q := range []string{`ALTER TABLE audit_log DISABLE TRIGGER USER`, `UPDATE audit_log SET detail = 'edited' WHERE id = 1`, `ALTER TABLE audit_log ENABLE TRIGGER USER`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	broken := filepath.Join(dir, "broken.dump")
	mustAs(t, db, "admin", adminPW, "backup", "--out", broken)
	before = serverState(t, db)
	code, _, errs := as(t, db, "admin", adminPW, "restore", broken)
	wantFail(t, "restore of a broken chain", code, errs, "does not verify")
	if !strings.Contains(errs, "--force") {
		t.Errorf("the refusal does not offer --force: %s", errs)
	}
	if after := serverState(t, db); after != before {
		t.Fatal("a refused restore changed the server")
	}
	var res struct{ Kept string }
	json.Unmarshal([]byte(mustAs(t, db, "admin", adminPW, "restore", broken, "--force", "--json")), &res)
	dropAfter(t, res.Kept)
	rs := restoreAudit(t, db, "admin", adminPW)
	if len(rs) != 1 || !strings.Contains(rs[0].Detail, "FORCED") || !strings.Contains(rs[0].Detail, "flags --force") {
		t.Fatalf("forced restore records %+v", rs)
	}
}

// TestServerBackupTools: without pg_dump, or with one older than the
// server, the backup says what to install and writes nothing; the
// password never is on a command line or in a message.
func TestServerBackupTools(t *testing.T) {
	needServer(t)
	db := adminDB(t)
	u, _ := url.Parse(db)
	pw, _ := u.User.Password()
	if pw == "" {
		t.Skip("the test server's address has no password")
	}
	bin := t.TempDir()
	realDump, err := exec.LookPath("pg_dump")
	if err != nil {
		t.Skip("pg_dump is not installed")
	}
	realRestore, _ := exec.LookPath("pg_restore")
	oldPath := os.Getenv("PATH")
	out := t.TempDir()

	// no pg_dump at all
	t.Setenv("PATH", bin)
	code, _, errs := as(t, db, "admin", adminPW, "backup", "--out", filepath.Join(out, "a.dump"))
	wantFail(t, "backup without pg_dump", code, errs, "postgresql-client")
	// an old one
	writeScript(t, filepath.Join(bin, "pg_dump"), "echo 'pg_dump (PostgreSQL) 9.6.24'\n")
	code, _, errs = as(t, db, "admin", adminPW, "backup", "--out", filepath.Join(out, "a.dump"))
	wantFail(t, "backup with an old pg_dump", code, errs, "older than the center server")
	if m, _ := filepath.Glob(out + "/*"); len(m) != 0 {
		t.Fatalf("a refused backup wrote %v", m)
	}

	// the real ones, recording how they are called
	args := filepath.Join(t.TempDir(), "args")
	for name, real := range map[string]string{"pg_dump": realDump, "pg_restore": realRestore} {
		writeScript(t, filepath.Join(bin, name), "printf '%s\\n' \"$*\" >> "+args+"\nexec "+real+" \"$@\"\n")
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+oldPath)
	bak := filepath.Join(out, "b.dump")
	mustAs(t, db, "admin", adminPW, "backup", "--out", bak)
	var res struct{ Kept string }
	o := mustAs(t, db, "admin", adminPW, "restore", bak, "--json")
	json.Unmarshal([]byte(o), &res)
	dropAfter(t, res.Kept)
	called, _ := os.ReadFile(args)
	if !strings.Contains(string(called), "--format=custom") || !strings.Contains(string(called), "--single-transaction") {
		t.Fatalf("the tools were called as:\n%s", called)
	}
	if strings.Contains(string(called), pw) || strings.Contains(o, pw) {
		t.Fatalf("the password is on a command line or in the output:\n%s\n%s", called, o)
	}
	// a refusal of the server (a wrong password) does not show it either
	u.User = url.UserPassword(u.User.Username(), "wrong-"+pw)
	code, _, errs = as(t, u.String(), "admin", adminPW, "restore", bak)
	if code == 0 || strings.Contains(errs, pw) {
		t.Fatalf("restore with a wrong password: %d %s", code, errs)
	}
}

func writeScript(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
}

// TestServerRestoreNeedsTheOwner sets a server up with the roles of
// data/server-roles.sql (under names of this test's own): the desks' role
// is refused, the owner without CREATEDB is told what to grant, and the
// owner restores; the desks' role then has exactly the privileges it had,
// so it still cannot delete audit rows.
func TestServerRestoreNeedsTheOwner(t *testing.T) {
	needServer(t)
	psql, err := exec.LookPath("psql")
	if err != nil {
		t.Skip("psql is not installed")
	}
	base := os.Getenv(datatest.ServerEnv)
	sfx := strconv.Itoa(os.Getpid())
	owner, desk, name := "fdtest_owner_"+sfx, "fdtest_desk_"+sfx, "fdtest_center_"+sfx
	sqlText, err := os.ReadFile("../../data/server-roles.sql")
	if err != nil {
		t.Fatal(err)
	}
	script := strings.NewReplacer("frontdesk_owner", owner, "frontdesk_desk", desk, "change-me-owner", "owner-pw", "change-me-desk", "desk-pw").Replace(string(sqlText))
	script = strings.NewReplacer("DATABASE frontdesk ", "DATABASE "+name+" ", `\connect frontdesk`, `\connect `+name).Replace(script)
	admin := datatest.OpenRaw(t, base)
	t.Cleanup(func() {
		for _, q := range []string{`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`, `DROP ROLE IF EXISTS ` + desk, `DROP ROLE IF EXISTS ` + owner} {
			admin.Exec(q)
		}
	})
	cmd := exec.Command(psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", base, "-f", "-")
	cmd.Stdin = strings.NewReader(script)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("server-roles.sql: %v\n%s", err, out)
	}
	as := func(role, pw string) string {
		u, _ := url.Parse(base)
		u.User, u.Path = url.UserPassword(role, pw), "/"+name
		return u.String()
	}
	ownerDB, deskDB := as(owner, "owner-pw"), as(desk, "desk-pw")
	at := testNow
	fixClock(t, &at)
	t.Setenv(envPassword, adminPW)
	mustCtl(t, ownerDB, "init", "--site", "East LA WorkSource Center", "--admin", "Admin", "--admin-name", "Rosa Admin", "--confidentiality", "2025-06-01", "--training", "2025-09-15")
	// what the schema does for the role named frontdesk_desk
	super := datatest.OpenRaw(t, as(mustUser(t, base), mustPassword(t, base)))
	if _, err := super.Exec(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM ` + desk); err != nil {
		t.Fatal(err)
	}
	super.Close()
	bak := filepath.Join(t.TempDir(), "center.dump")
	mustAs(t, deskDB, "admin", adminPW, "backup", "--out", bak) // a backup only reads

	code, _, errs := as2(t, deskDB, "restore", bak)
	wantFail(t, "restore as the desks' role", code, errs, "Only the owner")
	admin.Exec(`ALTER ROLE ` + owner + ` NOCREATEDB`)
	code, _, errs = as2(t, ownerDB, "restore", bak)
	wantFail(t, "restore by an owner without CREATEDB", code, errs, "ALTER ROLE "+owner+" CREATEDB")
	admin.Exec(`ALTER ROLE ` + owner + ` CREATEDB`)
	var res struct{ Kept string }
	json.Unmarshal([]byte(mustAs(t, ownerDB, "admin", adminPW, "restore", bak, "--json")), &res)
	dropAfter(t, res.Kept)
	var dbOwner string
	if err := admin.QueryRow(`SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = ?`, name).Scan(&dbOwner); err != nil || dbOwner != owner {
		t.Fatalf("the restored database's owner: %q %v", dbOwner, err)
	}
	if out := mustAs(t, deskDB, "admin", adminPW, "audit", "verify"); !strings.HasPrefix(out, "ok: ") {
		t.Fatalf("verify at a desk after the restore: %q", out)
	}
	deskRaw := datatest.OpenRaw(t, deskDB)
	if _, err := deskRaw.Exec(`DELETE FROM audit_log`); err == nil || !strings.Contains(err.Error(), "permission denied") {
		t.Fatalf("the desks' role deleting audit rows after the restore: %v", err)
	}
}

// as2 runs a command as the administrator of adminDB.
func as2(t *testing.T, db string, args ...string) (int, string, string) {
	t.Helper()
	return as(t, db, "admin", adminPW, args...)
}

func mustUser(t *testing.T, dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		t.Fatalf("test server address: %v", err)
	}
	return u.User.Username()
}

func mustPassword(t *testing.T, dsn string) string {
	u, _ := url.Parse(dsn)
	pw, _ := u.User.Password()
	return pw
}
