package data

import (
	"errors"
	"os"
	"path/filepath"
	"time"

	"frontdesk/app"
)

// The database lock: every process that opens a Front Desk database (the
// app, every frontdeskctl command) holds a shared OS lock on a file beside
// it ("frontdesk.db.lock") for as long as it has the database open. A
// restore takes the lock exclusively, without waiting, so it never replaces
// a file another process is writing to. The lock file itself is never
// moved or removed.

// errLockBusy is returned by the platform lock calls when another process
// holds a conflicting lock.
var errLockBusy = errors.New("the database lock is held by another process")

// lockPath is the lock file of the database at dbPath.
func lockPath(dbPath string) string { return dbPath + ".lock" }

// dbLock is a held lock on a database's lock file.
type dbLock struct{ f *os.File }

// openLockFile opens (creating, mode 0600) the lock file of dbPath.
func openLockFile(dbPath string) (*os.File, error) {
	f, err := os.OpenFile(lockPath(dbPath), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, app.Errorf(app.EInvalid, "Cannot open the lock file %s beside the database: %v", lockPath(dbPath), err)
	}
	return f, nil
}

// sharedLockWait is how long opening a database waits for a restore that
// holds the lock exclusively.
var sharedLockWait = 30 * time.Second

// lockShared takes the shared lock of dbPath, waiting while a restore holds
// it exclusively.
func lockShared(dbPath string) (*dbLock, error) {
	f, err := openLockFile(dbPath)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(sharedLockWait)
	for {
		err := tryLock(f, false)
		if err == nil {
			return &dbLock{f: f}, nil
		}
		if !errors.Is(err, errLockBusy) || time.Now().After(deadline) {
			f.Close()
			if errors.Is(err, errLockBusy) {
				return nil, app.Errorf(app.EConflict, "%s is being restored from a backup by another command. Try again when the restore has finished.", dbPath)
			}
			return nil, app.Errorf(app.EInternal, "lock %s: %v", lockPath(dbPath), err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// lockExclusive takes the lock of dbPath exclusively, without waiting: it
// fails when any other process (or another Store in this one) has the
// database open.
func lockExclusive(dbPath string) (*dbLock, error) {
	if err := os.MkdirAll(filepath.Dir(dbPath), 0o700); err != nil {
		return nil, app.Errorf(app.EInvalid, "Cannot create the database folder: %v", err)
	}
	f, err := openLockFile(dbPath)
	if err != nil {
		return nil, err
	}
	if err := tryLock(f, true); err != nil {
		f.Close()
		if errors.Is(err, errLockBusy) {
			return nil, app.Errorf(app.EConflict, "%s is in use by Front Desk or another frontdeskctl command, so it was not replaced. Close Front Desk on every computer using this file (and wait for other commands to finish) first. Nothing was changed.", dbPath)
		}
		return nil, app.Errorf(app.EInternal, "lock %s: %v", lockPath(dbPath), err)
	}
	return &dbLock{f: f}, nil
}

// release drops the lock.
func (l *dbLock) release() {
	if l == nil || l.f == nil {
		return
	}
	unlock(l.f)
	l.f.Close()
	l.f = nil
}
