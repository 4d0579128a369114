package app

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// Export profiles of the reminder-system roster (issue 4).
const (
	// ProfileCSV is the roster as UTF-8 CSV files (docs/roster-format.md).
	ProfileCSV = "csv"
	// ProfileRapidPro is the contacts as RapidPro import workbooks.
	ProfileRapidPro = "rapidpro"
)

// ExportProfiles lists the roster profiles.
var ExportProfiles = []string{ProfileCSV, ProfileRapidPro}

// RosterQuery picks the rows of a roster export (see Tx.RosterRows).
type RosterQuery struct {
	SiteID int64
	// ChangedSince, when set, keeps only participants whose record, check-ins,
	// visits or registrations changed after it (incremental export).
	ChangedSince time.Time
	// NextFrom and NextTo bound the "next registered event" looked up for
	// each participant: the earliest non-cancelled one starting in
	// [NextFrom, NextTo).
	NextFrom, NextTo time.Time
	// ByPhone orders by phone, then id (so people sharing a phone are
	// adjacent); otherwise by id.
	ByPhone bool
}

// RosterRow is one participant of a roster export: only what the reminder
// system needs, never the CalJOBS ID, notes, loans or staff data.
type RosterRow struct {
	ID                                          int64
	FirstName, LastName, Phone, Email, Language string
	Status                                      Status
	CreatedAt                                   time.Time
	// Oriented: an active check-in at an orientation, or a status past "new".
	Oriented bool
	// LastVisit is the latest active check-in or general visit (zero: none).
	LastVisit time.Time
	// NextEventStart and NextEventTitle are the next registered event in
	// the export's range (zero: none).
	NextEventStart time.Time
	NextEventTitle string
}

// Enrolled reports whether the participant is (or was) enrolled: status
// enrolled, employed or exited.
func (r *RosterRow) Enrolled() bool {
	return r.Status == StatusEnrolled || r.Status == StatusEmployed || r.Status == StatusExited
}

// RosterRequest is what a director asks to export.
type RosterRequest struct {
	Profile string
	// From and To are the first and last day (in the site's zone) of the
	// upcoming events to export.
	From, To time.Time
	// Incremental exports only the participants changed since the last
	// export of the same profile (all of them the first time).
	Incremental bool
	// Progress, when set, is called as the export advances: stage
	// "events", "participants" and "files".
	Progress func(stage string, done, total int)
	// SiteID is the site exported; 0 is the desk's (Service.SetSite).
	SiteID int64
}

// ExportInfo is what a RosterWriter is told before the rows.
type ExportInfo struct {
	Site        Site
	Profile     string
	From, To    time.Time // first and last day, in the site's zone
	Generated   time.Time // the export's time (the service's clock)
	Incremental bool
	Since       time.Time // incremental: the previous export (zero: none)
	Events      []Event   // the events in range, cancelled ones included
}

// ExportFile is one file of an export bundle.
type ExportFile struct {
	Name   string `json:"name"`
	Rows   int    `json:"rows"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// ExportResult says what an export wrote.
type ExportResult struct {
	Dir          string       `json:"dir"`
	Profile      string       `json:"profile"`
	Participants int          `json:"participants"` // participants exported
	Contacts     int          `json:"contacts"`     // rows after merging shared phones (rapidpro)
	Merged       int          `json:"merged"`       // participants merged into another's row
	Events       int          `json:"events"`
	Files        []ExportFile `json:"files"`
	Incremental  bool         `json:"incremental"`
	Since        time.Time    `json:"since,omitzero"`
}

// RosterWriter turns a roster into files (package app/export writes the
// bundles). Begin is called once, then Write for every row (r is reused
// after Write returns), then Finish, which writes everything under
// temporary names; Commit moves them into place; Abort removes them.
type RosterWriter interface {
	Begin(info ExportInfo) error
	Write(r *RosterRow) error
	Finish() (ExportResult, error)
	Commit() error
	Abort()
}

// settingLastExport is the settings key of a profile's last export time at
// a site. The first site also answers to the key from before a database
// could hold several (legacyLastExport).
func settingLastExport(profile string, siteID int64) string {
	return "export.roster." + profile + ".site" + itoa(siteID) + ".last"
}

func legacyLastExport(profile string) string { return "export.roster." + profile + ".last" }

// lastExport reads the time of site's last export of profile ("": never).
func lastExport(ctx context.Context, tx Tx, profile string, site Site, first bool) (string, error) {
	v, err := tx.Setting(ctx, settingLastExport(profile, site.ID))
	if err == nil && v == "" && first {
		v, err = tx.Setting(ctx, legacyLastExport(profile))
	}
	return v, err
}

// LastRosterExport returns when the profile's roster of the desk's site
// was last exported (zero: never), for directors.
func (s *Service) LastRosterExport(ctx context.Context, profile string) (time.Time, error) {
	return s.LastSiteRosterExport(ctx, 0, profile)
}

// LastSiteRosterExport is LastRosterExport of site siteID (0: the desk's).
func (s *Service) LastSiteRosterExport(ctx context.Context, siteID int64, profile string) (time.Time, error) {
	ctx = onlineOnly(ctx) // never from a desk's local copy: see OnlineOnly
	if _, err := require(ctx, RoleDirector); err != nil {
		return time.Time{}, err
	}
	var at time.Time
	err := s.store.View(ctx, func(tx Tx) error {
		site, first, err := s.siteFor(ctx, tx, siteID)
		if err != nil {
			return err
		}
		v, err := lastExport(ctx, tx, profile, site, first)
		if err == nil && v != "" {
			at, _ = time.Parse(time.RFC3339Nano, v)
		}
		return err
	})
	return at, err
}

// ExportRoster exports the reminder-system roster of a site (req.SiteID,
// or the desk's) through
// w (directors): the participants who may be texted, with their flags, and
// the events from req.From to req.To. The export is audited with counts
// only, and its time is remembered for the next incremental export. Any
// failure leaves no files (w.Abort).
func (s *Service) ExportRoster(ctx context.Context, req RosterRequest, w RosterWriter) (res ExportResult, err error) {
	ctx = onlineOnly(ctx) // never from a desk's local copy: see OnlineOnly
	a, err := require(ctx, RoleDirector)
	if err != nil {
		return res, err
	}
	if req.Profile != ProfileCSV && req.Profile != ProfileRapidPro {
		return res, FieldErrorf("profile", "must be %q or %q", ProfileCSV, ProfileRapidPro)
	}
	progress := req.Progress
	if progress == nil {
		progress = func(string, int, int) {}
	}
	now := s.now().UTC()
	info := ExportInfo{Profile: req.Profile, Generated: now, Incremental: req.Incremental}
	var site Site
	err = s.store.View(ctx, func(tx Tx) error {
		var first bool
		var err error
		if site, first, err = s.siteFor(ctx, tx, req.SiteID); err != nil {
			return err
		}
		from, to, err := DayRange(req.From, req.To, site.Location())
		if err != nil {
			return err
		}
		info.Site, info.From, info.To = site, from, to.AddDate(0, 0, -1)
		if req.Incremental {
			v, err := lastExport(ctx, tx, req.Profile, site, first)
			if err != nil {
				return err
			}
			if v != "" {
				info.Since, _ = time.Parse(time.RFC3339Nano, v)
			}
		}
		progress("events", 0, 1)
		if info.Events, err = tx.Events(ctx, EventFilter{SiteID: site.ID, From: from, To: to, IncludeCancelled: true}); err != nil {
			return err
		}
		q := RosterQuery{SiteID: site.ID, ChangedSince: info.Since, NextFrom: maxTime(from, now), NextTo: to, ByPhone: req.Profile == ProfileRapidPro}
		// The count for the progress bar reads the same pages as the rows,
		// in the same transaction, so it warms the cache for them.
		total, err := tx.CountRosterRows(ctx, q)
		if err != nil {
			return err
		}
		if err := w.Begin(info); err != nil {
			return err
		}
		done := 0
		progress("participants", 0, total)
		err = tx.RosterRows(ctx, q, func(r *RosterRow) error {
			if err := w.Write(r); err != nil {
				return err
			}
			done++
			if done%1000 == 0 {
				progress("participants", done, max(total, done))
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			return nil
		})
		progress("participants", done, done)
		return err
	})
	if err != nil {
		w.Abort()
		return res, err
	}
	progress("files", 0, 1)
	if res, err = w.Finish(); err != nil {
		w.Abort()
		return res, err
	}
	// The audit record comes before the files are put in place (an export
	// is never made unrecorded); the time of this export, which the next
	// incremental one starts from, is saved only once every file is in
	// place: a failure or a kill between the two sends the same people
	// again next time, never skips them.
	err = s.store.Update(ctx, func(tx Tx) error {
		mode := "full"
		if req.Incremental {
			mode = "incremental"
		}
		detail := fmt.Sprintf("profile=%s %s participants=%d contacts=%d merged=%d events=%d files=%d",
			req.Profile, mode, res.Participants, res.Contacts, res.Merged, res.Events, len(res.Files))
		return tx.AppendAudit(ctx, s.audit(a, "export.roster", "site", site.ID, detail))
	})
	if err != nil {
		w.Abort()
		return res, err
	}
	if err := w.Commit(); err != nil {
		w.Abort()
		return res, err
	}
	err = s.store.Update(ctx, func(tx Tx) error {
		return tx.SetSetting(ctx, settingLastExport(req.Profile, site.ID), now.Format(time.RFC3339Nano))
	})
	if err != nil {
		return res, err
	}
	progress("files", 1, 1)
	return res, nil
}

// ExportEvents returns the desk's site and its events (cancelled ones
// included) on the days from..to, for a calendar or events file
// (directors); format ("calendar", "events") names the file in the audit
// record, with the count.
func (s *Service) ExportEvents(ctx context.Context, from, to time.Time, format string) (Site, []Event, error) {
	return s.ExportSiteEvents(ctx, 0, from, to, format)
}

// ExportSiteEvents is ExportEvents of site siteID (0: the desk's).
func (s *Service) ExportSiteEvents(ctx context.Context, siteID int64, from, to time.Time, format string) (Site, []Event, error) {
	ctx = onlineOnly(ctx) // never from a desk's local copy: see OnlineOnly
	a, err := require(ctx, RoleDirector)
	if err != nil {
		return Site{}, nil, err
	}
	var site Site
	var events []Event
	err = s.store.Update(ctx, func(tx Tx) error {
		var err error
		if site, _, err = s.siteFor(ctx, tx, siteID); err != nil {
			return err
		}
		f, t, err := DayRange(from, to, site.Location())
		if err != nil {
			return err
		}
		if events, err = tx.Events(ctx, EventFilter{SiteID: site.ID, From: f, To: t, IncludeCancelled: true}); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.audit(a, "export."+format, "site", site.ID, strconv.Itoa(len(events))+" events"))
	})
	return site, events, err
}

// DayRange turns the first and last day of a range (any time on those days,
// read in loc) into the instants [start of from, start of the day after to).
func DayRange(from, to time.Time, loc *time.Location) (time.Time, time.Time, error) {
	if from.IsZero() || to.IsZero() {
		return time.Time{}, time.Time{}, FieldErrorf("dates", "both the first and the last day are needed")
	}
	f, t := from.In(loc), to.In(loc)
	start := time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, loc)
	end := time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, loc)
	if !end.After(start) {
		return time.Time{}, time.Time{}, FieldErrorf("dates", "the last day is before the first")
	}
	if end.Sub(start) > 400*24*time.Hour {
		return time.Time{}, time.Time{}, FieldErrorf("dates", "at most about a year at a time")
	}
	return start.UTC(), end.UTC(), nil
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
