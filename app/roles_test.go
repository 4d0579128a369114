package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"frontdesk/app"
)

// TestRoleByActionTable runs every service action as a person holding one
// role at a time and checks it is allowed exactly for the roles that may do
// it (seed 002 and the check-in issue). Refusals must be EForbidden and must
// change nothing.
func TestRoleByActionTable(t *testing.T) {
	e, admin := withAdmin(t)
	fd, cm, kc, dir, ad := app.RoleFrontDesk, app.RoleCaseManager, app.RoleCirculation, app.RoleDirector, app.RoleAdministrator
	p := e.Participant(t, "María", "González", "213-555-0142")
	loc := e.Site.Location()
	start := time.Date(2026, 3, 10, 10, 0, 0, 0, loc)
	ev := e.Event(t, app.KindWorkshop, "Resume Writing", start, 2*time.Hour, 20)
	target := app.Target{SiteID: e.Site.ID, EventID: ev.ID}
	visit := app.Target{SiteID: e.Site.ID, Reason: app.ReasonComputerUse}
	other := addStaff(t, e, admin, "other", fd)
	any := []app.Role{fd, cm, kc, dir, ad}
	n := 0
	uniq := func() string { n++; return strings.Repeat("x", n) }
	// kit lending (kitRoleFixtures in kits_roles_test.go)
	kf := kitRoleFixtures(t, e)

	actions := []struct {
		name    string
		allowed []app.Role
		call    func(ctx context.Context) error
	}{
		{"scan check-in", []app.Role{fd}, func(ctx context.Context) error { _, err := e.Svc.ScanCheckIn(ctx, target, p.Code); return err }},
		{"check in from search", []app.Role{fd}, func(ctx context.Context) error {
			_, err := e.Svc.CheckInParticipant(ctx, visit, p.ID, app.MethodSearch)
			return err
		}},
		{"walk-in registration", []app.Role{fd}, func(ctx context.Context) error {
			_, err := e.Svc.RegisterWalkIn(ctx, target, app.Participant{FirstName: "Walk" + uniq(), LastName: "In"})
			return err
		}},
		{"undo check-in", []app.Role{fd}, func(ctx context.Context) error {
			err := e.Svc.UndoCheckIn(ctx, 999999)
			if app.ErrorCode(err) == app.ENotFound {
				return nil
			}
			return err
		}},
		{"list check-ins", []app.Role{fd}, func(ctx context.Context) error { _, err := e.Svc.CheckIns(ctx, ev.ID); return err }},
		{"live counts", []app.Role{fd}, func(ctx context.Context) error { _, err := e.Svc.EventCounts(ctx, ev.ID); return err }},
		{"pre-register", []app.Role{fd}, func(ctx context.Context) error { return e.Svc.Register(ctx, ev.ID, p.ID) }},
		{"participant by card", []app.Role{fd, kc}, func(ctx context.Context) error { _, err := e.Svc.ParticipantByCode(ctx, p.Code); return err }},
		{"import participants", []app.Role{fd}, func(ctx context.Context) error {
			_, err := e.Svc.ImportParticipants(ctx, e.Site.ID, []app.ImportRow{{Line: 2, First: "Imp" + uniq(), Last: "Orted"}}, app.ImportOptions{})
			return err
		}},
		{"add participant", []app.Role{fd, cm}, func(ctx context.Context) error {
			_, err := e.Svc.AddParticipant(ctx, app.Participant{SiteID: e.Site.ID, FirstName: "Add" + uniq(), LastName: "Ed"})
			return err
		}},
		{"open full record", []app.Role{fd, cm, kc}, func(ctx context.Context) error { _, err := e.Svc.Participant(ctx, p.ID); return err }},
		{"edit participant", []app.Role{fd, cm}, func(ctx context.Context) error { _, err := e.Svc.UpdateParticipant(ctx, p); return err }},
		{"search participants", []app.Role{fd, cm}, func(ctx context.Context) error { _, err := e.Svc.SearchParticipants(ctx, "mar", 5); return err }},
		{"list participants", []app.Role{fd, cm}, func(ctx context.Context) error {
			_, err := e.Svc.Participants(ctx, app.ParticipantFilter{})
			return err
		}},
		{"count participants", []app.Role{fd, cm}, func(ctx context.Context) error { _, err := e.Svc.CountParticipants(ctx, 0); return err }},
		{"add event", []app.Role{fd, dir}, func(ctx context.Context) error {
			_, err := e.Svc.AddEvent(ctx, app.Event{SiteID: e.Site.ID, Title: "T" + uniq(), Start: start, End: start.Add(time.Hour)})
			return err
		}},
		{"edit event", []app.Role{fd, dir}, func(ctx context.Context) error { _, err := e.Svc.UpdateEvent(ctx, ev); return err }},
		{"list events", any, func(ctx context.Context) error { _, err := e.Svc.Events(ctx, app.EventFilter{}); return err }},
		{"list sites", any, func(ctx context.Context) error { _, err := e.Svc.Sites(ctx); return err }},
		{"print kit labels", []app.Role{kc}, func(ctx context.Context) error { return e.Svc.RecordKitPrint(ctx, app.ActionPrintLabels, 0, 30) }},
		{"print a card", []app.Role{fd}, func(ctx context.Context) error { return e.Svc.RecordCardPrint(ctx, p.ID) }},
		{"export a roster", []app.Role{dir}, func(ctx context.Context) error {
			return e.Svc.RecordExport(ctx, app.RoleDirector, "export.roster", "participants", 3)
		}},
		{"edit site", []app.Role{ad}, func(ctx context.Context) error { _, err := e.Svc.UpdateSite(ctx, e.Site); return err }},
		{"create account", []app.Role{ad}, func(ctx context.Context) error {
			_, err := e.Svc.CreateStaff(ctx, app.NewStaff{Username: "new" + uniq(), DisplayName: "N", Roles: []app.Role{fd}, Password: tempPW})
			return err
		}},
		{"list accounts", []app.Role{ad}, func(ctx context.Context) error { _, err := e.Svc.ListStaff(ctx); return err }},
		{"reset password", []app.Role{ad}, func(ctx context.Context) error {
			_, err := e.Svc.ResetPassword(ctx, other.ID, "reset number "+uniq())
			return err
		}},
		{"set roles", []app.Role{ad}, func(ctx context.Context) error {
			_, err := e.Svc.SetStaffRoles(ctx, other.ID, []app.Role{fd})
			return err
		}},
		{"set dates", []app.Role{ad}, func(ctx context.Context) error {
			d := e.Clock
			_, err := e.Svc.SetStaffDates(ctx, other.ID, &d, nil)
			return err
		}},
		{"read audit log", []app.Role{ad}, func(ctx context.Context) error { _, err := e.Svc.AuditLog(ctx, app.AuditFilter{}); return err }},
		{"verify audit log", []app.Role{ad}, func(ctx context.Context) error { _, err := e.Svc.VerifyAudit(ctx); return err }},
		{"change settings", []app.Role{ad}, func(ctx context.Context) error { return e.Svc.SetSettings(ctx, app.Settings{AutoLockMinutes: 7}) }},
	}
	actions = append(actions, kf.actions...)
	ctxs := map[app.Role]context.Context{}
	for i, r := range app.Roles {
		addStaff(t, e, admin, "role"+string(rune('a'+i)), r)
		ctxs[r] = signIn(t, e, "role"+string(rune('a'+i)))
	}
	countRows := func() int {
		var n int
		rawDB(t, e).QueryRow(`SELECT (SELECT count(*) FROM checkins)+(SELECT count(*) FROM participants)+(SELECT count(*) FROM events)+(SELECT count(*) FROM staff)+(SELECT count(*) FROM kits)+(SELECT count(*) FROM loans)+(SELECT count(*) FROM holds)+(SELECT count(*) FROM sessions)+(SELECT count(*) FROM enrolments)`).Scan(&n)
		return n
	}
	for _, a := range actions {
		for _, r := range app.Roles {
			allowed := false
			for _, x := range a.allowed {
				allowed = allowed || x == r
			}
			before := countRows()
			err := a.call(ctxs[r])
			switch {
			case allowed && err != nil:
				t.Errorf("%s as %s: refused: %v", a.name, r, err)
			case !allowed && app.ErrorCode(err) != app.EForbidden:
				t.Errorf("%s as %s: want forbidden, got %v", a.name, r, err)
			case !allowed && countRows() != before:
				t.Errorf("%s as %s: refused but changed the database", a.name, r)
			}
		}
	}
	// nobody signed in: everything is refused
	for _, a := range actions {
		if err := a.call(context.Background()); app.ErrorCode(err) != app.EForbidden {
			t.Errorf("%s without sign-in: %v", a.name, err)
		}
	}
}
