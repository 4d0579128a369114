package data

import (
	"errors"
	"io/fs"
	"strings"
	"syscall"

	"frontdesk/app"

	"github.com/jackc/pgx/v5/pgconn"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// resultCode is SQLite's extended result code behind err, or 0.
func resultCode(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code()
	}
	return 0
}

// isUnique reports whether err is a UNIQUE (or primary key) violation.
func isUnique(err error) bool {
	if pgCode(err) == "23505" {
		return true
	}
	c := resultCode(err)
	return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

// isCheck reports whether err is a CHECK constraint violation.
// uniqueOn reports whether err is a unique violation of table's column:
// SQLite names it "table.column" in its message, PostgreSQL in the
// violation's table and key detail ("Key (column)=(…) already exists.").
func uniqueOn(err error, table, column string) bool {
	if !isUnique(err) {
		return false
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.TableName == table && strings.HasPrefix(pe.Detail, "Key ("+column+")=")
	}
	return strings.Contains(err.Error(), table+"."+column)
}

func isCheck(err error) bool {
	if pgCode(err) == "23514" {
		return true
	}
	return resultCode(err) == sqlite3.SQLITE_CONSTRAINT_CHECK
}

// isBusy reports whether err is SQLite's "database is busy/locked": another
// connection holds the lock this one needs.
func isBusy(err error) bool {
	c := resultCode(err) & 0xff
	return c == sqlite3.SQLITE_BUSY || c == sqlite3.SQLITE_LOCKED
}

// fileError turns what SQLite or the OS said about the database file at
// path (or its folder) into an *app.Error with a message of its own: busy,
// read-only, cannot be opened, disk full. It returns nil for anything else
// (a damaged file, a fault of the program), which the caller reports.
func fileError(path string, err error) *app.Error {
	if err == nil {
		return nil
	}
	switch resultCode(err) & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return errBusy()
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM:
		return app.Errorf(app.EInvalid, "The database %s can be read but not written: the file or its folder is read-only (or on a read-only drive). Nothing was changed. Make the file and its folder writable for this account, or open a copy.", path)
	case sqlite3.SQLITE_CANTOPEN:
		return app.Errorf(app.EInvalid, "The database %s cannot be opened: the file or its folder cannot be read or written by this account (a read-only folder, or its -wal/-shm files belong to someone else). The file was left unchanged.", path)
	case sqlite3.SQLITE_FULL:
		return app.Errorf(app.EInvalid, "The disk holding %s is full. Nothing was changed. Free some space, then try again.", path)
	}
	// an OS error names its own file (an export, a printout, a backup)
	var pe *fs.PathError
	if errors.As(err, &pe) {
		path = pe.Path
	}
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return app.Errorf(app.EInvalid, "The disk holding %s is full. Free some space, then try again.", path)
	case errors.Is(err, syscall.EROFS), errors.Is(err, syscall.EACCES), errors.Is(err, syscall.EPERM):
		return app.Errorf(app.EInvalid, "Cannot write %s: it or its folder is read-only for this account (or on a read-only drive). Make it writable or choose another place.", path)
	}
	return nil
}

// folderError turns the OS's answer to writing into folder dir (for a
// backup, say what) into an *app.Error naming the folder and why.
func folderError(what, dir string, err error) *app.Error {
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return app.Errorf(app.EInvalid, "Cannot write %s to %s: the disk is full. Free some space or choose another folder.", what, dir)
	case errors.Is(err, syscall.EROFS), errors.Is(err, syscall.EACCES), errors.Is(err, syscall.EPERM):
		return app.Errorf(app.EInvalid, "Cannot write %s to %s: the folder is read-only for this account. Choose another folder or make it writable.", what, dir)
	case errors.Is(err, syscall.ENOTDIR), errors.Is(err, syscall.EEXIST):
		return app.Errorf(app.EInvalid, "Cannot write %s to %s: part of that path is a file, not a folder. Choose another folder.", what, dir)
	case errors.Is(err, syscall.ENOENT):
		return app.Errorf(app.EInvalid, "Cannot write %s to %s: the folder does not exist (is the drive mounted?).", what, dir)
	}
	if fe := fileError(dir, err); fe != nil {
		return app.Errorf(fe.Code, "Cannot write %s to %s: %s", what, dir, fe.Message)
	}
	return app.Errorf(app.EInvalid, "Cannot write %s to %s: %v", what, dir, err)
}

// classify keeps an *app.Error as it is, gives the failures of the file
// itself their own message (fileError) and makes anything else internal.
func (s *Store) classify(err error) error {
	if err == nil {
		return nil
	}
	var e *app.Error
	if errors.As(err, &e) {
		return err
	}
	if s.pg {
		if unreachable(err) {
			return serverError(s.path, err)
		}
		return &app.Error{Code: app.EInternal, Message: err.Error()}
	}
	if fe := fileError(s.path, err); fe != nil {
		return fe
	}
	return &app.Error{Code: app.EInternal, Message: err.Error()}
}

// FileError explains err, a failure reading or writing the database at
// path, a file beside it or a folder, when it is one a person can act on:
// busy, read-only, cannot be opened, disk full. It returns nil for any
// other error. Programs use it so such failures never read "internal error".
func FileError(path string, err error) error {
	if fe := fileError(path, err); fe != nil {
		return fe
	}
	return nil
}
