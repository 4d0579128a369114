package app

import (
	"context"
	"strings"
	"time"
)

// CheckoutRequest is a kit going out at the desk. The participant is given by
// ParticipantID (picked by search) or ParticipantScan (their card, exactly as
// the scanner typed it); the kit by KitScan (its label). Components lists the
// ids of the components staff ticked as going out: every required one must be
// there. Due, when not zero, is the calendar day the kit is due; otherwise the
// cohort's end day, or today plus the default loan period.
type CheckoutRequest struct {
	ParticipantID   int64
	ParticipantScan string
	KitScan         string
	Components      []int64
	CohortID        int64
	Due             time.Time
}

// CheckoutResult is a loan made.
type CheckoutResult struct {
	Loan        Loan
	Kit         Kit
	Participant Participant
	Message     string // Text in English
	Text        Text
}

// Checkout lends a kit (kit circulation). Every refusal says why and records
// nothing.
func (s *Service) Checkout(ctx context.Context, r CheckoutRequest) (CheckoutResult, error) {
	a, err := require(ctx, RoleCirculation)
	if err != nil {
		return CheckoutResult{}, err
	}
	pcode := ""
	if strings.TrimSpace(r.ParticipantScan) != "" {
		code, prefix, err := ParseCode(r.ParticipantScan)
		if err != nil {
			return CheckoutResult{}, err
		}
		switch prefix {
		case PrefixKit:
			return CheckoutResult{}, FieldErrorf("participant", "That is a kit label. Scan the participant's card.")
		case PrefixParticipant:
			pcode = code
		default:
			return CheckoutResult{}, FieldErrorf("participant", "That is not a participant card. Scan the participant's card.")
		}
	} else if r.ParticipantID == 0 {
		return CheckoutResult{}, FieldErrorf("participant", "scan the participant's card or search for them")
	}
	var res CheckoutResult
	err = s.store.Update(ctx, func(tx Tx) error {
		res = CheckoutResult{}
		now := s.now().UTC()
		k, err := findKit(ctx, tx, r.KitScan)
		if err != nil {
			return err
		}
		var p Participant
		if pcode != "" {
			if p, err = tx.ParticipantByCode(ctx, pcode); ErrorCode(err) == ENotFound {
				return Errorf(ENotFound, "Nobody has this card. Search by name instead.")
			}
		} else {
			p, err = tx.Participant(ctx, r.ParticipantID)
		}
		if err != nil {
			return err
		}
		site, err := tx.Site(ctx, k.SiteID)
		if err != nil {
			return err
		}
		loc := site.Location()
		today := CalendarDay(now, loc)
		ls, err := loadLoanSettings(ctx, tx)
		if err != nil {
			return err
		}
		// the kit
		var shelfHold *Hold
		switch k.Status {
		case KitAvailable:
		case KitOnHoldShelf:
			hs, err := tx.Holds(ctx, HoldFilter{SiteID: k.SiteID, Kind: k.Kind, Statuses: []HoldStatus{HoldReady}})
			if err != nil {
				return err
			}
			for i := range hs {
				if hs[i].KitID == k.ID {
					shelfHold = &hs[i]
				}
			}
			if shelfHold == nil || shelfHold.ParticipantID != p.ID {
				return Errorf(EConflict, "Kit %s is on the hold shelf for someone else. Lend another kit.", k.Tag)
			}
		case KitLost, KitRetired:
			return Errorf(EConflict, "Kit %s is %s and cannot be lent.", k.Tag, k.Status.Words())
		default:
			return Errorf(EConflict, "Kit %s is %s, not available. Lend another kit.", k.Tag, k.Status.Words())
		}
		if k.Kind.HasHotspot() && k.Service != ServiceActive {
			return Errorf(EConflict, "Kit %s's hotspot service is %s. Have it reactivated before lending it.", k.Tag, strings.ReplaceAll(string(k.Service), "_", " "))
		}
		// the components
		ticked := map[int64]bool{}
		for _, id := range r.Components {
			ticked[id] = true
		}
		var comps []LoanComponent
		var missing []string
		for _, c := range k.Components {
			if ticked[c.ID] {
				comps = append(comps, LoanComponent{ComponentID: c.ID, Name: c.Name})
				delete(ticked, c.ID)
			} else if c.Required {
				missing = append(missing, c.Name)
			}
		}
		if len(ticked) > 0 {
			return FieldErrorf("components", "a ticked component is not part of kit %s", k.Tag)
		}
		if len(missing) > 0 {
			return FieldErrorf("components", "tick every required component going out: %s not ticked", strings.Join(missing, ", "))
		}
		// the participant's other loans
		out, err := tx.Loans(ctx, LoanFilter{ParticipantID: p.ID, OutOnly: true})
		if err != nil {
			return err
		}
		for _, l := range out {
			ok, err := tx.Kit(ctx, l.KitID)
			if err != nil {
				return err
			}
			if ok.Kind == k.Kind {
				return Errorf(EConflict, "%s already has a %s kit on loan (%s). Return it first.", p.ShortName(), kindWords(k.Kind), ok.Tag)
			}
			if ls.BlockOverdue && today.After(l.Due) {
				return Errorf(EConflict, "%s has an overdue kit (%s, due %s). It must come back before another loan.", p.ShortName(), ok.Tag, l.Due.Format("Jan 2, 2006"))
			}
		}
		// the due date
		l := Loan{KitID: k.ID, ParticipantID: p.ID, SiteID: k.SiteID, OutAt: now, OutBy: a.Username, Status: LoanOpen, Components: comps}
		l.Due = today.AddDate(0, 0, ls.DefaultLoanDays)
		if r.CohortID != 0 {
			c, err := tx.Cohort(ctx, r.CohortID)
			if err != nil {
				return err
			}
			enrolled, err := tx.IsEnrolled(ctx, c.ID, p.ID)
			if err != nil {
				return err
			}
			if !enrolled {
				return Errorf(EConflict, "%s is not enrolled in %s. Enrol them first.", p.ShortName(), c.Name)
			}
			l.CohortID, l.Due = c.ID, c.End
		}
		if !r.Due.IsZero() {
			l.Due = time.Date(r.Due.Year(), r.Due.Month(), r.Due.Day(), 0, 0, 0, 0, time.UTC)
		}
		if l.Due.Before(today) {
			return FieldErrorf("due date", "%s is in the past", l.Due.Format("Jan 2, 2006"))
		}
		if err := tx.CreateLoan(ctx, &l); err != nil {
			return err
		}
		k.Status, k.UpdatedAt = KitOnLoan, now
		if err := tx.UpdateKit(ctx, &k); err != nil {
			return err
		}
		if err := tx.AppendAudit(ctx, s.audit(a, "loan.checkout", "loan", l.ID, "kit="+k.Tag+" kind="+string(k.Kind)+" due="+l.Due.Format("2006-01-02"))); err != nil {
			return err
		}
		// the person's hold for this kind is fulfilled by this loan
		hs, err := tx.Holds(ctx, HoldFilter{SiteID: k.SiteID, Kind: k.Kind, ParticipantID: p.ID})
		if err != nil {
			return err
		}
		for _, h := range hs {
			h.Status, h.ClosedAt, h.ClosedBy = HoldFulfilled, &now, a.Username
			if err := tx.UpdateHold(ctx, &h); err != nil {
				return err
			}
			if err := tx.AppendAudit(ctx, s.audit(a, "hold.fulfil", "hold", h.ID, "kit="+k.Tag)); err != nil {
				return err
			}
			if h.KitID != 0 && h.KitID != k.ID {
				// another kit waited on the shelf for this person: it goes to
				// the next in line, or back to available
				other, err := tx.Kit(ctx, h.KitID)
				if err != nil {
					return err
				}
				if other.Status == KitOnHoldShelf {
					if _, _, err := s.shelveForHold(ctx, tx, a, &other, now); err != nil {
						return err
					}
					other.UpdatedAt = now
					if err := tx.UpdateKit(ctx, &other); err != nil {
						return err
					}
				}
			}
		}
		res = CheckoutResult{Loan: l, Kit: k, Participant: p,
			Text: Textf("Kit %s lent to %s, due %s.", k.Tag, p.ShortName(), l.Due.Format("Mon Jan 2, 2006"))}
		res.Message = res.Text.String()
		return nil
	})
	if err != nil {
		return CheckoutResult{}, err
	}
	return res, nil
}

func kindWords(k KitKind) string {
	switch k {
	case KitLaptopHotspot:
		return "laptop + hotspot"
	}
	return string(k)
}

// ReturnRequest is a kit coming back. Back lists the ids of the components
// ticked as back (this time); Damaged those of them that came back damaged,
// with a note. ToRepair sends the kit to repair instead of keeping the loan
// partly open for a damaged component.
type ReturnRequest struct {
	KitScan  string
	Back     []int64
	Damaged  map[int64]string
	Note     string
	ToRepair bool
}

// ReturnOutcome is what a return did.
type ReturnOutcome string

// Return outcomes.
const (
	ReturnComplete  ReturnOutcome = "complete"   // all back: the kit is available
	ReturnHoldShelf ReturnOutcome = "hold_shelf" // all back: put the kit on the hold shelf for HoldFor
	ReturnPartial   ReturnOutcome = "partial"    // something missing or damaged: the loan stays open
	ReturnRepair    ReturnOutcome = "repair"     // the kit went to repair (the loan stays open if something is missing)
)

// ReturnResult is the answer to a return.
type ReturnResult struct {
	Outcome ReturnOutcome
	Loan    Loan
	Kit     Kit
	Missing []string // component names still out
	Damaged []string // component names that came back damaged
	HoldFor Participant
	Message string // Text in English
	Text    Text
}

// Return checks a kit back in (kit circulation).
func (s *Service) Return(ctx context.Context, r ReturnRequest) (ReturnResult, error) {
	a, err := require(ctx, RoleCirculation)
	if err != nil {
		return ReturnResult{}, err
	}
	note, err := cleanText("condition notes", r.Note, MaxNoteLen, false)
	if err != nil {
		return ReturnResult{}, err
	}
	var res ReturnResult
	err = s.store.Update(ctx, func(tx Tx) error {
		res = ReturnResult{}
		now := s.now().UTC()
		k, err := findKit(ctx, tx, r.KitScan)
		if err != nil {
			return err
		}
		l, err := tx.OutLoanForKit(ctx, k.ID)
		if ErrorCode(err) == ENotFound {
			return Errorf(EConflict, "Kit %s is not on loan (it is %s). Nothing was recorded.", k.Tag, k.Status.Words())
		} else if err != nil {
			return err
		}
		back := map[int64]bool{}
		for _, id := range r.Back {
			back[id] = true
		}
		for id := range r.Damaged {
			if !back[id] {
				return FieldErrorf("components", "a component marked damaged must also be ticked as back")
			}
		}
		for i := range l.Components {
			c := &l.Components[i]
			if back[c.ComponentID] {
				delete(back, c.ComponentID)
				c.Back, c.Condition, c.Note = true, ConditionOK, ""
				if dn, ok := r.Damaged[c.ComponentID]; ok {
					if c.Note, err = cleanText(c.Name+" damage", dn, MaxTextLen, false); err != nil {
						return err
					}
					c.Condition = ConditionDamaged
				}
			} else if !c.Back {
				c.Condition = ConditionMissing
			}
			switch c.Condition {
			case ConditionMissing:
				res.Missing = append(res.Missing, c.Name)
			case ConditionDamaged:
				res.Damaged = append(res.Damaged, c.Name)
			}
		}
		if len(back) > 0 {
			return FieldErrorf("components", "a ticked component did not go out with this loan")
		}
		if note != "" {
			l.ConditionNote = note
		}
		oldStatus := k.Status
		detail := "kit=" + k.Tag
		switch {
		case len(res.Missing) == 0 && len(res.Damaged) == 0 && !r.ToRepair:
			l.Status, l.ReturnedAt, l.ReturnedBy = LoanReturned, &now, a.Username
			hold, p, err := s.shelveForHold(ctx, tx, a, &k, now)
			if err != nil {
				return err
			}
			if hold != nil {
				res.Outcome, res.HoldFor = ReturnHoldShelf, p
				res.Text = Textf("All back. Put kit %s on the hold shelf for %s.", k.Tag, endsSentence(p.ShortName()))
			} else {
				res.Outcome, res.Text = ReturnComplete, Textf("All back. Kit %s is available.", k.Tag)
			}
			detail += " complete"
		case r.ToRepair:
			k.Status = KitInRepair
			if len(res.Missing) == 0 {
				l.Status, l.ReturnedAt, l.ReturnedBy = LoanReturned, &now, a.Username
			} else {
				l.Status = LoanPartial
			}
			res.Outcome = ReturnRepair
			res.Text = Textf("Kit %s goes to repair.", k.Tag)
			if len(res.Missing) > 0 {
				res.Text = Textf("Kit %s goes to repair. Still owed: %s.", k.Tag, strings.Join(res.Missing, ", "))
			}
			detail += " repair"
		default:
			l.Status = LoanPartial
			res.Outcome = ReturnPartial
			missing, damaged := strings.Join(res.Missing, ", "), strings.Join(res.Damaged, ", ")
			switch {
			case missing != "" && damaged != "":
				res.Text = Textf("Partial return of kit %s (missing: %s; damaged: %s). The loan stays open.", k.Tag, missing, damaged)
			case missing != "":
				res.Text = Textf("Partial return of kit %s (missing: %s). The loan stays open.", k.Tag, missing)
			default:
				res.Text = Textf("Partial return of kit %s (damaged: %s). The loan stays open.", k.Tag, damaged)
			}
			detail += " partial"
		}
		if len(res.Missing) > 0 {
			detail += " missing=" + strings.Join(res.Missing, ",")
		}
		if len(res.Damaged) > 0 {
			detail += " damaged=" + strings.Join(res.Damaged, ",")
		}
		if err := tx.UpdateLoan(ctx, &l); err != nil {
			return err
		}
		if k.Status != oldStatus {
			k.UpdatedAt = now
			if err := tx.UpdateKit(ctx, &k); err != nil {
				return err
			}
		}
		res.Loan, res.Kit = l, k
		return tx.AppendAudit(ctx, s.audit(a, "loan.return", "loan", l.ID, detail))
	})
	if err != nil {
		return ReturnResult{}, err
	}
	res.Message = res.Text.String()
	return res, nil
}

// shelveForHold makes a kit that is back whole available, or puts it on the
// hold shelf for the first person waiting for its kind at its site (marking
// the hold ready). k is updated in place but not saved.
func (s *Service) shelveForHold(ctx context.Context, tx Tx, a Actor, k *Kit, now time.Time) (*Hold, Participant, error) {
	k.Status = KitAvailable
	hs, err := tx.Holds(ctx, HoldFilter{SiteID: k.SiteID, Kind: k.Kind, Statuses: []HoldStatus{HoldWaiting}})
	if err != nil || len(hs) == 0 {
		return nil, Participant{}, err
	}
	h := hs[0]
	p, err := tx.Participant(ctx, h.ParticipantID)
	if err != nil {
		return nil, Participant{}, err
	}
	h.Status, h.KitID, h.ReadyAt = HoldReady, k.ID, &now
	if err := tx.UpdateHold(ctx, &h); err != nil {
		return nil, Participant{}, err
	}
	k.Status = KitOnHoldShelf
	return &h, p, tx.AppendAudit(ctx, s.audit(a, "hold.ready", "hold", h.ID, "kit="+k.Tag))
}

// releaseHoldShelf puts the hold waiting on kit k back in the queue (in its
// old place) when the kit leaves the hold shelf other than by its checkout.
func (s *Service) releaseHoldShelf(ctx context.Context, tx Tx, a Actor, k Kit, now time.Time) error {
	hs, err := tx.Holds(ctx, HoldFilter{SiteID: k.SiteID, Kind: k.Kind, Statuses: []HoldStatus{HoldReady}})
	if err != nil {
		return err
	}
	for _, h := range hs {
		if h.KitID != k.ID {
			continue
		}
		h.Status, h.KitID, h.ReadyAt = HoldWaiting, 0, nil
		if err := tx.UpdateHold(ctx, &h); err != nil {
			return err
		}
		if err := tx.AppendAudit(ctx, s.audit(a, "hold.unready", "hold", h.ID, "kit="+k.Tag)); err != nil {
			return err
		}
	}
	return nil
}

// RenewLoan extends a loan (kit circulation). newDue zero: the later of the
// due day and today, plus the default loan period. Refused past the renewal
// limit, and while others wait for a kit of the same kind at the site.
func (s *Service) RenewLoan(ctx context.Context, loanID int64, newDue time.Time) (Loan, error) {
	a, err := require(ctx, RoleCirculation)
	if err != nil {
		return Loan{}, err
	}
	var l Loan
	err = s.store.Update(ctx, func(tx Tx) error {
		now := s.now().UTC()
		if l, err = tx.Loan(ctx, loanID); err != nil {
			return err
		}
		k, err := tx.Kit(ctx, l.KitID)
		if err != nil {
			return err
		}
		if !l.Status.Out() {
			return Errorf(EConflict, "This loan of kit %s is closed (%s); it cannot be renewed.", k.Tag, l.Status)
		}
		ls, err := loadLoanSettings(ctx, tx)
		if err != nil {
			return err
		}
		if l.Renewals >= ls.RenewalLimit {
			return Errorf(EConflict, "This loan of kit %s has been renewed %d times; the limit is %d.", k.Tag, l.Renewals, ls.RenewalLimit)
		}
		hs, err := tx.Holds(ctx, HoldFilter{SiteID: k.SiteID, Kind: k.Kind, Statuses: []HoldStatus{HoldWaiting}})
		if err != nil {
			return err
		}
		if len(hs) > 0 {
			return Errorf(EConflict, "%d people are waiting for a %s kit, so this loan cannot be renewed.", len(hs), kindWords(k.Kind))
		}
		site, err := tx.Site(ctx, l.SiteID)
		if err != nil {
			return err
		}
		today := CalendarDay(now, site.Location())
		old := l.Due
		if newDue.IsZero() {
			from := l.Due
			if today.After(from) {
				from = today
			}
			l.Due = from.AddDate(0, 0, ls.DefaultLoanDays)
		} else {
			l.Due = time.Date(newDue.Year(), newDue.Month(), newDue.Day(), 0, 0, 0, 0, time.UTC)
			if l.Due.Before(today) {
				return FieldErrorf("due date", "%s is in the past", l.Due.Format("Jan 2, 2006"))
			}
			if !l.Due.After(old) {
				return FieldErrorf("due date", "must be after the current due date, %s", old.Format("Jan 2, 2006"))
			}
		}
		l.Renewals++
		if err := tx.UpdateLoan(ctx, &l); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.audit(a, "loan.renew", "loan", l.ID, "kit="+k.Tag+" due "+old.Format("2006-01-02")+"→"+l.Due.Format("2006-01-02")))
	})
	if err != nil {
		return Loan{}, err
	}
	return l, nil
}

// Loans lists loans (kit circulation).
func (s *Service) Loans(ctx context.Context, f LoanFilter) ([]Loan, error) {
	if _, err := require(ctx, RoleCirculation); err != nil {
		return nil, err
	}
	var out []Loan
	err := s.store.View(ctx, func(tx Tx) (err error) {
		out, err = tx.Loans(ctx, f)
		return err
	})
	return out, err
}

// PartialLoans lists the loans returned in part (something still owed or
// damaged) at a site (kit circulation).
func (s *Service) PartialLoans(ctx context.Context, siteID int64) ([]Loan, error) {
	all, err := s.Loans(ctx, LoanFilter{SiteID: siteID, OutOnly: true})
	var out []Loan
	for _, l := range all {
		if l.Status == LoanPartial {
			out = append(out, l)
		}
	}
	return out, err
}
