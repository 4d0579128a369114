package app_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/data"
	"frontdesk/data/datatest"
)

// A center server's audit key is made at the first sign-in, and passes
// from desk to desk with the people who sign in: a desk without it holds
// its records back, unsigned, until it gets the key from a person's sealed
// copy, and then signs them into the chain before its own.
func TestCenterKeyPassesBySignIn(t *testing.T) {
	if !datatest.OnServer() {
		t.Skip("a center server's key: a desk's file keeps its key beside it (data TestAuditKeyAndAnchorFiles)")
	}
	dsn := datatest.NewDatabase(t)
	now := func() time.Time { return datatest.Now }
	open := func(dir string) (*data.Store, *app.Service) {
		t.Helper()
		st, err := data.Open(context.Background(), dsn, data.Options{CenterDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st, app.NewService(st, now)
	}
	dirA, dirB, dirC := t.TempDir(), t.TempDir(), t.TempDir()
	deskA, svcA := open(dirA)
	today := datatest.Now.AddDate(0, -1, 0)
	if _, _, err := svcA.CreateFirstAdministrator(context.Background(), app.NewStaff{Username: "rosa", DisplayName: "Rosa Delgado",
		Password: adminPW, ConfidentialitySigned: &today, TrainingCompleted: &today}); err != nil {
		t.Fatal(err)
	}
	db := datatest.OpenRaw(t, dsn)
	count := func(q string) int {
		t.Helper()
		var n int
		if err := db.QueryRow(q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(`SELECT count(*) FROM audit_log WHERE action = 'audit.key'`); n != 0 {
		t.Fatalf("a key before anyone signed in: %d", n)
	}

	// the first sign-in makes the key, on the computer signed in at, and
	// seals it under the password
	rosa, err := svcA.SignIn(context.Background(), "rosa", adminPW)
	if err != nil {
		t.Fatal(err)
	}
	admin := app.WithActor(context.Background(), rosa.Actor)
	var keyID, sealed string
	db.QueryRow(`SELECT ref FROM audit_log WHERE action = 'audit.key'`).Scan(&keyID)
	db.QueryRow(`SELECT value FROM settings WHERE key = 'audit.key.escrow.' || ?`, itoa(rosa.Staff.ID)).Scan(&sealed)
	if keyID == "" || !strings.Contains(sealed, `"key_id":"`+keyID+`"`) {
		t.Fatalf("key %q, sealed copy %q", keyID, sealed)
	}
	keyFiles, _ := filepath.Glob(filepath.Join(dirA, "*.key"))
	if len(keyFiles) != 1 {
		t.Fatalf("key files on desk A: %v", keyFiles)
	}
	if b, _ := os.ReadFile(keyFiles[0]); !strings.Contains(string(b), keyID) || strings.Contains(sealed, keyFromFile(t, b)) {
		t.Fatalf("desk A's key file %s; the server holds it in the clear: %v", b, strings.Contains(sealed, keyFromFile(t, b)))
	}
	if info, _ := os.Stat(keyFiles[0]); info.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v", info.Mode())
	}
	// signing in again with the same password seals nothing again
	if _, err := svcA.SignIn(context.Background(), "rosa", adminPW); err != nil {
		t.Fatal(err)
	}
	var again string
	db.QueryRow(`SELECT value FROM settings WHERE key = 'audit.key.escrow.' || ?`, itoa(rosa.Staff.ID)).Scan(&again)
	if again != sealed {
		t.Fatal("sealed again for the same password")
	}

	// desk B has no key: what it records waits outside the chain
	deskB, svcB := open(dirB)
	chainBefore := count(`SELECT count(*) FROM audit_log`)
	_, err = svcB.CreateSite(admin, app.Site{Name: "Held Site", TimeZone: "America/Los_Angeles"})
	if err != nil {
		t.Fatal(err)
	}
	if n := count(`SELECT count(*) FROM audit_log`); n != chainBefore {
		t.Fatalf("desk B wrote %d rows to the chain without the key", n-chainBefore)
	}
	if n := count(`SELECT count(*) FROM audit_pending`); n != 1 {
		t.Fatalf("held: %d", n)
	}
	c, err := svcB.VerifyAudit(admin)
	if err != nil || c.OK || !strings.Contains(c.Problem, "This computer does not hold the center's audit key "+keyID) {
		t.Fatalf("verify at B: %+v %v", c, err)
	}
	// a wrong password opens nothing
	if _, err := svcB.SignIn(context.Background(), "rosa", "not the password at all"); err == nil {
		t.Fatal("wrong password signed in")
	}
	if files, _ := filepath.Glob(filepath.Join(dirB, "*.key")); len(files) != 0 {
		t.Fatalf("desk B got a key from a wrong password: %v", files)
	}
	// on desk A the records held back join the chain at its next write,
	// signed, before its own
	if _, err := svcA.CreateSite(admin, app.Site{Name: "Second Site", TimeZone: "America/Los_Angeles"}); err != nil {
		t.Fatal(err)
	}
	if n := count(`SELECT count(*) FROM audit_pending`); n != 0 {
		t.Fatalf("still held after desk A wrote: %d", n)
	}
	log, _ := svcA.AuditLog(admin, app.AuditFilter{Limit: 4})
	if got := actionsOf(log); got != "site.create signin.failed audit.verify site.create" {
		t.Fatalf("newest records: %s", got)
	}
	if c, err := svcA.VerifyAudit(admin); err != nil || !c.OK || c.KeyID != keyID {
		t.Fatalf("verify at A: %+v %v", c, err)
	}

	// rosa signs in at desk B: it opens her sealed copy and signs from then on
	if _, err := svcB.SignIn(context.Background(), "rosa", adminPW); err != nil {
		t.Fatal(err)
	}
	if _, err := svcB.CreateSite(admin, app.Site{Name: "Third Site", TimeZone: "America/Chicago"}); err != nil {
		t.Fatal(err)
	}
	if n := count(`SELECT count(*) FROM audit_pending`); n != 0 {
		t.Fatalf("desk B still holds back %d records", n)
	}
	c, err = svcB.VerifyAudit(admin)
	if err != nil || !c.OK || c.KeyID != keyID || c.Held != 0 {
		t.Fatalf("verify at B with the key: %+v %v", c, err)
	}
	log, _ = svcB.AuditLog(admin, app.AuditFilter{Limit: 4})
	if got := actionsOf(log); got != "audit.verify site.create audit.key.desk signin" {
		t.Fatalf("newest records at B: %s", got)
	}

	// her new password seals the key again; desk C gets it with that one
	sess, err := svcB.SignIn(context.Background(), "rosa", adminPW)
	if err != nil {
		t.Fatal(err)
	}
	const newPW = "a brand new pass phrase"
	if _, err := svcB.ChangePassword(app.WithActor(context.Background(), sess.Actor), adminPW, newPW); err != nil {
		t.Fatal(err)
	}
	_, svcC := open(dirC)
	if _, err := svcC.SignIn(context.Background(), "rosa", newPW); err != nil {
		t.Fatal(err)
	}
	if c, err := svcC.VerifyAudit(admin); err != nil || !c.OK || c.KeyID != keyID {
		t.Fatalf("verify at C: %+v %v", c, err)
	}
	// a deactivated account's sealed copy goes with it
	luisTemp := "temporary pass 24 hrs"
	luis, err := svcA.CreateStaff(admin, app.NewStaff{Username: "luis", DisplayName: "Luis Ortiz", Roles: []app.Role{app.RoleFrontDesk},
		Password: luisTemp, ConfidentialitySigned: &today, TrainingCompleted: &today})
	if err != nil {
		t.Fatal(err)
	}
	ls, err := svcA.SignIn(context.Background(), "luis", luisTemp)
	if err != nil {
		t.Fatal(err)
	}
	escrowOf := func(id int64) int {
		return count(`SELECT count(*) FROM settings WHERE key = 'audit.key.escrow.` + itoa(id) + `'`)
	}
	if n := escrowOf(luis.ID); n != 0 {
		t.Fatalf("sealed under a temporary password: %d", n)
	}
	if _, err := svcA.ChangePassword(app.WithActor(context.Background(), ls.Actor), luisTemp, "his own long phrase"); err != nil {
		t.Fatal(err)
	}
	if n := escrowOf(luis.ID); n != 1 {
		t.Fatalf("not sealed at his password change: %d", n)
	}
	if _, err := svcA.DeactivateStaff(admin, luis.ID); err != nil {
		t.Fatal(err)
	}
	if n := escrowOf(luis.ID); n != 0 {
		t.Fatalf("sealed copy kept after deactivation: %d", n)
	}
	deskA.Close()
	deskB.Close()
}

// keyFromFile is the key a key file holds, in the hex it keeps it in.
func keyFromFile(t *testing.T, b []byte) string {
	t.Helper()
	i := strings.Index(string(b), `"key": "`)
	if i < 0 {
		t.Fatalf("no key in %s", b)
	}
	return string(b[i+8 : i+8+64])
}

// actionsOf lists the actions of log, newest first.
func actionsOf(log []app.AuditEntry) string {
	var out []string
	for _, e := range log {
		out = append(out, e.Action)
	}
	return strings.Join(out, " ")
}
