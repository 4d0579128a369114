package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"frontdesk/app"
)

// Job-retention follow-up (app.FollowupTx), schema 0005: cases, status
// changes, scheduled contacts, the contact log, follow-up forms and the
// administrator-made templates. Calendar days are 'YYYY-MM-DD' (NULL for a
// zero date where the column allows it); instants are UTC text.

// nullDate writes a calendar day, or NULL for the zero time.
func nullDate(d time.Time) any {
	if d.IsZero() {
		return nil
	}
	return dateText(d)
}

// parseNullDate reads a calendar day; NULL gives the zero time.
func parseNullDate(s sql.NullString) time.Time {
	if d := parseDatePtr(s); d != nil {
		return *d
	}
	return time.Time{}
}

// inList returns "?,?,…" for n values.
func inList(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// ---- cases

const followupCaseCols = `c.participant_id,c.case_manager_id,coalesce(s.display_name,''),c.template_key,c.employment_start,c.employer,
	c.job_title,c.wage_cents,c.hours_per_week,c.exit_date,c.exit_reason,c.updated_at,c.updated_by,
	c.exit_exclusion,c.in_training,c.credential_type,c.credential_date`

func scanFollowupCase(sc rowScanner) (app.FollowupCase, error) {
	var c app.FollowupCase
	var manager sql.NullInt64
	var start, exit, credential sql.NullString
	var updated string
	err := sc.Scan(&c.ParticipantID, &manager, &c.CaseManager, &c.TemplateKey, &start, &c.Employer,
		&c.JobTitle, &c.WageCents, &c.HoursPerWeek, &exit, &c.ExitReason, &updated, &c.UpdatedBy,
		&c.ExitExclusion, &c.InTraining, &c.CredentialType, &credential)
	c.CaseManagerID = manager.Int64
	c.EmploymentStart, c.ExitDate, c.UpdatedAt = parseNullDate(start), parseNullDate(exit), parseTS(updated)
	c.CredentialDate = parseNullDate(credential)
	return c, err
}

// FollowupCase returns a participant's case, with the case manager's
// display name, or ENotFound.
func (t *txn) FollowupCase(ctx context.Context, participantID int64) (app.FollowupCase, error) {
	c, err := scanFollowupCase(t.q.QueryRowContext(ctx, `SELECT `+followupCaseCols+` FROM followup_cases c
		LEFT JOIN staff s ON s.id=c.case_manager_id WHERE c.participant_id=?`, participantID))
	if errors.Is(err, sql.ErrNoRows) {
		return c, notFound("follow-up case for participant", participantID)
	}
	return c, err
}

// SaveFollowupCase inserts or replaces the participant's case. An exit
// before the employment start is refused by the database (EInvalid).
func (t *txn) SaveFollowupCase(ctx context.Context, c *app.FollowupCase) error {
	_, err := t.q.ExecContext(ctx, `INSERT INTO followup_cases(participant_id,case_manager_id,template_key,employment_start,employer,
		job_title,wage_cents,hours_per_week,exit_date,exit_reason,updated_at,updated_by,exit_exclusion,in_training,credential_type,credential_date)
		VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
		ON CONFLICT(participant_id) DO UPDATE SET case_manager_id=excluded.case_manager_id,template_key=excluded.template_key,
		employment_start=excluded.employment_start,employer=excluded.employer,job_title=excluded.job_title,wage_cents=excluded.wage_cents,
		hours_per_week=excluded.hours_per_week,exit_date=excluded.exit_date,exit_reason=excluded.exit_reason,
		updated_at=excluded.updated_at,updated_by=excluded.updated_by,exit_exclusion=excluded.exit_exclusion,in_training=excluded.in_training,
		credential_type=excluded.credential_type,credential_date=excluded.credential_date`,
		c.ParticipantID, nullID(c.CaseManagerID), c.TemplateKey, nullDate(c.EmploymentStart), c.Employer,
		c.JobTitle, c.WageCents, c.HoursPerWeek, nullDate(c.ExitDate), c.ExitReason, ts(c.UpdatedAt), c.UpdatedBy,
		c.ExitExclusion, c.InTraining, c.CredentialType, nullDate(c.CredentialDate))
	if isCheck(err) {
		return app.FieldErrorf("exit date", "The exit date %s is before the employment start %s.",
			dateText(c.ExitDate), dateText(c.EmploymentStart))
	}
	return err
}

// CaseloadIDs lists, by id, the participants with a case whose case
// manager is staffID (every case when staffID is 0), at siteID (0: every
// site).
func (t *txn) CaseloadIDs(ctx context.Context, siteID, staffID int64) ([]int64, error) {
	q := `SELECT c.participant_id FROM followup_cases c JOIN participants p ON p.id=c.participant_id WHERE 1=1`
	var args []any
	if staffID != 0 {
		q, args = q+` AND c.case_manager_id=?`, append(args, staffID)
	}
	if siteID != 0 {
		q, args = q+` AND p.site_id=?`, append(args, siteID)
	}
	return queryAll(ctx, t.q, func(sc rowScanner) (int64, error) {
		var id int64
		return id, sc.Scan(&id)
	}, q+` ORDER BY c.participant_id`, args...)
}

// ---- status changes

// AddStatusChange records a status change and sets its ID.
func (t *txn) AddStatusChange(ctx context.Context, c *app.StatusChange) error {
	newID, err := t.insertID(ctx, `INSERT INTO status_changes(participant_id,from_status,to_status,at,by,note) VALUES(?,?,?,?,?,?)`,
		c.ParticipantID, string(c.From), string(c.To), ts(c.At), c.By, c.Note)
	if err != nil {
		return err
	}
	c.ID = newID
	return nil
}

// StatusChanges lists a participant's status changes, oldest first.
func (t *txn) StatusChanges(ctx context.Context, participantID int64) ([]app.StatusChange, error) {
	return queryAll(ctx, t.q, func(sc rowScanner) (app.StatusChange, error) {
		var c app.StatusChange
		var from, to, at string
		err := sc.Scan(&c.ID, &c.ParticipantID, &from, &to, &at, &c.By, &c.Note)
		c.From, c.To, c.At = app.Status(from), app.Status(to), parseTS(at)
		return c, err
	}, `SELECT id,participant_id,from_status,to_status,at,by,note FROM status_changes WHERE participant_id=? ORDER BY at, id`, participantID)
}

// ---- scheduled contacts

const followupContactCols = `id,participant_id,key,kind,label,quarter,window_start,due,status,attempts,done_on,done_by`

func scanFollowupContact(sc rowScanner, extra ...any) (app.FollowupContact, error) {
	var c app.FollowupContact
	var kind, start, due, status string
	var done sql.NullString
	err := sc.Scan(append([]any{&c.ID, &c.ParticipantID, &c.Key, &kind, &c.Label, &c.Quarter, &start, &due, &status,
		&c.Attempts, &done, &c.DoneBy}, extra...)...)
	c.Kind, c.Status = app.ContactKind(kind), app.ContactStatus(status)
	c.WindowStart, c.Due, c.DoneOn = parseDate(start), parseDate(due), parseNullDate(done)
	return c, err
}

func scanContact(sc rowScanner) (app.FollowupContact, error) { return scanFollowupContact(sc) }

// contactErr turns a constraint failure on followup_contacts into an
// *app.Error.
func contactErr(err error, c *app.FollowupContact) error {
	if err == nil {
		return nil
	}
	switch {
	case isUnique(err):
		return app.Errorf(app.EConflict, "Participant %d already has a scheduled contact %q.", c.ParticipantID, c.Key)
	case isCheck(err):
		return app.Errorf(app.EInvalid, "The contact %q is not valid (kind %q, status %q, window %s to %s).",
			c.Key, c.Kind, c.Status, dateText(c.WindowStart), dateText(c.Due))
	}
	return err
}

// FollowupContacts lists a participant's scheduled contacts by window
// start, contacts before forms, then key (the order of PlanFollowups).
func (t *txn) FollowupContacts(ctx context.Context, participantID int64) ([]app.FollowupContact, error) {
	return queryAll(ctx, t.q, scanContact, `SELECT `+followupContactCols+` FROM followup_contacts
		WHERE participant_id=? ORDER BY window_start, kind, key, id`, participantID)
}

// FollowupContact returns one scheduled contact, or ENotFound.
func (t *txn) FollowupContact(ctx context.Context, id int64) (app.FollowupContact, error) {
	c, err := scanContact(t.q.QueryRowContext(ctx, `SELECT `+followupContactCols+` FROM followup_contacts WHERE id=?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, notFound("scheduled contact", id)
	}
	return c, err
}

// InsertFollowupContact adds a scheduled contact and sets its ID; a second
// contact with the participant's key gives EConflict.
func (t *txn) InsertFollowupContact(ctx context.Context, c *app.FollowupContact) error {
	newID, err := t.insertID(ctx, `INSERT INTO followup_contacts(participant_id,key,kind,label,quarter,window_start,due,status,attempts,done_on,done_by)
		VALUES(?,?,?,?,?,?,?,?,?,?,?)`, c.ParticipantID, c.Key, string(c.Kind), c.Label, c.Quarter, dateText(c.WindowStart), dateText(c.Due),
		string(c.Status), c.Attempts, nullDate(c.DoneOn), c.DoneBy)
	if err != nil {
		return contactErr(err, c)
	}
	c.ID = newID
	return nil
}

// UpdateFollowupContact saves every field of a scheduled contact but the
// participant, or gives ENotFound.
func (t *txn) UpdateFollowupContact(ctx context.Context, c *app.FollowupContact) error {
	res, err := t.q.ExecContext(ctx, `UPDATE followup_contacts SET kind=?,label=?,quarter=?,window_start=?,due=?,status=?,attempts=?,done_on=?,done_by=?,key=?
		WHERE id=?`, string(c.Kind), c.Label, c.Quarter, dateText(c.WindowStart), dateText(c.Due), string(c.Status), c.Attempts,
		nullDate(c.DoneOn), c.DoneBy, c.Key, c.ID)
	if err != nil {
		return contactErr(err, c)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("scheduled contact", c.ID)
	}
	return nil
}

// DeleteFollowupContact removes a scheduled contact nothing was logged
// against. One that is logged (app.FollowupContact.Logged) or that an
// attempt or a form points at gives EConflict; a missing one ENotFound.
func (t *txn) DeleteFollowupContact(ctx context.Context, id int64) error {
	c, err := t.FollowupContact(ctx, id)
	if err != nil {
		return err
	}
	var used bool
	if err := t.q.QueryRowContext(ctx, `SELECT EXISTS(SELECT 1 FROM followup_attempts WHERE contact_id=?1)
		OR EXISTS(SELECT 1 FROM followup_forms WHERE contact_id=?1)`, id).Scan(&used); err != nil {
		return err
	}
	if used || c.Logged() {
		return app.Errorf(app.EConflict, "The contact %q (due %s) has attempts or a form logged against it and cannot be removed.", c.Label, dateText(c.Due))
	}
	_, err = t.q.ExecContext(ctx, `DELETE FROM followup_contacts WHERE id=?`, id)
	return err
}

// DueFollowups lists the scheduled contacts matching f with who they are
// about and who makes them, by due date, then the participant's last and
// first name, then participant and contact id.
func (t *txn) DueFollowups(ctx context.Context, f app.DueFilter) ([]app.DueFollowup, error) {
	var where []string
	var args []any
	statuses := f.Statuses
	if len(statuses) == 0 {
		statuses = []app.ContactStatus{app.ContactOpen, app.ContactNonResponsive}
	}
	where = append(where, "fc.status IN ("+inList(len(statuses))+")")
	for _, s := range statuses {
		args = append(args, string(s))
	}
	if len(f.Kinds) > 0 {
		where = append(where, "fc.kind IN ("+inList(len(f.Kinds))+")")
		for _, k := range f.Kinds {
			args = append(args, string(k))
		}
	}
	if f.SiteID != 0 {
		where, args = append(where, "p.site_id=?"), append(args, f.SiteID)
	}
	switch {
	case f.CaseManagerID < 0:
		where = append(where, "c.case_manager_id IS NULL")
	case f.CaseManagerID > 0:
		where, args = append(where, "c.case_manager_id=?"), append(args, f.CaseManagerID)
	}
	if f.ParticipantID != 0 {
		where, args = append(where, "fc.participant_id=?"), append(args, f.ParticipantID)
	}
	if !f.StartsBy.IsZero() {
		where, args = append(where, "fc.window_start<=?"), append(args, dateText(f.StartsBy))
	}
	if !f.DueFrom.IsZero() {
		where, args = append(where, "fc.due>=?"), append(args, dateText(f.DueFrom))
	}
	if !f.DueTo.IsZero() {
		where, args = append(where, "fc.due<=?"), append(args, dateText(f.DueTo))
	}
	q := `SELECT ` + prefixCols("fc.", followupContactCols) + `,p.site_id,p.first_name,p.last_name,p.code,p.phone,p.email,p.language,
		c.case_manager_id,coalesce(s.display_name,''),coalesce(c.employer,''),c.exit_date
		FROM followup_contacts fc JOIN participants p ON p.id=fc.participant_id
		LEFT JOIN followup_cases c ON c.participant_id=fc.participant_id LEFT JOIN staff s ON s.id=c.case_manager_id
		WHERE ` + strings.Join(where, " AND ") + ` ORDER BY fc.due, p.last_name, p.first_name, p.id, fc.id`
	if f.Limit > 0 {
		q += " LIMIT " + strconv.Itoa(f.Limit)
	}
	return queryAll(ctx, t.q, func(sc rowScanner) (app.DueFollowup, error) {
		var d app.DueFollowup
		var p app.Participant
		var phone, email, exit sql.NullString
		var manager sql.NullInt64
		var err error
		d.FollowupContact, err = scanFollowupContact(sc, &d.SiteID, &p.FirstName, &p.LastName, &d.Code, &phone, &email, &d.Language,
			&manager, &d.CaseManager, &d.Employer, &exit)
		d.Participant, d.Phone, d.Email = p.DisplayName(), phone.String, email.String
		d.CaseManagerID, d.ExitDate = manager.Int64, parseNullDate(exit)
		return d, err
	}, q, args...)
}

// ---- contact log and forms

const followupAttemptCols = `id,participant_id,contact_id,day,staff,method,outcome,still_employed,employer,wage_cents,document,notes,created_at`

func scanFollowupAttempt(sc rowScanner) (app.FollowupAttempt, error) {
	var a app.FollowupAttempt
	var contact sql.NullInt64
	var day, method, outcome, created string
	err := sc.Scan(&a.ID, &a.ParticipantID, &contact, &day, &a.Staff, &method, &outcome, &a.StillEmployed, &a.Employer,
		&a.WageCents, &a.Document, &a.Notes, &created)
	a.ContactID, a.Day, a.CreatedAt = contact.Int64, parseDate(day), parseTS(created)
	a.Method, a.Outcome = app.ContactMethod(method), app.ContactOutcome(outcome)
	return a, err
}

// InsertFollowupAttempt logs an attempt and sets its ID.
func (t *txn) InsertFollowupAttempt(ctx context.Context, a *app.FollowupAttempt) error {
	newID, err := t.insertID(ctx, `INSERT INTO followup_attempts(participant_id,contact_id,day,staff,method,outcome,still_employed,employer,
		wage_cents,document,notes,created_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)`, a.ParticipantID, nullID(a.ContactID), dateText(a.Day), a.Staff,
		string(a.Method), string(a.Outcome), a.StillEmployed, a.Employer, a.WageCents, a.Document, a.Notes, ts(a.CreatedAt))
	if err != nil {
		return err
	}
	a.ID = newID
	return nil
}

// FollowupAttempts lists a participant's contact log, newest first (by
// day, then time of entry).
func (t *txn) FollowupAttempts(ctx context.Context, participantID int64) ([]app.FollowupAttempt, error) {
	return queryAll(ctx, t.q, scanFollowupAttempt, `SELECT `+followupAttemptCols+` FROM followup_attempts
		WHERE participant_id=? ORDER BY day DESC, created_at DESC, id DESC`, participantID)
}

const followupFormCols = `id,participant_id,contact_id,quarter,day,staff,employed,employer,job_title,wage_cents,hours_per_week,document,notes,created_at,quarter_earnings_cents`

func scanFollowupForm(sc rowScanner) (app.FollowupForm, error) {
	var f app.FollowupForm
	var contact sql.NullInt64
	var day, created string
	err := sc.Scan(&f.ID, &f.ParticipantID, &contact, &f.Quarter, &day, &f.Staff, &f.Employed, &f.Employer, &f.JobTitle,
		&f.WageCents, &f.HoursPerWeek, &f.Document, &f.Notes, &created, &f.QuarterEarningsCents)
	f.ContactID, f.Day, f.CreatedAt = contact.Int64, parseDate(day), parseTS(created)
	return f, err
}

// InsertFollowupForm stores a follow-up form and sets its ID.
func (t *txn) InsertFollowupForm(ctx context.Context, f *app.FollowupForm) error {
	newID, err := t.insertID(ctx, `INSERT INTO followup_forms(participant_id,contact_id,quarter,day,staff,employed,employer,job_title,
		wage_cents,hours_per_week,document,notes,created_at,quarter_earnings_cents) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, f.ParticipantID, nullID(f.ContactID), f.Quarter,
		dateText(f.Day), f.Staff, f.Employed, f.Employer, f.JobTitle, f.WageCents, f.HoursPerWeek, f.Document, f.Notes, ts(f.CreatedAt),
		f.QuarterEarningsCents)
	if err != nil {
		return err
	}
	f.ID = newID
	return nil
}

// FollowupForms lists a participant's follow-up forms, newest first (by
// day, then time of entry).
func (t *txn) FollowupForms(ctx context.Context, participantID int64) ([]app.FollowupForm, error) {
	return queryAll(ctx, t.q, scanFollowupForm, `SELECT `+followupFormCols+` FROM followup_forms
		WHERE participant_id=? ORDER BY day DESC, created_at DESC, id DESC`, participantID)
}

// ---- templates

// customTemplateKey is the key of the stored template id.
func customTemplateKey(id int64) string { return "custom-" + strconv.FormatInt(id, 10) }

func scanFollowupTemplate(sc rowScanner) (app.FollowupTemplate, error) {
	var tp app.FollowupTemplate
	var rules, created string
	if err := sc.Scan(&tp.ID, &tp.Name, &rules, &created, &tp.CreatedBy); err != nil {
		return tp, err
	}
	tp.Key, tp.CreatedAt = customTemplateKey(tp.ID), parseTS(created)
	if err := json.Unmarshal([]byte(rules), &tp.Rules); err != nil {
		return tp, fmt.Errorf("follow-up template %d: rules: %w", tp.ID, err)
	}
	return tp, nil
}

// FollowupTemplates lists the stored templates by name.
func (t *txn) FollowupTemplates(ctx context.Context) ([]app.FollowupTemplate, error) {
	return queryAll(ctx, t.q, scanFollowupTemplate, `SELECT id,name,rules,created_at,created_by FROM followup_templates ORDER BY name, id`)
}

// SaveFollowupTemplate inserts a template (ID 0; sets ID and Key) or
// updates the name and rules of a stored one (ENotFound when there is
// none). A name in use (in any case) gives EConflict.
func (t *txn) SaveFollowupTemplate(ctx context.Context, tp *app.FollowupTemplate) error {
	rules, err := json.Marshal(tp.Rules)
	if err != nil {
		return err
	}
	conflict := func(err error) error {
		if isUnique(err) {
			return &app.Error{Code: app.EConflict, Field: "name", Message: fmt.Sprintf("There is already a schedule named %q.", tp.Name)}
		}
		return err
	}
	if tp.ID == 0 {
		newID, err := t.insertID(ctx, `INSERT INTO followup_templates(name,rules,created_at,created_by) VALUES(?,?,?,?)`,
			tp.Name, string(rules), ts(tp.CreatedAt), tp.CreatedBy)
		if err != nil {
			return conflict(err)
		}
		tp.ID = newID
		tp.Key = customTemplateKey(tp.ID)
		return nil
	}
	res, err := t.q.ExecContext(ctx, `UPDATE followup_templates SET name=?,rules=? WHERE id=?`, tp.Name, string(rules), tp.ID)
	if err != nil {
		return conflict(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("follow-up template", tp.ID)
	}
	tp.Key = customTemplateKey(tp.ID)
	return nil
}
