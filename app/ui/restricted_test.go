package ui

import (
	"io"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// An administrator whose training date was never recorded signs in to the
// administrator's screens only, told why, with no error on any screen;
// recording their own dates opens the rest at once, on the same tab.
func TestRecordingOwnDatesLiftsTheBlockAtOnce(t *testing.T) {
	test.NewTempApp(t)
	e := datatest.New(t)
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	if _, _, err := e.Svc.CreateFirstAdministrator(e.Ctx, app.NewStaff{Username: "rosa", DisplayName: "Rosa Delgado",
		Roles: []app.Role{app.RoleAdministrator, app.RoleFrontDesk, app.RoleDirector}, Password: deskPassword,
		ConfidentialitySigned: &day}); err != nil { // no training date on record
		t.Fatal(err)
	}
	noAutoLock(t, e)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1100, 720))
	u := New(t.Context(), e.Svc, w, Options{CardDir: t.TempDir()})
	signIn(t, u, "rosa", deskPassword)
	if !u.actor.Restricted || u.tabs == nil {
		t.Fatalf("restricted %v, tabs %v", u.actor.Restricted, u.tabs)
	}
	var names []string
	for _, it := range u.tabs.Items {
		names = append(names, it.Text)
	}
	if strings.Join(names, ",") != "Staff,Audit,Site" || u.checkin != nil {
		t.Fatalf("tabs %q: want only the administrator's", names)
	}
	markup := test.RenderToMarkup(w.Canvas())
	if !strings.Contains(markup, "not on record or has expired") {
		t.Fatal("the desk does not say why personal data is closed")
	}
	// the sign-in's warning names what is missing; nothing says "went wrong"
	for _, o := range w.Canvas().Overlays().List() {
		if strings.Contains(test.RenderObjectToMarkup(o), "Something went wrong") {
			t.Fatal("an error dialog at sign-in")
		}
	}
	for _, o := range w.Canvas().Overlays().List() {
		w.Canvas().Overlays().Remove(o)
	}
	// no audit export while the dates are out: refused before a file is
	// chosen, and the export itself is refused too
	a := u.audit
	showTab(u, a.content)
	a.exportDialog()
	top := w.Canvas().Overlays().Top()
	if top == nil || !strings.Contains(test.RenderObjectToMarkup(top), "backups and exports of personal data are closed to you") {
		t.Fatal("the audit export was not refused")
	}
	w.Canvas().Overlays().Remove(top)
	if err := a.export(nopCloser{io.Discard}); app.ErrorCode(err) != app.EForbidden {
		t.Fatalf("export while restricted: %v", err)
	}
	if got, _ := e.Svc.AuditLog(e.Ctx, app.AuditFilter{Action: "audit.export"}); len(got) != 0 {
		t.Fatalf("a refused export was audited: %+v", got)
	}
	// record one's own training date on the Staff tab (rosa is the only
	// administrator, so she may)
	s := u.staff
	showTab(u, s.content)
	for i, st := range s.rows {
		if st.Username == "rosa" {
			s.list.Select(i)
		}
	}
	s.setDates()
	s.train.SetText("2026-03-09")
	test.Tap(s.dlg.confirm)
	if u.actor.Restricted || u.checkin == nil {
		t.Fatalf("still restricted after recording the date (restricted %v)", u.actor.Restricted)
	}
	if u.tabs.Selected() == nil || u.tabs.Selected().Text != "Staff" {
		t.Fatal("not back on the Staff tab")
	}
	if strings.Contains(test.RenderToMarkup(w.Canvas()), "not on record or has expired") {
		t.Fatal("the block is still announced")
	}
	// and the check-in screen works
	if _, err := u.svc.TodaysEvents(u.ctx, u.site.ID); err != nil {
		t.Fatalf("after lifting: %v", err)
	}
}
