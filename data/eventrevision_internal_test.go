package data

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"frontdesk/app"
)

// revisionStore opens a new store with a site, its clock stopped at now.
func revisionStore(t *testing.T, now time.Time) (*Store, *app.Service, context.Context, app.Site) {
	t.Helper()
	st, err := openAt(t, filepath.Join(t.TempDir(), "frontdesk.db"), now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	svc := app.NewService(st, func() time.Time { return now })
	actx := app.WithActor(context.Background(), app.LocalOperator)
	site, err := svc.CreateSite(actx, app.Site{Name: "Revisions", TimeZone: "America/Los_Angeles"})
	if err != nil {
		t.Fatal(err)
	}
	return st, svc, actx, site
}

// TestEventRevisionMigration runs the event-revision migration's SQL on an
// events table as it was before it (its two columns dropped again): the
// events already there start at revision 0, last changed when created.
// The migration is found by name, not by number.
func TestEventRevisionMigration(t *testing.T) {
	created := time.Date(2026, 2, 1, 18, 30, 0, 0, time.UTC)
	st, svc, ctx, site := revisionStore(t, created)
	ev, err := svc.AddEvent(ctx, app.Event{SiteID: site.ID, Kind: app.KindWorkshop, Title: "Resume lab", Start: created.Add(48 * time.Hour),
		End: created.Add(50 * time.Hour), Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	sqlText := migrationSQL(t, "event_revision.sql")
	for _, q := range []string{"ALTER TABLE events DROP COLUMN revision", "ALTER TABLE events DROP COLUMN updated_at", sqlText} {
		if _, err := st.writer.ExecContext(ctx, q); err != nil {
			t.Fatalf("%.40s: %v", q, err)
		}
	}
	var rev int
	var updated, createdAt string
	if err := st.writer.QueryRowContext(ctx, `SELECT revision, updated_at, created_at FROM events WHERE id=?`, ev.ID).Scan(&rev, &updated, &createdAt); err != nil {
		t.Fatal(err)
	}
	if rev != 0 || updated != createdAt || !parseTS(updated).Equal(created) {
		t.Errorf("after the migration: revision %d, updated_at %q, created_at %q", rev, updated, createdAt)
	}
}

// TestUpdateEventCountsRevisions: the store's update bumps the revision in
// the same statement, keeps updated_at when none is given, and an unknown
// event is not found.
func TestUpdateEventCountsRevisions(t *testing.T) {
	now := time.Date(2026, 3, 10, 17, 15, 0, 0, time.UTC)
	st, svc, ctx, site := revisionStore(t, now)
	ev, err := svc.AddEvent(ctx, app.Event{SiteID: site.ID, Kind: app.KindWorkshop, Title: "A", Start: now.Add(time.Hour), End: now.Add(2 * time.Hour), Language: "en"})
	if err != nil || ev.Revision != 0 || !ev.UpdatedAt.Equal(now) {
		t.Fatalf("created: revision %d, updated %v, %v", ev.Revision, ev.UpdatedAt, err)
	}
	later := now.Add(time.Hour)
	err = st.Update(ctx, func(tx app.Tx) error {
		e := ev
		e.Title, e.UpdatedAt = "B", later
		if err := tx.UpdateEvent(ctx, &e); err != nil || e.Revision != 1 || !e.UpdatedAt.Equal(later) {
			t.Errorf("first update: revision %d, updated %v, %v", e.Revision, e.UpdatedAt, err)
		}
		e.Title, e.UpdatedAt = "C", time.Time{}
		if err := tx.UpdateEvent(ctx, &e); err != nil || e.Revision != 2 || !e.UpdatedAt.Equal(later) {
			t.Errorf("update without a time: revision %d, updated %v, %v", e.Revision, e.UpdatedAt, err)
		}
		e.ID = 9999
		if err := tx.UpdateEvent(ctx, &e); app.ErrorCode(err) != app.ENotFound {
			t.Errorf("unknown event: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := svc.Event(ctx, ev.ID)
	if err != nil || got.Revision != 2 || got.Title != "C" {
		t.Errorf("stored: %+v, %v", got, err)
	}
}
