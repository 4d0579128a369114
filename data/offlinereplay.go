package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"frontdesk/app"
)

// replay sends one group of a desk's queue inside one server transaction.
// The rules for what happened meanwhile at other desks:
//   - a check-in of someone already checked in to the event on the server
//     is not recorded again: the server's is kept, and the conflict listed;
//   - a walk-in registered offline with the name and phone of someone the
//     server has is that person (their check-ins move to them), listed too;
//     without a phone, nobody is merged (namesakes are common);
//   - a status the person already left on the server ("oriented") stays;
//   - an undo of what was already undone is nothing;
//   - every audit record made offline is added to the server's chain, its
//     detail saying at which desk and that it was offline.
type replay struct {
	ctx       context.Context
	desk      string
	local     *txn // the desk's local copy, read
	server    *txn // the server, written
	cache     *Store
	ids       map[string]int64 // "kind:local id" → server id, this group's
	notes     map[int64]string // queue seq → the conflict resolved
	conflicts []app.DeskConflict
}

func key(kind string, id int64) string { return kind + ":" + strconv.FormatInt(id, 10) }

// serverID maps a local row of kind (participant, checkin, visit) to the
// server's: made offline in this group (ids), made offline in an earlier
// group (its queue row keeps the server's id), or copied from the server
// (the same id).
func (r *replay) serverID(kind string, local int64) (int64, error) {
	if id, ok := r.ids[key(kind, local)]; ok {
		return id, nil
	}
	var sid sql.NullInt64
	err := r.local.q.QueryRowContext(r.ctx, `SELECT server_id FROM desk_queue WHERE kind = ? AND ref = ? AND sent_at IS NOT NULL ORDER BY seq LIMIT 1`, kind, local).Scan(&sid)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return local, nil
	case err != nil:
		return 0, err
	case !sid.Valid:
		return 0, fmt.Errorf("%s %d was sent without the server's id", kind, local)
	}
	return sid.Int64, nil
}

// apply sends one queued change.
func (r *replay) apply(it queueItem) error {
	ctx := r.ctx
	switch it.kind {
	case queueParticipant:
		return r.participant(it)
	case queueStatus:
		p, err := r.local.Participant(ctx, it.ref)
		if err != nil {
			return err
		}
		id, err := r.serverID(queueParticipant, it.ref)
		if err != nil {
			return err
		}
		there, err := r.server.Participant(ctx, id)
		if err != nil {
			return err
		}
		if there.Status == app.StatusNew && p.Status != there.Status {
			return r.server.SetParticipantStatus(ctx, id, p.Status, p.UpdatedAt)
		}
		return nil
	case queueCheckIn:
		return r.checkIn(it)
	case queueUndo:
		c, err := r.local.CheckIn(ctx, it.ref)
		if err != nil || c.UndoneAt == nil {
			return err
		}
		id, err := r.serverID(queueCheckIn, it.ref)
		if err != nil {
			return err
		}
		there, err := r.server.CheckIn(ctx, id)
		if err != nil || there.UndoneAt != nil {
			return err
		}
		return r.server.UndoCheckIn(ctx, id, *c.UndoneAt, c.UndoneBy)
	case queueVisit:
		return r.visit(it)
	case queueVisitUndo:
		v, err := localVisit(ctx, r.local, it.ref)
		if err != nil || v.UndoneAt == nil {
			return err
		}
		id, err := r.serverID(queueVisit, it.ref)
		if err != nil {
			return err
		}
		if err := r.server.UndoVisit(ctx, id, *v.UndoneAt, v.UndoneBy); err != nil && app.ErrorCode(err) != app.EConflict {
			return err
		}
		return nil
	case queueAudit:
		return r.audit(it)
	}
	return fmt.Errorf("unknown kind %q in the desk's queue", it.kind)
}

// participant registers a walk-in made offline, or finds them on the
// server (same name and phone).
func (r *replay) participant(it queueItem) error {
	ctx := r.ctx
	p, err := r.local.Participant(ctx, it.ref)
	if err != nil {
		return err
	}
	if p.Phone != "" {
		same, err := r.server.ParticipantsByPhone(ctx, p.Phone)
		if err != nil {
			return err
		}
		for _, o := range same {
			if app.FoldName(o.FirstName) == app.FoldName(p.FirstName) && app.FoldName(o.LastName) == app.FoldName(p.LastName) {
				r.ids[key(queueParticipant, it.ref)] = o.ID
				r.conflict(it, app.DeskConflict{Kind: app.ConflictRegisteredTwice, Participant: o.ShortName(), Code: o.Code, KeptAt: o.CreatedAt, MadeAt: p.CreatedAt},
					fmt.Sprintf("registered twice: kept %s, registered at %s", o.Code, ts(o.CreatedAt)))
				return nil
			}
		}
	}
	np := p
	np.ID = 0
	if err := r.server.CreateParticipant(ctx, &np); err != nil {
		return err
	}
	r.ids[key(queueParticipant, it.ref)] = np.ID
	return nil
}

// checkIn records a check-in made offline, unless the person is already
// checked in to the event on the server.
func (r *replay) checkIn(it queueItem) error {
	ctx := r.ctx
	c, err := r.local.CheckIn(ctx, it.ref)
	if err != nil {
		return err
	}
	pid, err := r.serverID(queueParticipant, c.ParticipantID)
	if err != nil {
		return err
	}
	there, err := r.server.ActiveCheckIn(ctx, c.EventID, pid)
	if err == nil {
		r.ids[key(queueCheckIn, it.ref)] = there.ID
		if c.UndoneAt == nil {
			p, _ := r.server.Participant(ctx, pid)
			ev, _ := r.server.Event(ctx, c.EventID)
			r.conflict(it, app.DeskConflict{Kind: app.ConflictAlreadyIn, Participant: p.ShortName(), Code: p.Code, Event: ev.Title,
				KeptAt: there.At, KeptDesk: there.Desk, MadeAt: c.At},
				fmt.Sprintf("already checked in at %s at %q: kept that one", ts(there.At), there.Desk))
		}
		return nil
	} else if app.ErrorCode(err) != app.ENotFound {
		return err
	}
	nc := c
	nc.ID, nc.ParticipantID = 0, pid
	nc.UndoneAt, nc.UndoneBy = nil, ""
	if err := r.server.InsertCheckIn(ctx, &nc); err != nil {
		return err
	}
	r.ids[key(queueCheckIn, it.ref)] = nc.ID
	if c.UndoneAt != nil {
		return r.server.UndoCheckIn(ctx, nc.ID, *c.UndoneAt, c.UndoneBy)
	}
	return nil
}

// visit records a general visit made offline.
func (r *replay) visit(it queueItem) error {
	ctx := r.ctx
	v, err := localVisit(ctx, r.local, it.ref)
	if err != nil {
		return err
	}
	pid, err := r.serverID(queueParticipant, v.ParticipantID)
	if err != nil {
		return err
	}
	nv := v
	nv.ID, nv.ParticipantID, nv.UndoneAt, nv.UndoneBy = 0, pid, nil, ""
	if err := r.server.InsertVisit(ctx, &nv); err != nil {
		return err
	}
	r.ids[key(queueVisit, it.ref)] = nv.ID
	if v.UndoneAt != nil {
		return r.server.UndoVisit(ctx, nv.ID, *v.UndoneAt, v.UndoneBy)
	}
	return nil
}

// audit adds an audit record made offline to the server's chain.
func (r *replay) audit(it queueItem) error {
	ctx := r.ctx
	var e app.AuditEntry
	var at string
	err := r.local.q.QueryRowContext(ctx, `SELECT at, actor, action, entity, ref, detail FROM audit_log WHERE id = ?`, it.ref).
		Scan(&at, &e.Actor, &e.Action, &e.Entity, &e.Ref, &e.Detail)
	if err != nil {
		return err
	}
	e.At = parseTS(at)
	if local, err := strconv.ParseInt(e.Ref, 10, 64); err == nil && local != 0 {
		kind := map[string]string{"checkin": queueCheckIn, "participant": queueParticipant, "visit": queueVisit}[e.Entity]
		if kind != "" {
			id, err := r.serverID(kind, local)
			if err != nil {
				return err
			}
			e.Ref = strconv.FormatInt(id, 10)
		}
	}
	where := "offline"
	if r.desk != "" {
		where = "offline at " + r.desk
	}
	if e.Detail != "" {
		e.Detail += "; "
	}
	e.Detail += where
	return r.server.AppendAudit(ctx, e)
}

// conflict lists one conflict the rules resolved, and notes it on the
// queue row.
func (r *replay) conflict(it queueItem, c app.DeskConflict, note string) {
	r.conflicts = append(r.conflicts, c)
	r.notes[it.seq] = note
}

// localVisit reads visit id of the local copy.
func localVisit(ctx context.Context, t *txn, id int64) (app.Visit, error) {
	v, err := t.visitWhere(ctx, `id = ?`, id)
	if app.ErrorCode(err) == app.ENotFound {
		return v, notFound("visit", id)
	}
	return v, err
}
