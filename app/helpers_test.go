package app_test

import (
	"errors"
	"testing"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// rawDB opens a second, plain connection to e's database (a file or a
// test server's database), for checks that go under the services.
func rawDB(t *testing.T, e *datatest.Env) *datatest.Raw {
	t.Helper()
	return datatest.OpenRaw(t, e.Path)
}

// errorsAs is errors.As for *app.Error.
func errorsAs(err error, target **app.Error) bool { return errors.As(err, target) }
