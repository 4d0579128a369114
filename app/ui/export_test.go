package ui

import (
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

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
	// one site: no choice of site, and nothing new on screen
	if s.site != nil || strings.Contains(test.RenderToMarkup(w.Canvas()), "one bundle each") {
		t.Error("a database of one site shows a choice of site")
	}
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

// exportSites is a center server's database of two sites: the desk's own
// (East LA, Los Angeles time) and the Bronx (New York time), each with a
// participant who may be texted and an event.
func exportSites(t *testing.T) (*datatest.Env, app.Site) {
	t.Helper()
	e := datatest.New(t)
	bronx, err := e.Svc.CreateSite(e.Ctx, app.Site{Name: "Bronx", TimeZone: "America/New_York"})
	if err != nil {
		t.Fatal(err)
	}
	ny, _ := time.LoadLocation("America/New_York")
	for _, x := range []struct {
		site        app.Site
		first, last string
		phone       string
		event       string
		start       time.Time
	}{
		{e.Site, "María", "González", "213-555-0142", "Resume Writing", at(13, 0).AddDate(0, 0, 2)},
		{bronx, "Keisha", "Johnson", "718-555-0123", "Bronx Job Fair", time.Date(2026, 3, 12, 10, 0, 0, 0, ny)},
	} {
		if _, err := e.Svc.AddParticipant(e.Ctx, app.Participant{SiteID: x.site.ID, FirstName: x.first, LastName: x.last, Phone: x.phone,
			Language: "en", Consent: app.Consent{Given: true}}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Svc.AddEvent(e.Ctx, app.Event{SiteID: x.site.ID, Kind: app.KindWorkshop, Title: x.event, Language: "en",
			Location: "Room A", Start: x.start, End: x.start.Add(2 * time.Hour), Capacity: 20}); err != nil {
			t.Fatal(err)
		}
	}
	return e, bronx
}

// readBundle reads a bundle's participants.csv, events.csv and
// calendar.ics.
func readBundle(t *testing.T, dir string) (people, events, cal string) {
	t.Helper()
	var out [3]string
	for i, name := range []string{"participants.csv", "events.csv", "calendar.ics"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		out[i] = string(b)
	}
	return out[0], out[1], out[2]
}

// On a center server of several sites the director picks the site to
// export, or every site, each bundle in that site's time zone.
func TestExportScreenSites(t *testing.T) {
	test.NewTempApp(t)
	e, bronx := exportSites(t)
	east := e.Site
	u := directorUI(t, e, fyne.NewSize(1100, 720))
	s := u.export
	u.tabs.Select(u.tabs.Items[len(u.tabs.Items)-1])
	if s.site == nil {
		t.Fatal("no choice of site on a database of two sites")
	}
	want := []string{east.Name, "Bronx", "All sites (one bundle each)"}
	if strings.Join(s.site.Options, "|") != strings.Join(want, "|") || s.site.Selected != east.Name {
		t.Fatalf("site choices %q, %q chosen; want %q, the desk's own chosen", s.site.Options, s.site.Selected, want)
	}
	if !strings.Contains(test.RenderToMarkup(u.win.Canvas()), east.Name) {
		t.Error("the site chosen is not on screen")
	}
	if s.last.Text != "Never exported with this profile: the first export has everyone." {
		t.Errorf("last export %q", s.last.Text)
	}

	// the Bronx alone: its participant and events, in New York time
	s.site.SetSelected("Bronx")
	dir := filepath.Join(t.TempDir(), "bronx")
	s.folder.SetText(dir)
	test.Tap(s.run)
	s.wait()
	if s.errLine.Visible() {
		t.Fatalf("export failed: %s", s.errLine.Text)
	}
	people, events, cal := readBundle(t, dir)
	if !strings.Contains(people, "Keisha,Johnson,+17185550123,,en,Bronx,") || strings.Contains(people, "María") {
		t.Errorf("the Bronx's participants.csv:\n%s", people)
	}
	if !strings.Contains(events, ",Bronx Job Fair,2026-03-12T10:00:00-04:00,2026-03-12T12:00:00-04:00,") || strings.Contains(events, "Resume Writing") {
		t.Errorf("the Bronx's events.csv:\n%s", events)
	}
	if !strings.Contains(cal, "DTSTART;TZID=America/New_York:20260312T100000") || !strings.Contains(cal, "SUMMARY:Bronx Job Fair") ||
		strings.Contains(cal, "Resume Writing") {
		t.Errorf("the Bronx's calendar.ics:\n%s", cal)
	}
	if !strings.Contains(s.summary.Text, "1 participant and 1 event exported to "+dir) || s.dir != dir {
		t.Errorf("summary %q, folder %q", s.summary.Text, s.dir)
	}
	// the last export is the Bronx's, at 1:15 PM New York time; the desk's
	// own site has none yet
	ny, _ := time.LoadLocation("America/New_York")
	if want := "Last export: " + showDateTime(datatest.Now.In(ny)); s.last.Text != want || !strings.Contains(want, "1:15") {
		t.Errorf("last export %q, want %q", s.last.Text, want)
	}
	s.site.SetSelected(east.Name)
	if !strings.HasPrefix(s.last.Text, "Never exported") {
		t.Errorf("the desk's site's last export after the Bronx's: %q", s.last.Text)
	}

	// every site, each bundle in its own folder named as frontdeskctl
	// names them
	all := filepath.Join(t.TempDir(), "all")
	s.folder.SetText(all)
	s.site.SetSelected("All sites (one bundle each)")
	if s.last.Text != east.Name+": Never exported with this profile: the first export has everyone.\nBronx: Last export: "+showDateTime(datatest.Now.In(ny)) {
		t.Errorf("every site's last export: %q", s.last.Text)
	}
	test.Tap(s.run)
	s.wait()
	if s.errLine.Visible() {
		t.Fatalf("export of every site failed: %s", s.errLine.Text)
	}
	eastDir, bronxDir := filepath.Join(all, "east-la-worksource-center-1"), filepath.Join(all, "bronx-"+strconv.FormatInt(bronx.ID, 10))
	entries, _ := os.ReadDir(all)
	if len(entries) != 2 {
		t.Errorf("%d entries in the folder, want the two sites' folders", len(entries))
	}
	people, events, cal = readBundle(t, eastDir)
	if !strings.Contains(people, "María,González,+12135550142") || strings.Contains(people, "Keisha") ||
		!strings.Contains(events, ",Resume Writing,2026-03-12T13:00:00-07:00,") || strings.Contains(events, "Bronx Job Fair") ||
		!strings.Contains(cal, "DTSTART;TZID=America/Los_Angeles:20260312T130000") || strings.Contains(cal, "Bronx Job Fair") {
		t.Errorf("the East LA bundle:\n%s\n%s\n%s", people, events, cal)
	}
	people, _, cal = readBundle(t, bronxDir)
	if !strings.Contains(people, "Keisha") || strings.Contains(people, "María") || !strings.Contains(cal, "TZID=America/New_York:20260312T100000") {
		t.Errorf("the Bronx bundle:\n%s\n%s", people, cal)
	}
	sum := s.summary.Text
	for _, w := range []string{east.Name + ": 1 participant and 1 event exported to " + eastDir, "Bronx: 1 participant and 1 event exported to " + bronxDir} {
		if !strings.Contains(sum, w) {
			t.Errorf("summary %q lacks %q", sum, w)
		}
	}
	if s.bar.Value != 1 || s.dir != all || !strings.Contains(s.last.Text, east.Name+": Last export: "+showDateTime(datatest.Now.In(east.Location()))) {
		t.Errorf("bar %v, folder %q, last %q", s.bar.Value, s.dir, s.last.Text)
	}

	// a site that cannot be written stops the export there, says which,
	// and writes nothing for it or the sites after it
	stuck := filepath.Join(t.TempDir(), "stuck")
	if err := os.MkdirAll(stuck, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(stuck, "east-la-worksource-center-1"), []byte("not a folder"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.folder.SetText(stuck)
	test.Tap(s.run)
	s.wait()
	if !s.errLine.Visible() || !strings.HasPrefix(s.errLine.Text, east.Name+": Cannot create the folder") {
		t.Errorf("error %q", s.errLine.Text)
	}
	if !strings.Contains(s.summary.Text, "Nothing was written for "+east.Name+", and the sites after it were not exported.") {
		t.Errorf("summary %q", s.summary.Text)
	}
	if entries, _ := os.ReadDir(stuck); len(entries) != 1 {
		t.Errorf("%d entries after the failed export, want only the file that was there", len(entries))
	}
}

// TestExportSitesScreenshots keeps pictures of the Export tab on a
// database of two sites at 1024×600 (the site list open, and the summary
// of an export of every site) when FRONTDESK_EXPORT_SHOTS names a folder
// (run it under LANG=es_US.UTF-8 for Spanish). It checks nothing; people
// look.
func TestExportSitesScreenshots(t *testing.T) {
	dir := os.Getenv("FRONTDESK_EXPORT_SHOTS")
	if dir == "" {
		t.Skip("FRONTDESK_EXPORT_SHOTS not set")
	}
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.DefaultTheme())
	e, _ := exportSites(t)
	u := directorUI(t, e, fyne.NewSize(1024, 600))
	s := u.export
	u.tabs.Select(u.tabs.Items[len(u.tabs.Items)-1])
	shot := func(name string) {
		// the test canvas does not lay out again what grew since, as the
		// window's canvas does before it paints: a resize does
		u.win.Resize(fyne.NewSize(1023, 600))
		u.win.Resize(fyne.NewSize(1024, 600))
		c := u.win.Canvas()
		for _, o := range append([]fyne.CanvasObject{c.Content()}, c.Overlays().List()...) {
			noNilColours(o)
		}
		f, err := os.Create(filepath.Join(dir, uiLanguage()+"-export-sites-"+name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, c.Capture()); err != nil {
			t.Fatal(err)
		}
	}
	shot("top")
	test.Tap(s.site)
	shot("list")
	for _, o := range u.win.Canvas().Overlays().List() {
		u.win.Canvas().Overlays().Remove(o)
	}
	s.site.SetSelectedIndex(len(s.sites))
	shot("all")
	s.folder.SetText(filepath.Join(t.TempDir(), "Front Desk exports"))
	test.Tap(s.run)
	s.wait()
	s.content.(*container.Scroll).ScrollToBottom()
	shot("done")
	s.folder.SetText(s.folder.Text) // the same folder again, now with a file where a site's folder goes
	os.RemoveAll(filepath.Join(s.folder.Text, "bronx-2"))
	os.WriteFile(filepath.Join(s.folder.Text, "bronx-2"), nil, 0o600)
	test.Tap(s.run)
	s.wait()
	s.content.(*container.Scroll).ScrollToBottom()
	shot("failed")
}
