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
// go on while it runs. A center server's backup is pg_dump's custom format
// with the same manifest (backupServer).
func (s *Store) BackupTo(ctx context.Context, dest string) (string, error) {
	if s.pg {
		return s.backupServer(ctx, dest)
	}
	// The copy is private from its first byte: the empty file is made 0600
	// here and VACUUM INTO writes into it (SQLite takes an existing empty
	// file), so a backup killed half way never leaves names readable by all.
	tmp, err := startBackup(dest)
	if err != nil {
		return "", err
	}
	if beforeCopy != nil {
		beforeCopy(tmp)
	}
	// VACUUM INTO runs on its own connection so the writer is never held.
	db, err := sql.Open("sqlite", s.path+"?"+Pragmas)
	if err != nil {
		os.Remove(tmp)
		return "", app.Errorf(app.EInternal, "backup: %v", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		os.Remove(tmp)
		if fe := fileError(filepath.Dir(dest), err); fe != nil {
			return "", folderError("the backup", filepath.Dir(dest), err)
		}
		return "", app.Errorf(app.EInternal, "backup: %v", err)
	}
	crashPoint("backup.copied")
	if err := syncAndChmod(tmp); err != nil {
		os.Remove(tmp)
		return "", err
	}
	if err := s.writeBackupCompanions(ctx, tmp, dest, time.Now()); err != nil { // file times are the real clock
		os.Remove(tmp)
		return "", err
	}
	crashPoint("backup.synced")
	if err := os.Rename(tmp, dest); err != nil {
		os.Remove(tmp)
		return "", folderError("the backup", filepath.Dir(dest), err)
	}
	crashPoint("backup.renamed")
	return dest, nil
}

// startBackup makes the folder of the backup file dest, refuses a dest
// that exists, and creates the empty file the copy is written into,
// dest.partial, 0600 from its first byte (renamed to dest once whole).
func startBackup(dest string) (tmp string, err error) {
	if err := os.MkdirAll(filepath.Dir(dest), 0o700); err != nil {
		return "", folderError("the backup", filepath.Dir(dest), err)
	}
	if _, err := os.Stat(dest); err == nil {
		return "", app.Errorf(app.EConflict, "%s already exists; choose another file name.", dest)
	}
	tmp = dest + ".partial"
	os.Remove(tmp)
	if err := createPrivate(tmp); err != nil {
		return "", err
	}
	crashPoint("backup.created")
	return tmp, nil
}

// beforeCopy, when set (tests), sees the backup's file before anything is
// written into it.
var beforeCopy func(tmp string)

// createPrivate creates path as an empty file readable by its owner only
// (whatever the process's umask), replacing nothing.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return folderError("the backup", filepath.Dir(path), err)
	}
	return f.Close()
}

// cleanPartials removes what backups or restores killed half way left in
// dir (".partial" and ".restoring" files, and the temporary files of a
// manifest or key copy) once they have not been written
// to for an hour: a copy still being written is left alone.
func cleanPartials(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		n := e.Name()
		if !strings.HasSuffix(n, ".partial") && !strings.HasSuffix(n, ".restoring") && !isPrivateTemp(n) {
			continue
		}
		if db, ok := strings.CutSuffix(n, ".restoring"); ok && exists(journalPath(filepath.Join(dir, db))) {
			continue // an interrupted restore still needs it
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > time.Hour { // file times are the real clock
			os.Remove(filepath.Join(dir, n))
		}
	}
}

// tightenModes makes the database at path, its WAL and shared-memory files
// readable by their owner only, if they are not already.
func tightenModes(path string) {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if info, err := os.Stat(p); err == nil && info.Mode().IsRegular() && info.Mode().Perm()&0o077 != 0 {
			os.Chmod(p, info.Mode().Perm()&0o700)
		}
	}
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

// dailyPrefix starts the name of every automatic daily backup of the
// database at dbPath: its own file name, so that two databases in one
// folder each get their own ("frontdesk.db" → "frontdesk-daily-").
func dailyPrefix(dbPath string) string {
	base := filepath.Base(dbPath)
	return strings.TrimSuffix(base, filepath.Ext(base)) + "-daily-"
}

// isDailyBackup reports whether name is one of the daily backups made with
// prefix: the prefix, a date and ".db", nothing else (so "center-daily-"
// never takes "center-daily-x-daily-…" for its own).
func isDailyBackup(name, prefix string) bool {
	day, ok := strings.CutPrefix(name, prefix)
	if !ok {
		return false
	}
	day, ok = strings.CutSuffix(day, ".db")
	if !ok {
		return false
	}
	_, err := time.Parse("2006-01-02", day)
	return err == nil
}

// DailyBackup makes today's automatic backup of the store's database in dir
// unless there already is one, then keeps only the newest keep daily
// backups of this database (others in the folder are left alone). made
// reports whether a new file was written.
func (s *Store) DailyBackup(ctx context.Context, dir string, now time.Time, keep int) (path string, made bool, err error) {
	if s.pg {
		return "", false, errServerBackup()
	}
	if keep < 1 {
		keep = 14
	}
	prefix := dailyPrefix(s.path)
	cleanPartials(dir)
	path = filepath.Join(dir, prefix+now.Format("2006-01-02")+".db")
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
		if n := e.Name(); isDailyBackup(n, prefix) {
			daily = append(daily, n)
		}
	}
	sort.Strings(daily) // dates sort as text
	for len(daily) > keep {
		old := filepath.Join(dir, daily[0])
		os.Remove(old)
		for _, p := range backupCompanions(old) {
			os.Remove(p)
		}
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
		return damagedBackup(path, err)
	}
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return damagedBackup(path, err)
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
		return damagedBackup(path, err)
	}
	return nil
}

// damagedBackup is CheckBackup's refusal of a damaged backup file.
func damagedBackup(path string, err error) error {
	return app.Errorf(app.EInvalid, "%s is damaged and cannot be restored (%v). Choose another backup.", path, shortErr(err))
}

// errServerBackup refuses a desk's daily backup of a center server: the
// server is backed up by its administrator (frontdeskctl backup, pg_dump;
// README, "A center server").
func errServerBackup() error {
	return app.Errorf(app.EInvalid, "This desk uses the center server: its records are backed up by the server's administrator (frontdeskctl backup, pg_dump), not by each desk. See README, \"A center server\".")
}
