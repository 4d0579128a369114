package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"frontdesk/app"
)

// An import's changes to people already on file (participant_changes,
// schema 20 / server schema 8) are kept while the import runs and written
// into participant_rows only after it is published, a short transaction at
// a time, so that publishing 20,000 changed people does not hold the write
// lock for seconds. Publishing checks that none of them was changed since
// the import read them; from its commit on, the changes are committed and
// are applied whatever happens: by the publishing program, by the next
// program that opens the store when that one was stopped, and, for one
// person, by any write to that person before (applyChangesFor). Until a
// person's change is applied, readers see them as they were.

// changeBudget is how long one transaction applying published changes may
// work before it commits and lets other programs write; changePause is how
// long the lock is then left free (the same figures as an import's chunks,
// see app's chunkBudget and chunkPause).
const (
	changeBudget = 20 * time.Millisecond
	changePause  = 10 * time.Millisecond
)

// changesPublished selects the changes whose import was published.
const changesPublished = `import_id NOT IN (SELECT id FROM pending_imports)`

// StageParticipantChange keeps p, this transaction's import's version of a
// participant on file, to be applied once the import is published. The
// participant's updated_at when the import first keeps a version of them
// is what publishing checks; a later version replaces the earlier one.
func (t *txn) StageParticipantChange(ctx context.Context, p *app.Participant) error {
	if t.importID == 0 {
		return app.Errorf(app.EInternal, "a participant change was kept for publishing outside an import")
	}
	v, err := json.Marshal(p)
	if err != nil {
		return err
	}
	res, err := t.q.ExecContext(ctx, `INSERT INTO participant_changes(import_id, participant_id, base_updated_at, version)
		SELECT CAST(? AS BIGINT), id, updated_at, CAST(? AS TEXT) FROM participant_rows WHERE id = ?
		ON CONFLICT (participant_id, import_id) DO UPDATE SET version = excluded.version`, t.importID, string(v), p.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("participant", p.ID)
	}
	return nil
}

// checkChanges refuses to publish import id when someone changed a person
// it changes after the import read them.
func checkChanges(ctx context.Context, q querier, id int64) error {
	var code string
	err := q.QueryRowContext(ctx, `SELECT r.code FROM participant_changes c JOIN participant_rows r ON r.id = c.participant_id
		WHERE c.import_id = ? AND r.updated_at <> c.base_updated_at ORDER BY c.id LIMIT 1`, id).Scan(&code)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return app.Errorf(app.EConflict, "Participant %s was changed at the desk while the import ran. Nothing was imported; run the import again.", code)
}

// stagedChange is one row of participant_changes.
type stagedChange struct {
	id, participant int64
	base, version   string
}

// applyChange writes change c into participant_rows, unless another
// transaction applied it first (it is claimed by deleting its row) or the
// person was changed after the import read them without the change being
// applied first, which every write to a person does (applyChangesFor): the
// later write is kept.
func (t *txn) applyChange(ctx context.Context, c stagedChange) error {
	res, err := t.q.ExecContext(ctx, `DELETE FROM participant_changes WHERE id = ?`, c.id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	var cur string
	err = t.q.QueryRowContext(ctx, `SELECT updated_at FROM participant_rows WHERE id = ?`, c.participant).Scan(&cur)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && cur != c.base) {
		return nil
	} else if err != nil {
		return err
	}
	var p app.Participant
	if err := json.Unmarshal([]byte(c.version), &p); err != nil {
		return fmt.Errorf("participant change %d: %w", c.id, err)
	}
	p.ID = c.participant
	return t.writeParticipant(ctx, &p)
}

// scanChanges reads the changes a query selects (id, participant_id,
// base_updated_at, version).
func scanChanges(rows *sql.Rows, err error) ([]stagedChange, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []stagedChange
	for rows.Next() {
		var c stagedChange
		if err := rows.Scan(&c.id, &c.participant, &c.base, &c.version); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// applyChangesFor applies the published changes to participant id not yet
// applied, before this transaction writes to them: the write then starts
// from the person as the import left them, and a change is never applied
// over a later one.
func (t *txn) applyChangesFor(ctx context.Context, id int64) error {
	list, err := scanChanges(t.q.QueryContext(ctx, `SELECT id, participant_id, base_updated_at, version FROM participant_changes
		WHERE participant_id = ? AND `+changesPublished+` ORDER BY id`, id))
	if err != nil {
		return err
	}
	for _, c := range list {
		if err := t.applyChange(ctx, c); err != nil {
			return err
		}
	}
	return nil
}

// applyChanges applies every published change not yet applied, in
// transactions of changeBudget with changePause between them, until none
// is left or ctx ends.
func (s *Store) applyChanges(ctx context.Context) error {
	for {
		done := false
		err := s.Update(ctx, func(tx app.Tx) error {
			t := tx.(*txn)
			deadline := time.Now().Add(changeBudget)
			for time.Now().Before(deadline) {
				list, err := scanChanges(t.q.QueryContext(ctx, `SELECT id, participant_id, base_updated_at, version FROM participant_changes
					WHERE `+changesPublished+` ORDER BY id LIMIT 50`))
				if err != nil {
					return err
				}
				if len(list) == 0 {
					done = true
					return nil
				}
				for _, c := range list {
					if err := t.applyChange(ctx, c); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil || done {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(changePause):
		}
	}
}

// changesLeft reports whether published changes wait to be applied (left
// by a program stopped while it applied them).
func (s *Store) changesLeft(ctx context.Context) bool {
	var left bool
	err := s.reader.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM participant_changes WHERE `+changesPublished+`)`).Scan(&left)
	return err == nil && left
}

// leftoverChanges applies, in the background, the changes a stopped
// program left (see applyLeftovers).
type leftoverChanges struct {
	done sync.WaitGroup
}

// applyLeftovers starts applying the published changes a stopped program
// left, if any, without holding up the opening.
func (s *Store) applyLeftovers(ctx context.Context) {
	if !s.changesLeft(ctx) {
		return
	}
	s.leftovers.done.Add(1)
	go func() {
		defer s.leftovers.done.Done()
		s.applyChanges(context.WithoutCancel(ctx))
	}()
}

// closeLeftovers waits for the leftover changes to be applied: a command
// that opened the store to finish them (as the messages that find them
// advise) must not stop half way.
func (s *Store) closeLeftovers() {
	s.leftovers.done.Wait()
}
