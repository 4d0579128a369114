package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"frontdesk/data/datatest"
)

// followupDB makes a database with a site and one participant at the fixed
// clock (10 March 2026 in Los Angeles) and returns it and the code.
func followupDB(t *testing.T) (db, code string) {
	t.Helper()
	now := testNow
	fixClock(t, &now)
	db = datatest.NewDatabase(t)
	mustCtl(t, db, "init", "--site", "East LA WorkSource Center", "--phone", "(323) 555-0100")
	var p struct{ Code string }
	jsonOut(t, mustCtl(t, db, "participant", "add", "--first", "María", "--last", "González", "--phone", "213-555-0142", "--json"), &p)
	return db, p.Code
}

func followupFile(t *testing.T, db, code string) followupFileJSON {
	t.Helper()
	var f followupFileJSON
	jsonOut(t, mustCtl(t, db, "followup", "list", "--participant", code, "--json"), &f)
	return f
}

type logJSON struct {
	Attempt followupAttemptJSON
	Contact *followupContactJSON
}

func TestFollowupCommands(t *testing.T) {
	db, code := followupDB(t)
	dir := t.TempDir()

	if out := mustCtl(t, db, "followup", "templates"); !strings.Contains(out, "seta-02-09") || !strings.Contains(out, "wioa") ||
		!strings.Contains(out, "Quarter-end follow-up form") {
		t.Fatalf("followup templates: %q", out)
	}

	// the case: a job from 1 December 2025, an exit on 15 January 2026
	out := mustCtl(t, db, "followup", "case", "--participant", code, "--employment-start", "2025-12-01", "--employer", "Acme Foods",
		"--job-title", "Cashier", "--wage", "18.50", "--hours", "40", "--exit", "2026-01-15", "--exit-reason", "Entered employment")
	for _, want := range []string{"Within one week of employment", "2025-12-01", "2025-12-07", "First week of the 1st quarter after exit",
		"2026-04-01", "[form] Quarter-end follow-up form", "status exited", "$18.50/h"} {
		if !strings.Contains(out, want) {
			t.Errorf("followup case: no %q in\n%s", want, out)
		}
	}
	f := followupFile(t, db, code)
	if !f.HasCase || f.Schedule != "seta-02-09" || f.Wage != "18.50" || f.Exit != "2026-01-15" || len(f.Contacts) < 10 || f.Contacts[0].Due != "2025-12-07" {
		t.Fatalf("followup list --participant: %+v", f)
	}
	if out := mustCtl(t, db, "followup", "list", "--participant", code); !strings.Contains(out, "Within one week of employment") {
		t.Errorf("followup list --participant: %q", out)
	}
	// flags not given keep the stored values
	mustCtl(t, db, "followup", "case", "--participant", code, "--job-title", "Shift lead")
	if g := followupFile(t, db, code); g.Wage != "18.50" || g.JobTitle != "Shift lead" || g.Exit != "2026-01-15" || len(g.Contacts) != len(f.Contacts) {
		t.Fatalf("a partial update lost values: %+v", g)
	}

	// a reached contact completes the earliest one open
	var l logJSON
	jsonOut(t, mustCtl(t, db, "followup", "log", "--participant", code, "--date", "2026-03-01", "--method", "phone", "--outcome", "reached",
		"--employed", "yes", "--employer", "Acme Foods", "--wage", "19", "--document", "pay_stub", "--json"), &l)
	if l.Contact == nil || l.Contact.ID != f.Contacts[0].ID || l.Contact.Status != "done" || l.Attempt.Wage != "19.00" {
		t.Fatalf("log reached: %+v %+v", l.Attempt, l.Contact)
	}
	// three attempts without reaching the person: non-responsive
	for i, d := range []string{"2026-03-02", "2026-03-03", "2026-03-04"} {
		jsonOut(t, mustCtl(t, db, "followup", "log", "--participant", code, "--date", d, "--method", "phone", "--outcome", "no_answer", "--json"), &l)
		want := "open"
		if i == 2 {
			want = "non_responsive"
		}
		if l.Contact == nil || l.Contact.ID != f.Contacts[1].ID || l.Contact.Status != want || l.Contact.Attempts != i+1 {
			t.Fatalf("attempt %d: %+v", i+1, l.Contact)
		}
	}
	var m myFollowupsJSON
	jsonOut(t, mustCtl(t, db, "followup", "list", "--json"), &m)
	if m.Today != "2026-03-10" || len(m.NonResponsive) != 1 || m.NonResponsive[0].Code != code || len(m.ThisWeek)+len(m.Overdue) == 0 {
		t.Fatalf("followup list: %+v", m)
	}
	if out := mustCtl(t, db, "followup", "list", "--all"); !strings.Contains(out, "Non-responsive (3 attempts) (1)") || !strings.Contains(out, "Caseload (1)") {
		t.Errorf("followup list --all:\n%s", out)
	}
	// the quarter-end form
	var fm followupFormJSON
	jsonOut(t, mustCtl(t, db, "followup", "form", "--participant", code, "--quarter", "1", "--date", "2026-03-09", "--employed", "yes",
		"--employer", "Acme Foods", "--json"), &fm)
	if fm.ID == 0 || fm.ContactID == 0 || fm.Quarter != 1 {
		t.Fatalf("followup form: %+v", fm)
	}

	// the roster of 2026 Q1, as PDF and XLSX, audited
	for _, name := range []string{"roster.pdf", "roster.xlsx"} {
		path := filepath.Join(dir, name)
		if out := mustCtl(t, db, "followup", "roster", "--year", "2026", "--quarter", "1", "--all", "--out", path); !strings.Contains(out, "2026 Q1") {
			t.Errorf("followup roster: %q", out)
		}
		if st, err := os.Stat(path); err != nil || st.Size() == 0 {
			t.Fatalf("%s: %v", name, err)
		}
	}
	if haveTool(t, "pdftotext") {
		txt, err := exec.Command("pdftotext", "-layout", filepath.Join(dir, "roster.pdf"), "-").Output()
		if err != nil || !strings.Contains(string(txt), "María González") || !strings.Contains(string(txt), "non-responsive") {
			t.Errorf("roster text (%v):\n%s", err, txt)
		}
	}
	var audit []auditJSON
	jsonOut(t, mustCtl(t, db, "audit", "list", "--action", "followup.roster", "--json"), &audit)
	if len(audit) != 2 || !strings.Contains(audit[0].Detail+audit[1].Detail, "xlsx 2026 Q1") {
		t.Errorf("roster audit: %+v", audit)
	}
	// --json lists the roster's rows, to check the file against
	var rj struct {
		Contacts int `json:"contacts"`
		Rows     []struct {
			Code    string `json:"code"`
			Due     string `json:"due"`
			Status  string `json:"status"`
			Overdue bool   `json:"overdue"`
		} `json:"rows"`
	}
	jsonOut(t, mustCtl(t, db, "followup", "roster", "--year", "2026", "--quarter", "1", "--all", "--out", filepath.Join(dir, "again.xlsx"), "--json"), &rj)
	statuses := map[string]bool{}
	for _, r := range rj.Rows {
		if r.Code == code {
			statuses[r.Status] = true
		}
		if want := r.Status == "open" && r.Due < "2026-03-10"; r.Overdue != want {
			t.Errorf("roster row %+v: overdue %v, want %v", r, r.Overdue, want)
		}
		if r.Due < "2026-01-01" || r.Due > "2026-03-31" {
			t.Errorf("roster row %+v is not due in 2026 Q1", r)
		}
	}
	if rj.Contacts == 0 || len(rj.Rows) != rj.Contacts || !statuses["open"] || !statuses["non_responsive"] {
		t.Errorf("followup roster --json: %d contacts, rows %+v", rj.Contacts, rj.Rows)
	}
	wantExit1(t, db, "not \"roster.txt\"", "followup", "roster", "--year", "2026", "--quarter", "1", "--out", filepath.Join(dir, "roster.txt"))
	wantExit1(t, db, "quarter is 1 to 4", "followup", "roster", "--year", "2026", "--quarter", "5", "--out", filepath.Join(dir, "r.pdf"))
}

func TestFollowupBadInputChangesNothing(t *testing.T) {
	db, code := followupDB(t)
	mustCtl(t, db, "followup", "case", "--participant", code, "--employment-start", "2026-02-02", "--employer", "Acme Foods", "--wage", "18.50")
	before := followupFile(t, db, code)

	wantExit1(t, db, `"abc" is not an hourly wage`, "followup", "case", "--participant", code, "--wage", "abc")
	wantExit1(t, db, "not a date like", "followup", "case", "--participant", code, "--exit", "03/01/2026", "--exit-reason", "x")
	wantExit1(t, db, "can't be before the employment started", "followup", "case", "--participant", code, "--exit", "2026-01-15", "--exit-reason", "Moved")
	wantExit1(t, db, "can't be dated in the future", "followup", "log", "--participant", code, "--date", "2026-03-11", "--method", "phone", "--outcome", "reached")
	wantExit1(t, db, "not a date like", "followup", "log", "--participant", code, "--date", "2026-3-1", "--method", "phone", "--outcome", "reached")
	wantExit1(t, db, `"abc" is not an hourly wage`, "followup", "log", "--participant", code, "--date", "2026-03-01", "--method", "phone",
		"--outcome", "reached", "--wage", "abc")
	wantExit1(t, db, "method", "followup", "log", "--participant", code, "--date", "2026-03-01", "--method", "pigeon", "--outcome", "reached")
	wantExit1(t, db, "can't be dated in the future", "followup", "form", "--participant", code, "--quarter", "1", "--date", "2026-04-01", "--employed", "no")

	after := followupFile(t, db, code)
	if after.Wage != "18.50" || after.Exit != "" || after.Status != before.Status || len(after.Log) != 0 || len(after.Forms) != 0 ||
		len(after.Contacts) != len(before.Contacts) {
		t.Fatalf("bad input changed the record:\nbefore %+v\nafter  %+v", before, after)
	}
	// --exit '' clears an exit
	mustCtl(t, db, "followup", "case", "--participant", code, "--exit", "2026-03-01", "--exit-reason", "Entered employment")
	if f := followupFile(t, db, code); f.Exit != "2026-03-01" || f.Status != "exited" {
		t.Fatalf("exit not recorded: %+v", f)
	}
	mustCtl(t, db, "followup", "case", "--participant", code, "--exit", "")
	if f := followupFile(t, db, code); f.Exit != "" || f.ExitReason != "" || f.Status != "employed" {
		t.Fatalf("exit not cleared: %+v", f)
	}
}
