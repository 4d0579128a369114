package app_test

import (
	"database/sql"
	"errors"
	"testing"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// rawDB opens a second, plain connection to e's database file, for checks
// that go under the services.
func rawDB(t *testing.T, e *datatest.Env) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", e.Path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// errorsAs is errors.As for *app.Error.
func errorsAs(err error, target **app.Error) bool { return errors.As(err, target) }
