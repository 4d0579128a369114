package app_test

import (
	"context"
	"strings"
	"testing"

	"frontdesk/app"
)

// countAudit counts the audit records whose action starts with action.
func countAudit(t *testing.T, svc *app.Service, admin context.Context, action string) int {
	t.Helper()
	log, err := svc.AuditLog(admin, app.AuditFilter{Action: action, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return len(log)
}

// An administrator whose dates ran out may still administer accounts, but
// not back up or export personal data, nor list it through other roles.
func TestExpiredAdministratorCannotExportOrBackUp(t *testing.T) {
	e, rosa := withAdmin(t)
	e.Participant(t, "María", "González", "213-555-0142")
	addStaff(t, e, rosa, "dana", app.RoleAdministrator, app.RoleDirector, app.RoleFrontDesk)
	dana := signIn(t, e, "dana")
	if err := e.Svc.CheckExport(dana, app.RoleAdministrator); err != nil {
		t.Fatalf("current dates: %v", err)
	}
	if err := e.Svc.RecordExport(dana, app.RoleAdministrator, "backup.create", "database", -1); err != nil {
		t.Fatalf("current dates: %v", err)
	}
	e.Clock = e.Clock.AddDate(1, 1, 0) // every date has run out
	sess, err := e.Svc.SignIn(context.Background(), "dana", ownPW)
	if err != nil || !sess.Actor.Restricted {
		t.Fatalf("sign in after a year: %+v %v", sess.Actor, err)
	}
	dana = app.WithActor(context.Background(), sess.Actor)
	before := countAudit(t, e.Svc, rosa, "backup.create")
	err = e.Svc.CheckExport(dana, app.RoleAdministrator)
	wantCode(t, err, app.EForbidden, "backups and exports of personal data are closed")
	err = e.Svc.RecordExport(dana, app.RoleAdministrator, "backup.create", "database", -1)
	wantCode(t, err, app.EForbidden, "expired")
	err = e.Svc.RecordExport(dana, app.RoleAdministrator, "audit.export", "audit", 3)
	wantCode(t, err, app.EForbidden, "expired")
	if n := countAudit(t, e.Svc, rosa, "backup.create"); n != before {
		t.Fatalf("a refused backup was recorded: %d -> %d", before, n)
	}
	_, err = e.Svc.Participants(dana, app.ParticipantFilter{Limit: 1000})
	wantCode(t, err, app.EForbidden, "expired")
	_, _, err = e.Svc.ExportEvents(dana, e.Clock.AddDate(0, -1, 0), e.Clock, "ics")
	wantCode(t, err, app.EForbidden, "expired")
	// Administration itself stays open: the audit log, accounts.
	if _, err := e.Svc.AuditLog(dana, app.AuditFilter{Limit: 5}); err != nil {
		t.Fatalf("audit log: %v", err)
	}
	if _, err := e.Svc.ListStaff(dana); err != nil {
		t.Fatalf("accounts: %v", err)
	}
	// Another administrator records dana's dates: exports open again.
	today := e.Clock
	if _, err := e.Svc.SetStaffDates(rosa, sess.Staff.ID, &today, &today); err != nil {
		t.Fatal(err)
	}
	sess, err = e.Svc.SignIn(context.Background(), "dana", ownPW)
	if err != nil || sess.Actor.Restricted {
		t.Fatalf("after new dates: %+v %v", sess.Actor, err)
	}
	if err := e.Svc.CheckExport(app.WithActor(context.Background(), sess.Actor), app.RoleAdministrator); err != nil {
		t.Fatal(err)
	}
}

// Administrators record each other's dates; their own only as the sole
// active administrator, audited as such and flagged in the access review.
func TestOwnDatesOnlyForTheSoleAdministrator(t *testing.T) {
	e, rosa := withAdmin(t)
	for _, u := range []string{"ana", "ben", "cruz", "dee"} {
		addStaff(t, e, rosa, u, app.RoleFrontDesk)
	}
	danaSt := addStaff(t, e, rosa, "dana", app.RoleAdministrator)
	dana := signIn(t, e, "dana")
	today := e.Clock
	_, err := e.Svc.SetStaffDates(dana, danaSt.ID, &today, &today)
	wantCode(t, err, app.EForbidden, "another administrator (rosa) must record them")
	if _, err := e.Svc.SetStaffDates(rosa, danaSt.ID, &today, nil); err != nil {
		t.Fatalf("rosa records dana's date: %v", err)
	}
	all, _ := e.Svc.ListStaff(rosa)
	var rosaID int64
	for _, s := range all {
		if s.Username == "rosa" {
			rosaID = s.ID
		}
	}
	if _, err := e.Svc.DeactivateStaff(dana, rosaID); err != nil {
		t.Fatal(err)
	}
	// dana is now the only administrator: no one else could.
	if _, err := e.Svc.SetStaffDates(dana, danaSt.ID, &today, &today); err != nil {
		t.Fatalf("sole administrator's own dates: %v", err)
	}
	got := strings.Join(auditActions(t, e, dana, 6), " | ")
	if !strings.Contains(got, app.ActionOwnDates+":dana:own dates, as the sole active administrator: confidentiality=") {
		t.Fatalf("not audited as own dates: %s", got)
	}
	if !strings.Contains(got, "staff.dates:rosa:confidentiality=") {
		t.Fatalf("rosa's recording of dana's dates: %s", got)
	}
	// The review flags it, and whoever did it is always in the sample.
	for seed := uint64(1); seed <= 8; seed++ {
		rev, err := e.Svc.AccessReview(dana, 1, seed)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range rev.Rows {
			flags := strings.Join(r.Flags, "; ")
			if r.Staff.Username == "dana" {
				found = strings.Contains(flags, "recorded own dates on "+today.In(e.Site.Location()).Format("2006-01-02")+" (sole administrator)")
			} else if strings.Contains(flags, "own dates") {
				t.Errorf("seed %d: %s flagged: %s", seed, r.Staff.Username, flags)
			}
		}
		if !found {
			t.Fatalf("seed %d: dana not flagged in %+v", seed, rev.Rows)
		}
	}
}

// A search for a list that asks for more than a screen's worth is audited
// as a bulk read (who, how many, "search"; never what was typed); the
// search box's everyday searches are not.
func TestLargeSearchIsAuditedAsABulkRead(t *testing.T) {
	e, rosa := withAdmin(t)
	for i := 0; i < 3; i++ {
		e.Participant(t, "María", "González", "")
	}
	addStaff(t, e, rosa, "lupe", app.RoleFrontDesk)
	lupe := signIn(t, e, "lupe")
	if ps, err := e.Svc.SearchParticipants(lupe, "maría", 20); err != nil || len(ps) != 3 {
		t.Fatalf("search: %d %v", len(ps), err)
	}
	if n := countAudit(t, e.Svc, rosa, "participant.bulk_read"); n != 0 {
		t.Fatalf("a 20-row search was audited %d times", n)
	}
	if ps, err := e.Svc.SearchParticipants(lupe, "gonzález", 100000); err != nil || len(ps) != 3 {
		t.Fatalf("bulk search: %d %v", len(ps), err)
	}
	log, err := e.Svc.AuditLog(rosa, app.AuditFilter{Action: "participant.bulk_read"})
	if err != nil || len(log) != 1 {
		t.Fatalf("bulk search audited %d times: %v", len(log), err)
	}
	if l := log[0]; l.Actor != "lupe" || l.Detail != "rows=3 limit=100000 filter=search" || strings.Contains(strings.ToLower(l.Detail), "gonz") {
		t.Fatalf("audit record %+v", l)
	}
}
