package app_test

import (
	"context"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// roleAction is one row of TestRoleByActionTable.
type roleAction = struct {
	name    string
	allowed []app.Role
	call    func(ctx context.Context) error
}

type kitFixtures struct{ actions []roleAction }

// kitRoleFixtures sets up what the kit actions of the role table need and
// returns those actions. Kit circulation may do every kit action; directors
// may also create sessions, list kits and read the figures (reports); the
// front desk may enrol people and read a session's roster; lending settings
// are the administrator's, like the other settings.
func kitRoleFixtures(t *testing.T, e *datatest.Env) kitFixtures {
	t.Helper()
	fd, kc, dir, ad := app.RoleFrontDesk, app.RoleCirculation, app.RoleDirector, app.RoleAdministrator
	borrower := e.Participant(t, "Kit", "Borrower", "213-555-0160")
	renewer := e.Participant(t, "Kit", "Renewer", "213-555-0161")
	waiter := e.Participant(t, "Kit", "Waiter", "213-555-0162")
	var enrolees []app.Participant
	for _, ph := range []string{"213-555-0163", "213-555-0164"} {
		enrolees = append(enrolees, e.Participant(t, "Enrol", "Ee"+ph[len(ph)-1:], ph))
	}
	lendMe := newKit(t, e, app.KitLaptop)
	renewMe := newKit(t, e, app.KitLaptop)
	repairMe := newKit(t, e, app.KitLaptop)
	hot := newKit(t, e, app.KitHotspot)
	lend(t, e, renewer, renewMe)
	c, _, err := e.Svc.CreateCohort(e.Ctx, app.NewCohort{SiteID: e.Site.ID, Name: "Roles", Start: day(2026, 3, 9), End: day(2026, 4, 17)})
	if err != nil {
		t.Fatal(err)
	}
	enrolled := 0
	serial := 0
	notFoundOK := func(err error) error {
		if app.ErrorCode(err) == app.ENotFound {
			return nil
		}
		return err
	}
	return kitFixtures{actions: []roleAction{
		{"add kit", []app.Role{kc}, func(ctx context.Context) error {
			serial++
			_, err := e.Svc.AddKit(ctx, app.Kit{Kind: app.KitLaptop, SiteID: e.Site.ID, Components: []app.KitComponent{{Name: "laptop", Serial: "ROLE" + string(rune('A'+serial)), Required: true}}})
			return err
		}},
		{"import kits", []app.Role{kc}, func(ctx context.Context) error {
			serial++
			_, err := e.Svc.ImportKits(ctx, e.Site.ID, []app.KitImportRow{{Line: 2, Kind: "laptop", Serials: []app.ComponentSerial{{Name: "laptop", Serial: "IMP" + string(rune('A'+serial))}}}}, app.KitImportOptions{})
			return err
		}},
		{"list kits", []app.Role{kc, dir}, func(ctx context.Context) error { _, err := e.Svc.Kits(ctx, app.KitFilter{}); return err }},
		{"edit kit", []app.Role{kc}, func(ctx context.Context) error { _, err := e.Svc.UpdateKit(ctx, hot); return err }},
		{"kit by tag", []app.Role{kc}, func(ctx context.Context) error { _, err := e.Svc.KitByTag(ctx, hot.Tag); return err }},
		{"set kit status", []app.Role{kc}, func(ctx context.Context) error {
			_, err := e.Svc.SetKitStatus(ctx, repairMe.ID, app.KitInRepair, "fan noise")
			return err
		}},
		{"create session", []app.Role{kc, dir}, func(ctx context.Context) error {
			_, _, err := e.Svc.CreateCohort(ctx, app.NewCohort{SiteID: e.Site.ID, Name: "S", Start: day(2026, 3, 9), End: day(2026, 4, 17),
				Pattern: &app.WeeklyPattern{Weekdays: []time.Weekday{time.Thursday}, StartHour: 10, Duration: time.Hour, Title: "Work Ready"}})
			return err
		}},
		{"enrol", []app.Role{kc, fd}, func(ctx context.Context) error {
			err := e.Svc.Enrol(ctx, c.ID, enrolees[enrolled%len(enrolees)].ID)
			if err == nil {
				enrolled++
			}
			return err
		}},
		{"session roster", []app.Role{kc, fd}, func(ctx context.Context) error { _, err := e.Svc.CohortRoster(ctx, c.ID); return err }},
		{"checkout", []app.Role{kc}, func(ctx context.Context) error {
			_, err := e.Svc.Checkout(ctx, app.CheckoutRequest{ParticipantScan: borrower.Code, KitScan: lendMe.Tag, Components: allOut(lendMe)})
			return err
		}},
		{"return", []app.Role{kc}, func(ctx context.Context) error {
			_, err := e.Svc.Return(ctx, app.ReturnRequest{KitScan: lendMe.Tag, Back: allOut(lendMe)})
			return err
		}},
		{"renew", []app.Role{kc}, func(ctx context.Context) error {
			loans, err := e.Svc.Loans(e.Ctx, app.LoanFilter{KitID: renewMe.ID, OutOnly: true})
			if err != nil {
				return err
			}
			_, err = e.Svc.RenewLoan(ctx, loans[0].ID, time.Time{})
			return err
		}},
		{"list loans", []app.Role{kc}, func(ctx context.Context) error { _, err := e.Svc.Loans(ctx, app.LoanFilter{}); return err }},
		{"place hold", []app.Role{kc}, func(ctx context.Context) error {
			_, err := e.Svc.PlaceHold(ctx, e.Site.ID, waiter.ID, app.KitHotspot)
			return err
		}},
		{"hold queue", []app.Role{kc}, func(ctx context.Context) error { _, err := e.Svc.HoldQueue(ctx, e.Site.ID, ""); return err }},
		{"cancel hold", []app.Role{kc}, func(ctx context.Context) error { _, err := e.Svc.CancelHold(ctx, 999999); return notFoundOK(err) }},
		{"overdue list", []app.Role{kc}, func(ctx context.Context) error { _, err := e.Svc.OverdueLoans(ctx, e.Site.ID); return err }},
		{"hotspot queues", []app.Role{kc}, func(ctx context.Context) error { _, err := e.Svc.HotspotQueues(ctx, e.Site.ID); return err }},
		{"hotspot service", []app.Role{kc}, func(ctx context.Context) error {
			_, err := e.Svc.SetHotspotService(ctx, 999999, app.ServiceSuspended)
			return notFoundOK(err)
		}},
		{"kit figures", []app.Role{kc, dir}, func(ctx context.Context) error {
			_, err := e.Svc.KitFigures(ctx, e.Site.ID, e.Clock.AddDate(0, -1, 0), e.Clock)
			return err
		}},
		{"set replacement costs", []app.Role{ad}, func(ctx context.Context) error {
			return e.Svc.SetReplacementCosts(ctx, map[string]int{"laptop": 35000})
		}},
		{"change lending settings", []app.Role{ad}, func(ctx context.Context) error { return e.Svc.SetLoanSettings(ctx, app.DefaultLoanSettings) }},
	}}
}
