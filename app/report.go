package app

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// The director report (issue 7): figures for a date range and one or all
// sites, every one counted by the store in SQL. Rules that hold throughout:
//
//   - Days are the site's local days: the range runs from local midnight
//     starting From to local midnight ending To, at each site in its own
//     time zone (so with "all sites" each site has its own instants).
//   - Undone check-ins and undone visits never count; neither does anything
//     at a cancelled event.
//   - "As of" is the end of the range or now, whichever is earlier: open
//     loans, overdue loans and overdue follow-up contacts are judged then.
//   - A participant belongs to the site of their record (participants.site_id)
//     for the figures about people as such (SMS, follow-up); check-ins
//     belong to the event's site, visits and loans to their own site.
//   - A pre-registration is a no-show only once its event has ended: events
//     whose end is not before the report's now (the service's clock) have
//     none yet, so a range in the future reports no no-shows.
//   - Numbers are written by one rule on screen, in the PDF, in the workbook
//     and by frontdeskctl (reportformat.go): counts grouped (1,234), rates as
//     percentages with one decimal (63.4%), days and averages with one
//     decimal (12.3), halves rounded away from zero (RoundOne) as
//     spreadsheets round the number formats 0.0% and 0.0, which the
//     workbook's full-precision cells carry. Languages are named by
//     LanguageName; counted nouns take Plural ("1 site", "2 sites").

// ReportQuery asks for a report.
type ReportQuery struct {
	SiteID   int64     // 0: all sites
	From, To time.Time // calendar days, inclusive, as midnight UTC (see CalendarDay)
}

// MaxReportRange is the longest range a report covers.
const MaxReportRange = 3 // years

// CountRow is one line of a breakdown: Key is the stored value ("orientation",
// "2026-03", "90031", "es"); Label is what a person reads ("Orientation",
// "March 2026", "90031", "Spanish" (LanguageName); "(none)" for an empty key).
type CountRow struct {
	Label string
	Key   string
	Count int
}

// CheckInFigures counts active check-ins made in the range (by the
// check-in's own time, not the event's) at events that are not cancelled.
type CheckInFigures struct {
	Total   int
	ByKind  []CountRow // event kinds in EventKinds order; kinds with none left out
	ByMonth []CountRow // every month the range touches, oldest first, zeros included
}

// EventRow is one event starting in the range (not cancelled) with its counts.
type EventRow struct {
	EventID       int64
	SiteID        int64
	Title         string
	Kind          EventKind
	Start         time.Time
	Capacity      int // 0: no limit
	PreRegistered int // registrations
	// Attended: active check-ins of people pre-registered when they checked
	// in (not flagged walk-in); WalkIns: active check-ins flagged walk-in.
	// Attended + WalkIns = CheckedIn.
	Attended int
	WalkIns  int
	// NoShows: registrations without a (non-walk-in) active check-in,
	// PreRegistered − Attended, once the event has ended (its end before
	// the report's now); 0 while it has not (Ended false).
	NoShows   int
	CheckedIn int // every active check-in at the event, whenever made
	Ended     bool
}

// EventTotals adds up the event rows.
type EventTotals struct {
	Events, PreRegistered, Attended, WalkIns, NoShows, CheckedIn int
}

// PeopleFigures counts the participants served in the range: those with an
// active check-in (at an event not cancelled) or an active visit in it, at
// the sites of the report.
//
// New are those whose first active check-in or visit ever, at the sites of
// the report, falls in the range; Returning are those who had one before
// From (judged by each earlier record's own site's local days). Unique =
// New + Returning. ByZIP and ByLanguage break Unique down by the ZIP code
// and preferred language on the participant's record, largest first.
type PeopleFigures struct {
	Unique, New, Returning int
	ByZIP                  []CountRow
	ByLanguage             []CountRow
}

// VisitFigures counts active general visits in the range.
type VisitFigures struct {
	Total    int
	Visitors int        // distinct participants
	ByReason []CountRow // VisitReasons order; reasons with none left out
}

// ConversionFigures is orientation → enrolment. Oriented are the
// participants whose first active orientation check-in ever (at an
// orientation not cancelled, at the sites of the report) falls in the range:
// they have one in the range and none before it.
// Their enrolment is the earliest, on or after that check-in, of: an
// enrolment in a session (table enrolments) and a status change to
// "enrolled" (table status_changes); participants.status alone has no date
// and does not count. Converted are the oriented with such an enrolment, at
// any time up to now. Lags are in days (24 hours, fractions kept) from the
// orientation check-in to the enrolment.
type ConversionFigures struct {
	Oriented  int
	Converted int
	Rate      float64 // Converted / Oriented; 0 when nobody was oriented
	AvgLag    float64 // days; 0 when nobody converted
	MedianLag float64 // days; the mean of the middle two for an even count
}

// KitReportFigures are the kit-lending figures, by the loan's site (and for
// utilisation, the kit's home site).
//
//   - Circulations: loans made in the range.
//   - OpenLoans: loans out as of AsOf (made before it, not returned or lost by then);
//     Overdue: those whose due day is before AsOf's local day.
//   - Lost: loans marked lost in the range.
//   - Utilisation: loan-days in the range (each loan's time out cut to
//     [start of range, AsOf)) divided by kit-days in service (each kit from
//     the later of the range start and its creation to AsOf, or to when it
//     was retired or lost — its last update — if it is now).
//     Kits retired or lost before the range are not in service.
//   - AvgLoanDays: the mean length, in days, of loans returned in the range.
type KitReportFigures struct {
	Circulations int
	OpenLoans    int
	Overdue      int
	Lost         int
	LoanDays     float64
	KitDays      float64
	Utilisation  float64 // LoanDays / KitDays; 0 without kits
	Returned     int     // loans returned in the range
	AvgLoanDays  float64
}

// FollowupReportFigures count the job-retention follow-up contacts due in the
// range (due day From..To) of the participants of the report's sites, by
// their status now. Overdue are the open ones due before AsOf's local day.
// CompletionRate is Done / Due.
type FollowupReportFigures struct {
	Due            int
	Done           int
	NonResponsive  int
	Open           int
	Overdue        int
	CompletionRate float64
}

// SMSFigures count the participants of the report's sites (records created
// before the end of the range) and their text-message consent as of the end
// of the range. Consented: consent given by then; OptedOut: a STOP received
// by then (households share phones, so a STOP may reach someone who never
// consented); Textable: consented, with a phone and not opted out.
// NewConsents and NewOptOuts happened within the range.
// ConsentRate = Consented / Participants; OptOutRate = OptedOut / Participants.
type SMSFigures struct {
	Participants int
	Consented    int
	OptedOut     int
	Textable     int
	NewConsents  int
	NewOptOuts   int
	ConsentRate  float64
	OptOutRate   float64
}

// Report is the director report: every figure of issue 7 for a range.
type Report struct {
	Query       ReportQuery
	Sites       []Site    // the sites covered
	GeneratedAt time.Time // now, when computed
	AsOf        time.Time // the earlier of now and the end of the range (latest site's)

	CheckIns    CheckInFigures
	Events      []EventRow // by start, then id
	EventTotals EventTotals
	People      PeopleFigures
	Visits      VisitFigures
	Conversion  ConversionFigures
	Kits        KitReportFigures
	Followups   FollowupReportFigures
	SMS         SMSFigures

	// BySite has each site's figures, in Sites order, when the report
	// covers all sites of a server with more than one; nil otherwise.
	BySite []SiteFigures

	// WIOA is the WIOA performance preview the report carries: the exit
	// cohort of the program year of its last day, for its site or sites
	// (ReportWIOAQuery). Its Cohort is "" when that year is outside the
	// years a preview covers.
	WIOA WIOAPreview
}

// ReportWIOAQuery is the WIOA preview a director report of q carries: the
// program year q's last day falls in (July 1 – June 30: the year the
// negotiated levels are set for), of q's site or of every site.
func ReportWIOAQuery(q ReportQuery) WIOAQuery {
	return WIOAQuery{SiteID: q.SiteID, Year: ProgramYearOf(q.To)}
}

// Drill-down figures for ReportList. Key is the event id for the event
// figures ("" for every event of the range), the ZIP code or language code,
// and unused otherwise.
const (
	FigureUnique        = "unique"        // People.Unique
	FigureNew           = "new"           // People.New
	FigureReturning     = "returning"     // People.Returning
	FigureZIP           = "zip"           // People.ByZIP[key]
	FigureLanguage      = "language"      // People.ByLanguage[key]
	FigureAttended      = "attended"      // EventRow.Attended
	FigureWalkIns       = "walkins"       // EventRow.WalkIns
	FigureNoShows       = "noshow"        // EventRow.NoShows
	FigureOriented      = "oriented"      // Conversion.Oriented
	FigureConverted     = "converted"     // Conversion.Converted
	FigureNonResponsive = "nonresponsive" // Followups.NonResponsive
	FigureOverdueLoans  = "overdue_loans" // Kits.Overdue
)

// ReportFigures lists the figures ReportList accepts.
var ReportFigures = []string{FigureUnique, FigureNew, FigureReturning, FigureZIP, FigureLanguage,
	FigureAttended, FigureWalkIns, FigureNoShows, FigureOriented, FigureConverted, FigureNonResponsive, FigureOverdueLoans}

// MaxReportList is the most participants ReportList returns.
const MaxReportList = 500

// SiteFigures are one site's headline figures in a report of all sites
// (Report.BySite), each counted as the report of that site alone counts it:
// a person served at two sites is a person at each, so Unique, New and
// Returning may add up to more than the report's own.
type SiteFigures struct {
	Site         Site
	CheckIns     int // CheckInFigures.Total
	Unique       int // PeopleFigures.Unique
	New          int
	Returning    int
	Events       int // EventTotals
	Attended     int
	WalkIns      int
	NoShows      int
	Visits       int // VisitFigures.Total
	Oriented     int // ConversionFigures
	Converted    int
	Circulations int // KitReportFigures
	OpenLoans    int
	FollowupsDue int // FollowupReportFigures
	FollowupDone int
	Textable     int // SMSFigures
}

// Report computes the director report for q (director). The figures are
// read side by side; nothing is written. A report of all sites on a
// server with more than one also has each site's figures (BySite).
func (s *Service) Report(ctx context.Context, q ReportQuery) (Report, error) {
	ctx = onlineOnly(ctx) // never from a desk's local copy: see OnlineOnly
	if _, err := require(ctx, RoleDirector); err != nil {
		return Report{}, err
	}
	q, err := normalizeReportQuery(q)
	if err != nil {
		return Report{}, err
	}
	now := s.now().UTC()
	// the WIOA preview is read beside the report's own figures
	var wioa WIOAPreview
	var wioaErr error
	wioaDone := make(chan struct{})
	go func() {
		defer close(wioaDone)
		if w := ReportWIOAQuery(q); w.Year >= MinWIOAYear && w.Year <= MaxWIOAYear {
			wioa, wioaErr = s.WIOAPreview(ctx, w)
		}
	}()
	rep, err := s.report(ctx, q, now)
	<-wioaDone
	if err != nil {
		return rep, err
	}
	if wioaErr != nil {
		return Report{}, wioaErr
	}
	rep.WIOA = wioa
	if q.SiteID != 0 || len(rep.Sites) < 2 {
		return rep, nil
	}
	for _, site := range rep.Sites {
		one, err := s.report(ctx, ReportQuery{SiteID: site.ID, From: q.From, To: q.To}, now)
		if err != nil {
			return Report{}, err
		}
		rep.BySite = append(rep.BySite, siteFigures(site, one))
	}
	return rep, nil
}

// siteFigures picks one site's headline figures out of its own report.
func siteFigures(site Site, r Report) SiteFigures {
	return SiteFigures{Site: site, CheckIns: r.CheckIns.Total,
		Unique: r.People.Unique, New: r.People.New, Returning: r.People.Returning,
		Events: r.EventTotals.Events, Attended: r.EventTotals.Attended, WalkIns: r.EventTotals.WalkIns, NoShows: r.EventTotals.NoShows,
		Visits: r.Visits.Total, Oriented: r.Conversion.Oriented, Converted: r.Conversion.Converted,
		Circulations: r.Kits.Circulations, OpenLoans: r.Kits.OpenLoans,
		FollowupsDue: r.Followups.Due, FollowupDone: r.Followups.Done, Textable: r.SMS.Textable}
}

// report computes the figures of the checked query q at now.
func (s *Service) report(ctx context.Context, q ReportQuery, now time.Time) (Report, error) {
	rep := Report{Query: q, GeneratedAt: now}
	var r ReportRange
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		rep.Sites, r, err = reportRange(ctx, tx, q, now)
		return err
	})
	if err != nil {
		return Report{}, err
	}
	for _, x := range r.Sites {
		if x.AsOf.After(rep.AsOf) {
			rep.AsOf = x.AsOf
		}
	}
	// The figures are independent reads: they run side by side, each in
	// its own View, so a year on a big site takes the time of the slowest
	// (View gives no shared snapshot anyway: each read sees the latest
	// commit).
	parts := []func(Tx) error{
		func(tx Tx) (err error) { rep.CheckIns, err = tx.ReportCheckIns(ctx, r); return err },
		func(tx Tx) (err error) { rep.Events, err = tx.ReportEvents(ctx, r); return err },
		func(tx Tx) (err error) { rep.People, err = tx.ReportPeople(ctx, r); return err },
		func(tx Tx) (err error) { rep.Visits, err = tx.ReportVisits(ctx, r); return err },
		func(tx Tx) (err error) { rep.Conversion, err = tx.ReportConversion(ctx, r); return err },
		func(tx Tx) (err error) { rep.Kits, err = tx.ReportKits(ctx, r); return err },
		func(tx Tx) (err error) { rep.Followups, err = tx.ReportFollowups(ctx, r); return err },
		func(tx Tx) (err error) { rep.SMS, err = tx.ReportSMS(ctx, r); return err },
	}
	errs := make([]error, len(parts))
	var wg sync.WaitGroup
	for i, part := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.store.View(ctx, part)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		for _, e := range errs {
			if e != nil {
				return Report{}, e
			}
		}
	}
	for _, e := range rep.Events {
		t := &rep.EventTotals
		t.Events++
		t.PreRegistered += e.PreRegistered
		t.Attended += e.Attended
		t.WalkIns += e.WalkIns
		t.NoShows += e.NoShows
		t.CheckedIn += e.CheckedIn
	}
	labelRows(rep.CheckIns.ByKind, kindLabel)
	labelRows(rep.CheckIns.ByMonth, monthLabel)
	labelRows(rep.Visits.ByReason, reasonLabel)
	labelRows(rep.People.ByZIP, func(k string) string { return k })
	labelRows(rep.People.ByLanguage, func(k string) string { return LanguageName(k, "en") })
	return rep, nil
}

// ReportList returns the participants behind one figure of the report (see
// the Figure constants), at most MaxReportList, by last name, first name and
// id (director). It is audited ("report.drill") with the figure, key and
// count only.
func (s *Service) ReportList(ctx context.Context, q ReportQuery, figure, key string) ([]Participant, error) {
	ctx = onlineOnly(ctx) // never from a desk's local copy: see OnlineOnly
	a, err := require(ctx, RoleDirector)
	if err != nil {
		return nil, err
	}
	q, err = normalizeReportQuery(q)
	if err != nil {
		return nil, err
	}
	known := false
	for _, f := range ReportFigures {
		known = known || f == figure
	}
	if !known {
		return nil, FieldErrorf("figure", "%q is not a figure that lists people", figure)
	}
	if len(key) > MaxTextLen {
		return nil, FieldErrorf("key", "is too long")
	}
	now := s.now().UTC()
	var out []Participant
	err = s.store.View(ctx, func(tx Tx) error {
		_, r, err := reportRange(ctx, tx, q, now)
		if err != nil {
			return err
		}
		out, err = tx.ReportParticipants(ctx, r, figure, key, MaxReportList)
		return err
	})
	if err != nil {
		return nil, err
	}
	detail := fmt.Sprintf("figure=%s key=%s site=%d from=%s to=%s count=%d", figure, key, q.SiteID,
		q.From.Format(time.DateOnly), q.To.Format(time.DateOnly), len(out))
	err = s.store.Update(ctx, func(tx Tx) error {
		return tx.AppendAudit(ctx, s.audit(a, "report.drill", "report", q.SiteID, detail))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// normalizeReportQuery checks q and reduces its days to midnight UTC.
func normalizeReportQuery(q ReportQuery) (ReportQuery, error) {
	if q.From.IsZero() || q.To.IsZero() {
		return q, FieldErrorf("dates", "choose the first and last day of the report")
	}
	if q.SiteID < 0 {
		return q, FieldErrorf("site", "choose a site or all sites")
	}
	q.From = time.Date(q.From.Year(), q.From.Month(), q.From.Day(), 0, 0, 0, 0, time.UTC)
	q.To = time.Date(q.To.Year(), q.To.Month(), q.To.Day(), 0, 0, 0, 0, time.UTC)
	if q.From.After(q.To) {
		return q, FieldErrorf("dates", "the first day (%s) is after the last day (%s)", q.From.Format(time.DateOnly), q.To.Format(time.DateOnly))
	}
	if q.To.After(q.From.AddDate(MaxReportRange, 0, 0).AddDate(0, 0, -1)) {
		return q, FieldErrorf("dates", "a report covers at most %d years; %s to %s is longer", MaxReportRange, q.From.Format(time.DateOnly), q.To.Format(time.DateOnly))
	}
	return q, nil
}

// reportRange turns q into instants for each site it covers.
func reportRange(ctx context.Context, tx Tx, q ReportQuery, now time.Time) ([]Site, ReportRange, error) {
	var sites []Site
	if q.SiteID != 0 {
		site, err := tx.Site(ctx, q.SiteID)
		if err != nil {
			return nil, ReportRange{}, err
		}
		sites = []Site{site}
	} else {
		var err error
		if sites, err = tx.Sites(ctx); err != nil {
			return nil, ReportRange{}, err
		}
	}
	return sites, BuildReportRange(sites, q.From, q.To, now), nil
}

// BuildReportRange computes the instants of the calendar days from..to
// (inclusive) at each site, and the months they touch, cut to the range.
func BuildReportRange(sites []Site, from, to, now time.Time) ReportRange {
	r := ReportRange{From: from, To: to, Now: now.UTC()}
	end := to.AddDate(0, 0, 1)
	for _, site := range sites {
		loc := site.Location()
		lo, hi := DayStart(from, loc).UTC(), DayStart(end, loc).UTC()
		asOf := hi
		if now.Before(asOf) {
			asOf = now.UTC()
		}
		r.Sites = append(r.Sites, ReportSite{SiteID: site.ID, Lo: lo, Hi: hi, AsOf: asOf, AsOfDay: CalendarDay(asOf, loc)})
		for m := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC); m.Before(end); m = m.AddDate(0, 1, 0) {
			a, b := m, m.AddDate(0, 1, 0)
			if a.Before(from) {
				a = from
			}
			if b.After(end) {
				b = end
			}
			r.Months = append(r.Months, ReportMonth{SiteID: site.ID, Label: m.Format("2006-01"),
				Lo: DayStart(a, loc).UTC(), Hi: DayStart(b, loc).UTC()})
		}
	}
	return r
}

func labelRows(rows []CountRow, label func(string) string) {
	for i := range rows {
		if rows[i].Key == "" {
			rows[i].Label = "(none)"
		} else {
			rows[i].Label = label(rows[i].Key)
		}
	}
}

func kindLabel(k string) string { return EventKind(k).Words() }

func reasonLabel(r string) string {
	switch r {
	case ReasonResourceRoom:
		return "Resource room"
	case ReasonAppointment:
		return "Appointment"
	case ReasonComputerUse:
		return "Computer use"
	case ReasonOther:
		return "Other"
	}
	return r
}

func monthLabel(k string) string {
	t, err := time.Parse("2006-01", k)
	if err != nil {
		return k
	}
	return t.Format("January 2006")
}
