package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

func TestExportScreen(t *testing.T) {
	test.NewTempApp(t)
	e := datatest.New(t)
	for _, p := range []app.Participant{
		{FirstName: "María", LastName: "González", Phone: "213-555-0142", Consent: app.Consent{Given: true}},
		{FirstName: "Ana", LastName: "González", Phone: "213-555-0142", Consent: app.Consent{Given: true}},
		{FirstName: "Keisha", LastName: "Johnson", Phone: "310-555-0123"},
	} {
		p.SiteID, p.Language = e.Site.ID, "es"
		if _, err := e.Svc.AddParticipant(e.Ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	e.Event(t, app.KindWorkshop, "Resume Writing", at(13, 0).AddDate(0, 0, 2), 2*time.Hour, 20)
	staff(t, e, "admin", "Ada Admin", app.RoleAdministrator)
	staff(t, e, "dora", "Dora Director", app.RoleDirector)
	noAutoLock(t, e)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1100, 720))
	u := New(t.Context(), e.Svc, w, Options{CardDir: t.TempDir()})
	signIn(t, u, "dora", deskPassword)
	s := u.export
	if s == nil || u.tabs == nil {
		t.Fatal("no Export tab for a director")
	}
	u.tabs.Select(u.tabs.Items[len(u.tabs.Items)-1])
	if !s.password.Disabled() {
		t.Error("the password is enabled for CSV")
	}
	dir := filepath.Join(t.TempDir(), "bundle")
	s.folder.SetText(dir)
	s.profile.SetSelected(exportProfileLabels()[1])
	if s.password.Disabled() {
		t.Error("the password is disabled for RapidPro")
	}
	test.Tap(s.run)
	s.wait()
	if s.errLine.Visible() {
		t.Fatalf("export failed: %s", s.errLine.Text)
	}
	for _, f := range []string{"contacts-001.xlsx", "events.csv", "site.csv", "calendar.ics", "manifest.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	sum := s.summary.Text
	if !strings.Contains(sum, "2 participants and 1 events") || !strings.Contains(sum, "1 contacts; 1 people") || !strings.Contains(sum, "contacts-001.xlsx") {
		t.Errorf("summary %q", sum)
	}
	if !s.open.Visible() || s.bar.Value != 1 || !strings.HasPrefix(s.last.Text, "Last export:") {
		t.Errorf("open %v, bar %v, last %q", s.open.Visible(), s.bar.Value, s.last.Text)
	}
	if !strings.Contains(test.RenderToMarkup(w.Canvas()), "2 participants and 1 events exported") {
		t.Error("the summary is not on screen")
	}
	test.Tap(s.open) // the test app opens nothing, and must not fail

	// a bad date is said, and nothing runs
	s.from.SetText("March 10")
	test.Tap(s.run)
	s.wait()
	if !s.errLine.Visible() || !strings.Contains(s.errLine.Text, "2026-03-10") {
		t.Errorf("bad date: %q", s.errLine.Text)
	}
	// a front desk account has no Export tab
	u.signOut()
	staff(t, e, "fred", "Fred Desk", app.RoleFrontDesk)
	signIn(t, u, "fred", deskPassword)
	if u.export != nil {
		t.Error("a front desk account got the Export tab")
	}
}
