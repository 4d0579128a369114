package app_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// setUpWithCode makes the first administrator and returns the recovery code
// set-up showed.
func setUpWithCode(t *testing.T) (*datatest.Env, context.Context, string) {
	t.Helper()
	e := datatest.New(t)
	day := e.Clock.AddDate(0, -1, 0)
	sess, code, err := e.Svc.CreateFirstAdministrator(context.Background(), app.NewStaff{Username: "rosa", DisplayName: "Rosa Delgado",
		Password: adminPW, ConfidentialitySigned: &day, TrainingCompleted: &day})
	if err != nil {
		t.Fatal(err)
	}
	return e, app.WithActor(context.Background(), sess.Actor), code
}

var recoveryCodeShape = regexp.MustCompile(`^[` + app.RecoveryAlphabet + `]{5}(-[` + app.RecoveryAlphabet + `]{5}){4}$`)

func TestRecoveryCodeShape(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 200; i++ {
		c := app.NewRecoveryCodeText()
		if !recoveryCodeShape.MatchString(c) || strings.ContainsAny(c, "01OIL") {
			t.Fatalf("code %q", c)
		}
		if seen[c] {
			t.Fatalf("code %q twice", c)
		}
		seen[c] = true
	}
}

// Set-up makes a recovery code, stored only as a hash, and audited.
func TestSetUpMakesARecoveryCode(t *testing.T) {
	e, admin, code := setUpWithCode(t)
	if !recoveryCodeShape.MatchString(code) {
		t.Fatalf("set-up code %q", code)
	}
	if has, err := e.Svc.HasRecoveryCode(e.Ctx); err != nil || !has {
		t.Fatalf("HasRecoveryCode %v %v", has, err)
	}
	var stored string
	e.Store.View(e.Ctx, func(tx app.Tx) (err error) {
		stored, err = tx.Setting(e.Ctx, "security.recovery_code")
		return err
	})
	if !strings.Contains(stored, "$argon2id$") || strings.Contains(stored, code) || strings.Contains(stored, strings.ReplaceAll(code, "-", "")) {
		t.Fatalf("stored %q", stored)
	}
	got := strings.Join(auditActions(t, e, admin, 5), " | ")
	if !strings.Contains(got, "recovery.create:rosa:first recovery code, at set-up") || strings.Contains(got, code) {
		t.Fatalf("audit: %s", got)
	}
	// No warning for an administrator with a code.
	sess, err := e.Svc.SignIn(context.Background(), "rosa", adminPW)
	if err != nil || len(sess.Warnings) != 0 {
		t.Fatalf("%q %v", sess.Warnings, err)
	}
}

// Locking every administrator out (five wrong passwords, no credentials
// needed) no longer opens reset-admin: only the recovery code does.
func TestResetAdminNeedsTheRecoveryCode(t *testing.T) {
	e, admin, code := setUpWithCode(t)
	was := app.RecoveryDelay
	for i := 0; i < app.MaxFailedSignIns; i++ {
		e.Svc.SignIn(context.Background(), "rosa", "wrong password!")
	}
	start := time.Now()
	_, err := e.Svc.RecoverAdministrator(e.Ctx, "BADBA-DBADB-ADBAD-BADBA-DBADB", "mallory", "", "recovery password 1", "eve")
	wantCode(t, err, app.EForbidden, "recovery code is not right")
	if time.Since(start) < was {
		t.Errorf("a wrong code was refused after %v, want at least %v", time.Since(start), was)
	}
	if _, err := e.Svc.SignIn(context.Background(), "mallory", "recovery password 1"); err == nil {
		t.Fatal("mallory signs in")
	}
	// The lockout's own rules stay: rosa is locked, right password or not.
	_, err = e.Svc.SignIn(context.Background(), "rosa", adminPW)
	wantCode(t, err, app.EForbidden, "locked")
	// The right code, typed in lower case without dashes, works though
	// rosa is still locked.
	typed := strings.ToLower(strings.ReplaceAll(code, "-", " "))
	rec, err := e.Svc.RecoverAdministrator(e.Ctx, typed, "helper", "IT Helper", "recovery password 1", "root")
	if err != nil || !rec.Staff.TemporaryPassword || !rec.Staff.Has(app.RoleAdministrator) || rec.Staff.DisplayName != "IT Helper" {
		t.Fatalf("recover: %+v %v", rec.Staff, err)
	}
	if !recoveryCodeShape.MatchString(rec.Code) || rec.Code == code {
		t.Fatalf("new code %q (old %q)", rec.Code, code)
	}
	sess, err := e.Svc.SignIn(context.Background(), "helper", "recovery password 1")
	if err != nil || !sess.Actor.MustChangePassword {
		t.Fatalf("sign in after recovery: %v", err)
	}
	// The old code is used up; the new one works.
	_, err = e.Svc.RecoverAdministrator(e.Ctx, code, "helper2", "", "recovery password 2", "root")
	wantCode(t, err, app.EForbidden, "not right")
	rec2, err := e.Svc.RecoverAdministrator(e.Ctx, rec.Code, "rosa", "", "recovery password 2", "root")
	if err != nil || rec2.Staff.LockedUntil != nil || rec2.Staff.FailedAttempts != 0 {
		t.Fatalf("recover rosa: %+v %v", rec2.Staff, err)
	}
	got := strings.Join(auditActions(t, e, admin, 12), " | ")
	for _, want := range []string{"recovery.failed:reset-admin:wrong code 1 of 5; run by eve",
		"staff.reset_admin:reset-admin:recovery code used and replaced; run by root"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in audit: %s", want, got)
		}
	}
	if strings.Contains(got, code) || strings.Contains(got, rec.Code) {
		t.Errorf("a code is in the audit log: %s", got)
	}
}

// Wrong codes close the recovery path for a while, even to the right code.
func TestWrongRecoveryCodesLockTheRecoveryPath(t *testing.T) {
	e, admin, code := setUpWithCode(t)
	wrong := "22222-22222-22222-22222-22222"
	for i := 1; i < app.MaxFailedRecoveries; i++ {
		_, err := e.Svc.RecoverAdministrator(e.Ctx, wrong, "mallory", "", "recovery password 1", "eve")
		wantCode(t, err, app.EForbidden, "not right")
	}
	_, err := e.Svc.RecoverAdministrator(e.Ctx, wrong, "mallory", "", "recovery password 1", "eve")
	wantCode(t, err, app.EForbidden, "recovery is closed for 60 minutes")
	_, err = e.Svc.RecoverAdministrator(e.Ctx, code, "helper", "", "recovery password 1", "root")
	wantCode(t, err, app.EForbidden, "Recovery is closed")
	e.Clock = e.Clock.Add(app.RecoveryLockout + time.Minute)
	if _, err := e.Svc.RecoverAdministrator(e.Ctx, code, "helper", "", "recovery password 1", "root"); err != nil {
		t.Fatalf("after the lockout: %v", err)
	}
	got := strings.Join(auditActions(t, e, admin, 10), " | ")
	for _, want := range []string{"recovery.failed:reset-admin:wrong code 5 of 5; run by eve; recovery closed for 60 minutes",
		"recovery.refused:reset-admin:locked; run by root", "staff.reset_admin:reset-admin"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in audit: %s", want, got)
		}
	}
}

// A database made before recovery codes has none: reset-admin refuses and
// says how to make one, administrators are warned at sign-in, and an
// administrator makes one.
func TestNoRecoveryCodeYet(t *testing.T) {
	e, admin, _ := setUpWithCode(t)
	if err := e.Store.Update(e.Ctx, func(tx app.Tx) error { return tx.SetSetting(e.Ctx, "security.recovery_code", "") }); err != nil {
		t.Fatal(err)
	}
	_, err := e.Svc.RecoverAdministrator(e.Ctx, "22222-22222-22222-22222-22222", "helper", "", "recovery password 1", "root")
	wantCode(t, err, app.EForbidden, "frontdeskctl user recovery-code")
	sess, err := e.Svc.SignIn(context.Background(), "rosa", adminPW)
	if err != nil || len(sess.Warnings) != 1 || !strings.Contains(sess.Warnings[0].String(), "no recovery code") {
		t.Fatalf("warnings %q %v", sess.Warnings, err)
	}
	lupe := addStaff(t, e, admin, "lupe", app.RoleFrontDesk)
	if s, err := e.Svc.SignIn(context.Background(), lupe.Username, tempPW); err != nil || len(s.Warnings) != 0 {
		t.Fatalf("front desk warned: %q %v", s.Warnings, err)
	}
	lupeCtx := signIn(t, e, "lupe")
	_, err = e.Svc.NewRecoveryCode(lupeCtx)
	wantCode(t, err, app.EForbidden, "administrator")
	code, err := e.Svc.NewRecoveryCode(admin)
	if err != nil || !recoveryCodeShape.MatchString(code) {
		t.Fatalf("new code %q %v", code, err)
	}
	if rec, err := e.Svc.RecoverAdministrator(e.Ctx, code, "helper", "", "recovery password 1", "root"); err != nil || rec.Staff.Username != "helper" {
		t.Fatalf("recover with the new code: %v", err)
	}
	got := strings.Join(auditActions(t, e, admin, 10), " | ")
	if !strings.Contains(got, "recovery.create:rosa:first recovery code") {
		t.Errorf("not audited: %s", got)
	}
}
