package xlsx

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"frontdesk/app"
)

// ReportWIOASheet is the sheet of the WIOA performance preview: the
// workbook WriteWIOA writes has it alone, and the director report's
// workbook has it last (the report's app.Report.WIOA).
const ReportWIOASheet = "WIOA"

// The WIOA sheet's layout: the cohort above, the indicators' table at
// WIOAIndicatorsHeaderRow, the breakdowns' table (the sheet's filterable
// table) at WIOABreakdownHeaderRow.
const (
	WIOAIndicatorsHeaderRow = 8
	WIOABreakdownHeaderRow  = 15
)

// WIOAIndicatorsHeader is the header of the WIOA sheet's table of the four
// indicators (app.WIOAIndicatorRows), a row each.
var WIOAIndicatorsHeader = []string{"Indicator", "Rate or median", "Numerator", "Denominator", "No information", "Excluded",
	"Target", "Meets target", "Running", "Note"}

// WIOABreakdownHeader is the header of the WIOA sheet's breakdowns: a
// block of rows for everyone (Breakdown "All"), then one per site, case
// manager, ZIP code and language (app.WIOAPreview.Breakdowns). Q2 and Q4
// rates are of the Counted (Exiters less Excluded), the median of those
// employed in the 2nd quarter with earnings known, the credential rate of
// those in training.
var WIOABreakdownHeader = []string{"Breakdown", "Group", "Key", "Exiters", "Excluded", "Counted",
	"Q2 rate", "Q2 employed", "Q2 no info",
	"Q4 rate", "Q4 employed", "Q4 no info",
	"Median Q2", "Earnings known", "Estimated", "Earnings no info",
	"Credential rate", "In training", "Attained", "Credential no info"}

// The WIOA sheet's chart: employment in the 2nd and 4th quarters after exit
// for everyone and by site, at wioaChartCell (right of the indicators'
// table and its notes, above the breakdowns), wioaChartW × wioaChartH
// pixels.
const (
	wioaChartCell = "M1"
	wioaChartW    = 560
	wioaChartH    = 230
)

// wioaAll names the breakdown block of everyone in the cohort.
const wioaAll = "All"

// WriteWIOA writes the WIOA performance preview p to w as an .xlsx workbook
// of one sheet (ReportWIOASheet):
//
//   - above: the cohort, its sites, its first and last exit day, the day
//     the figures are as of and the program year of the negotiated levels;
//   - from WIOAIndicatorsHeaderRow: the four indicators (app.WIOAIndicatorRows),
//     each with its rate (a fraction, shown 0.0%) or median (dollars,
//     $#,##0.00), numerator, denominator, no information (coverage),
//     excluded, negotiated level, whether it meets it and whether it is
//     still running; the median's note says how many are estimated;
//   - from WIOABreakdownHeaderRow, filterable: everyone, then each site,
//     case manager, ZIP code and language, with every indicator
//     (WIOABreakdownHeader), and under it what no information, running and
//     estimated mean;
//   - a native bar chart of the employment rates in the 2nd and 4th
//     quarters after exit, for everyone and by site, right of the
//     indicators (none when the cohort has no exits).
//
// Rates with nobody to count (a zero denominator) are empty cells. The
// sheet prints landscape, one page wide. The output depends only on p
// (the document's dates are p.Today).
func WriteWIOA(w io.Writer, p app.WIOAPreview) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	made := p.Today.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:       "WIOA performance preview " + p.Cohort,
		Subject:     "WIOA primary indicators of performance, from the follow-up file",
		Description: fmt.Sprintf("%s; %s; as of %s", p.Cohort, p.SiteText(), p.Today.Format(time.DateOnly)),
		Creator:     "Front Desk",
		Created:     made,
		Modified:    made,
	}); err != nil {
		return err
	}
	st, err := newReportStyles(f)
	if err != nil {
		return err
	}
	if err := wioaTable(f, st, p).write(f, st, true); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// wioaBlock is one block of the breakdowns' table.
type wioaBlock struct {
	name   string
	groups []app.WIOAGroup
}

// wioaBlocks are p's breakdowns under one header: everyone first, then
// each of p.Breakdowns.
func wioaBlocks(p app.WIOAPreview) []wioaBlock {
	bs := []wioaBlock{{wioaAll, []app.WIOAGroup{{Label: p.SiteText(), WIOAIndicators: p.Overall}}}}
	for _, b := range p.Breakdowns() {
		bs = append(bs, wioaBlock{b.Label, b.Groups})
	}
	return bs
}

// wioaTable is the WIOA sheet (see WriteWIOA).
func wioaTable(f *excelize.File, st reportStyles, p app.WIOAPreview) table {
	label := func(s string) any { return excelize.Cell{StyleID: st.label, Value: s} }
	date := func(t time.Time) any { return excelize.Cell{StyleID: st.date, Value: t.UTC()} }
	levels := fmt.Sprintf("PY %d", p.Targets.ProgramYear)
	if !p.Targets.Set() {
		levels += " (none entered)"
	}
	above := [][]any{
		{excelize.Cell{StyleID: st.title, Value: "WIOA performance preview"}, p.Cohort},
		{label("Sites"), p.SiteText()},
		{label("First exit day"), date(p.First)},
		{label("Last exit day"), date(p.Last)},
		{label("As of"), date(p.Today)},
		{label("Negotiated levels"), levels},
		nil,
	}
	head := make([]any, len(WIOAIndicatorsHeader))
	for i, h := range WIOAIndicatorsHeader {
		head[i] = excelize.Cell{StyleID: st.head, Value: h}
	}
	above = append(above, head)
	yesNo := func(b bool) string {
		if b {
			return "Yes"
		}
		return "No"
	}
	for _, r := range app.WIOAIndicatorRows(p.Overall, p.Targets) {
		row := []any{r.Label, wioaValue(st, r), wioaCount(st, r.Numerator), wioaCount(st, r.Denominator),
			wioaCount(st, r.NoInfo), wioaCount(st, r.Excluded), nil, nil, yesNo(!r.Complete), nil}
		if r.HasTarget() {
			row[6] = wioaCell(st, r, r.Target)
		}
		if r.Judged() {
			row[7] = yesNo(r.MeetsTarget())
		}
		if r.Earnings {
			row[9] = fmt.Sprintf("%s of %s estimated", app.FormatCount(r.Estimated), app.FormatCount(r.Numerator))
		}
		above = append(above, row)
	}
	above = append(above, nil, []any{label("Breakdowns")})
	blocks := wioaBlocks(p)
	n := 0
	for _, b := range blocks {
		n += len(b.groups)
	}
	// each column as wide as its headings in both tables, the labels wider
	widths := []float64{40, 28}
	for i := len(widths); i < len(WIOABreakdownHeader); i++ {
		w := len(WIOABreakdownHeader[i])
		if i < len(WIOAIndicatorsHeader) {
			w = max(w, len(WIOAIndicatorsHeader[i]))
		}
		widths = append(widths, float64(max(w+3, 10)))
	}
	t := table{
		sheet:    ReportWIOASheet,
		widths:   widths,
		above:    above,
		header:   WIOABreakdownHeader,
		count:    n,
		noFreeze: true,
		rows: func(emit func([]any) error) error {
			for _, b := range blocks {
				for _, g := range b.groups {
					if err := emit(wioaGroupRow(st, b.name, g)); err != nil {
						return err
					}
				}
			}
			return nil
		},
		below: [][]any{{app.WIOANoInfoNote}, {app.WIOARunningNote}, {app.WIOAEstimateNote}},
	}
	if p.Overall.Exiters > 0 {
		// everyone's row and the sites' right under it
		first := WIOABreakdownHeaderRow + 1
		last := first + len(p.BySite)
		ref := func(col string) string {
			return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", ReportWIOASheet, col, first, col, last)
		}
		// each series named by its indicator's label in the table above (a
		// series' name is a reference: text there would be read as one)
		name := func(row int) string { return fmt.Sprintf("'%s'!$A$%d", ReportWIOASheet, WIOAIndicatorsHeaderRow+1+row) }
		t.charts = func() error {
			ch := &excelize.Chart{
				Type: excelize.Bar,
				Series: []excelize.ChartSeries{
					{Name: name(0), Categories: ref("B"), Values: ref("G")},
					{Name: name(1), Categories: ref("B"), Values: ref("J")},
				},
				Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Employment rate after exit, by site"}}},
				Legend:    excelize.ChartLegend{Position: "bottom"},
				PlotArea:  excelize.ChartPlotArea{ShowVal: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0.0%"}},
				Dimension: excelize.ChartDimension{Width: wioaChartW, Height: wioaChartH},
			}
			ch.XAxis.ReverseOrder = true // everyone at the top, then the sites in the table's order
			ch.XAxis.Font = excelize.Font{Color: "404040"}
			ch.YAxis.Font = excelize.Font{Color: "404040"}
			ch.YAxis.NumFmt = excelize.ChartNumFmt{CustomNumFmt: "0%"}
			ch.YAxis.Minimum, ch.YAxis.Maximum = ptr(0.0), ptr(1.0)
			ch.YAxis.MajorGridLines = true
			return f.AddChart(ReportWIOASheet, wioaChartCell, ch)
		}
	}
	return t
}

// wioaGroupRow is one group's line of the breakdowns (WIOABreakdownHeader).
func wioaGroupRow(st reportStyles, block string, g app.WIOAGroup) []any {
	rows := app.WIOAIndicatorRows(g.WIOAIndicators, app.WIOATargets{})
	q2, q4, earn, cred := rows[0], rows[1], rows[2], rows[3]
	return []any{block, g.Label, g.Key, wioaCount(st, g.Exiters), wioaCount(st, q2.Excluded), wioaCount(st, q2.Denominator),
		wioaValue(st, q2), wioaCount(st, q2.Numerator), wioaCount(st, q2.NoInfo),
		wioaValue(st, q4), wioaCount(st, q4.Numerator), wioaCount(st, q4.NoInfo),
		wioaValue(st, earn), wioaCount(st, earn.Numerator), wioaCount(st, earn.Estimated), wioaCount(st, earn.NoInfo),
		wioaValue(st, cred), wioaCount(st, cred.Denominator), wioaCount(st, cred.Numerator), wioaCount(st, cred.NoInfo)}
}

// wioaValue is r's rate or median as a number cell, or empty when nobody
// is in its denominator (or, for the median, nobody's earnings are known).
func wioaValue(st reportStyles, r app.WIOAIndicatorRow) any {
	if !r.HasValue() {
		return nil
	}
	return wioaCell(st, r, r.Value)
}

// wioaCell is v, a rate or cents as r holds them, as a number cell: a
// fraction shown as a percentage, or dollars.
func wioaCell(st reportStyles, r app.WIOAIndicatorRow, v float64) any {
	if r.Earnings {
		return excelize.Cell{StyleID: st.money, Value: float64(int64(v)) / 100}
	}
	return excelize.Cell{StyleID: st.rate, Value: v}
}

func wioaCount(st reportStyles, n int) any { return excelize.Cell{StyleID: st.count, Value: n} }
