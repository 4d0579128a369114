package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// readCSV reads a CSV file frontdeskctl wrote for a person (--csv excel,
// the default): it must start with the UTF-8 byte-order mark and end its
// lines in CRLF. With plain, it must have neither.
func readCSV(t *testing.T, path string, plain ...bool) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	body, hasBOM := bytes.CutPrefix(b, []byte("\xEF\xBB\xBF"))
	crlf := bytes.Count(b, []byte("\r\n"))
	if len(plain) > 0 && plain[0] {
		if hasBOM || crlf > 0 {
			t.Errorf("%s: a plain CSV with a byte-order mark or CRLF: %q", path, b)
		}
	} else if !hasBOM || crlf == 0 || crlf != bytes.Count(b, []byte("\n")) {
		t.Errorf("%s: not a CSV for Excel (byte-order mark, CRLF): %q", path, b)
	}
	recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestKitListsOverdueAndHotspotQueue(t *testing.T) {
	now := testNow
	fixClock(t, &now)
	dir := t.TempDir()
	db := datatest.NewDatabase(t)
	mustCtl(t, db, "init", "--site", "East LA WorkSource Center", "--phone", "(323) 555-0100")
	var p struct{ Code string }
	jsonOut(t, mustCtl(t, db, "participant", "add", "--first", "María", "--last", "González", "--phone", "213-555-0142",
		"--email", "maria@example.org", "--consent", "verbal", "--json"), &p)
	var hs kitJSON
	jsonOut(t, mustCtl(t, db, "kit", "add", "--kind", "hotspot", "--carrier", "T-Mobile", "--line", "213-555-0199",
		"--imei", "490154203237518", "--json"), &hs)
	due := now.AddDate(0, 0, 2).Format("2006-01-02")
	dueShown := app.FormatDate(now.AddDate(0, 0, 2), "en") // as the printed list writes it
	agreement := filepath.Join(dir, "agreement.pdf")
	mustCtl(t, db, "loan", "checkout", "--participant", p.Code, "--kit", hs.Tag, "--due", due, "--agreement", agreement)
	labels := filepath.Join(dir, "labels.pdf")
	mustCtl(t, db, "labels", "--out", labels)
	for _, action := range []string{"print.loan_agreement", "print.kit_labels"} {
		if out := mustCtl(t, db, "audit", "list", "--action", action); !strings.Contains(out, action) {
			t.Errorf("%s not audited: %q", action, out)
		}
	}

	// nothing overdue yet: an empty list is still written and audited
	csvPath := filepath.Join(dir, "overdue.csv")
	mustCtl(t, db, "loan", "overdue", "--out", csvPath)
	if recs := readCSV(t, csvPath); len(recs) != 1 || recs[0][0] != "days_overdue" {
		t.Fatalf("overdue CSV before the due date: %q", recs)
	}

	// ten days later the loan is overdue and the hotspot must be suspended
	now = now.AddDate(0, 0, 10)
	var res struct{ Loans int }
	jsonOut(t, mustCtl(t, db, "loan", "overdue", "--out", csvPath, "--json"), &res)
	recs := readCSV(t, csvPath)
	if res.Loans != 1 || len(recs) != 2 || recs[1][1] != "María González" || recs[1][2] != "'+12135550142" ||
		recs[1][3] != "maria@example.org" || recs[1][5] != hs.Tag || recs[1][7] != due || recs[1][0] != "8" {
		t.Fatalf("overdue CSV: %+v %q", res, recs)
	}
	overduePDF := filepath.Join(dir, "overdue.pdf")
	mustCtl(t, db, "loan", "overdue", "--out", overduePDF)

	queueCSV := filepath.Join(dir, "queue.csv")
	mustCtl(t, db, "hotspot", "queue", "--out", queueCSV)
	recs = readCSV(t, queueCSV)
	if len(recs) != 2 || recs[1][0] != "suspend" || recs[1][1] != hs.Tag || recs[1][2] != "T-Mobile" || recs[1][4] != "490154203237518" ||
		recs[1][6] != "suspend_requested" {
		t.Fatalf("hotspot queue CSV: %q", recs)
	}
	mustCtl(t, db, "hotspot", "queue", "--out", queueCSV, "--csv", "plain")
	if plain := readCSV(t, queueCSV, true); len(plain) != 2 || plain[1][1] != hs.Tag {
		t.Fatalf("plain hotspot queue CSV: %q", plain)
	}
	wantExit1(t, db, "--csv", "loan", "overdue", "--out", csvPath, "--csv", "utf16")
	queuePDF := filepath.Join(dir, "queue.pdf")
	mustCtl(t, db, "hotspot", "queue", "--out", queuePDF)

	// staff called the carrier
	mustCtl(t, db, "hotspot", "done", "--kit", hs.Tag, "--state", "suspend-requested")
	if out := mustCtl(t, db, "hotspot", "queue"); !strings.Contains(out, "pending") || !strings.Contains(out, hs.Tag) {
		t.Fatalf("hotspot queue after the request: %q", out)
	}
	wantExit1(t, db, "cannot go to", "hotspot", "done", "--kit", hs.Tag, "--state", "suspend_requested")
	wantExit1(t, db, "--state", "hotspot", "done", "--kit", hs.Tag, "--state", "off")
	wantExit1(t, db, ".pdf or .csv", "loan", "overdue", "--out", filepath.Join(dir, "x.txt"))
	wantExit1(t, db, "--out", "loan", "overdue")
	if out := mustCtl(t, db, "audit", "list", "--action", "hotspot.service"); !strings.Contains(out, "hotspot.service") {
		t.Errorf("hotspot service change not audited: %q", out)
	}

	// every list written is audited, with no personal data
	out := mustCtl(t, db, "audit", "list", "--action", "print.kit_list")
	if n := strings.Count(out, "print.kit_list"); n != 6 {
		t.Errorf("%d kit list prints audited, want 6:\n%s", n, out)
	}
	if strings.Contains(out, "María") || strings.Contains(out, "555") {
		t.Errorf("personal data in the audit log:\n%s", out)
	}

	if haveTool(t, "pdftotext") {
		for path, wants := range map[string][]string{
			overduePDF: {"Overdue kits / Equipos atrasados", hs.Tag, "María González", "(213) 555-0142", dueShown, "Page 1 of 1"},
			queuePDF:   {"Hotspot service queue", hs.Tag, "T-Mobile", "490154203237518", "Suspend", "Page 1 of 1"},
		} {
			txt, err := exec.Command("pdftotext", "-layout", path, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range wants {
				if !strings.Contains(string(txt), w) {
					t.Errorf("%s: no %q in\n%s", filepath.Base(path), w, txt)
				}
			}
		}
	}
}
