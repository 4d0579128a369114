package data

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"frontdesk/app"
)

// auditHash is the chain hash of one audit row: SHA-256 over the previous
// row's hash and this row's fields as stored, each ended by a NUL byte.
func auditHash(prev, at, actor, action, entity, ref, detail string) string {
	h := sha256.New()
	for _, f := range []string{prev, at, actor, action, entity, ref, detail} {
		h.Write([]byte(f))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// auditTriggers make the audit log append-only for every connection,
// including the sqlite3 shell (which can still drop them: the hash chain is
// what proves tampering).
const auditTriggers = `
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;`

// chainAuditLog is migration 3's Go step: it hashes the rows copied from the
// unchained log, in order, then makes the log append-only.
func chainAuditLog(ctx context.Context, t *txn) error {
	rows, err := t.q.QueryContext(ctx, `SELECT id,at,actor,action,entity,ref,detail FROM audit_log ORDER BY id`)
	if err != nil {
		return err
	}
	type row struct {
		id                                     int64
		at, actor, action, entity, ref, detail string
	}
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.at, &r.actor, &r.action, &r.entity, &r.ref, &r.detail); err != nil {
			rows.Close()
			return err
		}
		all = append(all, r)
	}
	rows.Close()
	prev := ""
	for _, r := range all {
		h := auditHash(prev, r.at, r.actor, r.action, r.entity, r.ref, r.detail)
		if _, err := t.q.ExecContext(ctx, `UPDATE audit_log SET prev_hash=?, hash=? WHERE id=?`, prev, h, r.id); err != nil {
			return err
		}
		prev = h
	}
	if len(all) > 0 {
		// keep the highest id in sqlite_sequence, as AUTOINCREMENT would have
		if _, err := t.q.ExecContext(ctx, `INSERT OR REPLACE INTO sqlite_sequence(name, seq) VALUES('audit_log', ?)`, all[len(all)-1].id); err != nil {
			return err
		}
	}
	_, err = t.q.ExecContext(ctx, auditTriggers)
	return err
}

// AppendAudit adds e at the end of the hash chain.
func (t *txn) AppendAudit(ctx context.Context, e app.AuditEntry) error {
	var prev string
	err := t.q.QueryRowContext(ctx, `SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	at := ts(e.At)
	h := auditHash(prev, at, e.Actor, e.Action, e.Entity, e.Ref, e.Detail)
	_, err = t.q.ExecContext(ctx, `INSERT INTO audit_log(at,actor,action,entity,ref,detail,prev_hash,hash) VALUES(?,?,?,?,?,?,?,?)`,
		at, e.Actor, e.Action, e.Entity, e.Ref, e.Detail, prev, h)
	return err
}

// Audit lists audit records matching f, newest first.
func (t *txn) Audit(ctx context.Context, f app.AuditFilter) ([]app.AuditEntry, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	var where []string
	var args []any
	if f.Actor != "" {
		where, args = append(where, "actor = ? COLLATE NOCASE"), append(args, f.Actor)
	}
	if f.Action != "" {
		where, args = append(where, "action >= ? AND action < ?"), append(args, f.Action, f.Action+prefixEnd)
	}
	if !f.From.IsZero() {
		where, args = append(where, "at >= ?"), append(args, ts(f.From))
	}
	if !f.To.IsZero() {
		where, args = append(where, "at < ?"), append(args, ts(f.To))
	}
	if f.BeforeID > 0 {
		where, args = append(where, "id < ?"), append(args, f.BeforeID)
	}
	q := `SELECT id,at,actor,action,entity,ref,detail FROM audit_log`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := t.q.QueryContext(ctx, q+` ORDER BY id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []app.AuditEntry
	for rows.Next() {
		var e app.AuditEntry
		var at string
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Entity, &e.Ref, &e.Detail); err != nil {
			return nil, err
		}
		e.At = parseTS(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// VerifyAudit walks the whole chain and reports the first row that was
// edited, inserted or deleted.
func (t *txn) VerifyAudit(ctx context.Context) (app.AuditCheck, error) {
	var c app.AuditCheck
	rows, err := t.q.QueryContext(ctx, `SELECT id,at,actor,action,entity,ref,detail,prev_hash,hash FROM audit_log ORDER BY id`)
	if err != nil {
		return c, err
	}
	type row struct {
		id                                                   int64
		at, actor, action, entity, ref, detail, prev, stored string
	}
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.at, &r.actor, &r.action, &r.entity, &r.ref, &r.detail, &r.prev, &r.stored); err != nil {
			rows.Close()
			return c, err
		}
		all = append(all, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return c, err
	}
	c.Rows = len(all)
	bad := func(id int64, format string, args ...any) (app.AuditCheck, error) {
		c.FirstBadID, c.Problem = id, fmt.Sprintf(format, args...)
		return c, nil
	}
	expect := ""
	var lastID int64
	for i, r := range all {
		if auditHash(r.prev, r.at, r.actor, r.action, r.entity, r.ref, r.detail) != r.stored {
			return bad(r.id, "Audit row %d was edited: its contents no longer match its hash.", r.id)
		}
		if r.prev != expect {
			if i >= 2 && r.prev == all[i-2].stored {
				return bad(all[i-1].id, "Audit row %d was inserted: the row after it chains to the row before it.", all[i-1].id)
			}
			if i+1 < len(all) && all[i+1].prev == expect {
				return bad(r.id, "Audit row %d was inserted: the rows around it chain without it.", r.id)
			}
			if i == 0 {
				return bad(r.id, "Audit rows before %d were deleted.", r.id)
			}
			return bad(r.id, "Audit row %d does not follow row %d: a row between them was deleted, or row %d was rewritten.", r.id, all[i-1].id, all[i-1].id)
		}
		expect, lastID = r.stored, r.id
	}
	var seq sql.NullInt64
	err = t.q.QueryRowContext(ctx, `SELECT seq FROM sqlite_sequence WHERE name='audit_log'`).Scan(&seq)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return c, err
	}
	if seq.Valid && seq.Int64 > lastID {
		return bad(lastID+1, "Audit rows after %d were deleted (the log once reached row %d).", lastID, seq.Int64)
	}
	c.OK, c.Head = true, expect
	return c, nil
}
