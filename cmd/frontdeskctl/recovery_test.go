package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

var recoveryCodeRE = regexp.MustCompile(`New recovery code: ([` + app.RecoveryAlphabet + `]{5}(?:-[` + app.RecoveryAlphabet + `]{5}){4})\n`)

// recoveryCodeIn finds the recovery code frontdeskctl printed in out.
func recoveryCodeIn(t *testing.T, out string) string {
	t.Helper()
	m := recoveryCodeRE.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no recovery code in %q", out)
	}
	if !strings.Contains(out, "director's safe") || strings.Count(out, m[1]) != 1 {
		t.Fatalf("the code is not shown once with what to do with it: %q", out)
	}
	return m[1]
}

// Five wrong passwords lock every administrator, with no credentials
// needed; reset-admin then still needs the recovery code, counts wrong
// ones, and replaces the code it used.
func TestResetAdminNeedsTheRecoveryCode(t *testing.T) {
	db, rcode := adminDBWithCode(t, &time.Time{})
	for i := 0; i < app.MaxFailedSignIns; i++ {
		as(t, db, "admin", "wrong wrong wrong", "user", "list")
	}
	code, _, errs := as(t, db, "admin", adminPW, "user", "list")
	wantFail(t, "locked admin", code, errs, "locked")

	os.Unsetenv(envPassword)
	t.Setenv("USER", "itdesk")
	t.Setenv(envNewPassword, tempPW)
	t.Setenv(envRecoveryCode, "")
	os.Unsetenv(envRecoveryCode)
	if f, err := os.Open("/dev/tty"); err == nil {
		f.Close()
	} else {
		code, _, errs = ctl(t, db, "", "user", "reset-admin", "mallory")
		wantFail(t, "reset-admin without a code", code, errs, envRecoveryCode)
	}
	t.Setenv(envRecoveryCode, "22222-22222-22222-22222-22222")
	start := time.Now()
	code, _, errs = ctl(t, db, "", "user", "reset-admin", "mallory")
	wantFail(t, "reset-admin with a wrong code", code, errs, "recovery code is not right")
	if time.Since(start) < app.RecoveryDelay {
		t.Errorf("a wrong code was answered in %v", time.Since(start))
	}
	code, _, errs = as(t, db, "mallory", tempPW, "user", "passwd")
	wantFail(t, "mallory", code, errs, "wrong username or password")

	// The right code, as typed from the paper: lower case, spaces.
	t.Setenv(envRecoveryCode, strings.ToLower(strings.ReplaceAll(rcode, "-", " ")))
	code, out, errs := ctl(t, db, "", "user", "reset-admin", "admin")
	if code != 0 || !strings.Contains(out, "must change it at first sign-in") {
		t.Fatalf("reset-admin: exit %d %q %q", code, out, errs)
	}
	next := recoveryCodeIn(t, out)
	if next == rcode {
		t.Fatal("the recovery code was not replaced")
	}
	code, _, errs = as(t, db, "admin", tempPW, "user", "list")
	wantFail(t, "recovered admin before passwd", code, errs, "user passwd")
	t.Setenv(envNewPassword, "brand new recovery secret")
	mustAs(t, db, "admin", tempPW, "user", "passwd")

	// The used code is spent.
	t.Setenv(envRecoveryCode, rcode)
	t.Setenv(envNewPassword, tempPW)
	os.Unsetenv(envPassword)
	code, _, errs = ctl(t, db, "", "user", "reset-admin", "admin")
	wantFail(t, "reset-admin with the used code", code, errs, "not right")

	var got []auditJSON
	json.Unmarshal([]byte(mustAs(t, db, "admin", "brand new recovery secret", "audit", "list", "--json", "--action", "recovery.", "--limit", "20")), &got)
	var failed int
	for _, r := range got {
		if r.Action == "recovery.failed" && r.Actor == "reset-admin" && strings.HasSuffix(r.Detail, "run by "+osUser()) {
			failed++
		}
	}
	if failed != 2 {
		t.Errorf("%d wrong codes audited, want 2: %+v", failed, got)
	}
	json.Unmarshal([]byte(mustAs(t, db, "admin", "brand new recovery secret", "audit", "list", "--json", "--action", "staff.reset_admin")), &got)
	if len(got) != 1 || got[0].Actor != "reset-admin" || got[0].Detail != "recovery code used and replaced; run by "+osUser() {
		t.Fatalf("reset-admin audit: %+v", got)
	}
	// The new code works.
	t.Setenv(envRecoveryCode, next)
	if code, out, errs := ctl(t, db, "", "user", "reset-admin", "itdesk", "--name", "IT Desk"); code != 0 {
		t.Fatalf("reset-admin with the new code: %d %q %q", code, out, errs)
	}
}

// user recovery-code makes a new code (administrators) and its page to
// print; the old one stops working.
func TestRecoveryCodeCommand(t *testing.T) {
	db, old := adminDBWithCode(t, &time.Time{})
	addUser(t, db, "ana", "--name", "Ana Ruiz", "--roles", "front_desk", "--confidentiality", "2026-01-05", "--training", "2026-01-06")
	t.Setenv(envNewPassword, anaPW)
	mustAs(t, db, "ana", tempPW, "user", "passwd")
	code, _, errs := as(t, db, "ana", anaPW, "user", "recovery-code")
	wantFail(t, "front desk", code, errs, "administrator")

	page := filepath.Join(t.TempDir(), "recovery.pdf")
	out := mustAs(t, db, "admin", adminPW, "user", "recovery-code", "--out", page)
	rcode := recoveryCodeIn(t, out)
	if rcode == old || !strings.Contains(out, page) {
		t.Fatalf("recovery-code: %q", out)
	}
	if pdftotext, err := exec.LookPath("pdftotext"); err == nil {
		txt, err := exec.Command(pdftotext, "-layout", page, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{rcode, "East LA WorkSource Center", "By / Por: admin", "director's safe"} {
			if !strings.Contains(string(txt), want) {
				t.Errorf("no %q on the page:\n%s", want, txt)
			}
		}
	}
	if fi, err := os.Stat(page); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("page: %v %v", fi, err)
	}
	os.Unsetenv(envPassword)
	t.Setenv(envNewPassword, tempPW)
	t.Setenv(envRecoveryCode, old)
	code, _, errs = ctl(t, db, "", "user", "reset-admin", "admin")
	wantFail(t, "the replaced code", code, errs, "not right")
	t.Setenv(envRecoveryCode, rcode)
	mustCtl(t, db, "user", "reset-admin", "admin")
}

// A database made before recovery codes has none: reset-admin refuses and
// says what to do, and an administrator is warned at every sign-in.
func TestResetAdminWithoutARecoveryCode(t *testing.T) {
	db := adminDB(t)
	raw := datatest.OpenRaw(t, db)
	if _, err := raw.Exec(`DELETE FROM settings WHERE key='security.recovery_code'`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	for i := 0; i < app.MaxFailedSignIns; i++ {
		as(t, db, "admin", "wrong wrong wrong", "user", "list")
	}
	os.Unsetenv(envPassword)
	t.Setenv(envNewPassword, tempPW)
	t.Setenv(envRecoveryCode, "22222-22222-22222-22222-22222")
	code, _, errs := ctl(t, db, "", "user", "reset-admin", "admin")
	wantFail(t, "no code", code, errs, "An administrator who can sign in must make one first: frontdeskctl user recovery-code")

	now := testNow.Add(app.LockoutDuration + time.Minute) // the lockout runs out as before
	fixClock(t, &now)
	code, _, errs = as(t, db, "admin", adminPW, "user", "list")
	if code != 0 || !strings.Contains(errs, "warning: There is no recovery code yet") {
		t.Fatalf("admin sign-in: %d %q", code, errs)
	}
	rcode := recoveryCodeIn(t, mustAs(t, db, "admin", adminPW, "user", "recovery-code"))
	if _, _, errs := as(t, db, "admin", adminPW, "user", "list"); strings.Contains(errs, "recovery code") {
		t.Fatalf("still warned: %q", errs)
	}
	os.Unsetenv(envPassword)
	t.Setenv(envRecoveryCode, rcode)
	mustCtl(t, db, "user", "reset-admin", "admin")
}

// withoutWarnings drops the sign-in's warning lines from stderr.
func withoutWarnings(errs string) string {
	var keep []string
	for _, l := range strings.SplitAfter(errs, "\n") {
		if !strings.HasPrefix(l, "frontdeskctl: warning: ") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "")
}

// An administrator whose dates ran out cannot back up or export; they may
// record their own dates only as the sole administrator, which the access
// review flags.
func TestExpiredAdministratorBackupAndOwnDates(t *testing.T) {
	now := testNow
	db, _ := adminDBWithCode(t, &now)
	backup := filepath.Join(t.TempDir(), "b.db")
	csv := filepath.Join(t.TempDir(), "audit.csv")
	// backupAllowed: admin's dates let the backup through (a file's copy,
	// or a center server's pg_dump)
	backupAllowed := func() {
		t.Helper()
		mustAs(t, db, "admin", adminPW, "backup", "--out", backup)
	}
	backupAllowed()
	os.Remove(backup)
	os.Remove(backup + ".manifest.json")
	os.Remove(backup + ".key")

	now = time.Date(2026, 7, 1, 16, 0, 0, 0, time.UTC) // the confidentiality statement of 2025-06-01 ran out
	code, _, errs := as(t, db, "admin", adminPW, "backup", "--out", backup)
	wantFail(t, "expired backup", code, withoutWarnings(errs), "backups and exports of personal data are closed")
	code, _, errs = as(t, db, "admin", adminPW, "audit", "export", "--out", csv)
	wantFail(t, "expired audit export", code, withoutWarnings(errs), "closed")
	for _, f := range []string{backup, csv} {
		if _, err := os.Stat(f); !os.IsNotExist(err) {
			t.Errorf("%s written: %v", f, err)
		}
	}
	// Another administrator exists: admin may not renew their own dates.
	addUser(t, db, "bea", "--name", "Bea Admin", "--roles", "administrator", "--confidentiality", "2026-06-20", "--training", "2026-06-20")
	code, _, errs = as(t, db, "admin", adminPW, "user", "set-dates", "admin", "--confidentiality", "2026-06-30")
	wantFail(t, "own dates with another administrator", code, withoutWarnings(errs), "another administrator (bea) must record them")
	mustAs(t, db, "admin", adminPW, "user", "deactivate", "bea")
	// The sole administrator may, audited as such.
	mustAs(t, db, "admin", adminPW, "user", "set-dates", "admin", "--confidentiality", "2026-06-30")
	backupAllowed()

	var got []auditJSON
	json.Unmarshal([]byte(mustAs(t, db, "admin", adminPW, "audit", "list", "--json", "--action", app.ActionOwnDates)), &got)
	if len(got) != 1 || got[0].Actor != "admin" || !strings.Contains(got[0].Detail, "sole active administrator") {
		t.Fatalf("own dates audit: %+v", got)
	}
	review := filepath.Join(t.TempDir(), "review.pdf")
	out := mustAs(t, db, "admin", adminPW, "access-review", "--out", review)
	if !strings.Contains(out, "admin: recorded own dates on 2026-07-01 (sole administrator)") {
		t.Fatalf("access review output: %q", out)
	}
	if pdftotext, err := exec.LookPath("pdftotext"); err == nil {
		txt, err := exec.Command(pdftotext, "-layout", review, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.Join(strings.Fields(string(txt)), " "), "recorded own dates") {
			t.Errorf("the review PDF does not flag it:\n%s", txt)
		}
	}
}
