package app

import (
	"context"
	"slices"
	"strings"
	"time"
)

// chunkBudget is how long one chunk of an import may work inside its write
// transaction before it commits and lets other programs in: the limit for
// any write is 50 ms, and the commit (an fsync) and a slow last row come on
// top of the budget.
const chunkBudget = 20 * time.Millisecond

// chunkPause is how long an import leaves the write lock free between two
// chunks. A write of this program waiting for the lock gets it as soon as
// a chunk commits (the store's one writing connection is handed over in
// turn); another program's write polls for it (SQLite's busy handler
// sleeps 1, 2, 5, 10, 15, 20, 25 ms … between tries), so the pause is what
// lets it in rather than be starved by the next chunk. Measured with a
// second connection adding a participant every 20 ms through a 10,000-row
// import (TestDeskWritesDuringImport): see RELIABILITY.md.
const chunkPause = 8 * time.Millisecond

// stagedImport is what an import wrote so far, kept on its side of the
// store: the participants it created are invisible to the store until
// published, and its changes to existing participants are kept by the
// store (Tx.StageParticipantChange) and applied only after it publishes.
// It is a Tx over the current chunk's transaction that answers the lookups
// an import makes (FindTwin, inheritOptOut) as if everything it did were
// already saved.
type stagedImport struct {
	Tx
	mine    map[int64]Participant // latest version of everyone this import created or changed
	created map[int64]bool
	byEmail map[string][]int64
	byPhone map[string][]int64
}

func newStagedImport() *stagedImport {
	return &stagedImport{mine: map[int64]Participant{}, created: map[int64]bool{},
		byEmail: map[string][]int64{}, byPhone: map[string][]int64{}}
}

func emailKey(e string) string { return strings.ToLower(e) }

// remember records p as this import's latest version, keeping the lookups
// by email and phone in step.
func (si *stagedImport) remember(p Participant) {
	if old, ok := si.mine[p.ID]; ok {
		si.byEmail[emailKey(old.Email)] = slices.DeleteFunc(si.byEmail[emailKey(old.Email)], func(id int64) bool { return id == p.ID })
		si.byPhone[old.Phone] = slices.DeleteFunc(si.byPhone[old.Phone], func(id int64) bool { return id == p.ID })
	}
	si.mine[p.ID] = p
	if p.Email != "" {
		si.byEmail[emailKey(p.Email)] = append(si.byEmail[emailKey(p.Email)], p.ID)
	}
	if p.Phone != "" {
		si.byPhone[p.Phone] = append(si.byPhone[p.Phone], p.ID)
	}
}

// ParticipantByEmail answers with this import's version of everyone.
func (si *stagedImport) ParticipantByEmail(ctx context.Context, email string) (Participant, error) {
	var best *Participant
	for _, id := range si.byEmail[emailKey(email)] {
		if p := si.mine[id]; best == nil || p.ID < best.ID {
			best = &p
		}
	}
	o, err := si.Tx.ParticipantByEmail(ctx, email)
	if err != nil && ErrorCode(err) != ENotFound {
		return o, err
	}
	if _, ours := si.mine[o.ID]; err == nil && !ours && (best == nil || o.ID < best.ID) {
		best = &o
	}
	if best == nil {
		return Participant{}, Errorf(ENotFound, "No participant has the email %s.", email)
	}
	return *best, nil
}

// ParticipantsByPhone answers with this import's version of everyone.
func (si *stagedImport) ParticipantsByPhone(ctx context.Context, e164 string) ([]Participant, error) {
	stored, err := si.Tx.ParticipantsByPhone(ctx, e164)
	if err != nil {
		return nil, err
	}
	var out []Participant
	for _, p := range stored {
		if _, ours := si.mine[p.ID]; !ours {
			out = append(out, p)
		}
	}
	for _, id := range si.byPhone[e164] {
		out = append(out, si.mine[id])
	}
	slices.SortFunc(out, func(a, b Participant) int { return int(a.ID - b.ID) })
	return out, nil
}

// CreateParticipant saves p hidden, as part of the import.
func (si *stagedImport) CreateParticipant(ctx context.Context, p *Participant) error {
	if err := si.Tx.CreateParticipant(ctx, p); err != nil {
		return err
	}
	si.created[p.ID] = true
	si.remember(*p)
	return nil
}

// UpdateParticipant saves a change to someone this import created (still
// hidden) at once, and keeps a change to anyone else for publishing.
func (si *stagedImport) UpdateParticipant(ctx context.Context, p *Participant) error {
	var err error
	if si.created[p.ID] {
		err = si.Tx.UpdateParticipant(ctx, p)
	} else {
		err = si.Tx.StageParticipantChange(ctx, p)
	}
	if err != nil {
		return err
	}
	si.remember(*p)
	return nil
}

// beginStaged checks that site siteID exists and begins a staged change
// for an import (see Store.BeginStaged). Deferred, abandon removes what the
// change wrote unless *published was set; it runs on a fresh context, so
// a cancelled import is still removed.
func (s *Service) beginStaged(ctx context.Context, siteID int64) (id int64, abandon func(published *bool), err error) {
	if err := s.store.View(ctx, func(tx Tx) error { _, err := tx.Site(ctx, siteID); return err }); err != nil {
		return 0, nil, err
	}
	if id, err = s.store.BeginStaged(ctx); err != nil {
		return 0, nil, err
	}
	return id, func(published *bool) {
		if !*published {
			s.store.AbandonStaged(context.WithoutCancel(ctx), id)
		}
	}, nil
}

// inChunks runs step(tx, i) for i = 0 … n-1 in short transactions of the
// staged change id, each committing after chunkBudget of work, through the
// import's own view si (none when nil), with chunkPause between them. It
// stops at the first error.
func (s *Service) inChunks(ctx context.Context, id int64, si *stagedImport, n int, step func(Tx, int) error) error {
	for i := 0; i < n; {
		if err := ctx.Err(); err != nil {
			return Errorf(EInternal, "import cancelled: %v", err)
		}
		err := s.store.UpdateStaged(ctx, id, func(tx Tx) error {
			if si != nil {
				si.Tx, tx = tx, si
				defer func() { si.Tx = nil }()
			}
			deadline := time.Now().Add(chunkBudget)
			for ; i < n; i++ {
				if i > 0 && time.Now().After(deadline) {
					return nil
				}
				if err := step(tx, i); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if i < n {
			time.Sleep(chunkPause)
		}
	}
	return nil
}
