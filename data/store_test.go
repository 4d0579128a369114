package data_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/data"
	"frontdesk/data/datatest"
)

var ctx = context.Background()

func TestOpenCreatesPrivateFileWithPragmas(t *testing.T) {
	datatest.SkipOnServer(t, "the file's mode and pragmas (TestServerSchemaVersion checks the server)")
	st, path := datatest.MustOpen(t)
	if runtime.GOOS != "windows" {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Fatalf("database mode %v, want 0600", fi.Mode().Perm())
		}
	}
	db := raw(t, path)
	var mode string
	var appID, version int
	db.QueryRow("PRAGMA journal_mode").Scan(&mode)
	db.QueryRow("PRAGMA application_id").Scan(&appID)
	db.QueryRow("PRAGMA user_version").Scan(&version)
	if mode != "wal" || appID != data.ApplicationID || version != data.SchemaVersion() {
		t.Fatalf("journal_mode=%s application_id=%x user_version=%d", mode, appID, version)
	}
	// the store's own writer runs with foreign keys and synchronous=FULL
	err := st.Update(ctx, func(tx app.Tx) error {
		return tx.CreateParticipant(ctx, &app.Participant{Code: "P-X", SiteID: 999, FirstName: "A", LastName: "B"})
	})
	if err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
		t.Fatalf("insert with a missing site: %v, want a foreign key failure", err)
	}
	st.Close()
	// reopening an up-to-date database neither migrates nor backs up
	st2, err := data.Open(ctx, path, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st2.Close()
	if _, err := os.Stat(data.BackupDir(path)); !os.IsNotExist(err) {
		t.Fatalf("backup folder made without a migration: %v", err)
	}
}

func TestRefusesNewerSchema(t *testing.T) {
	datatest.SkipOnServer(t, "the file's user_version (TestServerSchemaVersion checks the server)")
	st, path := datatest.MustOpen(t)
	st.Close()
	db := raw(t, path)
	if _, err := db.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before := checksum(t, path)
	_, err := data.Open(ctx, path, data.Options{})
	if app.ErrorCode(err) != app.EInvalid || !strings.Contains(err.Error(), "newer version of Front Desk") {
		t.Fatalf("newer schema: %v", err)
	}
	if checksum(t, path) != before {
		t.Fatal("a refused database was changed")
	}
}

func TestRefusesFilesThatAreNotOurs(t *testing.T) {
	dir := t.TempDir()
	// a text file
	txt := filepath.Join(dir, "notes.db")
	os.WriteFile(txt, []byte("these are my notes, not a database\n"), 0o600)
	// a SQLite database of another program
	other := filepath.Join(dir, "other.db")
	db := raw(t, other)
	db.Exec("CREATE TABLE t(x); INSERT INTO t VALUES(1)")
	db.Close()
	// a Front Desk database with a damaged page
	broken := filepath.Join(dir, "broken.db")
	st, err := data.Open(ctx, broken, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	env := fill(t, st)
	_ = env
	st.Close()
	corruptPages(t, broken)

	for name, want := range map[string]string{
		txt:    "not a SQLite file",
		other:  "another program",
		broken: "damaged",
	} {
		before := checksum(t, name)
		_, err := data.Open(ctx, name, data.Options{})
		if app.ErrorCode(err) != app.EInvalid || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", filepath.Base(name), err, want)
		}
		if checksum(t, name) != before {
			t.Errorf("%s was changed", filepath.Base(name))
		}
		if err := data.CheckBackup(ctx, name); err == nil {
			t.Errorf("%s accepted as a backup", filepath.Base(name))
		}
	}
}

func TestBackupAndRestore(t *testing.T) {
	datatest.SkipOnServer(t, "a file's backup and restore; a server's are tested in cmd/frontdeskctl TestServerBackupRestoreRoundTrip")
	e := datatest.New(t)
	p := e.Participant(t, "María", "González", "213-555-0142")
	dir := t.TempDir()
	out := filepath.Join(dir, "copy.db")
	if _, err := e.Store.BackupTo(ctx, out); err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" {
		if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o600 {
			t.Fatalf("backup mode %v", fi.Mode().Perm())
		}
	}
	if _, err := e.Store.BackupTo(ctx, out); app.ErrorCode(err) != app.EConflict {
		t.Fatalf("backup over an existing file: %v", err)
	}
	if err := data.CheckBackup(ctx, out); err != nil {
		t.Fatal(err)
	}
	// change the live database after the backup, then restore
	e.Participant(t, "Ana", "Lee", "")
	e.Store.Close()
	res, err := data.Restore(ctx, out, e.Path, data.RestoreOptions{Now: datatest.Now})
	if err != nil {
		t.Fatal(err)
	}
	kept := res.Kept
	if kept == "" {
		t.Fatal("the replaced database was not kept")
	}
	st, err := data.Open(ctx, e.Path, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	svc := app.NewService(st, func() time.Time { return datatest.Now })
	n, _ := svc.CountParticipants(e.Ctx, 0)
	got, err := svc.ParticipantByCode(e.Ctx, p.Code)
	if n != 1 || err != nil || got.FirstName != "María" {
		t.Fatalf("after restore: %d participants, %+v %v", n, got, err)
	}
	// the kept copy still has both
	st2, err := data.Open(ctx, kept, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	if n, _ := app.NewService(st2, nil).CountParticipants(e.Ctx, 0); n != 2 {
		t.Fatalf("kept copy has %d participants", n)
	}
	// a bad file is refused and the database is untouched
	bad := filepath.Join(dir, "bad.db")
	os.WriteFile(bad, []byte("SQLite format 3\x00 but then garbage"), 0o600)
	before := checksum(t, e.Path)
	if _, err := data.Restore(ctx, bad, e.Path, data.RestoreOptions{Now: datatest.Now}); app.ErrorCode(err) != app.EInvalid {
		t.Fatalf("restore of a bad file: %v", err)
	}
	if checksum(t, e.Path) != before {
		t.Fatal("a refused restore changed the database")
	}
}

func TestDailyBackupKeepsFourteen(t *testing.T) {
	datatest.SkipOnServer(t, "a desk's daily file backup; a server is backed up on the server (a desk refuses, TestServerBackupAndRestoreAreTheServers)")
	e := datatest.New(t)
	dir := t.TempDir()
	day := datatest.Now
	for i := 0; i < 20; i++ {
		_, made, err := e.Store.DailyBackup(ctx, dir, day.AddDate(0, 0, i), 14)
		if err != nil || !made {
			t.Fatalf("day %d: made=%v %v", i, made, err)
		}
	}
	if _, made, _ := e.Store.DailyBackup(ctx, dir, day.AddDate(0, 0, 19), 14); made {
		t.Fatal("a second backup the same day")
	}
	// each backup has its manifest and key beside it; pruning a backup
	// prunes them too
	entries, _ := os.ReadDir(dir)
	var dbs []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".db") {
			dbs = append(dbs, e.Name())
		}
	}
	if len(dbs) != 14 || len(entries) != 3*14 {
		t.Fatalf("%d backups kept (%d files), want 14 (42 files)", len(dbs), len(entries))
	}
	if dbs[0] != "frontdesk-daily-"+day.AddDate(0, 0, 6).Format("2006-01-02")+".db" {
		t.Fatalf("oldest kept: %s", dbs[0])
	}
}

// Two databases in one folder each get their daily backup, and pruning one's
// never removes the other's.
func TestDailyBackupPerDatabase(t *testing.T) {
	dir := t.TempDir()
	backups := filepath.Join(dir, "backups")
	day := datatest.Now
	var stores []*data.Store
	for _, name := range []string{"frontdesk.db", "library.db", "frontdesk-daily-x.db"} {
		st, err := data.Open(ctx, filepath.Join(dir, name), data.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		stores = append(stores, st)
	}
	for i, st := range stores {
		path, made, err := st.DailyBackup(ctx, backups, day, 1)
		if err != nil || !made {
			t.Fatalf("store %d: made=%v %v", i, made, err)
		}
		if err := data.CheckBackup(ctx, path); err != nil {
			t.Fatalf("store %d: %v", i, err)
		}
	}
	// the next day, keeping one each: each database keeps its newest
	for _, st := range stores {
		if _, _, err := st.DailyBackup(ctx, backups, day.AddDate(0, 0, 1), 1); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := os.ReadDir(backups)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	next := day.AddDate(0, 0, 1).Format("2006-01-02")
	var want []string
	for _, b := range []string{"frontdesk-daily-" + next + ".db", "frontdesk-daily-x-daily-" + next + ".db", "library-daily-" + next + ".db"} {
		want = append(want, b, b+".key", b+".manifest.json")
	}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Fatalf("backups %q, want %q", names, want)
	}
}

func TestConcurrentReadsDuringWrites(t *testing.T) {
	e := datatest.New(t)
	for i := 0; i < 50; i++ {
		e.Participant(t, "Ana", "Lee"+string(rune('a'+i%26))+string(rune('a'+i/26)), "")
	}
	done := make(chan error)
	go func() {
		for i := 0; i < 200; i++ {
			if _, err := e.Svc.SearchParticipants(e.Ctx, "ana", 20); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for i := 0; i < 50; i++ {
		e.Participant(t, "Bo", "Kim"+string(rune('a'+i%26))+string(rune('a'+i/26)), "")
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// ---- helpers

// raw opens a second, plain connection to the database at path (a file
// or a test server's database).
func raw(t *testing.T, path string) *datatest.Raw {
	t.Helper()
	return datatest.OpenRaw(t, path)
}

func checksum(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(bytes.Clone(b))
}

// fill writes some participants so the file has several pages.
func fill(t *testing.T, st *data.Store) int {
	svc := app.NewService(st, nil)
	c := app.WithActor(ctx, app.LocalOperator)
	site, err := svc.CreateSite(c, app.Site{Name: "Test Site", TimeZone: "America/Los_Angeles"})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 300; i++ {
		if _, err := svc.AddParticipant(c, app.Participant{SiteID: site.ID, FirstName: "Person", LastName: strings.Repeat("x", i%40+1)}); err != nil {
			t.Fatal(err)
		}
	}
	return 300
}

// corruptPages overwrites the middle of the file (past the header page) with
// garbage, as a failing disk would.
func corruptPages(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 4*4096 {
		t.Fatalf("file too small to corrupt: %d", len(b))
	}
	for i := 4096; i < len(b)-4096; i++ {
		b[i] = byte(i * 7)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}
