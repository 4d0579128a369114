package ui

import (
	"image/png"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// desk is a check-in screen on a real database, in a test window.
type desk struct {
	t   *testing.T
	env *datatest.Env
	u   *UI
	win fyne.Window
	s   *checkInScreen
}

// newDesk builds the UI after setup has added events and people, with the
// clock at datatest.Now (10:15 in Los Angeles).
func newDesk(t *testing.T, setup func(e *datatest.Env)) *desk {
	t.Helper()
	test.NewTempApp(t)
	e := datatest.New(t)
	if setup != nil {
		setup(e)
	}
	staff(t, e, "desk", "Dana Desk", app.RoleAdministrator, app.RoleFrontDesk)
	noAutoLock(t, e)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1100, 720))
	u := New(t.Context(), e.Svc, w, Options{CardDir: t.TempDir()})
	signIn(t, u, "desk", deskPassword)
	d := &desk{t: t, env: e, u: u, win: w, s: u.checkin}
	if d.s == nil {
		t.Fatalf("no check-in screen after signing in: %q", u.signin.errLine.Text)
	}
	d.s.idleDelay = 30 * time.Millisecond
	d.s.search.delay = 5 * time.Millisecond
	return d
}

// at is 2026-03-10 at h:m in Los Angeles.
func at(h, m int) time.Time {
	loc, _ := time.LoadLocation(app.DefaultTimeZone)
	return time.Date(2026, 3, 10, h, m, 0, 0, loc)
}

// typeScan types text into the scan field as a scanner would, then the
// terminator key ("" for none).
func (d *desk) typeScan(text string, end fyne.KeyName) {
	d.t.Helper()
	test.Type(d.s.scan, text)
	if end != "" {
		d.s.scan.TypedKey(&fyne.KeyEvent{Name: end})
	}
	d.settle()
}

// settle waits for timers and queued work to be applied.
func (d *desk) settle() {
	time.Sleep(2 * max(d.s.idleDelay, d.s.search.delay))
	d.s.wait()
}

func (d *desk) title() string  { return d.s.result.title.Text }
func (d *desk) detail() string { return d.s.result.detail.Text }

func (d *desk) wantResult(tn tone, title string) {
	d.t.Helper()
	if d.s.result.tone != tn || !strings.Contains(d.title(), title) {
		d.t.Fatalf("result %q / %q (tone %d); want tone %d and %q", d.title(), d.detail(), d.s.result.tone, tn, title)
	}
}

func (d *desk) activeCheckIns(eventID int64) []app.CheckIn {
	d.t.Helper()
	cs, err := d.env.Svc.CheckIns(d.env.Ctx, eventID)
	if err != nil {
		d.t.Fatal(err)
	}
	return cs
}

// deskPassword is every test account's password.
const deskPassword = "correct horse battery"

// staff makes an account with roles, dates on record and deskPassword:
// the first administrator when there is none yet, otherwise a normal
// account (created by that administrator) whose temporary password was
// already changed.
func staff(t *testing.T, e *datatest.Env, username, name string, roles ...app.Role) app.Staff {
	t.Helper()
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	n := app.NewStaff{Username: username, DisplayName: name, Roles: roles, Password: deskPassword,
		ConfidentialitySigned: &day, TrainingCompleted: &day}
	has, err := e.Svc.HasStaff(e.Ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !has {
		sess, _, err := e.Svc.CreateFirstAdministrator(e.Ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		return sess.Staff
	}
	all, err := e.Svc.ListStaff(e.Ctx)
	if err != nil {
		t.Fatal(err)
	}
	var admins []app.Staff
	for _, a := range all {
		if a.Has(app.RoleAdministrator) {
			admins = append(admins, a)
		}
	}
	n.Password = "temporary password 1"
	st, err := e.Svc.CreateStaff(app.WithActor(e.Ctx, app.Actor{ID: admins[0].ID, Username: admins[0].Username, Roles: admins[0].Roles}), n)
	if err != nil {
		t.Fatal(err)
	}
	sess, err := e.Svc.SignIn(e.Ctx, username, n.Password)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Svc.ChangePassword(app.WithActor(e.Ctx, sess.Actor), n.Password, deskPassword); err != nil {
		t.Fatal(err)
	}
	return st
}

// signIn signs in through the sign-in screen, with Enter.
func signIn(t *testing.T, u *UI, username, password string) {
	t.Helper()
	if u.mode != modeSignIn {
		t.Fatalf("not on the sign-in screen (mode %d)", u.mode)
	}
	s := u.signin
	s.username.SetText("")
	test.Type(s.username, username)
	s.password.SetText("")
	test.Type(s.password, password)
	s.password.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
}

// noAutoLock turns the auto-lock off (tests that want it set UI.autoLock).
func noAutoLock(t *testing.T, e *datatest.Env) {
	t.Helper()
	if err := e.Svc.SetSettings(e.Ctx, app.Settings{AutoLockMinutes: 0, ScanSounds: true}); err != nil {
		t.Fatal(err)
	}
}

// directorUI builds the interface on e in a test window of the given size,
// with an administrator (admin) and a director (dora), and signs dora in.
func directorUI(t *testing.T, e *datatest.Env, size fyne.Size) *UI {
	t.Helper()
	staff(t, e, "admin", "Ada Admin", app.RoleAdministrator)
	staff(t, e, "dora", "Dora Director", app.RoleDirector)
	noAutoLock(t, e)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(size)
	u := New(t.Context(), e.Svc, w, Options{CardDir: t.TempDir()})
	signIn(t, u, "dora", deskPassword)
	return u
}

// saveScreenshot writes what w shows, dialogs included, to path as a PNG.
// The test canvas does not lay out again what grew since, as the window's
// canvas does before it paints: a resize to one pixel less and back does.
func saveScreenshot(t *testing.T, w fyne.Window, path string) {
	t.Helper()
	size := w.Canvas().Size()
	w.Resize(size.SubtractWidthHeight(1, 0))
	w.Resize(size)
	c := w.Canvas()
	for _, o := range append([]fyne.CanvasObject{c.Content()}, c.Overlays().List()...) {
		noNilColours(o)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, c.Capture()); err != nil {
		t.Fatal(err)
	}
}
