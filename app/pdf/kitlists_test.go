package pdf_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/app/csvfile"
	"frontdesk/app/pdf"
)

var listAt = time.Date(2026, 3, 10, 17, 15, 0, 0, time.UTC)

var listSite = app.Site{Name: "East LA WorkSource Center", TimeZone: "America/Los_Angeles"}

func overdueLines() []app.OverdueLine {
	due := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, time.UTC) }
	return []app.OverdueLine{
		{Loan: app.Loan{ID: 7}, KitTag: "K-7K3VSET56GQ", Kind: app.KitLaptopHotspot, Name: "María José Gómez-Núñez", Phone: "+12135550142",
			Email: "maria@example.org", Language: "es", Due: due(2), DaysOverdue: 7},
		{Loan: app.Loan{ID: 9}, KitTag: "K-1CL1QKDKMVJ", Kind: app.KitLaptop, Name: "=HYPERLINK(\"x\") Lee", Phone: "+13235550100",
			Email: "@lee@example.org", Language: "en", Due: due(8), DaysOverdue: 1},
	}
}

func hotspotQueues() app.HotspotQueues {
	at := time.Date(2026, 3, 1, 18, 0, 0, 0, time.UTC)
	kit := func(tag string, st app.ServiceState) app.Kit {
		return app.Kit{Tag: tag, Kind: app.KitHotspot, Status: app.KitAvailable, Carrier: "T-Mobile", LineNumber: "+12135550199",
			IMEI: "490154203237518", Service: st, UpdatedAt: at}
	}
	lost := kit("K-LOST0000001", app.ServiceActive)
	lost.Status = app.KitLost
	return app.HotspotQueues{
		Suspend: []app.HotspotTask{
			{Kit: kit("K-SUSP0000001", app.ServiceActive), LoanID: 3, HoursOverdue: 41, Overdue: 41 * time.Hour, Next: app.ServiceSuspendRequested},
			{Kit: lost, Next: app.ServiceSuspendRequested},
		},
		Reactivate: []app.HotspotTask{{Kit: kit("K-BACK0000001", app.ServiceSuspended), Next: app.ServiceReactivateRequested}},
		Pending:    []app.HotspotTask{{Kit: kit("K-PEND0000001", app.ServiceSuspendRequested), Next: app.ServiceSuspended}},
	}
}

// golden compares pdftotext -layout of pdfBytes with testdata/kitlists/name.
func golden(t *testing.T, pdfBytes []byte, name string) string {
	t.Helper()
	pdftotext := needTool(t, "pdftotext")
	path := filepath.Join(t.TempDir(), "list.pdf")
	if err := os.WriteFile(path, pdfBytes, 0o644); err != nil {
		t.Fatal(err)
	}
	got := run(t, pdftotext, "-layout", path, "-")
	compareGolden(t, "kitlists", name, got)
	return string(got)
}

func TestOverdueListText(t *testing.T) {
	var a, b bytes.Buffer
	if err := pdf.OverdueList(&a, listSite, overdueLines(), listAt); err != nil {
		t.Fatal(err)
	}
	if err := pdf.OverdueList(&b, listSite, overdueLines(), listAt); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("the same list gave different bytes")
	}
	text := golden(t, a.Bytes(), "overdue.txt")
	for _, want := range []string{"Overdue kits / Equipos atrasados", "Page 1 of 1", "Días de atraso", "K-7K3VSET56GQ",
		"(213) 555-0142", "maria@example.org", "Mar 2, 2026", "2 overdue", "Mar 10, 2026 / 10 mar 2026, 10:15 AM PDT"} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in\n%s", want, text)
		}
	}
	if strings.Index(text, "K-7K3VSET56GQ") > strings.Index(text, "K-1CL1QKDKMVJ") {
		t.Error("rows are not in the given order")
	}
}

func TestHotspotQueueText(t *testing.T) {
	var a bytes.Buffer
	if err := pdf.HotspotQueue(&a, listSite, hotspotQueues(), listAt); err != nil {
		t.Fatal(err)
	}
	text := golden(t, a.Bytes(), "hotspot.txt")
	wide := hotspotQueues()
	wide.Reactivate[0].Kit.Tag = "K-WWWWWWWWWWW"
	var c bytes.Buffer
	if err := pdf.HotspotQueue(&c, listSite, wide, listAt); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "wide.pdf")
	os.WriteFile(path, c.Bytes(), 0o644)
	if txt := string(run(t, needTool(t, "pdftotext"), "-layout", path, "-")); !strings.Contains(txt, "K-WWWWWWWWWWW") {
		t.Errorf("a wide tag is broken:\n%s", txt)
	}
	for _, want := range []string{"Hotspot service queue / Cola de servicio de hotspots", "Page 1 of 1", "Suspend /", "Suspender",
		"Reactivate /", "Reactivar", "Pending: confirm", "T-Mobile", "(213) 555-0199", "490154203237518", "overdue 41h", "lost / perdido",
		"2 suspend, 1 reactivate, 1 pending"} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in\n%s", want, text)
		}
	}
	order := []string{"K-SUSP0000001", "K-LOST0000001", "K-BACK0000001", "K-PEND0000001"}
	for i := 1; i < len(order); i++ {
		if strings.Index(text, order[i-1]) > strings.Index(text, order[i]) {
			t.Errorf("%s is after %s", order[i-1], order[i])
		}
	}
}

func TestKitListsManyPagesAndEmpty(t *testing.T) {
	pdftotext := needTool(t, "pdftotext")
	var lines []app.OverdueLine
	for i := 0; i < 120; i++ {
		lines = append(lines, overdueLines()[0])
	}
	for _, c := range []struct {
		lines []app.OverdueLine
		pages int
		want  string
	}{{lines, 2, "Page 1 of "}, {nil, 1, "No overdue loans"}} {
		var buf bytes.Buffer
		if err := pdf.OverdueList(&buf, listSite, c.lines, listAt); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "l.pdf")
		os.WriteFile(path, buf.Bytes(), 0o644)
		txt := string(run(t, pdftotext, "-layout", path, "-"))
		n := strings.Count(txt, "\f")
		if n < c.pages || !strings.Contains(txt, c.want) || !strings.Contains(txt, fmt.Sprintf("Page %d of %d", n, n)) {
			t.Errorf("%d pages, want %d with %q:\n%s", n, c.pages, c.want, txt)
		}
		if strings.Count(txt, "K-7K3VSET56GQ") != len(c.lines) {
			t.Errorf("%d rows printed, want %d", strings.Count(txt, "K-7K3VSET56GQ"), len(c.lines))
		}
	}
}

// excelCSV checks the bytes of a CSV for a person: the UTF-8 byte-order
// mark first, and CRLF line ends only.
func excelCSV(t *testing.T, b []byte) {
	t.Helper()
	if !bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) {
		t.Errorf("the CSV does not start with the UTF-8 byte-order mark: %q", b[:min(len(b), 8)])
	}
	if !bytes.HasSuffix(b, []byte("\r\n")) || bytes.Count(b, []byte("\n")) != bytes.Count(b, []byte("\r\n")) {
		t.Errorf("not every line ends in CRLF: %q", b)
	}
}

func TestKitListsCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := pdf.OverdueCSV(&buf, csvfile.Excel, overdueLines()); err != nil {
		t.Fatal(err)
	}
	excelCSV(t, buf.Bytes())
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte(csvfile.BOM)))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 || recs[0][0] != "days_overdue" || recs[1][0] != "7" || recs[1][1] != "María José Gómez-Núñez" ||
		recs[1][2] != "'+12135550142" || recs[1][5] != "K-7K3VSET56GQ" || recs[1][7] != "2026-03-02" || recs[1][8] != "7" {
		t.Fatalf("overdue CSV: %q", recs)
	}
	if recs[2][1] != `'=HYPERLINK("x") Lee` || recs[2][3] != "'@lee@example.org" {
		t.Errorf("formula cells not neutralised: %q", recs[2])
	}

	buf.Reset()
	if err := pdf.HotspotCSV(&buf, csvfile.Excel, listSite, hotspotQueues(), listAt); err != nil {
		t.Fatal(err)
	}
	excelCSV(t, buf.Bytes())
	recs, err = csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte(csvfile.BOM)))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 5 || strings.Join(recs[0], ",") != "action,kit,carrier,line,imei,service,next,since,hours_overdue" {
		t.Fatalf("hotspot CSV: %q", recs)
	}
	want := [][]string{
		{"suspend", "K-SUSP0000001", "active", "suspend_requested", "2026-03-08 17:15", "41"},
		{"suspend", "K-LOST0000001", "active", "suspend_requested", "2026-03-01 10:00", ""},
		{"reactivate", "K-BACK0000001", "suspended", "reactivate_requested", "2026-03-01 10:00", ""},
		{"pending", "K-PEND0000001", "suspend_requested", "suspended", "2026-03-01 10:00", ""},
	}
	for i, w := range want {
		r := recs[i+1]
		got := []string{r[0], r[1], r[5], r[6], r[7], r[8]}
		if strings.Join(got, "|") != strings.Join(w, "|") || r[3] != "'+12135550199" || r[4] != "490154203237518" {
			t.Errorf("row %d: %q, want %q", i+1, r, w)
		}
	}
}
