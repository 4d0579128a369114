package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"frontdesk/app"
)

// pressEscape presses Escape in w as the desktop driver delivers it: to
// the focused widget, else to the window's canvas.
func pressEscape(w fyne.Window) {
	esc := &fyne.KeyEvent{Name: fyne.KeyEscape}
	c := w.Canvas()
	if f := c.Focused(); f != nil {
		f.TypedKey(esc)
		return
	}
	if k := c.OnTypedKey(); k != nil {
		k(esc)
	}
}

// escapeFrom types into field, puts the cursor there and presses Escape;
// it fails t unless that closed every dialog.
func escapeFrom(t *testing.T, w fyne.Window, what string, field fyne.Focusable, typed string) {
	t.Helper()
	if w.Canvas().Overlays().Top() == nil {
		t.Fatalf("%s: no dialog open", what)
	}
	w.Canvas().Focus(field)
	for _, r := range typed {
		field.TypedRune(r)
	}
	pressEscape(w)
	if w.Canvas().Overlays().Top() != nil {
		t.Fatalf("Escape in %s left the dialog open", what)
	}
}

func TestEscapeClosesTheEventAndStaffFormsFromAField(t *testing.T) {
	d := newDesk(t, nil)
	w := d.win
	evs := func() int {
		got, err := d.env.Svc.Events(d.env.Ctx, app.EventFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return len(got)
	}
	before := evs()
	ev := d.u.events
	for _, field := range []func(f *eventForm) fyne.Focusable{
		func(f *eventForm) fyne.Focusable { return f.title },
		func(f *eventForm) fyne.Focusable { return f.date },
		func(f *eventForm) fyne.Focusable { return f.capa },
		func(f *eventForm) fyne.Focusable { return f.by },
		func(f *eventForm) fyne.Focusable { return f.kind },      // reached with Tab
		func(f *eventForm) fyne.Focusable { return f.cancelled }, // reached with Tab
	} {
		ev.open(app.Event{})
		f := ev.form
		f.title.SetText("Forklift safety")
		f.date.SetText("2026-03-10")
		escapeFrom(t, w, "an Events form field", field(f), "9")
	}
	if n := evs(); n != before {
		t.Fatalf("Escape saved an event: %d events, were %d", n, before)
	}

	st := d.u.staff
	showTab(d.u, st.content)
	accounts := func() int {
		got, err := d.env.Svc.ListStaff(d.env.Ctx)
		if err != nil {
			t.Fatal(err)
		}
		return len(got)
	}
	nStaff := accounts()
	st.add()
	st.form.username.SetText("newperson")
	escapeFrom(t, w, "the new account's username", st.form.username, "x")
	st.add()
	escapeFrom(t, w, "the new account's password", st.form.password, "correct horse battery")
	if !st.form.password.Password {
		t.Fatal("the new account's password field shows what is typed")
	}
	st.add()
	escapeFrom(t, w, "the new account's training date", st.form.training, "2026-01-05")
	st.add()
	escapeFrom(t, w, "the new account's Administrator box", st.form.roles[app.RoleAdministrator], " ")
	if n := accounts(); n != nStaff {
		t.Fatalf("Escape saved an account: %d, were %d", n, nStaff)
	}
	st.selectRow(0)
	st.resetPassword()
	escapeFrom(t, w, "the reset password field", st.pw2, "another long pass")
	st.selectRow(0)
	st.setDates()
	escapeFrom(t, w, "the confidentiality date", st.conf, "1")
	// a field outside any dialog keeps Escape to itself: nothing breaks
	pressEscape(w)
}

func TestEscapeClosesTheFollowupFileFromAField(t *testing.T) {
	d := newFollowupDesk(t)
	w := d.win
	if d.s.reminder != nil { // "due this week" after signing in: Escape closes it too
		pressEscape(w)
		if w.Canvas().Overlays().Top() != nil || d.s.reminder != nil {
			t.Fatal("Escape left the follow-up reminder open")
		}
	}
	logged := len(d.file(d.ana).Attempts)
	fields := []func(ff *followupFile) (int, fyne.Focusable){
		func(ff *followupFile) (int, fyne.Focusable) { return 1, ff.logWage },
		func(ff *followupFile) (int, fyne.Focusable) { return 1, ff.logNotes },
		func(ff *followupFile) (int, fyne.Focusable) { return 1, ff.method },
		func(ff *followupFile) (int, fyne.Focusable) { return 2, ff.fmHours },
		func(ff *followupFile) (int, fyne.Focusable) { return 2, ff.fmNotes },
		func(ff *followupFile) (int, fyne.Focusable) { return 3, ff.employer },
		func(ff *followupFile) (int, fyne.Focusable) { return 3, ff.exit },
		func(ff *followupFile) (int, fyne.Focusable) { return 3, ff.template },
	}
	for _, field := range fields {
		ff := d.open(d.ana)
		tab, f := field(ff)
		ff.tabs.SelectIndex(tab)
		escapeFrom(t, w, "a follow-up file field", f, "19")
		if d.s.file != ff || ff.dlg == nil {
			t.Fatal("the file was replaced while closing")
		}
	}
	if n := len(d.file(d.ana).Attempts); n != logged {
		t.Fatalf("Escape logged a contact: %d, were %d", n, logged)
	}
	if c := d.file(d.ana).Case; c.Employer != "Acme Logistics" {
		t.Fatalf("Escape saved the case: employer %q", c.Employer)
	}
}

func TestEscapeClosesTheKioskStaffSignIn(t *testing.T) {
	d, _, _, _ := orientationDesk(t)
	test.Tap(d.s.kioskBtn)
	k := d.u.kiosk
	w := d.win
	// from the username, from the password, and with no field focused
	for i, field := range []func() fyne.Focusable{
		func() fyne.Focusable { return k.exit.username },
		func() fyne.Focusable { return k.exit.password },
		nil,
	} {
		test.Tap(k.staffBtn)
		if k.exit == nil {
			t.Fatal("no staff sign-in")
		}
		if field != nil {
			escapeFrom(t, w, "the kiosk's staff sign-in", field(), "desk")
		} else {
			w.Canvas().Unfocus()
			pressEscape(w)
			if w.Canvas().Overlays().Top() != nil {
				t.Fatal("Escape with no field focused left the staff sign-in open")
			}
		}
		if k.exit != nil || d.u.mode != modeKiosk || w.Canvas().Focused() != k.scan {
			t.Fatalf("case %d: after Escape, not back to scanning (mode %d)", i, d.u.mode)
		}
	}
	// Escape at the kiosk itself does nothing: it stays a kiosk
	pressEscape(w)
	if d.u.mode != modeKiosk {
		t.Fatal("Escape left the kiosk")
	}
	// the sign-in still works after all that
	test.Tap(k.staffBtn)
	test.Type(k.exit.username, "desk")
	test.Type(k.exit.password, deskPassword)
	k.exit.password.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	k.wait()
	if d.u.mode != modeDesk || d.u.kiosk != nil || w.Canvas().Overlays().Top() != nil {
		t.Fatalf("not back at the desk (mode %d)", d.u.mode)
	}
}
