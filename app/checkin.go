package app

import (
	"context"
	"time"
)

// Outcome is what happened when the desk tried to check someone in. The UI
// shows each in its own colour and words.
type Outcome string

// Check-in outcomes.
const (
	OutcomeCheckedIn    Outcome = "checked_in"      // checked in, pre-registered (or the event takes no registrations)
	OutcomeWalkIn       Outcome = "walk_in"         // not pre-registered: checked in as a walk-in
	OutcomeAlready      Outcome = "already"         // already checked in; no second record
	OutcomeVisit        Outcome = "visit"           // general visit recorded
	OutcomeVisitAlready Outcome = "visit_already"   // the same visit was already recorded today
	OutcomeBadCode      Outcome = "bad_code"        // unreadable or wrong check character: scan again
	OutcomeWrongKind    Outcome = "wrong_kind"      // a valid code, but not a participant card
	OutcomeUnknown      Outcome = "unknown_code"    // a well-formed participant code nobody has
	OutcomeCancelled    Outcome = "event_cancelled" // the event is cancelled: nothing recorded
	OutcomeNotToday     Outcome = "not_today"       // the event is not today: nothing recorded
)

// Recorded reports whether the outcome wrote a new check-in or visit.
func (o Outcome) Recorded() bool {
	return o == OutcomeCheckedIn || o == OutcomeWalkIn || o == OutcomeVisit
}

// Target is what the desk is checking people into: an event, or a general
// visit to a site for a reason (EventID 0).
type Target struct {
	SiteID  int64
	EventID int64
	Reason  string // for a general visit: one of VisitReasons
}

// CheckInResult is the answer to a scan, a pick from search or a walk-in.
type CheckInResult struct {
	Outcome     Outcome
	Message     string // a one-line English explanation, for logs and frontdeskctl
	Participant Participant
	Event       Event
	CheckIn     CheckIn     // the new check-in, or the earlier one for OutcomeAlready
	Visit       Visit       // the new or earlier visit, for the visit outcomes
	Counts      EventCounts // the event's counts after the check-in
}

// ScanCheckIn checks in whoever's card was scanned (raw is exactly what the
// scanner typed). Codes that do not read correctly are answered with
// OutcomeBadCode and never matched to anyone.
func (s *Service) ScanCheckIn(ctx context.Context, t Target, raw string) (CheckInResult, error) {
	if _, err := require(ctx, RoleFrontDesk); err != nil {
		return CheckInResult{}, err
	}
	code, prefix, err := ParseCode(raw)
	if err != nil {
		return CheckInResult{Outcome: OutcomeBadCode, Message: ErrorMessage(err)}, nil
	}
	if prefix != PrefixParticipant {
		return CheckInResult{Outcome: OutcomeWrongKind, Message: "That is not a participant card."}, nil
	}
	return s.checkIn(ctx, t, MethodScan, func(tx Tx) (Participant, error) {
		return tx.ParticipantByCode(ctx, code)
	})
}

// CheckInParticipant checks in a participant picked by search (method
// MethodSearch) or keyed from paper (MethodPaper).
func (s *Service) CheckInParticipant(ctx context.Context, t Target, participantID int64, method string) (CheckInResult, error) {
	if _, err := require(ctx, RoleFrontDesk); err != nil {
		return CheckInResult{}, err
	}
	switch method {
	case MethodSearch, MethodPaper, MethodScan:
	default:
		return CheckInResult{}, FieldErrorf("method", "%q is not a check-in method", method)
	}
	return s.checkIn(ctx, t, method, func(tx Tx) (Participant, error) {
		return tx.Participant(ctx, participantID)
	})
}

// RegisterWalkIn registers a new participant and checks them in, in one
// transaction: either both are saved or neither.
func (s *Service) RegisterWalkIn(ctx context.Context, t Target, p Participant) (CheckInResult, error) {
	a, err := require(ctx, RoleFrontDesk)
	if err != nil {
		return CheckInResult{}, err
	}
	if p.SiteID == 0 {
		p.SiteID = t.SiteID
	}
	return s.checkIn(ctx, t, MethodWalkIn, func(tx Tx) (Participant, error) {
		err := s.addParticipant(ctx, tx, a, &p)
		return p, err
	})
}

// checkIn runs one check-in inside one transaction; find supplies the person.
func (s *Service) checkIn(ctx context.Context, t Target, method string, find func(Tx) (Participant, error)) (CheckInResult, error) {
	a, _ := ActorFrom(ctx)
	var res CheckInResult
	err := s.store.Update(ctx, func(tx Tx) error {
		res = CheckInResult{}
		now := s.now().UTC()
		var ev Event
		if t.EventID != 0 {
			var err error
			if ev, err = tx.Event(ctx, t.EventID); err != nil {
				return err
			}
			res.Event = ev
			site, err := tx.Site(ctx, ev.SiteID)
			if err != nil {
				return err
			}
			if ev.Cancelled {
				res.Outcome, res.Message = OutcomeCancelled, ev.Title+" is cancelled. Nothing was recorded."
				return nil
			}
			if !EventIsOn(ev, now, site.Location()) && !(method == MethodPaper && PaperKeyable(ev, now, site.Location())) {
				res.Outcome, res.Message = OutcomeNotToday, ev.Title+" is not today. Nothing was recorded."
				return nil
			}
		} else if !validReason(t.Reason) {
			return FieldErrorf("reason", "choose why the person is visiting")
		} else if _, err := tx.Site(ctx, t.SiteID); err != nil {
			return err
		}
		p, err := find(tx)
		if ErrorCode(err) == ENotFound && method == MethodScan {
			res.Outcome, res.Message = OutcomeUnknown, "Nobody has this card. Search by name or register them."
			return nil
		} else if err != nil {
			return err
		}
		res.Participant = p
		if t.EventID == 0 {
			return s.recordVisit(ctx, tx, a, t, p, now, &res)
		}
		if prev, err := tx.ActiveCheckIn(ctx, ev.ID, p.ID); err == nil {
			res.Outcome, res.CheckIn = OutcomeAlready, prev
			res.Message = p.ShortName() + " is already checked in."
			res.Counts, err = tx.EventCounts(ctx, ev.ID)
			return err
		} else if ErrorCode(err) != ENotFound {
			return err
		}
		registered, err := tx.IsRegistered(ctx, ev.ID, p.ID)
		if err != nil {
			return err
		}
		c := CheckIn{EventID: ev.ID, ParticipantID: p.ID, Method: method, At: now, By: a.Username, WalkIn: !registered}
		if err := tx.InsertCheckIn(ctx, &c); err != nil {
			return err
		}
		if err := tx.AppendAudit(ctx, s.audit(a, "checkin.create", "checkin", c.ID, "method="+method)); err != nil {
			return err
		}
		if ev.Kind == KindOrientation && p.Status == StatusNew {
			p.Status, p.UpdatedAt = StatusOriented, now
			if err := tx.UpdateParticipant(ctx, &p); err != nil {
				return err
			}
			res.Participant = p
			if err := tx.AppendAudit(ctx, s.audit(a, "participant.update", "participant", p.ID, "status new→oriented (orientation check-in)")); err != nil {
				return err
			}
		}
		res.CheckIn = c
		if registered {
			res.Outcome, res.Message = OutcomeCheckedIn, p.ShortName()+" is checked in."
		} else {
			res.Outcome, res.Message = OutcomeWalkIn, p.ShortName()+" was not pre-registered: checked in as a walk-in."
		}
		res.Counts, err = tx.EventCounts(ctx, ev.ID)
		return err
	})
	if err != nil {
		return CheckInResult{}, err
	}
	return res, nil
}

func (s *Service) recordVisit(ctx context.Context, tx Tx, a Actor, t Target, p Participant, now time.Time, res *CheckInResult) error {
	site, err := tx.Site(ctx, t.SiteID)
	if err != nil {
		return err
	}
	dayStart, _ := LocalDay(now, site.Location())
	if prev, err := tx.LastVisit(ctx, t.SiteID, p.ID, t.Reason, dayStart); err == nil {
		res.Outcome, res.Visit = OutcomeVisitAlready, prev
		res.Message = p.ShortName() + "'s visit is already recorded today."
		return nil
	} else if ErrorCode(err) != ENotFound {
		return err
	}
	v := Visit{SiteID: t.SiteID, ParticipantID: p.ID, Reason: t.Reason, At: now, By: a.Username}
	if err := tx.InsertVisit(ctx, &v); err != nil {
		return err
	}
	res.Outcome, res.Visit = OutcomeVisit, v
	res.Message = p.ShortName() + "'s visit is recorded."
	return tx.AppendAudit(ctx, s.audit(a, "visit.create", "visit", v.ID, "reason="+t.Reason))
}

func validReason(r string) bool {
	for _, x := range VisitReasons {
		if x == r {
			return true
		}
	}
	return false
}

// EventIsOn reports whether now falls on a local day the event touches.
func EventIsOn(e Event, now time.Time, loc *time.Location) bool {
	first, _ := LocalDay(e.Start, loc)
	_, last := LocalDay(e.End.Add(-time.Nanosecond), loc)
	return !now.Before(first) && now.Before(last)
}

// UndoCheckIn reverses a check-in (front desk): the check-in stays on record
// with who undid it and when, and no longer counts.
func (s *Service) UndoCheckIn(ctx context.Context, checkInID int64) error {
	a, err := require(ctx, RoleFrontDesk)
	if err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		c, err := tx.CheckIn(ctx, checkInID)
		if err != nil {
			return err
		}
		if c.UndoneAt != nil {
			return Errorf(EConflict, "That check-in was already undone.")
		}
		if err := tx.UndoCheckIn(ctx, c.ID, s.now().UTC(), a.Username); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.audit(a, "checkin.undo", "checkin", c.ID, ""))
	})
}

// UndoVisit reverses a general visit (front desk), kept on record like an
// undone check-in.
func (s *Service) UndoVisit(ctx context.Context, visitID int64) error {
	a, err := require(ctx, RoleFrontDesk)
	if err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		if err := tx.UndoVisit(ctx, visitID, s.now().UTC(), a.Username); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.audit(a, "visit.undo", "visit", visitID, ""))
	})
}

// CheckIns lists an event's active check-ins, newest first (front desk).
func (s *Service) CheckIns(ctx context.Context, eventID int64) ([]CheckIn, error) {
	if _, err := require(ctx, RoleFrontDesk); err != nil {
		return nil, err
	}
	var out []CheckIn
	err := s.store.View(ctx, func(tx Tx) (err error) {
		out, err = tx.CheckIns(ctx, eventID)
		return err
	})
	return out, err
}
