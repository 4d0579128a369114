package app

import (
	"context"
	"fmt"
	"strings"
)

// ConsentWordingVersion names the consent wording currently shown (see
// ConsentWordingEN/ES); it is stored with every consent.
const ConsentWordingVersion = "sms-2026-01"

// The text-reminder consent wording shown at registration, in English and Spanish.
const (
	ConsentWordingEN = "I agree to receive text-message reminders from this center and the City of Los Angeles about workshops, orientations, recruitments and job fairs. Message and data rates may apply. Reply STOP at any time to stop."
	ConsentWordingES = "Acepto recibir recordatorios por mensaje de texto de este centro y de la Ciudad de Los Ángeles sobre talleres, orientaciones, reclutamientos y ferias de empleo. Pueden aplicarse tarifas de mensajes y datos. Responda STOP en cualquier momento para dejar de recibirlos."
)

// AddParticipant registers a new participant and gives them a card code
// (front desk or case manager). Consent, when given, is stamped with now, the actor and the
// current wording version unless the caller already set them.
func (s *Service) AddParticipant(ctx context.Context, p Participant) (Participant, error) {
	a, err := requireAny(ctx, RoleFrontDesk, RoleCaseManager)
	if err != nil {
		return Participant{}, err
	}
	err = s.store.Update(ctx, func(tx Tx) error {
		return s.addParticipant(ctx, tx, a, &p)
	})
	return p, err
}

func (s *Service) addParticipant(ctx context.Context, tx Tx, a Actor, p *Participant) error {
	p.ID = 0
	if err := validateParticipant(p); err != nil {
		return err
	}
	if p.SiteID == 0 {
		return FieldErrorf("site", "is required")
	}
	if _, err := tx.Site(ctx, p.SiteID); err != nil {
		return err
	}
	now := s.now().UTC()
	s.stampConsent(a, p)
	if err := checkEntered(ctx, tx, p, ""); err != nil {
		return err
	}
	if err := inheritOptOut(ctx, tx, p); err != nil {
		return err
	}
	p.Code = NewCode(PrefixParticipant)
	p.CreatedAt, p.UpdatedAt = now, now
	if err := tx.CreateParticipant(ctx, p); err != nil {
		return err
	}
	return tx.AppendAudit(ctx, s.audit(a, "participant.create", "participant", p.ID, ""))
}

func (s *Service) stampConsent(a Actor, p *Participant) {
	if !p.Consent.Given {
		p.Consent = Consent{}
		return
	}
	if p.Consent.At.IsZero() {
		p.Consent.At = s.now().UTC()
	}
	if p.Consent.By == "" {
		p.Consent.By = a.Username
	}
	if p.Consent.Method == "" {
		p.Consent.Method = ConsentVerbal
	}
	if p.Consent.Wording == "" {
		p.Consent.Wording = ConsentWordingVersion
	}
}

// FindTwin looks for an existing participant who is the same person as p: one
// with the same email, or with the same phone and the same first name (once
// accents and case are folded). A shared household phone with a different
// first name is not a twin. found is false when there is none.
func FindTwin(ctx context.Context, tx Tx, p *Participant) (twin Participant, found bool, err error) {
	if p.Email != "" {
		o, err := tx.ParticipantByEmail(ctx, p.Email)
		if err == nil && o.ID != p.ID {
			return o, true, nil
		} else if err != nil && ErrorCode(err) != ENotFound {
			return Participant{}, false, err
		}
	}
	if p.Phone != "" {
		same, err := tx.ParticipantsByPhone(ctx, p.Phone)
		if err != nil {
			return Participant{}, false, err
		}
		first := FoldName(p.FirstName)
		for _, o := range same {
			if o.ID != p.ID && FoldName(o.FirstName) == first {
				return o, true, nil
			}
		}
	}
	return Participant{}, false, nil
}

// checkTwin refuses a participant who is already registered (see FindTwin):
// the desk must pick the existing person instead of creating a second record.
func checkTwin(ctx context.Context, tx Tx, p *Participant) error {
	o, found, err := FindTwin(ctx, tx, p)
	if err != nil || !found {
		return err
	}
	if p.Email != "" && o.Email == p.Email {
		return FieldCodeErrorf(EConflict, "email", "%s is already registered to %s. Search for them instead.", p.Email, endsSentence(o.ShortName()))
	}
	return FieldCodeErrorf(EConflict, "phone", "%s is already registered to %s. Search for them instead.", FormatPhone(p.Phone), endsSentence(o.ShortName()))
}

// checkEntered checks a participant typed in at the desk (added, walked in,
// keyed from paper or edited) against everyone else: an email already
// registered to someone else is refused (search for them instead); a phone
// someone else already has (oldPhone is the record's phone before an edit)
// answers EConfirm naming who, unless p.SharedPhoneOK says staff confirmed
// it: households share a phone, and so may two people of one name.
func checkEntered(ctx context.Context, tx Tx, p *Participant, oldPhone string) error {
	if p.Email != "" {
		o, err := tx.ParticipantByEmail(ctx, p.Email)
		if err == nil && o.ID != p.ID {
			return FieldCodeErrorf(EConflict, "email", "%s is already registered to %s. Search for them instead.", p.Email, endsSentence(o.ShortName()))
		} else if err != nil && ErrorCode(err) != ENotFound {
			return err
		}
	}
	if p.Phone == "" || p.Phone == oldPhone || p.SharedPhoneOK {
		return nil
	}
	same, err := tx.ParticipantsByPhone(ctx, p.Phone)
	if err != nil {
		return err
	}
	var names []string
	for _, o := range same {
		if o.ID != p.ID {
			names = append(names, o.ShortName()+" ("+o.Code+")")
		}
	}
	if len(names) == 0 {
		return nil
	}
	if len(names) > 3 {
		names = append(names[:3], fmt.Sprintf("%d more", len(names)-3))
	}
	return FieldCodeErrorf(EConfirm, "phone", "%s is already the phone of %s. If they share it, register anyway; if this is the same person, search for them instead.",
		FormatPhone(p.Phone), strings.Join(names, ", "))
}

// UpdateParticipant saves changes to a participant's details (front desk or
// case manager).
// The card code, creation time and opt-out cannot be changed here; a consent
// newly given is stamped like in AddParticipant, and one withdrawn is cleared.
func (s *Service) UpdateParticipant(ctx context.Context, p Participant) (Participant, error) {
	a, err := requireAny(ctx, RoleFrontDesk, RoleCaseManager)
	if err != nil {
		return Participant{}, err
	}
	if err := validateParticipant(&p); err != nil {
		return Participant{}, err
	}
	err = s.store.Update(ctx, func(tx Tx) error {
		old, err := tx.Participant(ctx, p.ID)
		if err != nil {
			return err
		}
		p.Code, p.CreatedAt, p.OptOutAt, p.OptOutVia = old.Code, old.CreatedAt, old.OptOutAt, old.OptOutVia
		if p.SiteID == 0 {
			p.SiteID = old.SiteID
		}
		if p.Consent.Given && old.Consent.Given && p.Consent.At.IsZero() {
			p.Consent = old.Consent
		}
		s.stampConsent(a, &p)
		if err := checkEntered(ctx, tx, &p, old.Phone); err != nil {
			return err
		}
		if err := inheritOptOut(ctx, tx, &p); err != nil {
			return err
		}
		p.UpdatedAt = s.now().UTC()
		if err := tx.UpdateParticipant(ctx, &p); err != nil {
			return err
		}
		detail := ""
		if old.Status != p.Status {
			detail = fmt.Sprintf("status %s→%s", old.Status, p.Status)
			if err := tx.AddStatusChange(ctx, &StatusChange{ParticipantID: p.ID, From: old.Status, To: p.Status,
				At: p.UpdatedAt, By: a.Username, Note: "participant details"}); err != nil {
				return err
			}
		}
		return tx.AppendAudit(ctx, s.audit(a, "participant.update", "participant", p.ID, detail))
	})
	return p, err
}

// Participant returns one participant's full record (front desk, case
// manager, or kit circulation, who lend kits to people picked by id); the
// opening is audited.
func (s *Service) Participant(ctx context.Context, id int64) (Participant, error) {
	a, err := requireAny(ctx, RoleFrontDesk, RoleCaseManager, RoleCirculation)
	if err != nil {
		return Participant{}, err
	}
	var p Participant
	err = s.store.Update(ctx, func(tx Tx) (err error) {
		if p, err = tx.Participant(ctx, id); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.audit(a, "participant.open", "participant", id, ""))
	})
	return p, err
}

// ParticipantByCode returns the participant whose card code is code (front
// desk, or kit circulation, who scan the borrower's card at checkout and for
// a hold).
func (s *Service) ParticipantByCode(ctx context.Context, code string) (Participant, error) {
	if _, err := requireAny(ctx, RoleFrontDesk, RoleCirculation); err != nil {
		return Participant{}, err
	}
	c, prefix, err := ParseCode(code)
	if err != nil {
		return Participant{}, err
	}
	if prefix != PrefixParticipant {
		return Participant{}, Errorf(EInvalid, "That is not a participant card. Please scan the participant's card.")
	}
	var p Participant
	err = s.store.View(ctx, func(tx Tx) (err error) {
		p, err = tx.ParticipantByCode(ctx, c)
		return err
	})
	return p, err
}

// SearchParticipants answers a search for a list (frontdeskctl participant
// list --search): names (accent-insensitive, every word of the name), phone
// digits (any part of the number) or email; see ParseSearch. A search that
// asks for more than BulkReadRows rows is a bulk read, and audited as one
// (who, how many, "search"; never what was typed).
func (s *Service) SearchParticipants(ctx context.Context, q string, limit int) ([]Participant, error) {
	page, err := s.Search(ctx, q, SearchOptions{Limit: limit})
	if err != nil {
		return nil, err
	}
	out := make([]Participant, len(page.Hits))
	for i, h := range page.Hits {
		out[i] = h.Participant
	}
	a, _ := ActorFrom(ctx)
	if err := s.auditBulkRead(ctx, a, "participant", len(out), limit, "search"); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// SearchOptions says where a search is made from.
type SearchOptions struct {
	EventID int64 // the event being checked in to (0: none): its pre-registered matches first
	Sheet   bool  // keying the event's paper sheet: hits carry their sheet row, and a number typed is a row
	Limit   int   // at most this many hits (0: 20)
}

// Search answers the check-in and paper-entry search boxes (front desk or
// case manager): the first matches of what was typed (see ParseSearch),
// the event's pre-registered people first, each hit saying whether they are
// pre-registered and already checked in; and how many match in all.
func (s *Service) Search(ctx context.Context, q string, o SearchOptions) (SearchPage, error) {
	if _, err := requireAny(ctx, RoleFrontDesk, RoleCaseManager); err != nil {
		return SearchPage{}, err
	}
	t := ParseSearch(q, o.Limit)
	t.EventID, t.Sheet = o.EventID, o.Sheet && o.EventID != 0
	if t.Empty() {
		return SearchPage{}, nil
	}
	var page SearchPage
	err := s.store.View(ctx, func(tx Tx) (err error) {
		page, err = tx.SearchParticipants(ctx, t)
		return err
	})
	return page, err
}

// PhoneTail is the last four digits of the participant's phone ("" when
// none): enough to tell two people of one name apart without showing the
// whole number.
func (p Participant) PhoneTail() string {
	d := NationalDigits(p.Phone)
	if len(d) < 4 {
		return d
	}
	return d[len(d)-4:]
}

// Participants lists participants page by page (front desk or case manager).
func (s *Service) Participants(ctx context.Context, f ParticipantFilter) ([]Participant, error) {
	a, err := requireAny(ctx, RoleFrontDesk, RoleCaseManager)
	if err != nil {
		return nil, err
	}
	var out []Participant
	err = s.store.View(ctx, func(tx Tx) (err error) {
		out, err = tx.Participants(ctx, f)
		return err
	})
	if err != nil {
		return nil, err
	}
	filter := "all sites"
	if f.SiteID != 0 {
		filter = "site"
	}
	if err := s.auditBulkRead(ctx, a, "participant", len(out), f.Limit, filter); err != nil {
		return nil, err
	}
	return out, nil
}

// CountParticipants counts a site's participants (0: all sites).
func (s *Service) CountParticipants(ctx context.Context, siteID int64) (int, error) {
	if _, err := requireAny(ctx, RoleFrontDesk, RoleCaseManager); err != nil {
		return 0, err
	}
	var n int
	err := s.store.View(ctx, func(tx Tx) (err error) {
		n, err = tx.CountParticipants(ctx, siteID)
		return err
	})
	return n, err
}
