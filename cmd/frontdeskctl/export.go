package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"frontdesk/app"
	"frontdesk/app/export"
)

// defaultExportDays is how far ahead an export looks without --to.
const defaultExportDays = 90

// cmdExport runs export roster|calendar|events: the bundle, calendar or
// events file for the text-reminder system (directors; audited as in the
// app).
func (e *env) cmdExport(what string, args []string) error {
	fs := e.flags("export " + what)
	from := fs.String("from", "", "first day of the events (default: today)")
	to := fs.String("to", "", fmt.Sprintf("last day of the events (default: %d days after --from)", defaultExportDays))
	out := fs.String("out", "", "where to write")
	siteID := fs.Int64("site", 0, "the site's id, on a database of several sites (default: this computer's desk's site, else the first)")
	allSites := fs.Bool("all-sites", false, "one export per site, each in its own time zone, named after the site (a city's server)")
	var profile, passwordFile *string
	var sinceLast *bool
	if what == "roster" {
		profile = fs.String("profile", app.ProfileCSV, "csv or rapidpro")
		sinceLast = fs.Bool("since-last", false, "only participants changed since the last export of this profile")
		passwordFile = fs.String("password-file", "", "encrypt the RapidPro workbooks with the password in this file (RapidPro cannot import an encrypted workbook: open it with the password and save a copy without one before uploading)")
	}
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("export %s: unexpected argument %q", what, pos[0])
	}
	if *out == "" {
		switch what {
		case "roster":
			return usageErrorf("export roster needs --out FOLDER")
		case "calendar":
			return usageErrorf("export calendar needs --out FILE.ics")
		default:
			return usageErrorf("export events needs --out FILE.csv")
		}
	}
	password := ""
	if what == "roster" {
		if *profile != app.ProfileCSV && *profile != app.ProfileRapidPro {
			return usageErrorf("--profile must be csv or rapidpro, not %q", *profile)
		}
		if *passwordFile != "" {
			b, err := os.ReadFile(*passwordFile)
			if err != nil {
				return usageErrorf("cannot read the password file: %v", err)
			}
			password = strings.TrimRight(string(b), "\r\n")
			if password == "" {
				return usageErrorf("the password file %s is empty", *passwordFile)
			}
		}
	}
	prof, since := "", false
	if what == "roster" {
		prof, since = *profile, *sinceLast
	}
	if *siteID != 0 && *allSites {
		return usageErrorf("export: give --site or --all-sites, not both")
	}
	if err := e.open(); err != nil {
		return err
	}
	if *siteID != 0 {
		e.svc.SetSite(*siteID)
	}
	site, err := e.site()
	if err != nil {
		return err
	}
	if *siteID != 0 && site.ID != *siteID {
		return usageErrorf("export: --site %d is not a site id", *siteID)
	}
	if !*allSites {
		v, text, err := e.exportSite(what, site, *from, *to, *out, prof, since, password)
		if err != nil {
			return err
		}
		return e.out(v, text)
	}
	sites, err := e.svc.Sites(e.ctx)
	if err != nil {
		return err
	}
	var all []any
	var text strings.Builder
	err = export.EachSite(sites, *out, what == "roster", func(_ int, site app.Site, path string) error {
		v, t, err := e.exportSite(what, site, *from, *to, path, prof, since, password)
		if err != nil {
			return err
		}
		all = append(all, v)
		fmt.Fprintf(&text, "%s:\n%s\n", site.Name, strings.TrimRight(t, "\n"))
		return nil
	})
	if err != nil {
		return err
	}
	return e.out(all, text.String())
}

// exportSite writes one site's export (what: roster, calendar, events) to
// out, with the days counted in the site's time zone; it returns what
// --json prints and the text.
func (e *env) exportSite(what string, site app.Site, from, to, out, profile string, sinceLast bool, password string) (any, string, error) {
	loc := site.Location()
	first, last, err := exportDays(from, to, clock().In(loc), loc)
	if err != nil {
		return nil, "", err
	}
	switch what {
	case "calendar":
		n, err := export.Calendar(e.ctx, e.svc, site.ID, first, last, out)
		if err != nil {
			return nil, "", err
		}
		return map[string]any{"site": site.ID, "out": out, "events": n}, fmt.Sprintf("Wrote %d events to %s", n, out), nil
	case "events":
		n, err := export.Events(e.ctx, e.svc, site.ID, first, last, out)
		if err != nil {
			return nil, "", err
		}
		return map[string]any{"site": site.ID, "out": out, "events": n}, fmt.Sprintf("Wrote %d events to %s", n, out), nil
	}
	res, err := export.Roster(e.ctx, e.svc, export.Options{Dir: out, Profile: profile, SiteID: site.ID, From: first, To: last,
		Incremental: sinceLast, Password: password})
	if err != nil {
		return nil, "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Exported %d participants", res.Participants)
	if res.Profile == app.ProfileRapidPro {
		fmt.Fprintf(&b, " as %d contacts (%d sharing a phone merged)", res.Contacts, res.Merged)
	}
	if res.Incremental {
		if res.Since.IsZero() {
			b.WriteString(" (first export of this profile: everyone)")
		} else {
			fmt.Fprintf(&b, " changed since %s", res.Since.In(loc).Format("2006-01-02 15:04"))
		}
	}
	fmt.Fprintf(&b, " and %d events to %s:\n", res.Events, res.Dir)
	for _, f := range res.Files {
		fmt.Fprintf(&b, "  %-20s %7d rows  %s\n", f.Name, f.Rows, f.SHA256)
	}
	return res, b.String(), nil
}

// exportDays reads --from and --to (YYYY-MM-DD in the site's zone), with
// today and defaultExportDays later as defaults.
func exportDays(from, to string, now time.Time, loc *time.Location) (time.Time, time.Time, error) {
	first := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	if from != "" {
		t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(from), loc)
		if err != nil {
			return first, first, usageErrorf("--from %q: write the date as 2026-03-10", from)
		}
		first = t
	}
	last := first.AddDate(0, 0, defaultExportDays)
	if to != "" {
		t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(to), loc)
		if err != nil {
			return first, first, usageErrorf("--to %q: write the date as 2026-03-10", to)
		}
		last = t
	}
	if last.Before(first) {
		return first, last, usageErrorf("--to is before --from")
	}
	return first, last, nil
}
