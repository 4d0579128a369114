package app

import (
	"context"
	"errors"
	"fmt"
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
	OutcomeRoomFull     Outcome = "room_full"       // the event is full and the limit is hard: nothing recorded
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
	// OverCapacity is set when this check-in went past the event's
	// capacity under a soft limit (recorded, with a warning), or would have
	// under a hard one (OutcomeRoomFull, nothing recorded).
	OverCapacity bool
}

// RoomFullMessage is the warning for a check-in that makes (or would make)
// an event's n-th attendee when it holds capacity: "Room full: 41 of 40."
func RoomFullMessage(n, capacity int) string {
	return fmt.Sprintf("Room full: %d of %d.", n, capacity)
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
	return s.checkIn(ctx, t, MethodScan, onFile(ParticipantRef{Code: code}))
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
	return s.checkIn(ctx, t, method, onFile(ParticipantRef{ID: participantID}))
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
	return s.checkIn(ctx, t, MethodWalkIn, s.newcomer(ctx, a, p))
}

// checkInWho is whom a check-in is for: someone on file (ref), or a
// newcomer the check-in's transaction registers (add).
type checkInWho struct {
	ref ParticipantRef
	add func(Tx) (Participant, error)
}

// onFile is checkInWho for the participant ref names.
func onFile(ref ParticipantRef) checkInWho { return checkInWho{ref: ref} }

// newcomer is checkInWho for someone registered at the desk: it adds p,
// who has no registration or check-in yet.
func (s *Service) newcomer(ctx context.Context, a Actor, p Participant) checkInWho {
	return checkInWho{add: func(tx Tx) (Participant, error) {
		err := s.addParticipant(ctx, tx, a, &p)
		return p, err
	}}
}

// checkIn runs one check-in of who inside one transaction. A scan into an
// event the desk has read before reads once (the event's revision, time
// zone and counts with the person, their registration and check-in there:
// Tx.AtDesk) and writes the check-in: the desk's write lock is held
// briefly.
func (s *Service) checkIn(ctx context.Context, t Target, method string, who checkInWho) (CheckInResult, error) {
	// a desk of a center server records check-ins while the server cannot
	// be reached (see DeskStatus); everything else waits for it
	ctx = offlineOK(ctx)
	if who.add == nil && t.EventID != 0 {
		ctx = checkInOnly(ctx)
	}
	res, err := s.checkInOnce(ctx, t, method, who)
	if errors.Is(err, ErrCheckedInMeanwhile) {
		// another desk checked the person in since this one read them:
		// read again, and say so (OutcomeAlready)
		res, err = s.checkInOnce(ctx, t, method, who)
	}
	return res, err
}

// errRoomTaken rolls back a check-in that took a seat a hard capacity
// limit does not have: another desk took the last one meanwhile.
var errRoomTaken = errors.New("the last seat was taken meanwhile")

// checkInOnce is checkIn's one transaction.
func (s *Service) checkInOnce(ctx context.Context, t Target, method string, who checkInWho) (CheckInResult, error) {
	a, _ := ActorFrom(ctx)
	var res CheckInResult
	var taken *EventCounts // the counts that refused the seat (errRoomTaken)
	err := s.store.Update(ctx, func(tx Tx) error {
		res, taken = CheckInResult{}, nil
		now := s.now().UTC()
		var desk EventAtDesk
		var site Site
		// the person, when read with the event (found)
		var p Participant
		var att Attendance
		var pErr error
		found := false
		if t.EventID != 0 {
			var err error
			if who.add == nil {
				desk, p, att, pErr, err = tx.AtDesk(ctx, t.EventID, who.ref)
				found = true
			} else {
				desk, err = tx.EventAtDesk(ctx, t.EventID)
			}
			if err != nil {
				return err
			}
			ev, loc := desk.Event, desk.Location()
			res.Event = ev
			if ev.Cancelled {
				res.Outcome, res.Message = OutcomeCancelled, ev.Title+" is cancelled. Nothing was recorded."
				return nil
			}
			if !EventIsOn(ev, now, loc) && !(method == MethodPaper && PaperKeyable(ev, now, loc)) {
				res.Outcome, res.Message = OutcomeNotToday, ev.Title+" is not today. Nothing was recorded."
				return nil
			}
		} else if !validReason(t.Reason) {
			return FieldErrorf("reason", "choose why the person is visiting")
		} else {
			var err error
			if site, err = tx.Site(ctx, t.SiteID); err != nil {
				return err
			}
		}
		ev := desk.Event
		full, hard := roomFull(desk, method)
		if full.Capacity > 0 && hard && method == MethodWalkIn {
			// refuse before the new person is saved: nothing half-saved
			s.refuseFull(&res, full)
			return nil
		}
		switch {
		case found:
		case who.add != nil:
			p, pErr = who.add(tx)
		default:
			p, att, pErr = tx.ParticipantAt(ctx, who.ref, t.EventID)
		}
		if ErrorCode(pErr) == ENotFound && method == MethodScan {
			res.Outcome, res.Message = OutcomeUnknown, "Nobody has this card. Search by name or register them."
			return nil
		} else if pErr != nil {
			return pErr
		}
		res.Participant = p
		if t.EventID == 0 {
			return s.recordVisit(ctx, tx, a, site, t, p, now, &res)
		}
		if att.CheckIn != nil {
			res.Outcome, res.CheckIn, res.Counts = OutcomeAlready, *att.CheckIn, desk.Counts
			res.Message = p.ShortName() + " is already checked in."
			if d := att.CheckIn.Desk; d != "" {
				res.Message = p.ShortName() + " is already checked in (at " + d + ")."
			}
			return nil
		}
		if full.Capacity > 0 && hard {
			s.refuseFull(&res, full)
			return nil
		}
		registered := att.Registered
		c := CheckIn{EventID: ev.ID, ParticipantID: p.ID, Method: method, At: now, By: a.Username, WalkIn: !registered, Desk: s.Desk()}
		// an orientation's first check-in makes a new person oriented
		oriented := ev.Kind == KindOrientation && p.Status == StatusNew
		if oriented {
			// before the check-in: on a center server the check-in's
			// insert holds the event's other check-ins back until this
			// transaction ends, so it comes last
			p.Status, p.UpdatedAt = StatusOriented, now
			if err := tx.SetParticipantStatus(ctx, p.ID, p.Status, now); err != nil {
				return err
			}
			res.Participant = p
		}
		if err := tx.RecordCheckIn(ctx, &c, oriented); err != nil {
			return err
		}
		if hard {
			// a hard limit, and a seat free as read: other desks may have
			// taken the last ones since (a center server lets desks check
			// people in side by side). Tx.EventCounts now counts every
			// committed check-in and this one, and holds the event's other
			// check-ins back until this one ends.
			now, err := tx.EventCounts(ctx, ev.ID)
			if err != nil {
				return err
			}
			if now.CheckedIn > now.Capacity {
				now.CheckedIn--
				taken = &now
				return errRoomTaken
			}
		}
		res.CheckIn = c
		if registered {
			res.Outcome, res.Message = OutcomeCheckedIn, p.ShortName()+" is checked in."
		} else {
			res.Outcome, res.Message = OutcomeWalkIn, p.ShortName()+" was not pre-registered: checked in as a walk-in."
		}
		if full.Capacity > 0 {
			res.OverCapacity = true
			res.Message = RoomFullMessage(full.CheckedIn+1, full.Capacity) + " " + res.Message
		}
		// the counts after this check-in, as the store's counters now hold them
		res.Counts = desk.Counts
		res.Counts.CheckedIn++
		if c.WalkIn {
			res.Counts.WalkIns++
		}
		return nil
	})
	if err != nil && taken != nil {
		// rolled back (errRoomTaken, however the store reports it)
		s.refuseFull(&res, *taken)
		return res, nil
	}
	if err != nil {
		return CheckInResult{}, err
	}
	return res, nil
}

// CheckInAudits are the audit records of check-in c: who made it, when,
// how and at which desk; and, when it made a new person oriented (an
// orientation's first check-in), that status change.
func CheckInAudits(c CheckIn, oriented bool) []AuditEntry {
	detail := "method=" + c.Method
	if c.Desk != "" {
		detail += " desk=" + c.Desk
	}
	out := []AuditEntry{{At: c.At.UTC(), Actor: c.By, Action: "checkin.create", Entity: "checkin", Ref: itoa(c.ID), Detail: detail}}
	if oriented {
		out = append(out, AuditEntry{At: c.At.UTC(), Actor: c.By, Action: "participant.update", Entity: "participant", Ref: itoa(c.ParticipantID),
			Detail: "status new→oriented (orientation check-in)"})
	}
	return out
}

// roomFull returns an event's counts when one more check-in would go past
// its capacity (zero counts otherwise), and whether its limit is hard for
// this check-in. A paper sheet records who was in the room, so keying one
// in is never refused: it only warns.
func roomFull(d EventAtDesk, method string) (EventCounts, bool) {
	c := d.Counts
	if c.Capacity <= 0 {
		return EventCounts{}, false
	}
	hard := capacityLimit(d.LimitSetting) == CapacityHard && method != MethodPaper
	if c.CheckedIn < c.Capacity {
		return EventCounts{}, hard
	}
	return c, hard
}

// refuseFull answers a check-in a hard capacity limit refuses.
func (s *Service) refuseFull(res *CheckInResult, c EventCounts) {
	res.Outcome, res.OverCapacity, res.Counts = OutcomeRoomFull, true, c
	res.Message = RoomFullMessage(c.CheckedIn+1, c.Capacity) + " " + res.Event.Title + " is full. Nothing was recorded."
}

func (s *Service) recordVisit(ctx context.Context, tx Tx, a Actor, site Site, t Target, p Participant, now time.Time, res *CheckInResult) error {
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
	return s.UndoCheckInOf(ctx, CheckIn{ID: checkInID})
}

// UndoCheckInOf is UndoCheckIn of c as the desk was told of it: one made
// offline is found by its ClientID, so an undo pressed after the desk is
// back online reverses that check-in, whatever id the server gave it.
func (s *Service) UndoCheckInOf(ctx context.Context, c CheckIn) error {
	a, err := require(ctx, RoleFrontDesk)
	if err != nil {
		return err
	}
	return s.store.Update(offlineOK(ctx), func(tx Tx) error {
		var found CheckIn
		var err error
		if c.ClientID != "" {
			found, err = tx.CheckInByClientID(ctx, c.ClientID)
		} else {
			found, err = tx.CheckIn(ctx, c.ID)
		}
		if err != nil {
			return err
		}
		if found.UndoneAt != nil {
			return Errorf(EConflict, "That check-in was already undone.")
		}
		if err := tx.UndoCheckIn(ctx, found.ID, s.now().UTC(), a.Username); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.audit(a, "checkin.undo", "checkin", found.ID, ""))
	})
}

// UndoVisit reverses a general visit (front desk), kept on record like an
// undone check-in.
func (s *Service) UndoVisit(ctx context.Context, visitID int64) error {
	return s.UndoVisitOf(ctx, Visit{ID: visitID})
}

// UndoVisitOf is UndoVisit of v as the desk was told of it (see
// UndoCheckInOf).
func (s *Service) UndoVisitOf(ctx context.Context, v Visit) error {
	a, err := require(ctx, RoleFrontDesk)
	if err != nil {
		return err
	}
	return s.store.Update(offlineOK(ctx), func(tx Tx) error {
		id := v.ID
		if v.ClientID != "" {
			found, err := tx.VisitByClientID(ctx, v.ClientID)
			if err != nil {
				return err
			}
			id = found.ID
		}
		if err := tx.UndoVisit(ctx, id, s.now().UTC(), a.Username); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.audit(a, "visit.undo", "visit", id, ""))
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
