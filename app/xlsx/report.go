package xlsx

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"frontdesk/app"
)

// The director report's sheets, in workbook order.
const (
	ReportSummarySheet    = "Summary"
	ReportCheckInsSheet   = "Check-ins"
	ReportEventsSheet     = "Events"
	ReportPeopleSheet     = "People"
	ReportVisitsSheet     = "Visits"
	ReportConversionSheet = "Conversion"
	ReportKitsSheet       = "Kits"
	ReportFollowupSheet   = "Follow-up"
	ReportSMSSheet        = "SMS"

	// ReportBySiteSheet has each site's figures (app.Report.BySite). Only
	// a report with them has it, right after Events.
	ReportBySiteSheet = "By site"
)

// ReportSheets lists the director report's sheets in workbook order (with
// ReportBySiteSheet after Events when the report has figures by site).
var ReportSheets = []string{ReportSummarySheet, ReportCheckInsSheet, ReportEventsSheet, ReportPeopleSheet, ReportVisitsSheet,
	ReportConversionSheet, ReportKitsSheet, ReportFollowupSheet, ReportSMSSheet}

// ReportSummaryHeaderRow is the row of the Summary sheet's table header
// (Area, Figure, Value); the report's sites, days and times are above it.
const ReportSummaryHeaderRow = 8

// The headers of the report's tables. Every table's header is row 1 of its
// sheet (ReportSummaryHeaderRow on Summary), frozen and filterable.
var (
	ReportSummaryHeader   = []string{"Area", "Figure", "Value"}
	ReportBreakdownHeader = []string{"Breakdown", "Item", "Code", "Count", "Share"}
	ReportEventsHeader    = []string{"Start", "Site", "Title", "Kind", "Capacity", "Pre-registered", "Attended",
		"Walk-ins", "No-shows", "Checked in"}
	ReportVisitsHeader  = []string{"Reason", "Code", "Visits", "Share"}
	ReportFiguresHeader = []string{"Figure", "Value", "What it counts"}
)

// ReportBySiteHeader is the By site sheet's header: the site, then the
// labels of app.SiteFigureColumns.
func ReportBySiteHeader() []string {
	h := []string{"Site"}
	for _, c := range app.SiteFigureColumns {
		h = append(h, c.Label)
	}
	return h
}

// ValueKind is how a headline figure's number is formatted.
type ValueKind int

// The kinds of headline figures.
const (
	ValueCount ValueKind = iota // a whole number, #,##0
	ValueRate                   // a fraction shown as a percentage, 0.0%
	ValueDays                   // days, one decimal
)

// Format writes v as a person reads it, by the report's one rule (see
// app.FormatCount): 1,234, 25.0%, 12.3. The workbook's cells keep v whole
// and display it the same way with the number formats #,##0, 0.0% and 0.0.
func (k ValueKind) Format(v float64) string {
	switch k {
	case ValueRate:
		return app.FormatPercent(v)
	case ValueDays:
		return app.FormatOne(v)
	}
	return app.FormatCount(int(math.Round(v)))
}

// String names the kind: count, rate or days.
func (k ValueKind) String() string {
	return [...]string{"count", "rate", "days"}[k]
}

// ReportFigure is one headline figure of the director report.
type ReportFigure struct {
	Area  string // "Check-ins", "Events", …, "SMS"
	Label string
	Kind  ValueKind
	Value float64
	Note  string // what it counts
}

// figure is one headline figure of an area.
type figure struct {
	label string
	kind  ValueKind
	value float64
	note  string
}

// ReportHeadlines lists every headline figure of rep, by area, in the order
// of the Summary sheet.
func ReportHeadlines(rep app.Report) []ReportFigure {
	var out []ReportFigure
	for _, a := range reportAreas(rep) {
		for _, f := range a.figures {
			out = append(out, ReportFigure{Area: a.name, Label: f.label, Kind: f.kind, Value: f.value, Note: f.note})
		}
	}
	return out
}

// reportArea is one area's headline figures.
type reportArea struct {
	name    string
	figures []figure
}

func n(i int) float64 { return float64(i) }

// reportAreas returns every headline figure of rep by area, in Summary order.
func reportAreas(rep app.Report) []reportArea {
	c, ev, p, v, cv, k, fu, s := rep.CheckIns, rep.EventTotals, rep.People, rep.Visits, rep.Conversion, rep.Kits, rep.Followups, rep.SMS
	return []reportArea{
		{"Check-ins", []figure{
			{"Check-ins", ValueCount, n(c.Total), "Check-ins made in the range at events not cancelled (undone ones left out)"},
		}},
		{"Events", []figure{
			{"Events", ValueCount, n(ev.Events), "Events starting in the range, not cancelled"},
			{"Pre-registered", ValueCount, n(ev.PreRegistered), "Registrations for those events"},
			{"Attended", ValueCount, n(ev.Attended), "Check-ins of people pre-registered"},
			{"Walk-ins", ValueCount, n(ev.WalkIns), "Check-ins flagged walk-in"},
			{"No-shows", ValueCount, n(ev.NoShows), "Registrations without a check-in"},
			{"Checked in", ValueCount, n(ev.CheckedIn), "Every check-in at those events (attended + walk-ins)"},
		}},
		{"People", []figure{
			{"People served", ValueCount, n(p.Unique), "Participants with a check-in or visit in the range"},
			{"New", ValueCount, n(p.New), "Served for the first time in the range"},
			{"Returning", ValueCount, n(p.Returning), "Served before the range too"},
		}},
		{"Visits", []figure{
			{"Visits", ValueCount, n(v.Total), "General visits in the range"},
			{"Visitors", ValueCount, n(v.Visitors), "Distinct participants who visited"},
		}},
		{"Conversion", []figure{
			{"Oriented", ValueCount, n(cv.Oriented), "First orientation check-in ever falls in the range"},
			{"Converted", ValueCount, n(cv.Converted), "Of those, enrolled since (session enrolment or status change)"},
			{"Conversion rate", ValueRate, cv.Rate, "Converted / oriented"},
			{"Average days to enrol", ValueDays, cv.AvgLag, "From the orientation check-in to the enrolment"},
			{"Median days to enrol", ValueDays, cv.MedianLag, "From the orientation check-in to the enrolment"},
		}},
		{"Kits", []figure{
			{"Circulations", ValueCount, n(k.Circulations), "Loans made in the range"},
			{"Open loans", ValueCount, n(k.OpenLoans), "Kits out at the end of the range (or now)"},
			{"Overdue loans", ValueCount, n(k.Overdue), "Open loans past their due day"},
			{"Lost", ValueCount, n(k.Lost), "Loans marked lost in the range"},
			{"Returned", ValueCount, n(k.Returned), "Loans returned in the range"},
			{"Average loan length (days)", ValueDays, k.AvgLoanDays, "Mean length of the loans returned in the range"},
			{"Loan-days", ValueDays, k.LoanDays, "Days kits were out within the range"},
			{"Kit-days in service", ValueDays, k.KitDays, "Days kits were in service within the range"},
			{"Utilisation", ValueRate, k.Utilisation, "Loan-days / kit-days in service"},
		}},
		{"Follow-up", []figure{
			{"Contacts due", ValueCount, n(fu.Due), "Job-retention follow-up contacts due in the range"},
			{"Done", ValueCount, n(fu.Done), "Of those, completed"},
			{"Non-responsive", ValueCount, n(fu.NonResponsive), "Of those, three attempts without reaching the person"},
			{"Open", ValueCount, n(fu.Open), "Of those, still to make"},
			{"Overdue", ValueCount, n(fu.Overdue), "Open contacts past due"},
			{"Completion rate", ValueRate, fu.CompletionRate, "Done / due"},
		}},
		{"SMS", []figure{
			{"Participants", ValueCount, n(s.Participants), "Participant records at the end of the range"},
			{"Consented", ValueCount, n(s.Consented), "Text-message consent given by then"},
			{"Opted out", ValueCount, n(s.OptedOut), "A STOP received by then"},
			{"Textable", ValueCount, n(s.Textable), "Consented, with a phone, not opted out"},
			{"New consents", ValueCount, n(s.NewConsents), "Consents given in the range"},
			{"New opt-outs", ValueCount, n(s.NewOptOuts), "STOPs received in the range"},
			{"Consent rate", ValueRate, s.ConsentRate, "Consented / participants"},
			{"Opt-out rate", ValueRate, s.OptOutRate, "Opted out / participants"},
		}},
	}
}

// reportStyles are the workbook's cell styles.
type reportStyles struct {
	title, label, head, count, rate, days, date, stamp int
	money                                              int // dollars and cents: $#,##0.00
}

func (st reportStyles) of(k ValueKind) int {
	switch k {
	case ValueRate:
		return st.rate
	case ValueDays:
		return st.days
	}
	return st.count
}

func newReportStyles(f *excelize.File) (reportStyles, error) {
	var st reportStyles
	err := addStyles(f,
		styleDef{&st.title, styleTitle},
		styleDef{&st.label, excelize.Style{Font: &excelize.Font{Bold: true}}},
		styleDef{&st.head, styleHead},
		styleDef{&st.count, excelize.Style{NumFmt: 3}}, // #,##0
		styleDef{&st.rate, excelize.Style{CustomNumFmt: ptr("0.0%")}},
		styleDef{&st.days, excelize.Style{CustomNumFmt: ptr("0.0")}},
		styleDef{&st.date, excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd"), Alignment: &excelize.Alignment{Horizontal: "left"}}},
		styleDef{&st.stamp, excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd hh:mm"), Alignment: &excelize.Alignment{Horizontal: "left"}}},
		styleDef{&st.money, excelize.Style{CustomNumFmt: ptr("$#,##0.00")}})
	return st, err
}

// wall is t's wall-clock time in loc as a zone-less time (spreadsheets have
// no time zones).
func wall(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
}

// table is one streamed sheet: rows above the header (Summary only), a
// bold, frozen, filterable header row, then the rows.
type table struct {
	sheet  string
	widths []float64
	above  [][]any
	header []string
	count  int                                    // the number of rows rows emits
	rows   func(emit func(row []any) error) error // the rows, in order
	below  [][]any                                // after the rows and an empty row, outside the filter (a note)
	charts func() error                           // adds the sheet's charts (see write)
	// noFreeze leaves the header row unfrozen: for a sheet with so much
	// above its table that frozen rows would fill the window.
	noFreeze bool
}

// write creates t's sheet (or reuses Sheet1 for the first) and streams it.
func (t table) write(f *excelize.File, st reportStyles, first bool) error {
	if first {
		if err := f.SetSheetName("Sheet1", t.sheet); err != nil {
			return err
		}
	} else if _, err := f.NewSheet(t.sheet); err != nil {
		return err
	}
	headRow := len(t.above) + 1
	lastCol, _ := excelize.ColumnNumberToName(len(t.header))
	// The filter is part of the worksheet the stream writer starts from: set
	// it first (set after Flush it would only add a defined name).
	if err := f.AutoFilter(t.sheet, fmt.Sprintf("A%d:%s%d", headRow, lastCol, headRow+t.count), nil); err != nil {
		return err
	}
	// and so is the page setup: landscape, one page wide, the header on
	// every page.
	if err := setPrintLayout(f, t.sheet, headRow); err != nil {
		return err
	}
	// So are the charts: added after Flush, a chart's drawing would be in
	// the sheet's relationships but not in the sheet (the stream writer has
	// written the sheet's XML by then), and no spreadsheet would show it.
	if t.charts != nil {
		if err := t.charts(); err != nil {
			return err
		}
	}
	last := headRow + t.count
	if len(t.below) > 0 {
		last += 1 + len(t.below)
	}
	sw, err := NewStreamWriter(f, t.sheet, len(t.header), last)
	if err != nil {
		return err
	}
	for i, wd := range t.widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	if !t.noFreeze {
		top, _ := excelize.CoordinatesToCellName(1, headRow+1)
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: headRow, TopLeftCell: top, ActivePane: "bottomLeft"}); err != nil {
			return err
		}
	}
	row := 1
	emit := func(cells []any) error {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		row++
		return sw.SetRow(cell, cells)
	}
	for _, r := range t.above {
		if err := emit(r); err != nil {
			return err
		}
	}
	hdr := make([]any, len(t.header))
	for i, h := range t.header {
		hdr[i] = excelize.Cell{StyleID: st.head, Value: h}
	}
	if err := emit(hdr); err != nil {
		return err
	}
	if t.rows != nil {
		if err := t.rows(emit); err != nil {
			return err
		}
	}
	if row != headRow+t.count+1 {
		return fmt.Errorf("xlsx: sheet %s: %d rows written, %d announced", t.sheet, row-headRow-1, t.count)
	}
	if len(t.below) > 0 {
		row++
		for _, r := range t.below {
			if err := emit(r); err != nil {
				return err
			}
		}
	}
	return sw.Flush()
}

// breakdown is one block of a breakdown table (Breakdown, Item, Code,
// Count, Share).
type breakdown struct {
	name  string
	rows  []app.CountRow
	total int                       // the share's denominator
	label func(app.CountRow) string // the Item; nil: the row's Label
}

// breakdownTable lays out blocks one after the other in one table; it
// returns the table and each block's first data row (1-based).
func breakdownTable(sheet string, st reportStyles, blocks ...breakdown) (table, []int) {
	starts := make([]int, len(blocks))
	total := 0
	for i, b := range blocks {
		starts[i] = 2 + total
		total += len(b.rows)
	}
	return table{
		sheet:  sheet,
		widths: []float64{16, 26, 12, 12, 10},
		header: ReportBreakdownHeader,
		count:  total,
		rows: func(emit func([]any) error) error {
			for _, b := range blocks {
				for _, r := range b.rows {
					var share any
					if b.total > 0 {
						share = excelize.Cell{StyleID: st.rate, Value: float64(r.Count) / float64(b.total)}
					}
					item := r.Label
					if b.label != nil {
						item = b.label(r)
					}
					if err := emit([]any{b.name, item, r.Key, excelize.Cell{StyleID: st.count, Value: r.Count}, share}); err != nil {
						return err
					}
				}
			}
			return nil
		},
	}, starts
}

// bySiteTable is one row per site of its figures (app.SiteFigureColumns),
// counts as counts, with the note under it that the rows are not to be
// added up.
func bySiteTable(st reportStyles, sites []app.SiteFigures) table {
	header := ReportBySiteHeader()
	widths := []float64{30}
	for _, h := range header[1:] {
		widths = append(widths, max(11, float64(len(h))+3))
	}
	return table{
		sheet:  ReportBySiteSheet,
		widths: widths,
		header: header,
		count:  len(sites),
		rows: func(emit func([]any) error) error {
			for _, sf := range sites {
				row := []any{strings.TrimSpace(sf.Site.Name)}
				for _, c := range app.SiteFigureColumns {
					row = append(row, excelize.Cell{StyleID: st.count, Value: c.Value(sf)})
				}
				if err := emit(row); err != nil {
					return err
				}
			}
			return nil
		},
		below: [][]any{{app.SiteFiguresNote}},
	}
}

// figuresTable is an area's headline figures with what each counts.
func figuresTable(sheet string, st reportStyles, figs []figure) table {
	return table{
		sheet:  sheet,
		widths: []float64{28, 12, 70},
		header: ReportFiguresHeader,
		count:  len(figs),
		rows: func(emit func([]any) error) error {
			for _, x := range figs {
				if err := emit([]any{x.label, excelize.Cell{StyleID: st.of(x.kind), Value: x.value}, x.note}); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

// WriteReport writes the director report rep to w as an .xlsx workbook. The
// sheets (ReportSheets) are streamed:
//
//   - Summary: the sites, the days (rep.Title), when the report was made and
//     the day it is as of (wall time of the first site), then every headline
//     figure by area (Area, Figure, Value).
//   - Check-ins: by month and by event kind, with a column chart of the
//     months and a bar chart of the kinds.
//   - Events: one row per event starting in the range: its start (an Excel
//     date-time in its site's time), site, title, kind, capacity (blank: no
//     limit) and counts (no-shows blank before the event has ended).
//   - By site, only for a report with figures by site (rep.BySite): one row
//     per site, its name and each of app.SiteFigureColumns, and under the
//     table the note that each site is counted alone (app.SiteFiguresNote).
//   - People: new and returning, by language (with a bar chart) and by ZIP.
//   - Visits: by reason, with a pie chart.
//   - Conversion, Kits, Follow-up, SMS: the area's figures and what each counts.
//   - WIOA: the WIOA performance preview the report carries (rep.WIOA: the
//     program year of its last day), as WriteWIOA writes it; none when
//     rep.WIOA has no cohort.
//
// Every table has a bold, frozen, filterable header row; counts are
// #,##0, rates percentages (0.0%) and days have one decimal. Breakdowns
// have a share column: the row's part of the breakdown's total. Text is
// written as it is (a text cell is never a formula). The output depends only on rep (the document's dates are
// rep.GeneratedAt).
func WriteReport(w io.Writer, rep app.Report) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	made := rep.GeneratedAt.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:       "Director report " + rep.Title(),
		Subject:     "Attendance, circulation and follow-up",
		Description: fmt.Sprintf("%s; made %s", rep.Title(), made),
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
	loc := time.UTC
	if len(rep.Sites) > 0 {
		loc = rep.Sites[0].Location()
	}
	siteName := map[int64]string{}
	siteLoc := map[int64]*time.Location{}
	var names []string
	for _, s := range rep.Sites {
		siteName[s.ID] = strings.TrimSpace(s.Name)
		siteLoc[s.ID] = s.Location()
		names = append(names, strings.TrimSpace(s.Name))
	}
	areas := reportAreas(rep)

	// ---- Summary
	label := func(s string) any { return excelize.Cell{StyleID: st.label, Value: s} }
	sites := "All sites"
	if rep.Query.SiteID != 0 {
		sites = "Site"
	}
	var figs int
	for _, a := range areas {
		figs += len(a.figures)
	}
	summary := table{
		sheet:  ReportSummarySheet,
		widths: []float64{22, 30, 16},
		above: [][]any{
			{excelize.Cell{StyleID: st.title, Value: "Director report"}, rep.Title()},
			{label(sites), strings.Join(names, "; ")},
			{label("From"), excelize.Cell{StyleID: st.date, Value: rep.Query.From.UTC()}},
			{label("To"), excelize.Cell{StyleID: st.date, Value: rep.Query.To.UTC()}},
			{label("Generated"), excelize.Cell{StyleID: st.stamp, Value: wall(rep.GeneratedAt, loc)}, loc.String()},
			{label("As of"), excelize.Cell{StyleID: st.stamp, Value: wall(rep.AsOf, loc)}, loc.String()},
			nil,
		},
		header: ReportSummaryHeader,
		count:  figs,
		rows: func(emit func([]any) error) error {
			for _, a := range areas {
				for _, x := range a.figures {
					if err := emit([]any{a.name, x.label, excelize.Cell{StyleID: st.of(x.kind), Value: x.value}}); err != nil {
						return err
					}
				}
			}
			return nil
		},
	}
	if len(summary.above)+1 != ReportSummaryHeaderRow {
		return fmt.Errorf("xlsx: the summary's header is not on row %d", ReportSummaryHeaderRow)
	}
	if err := summary.write(f, st, true); err != nil {
		return err
	}

	// ---- Check-ins
	checkins, cStarts := breakdownTable(ReportCheckInsSheet, st,
		breakdown{"Month", rep.CheckIns.ByMonth, rep.CheckIns.Total, nil},
		breakdown{"Event kind", rep.CheckIns.ByKind, rep.CheckIns.Total, nil})
	checkins.charts = func() error {
		return stackCharts(f, ReportCheckInsSheet, reportChartCol,
			chartSpec{excelize.Col, "Check-ins by month", cStarts[0], len(rep.CheckIns.ByMonth), 720, 300},
			chartSpec{excelize.Bar, "Check-ins by event kind", cStarts[1], len(rep.CheckIns.ByKind), 720, 260})
	}
	if err := checkins.write(f, st, false); err != nil {
		return err
	}

	// ---- Events
	events := table{
		sheet:  ReportEventsSheet,
		widths: []float64{17, 24, 40, 13, 10, 14, 10, 10, 10, 11},
		header: ReportEventsHeader,
		count:  len(rep.Events),
		rows: func(emit func([]any) error) error {
			for _, e := range rep.Events {
				l := siteLoc[e.SiteID]
				if l == nil {
					l = loc
				}
				var capacity any
				if e.Capacity > 0 {
					capacity = excelize.Cell{StyleID: st.count, Value: e.Capacity}
				}
				num := func(v int) any { return excelize.Cell{StyleID: st.count, Value: v} }
				var noShows any // empty before the event has ended
				if e.Ended {
					noShows = num(e.NoShows)
				}
				if err := emit([]any{
					excelize.Cell{StyleID: st.stamp, Value: wall(e.Start, l)}, siteName[e.SiteID], e.Title,
					e.Kind.Words(), capacity, num(e.PreRegistered), num(e.Attended), num(e.WalkIns), noShows, num(e.CheckedIn),
				}); err != nil {
					return err
				}
			}
			return nil
		},
	}
	if err := events.write(f, st, false); err != nil {
		return err
	}

	// ---- By site
	if len(rep.BySite) > 0 {
		if err := bySiteTable(st, rep.BySite).write(f, st, false); err != nil {
			return err
		}
	}

	// ---- People
	p := rep.People
	served := []app.CountRow{{Label: "New", Key: "new", Count: p.New}, {Label: "Returning", Key: "returning", Count: p.Returning}}
	people, pStarts := breakdownTable(ReportPeopleSheet, st,
		breakdown{"Served", served, p.Unique, nil},
		breakdown{"Language", p.ByLanguage, p.Unique, func(r app.CountRow) string { return app.LanguageName(r.Key, "en") }},
		breakdown{"ZIP code", p.ByZIP, p.Unique, nil})
	people.charts = func() error {
		return stackCharts(f, ReportPeopleSheet, reportChartCol,
			chartSpec{excelize.Bar, "People served by language", pStarts[1], len(p.ByLanguage), 600, 20*len(p.ByLanguage) + 120})
	}
	if err := people.write(f, st, false); err != nil {
		return err
	}

	// ---- Visits
	visits := table{
		sheet:  ReportVisitsSheet,
		widths: []float64{22, 16, 12, 10},
		header: ReportVisitsHeader,
		count:  len(rep.Visits.ByReason),
		rows: func(emit func([]any) error) error {
			for _, r := range rep.Visits.ByReason {
				var share any
				if rep.Visits.Total > 0 {
					share = excelize.Cell{StyleID: st.rate, Value: float64(r.Count) / float64(rep.Visits.Total)}
				}
				if err := emit([]any{r.Label, r.Key, excelize.Cell{StyleID: st.count, Value: r.Count}, share}); err != nil {
					return err
				}
			}
			return nil
		},
	}
	visits.charts = func() error {
		n := len(rep.Visits.ByReason)
		if n == 0 {
			return nil
		}
		ref := fmt.Sprintf("'%s'!$%%s$2:$%%s$%d", ReportVisitsSheet, n+1)
		return f.AddChart(ReportVisitsSheet, "F2", &excelize.Chart{
			Type:      excelize.Pie,
			Series:    []excelize.ChartSeries{{Name: "Visits", Categories: fmt.Sprintf(ref, "A", "A"), Values: fmt.Sprintf(ref, "C", "C")}},
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Visits by reason"}}},
			Legend:    excelize.ChartLegend{Position: "right"},
			PlotArea:  excelize.ChartPlotArea{ShowPercent: true},
			Dimension: excelize.ChartDimension{Width: 480, Height: 300},
		})
	}
	if err := visits.write(f, st, false); err != nil {
		return err
	}

	// ---- Conversion, Kits, Follow-up, SMS
	for _, a := range areas {
		switch a.name {
		case ReportConversionSheet, ReportKitsSheet, ReportFollowupSheet, ReportSMSSheet: // each area's sheet has its name
			if err := figuresTable(a.name, st, a.figures).write(f, st, false); err != nil {
				return err
			}
		}
	}

	// ---- WIOA
	if rep.WIOA.Cohort != "" {
		if err := wioaTable(f, st, rep.WIOA).write(f, st, false); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}

// reportChartCol is the column (1-based) of the breakdown sheets' charts:
// G, one empty column right of the breakdown table (A–E).
const reportChartCol = 7

// chartSpec is one chart of a breakdown block: labels in column B, counts
// in column D, rows first..first+rows-1; its size in pixels.
type chartSpec struct {
	typ           excelize.ChartType
	title         string
	first, rows   int
	width, height int
}

// stackCharts places charts one under the other in column col, the first
// at row 2, each starting one empty row below the row the one above ends
// in, so no chart covers another. A chart's rows are counted from its
// height the way excelize turns it into a two-cell anchor (chartEndRow).
// Charts of empty blocks are left out.
func stackCharts(f *excelize.File, sheet string, col int, charts ...chartSpec) error {
	row := 2
	for _, c := range charts {
		if c.rows == 0 {
			continue
		}
		cell, err := excelize.CoordinatesToCellName(col, row)
		if err != nil {
			return err
		}
		if err := addChart(f, sheet, cell, c); err != nil {
			return err
		}
		end, err := chartEndRow(f, sheet, row, c.height)
		if err != nil {
			return err
		}
		row = end + 2
	}
	return nil
}

// chartEndRow returns the row (1-based) in which a chart height pixels tall,
// anchored at the top of row, ends. It counts rows as excelize anchors a
// chart: a row of h points is ceil(h·4/3.4) pixels (a default 15-point row,
// 18 pixels), and the chart moves to the next row while the pixels left are
// at least the row's height.
func chartEndRow(f *excelize.File, sheet string, row, height int) (int, error) {
	for y := height; ; row++ {
		h, err := f.GetRowHeight(sheet, row)
		if err != nil {
			return 0, err
		}
		px := int(math.Ceil(4.0 / 3.4 * h))
		if y < px || px <= 0 {
			return row, nil
		}
		y -= px
	}
}

// addChart adds a one-series chart of a breakdown block at cell.
func addChart(f *excelize.File, sheet, cell string, c chartSpec) error {
	ref := func(col string) string {
		return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", sheet, col, c.first, col, c.first+c.rows-1)
	}
	ch := &excelize.Chart{
		Type:      c.typ,
		Series:    []excelize.ChartSeries{{Name: c.title, Categories: ref("B"), Values: ref("D")}},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: c.title}}},
		Legend:    excelize.ChartLegend{Position: "none"},
		Dimension: excelize.ChartDimension{Width: uint(c.width), Height: uint(c.height)},
	}
	ch.VaryColors = ptr(false) // one series, one colour
	ch.XAxis.Font = excelize.Font{Color: "404040"}
	ch.YAxis.Font = excelize.Font{Color: "404040"}
	if c.typ == excelize.Bar {
		ch.XAxis.ReverseOrder = true // the first row at the top
	}
	return f.AddChart(sheet, cell, ch)
}
