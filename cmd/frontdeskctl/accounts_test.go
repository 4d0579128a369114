package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"frontdesk/app"
	"frontdesk/app/xlsx"
	"frontdesk/data/datatest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/review")

// The passwords of the tests' accounts.
const (
	adminPW = "correct horse battery staple"
	tempPW  = "temporary pass 2026 March"
	anaPW   = "she chose this one herself"
)

// testNow is the fixed clock of the account tests: the access review and
// the audit log contain the date.
var testNow = time.Date(2026, 3, 10, 17, 15, 0, 0, time.UTC)

// fixClock makes frontdeskctl's clock return *at until the test ends.
func fixClock(t *testing.T, at *time.Time) {
	t.Helper()
	old := clock
	clock = func() time.Time { return *at }
	t.Cleanup(func() { clock = old })
}

// adminDB makes a database with a site and the first administrator "admin"
// (password adminPW, which FRONTDESK_PASSWORD then holds), at a fixed time.
func adminDB(t *testing.T) string {
	t.Helper()
	db, _ := adminDBWithCode(t, &time.Time{})
	return db
}

// adminDBWithCode is adminDB, returning also the recovery code that init
// showed; clock, unless zero, is set to testNow and then drives
// frontdeskctl's clock.
func adminDBWithCode(t *testing.T, clock *time.Time) (db, code string) {
	t.Helper()
	if clock.IsZero() {
		*clock = testNow
	}
	fixClock(t, clock)
	db = datatest.NewDatabase(t)
	t.Setenv(envPassword, adminPW)
	t.Setenv(envNewPassword, "")
	os.Unsetenv(envNewPassword)
	out := mustCtl(t, db, "init", "--site", "East LA WorkSource Center", "--phone", "(323) 555-0100",
		"--admin", "Admin", "--admin-name", "Rosa Admin", "--confidentiality", "2025-06-01", "--training", "2025-09-15")
	return db, recoveryCodeIn(t, out)
}

// as runs frontdeskctl as user with password pw.
func as(t *testing.T, db, user, pw string, args ...string) (int, string, string) {
	t.Helper()
	t.Setenv(envPassword, pw)
	return ctl(t, db, "", append(args, "--user", user)...)
}

func mustAs(t *testing.T, db, user, pw string, args ...string) string {
	t.Helper()
	code, out, errs := as(t, db, user, pw, args...)
	if code != 0 {
		t.Fatalf("frontdeskctl %v as %s: exit %d: %s", args, user, code, errs)
	}
	return out
}

// addUser creates an account with the temporary password tempPW.
func addUser(t *testing.T, db, username string, args ...string) {
	t.Helper()
	t.Setenv(envNewPassword, tempPW)
	mustAs(t, db, "admin", adminPW, append([]string{"user", "add", username}, args...)...)
}

func wantFail(t *testing.T, what string, code int, errs, mention string) {
	t.Helper()
	if code != 1 || !strings.Contains(strings.ToLower(errs), strings.ToLower(mention)) {
		t.Errorf("%s: exit %d, stderr %q; want exit 1 mentioning %q", what, code, errs, mention)
	}
	if strings.Count(strings.TrimSpace(errs), "\n") != 0 {
		t.Errorf("%s: stderr is not one line: %q", what, errs)
	}
}

func auditJSONList(t *testing.T, db string, args ...string) []auditJSON {
	t.Helper()
	var rows []auditJSON
	out := mustAs(t, db, "admin", adminPW, append([]string{"audit", "list", "--json"}, args...)...)
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("audit list --json: %v\n%s", err, out)
	}
	return rows
}

func TestSignInNeededOnceAccountsExist(t *testing.T) {
	db := adminDB(t)
	code, _, errs := ctl(t, db, "", "participant", "list")
	wantFail(t, "no --user", code, errs, "this database has staff accounts: give --user NAME")

	code, _, errs = as(t, db, "admin", "not the password at all", "participant", "list")
	wantFail(t, "wrong password", code, errs, "wrong username or password")
	code, _, errs = as(t, db, "nobody", adminPW, "participant", "list")
	wantFail(t, "unknown user", code, errs, "wrong username or password")

	code, _, errs = as(t, db, "admin", adminPW, "participant", "add", "--first", "María", "--last", "González")
	wantFail(t, "administrator adds a participant", code, errs, "needs one of the roles")
	mustAs(t, db, "admin", adminPW, "user", "set-roles", "admin", "--roles", "administrator,front_desk")
	out := mustAs(t, db, "admin", adminPW, "participant", "add", "--first", "María", "--last", "González")
	if !strings.Contains(out, "María") {
		t.Fatalf("participant add: %q", out)
	}
	failed := auditJSONList(t, db, "--action", "signin.failed")
	if len(failed) != 2 || failed[1].Actor != "admin" || failed[1].Detail != "wrong password" || failed[0].Actor != "nobody" {
		t.Fatalf("failed sign-ins in the audit log: %+v", failed)
	}
	// what a signed-in account does is audited under its name
	adds := auditJSONList(t, db, "--action", "participant.", "--person", "admin")
	if len(adds) != 1 || adds[0].Actor != "admin" {
		t.Fatalf("participant.add audited as %+v", adds)
	}
	// init --admin again is refused
	code, _, errs = ctl(t, db, "", "init", "--admin", "second")
	wantFail(t, "second init --admin", code, errs, "already has staff accounts")
	// --user before any account exists is refused
	empty := datatest.NewDatabase(t)
	mustCtl(t, empty, "init", "--site", "Somewhere")
	code, _, errs = as(t, empty, "admin", adminPW, "participant", "list")
	wantFail(t, "--user without accounts", code, errs, "no staff accounts yet")
}

func TestRolesAndTemporaryPassword(t *testing.T) {
	db := adminDB(t)
	addUser(t, db, "ana", "--name", "Ana Ruiz", "--roles", "front_desk", "--confidentiality", "2026-01-05", "--training", "2026-01-06")

	// a temporary password may only run user passwd
	code, _, errs := as(t, db, "ana", tempPW, "participant", "list")
	wantFail(t, "temporary password", code, errs, "user passwd")
	t.Setenv(envNewPassword, anaPW)
	mustAs(t, db, "ana", tempPW, "user", "passwd")
	code, _, errs = as(t, db, "ana", tempPW, "participant", "list")
	wantFail(t, "old temporary password", code, errs, "wrong username or password")
	mustAs(t, db, "ana", anaPW, "participant", "list")

	// the services' roles decide
	t.Setenv(envNewPassword, tempPW)
	code, _, errs = as(t, db, "ana", anaPW, "user", "add", "bob", "--name", "Bob", "--roles", "front_desk")
	wantFail(t, "front desk adds a user", code, errs, "not allowed")
	code, _, errs = as(t, db, "ana", anaPW, "audit", "list")
	wantFail(t, "front desk lists the audit log", code, errs, "not allowed")
	code, _, errs = as(t, db, "ana", anaPW, "backup", "--out", filepath.Join(t.TempDir(), "b.db"))
	wantFail(t, "front desk backs up", code, errs, "not allowed")
	code, _, errs = as(t, db, "ana", anaPW, "access-review", "--out", filepath.Join(t.TempDir(), "r.pdf"))
	wantFail(t, "front desk reviews access", code, errs, "not allowed")
	if rows := auditJSONList(t, db, "--action", "password.change", "--person", "ana"); len(rows) != 1 {
		t.Fatalf("password change audit: %+v", rows)
	}
}

func TestUserCommands(t *testing.T) {
	db := adminDB(t)
	addUser(t, db, "ana", "--name", "Ana Ruiz", "--roles", "front_desk,director")
	addUser(t, db, "kim", "--name", "김민지", "--roles", "kit_circulation")
	code, _, errs := as(t, db, "admin", adminPW, "user", "add", "ana", "--name", "Again", "--roles", "front_desk")
	wantFail(t, "duplicate user", code, errs, "already an account")
	code, _, errs = as(t, db, "admin", adminPW, "user", "add", "zed", "--name", "Zed", "--roles", "janitor")
	wantFail(t, "bad role", code, errs, "not a role")
	t.Setenv(envNewPassword, "short")
	code, _, errs = as(t, db, "admin", adminPW, "user", "add", "zed", "--name", "Zed", "--roles", "front_desk")
	wantFail(t, "short password", code, errs, "at least 12")

	list := func() map[string]staffJSON {
		var all []staffJSON
		out := mustAs(t, db, "admin", adminPW, "user", "list", "--json")
		if strings.Contains(out, "argon2") || strings.Contains(out, tempPW) || strings.Contains(out, adminPW) {
			t.Fatalf("user list shows a password or hash: %s", out)
		}
		if err := json.Unmarshal([]byte(out), &all); err != nil {
			t.Fatal(err)
		}
		m := map[string]staffJSON{}
		for _, s := range all {
			m[s.Username] = s
		}
		return m
	}
	m := list()
	if len(m) != 3 || !m["ana"].Temporary || m["ana"].Name != "Ana Ruiz" || strings.Join(m["ana"].Roles, ",") != "front_desk,director" ||
		m["admin"].Confidentiality != "2025-06-01" || m["admin"].LastSignIn != "2026-03-10T17:15:00Z" || m["kim"].LastSignIn != "" {
		t.Fatalf("user list: %+v", m)
	}
	text := mustAs(t, db, "admin", adminPW, "user", "list")
	if !strings.Contains(text, "USERNAME") || !strings.Contains(text, "김민지") || !strings.Contains(text, "front_desk,director") {
		t.Fatalf("user list table: %s", text)
	}

	mustAs(t, db, "admin", adminPW, "user", "set-roles", "ana", "--roles", "case_manager")
	mustAs(t, db, "admin", adminPW, "user", "set-dates", "kim", "--confidentiality", "2026-02-01", "--training", "2026-02-02")
	code, _, errs = as(t, db, "admin", adminPW, "user", "set-dates", "kim", "--training", "2026-04-01")
	wantFail(t, "date in the future", code, errs, "future")
	code, _, errs = as(t, db, "admin", adminPW, "user", "set-dates", "kim", "--training", "02/03/2026")
	wantFail(t, "bad date", code, errs, "not a date")
	code, _, errs = as(t, db, "admin", adminPW, "user", "set-roles", "admin", "--roles", "front_desk")
	wantFail(t, "last administrator", code, errs, "no active administrator")

	// reset-password: kim locks herself out, the reset lifts it
	for i := 0; i < app.MaxFailedSignIns; i++ {
		as(t, db, "kim", "wrong wrong wrong", "participant", "list")
	}
	if m := list(); !m["kim"].Locked {
		t.Fatalf("kim not locked: %+v", m["kim"])
	}
	t.Setenv(envNewPassword, "another temporary one")
	mustAs(t, db, "admin", adminPW, "user", "reset-password", "kim")
	mustAs(t, db, "admin", adminPW, "user", "deactivate", "ana")
	code, _, errs = as(t, db, "admin", adminPW, "user", "deactivate", "ana")
	wantFail(t, "deactivate twice", code, errs, "already deactivated")
	code, _, errs = as(t, db, "ana", tempPW, "participant", "list")
	wantFail(t, "deactivated sign-in", code, errs, "deactivated")

	m = list()
	if k := m["kim"]; k.Locked || !k.Temporary || k.Confidentiality != "2026-02-01" || k.Training != "2026-02-02" {
		t.Fatalf("kim after set-dates and reset: %+v", k)
	}
	if a := m["ana"]; a.Active || strings.Join(a.Roles, ",") != "case_manager" || a.DeactivatedBy != "admin" {
		t.Fatalf("ana after set-roles and deactivate: %+v", a)
	}
	var actions []string
	for _, r := range auditJSONList(t, db, "--action", "staff.", "--limit", "0") {
		actions = append(actions, r.Action)
	}
	if got := strings.Join(actions, " "); got != "staff.deactivate staff.password_reset staff.dates staff.roles staff.create staff.create staff.create" {
		t.Fatalf("staff audit trail: %s", got)
	}
}

func TestAuditVerifyAndTamper(t *testing.T) {
	db := adminDB(t)
	addUser(t, db, "ana", "--name", "Ana Ruiz", "--roles", "front_desk")
	out := mustAs(t, db, "admin", adminPW, "audit", "verify")
	if !strings.HasPrefix(out, "ok: ") || !strings.Contains(out, " rows, head ") {
		t.Fatalf("verify: %q", out)
	}
	rows := auditJSONList(t, db, "--action", "staff.create", "--person", "admin")
	var target int64
	for _, r := range rows {
		if strings.Contains(r.Detail, "front_desk") {
			target = r.ID
		}
	}
	if target == 0 {
		t.Fatalf("no staff.create row for ana: %+v", rows)
	}
	raw := datatest.OpenRaw(t, db)
	if _, err := raw.Exec(`UPDATE audit_log SET detail='roles=administrator' WHERE id=?`, target); err == nil {
		t.Fatal("the audit log took an UPDATE with its triggers in place")
	}
	for _, name := range []string{"audit_log_no_update", "audit_log_no_delete"} {
		if err := raw.DropTrigger("audit_log", name); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := raw.Exec(`UPDATE audit_log SET detail='roles=administrator' WHERE id=?`, target); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	code, _, errs := as(t, db, "admin", adminPW, "audit", "verify")
	wantFail(t, "verify after tampering", code, errs, "broken at row "+itoa(target))
}

func TestAuditExportCSV(t *testing.T) {
	db := adminDB(t)
	addUser(t, db, "ana", "--name", "Ana Ruiz", "--roles", "front_desk")
	// what a person types as a username is not kept when it is not the
	// shape of one (it may be a password in the wrong field)
	as(t, db, "=HYPERLINK(\"x\")", "whatever it is", "participant", "list")
	out := filepath.Join(t.TempDir(), "audit.csv")
	mustAs(t, db, "admin", adminPW, "audit", "export", "--out", out)
	recs := readCSV(t, out)
	if strings.Join(recs[0], ",") != "id,at_utc,actor,action,entity,ref,detail" {
		t.Fatalf("header %v", recs[0])
	}
	all := auditJSONList(t, db, "--limit", "0")
	// the listing ran after the export: the export's own record and the
	// listing's sign-in are newer than the file
	if len(recs)-1 != len(all)-2 {
		t.Fatalf("%d rows exported, %d in the log before the export", len(recs)-1, len(all)-2)
	}
	found := false
	for _, r := range recs[1:] {
		if r[3] == "signin.failed" && strings.HasPrefix(r[2], "(unknown ") {
			found = true
		}
		if strings.Contains(strings.ToLower(strings.Join(r, ",")), "hyperlink") {
			t.Errorf("the typed text is in the audit export: %v", r)
		}
		for _, c := range r {
			if c != "" && strings.ContainsRune("=+-@", rune(c[0])) {
				t.Errorf("cell %q not neutralised", c)
			}
		}
	}
	if !found {
		t.Fatalf("the failed sign-in is not in the export with a fingerprint: %v", recs)
	}
	// filters apply; the export is audited with its row count
	mustAs(t, db, "admin", adminPW, "audit", "export", "--out", out, "--action", "staff.", "--csv", "plain")
	if recs = readCSV(t, out, true); len(recs) != 3 {
		t.Fatalf("staff. export: %v", recs)
	}
	exports := auditJSONList(t, db, "--action", "audit.export")
	if len(exports) != 2 || exports[0].Detail != "2 rows" {
		t.Fatalf("export audit: %+v", exports)
	}
}

// needTool returns the path of an external program the test needs: it is
// skipped when missing, or fails if FRONTDESK_REQUIRE_TOOLS=1.
func needTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("FRONTDESK_REQUIRE_TOOLS") == "1" {
			t.Fatalf("%s is required but not installed (apt-get install poppler-utils)", name)
		}
		t.Skipf("%s not installed (apt-get install poppler-utils)", name)
	}
	return path
}

// withoutAuditHead is a review's text without its audit head lines.
func withoutAuditHead(txt []byte) string {
	var keep []string
	for _, l := range strings.Split(string(txt), "\n") {
		if !strings.HasPrefix(l, "Audit log /") && !strings.HasPrefix(l, "Audit head /") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

// reviewDB makes accounts whose review shows every kind of flag.
func reviewDB(t *testing.T) string {
	db := adminDB(t)
	addUser(t, db, "ana", "--name", "Ana Ruiz", "--roles", "front_desk,director", "--confidentiality", "2026-01-05", "--training", "2026-01-06")
	addUser(t, db, "kim", "--name", "김민지", "--roles", "kit_circulation")
	addUser(t, db, "maria", "--name", "María José Rodríguez-Hernández", "--roles", "case_manager", "--confidentiality", "2025-02-01", "--training", "2025-12-01")
	addUser(t, db, "wei", "--name", "王伟", "--roles", "front_desk")
	t.Setenv(envNewPassword, anaPW)
	mustAs(t, db, "ana", tempPW, "user", "passwd")
	mustAs(t, db, "admin", adminPW, "user", "deactivate", "wei")
	return db
}

func TestAccessReviewPDF(t *testing.T) {
	pdftotext := needTool(t, "pdftotext")
	db := reviewDB(t)
	out := filepath.Join(t.TempDir(), "review.pdf")
	mustAs(t, db, "admin", adminPW, "access-review", "--seed", "42", "--out", out)
	txt, err := exec.Command(pdftotext, "-layout", out, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(txt), "argon2") {
		t.Fatal("the review shows a password hash")
	}
	// the review prints where the audit log ended with its own record, and
	// that log verifies
	code, vout, _ := as(t, db, "admin", adminPW, "audit", "verify")
	if code != 0 || !strings.HasPrefix(vout, "ok") {
		t.Fatalf("audit verify: %d %s", code, vout)
	}
	var head struct {
		Rows   int
		LastID int64
		Head   string
	}
	sqldb := datatest.OpenRaw(t, db)
	sqldb.QueryRow(`SELECT id, hash FROM audit_log WHERE action='access.review' ORDER BY id DESC LIMIT 1`).Scan(&head.LastID, &head.Head)
	sqldb.QueryRow(`SELECT count(*) FROM audit_log WHERE id <= ?`, head.LastID).Scan(&head.Rows)
	if len(head.Head) != 64 || !strings.Contains(string(txt), head.Head) || !strings.Contains(string(txt), fmt.Sprintf("%d records up to #%d, this review included", head.Rows, head.LastID)) {
		t.Fatalf("the review does not show the audit head %+v:\n%s", head, txt)
	}
	// the key, so the hash, differs each run: the golden file has a mark
	txt = bytes.ReplaceAll(txt, []byte(head.Head), []byte("<audit head>"))
	golden := filepath.Join("..", "..", "testdata", "review", "review.txt")
	if *update && datatest.OnServer() {
		t.Fatal("the golden file is SQLite's: run go test -update without " + datatest.ServerEnv)
	}
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, txt, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	got, wantTxt := string(txt), string(want)
	if datatest.OnServer() {
		// a server's audit chain has no key yet, so no audit.key record:
		// its count is one less than a file's (checked against the log above)
		got, wantTxt = withoutAuditHead(txt), withoutAuditHead(want)
	}
	if got != wantTxt {
		t.Errorf("review text differs from %s (run go test -update if the change is meant):\n%s", golden, txt)
	}
	for _, s := range []string{"Quarterly access review / Revisión trimestral de accesos", "East LA WorkSource Center",
		"4 of 4 active accounts", "Seed / Semilla:", "42", "Page 1 of 1", "Signature / Firma", "Mar 10, 2026 / 10 mar 2026, 10:15 AM PDT"} {
		if !strings.Contains(string(txt), s) {
			t.Errorf("review text lacks %q", s)
		}
	}
	// the same seed draws the same sample
	code, stdout, _ := as(t, db, "admin", adminPW, "access-review", "--seed", "42", "--sample", "2", "--out", out, "--json")
	var r1, r2 struct{ Sampled, Active, Flagged int }
	json.Unmarshal([]byte(stdout), &r1)
	if code != 0 || r1.Sampled != 2 || r1.Active != 4 {
		t.Fatalf("sample 2: %d %s", code, stdout)
	}
	txt1, _ := exec.Command(pdftotext, "-layout", out, "-").Output()
	_, stdout, _ = as(t, db, "admin", adminPW, "access-review", "--seed", "42", "--sample", "2", "--out", out, "--json")
	json.Unmarshal([]byte(stdout), &r2)
	txt2, _ := exec.Command(pdftotext, "-layout", out, "-").Output()
	// the same but for the audit head, which each review moves on
	if withoutAuditHead(txt1) != withoutAuditHead(txt2) || r1 != r2 || bytes.Equal(txt1, txt2) {
		t.Fatal("the same seed drew different samples")
	}
	code, _, errs := as(t, db, "admin", adminPW, "access-review", "--out", filepath.Join(t.TempDir(), "r.docx"))
	wantFail(t, "unknown extension", code, errs, ".pdf or .xlsx")
}

func TestAccessReviewXLSX(t *testing.T) {
	db := reviewDB(t)
	out := filepath.Join(t.TempDir(), "review.xlsx")
	mustAs(t, db, "admin", adminPW, "access-review", "--seed", "42", "--out", out)

	// no hash anywhere in the workbook's parts
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		rc, _ := zf.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if strings.Contains(string(b), "argon2") || strings.Contains(string(b), tempPW) {
			t.Fatalf("%s holds a password or hash", zf.Name)
		}
	}
	zr.Close()

	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(xlsx.Sheet)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], "|") != strings.Join(xlsx.ReviewHeader, "|") {
		t.Fatalf("header %v", rows[0])
	}
	var staff []staffJSON
	json.Unmarshal([]byte(mustAs(t, db, "admin", adminPW, "user", "list", "--json")), &staff)
	active := map[string]staffJSON{}
	for _, s := range staff {
		if s.Active {
			active[s.Username] = s
		}
	}
	if len(rows)-1 != len(active) || len(active) != 4 {
		t.Fatalf("%d rows for %d active accounts: %v", len(rows)-1, len(active), rows)
	}
	for i, r := range rows[1:] {
		s, ok := active[r[0]]
		if !ok {
			t.Fatalf("row %d: %q is not an active account", i+2, r[0])
		}
		if r[1] != s.Name || r[2] != strings.Join(s.Roles, ",") {
			t.Errorf("row %d: %v, account %+v", i+2, r, s)
		}
		if s.Confidentiality != "" {
			cell := "F" + itoa(int64(i+2))
			if v, _ := f.GetCellValue(xlsx.Sheet, cell); v != s.Confidentiality {
				t.Errorf("%s shows %q, want %s", cell, v, s.Confidentiality)
			}
			if typ, _ := f.GetCellType(xlsx.Sheet, cell); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
				t.Errorf("%s is text, not a date", cell)
			}
		}
	}
	// kim: no dates, temporary password
	for _, r := range rows[1:] {
		if r[0] == "kim" && (len(r) < 8 || !strings.Contains(r[7], "training expired or missing; temporary password not changed")) {
			t.Errorf("kim's flags: %v", r)
		}
	}
	panes, err := f.GetPanes(xlsx.Sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header row not frozen: %+v %v", panes, err)
	}
}
