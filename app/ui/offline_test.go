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

func init() { deskLineEvery = 0 } // tests apply statuses themselves

// A desk of a center server says across the top when it is offline and how
// many check-ins wait, while they are sent, and what the rules resolved.
func TestDeskLineSaysOfflineAndConflicts(t *testing.T) {
	test.NewTempApp(t)
	e := datatest.New(t)
	staff(t, e, "desk", "Dana Desk", app.RoleAdministrator, app.RoleFrontDesk)
	noAutoLock(t, e)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1024, 600))
	u := New(t.Context(), e.Svc, w, Options{CardDir: t.TempDir(), DeskStatus: func() app.DeskStatus { return app.DeskStatus{} }})
	signIn(t, u, "desk", deskPassword)
	l := u.deskLine
	if l == nil || l.bar.Visible() {
		t.Fatal("an online desk with nothing waiting shows the line")
	}
	l.apply(app.DeskStatus{Offline: true, Waiting: 12, Since: datatest.Now})
	if !l.bar.Visible() || l.text.Text != "Offline — 12 check-ins waiting" || !strings.Contains(l.detail.Text, "everything else waits") {
		t.Fatalf("offline: %v %q %q", l.bar.Visible(), l.text.Text, l.detail.Text)
	}
	l.apply(app.DeskStatus{Offline: true, Waiting: 1})
	if l.text.Text != "Offline — 1 check-in waiting" {
		t.Fatalf("one waiting: %q", l.text.Text)
	}
	l.apply(app.DeskStatus{Waiting: 3})
	if !l.bar.Visible() || l.text.Text != "Sending 3 check-ins to the center server…" || l.show.Visible() {
		t.Fatalf("sending: %q", l.text.Text)
	}
	at := time.Date(2026, 3, 10, 16, 5, 0, 0, time.UTC) // 9:05 in Los Angeles
	conflicts := []app.DeskConflict{
		{Kind: app.ConflictAlreadyIn, Participant: "Carmen C.", Event: "WIOA Orientation", KeptDesk: "Greeter", KeptAt: at, MadeAt: at.Add(4 * time.Minute)},
		{Kind: app.ConflictRegisteredTwice, Participant: "Eva N.", Code: "P-7K2M9Q4W1X", KeptAt: at, MadeAt: at.Add(time.Minute)},
	}
	l.apply(app.DeskStatus{Conflicts: conflicts})
	if !l.bar.Visible() || l.text.Text != "2 records from the offline time need a look" || !l.show.Visible() {
		t.Fatalf("conflicts: %q show=%v", l.text.Text, l.show.Visible())
	}
	test.Tap(l.show)
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no list of the conflicts")
	}
	said := strings.Join(texts(top), " ")
	for _, want := range []string{
		"Carmen C. was checked in to WIOA Orientation here at 9:09 AM while offline, and at Greeter at 9:05 AM: one check-in was kept, the one at Greeter.",
		"Eva N. was registered here at 9:06 AM while offline, and at another desk too: one registration was kept (card P-7K2M9Q4W1X)",
	} {
		if !strings.Contains(said, want) {
			t.Errorf("the list does not say %q:\n%s", want, said)
		}
	}
	// looked at: the line goes away, until there is something new
	if l.bar.Visible() {
		t.Fatal("the line stays after the conflicts were looked at")
	}
	l.apply(app.DeskStatus{Conflicts: append(conflicts, conflicts[0])})
	if !l.bar.Visible() || l.text.Text != "1 record from the offline time needs a look" {
		t.Fatalf("a new conflict: %q", l.text.Text)
	}
}
