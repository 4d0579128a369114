package app_test

import (
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// rosterRows is a RosterWriter that keeps the rows' names.
type rosterRows struct {
	info  app.ExportInfo
	names []string
}

func (w *rosterRows) Begin(info app.ExportInfo) error { w.info = info; return nil }
func (w *rosterRows) Write(r *app.RosterRow) error {
	w.names = append(w.names, r.FirstName)
	return nil
}
func (w *rosterRows) Finish() (app.ExportResult, error) { return app.ExportResult{}, nil }
func (w *rosterRows) Commit() error                     { return nil }
func (w *rosterRows) Abort()                            {}

// On a database of several sites (a city's server) a desk serves one: its
// sign-in name, calendar and roster are that site's, in its time zone, and
// each site's incremental roster keeps its own "last export".
func TestDeskServesItsSite(t *testing.T) {
	e := datatest.New(t)
	east := e.Site
	west, err := e.Svc.CreateSite(e.Ctx, app.Site{Name: "West Valley WorkSource Center", TimeZone: "America/Los_Angeles", Phone: "(818) 555-0100"})
	if err != nil {
		t.Fatal(err)
	}
	ev := e.Event(t, app.KindWorkshop, "Resume Writing", datatest.Now.Add(24*time.Hour), time.Hour, 0) // at the first site
	wev, err := e.Svc.AddEvent(e.Ctx, app.Event{SiteID: west.ID, Kind: app.KindWorkshop, Title: "Interview Skills", Language: "en", Location: "Room B",
		Start: datatest.Now.Add(24 * time.Hour), End: datatest.Now.Add(25 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	ana := e.Participant(t, "Ana", "Ruiz", "213-555-0101")
	bo, err := e.Svc.AddParticipant(e.Ctx, app.Participant{SiteID: west.ID, FirstName: "Bo", LastName: "Kim", Phone: "818-555-0102",
		Consent: app.Consent{Given: true, Method: "verbal"}})
	if err != nil {
		t.Fatal(err)
	}
	_ = ana
	_ = bo

	if name, err := e.Svc.SignInSiteName(e.Ctx); err != nil || name != east.Name {
		t.Fatalf("a desk with no site set: %q %v", name, err)
	}
	e.Svc.SetSite(west.ID)
	if name, err := e.Svc.SignInSiteName(e.Ctx); err != nil || name != west.Name {
		t.Fatalf("the west desk's sign-in: %q %v", name, err)
	}
	site, events, err := e.Svc.ExportEvents(e.Ctx, datatest.Now, datatest.Now.AddDate(0, 0, 7), "calendar")
	if err != nil || site.ID != west.ID || len(events) != 1 || events[0].ID != wev.ID {
		t.Fatalf("the west desk's calendar: %s %v %v", site.Name, events, err)
	}
	// another site named outright
	site, events, err = e.Svc.ExportSiteEvents(e.Ctx, east.ID, datatest.Now, datatest.Now.AddDate(0, 0, 7), "calendar")
	if err != nil || site.ID != east.ID || len(events) != 1 || events[0].ID != ev.ID {
		t.Fatalf("the east calendar: %s %v %v", site.Name, events, err)
	}
	if _, _, err := e.Svc.ExportSiteEvents(e.Ctx, 999, datatest.Now, datatest.Now, "calendar"); app.ErrorCode(err) != app.ENotFound {
		t.Fatalf("no such site: %v", err)
	}

	// each site's incremental export has its own mark: exporting the east
	// site does not make the west's first incremental export skip anyone
	req := app.RosterRequest{Profile: app.ProfileCSV, From: datatest.Now, To: datatest.Now.AddDate(0, 0, 7), Incremental: true}
	eastReq := req
	eastReq.SiteID = east.ID
	var w1 rosterRows
	if _, err := e.Svc.ExportRoster(e.Ctx, eastReq, &w1); err != nil || w1.info.Site.ID != east.ID {
		t.Fatalf("east roster: %v %+v", err, w1.info.Site)
	}
	// and says so for that site alone
	if last, err := e.Svc.LastSiteRosterExport(e.Ctx, east.ID, app.ProfileCSV); err != nil || !last.Equal(e.Svc.Now()) {
		t.Fatalf("the east site's last export: %v %v", last, err)
	}
	if last, err := e.Svc.LastSiteRosterExport(e.Ctx, west.ID, app.ProfileCSV); err != nil || !last.IsZero() {
		t.Fatalf("the west site's last export before it had one: %v %v", last, err)
	}
	var w2 rosterRows
	if _, err := e.Svc.ExportRoster(e.Ctx, req, &w2); err != nil || w2.info.Site.ID != west.ID || !w2.info.Since.IsZero() {
		t.Fatalf("west roster: %v site %d since %v", err, w2.info.Site.ID, w2.info.Since)
	}
	if len(w2.names) != 1 || w2.names[0] != "Bo" {
		t.Fatalf("west roster rows: %v", w2.names)
	}
	last, err := e.Svc.LastRosterExport(e.Ctx, app.ProfileCSV)
	if err != nil || last.IsZero() {
		t.Fatalf("the west desk's last export: %v %v", last, err)
	}
}
