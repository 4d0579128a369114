package data

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"frontdesk/app"
)

// BackupTo writes a consistent copy of the database to dest (created with
// mode 0600; an existing file is refused). It reads a snapshot, so check-ins
// go on while it runs.
func (s *Store) BackupTo(ctx context.Context, dest string) (string, error) {
	if err := os.MkdirAll(filepath.Dir(dest), 0o700); err != nil {
		return "", app.Errorf(app.EInvalid, "Cannot create the backup folder: %v", err)
	}
	if _, err := os.Stat(dest); err == nil {
		return "", app.Errorf(app.EConflict, "%s already exists; choose another file name.", dest)
	}
	tmp := dest + ".partial"
	os.Remove(tmp)
	// VACUUM INTO runs on its own connection so the writer is never held.
	db, err := sql.Open("sqlite", s.path+"?"+Pragmas)
	if err != nil {
		return "", app.Errorf(app.EInternal, "backup: %v", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		os.Remove(tmp)
		return "", app.Errorf(app.EInternal, "backup: %v", err)
	}
	if err := syncAndChmod(tmp); err != nil {
		os.Remove(tmp)
		return "", err
	}
	if err := os.Rename(tmp, dest); err != nil {
		os.Remove(tmp)
		return "", app.Errorf(app.EInternal, "backup: %v", err)
	}
	return dest, nil
}

func syncAndChmod(path string) error {
	if err := os.Chmod(path, 0o600); err != nil {
		return app.Errorf(app.EInternal, "backup: %v", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return app.Errorf(app.EInternal, "backup: %v", err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return app.Errorf(app.EInternal, "backup: %v", err)
	}
	return nil
}

// dailyPrefix starts the name of every automatic daily backup.
const dailyPrefix = "frontdesk-daily-"

// DailyBackup makes today's automatic backup in dir unless there already is
// one, then keeps only the newest keep daily backups. made reports whether a
// new file was written.
func (s *Store) DailyBackup(ctx context.Context, dir string, now time.Time, keep int) (path string, made bool, err error) {
	if keep < 1 {
		keep = 14
	}
	path = filepath.Join(dir, dailyPrefix+now.Format("2006-01-02")+".db")
	if _, err := os.Stat(path); err != nil {
		if _, err := s.BackupTo(ctx, path); err != nil {
			return "", false, err
		}
		made = true
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return path, made, app.Errorf(app.EInternal, "backup: %v", err)
	}
	var daily []string
	for _, e := range entries {
		if n := e.Name(); strings.HasPrefix(n, dailyPrefix) && strings.HasSuffix(n, ".db") {
			daily = append(daily, n)
		}
	}
	sort.Strings(daily) // dates sort as text
	for len(daily) > keep {
		os.Remove(filepath.Join(dir, daily[0]))
		daily = daily[1:]
	}
	return path, made, nil
}

// CheckBackup opens the file at path read-only and reports, with a clear
// message, whether it is a complete Front Desk database this version can
// use. It never changes the file.
func CheckBackup(ctx context.Context, path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return app.Errorf(app.EInvalid, "Cannot read %s: %v", path, err)
	}
	if st.IsDir() || st.Size() < int64(len(sqliteHeader)) {
		return app.Errorf(app.EInvalid, "%s is not a Front Desk backup.", path)
	}
	if _, err := prepareFile(path); err != nil {
		return err
	}
	db, err := sql.Open("sqlite", path+"?_pragma=query_only(1)&mode=ro")
	if err != nil {
		return app.Errorf(app.EInternal, "check backup: %v", err)
	}
	defer db.Close()
	var appID, version int
	var res string
	if err := db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return corrupt(path, err)
	}
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return corrupt(path, err)
	}
	if appID != ApplicationID {
		return app.Errorf(app.EInvalid, "%s is not a Front Desk backup.", path)
	}
	if version > SchemaVersion() {
		return app.Errorf(app.EInvalid, "%s was written by a newer version of Front Desk (schema %d; this version knows up to %d).", path, version, SchemaVersion())
	}
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check(1)").Scan(&res); err != nil || res != "ok" {
		if err == nil {
			err = fmt.Errorf("%s", res)
		}
		return corrupt(path, err)
	}
	return nil
}

// Restore replaces the database at dst with the backup at src after checking
// the backup. The database being replaced is first kept beside it as
// dst.before-restore-<time>. Front Desk must not be running on dst.
func Restore(ctx context.Context, src, dst string, now time.Time) (kept string, err error) {
	if err := CheckBackup(ctx, src); err != nil {
		return "", err
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return "", app.Errorf(app.EInvalid, "Cannot read %s: %v", src, err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return "", app.Errorf(app.EInvalid, "Cannot create the database folder: %v", err)
	}
	tmp := dst + ".restoring"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		os.Remove(tmp)
		return "", app.Errorf(app.EInternal, "restore: %v", err)
	}
	if err := syncAndChmod(tmp); err != nil {
		os.Remove(tmp)
		return "", err
	}
	if _, err := os.Stat(dst); err == nil {
		// Fold any WAL into the old file before keeping it, so the kept copy is whole.
		if db, err := sql.Open("sqlite", dst+"?"+Pragmas); err == nil {
			db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
			db.Close()
		}
		kept = dst + ".before-restore-" + now.UTC().Format("20060102-150405")
		if err := os.Rename(dst, kept); err != nil {
			os.Remove(tmp)
			return "", app.Errorf(app.EInternal, "restore: cannot set the current database aside: %v", err)
		}
	}
	os.Remove(dst + "-wal")
	os.Remove(dst + "-shm")
	if err := os.Rename(tmp, dst); err != nil {
		return kept, app.Errorf(app.EInternal, "restore: %v", err)
	}
	return kept, nil
}
