package data

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"frontdesk/app"
)

// A desk of a center server keeps working when the server cannot be
// reached. While the server answers, the desk keeps a local copy of what a
// check-in needs (sites, settings, staff accounts, participants, the
// events from yesterday to a week ahead with their registrations and
// check-ins) in a SQLite file of the same schema, rebuilt in the
// background. When a read or write finds the server gone, the desk goes on
// with the copy: check-ins, walk-ins, visits, their undo and signing in
// are made there, and each local transaction's changes are queued
// (desk_queue) under one group id. Everything else is refused with
// app.EUnavailable. When the server answers again, the groups are sent in
// order, each in one server transaction that first records the group in
// desk_deliveries, so a group sent twice is recorded once; the rules
// resolve what happened meanwhile at other desks (DeskConflict).

// Kinds of desk_queue rows: what a local transaction did.
const (
	queueCheckIn     = "checkin"
	queueUndo        = "undo"
	queueParticipant = "participant"
	queueStatus      = "status"
	queueVisit       = "visit"
	queueVisitUndo   = "visit_undo"
	queueAudit       = "audit"
)

// enqueue notes, in a desk's local copy, that this transaction wrote row
// ref of kind; elsewhere it does nothing.
func (t *txn) enqueue(ctx context.Context, kind string, ref int64) error {
	if t.s == nil || !t.s.queue {
		return nil
	}
	if t.group == "" {
		t.group = newGroupID()
	}
	_, err := t.q.ExecContext(ctx, `INSERT INTO desk_queue(grp, kind, ref, made_at) VALUES(?,?,?,?)`, t.group, kind, ref, ts(time.Now()))
	return err
}

// newGroupID is a random id for a local transaction's queued changes.
func newGroupID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b[:])
}

// DeskStore is a desk of a center server: the server's Store while it
// answers, the desk's local copy while it does not (see above). It is an
// app.Store.
type DeskStore struct {
	url   string // the server, with its password
	shown string // the server, for messages
	dir   string // where the local copies are kept
	desk  func() string
	opt   Options
	now   func() time.Time
	// patience is how long a check-in waits for the server before it is
	// made on the local copy
	patience time.Duration

	// mu guards server and cache: operations hold it for reading, a
	// switch of local copy (or the first connection) for writing.
	mu     sync.RWMutex
	server *Store // nil until the server was first reached
	cache  *Store // nil until a first local copy exists

	state     sync.Mutex
	offline   bool
	losses    int // times the server was lost: a reach before the last loss says nothing
	since     time.Time
	conflicts []app.DeskConflict
	lastSync  time.Time
	// pure: the local copy holds only what came from the server (no
	// offline change since it was made), so the server's new check-ins can
	// be added to it as they are (CatchUp)
	pure bool

	// refreshing: one rebuild of the local copy at a time
	refreshing sync.Mutex

	stop chan struct{}
	done sync.WaitGroup
	// poke wakes the background loop at once (after a failure)
	poke chan struct{}
}

var _ app.Store = (*DeskStore)(nil)

// DeskOptions tune OpenDesk.
type DeskOptions struct {
	// Store are the server store's options (OnWait, MaxWait).
	Store Options
	// Dir is the folder for the desk's local copy (made 0700).
	Dir string
	// Desk names the desk, for the server's record of what it sent.
	Desk func() string
	// SyncEvery is how often the local copy is rebuilt while the server
	// answers and nothing waits to be sent; 0 means 5 minutes.
	SyncEvery time.Duration
	// RetryEvery is how often an offline desk tries the server again; 0
	// means 3 seconds.
	RetryEvery time.Duration
	// Now is the clock the local copy's window of events is counted from;
	// nil means time.Now.
	Now func() time.Time
	// Patience is how long a check-in (or another write a desk may make
	// offline) waits for the server before the desk goes offline and makes
	// it on its local copy; 0 means 8 seconds.
	Patience time.Duration
}

// OpenDesk opens a desk of the center server at url. When the server
// cannot be reached but a local copy from an earlier day exists, the desk
// starts offline on it; with no copy, the server's error is returned. The
// local copy is made (or brought up to date) in the background.
func OpenDesk(ctx context.Context, url string, o DeskOptions) (*DeskStore, error) {
	if o.Desk == nil {
		o.Desk = func() string { return "" }
	}
	if o.SyncEvery == 0 {
		o.SyncEvery = 5 * time.Minute
	}
	if o.RetryEvery == 0 {
		o.RetryEvery = 3 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Patience == 0 {
		o.Patience = 8 * time.Second
	}
	if err := os.MkdirAll(o.Dir, 0o700); err != nil {
		return nil, app.Errorf(app.EInvalid, "Cannot create the folder for this desk's local copy %s: %v", o.Dir, err)
	}
	d := &DeskStore{url: url, shown: RedactURL(url), dir: o.Dir, desk: o.Desk, opt: o.Store, now: o.Now, patience: o.Patience,
		stop: make(chan struct{}), poke: make(chan struct{}, 1)}
	opt := o.Store
	opt.MustExist = true
	server, err := Open(ctx, url, opt)
	if err != nil && app.ErrorCode(err) != app.EUnavailable {
		return nil, err
	}
	d.server = server
	if cache, cerr := d.openLatestCopy(ctx); cerr != nil {
		log.Printf("desk: local copy: %v", cerr)
	} else {
		d.cache = cache
	}
	if server == nil {
		if d.cache == nil {
			return nil, err
		}
		d.goOffline()
	}
	d.done.Add(1)
	go d.loop(o.SyncEvery, o.RetryEvery)
	return d, nil
}

// copyPrefix and copySuffix name the local copies: copy-N.db, the highest
// complete N being the current one.
const (
	copyPrefix = "copy-"
	copySuffix = ".db"
)

// copyComplete is the settings key a local copy gets once it holds
// everything.
const copyComplete = "desk_copy_complete"

// openLatestCopy opens the newest complete local copy, removing older and
// unfinished ones.
func (d *DeskStore) openLatestCopy(ctx context.Context) (*Store, error) {
	ns := d.copyNumbers()
	for i := len(ns) - 1; i >= 0; i-- {
		path := d.copyPath(ns[i])
		st, err := Open(ctx, path, Options{MustExist: true, MaxWait: -1})
		if err != nil {
			log.Printf("desk: local copy %s: %v", path, err)
			continue
		}
		var done string
		err = st.View(ctx, func(tx app.Tx) error {
			return tx.(*txn).q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, copyComplete).Scan(&done)
		})
		if err != nil || done == "" {
			st.Close()
			// an unfinished copy holds nothing queued: only a complete
			// copy is ever used for check-ins
			removeDB(path)
			continue
		}
		st.queue = true
		for _, old := range ns[:i] {
			d.removeCopy(old)
		}
		return st, nil
	}
	return nil, nil
}

// copyNumbers lists the numbers of the local copies in d.dir, in order.
func (d *DeskStore) copyNumbers() []int {
	entries, _ := os.ReadDir(d.dir)
	var ns []int
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, copyPrefix) || !strings.HasSuffix(name, copySuffix) {
			continue
		}
		if n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(name, copyPrefix), copySuffix)); err == nil {
			ns = append(ns, n)
		}
	}
	sort.Ints(ns)
	return ns
}

func (d *DeskStore) copyPath(n int) string {
	return filepath.Join(d.dir, copyPrefix+strconv.Itoa(n)+copySuffix)
}

// removeCopy removes local copy n and the files beside it.
func (d *DeskStore) removeCopy(n int) {
	removeDB(d.copyPath(n))
}

// Status says whether the desk is offline, how many of its check-ins and
// visits wait for the server, and the conflicts resolved so far.
func (d *DeskStore) Status() app.DeskStatus {
	d.state.Lock()
	st := app.DeskStatus{Offline: d.offline, Since: d.since, Conflicts: append([]app.DeskConflict(nil), d.conflicts...)}
	d.state.Unlock()
	d.mu.RLock()
	cache := d.cache
	d.mu.RUnlock()
	if cache != nil {
		st.Waiting, _ = waiting(context.Background(), cache)
	}
	return st
}

// waiting counts the check-ins and visits in cache's queue not yet sent.
func waiting(ctx context.Context, cache *Store) (int, error) {
	var n int
	err := cache.View(ctx, func(tx app.Tx) error {
		return tx.(*txn).q.QueryRowContext(ctx, `SELECT count(*) FROM desk_queue WHERE sent_at IS NULL AND kind IN ('checkin', 'visit')`).Scan(&n)
	})
	return n, err
}

// Offline reports whether the desk works from its local copy now.
func (d *DeskStore) Offline() bool {
	d.state.Lock()
	defer d.state.Unlock()
	return d.offline
}

func (d *DeskStore) goOffline() {
	d.state.Lock()
	d.losses++
	if !d.offline {
		d.offline, d.since = true, time.Now()
		log.Printf("desk: the center server %s cannot be reached: working offline", d.shown)
	}
	d.state.Unlock()
	select {
	case d.poke <- struct{}{}:
	default:
	}
}

// errOffline refuses what a desk cannot do without the server.
func (d *DeskStore) errOffline() error {
	return app.Errorf(app.EUnavailable, "This desk cannot reach the center server: only check-ins, walk-ins and visits work until it is back. Nothing was saved.")
}

// View reads from the server, or from the local copy while it cannot be
// reached; reads that need every record (app.OnlineOnly: reports,
// exports, the audit log) are refused instead.
func (d *DeskStore) View(ctx context.Context, fn func(app.Tx) error) error {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if !d.Offline() && d.server != nil {
		err := d.server.View(ctx, fn)
		if app.ErrorCode(err) != app.EUnavailable || d.cache == nil {
			return err
		}
		d.goOffline()
	}
	if d.cache == nil || app.OnlineOnly(ctx) {
		return d.errOffline()
	}
	return d.cache.View(ctx, fn)
}

// Update writes to the server. While it cannot be reached, the writes a
// desk may make offline (app.OfflineAllowed) go to the local copy and its
// queue; others are refused. A write a desk may make offline waits for
// the server at most the desk's patience: a network gone dead without a
// word would otherwise keep a person at the desk waiting minutes.
func (d *DeskStore) Update(ctx context.Context, fn func(app.Tx) error) error {
	d.mu.RLock()
	defer d.mu.RUnlock()
	allowed := app.OfflineAllowed(ctx)
	if !d.Offline() && d.server != nil {
		var err error
		if allowed && d.patience > 0 {
			err = d.patientUpdate(ctx, fn)
		} else {
			err = d.server.Update(ctx, fn)
		}
		gaveUp := errors.Is(err, errGaveUp)
		if !gaveUp && app.ErrorCode(err) != app.EUnavailable {
			return err
		}
		d.goOffline()
		if d.cache == nil {
			if gaveUp {
				return d.errOffline()
			}
			return err
		}
	}
	if d.cache == nil || !allowed {
		return d.errOffline()
	}
	d.state.Lock()
	d.pure = false
	d.state.Unlock()
	return d.cache.Update(ctx, fn)
}

// errGaveUp says the server did not answer within the desk's patience.
var errGaveUp = errors.New("the center server did not answer in time")

// patientUpdate is the server's Update of fn, given up after d.patience:
// fn's run on the server is then over (it never runs again), whatever the
// connection's clean-up still takes, and errGaveUp is returned so the
// change is made on the local copy instead. Should the server still
// commit what fn did, the rules settle it when the queue is sent (the
// person is already checked in).
func (d *DeskStore) patientUpdate(ctx context.Context, fn func(app.Tx) error) error {
	sctx, cancel := context.WithCancel(ctx)
	var running sync.Mutex // held while fn runs on the server
	abandoned := false
	result := make(chan error, 1)
	go func() {
		result <- d.server.Update(sctx, func(tx app.Tx) error {
			running.Lock()
			defer running.Unlock()
			if abandoned {
				return errGaveUp
			}
			return fn(tx)
		})
	}()
	timer := time.NewTimer(d.patience)
	defer timer.Stop()
	select {
	case err := <-result:
		cancel()
		return err
	case <-ctx.Done():
		cancel()
		return <-result
	case <-timer.C:
	}
	cancel() // the server's statements end at once
	running.Lock()
	abandoned = true
	running.Unlock()
	select {
	case err := <-result: // it answered after all
		if err == nil || (app.ErrorCode(err) != app.EUnavailable && sctx.Err() == nil) {
			return err
		}
	default:
	}
	go func() { <-result }() // the connection's clean-up, in the background
	return errGaveUp
}

// online returns the server store when the desk is online.
func (d *DeskStore) online() (*Store, error) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.Offline() || d.server == nil {
		return nil, d.errOffline()
	}
	return d.server, nil
}

// KeepCenterKey is app.CenterKeyKeeper on the server, while the desk
// reaches it (offline, the key waits for the next sign-in).
func (d *DeskStore) KeepCenterKey(ctx context.Context, at time.Time, staffID int64, hash, password string) error {
	srv, err := d.online()
	if err != nil {
		return err
	}
	return srv.KeepCenterKey(ctx, at, staffID, hash, password)
}

// BeginStaged starts a big import on the server (never offline).
func (d *DeskStore) BeginStaged(ctx context.Context) (int64, error) {
	s, err := d.online()
	if err != nil {
		return 0, err
	}
	return s.BeginStaged(ctx)
}

// UpdateStaged writes a chunk of a big import on the server.
func (d *DeskStore) UpdateStaged(ctx context.Context, id int64, fn func(app.Tx) error) error {
	s, err := d.online()
	if err != nil {
		return err
	}
	return s.UpdateStaged(ctx, id, fn)
}

// PublishStaged publishes a big import on the server.
func (d *DeskStore) PublishStaged(ctx context.Context, id int64, fn func(app.Tx) error) error {
	s, err := d.online()
	if err != nil {
		return err
	}
	return s.PublishStaged(ctx, id, fn)
}

// AbandonStaged removes an unpublished import from the server.
func (d *DeskStore) AbandonStaged(ctx context.Context, id int64) error {
	s, err := d.online()
	if err != nil {
		return err
	}
	return s.AbandonStaged(ctx, id)
}

// Close stops the background work and closes the server and the local copy.
func (d *DeskStore) Close() error {
	select {
	case <-d.stop:
		return nil
	default:
	}
	close(d.stop)
	d.done.Wait()
	d.mu.Lock()
	defer d.mu.Unlock()
	var err error
	if d.server != nil {
		err = d.server.Close()
	}
	if d.cache != nil {
		if cerr := d.cache.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

// loop sends what waits and keeps the local copy fresh while the server
// answers, and tries the server again while it does not.
func (d *DeskStore) loop(syncEvery, retryEvery time.Duration) {
	defer d.done.Done()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { <-d.stop; cancel() }()
	for {
		d.step(ctx, syncEvery)
		select {
		case <-d.stop:
			return
		case <-time.After(retryEvery):
		case <-d.poke:
			select {
			case <-d.stop:
				return
			case <-time.After(retryEvery):
			}
		}
	}
}

// step is one round of loop: reach the server if it was lost, send the
// queue, and rebuild the local copy when it is due and nothing waits.
func (d *DeskStore) step(ctx context.Context, syncEvery time.Duration) {
	d.state.Lock()
	losses := d.losses
	d.state.Unlock()
	if err := d.reach(ctx); err != nil {
		return
	}
	if err := d.SendQueue(ctx); err != nil {
		if app.ErrorCode(err) == app.EUnavailable {
			d.goOffline()
		} else {
			log.Printf("desk: sending what was recorded offline: %v", err)
		}
		return
	}
	d.state.Lock()
	if d.losses != losses {
		// lost again since it was reached: the next round decides
		d.state.Unlock()
		return
	}
	if d.offline {
		log.Printf("desk: the center server %s answers again: everything recorded offline was sent", d.shown)
	}
	d.offline = false
	d.state.Unlock()
	// what was recorded offline while the last group was on its way
	if err := d.SendQueue(ctx); err != nil {
		log.Printf("desk: sending what was recorded offline: %v", err)
		return
	}
	if made, err := d.refreshIfDue(ctx, syncEvery); err != nil {
		log.Printf("desk: local copy not refreshed: %v", err)
		return
	} else if made {
		return
	}
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := d.CatchUp(cctx); err != nil && app.ErrorCode(err) != app.EUnavailable && cctx.Err() == nil {
		log.Printf("desk: local copy not caught up: %v", err)
	}
}

// CatchUp adds to a pure local copy the check-ins the server recorded
// since it was made (at any desk), for the events and people it holds, so
// a desk that goes offline knows who is already in.
func (d *DeskStore) CatchUp(ctx context.Context) error {
	d.mu.RLock()
	defer d.mu.RUnlock()
	d.state.Lock()
	pure := d.pure
	d.state.Unlock()
	if d.server == nil || d.cache == nil || !pure {
		return nil
	}
	return d.server.View(ctx, func(stx app.Tx) error {
		return d.cache.Update(ctx, func(ctx2 app.Tx) error {
			local := ctx2.(*txn).q
			var last int64
			if err := local.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM checkins`).Scan(&last); err != nil {
				return err
			}
			rows, err := stx.(*txn).q.QueryContext(ctx, `SELECT * FROM checkins WHERE id > ? ORDER BY id`, last)
			if err != nil {
				return err
			}
			defer rows.Close()
			c, err := newRowCopier(rows, "checkins")
			if err != nil {
				return err
			}
			event, person := slices.Index(c.cols, "event_id"), slices.Index(c.cols, "participant_id")
			for rows.Next() {
				if err := c.scan(rows); err != nil {
					return err
				}
				var known int
				if err := local.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM events WHERE id = ?) + (SELECT count(*) FROM participant_rows WHERE id = ?)`,
					c.vals[event], c.vals[person]).Scan(&known); err != nil {
					return err
				}
				if known < 2 { // an event or a person the copy does not hold
					continue
				}
				if err := c.write(ctx, local); err != nil {
					return err
				}
			}
			return rows.Err()
		})
	})
}

// reach makes sure the server answers (connecting the first time).
func (d *DeskStore) reach(ctx context.Context) error {
	d.mu.RLock()
	server := d.server
	d.mu.RUnlock()
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if server == nil {
		opt := d.opt
		opt.MustExist = true
		s, err := Open(pctx, d.url, opt)
		if err != nil {
			return err
		}
		d.mu.Lock()
		d.server = s
		d.mu.Unlock()
		return nil
	}
	if err := server.writer.PingContext(pctx); err != nil {
		return server.classify(err)
	}
	return nil
}

// refreshIfDue rebuilds the local copy when it is older than every, or took
// offline changes (its own rows' ids mean nothing on the server once they
// are sent), and says whether it did.
func (d *DeskStore) refreshIfDue(ctx context.Context, every time.Duration) (bool, error) {
	d.refreshing.Lock()
	defer d.refreshing.Unlock()
	d.state.Lock()
	due := time.Since(d.lastSync) >= every || !d.pure
	d.state.Unlock()
	if !due {
		return false, nil
	}
	return true, d.refresh(ctx)
}

// Refresh rebuilds the local copy from the server, when nothing waits to
// be sent: a new file, then swapped in for the old one.
func (d *DeskStore) Refresh(ctx context.Context) error {
	d.refreshing.Lock()
	defer d.refreshing.Unlock()
	return d.refresh(ctx)
}

// LocalCopy is the path of the local copy in use, or "" before the first.
func (d *DeskStore) LocalCopy() string {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.cache == nil {
		return ""
	}
	return d.cache.Path()
}

// refresh is Refresh, with d.refreshing held.
func (d *DeskStore) refresh(ctx context.Context) error {
	d.mu.RLock()
	server, cache := d.server, d.cache
	d.mu.RUnlock()
	if server == nil {
		return d.errOffline()
	}
	if cache != nil {
		if n, err := queued(ctx, cache); err != nil || n > 0 {
			return err // sent first (SendQueue), then copied again
		}
	}
	ns := d.copyNumbers()
	next := 1
	if len(ns) > 0 {
		next = ns[len(ns)-1] + 1
	}
	path := d.copyPath(next)
	removeDB(path)
	fresh, err := Open(ctx, path, Options{MaxWait: -1})
	if err != nil {
		removeDB(path)
		return err
	}
	if err := copyForDesk(ctx, server, fresh, d.now()); err != nil {
		fresh.Close()
		removeDB(path)
		return err
	}
	fresh.queue = true
	d.mu.Lock()
	old := d.cache
	if old != nil {
		// something was queued while the copy was made: keep the old copy
		if n, err := queued(ctx, old); err != nil || n > 0 {
			d.mu.Unlock()
			fresh.Close()
			removeDB(path)
			return err
		}
	}
	d.cache = fresh
	d.mu.Unlock()
	if old != nil {
		oldPath := old.Path()
		old.Close()
		removeDB(oldPath)
	}
	d.state.Lock()
	d.lastSync, d.pure = time.Now(), true
	d.state.Unlock()
	return nil
}

// queued counts cache's queue rows not yet sent.
func queued(ctx context.Context, cache *Store) (int, error) {
	var n int
	err := cache.View(ctx, func(tx app.Tx) error {
		return tx.(*txn).q.QueryRowContext(ctx, `SELECT count(*) FROM desk_queue WHERE sent_at IS NULL`).Scan(&n)
	})
	return n, err
}

// copyForDesk copies from server into the new local copy dst what a desk
// needs offline, as of now, in one snapshot of the server and one
// transaction of the copy, which is marked complete at the end.
func copyForDesk(ctx context.Context, server, dst *Store, now time.Time) error {
	from, to := ts(now.Add(-36*time.Hour)), ts(now.Add(8*24*time.Hour))
	window := `SELECT id FROM events WHERE end_at >= ? AND start_at <= ?`
	steps := []struct {
		table, query string
		args         []any
	}{
		{"sites", `SELECT * FROM sites`, nil},
		{"settings", `SELECT * FROM settings`, nil},
		{"staff", `SELECT * FROM staff`, nil},
		{"password_history", `SELECT staff_id, hash, at FROM password_history`, nil},
		{"participant_rows", `SELECT * FROM participants`, nil},
		{"participant_words", `SELECT * FROM participant_words WHERE participant_id IN (SELECT id FROM participants)`, nil},
		{"participant_word_pairs", `SELECT * FROM participant_word_pairs WHERE participant_id IN (SELECT id FROM participants)`, nil},
		{"participant_phone_parts", `SELECT * FROM participant_phone_parts WHERE participant_id IN (SELECT id FROM participants)`, nil},
		{"events", `SELECT * FROM events WHERE end_at >= ? AND start_at <= ?`, []any{from, to}},
		{"registrations", `SELECT * FROM registrations WHERE event_id IN (` + window + `)`, []any{from, to}},
		{"checkins", `SELECT * FROM checkins WHERE event_id IN (` + window + `)`, []any{from, to}},
	}
	return server.View(ctx, func(stx app.Tx) error {
		src := stx.(*txn).q
		return dst.Update(ctx, func(dtx app.Tx) error {
			q := dtx.(*txn).q
			// the copy's own set-up rows (none yet but the schema's) give way
			for _, table := range []string{"settings", "sites"} {
				if _, err := q.ExecContext(ctx, `DELETE FROM `+table); err != nil {
					return fmt.Errorf("copy: clear %s: %w", table, err)
				}
			}
			for _, st := range steps {
				if err := copyRows(ctx, src, q, st.table, st.query, st.args...); err != nil {
					return err
				}
			}
			// a published import's id means nothing here
			if _, err := q.ExecContext(ctx, `UPDATE participant_rows SET import_id = NULL WHERE import_id IS NOT NULL`); err != nil {
				return err
			}
			_, err := q.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES(?, ?)`, copyComplete, ts(now))
			return err
		})
	})
}

// rowCopier reads rows of any columns and inserts them, column for column,
// into a table of the same columns.
type rowCopier struct {
	cols   []string
	insert string
	vals   []any
	ptrs   []any
}

func newRowCopier(rows *sql.Rows, table string) (*rowCopier, error) {
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	c := &rowCopier{cols: cols, vals: make([]any, len(cols)), ptrs: make([]any, len(cols))}
	c.insert = `INSERT INTO ` + table + `(` + strings.Join(cols, ",") + `) VALUES(` + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + `)`
	for i := range c.vals {
		c.ptrs[i] = &c.vals[i]
	}
	return c, nil
}

// scan reads the current row.
func (c *rowCopier) scan(rows *sql.Rows) error { return rows.Scan(c.ptrs...) }

// write inserts the row last scanned into dst.
func (c *rowCopier) write(ctx context.Context, dst querier) error {
	_, err := dst.ExecContext(ctx, c.insert, c.vals...)
	return err
}

// copyRows inserts the rows query reads from src into table of dst, column
// for column.
func copyRows(ctx context.Context, src, dst querier, table, query string, args ...any) error {
	rows, err := src.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("copy %s: %w", table, err)
	}
	defer rows.Close()
	c, err := newRowCopier(rows, table)
	if err != nil {
		return err
	}
	for rows.Next() {
		if err := c.scan(rows); err != nil {
			return fmt.Errorf("copy %s: %w", table, err)
		}
		if err := c.write(ctx, dst); err != nil {
			return fmt.Errorf("copy %s: %w", table, err)
		}
	}
	return rows.Err()
}

// queueItem is one desk_queue row.
type queueItem struct {
	seq      int64
	kind     string
	ref      int64
	madeAt   time.Time
	serverID sql.NullInt64
}

// SendQueue sends what was recorded offline, group by group in the order
// they were made, each in one server transaction. It stops at the first
// failure; what was sent stays sent.
func (d *DeskStore) SendQueue(ctx context.Context) error {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.server == nil {
		return d.errOffline()
	}
	if d.cache == nil {
		return nil
	}
	for {
		grp, items, err := nextGroup(ctx, d.cache)
		if err != nil || grp == "" {
			return err
		}
		if err := d.sendGroup(ctx, grp, items); err != nil {
			return err
		}
	}
}

// nextGroup reads the oldest group not yet sent.
func nextGroup(ctx context.Context, cache *Store) (string, []queueItem, error) {
	var grp string
	var items []queueItem
	err := cache.View(ctx, func(tx app.Tx) error {
		q := tx.(*txn).q
		err := q.QueryRowContext(ctx, `SELECT grp FROM desk_queue WHERE sent_at IS NULL ORDER BY seq LIMIT 1`).Scan(&grp)
		if errors.Is(err, sql.ErrNoRows) {
			grp = ""
			return nil
		} else if err != nil {
			return err
		}
		rows, err := q.QueryContext(ctx, `SELECT seq, kind, ref, made_at FROM desk_queue WHERE grp = ? ORDER BY seq`, grp)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var it queueItem
			var made string
			if err := rows.Scan(&it.seq, &it.kind, &it.ref, &made); err != nil {
				return err
			}
			it.madeAt = parseTS(made)
			items = append(items, it)
		}
		return rows.Err()
	})
	return grp, items, err
}

// sendGroup records one group on the server (unless it was recorded
// before) and marks it sent here, with the server's ids of its rows and
// any conflict the rules resolved.
func (d *DeskStore) sendGroup(ctx context.Context, grp string, items []queueItem) error {
	desk := d.desk()
	var ids map[string]int64
	var notes map[int64]string
	var conflicts []app.DeskConflict
	err := d.server.Update(ctx, func(stx app.Tx) error {
		ids, notes, conflicts = map[string]int64{}, map[int64]string{}, nil
		st := stx.(*txn)
		var known string
		err := st.q.QueryRowContext(ctx, `SELECT ids FROM desk_deliveries WHERE grp = ?`, grp).Scan(&known)
		if err == nil {
			ids = parseIDs(known) // sent before: recorded once
			return nil
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		return d.cache.View(ctx, func(ctx2 app.Tx) error {
			r := &replay{ctx: ctx, desk: desk, local: ctx2.(*txn), server: st, cache: d.cache, ids: ids, notes: notes}
			for _, it := range items {
				if err := r.apply(it); err != nil {
					return fmt.Errorf("sending %s %d: %w", it.kind, it.ref, err)
				}
			}
			conflicts = r.conflicts
			_, err := st.q.ExecContext(ctx, `INSERT INTO desk_deliveries(grp, desk, made_at, delivered_at, ids) VALUES(?,?,?,?,?)`,
				grp, desk, ts(items[0].madeAt), ts(time.Now()), formatIDs(ids))
			return err
		})
	})
	if err != nil {
		return err
	}
	err = d.cache.Update(ctx, func(tx app.Tx) error {
		q := tx.(*txn).q
		for _, it := range items {
			var sid any
			if id, ok := ids[it.kind+":"+strconv.FormatInt(it.ref, 10)]; ok {
				sid = id
			}
			if _, err := q.ExecContext(ctx, `UPDATE desk_queue SET sent_at = ?, server_id = ?, note = ? WHERE seq = ?`,
				ts(time.Now()), sid, notes[it.seq], it.seq); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(conflicts) > 0 {
		d.state.Lock()
		d.conflicts = append(d.conflicts, conflicts...)
		d.state.Unlock()
	}
	return nil
}

// formatIDs and parseIDs keep what a group's rows became on the server:
// "checkin:12=3456 participant:7=890".
func formatIDs(ids map[string]int64) string {
	keys := make([]string, 0, len(ids))
	for k := range ids {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(k + "=" + strconv.FormatInt(ids[k], 10))
	}
	return b.String()
}

func parseIDs(s string) map[string]int64 {
	ids := map[string]int64{}
	for _, f := range strings.Fields(s) {
		k, v, ok := strings.Cut(f, "=")
		if n, err := strconv.ParseInt(v, 10, 64); ok && err == nil {
			ids[k] = n
		}
	}
	return ids
}
