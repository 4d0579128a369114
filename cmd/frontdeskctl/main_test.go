package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/app/deskconf"
	"frontdesk/data/datatest"
)

// ctl runs frontdeskctl in-process on db and returns its exit code and output.
func ctl(t *testing.T, db, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append(args, "--db", db), strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func mustCtl(t *testing.T, db string, args ...string) string {
	t.Helper()
	code, out, errs := ctl(t, db, "", args...)
	if code != 0 {
		t.Fatalf("frontdeskctl %v: exit %d: %s", args, code, errs)
	}
	return out
}

// newDB sets up a site, a participant and an event running now.
func newDB(t *testing.T) (db, code string, eventID string) {
	t.Helper()
	db = datatest.NewDatabase(t)
	mustCtl(t, db, "init", "--site", "East LA WorkSource Center", "--phone", "(323) 555-0100")
	var p struct{ Code string }
	if err := json.Unmarshal([]byte(mustCtl(t, db, "participant", "add", "--first", "María", "--last", "González", "--phone", "213-555-0142", "--consent", "verbal", "--json")), &p); err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation(app.DefaultTimeZone)
	start := time.Now().In(loc).Add(-10 * time.Minute).Format("2006-01-02 15:04")
	var ev struct{ ID int64 }
	if err := json.Unmarshal([]byte(mustCtl(t, db, "event", "add", "--title", "Orientation", "--kind", "orientation", "--start", start, "--duration", "2h", "--capacity", "30", "--json")), &ev); err != nil {
		t.Fatal(err)
	}
	return db, p.Code, itoa(ev.ID)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestExitCodesAndMessages(t *testing.T) {
	db, code, ev := newDB(t)
	restoreMissing := "Cannot read" // on a file or a center server alike
	cases := []struct {
		args []string
		exit int
		err  string
	}{
		{[]string{"bogus"}, 1, "unknown command"},
		{[]string{"init", "--site", "Again"}, 1, "already has a site"},
		{[]string{"participant", "add", "--first", "Ana"}, 1, "last name"},
		{[]string{"participant", "add", "--first", "Ana", "--last", "Ruiz", "--phone", "555"}, 1, "phone"},
		{[]string{"participant", "show", "P-AAAAAAAAAAA"}, 1, ""},
		{[]string{"checkin", "--event", ev, "--scan", "P-NOTACODE"}, 1, "scan again"},
		{[]string{"checkin", "--event", "999", "--scan", code}, 1, "No event"},
		{[]string{"checkin", "--scan", code}, 1, "--event"},
		{[]string{"event", "add", "--title", "X", "--start", "tomorrow", "--duration", "1h"}, 1, "2026-03-10 09:00"},
		{[]string{"participant", "list", "--nope"}, 1, "unknown flag"},
		{[]string{"restore", filepath.Join(t.TempDir(), "missing.db")}, 1, restoreMissing},
	}
	for _, c := range cases {
		exit, _, errs := ctl(t, db, "", c.args...)
		if exit != c.exit || !strings.Contains(strings.ToLower(errs), strings.ToLower(c.err)) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d mentioning %q", c.args, exit, errs, c.exit, c.err)
		}
		if exit != 0 && strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("%v: stderr is not one line: %q", c.args, errs)
		}
	}
}

func TestCheckInScanSearchAndRepeat(t *testing.T) {
	db, code, ev := newDB(t)
	// this computer's desk is named in its desk settings, as the app keeps them
	conf := filepath.Join(t.TempDir(), "desk.json")
	t.Setenv(deskconf.EnvPath, conf)
	if err := deskconf.Save(conf, deskconf.Settings{Name: "Lobby kiosk"}); err != nil {
		t.Fatal(err)
	}
	out := mustCtl(t, db, "checkin", "--event", ev, "--scan", code, "--json", "--desk", "Greeter")
	var r checkinJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil || r.Outcome != string(app.OutcomeWalkIn) || r.CheckInID == 0 || r.Desk != "Greeter" {
		t.Fatalf("first scan: %v %+v", err, r)
	}
	out = mustCtl(t, db, "checkin", "--event", ev, "--scan", code, "--json")
	var r2 checkinJSON
	json.Unmarshal([]byte(out), &r2)
	if r2.Outcome != string(app.OutcomeAlready) || r2.CheckInID != r.CheckInID || r2.CheckedIn != 1 || r2.Desk != "Greeter" ||
		!strings.Contains(r2.Message, "at Greeter") {
		t.Fatalf("repeat scan: %+v", r2)
	}
	var ana struct{ ID int64 }
	json.Unmarshal([]byte(mustCtl(t, db, "participant", "add", "--first", "Ana", "--last", "Ruiz", "--json")), &ana)
	out = mustCtl(t, db, "checkin", "--event", ev, "--participant", strconv.FormatInt(ana.ID, 10), "--json")
	var r3 checkinJSON
	if err := json.Unmarshal([]byte(out), &r3); err != nil || !app.Outcome(r3.Outcome).Recorded() || r3.Desk != "Lobby kiosk" {
		t.Fatalf("check-in at the settings' desk: %v %+v", err, r3)
	}
	if code, _, errs := ctl(t, db, "", "checkin", "--event", ev, "--participant", "1", "--desk", " \t"); code != 1 || !strings.Contains(errs, "name") {
		t.Fatalf("blank --desk: exit %d %q", code, errs)
	}
	// a burst from stdin: one line per scan, in order
	_, out, _ = ctl(t, db, code+"\n\nP-BADBADBAD1\n", "checkin", "--event", ev, "--scan", "-")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "already ") || !strings.HasPrefix(lines[1], "bad_code - ") {
		t.Fatalf("burst output %q", out)
	}
	// visit by participant id
	out = mustCtl(t, db, "visit", "--participant", "1", "--reason", "computer_use")
	if !strings.Contains(out, "visit") {
		t.Fatalf("visit: %q", out)
	}
}

func TestParticipantListShowCardAndImport(t *testing.T) {
	db, code, _ := newDB(t)
	dir := t.TempDir()
	csv := filepath.Join(dir, "people.csv")
	os.WriteFile(csv, []byte("\ufeffNombre;Apellido;Teléfono;Correo electrónico;SMS consent\n"+
		"José;Pérez;213-555-0199;jose@example.org;sí\n"+
		"Ana;;213-555-01;;no\n"+
		"Maria;González;(213) 555-0142;maria@example.org;yes\n"), 0o600)
	exit, _, errs := ctl(t, db, "", "import", "participants", csv)
	if exit != 1 || !strings.Contains(errs, "row 3") {
		t.Fatalf("import with a bad row: exit %d %q", exit, errs)
	}
	if out := mustCtl(t, db, "participant", "list", "--json"); strings.Count(out, `"code"`) != 1 {
		t.Fatalf("a failed import committed rows: %s", out)
	}
	out := mustCtl(t, db, "import", "participants", csv, "--skip-invalid", "--json")
	var rep struct{ Created, Updated, Skipped int }
	json.Unmarshal([]byte(out), &rep)
	if rep.Created != 1 || rep.Updated != 1 || rep.Skipped != 1 {
		t.Fatalf("import report %s", out)
	}
	out = mustCtl(t, db, "participant", "list", "--search", "jose")
	if !strings.Contains(out, "José Pérez") || strings.Contains(out, "María") {
		t.Fatalf("search jose: %q", out)
	}
	out = mustCtl(t, db, "participant", "show", code)
	if !strings.Contains(out, "maria@example.org") || !strings.Contains(out, "(213) 555-0142") {
		t.Fatalf("show after import update: %q", out)
	}
	pdf := filepath.Join(dir, "card.pdf")
	mustCtl(t, db, "participant", "card", code, "--out", pdf)
	if b, err := os.ReadFile(pdf); err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
		t.Fatalf("card: %v", err)
	}
	if out := mustCtl(t, db, "audit", "list", "--action", "card.print"); !strings.Contains(out, "card.print") {
		t.Fatalf("card print not audited: %q", out)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		txt, err := exec.Command("pdftotext", pdf, "-").Output()
		if err != nil || !strings.Contains(string(txt), code) || !strings.Contains(string(txt), "María G.") {
			t.Fatalf("card text %q %v", txt, err)
		}
	}
}

func TestBackupRestore(t *testing.T) {
	datatest.SkipOnServer(t, "the replaced file kept with its key and anchor beside it (TestServerBackupRestoreRoundTrip checks a server)")
	db, code, ev := newDB(t)
	bak := filepath.Join(t.TempDir(), "b.db")
	mustCtl(t, db, "backup", "--out", bak)
	mustCtl(t, db, "checkin", "--event", ev, "--scan", code)
	// a file that is not a backup is refused and nothing changes
	junk := filepath.Join(t.TempDir(), "junk.db")
	os.WriteFile(junk, []byte("not a database at all, really not"), 0o600)
	if exit, _, errs := ctl(t, db, "", "restore", junk); exit != 1 || !strings.Contains(errs, "not") {
		t.Fatalf("restore junk: %d %q", exit, errs)
	}
	out := mustCtl(t, db, "checkin", "--event", ev, "--scan", code)
	if !strings.Contains(out, "already") {
		t.Fatalf("database changed by a refused restore: %q", out)
	}
	mustCtl(t, db, "restore", bak)
	out = mustCtl(t, db, "checkin", "--event", ev, "--scan", code)
	if strings.Contains(out, "already") {
		t.Fatalf("restore did not bring back the backup: %q", out)
	}
	// kept with its audit key and anchor beside it
	m, _ := filepath.Glob(db + ".before-restore-*")
	if len(m) != 3 || !strings.HasSuffix(m[1], ".audit-head") || !strings.HasSuffix(m[2], ".key") {
		t.Fatalf("the replaced database was not kept: %v", m)
	}
}

func TestDemoSmall(t *testing.T) {
	db := datatest.NewDatabase(t)
	out := mustCtl(t, db, "demo", "--participants", "300", "--checkins", "900", "--json")
	var s struct{ Participants, CheckIns, Events int }
	json.Unmarshal([]byte(out), &s)
	if s.Participants != 300 || s.CheckIns != 900 || s.Events < 60 {
		t.Fatalf("demo summary %s", out)
	}
	if exit, _, errs := ctl(t, db, "", "demo"); exit != 1 || !strings.Contains(errs, "empty database") {
		t.Fatalf("demo on a used database: %d %q", exit, errs)
	}
	out = mustCtl(t, db, "participant", "list", "--limit", "300", "--json")
	var ps []participantJSON
	json.Unmarshal([]byte(out), &ps)
	scripts := map[string]bool{}
	for _, p := range ps {
		for _, r := range p.FirstName + p.LastName {
			switch {
			case r >= 0x0530 && r <= 0x058F:
				scripts["armenian"] = true
			case r >= 0xAC00 && r <= 0xD7AF:
				scripts["hangul"] = true
			case r >= 0x4E00 && r <= 0x9FFF:
				scripts["han"] = true
			case r >= 0x0600 && r <= 0x06FF:
				scripts["arabic"] = true
			case r >= 0x0400 && r <= 0x04FF:
				scripts["cyrillic"] = true
			}
		}
	}
	if len(scripts) < 4 {
		t.Fatalf("demo names cover only %v", scripts)
	}
}

// A backup whose newest audit rows were cut off is refused; --force
// restores it and the restore is recorded, with the append-only triggers
// back in place.
func TestRestoreRefusesABrokenAuditChain(t *testing.T) {
	datatest.SkipOnServer(t, "a backup file edited with SQLite (TestServerRestoreRefusesBadBackups checks a server)")
	db, code, ev := newDB(t)
	mustCtl(t, db, "checkin", "--event", ev, "--scan", code)
	dir := t.TempDir()
	bak := filepath.Join(dir, "b.db")
	mustCtl(t, db, "backup", "--out", bak)
	cut := filepath.Join(dir, "cut.db")
	for _, suffix := range []string{"", ".key", ".manifest.json"} {
		b, err := os.ReadFile(bak + suffix)
		if err != nil {
			t.Fatalf("backup %s: %v", suffix, err)
		}
		os.WriteFile(cut+suffix, b, 0o600)
	}
	raw, err := sql.Open("sqlite", cut)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TRIGGER audit_log_no_update`, `DROP TRIGGER audit_log_no_delete`,
		`DELETE FROM audit_log WHERE id > (SELECT max(id) - 2 FROM audit_log)`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	before, _ := os.ReadFile(db)
	exit, _, errs := ctl(t, db, "", "restore", cut)
	if exit != 1 || !strings.Contains(errs, "changed after the backup was made") || !strings.Contains(errs, "--force") {
		t.Fatalf("restore of a cut backup: %d %q", exit, errs)
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Fatal("a refused restore changed the database")
	}
	mustCtl(t, db, "restore", "--force", cut)
	out := mustCtl(t, db, "audit", "list", "--action", "database.restore", "--json")
	var rows []auditJSON
	json.Unmarshal([]byte(out), &rows)
	if len(rows) != 1 || rows[0].Actor != "local" || !strings.Contains(rows[0].Detail, "cut.db") || !strings.Contains(rows[0].Detail, "FORCED although") || !strings.Contains(rows[0].Detail, "changed after the backup was made") {
		t.Fatalf("forced restore not audited: %s", out)
	}
	raw, _ = sql.Open("sqlite", db)
	defer raw.Close()
	if _, err := raw.Exec(`DELETE FROM audit_log WHERE id=1`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Fatalf("the restored audit log took a DELETE: %v", err)
	}
	// the good backup goes back without --force
	mustCtl(t, db, "restore", bak)
	if out := mustCtl(t, db, "audit", "verify"); !strings.HasPrefix(out, "ok: ") {
		t.Fatalf("verify after restoring the good backup: %q", out)
	}
}

// TestMain keeps this computer's own desk settings out of the tests: each
// run reads (and may write) desk settings in a folder of its own.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "frontdeskctl-desk")
	if err != nil {
		panic(err)
	}
	os.Setenv(deskconf.EnvPath, filepath.Join(dir, "desk.json"))
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
