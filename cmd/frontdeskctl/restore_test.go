package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/data"
	"frontdesk/data/datatest"
)

var (
	ctlBinOnce sync.Once
	ctlBin     string
	ctlBinErr  error
)

// testBinary builds frontdeskctl once for the package's tests; run with
// FRONTDESK_CRASH_AT=restore:STEP it kills itself at that step of a
// restore (data.CrashAtEnv).
func testBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	ctlBinOnce.Do(func() {
		dir, err := os.MkdirTemp("", "frontdeskctl-test-")
		if err != nil {
			ctlBinErr = err
			return
		}
		ctlBin = filepath.Join(dir, "frontdeskctl")
		build := exec.Command("go", "build", "-o", ctlBin, ".")
		build.Env = append(build.Environ(), "CGO_ENABLED=0")
		if out, err := build.CombinedOutput(); err != nil {
			ctlBinErr = fmt.Errorf("build: %v\n%s", err, out)
		}
	})
	if ctlBinErr != nil {
		t.Fatal(ctlBinErr)
	}
	return ctlBin
}

func fileSum(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// TestRestoreRefusedWhileADeskChecksIn runs a desk (a frontdeskctl checkin
// process reading scans) and, in the middle of its burst, a restore in
// another process. The restore must refuse and change nothing, and every
// check-in the desk confirmed must be in the database.
func TestRestoreRefusedWhileADeskChecksIn(t *testing.T) {
	datatest.SkipOnServer(t, "the database file's lock, held by a desk process (TestServerRestoreRefusedWhileConnected checks a server)")
	bin := testBinary(t)
	db := filepath.Join(t.TempDir(), "desk.db")
	eventID, ps := deskDB(t, db, 400)
	bak := filepath.Join(t.TempDir(), "before.db")
	mustCtl(t, db, "backup", "--out", bak)

	desk := exec.Command(bin, "checkin", "--db", db, "--event", strconv.FormatInt(eventID, 10), "--scan", "-")
	stdin, _ := desk.StdinPipe()
	stdout, _ := desk.StdoutPipe()
	desk.Stderr = os.Stderr
	if err := desk.Start(); err != nil {
		t.Fatal(err)
	}
	defer desk.Process.Kill()
	answers := bufio.NewScanner(stdout)
	reported := map[int64]string{}
	scan := func(code string) {
		t.Helper()
		fmt.Fprintln(stdin, code)
		if !answers.Scan() {
			t.Fatalf("the desk stopped answering: %v", answers.Err())
		}
		f := strings.Fields(answers.Text())
		if len(f) != 3 || (f[0] != "ok" && f[0] != "already") {
			t.Fatalf("desk answered %q", answers.Text())
		}
		id, _ := strconv.ParseInt(f[1], 10, 64)
		reported[id] = f[2]
	}
	const total, restoreAt = 200, 61
	var refusals int
	for i := 0; i < total; i++ {
		scan(ps[i].Code)
		if i == restoreAt || i == restoreAt+50 {
			before := fileSum(t, bak)
			out, err := exec.Command(bin, "restore", bak, "--db", db).CombinedOutput()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			}
			if code != 1 || !strings.Contains(string(out), "in use by Front Desk or another frontdeskctl command") || !strings.Contains(string(out), "Close Front Desk on every computer") {
				t.Fatalf("restore while the desk is checking in: exit %d, %s", code, out)
			}
			if fileSum(t, bak) != before {
				t.Fatal("the refused restore changed the backup")
			}
			refusals++
		}
	}
	stdin.Close()
	if err := desk.Wait(); err != nil {
		t.Fatalf("desk: %v", err)
	}
	if refusals != 2 {
		t.Fatalf("%d restores attempted", refusals)
	}
	for _, pat := range []string{".before-restore-*", ".restoring", ".restore-journal"} {
		if m, _ := filepath.Glob(db + pat); len(m) != 0 {
			t.Errorf("a refused restore left %v", m)
		}
	}
	st, err := data.Open(context.Background(), db, data.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx := app.WithActor(context.Background(), app.LocalOperator)
	active, err := app.NewService(st, nil).CheckIns(ctx, eventID)
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	have := map[int64]bool{}
	for _, c := range active {
		have[c.ID] = true
	}
	lost := 0
	for id, code := range reported {
		if !have[id] {
			lost++
			t.Errorf("check-in %d (%s) was confirmed but is not in the database", id, code)
		}
	}
	if len(reported) < total-5 {
		t.Fatalf("only %d distinct check-ins confirmed", len(reported))
	}
	t.Logf("%d check-ins confirmed around 2 refused restores, %d lost", len(reported), lost)

	// with the desk closed, the same restore goes through
	out, err := exec.Command(bin, "restore", bak, "--db", db).CombinedOutput()
	if err != nil {
		t.Fatalf("restore with no desk open: %v %s", err, out)
	}
}

// restoreFixture is a database with one participant more than its backup.
func restoreFixture(t *testing.T) (db, bak string) {
	t.Helper()
	db, _, _ = newDB(t)
	bak = filepath.Join(t.TempDir(), "backup-2026-03-10.db")
	mustCtl(t, db, "backup", "--out", bak)
	mustCtl(t, db, "participant", "add", "--first", "Ana", "--last", "Lee", "--phone", "213-555-0199", "--consent", "verbal")
	return db, bak
}

// copyOf is a copy of the database file db in a folder of its own, to
// read with commands (which would change the file they open: a backup read
// that way no longer matches its manifest).
func copyOf(t *testing.T, db string) string {
	t.Helper()
	b, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), filepath.Base(db))
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// setAside are the database files a restore set aside beside db under the
// glob pattern pat, without their audit key and anchor files.
func setAside(db, pat string) []string {
	m, _ := filepath.Glob(db + pat)
	var out []string
	for _, f := range m {
		if !strings.HasSuffix(f, ".key") && !strings.HasSuffix(f, ".audit-head") {
			out = append(out, f)
		}
	}
	return out
}

func participantCount(t *testing.T, db string) int {
	t.Helper()
	var ps []participantJSON
	if err := json.Unmarshal([]byte(mustCtl(t, db, "participant", "list", "--json")), &ps); err != nil {
		t.Fatal(err)
	}
	return len(ps)
}

// killedRestore copies the database tmpl (the file of tmplDB, with its
// audit key and anchor) into a folder of its own and runs a restore of bak
// onto it that kills itself with SIGKILL at step; it returns the copy's
// path.
func killedRestore(t *testing.T, bin string, tmpl []byte, tmplDB, bak, step string) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "fd.db")
	if err := os.WriteFile(db, tmpl, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, f := range data.AuditFiles(tmplDB) { // its audit key and anchor go with it
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(db+strings.TrimPrefix(f, tmplDB), b, 0o600)
	}
	cmd := exec.Command(bin, "restore", bak, "--db", db)
	cmd.Env = append(os.Environ(), "FRONTDESK_CRASH_AT=restore:"+step)
	out, err := cmd.CombinedOutput()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("restore was not killed at %s: %v %s", step, err, out)
	}
	return db
}

// TestRestoreKilledAtEveryStep kills frontdeskctl restore with SIGKILL at
// each of its steps. Whatever opens the database next (here the app's own
// open, which would create a new database where there is none) must find a
// whole database, the old one or the restored one, never none and never an
// empty new one; and a restore afterwards must work.
func TestRestoreKilledAtEveryStep(t *testing.T) {
	datatest.SkipOnServer(t, "a restore of the file killed between its renames (a server's swap is one transaction)")
	bin := testBinary(t)
	tmplDB, bak := restoreFixture(t)
	if participantCount(t, tmplDB) != 2 || participantCount(t, copyOf(t, bak)) != 1 {
		t.Fatal("fixture: the database should have 2 participants, its backup 1")
	}
	tmpl, err := os.ReadFile(tmplDB)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tmplDB + "-wal"); err == nil {
		t.Fatal("fixture: the closed database kept a WAL")
	}
	want := map[string]int{"copied": 2, "audited": 2, "journal": 2, "aside": 1, "wal": 1, "placed": 1}
	if len(want) != len(data.RestoreSteps) {
		t.Fatalf("the test knows %d steps, restore has %v", len(want), data.RestoreSteps)
	}
	for _, step := range data.RestoreSteps {
		t.Run(step, func(t *testing.T) {
			db := killedRestore(t, bin, tmpl, tmplDB, bak, step)
			// The app's open: it creates a database where there is none.
			st, err := data.Open(context.Background(), db, data.Options{})
			if err != nil {
				t.Fatalf("open after a kill at %s: %v", step, err)
			}
			st.Close()
			// whichever database is in place keeps its own audit key
			if out := mustCtl(t, db, "audit", "verify"); !strings.Contains(out, "ok") {
				t.Fatalf("after a kill at %s the audit log does not verify: %s", step, out)
			}
			if n := participantCount(t, db); n != want[step] {
				t.Fatalf("after a kill at %s: %d participants, want %d (the %s database)", step, n, want[step], map[int]string{1: "restored", 2: "old"}[want[step]])
			}
			for _, pat := range []string{".restoring", ".restore-journal"} {
				if m, _ := filepath.Glob(db + pat); len(m) != 0 {
					t.Errorf("after a kill at %s and an open, %v is left", step, m)
				}
			}
			kept := setAside(db, ".before-restore-*")
			if want[step] == 1 {
				if len(kept) != 1 {
					t.Fatalf("the replaced database was not kept: %v", kept)
				}
				if n := participantCount(t, kept[0]); n != 2 {
					t.Fatalf("the kept database has %d participants", n)
				}
				if rows := restoreAudit(t, db, "", ""); len(rows) != 1 {
					t.Fatalf("the restored database has %d restore records", len(rows))
				}
			} else if len(kept) != 0 {
				t.Fatalf("a rolled-back restore left %v", kept)
			}
			// and a restore now goes through
			mustCtl(t, db, "restore", bak)
			if n := participantCount(t, db); n != 1 {
				t.Fatalf("the restore after the kill left %d participants", n)
			}
		})
	}
}

// TestRecoveryKilledAtEveryStep is the same for the recovery of a damaged
// database: a kill before the damaged file is set aside leaves it exactly
// as it was (and refused as damaged); after, the restored database opens
// and the damaged file is kept, unchanged.
func TestRecoveryKilledAtEveryStep(t *testing.T) {
	datatest.SkipOnServer(t, "a damaged database file, recovered by a restore killed between its renames")
	bin := testBinary(t)
	tmplDB, bak := restoreFixture(t)
	damage(t, tmplDB)
	tmpl, err := os.ReadFile(tmplDB)
	if err != nil {
		t.Fatal(err)
	}
	damagedSum := fileSum(t, tmplDB)
	restored := map[string]bool{"aside": true, "wal": true, "placed": true}
	for _, step := range data.RestoreSteps {
		t.Run(step, func(t *testing.T) {
			db := killedRestore(t, bin, tmpl, tmplDB, bak, step)
			st, err := data.Open(context.Background(), db, data.Options{})
			aside := setAside(db, ".damaged-*")
			if !restored[step] {
				if err == nil || !strings.Contains(err.Error(), "is damaged") {
					t.Fatalf("after a kill at %s the damaged database opened or was refused otherwise: %v", step, err)
				}
				if fileSum(t, db) != damagedSum || len(aside) != 0 {
					t.Fatalf("after a kill at %s the damaged file was changed or moved: %v", step, aside)
				}
			} else {
				if err != nil {
					t.Fatalf("open after a kill at %s: %v", step, err)
				}
				st.Close()
				if n := participantCount(t, db); n != 1 {
					t.Fatalf("after a kill at %s: %d participants, want the backup's 1", step, n)
				}
				if len(aside) != 1 || fileSum(t, aside[0]) != damagedSum {
					t.Fatalf("the damaged file was not kept as it was: %v", aside)
				}
			}
			if m, _ := filepath.Glob(db + ".restor*"); len(m) != 0 {
				t.Errorf("after a kill at %s and an open, %v is left", step, m)
			}
		})
	}
}

// restoreAudit returns the database.restore records of db, signing in as
// user (none: the local operator).
func restoreAudit(t *testing.T, db, user, pw string) []auditJSON {
	t.Helper()
	args := []string{"audit", "list", "--action", "database.", "--json"}
	var out string
	if user == "" {
		out = mustCtl(t, db, args...)
	} else {
		out = mustAs(t, db, user, pw, args...)
	}
	var rows, restores []auditJSON
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("audit list: %v\n%s", err, out)
	}
	for _, r := range rows {
		if r.Action == "database.restore" {
			restores = append(restores, r)
		}
	}
	return restores
}

// TestRestoreIsAudited checks the record a restore writes into the
// restored database: who, when, from which file (with its checksum) and
// with what flags; and that the replaced database is kept.
func TestRestoreIsAudited(t *testing.T) {
	db := adminDB(t)
	bak := filepath.Join(t.TempDir(), "nightly.db")
	mustAs(t, db, "admin", adminPW, "backup", "--out", bak)
	sum := fileSum(t, bak)
	addUser(t, db, "lupe", "--name", "Lupe Ramírez", "--roles", "front_desk", "--confidentiality", "2026-01-05", "--training", "2026-01-05")
	t.Setenv(envNewPassword, anaPW)
	mustAs(t, db, "lupe", tempPW, "user", "passwd")
	// administrators only: lupe is refused and nothing is replaced
	code, _, errs := as(t, db, "lupe", anaPW, "restore", bak)
	wantFail(t, "restore by a front-desk account", code, errs, "needs the administrator role")
	if m := setAside(db, ".*-*"); len(m) != 0 {
		t.Fatalf("a refused restore left %v", m)
	}
	restoredAt := testNow.Add(2 * time.Hour)
	fixClock(t, &restoredAt)
	out := mustAs(t, db, "admin", adminPW, "restore", bak, "--json")
	var res struct {
		Kept, Sha256 string
		Damaged      bool
	}
	json.Unmarshal([]byte(out), &res)
	if datatest.OnServer() {
		dropAfter(t, res.Kept) // the server database set aside
	}
	if res.Sha256 != sum || res.Kept == "" || res.Damaged {
		t.Fatalf("restore said %s", out)
	}
	rows := restoreAudit(t, db, "admin", adminPW)
	if len(rows) != 1 {
		t.Fatalf("%d restore records: %+v", len(rows), rows)
	}
	r := rows[0]
	at, _ := time.Parse(time.RFC3339, r.At)
	if r.Actor != "admin" || r.Ref != "nightly.db" || !strings.Contains(r.Detail, "sha256 "+sum) ||
		!strings.Contains(r.Detail, "audit chain ok") || !strings.Contains(r.Detail, filepath.Base(res.Kept)) || !at.Equal(restoredAt) {
		t.Fatalf("restore record %+v (at %v)", r, at)
	}
	// the account added after the backup went with the replaced database
	if code, _, _ := as(t, db, "lupe", anaPW, "participant", "list"); code == 0 {
		t.Fatal("an account added after the backup is in the restored database")
	}
	// the chain of the restored database, with its restore record, verifies
	if out := mustAs(t, db, "admin", adminPW, "audit", "verify"); !strings.HasPrefix(out, "ok: ") {
		t.Fatalf("verify after restore: %q", out)
	}
}

// TestRestoreRefusesAnotherSitesBackup: a backup of another site is
// refused unless --other-site, which the audit record names.
func TestRestoreRefusesAnotherSitesBackup(t *testing.T) {
	datatest.SkipOnServer(t, "two database files side by side and their bytes (not yet written for a server)")
	at := testNow
	fixClock(t, &at)
	dir := t.TempDir()
	east, west := filepath.Join(dir, "east.db"), filepath.Join(dir, "west.db")
	mustCtl(t, east, "init", "--site", "East LA WorkSource Center")
	at = at.Add(24 * time.Hour)
	mustCtl(t, west, "init", "--site", "West Adams WorkSource Center")
	westBak := filepath.Join(dir, "west-backup.db")
	mustCtl(t, west, "backup", "--out", westBak)
	before := fileSum(t, east)
	code, _, errs := ctl(t, east, "", "restore", westBak)
	wantFail(t, "restore of another site's backup", code, errs, "another site")
	if !strings.Contains(errs, "West Adams") || !strings.Contains(errs, "--other-site") {
		t.Errorf("the refusal does not name the sites and the flag: %s", errs)
	}
	if fileSum(t, east) != before {
		t.Fatal("the refused restore changed the database")
	}
	for _, pat := range []string{".before-restore-*", ".restoring", ".restore-journal"} {
		if m, _ := filepath.Glob(east + pat); len(m) != 0 {
			t.Errorf("a refused restore left %v", m)
		}
	}
	// the same site's backup is fine, renamed or not
	eastBak := filepath.Join(dir, "east-backup.db")
	mustCtl(t, east, "site", "set", "--name", "East LA WSC")
	mustCtl(t, east, "backup", "--out", eastBak)
	mustCtl(t, east, "restore", eastBak)
	// --other-site takes it, and says so in the audit record
	mustCtl(t, east, "restore", westBak, "--other-site")
	var site struct{ Name string }
	json.Unmarshal([]byte(mustCtl(t, east, "site", "show", "--json")), &site)
	if site.Name != "West Adams WorkSource Center" {
		t.Fatalf("after --other-site the site is %q", site.Name)
	}
	rows := restoreAudit(t, east, "", "")
	if len(rows) != 1 || !strings.Contains(rows[0].Detail, "flags --other-site") {
		t.Fatalf("restore records %+v", rows)
	}
}

// damage overwrites the database's pages after the first with garbage.
func damage(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 3*4096 {
		t.Fatalf("file too small to damage: %d", len(b))
	}
	for i := 4096; i < len(b); i++ {
		b[i] = byte(i * 7)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestRestoreRecoversADamagedDatabase follows the damaged-file message: an
// administrator of the backup signs in against the backup's accounts, the
// damaged file is kept aside, and the restored database records both.
func TestRestoreRecoversADamagedDatabase(t *testing.T) {
	datatest.SkipOnServer(t, "a damaged database file")
	db := adminDB(t)
	bak := filepath.Join(t.TempDir(), "nightly.db")
	mustAs(t, db, "admin", adminPW, "backup", "--out", bak)
	damage(t, db)
	damagedSum := fileSum(t, db)

	// every command refuses, naming the command that recovers
	code, _, errs := as(t, db, "admin", adminPW, "participant", "list")
	wantFail(t, "a command on the damaged file", code, errs, "damaged")
	if want := "frontdeskctl restore BACKUP-FILE --db " + db + " --user ADMIN"; !strings.Contains(errs, want) {
		t.Fatalf("the damaged-file message does not give %q: %s", want, errs)
	}

	// a wrong password, or an account the backup does not have, restores nothing
	for _, who := range [][2]string{{"admin", "not the password at all"}, {"nobody", adminPW}} {
		code, _, errs := as(t, db, who[0], who[1], "restore", bak)
		if code != 1 {
			t.Fatalf("restore as %s/%q: exit %d %s", who[0], who[1], code, errs)
		}
		if fileSum(t, db) != damagedSum {
			t.Fatal("a refused restore changed the damaged file")
		}
		if m := setAside(db, ".*-*"); len(m) != 0 {
			t.Fatalf("a refused restore left %v", m)
		}
	}
	// without --user it says whom it needs
	code, _, errs = ctl(t, db, "", "restore", bak)
	wantFail(t, "restore without --user", code, errs, "--user")

	out := mustAs(t, db, "admin", adminPW, "restore", bak)
	if !strings.Contains(out, "damaged database was set aside") {
		t.Fatalf("restore said %q", out)
	}
	aside := setAside(db, ".damaged-*")
	if len(aside) != 1 || fileSum(t, aside[0]) != damagedSum {
		t.Fatalf("the damaged file was not kept as it was: %v", aside)
	}
	if fi, err := os.Stat(aside[0]); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the damaged file's mode: %v", err)
	}
	rows := auditJSONList(t, db, "--action", "database.")
	var restore, setAside *auditJSON
	for i := range rows {
		switch rows[i].Action {
		case "database.restore":
			restore = &rows[i]
		case "database.damaged_set_aside":
			setAside = &rows[i]
		}
	}
	if restore == nil || setAside == nil || restore.Actor != "admin" || setAside.Ref != filepath.Base(aside[0]) ||
		!strings.Contains(restore.Detail, "damaged database was set aside as "+filepath.Base(aside[0])) {
		t.Fatalf("audit records: %+v", rows)
	}
	// the restored database is whole and signs in as usual
	if out := mustAs(t, db, "admin", adminPW, "audit", "verify"); !strings.HasPrefix(out, "ok: ") {
		t.Fatalf("verify: %q", out)
	}

	// a missing database is recovered the same way
	for _, p := range []string{db, db + "-wal", db + "-shm"} {
		os.Remove(p)
	}
	os.Remove(aside[0])
	mustAs(t, db, "admin", adminPW, "restore", bak)
	rows = restoreAudit(t, db, "admin", adminPW)
	if len(rows) != 1 || !strings.Contains(rows[0].Detail, "no database to replace") {
		t.Fatalf("restore of a missing database: %+v", rows)
	}
}
