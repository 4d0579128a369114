package data

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"frontdesk/app"
)

// stageZIPs starts an import on st that changes the ZIP of each of ps to
// 9xxxx, kept for publishing, and returns its id.
func stageZIPs(t *testing.T, ctx context.Context, st *Store, ps []app.Participant) int64 {
	t.Helper()
	id, err := st.BeginStaged(ctx)
	if err != nil {
		t.Fatal(err)
	}
	err = st.UpdateStaged(ctx, id, func(tx app.Tx) error {
		for i := range ps {
			p := ps[i]
			p.ZIP = fmt.Sprintf("9%04d", i)
			if err := tx.StageParticipantChange(ctx, &p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// addPeople adds n participants at site.
func addPeople(t *testing.T, ctx context.Context, svc *app.Service, site app.Site, n int) []app.Participant {
	t.Helper()
	var ps []app.Participant
	for i := range n {
		p, err := svc.AddParticipant(ctx, app.Participant{SiteID: site.ID, FirstName: "Person", LastName: fmt.Sprintf("Number%d", i), ZIP: "90012"})
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	return ps
}

// zipOf reads participant id's ZIP as every reader sees it.
func zipOf(t *testing.T, ctx context.Context, st *Store, id int64) string {
	t.Helper()
	var zip string
	err := st.View(ctx, func(tx app.Tx) error {
		p, err := tx.Participant(ctx, id)
		zip = p.ZIP
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return zip
}

// An import's change to a detail a desk changed to something else while
// the import ran is refused at publishing, and nothing of the import is
// kept: the desk's change stays, the import's kept changes go with its
// rows. A desk's change to another detail does not stop the import, and
// both stand.
func TestImportChangeRefusedAfterDeskChange(t *testing.T) {
	st, svc, ctx, site := openWithSite(t)
	ps := addPeople(t, ctx, svc, site, 3)
	id := stageZIPs(t, ctx, st, ps)
	edited := ps[1]
	edited.ZIP = "91777"
	if _, err := svc.UpdateParticipant(ctx, edited); err != nil {
		t.Fatal(err)
	}
	err := st.PublishStaged(ctx, id, func(app.Tx) error { return nil })
	if app.ErrorCode(err) != app.EConflict || !strings.Contains(err.Error(), ps[1].Code) {
		t.Fatalf("publishing over a desk's change: %v, want a conflict naming %s", err, ps[1].Code)
	}
	if err := st.AbandonStaged(ctx, id); err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"90012", "91777", "90012"} {
		if z := zipOf(t, ctx, st, ps[i].ID); z != want {
			t.Errorf("person %d has ZIP %s after a refused import, want %s", i, z, want)
		}
	}
	var left int
	if err := st.reader.QueryRow(`SELECT count(*) FROM participant_changes`).Scan(&left); err != nil || left != 0 {
		t.Errorf("%d kept changes left after the import was abandoned (%v)", left, err)
	}

	// again, with the desk changing a name and checking someone in
	id = stageZIPs(t, ctx, st, ps[:2])
	renamed := ps[0]
	renamed.FirstName = "Renamed"
	if _, err := svc.UpdateParticipant(ctx, renamed); err != nil {
		t.Fatal(err)
	}
	if err := st.Update(ctx, func(tx app.Tx) error {
		return tx.SetParticipantStatus(ctx, ps[1].ID, app.StatusOriented, time.Now())
	}); err != nil {
		t.Fatal(err)
	}
	if err := st.PublishStaged(ctx, id, func(app.Tx) error { return nil }); err != nil {
		t.Fatalf("publishing beside a desk's changes to other details: %v", err)
	}
	var got [2]app.Participant
	st.View(ctx, func(tx app.Tx) error {
		got[0], _ = tx.Participant(ctx, ps[0].ID)
		got[1], err = tx.Participant(ctx, ps[1].ID)
		return err
	})
	if got[0].FirstName != "Renamed" || got[0].ZIP != "90000" || got[1].Status != app.StatusOriented || got[1].ZIP != "90001" {
		t.Errorf("after the import: %s %s / %s %s; want the desk's name and status with the import's ZIPs",
			got[0].FirstName, got[0].ZIP, got[1].Status, got[1].ZIP)
	}
}

// Publishing commits an import's changes to people on file; a program
// stopped before it applied them all leaves them to the next one that
// opens the file. A desk writing to a person meanwhile applies that
// person's change first, so the import's change is neither lost under a
// status change nor written over the desk's later edit.
func TestPublishedChangesOutliveTheProgram(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fd.db")
	ctx := app.WithActor(context.Background(), app.LocalOperator)
	st, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	svc := app.NewService(st, nil)
	site, err := svc.CreateSite(ctx, app.Site{Name: "Test Site", TimeZone: "America/Los_Angeles"})
	if err != nil {
		t.Fatal(err)
	}
	ps := addPeople(t, ctx, svc, site, 300)
	id := stageZIPs(t, ctx, st, ps)
	// the publishing transaction commits, then the program is killed
	// before it applies anything
	err = st.Update(ctx, func(tx app.Tx) error {
		if err := tx.(*txn).checkChanges(ctx, id); err != nil {
			return err
		}
		_, err := tx.(*txn).q.ExecContext(ctx, `DELETE FROM pending_imports WHERE id = ?`, id)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if z := zipOf(t, ctx, st, ps[0].ID); z != "90012" {
		t.Errorf("a change not yet applied is read as %s", z)
	}
	// a desk's check-in makes person 0 oriented: the import's ZIP first
	if err := st.Update(ctx, func(tx app.Tx) error {
		return tx.SetParticipantStatus(ctx, ps[0].ID, app.StatusOriented, time.Now())
	}); err != nil {
		t.Fatal(err)
	}
	// a desk edits person 1 from the record it had open: its edit is later
	// than the import and stays
	edited := ps[1]
	edited.ZIP = "91111"
	if _, err := svc.UpdateParticipant(ctx, edited); err != nil {
		t.Fatal(err)
	}
	st.Close()

	st, err = Open(ctx, path, Options{MustExist: true}) // applies the rest, Close waits for it
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	st, err = Open(ctx, path, Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var p0 app.Participant
	st.View(ctx, func(tx app.Tx) error { p0, err = tx.Participant(ctx, ps[0].ID); return err })
	if p0.ZIP != "90000" || p0.Status != app.StatusOriented {
		t.Errorf("person 0: ZIP %s status %s, want the import's 90000 and the desk's oriented", p0.ZIP, p0.Status)
	}
	if z := zipOf(t, ctx, st, ps[1].ID); z != "91111" {
		t.Errorf("person 1: ZIP %s, want the desk's later 91111", z)
	}
	for i := 2; i < len(ps); i++ {
		if z, want := zipOf(t, ctx, st, ps[i].ID), fmt.Sprintf("9%04d", i); z != want {
			t.Fatalf("person %d: ZIP %s, want the import's %s", i, z, want)
		}
	}
	var left int
	if err := st.reader.QueryRow(`SELECT count(*) FROM participant_changes`).Scan(&left); err != nil || left != 0 {
		t.Errorf("%d changes left after the next program opened the file (%v)", left, err)
	}
}

// A file with an import's changes still to apply is not moved to a
// server: they would be lost.
func TestMoveRefusesChangesStillToApply(t *testing.T) {
	st, svc, ctx, site := openWithSite(t)
	ps := addPeople(t, ctx, svc, site, 2)
	id := stageZIPs(t, ctx, st, ps)
	check := func() error {
		tx, err := st.reader.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		return checkMoveSource(ctx, tx, st.path)
	}
	if err := check(); err != nil {
		t.Fatalf("an unfinished import's kept changes refused the move: %v", err)
	}
	if _, err := st.writer.Exec(`DELETE FROM pending_imports WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	if err := check(); app.ErrorCode(err) != app.EInvalid || !strings.Contains(err.Error(), "2 changes of a finished import") {
		t.Errorf("moving with 2 changes still to apply: %v", err)
	}
}
