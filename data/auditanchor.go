package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"frontdesk/app"
)

// The chain's head is anchored outside the table, so deleting the newest
// rows (or all of them, with their sqlite_sequence entry) is seen: in
// DB.audit-head beside the database, in each backup's manifest, and on the
// access-review PDF. The anchor may be behind the table (it is written a
// moment after the commits it records, off the check-in path) but never
// ahead of it: verification accepts rows after the anchored head only if
// they chain from it.

// auditHeadAction is the action of the row the store records when the
// anchor file was missing at open.
const auditHeadAction = "audit.anchor"

// anchorDelay is how long after a commit the anchor file is brought up to
// date: one write for a burst of check-ins, not one each.
const anchorDelay = time.Second

// AuditHead is app.AuditHead: the anchor file's and the manifests' record
// of where the chain ends.
type AuditHead = app.AuditHead

// anchorPath is the anchor file of the database at dbPath.
func anchorPath(dbPath string) string { return dbPath + ".audit-head" }

// AuditFiles are the files beside the database at dbPath that guard its
// audit log: the key file and the anchor file.
func AuditFiles(dbPath string) []string { return []string{keyPath(dbPath), anchorPath(dbPath)} }

// readAnchor reads the anchor file at path; nil without error when there is
// none.
func readAnchor(path string) (*AuditHead, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, app.Errorf(app.EInvalid, "Cannot read the audit anchor %s: %v", path, err)
	}
	var h AuditHead
	if err := json.Unmarshal(b, &h); err != nil {
		return nil, app.Errorf(app.EInvalid, "The audit anchor %s is damaged (%v).", path, err)
	}
	return &h, nil
}

// anchorState is the store's newest committed head and whether the anchor
// file has it yet.
type anchorState struct {
	mu      sync.Mutex
	head    *AuditHead // newest head this process committed (Rows unknown)
	written bool       // head is in the file (or must not go there)
	timer   *time.Timer
	closed  bool
}

// noteHead records the head a commit left and schedules the anchor write.
func (s *Store) noteHead(h AuditHead) {
	s.anc.mu.Lock()
	defer s.anc.mu.Unlock()
	s.anc.head, s.anc.written = &h, false
	if s.anc.timer == nil && !s.anc.closed {
		s.anc.timer = time.AfterFunc(anchorDelay, func() { s.flushAnchor(context.Background()) })
	}
}

// flushAnchor writes the newest committed head to the anchor file, unless
// the file is already as far (another process wrote it) or the table no
// longer holds the head the file records: then the file is left as the
// evidence verification reports.
func (s *Store) flushAnchor(ctx context.Context) error {
	s.anc.mu.Lock()
	defer s.anc.mu.Unlock()
	s.anc.timer = nil
	if s.anc.closed || s.anc.head == nil || s.anc.written {
		return nil
	}
	h := *s.anc.head
	s.anc.written = true
	if s.guardPath() == "" {
		return nil
	}
	path := anchorPath(s.guardPath())
	old, err := readAnchor(path)
	if err != nil {
		return err
	}
	if old != nil && old.LastID >= h.LastID {
		return nil
	}
	var n int
	if old != nil && old.LastID > 0 {
		var hash string
		err := s.reader.QueryRowContext(ctx, s.dialect(`SELECT hash FROM audit_log WHERE id=?`), old.LastID).Scan(&hash)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && hash != old.Head) {
			return nil // the anchored head is gone: keep the evidence
		}
		if err != nil {
			return err
		}
		if err := s.reader.QueryRowContext(ctx, s.dialect(`SELECT count(*) FROM audit_log WHERE id>? AND id<=?`), old.LastID, h.LastID).Scan(&n); err != nil {
			return err
		}
		h.Rows = old.Rows + n
	} else if err := s.reader.QueryRowContext(ctx, s.dialect(`SELECT count(*) FROM audit_log WHERE id<=?`), h.LastID).Scan(&h.Rows); err != nil {
		return err
	}
	h.At = time.Now().UTC().Format(time.RFC3339) // file times are the real clock
	return writeAnchor(path, h)
}

// writeAnchor replaces the anchor file at path with h.
func writeAnchor(path string, h AuditHead) error {
	b, err := json.MarshalIndent(h, "", "  ")
	if err != nil {
		return err
	}
	return writePrivateFile(path, append(b, '\n'), true)
}

// closeAnchor writes the last head and stops the timer, before the pools
// close.
func (s *Store) closeAnchor() {
	s.flushAnchor(context.Background())
	s.anc.mu.Lock()
	defer s.anc.mu.Unlock()
	s.anc.closed = true
	if s.anc.timer != nil {
		s.anc.timer.Stop()
		s.anc.timer = nil
	}
}

// ensureAnchor records in the chain itself that the anchor file of a keyed
// database was missing at open (deleted, or the database was copied
// without it); the next commit writes a new one.
func (s *Store) ensureAnchor(ctx context.Context, now time.Time, keyedBefore bool) error {
	if !keyedBefore {
		return nil
	}
	if a, err := readAnchor(anchorPath(s.path)); a != nil || err != nil {
		return nil // a damaged anchor is reported by verification
	}
	var last sql.NullInt64
	if err := s.writer.QueryRowContext(ctx, `SELECT max(id) FROM audit_log`).Scan(&last); err != nil || !last.Valid {
		return err
	}
	return s.Update(ctx, func(tx app.Tx) error {
		return tx.AppendAudit(ctx, app.AuditEntry{At: now, Actor: systemActor, Action: auditHeadAction, Entity: "audit",
			Detail: fmt.Sprintf("the anchor file %s was missing; anchored again after row %d", anchorPath(s.path), last.Int64)})
	})
}

// chainRow is one audit row as verification reads it.
type chainRow struct {
	id                                                   int64
	at, actor, action, entity, ref, detail, prev, stored string
}

// verifyChain walks the whole audit chain read through q, with the keys of
// ring, and compares its end with anchor (nil: no anchor to compare with;
// anchorName says where the anchor came from, for messages).
func verifyChain(ctx context.Context, q querier, ring keyRing, anchor *AuditHead, anchorName string) (app.AuditCheck, error) {
	var c app.AuditCheck
	rows, err := q.QueryContext(ctx, `SELECT id,at,actor,action,entity,ref,detail,prev_hash,hash FROM audit_log ORDER BY id`)
	if err != nil {
		return c, err
	}
	var all []chainRow
	for rows.Next() {
		var r chainRow
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
	var key, undeclared *auditKey
	declaredAt := map[string]int64{}
	for i, r := range all {
		if r.action == auditKeyAction {
			k := ring.byID(r.ref)
			if k == nil {
				if ring.center && !ring.exists {
					c.KeyMissing = true
					return bad(r.id, "This computer does not hold the center's audit key %s: rows from %d are signed with it and cannot be checked here (%s).", r.ref, r.id, centerKeyHint)
				}
				if !ring.exists {
					return bad(r.id, "The audit key file %s is missing: rows from %d are signed with key %s and cannot be checked without it (restore the key file from a backup folder).", ring.path, r.id, r.ref)
				}
				return bad(r.id, "Wrong or lost audit key: rows from %d are signed with key %s, but %s holds only %s.", r.id, r.ref, ring.path, strings.Join(ring.ids(), ", "))
			}
			key = k
			declaredAt[k.ID] = r.id
		}
		if rowHash(key, r.prev, r.at, r.actor, r.action, r.entity, r.ref, r.detail) != r.stored {
			k := undeclaredKey(ring, key, r)
			if k == nil && key != nil && auditHash(r.prev, r.at, r.actor, r.action, r.entity, r.ref, r.detail) == r.stored {
				return bad(r.id, "Audit row %d was rewritten without the audit key: its hash is a plain SHA-256, but rows from %d are signed with key %s.", r.id, declaredAt[key.ID], key.ID)
			}
			if k == nil {
				return bad(r.id, "Audit row %d was edited: its contents no longer match its hash.", r.id)
			}
			// signed with a key of the file that the chain no longer
			// declares: reported after the anchor, which says more
			key = k
			if undeclared == nil {
				undeclared = k
			}
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
	if anchor != nil && anchor.LastID > 0 {
		if len(all) == 0 {
			return bad(anchor.LastID, "All audit rows were deleted: %s records %d rows up to row %d.", anchorName, anchor.Rows, anchor.LastID)
		}
		if lastID < anchor.LastID {
			return bad(lastID+1, "The newest audit rows were deleted: %s records %d rows up to row %d, but the log ends at row %d with %d rows.", anchorName, anchor.Rows, anchor.LastID, lastID, len(all))
		}
		n, found := 0, false
		for _, r := range all {
			if r.id > anchor.LastID {
				break
			}
			n++
			if r.id == anchor.LastID {
				found = true
				if r.stored != anchor.Head {
					return bad(r.id, "Audit row %d is not the row %s records (its hash differs): rows were deleted and others written under their numbers, or the log was rewritten from there.", r.id, anchorName)
				}
			}
		}
		if !found {
			return bad(anchor.LastID, "Audit row %d, the newest row %s records, was deleted.", anchor.LastID, anchorName)
		}
		if anchor.Rows > 0 && n != anchor.Rows {
			return bad(anchor.LastID, "The audit log holds %d rows up to row %d, but %s records %d: rows were deleted or inserted.", n, anchor.LastID, anchorName, anchor.Rows)
		}
	}
	// every key of the file must be declared where it starts: a chain
	// re-hashed without the key lost those rows
	for _, k := range append([]*auditKey{undeclared}, ring.Keys...) {
		if k != nil && k.From > 0 && k.From <= lastID && declaredAt[k.ID] != k.From {
			return bad(k.From, "Audit row %d should start the rows signed with key %s (%s), but the chain does not declare it there: the log was rewritten without the key.", k.From, k.ID, ring.path)
		}
	}
	seq, err := auditIDsIssued(ctx, q)
	if err != nil {
		return c, err
	}
	if seq.Valid && seq.Int64 > lastID {
		return bad(lastID+1, "Audit rows after %d were deleted (the log once reached row %d).", lastID, seq.Int64)
	}
	c.OK, c.Head, c.LastID = true, expect, lastID
	if key != nil {
		c.KeyID = key.ID
	}
	return c, nil
}

// undeclaredKey is the key of ring, other than cur, that signs r although
// no row declares it, or nil.
func undeclaredKey(ring keyRing, cur *auditKey, r chainRow) *auditKey {
	for _, k := range ring.Keys {
		if k != cur && k.From <= r.id && keyedAuditHash(k.raw, r.prev, r.at, r.actor, r.action, r.entity, r.ref, r.detail) == r.stored {
			return k
		}
	}
	return nil
}

// verifyStoreChain is VerifyAudit for the store's own database: its key
// file and its anchor file, brought up to date with this process's commits
// first.
func (s *Store) verifyStoreChain(ctx context.Context, q querier) (app.AuditCheck, error) {
	if err := s.flushAnchor(ctx); err != nil {
		return app.AuditCheck{}, err
	}
	if s.pg {
		return s.verifyCenterChain(ctx, q)
	}
	return verifyFileChain(ctx, q, s.path)
}

// verifyCenterChain is VerifyAudit on a center server: the chain checked
// with this computer's key file and anchor of it, and the records still
// waiting for a desk that holds the center's key counted.
func (s *Store) verifyCenterChain(ctx context.Context, q querier) (app.AuditCheck, error) {
	ring, anchor, anchorName := keyRing{center: true}, (*AuditHead)(nil), ""
	if s.guard != "" {
		var err error
		if ring, err = s.verifyingRing(); err != nil {
			return app.AuditCheck{Problem: app.ErrorMessage(err)}, nil
		}
		ap := anchorPath(s.guard)
		if anchor, err = readAnchor(ap); err != nil {
			return app.AuditCheck{Problem: app.ErrorMessage(err)}, nil
		}
		anchorName = "this computer's anchor " + ap
	}
	c, err := verifyChain(ctx, q, ring, anchor, anchorName)
	if err != nil || !c.OK {
		return c, err
	}
	c.Held, err = heldAudits(ctx, q)
	return c, err
}

// verifyFileChain walks the chain of the database file at dbPath, read
// through q, with the key file and the anchor file beside it.
func verifyFileChain(ctx context.Context, q querier, dbPath string) (app.AuditCheck, error) {
	ring, err := loadKeyRing(keyPath(dbPath))
	if err != nil {
		return app.AuditCheck{Problem: app.ErrorMessage(err)}, nil
	}
	ap := anchorPath(dbPath)
	anchor, err := readAnchor(ap)
	if err != nil {
		return app.AuditCheck{Problem: app.ErrorMessage(err)}, nil
	}
	c, err := verifyChain(ctx, q, ring, anchor, "the anchor file "+ap)
	if err != nil || !c.OK {
		return c, err
	}
	if anchor == nil && ring.exists && c.Rows > 0 {
		c.OK, c.FirstBadID, c.Problem = false, c.LastID, fmt.Sprintf("The audit anchor file %s is missing: the newest rows cannot be proven complete.", ap)
	}
	return c, nil
}

// chainHead reads where the chain read through q ends (Rows counted).
func chainHead(ctx context.Context, q querier) (AuditHead, error) {
	var h AuditHead
	if chained, err := hasColumn(ctx, q, "audit_log", "hash"); err != nil || !chained {
		// a database from before the chain (schema 2 and older)
		err := q.QueryRowContext(ctx, `SELECT count(*), coalesce(max(id), 0) FROM audit_log`).Scan(&h.Rows, &h.LastID)
		return h, err
	}
	err := q.QueryRowContext(ctx, `SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&h.LastID, &h.Head)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return h, err
	}
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM audit_log`).Scan(&h.Rows); err != nil {
		return h, err
	}
	var key string
	err = q.QueryRowContext(ctx, `SELECT ref FROM audit_log WHERE action=? ORDER BY id DESC LIMIT 1`, auditKeyAction).Scan(&key)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return h, err
	}
	h.KeyID = key
	return h, nil
}

// auditTriggersAction is the action of the row the store records when it
// put back missing append-only triggers.
const auditTriggersAction = "audit.triggers"

// ensureAuditGuards runs on every open: it puts back the audit log's
// append-only triggers if they are missing (and records that), makes sure
// the chain is signed with a key from the key file, and records a missing
// anchor file.
func (s *Store) ensureAuditGuards(ctx context.Context, now time.Time) error {
	_, statErr := os.Stat(keyPath(s.path))
	keyedBefore := statErr == nil
	// the key first: every row recorded after it is signed with it
	if err := s.ensureAuditKey(ctx, now); err != nil {
		return err
	}
	if err := s.ensureAuditTriggers(ctx, now); err != nil {
		return err
	}
	return s.ensureAnchor(ctx, now, keyedBefore)
}

// ensureAuditTriggers reinstalls the append-only triggers when someone
// dropped them, in one transaction with the audit row that says so.
func (s *Store) ensureAuditTriggers(ctx context.Context, now time.Time) error {
	var n int
	if err := s.writer.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type='trigger' AND tbl_name='audit_log' AND name IN ('audit_log_no_update','audit_log_no_delete')`).Scan(&n); err != nil {
		return app.Errorf(app.EInternal, "audit triggers: %v", err)
	}
	if n == 2 {
		return nil
	}
	return s.Update(ctx, func(tx app.Tx) error {
		t := tx.(*txn)
		for _, name := range []string{"audit_log_no_update", "audit_log_no_delete"} {
			if _, err := t.q.ExecContext(ctx, `DROP TRIGGER IF EXISTS `+name); err != nil {
				return err
			}
		}
		if _, err := t.q.ExecContext(ctx, auditTriggers); err != nil {
			return err
		}
		return t.AppendAudit(ctx, app.AuditEntry{At: now, Actor: systemActor, Action: auditTriggersAction, Entity: "audit",
			Detail: "the audit log's append-only triggers were missing (dropped?) and were put back"})
	})
}

// AuditHead says where the chain ends now (rows counted).
func (t *txn) AuditHead(ctx context.Context) (app.AuditHead, error) {
	return chainHead(ctx, t.q)
}
