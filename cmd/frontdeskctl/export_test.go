package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"frontdesk/app"
)

func TestExportCommands(t *testing.T) {
	db, _, _ := newDB(t) // María, consenting, and an orientation running now
	dir := filepath.Join(t.TempDir(), "bundle")
	var res app.ExportResult
	out := mustCtl(t, db, "export", "roster", "--profile", "csv", "--out", dir, "--json")
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if res.Participants != 1 || len(res.Files) != 5 {
		t.Errorf("roster %+v", res)
	}
	for _, f := range []string{"participants.csv", "events.csv", "site.csv", "calendar.ics", "manifest.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	// incremental: nothing changed since
	out = mustCtl(t, db, "export", "roster", "--profile", "csv", "--out", dir, "--since-last")
	if !strings.Contains(out, "Exported 0 participants changed since") {
		t.Errorf("since-last: %s", out)
	}
	// RapidPro with a password
	pwFile := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(pwFile, []byte("bundle pass 1\n"), 0o600)
	rp := filepath.Join(t.TempDir(), "rp")
	out = mustCtl(t, db, "export", "roster", "--profile", "rapidpro", "--out", rp, "--password-file", pwFile)
	if !strings.Contains(out, "as 1 contacts") {
		t.Errorf("rapidpro: %s", out)
	}
	x, err := excelize.OpenFile(filepath.Join(rp, "contacts-001.xlsx"), excelize.Options{Password: "bundle pass 1"})
	if err != nil {
		t.Fatal(err)
	}
	x.Close()
	ics := filepath.Join(t.TempDir(), "cal.ics")
	if out := mustCtl(t, db, "export", "calendar", "--out", ics); !strings.Contains(out, "Wrote 1 events") {
		t.Errorf("calendar: %s", out)
	}
	if b, _ := os.ReadFile(ics); !strings.HasPrefix(string(b), "BEGIN:VCALENDAR\r\n") {
		t.Errorf("calendar file %q", b)
	}
	ev := filepath.Join(t.TempDir(), "events.csv")
	mustCtl(t, db, "export", "events", "--out", ev)
	if b, _ := os.ReadFile(ev); !strings.HasPrefix(string(b), "id,kind,title,") {
		t.Errorf("events file %q", b)
	}
	for _, c := range []struct {
		args []string
		err  string
	}{
		{[]string{"export", "roster", "--out", dir, "--profile", "xml"}, "csv or rapidpro"},
		{[]string{"export", "roster", "--profile", "csv"}, "--out"},
		{[]string{"export", "roster", "--out", dir, "--password-file", pwFile}, "password"},
		{[]string{"export", "calendar", "--out", ics, "--from", "March 1"}, "2026-03-10"},
		{[]string{"export", "events", "--out", ev, "--from", "2026-03-10", "--to", "2026-03-01"}, "before"},
		{[]string{"export", "bogus"}, "export roster"},
		{[]string{"export", "events", "--out", ev, "--from", "2020-01-01", "--to", "2030-12-31"}, "a year"},
	} {
		code, _, errs := ctl(t, db, "", c.args...)
		if code != exitUser || !strings.Contains(errs, c.err) {
			t.Errorf("%v: exit %d, %q; want 1 mentioning %q", c.args, code, errs, c.err)
		}
	}
}

func TestExportNeedsDirector(t *testing.T) {
	db := adminDB(t) // the administrator is no director
	dir := filepath.Join(t.TempDir(), "bundle")
	code, _, errs := as(t, db, "admin", adminPW, "export", "roster", "--out", dir)
	if code != exitUser || !strings.Contains(errs, "director") {
		t.Fatalf("exit %d, %q", code, errs)
	}
	if _, err := os.Stat(dir); err == nil {
		if entries, _ := os.ReadDir(dir); len(entries) > 0 {
			t.Errorf("a refused export wrote %d files", len(entries))
		}
	}
	as(t, db, "admin", adminPW, "user", "set-roles", "admin", "--roles", "administrator,director")
	if code, _, errs := as(t, db, "admin", adminPW, "export", "roster", "--out", dir); code != 0 {
		t.Fatalf("as director: exit %d, %s", code, errs)
	}
	out := mustCtl(t, db, "audit", "list", "--action", "export.", "--user", "admin")
	if !strings.Contains(out, "export.roster") {
		t.Errorf("audit: %s", out)
	}
}
