// Package datatest gives tests a real Front Desk database: a fresh SQLite
// file under t.TempDir(), a fixed clock, a site and a service acting as the
// local operator. It is imported only by tests.
package datatest

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/data"
)

// Now is the fixed clock of Env: Tuesday 2026-03-10, 10:15 in Los Angeles.
var Now = time.Date(2026, 3, 10, 17, 15, 0, 0, time.UTC)

// Env is a test's database, service and site.
type Env struct {
	Store *data.Store
	Svc   *app.Service
	Site  app.Site
	Ctx   context.Context // carries app.LocalOperator
	Path  string
	// Clock is the current time; tests move it by assigning to it.
	Clock time.Time
}

// MustOpen opens a new database file under tb.TempDir() and closes it when the
// test ends.
func MustOpen(tb testing.TB) (*data.Store, string) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "frontdesk.db")
	st, err := data.Open(context.Background(), path, data.Options{})
	if err != nil {
		tb.Fatalf("open %s: %v", path, err)
	}
	tb.Cleanup(func() { st.Close() })
	return st, path
}

// New returns an Env with one site, "East LA WorkSource Center", in
// America/Los_Angeles, and the clock at Now.
func New(tb testing.TB) *Env {
	tb.Helper()
	st, path := MustOpen(tb)
	e := &Env{Store: st, Path: path, Clock: Now, Ctx: app.WithActor(context.Background(), app.LocalOperator)}
	e.Svc = app.NewService(st, func() time.Time { return e.Clock })
	site, err := e.Svc.CreateSite(e.Ctx, app.Site{
		Name: "East LA WorkSource Center", Address: "2150 N Lincoln St, Los Angeles, CA 90031",
		Phone: "(323) 555-0100", TimeZone: "America/Los_Angeles",
		ContactName: "Rosa Delgado", ContactPhone: "323-555-0101", ContactEmail: "rosa.delgado@example.org",
	})
	if err != nil {
		tb.Fatalf("create site: %v", err)
	}
	e.Site = site
	return e
}

// Participant adds a participant with the given names (and optional phone)
// at the Env's site, failing the test on error.
func (e *Env) Participant(tb testing.TB, first, last, phone string) app.Participant {
	tb.Helper()
	p, err := e.Svc.AddParticipant(e.Ctx, app.Participant{SiteID: e.Site.ID, FirstName: first, LastName: last, Phone: phone, Language: "en"})
	if err != nil {
		tb.Fatalf("add participant %s %s: %v", first, last, err)
	}
	return p
}

// Event adds an event of kind at the Env's site starting at start (local
// wall-clock in the site's zone is the caller's business) and lasting d.
func (e *Env) Event(tb testing.TB, kind app.EventKind, title string, start time.Time, d time.Duration, capacity int) app.Event {
	tb.Helper()
	ev, err := e.Svc.AddEvent(e.Ctx, app.Event{SiteID: e.Site.ID, Kind: kind, Title: title, Start: start, End: start.Add(d), Capacity: capacity, Language: "en", Location: "Room A"})
	if err != nil {
		tb.Fatalf("add event %s: %v", title, err)
	}
	return ev
}
