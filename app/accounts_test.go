package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

const (
	adminPW = "correct horse battery staple"
	tempPW  = "temporary pass 24h"
	ownPW   = "my own long phrase"
)

// withAdmin is an Env with a first administrator (dates current) and a
// context signed in as them.
func withAdmin(t *testing.T) (*datatest.Env, context.Context) {
	t.Helper()
	e := datatest.New(t)
	today := e.Clock.AddDate(0, -1, 0)
	sess, _, err := e.Svc.CreateFirstAdministrator(context.Background(), app.NewStaff{Username: "Rosa", DisplayName: "Rosa Delgado",
		Password: adminPW, ConfidentialitySigned: &today, TrainingCompleted: &today})
	if err != nil {
		t.Fatal(err)
	}
	if sess.Actor.Username != "rosa" || !sess.Actor.Has(app.RoleAdministrator) || sess.Actor.MustChangePassword {
		t.Fatalf("first admin session %+v", sess.Actor)
	}
	return e, app.WithActor(context.Background(), sess.Actor)
}

// addStaff creates an account with a temporary password and current dates.
func addStaff(t *testing.T, e *datatest.Env, admin context.Context, user string, roles ...app.Role) app.Staff {
	t.Helper()
	d := e.Clock.AddDate(0, -2, 0)
	st, err := e.Svc.CreateStaff(admin, app.NewStaff{Username: user, DisplayName: strings.ToUpper(user[:1]) + user[1:], Roles: roles,
		Password: tempPW, ConfidentialitySigned: &d, TrainingCompleted: &d})
	if err != nil {
		t.Fatalf("create %s: %v", user, err)
	}
	return st
}

// signIn signs user in, changing the temporary password when asked.
func signIn(t *testing.T, e *datatest.Env, user string) context.Context {
	t.Helper()
	sess, err := e.Svc.SignIn(context.Background(), user, tempPW)
	if err != nil {
		t.Fatalf("sign in %s: %v", user, err)
	}
	ctx := app.WithActor(context.Background(), sess.Actor)
	if sess.Actor.MustChangePassword {
		if sess, err = e.Svc.ChangePassword(ctx, tempPW, ownPW); err != nil {
			t.Fatalf("change password %s: %v", user, err)
		}
		ctx = app.WithActor(context.Background(), sess.Actor)
	}
	return ctx
}

func wantCode(t *testing.T, err error, code, mention string) {
	t.Helper()
	if app.ErrorCode(err) != code || !strings.Contains(strings.ToLower(app.ErrorMessage(err)), strings.ToLower(mention)) {
		t.Fatalf("got %v (%s); want %s mentioning %q", err, app.ErrorCode(err), code, mention)
	}
}

func auditActions(t *testing.T, e *datatest.Env, admin context.Context, n int) []string {
	t.Helper()
	log, err := e.Svc.AuditLog(admin, app.AuditFilter{Limit: n})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range log {
		out = append(out, a.Action+":"+a.Actor+":"+a.Detail)
	}
	return out
}

func TestFirstAdministratorOnlyOnce(t *testing.T) {
	e, _ := withAdmin(t)
	_, _, err := e.Svc.CreateFirstAdministrator(context.Background(), app.NewStaff{Username: "mallory", DisplayName: "M", Password: "another long password"})
	wantCode(t, err, app.EConflict, "already exist")
	if has, _ := e.Svc.HasStaff(e.Ctx); !has {
		t.Fatal("HasStaff false")
	}
}

func TestTemporaryPasswordMustBeChangedAndExpires(t *testing.T) {
	e, admin := withAdmin(t)
	addStaff(t, e, admin, "lupe", app.RoleFrontDesk)
	sess, err := e.Svc.SignIn(context.Background(), "LUPE", tempPW)
	if err != nil || !sess.Actor.MustChangePassword {
		t.Fatalf("sign in: %+v %v", sess.Actor, err)
	}
	ctx := app.WithActor(context.Background(), sess.Actor)
	_, err = e.Svc.SearchParticipants(ctx, "jose", 5)
	wantCode(t, err, app.EForbidden, "change your temporary password")
	_, err = e.Svc.ChangePassword(ctx, "wrong", "a brand new long phrase")
	wantCode(t, err, app.EInvalid, "current password")
	_, err = e.Svc.ChangePassword(ctx, tempPW, "short")
	wantCode(t, err, app.EInvalid, "at least 12")
	_, err = e.Svc.ChangePassword(ctx, tempPW, tempPW)
	wantCode(t, err, app.EInvalid, "used recently")
	_, err = e.Svc.ChangePassword(ctx, tempPW, "my name is lupe, ok?")
	wantCode(t, err, app.EInvalid, "username")
	sess, err = e.Svc.ChangePassword(ctx, tempPW, "a brand new long phrase")
	if err != nil || sess.Actor.MustChangePassword {
		t.Fatalf("change: %+v %v", sess.Actor, err)
	}
	if _, err := e.Svc.SearchParticipants(app.WithActor(context.Background(), sess.Actor), "jose", 5); err != nil {
		t.Fatal(err)
	}
	// the last five passwords may not come back
	ctx = app.WithActor(context.Background(), sess.Actor)
	pw := "a brand new long phrase"
	for i := 1; i <= 4; i++ {
		next := "rotation number " + strings.Repeat("x", i)
		if _, err := e.Svc.ChangePassword(ctx, pw, next); err != nil {
			t.Fatal(err)
		}
		pw = next
	}
	_, err = e.Svc.ChangePassword(ctx, pw, "a brand new long phrase")
	wantCode(t, err, app.EInvalid, "used recently")
	// a temporary password from a reset expires after 24 hours
	st := addStaff(t, e, admin, "marco", app.RoleFrontDesk)
	e.Clock = e.Clock.Add(24*time.Hour + time.Minute)
	_, err = e.Svc.SignIn(context.Background(), "marco", tempPW)
	wantCode(t, err, app.EForbidden, "expired")
	if _, err := e.Svc.ResetPassword(admin, st.ID, "a fresh temporary one"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Svc.SignIn(context.Background(), "marco", "a fresh temporary one"); err != nil {
		t.Fatal(err)
	}
}

func TestLockoutAfterFiveWrongPasswords(t *testing.T) {
	e, admin := withAdmin(t)
	st := addStaff(t, e, admin, "lupe", app.RoleFrontDesk)
	for i := 1; i <= 4; i++ {
		_, err := e.Svc.SignIn(context.Background(), "lupe", "not the password")
		wantCode(t, err, app.EForbidden, "wrong username or password")
	}
	_, err := e.Svc.SignIn(context.Background(), "lupe", "not the password")
	wantCode(t, err, app.EForbidden, "locked for 15 minutes")
	_, err = e.Svc.SignIn(context.Background(), "lupe", tempPW)
	wantCode(t, err, app.EForbidden, "locked")
	got := strings.Join(auditActions(t, e, admin, 4), " | ")
	for _, w := range []string{"signin.refused:lupe:locked", "signin.failed:lupe:wrong password", "account.locked:lupe"} {
		if !strings.Contains(got, w) {
			t.Fatalf("audit %s lacks %s", got, w)
		}
	}
	// an unknown name is refused the same way and audited without personal data
	_, err = e.Svc.SignIn(context.Background(), "nobody'; DROP TABLE staff;--", "x")
	wantCode(t, err, app.EForbidden, "wrong username or password")
	e.Clock = e.Clock.Add(16 * time.Minute)
	if _, err := e.Svc.SignIn(context.Background(), "lupe", tempPW); err != nil {
		t.Fatalf("after the lockout: %v", err)
	}
	// an administrator's reset lifts a lockout at once
	for i := 0; i < 5; i++ {
		e.Svc.SignIn(context.Background(), "lupe", "wrong again")
	}
	if _, err := e.Svc.ResetPassword(admin, st.ID, "unlocked and fresh"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Svc.SignIn(context.Background(), "lupe", "unlocked and fresh"); err != nil {
		t.Fatal(err)
	}
}

func TestDeactivatedAccountsAreKeptAndRefused(t *testing.T) {
	e, admin := withAdmin(t)
	st := addStaff(t, e, admin, "lupe", app.RoleFrontDesk)
	signIn(t, e, "lupe")
	if _, err := e.Svc.DeactivateStaff(admin, st.ID); err != nil {
		t.Fatal(err)
	}
	_, err := e.Svc.SignIn(context.Background(), "lupe", ownPW)
	wantCode(t, err, app.EForbidden, "deactivated")
	all, _ := e.Svc.ListStaff(admin)
	var kept app.Staff
	for _, s := range all {
		if s.Username == "lupe" {
			kept = s
		}
	}
	if kept.Active || kept.DeactivatedBy != "rosa" || kept.DeactivatedAt == nil {
		t.Fatalf("deactivated account %+v", kept)
	}
	_, err = e.Svc.CreateStaff(admin, app.NewStaff{Username: "lupe", DisplayName: "L", Roles: []app.Role{app.RoleFrontDesk}, Password: "another long password"})
	wantCode(t, err, app.EConflict, "already an account")
	_, err = e.Svc.ResetPassword(admin, st.ID, "cannot come back")
	wantCode(t, err, app.EConflict, "deactivated")
	// the last administrator can be neither deactivated nor demoted
	all, _ = e.Svc.ListStaff(admin)
	var rosa app.Staff
	for _, s := range all {
		if s.Username == "rosa" {
			rosa = s
		}
	}
	_, err = e.Svc.DeactivateStaff(admin, rosa.ID)
	wantCode(t, err, app.EConflict, "no active administrator")
	_, err = e.Svc.SetStaffRoles(admin, rosa.ID, []app.Role{app.RoleDirector})
	wantCode(t, err, app.EConflict, "no active administrator")
}

func TestExpiredDatesCloseThePersonalData(t *testing.T) {
	e, admin := withAdmin(t)
	old := e.Clock.AddDate(-1, 0, -1)
	st, err := e.Svc.CreateStaff(admin, app.NewStaff{Username: "lupe", DisplayName: "Lupe", Roles: []app.Role{app.RoleFrontDesk},
		Password: tempPW, ConfidentialitySigned: &old, TrainingCompleted: &old})
	if err != nil {
		t.Fatal(err)
	}
	ctx := signIn(t, e, "lupe")
	_, err = e.Svc.SearchParticipants(ctx, "jose", 5)
	wantCode(t, err, app.EForbidden, "expired")
	// an administrator records new dates; the next sign-in is open, with a
	// warning when a date runs out within 30 days
	soon := e.Clock.AddDate(-1, 0, 20)
	now := e.Clock
	if _, err := e.Svc.SetStaffDates(admin, st.ID, &soon, &now); err != nil {
		t.Fatal(err)
	}
	sess, err := e.Svc.SignIn(context.Background(), "lupe", ownPW)
	if err != nil || sess.Actor.Restricted || len(sess.Warnings) != 1 || !strings.Contains(sess.Warnings[0].String(), "confidentiality statement runs out") {
		t.Fatalf("after new dates: %+v %q %v", sess.Actor, sess.Warnings, err)
	}
	future := e.Clock.AddDate(0, 0, 2)
	_, err = e.Svc.SetStaffDates(admin, st.ID, &future, nil)
	wantCode(t, err, app.EInvalid, "future")
}

func TestStaffInputIsCheckedAndStoredSafely(t *testing.T) {
	e, admin := withAdmin(t)
	bad := []app.NewStaff{
		{Username: "x", DisplayName: "X", Roles: []app.Role{app.RoleFrontDesk}, Password: "long enough password"},
		{Username: "bob'; DROP TABLE staff;--", DisplayName: "Bob", Roles: []app.Role{app.RoleFrontDesk}, Password: "long enough password"},
		{Username: "bob", DisplayName: "Bob\x00\x07", Roles: []app.Role{app.RoleFrontDesk}, Password: "long enough password"},
		{Username: "bob", DisplayName: strings.Repeat("B", 5000), Roles: []app.Role{app.RoleFrontDesk}, Password: "long enough password"},
		{Username: "bob", DisplayName: "Bob", Roles: []app.Role{"root"}, Password: "long enough password"},
		{Username: "bob", DisplayName: "Bob", Password: "long enough password"},
		{Username: "bob", DisplayName: "Bob", Roles: []app.Role{app.RoleFrontDesk}, Password: "bob's long password"},
		{Username: "bob", DisplayName: "Bob", Roles: []app.Role{app.RoleFrontDesk}, Password: "tab\tinside password"},
	}
	for _, n := range bad {
		if _, err := e.Svc.CreateStaff(admin, n); app.ErrorCode(err) != app.EInvalid {
			t.Errorf("%+v: %v", n, err)
		}
	}
	st, err := e.Svc.CreateStaff(admin, app.NewStaff{Username: "o.brien", DisplayName: "Seán O'Brien \"Jr\"; --", Roles: []app.Role{app.RoleDirector},
		Password: "Robert'); DROP TABLE staff;--"})
	if err != nil {
		t.Fatal(err)
	}
	all, err := e.Svc.ListStaff(admin)
	if err != nil || len(all) != 2 || all[0].DisplayName == "" {
		t.Fatalf("%v %+v", err, all)
	}
	if _, err := e.Svc.SignIn(context.Background(), st.Username, "Robert'); DROP TABLE staff;--"); err != nil {
		t.Fatal(err)
	}
}

func TestPasswordHashFormat(t *testing.T) {
	h := app.HashPassword("correct horse battery staple")
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") || h == app.HashPassword("correct horse battery staple") {
		t.Fatalf("hash %s", h)
	}
	if !app.CheckPassword(h, "correct horse battery staple") || app.CheckPassword(h, "correct horse battery stapler") {
		t.Fatal("check")
	}
	for _, bad := range []string{"", "$argon2id$", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", strings.Replace(h, "m=19456", "m=99999999", 1)} {
		if app.CheckPassword(bad, "x") {
			t.Fatalf("malformed hash %q matched", bad)
		}
	}
}

func TestAccessReviewSamplesAndFlags(t *testing.T) {
	e, admin := withAdmin(t)
	for _, u := range []string{"ana", "ben", "cruz", "dee", "eli"} {
		addStaff(t, e, admin, u, app.RoleFrontDesk)
	}
	ana := signIn(t, e, "ana")
	e.Clock = e.Clock.AddDate(0, 4, 0) // a quarter and more later: ana's last sign-in is old
	rev, err := e.Svc.AccessReview(admin, 3, 42)
	if err != nil || len(rev.Rows) != 3 || rev.ActiveAccounts != 6 || rev.Seed != 42 {
		t.Fatalf("review %+v %v", rev, err)
	}
	again, _ := e.Svc.AccessReview(admin, 3, 42)
	for i := range rev.Rows {
		if again.Rows[i].Staff.ID != rev.Rows[i].Staff.ID {
			t.Fatal("the same seed drew another sample")
		}
	}
	full, _ := e.Svc.AccessReview(admin, 0, 0)
	if len(full.Rows) != 6 || full.Seed == 0 {
		t.Fatalf("full review %d rows, seed %d", len(full.Rows), full.Seed)
	}
	for _, r := range full.Rows {
		flags := strings.Join(r.Flags, "; ")
		if !strings.Contains(flags, "no sign-in for 90 days") {
			t.Errorf("%s: flags %q", r.Staff.Username, flags)
		}
		if r.Staff.Username == "ben" && !strings.Contains(flags, "temporary password not changed") {
			t.Errorf("ben: flags %q", flags)
		}
	}
	got := strings.Join(auditActions(t, e, admin, 1), "")
	if !strings.Contains(got, "access.review:rosa:sample 6 of 6 active") {
		t.Fatalf("review not audited: %s", got)
	}
	_, err = e.Svc.AccessReview(ana, 2, 0)
	wantCode(t, err, app.EForbidden, "administrator")
}

// A password typed into the username field never reaches the audit log:
// unknown names are kept only when they look like a username.
func TestFailedSignInKeepsNoPassword(t *testing.T) {
	e := datatest.New(t)
	day := datatest.Now.AddDate(0, -1, 0)
	if _, _, err := e.Svc.CreateFirstAdministrator(context.Background(), app.NewStaff{Username: "rosa", DisplayName: "Rosa Delgado",
		Roles: []app.Role{app.RoleAdministrator}, Password: "correct horse battery staple", ConfidentialitySigned: &day, TrainingCompleted: &day}); err != nil {
		t.Fatal(err)
	}
	for _, typed := range []string{"she chose this one herself", "bluesky2026rain", "nobody"} {
		e.Svc.SignIn(context.Background(), typed, "x")
	}
	sess, err := e.Svc.SignIn(context.Background(), "rosa", "correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	log, err := e.Svc.AuditLog(app.WithActor(context.Background(), sess.Actor), app.AuditFilter{Action: "signin.failed"})
	if err != nil || len(log) != 3 {
		t.Fatalf("%d failed sign-ins logged: %v", len(log), err)
	}
	var actors []string
	for _, l := range log {
		actors = append(actors, l.Actor)
	}
	got := strings.Join(actors, " | ")
	if strings.Contains(got, "herself") || strings.Contains(got, "bluesky") || !strings.Contains(got, "nobody") || strings.Count(got, "(unknown ") != 2 {
		t.Fatalf("failed sign-ins recorded as %q", got)
	}
}
