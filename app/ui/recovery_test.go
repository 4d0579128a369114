package ui

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

var recoveryCodeRE = regexp.MustCompile(`[` + app.RecoveryAlphabet + `]{5}(-[` + app.RecoveryAlphabet + `]{5}){4}`)

// checkRecoveryStep checks the set-up's recovery step: the code shown once,
// large, with what to do with it; with print, Print writes the page to
// printouts (the code on it) and Continue goes on, else Continue asks
// first. It leaves the desk showing.
func checkRecoveryStep(t *testing.T, u *UI, w fyne.Window, svc *app.Service, printouts string, print bool) {
	t.Helper()
	r := u.recovery
	if u.mode != modeSetup || r == nil {
		t.Fatalf("mode %d: no recovery step after set-up", u.mode)
	}
	markup := test.RenderToMarkup(w.Canvas())
	codes := recoveryCodeRE.FindAllString(markup, -1)
	if len(codes) != 1 || codes[0] != r.code || r.codeText.Text != r.code {
		t.Fatalf("codes shown: %q (screen's %q)", codes, r.code)
	}
	for _, want := range []string{"Your recovery code", "director", "reset-admin", "shown only now"} {
		if !strings.Contains(markup, want) {
			t.Errorf("no %q on the recovery step", want)
		}
	}
	if has, err := svc.HasRecoveryCode(t.Context()); err != nil || !has {
		t.Fatalf("no recovery code stored: %v", err)
	}
	if w.Canvas().Focused() != r.print {
		t.Error("Print does not have the focus")
	}
	if print {
		test.Tap(r.print)
		u.printQ.wait()
		if !r.printed || filepath.Dir(r.path) != printouts {
			t.Fatalf("printed %v to %q", r.printed, r.path)
		}
		if pdftotext, err := exec.LookPath("pdftotext"); err == nil {
			txt, err := exec.Command(pdftotext, "-layout", r.path, "-").Output()
			if err != nil || !strings.Contains(string(txt), r.code) || !strings.Contains(string(txt), "director's safe") {
				t.Fatalf("the page: %v\n%s", err, txt)
			}
		} else if fi, err := os.Stat(r.path); err != nil || fi.Size() == 0 {
			t.Fatalf("the page: %v", err)
		}
		if u.printed == nil || !strings.Contains(u.printed.path, "recovery-code.pdf") {
			t.Fatal("no saved-file note")
		}
		test.Tap(u.printed.close)
	}
	test.Tap(r.done)
	if !print {
		if u.mode != modeSetup {
			t.Fatal("Continue without printing went on without asking")
		}
		markup := test.RenderToMarkup(w.Canvas())
		if !strings.Contains(markup, "Continue without printing?") {
			t.Fatal("no question before going on without printing")
		}
		top := w.Canvas().Overlays().Top()
		if top == nil {
			t.Fatal("no dialog")
		}
		b := findButton(top, "Continue without printing")
		if b == nil {
			t.Fatal("no Continue without printing button")
		}
		test.Tap(b)
	}
	if u.recovery != nil {
		t.Fatal("the recovery step is kept after Continue")
	}
	if strings.Contains(test.RenderToMarkup(w.Canvas()), r.code) {
		t.Fatal("the code is still on screen")
	}
}

// typeFirstAdmin fills the set-up's administrator form for Rosa, with
// again as the repeated password.
func typeFirstAdmin(a *staffForm, again string) {
	test.Type(a.username, "rosa")
	test.Type(a.name, "Rosa Delgado")
	test.Type(a.password, "a long enough password")
	test.Type(a.again, again)
	test.Type(a.conf, "2026-03-02")
	test.Type(a.training, "2026-03-05")
}

// Going on without printing asks first; the code is not shown again.
func TestRecoveryStepWithoutPrinting(t *testing.T) {
	test.NewTempApp(t)
	st, _ := datatest.MustOpen(t)
	svc := app.NewService(st, func() time.Time { return datatest.Now })
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1024, 600))
	u := New(t.Context(), svc, w, Options{CardDir: t.TempDir()})
	s := u.setup
	test.Type(s.name, "Harbor WorkSource Center")
	typeFirstAdmin(s.admin, "a long enough password")
	test.Tap(s.save)
	checkRecoveryStep(t, u, w, svc, "", false)
	if u.mode != modeDesk || u.actor.Username != "rosa" {
		t.Fatalf("mode %d as %q", u.mode, u.actor.Username)
	}
	// A restart signs in; no recovery step again.
	u2 := New(t.Context(), svc, test.NewTempWindow(t, widget.NewLabel("")), Options{})
	if u2.mode != modeSignIn || u2.recovery != nil {
		t.Fatalf("second start: mode %d", u2.mode)
	}
}

// An administrator makes a new recovery code on the Staff tab, shown once
// with Print; without one, the sign-in says so and points there.
func TestStaffTabMakesANewRecoveryCode(t *testing.T) {
	d := newDesk(t, nil)
	u, w := d.u, d.win
	if err := d.env.Store.Update(d.env.Ctx, func(tx app.Tx) error { return tx.SetSetting(d.env.Ctx, "security.recovery_code", "") }); err != nil {
		t.Fatal(err)
	}
	u.signOut()
	for _, o := range w.Canvas().Overlays().List() {
		w.Canvas().Overlays().Remove(o)
	}
	signIn(t, u, "desk", deskPassword)
	top := w.Canvas().Overlays().Top()
	if top == nil || !strings.Contains(test.RenderObjectToMarkup(top), "There is no recovery code yet") ||
		!strings.Contains(test.RenderObjectToMarkup(top), "Recovery code…") {
		t.Fatal("no warning about the missing recovery code at sign-in")
	}
	w.Canvas().Overlays().Remove(top)

	b := staffButton(t, d, "Recovery code…")
	test.Tap(b)
	top = w.Canvas().Overlays().Top()
	if top == nil || !strings.Contains(test.RenderObjectToMarkup(top), "Make a new recovery code?") {
		t.Fatal("no question before a new code")
	}
	test.Tap(findButton(top, "Make a new code"))
	r := u.recovery
	if r == nil {
		t.Fatal("no recovery code shown")
	}
	top = w.Canvas().Overlays().Top()
	if codes := recoveryCodeRE.FindAllString(test.RenderObjectToMarkup(top), -1); len(codes) != 1 || codes[0] != r.code {
		t.Fatalf("codes in the dialog %q, made %q", codes, r.code)
	}
	test.Tap(r.print)
	u.printQ.wait()
	if !r.printed {
		t.Fatal("not printed")
	}
	test.Tap(u.printed.close)
	test.Tap(r.done)
	if u.recovery != nil || strings.Contains(test.RenderToMarkup(w.Canvas()), r.code) {
		t.Fatal("the code is still shown")
	}
	// The code works for reset-admin, and the making of it is audited.
	if _, err := d.env.Svc.RecoverAdministrator(d.env.Ctx, r.code, "helper", "", "recovery password 1", "test"); err != nil {
		t.Fatalf("the new code: %v", err)
	}
	got, _ := d.env.Svc.AuditLog(d.env.Ctx, app.AuditFilter{Action: "recovery.create"})
	if len(got) != 2 || got[0].Actor != "desk" || got[0].Detail != "first recovery code" {
		t.Fatalf("audit %+v", got)
	}
}
