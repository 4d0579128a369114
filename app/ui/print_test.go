package ui

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// directorDesk signs in a director who also works the front desk, with one
// event that has two pre-registered participants.
func directorDesk(t *testing.T) (*UI, *datatest.Env, app.Event) {
	t.Helper()
	test.NewTempApp(t)
	e := datatest.New(t)
	ev := e.Event(t, app.KindOrientation, "WorkSource Orientation", at(10, 0), 90*time.Minute, 30)
	for _, p := range []app.Participant{e.Participant(t, "María", "González", "213-555-0142"), e.Participant(t, "민준", "김", "")} {
		if err := e.Svc.Register(e.Ctx, ev.ID, p.ID); err != nil {
			t.Fatal(err)
		}
	}
	staff(t, e, "admin", "Ada Admin", app.RoleAdministrator)
	staff(t, e, "dora", "Dora Director", app.RoleDirector, app.RoleFrontDesk)
	noAutoLock(t, e)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1100, 720))
	u := New(t.Context(), e.Svc, w, Options{CardDir: t.TempDir()})
	signIn(t, u, "dora", deskPassword)
	return u, e, ev
}

func TestEventFormPrintsSignInSheets(t *testing.T) {
	u, e, ev := directorDesk(t)
	s := u.events
	s.refresh()
	s.open(ev)
	test.Tap(s.sheetFilled)
	if s.form.errLine.Text != "" || !strings.HasSuffix(s.lastSheet, "-prefilled.pdf") {
		t.Fatalf("pre-filled sheet: %q, error %q", s.lastSheet, s.form.errLine.Text)
	}
	b, err := os.ReadFile(s.lastSheet)
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
		t.Fatalf("sheet file: %v", err)
	}
	test.Tap(s.sheetBlank)
	if !strings.HasSuffix(s.lastSheet, "-blank.pdf") {
		t.Fatalf("blank sheet: %q", s.lastSheet)
	}
	log, _ := e.Svc.AuditLog(e.Ctx, app.AuditFilter{Action: "print.", Limit: 5})
	if len(log) != 2 || log[0].Action != app.ActionPrintSheet || log[1].Action != app.ActionPrintRoster || log[1].Detail != "2 rows" {
		t.Fatalf("sheet prints not audited: %+v", log)
	}
}

// Front desk staff see the sign-in sheet buttons switched off with the
// reason beside them (the service needs a director), and tapping prints
// nothing; a director's are on, with no reason.
func TestFrontDeskSheetButtonsAreOffWithTheReason(t *testing.T) {
	var ev app.Event
	d := newDesk(t, func(e *datatest.Env) {
		ev = e.Event(t, app.KindOrientation, "WorkSource Orientation", at(10, 0), 90*time.Minute, 30)
	})
	s := d.u.events
	s.open(ev)
	if !s.sheetBlank.Disabled() || !s.sheetFilled.Disabled() || s.sheetWhy == nil || s.sheetWhy.Text != "Only a director can print sign-in sheets." {
		t.Fatalf("front desk sheet buttons: blank off %v, filled off %v, reason %v", s.sheetBlank.Disabled(), s.sheetFilled.Disabled(), s.sheetWhy)
	}
	if !canvasHasText(d.win.Canvas(), "Only a director can print sign-in sheets.") {
		t.Fatal("the reason is not on screen")
	}
	test.Tap(s.sheetFilled)
	test.Tap(s.sheetBlank)
	if s.lastSheet != "" || s.form.errLine.Text != "" {
		t.Fatalf("front desk printed a sheet: %q %q", s.lastSheet, s.form.errLine.Text)
	}
	if log, _ := d.env.Svc.AuditLog(d.env.Ctx, app.AuditFilter{Action: "print.", Limit: 5}); len(log) != 0 {
		t.Fatalf("audited: %+v", log)
	}
	u, _, ev2 := directorDesk(t)
	u.events.open(ev2)
	if u.events.sheetBlank.Disabled() || u.events.sheetFilled.Disabled() || u.events.sheetWhy != nil {
		t.Fatal("a director's sheet buttons are off")
	}
}

func TestSheetContactSettingAndStopListImport(t *testing.T) {
	u, e, _ := directorDesk(t)
	// the contact-columns setting is on the Staff screen, for administrators
	u.lock(false)
	signIn(t, u, "admin", deskPassword)
	u.staff.sheetContacts.SetChecked(true)
	u.staff.saveSettings()
	if st, _ := e.Svc.Settings(e.Ctx); !st.SheetContactColumns || st.AutoLockMinutes != 0 {
		t.Fatalf("settings %+v", st)
	}
	// a director imports the STOP list from the Export screen
	u.lock(false)
	signIn(t, u, "dora", deskPassword)
	csv := "Phone\n(213) 555-0142\n(310) 555-0199\nnot a phone\n"
	u.export.importStopList(strings.NewReader(csv), "stop.csv")
	got := u.export.stopSummary.Text
	if !strings.Contains(got, "1 opted out now") || !strings.Contains(got, "Row 3: (310) 555-0199 matches no one") || !strings.Contains(got, "row 4") {
		t.Fatalf("summary %q", got)
	}
	ps, _ := e.Svc.SearchParticipants(e.Ctx, "2135550142", 5)
	if len(ps) != 1 || ps[0].OptOutAt == nil || !strings.Contains(ps[0].OptOutVia, "stop.csv") {
		t.Fatalf("not opted out: %+v", ps)
	}
}
