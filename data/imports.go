package data

import (
	"context"
	"fmt"
	"strings"
	"time"

	"frontdesk/app"
)

// staleImport is how long a pending import may go without committing a
// chunk before the next import takes it for killed and removes its rows.
var staleImport = 10 * time.Minute

// dropChunk is how many hidden rows one short transaction removes or
// settles.
const dropChunk = 200

// stagedTable is a table an import writes hidden rows to (under its
// import_id), with the tables that refer to those rows by column refCol
// and go with them when they are removed.
type stagedTable struct {
	rows   string
	refs   []string
	refCol string
}

// stagedTables are the tables imports stage rows in: participants with
// their search rows, kits with their components.
var stagedTables = []stagedTable{
	{"participant_rows", searchTables, "participant_id"},
	{"kit_rows", []string{"kit_components"}, "kit_id"},
}

// changesTable holds the changes imports make to people already on file
// (see importchanges.go): removed with an abandoned import's rows, and
// applied, not settled, when it is published.
var changesTable = stagedTable{rows: "participant_changes"}

// BeginStaged starts a staged change (an import): the participants that
// UpdateStaged creates under the returned id stay invisible to every reader
// until PublishStaged. It first removes what imports killed long ago left,
// and applies the changes of published imports still waiting, so that the
// new import reads everyone as they now are.
func (s *Store) BeginStaged(ctx context.Context) (int64, error) {
	if err := s.applyChanges(ctx); err != nil {
		return 0, err
	}
	var stale []int64
	err := s.View(ctx, func(tx app.Tx) error {
		rows, err := tx.(*txn).q.QueryContext(ctx, `SELECT id FROM pending_imports WHERE heartbeat_at < ?`, ts(time.Now().Add(-staleImport)))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			stale = append(stale, id)
		}
		return rows.Err()
	})
	if err != nil {
		return 0, err
	}
	for _, id := range stale {
		if err := s.AbandonStaged(ctx, id); err != nil {
			return 0, err
		}
	}
	var id int64
	err = s.Update(ctx, func(tx app.Tx) error {
		now := ts(time.Now())
		newID, err := tx.(*txn).insertID(ctx, `INSERT INTO pending_imports(started_at, heartbeat_at) VALUES (?, ?)`, now, now)
		if err != nil {
			return err
		}
		id = newID
		return nil
	})
	return id, err
}

// UpdateStaged runs fn in one short write transaction in which the
// participants and kits created belong to staged change id, hidden until it is
// published. Keep each call well under 50 ms of work: other programs wait
// for it.
func (s *Store) UpdateStaged(ctx context.Context, id int64, fn func(app.Tx) error) error {
	err := s.update(ctx, &txn{importID: id}, func(tx app.Tx) error {
		res, err := tx.(*txn).q.ExecContext(ctx, `UPDATE pending_imports SET heartbeat_at=? WHERE id=?`, ts(time.Now()), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return app.Errorf(app.EConflict, "The import was stopped (it was idle for more than %v and its rows were removed). Nothing was imported; run it again.", staleImport)
		}
		return fn(tx)
	})
	if err != nil {
		return err
	}
	// committed without waiting for the disk (see setSync): synced now,
	// with the lock free for others
	return s.syncLog()
}

// PublishStaged makes staged change id visible to everyone, together with
// whatever fn writes, in one short transaction; if fn fails, or someone
// changed a detail the import changes of a person since it read them,
// nothing of the change is visible (call AbandonStaged). A desk's change
// to other details of those people meanwhile (a check-in that made them
// oriented) is kept and does not stop the import. Afterwards the import's
// changes to people already on file are applied and its new rows settled
// (their import mark cleared), in short transactions: the changes are
// committed with the publishing transaction, and a program stopped before
// they are all applied leaves the rest to the next one that opens the
// store.
func (s *Store) PublishStaged(ctx context.Context, id int64, fn func(app.Tx) error) error {
	err := s.Update(ctx, func(tx app.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		t := tx.(*txn)
		if err := t.checkChanges(ctx, id); err != nil {
			return err
		}
		res, err := t.q.ExecContext(ctx, `DELETE FROM pending_imports WHERE id=?`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return app.Errorf(app.EConflict, "The import was stopped (it was idle for more than %v and its rows were removed). Nothing was imported; run it again.", staleImport)
		}
		return nil
	})
	if err != nil {
		return err
	}
	// Published, so the import is done whatever happens next: the changes
	// are applied even if the caller gives up now, and left for the next
	// program if this one stops.
	ctx = context.WithoutCancel(ctx)
	if err := s.applyChanges(ctx); err != nil {
		return nil // committed: the next program to open the store goes on
	}
	// Published rows are visible whether or not this finishes; settling
	// only keeps the views' check cheap.
	for _, t := range stagedTables {
		if err := s.eachChunk(ctx, id, t, true); err != nil {
			break
		}
	}
	return nil
}

// AbandonStaged removes every participant and kit staged under id, a few
// hundred per short transaction, then the pending mark. A kill half way
// leaves hidden rows that the next BeginStaged removes.
func (s *Store) AbandonStaged(ctx context.Context, id int64) error {
	for _, t := range append([]stagedTable{changesTable}, stagedTables...) {
		if err := s.eachChunk(ctx, id, t, false); err != nil {
			return err
		}
	}
	return s.Update(ctx, func(tx app.Tx) error {
		_, err := tx.(*txn).q.ExecContext(ctx, `DELETE FROM pending_imports WHERE id=?`, id)
		return err
	})
}

// eachChunk settles (clears the import mark of) or else deletes, with the
// rows referring to them, the rows of t staged under import id, a chunk per
// transaction, until none is left.
func (s *Store) eachChunk(ctx context.Context, id int64, t stagedTable, settle bool) error {
	for {
		done := false
		err := s.Update(ctx, func(tx app.Tx) error {
			q := tx.(*txn).q
			rows, err := q.QueryContext(ctx, `SELECT id FROM `+t.rows+` WHERE import_id=? LIMIT ?`, id, dropChunk)
			if err != nil {
				return err
			}
			var ids []string
			for rows.Next() {
				var rid int64
				if err := rows.Scan(&rid); err != nil {
					rows.Close()
					return err
				}
				ids = append(ids, fmt.Sprint(rid))
			}
			rows.Close()
			if len(ids) == 0 {
				done = true
				return rows.Err()
			}
			list := strings.Join(ids, ",")
			stmts := []string{fmt.Sprintf(`UPDATE %s SET import_id=NULL WHERE id IN (%s)`, t.rows, list)}
			if !settle {
				stmts = nil
				for _, ref := range t.refs {
					stmts = append(stmts, fmt.Sprintf(`DELETE FROM %s WHERE %s IN (%s)`, ref, t.refCol, list))
				}
				stmts = append(stmts, fmt.Sprintf(`DELETE FROM %s WHERE id IN (%s)`, t.rows, list))
			}
			for _, st := range stmts {
				if _, err := q.ExecContext(ctx, st); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil || done {
			return err
		}
	}
}
