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
// lock for seconds. Publishing checks that nobody changed a detail the
// import changes of one of them, to something else, since the import read
// them (app.MergeParticipantChange); from its commit on, the changes are
// committed and are applied whatever happens: by the publishing program,
// or by the next program that opens the store when that one was stopped.
// A desk's write to one of those people before their change is applied is
// kept: the change is merged into it detail by detail. Until a person's
// change is applied, readers see them as they were.

// changeBudget is how long one transaction applying published changes may
// work before it commits and lets other programs write; changePause is how
// long the lock is then left free (the same figures as an import's chunks,
// see app's chunkBudget and chunkPause).
const (
	changeBudget = 20 * time.Millisecond
	changePause  = 8 * time.Millisecond
)

// changesPublished selects the changes whose import was published.
const changesPublished = `import_id NOT IN (SELECT id FROM pending_imports)`

// StageParticipantChange keeps p, this transaction's import's version of a
// participant on file, to be applied once the import is published. The
// participant as they were when the import first kept a version of them is
// what publishing compares with; a later version replaces the earlier one.
func (t *txn) StageParticipantChange(ctx context.Context, p *app.Participant) error {
	if t.importID == 0 {
		return app.Errorf(app.EInternal, "a participant change was kept for publishing outside an import")
	}
	base, err := t.Participant(ctx, p.ID)
	if err != nil {
		return err
	}
	b, err := json.Marshal(base)
	if err != nil {
		return err
	}
	v, err := json.Marshal(p)
	if err != nil {
		return err
	}
	_, err = t.q.ExecContext(ctx, `INSERT INTO participant_changes(import_id, participant_id, base_updated_at, base, version)
		SELECT CAST(? AS BIGINT), id, updated_at, CAST(? AS TEXT), CAST(? AS TEXT) FROM participant_rows WHERE id = ?
		ON CONFLICT (participant_id, import_id) DO UPDATE SET version = excluded.version`, t.importID, string(b), string(v), p.ID)
	return err
}

// stagedChange is one row of participant_changes.
type stagedChange struct {
	id, participant       int64
	baseAt, base, version string
}

// decode reads the change's two versions of the participant.
func (c stagedChange) decode() (base, version app.Participant, err error) {
	if err = json.Unmarshal([]byte(c.base), &base); err == nil {
		err = json.Unmarshal([]byte(c.version), &version)
	}
	if err != nil {
		err = fmt.Errorf("participant change %d: %w", c.id, err)
	}
	base.ID, version.ID = c.participant, c.participant
	return base, version, err
}

// changeCols are the columns scanChanges reads.
const changeCols = `c.id, c.participant_id, c.base_updated_at, c.base, c.version`

// checkChanges refuses to publish import id when someone changed a detail
// of a person it changes, since it read them, to something else than the
// import did (see app.MergeParticipantChange). Only people whose record
// changed since are read.
func (t *txn) checkChanges(ctx context.Context, id int64) error {
	list, err := scanChanges(t.q.QueryContext(ctx, `SELECT `+changeCols+` FROM participant_changes c JOIN participant_rows r ON r.id = c.participant_id
		WHERE c.import_id = ? AND r.updated_at <> c.base_updated_at ORDER BY c.id`, id))
	if err != nil {
		return err
	}
	for _, c := range list {
		base, version, err := c.decode()
		if err != nil {
			return err
		}
		cur, err := t.Participant(ctx, c.participant)
		if err != nil {
			return err
		}
		if _, field := app.MergeParticipantChange(base, version, cur); field != "" {
			return app.Errorf(app.EConflict, "Participant %s was changed at the desk while the import ran. Nothing was imported; run the import again.", cur.Code)
		}
	}
	return nil
}

// applyChange writes change c into participant_rows, unless another
// transaction applied it first (it is claimed by deleting its row). When
// the person changed since the import read them (a desk's edit, check-in
// or opt-out after the import published), the change is merged into what
// they are now, detail by detail; a detail both changed keeps the later,
// the desk's, value.
func (t *txn) applyChange(ctx context.Context, c stagedChange) error {
	res, err := t.q.ExecContext(ctx, `DELETE FROM participant_changes WHERE id = ?`, c.id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	base, version, err := c.decode()
	if err != nil {
		return err
	}
	var cur string
	err = t.q.QueryRowContext(ctx, `SELECT updated_at FROM participant_rows WHERE id = ?`, c.participant).Scan(&cur)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return err
	}
	if cur != c.baseAt {
		now, err := t.Participant(ctx, c.participant)
		if err != nil {
			return err
		}
		version, _ = app.MergeParticipantChange(base, version, now)
	}
	return t.UpdateParticipant(ctx, &version)
}

// scanChanges reads the changes a query selects (changeCols).
func scanChanges(rows *sql.Rows, err error) ([]stagedChange, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []stagedChange
	for rows.Next() {
		var c stagedChange
		if err := rows.Scan(&c.id, &c.participant, &c.baseAt, &c.base, &c.version); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
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
				list, err := scanChanges(t.q.QueryContext(ctx, `SELECT `+changeCols+` FROM participant_changes c
					WHERE c.`+changesPublished+` ORDER BY c.id LIMIT 50`))
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
