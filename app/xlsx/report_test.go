package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"html"
	"io"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"frontdesk/app"
	"frontdesk/app/xlsx/xlsxtest"
)

// testReport is a report for March 2026 at one site, made by hand.
func testReport(events int) app.Report {
	site := app.Site{ID: 3, Name: "East LA WorkSource Center", TimeZone: "America/Los_Angeles"}
	rep := app.Report{
		Query:       app.ReportQuery{SiteID: 3, From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)},
		Sites:       []app.Site{site},
		GeneratedAt: time.Date(2026, 3, 10, 17, 15, 0, 0, time.UTC), // 10:15 PDT
		AsOf:        time.Date(2026, 3, 10, 17, 15, 0, 0, time.UTC),
		CheckIns: app.CheckInFigures{Total: 1234,
			ByKind:  []app.CountRow{{Label: "Orientation", Key: "orientation", Count: 1000}, {Label: "Workshop", Key: "workshop", Count: 234}},
			ByMonth: []app.CountRow{{Label: "March 2026", Key: "2026-03", Count: 1234}},
		},
		People: app.PeopleFigures{Unique: 500, New: 300, Returning: 200,
			ByZIP:      []app.CountRow{{Label: "90031", Key: "90031", Count: 400}, {Label: "(none)", Key: "", Count: 100}},
			ByLanguage: []app.CountRow{{Label: "es", Key: "es", Count: 350}, {Label: "en", Key: "en", Count: 140}, {Label: "=cmd", Key: "=cmd", Count: 10}},
		},
		Visits: app.VisitFigures{Total: 80, Visitors: 60,
			ByReason: []app.CountRow{{Label: "Resource room", Key: "resource_room", Count: 60}, {Label: "Appointment", Key: "appointment", Count: 20}}},
		Conversion: app.ConversionFigures{Oriented: 40, Converted: 10, Rate: 0.25, AvgLag: 12.345, MedianLag: 9.5},
		Kits:       app.KitReportFigures{Circulations: 30, OpenLoans: 12, Overdue: 3, Lost: 1, LoanDays: 250.25, KitDays: 500.5, Utilisation: 0.5, Returned: 17, AvgLoanDays: 20.44},
		Followups:  app.FollowupReportFigures{Due: 20, Done: 15, NonResponsive: 2, Open: 3, Overdue: 1, CompletionRate: 0.75},
		SMS:        app.SMSFigures{Participants: 1000, Consented: 800, OptedOut: 50, Textable: 760, NewConsents: 30, NewOptOuts: 5, ConsentRate: 0.8, OptOutRate: 0.05},
	}
	for i := 0; i < events; i++ {
		e := app.EventRow{EventID: int64(i + 1), SiteID: 3, Title: fmt.Sprintf("Orientation %d", i+1), Kind: app.KindOrientation,
			Start: time.Date(2026, 3, 2, 17, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour), Capacity: 30,
			PreRegistered: 20, Attended: 15, WalkIns: 4, NoShows: 5, CheckedIn: 19, Ended: true}
		if i == 1 {
			e.Title, e.Kind, e.Capacity = "-Job fair @ City Hall", app.KindJobFair, 0
		}
		rep.Events = append(rep.Events, e)
		rep.EventTotals.Events++
		rep.EventTotals.PreRegistered += e.PreRegistered
		rep.EventTotals.Attended += e.Attended
		rep.EventTotals.WalkIns += e.WalkIns
		rep.EventTotals.NoShows += e.NoShows
		rep.EventTotals.CheckedIn += e.CheckedIn
	}
	return rep
}

func writeReport(t testing.TB, rep app.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteReport(&buf, rep); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zipFiles returns the workbook's parts by name.
func zipFiles(t *testing.T, b []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = string(data)
	}
	return out
}

func TestWriteReportSheetsAndCells(t *testing.T) {
	rep := testReport(3)
	b := writeReport(t, rep)
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(ReportSheets, "|") {
		t.Fatalf("sheets %q, want %q", got, ReportSheets)
	}
	// cell checks a cell's shown value (number formats applied) and, when
	// raw is not "", its stored value.
	cell := func(sheet, ref, shown, raw string) {
		t.Helper()
		v, err := f.GetCellValue(sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		if v != shown {
			t.Errorf("%s!%s shows %q, want %q", sheet, ref, v, shown)
		}
		if raw != "" {
			r, _ := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
			if r != raw {
				t.Errorf("%s!%s holds %q, want %q", sheet, ref, r, raw)
			}
		}
	}

	// Summary: sites, days, times, then the figures
	cell("Summary", "A1", "Director report", "")
	cell("Summary", "B1", rep.Title(), "")
	cell("Summary", "A2", "Site", "")
	cell("Summary", "B2", "East LA WorkSource Center", "")
	cell("Summary", "B3", "2026-03-01", "46082")
	cell("Summary", "B4", "2026-03-31", "46112")
	cell("Summary", "B5", "2026-03-10 10:15", "")
	cell("Summary", "C5", "America/Los_Angeles", "")
	for i, h := range ReportSummaryHeader {
		ref, _ := excelize.CoordinatesToCellName(i+1, ReportSummaryHeaderRow)
		cell("Summary", ref, h, "")
	}
	rows, err := f.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	byFigure := map[string]string{}
	for _, r := range rows[ReportSummaryHeaderRow:] {
		if len(r) == 3 {
			byFigure[r[0]+"/"+r[1]] = r[2]
		}
	}
	for k, want := range map[string]string{
		"Check-ins/Check-ins": "1,234", "Events/Events": "3", "Events/No-shows": "15", "Events/Checked in": "57",
		"People/People served": "500", "People/New": "300", "Visits/Visitors": "60",
		"Conversion/Conversion rate": "25.0%", "Conversion/Average days to enrol": "12.3", "Conversion/Median days to enrol": "9.5",
		"Kits/Utilisation": "50.0%", "Kits/Average loan length (days)": "20.4", "Kits/Overdue loans": "3",
		"Follow-up/Completion rate": "75.0%", "Follow-up/Non-responsive": "2",
		"SMS/Participants": "1,000", "SMS/Opt-out rate": "5.0%", "SMS/Textable": "760",
	} {
		if byFigure[k] != want {
			t.Errorf("Summary %s = %q, want %q", k, byFigure[k], want)
		}
	}
	if len(byFigure) != 40 {
		t.Errorf("Summary has %d figures, want 40", len(byFigure))
	}

	// Check-ins: months, then kinds, with shares
	cell("Check-ins", "A2", "Month", "")
	cell("Check-ins", "B2", "March 2026", "")
	cell("Check-ins", "C2", "2026-03", "")
	cell("Check-ins", "D2", "1,234", "1234")
	cell("Check-ins", "E2", "100.0%", "")
	cell("Check-ins", "A3", "Event kind", "")
	cell("Check-ins", "B4", "Workshop", "")
	cell("Check-ins", "E4", "19.0%", "")

	// Events: a real date-time in the site's time, text safe from formulas
	for i, h := range ReportEventsHeader {
		ref, _ := excelize.CoordinatesToCellName(i+1, 1)
		cell("Events", ref, h, "")
	}
	cell("Events", "A2", "2026-03-02 09:00", "46083.375")
	cell("Events", "B2", "East LA WorkSource Center", "")
	cell("Events", "C2", "Orientation 1", "")
	cell("Events", "D2", "Orientation", "")
	cell("Events", "E2", "30", "30")
	cell("Events", "J2", "19", "19")
	cell("Events", "C3", "-Job fair @ City Hall", "")
	cell("Events", "D3", "Job fair", "")
	cell("Events", "E3", "", "") // no limit
	cell("Events", "I4", "5", "5")
	if typ, _ := f.GetCellType("Events", "A2"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("Events!A2 is text, want a date")
	}

	// People: served, languages (a formula-like one neutralised), ZIPs
	cell("People", "A2", "Served", "")
	cell("People", "B2", "New", "")
	cell("People", "E2", "60.0%", "")
	cell("People", "A4", "Language", "")
	cell("People", "B4", "Spanish", "") // app.LanguageName, as on screen and in the PDF
	cell("People", "C4", "es", "")
	cell("People", "B6", "Other (=cmd)", "")
	cell("People", "C6", "=cmd", "") // text as it is: a text cell is never a formula
	cell("People", "A7", "ZIP code", "")
	cell("People", "B8", "(none)", "")
	cell("People", "C8", "", "")

	cell("Visits", "A2", "Resource room", "")
	cell("Visits", "C2", "60", "60")
	cell("Visits", "D3", "25.0%", "")

	cell("Conversion", "A4", "Conversion rate", "")
	cell("Conversion", "B4", "25.0%", "0.25")
	cell("Kits", "A10", "Utilisation", "")
	cell("Kits", "B8", "250.3", "")
	cell("Follow-up", "B7", "75.0%", "")
	cell("SMS", "B2", "1,000", "1000")

	// frozen header rows and filters over each table
	want := map[string]string{"Summary": "A8:C48", "Check-ins": "A1:E4", "Events": "A1:J4", "People": "A1:E8",
		"Visits": "A1:D3", "Conversion": "A1:C6", "Kits": "A1:C10", "Follow-up": "A1:C7", "SMS": "A1:C9"}
	parts := zipFiles(t, b)
	for i, sheet := range ReportSheets {
		panes, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		head := 1
		if sheet == "Summary" {
			head = ReportSummaryHeaderRow
		}
		if !panes.Freeze || panes.YSplit != head || panes.TopLeftCell != fmt.Sprintf("A%d", head+1) {
			t.Errorf("%s: panes %+v, want frozen below row %d", sheet, panes, head)
		}
		xml := parts[fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)]
		if !strings.Contains(xml, `<autoFilter ref="`+absRef(want[sheet])+`"`) {
			t.Errorf("%s: no autoFilter %s in the sheet XML: %.600s", sheet, want[sheet], xml)
		}
		if !strings.Contains(xml, `orientation="landscape"`) || !strings.Contains(xml, `fitToPage="true"`) {
			t.Errorf("%s: not printed landscape, one page wide", sheet)
		}
		if !strings.Contains(xml, "<cols>") {
			t.Errorf("%s: no column widths", sheet)
		}
	}
}

func TestWriteReportCharts(t *testing.T) {
	parts := zipFiles(t, writeReport(t, testReport(2)))
	type chart struct{ typ, dir, cat, val string }
	var charts []chart
	// excelize writes the chart namespace as the default one; allow a prefix
	kind := regexp.MustCompile(`<(?:c:)?(barChart|pieChart)>`)
	dir := regexp.MustCompile(`<(?:c:)?barDir val="(\w+)"`)
	cat := regexp.MustCompile(`<(?:c:)?cat><(?:c:)?strRef><(?:c:)?f>([^<]+)</`)
	val := regexp.MustCompile(`<(?:c:)?val><(?:c:)?numRef><(?:c:)?f>([^<]+)</`)
	for i := 1; ; i++ {
		xml, ok := parts[fmt.Sprintf("xl/charts/chart%d.xml", i)]
		if !ok {
			break
		}
		c := chart{}
		if m := kind.FindStringSubmatch(xml); m != nil {
			c.typ = m[1]
		}
		if m := dir.FindStringSubmatch(xml); m != nil {
			c.dir = m[1]
		}
		if m := cat.FindStringSubmatch(xml); m != nil {
			c.cat = html.UnescapeString(m[1])
		}
		if m := val.FindStringSubmatch(xml); m != nil {
			c.val = html.UnescapeString(m[1])
		}
		charts = append(charts, c)
	}
	want := []chart{
		{"barChart", "col", "'Check-ins'!$B$2:$B$2", "'Check-ins'!$D$2:$D$2"},
		{"barChart", "bar", "'Check-ins'!$B$3:$B$4", "'Check-ins'!$D$3:$D$4"},
		{"barChart", "bar", "'People'!$B$4:$B$6", "'People'!$D$4:$D$6"},
		{"pieChart", "", "'Visits'!$A$2:$A$3", "'Visits'!$C$2:$C$3"},
	}
	if fmt.Sprint(charts) != fmt.Sprint(want) {
		t.Fatalf("charts:\n%+v\nwant\n%+v", charts, want)
	}
	// each on its sheet's drawing
	for sheet, n := range map[string]string{"Check-ins": "2", "People": "4", "Visits": "5"} {
		rels := parts["xl/worksheets/_rels/sheet"+n+".xml.rels"]
		if !strings.Contains(rels, "drawing") || !strings.Contains(parts["xl/worksheets/sheet"+n+".xml"], "<drawing ") {
			t.Errorf("%s has no drawing: %s", sheet, rels)
		}
	}
}

func TestWriteReportEmptyAndDeterministic(t *testing.T) {
	rep := app.Report{Query: app.ReportQuery{From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
		GeneratedAt: time.Date(2026, 3, 10, 17, 15, 0, 0, time.UTC)}
	b := writeReport(t, rep)
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("Summary", "A2"); v != "All sites" {
		t.Errorf("Summary!A2 = %q", v)
	}
	if rows, _ := f.GetRows("Events"); len(rows) != 1 {
		t.Errorf("Events has %d rows, want the header only", len(rows))
	}
	for name := range zipFiles(t, b) {
		if strings.HasPrefix(name, "xl/charts/") {
			t.Errorf("an empty report has a chart: %s", name)
		}
	}
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Created != "2026-03-10T17:15:00Z" || props.Modified != "2026-03-10T17:15:00Z" {
		t.Errorf("doc props %+v", props)
	}
	// The same report gives the same parts. (excelize writes the zip's
	// members, and the defaults in [Content_Types].xml, in map order.)
	full := testReport(5)
	one, two := zipFiles(t, writeReport(t, full)), zipFiles(t, writeReport(t, full))
	if len(one) != len(two) {
		t.Fatalf("%d parts, then %d", len(one), len(two))
	}
	for name, x := range one {
		if name == "[Content_Types].xml" {
			x, two[name] = sortedTags(x), sortedTags(two[name])
		}
		if x != two[name] {
			t.Errorf("%s differs between two workbooks of the same report", name)
		}
	}
}

// A year of events at a busy center streams without trouble.
func TestWriteReportManyEvents(t *testing.T) {
	rep := testReport(5000)
	b := writeReport(t, rep)
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Events")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5001 || rows[5000][2] != "Orientation 5000" {
		t.Fatalf("Events: %d rows, last %q", len(rows), rows[len(rows)-1])
	}
}

func BenchmarkWriteReport5000Events(b *testing.B) {
	rep := testReport(5000)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if err := WriteReport(io.Discard, rep); err != nil {
			b.Fatal(err)
		}
	}
}

// absRef turns A1:C9 into $A$1:$C$9.
func absRef(r string) string {
	return regexp.MustCompile(`([A-Z]+)(\d+)`).ReplaceAllString(r, "$$$1$$$2")
}

// sortedTags is the XML's tags, sorted.
func sortedTags(xml string) string {
	tags := regexp.MustCompile(`<[^>]*>`).FindAllString(xml, -1)
	sort.Strings(tags)
	return strings.Join(tags, "")
}

// anchor is a drawing object's two-cell anchor: from and to as (cell
// index, offset in EMU) pairs, column and row.
type anchor struct {
	name                                       string
	fromCol, fromRow, toCol, toRow             int
	fromColOff, fromRowOff, toColOff, toRowOff int64
}

// pos orders a cell position with its offset (an offset is less than its
// cell's size, so the pair orders like the distance from the sheet's edge).
func pos(cell int, off int64) int64 { return int64(cell)*1_000_000_000 + off }

// overlaps is true when a's and b's rectangles share some area (touching
// edges do not count).
func (a anchor) overlaps(b anchor) bool {
	return pos(a.fromCol, a.fromColOff) < pos(b.toCol, b.toColOff) && pos(b.fromCol, b.fromColOff) < pos(a.toCol, a.toColOff) &&
		pos(a.fromRow, a.fromRowOff) < pos(b.toRow, b.toRowOff) && pos(b.fromRow, b.fromRowOff) < pos(a.toRow, a.toRowOff)
}

// sheetAnchors reads every two-cell anchor of every sheet's drawing back
// from the workbook's parts, by sheet name.
func sheetAnchors(t *testing.T, parts map[string]string) map[string][]anchor {
	t.Helper()
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	type rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	var wbRels rels
	for name, v := range map[string]any{"xl/workbook.xml": &wb, "xl/_rels/workbook.xml.rels": &wbRels} {
		if err := xml.Unmarshal([]byte(parts[name]), v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	type cellPos struct {
		Col    int   `xml:"col"`
		ColOff int64 `xml:"colOff"`
		Row    int   `xml:"row"`
		RowOff int64 `xml:"rowOff"`
	}
	var dr struct {
		Anchors []struct {
			From  cellPos `xml:"from"`
			To    cellPos `xml:"to"`
			Frame struct {
				Props struct {
					Name string `xml:"name,attr"`
				} `xml:"nvGraphicFramePr>cNvPr"`
			} `xml:"graphicFrame"`
		} `xml:"twoCellAnchor"`
	}
	out := map[string][]anchor{}
	for _, s := range wb.Sheets {
		sheetPath := ""
		for _, r := range wbRels.Rel {
			if r.ID == s.RID {
				sheetPath = "xl/" + strings.TrimPrefix(r.Target, "/xl/")
			}
		}
		var sr rels
		relsPath := strings.Replace(sheetPath, "worksheets/", "worksheets/_rels/", 1) + ".rels"
		if parts[relsPath] == "" {
			continue
		}
		if err := xml.Unmarshal([]byte(parts[relsPath]), &sr); err != nil {
			t.Fatalf("%s: %v", relsPath, err)
		}
		for _, r := range sr.Rel {
			if !strings.Contains(r.Target, "drawings/drawing") {
				continue
			}
			dpath := "xl/drawings/" + r.Target[strings.LastIndex(r.Target, "/")+1:]
			dr.Anchors = nil
			if err := xml.Unmarshal([]byte(parts[dpath]), &dr); err != nil {
				t.Fatalf("%s: %v", dpath, err)
			}
			for _, a := range dr.Anchors {
				out[s.Name] = append(out[s.Name], anchor{name: a.Frame.Props.Name,
					fromCol: a.From.Col, fromColOff: a.From.ColOff, fromRow: a.From.Row, fromRowOff: a.From.RowOff,
					toCol: a.To.Col, toColOff: a.To.ColOff, toRow: a.To.Row, toRowOff: a.To.RowOff})
			}
		}
	}
	return out
}

// TestWriteReportChartAnchors reads every chart's anchor back from the
// drawings: on each sheet no two charts' rectangles intersect, and every
// chart is right of its sheet's table, for a short report and a long one
// (three years of months, every event kind, many languages).
func TestWriteReportChartAnchors(t *testing.T) {
	long := testReport(2)
	long.CheckIns.ByMonth = nil
	for m := 0; m < 36; m++ {
		d := time.Date(2024, time.Month(1+m), 1, 0, 0, 0, 0, time.UTC)
		long.CheckIns.ByMonth = append(long.CheckIns.ByMonth, app.CountRow{Label: d.Format("January 2006"), Key: d.Format("2006-01"), Count: 10 + m})
	}
	long.CheckIns.ByKind = nil
	for i, k := range app.EventKinds {
		long.CheckIns.ByKind = append(long.CheckIns.ByKind, app.CountRow{Label: k.Words(), Key: string(k), Count: 100 - i})
	}
	long.People.ByLanguage = nil
	for i, l := range []string{"en", "es", "ko", "zh", "vi", "hy", "tl", "ru", "fa", "ar", "el", "ja", "km"} {
		long.People.ByLanguage = append(long.People.ByLanguage, app.CountRow{Label: l, Key: l, Count: 50 - i})
	}
	for name, rep := range map[string]app.Report{"short": testReport(2), "long": long} {
		anchors := sheetAnchors(t, zipFiles(t, writeReport(t, rep)))
		if n := len(anchors[ReportCheckInsSheet]); n != 2 {
			t.Fatalf("%s: %d charts on %s, want 2: %+v", name, n, ReportCheckInsSheet, anchors)
		}
		tableCols := map[string]int{ReportCheckInsSheet: len(ReportBreakdownHeader), ReportPeopleSheet: len(ReportBreakdownHeader), ReportVisitsSheet: len(ReportVisitsHeader)}
		for sheet, as := range anchors {
			for i, a := range as {
				if a.fromCol < tableCols[sheet] {
					t.Errorf("%s: %s: chart %s starts in column %d, on the table (columns 0–%d)", name, sheet, a.name, a.fromCol, tableCols[sheet]-1)
				}
				if pos(a.toRow, a.toRowOff) <= pos(a.fromRow, a.fromRowOff) || pos(a.toCol, a.toColOff) <= pos(a.fromCol, a.fromColOff) {
					t.Errorf("%s: %s: chart %s has no area: %+v", name, sheet, a.name, a)
				}
				for _, b := range as[i+1:] {
					if a.overlaps(b) {
						t.Errorf("%s: %s: charts overlap:\n%+v\n%+v", name, sheet, a, b)
					}
				}
			}
		}
	}
}

// TestWriteReportNumbersAndLanguages checks that the workbook shows every
// headline figure as the screen and the PDF write it (app.FormatCount,
// FormatPercent, FormatOne: excelize applies the cells' number formats as
// a spreadsheet does, halves included) while the cells keep full
// precision, and names every language code (app.LanguageName).
func TestWriteReportNumbersAndLanguages(t *testing.T) {
	rep := testReport(1)
	rep.Conversion.Rate = 0.0625 // 6.25%: shows 6.3%
	rep.Followups.CompletionRate = 2.0 / 3
	rep.Conversion.AvgLag = 12.25 // shows 12.3
	rep.Kits.AvgLoanDays = 0.05
	rep.CheckIns.Total = 1234567
	rep.People.ByLanguage = []app.CountRow{{Key: "el", Label: "el", Count: 5}, {Key: "km", Label: "km", Count: 3}, {Key: "xx", Label: "xx", Count: 1}}
	f, err := excelize.OpenReader(bytes.NewReader(writeReport(t, rep)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	heads := ReportHeadlines(rep)
	for i, h := range heads {
		cell := fmt.Sprintf("C%d", ReportSummaryHeaderRow+1+i)
		shown, err := f.GetCellValue(ReportSummarySheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		want := h.Kind.Format(h.Value)
		switch h.Kind {
		case ValueRate:
			if want != app.FormatPercent(h.Value) {
				t.Errorf("%s: Format %q, FormatPercent %q", h.Label, want, app.FormatPercent(h.Value))
			}
		case ValueDays:
			if want != app.FormatOne(h.Value) {
				t.Errorf("%s: Format %q, FormatOne %q", h.Label, want, app.FormatOne(h.Value))
			}
		}
		if shown != want {
			t.Errorf("Summary!%s (%s) shows %q, the screen and PDF write %q", cell, h.Label, shown, want)
		}
		// the cells keep the figures at full precision
		raw, _ := f.GetCellValue(ReportSummarySheet, cell, excelize.Options{RawCellValue: true})
		if v, err := strconv.ParseFloat(raw, 64); err != nil || math.Abs(v-h.Value) > 1e-12 {
			t.Errorf("Summary!%s holds %q, want %v", cell, raw, h.Value)
		}
	}
	for want, label := range map[string]string{"Conversion rate": "6.3%", "Completion rate": "66.7%", "Average days to enrol": "12.3", "Check-ins": "1,234,567", "Average loan length (days)": "0.1"} {
		found := false
		for i, h := range heads {
			if h.Label == want {
				found = true
				if got, _ := f.GetCellValue(ReportSummarySheet, fmt.Sprintf("C%d", ReportSummaryHeaderRow+1+i)); got != label {
					t.Errorf("%s shows %q, want %q", want, got, label)
				}
			}
		}
		if !found {
			t.Errorf("no headline %q", want)
		}
	}
	for cell, want := range map[string]string{"B4": "Greek", "C4": "el", "B5": "Khmer", "B6": "Other (xx)", "C6": "xx"} {
		if got, _ := f.GetCellValue(ReportPeopleSheet, cell); got != want {
			t.Errorf("People!%s = %q, want %q", cell, got, want)
		}
	}
}

// TestWriteReportNoShowsNotOverYet: an event that has not ended has an
// empty no-shows cell, not a 0 that reads as "everybody came".
func TestWriteReportNoShowsNotOverYet(t *testing.T) {
	rep := testReport(2)
	rep.Events[1].Ended, rep.Events[1].NoShows = false, 0
	f, err := excelize.OpenReader(bytes.NewReader(writeReport(t, rep)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	col := 0
	for i, h := range ReportEventsHeader {
		if h == "No-shows" {
			col = i + 1
		}
	}
	for row, want := range map[int]string{2: "5", 3: ""} {
		cell, _ := excelize.CoordinatesToCellName(col, row)
		if got, _ := f.GetCellValue(ReportEventsSheet, cell); got != want {
			t.Errorf("Events!%s = %q, want %q", cell, got, want)
		}
	}
}

// TestWriteReportBySite: a report of all sites with figures by site has a
// By site sheet right after Events: a frozen, filterable header, one row
// per site with its name and every figure as a number in the count
// format, and the note under it; a report without them has no such sheet.
func TestWriteReportBySite(t *testing.T) {
	rep := testReport(2)
	one, err := excelize.OpenReader(bytes.NewReader(writeReport(t, rep)))
	if err != nil {
		t.Fatal(err)
	}
	if idx, _ := one.GetSheetIndex(ReportBySiteSheet); idx != -1 {
		t.Errorf("a one-site report has a %s sheet", ReportBySiteSheet)
	}
	one.Close()

	bronx := app.Site{ID: 4, Name: "Bronx", TimeZone: "America/New_York"}
	rep.Query.SiteID = 0
	rep.Sites = append(rep.Sites, bronx)
	rep.BySite = []app.SiteFigures{
		{Site: rep.Sites[0], CheckIns: 1234, Unique: 500, New: 300, Returning: 200, Events: 2, Attended: 30, WalkIns: 8, NoShows: 10,
			Visits: 80, Oriented: 40, Converted: 10, Circulations: 30, OpenLoans: 12, FollowupsDue: 20, FollowupDone: 15, Textable: 760},
		{Site: bronx, CheckIns: 7, Unique: 6, New: 5, Returning: 1, Events: 1, Attended: 2, WalkIns: 3, NoShows: 4,
			Visits: 9, Oriented: 11, Converted: 12, Circulations: 13, OpenLoans: 14, FollowupsDue: 15, FollowupDone: 16, Textable: 17},
	}
	b := writeReport(t, rep)
	xlsxtest.CheckDimensions(t, b)
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := append(append(append([]string{}, ReportSheets[:3]...), ReportBySiteSheet), ReportSheets[3:]...)
	if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	rows, err := f.GetRows(ReportBySiteSheet)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := f.GetRows(ReportBySiteSheet, excelize.Options{RawCellValue: true})
	wantShown := [][]string{
		{"Site", "Check-ins", "People served", "New", "Returning", "Events", "Attended", "Walk-ins", "No-shows", "Visits",
			"Oriented", "Converted", "Circulations", "Open loans", "Follow-ups due", "Follow-ups done", "Textable"},
		{"East LA WorkSource Center", "1,234", "500", "300", "200", "2", "30", "8", "10", "80", "40", "10", "30", "12", "20", "15", "760"},
		{"Bronx", "7", "6", "5", "1", "1", "2", "3", "4", "9", "11", "12", "13", "14", "15", "16", "17"},
		nil,
		{app.SiteFiguresNote},
	}
	if len(rows) != len(wantShown) {
		t.Fatalf("%s has %d rows, want %d: %q", ReportBySiteSheet, len(rows), len(wantShown), rows)
	}
	for i, w := range wantShown {
		if strings.Join(rows[i], "|") != strings.Join(w, "|") {
			t.Errorf("%s row %d = %q, want %q", ReportBySiteSheet, i+1, rows[i], w)
		}
	}
	if strings.Join(raw[1][1:], "|") != "1234|500|300|200|2|30|8|10|80|40|10|30|12|20|15|760" {
		t.Errorf("East LA's row holds %q", raw[1])
	}
	// every figure a number in the count format (#,##0), as on the other sheets
	for r := 2; r <= 3; r++ {
		for c := 2; c <= 17; c++ {
			ref, _ := excelize.CoordinatesToCellName(c, r)
			typ, _ := f.GetCellType(ReportBySiteSheet, ref)
			if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
				t.Errorf("%s!%s is text, want a number", ReportBySiteSheet, ref)
			}
			style, _ := f.GetCellStyle(ReportBySiteSheet, ref)
			eventsStyle, _ := f.GetCellStyle(ReportEventsSheet, "F2") // pre-registered, a count
			if style != eventsStyle {
				t.Errorf("%s!%s has style %d, want the count style %d", ReportBySiteSheet, ref, style, eventsStyle)
			}
		}
	}
	panes, err := f.GetPanes(ReportBySiteSheet)
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("%s panes %+v (%v), want frozen below the header", ReportBySiteSheet, panes, err)
	}
	xml := zipFiles(t, b)["xl/worksheets/sheet4.xml"]
	if !strings.Contains(xml, `<autoFilter ref="$A$1:$Q$3"`) {
		t.Errorf("%s: no filter over A1:Q3 (the note left out): %.600s", ReportBySiteSheet, xml)
	}
}
