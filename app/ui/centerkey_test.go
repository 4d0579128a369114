package ui

import (
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/data"
	"frontdesk/data/datatest"
)

// On a center server, Verify says when this computer cannot check the
// chain (it lacks the center's key: a warning, not a broken chain) and
// how many records of desks without the key wait for one with it.
func TestAuditScreenSaysWhatTheCenterKeyLeaves(t *testing.T) {
	if !datatest.OnServer() {
		t.Skip("a center server's key: a desk's file keeps its key beside it")
	}
	d := newDesk(t, nil)
	s := d.u.audit
	showTab(d.u, s.content)
	db := datatest.OpenRaw(t, d.env.Path)
	var id string
	if err := db.QueryRow(`SELECT value FROM settings WHERE key = 'center.id'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	keyFile := data.CenterKeyFile(data.CenterDir(), id)
	key, err := os.ReadFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(keyFile)
	s.verify()
	if !strings.Contains(s.check.Text, "cannot check the chain yet") || strings.Contains(s.check.Text, "BROKEN") || s.check.Importance != widget.WarningImportance {
		t.Fatalf("without the key: %q (%v)", s.check.Text, s.check.Importance)
	}
	if log, _ := d.env.Svc.AuditLog(d.env.Ctx, app.AuditFilter{Action: "audit.verify", Limit: 1}); len(log) != 1 || !strings.HasPrefix(log[0].Detail, "not checked: this computer does not hold the center's audit key") {
		t.Fatalf("the verification's record: %+v", log)
	}
	os.WriteFile(keyFile, key, 0o600)
	// two records a desk without the key left on the server
	for range 2 {
		if _, err := db.Exec(`INSERT INTO audit_pending(at, actor, action) VALUES ('2026-03-10T17:00:00.000Z', 'luis', 'signin')`); err != nil {
			t.Fatal(err)
		}
	}
	// listed first, marked as waiting
	s.refresh()
	if len(s.rows) < 2 || !s.rows[0].Held || !s.rows[1].Held || s.rows[0].Actor != "luis" ||
		auditCells(s.rows[0], "")[4] != "(waiting for the center's key)" || s.rows[2].Held {
		t.Fatalf("listed: %+v", s.rows[:min(3, len(s.rows))])
	}
	s.verify()
	if !strings.Contains(s.check.Text, "Chain OK") || !strings.Contains(s.check.Text, "2 records of desks without the center's audit key wait") || s.check.Importance != widget.SuccessImportance {
		t.Fatalf("with records waiting: %q", s.check.Text)
	}
}
