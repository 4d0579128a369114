package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"frontdesk/app"
	"frontdesk/app/deskconf"
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
	// it carries the WIOA preview of the program year of its last day, as
	// report --wioa gives it
	var raw, alone map[string]any
	jsonOut(t, mustCtl(t, db, "report", "--from", from, "--to", to, "--json"), &raw)
	toDay, _ := time.Parse(time.DateOnly, to)
	py := app.ProgramYearOf(toDay)
	jsonOut(t, mustCtl(t, db, "report", "--wioa", "--year", strconv.Itoa(py), "--json"), &alone)
	if j.WIOA == nil || j.WIOA.Year != py || j.WIOA.Quarter != 0 || j.WIOA.Site != 0 {
		t.Fatalf("report --json carries no WIOA preview of PY %d: %+v", py, j.WIOA)
	}
	if got, want := fmt.Sprint(raw["wioa"]), fmt.Sprint(alone); got != want {
		t.Errorf("the report's WIOA preview:\n%s\nreport --wioa:\n%s", got, want)
	}
	if out := mustCtl(t, db, "report", "--from", from, "--to", to); !strings.Contains(out, fmt.Sprintf("WIOA performance preview: PY %d", py)) ||
		!strings.Contains(out, "Employment rate, 2nd quarter after exit") {
		t.Errorf("the report's text has no WIOA indicators:\n%s", out)
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
	if sheets := f.GetSheetList(); sheets[len(sheets)-1] != "WIOA" {
		t.Errorf("sheets %q: the WIOA preview is not last", sheets)
	} else if v, _ := f.GetCellValue("WIOA", "B1"); !strings.HasPrefix(v, fmt.Sprintf("PY %d (", py)) {
		t.Errorf("WIOA!B1 = %q", v)
	}
	// audited, with the days and format but no figures
	audit := mustCtl(t, db, "audit", "list", "--action", "report.output")
	pyFirst, pyLast := app.ProgramYearDays(py)
	if !strings.Contains(audit, "report.output") || !strings.Contains(audit, "xlsx site=0 from="+from+" to="+to+
		" wioa="+pyFirst.Format(time.DateOnly)+".."+pyLast.Format(time.DateOnly)) {
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

// TestReportCommandBySite: on a database of two sites the report of all
// sites gives each site's figures, in --json ("sites": id, name and the
// figures under snake_case keys) and printed ("By site"): the demo site's
// are its own report's, the Bronx's its one visitor's. A one-site report
// has none.
func TestReportCommandBySite(t *testing.T) {
	db, from, to := reportDB(t)
	var one map[string]any
	jsonOut(t, mustCtl(t, db, "report", "--from", from, "--to", to, "--json"), &one)
	if _, ok := one["sites"]; ok {
		t.Errorf("a report on a one-site database has sites: %v", one["sites"])
	}

	var bronx app.Site
	jsonOut(t, mustCtl(t, db, "site", "add", "--name", "Bronx", "--tz", "America/New_York", "--json"), &bronx)
	// a desk at the Bronx registers Quinn, who visits the resource room
	conf := filepath.Join(t.TempDir(), "desk.json")
	t.Setenv(deskconf.EnvPath, conf)
	if err := deskconf.Save(conf, deskconf.Settings{SiteID: bronx.ID}); err != nil {
		t.Fatal(err)
	}
	var quinn struct{ ID int64 }
	jsonOut(t, mustCtl(t, db, "participant", "add", "--first", "Quinn", "--last", "Bronx", "--json"), &quinn)
	mustCtl(t, db, "visit", "--reason", "resource_room", "--participant", strconv.FormatInt(quinn.ID, 10))

	// the demo site alone, for its figures
	var demo reportJSON
	jsonOut(t, mustCtl(t, db, "report", "--from", from, "--to", to, "--site", "1", "--json"), &demo)
	fig := map[string]float64{}
	for _, f := range demo.Figures {
		fig[f.Area+"/"+f.Figure] = f.Value
	}
	var all struct {
		Title string           `json:"title"`
		Sites []map[string]any `json:"sites"`
	}
	out := mustCtl(t, db, "report", "--from", from, "--to", to, "--json")
	jsonOut(t, out, &all)
	if len(all.Sites) != 2 {
		t.Fatalf("sites: %s", out)
	}
	// the keys in order: id, name, then the figures
	if i, j, k := strings.Index(out, `"id"`), strings.Index(out, `"name"`), strings.Index(out, `"check_ins"`); i < 0 || j < i || k < j {
		t.Errorf("the sites' keys are not in order:\n%s", out)
	}
	wantDemo := map[string]any{"id": 1.0, "name": "Demo WorkSource Center",
		"check_ins": fig["Check-ins/Check-ins"], "people_served": fig["People/People served"], "new": fig["People/New"],
		"returning": fig["People/Returning"], "events": fig["Events/Events"], "attended": fig["Events/Attended"],
		"walk_ins": fig["Events/Walk-ins"], "no_shows": fig["Events/No-shows"], "visits": fig["Visits/Visits"],
		"oriented": fig["Conversion/Oriented"], "converted": fig["Conversion/Converted"], "circulations": fig["Kits/Circulations"],
		"open_loans": fig["Kits/Open loans"], "followups_due": fig["Follow-up/Contacts due"], "followups_done": fig["Follow-up/Done"],
		"textable": fig["SMS/Textable"]}
	wantBronx := map[string]any{"id": float64(bronx.ID), "name": "Bronx", "check_ins": 0.0, "people_served": 1.0, "new": 1.0,
		"returning": 0.0, "events": 0.0, "attended": 0.0, "walk_ins": 0.0, "no_shows": 0.0, "visits": 1.0, "oriented": 0.0,
		"converted": 0.0, "circulations": 0.0, "open_loans": 0.0, "followups_due": 0.0, "followups_done": 0.0, "textable": 0.0}
	if wantDemo["check_ins"] == 0.0 || wantDemo["people_served"] == 0.0 || wantDemo["visits"] == 0.0 {
		t.Fatalf("the demo site's own report is empty: %+v", demo)
	}
	for i, want := range []map[string]any{wantDemo, wantBronx} {
		got := all.Sites[i]
		if len(got) != len(want) {
			t.Errorf("site %d has keys %v, want %v", i, got, want)
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("site %d %s = %v, want %v", i, k, got[k], v)
			}
		}
	}

	// printed: a line per figure, a column per site
	text := mustCtl(t, db, "report", "--from", from, "--to", to)
	for _, want := range []string{
		`(?m)^By site\n\s+Demo WorkSource Center  Bronx$`,
		`(?m)^  Check-ins\s+` + regexp.QuoteMeta(app.FormatCount(int(fig["Check-ins/Check-ins"]))) + `\s+0$`,
		`(?m)^  People served\s+` + regexp.QuoteMeta(app.FormatCount(int(fig["People/People served"]))) + `\s+1$`,
		`(?m)^  Visits\s+` + regexp.QuoteMeta(app.FormatCount(int(fig["Visits/Visits"]))) + `\s+1$`,
		`(?m)^  Textable\s+` + regexp.QuoteMeta(app.FormatCount(int(fig["SMS/Textable"]))) + `\s+0\n  ` + regexp.QuoteMeta(app.SiteFiguresNote) + `$`,
	} {
		if !regexp.MustCompile(want).MatchString(text) {
			t.Errorf("no %q in\n%s", want, text)
		}
	}
	if strings.Contains(mustCtl(t, db, "report", "--from", from, "--to", to, "--site", "1"), "By site") {
		t.Error("a one-site report prints figures by site")
	}
}
