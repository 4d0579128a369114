package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// signedInAs signs username (with roles) in on a fresh window of e.
func signedInAs(t *testing.T, e *datatest.Env, username string, roles ...app.Role) *UI {
	t.Helper()
	staff(t, e, "admin", "Ada Admin", app.RoleAdministrator)
	staff(t, e, username, "Sam Staff", roles...)
	noAutoLock(t, e)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1100, 720))
	u := New(t.Context(), e.Svc, w, Options{CardDir: t.TempDir()})
	signIn(t, u, username, deskPassword)
	if u.tabs == nil || u.tabs.Selected() == nil {
		t.Fatalf("no tabs after signing in as %s", username)
	}
	return u
}

// The first tab after sign-in is set up as if it had been chosen: a case
// manager's Participants list is filled and counted.
func TestFirstTabAfterSignInIsFilled(t *testing.T) {
	test.NewTempApp(t)
	e := datatest.New(t)
	e.Participant(t, "María", "González", "213-555-0142")
	e.Participant(t, "José", "Gómez", "")
	u := signedInAs(t, e, "casey", app.RoleCaseManager)
	if u.participants == nil || u.tabs.Selected().Content != u.participants.content {
		t.Fatal("a case manager does not land on Participants")
	}
	if n := len(u.participants.rows); n != 2 {
		t.Fatalf("the Participants list shows %d people, want 2", n)
	}
	if u.participants.total.Text == "" {
		t.Fatal("the Participants count is empty")
	}
}

// A kit-circulation account lands on Kits → Checkout with the cursor in the
// scan field, so the first wedge scan is not lost.
func TestKitDeskFirstScanNeedsNoClick(t *testing.T) {
	test.NewTempApp(t)
	e := datatest.New(t)
	u := signedInAs(t, e, "kim", app.RoleCirculation)
	if u.kits == nil || u.tabs.Selected().Content != u.kits.content {
		t.Fatal("a kit-circulation account does not land on Kits")
	}
	if got := u.win.Canvas().Focused(); got != u.kits.checkout.scan {
		t.Fatalf("focus is on %T, want the Checkout scan field", got)
	}
}
