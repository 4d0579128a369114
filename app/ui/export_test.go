package ui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

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
		p.SiteID, p.Language, p.SharedPhoneOK = e.Site.ID, "es", true
		if _, err := e.Svc.AddParticipant(e.Ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	e.Event(t, app.KindWorkshop, "Resume Writing", at(13, 0).AddDate(0, 0, 2), 2*time.Hour, 20)
	u := directorUI(t, e, fyne.NewSize(1100, 720))
	w := u.win
	s := u.export
	if s == nil || u.tabs == nil {
		t.Fatal("no Export tab for a director")
	}
	u.tabs.Select(u.tabs.Items[len(u.tabs.Items)-1])
	if !s.password.Disabled() {
		t.Error("the password is enabled for CSV")
	}
	// the person picking a profile is told who reads its files
	if !strings.Contains(s.profileHint.Text, "without a byte-order mark") {
		t.Errorf("CSV profile hint %q", s.profileHint.Text)
	}
	if !strings.Contains(test.RenderToMarkup(w.Canvas()), "cannot be uploaded to RapidPro as it is") {
		t.Error("no word next to the password that RapidPro cannot import an encrypted workbook")
	}
	dir := filepath.Join(t.TempDir(), "bundle")
	s.folder.SetText(dir)
	s.profile.SetSelected(exportProfileLabels()[1])
	if s.password.Disabled() {
		t.Error("the password is disabled for RapidPro")
	}
	if !strings.Contains(s.profileHint.Text, "+12135550142") {
		t.Errorf("RapidPro profile hint %q", s.profileHint.Text)
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
	if !strings.Contains(sum, "2 participants and 1 event exported") || !strings.Contains(sum, "1 contact; 1 person sharing a phone") || !strings.Contains(sum, "contacts-001.xlsx") {
		t.Errorf("summary %q", sum)
	}
	if !s.open.Visible() || s.bar.Value != 1 || !strings.HasPrefix(s.last.Text, "Last export:") {
		t.Errorf("open %v, bar %v, last %q", s.open.Visible(), s.bar.Value, s.last.Text)
	}
	if !strings.Contains(test.RenderToMarkup(w.Canvas()), "2 participants and 1 event exported") {
		t.Error("the summary is not on screen")
	}
	// Open folder hands the export's folder to the viewer
	v := &opener{}
	u.opts.Open = v.open
	test.Tap(s.open)
	if v.last() != s.dir || s.dir == "" {
		t.Errorf("Open folder opened %q, want the export folder %q", v.last(), s.dir)
	}
	// and says so when nothing opened it
	v.err = errors.New("no handler")
	test.Tap(s.open)
	if !strings.Contains(test.RenderToMarkup(w.Canvas()), "No program opened the folder") {
		t.Error("no word that the folder did not open")
	}
	for _, o := range w.Canvas().Overlays().List() {
		w.Canvas().Overlays().Remove(o)
	}

	// a bad date is said, and nothing runs
	s.from.SetText("March 10")
	test.Tap(s.run)
	s.wait()
	if !s.errLine.Visible() || !strings.Contains(s.errLine.Text, "First day") || !strings.Contains(s.errLine.Text, "MM/DD/YYYY") {
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
