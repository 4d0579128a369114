package xlsx_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"frontdesk/app"
	"frontdesk/app/xlsx"
	"frontdesk/app/xlsx/xlsxtest"
)

// followupRoster is a roster of 2027 Q1 made on 10 February 2027 with two
// case managers, a participant nobody is assigned to, every status, a form,
// an accented and a Korean name and a name that looks like a formula.
func followupRoster() app.FollowupRoster {
	d := func(m time.Month, day int) time.Time { return time.Date(2027, m, day, 0, 0, 0, 0, time.UTC) }
	row := func(name, code string, kind app.ContactKind, label string, q int, from, due time.Time, st app.ContactStatus, attempts int) app.DueFollowup {
		c := app.DueFollowup{Participant: name, Code: code, Phone: "+12135550142",
			FollowupContact: app.FollowupContact{Kind: kind, Label: label, Quarter: q, WindowStart: from, Due: due, Status: st, Attempts: attempts}}
		if st == app.ContactDone {
			c.DoneOn = due.AddDate(0, 0, -3)
		}
		return c
	}
	return app.FollowupRoster{
		Site:  app.Site{Name: "East LA WorkSource Center", TimeZone: "America/Los_Angeles"},
		Query: app.FollowupRosterQuery{SiteID: 1, Year: 2027, Quarter: 1},
		From:  d(1, 1), To: d(3, 31),
		Made:   time.Date(2027, 2, 10, 18, 0, 0, 0, time.UTC),
		MadeBy: "Dana Director",
		Groups: []app.RosterGroup{
			{CaseManager: "Ana Ruiz", Rows: []app.DueFollowup{
				row("María José Gómez-Núñez", "P-7K3VSET56GQ", app.KindContact, "Monthly contact", 1, d(1, 1), d(1, 31), app.ContactDone, 1),
				row("김민준", "P-1CL1QKDKMVJ", app.KindContact, "Monthly contact", 1, d(1, 1), d(1, 31), app.ContactNonResponsive, 3),
				row("Tran Van Minh", "P-2B7Q9X4K8MZ", app.KindContact, "Monthly contact", 1, d(1, 1), d(1, 31), app.ContactOpen, 2),
				row("María José Gómez-Núñez", "P-7K3VSET56GQ", app.KindForm, "Quarter-end follow-up form", 1, d(3, 1), d(3, 31), app.ContactOpen, 0),
			}},
			{CaseManager: "Luis Ortega", Rows: []app.DueFollowup{
				row("=HYPERLINK(\"x\") Lee", "P-5E0T2A7N00C", app.KindContact, "One month after employment", 0, d(2, 2), d(2, 8), app.ContactOpen, 1),
			}},
			{Rows: []app.DueFollowup{
				row("Ngozi Okafor", "P-6F1V3B8P01D", app.KindContact, "Within one week of employment", 0, d(2, 15), d(2, 21), app.ContactOpen, 0),
			}},
		},
	}
}

func TestWriteFollowupRoster(t *testing.T) {
	var buf bytes.Buffer
	if err := xlsx.WriteFollowupRoster(&buf, followupRoster()); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	f, err := excelize.OpenReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if sheets := f.GetSheetList(); len(sheets) != 1 || sheets[0] != xlsx.RosterSheet {
		t.Fatalf("sheets %v", sheets)
	}
	rosterGolden(t, "roster.xlsx.golden", xlsxtest.SheetDump(t, f))

	rows, err := f.GetRows(xlsx.RosterSheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 8 || strings.Join(rows[1], "|") != strings.Join(xlsx.RosterHeader, "|") {
		t.Fatalf("rows %q", rows)
	}
	if !strings.Contains(rows[0][0], "2027 Q1") || !strings.Contains(rows[0][0], "Dana Director") {
		t.Errorf("title %q", rows[0][0])
	}
	if rows[6][1] != `=HYPERLINK("x") Lee` || rows[7][0] != "No case manager" || rows[4][10] != "overdue" {
		t.Errorf("rows %q", rows)
	}
	// frozen below the header, with a filter over the table
	panes, err := f.GetPanes(xlsx.RosterSheet)
	if err != nil || !panes.Freeze || panes.YSplit != 2 || panes.TopLeftCell != "A3" {
		t.Errorf("panes %+v %v", panes, err)
	}
	if x := sheetXML(t, raw); !strings.Contains(x, `<autoFilter ref="$A$2:$N$8">`) {
		t.Errorf("no auto-filter over A2:N8 in the sheet")
	}
	// dates are dates, with a date format; numbers are numbers
	for _, c := range []struct{ cell, want string }{{"I3", "2027-01-31"}, {"H6", "2027-03-01"}, {"M3", "2027-01-28"}} {
		if v, _ := f.GetCellValue(xlsx.RosterSheet, c.cell); v != c.want {
			t.Errorf("%s = %q, want %q", c.cell, v, c.want)
		}
		raw, _ := f.GetCellValue(xlsx.RosterSheet, c.cell, excelize.Options{RawCellValue: true})
		if strings.Contains(raw, "-") {
			t.Errorf("%s is stored as text %q, not a date", c.cell, raw)
		}
	}
	id, _ := f.GetCellStyle(xlsx.RosterSheet, "I3")
	st, err := f.GetStyle(id)
	if err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != "yyyy-mm-dd" {
		t.Errorf("due date style %+v %v", st, err)
	}
	if typ, _ := f.GetCellType(xlsx.RosterSheet, "L4"); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("attempts stored as %v", typ)
	}
	if v, _ := f.GetCellValue(xlsx.RosterSheet, "L4", excelize.Options{RawCellValue: true}); v != "3" {
		t.Errorf("attempts %q", v)
	}
	if w, _ := f.GetColWidth(xlsx.RosterSheet, "E"); w < 30 {
		t.Errorf("contact column width %v", w)
	}

	// the same roster gives the same workbook contents; an empty one has the header
	var again bytes.Buffer
	if err := xlsx.WriteFollowupRoster(&again, followupRoster()); err != nil {
		t.Fatal(err)
	}
	if sheetXML(t, raw) != sheetXML(t, again.Bytes()) {
		t.Error("the same roster gave a different sheet")
	}
	empty := followupRoster()
	empty.Groups = nil
	buf.Reset()
	if err := xlsx.WriteFollowupRoster(&buf, empty); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if rows, _ := g.GetRows(xlsx.RosterSheet); len(rows) != 2 {
		t.Errorf("empty roster rows %q", rows)
	}
}

// sheetXML returns the roster sheet's XML from a workbook.
func sheetXML(t *testing.T, b []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			x, _ := io.ReadAll(r)
			return string(x)
		}
	}
	t.Fatal("no sheet1.xml")
	return ""
}

// rosterGolden compares got with testdata/followuproster/name (rewriting it with -update).
func rosterGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "followuproster", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update to accept):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// printSettings are a worksheet's print settings as its XML says them.
type printSettings struct {
	Props struct {
		Setup struct {
			FitToPage string `xml:"fitToPage,attr"`
		} `xml:"pageSetUpPr"`
	} `xml:"sheetPr"`
	Setup struct {
		Orientation string `xml:"orientation,attr"`
		FitToWidth  string `xml:"fitToWidth,attr"`
		FitToHeight string `xml:"fitToHeight,attr"`
	} `xml:"pageSetup"`
}

// checkPrintLayout reads the workbook b's parts back and checks that
// sheet prints landscape, one page wide and any number tall, with row
// headRow repeated on every page (_xlnm.Print_Titles of that sheet).
func checkPrintLayout(t *testing.T, b []byte, sheet string, headRow int) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	part := func(name string) []byte {
		t.Helper()
		f, err := zr.Open(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		defer f.Close()
		data, err := io.ReadAll(f)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
		Names []struct {
			Name    string `xml:"name,attr"`
			SheetID *int   `xml:"localSheetId,attr"`
			Ref     string `xml:",chardata"`
		} `xml:"definedNames>definedName"`
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.Unmarshal(part("xl/workbook.xml"), &wb); err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(part("xl/_rels/workbook.xml.rels"), &rels); err != nil {
		t.Fatal(err)
	}
	idx, target := -1, ""
	for i, s := range wb.Sheets {
		if s.Name == sheet {
			idx = i
			for _, r := range rels.Rel {
				if r.ID == s.RID {
					target = "xl/" + strings.TrimPrefix(r.Target, "/xl/")
				}
			}
		}
	}
	if idx < 0 || target == "" {
		t.Fatalf("no sheet %q", sheet)
	}
	var ws printSettings
	if err := xml.Unmarshal(part(target), &ws); err != nil {
		t.Fatal(err)
	}
	if ws.Props.Setup.FitToPage != "1" && ws.Props.Setup.FitToPage != "true" {
		t.Errorf("%s: fitToPage = %q", sheet, ws.Props.Setup.FitToPage)
	}
	if s := ws.Setup; s.Orientation != "landscape" || s.FitToWidth != "1" || s.FitToHeight != "0" {
		t.Errorf("%s: pageSetup %+v, want landscape, 1 page wide, any height", sheet, s)
	}
	want := fmt.Sprintf("'%s'!$%d:$%d", sheet, headRow, headRow)
	found := false
	for _, n := range wb.Names {
		if n.Name == "_xlnm.Print_Titles" && n.SheetID != nil && *n.SheetID == idx {
			found = true
			if n.Ref != want {
				t.Errorf("%s: print titles %q, want %q", sheet, n.Ref, want)
			}
		}
	}
	if !found {
		t.Errorf("%s: no _xlnm.Print_Titles for it in %+v", sheet, wb.Names)
	}
}

// TestFollowupRosterPrintLayout: the roster workbook prints landscape, one
// page wide, its header row (row 2) on every page; so do the director
// report's sheets, each with its own header row.
func TestFollowupRosterPrintLayout(t *testing.T) {
	var buf bytes.Buffer
	if err := xlsx.WriteFollowupRoster(&buf, followupRoster()); err != nil {
		t.Fatal(err)
	}
	checkPrintLayout(t, buf.Bytes(), xlsx.RosterSheet, 2)
	// and the header row really is row 2
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue(xlsx.RosterSheet, "A2"); v != xlsx.RosterHeader[0] {
		t.Errorf("A2 = %q, want the header %q", v, xlsx.RosterHeader[0])
	}

	buf.Reset()
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	if err := xlsx.WriteReport(&buf, app.Report{Query: app.ReportQuery{From: day, To: day}}); err != nil {
		t.Fatal(err)
	}
	for _, sheet := range xlsx.ReportSheets {
		head := 1
		if sheet == xlsx.ReportSummarySheet {
			head = xlsx.ReportSummaryHeaderRow
		}
		checkPrintLayout(t, buf.Bytes(), sheet, head)
	}
}
