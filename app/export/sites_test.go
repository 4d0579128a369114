package export_test

import (
	"errors"
	"path/filepath"
	"testing"

	"frontdesk/app"
	"frontdesk/app/export"
)

func TestSitePath(t *testing.T) {
	site := app.Site{ID: 12, Name: "  Bronx — Día & Noche Center!"}
	if got, want := export.SitePath("out", site, true), filepath.Join("out", "bronx-dia-noche-center-12"); got != want {
		t.Errorf("folder %q, want %q", got, want)
	}
	if got, want := export.SitePath(filepath.Join("x", "cal.ics"), site, false), filepath.Join("x", "cal-bronx-dia-noche-center-12.ics"); got != want {
		t.Errorf("file %q, want %q", got, want)
	}
}

// An export of every site goes site by site and stops at the first that
// fails, saying which.
func TestEachSiteStopsAtTheFailingSite(t *testing.T) {
	sites := []app.Site{{ID: 1, Name: "East LA"}, {ID: 2, Name: "Bronx"}, {ID: 3, Name: "Queens"}}
	full := errors.New("disk full")
	var got []string
	err := export.EachSite(sites, "out", true, func(i int, site app.Site, path string) error {
		if sites[i].ID != site.ID || path != export.SitePath("out", site, true) {
			t.Errorf("site %d: %+v at %q", i, site, path)
		}
		got = append(got, site.Name)
		if site.Name == "Bronx" {
			return full
		}
		return nil
	})
	var siteErr *export.SiteError
	if !errors.As(err, &siteErr) || siteErr.Site.ID != 2 || !errors.Is(err, full) || err.Error() != "Bronx: disk full" {
		t.Fatalf("error %v", err)
	}
	if len(got) != 2 {
		t.Errorf("exported %v, want East LA and Bronx only", got)
	}
	if err := export.EachSite(sites, "out", false, func(int, app.Site, string) error { return nil }); err != nil {
		t.Fatal(err)
	}
}
