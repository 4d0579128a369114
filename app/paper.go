package app

import (
	"context"
	"time"
)

// PaperKeyingDays is how long after an event its paper sign-in sheet may
// still be keyed in: check-ins with MethodPaper are accepted for events that
// touched one of the last PaperKeyingDays local days (today included), never
// for events that have not started.
const PaperKeyingDays = 14

// PaperKeyable reports whether a paper sheet of e may be keyed in at now:
// the event has started and its last day is at most PaperKeyingDays-1 days
// before today.
func PaperKeyable(e Event, now time.Time, loc *time.Location) bool {
	if now.Before(e.Start) {
		first, _ := LocalDay(e.Start, loc)
		return !now.Before(first) // later today: keyed ahead, like the desk
	}
	today, _ := LocalDay(now, loc)
	_, last := LocalDay(e.End.Add(-time.Nanosecond), loc)
	return last.After(today.AddDate(0, 0, -(PaperKeyingDays - 1)))
}

// RegisterFromPaper registers a new participant written on a paper sign-in
// sheet and checks them in with MethodPaper, in one transaction (front
// desk). A consent box ticked on the sheet is recorded as ConsentPaper.
func (s *Service) RegisterFromPaper(ctx context.Context, t Target, p Participant) (CheckInResult, error) {
	a, err := require(ctx, RoleFrontDesk)
	if err != nil {
		return CheckInResult{}, err
	}
	if p.SiteID == 0 {
		p.SiteID = t.SiteID
	}
	if p.Consent.Given {
		p.Consent = Consent{Given: true, Method: ConsentPaper}
	}
	return s.checkIn(ctx, t, MethodPaper, s.newcomer(ctx, a, p))
}

// PaperEvents lists the site's events whose paper sheets may be keyed in now
// (see PaperKeyable), newest first; cancelled events are left out.
func (s *Service) PaperEvents(ctx context.Context, siteID int64) ([]Event, error) {
	site, err := s.Site(ctx, siteID)
	if err != nil {
		return nil, err
	}
	loc := site.Location()
	now := s.now()
	today, tomorrow := LocalDay(now, loc)
	evs, err := s.Events(ctx, EventFilter{SiteID: siteID, From: today.AddDate(0, 0, -(PaperKeyingDays - 1)), To: tomorrow})
	if err != nil {
		return nil, err
	}
	var out []Event
	for i := len(evs) - 1; i >= 0; i-- {
		if !evs[i].Cancelled && PaperKeyable(evs[i], now, loc) {
			out = append(out, evs[i])
		}
	}
	return out, nil
}
