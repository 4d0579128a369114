package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
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
type txn struct {
	q    querier
	s    *Store     // the store it belongs to (audit key and anchor)
	head *AuditHead // the audit head this transaction's appends left
	// importID, when not 0, marks the participants this transaction
	// creates as part of that import, invisible until it is published.
	importID int64
	// group names this transaction's writes in a desk's queue (see
	// enqueue); made at the first.
	group string
	// auditLater: this transaction recorded a check-in whose audit record
	// follows its commit (see RecordCheckIn).
	auditLater bool
	// pgLocked: this transaction, on a center server, holds the center's
	// write lock (lockedPG).
	pgLocked bool
	// sign: how this transaction's audit records join a server's chain,
	// once decided (signer).
	sign *signState
}

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
	newID, err := t.insertID(ctx, `INSERT INTO sites(name,address,phone,time_zone,contact_name,contact_phone,contact_email,created_at)
		VALUES(?,?,?,?,?,?,?,?)`, s.Name, s.Address, s.Phone, s.TimeZone, s.ContactName, s.ContactPhone, s.ContactEmail, ts(s.CreatedAt))
	if err != nil {
		return err
	}
	s.ID = newID
	return nil
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
	err := scanParticipantInto(sc, &p)
	return p, err
}

// scanParticipantInto scans a row's participant columns (participantCols)
// into p and the columns after them into extra, in one Scan.
func scanParticipantInto(sc rowScanner, p *app.Participant, extra ...any) error {
	var phone, email, consentAt, optOut sql.NullString
	var created, updated, status string
	dest := append([]any{&p.ID, &p.Code, &p.SiteID, &p.FirstName, &p.LastName, &phone, &email, &p.Language, &p.ZIP,
		&p.Consent.Given, &consentAt, &p.Consent.Method, &p.Consent.By, &p.Consent.Wording,
		&optOut, &p.OptOutVia, &p.CalJOBSID, &status, &created, &updated}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return err
	}
	p.Phone, p.Email = phone.String, email.String
	if at := parseTSPtr(consentAt); at != nil {
		p.Consent.At = *at
	}
	p.OptOutAt = parseTSPtr(optOut)
	p.Status = app.Status(status)
	p.CreatedAt, p.UpdatedAt = parseTS(created), parseTS(updated)
	return nil
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
	newID, err := t.insertID(ctx, `INSERT INTO participant_rows(code,site_id,first_name,last_name,phone,email,language,zip,
		consent_given,consent_at,consent_method,consent_by,consent_wording,opt_out_at,opt_out_via,caljobs_id,status,created_at,updated_at,
		name_key,name_key_rev,phone_national,phone_rev,import_id) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		append(participantArgs(p), nullID(t.importID))...)
	if err != nil {
		if uniqueOn(err, "participant_rows", "code") {
			return app.Errorf(app.EConflict, "The card code %s is already in use.", p.Code)
		}
		return err
	}
	p.ID = newID
	if err := t.indexParticipant(ctx, p.ID, false); err != nil {
		return err
	}
	return t.enqueue(ctx, queueParticipant, newID)
}

func (t *txn) UpdateParticipant(ctx context.Context, p *app.Participant) error {
	args := append(participantArgs(p), p.ID)
	// the search index is written again only when the name or phone changed
	var nameKey, nameKeyRev string
	var national sql.NullString
	err := t.q.QueryRowContext(ctx, `SELECT name_key, name_key_rev, phone_national FROM participant_rows WHERE id=?`, p.ID).Scan(&nameKey, &nameKeyRev, &national)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound("participant", p.ID)
	} else if err != nil {
		return err
	}
	nk, nkr, nat, _ := searchKeys(p)
	newNational, _ := nat.(string)
	reindex := nk != nameKey || nkr != nameKeyRev || newNational != national.String || (nat != nil) != national.Valid
	res, err := t.q.ExecContext(ctx, `UPDATE participant_rows SET code=?,site_id=?,first_name=?,last_name=?,phone=?,email=?,language=?,zip=?,
		consent_given=?,consent_at=?,consent_method=?,consent_by=?,consent_wording=?,opt_out_at=?,opt_out_via=?,caljobs_id=?,status=?,created_at=?,updated_at=?,
		name_key=?,name_key_rev=?,phone_national=?,phone_rev=? WHERE id=?`, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("participant", p.ID)
	}
	if !reindex {
		return nil
	}
	return t.indexParticipant(ctx, p.ID, true)
}

// SetParticipantStatus writes the status alone: no other column, index or
// search key of the participant is touched.
func (t *txn) SetParticipantStatus(ctx context.Context, id int64, status app.Status, at time.Time) error {
	res, err := t.q.ExecContext(ctx, `UPDATE participant_rows SET status=?, updated_at=? WHERE id=?`, string(status), ts(at), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("participant", id)
	}
	return t.enqueue(ctx, queueStatus, id)
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

const eventCols = `id,site_id,kind,title,start_at,end_at,location,virtual_link,capacity,facilitator,language,cancelled,created_at,revision,updated_at`

func scanEvent(sc rowScanner) (app.Event, error) {
	var e app.Event
	var kind, start, end, created, updated string
	err := sc.Scan(&e.ID, &e.SiteID, &kind, &e.Title, &start, &end, &e.Location, &e.VirtualLink, &e.Capacity, &e.Facilitator, &e.Language, &e.Cancelled, &created,
		&e.Revision, &updated)
	e.Kind = app.EventKind(kind)
	e.Start, e.End, e.CreatedAt = parseTS(start), parseTS(end), parseTS(created)
	if updated != "" {
		e.UpdatedAt = parseTS(updated)
	}
	return e, err
}

// CreateEvent adds an event at revision 0, last changed when created.
func (t *txn) CreateEvent(ctx context.Context, e *app.Event) error {
	e.Revision, e.UpdatedAt = 0, e.CreatedAt
	newID, err := t.insertID(ctx, `INSERT INTO events(site_id,kind,title,start_at,end_at,location,virtual_link,capacity,facilitator,language,cancelled,created_at,revision,updated_at)
		VALUES(?,?,?,?,?,?,?,?,?,?,?,?,0,?)`, e.SiteID, string(e.Kind), e.Title, ts(e.Start), ts(e.End), e.Location, e.VirtualLink, e.Capacity, e.Facilitator, e.Language, e.Cancelled,
		ts(e.CreatedAt), ts(e.CreatedAt))
	if err != nil {
		return err
	}
	e.ID = newID
	return nil
}

// UpdateEvent saves e and counts one more revision of it, made at
// e.UpdatedAt (kept as it was when zero); e gets the new revision.
func (t *txn) UpdateEvent(ctx context.Context, e *app.Event) error {
	var updated string
	err := t.q.QueryRowContext(ctx, `UPDATE events SET site_id=?,kind=?,title=?,start_at=?,end_at=?,location=?,virtual_link=?,capacity=?,facilitator=?,language=?,cancelled=?,
		revision=revision+1,updated_at=COALESCE(?,updated_at) WHERE id=? RETURNING revision,updated_at`,
		e.SiteID, string(e.Kind), e.Title, ts(e.Start), ts(e.End), e.Location, e.VirtualLink, e.Capacity, e.Facilitator, e.Language, e.Cancelled,
		tsPtr(&e.UpdatedAt), e.ID).Scan(&e.Revision, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound("event", e.ID)
	}
	if err != nil {
		return err
	}
	e.UpdatedAt = parseTS(updated)
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

const checkInCols = `id,event_id,participant_id,method,at,by,walk_in,undone_at,undone_by,desk,client_id`

func scanCheckIn(sc rowScanner) (app.CheckIn, error) {
	var c app.CheckIn
	var at string
	var undone, client sql.NullString
	err := sc.Scan(&c.ID, &c.EventID, &c.ParticipantID, &c.Method, &at, &c.By, &c.WalkIn, &undone, &c.UndoneBy, &c.Desk, &client)
	c.ClientID = client.String
	c.At = parseTS(at)
	c.UndoneAt = parseTSPtr(undone)
	return c, err
}

func (t *txn) InsertCheckIn(ctx context.Context, c *app.CheckIn) error {
	return t.insertCheckIn(ctx, c, 0)
}

// RecordCheckIn is InsertCheckIn with the check-in's audit records,
// app.CheckInAudits. On a desk's local copy of a server they are appended
// in this transaction (and sent on with it). On a desk's own file and on a
// server they join the chain moments after this transaction commits, in a
// short one of its own (see SettleAudit), and before any record appended
// after them: the
// check-in's row is marked for them (audit_later: 1, or 2 when it also
// made the person oriented) and holds everything they say, so a crash in
// between loses nothing. A scan's transaction then writes the check-in's
// pages only, not the audit log's five more (its row, three indexes, the
// AUTOINCREMENT counter) for each record.
func (t *txn) RecordCheckIn(ctx context.Context, c *app.CheckIn, oriented bool) error {
	if !t.auditsLater() {
		if err := t.insertCheckIn(ctx, c, 0); err != nil {
			return err
		}
		for _, e := range app.CheckInAudits(*c, oriented) {
			if err := t.AppendAudit(ctx, e); err != nil {
				return err
			}
		}
		return nil
	}
	later := auditLaterCheckIn
	if oriented {
		later = auditLaterOriented
	}
	if err := t.insertCheckIn(ctx, c, later); err != nil {
		return err
	}
	t.auditLater = true
	return nil
}

// insertCheckIn stores c, marked for its audit records to follow when
// later is not 0.
func (t *txn) insertCheckIn(ctx context.Context, c *app.CheckIn, later int) error {
	if t.s != nil && t.s.queue && c.ClientID == "" {
		// made offline: an undo after the desk is back online finds it
		// by this id, whatever id the server gives it
		c.ClientID = newGroupID()
	}
	q := `INSERT INTO checkins(event_id,participant_id,method,at,by,walk_in,desk,client_id) VALUES(?,?,?,?,?,?,?,?)`
	args := []any{c.EventID, c.ParticipantID, c.Method, ts(c.At), c.By, c.WalkIn, c.Desk, nullStr(c.ClientID)}
	if later != 0 {
		q = `INSERT INTO checkins(event_id,participant_id,method,at,by,walk_in,desk,client_id,audit_later) VALUES(?,?,?,?,?,?,?,?,?)`
		args = append(args, later)
	}
	newID, err := t.insertID(ctx, q, args...)
	if err != nil {
		if isUnique(err) {
			return app.ErrCheckedInMeanwhile
		}
		return err
	}
	c.ID = newID
	return t.enqueue(ctx, queueCheckIn, newID)
}

func (t *txn) ActiveCheckIn(ctx context.Context, eventID, participantID int64) (app.CheckIn, error) {
	c, err := scanCheckIn(t.q.QueryRowContext(ctx, `SELECT `+checkInCols+` FROM checkins WHERE event_id=? AND participant_id=? AND undone_at IS NULL`, eventID, participantID))
	if errors.Is(err, sql.ErrNoRows) {
		return c, notFound("check-in", fmt.Sprintf("of participant %d at event %d", participantID, eventID))
	}
	return c, err
}

// CheckInByClientID returns the check-in a desk made offline with clientID.
func (t *txn) CheckInByClientID(ctx context.Context, clientID string) (app.CheckIn, error) {
	c, err := scanCheckIn(t.q.QueryRowContext(ctx, `SELECT `+checkInCols+` FROM checkins WHERE client_id=?`, clientID))
	if errors.Is(err, sql.ErrNoRows) {
		return c, notFound("check-in", "made offline")
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
	return t.enqueue(ctx, queueUndo, id)
}

func (t *txn) CheckIns(ctx context.Context, eventID int64) ([]app.CheckIn, error) {
	out, err := queryAll(ctx, t.q, scanCheckIn, `SELECT `+checkInCols+` FROM checkins WHERE event_id=? AND undone_at IS NULL ORDER BY at DESC, id DESC`, eventID)
	return out, err
}

// EventCounts reads an event's capacity and its live counts, which
// triggers keep in event_counts (migration 0010_event_counts.sql): one row,
// however many people are checked in.
func (t *txn) EventCounts(ctx context.Context, eventID int64) (app.EventCounts, error) {
	var c app.EventCounts
	err := t.q.QueryRowContext(ctx, `SELECT e.capacity, n.registered, n.checked_in, n.walk_ins
		FROM events e JOIN event_counts n ON n.event_id = e.id WHERE e.id = ?`, eventID).Scan(&c.Capacity, &c.Registered, &c.CheckedIn, &c.WalkIns)
	if errors.Is(err, sql.ErrNoRows) {
		return c, notFound("event", eventID)
	}
	return c, err
}

// deskStateCols are what changes under a desk between two scans: the
// event's revision and last change (every change of the event counts a
// revision: UpdateEvent), its site's time zone, its live counts and the
// capacity limit.
const deskStateCols = `e.revision, e.updated_at, s.time_zone, n.registered, n.checked_in, n.walk_ins,
	coalesce((SELECT v.value FROM settings v WHERE v.key = '` + app.SettingCapacityLimit + `'), '')`

// deskStateFrom finds event ?1 with its site and counts, each by its
// primary key.
const deskStateFrom = `events e JOIN sites s ON s.id = e.site_id JOIN event_counts n ON n.event_id = e.id`

// eventAtDeskSQL reads an event (?1) whole, with its desk state.
var eventAtDeskSQL = `SELECT ` + prefixed("e.", eventCols) + `, ` + deskStateCols + ` FROM ` + deskStateFrom + ` WHERE e.id = ?1`

// eventAtDeskKnownSQL reads the desk state of an event the store has read
// before.
var eventAtDeskKnownSQL = `SELECT ` + deskStateCols + ` FROM ` + deskStateFrom + ` WHERE e.id = ?1`

// deskState is one read of deskStateCols.
type deskState struct {
	revision int
	updated  string
	d        app.EventAtDesk
}

func (k *deskState) dest() []any {
	c := &k.d.Counts
	return []any{&k.revision, &k.updated, &k.d.TimeZone, &c.Registered, &c.CheckedIn, &c.WalkIns, &k.d.LimitSetting}
}

// of says whether k was read from e as the store keeps it, and if so
// completes k.d with it.
func (k *deskState) of(e app.Event) bool {
	if k.revision != e.Revision || k.updated != ts(e.UpdatedAt) {
		return false
	}
	k.d.Event, k.d.Counts.Capacity = e, e.Capacity
	return true
}

// eventCache keeps the events a store's desks check people into, as last
// read: a scan reads its event's revision and counts, not the whole event
// again.
type eventCache struct {
	mu sync.Mutex
	m  map[int64]app.Event
}

// maxCachedEvents bounds eventCache (a desk serves a few events a day).
const maxCachedEvents = 64

func (c *eventCache) get(id int64) (app.Event, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[id]
	return e, ok
}

func (c *eventCache) put(e app.Event) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxCachedEvents {
		c.m = map[int64]app.Event{}
	}
	c.m[e.ID] = e
}

// cachedEvent is the event eventID as the store last read it.
func (t *txn) cachedEvent(eventID int64) (app.Event, bool) {
	if t.s == nil {
		return app.Event{}, false
	}
	return t.s.events.get(eventID)
}

// EventAtDesk reads the event, its site's time zone and its counts with
// one statement: only the changing part when the store has read the event
// before and it has not changed since.
func (t *txn) EventAtDesk(ctx context.Context, eventID int64) (app.EventAtDesk, error) {
	if e, ok := t.cachedEvent(eventID); ok {
		var k deskState
		err := t.q.QueryRowContext(ctx, eventAtDeskKnownSQL, eventID).Scan(k.dest()...)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return k.d, err
		}
		if err == nil && k.of(e) {
			return k.d, nil
		}
	}
	var k deskState
	row := t.q.QueryRowContext(ctx, eventAtDeskSQL, eventID)
	e, err := scanEvent(extraScanner{row, k.dest()})
	if errors.Is(err, sql.ErrNoRows) {
		return k.d, notFound("event", eventID)
	}
	if err != nil {
		return k.d, err
	}
	if t.s != nil {
		t.s.events.put(e)
	}
	k.of(e)
	return k.d, nil
}

// AtDesk reads the event with EventAtDesk and the participant with
// ParticipantAt, in one statement when the store has read the event
// before and it has not changed since.
func (t *txn) AtDesk(ctx context.Context, eventID int64, ref app.ParticipantRef) (d app.EventAtDesk, p app.Participant, a app.Attendance, pErr, err error) {
	if e, ok := t.cachedEvent(eventID); ok {
		var k deskState
		query, arg := participantAtDeskIDSQL, any(ref.ID)
		if ref.Code != "" {
			query, arg = participantAtDeskCodeSQL, ref.Code
		}
		p, a, err = t.participantAt(ctx, query, eventID, arg, k.dest())
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return d, p, a, nil, err
		}
		if err == nil && k.of(e) {
			return k.d, p, a, nil, nil
		}
		if err == nil {
			// the event changed: read it again, the participant stands
			d, err = t.EventAtDesk(ctx, eventID)
			return d, p, a, nil, err
		}
	}
	if d, err = t.EventAtDesk(ctx, eventID); err != nil {
		return d, p, a, nil, err
	}
	p, a, pErr = t.ParticipantAt(ctx, ref, eventID)
	if app.ErrorCode(pErr) != app.ENotFound {
		err, pErr = pErr, nil
	}
	return d, p, a, pErr, err
}

// participantAtSQL reads a participant (where) with their registration for
// event ?1 and their active check-in there; the extra columns (%s) come
// from the tables joined after them (%s).
const participantAtSQL = `SELECT %s,
	EXISTS (SELECT 1 FROM registrations r WHERE r.event_id = ?1 AND r.participant_id = p.id),
	c.id, c.method, c.at, c.by, c.walk_in, c.undone_at, c.undone_by, c.desk%s
	FROM participants p LEFT JOIN checkins c ON c.event_id = ?1 AND c.participant_id = p.id AND c.undone_at IS NULL%s
	WHERE %s`

// participantAtIDSQL and participantAtCodeSQL find the participant by id or
// card code (?2); participantAtDeskIDSQL and participantAtDeskCodeSQL read
// the event's desk state (deskStateCols) in the same statement.
var (
	participantAtIDSQL       = participantAtQuery(`p.id = ?2`, false)
	participantAtCodeSQL     = participantAtQuery(`p.code = ?2`, false)
	participantAtDeskIDSQL   = participantAtQuery(`p.id = ?2`, true)
	participantAtDeskCodeSQL = participantAtQuery(`p.code = ?2`, true)
)

func participantAtQuery(where string, desk bool) string {
	extra, join := "", ""
	if desk {
		// every join with its ON clause, as PostgreSQL wants
		extra, join = ", "+deskStateCols, " JOIN events e ON e.id = ?1 JOIN sites s ON s.id = e.site_id JOIN event_counts n ON n.event_id = e.id"
	}
	return fmt.Sprintf(participantAtSQL, prefixed("p.", participantCols), extra, join, where)
}

// ParticipantAt reads the participant, their registration for the event and
// their active check-in there with one statement (each found by primary key
// or a unique index).
func (t *txn) ParticipantAt(ctx context.Context, ref app.ParticipantRef, eventID int64) (app.Participant, app.Attendance, error) {
	query, arg, what := participantAtIDSQL, any(ref.ID), "participant"
	if ref.Code != "" {
		query, arg, what = participantAtCodeSQL, ref.Code, "participant with code"
	}
	p, a, err := t.participantAt(ctx, query, eventID, arg, nil)
	if errors.Is(err, sql.ErrNoRows) {
		return p, a, notFound(what, arg)
	}
	return p, a, err
}

// participantAt runs one of the participantAt queries, scanning its extra
// columns into extra.
func (t *txn) participantAt(ctx context.Context, query string, eventID int64, arg any, extra []any) (app.Participant, app.Attendance, error) {
	var a app.Attendance
	var id sql.NullInt64
	var method, at, by, undone, undoneBy, desk sql.NullString
	var walkIn sql.NullBool
	row := t.q.QueryRowContext(ctx, query, eventID, arg)
	p, err := scanParticipant(extraScanner{row, append([]any{&a.Registered, &id, &method, &at, &by, &walkIn, &undone, &undoneBy, &desk}, extra...)})
	if err != nil || !id.Valid {
		return p, a, err
	}
	a.CheckIn = &app.CheckIn{ID: id.Int64, EventID: eventID, ParticipantID: p.ID, Method: method.String,
		At: parseTS(at.String), By: by.String, WalkIn: walkIn.Bool, UndoneAt: parseTSPtr(undone), UndoneBy: undoneBy.String, Desk: desk.String}
	return p, a, nil
}

// ---- visits

func (t *txn) InsertVisit(ctx context.Context, v *app.Visit) error {
	if t.s != nil && t.s.queue && v.ClientID == "" {
		v.ClientID = newGroupID() // made offline: see CheckIn.ClientID
	}
	newID, err := t.insertID(ctx, `INSERT INTO visits(site_id,participant_id,reason,note,at,by,client_id) VALUES(?,?,?,?,?,?,?)`,
		v.SiteID, v.ParticipantID, v.Reason, v.Note, ts(v.At), v.By, nullStr(v.ClientID))
	if err != nil {
		return err
	}
	v.ID = newID
	return t.enqueue(ctx, queueVisit, newID)
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
	return t.enqueue(ctx, queueVisitUndo, id)
}

func (t *txn) LastVisit(ctx context.Context, siteID, participantID int64, reason string, since time.Time) (app.Visit, error) {
	return t.visitWhere(ctx, `participant_id=? AND site_id=? AND reason=? AND at>=? AND undone_at IS NULL ORDER BY at DESC LIMIT 1`,
		participantID, siteID, reason, ts(since))
}

// VisitByClientID returns the visit a desk made offline with clientID.
func (t *txn) VisitByClientID(ctx context.Context, clientID string) (app.Visit, error) {
	return t.visitWhere(ctx, `client_id=?`, clientID)
}

// visitWhere reads the first visit matching where (with its args).
func (t *txn) visitWhere(ctx context.Context, where string, args ...any) (app.Visit, error) {
	var v app.Visit
	var at string
	var undone, client sql.NullString
	err := t.q.QueryRowContext(ctx, `SELECT id,site_id,participant_id,reason,note,at,by,undone_at,undone_by,client_id FROM visits WHERE `+where, args...).
		Scan(&v.ID, &v.SiteID, &v.ParticipantID, &v.Reason, &v.Note, &at, &v.By, &undone, &v.UndoneBy, &client)
	if errors.Is(err, sql.ErrNoRows) {
		return v, notFound("visit", "")
	}
	v.At = parseTS(at)
	v.UndoneAt = parseTSPtr(undone)
	v.ClientID = client.String
	return v, err
}
