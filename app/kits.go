package app

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// CalendarDay returns the local calendar day of t in loc as midnight UTC of
// that date: the form of cohort dates and due dates.
func CalendarDay(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// DayStart returns the instant a calendar day (see CalendarDay) begins in loc.
func DayStart(day time.Time, loc *time.Location) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, loc)
}

// WeeklyPattern describes a cohort's weekly events: one event on each of
// Weekdays between the cohort's start and end days, starting at StartHour:
// StartMinute local time and lasting Duration.
type WeeklyPattern struct {
	Weekdays    []time.Weekday
	StartHour   int
	StartMinute int
	Duration    time.Duration
	Title       string
	Location    string
	VirtualLink string
	Kind        EventKind // KindWorkshop when empty
}

// NewCohort is what staff enter to create a cohort.
type NewCohort struct {
	SiteID     int64
	Name       string
	Start, End time.Time // calendar days (see CalendarDay); only the date counts
	Pattern    *WeeklyPattern
}

// CreateCohort creates a session (cohort) and its weekly events in one
// transaction (kit circulation or director).
func (s *Service) CreateCohort(ctx context.Context, n NewCohort) (Cohort, []Event, error) {
	a, err := requireAny(ctx, RoleCirculation, RoleDirector)
	if err != nil {
		return Cohort{}, nil, err
	}
	name, err := cleanText("name", n.Name, MaxTextLen, true)
	if err != nil {
		return Cohort{}, nil, err
	}
	if n.Start.IsZero() || n.End.IsZero() {
		return Cohort{}, nil, FieldErrorf("dates", "start and end are required")
	}
	start := time.Date(n.Start.Year(), n.Start.Month(), n.Start.Day(), 0, 0, 0, 0, time.UTC)
	end := time.Date(n.End.Year(), n.End.Month(), n.End.Day(), 0, 0, 0, 0, time.UTC)
	if end.Before(start) {
		return Cohort{}, nil, FieldErrorf("end", "must not be before the start")
	}
	if end.Sub(start) > 366*24*time.Hour {
		return Cohort{}, nil, FieldErrorf("end", "a session may last at most a year")
	}
	c := Cohort{SiteID: n.SiteID, Name: name, Start: start, End: end, CreatedAt: s.now().UTC(), CreatedBy: a.Username}
	var events []Event
	err = s.store.Update(ctx, func(tx Tx) error {
		events = nil
		site, err := tx.Site(ctx, n.SiteID)
		if err != nil {
			return err
		}
		if err := tx.CreateCohort(ctx, &c); err != nil {
			return err
		}
		if n.Pattern != nil {
			if events, err = patternEvents(c, *n.Pattern, site.Location(), c.CreatedAt); err != nil {
				return err
			}
			for i := range events {
				if err := tx.CreateEvent(ctx, &events[i]); err != nil {
					return err
				}
				if err := tx.LinkCohortEvent(ctx, c.ID, events[i].ID); err != nil {
					return err
				}
			}
		}
		return tx.AppendAudit(ctx, s.audit(a, "cohort.create", "cohort", c.ID, fmt.Sprintf("%d events", len(events))))
	})
	if err != nil {
		return Cohort{}, nil, err
	}
	return c, events, nil
}

// patternEvents lays out the events of p over c's days.
func patternEvents(c Cohort, p WeeklyPattern, loc *time.Location, now time.Time) ([]Event, error) {
	if len(p.Weekdays) == 0 {
		return nil, FieldErrorf("weekdays", "choose at least one day of the week")
	}
	if p.StartHour < 0 || p.StartHour > 23 || p.StartMinute < 0 || p.StartMinute > 59 {
		return nil, FieldErrorf("start time", "is not a time of day")
	}
	days := map[time.Weekday]bool{}
	for _, d := range p.Weekdays {
		if d < time.Sunday || d > time.Saturday {
			return nil, FieldErrorf("weekdays", "%d is not a day of the week", d)
		}
		days[d] = true
	}
	var out []Event
	for d := c.Start; !d.After(c.End); d = d.AddDate(0, 0, 1) {
		if !days[d.Weekday()] {
			continue
		}
		start := time.Date(d.Year(), d.Month(), d.Day(), p.StartHour, p.StartMinute, 0, 0, loc)
		e := Event{SiteID: c.SiteID, Kind: p.Kind, Title: p.Title, Start: start, End: start.Add(p.Duration),
			Location: p.Location, VirtualLink: p.VirtualLink, Language: "en"}
		if err := validateEvent(&e); err != nil {
			return nil, err
		}
		e.Start, e.End, e.CreatedAt = e.Start.UTC(), e.End.UTC(), now
		out = append(out, e)
	}
	if len(out) == 0 {
		return nil, FieldErrorf("weekdays", "none of the chosen days falls within the session")
	}
	return out, nil
}

// Cohorts lists a site's sessions, newest first (anyone signed in).
func (s *Service) Cohorts(ctx context.Context, siteID int64) ([]Cohort, error) {
	if _, ok := ActorFrom(ctx); !ok {
		return nil, Errorf(EForbidden, "Please sign in first.")
	}
	var out []Cohort
	err := s.store.View(ctx, func(tx Tx) (err error) {
		out, err = tx.Cohorts(ctx, siteID)
		return err
	})
	return out, err
}

// CohortEvents lists a session's events (anyone signed in).
func (s *Service) CohortEvents(ctx context.Context, cohortID int64) ([]Event, error) {
	if _, ok := ActorFrom(ctx); !ok {
		return nil, Errorf(EForbidden, "Please sign in first.")
	}
	var out []Event
	err := s.store.View(ctx, func(tx Tx) (err error) {
		out, err = tx.CohortEvents(ctx, cohortID)
		return err
	})
	return out, err
}

// Enrol adds a participant to a session's roster (kit circulation or front desk).
func (s *Service) Enrol(ctx context.Context, cohortID, participantID int64) error {
	a, err := requireAny(ctx, RoleCirculation, RoleFrontDesk)
	if err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		if _, err := tx.Cohort(ctx, cohortID); err != nil {
			return err
		}
		if _, err := tx.Participant(ctx, participantID); err != nil {
			return err
		}
		if err := tx.Enrol(ctx, Enrolment{CohortID: cohortID, ParticipantID: participantID, At: s.now().UTC(), By: a.Username}); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.audit(a, "cohort.enrol", "cohort", cohortID, "participant="+itoa(participantID)))
	})
}

// CohortRoster lists a session's participants (kit circulation or front desk).
func (s *Service) CohortRoster(ctx context.Context, cohortID int64) ([]Participant, error) {
	if _, err := requireAny(ctx, RoleCirculation, RoleFrontDesk); err != nil {
		return nil, err
	}
	var out []Participant
	err := s.store.View(ctx, func(tx Tx) (err error) {
		if _, err := tx.Cohort(ctx, cohortID); err != nil {
			return err
		}
		out, err = tx.CohortRoster(ctx, cohortID)
		return err
	})
	return out, err
}

// StandardComponents returns the usual components of a kit of kind k, all
// required; serials are filled in by staff.
func StandardComponents(k KitKind) []KitComponent {
	var out []KitComponent
	if k == KitLaptop || k == KitLaptopHotspot {
		out = append(out, KitComponent{Name: ComponentLaptop, Required: true}, KitComponent{Name: ComponentCharger, Required: true})
	}
	if k.HasHotspot() {
		out = append(out, KitComponent{Name: ComponentHotspot, Required: true}, KitComponent{Name: ComponentHotspotCharger, Required: true})
	}
	return append(out, KitComponent{Name: ComponentBag, Required: true}, KitComponent{Name: ComponentMaterials, Required: false})
}

func validKitKind(k KitKind) bool {
	for _, x := range KitKinds {
		if x == k {
			return true
		}
	}
	return false
}

// validateKit cleans and checks k in place (not its status).
func validateKit(k *Kit) error {
	if !validKitKind(k.Kind) {
		return FieldErrorf("kind", "choose laptop, hotspot or laptop + hotspot")
	}
	if k.SiteID == 0 {
		return FieldErrorf("home site", "is required")
	}
	var err error
	if k.Notes, err = cleanText("condition notes", k.Notes, MaxNoteLen, false); err != nil {
		return err
	}
	if k.AltTag, err = NormalizeAltTag(k.AltTag); err != nil {
		return err
	}
	if len(k.Components) == 0 {
		return FieldErrorf("components", "a kit needs at least one component")
	}
	names := map[string]bool{}
	serials := map[string]bool{}
	for i := range k.Components {
		c := &k.Components[i]
		if c.Name, err = cleanText(fmt.Sprintf("component %d name", i+1), c.Name, MaxNameLen, true); err != nil {
			return err
		}
		if names[strings.ToLower(c.Name)] {
			return FieldErrorf("components", "%s is listed twice", c.Name)
		}
		names[strings.ToLower(c.Name)] = true
		if c.Serial, err = cleanText(c.Name+" serial", strings.ToUpper(c.Serial), MaxNameLen, false); err != nil {
			return err
		}
		if c.Serial != "" && serials[c.Serial] {
			return FieldCodeErrorf(EConflict, "serial", "The serial %s is entered twice in this kit.", c.Serial)
		}
		serials[c.Serial] = c.Serial != ""
	}
	if k.Kind.HasHotspot() {
		if k.Carrier, err = cleanText("carrier", k.Carrier, MaxNameLen, true); err != nil {
			return err
		}
		if k.LineNumber, err = NormalizePhone(k.LineNumber); err != nil {
			return withField(err, "line number")
		}
		if k.LineNumber == "" {
			return FieldErrorf("line number", "is required for a hotspot")
		}
		if k.IMEI, err = normalizeIMEI(k.IMEI); err != nil {
			return err
		}
		if k.Service == "" {
			k.Service = ServiceActive
		}
		if _, ok := serviceSteps[k.Service]; !ok {
			return FieldErrorf("service", "%q is not a service state", k.Service)
		}
	} else {
		k.Carrier, k.LineNumber, k.IMEI, k.Service = "", "", "", ""
	}
	return nil
}

// normalizeIMEI keeps the digits of an IMEI and checks it has 15 (with a
// valid Luhn check digit).
func normalizeIMEI(s string) (string, error) {
	var d []byte
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			d = append(d, byte(r))
		case r == ' ' || r == '-' || r == '/':
		default:
			return "", FieldErrorf("IMEI", "must be 15 digits")
		}
	}
	if len(d) != 15 {
		return "", FieldErrorf("IMEI", "must be 15 digits (it has %d)", len(d))
	}
	sum := 0
	for i := 0; i < 15; i++ {
		v := int(d[14-i] - '0')
		if i%2 == 1 {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	if sum%10 != 0 {
		return "", FieldErrorf("IMEI", "%s does not check out; type it again from the device's label", string(d))
	}
	return string(d), nil
}

// AddKit registers a kit with a new tag (kit circulation). A serial or IMEI
// already in use is refused with EConflict naming the kit that has it.
func (s *Service) AddKit(ctx context.Context, k Kit) (Kit, error) {
	a, err := require(ctx, RoleCirculation)
	if err != nil {
		return Kit{}, err
	}
	if err := validateKit(&k); err != nil {
		return Kit{}, err
	}
	if k.Tag == "" {
		k.Tag = NewCode(PrefixKit)
	} else {
		code, prefix, err := ParseCode(k.Tag)
		if err != nil {
			return Kit{}, err
		}
		if prefix != PrefixKit {
			return Kit{}, FieldErrorf("tag", "%s is not a kit tag", code)
		}
		k.Tag = code
	}
	k.ID, k.Status = 0, KitAvailable
	k.CreatedAt = s.now().UTC()
	k.UpdatedAt = k.CreatedAt
	err = s.store.Update(ctx, func(tx Tx) error {
		if _, err := tx.Site(ctx, k.SiteID); err != nil {
			return err
		}
		if err := checkKitUnique(ctx, tx, k); err != nil {
			return err
		}
		if err := tx.CreateKit(ctx, &k); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.audit(a, "kit.create", "kit", k.ID, kitAuditDetail(k)))
	})
	if err != nil {
		return Kit{}, err
	}
	return k, nil
}

// Kits lists kits (kit circulation or director).
func (s *Service) Kits(ctx context.Context, f KitFilter) ([]Kit, error) {
	if _, err := requireAny(ctx, RoleCirculation, RoleDirector); err != nil {
		return nil, err
	}
	var out []Kit
	err := s.store.View(ctx, func(tx Tx) (err error) {
		out, err = tx.Kits(ctx, f)
		return err
	})
	return out, err
}

// KitByTag returns the kit whose label was scanned, or whose code or asset
// tag was typed (kit circulation); see findKit.
func (s *Service) KitByTag(ctx context.Context, raw string) (Kit, error) {
	if _, err := require(ctx, RoleCirculation); err != nil {
		return Kit{}, err
	}
	var k Kit
	err := s.store.View(ctx, func(tx Tx) (err error) {
		k, err = findKit(ctx, tx, raw)
		return err
	})
	return k, err
}

// SetKitStatus moves a kit that is not on loan between available, in repair,
// lost and retired, with a condition note (kit circulation). Marking a kit on
// loan lost closes its loan as lost. A kit made available goes on the hold
// shelf when someone is waiting for its kind (k.Status says so); a kit taken
// off the hold shelf puts its hold back at the head of the queue.
func (s *Service) SetKitStatus(ctx context.Context, kitID int64, status KitStatus, note string) (Kit, error) {
	a, err := require(ctx, RoleCirculation)
	if err != nil {
		return Kit{}, err
	}
	switch status {
	case KitAvailable, KitInRepair, KitLost, KitRetired:
	default:
		return Kit{}, FieldErrorf("status", "a kit can be set to available, in repair, lost or retired here; loans and holds set the rest")
	}
	if note, err = cleanText("condition notes", note, MaxNoteLen, false); err != nil {
		return Kit{}, err
	}
	var k Kit
	err = s.store.Update(ctx, func(tx Tx) error {
		now := s.now().UTC()
		if k, err = tx.Kit(ctx, kitID); err != nil {
			return err
		}
		old := k.Status
		if old == status {
			return Errorf(EConflict, "Kit %s is already %s.", k.Tag, status.Words())
		}
		if old == KitRetired {
			return Errorf(EConflict, "Kit %s is retired.", k.Tag)
		}
		loan, lerr := tx.OutLoanForKit(ctx, k.ID)
		switch {
		case lerr == nil && status == KitLost:
			loan.Status, loan.ReturnedAt, loan.ReturnedBy = LoanLost, &now, a.Username
			if err := tx.UpdateLoan(ctx, &loan); err != nil {
				return err
			}
			if err := tx.AppendAudit(ctx, s.audit(a, "loan.lost", "loan", loan.ID, "kit="+k.Tag)); err != nil {
				return err
			}
		case lerr == nil:
			return Errorf(EConflict, "Kit %s is on loan; return it first.", k.Tag)
		case ErrorCode(lerr) != ENotFound:
			return lerr
		}
		if old == KitOnHoldShelf {
			if err := s.releaseHoldShelf(ctx, tx, a, k, now); err != nil {
				return err
			}
		}
		k.Status, k.UpdatedAt = status, now
		if note != "" {
			k.Notes = note
		}
		if err := tx.AppendAudit(ctx, s.audit(a, "kit.status", "kit", k.ID, "tag="+k.Tag+" "+string(old)+"→"+string(status))); err != nil {
			return err
		}
		if status == KitAvailable {
			// back in service: the first person waiting for its kind gets it
			if _, _, err := s.shelveForHold(ctx, tx, a, &k, now); err != nil {
				return err
			}
		}
		return tx.UpdateKit(ctx, &k)
	})
	if err != nil {
		return Kit{}, err
	}
	return k, nil
}

// UpdateKit saves a kit's condition notes, asset tag, home site and hotspot
// line details (kit circulation). Its tag, kind, components, status and
// service state are changed only by their own actions.
func (s *Service) UpdateKit(ctx context.Context, k Kit) (Kit, error) {
	a, err := require(ctx, RoleCirculation)
	if err != nil {
		return Kit{}, err
	}
	var out Kit
	err = s.store.Update(ctx, func(tx Tx) error {
		old, err := tx.Kit(ctx, k.ID)
		if err != nil {
			return err
		}
		out = old
		out.Notes, out.AltTag, out.SiteID, out.Carrier, out.LineNumber, out.IMEI = k.Notes, k.AltTag, k.SiteID, k.Carrier, k.LineNumber, k.IMEI
		if err := validateKit(&out); err != nil {
			return err
		}
		if out.SiteID != old.SiteID {
			if _, err := tx.Site(ctx, out.SiteID); err != nil {
				return err
			}
			if old.Status != KitAvailable && old.Status != KitInRepair {
				return Errorf(EConflict, "Kit %s is %s; move it to another site when it is available.", old.Tag, old.Status.Words())
			}
		}
		if err := checkKitUnique(ctx, tx, out); err != nil {
			return err
		}
		out.UpdatedAt = s.now().UTC()
		if err := tx.UpdateKit(ctx, &out); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.audit(a, "kit.update", "kit", out.ID, kitAuditDetail(out)))
	})
	if err != nil {
		return Kit{}, err
	}
	return out, nil
}
