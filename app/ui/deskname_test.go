package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/data"
	"frontdesk/data/datatest"
)

// The desk's name is in the top bar; an administrator names it there, it
// is kept (Options.RenameDesk), and check-ins record it. A card already
// checked in at another desk says which.
func TestDeskNameInTopBar(t *testing.T) {
	test.NewTempApp(t)
	e := datatest.New(t)
	ev := e.Event(t, app.KindWorkshop, "Resume Writing", datatest.Now.Add(-10*time.Minute), time.Hour, 0)
	maria := e.Participant(t, "María", "González", "")
	ana := e.Participant(t, "Ana", "Ruiz", "")
	staff(t, e, "admin", "Ada Admin", app.RoleAdministrator, app.RoleFrontDesk)
	staff(t, e, "fran", "Fran Desk", app.RoleFrontDesk)
	noAutoLock(t, e)
	var kept []string
	rename := func(name string, siteID int64) error {
		if siteID != e.Site.ID {
			t.Errorf("the desk's site became %d", siteID)
		}
		kept = append(kept, name)
		return nil
	}
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1100, 720))
	u := New(t.Context(), e.Svc, w, Options{CardDir: t.TempDir(), SaveDesk: rename})
	signIn(t, u, "admin", deskPassword)
	if u.deskName == nil || u.deskName.Text != "Name this desk" || u.deskName.Disabled() {
		t.Fatalf("an unnamed desk's top bar: %+v", u.deskName)
	}
	test.Tap(u.deskName)
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog to name the desk")
	}
	entry := findObject(top, func(o fyne.CanvasObject) bool { _, ok := o.(*escEntry); return ok }).(*escEntry)
	save := findButton(top, "Save")
	// a blank name is refused, and nothing is kept
	entry.SetText("   ")
	test.Tap(save)
	if len(kept) != 0 || w.Canvas().Overlays().Top() == nil || !strings.Contains(strings.Join(texts(top), " "), "give this desk a name") {
		t.Fatalf("blank name: kept %v; dialog says %q", kept, texts(top))
	}
	entry.SetText("")
	test.Type(entry, "Resource room")
	entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if len(kept) != 1 || kept[0] != "Resource room" || e.Svc.Desk() != "Resource room" || u.deskName.Text != "Resource room" {
		t.Fatalf("renamed: kept %v, desk %q, top bar %q", kept, e.Svc.Desk(), u.deskName.Text)
	}
	if w.Canvas().Overlays().Top() != nil {
		t.Fatal("the dialog stayed open")
	}
	// the rename is on record, by whom and from what
	var detail, actor string
	if err := datatest.OpenRaw(t, e.Path).QueryRow(`SELECT detail, actor FROM audit_log WHERE action = 'desk.change'`).Scan(&detail, &actor); err != nil ||
		detail != `name "" → "Resource room"` || actor != "admin" {
		t.Fatalf("desk change audit: %q by %q (%v)", detail, actor, err)
	}

	// another desk (another program on the database) checks María in first
	st2, err := data.Open(t.Context(), e.Path, data.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	greeter := app.NewService(st2, func() time.Time { return datatest.Now })
	greeter.SetDesk("Greeter")
	if res, err := greeter.ScanCheckIn(e.Ctx, app.Target{SiteID: e.Site.ID, EventID: ev.ID}, maria.Code); err != nil || !res.Outcome.Recorded() {
		t.Fatalf("greeter: %+v %v", res, err)
	}
	d := &desk{t: t, env: e, u: u, win: w, s: u.checkin}
	d.s.idleDelay = 30 * time.Millisecond
	d.s.search.delay = 5 * time.Millisecond
	d.typeScan(maria.Code, fyne.KeyReturn)
	d.wantResult(toneWarn, "María G. was already checked in at 10:15 AM at Greeter")
	d.typeScan(ana.Code, fyne.KeyReturn)
	cs := d.activeCheckIns(ev.ID)
	for _, c := range cs {
		if c.ParticipantID == ana.ID && c.Desk != "Resource room" {
			t.Fatalf("Ana's check-in records desk %q", c.Desk)
		}
	}

	// someone without the administrator role sees the name, and cannot change it
	u.signOut()
	signIn(t, u, "fran", deskPassword)
	if u.deskName == nil || u.deskName.Text != "Resource room" || !u.deskName.Disabled() {
		t.Fatalf("front desk's top bar: %+v", u.deskName)
	}
}
