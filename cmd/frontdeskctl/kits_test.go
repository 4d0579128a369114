package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// haveTool reports whether an outside tool is installed; with
// FRONTDESK_REQUIRE_TOOLS=1 a missing one fails the test.
func haveTool(t *testing.T, name string) bool {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("FRONTDESK_REQUIRE_TOOLS") == "1" {
			t.Fatalf("%s is required but not installed", name)
		}
		t.Logf("%s not installed: skipping that check", name)
		return false
	}
	return true
}

func jsonOut(t *testing.T, out string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("%v in %q", err, out)
	}
}

func wantExit1(t *testing.T, db, want string, args ...string) {
	t.Helper()
	code, _, errs := ctl(t, db, "", args...)
	if code != 1 || !strings.Contains(strings.ToLower(errs), strings.ToLower(want)) || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
		t.Fatalf("%v: exit %d, stderr %q; want exit 1 mentioning %q", args, code, errs, want)
	}
}

// wantImportRefused runs kit import on path and checks it fails, listing
// each of rows on its own line of stderr, then the summary.
func wantImportRefused(t *testing.T, db, path string, rows ...string) {
	t.Helper()
	code, _, errs := ctl(t, db, "", "kit", "import", path)
	lines := strings.Split(strings.TrimSpace(errs), "\n")
	if code != 1 || len(lines) != len(rows)+1 || !strings.Contains(lines[len(rows)], "so nothing was imported") {
		t.Fatalf("kit import %s: exit %d, stderr %q", path, code, errs)
	}
	for i, r := range rows {
		if !strings.HasPrefix(lines[i], r) {
			t.Errorf("stderr line %d: %q, want %q", i+1, lines[i], r)
		}
	}
}

func TestKitLending(t *testing.T) {
	db, code, _ := newDB(t)
	dir := t.TempDir()
	loc, _ := time.LoadLocation(app.DefaultTimeZone)
	today := time.Now().In(loc)
	day := func(n int) string { return today.AddDate(0, 0, n).Format("2006-01-02") }

	// a six-week session with weekly events on Tuesdays and Thursdays
	var sess struct {
		ID     int64
		Events int
	}
	jsonOut(t, mustCtl(t, db, "session", "add", "--name", "Work Ready", "--start", day(1), "--end", day(42),
		"--weekday", "tue,thu", "--time", "10:00", "--duration", "2h", "--location", "Room B", "--json"), &sess)
	if sess.ID == 0 || sess.Events < 10 || sess.Events > 14 {
		t.Fatalf("session add: %+v", sess)
	}
	if out := mustCtl(t, db, "event", "list", "--all", "--to", day(60)); strings.Count(out, "Work Ready") != sess.Events {
		t.Fatalf("the session's events are not listed: %q", out)
	}
	if out := mustCtl(t, db, "session", "list"); !strings.Contains(out, "Work Ready") {
		t.Fatalf("session list: %q", out)
	}
	mustCtl(t, db, "session", "enrol", "--session", itoa(sess.ID), "--participant", code)
	wantExit1(t, db, "weekday", "session", "add", "--name", "X", "--start", day(1), "--end", day(2), "--weekday", "someday", "--time", "10:00")

	// kits
	var laptop kitJSON
	jsonOut(t, mustCtl(t, db, "kit", "add", "--kind", "laptop", "--component", "Laptop:5CD1234XYZ", "--component", "Mouse:M-1", "--json"), &laptop)
	if !strings.HasPrefix(laptop.Tag, "K-") || laptop.Status != "available" || len(laptop.Components) != 5 || laptop.Components[0].Serial != "5CD1234XYZ" {
		t.Fatalf("kit add: %+v", laptop)
	}
	wantExit1(t, db, "already has the tag", "kit", "add", "--kind", "laptop", "--tag", laptop.Tag)
	wantExit1(t, db, "5CD1234XYZ", "kit", "add", "--kind", "laptop", "--component", "laptop:5cd1234xyz")
	wantExit1(t, db, "--kind", "kit", "add", "--kind", "tablet")
	var hotspot kitJSON
	jsonOut(t, mustCtl(t, db, "kit", "add", "--kind", "hotspot", "--carrier", "T-Mobile", "--line", "213-555-0199",
		"--imei", "490154203237518", "--json"), &hotspot)
	if hotspot.Line != "+12135550199" || hotspot.Service != "active" {
		t.Fatalf("hotspot: %+v", hotspot)
	}
	if out := mustCtl(t, db, "kit", "list", "--kind", "hotspot"); !strings.Contains(out, hotspot.Tag) || strings.Contains(out, laptop.Tag) {
		t.Fatalf("kit list --kind hotspot: %q", out)
	}

	// kit import: all or nothing, every bad row named
	csvPath := filepath.Join(dir, "kits.csv")
	os.WriteFile(csvPath, []byte("kind,tag,laptop,charger\nlaptop,,SN-A1,CH-A1\nlaptop,,SN-A2,CH-A1\n"), 0o600)
	wantImportRefused(t, db, csvPath, "row 3: serial CH-A1 is also on row 2")
	// a row the service refuses (a serial another kit has) is named too
	os.WriteFile(csvPath, []byte("kind,tag,laptop,charger\nlaptop,,SN-A1,CH-A1\nlaptop,,5cd1234xyz,CH-A2\ntablet,,SN-A3,CH-A3\n"), 0o600)
	wantImportRefused(t, db, csvPath, "row 3: laptop serial: 5CD1234XYZ is already registered to kit "+laptop.Tag,
		`row 4: kind: "tablet" is not a kind of kit`)
	var ks []kitJSON
	jsonOut(t, mustCtl(t, db, "kit", "list", "--json"), &ks)
	if len(ks) != 2 {
		t.Fatalf("a failed import added kits: %d", len(ks))
	}
	os.WriteFile(csvPath, []byte("kind,tag,laptop,charger\nlaptop,,SN-A1,CH-A1\nlaptop,,SN-A2,CH-A2\n"), 0o600)
	var imported []kitJSON
	jsonOut(t, mustCtl(t, db, "kit", "import", csvPath, "--json"), &imported)
	if len(imported) != 2 || imported[1].Components[0].Serial != "SN-A2" {
		t.Fatalf("kit import: %+v", imported)
	}
	if !datatest.OnServer() {
		if m, _ := filepath.Glob(filepath.Join(filepath.Dir(db), ".kit-import-*")); len(m) != 0 {
			t.Fatalf("a trial copy was left behind: %v", m)
		}
	}

	// checkout for the session, with the agreement
	agreement := filepath.Join(dir, "agreement.pdf")
	var co struct {
		Loan      loanJSON
		Agreement string
	}
	jsonOut(t, mustCtl(t, db, "loan", "checkout", "--participant", code, "--kit", laptop.Tag, "--session", itoa(sess.ID),
		"--agreement", agreement, "--json"), &co)
	if co.Loan.ID == 0 || co.Loan.Due != day(42) || co.Loan.Status != "open" {
		t.Fatalf("checkout: %+v", co)
	}
	if b, err := os.ReadFile(agreement); err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
		t.Fatalf("agreement: %v", err)
	}
	if haveTool(t, "pdftotext") {
		txt, err := exec.Command("pdftotext", agreement, "-").Output()
		if err != nil || !strings.Contains(string(txt), laptop.Tag) || !strings.Contains(string(txt), "5CD1234XYZ") {
			t.Fatalf("agreement text %q %v", txt, err)
		}
	}
	var other struct{ Code string }
	jsonOut(t, mustCtl(t, db, "participant", "add", "--first", "José", "--last", "Pérez", "--json"), &other)
	wantExit1(t, db, "on loan", "loan", "checkout", "--participant", other.Code, "--kit", laptop.Tag)
	wantExit1(t, db, "not enrolled", "loan", "checkout", "--participant", other.Code, "--kit", imported[0].Tag, "--session", itoa(sess.ID))

	// a partial return, then the rest
	wantExit1(t, db, "did not go out", "loan", "return", "--kit", laptop.Tag, "--missing", "keyboard")
	var ret struct {
		Outcome string
		Missing []string
	}
	jsonOut(t, mustCtl(t, db, "loan", "return", "--kit", laptop.Tag, "--missing", "Charger", "--json"), &ret)
	if ret.Outcome != string(app.ReturnPartial) || len(ret.Missing) != 1 || ret.Missing[0] != "charger" {
		t.Fatalf("partial return: %+v", ret)
	}
	if out := mustCtl(t, db, "loan", "list", "--open"); !strings.Contains(out, "partial") || !strings.Contains(out, "charger") {
		t.Fatalf("loan list --open after a partial return: %q", out)
	}
	jsonOut(t, mustCtl(t, db, "loan", "return", "--kit", laptop.Tag, "--condition", "scuffed lid", "--json"), &ret)
	if ret.Outcome != string(app.ReturnComplete) || len(ret.Missing) != 0 {
		t.Fatalf("full return: %+v", ret)
	}
	wantExit1(t, db, "not on loan", "loan", "return", "--kit", laptop.Tag)
	var open []loanJSON
	jsonOut(t, mustCtl(t, db, "loan", "list", "--open", "--json"), &open)
	if len(open) != 0 {
		t.Fatalf("loans still open: %+v", open)
	}

	// renew, then a hold for the same kind
	mustCtl(t, db, "loan", "checkout", "--participant", code, "--kit", laptop.Tag, "--due", day(7))
	var renewed loanJSON
	jsonOut(t, mustCtl(t, db, "loan", "renew", "--kit", laptop.Tag, "--json"), &renewed)
	if renewed.Renewals != 1 || renewed.Due <= day(7) {
		t.Fatalf("renew: %+v", renewed)
	}
	var h holdJSON
	jsonOut(t, mustCtl(t, db, "hold", "add", "--participant", other.Code, "--kind", "hotspot", "--json"), &h)
	var hs []holdJSON
	jsonOut(t, mustCtl(t, db, "hold", "list", "--json"), &hs)
	if len(hs) != 1 || hs[0].ID != h.ID || hs[0].Position != 1 || hs[0].Name == "" {
		t.Fatalf("hold list: %+v", hs)
	}
	if out := mustCtl(t, db, "loan", "list", "--overdue", "--json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("overdue loans: %s", out)
	}
	if out := mustCtl(t, db, "audit", "list", "--action", "loan."); !strings.Contains(out, "loan.checkout") || !strings.Contains(out, "loan.renew") {
		t.Fatalf("loans not audited: %q", out)
	}

	// labels
	labels := filepath.Join(dir, "labels.pdf")
	var lr struct {
		Labels int
		Tags   []string
	}
	jsonOut(t, mustCtl(t, db, "labels", "--out", labels, "--kind", "laptop", "--stock", "5163", "--skip", "2", "--json"), &lr)
	if lr.Labels != 3 {
		t.Fatalf("labels: %+v", lr)
	}
	wantExit1(t, db, "--skip", "labels", "--out", labels, "--skip", "30")
	wantExit1(t, db, "--stock", "labels", "--out", labels, "--stock", "5161")
	if b, err := os.ReadFile(labels); err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
		t.Fatalf("labels: %v", err)
	}
	if haveTool(t, "pdftoppm") && haveTool(t, "zbarimg") {
		png := filepath.Join(dir, "labels")
		if out, err := exec.Command("pdftoppm", "-r", "300", "-png", "-singlefile", labels, png).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v %s", err, out)
		}
		out, _ := exec.Command("zbarimg", "-q", "--raw", png+".png").Output()
		found := 0
		for _, tag := range lr.Tags {
			if strings.Contains(string(out), tag) {
				found++
			}
		}
		if found == 0 {
			t.Fatalf("no label decodes: %q (tags %v)", out, lr.Tags)
		}
	}
}
