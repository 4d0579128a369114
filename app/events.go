package app

import (
	"context"
	"sort"
	"time"
)

// AddEvent schedules an event at a site (front desk or director).
func (s *Service) AddEvent(ctx context.Context, e Event) (Event, error) {
	a, err := requireAny(ctx, RoleFrontDesk, RoleDirector)
	if err != nil {
		return Event{}, err
	}
	if err := validateEvent(&e); err != nil {
		return Event{}, err
	}
	e.ID = 0
	e.Start, e.End = e.Start.UTC(), e.End.UTC()
	e.CreatedAt = s.now().UTC()
	err = s.store.Update(ctx, func(tx Tx) error {
		if _, err := tx.Site(ctx, e.SiteID); err != nil {
			return err
		}
		if err := tx.CreateEvent(ctx, &e); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.audit(a, "event.create", "event", e.ID, ""))
	})
	return e, err
}

// UpdateEvent saves changes to an event, including cancelling it
// (front desk or director). Each save that changes something is one more
// revision of the event (its calendar SEQUENCE); saving it unchanged
// writes nothing.
func (s *Service) UpdateEvent(ctx context.Context, e Event) (Event, error) {
	a, err := requireAny(ctx, RoleFrontDesk, RoleDirector)
	if err != nil {
		return Event{}, err
	}
	if err := validateEvent(&e); err != nil {
		return Event{}, err
	}
	e.Start, e.End = e.Start.UTC(), e.End.UTC()
	e.UpdatedAt = s.now().UTC()
	err = s.store.Update(ctx, func(tx Tx) error {
		old, err := tx.Event(ctx, e.ID)
		if err != nil {
			return err
		}
		e.SiteID, e.CreatedAt = old.SiteID, old.CreatedAt
		if sameEvent(old, e) { // saved unchanged: no new revision for the calendars
			e = old
			return nil
		}
		if err := tx.UpdateEvent(ctx, &e); err != nil {
			return err
		}
		action := "event.update"
		if e.Cancelled && !old.Cancelled {
			action = "event.cancel"
		}
		return tx.AppendAudit(ctx, s.audit(a, action, "event", e.ID, ""))
	})
	return e, err
}

// sameEvent reports whether b changes nothing a person set on a.
func sameEvent(a, b Event) bool {
	return a.Kind == b.Kind && a.Title == b.Title && a.Start.Equal(b.Start) && a.End.Equal(b.End) && a.Location == b.Location &&
		a.VirtualLink == b.VirtualLink && a.Capacity == b.Capacity && a.Facilitator == b.Facilitator && a.Language == b.Language &&
		a.Cancelled == b.Cancelled
}

// Event returns one event.
func (s *Service) Event(ctx context.Context, id int64) (Event, error) {
	if _, ok := ActorFrom(ctx); !ok {
		return Event{}, Errorf(EForbidden, "Please sign in first.")
	}
	var e Event
	err := s.store.View(ctx, func(tx Tx) (err error) {
		e, err = tx.Event(ctx, id)
		return err
	})
	return e, err
}

// Events lists events, earliest first.
func (s *Service) Events(ctx context.Context, f EventFilter) ([]Event, error) {
	if _, ok := ActorFrom(ctx); !ok {
		return nil, Errorf(EForbidden, "Please sign in first.")
	}
	var out []Event
	err := s.store.View(ctx, func(tx Tx) (err error) {
		out, err = tx.Events(ctx, f)
		return err
	})
	return out, err
}

// LocalDay returns the start and end of the local calendar day containing t
// in loc, as instants.
func LocalDay(t time.Time, loc *time.Location) (start, end time.Time) {
	l := t.In(loc)
	start = time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc)
	return start, start.AddDate(0, 0, 1)
}

// TodaysEvents returns the site's events (cancelled included) that touch
// today, in the site's time zone, earliest first.
func (s *Service) TodaysEvents(ctx context.Context, siteID int64) ([]Event, error) {
	site, err := s.Site(ctx, siteID)
	if err != nil {
		return nil, err
	}
	from, to := LocalDay(s.now(), site.Location())
	return s.Events(ctx, EventFilter{SiteID: siteID, From: from, To: to, IncludeCancelled: true})
}

// PickCurrentEvent chooses which of today's events the desk preselects: the
// one running now (the latest started, if several), else the next to start,
// else the last to end. Cancelled events are never picked. ok is false when
// there is none.
func PickCurrentEvent(events []Event, now time.Time) (Event, bool) {
	var live []Event
	for _, e := range events {
		if !e.Cancelled {
			live = append(live, e)
		}
	}
	if len(live) == 0 {
		return Event{}, false
	}
	sort.SliceStable(live, func(i, j int) bool { return live[i].Start.Before(live[j].Start) })
	var running, next, last *Event
	for i := range live {
		e := &live[i]
		switch {
		case !now.Before(e.Start) && now.Before(e.End):
			running = e // later starts win
		case now.Before(e.Start):
			if next == nil {
				next = e
			}
		default:
			if last == nil || e.End.After(last.End) {
				last = e
			}
		}
	}
	for _, e := range []*Event{running, next, last} {
		if e != nil {
			return *e, true
		}
	}
	return Event{}, false
}

// Register pre-registers a participant for an event (front desk). Registering
// twice is harmless.
func (s *Service) Register(ctx context.Context, eventID, participantID int64) error {
	a, err := require(ctx, RoleFrontDesk)
	if err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		e, err := tx.Event(ctx, eventID)
		if err != nil {
			return err
		}
		if e.Cancelled {
			return Errorf(EConflict, "%s is cancelled.", e.Title)
		}
		if _, err := tx.Participant(ctx, participantID); err != nil {
			return err
		}
		if ok, err := tx.IsRegistered(ctx, eventID, participantID); err != nil || ok {
			return err
		}
		if err := tx.Register(ctx, Registration{EventID: eventID, ParticipantID: participantID, At: s.now().UTC(), By: a.Username}); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.audit(a, "registration.create", "event", eventID, "participant="+itoa(participantID)))
	})
}

// EventCounts returns the live counts of an event.
func (s *Service) EventCounts(ctx context.Context, eventID int64) (EventCounts, error) {
	if _, err := require(ctx, RoleFrontDesk); err != nil {
		return EventCounts{}, err
	}
	var c EventCounts
	err := s.store.View(ctx, func(tx Tx) (err error) {
		c, err = tx.EventCounts(ctx, eventID)
		return err
	})
	return c, err
}
