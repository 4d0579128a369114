package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestKitCirculationAccountLends checks that an account holding only the
// kit circulation role does the kit work that starts from a participant:
// enrolling them in a session, lending them a kit and putting them on the
// waitlist, by card code and by id. These were refused before ("needs the
// front_desk role") because finding the participant needed the front desk.
func TestKitCirculationAccountLends(t *testing.T) {
	db := adminDB(t)
	mustAs(t, db, "admin", adminPW, "user", "set-roles", "admin", "--roles", "administrator,front_desk")
	var p struct {
		ID   int64
		Code string
	}
	jsonOut(t, mustAs(t, db, "admin", adminPW, "participant", "add", "--first", "María", "--last", "González", "--json"), &p)
	var q struct {
		ID   int64
		Code string
	}
	jsonOut(t, mustAs(t, db, "admin", adminPW, "participant", "add", "--first", "José", "--last", "Pérez", "--json"), &q)
	addUser(t, db, "kim", "--name", "Kim Lee", "--roles", "kit_circulation", "--confidentiality", "2026-01-05", "--training", "2026-01-06")
	t.Setenv(envNewPassword, anaPW)
	mustAs(t, db, "kim", tempPW, "user", "passwd")

	kim := func(args ...string) string {
		t.Helper()
		code, out, errs := as(t, db, "kim", anaPW, args...)
		if code != 0 || strings.Contains(errs, "front_desk") {
			t.Fatalf("kit circulation: frontdeskctl %v: exit %d: %s", args, code, errs)
		}
		return out
	}
	var sess struct{ ID int64 }
	jsonOut(t, kim("session", "add", "--name", "Work Ready", "--start", "2026-03-11", "--end", "2026-04-21", "--json"), &sess)
	var kit kitJSON
	jsonOut(t, kim("kit", "add", "--kind", "laptop", "--component", "laptop:SN-KC-1", "--json"), &kit)

	kim("session", "enrol", "--session", itoa(sess.ID), "--participant", p.Code)
	kim("session", "enrol", "--session", itoa(sess.ID), "--participant", itoa(q.ID))
	out := kim("loan", "checkout", "--participant", p.Code, "--kit", kit.Tag, "--session", itoa(sess.ID))
	if !strings.Contains(out, "lent to") {
		t.Fatalf("loan checkout: %q", out)
	}
	out = kim("hold", "add", "--participant", itoa(q.ID), "--kind", "laptop")
	if !strings.Contains(out, "waits for a laptop kit") {
		t.Fatalf("hold add: %q", out)
	}
	out = kim("hold", "add", "--participant", p.Code, "--kind", "hotspot")
	if !strings.Contains(out, "waits for a hotspot kit") {
		t.Fatalf("hold add by card: %q", out)
	}
	// the lending is recorded under kim's name
	for _, action := range []string{"cohort.enrol", "loan.checkout", "hold.place"} {
		rows := auditJSONList(t, db, "--action", action)
		if len(rows) == 0 || rows[len(rows)-1].Actor != "kim" {
			t.Errorf("%s audit: %+v", action, rows)
		}
	}
}

// TestKitAssetTagCommands checks the asset tag from the command line: set
// on kit add and kit edit, listed, accepted in any case wherever a command
// takes a kit, printed on the labels, and a typed tag that finds no kit is
// answered "No kit has tag X".
func TestKitAssetTagCommands(t *testing.T) {
	db, code, _ := newDB(t)
	var k kitJSON
	jsonOut(t, mustCtl(t, db, "kit", "add", "--kind", "laptop", "--asset-tag", " wr-kit-001", "--component", "laptop:SN-AT-1", "--json"), &k)
	if k.AssetTag != "WR-KIT-001" {
		t.Fatalf("kit add --asset-tag: %+v", k)
	}
	if out := mustCtl(t, db, "kit", "list"); !strings.Contains(out, "ASSET TAG") || !strings.Contains(out, "WR-KIT-001") {
		t.Fatalf("kit list: %q", out)
	}
	out := mustCtl(t, db, "loan", "checkout", "--participant", code, "--kit", "Wr-Kit-001")
	if !strings.Contains(out, "Kit "+k.Tag+" lent to") {
		t.Fatalf("checkout by asset tag: %q", out)
	}
	mustCtl(t, db, "loan", "renew", "--kit", "WR-KIT-001")
	if out := mustCtl(t, db, "loan", "return", "--kit", "wr-kit-001"); !strings.Contains(out, "All back") {
		t.Fatalf("return by asset tag: %q", out)
	}
	wantExit1(t, db, "No kit has tag LAPL-HS-0042", "loan", "checkout", "--participant", code, "--kit", "lapl-hs-0042")
	wantExit1(t, db, "No kit has tag LAPL-HS-0042", "loan", "return", "--kit", "LAPL-HS-0042")

	var other kitJSON
	jsonOut(t, mustCtl(t, db, "kit", "add", "--kind", "hotspot", "--carrier", "T-Mobile", "--line", "213-555-0199", "--imei", "490154203237518", "--json"), &other)
	wantExit1(t, db, "already has the asset tag WR-KIT-001", "kit", "edit", "--kit", other.Tag, "--asset-tag", "wr-kit-001")
	wantExit1(t, db, "label code of kit "+k.Tag, "kit", "edit", "--kit", other.Tag, "--asset-tag", k.Tag)
	jsonOut(t, mustCtl(t, db, "kit", "edit", "--kit", other.Tag, "--asset-tag", "LAPL-HS-0042", "--json"), &other)
	if other.AssetTag != "LAPL-HS-0042" || other.Line != "+12135550199" {
		t.Fatalf("kit edit: %+v", other)
	}
	if haveTool(t, "pdftotext") {
		pdfPath := filepath.Join(t.TempDir(), "labels.pdf")
		mustCtl(t, db, "labels", "--out", pdfPath)
		txt, err := exec.Command("pdftotext", "-layout", pdfPath, "-").Output()
		if err != nil || !strings.Contains(string(txt), "WR-KIT-001") || !strings.Contains(string(txt), "LAPL-HS-0042") {
			t.Fatalf("labels lack the asset tags: %q %v", txt, err)
		}
	}
	var cleared kitJSON
	jsonOut(t, mustCtl(t, db, "kit", "edit", "--kit", "lapl-hs-0042", "--asset-tag", "", "--json"), &cleared)
	if cleared.Tag != other.Tag || cleared.AssetTag != "" {
		t.Fatalf("kit edit --asset-tag '': %+v", cleared)
	}
}

// TestLoanSettingsReplacementCosts sets the replacement costs from the
// command line, checks bad amounts are refused with their component named,
// and that the agreement of a loan prints the costs, or, once they are
// removed, no dollar amount at all.
func TestLoanSettingsReplacementCosts(t *testing.T) {
	db, code, _ := newDB(t)
	if out := mustCtl(t, db, "loan", "settings"); !strings.Contains(out, "Replacement costs: none set") {
		t.Fatalf("loan settings: %q", out)
	}
	var got struct {
		Replacement map[string]string
		RenewalLim  int `json:"renewal_limit"`
	}
	jsonOut(t, mustCtl(t, db, "loan", "settings", "--replacement", "Laptop=350", "--replacement", "hotspot = $1,120.5", "--json"), &got)
	if len(got.Replacement) != 2 || got.Replacement["laptop"] != "350.00" || got.Replacement["hotspot"] != "1120.50" || got.RenewalLim != 1 {
		t.Fatalf("loan settings --replacement: %+v", got)
	}
	wantExit1(t, db, `replacement cost of Laptop: "abc" is not an amount of money`, "loan", "settings", "--replacement", "Laptop=abc")
	wantExit1(t, db, `replacement cost of charger: "12.345" has more than two decimals`, "loan", "settings", "--replacement", "charger=12.345")
	wantExit1(t, db, `write it as "Laptop=350.00"`, "loan", "settings", "--replacement", "Laptop 350")
	if out := mustCtl(t, db, "loan", "settings"); !strings.Contains(out, "laptop\t$350.00") {
		t.Fatalf("a refused change was saved: %q", out)
	}

	var k kitJSON
	jsonOut(t, mustCtl(t, db, "kit", "add", "--kind", "hotspot", "--carrier", "T-Mobile", "--line", "213-555-0199", "--imei", "490154203237518", "--json"), &k)
	dir := t.TempDir()
	agreement := func(name string) string {
		t.Helper()
		path := filepath.Join(dir, name)
		mustCtl(t, db, "loan", "checkout", "--participant", code, "--kit", k.Tag, "--agreement", path)
		mustCtl(t, db, "loan", "return", "--kit", k.Tag)
		if !haveTool(t, "pdftotext") {
			return ""
		}
		txt, err := exec.Command("pdftotext", path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(strings.Fields(string(txt)), " ")
	}
	if txt := agreement("with-costs.pdf"); txt != "" {
		if !strings.Contains(txt, "$1,120.50") || !strings.Contains(txt, "cost listed above") || strings.Contains(txt, "laptop is erased") {
			t.Fatalf("hotspot agreement with a cost: %s", txt)
		}
	}
	mustCtl(t, db, "loan", "settings", "--no-replacement")
	if txt := agreement("no-costs.pdf"); txt != "" {
		if strings.Contains(txt, "$") || strings.Contains(txt, "cost listed above") || !strings.Contains(txt, "will tell you the replacement cost") {
			t.Fatalf("hotspot agreement without costs: %s", txt)
		}
	}
}
