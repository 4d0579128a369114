package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"frontdesk/app"
)

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// txn implements app.Tx over one transaction (or the read pool).
type txn struct{ q querier }

var _ app.Tx = (*txn)(nil)

// timeLayout is fixed-width so stored instants sort as text.
const timeLayout = "2006-01-02T15:04:05.000Z"

func ts(t time.Time) string { return t.UTC().Format(timeLayout) }

func tsPtr(t *time.Time) any {
	if t == nil || t.IsZero() {
		return nil
	}
	return ts(*t)
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func parseTS(s string) time.Time {
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		t, _ = time.Parse(time.RFC3339Nano, s)
	}
	return t.UTC()
}

func parseTSPtr(s sql.NullString) *time.Time {
	if !s.Valid || s.String == "" {
		return nil
	}
	t := parseTS(s.String)
	return &t
}

func notFound(what string, id any) error {
	return app.Errorf(app.ENotFound, "No %s %v.", what, id)
}

// reverse returns s with its bytes reversed (s is ASCII digits).
func reverse(s string) string {
	b := []byte(s)
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

// ---- sites

func (t *txn) CreateSite(ctx context.Context, s *app.Site) error {
	res, err := t.q.ExecContext(ctx, `INSERT INTO sites(name,address,phone,time_zone,contact_name,contact_phone,contact_email,created_at)
		VALUES(?,?,?,?,?,?,?,?)`, s.Name, s.Address, s.Phone, s.TimeZone, s.ContactName, s.ContactPhone, s.ContactEmail, ts(s.CreatedAt))
	if err != nil {
		return err
	}
	s.ID, err = res.LastInsertId()
	return err
}

func (t *txn) UpdateSite(ctx context.Context, s *app.Site) error {
	res, err := t.q.ExecContext(ctx, `UPDATE sites SET name=?,address=?,phone=?,time_zone=?,contact_name=?,contact_phone=?,contact_email=? WHERE id=?`,
		s.Name, s.Address, s.Phone, s.TimeZone, s.ContactName, s.ContactPhone, s.ContactEmail, s.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("site", s.ID)
	}
	return nil
}

const siteCols = `id,name,address,phone,time_zone,contact_name,contact_phone,contact_email,created_at`

func scanSite(sc rowScanner) (app.Site, error) {
	var s app.Site
	var created string
	err := sc.Scan(&s.ID, &s.Name, &s.Address, &s.Phone, &s.TimeZone, &s.ContactName, &s.ContactPhone, &s.ContactEmail, &created)
	s.CreatedAt = parseTS(created)
	return s, err
}

func (t *txn) Site(ctx context.Context, id int64) (app.Site, error) {
	s, err := scanSite(t.q.QueryRowContext(ctx, `SELECT `+siteCols+` FROM sites WHERE id=?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, notFound("site", id)
	}
	return s, err
}

func (t *txn) Sites(ctx context.Context) ([]app.Site, error) {
	out, err := queryAll(ctx, t.q, scanSite, `SELECT `+siteCols+` FROM sites ORDER BY id`)
	return out, err
}

// ---- participants

const participantCols = `id,code,site_id,first_name,last_name,phone,email,language,zip,consent_given,consent_at,consent_method,consent_by,consent_wording,opt_out_at,opt_out_via,caljobs_id,status,created_at,updated_at`

func scanParticipant(sc rowScanner) (app.Participant, error) {
	var p app.Participant
	var phone, email, consentAt, optOut sql.NullString
	var created, updated, status string
	err := sc.Scan(&p.ID, &p.Code, &p.SiteID, &p.FirstName, &p.LastName, &phone, &email, &p.Language, &p.ZIP,
		&p.Consent.Given, &consentAt, &p.Consent.Method, &p.Consent.By, &p.Consent.Wording,
		&optOut, &p.OptOutVia, &p.CalJOBSID, &status, &created, &updated)
	if err != nil {
		return p, err
	}
	p.Phone, p.Email = phone.String, email.String
	if at := parseTSPtr(consentAt); at != nil {
		p.Consent.At = *at
	}
	p.OptOutAt = parseTSPtr(optOut)
	p.Status = app.Status(status)
	p.CreatedAt, p.UpdatedAt = parseTS(created), parseTS(updated)
	return p, nil
}

// searchKeys returns the stored search keys of p.
func searchKeys(p *app.Participant) (nameKey, nameKeyRev string, national, rev any) {
	first, last := app.FoldName(p.FirstName), app.FoldName(p.LastName)
	nameKey = strings.TrimSpace(first + " " + last)
	nameKeyRev = strings.TrimSpace(last + " " + first)
	if p.Phone != "" {
		d := app.NationalDigits(p.Phone)
		return nameKey, nameKeyRev, d, reverse(d)
	}
	return nameKey, nameKeyRev, nil, nil
}

func participantArgs(p *app.Participant) []any {
	nk, nkr, nat, rev := searchKeys(p)
	var consentAt any
	if p.Consent.Given || !p.Consent.At.IsZero() {
		consentAt = tsPtr(&p.Consent.At)
	}
	status := p.Status
	if status == "" {
		status = app.StatusNew
	}
	lang := p.Language
	if lang == "" {
		lang = "en"
	}
	return []any{p.Code, p.SiteID, p.FirstName, p.LastName, nullStr(p.Phone), nullStr(p.Email), lang, p.ZIP,
		p.Consent.Given, consentAt, p.Consent.Method, p.Consent.By, p.Consent.Wording,
		tsPtr(p.OptOutAt), p.OptOutVia, p.CalJOBSID, string(status), ts(p.CreatedAt), ts(p.UpdatedAt),
		nk, nkr, nat, rev}
}

func (t *txn) CreateParticipant(ctx context.Context, p *app.Participant) error {
	res, err := t.q.ExecContext(ctx, `INSERT INTO participants(code,site_id,first_name,last_name,phone,email,language,zip,
		consent_given,consent_at,consent_method,consent_by,consent_wording,opt_out_at,opt_out_via,caljobs_id,status,created_at,updated_at,
		name_key,name_key_rev,phone_national,phone_rev) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, participantArgs(p)...)
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE constraint failed: participants.code") {
			return app.Errorf(app.EConflict, "The card code %s is already in use.", p.Code)
		}
		return err
	}
	p.ID, err = res.LastInsertId()
	return err
}

func (t *txn) UpdateParticipant(ctx context.Context, p *app.Participant) error {
	args := append(participantArgs(p), p.ID)
	res, err := t.q.ExecContext(ctx, `UPDATE participants SET code=?,site_id=?,first_name=?,last_name=?,phone=?,email=?,language=?,zip=?,
		consent_given=?,consent_at=?,consent_method=?,consent_by=?,consent_wording=?,opt_out_at=?,opt_out_via=?,caljobs_id=?,status=?,created_at=?,updated_at=?,
		name_key=?,name_key_rev=?,phone_national=?,phone_rev=? WHERE id=?`, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("participant", p.ID)
	}
	return nil
}

func (t *txn) participantWhere(ctx context.Context, what string, where string, arg any) (app.Participant, error) {
	p, err := scanParticipant(t.q.QueryRowContext(ctx, `SELECT `+participantCols+` FROM participants WHERE `+where+` ORDER BY id LIMIT 1`, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return p, notFound(what, arg)
	}
	return p, err
}

func (t *txn) Participant(ctx context.Context, id int64) (app.Participant, error) {
	return t.participantWhere(ctx, "participant", "id=?", id)
}

func (t *txn) ParticipantByCode(ctx context.Context, code string) (app.Participant, error) {
	return t.participantWhere(ctx, "participant with code", "code=?", code)
}

func (t *txn) ParticipantByPhone(ctx context.Context, e164 string) (app.Participant, error) {
	return t.participantWhere(ctx, "participant with phone", "phone=?", e164)
}

func (t *txn) ParticipantsByPhone(ctx context.Context, e164 string) ([]app.Participant, error) {
	return t.list(ctx, `SELECT `+participantCols+` FROM participants WHERE phone=? ORDER BY id LIMIT 50`, e164)
}

func (t *txn) ParticipantByEmail(ctx context.Context, email string) (app.Participant, error) {
	return t.participantWhere(ctx, "participant with email", "email=?", email)
}

func (t *txn) list(ctx context.Context, query string, args ...any) ([]app.Participant, error) {
	out, err := queryAll(ctx, t.q, scanParticipant, query, args...)
	return out, err
}

// SearchParticipants answers search-as-you-type. Each branch is a prefix
// range scan (key >= prefix AND key < prefix+U+10FFFF) on its own NOCASE
// index; results are merged and ordered by the folded "last first" key, so
// no sorting happens in Go.
func (t *txn) SearchParticipants(ctx context.Context, q app.SearchTerms) ([]app.Participant, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = 20
	}
	var parts []string
	var args []any
	branch := func(col, val string) {
		parts = append(parts, fmt.Sprintf(`SELECT * FROM (SELECT id FROM participants WHERE %s >= ? AND %s < ? ORDER BY %s LIMIT ?)`, col, col, col))
		args = append(args, val, val+prefixEnd, limit)
	}
	switch {
	case q.Name != "":
		branch("name_key", q.Name)
		branch("name_key_rev", q.Name)
	case q.Digits != "":
		branch("phone_national", q.Digits)
		if len(q.Digits) >= 4 && len(q.Digits) < 10 {
			branch("phone_rev", reverse(q.Digits))
		}
	case q.Email != "":
		branch("email", q.Email)
	default:
		return nil, nil
	}
	query := `SELECT ` + participantCols + ` FROM participants WHERE id IN (` + strings.Join(parts, " UNION ") + `) ORDER BY name_key_rev, id LIMIT ?`
	return t.list(ctx, query, append(args, limit)...)
}

// prefixEnd follows every string that starts with a given prefix: the
// largest code point, appended to the prefix, bounds a prefix range scan.
const prefixEnd = "\U0010FFFF"

func (t *txn) Participants(ctx context.Context, f app.ParticipantFilter) ([]app.Participant, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	if f.SiteID != 0 {
		return t.list(ctx, `SELECT `+participantCols+` FROM participants WHERE site_id=? ORDER BY id LIMIT ? OFFSET ?`, f.SiteID, limit, f.Offset)
	}
	return t.list(ctx, `SELECT `+participantCols+` FROM participants ORDER BY id LIMIT ? OFFSET ?`, limit, f.Offset)
}

func (t *txn) CountParticipants(ctx context.Context, siteID int64) (int, error) {
	var n int
	var err error
	if siteID != 0 {
		err = t.q.QueryRowContext(ctx, `SELECT count(*) FROM participants WHERE site_id=?`, siteID).Scan(&n)
	} else {
		err = t.q.QueryRowContext(ctx, `SELECT count(*) FROM participants`).Scan(&n)
	}
	return n, err
}

// ---- events

const eventCols = `id,site_id,kind,title,start_at,end_at,location,virtual_link,capacity,facilitator,language,cancelled,created_at`

func scanEvent(sc rowScanner) (app.Event, error) {
	var e app.Event
	var kind, start, end, created string
	err := sc.Scan(&e.ID, &e.SiteID, &kind, &e.Title, &start, &end, &e.Location, &e.VirtualLink, &e.Capacity, &e.Facilitator, &e.Language, &e.Cancelled, &created)
	e.Kind = app.EventKind(kind)
	e.Start, e.End, e.CreatedAt = parseTS(start), parseTS(end), parseTS(created)
	return e, err
}

func (t *txn) CreateEvent(ctx context.Context, e *app.Event) error {
	res, err := t.q.ExecContext(ctx, `INSERT INTO events(site_id,kind,title,start_at,end_at,location,virtual_link,capacity,facilitator,language,cancelled,created_at)
		VALUES(?,?,?,?,?,?,?,?,?,?,?,?)`, e.SiteID, string(e.Kind), e.Title, ts(e.Start), ts(e.End), e.Location, e.VirtualLink, e.Capacity, e.Facilitator, e.Language, e.Cancelled, ts(e.CreatedAt))
	if err != nil {
		return err
	}
	e.ID, err = res.LastInsertId()
	return err
}

func (t *txn) UpdateEvent(ctx context.Context, e *app.Event) error {
	res, err := t.q.ExecContext(ctx, `UPDATE events SET site_id=?,kind=?,title=?,start_at=?,end_at=?,location=?,virtual_link=?,capacity=?,facilitator=?,language=?,cancelled=? WHERE id=?`,
		e.SiteID, string(e.Kind), e.Title, ts(e.Start), ts(e.End), e.Location, e.VirtualLink, e.Capacity, e.Facilitator, e.Language, e.Cancelled, e.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("event", e.ID)
	}
	return nil
}

func (t *txn) Event(ctx context.Context, id int64) (app.Event, error) {
	e, err := scanEvent(t.q.QueryRowContext(ctx, `SELECT `+eventCols+` FROM events WHERE id=?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return e, notFound("event", id)
	}
	return e, err
}

// maxEventLength bounds how long an event may run, so that an overlap query
// can use the start_at index.
const maxEventLength = 14 * 24 * time.Hour

func (t *txn) Events(ctx context.Context, f app.EventFilter) ([]app.Event, error) {
	var where []string
	var args []any
	if f.SiteID != 0 {
		where = append(where, "site_id=?")
		args = append(args, f.SiteID)
	}
	if !f.From.IsZero() {
		where = append(where, "start_at>=? AND end_at>?")
		args = append(args, ts(f.From.Add(-maxEventLength)), ts(f.From))
	}
	if !f.To.IsZero() {
		where = append(where, "start_at<?")
		args = append(args, ts(f.To))
	}
	if !f.IncludeCancelled {
		where = append(where, "cancelled=0")
	}
	q := `SELECT ` + eventCols + ` FROM events`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY start_at, id"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	out, err := queryAll(ctx, t.q, scanEvent, q, args...)
	return out, err
}

// ---- registrations

func (t *txn) Register(ctx context.Context, r app.Registration) error {
	_, err := t.q.ExecContext(ctx, `INSERT INTO registrations(event_id,participant_id,at,by) VALUES(?,?,?,?) ON CONFLICT DO NOTHING`,
		r.EventID, r.ParticipantID, ts(r.At), r.By)
	return err
}

func (t *txn) IsRegistered(ctx context.Context, eventID, participantID int64) (bool, error) {
	var one int
	err := t.q.QueryRowContext(ctx, `SELECT 1 FROM registrations WHERE event_id=? AND participant_id=?`, eventID, participantID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// ---- check-ins

const checkInCols = `id,event_id,participant_id,method,at,by,walk_in,undone_at,undone_by`

func scanCheckIn(sc rowScanner) (app.CheckIn, error) {
	var c app.CheckIn
	var at string
	var undone sql.NullString
	err := sc.Scan(&c.ID, &c.EventID, &c.ParticipantID, &c.Method, &at, &c.By, &c.WalkIn, &undone, &c.UndoneBy)
	c.At = parseTS(at)
	c.UndoneAt = parseTSPtr(undone)
	return c, err
}

func (t *txn) InsertCheckIn(ctx context.Context, c *app.CheckIn) error {
	res, err := t.q.ExecContext(ctx, `INSERT INTO checkins(event_id,participant_id,method,at,by,walk_in) VALUES(?,?,?,?,?,?)`,
		c.EventID, c.ParticipantID, c.Method, ts(c.At), c.By, c.WalkIn)
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE constraint failed") {
			return app.Errorf(app.EConflict, "Already checked in to this event.")
		}
		return err
	}
	c.ID, err = res.LastInsertId()
	return err
}

func (t *txn) ActiveCheckIn(ctx context.Context, eventID, participantID int64) (app.CheckIn, error) {
	c, err := scanCheckIn(t.q.QueryRowContext(ctx, `SELECT `+checkInCols+` FROM checkins WHERE event_id=? AND participant_id=? AND undone_at IS NULL`, eventID, participantID))
	if errors.Is(err, sql.ErrNoRows) {
		return c, notFound("check-in", fmt.Sprintf("of participant %d at event %d", participantID, eventID))
	}
	return c, err
}

func (t *txn) CheckIn(ctx context.Context, id int64) (app.CheckIn, error) {
	c, err := scanCheckIn(t.q.QueryRowContext(ctx, `SELECT `+checkInCols+` FROM checkins WHERE id=?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, notFound("check-in", id)
	}
	return c, err
}

func (t *txn) UndoCheckIn(ctx context.Context, id int64, at time.Time, by string) error {
	res, err := t.q.ExecContext(ctx, `UPDATE checkins SET undone_at=?, undone_by=? WHERE id=? AND undone_at IS NULL`, ts(at), by, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := t.CheckIn(ctx, id); err != nil {
			return err
		}
		return app.Errorf(app.EConflict, "This check-in was already undone.")
	}
	return nil
}

func (t *txn) CheckIns(ctx context.Context, eventID int64) ([]app.CheckIn, error) {
	out, err := queryAll(ctx, t.q, scanCheckIn, `SELECT `+checkInCols+` FROM checkins WHERE event_id=? AND undone_at IS NULL ORDER BY at DESC, id DESC`, eventID)
	return out, err
}

func (t *txn) EventCounts(ctx context.Context, eventID int64) (app.EventCounts, error) {
	// one pass over the partial index checkins_event_walkin for both counts
	var c app.EventCounts
	var walkIns sql.NullInt64
	err := t.q.QueryRowContext(ctx, `SELECT
		(SELECT capacity FROM events WHERE id=?1),
		(SELECT count(*) FROM registrations WHERE event_id=?1),
		count(*), sum(walk_in)
		FROM checkins WHERE event_id=?1 AND undone_at IS NULL`, eventID).Scan(&c.Capacity, &c.Registered, &c.CheckedIn, &walkIns)
	if err != nil {
		return c, err
	}
	c.WalkIns = int(walkIns.Int64)
	var exists int
	if c.Capacity == 0 {
		if err := t.q.QueryRowContext(ctx, `SELECT count(*) FROM events WHERE id=?`, eventID).Scan(&exists); err != nil {
			return c, err
		}
		if exists == 0 {
			return c, notFound("event", eventID)
		}
	}
	return c, nil
}

// ---- visits

func (t *txn) InsertVisit(ctx context.Context, v *app.Visit) error {
	res, err := t.q.ExecContext(ctx, `INSERT INTO visits(site_id,participant_id,reason,note,at,by) VALUES(?,?,?,?,?,?)`,
		v.SiteID, v.ParticipantID, v.Reason, v.Note, ts(v.At), v.By)
	if err != nil {
		return err
	}
	v.ID, err = res.LastInsertId()
	return err
}

func (t *txn) UndoVisit(ctx context.Context, id int64, at time.Time, by string) error {
	res, err := t.q.ExecContext(ctx, `UPDATE visits SET undone_at=?, undone_by=? WHERE id=? AND undone_at IS NULL`, ts(at), by, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		var one int
		if err := t.q.QueryRowContext(ctx, `SELECT 1 FROM visits WHERE id=?`, id).Scan(&one); errors.Is(err, sql.ErrNoRows) {
			return notFound("visit", id)
		}
		return app.Errorf(app.EConflict, "This visit was already undone.")
	}
	return nil
}

func (t *txn) LastVisit(ctx context.Context, siteID, participantID int64, reason string, since time.Time) (app.Visit, error) {
	var v app.Visit
	var at string
	var undone sql.NullString
	err := t.q.QueryRowContext(ctx, `SELECT id,site_id,participant_id,reason,note,at,by,undone_at,undone_by FROM visits
		WHERE participant_id=? AND site_id=? AND reason=? AND at>=? AND undone_at IS NULL ORDER BY at DESC LIMIT 1`,
		participantID, siteID, reason, ts(since)).Scan(&v.ID, &v.SiteID, &v.ParticipantID, &v.Reason, &v.Note, &at, &v.By, &undone, &v.UndoneBy)
	if errors.Is(err, sql.ErrNoRows) {
		return v, notFound("visit", "")
	}
	v.At = parseTS(at)
	v.UndoneAt = parseTSPtr(undone)
	return v, err
}
