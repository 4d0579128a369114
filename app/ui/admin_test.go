package ui

import (
	"bytes"
	"encoding/csv"
	"io"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
)

// kioskScan scans code at the kiosk as a scanner would.
func kioskScan(k *kioskScreen, code string) {
	test.Type(k.scan, code)
	k.scan.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
}

func TestKioskShowsOnlyTheFirstName(t *testing.T) {
	d, ev, maria, _ := orientationDesk(t)
	d.env.Svc.UpdateParticipant(d.env.Ctx, func() app.Participant { maria.Email = "maria.g@example.org"; return maria }())
	desk := d.s
	test.Tap(desk.kioskBtn)
	k := d.u.kiosk
	if k == nil || d.u.mode != modeKiosk || d.win.Canvas().Focused() != k.scan {
		t.Fatal("kiosk not started with the scan field focused")
	}
	k.resetDelay = 80 * time.Millisecond
	markup := test.RenderToMarkup(d.win.Canvas())
	for _, want := range []string{"Scan your card", "Escanee su tarjeta", "WorkSource Orientation"} {
		if !strings.Contains(markup, want) {
			t.Fatalf("kiosk does not say %q", want)
		}
	}
	for _, no := range []string{"Check-in", "Participants", "Walk-in", "Just now", "Dana Desk"} {
		if strings.Contains(markup, no) {
			t.Fatalf("kiosk shows %q", no)
		}
	}
	kioskScan(k, maria.Code)
	if k.tone != toneGood || k.line1.Text != "María" || !strings.Contains(k.line2.Text, "You're checked in") || !strings.Contains(k.line3.Text, "Ya está registrado") {
		t.Fatalf("answer %d %q %q %q", k.tone, k.line1.Text, k.line2.Text, k.line3.Text)
	}
	markup = test.RenderToMarkup(d.win.Canvas())
	for _, no := range []string{"González", "G.", "555", "0142", "example.org", maria.Code} {
		if strings.Contains(markup, no) {
			t.Fatalf("kiosk shows %q", no)
		}
	}
	if cs := d.activeCheckIns(ev.ID); len(cs) != 1 || cs[0].ParticipantID != maria.ID {
		t.Fatalf("check-ins %+v", cs)
	}
	// again: already checked in; then back to the prompt
	kioskScan(k, maria.Code)
	if k.tone != toneWarn || !strings.Contains(k.line2.Text, "already") {
		t.Fatalf("repeat: %q", k.line2.Text)
	}
	k.wait()
	if k.tone != toneIdle || k.line1.Text == "María" {
		t.Fatalf("did not return to the prompt: %q", k.line1.Text)
	}
	// an unknown card, a bad scan
	kioskScan(k, app.NewCode('P'))
	if k.tone != toneBad || !strings.Contains(k.line2.Text+k.line3.Text, "Please see the front desk") || !strings.Contains(k.line3.Text, "recepción") {
		t.Fatalf("unknown card: %q / %q / %q", k.line1.Text, k.line2.Text, k.line3.Text)
	}
	kioskScan(k, "maria gonzalez")
	if k.tone != toneBad || !strings.Contains(k.line1.Text, "scan again") {
		t.Fatalf("typed name: %q", k.line1.Text)
	}
	// half a code typed and left: the field is cleared with the prompt, so
	// the next card reads cleanly
	k.wait()
	test.Type(k.scan, "P-7K")
	k.wait()
	if k.scan.Text != "" || k.tone != toneIdle {
		t.Fatalf("half-typed %q left in the kiosk (tone %d)", k.scan.Text, k.tone)
	}
	kioskScan(k, maria.Code)
	if k.tone != toneWarn || !strings.Contains(k.line2.Text, "already") {
		t.Fatalf("the card after a half-typed one: %q", k.line2.Text)
	}
	k.wait()
	// no shortcuts: Ctrl+Z does not undo, Ctrl+N opens nothing
	k.scan.TypedShortcut(undoShortcut)
	k.scan.TypedShortcut(walkInShortcut)
	if d.win.Canvas().Overlays().Top() != nil || len(d.activeCheckIns(ev.ID)) != 1 {
		t.Fatal("a shortcut worked at the kiosk")
	}
	// leaving needs a staff password
	test.Tap(k.staffBtn)
	if k.exit == nil {
		t.Fatal("no staff sign-in")
	}
	test.Type(k.exit.username, "desk")
	test.Type(k.exit.password, "not it at all")
	test.Tap(k.exit.button)
	if d.u.mode != modeKiosk || !strings.Contains(k.exit.errLine.Text, "Wrong") {
		t.Fatalf("left the kiosk with a wrong password (mode %d)", d.u.mode)
	}
	test.Type(k.exit.password, deskPassword)
	k.exit.password.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	k.wait()
	if d.u.mode != modeDesk || d.u.checkin != desk || d.u.kiosk != nil {
		t.Fatalf("not back at the same desk (mode %d)", d.u.mode)
	}
	if d.win.Canvas().Overlays().Top() != nil {
		t.Fatal("the staff sign-in is still open")
	}
}

func TestStaffScreenAddResetDeactivate(t *testing.T) {
	d := newDesk(t, nil)
	s := d.u.staff
	showTab(d.u, s.content)
	if len(s.rows) != 1 {
		t.Fatalf("rows %d", len(s.rows))
	}
	s.add()
	f := s.form
	test.Type(f.username, "luis")
	test.Type(f.name, "Luis Ortega")
	test.Type(f.password, "short")
	test.Type(f.again, "short")
	test.Tap(s.dlg.confirm)
	if !strings.Contains(s.errLine.Text, "at least 12") {
		t.Fatalf("short password: %q", s.errLine.Text)
	}
	f.password.SetText("temporary pass 77")
	f.again.SetText("temporary pass 78")
	test.Tap(s.dlg.confirm)
	if !strings.Contains(s.errLine.Text, "not the same") {
		t.Fatalf("mismatch: %q", s.errLine.Text)
	}
	f.again.SetText("temporary pass 77")
	f.conf.SetText("March 1")
	test.Tap(s.dlg.confirm)
	if !strings.Contains(s.errLine.Text, "Confidentiality statement signed") || !strings.Contains(s.errLine.Text, "MM/DD/YYYY") {
		t.Fatalf("bad date: %q", s.errLine.Text)
	}
	f.conf.SetText("2025-03-20") // runs out in 10 days
	f.roles[app.RoleDirector].SetChecked(true)
	test.Tap(s.dlg.confirm)
	if len(s.rows) != 2 {
		t.Fatalf("after add: rows %d, error %q", len(s.rows), s.errLine.Text)
	}
	i := 0
	if s.rows[0].Username != "luis" {
		i = 1
	}
	luis := s.rows[i]
	if !luis.TemporaryPassword || !luis.Has(app.RoleDirector) || !luis.Has(app.RoleFrontDesk) {
		t.Fatalf("saved %+v", luis)
	}
	markup := test.RenderObjectToMarkup(s.content)
	for _, want := range []string{"Luis Ortega", "expires soon", "none on record", "temporary password"} {
		if !strings.Contains(markup, want) {
			t.Fatalf("list does not show %q", want)
		}
	}
	if strings.Contains(markup, "temporary pass 77") {
		t.Fatal("a password is shown")
	}
	// reset password
	s.list.Select(i)
	s.resetPassword()
	test.Type(s.pw, "another temp 123")
	test.Type(s.pw2, "another temp 124")
	test.Tap(s.dlg.confirm)
	if !strings.Contains(s.errLine.Text, "not the same") {
		t.Fatalf("reset mismatch: %q", s.errLine.Text)
	}
	s.pw2.SetText("another temp 123")
	test.Tap(s.dlg.confirm)
	if s.errLine.Text != "" {
		t.Fatalf("reset: %q", s.errLine.Text)
	}
	if _, err := d.env.Svc.SignIn(d.env.Ctx, "luis", "another temp 123"); err != nil {
		t.Fatalf("reset password does not sign in: %v", err)
	}
	// dates
	s.list.Select(i)
	s.setDates()
	s.train.SetText("2026-03-09")
	test.Tap(s.dlg.confirm)
	if s.rows[i].TrainingCompleted == nil || s.rows[i].TrainingCompleted.Format(time.DateOnly) != "2026-03-09" {
		t.Fatalf("dates: %q %+v", s.errLine.Text, s.rows[i])
	}
	// roles: none is refused
	s.list.Select(i)
	s.setRoles()
	for _, c := range s.roles {
		c.SetChecked(false)
	}
	test.Tap(s.dlg.confirm)
	if !strings.Contains(s.errLine.Text, "at least one role") {
		t.Fatalf("no roles: %q", s.errLine.Text)
	}
	s.dlg.dialog.Hide()
	// deactivate
	s.list.Select(i)
	s.deactivate()
	if d.win.Canvas().Overlays().Top() == nil {
		t.Fatal("no confirmation")
	}
	s.confirmDeactivate(luis.ID)
	if s.rows[i].Active || !strings.Contains(test.RenderObjectToMarkup(s.content), "deactivated") {
		t.Fatal("not deactivated")
	}
	// settings
	s.autoLock.SetText("300")
	s.saveSettings()
	if !strings.Contains(s.settingsMsg.Text, "240") {
		t.Fatalf("settings: %q", s.settingsMsg.Text)
	}
	s.autoLock.SetText("10")
	s.saveSettings()
	if st, _ := d.env.Svc.Settings(d.env.Ctx); st.AutoLockMinutes != 10 {
		t.Fatalf("settings %+v", st)
	}
}

func TestAuditScreenListsFiltersVerifiesExports(t *testing.T) {
	d := newDesk(t, nil)
	s := d.u.audit
	showTab(d.u, s.content)
	if len(s.rows) < 2 {
		t.Fatalf("rows %d", len(s.rows))
	}
	s.action.SetText("signin")
	s.refresh()
	if len(s.rows) == 0 {
		t.Fatal("no sign-in records")
	}
	for _, r := range s.rows {
		if !strings.HasPrefix(r.Action, "signin") || r.Actor != "desk" {
			t.Fatalf("filter let through %+v", r)
		}
	}
	if !strings.Contains(test.RenderObjectToMarkup(s.content), "signin") {
		t.Fatal("the table does not show the records")
	}
	s.person.SetText("nobody")
	s.refresh()
	if len(s.rows) != 0 {
		t.Fatalf("person filter: %d rows", len(s.rows))
	}
	s.person.SetText("")
	s.from.SetText("10 March")
	s.refresh()
	if !strings.Contains(s.errLine.Text, "MM/DD/YYYY") {
		t.Fatalf("bad date: %q", s.errLine.Text)
	}
	s.from.SetText("2026-03-11")
	s.refresh()
	if s.errLine.Text != "" || len(s.rows) != 0 {
		t.Fatalf("from tomorrow: %d rows, %q", len(s.rows), s.errLine.Text)
	}
	s.from.SetText("2026-03-10")
	s.to.SetText("2026-03-10")
	s.action.SetText("")
	s.refresh()
	n := len(s.rows)
	if n < 2 {
		t.Fatalf("today: %d rows", n)
	}
	s.verify()
	if !strings.Contains(s.check.Text, "Chain OK") || s.check.Importance != widget.SuccessImportance {
		t.Fatalf("verify: %q", s.check.Text)
	}
	var buf bytes.Buffer
	if err := s.export(nopCloser{&buf}); err != nil {
		t.Fatal(err)
	}
	// a file for a person: the byte-order mark Excel needs to read UTF-8,
	// CRLF line ends
	raw := buf.Bytes()
	if !bytes.HasPrefix(raw, []byte("\xEF\xBB\xBF")) || bytes.Count(raw, []byte("\n")) != bytes.Count(raw, []byte("\r\n")) {
		t.Errorf("audit CSV is not for Excel: %q", raw[:min(len(raw), 40)])
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\xEF\xBB\xBF")))).ReadAll()
	if err != nil || len(recs) != len(s.rows)+1 || recs[0][0] != "time" {
		t.Fatalf("csv %d records (want %d): %v", len(recs), len(s.rows)+1, err)
	}
	got, _ := d.env.Svc.AuditLog(d.env.Ctx, app.AuditFilter{Action: "audit.export"})
	if len(got) != 1 || !strings.Contains(got[0].Detail, "rows") {
		t.Fatalf("export not audited: %+v", got)
	}
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// showTab selects the tab showing content.
func showTab(u *UI, content fyne.CanvasObject) {
	for _, it := range u.tabs.Items {
		if it.Content == content {
			u.tabs.Select(it)
		}
	}
}
