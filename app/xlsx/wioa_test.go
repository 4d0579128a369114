package xlsx

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"frontdesk/app"
	"frontdesk/app/xlsx/xlsxtest"
)

// wioaRate is a rate indicator of num of den, noInfo of them unknown, excl
// excluded.
func wioaRate(num, den, noInfo, excl int, complete bool) app.WIOARate {
	r := app.WIOARate{Excluded: excl, Denominator: den, Numerator: num, NoInfo: noInfo, Complete: complete}
	if den > 0 {
		r.Rate = float64(num) / float64(den)
	}
	return r
}

// wioaInd is a group's indicators.
func wioaInd(exiters int, q2, q4 app.WIOARate, e app.WIOAEarnings, cred app.WIOARate) app.WIOAIndicators {
	return app.WIOAIndicators{Exiters: exiters, EmploymentQ2: q2, EmploymentQ4: q4, EarningsQ2: e, Credential: cred}
}

// testWIOA is the preview of PY 2025 at two sites as of Dec 15, 2026, made
// by hand: Q2 27 of 38 (71.1%, meets 70%), Q4 22 of 38 still running,
// median $8,060.01 (6 of 24 estimated, meets $7,000), credential 13 of 20
// (65.0%, meets 65% exactly), 2 excluded.
func testWIOA() app.WIOAPreview {
	q := app.WIOAQuery{Year: 2025}
	p := app.WIOAPreview{Query: q, Today: time.Date(2026, 12, 15, 0, 0, 0, 0, time.UTC)}
	p.First, p.Last, p.Cohort = q.Cohort()
	p.Overall = wioaInd(40, wioaRate(27, 38, 5, 2, true), wioaRate(22, 38, 9, 2, false),
		app.WIOAEarnings{Employed: 27, Known: 24, Estimated: 6, NoInfo: 3, MedianCents: 806001, Complete: true},
		wioaRate(13, 20, 4, 2, false))
	la := wioaInd(25, wioaRate(18, 24, 2, 1, true), wioaRate(15, 24, 5, 1, false),
		app.WIOAEarnings{Employed: 18, Known: 17, Estimated: 4, NoInfo: 1, MedianCents: 832000, Complete: true}, wioaRate(9, 13, 2, 1, false))
	bx := wioaInd(15, wioaRate(9, 14, 3, 1, true), wioaRate(7, 14, 4, 1, false),
		app.WIOAEarnings{Employed: 9, Known: 7, Estimated: 2, NoInfo: 2, MedianCents: 642050, Complete: true}, wioaRate(4, 7, 2, 1, true))
	none := wioaInd(2, wioaRate(0, 1, 1, 1, true), wioaRate(0, 1, 1, 1, true), app.WIOAEarnings{Complete: true}, wioaRate(0, 0, 0, 1, true))
	p.BySite = []app.WIOAGroup{{Key: "1", Label: "East LA WorkSource Center", WIOAIndicators: la}, {Key: "2", Label: "Bronx", WIOAIndicators: bx}}
	p.ByManager = []app.WIOAGroup{{Key: "3", Label: "Carla Ruiz", WIOAIndicators: la}, {Key: "4", Label: "Dev Patel", WIOAIndicators: bx},
		{Key: "", Label: "(none)", WIOAIndicators: none}}
	p.ByZIP = []app.WIOAGroup{{Key: "90031", Label: "90031", WIOAIndicators: la}, {Key: "10451", Label: "10451", WIOAIndicators: bx}}
	p.ByLanguage = []app.WIOAGroup{{Key: "es", Label: "Spanish", WIOAIndicators: la}, {Key: "en", Label: "English", WIOAIndicators: bx}}
	p.Targets = app.WIOATargets{ProgramYear: 2025, EmploymentQ2: 0.70, EmploymentQ4: 0.68, MedianCents: 700000, Credential: 0.65}
	return p
}

func writeWIOA(t testing.TB, p app.WIOAPreview) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteWIOA(&buf, p); err != nil {
		t.Fatal(err)
	}
	if keep := os.Getenv("FRONTDESK_WIOA_XLSX"); keep != "" {
		if err := os.WriteFile(keep, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

// TestWriteWIOASheet reads the WIOA sheet back: the cohort above, the four
// indicators with their counts, levels and flags, the breakdowns, each
// number a number cell in its format (rates as fractions shown 0.0%, money
// as dollars), empty where nobody is counted.
func TestWriteWIOASheet(t *testing.T) {
	p := testWIOA()
	b := writeWIOA(t, p)
	xlsxtest.CheckDimensions(t, b)
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 1 || got[0] != ReportWIOASheet {
		t.Fatalf("sheets %v", got)
	}
	cell := func(ref string) (shown, raw string, fmtID string) {
		t.Helper()
		shown, err := f.GetCellValue(ReportWIOASheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ = f.GetCellValue(ReportWIOASheet, ref, excelize.Options{RawCellValue: true})
		if id, err := f.GetCellStyle(ReportWIOASheet, ref); err == nil && id != 0 {
			if st, err := f.GetStyle(id); err == nil && st.CustomNumFmt != nil {
				fmtID = *st.CustomNumFmt
			} else if err == nil && st.NumFmt != 0 {
				fmtID = fmt.Sprint(st.NumFmt)
			}
		}
		return shown, raw, fmtID
	}
	for _, c := range []struct{ ref, shown, raw, format string }{
		{"A1", "WIOA performance preview", "", ""},
		{"B1", "PY 2025 (Jul 1, 2025 – Jun 30, 2026)", "", ""},
		{"B2", "All sites", "", ""},
		{"B3", "2025-07-01", "45839", "yyyy-mm-dd"},
		{"B4", "2026-06-30", "46203", "yyyy-mm-dd"},
		{"B5", "2026-12-15", "46371", "yyyy-mm-dd"},
		{"B6", "PY 2025", "", ""},
		// the indicators' header and rows
		{"A8", "Indicator", "", ""}, {"J8", "Note", "", ""},
		{"A9", "Employment rate, 2nd quarter after exit", "", ""},
		{"B9", "71.1%", fmt.Sprint(27.0 / 38), "0.0%"},
		{"C9", "27", "27", "3"}, {"D9", "38", "38", "3"}, {"E9", "5", "5", "3"}, {"F9", "2", "2", "3"},
		{"G9", "70.0%", "0.7", "0.0%"}, {"H9", "Yes", "", ""}, {"I9", "No", "", ""},
		{"A10", "Employment rate, 4th quarter after exit", "", ""},
		{"B10", "57.9%", fmt.Sprint(22.0 / 38), "0.0%"}, {"E10", "9", "9", "3"},
		{"G10", "68.0%", "0.68", "0.0%"}, {"H10", "No", "", ""}, {"I10", "Yes", "", ""},
		{"A11", "Median earnings, 2nd quarter after exit", "", ""},
		{"B11", "$8,060.01", "8060.01", "$#,##0.00"},
		{"C11", "24", "24", "3"}, {"D11", "27", "27", "3"}, {"E11", "3", "3", "3"},
		{"G11", "$7,000.00", "7000", "$#,##0.00"}, {"H11", "Yes", "", ""}, {"I11", "No", "", ""}, {"J11", "6 of 24 estimated", "", ""},
		{"A12", "Credential attainment", "", ""},
		{"B12", "65.0%", "0.65", "0.0%"}, {"C12", "13", "13", "3"}, {"D12", "20", "20", "3"},
		{"G12", "65.0%", "0.65", "0.0%"}, {"H12", "Yes", "", ""}, {"I12", "Yes", "", ""},
		{"A14", "Breakdowns", "", ""},
		// the breakdowns: everyone, then the sites, managers, ZIPs, languages
		{"A15", "Breakdown", "", ""}, {"T15", "Credential no info", "", ""},
		{"A16", "All", "", ""}, {"B16", "All sites", "", ""}, {"D16", "40", "40", "3"}, {"F16", "38", "38", "3"},
		{"G16", "71.1%", fmt.Sprint(27.0 / 38), "0.0%"}, {"M16", "$8,060.01", "8060.01", "$#,##0.00"},
		{"A17", "Site", "", ""}, {"B17", "East LA WorkSource Center", "", ""}, {"C17", "1", "", ""},
		{"G17", "75.0%", "0.75", "0.0%"}, {"J17", "62.5%", "0.625", "0.0%"},
		{"M17", "$8,320.00", "8320", "$#,##0.00"}, {"N17", "17", "17", "3"}, {"O17", "4", "4", "3"}, {"P17", "1", "1", "3"},
		{"Q17", "69.2%", fmt.Sprint(9.0 / 13), "0.0%"}, {"R17", "13", "13", "3"}, {"S17", "9", "9", "3"}, {"T17", "2", "2", "3"},
		{"A18", "Site", "", ""}, {"B18", "Bronx", "", ""}, {"M18", "$6,420.50", "6420.5", "$#,##0.00"},
		{"A19", "Case manager", "", ""}, {"B19", "Carla Ruiz", "", ""},
		// nobody's: no earnings known, nobody in training: empty cells
		{"A21", "Case manager", "", ""}, {"B21", "(none)", "", ""}, {"C21", "", "", ""},
		{"G21", "0.0%", "0", "0.0%"}, {"M21", "", "", ""}, {"Q21", "", "", ""}, {"R21", "0", "0", "3"},
		{"A22", "ZIP code", "", ""}, {"B22", "90031", "", ""},
		{"A25", "Language", "", ""}, {"B25", "English", "", ""}, {"C25", "en", "", ""},
		// the notes under the table
		{"A27", app.WIOANoInfoNote, "", ""}, {"A28", app.WIOARunningNote, "", ""}, {"A29", app.WIOAEstimateNote, "", ""},
	} {
		shown, raw, format := cell(c.ref)
		if shown != c.shown || c.raw != "" && !sameNumber(raw, c.raw) || format != c.format {
			t.Errorf("%s = %q (raw %q, format %q), want %q (raw %q, format %q)", c.ref, shown, raw, format, c.shown, c.raw, c.format)
		}
	}
	rows, _ := f.GetRows(ReportWIOASheet)
	if len(rows) != 29 {
		t.Errorf("%d rows, want 29", len(rows))
	}
	// the headers where the constants say
	if v, _ := f.GetCellValue(ReportWIOASheet, fmt.Sprintf("A%d", WIOAIndicatorsHeaderRow)); v != WIOAIndicatorsHeader[0] {
		t.Errorf("the indicators' header is not on row %d", WIOAIndicatorsHeaderRow)
	}
	if got := rows[WIOABreakdownHeaderRow-1]; strings.Join(got, "|") != strings.Join(WIOABreakdownHeader, "|") {
		t.Errorf("row %d = %q, want the breakdowns' header", WIOABreakdownHeaderRow, got)
	}
	// the filter covers the breakdowns; nothing is frozen; landscape
	parts := zipFiles(t, b)
	sheet := parts["xl/worksheets/sheet1.xml"]
	if !strings.Contains(sheet, `<autoFilter ref="$A$15:$T$25"`) || strings.Contains(sheet, "<pane") ||
		!strings.Contains(sheet, `orientation="landscape"`) {
		t.Errorf("the sheet's filter, panes or page setup:\n%s", sheet)
	}

	// no negotiated levels: the target cells are empty
	p.Targets = app.WIOATargets{ProgramYear: 2025}
	f2, err := excelize.OpenReader(bytes.NewReader(writeWIOA(t, p)))
	if err != nil {
		t.Fatal(err)
	}
	defer f2.Close()
	for _, ref := range []string{"G9", "H9", "G11", "H11"} {
		if v, _ := f2.GetCellValue(ReportWIOASheet, ref); v != "" {
			t.Errorf("no levels: %s = %q", ref, v)
		}
	}
	if v, _ := f2.GetCellValue(ReportWIOASheet, "B6"); v != "PY 2025 (none entered)" {
		t.Errorf("no levels: B6 = %q", v)
	}
}

// TestWriteWIOAChart finds the sheet's chart in the file: a clustered bar
// chart of the Q2 and Q4 rates of everyone and each site (the breakdowns'
// rows 16–18, columns G and J, labelled by column B), anchored right of the
// indicators and ending above the breakdowns' header. An empty cohort has
// no chart.
func TestWriteWIOAChart(t *testing.T) {
	parts := zipFiles(t, writeWIOA(t, testWIOA()))
	xml, ok := parts["xl/charts/chart1.xml"]
	if !ok {
		t.Fatalf("no xl/charts/chart1.xml in %v", keys(parts))
	}
	if _, ok := parts["xl/charts/chart2.xml"]; ok {
		t.Error("more than one chart")
	}
	for _, want := range []string{`<(?:c:)?barChart>`, `<(?:c:)?barDir val="bar"`, `<(?:c:)?grouping val="clustered"`} {
		if !regexp.MustCompile(want).MatchString(xml) {
			t.Errorf("chart1.xml has no %s", want)
		}
	}
	refs := regexp.MustCompile(`<(?:c:)?f>([^<]+)</(?:c:)?f>`).FindAllStringSubmatch(xml, -1)
	var got []string
	for _, m := range refs {
		got = append(got, html.UnescapeString(m[1]))
	}
	// each series: its name (the indicator's label), categories, values
	want := []string{"'WIOA'!$A$9", "'WIOA'!$B$16:$B$18", "'WIOA'!$G$16:$G$18", "'WIOA'!$A$10", "'WIOA'!$B$16:$B$18", "'WIOA'!$J$16:$J$18"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("the chart's ranges %q, want %q", got, want)
	}
	if !strings.Contains(xml, "Employment rate after exit, by site") {
		t.Error("the chart has no title")
	}
	as := sheetAnchors(t, parts)[ReportWIOASheet]
	if len(as) != 1 {
		t.Fatalf("anchors %+v", as)
	}
	a := as[0]
	if a.fromCol != 12 || a.fromRow != 0 || a.toRow >= WIOABreakdownHeaderRow-2 {
		t.Errorf("the chart's anchor %+v: want it from M1, ending above row %d", a, WIOABreakdownHeaderRow-1)
	}

	empty := app.WIOAPreview{Query: app.WIOAQuery{Year: 2025, Quarter: 3}, Today: time.Date(2025, 8, 1, 0, 0, 0, 0, time.UTC)}
	empty.First, empty.Last, empty.Cohort = empty.Query.Cohort()
	for name := range zipFiles(t, writeWIOA(t, empty)) {
		if strings.HasPrefix(name, "xl/charts/") {
			t.Errorf("an empty cohort has a chart: %s", name)
		}
	}
}

// sameNumber reports whether two numbers' texts are the same number, to 12
// significant digits (excelize reads a cell's value back with 15).
func sameNumber(a, b string) bool {
	x, err1 := strconv.ParseFloat(a, 64)
	y, err2 := strconv.ParseFloat(b, 64)
	if err1 != nil || err2 != nil {
		return a == b
	}
	return math.Abs(x-y) <= 1e-12*math.Max(1, math.Abs(y))
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestWriteReportWithWIOA: the director report's workbook has the WIOA
// sheet of the preview it carries last, as WriteWIOA writes it, and none
// when it carries none.
func TestWriteReportWithWIOA(t *testing.T) {
	var buf bytes.Buffer
	rep := testReport(2)
	rep.WIOA = testWIOA()
	if err := WriteReport(&buf, rep); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if want := append(append([]string{}, ReportSheets...), ReportWIOASheet); strings.Join(sheets, "|") != strings.Join(want, "|") {
		t.Fatalf("sheets %q, want %q", sheets, want)
	}
	alone, err := excelize.OpenReader(bytes.NewReader(writeWIOA(t, testWIOA())))
	if err != nil {
		t.Fatal(err)
	}
	defer alone.Close()
	a, _ := alone.GetRows(ReportWIOASheet)
	b, _ := f.GetRows(ReportWIOASheet)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("the report's WIOA sheet differs from WriteWIOA's:\n%q\n%q", b, a)
	}
	// the chart names the WIOA sheet's rows, and the Summary's values are
	// still where they were
	found := false
	for name, x := range zipFiles(t, buf.Bytes()) {
		if strings.HasPrefix(name, "xl/charts/") && strings.Contains(html.UnescapeString(x), "'WIOA'!$G$16:$G$18") {
			found = true
		}
	}
	if !found {
		t.Error("no chart of the WIOA sheet in the report")
	}
	if v, _ := f.GetCellValue(ReportSummarySheet, "A1"); v != "Director report" {
		t.Errorf("Summary!A1 = %q", v)
	}
	buf.Reset()
	if err := WriteReport(&buf, testReport(2)); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(buf.Bytes(), []byte("WIOA")) {
		t.Error("a report without the preview mentions WIOA")
	}
}

// TestWriteWIOALibreOffice opens the sheet with LibreOffice (as
// scripts/check-workbook.sh does the report's) and reads what it prints:
// every figure as the table says, the chart's title, the breakdowns, on
// landscape pages. Skipped without soffice (LibreOffice is optional:
// scripts/deps.sh --libreoffice). FRONTDESK_WIOA_XLSX keeps the
// workbook, and LibreOffice's PDF of it beside it.
func TestWriteWIOALibreOffice(t *testing.T) {
	soffice, pdftotext, pdfinfo := libreOffice(t)
	dir := t.TempDir()
	book := filepath.Join(dir, "wioa.xlsx")
	if err := os.WriteFile(book, writeWIOA(t, testWIOA()), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless", "--norestore",
		"--convert-to", "pdf", "--outdir", dir, book)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdfPath := filepath.Join(dir, "wioa.pdf")
	if keep := os.Getenv("FRONTDESK_WIOA_XLSX"); keep != "" {
		if b, err := os.ReadFile(pdfPath); err == nil {
			os.WriteFile(strings.TrimSuffix(keep, filepath.Ext(keep))+"-libreoffice.pdf", b, 0o644)
		}
	}
	out, err := exec.Command(pdftotext, "-layout", pdfPath, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := string(out)
	for _, want := range []string{
		`WIOA performance preview\s+PY 2025 \(Jul 1, 2025 – Jun 30, 2026\)`,
		`Employment rate, 2nd quarter after exit\s+71\.1%\s+27\s+38\s+5\s+2\s+70\.0%\s+Yes\s+No`,
		`Employment rate, 4th quarter after exit\s+57\.9%\s+22\s+38\s+9\s+2\s+68\.0%\s+No\s+Yes`,
		`Median earnings, 2nd quarter after exit\s+\$8,060\.01\s+24\s+27\s+3\s+2\s+\$7,000\.00\s+Yes\s+No\s+6 of 24 estimated`,
		`Credential attainment\s+65\.0%\s+13\s+20\s+4\s+2\s+65\.0%\s+Yes\s+Yes`,
		`Employment rate after exit, by site`,
		// the legend: the series' names, read from the indicators' labels
		`Employment rate, 4th quarter after exit\s+Employment rate, 2nd quarter after exit`,
		`Site\s+East LA WorkSource Center\s+1\s+25\s+1\s+24\s+75\.0%\s+18\s+2\s+62\.5%\s+15\s+5\s+\$8,320\.00\s+17\s+4\s+1\s+69\.2%\s+13\s+9\s+2`,
		`Language\s+English\s+en\s+15`,
		regexp.QuoteMeta(app.WIOARunningNote),
	} {
		if !regexp.MustCompile(want).MatchString(text) {
			t.Errorf("LibreOffice's PDF has no %q:\n%s", want, text)
		}
	}
	info, err := exec.Command(pdfinfo, pdfPath).Output()
	if err != nil {
		t.Fatal(err)
	}
	if m := regexp.MustCompile(`Page size:\s+([\d.]+) x ([\d.]+)`).FindStringSubmatch(string(info)); m == nil || m[1] < m[2] {
		t.Errorf("LibreOffice does not print it landscape:\n%s", info)
	}
}

// libreOffice returns the paths of soffice, pdftotext and pdfinfo. LibreOffice
// is optional (scripts/deps.sh --libreoffice, as for scripts/check-workbook.sh):
// without it the test is skipped. pdftotext and pdfinfo come with make test's
// own packages, so with FRONTDESK_REQUIRE_TOOLS=1 their absence fails it.
func libreOffice(t *testing.T) (soffice, pdftotext, pdfinfo string) {
	t.Helper()
	paths := map[string]string{}
	var missing []string
	for _, name := range []string{"pdftotext", "pdfinfo"} {
		if p, err := exec.LookPath(name); err == nil {
			paths[name] = p
		} else {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		msg := strings.Join(missing, ", ") + " not installed (scripts/deps.sh)"
		if os.Getenv("FRONTDESK_REQUIRE_TOOLS") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	p, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) is not installed: scripts/deps.sh --libreoffice")
	}
	return p, paths["pdftotext"], paths["pdfinfo"]
}
