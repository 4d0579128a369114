package app

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// PlaceHold puts a participant on the waitlist for a kind of kit at a site
// (kit circulation).
func (s *Service) PlaceHold(ctx context.Context, siteID, participantID int64, kind KitKind) (Hold, error) {
	a, err := require(ctx, RoleCirculation)
	if err != nil {
		return Hold{}, err
	}
	if !validKitKind(kind) {
		return Hold{}, FieldErrorf("kind", "choose laptop, hotspot or laptop + hotspot")
	}
	var h Hold
	err = s.store.Update(ctx, func(tx Tx) error {
		if _, err := tx.Site(ctx, siteID); err != nil {
			return err
		}
		p, err := tx.Participant(ctx, participantID)
		if err != nil {
			return err
		}
		hs, err := tx.Holds(ctx, HoldFilter{SiteID: siteID, Kind: kind, ParticipantID: p.ID})
		if err != nil {
			return err
		}
		if len(hs) > 0 {
			return Errorf(EConflict, "%s is already waiting for a %s kit.", p.ShortName(), kindWords(kind))
		}
		out, err := tx.Loans(ctx, LoanFilter{ParticipantID: p.ID, OutOnly: true})
		if err != nil {
			return err
		}
		for _, l := range out {
			k, err := tx.Kit(ctx, l.KitID)
			if err != nil {
				return err
			}
			if k.Kind == kind {
				return Errorf(EConflict, "%s already has a %s kit on loan (%s).", p.ShortName(), kindWords(kind), k.Tag)
			}
		}
		h = Hold{SiteID: siteID, Kind: kind, ParticipantID: p.ID, PlacedAt: s.now().UTC(), PlacedBy: a.Username, Status: HoldWaiting}
		if err := tx.CreateHold(ctx, &h); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.audit(a, "hold.place", "hold", h.ID, "kind="+string(kind)))
	})
	if err != nil {
		return Hold{}, err
	}
	return h, nil
}

// CancelHold takes a hold off the waitlist (kit circulation). A kit waiting
// on the hold shelf for it goes to the next person waiting, or back to available.
func (s *Service) CancelHold(ctx context.Context, holdID int64) (Hold, error) {
	a, err := require(ctx, RoleCirculation)
	if err != nil {
		return Hold{}, err
	}
	var h Hold
	err = s.store.Update(ctx, func(tx Tx) error {
		now := s.now().UTC()
		if h, err = tx.Hold(ctx, holdID); err != nil {
			return err
		}
		if h.Status != HoldWaiting && h.Status != HoldReady {
			return Errorf(EConflict, "This hold is already %s.", h.Status)
		}
		kitID := h.KitID
		wasReady := h.Status == HoldReady
		h.Status, h.ClosedAt, h.ClosedBy = HoldCancelled, &now, a.Username
		if err := tx.UpdateHold(ctx, &h); err != nil {
			return err
		}
		if err := tx.AppendAudit(ctx, s.audit(a, "hold.cancel", "hold", h.ID, "kind="+string(h.Kind))); err != nil {
			return err
		}
		if wasReady && kitID != 0 {
			k, err := tx.Kit(ctx, kitID)
			if err != nil {
				return err
			}
			if k.Status == KitOnHoldShelf {
				if _, _, err := s.shelveForHold(ctx, tx, a, &k, now); err != nil {
					return err
				}
				k.UpdatedAt = now
				if err := tx.UpdateKit(ctx, &k); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return Hold{}, err
	}
	return h, nil
}

// HoldLine is one place in a waitlist; Hold.Borrower is who waits.
type HoldLine struct {
	Hold     Hold
	Position int    // 1: next to be served (ready holds count too)
	KitTag   string // the kit on the hold shelf, when ready
}

// HoldQueue lists the waiting and ready holds for a kind of kit at a site, in
// order (kit circulation). kind "" lists every kind, each in its own order.
func (s *Service) HoldQueue(ctx context.Context, siteID int64, kind KitKind) ([]HoldLine, error) {
	if _, err := require(ctx, RoleCirculation); err != nil {
		return nil, err
	}
	var out []HoldLine
	err := s.store.View(ctx, func(tx Tx) error {
		hs, err := tx.Holds(ctx, HoldFilter{SiteID: siteID, Kind: kind})
		if err != nil {
			return err
		}
		pos := map[KitKind]int{}
		for _, h := range hs {
			pos[h.Kind]++
			line := HoldLine{Hold: h, Position: pos[h.Kind]}
			if h.KitID != 0 {
				k, err := tx.Kit(ctx, h.KitID)
				if err != nil {
					return err
				}
				line.KitTag = k.Tag
			}
			out = append(out, line)
		}
		return nil
	})
	return out, err
}

// OverdueLine is an overdue loan with what staff need to call about it.
type OverdueLine struct {
	Loan        Loan
	KitTag      string
	Kind        KitKind
	Name        string
	Phone       string // E.164
	Email       string
	Language    string // the language to call in
	Due         time.Time
	DaysOverdue int
}

// overdueSince returns how long after the end of its due day (site local)
// a loan is at now; negative when not yet overdue.
func overdueSince(due, now time.Time, loc *time.Location) time.Duration {
	return now.Sub(DayStart(due.AddDate(0, 0, 1), loc))
}

// OverdueLoans lists the overdue loans of a site (0: every site), most
// overdue first (kit circulation).
func (s *Service) OverdueLoans(ctx context.Context, siteID int64) ([]OverdueLine, error) {
	if _, err := require(ctx, RoleCirculation); err != nil {
		return nil, err
	}
	var out []OverdueLine
	err := s.store.View(ctx, func(tx Tx) error {
		now := s.now().UTC()
		loans, err := tx.Loans(ctx, LoanFilter{SiteID: siteID, OutOnly: true})
		if err != nil {
			return err
		}
		locs := map[int64]*time.Location{}
		for _, l := range loans {
			loc, err := siteLoc(ctx, tx, locs, l.SiteID)
			if err != nil {
				return err
			}
			today := CalendarDay(now, loc)
			if !today.After(l.Due) {
				continue
			}
			k, err := tx.Kit(ctx, l.KitID)
			if err != nil {
				return err
			}
			b := l.Borrower
			out = append(out, OverdueLine{Loan: l, KitTag: k.Tag, Kind: k.Kind, Name: b.DisplayName(), Phone: b.Phone, Email: b.Email, Language: b.Language,
				Due: l.Due, DaysOverdue: int(today.Sub(l.Due).Hours() / 24)})
		}
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].DaysOverdue > out[j].DaysOverdue })
	return out, err
}

func siteLoc(ctx context.Context, tx Tx, cache map[int64]*time.Location, siteID int64) (*time.Location, error) {
	if loc, ok := cache[siteID]; ok {
		return loc, nil
	}
	site, err := tx.Site(ctx, siteID)
	if err != nil {
		return nil, err
	}
	cache[siteID] = site.Location()
	return cache[siteID], nil
}

// HotspotTask is a hotspot line staff must ask the carrier to change.
type HotspotTask struct {
	Kit          Kit
	LoanID       int64         // the overdue loan, for a suspension
	HoursOverdue int           // for a suspension
	Next         ServiceState  // the state to record when done
	Overdue      time.Duration // for a suspension
}

// HotspotQueues are the carrier calls to make: Suspend lists hotspots on
// loan overdue past the setting, and lost hotspots, whose service is active; Reactivate lists
// hotspots back in (not on loan) whose service is suspended or a suspension
// was requested; Pending lists requests made and awaiting the carrier's
// confirmation.
type HotspotQueues struct {
	Suspend    []HotspotTask
	Reactivate []HotspotTask
	Pending    []HotspotTask
}

// HotspotQueues returns the carrier calls to make at a site, 0: every site (kit circulation).
func (s *Service) HotspotQueues(ctx context.Context, siteID int64) (HotspotQueues, error) {
	if _, err := require(ctx, RoleCirculation); err != nil {
		return HotspotQueues{}, err
	}
	var q HotspotQueues
	err := s.store.View(ctx, func(tx Tx) error {
		now := s.now().UTC()
		ls, err := loadLoanSettings(ctx, tx)
		if err != nil {
			return err
		}
		kits, err := tx.Kits(ctx, KitFilter{SiteID: siteID})
		if err != nil {
			return err
		}
		locs := map[int64]*time.Location{}
		for _, k := range kits {
			if !k.Kind.HasHotspot() || k.Status == KitRetired {
				continue
			}
			l, err := tx.OutLoanForKit(ctx, k.ID)
			onLoan := err == nil
			if err != nil && ErrorCode(err) != ENotFound {
				return err
			}
			switch {
			case k.Service == ServiceActive && onLoan && !hotspotBack(l):
				loc, err := siteLoc(ctx, tx, locs, l.SiteID)
				if err != nil {
					return err
				}
				over := overdueSince(l.Due, now, loc)
				if over > time.Duration(ls.SuspendAfterHours)*time.Hour {
					q.Suspend = append(q.Suspend, HotspotTask{Kit: k, LoanID: l.ID, HoursOverdue: int(over.Hours()), Overdue: over, Next: ServiceSuspendRequested})
				}
			case k.Service == ServiceActive && k.Status == KitLost:
				q.Suspend = append(q.Suspend, HotspotTask{Kit: k, Next: ServiceSuspendRequested})
			case (k.Service == ServiceSuspended || k.Service == ServiceSuspendRequested) && !onLoan && k.Status != KitLost:
				q.Reactivate = append(q.Reactivate, HotspotTask{Kit: k, Next: ServiceReactivateRequested})
			case k.Service == ServiceSuspendRequested:
				q.Pending = append(q.Pending, HotspotTask{Kit: k, Next: ServiceSuspended})
			case k.Service == ServiceReactivateRequested:
				q.Pending = append(q.Pending, HotspotTask{Kit: k, Next: ServiceActive})
			}
		}
		sort.SliceStable(q.Suspend, func(i, j int) bool { return q.Suspend[i].Overdue > q.Suspend[j].Overdue })
		return nil
	})
	return q, err
}

// hotspotBack reports whether the hotspot itself came back with a partial
// return (its line then need not be suspended).
func hotspotBack(l Loan) bool {
	for _, c := range l.Components {
		if strings.EqualFold(c.Name, ComponentHotspot) && c.Back {
			return true
		}
	}
	return false
}

// SetHotspotService records a change of a hotspot's service state, after
// staff asked the carrier or the carrier confirmed (kit circulation;
// audited). Only the steps of ServiceState are allowed.
func (s *Service) SetHotspotService(ctx context.Context, kitID int64, to ServiceState) (Kit, error) {
	a, err := require(ctx, RoleCirculation)
	if err != nil {
		return Kit{}, err
	}
	var k Kit
	err = s.store.Update(ctx, func(tx Tx) error {
		if k, err = tx.Kit(ctx, kitID); err != nil {
			return err
		}
		if !k.Kind.HasHotspot() {
			return Errorf(EInvalid, "Kit %s has no hotspot.", k.Tag)
		}
		from := k.Service
		if !CanChangeService(from, to) {
			return Errorf(EConflict, "Kit %s's hotspot service is %s; it cannot go to %s.", k.Tag,
				strings.ReplaceAll(string(from), "_", " "), strings.ReplaceAll(string(to), "_", " "))
		}
		k.Service, k.UpdatedAt = to, s.now().UTC()
		if err := tx.UpdateKit(ctx, &k); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.audit(a, "hotspot.service", "kit", k.ID, fmt.Sprintf("tag=%s %s→%s", k.Tag, from, to)))
	})
	if err != nil {
		return Kit{}, err
	}
	return k, nil
}

// KitCirculation is how often one kit went out in a period.
type KitCirculation struct {
	KitID int64
	Tag   string
	Kind  KitKind
	Loans int
}

// KitFigures are the lending figures of a site over a period, for reports.
type KitFigures struct {
	From, To     time.Time
	Circulations int              // loans made in the period
	PerKit       []KitCirculation // every kit of the site, by tag
	CurrentLoans int              // out now (open or partial)
	Overdue      int              // out now and overdue
	Lost         int              // kits lost now
	// LoanDays / KitDays: the days kits were out in the period over the
	// days kits were in service (registered and not retired or lost, using
	// the last status change as the retirement day).
	LoanDays, KitDays float64
	Utilisation       float64
	// AverageLoanDays is the mean length of the loans returned in the period.
	AverageLoanDays float64
}

// KitFigures computes the lending figures of a site (0: every site) for
// [from, to) (kit circulation or director).
func (s *Service) KitFigures(ctx context.Context, siteID int64, from, to time.Time) (KitFigures, error) {
	if _, err := requireAny(ctx, RoleCirculation, RoleDirector); err != nil {
		return KitFigures{}, err
	}
	if !to.After(from) {
		return KitFigures{}, FieldErrorf("period", "the end must be after the start")
	}
	f := KitFigures{From: from, To: to}
	err := s.store.View(ctx, func(tx Tx) error {
		now := s.now().UTC()
		end := to
		if now.Before(end) {
			end = now
		}
		overlapDays := func(a, b time.Time) float64 {
			if a.Before(from) {
				a = from
			}
			if b.After(end) {
				b = end
			}
			if !b.After(a) {
				return 0
			}
			return b.Sub(a).Hours() / 24
		}
		kits, err := tx.Kits(ctx, KitFilter{SiteID: siteID})
		if err != nil {
			return err
		}
		idx := map[int64]int{}
		for _, k := range kits {
			idx[k.ID] = len(f.PerKit)
			f.PerKit = append(f.PerKit, KitCirculation{KitID: k.ID, Tag: k.Tag, Kind: k.Kind})
			stop := end
			if k.Status == KitRetired || k.Status == KitLost {
				stop = k.UpdatedAt
			}
			f.KitDays += overlapDays(k.CreatedAt, stop)
			if k.Status == KitLost {
				f.Lost++
			}
		}
		loans, err := tx.Loans(ctx, LoanFilter{SiteID: siteID})
		if err != nil {
			return err
		}
		locs := map[int64]*time.Location{}
		var lengths float64
		var returned int
		for _, l := range loans {
			if !l.OutAt.Before(from) && l.OutAt.Before(to) {
				f.Circulations++
				if i, ok := idx[l.KitID]; ok {
					f.PerKit[i].Loans++
				}
			}
			back := now
			if l.ReturnedAt != nil {
				back = *l.ReturnedAt
			}
			f.LoanDays += overlapDays(l.OutAt, back)
			if l.Status.Out() {
				f.CurrentLoans++
				loc, err := siteLoc(ctx, tx, locs, l.SiteID)
				if err != nil {
					return err
				}
				if CalendarDay(now, loc).After(l.Due) {
					f.Overdue++
				}
			}
			if l.Status == LoanReturned && l.ReturnedAt != nil && !l.ReturnedAt.Before(from) && l.ReturnedAt.Before(to) {
				lengths += l.ReturnedAt.Sub(l.OutAt).Hours() / 24
				returned++
			}
		}
		if f.KitDays > 0 {
			f.Utilisation = f.LoanDays / f.KitDays
		}
		if returned > 0 {
			f.AverageLoanDays = lengths / float64(returned)
		}
		return nil
	})
	return f, err
}
