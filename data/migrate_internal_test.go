package data

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"frontdesk/app"
)

// withFutureMigration plays a build that knows one more schema than this one.
func withFutureMigration(t *testing.T, sqlText string) {
	t.Helper()
	extraMigrations = []migration{{version: len(migrations()) + 1, name: "9999_future.sql", sql: sqlText}}
	t.Cleanup(func() { extraMigrations = nil })
}

func openAt(t *testing.T, path string, now time.Time) (*Store, error) {
	t.Helper()
	return Open(context.Background(), path, Options{Now: func() time.Time { return now }})
}

func TestMigrationTakesBackupFirst(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "frontdesk.db")
	st, err := openAt(t, path, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	svc := app.NewService(st, nil)
	actx := app.WithActor(ctx, app.LocalOperator)
	if _, err := svc.CreateSite(actx, app.Site{Name: "Before Upgrade", TimeZone: "America/Los_Angeles"}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	old := SchemaVersion()

	withFutureMigration(t, "CREATE TABLE future_things (id INTEGER PRIMARY KEY, code TEXT NOT NULL);")
	now := time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC)
	st, err = openAt(t, path, now)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var v int
	st.writer.QueryRow("PRAGMA user_version").Scan(&v)
	if v != old+1 {
		t.Fatalf("user_version %d, want %d", v, old+1)
	}
	backup := filepath.Join(BackupDir(path), "before-schema-"+strconv.Itoa(old+1)+"-20260401-120000.db")
	if err := CheckBackup(ctx, backup); err != nil {
		t.Fatalf("pre-migration backup: %v", err)
	}
	db, _ := sql.Open("sqlite", backup)
	defer db.Close()
	var bv int
	var name string
	db.QueryRow("PRAGMA user_version").Scan(&bv)
	db.QueryRow("SELECT name FROM sites").Scan(&name)
	if bv != old || name != "Before Upgrade" {
		t.Fatalf("backup at schema %d with site %q", bv, name)
	}
}

func TestFailedMigrationChangesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "frontdesk.db")
	st, err := openAt(t, path, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	old := SchemaVersion()
	// the first statement succeeds, the second fails: both must roll back
	withFutureMigration(t, "CREATE TABLE half_done (x); INSERT INTO no_such_table VALUES (1);")
	_, err = openAt(t, path, time.Now())
	if app.ErrorCode(err) != app.EInternal || !strings.Contains(err.Error(), "Nothing was changed") {
		t.Fatalf("failing migration: %v", err)
	}
	extraMigrations = nil
	st, err = openAt(t, path, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var v, n int
	st.writer.QueryRow("PRAGMA user_version").Scan(&v)
	st.writer.QueryRow("SELECT count(*) FROM sqlite_schema WHERE name='half_done'").Scan(&n)
	if v != old || n != 0 {
		t.Fatalf("after a failed migration: user_version %d, half_done tables %d", v, n)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
}

// TestChainingAnOldAuditLog upgrades a schema-2 database holding audit rows:
// migration 3 keeps every row, chains them, and makes the log append-only.
func TestChainingAnOldAuditLog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", path+"?"+Pragmas)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range migrations()[:2] {
		if _, err := db.Exec(m.sql); err != nil {
			t.Fatal(err)
		}
	}
	db.Exec(`PRAGMA user_version = 2; PRAGMA application_id = ` + strconv.Itoa(ApplicationID))
	for i := 1; i <= 3; i++ {
		if _, err := db.Exec(`INSERT INTO audit_log(at,actor,action,entity,ref,detail) VALUES(?,?,?,?,?,?)`,
			"2026-03-0"+strconv.Itoa(i)+"T17:00:00.000Z", "local", "checkin.create", "checkin", strconv.Itoa(i), "method=scan"); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	st, err := openAt(t, path, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var c app.AuditCheck
	err = st.View(context.Background(), func(tx app.Tx) (err error) { c, err = tx.VerifyAudit(context.Background()); return err })
	// the three old rows stay plain; the checkpoint row keys the chain from there
	if err != nil || !c.OK || c.Rows != 4 || c.KeyID == "" || c.LastID != 4 {
		t.Fatalf("after migration: %+v %v", c, err)
	}
	err = st.Update(context.Background(), func(tx app.Tx) error {
		_, err := tx.(*txn).q.ExecContext(context.Background(), `DELETE FROM audit_log WHERE id=1`)
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Fatalf("delete from the chained log: %v", err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(path), "backups")); err != nil {
		t.Fatalf("no backup before migrating: %v", err)
	}
}
