package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"frontdesk/data/datatest"
)

// reportDB is a small demo database (300 participants, 900 check-ins). The
// demo is built around the real time (its events run from six weeks before
// now to six weeks after), so the report tests use the real clock too; it
// returns a year's range ending today.
func reportDB(t *testing.T) (db, from, to string) {
	t.Helper()
	db = datatest.NewDatabase(t)
	mustCtl(t, db, "demo", "--participants", "300", "--checkins", "900")
	today := time.Now()
	return db, today.AddDate(-1, 0, 1).Format(time.DateOnly), today.Format(time.DateOnly)
}

func TestReportCommand(t *testing.T) {
	db, from, to := reportDB(t)
	dir := t.TempDir()

	// the figures, as JSON
	var j reportJSON
	jsonOut(t, mustCtl(t, db, "report", "--from", from, "--to", to, "--json"), &j)
	fig := map[string]float64{}
	for _, f := range j.Figures {
		fig[f.Area+"/"+f.Figure] = f.Value
	}
	if j.From != from || j.To != to || !strings.HasPrefix(j.Title, "All sites · ") ||
		fig["Check-ins/Check-ins"] == 0 || fig["People/People served"] == 0 || len(j.Figures) != 40 {
		t.Fatalf("report --json: %+v", j)
	}
	// printing only is not audited
	if out := mustCtl(t, db, "audit", "list", "--action", "report."); strings.Contains(out, "report.output") {
		t.Errorf("printing the figures was audited: %s", out)
	}

	// the workbook, read back
	file := filepath.Join(dir, "report.xlsx")
	out := mustCtl(t, db, "report", "--from", from, "--to", to, "--out", file)
	for _, want := range []string{"Director report: All sites", "People served", "Completion rate", "Wrote the report to " + file} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	f, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("Summary", "B1"); v != j.Title {
		t.Errorf("Summary!B1 = %q, want %q", v, j.Title)
	}
	rows, err := f.GetRows("Summary", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		if len(r) == 3 && r[0] == "Check-ins" && r[1] == "Check-ins" {
			found = r[2] == itoa(int64(fig["Check-ins/Check-ins"]))
		}
	}
	if !found {
		t.Errorf("the workbook's summary has no check-in total of %v: %q", fig["Check-ins/Check-ins"], rows)
	}
	if ev, _ := f.GetRows("Events"); len(ev) < 2 {
		t.Errorf("Events sheet: %d rows", len(ev))
	}
	// audited, with the days and format but no figures
	audit := mustCtl(t, db, "audit", "list", "--action", "report.output")
	if !strings.Contains(audit, "report.output") || !strings.Contains(audit, "xlsx site=0 from="+from+" to="+to) {
		t.Errorf("audit: %s", audit)
	}

	// one site
	file2 := filepath.Join(dir, "site.xlsx")
	jsonOut(t, mustCtl(t, db, "report", "--from", from, "--to", to, "--site", "1", "--out", file2, "--json"), &j)
	if j.Site != 1 || j.Out != file2 || strings.HasPrefix(j.Title, "All sites") {
		t.Errorf("one site: %+v", j)
	}
	if _, err := os.Stat(file2); err != nil {
		t.Error(err)
	}
}

func TestReportCommandRefusesBadInput(t *testing.T) {
	db, _, _ := reportDB(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "r.xlsx")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--to", "2026-03-10", "--out", out}, "needs --from"},
		{[]string{"--from", "2026-02-30", "--to", "2026-03-10", "--out", out}, "not a date"},
		{[]string{"--from", "10/03/2026", "--to", "2026-03-10", "--out", out}, "not a date"},
		{[]string{"--from", "2026-03-11", "--to", "2026-03-10", "--out", out}, "after"},
		{[]string{"--from", "2026-03-01", "--to", "2026-03-10", "--out", filepath.Join(dir, "r.csv")}, ".xlsx or .pdf"},
		{[]string{"--from", "2026-03-01", "--to", "2026-03-10", "--out", filepath.Join(dir, "r")}, ".xlsx or .pdf"},
		{[]string{"--from", "2020-01-01", "--to", "2026-03-10", "--out", out}, "at most 3 years"},
		{[]string{"--from", "2026-03-01", "--to", "2026-03-10", "--site", "99", "--out", out}, ""},
		{[]string{"--from", "2026-03-01", "--to", "2026-03-10", "--site", "-1", "--out", out}, "site"},
		{[]string{"--from", "2026-03-01", "--to", "2026-03-10", "--out", out, "extra"}, ""},
	} {
		code, _, errs := ctl(t, db, "", append([]string{"report"}, c.args...)...)
		if code != exitUser || !strings.Contains(errs, c.want) {
			t.Errorf("report %v: exit %d, %q (want %q)", c.args, code, errs, c.want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("refused reports wrote %d files", len(entries))
	}
	if audit := mustCtl(t, db, "audit", "list", "--action", "report."); strings.Contains(audit, "report.output") {
		t.Errorf("a refused report was audited: %s", audit)
	}
}

func TestReportNeedsDirector(t *testing.T) {
	db := adminDB(t) // the administrator is no director
	out := filepath.Join(t.TempDir(), "r.xlsx")
	code, _, errs := as(t, db, "admin", adminPW, "report", "--from", "2026-03-01", "--to", "2026-03-10", "--out", out)
	if code != exitUser || !strings.Contains(errs, "director") {
		t.Fatalf("exit %d, %q", code, errs)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a refused report wrote %s", out)
	}
	as(t, db, "admin", adminPW, "user", "set-roles", "admin", "--roles", "administrator,director")
	if code, _, errs := as(t, db, "admin", adminPW, "report", "--from", "2026-03-01", "--to", "2026-03-10", "--out", out); code != 0 {
		t.Fatalf("as director: exit %d, %s", code, errs)
	}
	audit := mustAs(t, db, "admin", adminPW, "audit", "list", "--action", "report.output")
	if !strings.Contains(audit, "admin") || !strings.Contains(audit, "xlsx site=0 from=2026-03-01 to=2026-03-10") {
		t.Errorf("audit: %s", audit)
	}
}
