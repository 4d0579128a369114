package app

import (
	"context"
	"time"
)

// ReportSite is one site's share of a report's date range, as instants: the
// service turns the calendar days of a ReportQuery into these with the site's
// time zone, so the store never deals with time zones.
type ReportSite struct {
	SiteID int64
	Lo, Hi time.Time // [Lo, Hi): local midnight starting From, local midnight ending To
	AsOf   time.Time // the earlier of Hi and now: "still open" and "overdue" are judged here
	// AsOfDay is the local calendar day of AsOf (midnight UTC carrying the
	// date): a due date before it has passed.
	AsOfDay time.Time
}

// ReportMonth is one calendar month of the range at one site, cut to the
// range: [Lo, Hi) are the site-local midnights that bound it (DST-safe).
type ReportMonth struct {
	SiteID int64
	Label  string // "2026-03"
	Lo, Hi time.Time
}

// ReportRange is what the store's report queries take: the calendar days of
// the range (for calendar-day columns such as due dates), the instants per
// site and the months per site. Sites lists every site the report covers;
// nothing of another site is counted.
type ReportRange struct {
	From, To time.Time // calendar days, inclusive (see CalendarDay)
	// Now is the report's clock: only events that ended before it have
	// no-shows (a pre-registration is not missed before the event is over).
	Now    time.Time
	Sites  []ReportSite
	Months []ReportMonth
}

// ReportTx is the part of Tx that computes the director report's figures.
// Every method counts in SQL; see Report for what each figure means.
type ReportTx interface {
	// ReportCheckIns counts active check-ins at events that are not
	// cancelled, made in the range, in total, by event kind and by month.
	ReportCheckIns(ctx context.Context, r ReportRange) (CheckInFigures, error)
	// ReportEvents lists the events that start in the range and are not
	// cancelled, with their registration and attendance counts.
	ReportEvents(ctx context.Context, r ReportRange) ([]EventRow, error)
	// ReportPeople counts the participants served in the range: unique,
	// new and returning, by ZIP code and by language.
	ReportPeople(ctx context.Context, r ReportRange) (PeopleFigures, error)
	// ReportVisits counts active general visits in the range by reason.
	ReportVisits(ctx context.Context, r ReportRange) (VisitFigures, error)
	// ReportConversion counts orientation → enrolment conversion.
	ReportConversion(ctx context.Context, r ReportRange) (ConversionFigures, error)
	// ReportKits computes kit circulation figures.
	ReportKits(ctx context.Context, r ReportRange) (KitReportFigures, error)
	// ReportFollowups counts follow-up contacts due in the range.
	ReportFollowups(ctx context.Context, r ReportRange) (FollowupReportFigures, error)
	// ReportSMS counts text-message consent and opt-outs.
	ReportSMS(ctx context.Context, r ReportRange) (SMSFigures, error)
	// ReportParticipants lists (by last name, first name, id; at most
	// limit) the participants behind one figure; see ReportFigures.
	ReportParticipants(ctx context.Context, r ReportRange, figure, key string, limit int) ([]Participant, error)
}
