package ui

import (
	"fyne.io/fyne/v2"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

func TestFirstStartAsksForTheSiteAndAdministrator(t *testing.T) {
	test.NewTempApp(t)
	st, _ := datatest.MustOpen(t)
	svc := app.NewService(st, func() time.Time { return datatest.Now })
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1100, 720))
	ready := 0
	printouts := t.TempDir()
	u := New(t.Context(), svc, w, Options{OnReady: func() { ready++ }, CardDir: printouts})
	if u.tabs != nil || u.mode != modeSetup || ready != 1 {
		t.Fatalf("mode %d, ready %d: want the set-up, ready once", u.mode, ready)
	}
	markup := test.RenderToMarkup(w.Canvas())
	if !strings.Contains(markup, "Welcome to Front Desk") || !strings.Contains(markup, "The first administrator") {
		t.Fatal("no welcome or administrator form on first start")
	}
	setup := u.setup
	if w.Canvas().Focused() != setup.name {
		t.Fatal("the site name does not have the focus")
	}
	a := setup.admin
	typeFirstAdmin(a, "a long enough pasword")
	test.Tap(setup.save)
	if !strings.Contains(setup.errLine.Text, "not the same") {
		t.Fatalf("passwords differ: %q", setup.errLine.Text)
	}
	a.again.SetText("a long enough password")
	test.Tap(setup.save)
	if !strings.Contains(setup.errLine.Text, "Site name is required") {
		t.Fatalf("empty name: %q", setup.errLine.Text)
	}
	test.Type(setup.name, "Harbor WorkSource Center")
	test.Type(setup.site.phone, "310-555-0100")
	setup.site.phone.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter saves
	// The recovery code comes next, once, before the desk.
	checkRecoveryStep(t, u, w, svc, printouts, true)
	if u.mode != modeDesk || u.tabs == nil || u.site.Name != "Harbor WorkSource Center" || u.site.Phone != "+13105550100" {
		t.Fatalf("mode %d, site %+v, error %q", u.mode, u.site, setup.errLine.Text)
	}
	if u.actor.Username != "rosa" || !u.actor.Has(app.RoleAdministrator) || !u.actor.Has(app.RoleFrontDesk) || u.checkin == nil || u.staff == nil {
		t.Fatalf("signed in as %+v", u.actor)
	}
	if n := len(u.tabs.Items); n != 7 { // Check-in, Paper sheets, Participants, Events, Staff, Audit, Site
		t.Fatalf("%d tabs", n)
	}
	if !strings.Contains(test.RenderToMarkup(w.Canvas()), "Rosa Delgado") {
		t.Fatal("the top bar does not name the signed-in person")
	}
	// the account and the site exist; the next start asks to sign in
	if has, _ := svc.HasStaff(t.Context()); !has {
		t.Fatal("no account saved")
	}
	u2 := New(t.Context(), svc, test.NewTempWindow(t, widget.NewLabel("")), Options{})
	if u2.mode != modeSignIn {
		t.Fatalf("second start: mode %d", u2.mode)
	}
}

func TestParticipantsScreenSearchAddEdit(t *testing.T) {
	d := newDesk(t, func(e *datatest.Env) {
		e.Participant(t, "José", "Gómez", "213-555-0199")
		e.Participant(t, "Ana", "Ruiz", "")
	})
	s := d.u.participants
	s.refresh()
	if len(s.rows) != 2 || !strings.Contains(s.total.Text, "2 participants") {
		t.Fatalf("rows %d, %q", len(s.rows), s.total.Text)
	}
	test.Type(s.search, "jose")
	if len(s.rows) != 1 || s.rows[0].FirstName != "José" {
		t.Fatalf("search: %+v", s.rows)
	}
	s.search.SetText("")
	s.add()
	f := s.form
	test.Type(f.first, "Lupe")
	test.Type(f.last, "Ramírez")
	test.Type(f.email, "not-an-email")
	test.Tap(s.dlg.confirm)
	if !strings.Contains(f.errLine.Text, "email") {
		t.Fatalf("bad email: %q", f.errLine.Text)
	}
	f.email.SetText("lupe@example.org")
	test.Tap(s.dlg.confirm)
	if len(s.rows) != 3 {
		t.Fatalf("after add: rows %d, error %q", len(s.rows), f.errLine.Text)
	}
	var lupe app.Participant
	for _, p := range s.rows {
		if p.FirstName == "Lupe" {
			lupe = p
		}
	}
	s.edit(lupe.ID)
	s.form.status.SetSelectedIndex(2) // enrolled
	s.form.caljobs.SetText("1234567")
	test.Tap(s.dlg.confirm)
	got, _ := d.env.Svc.Participant(d.env.Ctx, lupe.ID)
	if got.Status != app.StatusEnrolled || got.CalJOBSID != "1234567" || got.Email != "lupe@example.org" {
		t.Fatalf("after edit %+v", got)
	}
	// the CalJOBS ID is never shown in the list
	if strings.Contains(test.RenderObjectToMarkup(s.content), "1234567") {
		t.Fatal("CalJOBS ID shown in the participants list")
	}
}

func TestEventsScreenAddAndEdit(t *testing.T) {
	d := newDesk(t, nil)
	s := d.u.events
	s.refresh()
	if len(s.rows) != 0 {
		t.Fatalf("rows %d", len(s.rows))
	}
	s.open(app.Event{SiteID: d.env.Site.ID, Start: at(14, 0), End: at(15, 0), Language: "en"})
	f := s.form
	test.Type(f.title, "Resume Writing")
	f.end.SetText("1:30 PM") // before the start
	test.Tap(s.dlg.confirm)
	if !strings.Contains(f.errLine.Text, "after the start") {
		t.Fatalf("end before start: %q", f.errLine.Text)
	}
	f.end.SetText("4:00 PM")
	f.capa.SetText("twenty")
	test.Tap(s.dlg.confirm)
	if !strings.Contains(f.errLine.Text, "Capacity must be a whole number") {
		t.Fatalf("bad capacity: %q", f.errLine.Text)
	}
	f.capa.SetText("20")
	test.Tap(s.dlg.confirm)
	if len(s.rows) != 1 || s.rows[0].Capacity != 20 || !s.rows[0].End.Equal(at(16, 0).UTC()) {
		t.Fatalf("rows %+v", s.rows)
	}
	// the new event is in today's picker at the desk
	if !slicesContains(d.s.picker.Options, "Resume Writing") {
		t.Fatalf("picker %q", d.s.picker.Options)
	}
	// the list filters as you type, ignoring accents and case
	s.open(app.Event{SiteID: d.env.Site.ID, Kind: app.KindOrientation, Title: "Orientación WorkSource", Start: at(16, 0), End: at(17, 0), Language: "es"})
	test.Tap(s.dlg.confirm)
	test.Type(s.filter, "orientacion")
	if len(s.rows) != 1 || s.rows[0].Title != "Orientación WorkSource" {
		t.Fatalf("filter: %+v", s.rows)
	}
	s.filter.SetText("resume")
	if len(s.rows) != 1 || s.rows[0].Title != "Resume Writing" {
		t.Fatalf("filter: %+v", s.rows)
	}
	s.open(s.rows[0])
	s.form.cancelled.SetChecked(true)
	test.Tap(s.dlg.confirm)
	if !s.rows[0].Cancelled {
		t.Fatal("cancel not saved")
	}
}

func slicesContains(opts []string, sub string) bool {
	for _, o := range opts {
		if strings.Contains(o, sub) {
			return true
		}
	}
	return false
}
