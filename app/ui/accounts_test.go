package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// signedOut is the UI on a database with an administrator ("desk", front
// desk too), at the sign-in screen.
func signedOut(t *testing.T) (*datatest.Env, *UI, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	e := datatest.New(t)
	staff(t, e, "desk", "Dana Desk", app.RoleAdministrator, app.RoleFrontDesk)
	noAutoLock(t, e)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1100, 720))
	u := New(t.Context(), e.Svc, w, Options{CardDir: t.TempDir()})
	return e, u, w
}

// adminCtx acts as the administrator "desk".
func adminCtx(t *testing.T, e *datatest.Env) app.Session {
	t.Helper()
	sess, err := e.Svc.SignIn(e.Ctx, "desk", deskPassword)
	if err != nil {
		t.Fatal(err)
	}
	return sess
}

func TestSignInWrongPasswordShowsErrorAndStays(t *testing.T) {
	_, u, w := signedOut(t)
	if u.mode != modeSignIn || w.Canvas().Focused() != u.signin.username {
		t.Fatalf("mode %d; focus on the username wanted", u.mode)
	}
	if !u.signin.password.Password {
		t.Fatal("the password field does not hide what is typed")
	}
	signIn(t, u, "desk", "not the password")
	if u.mode != modeSignIn || u.tabs != nil {
		t.Fatalf("signed in with a wrong password (mode %d)", u.mode)
	}
	if !strings.Contains(u.signin.errLine.Text, "Wrong username or password") || u.signin.password.Text != "" {
		t.Fatalf("error %q, password field %q", u.signin.errLine.Text, u.signin.password.Text)
	}
	if strings.Contains(test.RenderToMarkup(w.Canvas()), "not the password") {
		t.Fatal("the password is shown")
	}
	signIn(t, u, "DESK", deskPassword)
	if u.mode != modeDesk || u.actor.Username != "desk" {
		t.Fatalf("mode %d, actor %+v", u.mode, u.actor)
	}
}

func TestLockoutAfterFiveWrongPasswords(t *testing.T) {
	_, u, _ := signedOut(t)
	for i := 0; i < app.MaxFailedSignIns; i++ {
		signIn(t, u, "desk", "wrong password")
	}
	if !strings.Contains(u.signin.errLine.Text, "locked") {
		t.Fatalf("after %d wrong passwords: %q", app.MaxFailedSignIns, u.signin.errLine.Text)
	}
	signIn(t, u, "desk", deskPassword)
	if u.mode != modeSignIn || !strings.Contains(u.signin.errLine.Text, "locked") {
		t.Fatalf("locked account signed in: mode %d, %q", u.mode, u.signin.errLine.Text)
	}
}

func TestTemporaryPasswordMustBeChangedFirst(t *testing.T) {
	e, u, w := signedOut(t)
	admin := adminCtx(t, e)
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	if _, err := e.Svc.CreateStaff(app.WithActor(e.Ctx, admin.Actor), app.NewStaff{Username: "maria", DisplayName: "María Soto",
		Roles: []app.Role{app.RoleFrontDesk}, Password: "temporary pass 42", ConfidentialitySigned: &day, TrainingCompleted: &day}); err != nil {
		t.Fatal(err)
	}
	signIn(t, u, "maria", "temporary pass 42")
	if u.mode != modeChange || u.tabs != nil {
		t.Fatalf("mode %d: want the forced password change", u.mode)
	}
	c := u.change
	if w.Canvas().Focused() != c.current {
		t.Fatal("the temporary password field does not have the focus")
	}
	if !strings.Contains(test.RenderToMarkup(w.Canvas()), "At least 12 characters") {
		t.Fatal("no password rules shown")
	}
	test.Type(c.current, "temporary pass 42")
	test.Type(c.next, "too short")
	test.Type(c.again, "too short")
	test.Tap(c.button)
	if !strings.Contains(c.errLine.Text, "at least 12") || u.mode != modeChange {
		t.Fatalf("short password: %q", c.errLine.Text)
	}
	c.next.SetText("my own long password")
	c.again.SetText("my own long pasword")
	test.Tap(c.button)
	if !strings.Contains(c.errLine.Text, "not the same") {
		t.Fatalf("mismatch: %q", c.errLine.Text)
	}
	c.again.SetText("my own long password")
	c.again.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if u.mode != modeDesk || u.actor.Username != "maria" || u.actor.MustChangePassword || u.checkin == nil {
		t.Fatalf("mode %d, actor %+v, error %q", u.mode, u.actor, c.errLine.Text)
	}
	if u.staff != nil || len(u.tabs.Items) != 4 { // check-in, paper sheets, participants, events
		t.Fatalf("front desk person got %d tabs (staff screen %v)", len(u.tabs.Items), u.staff != nil)
	}
	if _, err := e.Svc.SignIn(e.Ctx, "maria", "my own long password"); err != nil {
		t.Fatalf("new password: %v", err)
	}
}

func TestTabsFollowRoles(t *testing.T) {
	e, u, _ := signedOut(t)
	staff(t, e, "carla", "Carla Case", app.RoleCaseManager)
	signIn(t, u, "carla", deskPassword)
	if u.mode != modeDesk || u.checkin != nil || u.events != nil || u.staff != nil || u.audit != nil || u.participants == nil {
		t.Fatalf("case manager's screens: mode %d checkin %v events %v staff %v audit %v", u.mode, u.checkin != nil, u.events != nil, u.staff != nil, u.audit != nil)
	}
	if len(u.tabs.Items) != 2 || u.tabs.Items[0].Text != "Participants" || u.tabs.Items[1].Text != "Follow-ups" || u.followups == nil {
		t.Fatalf("tabs %d", len(u.tabs.Items))
	}
	u.signOut()
	staff(t, e, "dora", "Dora Director", app.RoleDirector)
	signIn(t, u, "dora", deskPassword)
	if len(u.tabs.Items) != 4 || u.tabs.Items[0].Text != "Follow-ups" || u.tabs.Items[1].Text != "Events" ||
		u.tabs.Items[2].Text != "Reports" || u.tabs.Items[3].Text != "Export" {
		t.Fatalf("director's tabs %d", len(u.tabs.Items))
	}
	// a director who is not a case manager gets the site's rosters only
	if len(u.followups.tabs.Items) != 1 || u.followups.tabs.Items[0].Text != "Quarterly roster" ||
		u.followups.roster.whoIDs[0] != 0 {
		t.Fatalf("director's follow-ups: %d tabs, roster for %v", len(u.followups.tabs.Items), u.followups.roster.whoIDs)
	}
}

func TestAutoLockKeepsTheScreenForTheSamePersonOnly(t *testing.T) {
	d, _, maria, _ := orientationDesk(t)
	staff(t, d.env, "ben", "Ben Front", app.RoleFrontDesk)
	u := d.u
	d.typeScan(maria.Code, fyne.KeyReturn)
	d.wantResult(toneGood, "María G. is checked in")
	test.Type(d.s.scan, "Jos") // half-typed search
	d.settle()
	u.autoLock = 60 * time.Millisecond
	u.startIdle()
	time.Sleep(30 * time.Millisecond)
	if u.mode != modeDesk {
		t.Fatal("locked too soon")
	}
	time.Sleep(300 * time.Millisecond)
	if u.mode != modeSignIn {
		t.Fatalf("not locked after the idle time (mode %d)", u.mode)
	}
	markup := test.RenderToMarkup(d.win.Canvas())
	if strings.Contains(markup, "María") || strings.Contains(markup, "Check-in") {
		t.Fatal("the locked screen still shows the desk")
	}
	if u.signin.username.Text != "desk" || d.win.Canvas().Focused() != u.signin.password {
		t.Fatalf("lock: username %q; focus on the password wanted", u.signin.username.Text)
	}
	// the same person finds the screen as they left it
	u.autoLock = time.Hour
	signIn(t, u, "desk", deskPassword)
	if u.mode != modeDesk || u.checkin != d.s {
		t.Fatal("the same person got a new check-in screen")
	}
	d.wantResult(toneGood, "María G. is checked in")
	if len(d.s.recent) != 1 || d.s.scan.Text != "Jos" || u.tabs.Selected().Content != d.s.content {
		t.Fatalf("recent %d, scan %q", len(d.s.recent), d.s.scan.Text)
	}
	if !strings.Contains(test.RenderToMarkup(d.win.Canvas()), "María G.") {
		t.Fatal("the restored screen does not show the last answer")
	}
	// someone else gets a fresh screen
	u.lock(false)
	if u.signin.username.Text != "" {
		t.Fatal("switch user keeps the username")
	}
	signIn(t, u, "ben", deskPassword)
	if u.mode != modeDesk || u.actor.Username != "ben" || u.checkin == d.s || len(u.checkin.recent) != 0 || u.checkin.result.tone != toneIdle {
		t.Fatal("another person sees the previous person's screen")
	}
	if strings.Contains(test.RenderToMarkup(d.win.Canvas()), "María") {
		t.Fatal("the previous person's answer is still visible")
	}
	// and desk, signing in again, gets fresh screens too: theirs were dropped
	u.signOut()
	signIn(t, u, "desk", deskPassword)
	if u.checkin == d.s || len(u.checkin.recent) != 0 {
		t.Fatal("dropped screens came back")
	}
}

func TestLockPutsDialogsAway(t *testing.T) {
	d, _, _, _ := orientationDesk(t)
	d.s.walkIn()
	if d.win.Canvas().Overlays().Top() == nil {
		t.Fatal("no walk-in dialog")
	}
	d.u.lock(true)
	if d.win.Canvas().Overlays().Top() != nil {
		t.Fatal("the walk-in form is visible on the lock screen")
	}
	signIn(t, d.u, "desk", deskPassword)
	if d.win.Canvas().Overlays().Top() == nil {
		t.Fatal("the walk-in form did not come back")
	}
}
