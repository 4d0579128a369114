package data

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"frontdesk/app"
)

// checkInEnv is a real store with a site, a service acting as the local
// operator at a fixed clock, and an orientation running then.
type checkInEnv struct {
	st   *Store
	svc  *app.Service
	ctx  context.Context
	site app.Site
	now  time.Time
}

func newCheckInEnv(t *testing.T) *checkInEnv {
	t.Helper()
	st, err := Open(context.Background(), filepath.Join(t.TempDir(), "frontdesk.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e := &checkInEnv{st: st, ctx: app.WithActor(context.Background(), app.LocalOperator), now: time.Date(2026, 3, 10, 17, 15, 0, 0, time.UTC)}
	e.svc = app.NewService(st, func() time.Time { return e.now })
	if e.site, err = e.svc.CreateSite(e.ctx, app.Site{Name: "Counting Center", TimeZone: "America/Los_Angeles"}); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *checkInEnv) event(t *testing.T, title string, capacity int) app.Event {
	t.Helper()
	ev, err := e.svc.AddEvent(e.ctx, app.Event{SiteID: e.site.ID, Kind: app.KindOrientation, Title: title,
		Start: e.now.Add(-15 * time.Minute), End: e.now.Add(2 * time.Hour), Capacity: capacity, Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func (e *checkInEnv) person(t *testing.T, first, last, phone string) app.Participant {
	t.Helper()
	p, err := e.svc.AddParticipant(e.ctx, app.Participant{SiteID: e.site.ID, FirstName: first, LastName: last, Phone: phone, Language: "en", SharedPhoneOK: true})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// recount counts every event's registrations, active check-ins and active
// walk-ins from the rows themselves, and reads what event_counts holds.
func recount(t *testing.T, st *Store) (counted, kept map[int64][3]int) {
	t.Helper()
	counted, kept = map[int64][3]int{}, map[int64][3]int{}
	err := st.View(context.Background(), func(tx app.Tx) error {
		q := tx.(*txn).q
		read := func(into map[int64][3]int, query string) error {
			rows, err := q.QueryContext(context.Background(), query)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var id int64
				var n [3]int
				if err := rows.Scan(&id, &n[0], &n[1], &n[2]); err != nil {
					return err
				}
				into[id] = n
			}
			return rows.Err()
		}
		if err := read(counted, `SELECT e.id, (SELECT count(*) FROM registrations r WHERE r.event_id = e.id),
			(SELECT count(*) FROM checkins c WHERE c.event_id = e.id AND c.undone_at IS NULL),
			(SELECT count(*) FROM checkins c WHERE c.event_id = e.id AND c.undone_at IS NULL AND c.walk_in)
			FROM events e`); err != nil {
			return err
		}
		return read(kept, `SELECT event_id, registered, checked_in, walk_ins FROM event_counts`)
	})
	if err != nil {
		t.Fatal(err)
	}
	return counted, kept
}

func sameCounts(t *testing.T, st *Store, when string) {
	t.Helper()
	counted, kept := recount(t, st)
	if len(counted) != len(kept) {
		t.Fatalf("%s: %d events, %d rows of counts", when, len(counted), len(kept))
	}
	for id, n := range counted {
		if kept[id] != n {
			t.Fatalf("%s: event %d counts %v (registered, checked in, walk-ins), kept %v", when, id, n, kept[id])
		}
	}
}

// The counts a check-in reads are kept by triggers: after registrations,
// check-ins, walk-ins, repeats, undos and check-ins again, at two events,
// every event's kept counts equal a count of the rows, and the counts a
// check-in answers with are the stored ones. Migration 0010 fills them for
// a database that had rows before it.
func TestEventCountsFollowEveryChange(t *testing.T) {
	e := newCheckInEnv(t)
	a, b := e.event(t, "Orientation A", 3), e.event(t, "Orientation B", 0)
	sameCounts(t, e.st, "new events")
	var people []app.Participant
	for i, n := range []string{"Ana", "Bo", "Cy", "Di", "Ed"} {
		people = append(people, e.person(t, n, "Counter", "213-555-01"+string(rune('0'+i))+"0"))
	}
	for _, p := range people[:2] {
		if err := e.svc.Register(e.ctx, a.ID, p.ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.svc.Register(e.ctx, a.ID, people[0].ID); err != nil { // again: no second registration
		t.Fatal(err)
	}
	sameCounts(t, e.st, "registered")
	ta, tb := app.Target{SiteID: e.site.ID, EventID: a.ID}, app.Target{SiteID: e.site.ID, EventID: b.ID}
	var ids []int64
	for i, p := range people {
		res, err := e.svc.ScanCheckIn(e.ctx, ta, p.Code)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.CheckIn.ID)
		var stored app.EventCounts
		if err := e.st.View(e.ctx, func(tx app.Tx) (err error) { stored, err = tx.EventCounts(e.ctx, a.ID); return err }); err != nil {
			t.Fatal(err)
		}
		if res.Counts != stored {
			t.Fatalf("scan %d answered counts %+v, the store holds %+v", i, res.Counts, stored)
		}
		if want := (i >= 3); res.OverCapacity != want {
			t.Fatalf("scan %d: over capacity %v, want %v (%s)", i, res.OverCapacity, want, res.Message)
		}
		if _, err := e.svc.CheckInParticipant(e.ctx, tb, p.ID, app.MethodSearch); err != nil {
			t.Fatal(err)
		}
	}
	again, err := e.svc.ScanCheckIn(e.ctx, ta, people[1].Code)
	if err != nil || again.Outcome != app.OutcomeAlready || again.CheckIn.ID != ids[1] || again.Counts.CheckedIn != 5 || again.Counts.WalkIns != 3 {
		t.Fatalf("repeat scan: %+v %v", again, err)
	}
	sameCounts(t, e.st, "checked in")
	for _, i := range []int{0, 4} { // one pre-registered, one walk-in
		if err := e.svc.UndoCheckIn(e.ctx, ids[i]); err != nil {
			t.Fatal(err)
		}
	}
	sameCounts(t, e.st, "undone")
	if res, err := e.svc.ScanCheckIn(e.ctx, ta, people[0].Code); err != nil || res.Outcome != app.OutcomeCheckedIn || res.Counts.CheckedIn != 4 {
		t.Fatalf("scan after undo: %+v %v", res, err)
	}
	if _, err := e.svc.RegisterWalkIn(e.ctx, ta, app.Participant{FirstName: "Fay", LastName: "Newcomer", Language: "en"}); err != nil {
		t.Fatal(err)
	}
	sameCounts(t, e.st, "checked in again, and a walk-in registered")

	// migration 0010 on a database with rows: the table made anew and filled
	m0010 := migrationSQL(t, "event_counts.sql")
	err = e.st.Update(e.ctx, func(tx app.Tx) error {
		q := tx.(*txn).q
		for _, s := range []string{`DROP TRIGGER event_counts_event`, `DROP TRIGGER event_counts_checkin`, `DROP TRIGGER event_counts_checkin_change`,
			`DROP TRIGGER event_counts_checkin_gone`, `DROP TRIGGER event_counts_registration`, `DROP TRIGGER event_counts_registration_change`,
			`DROP TRIGGER event_counts_registration_gone`, `DROP TABLE event_counts`, m0010} {
			if _, err := q.ExecContext(e.ctx, s); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sameCounts(t, e.st, "filled by the migration")
}

// The statements of a check-in find every row through a key or an index:
// none reads a whole table, however large it grows.
func TestCheckInStatementsUseIndexes(t *testing.T) {
	e := newCheckInEnv(t)
	plans := []struct {
		query string
		want  []string
	}{
		{eventAtDeskSQL, []string{"SEARCH e USING INTEGER PRIMARY KEY", "SEARCH s USING INTEGER PRIMARY KEY", "SEARCH n USING INTEGER PRIMARY KEY"}},
		{participantAtCodeSQL, []string{"SEARCH participant_rows USING INDEX sqlite_autoindex_participant_rows_1 (code=?)",
			"SEARCH r USING PRIMARY KEY (event_id=? AND participant_id=?)", "SEARCH c USING INDEX checkins_active (event_id=? AND participant_id=?)"}},
		{participantAtIDSQL, []string{"SEARCH participant_rows USING INTEGER PRIMARY KEY",
			"SEARCH r USING PRIMARY KEY (event_id=? AND participant_id=?)", "SEARCH c USING INDEX checkins_active (event_id=? AND participant_id=?)"}},
	}
	for _, p := range plans {
		plan := explain(t, e.st, p.query)
		for _, w := range p.want {
			if !strings.Contains(plan, w) {
				t.Errorf("plan of %.70q… lacks %q:\n%s", p.query, w, plan)
			}
		}
		if strings.Contains(plan, "SCAN ") {
			t.Errorf("plan of %.70q… reads a whole table:\n%s", p.query, plan)
		}
	}
}

// explain returns the lines of q's query plan (its parameters, ? or ?1 and
// ?2, all 1).
func explain(t *testing.T, st *Store, q string) string {
	t.Helper()
	args := []any{1}
	if strings.Contains(q, "?2") {
		args = append(args, 1)
	}
	var lines []string
	err := st.View(context.Background(), func(tx app.Tx) error {
		rows, err := tx.(*txn).q.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				return err
			}
			lines = append(lines, detail)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}

// Saving a participant writes their search rows again only when the name or
// phone changed: after a change of email alone they are found as before;
// after a new phone, by the new digits and not the old; after a new name,
// by the new name and not the old. An orientation check-in changes the
// status alone.
func TestUpdateParticipantKeepsSearchRight(t *testing.T) {
	e := newCheckInEnv(t)
	p := e.person(t, "Guadalupe", "Pérez", "(213) 984-5100")
	found := func(q string) bool {
		t.Helper()
		ps, err := e.svc.SearchParticipants(e.ctx, q, 10)
		if err != nil {
			t.Fatal(err)
		}
		return len(ps) == 1 && ps[0].ID == p.ID
	}
	check := func(when string, yes, no []string) {
		t.Helper()
		for _, q := range yes {
			if !found(q) {
				t.Errorf("%s: %q does not find them", when, q)
			}
		}
		for _, q := range no {
			if found(q) {
				t.Errorf("%s: %q still finds them", when, q)
			}
		}
	}
	var err error
	p.Email = "lupe@example.org"
	if p, err = e.svc.UpdateParticipant(e.ctx, p); err != nil {
		t.Fatal(err)
	}
	check("new email", []string{"guada", "perez g", "98451", "lupe@ex"}, nil)
	p.Phone = "(323) 555-0177"
	if p, err = e.svc.UpdateParticipant(e.ctx, p); err != nil {
		t.Fatal(err)
	}
	check("new phone", []string{"55501", "perez"}, []string{"98451"})
	p.FirstName, p.LastName = "Lupita", "Ramos"
	if p, err = e.svc.UpdateParticipant(e.ctx, p); err != nil {
		t.Fatal(err)
	}
	check("new name", []string{"lupita", "ramos l", "55501"}, []string{"perez", "guadalupe"})
	ev := e.event(t, "Status Orientation", 0)
	res, err := e.svc.ScanCheckIn(e.ctx, app.Target{SiteID: e.site.ID, EventID: ev.ID}, p.Code)
	if err != nil || res.Participant.Status != app.StatusOriented {
		t.Fatalf("orientation check-in: %+v %v", res, err)
	}
	got, err := e.svc.Participant(e.ctx, p.ID)
	if err != nil || got.Status != app.StatusOriented || !got.UpdatedAt.Equal(e.now) || got.Email != p.Email || got.FirstName != "Lupita" {
		t.Fatalf("after the orientation: %+v %v", got, err)
	}
	check("oriented", []string{"lupita", "55501"}, nil)
}

// migrationSQL returns the SQL of the migration named *_name (found by name,
// not by number, so a renumbered migration is still found).
func migrationSQL(t *testing.T, name string) string {
	t.Helper()
	for _, m := range migrations() {
		if strings.HasSuffix(m.name, "_"+name) {
			return m.sql
		}
	}
	t.Fatalf("no *_%s migration", name)
	return ""
}
