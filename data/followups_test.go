package data_test

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// day is a calendar day as the follow-up types hold it: midnight UTC.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// followupEnv is a database with two sites and two case managers.
type followupEnv struct {
	*datatest.Env
	other      app.Site
	alma, beto app.Staff
}

func newFollowupEnv(t *testing.T) *followupEnv {
	t.Helper()
	e := &followupEnv{Env: datatest.New(t)}
	var err error
	e.other, err = e.Svc.CreateSite(e.Ctx, app.Site{Name: "Boyle Heights Library", Address: "2130 E 1st St, Los Angeles, CA 90033",
		Phone: "(323) 555-0200", TimeZone: "America/Los_Angeles"})
	if err != nil {
		t.Fatal(err)
	}
	e.alma, e.beto = e.staff(t, "alma", "Alma Reyes"), e.staff(t, "beto", "Beto Ortiz")
	return e
}

func (e *followupEnv) staff(t *testing.T, user, name string) app.Staff {
	t.Helper()
	s := app.Staff{Username: user, DisplayName: name, Roles: []app.Role{app.RoleCaseManager}, Active: true,
		PasswordChangedAt: datatest.Now, CreatedAt: datatest.Now, CreatedBy: "test"}
	e.update(t, func(tx app.Tx) error { return tx.CreateStaff(ctx, &s, "hash") })
	return s
}

func (e *followupEnv) participant(t *testing.T, site int64, first, last string) app.Participant {
	t.Helper()
	p, err := e.Svc.AddParticipant(e.Ctx, app.Participant{SiteID: site, FirstName: first, LastName: last, Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// update runs fn in a write transaction and fails the test on error.
func (e *followupEnv) update(t *testing.T, fn func(tx app.Tx) error) {
	t.Helper()
	if err := e.Store.Update(ctx, fn); err != nil {
		t.Fatal(err)
	}
}

// view runs fn in a read transaction and fails the test on error.
func (e *followupEnv) view(t *testing.T, fn func(tx app.Tx) error) {
	t.Helper()
	if err := e.Store.View(ctx, fn); err != nil {
		t.Fatal(err)
	}
}

// try runs fn in a write transaction and returns its error.
func (e *followupEnv) try(fn func(tx app.Tx) error) error { return e.Store.Update(ctx, fn) }

func (e *followupEnv) saveCase(t *testing.T, c app.FollowupCase) {
	t.Helper()
	e.update(t, func(tx app.Tx) error { return tx.SaveFollowupCase(ctx, &c) })
}

func (e *followupEnv) contact(t *testing.T, c app.FollowupContact) app.FollowupContact {
	t.Helper()
	e.update(t, func(tx app.Tx) error { return tx.InsertFollowupContact(ctx, &c) })
	return c
}

func TestFollowupCaseRoundTrip(t *testing.T) {
	e := newFollowupEnv(t)
	p := e.participant(t, e.Site.ID, "Ana", "Ruiz")
	e.view(t, func(tx app.Tx) error {
		if _, err := tx.FollowupCase(ctx, p.ID); app.ErrorCode(err) != app.ENotFound {
			t.Errorf("missing case: %v", err)
		}
		return nil
	})
	want := app.FollowupCase{ParticipantID: p.ID, CaseManagerID: e.alma.ID, CaseManager: "Alma Reyes", TemplateKey: app.TemplateWIOA,
		EmploymentStart: day(2026, 1, 5), Employer: "Acme Logistics", JobTitle: "Forklift operator", WageCents: 2150, HoursPerWeek: 37.5,
		ExitDate: day(2026, 2, 27), ExitReason: "employed", UpdatedAt: datatest.Now.Add(123 * time.Millisecond), UpdatedBy: "alma"}
	e.saveCase(t, want)
	e.view(t, func(tx app.Tx) error {
		got, err := tx.FollowupCase(ctx, p.ID)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("case\n got %+v %v\nwant %+v", got, err, want)
		}
		return nil
	})

	// Saving again replaces every field; zero dates and no case manager are NULL.
	want = app.FollowupCase{ParticipantID: p.ID, UpdatedAt: datatest.Now.Add(time.Hour), UpdatedBy: "beto"}
	e.saveCase(t, want)
	e.view(t, func(tx app.Tx) error {
		got, err := tx.FollowupCase(ctx, p.ID)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("replaced case\n got %+v %v\nwant %+v", got, err, want)
		}
		return nil
	})
	var nulls int
	if err := raw(t, e.Path).QueryRow(`SELECT count(*) FROM followup_cases WHERE participant_id=? AND case_manager_id IS NULL
		AND employment_start IS NULL AND exit_date IS NULL`, p.ID).Scan(&nulls); err != nil || nulls != 1 {
		t.Errorf("zero dates and case manager not stored as NULL: %d %v", nulls, err)
	}
}

// The database refuses an exit before the employment start, through the
// store (as EInvalid) and through plain SQL.
func TestFollowupCaseExitBeforeStartRefused(t *testing.T) {
	e := newFollowupEnv(t)
	p := e.participant(t, e.Site.ID, "Ana", "Ruiz")
	ok := app.FollowupCase{ParticipantID: p.ID, EmploymentStart: day(2026, 2, 2), ExitDate: day(2026, 2, 2), UpdatedAt: datatest.Now, UpdatedBy: "t"}
	e.saveCase(t, ok) // the same day is fine
	bad := ok
	bad.ExitDate = day(2026, 2, 1)
	err := e.try(func(tx app.Tx) error { return tx.SaveFollowupCase(ctx, &bad) })
	var ae *app.Error
	if app.ErrorCode(err) != app.EInvalid || !errors.As(err, &ae) || ae.Field != "exit date" {
		t.Fatalf("exit before start: %v", err)
	}
	e.view(t, func(tx app.Tx) error {
		got, err := tx.FollowupCase(ctx, p.ID)
		if err != nil || !got.ExitDate.Equal(ok.ExitDate) {
			t.Errorf("refused save changed the case: %+v %v", got, err)
		}
		return nil
	})
	_, err = raw(t, e.Path).Exec(`UPDATE followup_cases SET exit_date='2026-01-31' WHERE participant_id=?`, p.ID)
	if err == nil || !strings.Contains(strings.ToUpper(err.Error()), "CHECK") {
		t.Errorf("plain SQL exit before start: %v", err)
	}
}

func TestCaseloadIDs(t *testing.T) {
	e := newFollowupEnv(t)
	p1 := e.participant(t, e.Site.ID, "Ana", "Ruiz")
	p2 := e.participant(t, e.Site.ID, "Luis", "Soto")
	p3 := e.participant(t, e.other.ID, "Eva", "Luna")
	p4 := e.participant(t, e.Site.ID, "Omar", "Diaz")
	e.participant(t, e.Site.ID, "Sin", "Caso") // no case at all
	for _, c := range []struct {
		p   app.Participant
		mgr int64
	}{{p1, e.alma.ID}, {p2, e.beto.ID}, {p3, e.alma.ID}, {p4, 0}} {
		e.saveCase(t, app.FollowupCase{ParticipantID: c.p.ID, CaseManagerID: c.mgr, UpdatedAt: datatest.Now, UpdatedBy: "t"})
	}
	for _, c := range []struct {
		site, staff int64
		want        []int64
	}{
		{0, 0, []int64{p1.ID, p2.ID, p3.ID, p4.ID}},
		{e.Site.ID, 0, []int64{p1.ID, p2.ID, p4.ID}},
		{0, e.alma.ID, []int64{p1.ID, p3.ID}},
		{e.Site.ID, e.alma.ID, []int64{p1.ID}},
		{e.other.ID, e.beto.ID, nil},
	} {
		e.view(t, func(tx app.Tx) error {
			got, err := tx.CaseloadIDs(ctx, c.site, c.staff)
			if err != nil || !reflect.DeepEqual(got, c.want) {
				t.Errorf("caseload site %d staff %d: %v %v, want %v", c.site, c.staff, got, err, c.want)
			}
			return nil
		})
	}
}

func TestStatusChanges(t *testing.T) {
	e := newFollowupEnv(t)
	p := e.participant(t, e.Site.ID, "Ana", "Ruiz")
	later := app.StatusChange{ParticipantID: p.ID, From: app.StatusInactive, To: app.StatusNew, At: datatest.Now.Add(time.Hour), By: "beto", Note: "back"}
	first := app.StatusChange{ParticipantID: p.ID, From: app.StatusNew, To: app.StatusInactive, At: datatest.Now, By: "alma"}
	e.update(t, func(tx app.Tx) error {
		if err := tx.AddStatusChange(ctx, &later); err != nil {
			return err
		}
		return tx.AddStatusChange(ctx, &first)
	})
	if later.ID == 0 || first.ID == 0 {
		t.Fatalf("ids not set: %d %d", later.ID, first.ID)
	}
	e.view(t, func(tx app.Tx) error {
		got, err := tx.StatusChanges(ctx, p.ID)
		if want := []app.StatusChange{first, later}; err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("status changes\n got %+v %v\nwant %+v", got, err, want)
		}
		return nil
	})
}

// Status changes, the contact log and follow-up forms are never deleted.
func TestFollowupNeverDeletedTriggers(t *testing.T) {
	e := newFollowupEnv(t)
	p := e.participant(t, e.Site.ID, "Ana", "Ruiz")
	e.update(t, func(tx app.Tx) error {
		if err := tx.AddStatusChange(ctx, &app.StatusChange{ParticipantID: p.ID, From: app.StatusNew, To: app.StatusInactive, At: datatest.Now, By: "t"}); err != nil {
			return err
		}
		if err := tx.InsertFollowupAttempt(ctx, &app.FollowupAttempt{ParticipantID: p.ID, Day: day(2026, 3, 2), Staff: "t",
			Method: app.MethodPhone, Outcome: app.OutcomeNoAnswer, CreatedAt: datatest.Now}); err != nil {
			return err
		}
		return tx.InsertFollowupForm(ctx, &app.FollowupForm{ParticipantID: p.ID, Quarter: 1, Day: day(2026, 3, 2), Staff: "t",
			Employed: app.AnswerYes, CreatedAt: datatest.Now})
	})
	db := raw(t, e.Path)
	for table, msg := range map[string]string{
		"status_changes":    "status changes are never deleted",
		"followup_attempts": "the contact log is never deleted",
		"followup_forms":    "follow-up forms are never deleted",
	} {
		if _, err := db.Exec(`DELETE FROM ` + table); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("delete from %s: %v", table, err)
		}
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil || n != 1 {
			t.Errorf("%s has %d rows after a refused delete (%v)", table, n, err)
		}
	}
}

func TestFollowupContacts(t *testing.T) {
	e := newFollowupEnv(t)
	p := e.participant(t, e.Site.ID, "Ana", "Ruiz")
	q := e.contact(t, app.FollowupContact{ParticipantID: p.ID, Key: "r5.q1", Kind: app.KindForm, Label: "Quarter-end follow-up form", Quarter: 1,
		WindowStart: day(2026, 6, 1), Due: day(2026, 6, 30), Status: app.ContactOpen})
	m := e.contact(t, app.FollowupContact{ParticipantID: p.ID, Key: "r4.m3", Kind: app.KindContact, Label: "Monthly contact", Quarter: 1,
		WindowStart: day(2026, 6, 1), Due: day(2026, 6, 30), Status: app.ContactOpen})
	w := e.contact(t, app.FollowupContact{ParticipantID: p.ID, Key: "r0", Kind: app.KindContact, Label: "Within one week of employment",
		WindowStart: day(2026, 1, 5), Due: day(2026, 1, 11), Status: app.ContactDone, DoneOn: day(2026, 1, 7), DoneBy: "alma"})
	if q.ID == 0 || m.ID == 0 || w.ID == 0 {
		t.Fatal("ids not set")
	}
	e.view(t, func(tx app.Tx) error {
		// by window start, contacts before forms
		got, err := tx.FollowupContacts(ctx, p.ID)
		if want := []app.FollowupContact{w, m, q}; err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("contacts\n got %+v %v\nwant %+v", got, err, want)
		}
		one, err := tx.FollowupContact(ctx, m.ID)
		if err != nil || !reflect.DeepEqual(one, m) {
			t.Errorf("contact %+v %v", one, err)
		}
		if _, err := tx.FollowupContact(ctx, 9999); app.ErrorCode(err) != app.ENotFound {
			t.Errorf("missing contact: %v", err)
		}
		return nil
	})
	var nulls int
	if err := raw(t, e.Path).QueryRow(`SELECT count(*) FROM followup_contacts WHERE done_on IS NULL`).Scan(&nulls); err != nil || nulls != 2 {
		t.Errorf("open contacts' done_on not NULL: %d %v", nulls, err)
	}

	dup := app.FollowupContact{ParticipantID: p.ID, Key: "r0", Kind: app.KindContact, Label: "x", WindowStart: day(2026, 1, 5), Due: day(2026, 1, 5), Status: app.ContactOpen}
	if err := e.try(func(tx app.Tx) error { return tx.InsertFollowupContact(ctx, &dup) }); app.ErrorCode(err) != app.EConflict {
		t.Errorf("duplicate key: %v", err)
	}
	backwards := dup
	backwards.Key, backwards.Due = "r9", day(2026, 1, 4)
	if err := e.try(func(tx app.Tx) error { return tx.InsertFollowupContact(ctx, &backwards) }); app.ErrorCode(err) != app.EInvalid {
		t.Errorf("due before window start: %v", err)
	}

	// Update saves every field but the participant.
	upd := app.FollowupContact{ID: m.ID, ParticipantID: p.ID, Key: "r4.m4", Kind: app.KindForm, Label: "Renamed", Quarter: 2,
		WindowStart: day(2026, 7, 1), Due: day(2026, 7, 31), Status: app.ContactNonResponsive, Attempts: 3, DoneOn: day(2026, 7, 20), DoneBy: "beto"}
	e.update(t, func(tx app.Tx) error { return tx.UpdateFollowupContact(ctx, &upd) })
	e.view(t, func(tx app.Tx) error {
		got, err := tx.FollowupContact(ctx, m.ID)
		if err != nil || !reflect.DeepEqual(got, upd) {
			t.Errorf("updated\n got %+v %v\nwant %+v", got, err, upd)
		}
		return nil
	})
	upd.DoneOn, upd.DoneBy, upd.Status, upd.Attempts = time.Time{}, "", app.ContactOpen, 0
	e.update(t, func(tx app.Tx) error { return tx.UpdateFollowupContact(ctx, &upd) })
	e.view(t, func(tx app.Tx) error {
		got, err := tx.FollowupContact(ctx, m.ID)
		if err != nil || !reflect.DeepEqual(got, upd) {
			t.Errorf("reopened\n got %+v %v\nwant %+v", got, err, upd)
		}
		return nil
	})
	clash := upd
	clash.Key = "r0"
	if err := e.try(func(tx app.Tx) error { return tx.UpdateFollowupContact(ctx, &clash) }); app.ErrorCode(err) != app.EConflict {
		t.Errorf("update to a key in use: %v", err)
	}
	missing := upd
	missing.ID = 9999
	if err := e.try(func(tx app.Tx) error { return tx.UpdateFollowupContact(ctx, &missing) }); app.ErrorCode(err) != app.ENotFound {
		t.Errorf("update missing: %v", err)
	}
}

func TestDeleteFollowupContact(t *testing.T) {
	e := newFollowupEnv(t)
	p := e.participant(t, e.Site.ID, "Ana", "Ruiz")
	open := func(key string) app.FollowupContact {
		return e.contact(t, app.FollowupContact{ParticipantID: p.ID, Key: key, Kind: app.KindContact, Label: key,
			WindowStart: day(2026, 3, 1), Due: day(2026, 3, 7), Status: app.ContactOpen})
	}
	free, withAttempt, withForm, done := open("free"), open("attempt"), open("form"), open("done")
	e.update(t, func(tx app.Tx) error {
		// an attempt or a form pointing at an open contact with no failed attempts counted
		if err := tx.InsertFollowupAttempt(ctx, &app.FollowupAttempt{ParticipantID: p.ID, ContactID: withAttempt.ID, Day: day(2026, 3, 2),
			Staff: "t", Method: app.MethodEmail, Outcome: app.OutcomeReached, CreatedAt: datatest.Now}); err != nil {
			return err
		}
		if err := tx.InsertFollowupForm(ctx, &app.FollowupForm{ParticipantID: p.ID, ContactID: withForm.ID, Quarter: 1, Day: day(2026, 3, 2),
			Staff: "t", Employed: app.AnswerNo, CreatedAt: datatest.Now}); err != nil {
			return err
		}
		done.Status, done.DoneOn, done.DoneBy = app.ContactDone, day(2026, 3, 3), "t"
		return tx.UpdateFollowupContact(ctx, &done)
	})
	for _, c := range []app.FollowupContact{withAttempt, withForm, done} {
		if err := e.try(func(tx app.Tx) error { return tx.DeleteFollowupContact(ctx, c.ID) }); app.ErrorCode(err) != app.EConflict {
			t.Errorf("delete %s: %v", c.Key, err)
		}
	}
	e.update(t, func(tx app.Tx) error { return tx.DeleteFollowupContact(ctx, free.ID) })
	if err := e.try(func(tx app.Tx) error { return tx.DeleteFollowupContact(ctx, free.ID) }); app.ErrorCode(err) != app.ENotFound {
		t.Errorf("delete again: %v", err)
	}
	e.view(t, func(tx app.Tx) error {
		got, err := tx.FollowupContacts(ctx, p.ID)
		if err != nil || len(got) != 3 {
			t.Errorf("after deletes: %+v %v", got, err)
		}
		return nil
	})
}

func TestFollowupAttemptsAndForms(t *testing.T) {
	e := newFollowupEnv(t)
	p := e.participant(t, e.Site.ID, "Ana", "Ruiz")
	other := e.participant(t, e.Site.ID, "Luis", "Soto")
	c := e.contact(t, app.FollowupContact{ParticipantID: p.ID, Key: "r5.q1", Kind: app.KindForm, Label: "Form", Quarter: 1,
		WindowStart: day(2026, 6, 1), Due: day(2026, 6, 30), Status: app.ContactOpen})
	a1 := app.FollowupAttempt{ParticipantID: p.ID, ContactID: c.ID, Day: day(2026, 6, 2), Staff: "alma", Method: app.MethodPhone,
		Outcome: app.OutcomeReached, StillEmployed: app.AnswerYes, Employer: "Acme", WageCents: 2200, Document: app.DocPayStub,
		Notes: "promoted", CreatedAt: datatest.Now.Add(5 * time.Millisecond)}
	a2 := app.FollowupAttempt{ParticipantID: p.ID, Day: day(2026, 6, 2), Staff: "beto", Method: app.MethodLetter,
		Outcome: app.OutcomeLetterSent, CreatedAt: datatest.Now.Add(time.Minute)}
	a0 := app.FollowupAttempt{ParticipantID: p.ID, Day: day(2026, 5, 30), Staff: "beto", Method: app.MethodText,
		Outcome: app.OutcomeNoAnswer, CreatedAt: datatest.Now.Add(time.Hour)} // entered later, about an earlier day
	f1 := app.FollowupForm{ParticipantID: p.ID, ContactID: c.ID, Quarter: 1, Day: day(2026, 6, 10), Staff: "alma", Employed: app.AnswerYes,
		Employer: "Acme", JobTitle: "Lead", WageCents: 2300, HoursPerWeek: 37.5, Document: app.DocW2, Notes: "n", CreatedAt: datatest.Now}
	f2 := app.FollowupForm{ParticipantID: p.ID, Quarter: 2, Day: day(2026, 9, 10), Staff: "beto", Employed: app.AnswerNo, CreatedAt: datatest.Now}
	e.update(t, func(tx app.Tx) error {
		for _, a := range []*app.FollowupAttempt{&a1, &a2, &a0, {ParticipantID: other.ID, Day: day(2026, 6, 3), Staff: "t",
			Method: app.MethodInPerson, Outcome: app.OutcomeReached, CreatedAt: datatest.Now}} {
			if err := tx.InsertFollowupAttempt(ctx, a); err != nil || a.ID == 0 {
				t.Errorf("insert attempt: %d %v", a.ID, err)
			}
		}
		for _, f := range []*app.FollowupForm{&f1, &f2} {
			if err := tx.InsertFollowupForm(ctx, f); err != nil || f.ID == 0 {
				t.Errorf("insert form: %d %v", f.ID, err)
			}
		}
		return nil
	})
	e.view(t, func(tx app.Tx) error {
		got, err := tx.FollowupAttempts(ctx, p.ID)
		if want := []app.FollowupAttempt{a2, a1, a0}; err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("attempts\n got %+v %v\nwant %+v", got, err, want)
		}
		forms, err := tx.FollowupForms(ctx, p.ID)
		if want := []app.FollowupForm{f2, f1}; err != nil || !reflect.DeepEqual(forms, want) {
			t.Errorf("forms\n got %+v %v\nwant %+v", forms, err, want)
		}
		if none, err := tx.FollowupForms(ctx, other.ID); err != nil || len(none) != 0 {
			t.Errorf("other's forms: %+v %v", none, err)
		}
		return nil
	})
	var nulls int
	if err := raw(t, e.Path).QueryRow(`SELECT (SELECT count(*) FROM followup_attempts WHERE contact_id IS NULL)
		+ (SELECT count(*) FROM followup_forms WHERE contact_id IS NULL)`).Scan(&nulls); err != nil || nulls != 4 {
		t.Errorf("no contact not stored as NULL: %d %v", nulls, err)
	}
}

func TestFollowupTemplates(t *testing.T) {
	e := newFollowupEnv(t)
	e.view(t, func(tx app.Tx) error {
		if got, err := tx.FollowupTemplates(ctx); err != nil || len(got) != 0 {
			t.Errorf("no templates: %+v %v", got, err)
		}
		return nil
	})
	zeta := app.FollowupTemplate{Name: "Zeta schedule", Rules: app.BuiltinTemplates[0].Rules, CreatedAt: datatest.Now, CreatedBy: "admin"}
	alpha := app.FollowupTemplate{Name: "alpha schedule", Rules: []app.FollowupRule{{Kind: app.RuleOffset, Anchor: app.AnchorExit, Amount: 2,
		Unit: app.UnitWeeks, Window: 10, Label: "Two weeks after exit"}}, CreatedAt: datatest.Now.Add(time.Second), CreatedBy: "admin"}
	e.update(t, func(tx app.Tx) error {
		if err := tx.SaveFollowupTemplate(ctx, &zeta); err != nil {
			return err
		}
		return tx.SaveFollowupTemplate(ctx, &alpha)
	})
	if zeta.ID == 0 || zeta.Key != "custom-"+strconv.FormatInt(zeta.ID, 10) || alpha.Key != "custom-"+strconv.FormatInt(alpha.ID, 10) {
		t.Fatalf("keys %q %q", zeta.Key, alpha.Key)
	}
	e.view(t, func(tx app.Tx) error {
		got, err := tx.FollowupTemplates(ctx)
		if want := []app.FollowupTemplate{alpha, zeta}; err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("templates\n got %+v %v\nwant %+v", got, err, want)
		}
		return nil
	})

	// An update changes the name and rules and keeps who made it.
	upd := app.FollowupTemplate{ID: zeta.ID, Name: "Beta schedule", Rules: app.BuiltinTemplates[1].Rules, CreatedAt: datatest.Now.Add(time.Hour), CreatedBy: "other"}
	e.update(t, func(tx app.Tx) error { return tx.SaveFollowupTemplate(ctx, &upd) })
	e.view(t, func(tx app.Tx) error {
		got, err := tx.FollowupTemplates(ctx)
		want := zeta
		want.Name, want.Rules = upd.Name, upd.Rules
		if err != nil || len(got) != 2 || !reflect.DeepEqual(got[1], want) || upd.Key != zeta.Key {
			t.Errorf("updated\n got %+v %v\nwant %+v", got, err, want)
		}
		return nil
	})

	dup := app.FollowupTemplate{Name: "ALPHA SCHEDULE", Rules: alpha.Rules, CreatedAt: datatest.Now, CreatedBy: "admin"}
	if err := e.try(func(tx app.Tx) error { return tx.SaveFollowupTemplate(ctx, &dup) }); app.ErrorCode(err) != app.EConflict {
		t.Errorf("duplicate name: %v", err)
	}
	dup.ID = zeta.ID
	if err := e.try(func(tx app.Tx) error { return tx.SaveFollowupTemplate(ctx, &dup) }); app.ErrorCode(err) != app.EConflict {
		t.Errorf("rename to a name in use: %v", err)
	}
	dup.ID, dup.Name = 9999, "Nobody"
	if err := e.try(func(tx app.Tx) error { return tx.SaveFollowupTemplate(ctx, &dup) }); app.ErrorCode(err) != app.ENotFound {
		t.Errorf("update missing: %v", err)
	}
}

func TestDueFollowups(t *testing.T) {
	e := newFollowupEnv(t)
	zoe, err := e.Svc.AddParticipant(e.Ctx, app.Participant{SiteID: e.Site.ID, FirstName: "Zoe", LastName: "Adams",
		Phone: "(213) 555-0142", Email: "zoe@example.org", Language: "es"})
	if err != nil {
		t.Fatal(err)
	}
	carl := e.participant(t, e.Site.ID, "Carl", "Brown")
	ana := e.participant(t, e.other.ID, "Ana", "Adams")
	dan := e.participant(t, e.Site.ID, "Dan", "Diaz")
	e.saveCase(t, app.FollowupCase{ParticipantID: zoe.ID, CaseManagerID: e.alma.ID, Employer: "Acme", EmploymentStart: day(2026, 1, 5),
		ExitDate: day(2026, 1, 15), UpdatedAt: datatest.Now, UpdatedBy: "t"})
	e.saveCase(t, app.FollowupCase{ParticipantID: carl.ID, CaseManagerID: e.beto.ID, UpdatedAt: datatest.Now, UpdatedBy: "t"})
	e.saveCase(t, app.FollowupCase{ParticipantID: ana.ID, CaseManagerID: e.alma.ID, UpdatedAt: datatest.Now, UpdatedBy: "t"})
	e.saveCase(t, app.FollowupCase{ParticipantID: dan.ID, UpdatedAt: datatest.Now, UpdatedBy: "t"})
	add := func(p app.Participant, key string, kind app.ContactKind, start, due time.Time, status app.ContactStatus) app.FollowupContact {
		return e.contact(t, app.FollowupContact{ParticipantID: p.ID, Key: key, Kind: kind, Label: "label " + key, Quarter: 1,
			WindowStart: start, Due: due, Status: status})
	}
	c1 := add(zoe, "c1", app.KindContact, day(2026, 3, 1), day(2026, 3, 7), app.ContactOpen)
	add(zoe, "c2", app.KindForm, day(2026, 3, 1), day(2026, 3, 31), app.ContactOpen)
	add(zoe, "c3", app.KindContact, day(2026, 2, 1), day(2026, 2, 7), app.ContactDone)
	add(zoe, "c4", app.KindContact, day(2026, 4, 1), day(2026, 4, 7), app.ContactNonResponsive)
	add(carl, "c5", app.KindContact, day(2026, 3, 1), day(2026, 3, 7), app.ContactOpen)
	add(ana, "c6", app.KindContact, day(2026, 3, 1), day(2026, 3, 7), app.ContactOpen)
	add(dan, "c7", app.KindContact, day(2026, 3, 10), day(2026, 3, 16), app.ContactOpen)

	for name, c := range map[string]struct {
		f    app.DueFilter
		want string
	}{
		"default":       {app.DueFilter{}, "c6 c1 c5 c7 c2 c4"}, // by due, then last and first name
		"site":          {app.DueFilter{SiteID: e.Site.ID}, "c1 c5 c7 c2 c4"},
		"other site":    {app.DueFilter{SiteID: e.other.ID}, "c6"},
		"case manager":  {app.DueFilter{CaseManagerID: e.alma.ID}, "c6 c1 c2 c4"},
		"nobody":        {app.DueFilter{CaseManagerID: -1}, "c7"},
		"participant":   {app.DueFilter{ParticipantID: zoe.ID}, "c1 c2 c4"},
		"done":          {app.DueFilter{Statuses: []app.ContactStatus{app.ContactDone}}, "c3"},
		"open and done": {app.DueFilter{Statuses: []app.ContactStatus{app.ContactOpen, app.ContactDone}}, "c3 c6 c1 c5 c7 c2"},
		"starts by":     {app.DueFilter{StartsBy: day(2026, 3, 5)}, "c6 c1 c5 c2"},
		"due from":      {app.DueFilter{DueFrom: day(2026, 3, 16)}, "c7 c2 c4"},
		"due to":        {app.DueFilter{DueTo: day(2026, 3, 16)}, "c6 c1 c5 c7"},
		"due between":   {app.DueFilter{DueFrom: day(2026, 3, 10), DueTo: day(2026, 3, 31)}, "c7 c2"},
		"forms":         {app.DueFilter{Kinds: []app.ContactKind{app.KindForm}}, "c2"},
		"both kinds":    {app.DueFilter{Kinds: []app.ContactKind{app.KindForm, app.KindContact}}, "c6 c1 c5 c7 c2 c4"},
		"limit":         {app.DueFilter{Limit: 2}, "c6 c1"},
		"combined":      {app.DueFilter{SiteID: e.Site.ID, CaseManagerID: e.alma.ID, Kinds: []app.ContactKind{app.KindContact}, DueTo: day(2026, 3, 31)}, "c1"},
	} {
		e.view(t, func(tx app.Tx) error {
			got, err := tx.DueFollowups(ctx, c.f)
			var keys []string
			for _, d := range got {
				keys = append(keys, d.Key)
			}
			if err != nil || strings.Join(keys, " ") != c.want {
				t.Errorf("%s: %v %v, want %s", name, keys, err, c.want)
			}
			return nil
		})
	}

	e.view(t, func(tx app.Tx) error {
		got, err := tx.DueFollowups(ctx, app.DueFilter{ParticipantID: zoe.ID, Limit: 1})
		want := app.DueFollowup{FollowupContact: c1, SiteID: e.Site.ID, Participant: "Zoe Adams", Code: zoe.Code, Phone: zoe.Phone,
			Email: "zoe@example.org", Language: "es", CaseManagerID: e.alma.ID, CaseManager: "Alma Reyes", Employer: "Acme", ExitDate: day(2026, 1, 15)}
		if err != nil || len(got) != 1 || !reflect.DeepEqual(got[0], want) {
			t.Errorf("due fields\n got %+v %v\nwant %+v", got, err, want)
		}
		got, err = tx.DueFollowups(ctx, app.DueFilter{ParticipantID: dan.ID})
		if err != nil || len(got) != 1 || got[0].CaseManagerID != 0 || got[0].CaseManager != "" || !got[0].ExitDate.IsZero() || got[0].Phone != "" {
			t.Errorf("unassigned due: %+v %v", got, err)
		}
		return nil
	})
}
