package data

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"time"

	"frontdesk/app"
)

// A check-in's audit record on a desk's own file follows its transaction
// (see RecordCheckIn): the store adds the records of marked check-ins a
// moment after they commit, before any other record is appended, when an
// administrator reads or verifies the log, when it closes, and after a
// crash when the file is next opened.

// checkInsAuditedKey is the setting that holds the last check-in id the
// audit chain has caught up with: marked check-ins after it still need
// their records.
const checkInsAuditedKey = "audit.checkins_through"

// The marks of check-ins whose audit records follow (checkins.audit_later).
const (
	auditLaterCheckIn  = 1 // the check-in's record
	auditLaterOriented = 2 // and the person's status change to oriented
)

// settleDelay is how long after a check-in's commit its audit record is
// added: one short transaction for a burst of scans, not one each.
const settleDelay = 100 * time.Millisecond

// auditsLater reports whether this transaction's store adds check-ins'
// audit records after their transactions: a desk's own file and a center
// server do; a desk's local copy of a server (whose records are sent on)
// adds them at once.
func (t *txn) auditsLater() bool { return t.s != nil && !t.s.queue }

// SettleAudit appends the audit records of the check-ins still waiting for
// theirs, in the order they were made, and moves the mark past them.
func (t *txn) SettleAudit(ctx context.Context) error {
	if !t.auditsLater() {
		return nil
	}
	if t.s.pg {
		return t.settleAuditPG(ctx)
	}
	through, last, err := t.checkInsAudited(ctx)
	if err != nil || last <= through {
		return err
	}
	if _, err := t.settleWaiting(ctx, `id > ? AND id <= ? AND `, through, last); err != nil {
		return err
	}
	_, err = t.q.ExecContext(ctx, `INSERT INTO settings(key,value) VALUES(?,?) ON CONFLICT(key) DO UPDATE SET value=excluded.value`,
		checkInsAuditedKey, strconv.FormatInt(last, 10))
	return err
}

// settleAuditPG is SettleAudit on a center server, where desks commit
// check-ins side by side, so ids do not commit in order: every check-in
// still marked gets its records, in id order, and loses its mark. The
// center's write lock keeps the chain one (lockedPG).
func (t *txn) settleAuditPG(ctx context.Context) error {
	st, err := t.signer(ctx)
	if err != nil || st.pending {
		return err // a desk without the center's key leaves them to one with it
	}
	settled, err := t.settleWaiting(ctx, ``)
	if err != nil || len(settled) == 0 {
		return err
	}
	ids := make([]string, len(settled))
	for i, id := range settled {
		ids[i] = strconv.FormatInt(id, 10)
	}
	_, err = t.q.ExecContext(ctx, `UPDATE checkins SET audit_later = 0 WHERE id IN (`+strings.Join(ids, ",")+`)`)
	return err
}

// settleWaiting appends the audit records of the marked check-ins that
// where (a condition ending in AND, or "") picks, in id order, and returns
// their ids.
func (t *txn) settleWaiting(ctx context.Context, where string, args ...any) ([]int64, error) {
	type waiting struct {
		c     app.CheckIn
		later int
	}
	ws, err := queryAll(ctx, t.q, func(sc rowScanner) (waiting, error) {
		var w waiting
		var err error
		w.c, err = scanCheckIn(extraScanner{sc, []any{&w.later}})
		return w, err
	}, `SELECT `+checkInCols+`, audit_later FROM checkins WHERE `+where+`audit_later <> 0 ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(ws))
	var es []app.AuditEntry
	for i, w := range ws {
		es = append(es, app.CheckInAudits(w.c, w.later == auditLaterOriented)...)
		ids[i] = w.c.ID
	}
	return ids, t.appendAudits(ctx, es)
}

// checkInsAudited reads the mark and the newest check-in's id.
func (t *txn) checkInsAudited(ctx context.Context) (through, last int64, err error) {
	err = t.q.QueryRowContext(ctx, `SELECT coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = ?), 0), coalesce((SELECT max(id) FROM checkins), 0)`,
		checkInsAuditedKey).Scan(&through, &last)
	return through, last, err
}

// settleState schedules the store's SettleAudit transactions.
type settleState struct {
	mu      sync.Mutex
	timer   *time.Timer
	pending bool // a check-in of this process may still wait for its record
	closed  bool
	run     sync.Mutex    // held while a settling transaction runs
	delay   time.Duration // 0: settleDelay (tests wait longer)
}

// scheduleSettle adds the records of the check-ins just committed after
// settleDelay.
func (s *Store) scheduleSettle() {
	s.settle.mu.Lock()
	defer s.settle.mu.Unlock()
	s.settle.pending = true
	if s.settle.timer == nil && !s.settle.closed {
		delay := s.settle.delay
		if delay == 0 {
			delay = settleDelay
		}
		s.settle.timer = time.AfterFunc(delay, func() {
			s.settle.mu.Lock()
			s.settle.timer = nil
			closed := s.settle.closed
			s.settle.mu.Unlock()
			if !closed {
				s.settleNow(context.Background())
			}
		})
	}
}

// settleNow runs SettleAudit in its own transaction. When it cannot (the
// database is busy for long, or read-only), the records stay waiting, in
// the file, for the next transaction that appends to the log or the next
// open.
func (s *Store) settleNow(ctx context.Context) error {
	s.settle.run.Lock()
	defer s.settle.run.Unlock()
	s.settle.mu.Lock()
	s.settle.pending = false
	s.settle.mu.Unlock()
	// nobody waits for it: no "waiting for the database" while it does
	ctx = context.WithValue(ctx, quietKey{}, true)
	err := s.Update(ctx, func(tx app.Tx) error { return tx.SettleAudit(ctx) })
	if err != nil {
		s.settle.mu.Lock()
		s.settle.pending = true
		s.settle.mu.Unlock()
	}
	return err
}

// closeSettle adds what this process still owes the log, before the pools
// close.
func (s *Store) closeSettle() {
	s.settle.mu.Lock()
	s.settle.closed = true
	if s.settle.timer != nil {
		s.settle.timer.Stop()
		s.settle.timer = nil
	}
	pending := s.settle.pending
	s.settle.mu.Unlock()
	if pending {
		s.settleNow(context.Background())
	} else {
		// a settling transaction the timer started finishes first
		s.settle.run.Lock()
		s.settle.run.Unlock()
	}
}

// settleLeftovers schedules the records a process that ended without
// closing (killed, or a power cut) left waiting, when the file is opened.
func (s *Store) settleLeftovers(ctx context.Context) {
	if s.pg {
		var waiting bool
		if err := s.reader.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM checkins WHERE audit_later <> 0)`).Scan(&waiting); err == nil && waiting {
			s.scheduleSettle()
		}
		return
	}
	var through, last int64
	err := s.reader.QueryRowContext(ctx, `SELECT coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = ?), 0), coalesce((SELECT max(id) FROM checkins), 0)`,
		checkInsAuditedKey).Scan(&through, &last)
	if err == nil && last > through {
		s.scheduleSettle()
	}
}
