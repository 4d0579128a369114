package app_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// sheetActor returns a context acting as a person holding only the given roles.
func sheetActor(username string, roles ...app.Role) context.Context {
	return app.WithActor(context.Background(), app.Actor{Username: username, Name: username, Roles: roles})
}

func TestEventRosterNameOrderAndRoles(t *testing.T) {
	e := datatest.New(t)
	start := time.Date(2026, 3, 10, 17, 0, 0, 0, time.UTC)
	ev := e.Event(t, app.KindOrientation, "Orientation", start, 90*time.Minute, 30)
	other := e.Event(t, app.KindWorkshop, "Resume Writing", start.Add(3*time.Hour), time.Hour, 0)
	names := [][2]string{{"Zoe", "Álvarez"}, {"ana", "alvarez"}, {"Bo", "Chen"}, {"María", "González"}, {"Ángel", "Zamora"}}
	ids := map[string]int64{}
	for _, n := range names {
		p := e.Participant(t, n[0], n[1], "")
		ids[n[0]] = p.ID
		if n[0] != "Ángel" { // not registered
			if err := e.Svc.Register(e.Ctx, ev.ID, p.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := e.Svc.Register(e.Ctx, other.ID, ids["Ángel"]); err != nil {
		t.Fatal(err)
	}

	got, site, ps, err := e.Svc.EventRoster(sheetActor("dir", app.RoleDirector), ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != ev.ID || site.ID != e.Site.ID || site.Name != e.Site.Name {
		t.Errorf("EventRoster = event %d, site %+v", got.ID, site)
	}
	var order []string
	for _, p := range ps {
		order = append(order, p.FirstName)
	}
	// By folded last name, then first name: accents and case do not count.
	want := []string{"ana", "Zoe", "Bo", "María"}
	if len(order) != len(want) {
		t.Fatalf("roster %v, want %v", order, want)
	}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("roster %v, want %v", order, want)
		}
	}

	// An event with no registrations has an empty roster; a missing one is not found.
	empty := e.Event(t, app.KindOther, "Drop-in", start.Add(24*time.Hour), time.Hour, 0)
	if _, _, ps, err := e.Svc.EventRoster(e.Ctx, empty.ID); err != nil || len(ps) != 0 {
		t.Errorf("empty roster: %v, %v", ps, err)
	}
	if _, _, _, err := e.Svc.EventRoster(e.Ctx, 9999); app.ErrorCode(err) != app.ENotFound {
		t.Errorf("missing event: %v", err)
	}

	// Only directors may read a roster or print a sheet, blank or not.
	for _, roles := range [][]app.Role{{app.RoleFrontDesk}, {app.RoleCaseManager}, {app.RoleAdministrator}, nil} {
		ctx := sheetActor("someone", roles...)
		if _, _, _, err := e.Svc.EventRoster(ctx, ev.ID); app.ErrorCode(err) != app.EForbidden {
			t.Errorf("%v: EventRoster: %v, want EForbidden", roles, err)
		}
		for _, prefilled := range []bool{true, false} {
			if err := e.Svc.RecordSheetPrint(ctx, ev.ID, prefilled, 4); app.ErrorCode(err) != app.EForbidden {
				t.Errorf("%v: RecordSheetPrint(%v): %v, want EForbidden", roles, prefilled, err)
			}
		}
	}
	if _, _, _, err := e.Svc.EventRoster(context.Background(), ev.ID); app.ErrorCode(err) != app.EForbidden {
		t.Errorf("nobody signed in: %v", err)
	}
}

func TestRecordSheetPrintAudit(t *testing.T) {
	e := datatest.New(t)
	ev := e.Event(t, app.KindOrientation, "Orientation", time.Date(2026, 3, 10, 17, 0, 0, 0, time.UTC), time.Hour, 0)
	dir := sheetActor("dir", app.RoleDirector)
	if err := e.Svc.RecordSheetPrint(dir, ev.ID, true, 12); err != nil {
		t.Fatal(err)
	}
	if err := e.Svc.RecordSheetPrint(dir, ev.ID, false, 42); err != nil {
		t.Fatal(err)
	}
	if err := e.Svc.RecordSheetPrint(dir, 9999, false, 0); app.ErrorCode(err) != app.ENotFound {
		t.Errorf("sheet of a missing event: %v", err)
	}
	log, err := e.Svc.AuditLog(e.Ctx, app.AuditFilter{Action: "print."})
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 {
		t.Fatalf("audit: %+v", log)
	}
	ref := strconv.FormatInt(ev.ID, 10)
	blank, roster := log[0], log[1] // newest first
	if roster.Actor != "dir" || roster.Action != app.ActionPrintRoster || roster.Entity != "event" || roster.Ref != ref || roster.Detail != "12 rows" {
		t.Errorf("roster print audited as %+v", roster)
	}
	if blank.Actor != "dir" || blank.Action != app.ActionPrintSheet || blank.Entity != "event" || blank.Ref != ref || blank.Detail != "" {
		t.Errorf("blank sheet print audited as %+v", blank)
	}
}

func TestSheetContactColumnsSetting(t *testing.T) {
	e := datatest.New(t)
	st, err := e.Svc.Settings(e.Ctx)
	if err != nil || st.SheetContactColumns {
		t.Fatalf("default settings %+v, %v: contact columns must be off", st, err)
	}
	st.SheetContactColumns = true
	if err := e.Svc.SetSettings(e.Ctx, st); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.Svc.Settings(e.Ctx); !got.SheetContactColumns || got.AutoLockMinutes != st.AutoLockMinutes {
		t.Fatalf("after saving: %+v", got)
	}
	st.SheetContactColumns = false
	if err := e.Svc.SetSettings(e.Ctx, st); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.Svc.Settings(e.Ctx); got.SheetContactColumns {
		t.Fatalf("after turning off: %+v", got)
	}
	if err := e.Svc.SetSettings(sheetActor("dir", app.RoleDirector), st); app.ErrorCode(err) != app.EForbidden {
		t.Errorf("a director changed the settings: %v", err)
	}
}
