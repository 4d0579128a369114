package app

import (
	"context"
	"strconv"
)

// EventRoster returns what a pre-filled sign-in sheet of an event prints:
// the event, its site and the participants pre-registered for it, in name
// order (last name, then first name). It needs the director role, as the
// sheet goes on paper. Reading the roster writes no audit record; printing
// it does (RecordSheetPrint), once the caller has the document to write.
func (s *Service) EventRoster(ctx context.Context, eventID int64) (Event, Site, []Participant, error) {
	ctx = onlineOnly(ctx) // never from a desk's local copy: see OnlineOnly
	if _, err := require(ctx, RoleDirector); err != nil {
		return Event{}, Site{}, nil, err
	}
	var (
		ev   Event
		site Site
		ps   []Participant
	)
	err := s.store.View(ctx, func(tx Tx) (err error) {
		if ev, err = tx.Event(ctx, eventID); err != nil {
			return err
		}
		if site, err = tx.Site(ctx, ev.SiteID); err != nil {
			return err
		}
		ps, err = tx.EventRegistrants(ctx, eventID)
		return err
	})
	if err != nil {
		return Event{}, Site{}, nil, err
	}
	return ev, site, ps, nil
}

// Audit actions of printed sign-in sheets.
const (
	ActionPrintRoster = "print.roster" // a sheet pre-filled with the pre-registered participants
	ActionPrintSheet  = "print.sheet"  // a blank sheet
)

// RecordSheetPrint writes the audit record of printing event eventID's
// sign-in sheet (directors only, blank or not): ActionPrintRoster with the
// number of participants printed when prefilled, else ActionPrintSheet. It
// is the same record RecordExport(ctx, RoleDirector, action, "event", rows)
// writes, with the event's id as its reference.
func (s *Service) RecordSheetPrint(ctx context.Context, eventID int64, prefilled bool, rows int) error {
	a, err := require(ctx, RoleDirector)
	if err != nil {
		return err
	}
	action, detail := ActionPrintSheet, ""
	if prefilled {
		action, detail = ActionPrintRoster, strconv.Itoa(rows)+" rows"
	}
	return s.store.Update(ctx, func(tx Tx) error {
		if _, err := tx.Event(ctx, eventID); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.audit(a, action, "event", eventID, detail))
	})
}
