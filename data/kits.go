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

// Sessions, kits, loans and holds (app.KitTx), schema 0004.

func dateText(d time.Time) string { return d.Format(dateLayout) }

func parseDate(s string) time.Time {
	t, _ := time.Parse(dateLayout, s)
	return t
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// ---- sessions

const cohortCols = `id,site_id,name,start_date,end_date,created_at,created_by`

func scanCohort(sc rowScanner) (app.Cohort, error) {
	var s app.Cohort
	var start, end, created string
	err := sc.Scan(&s.ID, &s.SiteID, &s.Name, &start, &end, &created, &s.CreatedBy)
	s.Start, s.End, s.CreatedAt = parseDate(start), parseDate(end), parseTS(created)
	return s, err
}

func (t *txn) CreateCohort(ctx context.Context, s *app.Cohort) error {
	newID, err := t.insertID(ctx, `INSERT INTO sessions(site_id,name,start_date,end_date,created_at,created_by) VALUES(?,?,?,?,?,?)`,
		s.SiteID, s.Name, dateText(s.Start), dateText(s.End), ts(s.CreatedAt), s.CreatedBy)
	if err != nil {
		return err
	}
	s.ID = newID
	return nil
}

func (t *txn) Cohort(ctx context.Context, id int64) (app.Cohort, error) {
	s, err := scanCohort(t.q.QueryRowContext(ctx, `SELECT `+cohortCols+` FROM sessions WHERE id=?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, notFound("session", id)
	}
	return s, err
}

func (t *txn) Cohorts(ctx context.Context, siteID int64) ([]app.Cohort, error) {
	q, args := `SELECT `+cohortCols+` FROM sessions`, []any{}
	if siteID != 0 {
		q += ` WHERE site_id=?`
		args = append(args, siteID)
	}
	out, err := queryAll(ctx, t.q, scanCohort, q+` ORDER BY start_date DESC, id DESC`, args...)
	return out, err
}

func (t *txn) LinkCohortEvent(ctx context.Context, sessionID, eventID int64) error {
	_, err := t.q.ExecContext(ctx, `INSERT INTO session_events(session_id,event_id) VALUES(?,?)`, sessionID, eventID)
	return err
}

func (t *txn) CohortEvents(ctx context.Context, sessionID int64) ([]app.Event, error) {
	rows, err := t.q.QueryContext(ctx, `SELECT `+prefixCols("e.", eventCols)+` FROM events e JOIN session_events se ON se.event_id=e.id
		WHERE se.session_id=? ORDER BY e.start_at, e.id`, sessionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []app.Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// prefixCols qualifies every column of a comma-separated list.
func prefixCols(prefix, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = prefix + strings.TrimSpace(c)
	}
	return strings.Join(parts, ",")
}

func (t *txn) Enrol(ctx context.Context, e app.Enrolment) error {
	res, err := t.q.ExecContext(ctx, `INSERT INTO enrolments(session_id,participant_id,at,by) VALUES(?,?,?,?) ON CONFLICT DO NOTHING`,
		e.CohortID, e.ParticipantID, ts(e.At), e.By)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return app.Errorf(app.EConflict, "Already enrolled in this session.")
	}
	return nil
}

func (t *txn) IsEnrolled(ctx context.Context, sessionID, participantID int64) (bool, error) {
	var one int
	err := t.q.QueryRowContext(ctx, `SELECT 1 FROM enrolments WHERE session_id=? AND participant_id=?`, sessionID, participantID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

func (t *txn) CohortRoster(ctx context.Context, sessionID int64) ([]app.Participant, error) {
	return t.list(ctx, `SELECT `+prefixCols("p.", participantCols)+` FROM participants p JOIN enrolments en ON en.participant_id=p.id
		WHERE en.session_id=? ORDER BY p.last_name, p.first_name, p.id`, sessionID)
}

// ---- kits

const kitCols = `id,tag,alt_tag,kind,status,site_id,notes,carrier,line_number,imei,service_state,created_at,updated_at`

func scanKit(sc rowScanner) (app.Kit, error) {
	var k app.Kit
	var kind, status, service, created, updated string
	err := sc.Scan(&k.ID, &k.Tag, &k.AltTag, &kind, &status, &k.SiteID, &k.Notes, &k.Carrier, &k.LineNumber, &k.IMEI, &service, &created, &updated)
	k.Kind, k.Status, k.Service = app.KitKind(kind), app.KitStatus(status), app.ServiceState(service)
	k.CreatedAt, k.UpdatedAt = parseTS(created), parseTS(updated)
	return k, err
}

func uniqueConflict(err error, k *app.Kit) error {
	if !isUnique(err) {
		return err
	}
	switch {
	case uniqueOn(err, "kit_rows", "tag"):
		return &app.Error{Code: app.EConflict, Field: "tag", Message: fmt.Sprintf("Another kit already has the tag %s.", k.Tag)}
	case uniqueOn(err, "kit_rows", "alt_tag"):
		return &app.Error{Code: app.EConflict, Field: "asset tag", Message: fmt.Sprintf("Another kit already has the asset tag %s.", k.AltTag)}
	case uniqueOn(err, "kit_rows", "imei"):
		return &app.Error{Code: app.EConflict, Field: "IMEI", Message: fmt.Sprintf("Another kit already has the IMEI %s.", k.IMEI)}
	}
	return &app.Error{Code: app.EConflict, Field: "serial", Message: "Another kit already has a component with one of these serial numbers."}
}

func (t *txn) CreateKit(ctx context.Context, k *app.Kit) error {
	newID, err := t.insertID(ctx, `INSERT INTO kit_rows(tag,alt_tag,kind,status,site_id,notes,carrier,line_number,imei,service_state,created_at,updated_at,import_id)
		VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)`, k.Tag, k.AltTag, string(k.Kind), string(k.Status), k.SiteID, k.Notes, k.Carrier, k.LineNumber, k.IMEI,
		string(k.Service), ts(k.CreatedAt), ts(k.UpdatedAt), nullID(t.importID))
	if err != nil {
		return uniqueConflict(err, k)
	}
	k.ID = newID
	for i := range k.Components {
		c := &k.Components[i]
		c.KitID = k.ID
		newID, err := t.insertID(ctx, `INSERT INTO kit_components(kit_id,position,name,serial,required) VALUES(?,?,?,?,?)`,
			k.ID, i, c.Name, c.Serial, boolInt(c.Required))
		if err != nil {
			if isUnique(err) {
				return &app.Error{Code: app.EConflict, Field: "serial", Message: fmt.Sprintf("Another kit already has a component with serial %s.", c.Serial)}
			}
			return err
		}
		c.ID = newID
	}
	return nil
}

func (t *txn) UpdateKit(ctx context.Context, k *app.Kit) error {
	res, err := t.q.ExecContext(ctx, `UPDATE kit_rows SET alt_tag=?,status=?,site_id=?,notes=?,carrier=?,line_number=?,imei=?,service_state=?,updated_at=? WHERE id=?`,
		k.AltTag, string(k.Status), k.SiteID, k.Notes, k.Carrier, k.LineNumber, k.IMEI, string(k.Service), ts(k.UpdatedAt), k.ID)
	if err != nil {
		return uniqueConflict(err, k)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("kit", k.ID)
	}
	return nil
}

// components returns the components of one kit, or of every kit when kitID is 0.
func (t *txn) components(ctx context.Context, kitID int64) (map[int64][]app.KitComponent, error) {
	out := map[int64][]app.KitComponent{}
	q := `SELECT id,kit_id,name,serial,required FROM kit_components`
	var args []any
	if kitID != 0 {
		q += ` WHERE kit_id=?`
		args = append(args, kitID)
	}
	rows, err := t.q.QueryContext(ctx, q+` ORDER BY kit_id, position`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c app.KitComponent
		var req int
		if err := rows.Scan(&c.ID, &c.KitID, &c.Name, &c.Serial, &req); err != nil {
			return nil, err
		}
		c.Required = req == 1
		out[c.KitID] = append(out[c.KitID], c)
	}
	return out, rows.Err()
}

func (t *txn) kitWhere(ctx context.Context, what, where string, arg any) (app.Kit, error) {
	k, err := scanKit(t.q.QueryRowContext(ctx, `SELECT `+kitCols+` FROM kits WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return k, notFound(what, arg)
	}
	if err != nil {
		return k, err
	}
	cs, err := t.components(ctx, k.ID)
	k.Components = cs[k.ID]
	return k, err
}

func (t *txn) Kit(ctx context.Context, id int64) (app.Kit, error) {
	return t.kitWhere(ctx, "kit", "id=?", id)
}

func (t *txn) KitByTag(ctx context.Context, tag string) (app.Kit, error) {
	return t.kitWhere(ctx, "kit with the tag", "tag=?", tag)
}

func (t *txn) KitByAltTag(ctx context.Context, altTag string) (app.Kit, error) {
	return t.kitWhere(ctx, "kit with the asset tag", "alt_tag<>'' AND alt_tag=?", altTag)
}

func (t *txn) KitBySerial(ctx context.Context, serial string) (app.Kit, error) {
	return t.kitWhere(ctx, "kit with the serial", "(imei<>'' AND imei=?1) OR id IN (SELECT kit_id FROM kit_components WHERE serial<>'' AND serial=?1)", serial)
}

func (t *txn) Kits(ctx context.Context, f app.KitFilter) ([]app.Kit, error) {
	var where []string
	var args []any
	if f.SiteID != 0 {
		where, args = append(where, "site_id=?"), append(args, f.SiteID)
	}
	if f.Kind != "" {
		where, args = append(where, "kind=?"), append(args, string(f.Kind))
	}
	if f.Status != "" {
		where, args = append(where, "status=?"), append(args, string(f.Status))
	}
	q := `SELECT ` + kitCols + ` FROM kits`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	out, err := queryAll(ctx, t.q, scanKit, q+" ORDER BY tag", args...)
	if err != nil {
		return nil, err
	}
	var one int64 // one kit: its components; more: every kit's, in one query
	if len(out) == 1 {
		one = out[0].ID
	}
	cs, err := t.components(ctx, one)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Components = cs[out[i].ID]
	}
	return out, nil
}

// ---- loans

// loanFrom is a loan row with its borrower's name and contact (one query,
// not one per loan); loanCols reads it.
const (
	loanFrom = ` FROM loans l JOIN participants p ON p.id=l.participant_id`
	loanCols = `l.id,l.kit_id,l.participant_id,l.site_id,l.session_id,l.out_at,l.out_by,l.due_date,l.renewals,l.status,l.returned_at,l.returned_by,l.condition_note,` + borrowerCols
)

// borrowerCols are the participant columns of a Borrower (table alias p).
const borrowerCols = `p.first_name,p.last_name,COALESCE(p.phone,''),COALESCE(p.email,''),p.language`

// borrowerDest are the scan destinations of borrowerCols.
func borrowerDest(b *app.Borrower) []any {
	return []any{&b.FirstName, &b.LastName, &b.Phone, &b.Email, &b.Language}
}

func scanLoan(sc rowScanner) (app.Loan, error) {
	var l app.Loan
	var session sql.NullInt64
	var out, due, status string
	var returned sql.NullString
	err := sc.Scan(append([]any{&l.ID, &l.KitID, &l.ParticipantID, &l.SiteID, &session, &out, &l.OutBy, &due, &l.Renewals, &status, &returned, &l.ReturnedBy, &l.ConditionNote},
		borrowerDest(&l.Borrower)...)...)
	l.CohortID, l.OutAt, l.Due, l.Status, l.ReturnedAt = session.Int64, parseTS(out), parseDate(due), app.LoanStatus(status), parseTSPtr(returned)
	return l, err
}

func (t *txn) CreateLoan(ctx context.Context, l *app.Loan) error {
	newID, err := t.insertID(ctx, `INSERT INTO loans(kit_id,participant_id,site_id,session_id,out_at,out_by,due_date,renewals,status,returned_at,returned_by,condition_note)
		VALUES(?,?,?,?,?,?,?,?,?,?,?,?)`, l.KitID, l.ParticipantID, l.SiteID, nullID(l.CohortID), ts(l.OutAt), l.OutBy, dateText(l.Due),
		l.Renewals, string(l.Status), tsPtr(l.ReturnedAt), l.ReturnedBy, l.ConditionNote)
	if err != nil {
		if isUnique(err) {
			return app.Errorf(app.EConflict, "This kit is already on loan.")
		}
		return err
	}
	l.ID = newID
	for _, c := range l.Components {
		if _, err := t.q.ExecContext(ctx, `INSERT INTO loan_components(loan_id,component_id,name,back,condition,note) VALUES(?,?,?,?,?,?)`,
			l.ID, c.ComponentID, c.Name, boolInt(c.Back), c.Condition, c.Note); err != nil {
			return err
		}
	}
	return nil
}

func (t *txn) UpdateLoan(ctx context.Context, l *app.Loan) error {
	res, err := t.q.ExecContext(ctx, `UPDATE loans SET due_date=?,renewals=?,status=?,returned_at=?,returned_by=?,condition_note=? WHERE id=?`,
		dateText(l.Due), l.Renewals, string(l.Status), tsPtr(l.ReturnedAt), l.ReturnedBy, l.ConditionNote, l.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("loan", l.ID)
	}
	for _, c := range l.Components {
		if _, err := t.q.ExecContext(ctx, `UPDATE loan_components SET back=?,condition=?,note=? WHERE loan_id=? AND component_id=?`,
			boolInt(c.Back), c.Condition, c.Note, l.ID, c.ComponentID); err != nil {
			return err
		}
	}
	return nil
}

func (t *txn) loanComponents(ctx context.Context, l *app.Loan) error {
	rows, err := t.q.QueryContext(ctx, `SELECT lc.component_id,lc.name,lc.back,lc.condition,lc.note FROM loan_components lc
		LEFT JOIN kit_components kc ON kc.id=lc.component_id WHERE lc.loan_id=? ORDER BY kc.position`, l.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	l.Components = nil
	for rows.Next() {
		var c app.LoanComponent
		var back int
		if err := rows.Scan(&c.ComponentID, &c.Name, &back, &c.Condition, &c.Note); err != nil {
			return err
		}
		c.Back = back == 1
		l.Components = append(l.Components, c)
	}
	return rows.Err()
}

func (t *txn) loanWhere(ctx context.Context, what, where string, arg any) (app.Loan, error) {
	l, err := scanLoan(t.q.QueryRowContext(ctx, `SELECT `+loanCols+loanFrom+` WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return l, notFound(what, arg)
	}
	if err != nil {
		return l, err
	}
	return l, t.loanComponents(ctx, &l)
}

func (t *txn) Loan(ctx context.Context, id int64) (app.Loan, error) {
	return t.loanWhere(ctx, "loan", "l.id=?", id)
}

func (t *txn) OutLoanForKit(ctx context.Context, kitID int64) (app.Loan, error) {
	return t.loanWhere(ctx, "open loan of kit", "l.kit_id=? AND l.status IN ('open','partial')", kitID)
}

func (t *txn) Loans(ctx context.Context, f app.LoanFilter) ([]app.Loan, error) {
	var where []string
	var args []any
	if f.SiteID != 0 {
		where, args = append(where, "l.site_id=?"), append(args, f.SiteID)
	}
	if f.KitID != 0 {
		where, args = append(where, "l.kit_id=?"), append(args, f.KitID)
	}
	if f.ParticipantID != 0 {
		where, args = append(where, "l.participant_id=?"), append(args, f.ParticipantID)
	}
	if f.OutOnly {
		where = append(where, "l.status IN ('open','partial')")
	}
	if !f.OutFrom.IsZero() {
		where, args = append(where, "l.out_at>=?"), append(args, ts(f.OutFrom))
	}
	if !f.OutTo.IsZero() {
		where, args = append(where, "l.out_at<?"), append(args, ts(f.OutTo))
	}
	q := `SELECT ` + loanCols + loanFrom
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	out, err := queryAll(ctx, t.q, scanLoan, q+" ORDER BY l.out_at, l.id", args...)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if err := t.loanComponents(ctx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ---- holds

// holdFrom is a hold row with its borrower's name and contact; holdCols
// reads it.
const (
	holdFrom = ` FROM holds h JOIN participants p ON p.id=h.participant_id`
	holdCols = `h.id,h.site_id,h.kind,h.participant_id,h.placed_at,h.placed_by,h.status,h.kit_id,h.ready_at,h.closed_at,h.closed_by,` + borrowerCols
)

func scanHold(sc rowScanner) (app.Hold, error) {
	var h app.Hold
	var kind, placed, status string
	var kit sql.NullInt64
	var ready, closed sql.NullString
	err := sc.Scan(append([]any{&h.ID, &h.SiteID, &kind, &h.ParticipantID, &placed, &h.PlacedBy, &status, &kit, &ready, &closed, &h.ClosedBy},
		borrowerDest(&h.Borrower)...)...)
	h.Kind, h.PlacedAt, h.Status, h.KitID = app.KitKind(kind), parseTS(placed), app.HoldStatus(status), kit.Int64
	h.ReadyAt, h.ClosedAt = parseTSPtr(ready), parseTSPtr(closed)
	return h, err
}

func (t *txn) CreateHold(ctx context.Context, h *app.Hold) error {
	newID, err := t.insertID(ctx, `INSERT INTO holds(site_id,kind,participant_id,placed_at,placed_by,status,kit_id,ready_at,closed_at,closed_by)
		VALUES(?,?,?,?,?,?,?,?,?,?)`, h.SiteID, string(h.Kind), h.ParticipantID, ts(h.PlacedAt), h.PlacedBy, string(h.Status),
		nullID(h.KitID), tsPtr(h.ReadyAt), tsPtr(h.ClosedAt), h.ClosedBy)
	if err != nil {
		return err
	}
	h.ID = newID
	return nil
}

func (t *txn) UpdateHold(ctx context.Context, h *app.Hold) error {
	res, err := t.q.ExecContext(ctx, `UPDATE holds SET status=?,kit_id=?,ready_at=?,closed_at=?,closed_by=? WHERE id=?`,
		string(h.Status), nullID(h.KitID), tsPtr(h.ReadyAt), tsPtr(h.ClosedAt), h.ClosedBy, h.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("hold", h.ID)
	}
	return nil
}

func (t *txn) Hold(ctx context.Context, id int64) (app.Hold, error) {
	h, err := scanHold(t.q.QueryRowContext(ctx, `SELECT `+holdCols+holdFrom+` WHERE h.id=?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return h, notFound("hold", id)
	}
	return h, err
}

func (t *txn) Holds(ctx context.Context, f app.HoldFilter) ([]app.Hold, error) {
	var where []string
	var args []any
	if f.SiteID != 0 {
		where, args = append(where, "h.site_id=?"), append(args, f.SiteID)
	}
	if f.Kind != "" {
		where, args = append(where, "h.kind=?"), append(args, string(f.Kind))
	}
	if f.ParticipantID != 0 {
		where, args = append(where, "h.participant_id=?"), append(args, f.ParticipantID)
	}
	statuses := f.Statuses
	if len(statuses) == 0 {
		statuses = []app.HoldStatus{app.HoldWaiting, app.HoldReady}
	}
	marks := make([]string, len(statuses))
	for i, s := range statuses {
		marks[i] = "?"
		args = append(args, string(s))
	}
	where = append(where, "h.status IN ("+strings.Join(marks, ",")+")")
	out, err := queryAll(ctx, t.q, scanHold, `SELECT `+holdCols+holdFrom+` WHERE `+strings.Join(where, " AND ")+` ORDER BY h.placed_at, h.id`, args...)
	return out, err
}
