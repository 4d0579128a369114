//go:build unix

package data

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// A backup is private from its first byte, whatever the umask: the file
// VACUUM INTO writes into is 0600 before any data is in it. Leftovers of a
// killed backup are removed by the next daily backup; a database, WAL and
// shared-memory file left readable by others are tightened on open.
func TestBackupsArePrivateFromTheFirstByte(t *testing.T) {
	old := syscall.Umask(0) // the worst case: files made 0666 unless asked otherwise
	defer syscall.Umask(old)
	dir := t.TempDir()
	path := filepath.Join(dir, "frontdesk.db")
	st, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var seen os.FileMode
	var size int64 = -1
	beforeCopy = func(tmp string) {
		if info, err := os.Stat(tmp); err == nil {
			seen, size = info.Mode().Perm(), info.Size()
		}
	}
	defer func() { beforeCopy = nil }()
	dest := filepath.Join(dir, "backups", "b.db")
	if _, err := st.BackupTo(context.Background(), dest); err != nil {
		t.Fatal(err)
	}
	if seen != 0o600 || size != 0 {
		t.Fatalf("the backup's file before the copy: mode %v, size %d; want 0600 and empty", seen, size)
	}
	if info, err := os.Stat(dest); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("backup %v %v", info, err)
	}

	// a killed backup's leftover, an hour old, goes with the next daily one
	stale := filepath.Join(dir, "backups", "frontdesk-daily-2026-03-09.db.partial")
	fresh := filepath.Join(dir, "backups", "other.db.partial")
	staleManifest := filepath.Join(dir, "backups", "frontdesk-daily-2026-03-09.db.manifest.json.tmp-123")
	for _, p := range []string{stale, fresh, staleManifest} {
		if err := os.WriteFile(p, []byte("names"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	hourAgo := time.Now().Add(-2 * time.Hour)
	os.Chtimes(stale, hourAgo, hourAgo)
	os.Chtimes(staleManifest, hourAgo, hourAgo)
	if _, _, err := st.DailyBackup(context.Background(), filepath.Join(dir, "backups"), time.Now(), 14); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Fatal("a stale .partial was left")
	}
	if _, err := os.Stat(staleManifest); !os.IsNotExist(err) {
		t.Fatal("a stale manifest being written was left")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Fatal("a .partial still being written was removed")
	}
	st.Close()

	// files left 0644 by an older version are tightened on open
	for _, p := range []string{path, path + "-wal"} {
		if _, err := os.Stat(p); err == nil {
			os.Chmod(p, 0o644)
		}
	}
	st2, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if info, err := os.Stat(p); err == nil && info.Mode().Perm() != 0o600 {
			t.Errorf("%s is %v after open, want 0600", filepath.Base(p), info.Mode().Perm())
		}
	}
}
