package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// When the first administrator cannot be created, the site saved on that
// try stays editable, a second try saves it again (one site, not two), and
// after a restart the set-up still shows it.
func TestFirstStartSiteStaysEditableAfterAFailedAdministrator(t *testing.T) {
	test.NewTempApp(t)
	st, _ := datatest.MustOpen(t)
	svc := app.NewService(st, func() time.Time { return datatest.Now })
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1100, 720))
	u := New(t.Context(), svc, w, Options{})
	s := u.setup
	test.Type(s.name, "Harbor WorkSource Centre")
	a := s.admin
	test.Type(a.username, "rosa")
	test.Type(a.name, "Rosa Delgado")
	test.Type(a.password, "too short")
	test.Type(a.again, "too short")
	test.Tap(s.save)
	if u.mode != modeSetup || !strings.Contains(s.errLine.Text, "12") {
		t.Fatalf("mode %d, error %q: want the password refused", u.mode, s.errLine.Text)
	}
	if s.site.name.Disabled() || s.site.phone.Disabled() {
		t.Fatal("the site fields locked after the administrator step failed")
	}
	// restart: the set-up shows the saved site, still editable
	w = test.NewTempWindow(t, widget.NewLabel(""))
	u = New(t.Context(), svc, w, Options{})
	s = u.setup
	if u.mode != modeSetup || s.site.name.Text != "Harbor WorkSource Centre" || s.site.name.Disabled() {
		t.Fatalf("after a restart: mode %d, site name %q", u.mode, s.site.name.Text)
	}
	s.site.name.SetText("Harbor WorkSource Center")
	a = s.admin
	test.Type(a.username, "rosa")
	test.Type(a.name, "Rosa Delgado")
	test.Type(a.password, "a long enough password")
	test.Type(a.again, "a long enough password")
	test.Tap(s.save)
	if u.recovery == nil {
		t.Fatalf("mode %d, error %q", u.mode, s.errLine.Text)
	}
	checkRecoveryStep(t, u, w, svc, "", false)
	if u.mode != modeDesk {
		t.Fatalf("mode %d, error %q", u.mode, s.errLine.Text)
	}
	sites, err := svc.Sites(u.ctx)
	if err != nil || len(sites) != 1 || sites[0].Name != "Harbor WorkSource Center" {
		t.Fatalf("sites %+v %v: want the one site, renamed", sites, err)
	}
}

// Administrators change the site's details on the Site tab; the top bar
// follows, the change is audited by field, bad input is explained.
func TestSiteScreen(t *testing.T) {
	d := newDesk(t, nil)
	s := d.u.siteTab
	if s == nil {
		t.Fatal("no Site tab for an administrator")
	}
	showTab(d.u, s.content)
	if s.form.name.Text != "East LA WorkSource Center" || s.form.phone.Text != "(323) 555-0100" {
		t.Fatalf("form shows %q %q", s.form.name.Text, s.form.phone.Text)
	}
	s.form.phone.SetText("555")
	test.Tap(s.save)
	if !strings.Contains(s.errLine.Text, "phone") || s.saved.Text != "" {
		t.Fatalf("bad phone: %q / %q", s.errLine.Text, s.saved.Text)
	}
	s.form.phone.SetText("323-555-0177")
	s.form.name.SetText("Boyle Heights WorkSource Center")
	s.form.cEmail.SetText("intake@example.org")
	s.form.cEmail.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter saves
	if s.errLine.Text != "" || s.saved.Text != "Saved." {
		t.Fatalf("save: %q / %q", s.errLine.Text, s.saved.Text)
	}
	got, err := d.env.Svc.Site(d.env.Ctx, d.env.Site.ID)
	if err != nil || got.Name != "Boyle Heights WorkSource Center" || got.Phone != "+13235550177" || got.ContactEmail != "intake@example.org" {
		t.Fatalf("stored %+v %v", got, err)
	}
	if d.u.site.Name != got.Name || !strings.Contains(d.u.siteName.Text, "Boyle Heights") {
		t.Fatalf("the desk still names %q", d.u.siteName.Text)
	}
	log, err := d.env.Svc.AuditLog(d.env.Ctx, app.AuditFilter{Action: "site.update"})
	if err != nil || len(log) != 1 || log[0].Detail != "changed: name, phone, contact email" {
		t.Fatalf("audit %+v %v", log, err)
	}
}

func TestNoSiteTabForTheFrontDesk(t *testing.T) {
	test.NewTempApp(t)
	e := datatest.New(t)
	u := signedInAs(t, e, "dana", app.RoleFrontDesk)
	if u.siteTab != nil {
		t.Fatal("a front-desk account has the Site tab")
	}
}
