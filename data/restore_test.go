package data_test

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"frontdesk/app"
	"frontdesk/data"
	"frontdesk/data/datatest"
)

// backedUp returns an Env whose database has one participant more than the
// backup returned with it; the Env's store is closed.
func backedUp(t *testing.T) (*datatest.Env, string) {
	t.Helper()
	e := datatest.New(t)
	e.Participant(t, "María", "González", "213-555-0142")
	bak := filepath.Join(t.TempDir(), "backup.db")
	if _, err := e.Store.BackupTo(ctx, bak); err != nil {
		t.Fatal(err)
	}
	e.Participant(t, "Ana", "Lee", "")
	e.Store.Close()
	return e, bak
}

func leftovers(t *testing.T, db string) []string {
	t.Helper()
	var out []string
	for _, pat := range []string{".before-restore-*", ".damaged-*", ".restoring*", ".restore-journal"} {
		m, _ := filepath.Glob(db + pat)
		out = append(out, m...)
	}
	return out
}

// TestRestoreRefusedWhileOpen: any open Store, even in the same process,
// holds the lock a restore needs to itself; the refusal changes nothing.
func TestRestoreRefusedWhileOpen(t *testing.T) {
	datatest.SkipOnServer(t, "a file's lock against a restore; a server's restore refuses while anyone is connected (cmd/frontdeskctl TestServerRestoreRefusedWhileConnected)")
	e, bak := backedUp(t)
	st, err := data.Open(ctx, e.Path, data.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	before := checksum(t, e.Path)
	_, err = data.Restore(ctx, bak, e.Path, data.RestoreOptions{Now: datatest.Now})
	if app.ErrorCode(err) != app.EConflict || !strings.Contains(err.Error(), "Close Front Desk on every computer using this file") {
		t.Fatalf("restore with the database open: %v", err)
	}
	if checksum(t, e.Path) != before || len(leftovers(t, e.Path)) != 0 {
		t.Fatalf("a refused restore changed something: %v", leftovers(t, e.Path))
	}
	st.Close()
	if _, err := data.Restore(ctx, bak, e.Path, data.RestoreOptions{Now: datatest.Now}); err != nil {
		t.Fatalf("restore once closed: %v", err)
	}
	if runtime.GOOS != "windows" {
		if fi, err := os.Stat(e.Path + ".lock"); err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("lock file: %v %v", fi, err)
		}
	}
}

// TestRestoreRefusesABrokenAuditChain: a backup whose audit log was
// rewritten is refused; --force restores it and says so in the record.
func TestRestoreRefusesABrokenAuditChain(t *testing.T) {
	datatest.SkipOnServer(t, "a backup file edited with SQLite; a server's tampered dumps are refused in cmd/frontdeskctl TestServerRestoreRefusesBadBackups")
	e, bak := backedUp(t)
	db := raw(t, bak)
	for _, q := range []string{
		`DROP TRIGGER audit_log_no_update`,
		`UPDATE audit_log SET detail = 'nothing to see' WHERE id = (SELECT min(id) FROM audit_log)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	before := checksum(t, e.Path)
	_, err := data.Restore(ctx, bak, e.Path, data.RestoreOptions{Now: datatest.Now})
	if app.ErrorCode(err) != app.EInvalid || !strings.Contains(err.Error(), "does not verify") || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("restore of a tampered backup: %v", err)
	}
	if checksum(t, e.Path) != before || len(leftovers(t, e.Path)) != 0 {
		t.Fatalf("a refused restore changed something: %v", leftovers(t, e.Path))
	}
	res, err := data.Restore(ctx, bak, e.Path, data.RestoreOptions{Now: datatest.Now, Force: true, Flags: "--force"})
	if err != nil || res.Chain.OK {
		t.Fatalf("forced restore: %+v %v", res, err)
	}
	st, err := data.Open(ctx, e.Path, data.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var log []app.AuditEntry
	st.View(ctx, func(tx app.Tx) error {
		log, err = tx.Audit(ctx, app.AuditFilter{Action: "database.restore"})
		return err
	})
	if len(log) != 1 || !strings.Contains(log[0].Detail, "FORCED: audit chain broken at row") || !strings.Contains(log[0].Detail, "flags --force") || log[0].Actor != app.LocalOperator.Username {
		t.Fatalf("restore record: %+v %v", log, err)
	}
}

// TestOpenNeverMakesADatabaseWhereOneWas: with the database gone but what
// a restore sets aside beside it, even the app's first start (which makes
// a new database) refuses, with a message, and creates nothing.
func TestOpenNeverMakesADatabaseWhereOneWas(t *testing.T) {
	datatest.SkipOnServer(t, "a database file that is missing")
	e, bak := backedUp(t)
	res, err := data.Restore(ctx, bak, e.Path, data.RestoreOptions{Now: datatest.Now})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{e.Path, e.Path + "-wal", e.Path + "-shm"} {
		os.Remove(p)
	}
	for _, opt := range []data.Options{{}, {MustExist: true}} {
		_, err := data.Open(ctx, e.Path, opt)
		if app.ErrorCode(err) != app.EInvalid || !strings.Contains(err.Error(), "frontdeskctl restore") {
			t.Fatalf("open %+v with the database gone: %v", opt, err)
		}
		if _, err := os.Stat(e.Path); !os.IsNotExist(err) {
			t.Fatalf("open %+v made a database: %v", opt, err)
		}
	}
	_, err = data.Open(ctx, e.Path, data.Options{})
	if !strings.Contains(err.Error(), filepath.Base(res.Kept)) {
		t.Fatalf("the message does not name the file kept aside: %v", err)
	}
}
