package app

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// FollowupFile is everything a case manager sees of one participant's
// job-retention follow-up.
type FollowupFile struct {
	Participant   Participant
	Case          FollowupCase // zero (but ParticipantID) when none is recorded yet
	HasCase       bool
	Template      FollowupTemplate
	Contacts      []FollowupContact // the schedule, by window start
	Attempts      []FollowupAttempt // the contact log, newest first
	Forms         []FollowupForm    // newest first
	StatusChanges []StatusChange    // oldest first
}

// NextContact returns the first contact still to make (open or
// non-responsive), by window start; ok is false when there is none.
func (f FollowupFile) NextContact() (FollowupContact, bool) {
	for _, c := range f.Contacts {
		if c.Status != ContactDone {
			return c, true
		}
	}
	return FollowupContact{}, false
}

// WithAttempt returns the file as it stands after LogFollowupContact logged
// at and left contact c as it returned it (zero: none), without reading the
// store again: the entry takes its place in the log (newest day first) and
// c replaces the stored contact.
func (f FollowupFile) WithAttempt(at FollowupAttempt, c FollowupContact) FollowupFile {
	f.Attempts = insertNewestFirst(f.Attempts, at, func(x FollowupAttempt) time.Time { return x.Day })
	f.Contacts = replaceContact(f.Contacts, c)
	return f
}

// WithForm returns the file as it stands after RecordFollowupForm recorded
// fm on the day it names: the form takes its place in the list, and the
// quarter-end contact it completes is done.
func (f FollowupFile) WithForm(fm FollowupForm) FollowupFile {
	f.Forms = insertNewestFirst(f.Forms, fm, func(x FollowupForm) time.Time { return x.Day })
	for _, c := range f.Contacts {
		if c.ID == fm.ContactID && fm.ContactID != 0 && c.Status != ContactDone {
			c.Status, c.DoneOn, c.DoneBy = ContactDone, fm.Day, fm.Staff
			f.Contacts = replaceContact(f.Contacts, c)
		}
	}
	return f
}

// insertNewestFirst puts x into list (newest day first, the newest entry
// first among the same day), in a copy.
func insertNewestFirst[T any](list []T, x T, day func(T) time.Time) []T {
	i := 0
	for i < len(list) && day(list[i]).After(day(x)) {
		i++
	}
	out := make([]T, 0, len(list)+1)
	out = append(out, list[:i]...)
	out = append(out, x)
	return append(out, list[i:]...)
}

// replaceContact returns contacts with the one of c's id replaced by c, in a copy.
func replaceContact(contacts []FollowupContact, c FollowupContact) []FollowupContact {
	out := append([]FollowupContact(nil), contacts...)
	for i := range out {
		if c.ID != 0 && out[i].ID == c.ID {
			out[i] = c
		}
	}
	return out
}

// StaffMember is a staff account as others see it: id and name.
type StaffMember struct {
	ID       int64
	Username string
	Name     string
}

// CaseManagers lists the active accounts holding the case manager role, by
// name (case managers, directors and administrators may ask).
func (s *Service) CaseManagers(ctx context.Context) ([]StaffMember, error) {
	if _, err := requireAny(ctx, RoleCaseManager, RoleDirector, RoleAdministrator); err != nil {
		return nil, err
	}
	var out []StaffMember
	err := s.store.View(ctx, func(tx Tx) error {
		all, err := tx.ListStaff(ctx)
		if err != nil {
			return err
		}
		for _, st := range all {
			if st.Active && st.Has(RoleCaseManager) {
				out = append(out, StaffMember{ID: st.ID, Username: st.Username, Name: st.DisplayName})
			}
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name) })
	return out, err
}

// FollowupTemplates lists the built-in schedules, then the stored ones.
func (s *Service) FollowupTemplates(ctx context.Context) ([]FollowupTemplate, error) {
	if _, err := requireAny(ctx, RoleCaseManager, RoleDirector, RoleAdministrator); err != nil {
		return nil, err
	}
	out := append([]FollowupTemplate(nil), BuiltinTemplates...)
	err := s.store.View(ctx, func(tx Tx) error {
		stored, err := tx.FollowupTemplates(ctx)
		out = append(out, stored...)
		return err
	})
	return out, err
}

// SaveFollowupTemplate stores a new schedule (ID 0) or changes a stored one
// (administrators only). The built-in schedules cannot be changed. Cases on
// a changed schedule get it at their next change of dates.
func (s *Service) SaveFollowupTemplate(ctx context.Context, t FollowupTemplate) (FollowupTemplate, error) {
	a, err := require(ctx, RoleAdministrator)
	if err != nil {
		return FollowupTemplate{}, err
	}
	if _, ok := BuiltinTemplate(t.Key); ok || t.Builtin {
		return FollowupTemplate{}, Errorf(EInvalid, "The built-in schedules cannot be changed; make a new one instead.")
	}
	if err := ValidateTemplate(&t); err != nil {
		return FollowupTemplate{}, err
	}
	t.CreatedAt, t.CreatedBy = s.now().UTC(), a.Username
	err = s.store.Update(ctx, func(tx Tx) error {
		stored, err := tx.FollowupTemplates(ctx)
		if err != nil {
			return err
		}
		for _, o := range stored {
			if o.ID != t.ID && strings.EqualFold(o.Name, t.Name) {
				return FieldCodeErrorf(EConflict, "name", "There is already a schedule called %q.", o.Name)
			}
		}
		for _, o := range BuiltinTemplates {
			if strings.EqualFold(o.Name, t.Name) {
				return FieldCodeErrorf(EConflict, "name", "There is already a schedule called %q.", o.Name)
			}
		}
		if err := tx.SaveFollowupTemplate(ctx, &t); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.audit(a, "followup.template", "followup_template", t.ID, fmt.Sprintf("%s; %d rules", t.Name, len(t.Rules))))
	})
	if err != nil {
		return FollowupTemplate{}, err
	}
	return t, nil
}

// template returns the schedule with key ("" is the default).
func template(ctx context.Context, tx Tx, key string) (FollowupTemplate, error) {
	if key == "" {
		key = DefaultTemplateKey
	}
	if t, ok := BuiltinTemplate(key); ok {
		return t, nil
	}
	stored, err := tx.FollowupTemplates(ctx)
	if err != nil {
		return FollowupTemplate{}, err
	}
	for _, t := range stored {
		if t.Key == key {
			return t, nil
		}
	}
	return FollowupTemplate{}, FieldErrorf("schedule", "There is no follow-up schedule %q.", key)
}

// FollowupFile opens a participant's follow-up record (case managers); the
// opening is audited like opening the participant.
func (s *Service) FollowupFile(ctx context.Context, participantID int64) (FollowupFile, error) {
	a, err := require(ctx, RoleCaseManager)
	if err != nil {
		return FollowupFile{}, err
	}
	var f FollowupFile
	err = s.store.Update(ctx, func(tx Tx) error {
		if f, err = loadFollowupFile(ctx, tx, participantID); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.audit(a, "followup.open", "participant", participantID, ""))
	})
	return f, err
}

func loadFollowupFile(ctx context.Context, tx Tx, participantID int64) (f FollowupFile, err error) {
	if f.Participant, err = tx.Participant(ctx, participantID); err != nil {
		return f, err
	}
	f.Case, err = tx.FollowupCase(ctx, participantID)
	switch {
	case err == nil:
		f.HasCase = true
	case ErrorCode(err) == ENotFound:
		f.Case = FollowupCase{ParticipantID: participantID}
	default:
		return f, err
	}
	if f.Template, err = template(ctx, tx, f.Case.TemplateKey); err != nil {
		return f, err
	}
	if f.Contacts, err = tx.FollowupContacts(ctx, participantID); err != nil {
		return f, err
	}
	if f.Attempts, err = tx.FollowupAttempts(ctx, participantID); err != nil {
		return f, err
	}
	if f.Forms, err = tx.FollowupForms(ctx, participantID); err != nil {
		return f, err
	}
	f.StatusChanges, err = tx.StatusChanges(ctx, participantID)
	return f, err
}

// today returns the current calendar day at the participant's site.
func (s *Service) today(ctx context.Context, tx Tx, siteID int64) (time.Time, error) {
	site, err := tx.Site(ctx, siteID)
	if err != nil {
		return time.Time{}, err
	}
	return CalendarDay(s.now(), site.Location()), nil
}

// maxQuarterEarningsCents bounds a quarter's recorded earnings ($250,000).
const maxQuarterEarningsCents = 25_000_000

// validateCase checks a case's fields (not the case manager or schedule,
// which need the store).
func validateCase(c *FollowupCase, today time.Time) error {
	var err error
	if c.Employer, err = cleanText("employer", c.Employer, 120, false); err != nil {
		return err
	}
	if c.JobTitle, err = cleanText("job title", c.JobTitle, 120, false); err != nil {
		return err
	}
	if c.ExitReason, err = cleanText("exit reason", c.ExitReason, 200, false); err != nil {
		return err
	}
	if c.WageCents < 0 || c.WageCents > 100000 {
		return FieldErrorf("wage", "An hourly wage must be from $0 to $1,000.")
	}
	if c.HoursPerWeek < 0 || c.HoursPerWeek > 84 {
		return FieldErrorf("hours per week", "Hours per week must be from 1 to 84.")
	}
	if c.EmploymentStart.IsZero() {
		if c.Employer != "" || c.JobTitle != "" || c.WageCents != 0 || c.HoursPerWeek != 0 {
			return FieldErrorf("employment start", "Give the date the job started.")
		}
	} else {
		if c.Employer == "" {
			return FieldErrorf("employer", "Give the employer's name.")
		}
		if c.EmploymentStart.After(today.AddDate(0, 3, 0)) {
			return FieldErrorf("employment start", "A job starting more than three months from now can't be recorded yet.")
		}
	}
	if c.ExitExclusion != "" && !oneOf(c.ExitExclusion, ExitExclusions) {
		return FieldErrorf("exclusion", "%q is not one of the other reasons for exit.", truncate(c.ExitExclusion, 40))
	}
	if c.CredentialType, err = cleanText("credential", c.CredentialType, 120, false); err != nil {
		return err
	}
	switch {
	case c.CredentialType == "" && !c.CredentialDate.IsZero():
		return FieldErrorf("credential", "Name the credential attained on %s.", c.CredentialDate.Format("Jan 2, 2006"))
	case c.CredentialType != "" && c.CredentialDate.IsZero():
		return FieldErrorf("credential date", "Give the date the credential was attained.")
	case c.CredentialDate.After(today):
		return FieldErrorf("credential date", "A credential can't be dated in the future.")
	}
	if c.ExitDate.IsZero() {
		if c.ExitReason != "" || c.ExitExclusion != "" {
			return FieldErrorf("exit date", "Give the exit date.")
		}
		return nil
	}
	if c.ExitReason == "" {
		return FieldErrorf("exit reason", "Give the reason for the exit.")
	}
	if c.ExitDate.After(today) {
		return FieldErrorf("exit date", "An exit can't be dated in the future.")
	}
	if !c.EmploymentStart.IsZero() && c.ExitDate.Before(c.EmploymentStart) {
		return FieldErrorf("exit date", "The exit (%s) can't be before the employment started (%s).",
			c.ExitDate.Format("Jan 2, 2006"), c.EmploymentStart.Format("Jan 2, 2006"))
	}
	return nil
}

// SaveFollowupCase records a participant's job, exit, case manager and
// schedule (case managers). The participant's status follows (employed,
// then exited), each change recorded with who and when; the schedule is
// regenerated without losing any contact already logged.
func (s *Service) SaveFollowupCase(ctx context.Context, c FollowupCase) (FollowupFile, error) {
	a, err := require(ctx, RoleCaseManager)
	if err != nil {
		return FollowupFile{}, err
	}
	day := func(t time.Time) time.Time {
		if t.IsZero() {
			return t
		}
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	c.EmploymentStart, c.ExitDate, c.CredentialDate = day(c.EmploymentStart), day(c.ExitDate), day(c.CredentialDate)
	var f FollowupFile
	err = s.store.Update(ctx, func(tx Tx) error {
		p, err := tx.Participant(ctx, c.ParticipantID)
		if err != nil {
			return err
		}
		today, err := s.today(ctx, tx, p.SiteID)
		if err != nil {
			return err
		}
		if err := validateCase(&c, today); err != nil {
			return err
		}
		if c.CaseManagerID != 0 {
			st, err := tx.Staff(ctx, c.CaseManagerID)
			if ErrorCode(err) == ENotFound || err == nil && (!st.Active || !st.Has(RoleCaseManager)) {
				return FieldErrorf("case manager", "Choose an active staff member with the case manager role.")
			} else if err != nil {
				return err
			}
		}
		t, err := template(ctx, tx, c.TemplateKey)
		if err != nil {
			return err
		}
		old, err := tx.FollowupCase(ctx, c.ParticipantID)
		if err != nil && ErrorCode(err) != ENotFound {
			return err
		}
		c.UpdatedAt, c.UpdatedBy = s.now().UTC(), a.Username
		if err := tx.SaveFollowupCase(ctx, &c); err != nil {
			return err
		}
		// The status follows the job and the exit.
		want := p.Status
		switch {
		case !c.ExitDate.IsZero():
			want = StatusExited
		case !c.EmploymentStart.IsZero() && p.Status != StatusExited:
			want = StatusEmployed
		case !old.ExitDate.IsZero() && c.ExitDate.IsZero() && p.Status == StatusExited:
			// an exit taken back (recorded by mistake)
			want = StatusEnrolled
			if !c.EmploymentStart.IsZero() {
				want = StatusEmployed
			}
		}
		if want != p.Status {
			if err := s.changeStatus(ctx, tx, a, &p, want, "follow-up case"); err != nil {
				return err
			}
		}
		if err := s.regenerate(ctx, tx, c, t); err != nil {
			return err
		}
		if err := tx.AppendAudit(ctx, s.audit(a, "followup.case", "participant", c.ParticipantID, caseChanges(old, c))); err != nil {
			return err
		}
		f, err = loadFollowupFile(ctx, tx, c.ParticipantID)
		return err
	})
	return f, err
}

// caseChanges names the fields that changed (no personal data).
func caseChanges(old, c FollowupCase) string {
	var ch []string
	add := func(changed bool, name string) {
		if changed {
			ch = append(ch, name)
		}
	}
	add(!old.EmploymentStart.Equal(c.EmploymentStart), "employment start")
	add(old.Employer != c.Employer || old.JobTitle != c.JobTitle || old.WageCents != c.WageCents || old.HoursPerWeek != c.HoursPerWeek, "job")
	add(!old.ExitDate.Equal(c.ExitDate) || old.ExitReason != c.ExitReason || old.ExitExclusion != c.ExitExclusion, "exit")
	add(old.InTraining != c.InTraining || old.CredentialType != c.CredentialType || !old.CredentialDate.Equal(c.CredentialDate), "training and credential")
	add(old.CaseManagerID != c.CaseManagerID, "case manager")
	add(old.TemplateKey != c.TemplateKey, "schedule")
	if len(ch) == 0 {
		return "no change"
	}
	return strings.Join(ch, ", ")
}

// changeStatus moves p to status to and records who did it.
func (s *Service) changeStatus(ctx context.Context, tx Tx, a Actor, p *Participant, to Status, note string) error {
	from := p.Status
	p.Status, p.UpdatedAt = to, s.now().UTC()
	if err := tx.UpdateParticipant(ctx, p); err != nil {
		return err
	}
	return tx.AddStatusChange(ctx, &StatusChange{ParticipantID: p.ID, From: from, To: to, At: p.UpdatedAt, By: a.Username, Note: note})
}

// regenerate brings the participant's stored contacts in line with the
// schedule for c's dates.
func (s *Service) regenerate(ctx context.Context, tx Tx, c FollowupCase, t FollowupTemplate) error {
	plan, err := PlanFollowups(t, c.EmploymentStart, c.ExitDate)
	if err != nil {
		return err
	}
	stored, err := tx.FollowupContacts(ctx, c.ParticipantID)
	if err != nil {
		return err
	}
	ch := ReconcileContacts(c.ParticipantID, stored, plan)
	for _, id := range ch.Delete {
		if err := tx.DeleteFollowupContact(ctx, id); err != nil {
			return err
		}
	}
	for i := range ch.Update {
		if err := tx.UpdateFollowupContact(ctx, &ch.Update[i]); err != nil {
			return err
		}
	}
	for i := range ch.Insert {
		if err := tx.InsertFollowupContact(ctx, &ch.Insert[i]); err != nil {
			return err
		}
	}
	return nil
}

// validAttempt checks a contact-log entry's fields.
func validAttempt(at *FollowupAttempt, today time.Time) error {
	var err error
	if at.Day.IsZero() {
		return FieldErrorf("date", "Give the date of the contact.")
	}
	if at.Day.After(today) {
		return FieldErrorf("date", "A contact can't be dated in the future.")
	}
	if !oneOf(at.Method, ContactMethods) {
		return FieldErrorf("method", "Choose how the contact was made (phone, text, email, letter or in person).")
	}
	if !oneOf(at.Outcome, ContactOutcomes) {
		return FieldErrorf("outcome", "Choose what came of the contact.")
	}
	if at.StillEmployed != "" && at.StillEmployed != AnswerYes && at.StillEmployed != AnswerNo {
		return FieldErrorf("still employed", "Answer yes, no, or leave it empty.")
	}
	if at.Document != "" && !oneOf(at.Document, SupportingDocuments) {
		return FieldErrorf("document", "%q is not a supporting document.", at.Document)
	}
	if at.WageCents < 0 || at.WageCents > 100000 {
		return FieldErrorf("wage", "An hourly wage must be from $0 to $1,000.")
	}
	if at.Employer, err = cleanText("employer", at.Employer, 120, false); err != nil {
		return err
	}
	if at.Notes, err = cleanText("notes", at.Notes, 2000, false); err != nil {
		return err
	}
	if at.Outcome != OutcomeReached && (at.StillEmployed != "" || at.Employer != "" || at.WageCents != 0 || at.Document != "") {
		return FieldErrorf("outcome", "Employment details can only come from a contact that reached the person.")
	}
	return nil
}

func oneOf[T comparable](x T, set []T) bool {
	for _, y := range set {
		if x == y {
			return true
		}
	}
	return false
}

// NoFollowupContact, as a log entry's ContactID, logs it on its own: it
// counts for no scheduled contact.
const NoFollowupContact int64 = -1

// LogFollowupContact adds an entry to a participant's contact log (case
// managers). With ContactID 0 it counts for the earliest contact still to
// make whose window has begun by the entry's date (none: it is logged on
// its own); with NoFollowupContact it is logged on its own. Only a two-way
// contact (reached) completes a contact; the
// third failed attempt marks it non-responsive. It returns the entry and
// the contact as it now stands (zero when none).
func (s *Service) LogFollowupContact(ctx context.Context, at FollowupAttempt) (FollowupAttempt, FollowupContact, error) {
	a, err := require(ctx, RoleCaseManager)
	if err != nil {
		return FollowupAttempt{}, FollowupContact{}, err
	}
	if !at.Day.IsZero() {
		at.Day = time.Date(at.Day.Year(), at.Day.Month(), at.Day.Day(), 0, 0, 0, 0, time.UTC)
	}
	var c FollowupContact
	err = s.store.Update(ctx, func(tx Tx) error {
		p, err := tx.Participant(ctx, at.ParticipantID)
		if err != nil {
			return err
		}
		today, err := s.today(ctx, tx, p.SiteID)
		if err != nil {
			return err
		}
		if err := validAttempt(&at, today); err != nil {
			return err
		}
		none := at.ContactID == NoFollowupContact
		if none {
			at.ContactID = 0
		}
		if at.ContactID != 0 {
			if c, err = tx.FollowupContact(ctx, at.ContactID); err != nil {
				return err
			}
			if c.ParticipantID != p.ID {
				return FieldErrorf("contact", "That contact belongs to someone else's schedule.")
			}
			if c.Kind == KindForm {
				return FieldErrorf("contact", "A quarter-end form is completed by recording the form, not a contact.")
			}
		} else if !none {
			all, err := tx.FollowupContacts(ctx, p.ID)
			if err != nil {
				return err
			}
			for _, x := range all {
				if x.Kind == KindContact && x.Status != ContactDone && !x.WindowStart.After(at.Day) {
					c = x
					break
				}
			}
			at.ContactID = c.ID
		}
		at.Staff, at.CreatedAt = a.Username, s.now().UTC()
		if err := tx.InsertFollowupAttempt(ctx, &at); err != nil {
			return err
		}
		if c.ID != 0 && c.Status != ContactDone {
			if at.Outcome == OutcomeReached {
				c.Status, c.DoneOn, c.DoneBy = ContactDone, at.Day, a.Username
			} else {
				c.Attempts++
				if c.Attempts >= NonResponsiveAfter {
					c.Status = ContactNonResponsive
				}
			}
			if err := tx.UpdateFollowupContact(ctx, &c); err != nil {
				return err
			}
		}
		return tx.AppendAudit(ctx, s.audit(a, "followup.log", "participant", p.ID,
			fmt.Sprintf("%s by %s; contact %s: %s", at.Outcome, at.Method, itoa(c.ID), c.Status)))
	})
	if err != nil {
		return FollowupAttempt{}, FollowupContact{}, err
	}
	return at, c, nil
}

// RecordFollowupForm records the quarter-end follow-up form (case
// managers); it completes that quarter's form in the schedule, if any.
func (s *Service) RecordFollowupForm(ctx context.Context, fm FollowupForm) (FollowupForm, error) {
	a, err := require(ctx, RoleCaseManager)
	if err != nil {
		return FollowupForm{}, err
	}
	if !fm.Day.IsZero() {
		fm.Day = time.Date(fm.Day.Year(), fm.Day.Month(), fm.Day.Day(), 0, 0, 0, 0, time.UTC)
	}
	err = s.store.Update(ctx, func(tx Tx) error {
		p, err := tx.Participant(ctx, fm.ParticipantID)
		if err != nil {
			return err
		}
		today, err := s.today(ctx, tx, p.SiteID)
		if err != nil {
			return err
		}
		if fm.Day.IsZero() {
			return FieldErrorf("date", "Give the date of the form.")
		}
		if fm.Day.After(today) {
			return FieldErrorf("date", "A form can't be dated in the future.")
		}
		if fm.Quarter < 1 || fm.Quarter > maxRuleQuarters {
			return FieldErrorf("quarter", "Say which quarter after exit the form is for (1 to %d).", maxRuleQuarters)
		}
		if fm.Employed != AnswerYes && fm.Employed != AnswerNo {
			return FieldErrorf("employed", "Say whether the person is employed.")
		}
		if fm.Document != "" && !oneOf(fm.Document, SupportingDocuments) {
			return FieldErrorf("document", "%q is not a supporting document.", fm.Document)
		}
		if fm.WageCents < 0 || fm.WageCents > 100000 {
			return FieldErrorf("wage", "An hourly wage must be from $0 to $1,000.")
		}
		if fm.HoursPerWeek < 0 || fm.HoursPerWeek > 84 {
			return FieldErrorf("hours per week", "Hours per week must be from 1 to 84.")
		}
		if fm.QuarterEarningsCents < 0 || fm.QuarterEarningsCents > maxQuarterEarningsCents {
			return FieldErrorf("quarter's earnings", "A quarter's earnings must be from $0 to $250,000.")
		}
		if fm.QuarterEarningsCents > 0 && fm.Employed != AnswerYes {
			return FieldErrorf("quarter's earnings", "Earnings are recorded only for someone employed in the quarter.")
		}
		for _, f := range []struct {
			name string
			v    *string
			max  int
		}{{"employer", &fm.Employer, 120}, {"job title", &fm.JobTitle, 120}, {"notes", &fm.Notes, 2000}} {
			if *f.v, err = cleanText(f.name, *f.v, f.max, false); err != nil {
				return err
			}
		}
		if fm.Employed == AnswerYes && fm.Employer == "" {
			return FieldErrorf("employer", "Give the employer's name.")
		}
		all, err := tx.FollowupContacts(ctx, p.ID)
		if err != nil {
			return err
		}
		var c FollowupContact
		for _, x := range all {
			if x.Kind == KindForm && x.Quarter == fm.Quarter {
				c = x
				break
			}
		}
		fm.ContactID, fm.Staff, fm.CreatedAt = c.ID, a.Username, s.now().UTC()
		if err := tx.InsertFollowupForm(ctx, &fm); err != nil {
			return err
		}
		if c.ID != 0 && c.Status != ContactDone {
			c.Status, c.DoneOn, c.DoneBy = ContactDone, fm.Day, a.Username
			if err := tx.UpdateFollowupContact(ctx, &c); err != nil {
				return err
			}
		}
		return tx.AppendAudit(ctx, s.audit(a, "followup.form", "participant", p.ID, fmt.Sprintf("quarter %d", fm.Quarter)))
	})
	if err != nil {
		return FollowupForm{}, err
	}
	return fm, nil
}

// MyFollowups is a case manager's work list.
type MyFollowups struct {
	Today         time.Time
	Overdue       []DueFollowup // past due and not done
	ThisWeek      []DueFollowup // window open by the end of the coming week, not yet past due
	Upcoming      []DueFollowup // windows opening in the weeks after that (60 days)
	NonResponsive []DueFollowup // three attempts without reaching the person
	Caseload      []DueFollowup // one row per participant: their next contact (Participant names them)
}

// Follow-up work-list spans.
const (
	followupWeek     = 7
	followupUpcoming = 60
)

// MyFollowups returns the signed-in case manager's work list at siteID
// (case managers); the local operator (no account) sees everyone's.
func (s *Service) MyFollowups(ctx context.Context, siteID int64) (MyFollowups, error) {
	return s.myFollowups(ctx, siteID, true)
}

// myFollowups builds the work list; withCaseload also lists everyone
// assigned (a query per person without a contact soon: the reminder at
// sign-in does without it).
func (s *Service) myFollowups(ctx context.Context, siteID int64, withCaseload bool) (MyFollowups, error) {
	a, err := require(ctx, RoleCaseManager)
	if err != nil {
		return MyFollowups{}, err
	}
	var m MyFollowups
	err = s.store.View(ctx, func(tx Tx) error {
		today, err := s.today(ctx, tx, siteID)
		if err != nil {
			return err
		}
		m.Today = today
		rows, err := tx.DueFollowups(ctx, DueFilter{SiteID: siteID, CaseManagerID: a.ID,
			StartsBy: today.AddDate(0, 0, followupUpcoming)})
		if err != nil {
			return err
		}
		next := map[int64]bool{}
		week := today.AddDate(0, 0, followupWeek-1)
		for _, r := range rows {
			switch {
			case r.Status == ContactNonResponsive:
				m.NonResponsive = append(m.NonResponsive, r)
			case r.Due.Before(today):
				m.Overdue = append(m.Overdue, r)
			case !r.WindowStart.After(week):
				m.ThisWeek = append(m.ThisWeek, r)
			default:
				m.Upcoming = append(m.Upcoming, r)
			}
		}
		if !withCaseload {
			return nil
		}
		// the caseload: everyone assigned, with their next contact if any
		ids, err := tx.CaseloadIDs(ctx, siteID, a.ID)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if r.Status == ContactOpen && !next[r.ParticipantID] {
				next[r.ParticipantID] = true
				m.Caseload = append(m.Caseload, r)
			}
		}
		for _, id := range ids {
			if next[id] {
				continue
			}
			more, err := tx.DueFollowups(ctx, DueFilter{ParticipantID: id, Limit: 1})
			if err != nil {
				return err
			}
			if len(more) == 1 {
				m.Caseload = append(m.Caseload, more[0])
				continue
			}
			p, err := tx.Participant(ctx, id)
			if err != nil {
				return err
			}
			m.Caseload = append(m.Caseload, DueFollowup{SiteID: p.SiteID, Participant: p.DisplayName(), Code: p.Code,
				Phone: p.Phone, Email: p.Email, Language: p.Language,
				FollowupContact: FollowupContact{ParticipantID: id}})
		}
		sort.SliceStable(m.Caseload, func(i, j int) bool {
			return strings.ToLower(m.Caseload[i].Participant) < strings.ToLower(m.Caseload[j].Participant)
		})
		return nil
	})
	return m, err
}

// FollowupReminder counts the signed-in case manager's contacts due within
// the coming week and those overdue, for the reminder at sign-in.
func (s *Service) FollowupReminder(ctx context.Context, siteID int64) (dueThisWeek, overdue int, err error) {
	m, err := s.myFollowups(ctx, siteID, false)
	if err != nil {
		return 0, 0, err
	}
	return len(m.ThisWeek), len(m.Overdue), nil
}

// FollowupRosterQuery picks a quarterly follow-up-due roster.
type FollowupRosterQuery struct {
	SiteID        int64
	CaseManagerID int64 // 0: the whole site; -1: participants with no case manager
	Year          int
	Quarter       int // 1–4, calendar quarter
}

// FollowupRoster is the quarterly follow-up-due roster (seed 004): every
// contact and form due in the quarter, grouped by case manager.
type FollowupRoster struct {
	Site     Site
	Query    FollowupRosterQuery
	From, To time.Time // the quarter's first and last day
	Made     time.Time
	MadeBy   string
	Groups   []RosterGroup
}

// RosterGroup is one case manager's part of a roster.
type RosterGroup struct {
	CaseManager string // "" for participants with no case manager
	Rows        []DueFollowup
}

// Count returns how many contacts the roster lists.
func (r FollowupRoster) Count() int {
	n := 0
	for _, g := range r.Groups {
		n += len(g.Rows)
	}
	return n
}

// Today is the day r was made, at its site (a calendar day, see
// CalendarDay): overdue is judged on it.
func (r FollowupRoster) Today() time.Time { return CalendarDay(r.Made, r.Site.Location()) }

// Overdue reports whether c is still open past its due day on r.Today().
func (r FollowupRoster) Overdue(c DueFollowup) bool {
	return c.Status == ContactOpen && c.Due.Before(r.Today())
}

// Title names the roster's quarter ("2027 Q1 (Jan 1 – Mar 31)").
func (r FollowupRoster) Title() string {
	return fmt.Sprintf("%d Q%d (%s – %s)", r.Query.Year, r.Query.Quarter, r.From.Format("Jan 2"), r.To.Format("Jan 2"))
}

// CurrentQuarter returns the calendar quarter of day.
func CurrentQuarter(day time.Time) (year, quarter int) {
	return day.Year(), int(day.Month()-1)/3 + 1
}

// FollowupRoster returns the follow-up-due roster of a quarter. Directors
// may ask for any case manager or the whole site; a case manager only for
// their own caseload. Printing or exporting it is audited by the caller
// through RecordRosterOutput.
func (s *Service) FollowupRoster(ctx context.Context, q FollowupRosterQuery) (FollowupRoster, error) {
	a, err := requireAny(ctx, RoleDirector, RoleCaseManager)
	if err != nil {
		return FollowupRoster{}, err
	}
	if !a.Has(RoleDirector) && q.CaseManagerID != a.ID && a.ID != 0 {
		return FollowupRoster{}, Errorf(EForbidden, "A case manager may print only their own roster; a director may print anyone's.")
	}
	if q.Quarter < 1 || q.Quarter > 4 {
		return FollowupRoster{}, FieldErrorf("quarter", "A quarter is 1 to 4.")
	}
	if q.Year < 2000 || q.Year > 2100 {
		return FollowupRoster{}, FieldErrorf("year", "%d is not a year this roster covers.", q.Year)
	}
	r := FollowupRoster{Query: q, Made: s.now().UTC(), MadeBy: a.Name}
	r.From = time.Date(q.Year, time.Month(3*q.Quarter-2), 1, 0, 0, 0, 0, time.UTC)
	r.To = r.From.AddDate(0, 3, -1)
	err = s.store.View(ctx, func(tx Tx) error {
		if r.Site, err = tx.Site(ctx, q.SiteID); err != nil {
			return err
		}
		rows, err := tx.DueFollowups(ctx, DueFilter{SiteID: q.SiteID, CaseManagerID: q.CaseManagerID,
			Statuses: []ContactStatus{ContactOpen, ContactNonResponsive, ContactDone}, DueFrom: r.From, DueTo: r.To})
		if err != nil {
			return err
		}
		groups := map[string]int{}
		for _, row := range rows {
			i, ok := groups[row.CaseManager]
			if !ok {
				i = len(r.Groups)
				groups[row.CaseManager] = i
				r.Groups = append(r.Groups, RosterGroup{CaseManager: row.CaseManager})
			}
			r.Groups[i].Rows = append(r.Groups[i].Rows, row)
		}
		sort.SliceStable(r.Groups, func(i, j int) bool {
			gi, gj := r.Groups[i].CaseManager, r.Groups[j].CaseManager
			if (gi == "") != (gj == "") {
				return gj == "" // nobody assigned last
			}
			return strings.ToLower(gi) < strings.ToLower(gj)
		})
		return nil
	})
	return r, err
}

// RecordRosterOutput audits a roster printed or exported to a file
// (format "pdf" or "xlsx").
func (s *Service) RecordRosterOutput(ctx context.Context, r FollowupRoster, format string) error {
	a, err := requireAny(ctx, RoleDirector, RoleCaseManager)
	if err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		return tx.AppendAudit(ctx, s.audit(a, "followup.roster", "site", r.Query.SiteID,
			fmt.Sprintf("%s %s; case manager %s; %d rows", format, r.Title(), itoa(r.Query.CaseManagerID), r.Count())))
	})
}
