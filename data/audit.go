package data

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
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

// AppendAudit adds e at the end of the hash chain, signed with the
// store's audit key (plain SHA-256 only before a database has one), and
// notes the new head for the anchor file. Check-ins still waiting for
// their records (see RecordCheckIn) get them first, so the chain keeps the
// order things happened in.
func (t *txn) AppendAudit(ctx context.Context, e app.AuditEntry) error {
	if err := t.SettleAudit(ctx); err != nil {
		return err
	}
	return t.appendAudit(ctx, e)
}

// appendAudit is AppendAudit without settling first.
func (t *txn) appendAudit(ctx context.Context, e app.AuditEntry) error {
	return t.appendAudits(ctx, []app.AuditEntry{e})
}

// auditBatch is how many records one INSERT appends (8 values each).
const auditBatch = 500

// appendAudits appends es in order, a statement per auditBatch of them.
func (t *txn) appendAudits(ctx context.Context, es []app.AuditEntry) error {
	if len(es) == 0 {
		return nil
	}
	var key *auditKey
	var prev string
	if onServer(t.q) && t.s != nil {
		// one writer of the chain at a time, center-wide, signing with the
		// key the chain declares (see centerkey.go)
		st, err := t.signer(ctx)
		if err != nil {
			return err
		}
		if st.pending {
			return t.holdAudits(ctx, es)
		}
		if st.waiting {
			if err := t.settleHeld(ctx); err != nil {
				return err
			}
		}
		key, prev = st.key, st.prev
	} else {
		if t.s != nil {
			key = t.s.key.Load()
		}
		if t.head == nil {
			if err := t.q.QueryRowContext(ctx, `SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&prev); err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
	}
	// the head: the record this transaction appended last, if any (nobody
	// else appends while it holds the write lock), else the log's newest
	if t.head != nil {
		prev = t.head.Head
	}
	for start := 0; start < len(es); start += auditBatch {
		batch := es[start:min(start+auditBatch, len(es))]
		var q strings.Builder
		q.WriteString(`INSERT INTO audit_log(at,actor,action,entity,ref,detail,prev_hash,hash) VALUES `)
		args := make([]any, 0, 8*len(batch))
		for i, e := range batch {
			at := ts(e.At)
			h := rowHash(key, prev, at, e.Actor, e.Action, e.Entity, e.Ref, e.Detail)
			if i > 0 {
				q.WriteString(",")
			}
			q.WriteString("(?,?,?,?,?,?,?,?)")
			args = append(args, at, e.Actor, e.Action, e.Entity, e.Ref, e.Detail, prev, h)
			prev = h
		}
		ids, err := t.insertIDs(ctx, q.String(), len(batch), args...)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if err := t.enqueue(ctx, queueAudit, id); err != nil {
				return err
			}
		}
		t.head = &AuditHead{LastID: ids[len(ids)-1], Head: prev}
		if key != nil {
			t.head.KeyID = key.ID
		}
	}
	return nil
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
	var out []app.AuditEntry
	if onServer(t.q) && f.BeforeID == 0 {
		// the records of desks without the center's key, not in the
		// chain yet, are the newest (see centerkey.go)
		held, err := t.auditRows(ctx, "audit_pending", where, args, limit)
		if err != nil {
			return nil, err
		}
		for i := range held {
			held[i].ID, held[i].Held = 0, true
		}
		out, limit = held, limit-len(held)
		if limit == 0 {
			return out, nil
		}
	}
	if f.BeforeID > 0 {
		where, args = append(where, "id < ?"), append(args, f.BeforeID)
	}
	chained, err := t.auditRows(ctx, "audit_log", where, args, limit)
	return append(out, chained...), err
}

// auditRows lists the newest rows of table (audit_log or audit_pending)
// matching where, at most limit.
func (t *txn) auditRows(ctx context.Context, table string, where []string, args []any, limit int) ([]app.AuditEntry, error) {
	q := `SELECT id,at,actor,action,entity,ref,detail FROM ` + table
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	return queryAll(ctx, t.q, scanAuditEntry, q+` ORDER BY id DESC LIMIT ?`, append(args, limit)...)
}

// scanAuditEntry reads id, at, actor, action, entity, ref and detail.
func scanAuditEntry(sc rowScanner) (app.AuditEntry, error) {
	var e app.AuditEntry
	var at string
	err := sc.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Entity, &e.Ref, &e.Detail)
	e.At = parseTS(at)
	return e, err
}

// VerifyAudit walks the whole chain and reports the first row that was
// edited, inserted or deleted, a missing or wrong audit key, and newest
// rows deleted behind the anchor file's back.
func (t *txn) VerifyAudit(ctx context.Context) (app.AuditCheck, error) {
	if t.s == nil {
		return verifyChain(ctx, t.q, keyRing{}, nil, "")
	}
	return t.s.verifyStoreChain(ctx, t.q)
}
