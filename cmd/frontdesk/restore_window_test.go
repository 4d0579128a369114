//go:build linux

package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/data"
)

// TestRealWindowRestore: while the real app has the database open, a
// restore from another process is refused and the desk goes on checking
// in; once the app is gone (killed, as by a power cut), the restore goes
// through. And when the database is gone but a restore set the old one
// aside, the app's start (which would make a new, empty database) refuses
// with a message instead.
func TestRealWindowRestore(t *testing.T) {
	if testing.Short() {
		t.Skip("real window: not in -short")
	}
	var ev app.Event
	var people []app.Participant
	d := startDesk(t, func(ctx context.Context, svc *app.Service, site app.Site) {
		ev = orientationNow(t, ctx, svc, site)
		for _, n := range [][2]string{{"María", "González"}, {"Ana", "Lee"}} {
			p, err := svc.AddParticipant(ctx, app.Participant{SiteID: site.ID, FirstName: n[0], LastName: n[1], Language: "en"})
			if err != nil {
				t.Fatal(err)
			}
			people = append(people, p)
		}
	})
	d.waitFor("the sign-in screen to be drawn", d.drawn)
	d.signIn("rosa")
	active := `SELECT COUNT(*) FROM checkins WHERE event_id = ? AND undone_at IS NULL`
	d.typeText(people[0].Code)
	d.keys("Return")
	d.waitCount("the first check-in", 1, active, ev.ID)

	// a backup taken while the app runs, then a restore attempted
	ctx := app.WithActor(context.Background(), app.LocalOperator)
	st, err := data.Open(ctx, d.dbPath, data.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	bak := filepath.Join(t.TempDir(), "before.db")
	if _, err := st.BackupTo(ctx, bak); err != nil {
		t.Fatal(err)
	}
	st.Close()
	_, err = data.Restore(ctx, bak, d.dbPath, data.RestoreOptions{})
	if app.ErrorCode(err) != app.EConflict || !strings.Contains(err.Error(), "Close Front Desk on every computer") {
		t.Fatalf("restore with the app open: %v", err)
	}
	// the desk never noticed
	d.typeText(people[1].Code)
	d.keys("Return")
	d.waitCount("the check-in after the refused restore", 2, active, ev.ID)
	time.Sleep(500 * time.Millisecond) // shown after it is recorded
	d.shot("desk-after-refused-restore")

	// the app dies; its lock goes with it, and the restore goes through
	d.app.Process.Kill()
	d.app.Wait()
	res, err := data.Restore(ctx, bak, d.dbPath, data.RestoreOptions{})
	if err != nil {
		t.Fatalf("restore with the app gone: %v", err)
	}
	st, err = data.Open(ctx, d.dbPath, data.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	got, err := app.NewService(st, nil).CheckIns(ctx, ev.ID)
	st.Close()
	if err != nil || len(got) != 1 {
		t.Fatalf("after the restore %d check-ins (%v), want the backup's 1", len(got), err)
	}

	// the database disappears (moved by hand, a failed disk): the app's
	// start refuses rather than set up a new, empty database
	d.db.Close()
	for _, p := range []string{d.dbPath, d.dbPath + "-wal", d.dbPath + "-shm"} {
		os.Remove(p)
	}
	d.launch()
	d.waitFor("the refusal", d.drawn)
	time.Sleep(700 * time.Millisecond)
	d.shot("no-database-after-restore")
	if _, err := os.Stat(d.dbPath); !os.IsNotExist(err) {
		t.Fatalf("the app made a database where a restore had set one aside: %v", err)
	}
	b, _ := os.ReadFile(d.logPath)
	if !strings.Contains(string(b), filepath.Base(res.Kept)) || !strings.Contains(string(b), "frontdeskctl restore") {
		t.Fatalf("the app's log does not give the refusal naming %s:\n%s", filepath.Base(res.Kept), b)
	}
}
