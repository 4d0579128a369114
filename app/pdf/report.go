package pdf

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"

	"frontdesk/app"
)

// Director report geometry, in millimetres: US Letter, portrait. The tables
// use the access review's margins, cells and row heights (revMargin,
// revHeadH, rowHeight, wrap, fitText); the summary page lays out tiles and
// charts in fixed bands.
const (
	rpContentW = letterW - 2*revMargin

	rpTitle    = "Director report / Informe de la dirección"
	rpEmpty    = "None in this range. / Nada en este período."
	rpSectionH = 9.0 // a table's heading line, above its header row
	rpEmptyH   = 8.0 // the "None in this range." line under a heading
	rpGap      = 5.0 // between tables

	// Summary page bands.
	rpRuleY     = 39.0  // the rule under the header
	rpTilesTop  = 42.0  // the headline tiles
	rpTileH     = 22.0  // one tile
	rpTileGap   = 2.5   // between tiles
	rpTileCols  = 4     // tiles in a row
	rpMonthTop  = 121.0 // the month chart's heading baseline
	rpMonthH    = 49.0  // the month chart, below its heading
	rpBarsTop   = 183.0 // the bar charts' heading baseline
	rpBarsH     = 74.0  // the bar charts, below their headings
	rpPairGap   = 9.9   // between two tables side by side
	rpKeepLines = 12    // a table with no more lines than this is never split
	rpBarRows   = 8     // bars at most in a bar chart; the rest are in the tables
	rpChartGap  = 6.0   // between the bar charts
	rpZIPGroups = 3     // the ZIP table's groups of columns across the page
)

// colBarLight is the lighter fill behind a bar chart's bars (the scale).
var colBarLight = [3]int{0xE4, 0xEA, 0xF1}

// repCol is a column of a report table; numbers are right-aligned.
type repCol struct {
	listCol
	right bool
	sep   bool // a rule at the column's left edge: a new group of columns starts
}

// repTable is one table of the report's later pages.
type repTable struct {
	en, es string     // heading
	note   string     // at the right of the heading ("3,214 in all")
	cols   []repCol   // widths add up to the table's width
	rows   [][]string // cell texts; "\n" breaks a line, a second line prints muted
	total  []string   // a bold last row, or nil

	cells [][][]cellLine // rows, then the total, wrapped
}

// repBlock is one table, or two short ones side by side, on the table
// pages. Rows of two tables side by side share lines.
type repBlock struct {
	tables []*repTable
	x      []float64 // each table's left edge
}

// lines returns the number of lines of b's tables and the height of line i.
func (b *repBlock) lines() int {
	n := 0
	for _, tb := range b.tables {
		n = max(n, len(tb.cells))
	}
	return n
}

func (b *repBlock) lineH(i int) float64 {
	h := 0.0
	for _, tb := range b.tables {
		if i < len(tb.cells) {
			h = max(h, rowHeight(tb.cells[i]))
		}
	}
	return h
}

// headH is the height of b's headings and header rows.
func (b *repBlock) headH() float64 {
	if b.lines() == 0 {
		return rpSectionH + rpEmptyH
	}
	return rpSectionH + revHeadH
}

// repItem is one thing drawn on a table page.
type repItem struct {
	block int
	row   int  // -1: the headings and header rows (or the empty lines)
	cont  bool // headings repeated on a new page
}

// tableDoc lays tables (repBlock) out on pages and draws them: the
// director report's table pages, and the WIOA preview's pages.
type tableDoc struct {
	t *textFonts
	f *gofpdf.Fpdf

	blocks []*repBlock
	pages  [][]repItem // the pages of tables
}

// reportDoc is a director report being laid out and drawn; its table pages
// come after the summary page.
type reportDoc struct {
	tableDoc
	rep  app.Report
	loc  *time.Location // the site's (the first site's, for all sites)
	wioa *wioaDoc       // the WIOA preview's pages, after the tables (nil: none)
}

// WriteReport writes the director report rep to w as a PDF on US Letter,
// portrait. Page 1 is a one-page summary: the site (or "All sites"), its
// address, the days covered, when it was generated (in the site's time
// zone); twelve headline tiles (participants, new and returning; check-ins;
// events; walk-ins; pre-registered against attended and no-shows;
// orientation to enrolment; general visits; follow-up completion; kit
// circulations, open, overdue and lost; kit utilisation and average loan;
// SMS consent and opt-out rates); and charts drawn as vector shapes:
// check-ins by month (columns with their values) and by kind, participants
// by language and the top ZIP codes (horizontal bars). The pages after it
// hold the tables: events (the header repeated on every page the table
// runs onto), for a report of all sites with more than one each site's
// figures (rep.BySite: one row per site, the figures split between two
// tables of about the same width, noting that each site is counted
// alone), check-ins by month and by kind, people by language and visits
// by reason (side by side), participants by ZIP code (the page's width, three
// ZIP codes to a line, largest first, read across), orientation to
// enrolment, kits, follow-up and text messages. Then, when the report
// carries a WIOA performance preview (rep.WIOA: the program year of its
// last day), its pages as WriteWIOA draws them, under the preview's own
// heading. The report's own pages carry its title (rep.Title()) at the
// top; every page has "Page N of M" at the foot. Missing figures print as 0 and empty lists
// say "None in this range."; names in any script print through the font
// fallback.
//
// The output depends only on rep.
func WriteReport(w io.Writer, rep app.Report) error {
	at := rep.GeneratedAt
	if at.IsZero() {
		at = creationDate
	}
	d := &reportDoc{tableDoc: tableDoc{f: newListPDF(rpTitle+" — "+rep.Title(), at)}, rep: rep, loc: reportLocation(rep)}
	d.t = newTextFonts(d.f)
	d.blocks = d.buildTables()
	d.layout(revNextTop)
	if rep.WIOA.Cohort != "" {
		d.wioa = newWIOADoc(d.tableDoc, rep.WIOA)
	}
	d.drawSummary()
	if err := d.f.Error(); err != nil {
		return fmt.Errorf("pdf: director report page 1: %w", err)
	}
	for p := range d.pages {
		d.drawTablePage(p)
		if err := d.f.Error(); err != nil {
			return fmt.Errorf("pdf: director report page %d: %w", p+2, err)
		}
	}
	if d.wioa != nil {
		if err := d.wioa.draw(1+len(d.pages), d.pageCount(), "Front Desk — Director report — "+rep.Title()); err != nil {
			return err
		}
	}
	if err := d.f.Output(w); err != nil {
		return fmt.Errorf("pdf: writing the director report: %w", err)
	}
	return nil
}

// reportLocation is the time zone the report's times print in: its site's,
// or with all sites the first one's.
func reportLocation(rep app.Report) *time.Location {
	if len(rep.Sites) > 0 {
		return rep.Sites[0].Location()
	}
	return app.Site{}.Location()
}

// oneSite returns the report's site when it covers one (as rep.Title).
func oneSite(rep app.Report) (app.Site, bool) {
	if rep.Query.SiteID != 0 && len(rep.Sites) == 1 {
		return rep.Sites[0], true
	}
	return app.Site{}, false
}

func (d *reportDoc) pageCount() int {
	n := 1 + len(d.pages)
	if d.wioa != nil {
		n += len(d.wioa.pages)
	}
	return n
}

// Formatting.

// count, pct and days write the report's numbers by the one rule of
// app.FormatCount, app.FormatPercent and app.FormatOne.
func count(n int) string { return app.FormatCount(n) }

func pct(f float64) string { return app.FormatPercent(f) }

// share is n as a percentage of total ("0.0%" for an empty total).
func share(n, total int) string {
	if total <= 0 {
		return pct(0)
	}
	return pct(float64(n) / float64(total))
}

// days writes a number of days with one decimal: "12.3 days", "1.0 days".
func days(f float64) string { return app.FormatOne(f) + " days" }

// rowLabel is what a breakdown row prints as.
func rowLabel(r app.CountRow) string {
	if s := strings.TrimSpace(r.Label); s != "" {
		return s
	}
	if r.Key == "" {
		return "(none)"
	}
	return r.Key
}

// languageLabel names a language row: "Spanish", "Greek" (app.LanguageName).
func languageLabel(r app.CountRow) string { return app.LanguageName(r.Key, "en") }

// monthOf returns the first day of a month row's month, if its key is one.
func monthOf(r app.CountRow) (time.Time, bool) {
	t, err := time.Parse("2006-01", r.Key)
	return t, err == nil
}

// monthLabel names a month row: "March 2026".
func monthLabel(r app.CountRow) string {
	if t, ok := monthOf(r); ok {
		return t.Format("January 2006")
	}
	return rowLabel(r)
}

func sumRows(rows []app.CountRow) int {
	n := 0
	for _, r := range rows {
		n += r.Count
	}
	return n
}

// Tables.

// figureCols are the columns of a table of single figures.
var figureCols = []repCol{
	{listCol: listCol{en: "Figure", es: "Cifra", w: 58}},
	{listCol: listCol{en: "Value", es: "Valor", w: 26}, right: true},
	{listCol: listCol{en: "What it counts", es: "Qué cuenta", w: rpContentW - 58 - 26}},
}

// breakdownCols are the columns of a breakdown table: half the page, less
// the gap between two side by side.
func breakdownCols(en, es, countEn, countEs string) []repCol {
	return []repCol{
		{listCol: listCol{en: en, es: es, w: 46}},
		{listCol: listCol{en: countEn, es: countEs, w: 22}, right: true},
		{listCol: listCol{en: "Share", es: "Porcentaje", w: (rpContentW-rpPairGap)/2 - 46 - 22}, right: true},
	}
}

func breakdown(rows []app.CountRow, label func(app.CountRow) string) [][]string {
	total := sumRows(rows)
	var out [][]string
	for _, r := range rows {
		out = append(out, []string{label(r), count(r.Count), share(r.Count, total)})
	}
	return out
}

// zipCols are the ZIP table's columns: rpZIPGroups groups of ZIP code,
// participants and share across the page width, each group after the
// first set off by a rule.
func zipCols() []repCol {
	gw := rpContentW / rpZIPGroups
	var cols []repCol
	for g := 0; g < rpZIPGroups; g++ {
		cols = append(cols,
			repCol{listCol: listCol{en: "ZIP code", es: "Código postal", w: gw - 24 - 17}, sep: g > 0},
			repCol{listCol: listCol{en: "Participants", es: "Participantes", w: 24}, right: true},
			repCol{listCol: listCol{en: "Share", es: "Porcentaje", w: 17}, right: true})
	}
	return cols
}

// acrossRows lays rows of a narrow table out n to a line, across the page:
// rows 1..n on the first line, n+1..2n on the next, in order; the last line
// is filled out with empty cells.
func acrossRows(rows [][]string, n int) [][]string {
	var out [][]string
	for i := 0; i < len(rows); i += n {
		var line []string
		for k := i; k < i+n; k++ {
			if k < len(rows) {
				line = append(line, rows[k]...)
			} else {
				line = append(line, make([]string, len(rows[i]))...)
			}
		}
		out = append(out, line)
	}
	return out
}

// noShows is an event's no-shows, or app.NotOverYet before it has ended.
func noShows(e app.EventRow) string {
	if !e.Ended {
		return app.NotOverYet
	}
	return count(e.NoShows)
}

// eventCols are the events table's columns.
var eventCols = []repCol{
	{listCol: listCol{en: "Date", es: "Fecha", w: 20, tag: true}},
	{listCol: listCol{en: "Event", es: "Evento", w: 50}},
	{listCol: listCol{en: "Kind", es: "Tipo", w: 20, tag: true}},
	{listCol: listCol{en: "Capacity", es: "Cupo", w: 14}, right: true},
	{listCol: listCol{en: "Pre-registered", es: "Preinscritos", w: 21}, right: true},
	{listCol: listCol{en: "Attended", es: "Asistieron", w: 15}, right: true},
	{listCol: listCol{en: "Walk-ins", es: "Sin cita", w: 15}, right: true},
	{listCol: listCol{en: "No-shows", es: "Ausentes", w: 15}, right: true},
	{listCol: listCol{en: "Checked in", es: "Registrados", w: rpContentW - (20 + 50 + 20 + 14 + 21 + 15 + 15 + 15)}, right: true},
}

// bySiteHeads are the Spanish words over the by-site columns, by
// app.SiteFigureColumn.Key; the English are the columns' labels.
var bySiteHeads = map[string]string{
	"check_ins": "Registros", "people_served": "Atendidos", "new": "Nuevos", "returning": "Recurrentes",
	"events": "Eventos", "attended": "Asistieron", "walk_ins": "Sin cita", "no_shows": "Ausentes", "visits": "Visitas",
	"oriented": "Orientados", "converted": "Inscritos", "circulations": "Préstamos", "open_loans": "Prestados",
	"followups_due": "Seguim. previstos", "followups_done": "Seguim. hechos", "textable": "Con SMS",
}

// bySiteTables are the tables of each site's figures (app.Report.BySite),
// one row per site, in two bands (app.SiteFigureBands: sixteen figures do
// not fit across a Letter page). Each figure's column is as wide as its
// heading or its widest number needs, whole, and the site's name has the
// rest (wrapped). The first table says beside its heading that the rows
// are not to be added up; neither has a total row. None for a report
// without BySite.
func (d *reportDoc) bySiteTables(sites []app.SiteFigures) []*repTable {
	if len(sites) == 0 {
		return nil
	}
	cols := map[string]repCol{}
	var widths []float64
	for _, c := range app.SiteFigureColumns {
		var values []string
		for _, sf := range sites {
			values = append(values, count(c.Value(sf)))
		}
		col := d.fitCol(repCol{listCol: listCol{en: c.Label, es: bySiteHeads[c.Key]}, right: true}, values)
		cols[c.Key] = col
		widths = append(widths, col.w)
	}
	heads := [2][2]string{{"By site (1 of 2)", "Por sede (1 de 2)"}, {"By site (2 of 2)", "Por sede (2 de 2)"}}
	var out []*repTable
	for b, band := range app.SiteFigureBands(widths) {
		tb := &repTable{en: heads[b][0], es: heads[b][1]}
		if b == 0 {
			tb.note = app.SiteFiguresNote
		}
		rest := rpContentW
		for _, c := range band {
			rest -= cols[c.Key].w
		}
		tb.cols = []repCol{{listCol: listCol{en: "Site", es: "Sede", w: rest}}}
		for _, c := range band {
			tb.cols = append(tb.cols, cols[c.Key])
		}
		for _, sf := range sites {
			row := []string{strings.TrimSpace(sf.Site.Name)}
			for _, c := range band {
				row = append(row, count(c.Value(sf)))
			}
			tb.rows = append(tb.rows, row)
		}
		out = append(out, tb)
	}
	return out
}

// fitCol returns col as wide as its headings or its widest value needs,
// whole, to the half millimetre. A value's lines ("\n") are measured one
// by one.
func (d *tableDoc) fitCol(col repCol, values []string) repCol {
	d.t.SetFont("B", revHeadPt)
	w := d.t.Width(col.en)
	d.t.SetFont("", revHeadPt-0.5)
	w = max(w, d.t.Width(col.es))
	d.t.SetFont("", revTextPt)
	for _, v := range values {
		for _, line := range strings.Split(v, "\n") {
			w = max(w, d.t.Width(line))
		}
	}
	col.w = math.Ceil((w+2*revCellPad+0.1)*2) / 2
	return col
}

func (d *reportDoc) siteOf(id int64) (app.Site, bool) {
	for _, s := range d.rep.Sites {
		if s.ID == id {
			return s, true
		}
	}
	return app.Site{}, false
}

func (d *reportDoc) buildTables() []*repBlock {
	rep := d.rep
	_, single := oneSite(rep)
	var bs []*repBlock
	one := func(tb *repTable) { bs = append(bs, &repBlock{tables: []*repTable{tb}, x: []float64{revMargin}}) }
	pair := func(a, b *repTable) {
		bs = append(bs, &repBlock{tables: []*repTable{a, b}, x: []float64{revMargin, revMargin + tableWidthOf(a.cols) + rpPairGap}})
	}

	ev := &repTable{en: "Events", es: "Eventos", cols: eventCols,
		note: app.Plural(rep.EventTotals.Events, "event", "events") + " starting in the range (not cancelled)"}
	for _, e := range rep.Events {
		loc := d.loc
		title := strings.TrimSpace(e.Title)
		if s, ok := d.siteOf(e.SiteID); ok {
			loc = s.Location()
			if !single && len(rep.Sites) > 1 {
				title += "\n" + strings.TrimSpace(s.Name)
			}
		}
		capacity := "no limit"
		if e.Capacity > 0 {
			capacity = count(e.Capacity)
		}
		ev.rows = append(ev.rows, []string{printedDay(e.Start.In(loc)), title, e.Kind.Words(), capacity,
			count(e.PreRegistered), count(e.Attended), count(e.WalkIns), noShows(e), count(e.CheckedIn)})
	}
	if len(rep.Events) > 0 {
		t := rep.EventTotals
		ev.total = []string{"Total", app.Plural(t.Events, "event", "events"), "", "", count(t.PreRegistered), count(t.Attended),
			count(t.WalkIns), count(t.NoShows), count(t.CheckedIn)}
	}
	one(ev)
	for _, tb := range d.bySiteTables(rep.BySite) {
		one(tb)
	}

	ci := rep.CheckIns
	pair(&repTable{en: "Check-ins by month", es: "Por mes", note: count(ci.Total) + " in all",
		cols: breakdownCols("Month", "Mes", "Check-ins", "Registros"), rows: breakdown(ci.ByMonth, monthLabel)},
		&repTable{en: "Check-ins by kind", es: "Por tipo", note: count(ci.Total) + " in all",
			cols: breakdownCols("Kind", "Tipo", "Check-ins", "Registros"), rows: breakdown(ci.ByKind, rowLabel)})
	pe := rep.People
	v := rep.Visits
	pair(&repTable{en: "Participants by language", es: "Por idioma", note: count(pe.Unique) + " in all",
		cols: breakdownCols("Language", "Idioma", "Participants", "Participantes"), rows: breakdown(pe.ByLanguage, languageLabel)},
		&repTable{en: "Visits by reason", es: "Visitas por motivo",
			note: count(v.Total) + " by " + app.Plural(v.Visitors, "visitor", "visitors"),
			cols: breakdownCols("Reason", "Motivo", "Visits", "Visitas"), rows: breakdown(v.ByReason, rowLabel)})
	one(&repTable{en: "Participants by ZIP", es: "Por código postal", note: count(pe.Unique) + " in all",
		cols: zipCols(), rows: acrossRows(breakdown(pe.ByZIP, rowLabel), rpZIPGroups)})

	c := rep.Conversion
	one(&repTable{en: "Orientation to enrolment", es: "De orientación a inscripción", cols: figureCols, rows: [][]string{
		{"Oriented", count(c.Oriented), "first orientation check-in ever falls in the range"},
		{"Enrolled since", count(c.Converted), "of those oriented, enrolled in a session or marked enrolled since (up to now)"},
		{"Conversion rate", pct(c.Rate), "enrolled / oriented"},
		{"Average lag", days(c.AvgLag), "from the orientation check-in to the enrolment"},
		{"Median lag", days(c.MedianLag), ""},
	}})
	k := rep.Kits
	asOf := d.asOfText()
	one(&repTable{en: "Laptop and hotspot kits", es: "Equipos de préstamo", cols: figureCols, rows: [][]string{
		{"Circulations", count(k.Circulations), "loans made in the range"},
		{"Returned", count(k.Returned), "loans returned in the range"},
		{"Open loans", count(k.OpenLoans), "kits out " + asOf},
		{"Overdue", count(k.Overdue), "open loans past their due day " + asOf},
		{"Lost", count(k.Lost), "loans marked lost in the range"},
		{"Utilisation", pct(k.Utilisation), fmt.Sprintf("%s loan-days of %s kit-days in service",
			app.FormatOne(k.LoanDays), app.FormatOne(k.KitDays))},
		{"Average loan length", days(k.AvgLoanDays), "of the loans returned in the range"},
	}})
	fu := rep.Followups
	one(&repTable{en: "Job-retention follow-up", es: "Seguimiento de retención laboral", cols: figureCols, rows: [][]string{
		{"Due", count(fu.Due), "follow-up contacts due in the range"},
		{"Done", count(fu.Done), "of those, done"},
		{"Non-responsive", count(fu.NonResponsive), "of those, closed after failed attempts"},
		{"Open", count(fu.Open), "of those, still open"},
		{"Overdue", count(fu.Overdue), "open and past due " + asOf},
		{"Completion", pct(fu.CompletionRate), "done / due"},
	}})
	s := rep.SMS
	one(&repTable{en: "Text messages (SMS)", es: "Mensajes de texto (SMS)", cols: figureCols, rows: [][]string{
		{"Participants", count(s.Participants), "participant records at the end of the range"},
		{"Consented", count(s.Consented), "gave consent to texts by the end of the range"},
		{"Opted out", count(s.OptedOut), "sent STOP by the end of the range"},
		{"Textable", count(s.Textable), "consented, with a phone, not opted out"},
		{"New consents", count(s.NewConsents), "in the range"},
		{"New opt-outs", count(s.NewOptOuts), "in the range"},
		{"Consent rate", pct(s.ConsentRate), "consented / participants"},
		{"Opt-out rate", pct(s.OptOutRate), "opted out / participants"},
	}})
	return bs
}

// generatedText says when the report was made, in the site's time zone.
func (d *reportDoc) generatedText() string {
	if d.rep.GeneratedAt.IsZero() {
		return "Generated: unknown"
	}
	return "Generated " + printedDayTime(d.rep.GeneratedAt.In(d.loc)) + d.rep.GeneratedAt.In(d.loc).Format(" MST")
}

// asOfText says when open and overdue figures are judged: at the end of
// the range, or when the report was generated if that was before.
func (d *reportDoc) asOfText() string {
	rep := d.rep
	end := rep.Query.To.AddDate(0, 0, 1)
	if rep.AsOf.IsZero() || rep.Query.To.IsZero() || !app.CalendarDay(rep.AsOf, d.loc).Before(end) {
		if rep.Query.To.IsZero() {
			return "at the end of the range"
		}
		return "at the end of " + printedDay(rep.Query.To)
	}
	return "as of " + printedDayTime(rep.AsOf.In(d.loc)) + rep.AsOf.In(d.loc).Format(" MST")
}

// wrapCells wraps a row's texts to the table's columns.
func (d *tableDoc) wrapCells(cols []repCol, texts []string, bold bool) [][]cellLine {
	cells := make([][]cellLine, len(cols))
	for c, col := range cols {
		style := ""
		if bold {
			style = "B"
		}
		d.t.SetFont(style, revTextPt)
		for k, part := range strings.Split(texts[c], "\n") {
			if col.right || col.tag {
				cells[c] = append(cells[c], cellLine{text: part, indent: float64(k)})
				continue
			}
			for _, line := range wrap(d.t, part, col.w-2*revCellPad) {
				cells[c] = append(cells[c], cellLine{text: line, indent: float64(k)})
			}
		}
	}
	return cells
}

func tableWidthOf(cols []repCol) float64 {
	w := 0.0
	for _, c := range cols {
		w += c.w
	}
	return w
}

// layout wraps every table's cells and splits the blocks into pages, the
// first starting at top and the others at revNextTop: a heading is never
// the last thing on a page, and a table that runs onto a new page repeats
// its heading and header row there.
func (d *tableDoc) layout(top float64) {
	for _, b := range d.blocks {
		for _, tb := range b.tables {
			for _, r := range tb.rows {
				tb.cells = append(tb.cells, d.wrapCells(tb.cols, r, false))
			}
			if tb.total != nil {
				tb.cells = append(tb.cells, d.wrapCells(tb.cols, tb.total, true))
			}
		}
	}
	y := top
	var cur []repItem
	newPage := func() {
		d.pages = append(d.pages, cur)
		cur, y = nil, revNextTop
	}
	for i, b := range d.blocks {
		n := b.lines()
		first := b.headH()
		if n > 0 {
			first += b.lineH(0)
		}
		// a short block is kept whole, on a new page if need be
		whole := b.headH()
		for r := 0; r < n; r++ {
			whole += b.lineH(r)
		}
		if (y+first > revBottom || n <= rpKeepLines && y+whole > revBottom && revNextTop+whole <= revBottom) && len(cur) > 0 {
			newPage()
		}
		cur = append(cur, repItem{block: i, row: -1})
		y += b.headH()
		for r := 0; r < n; r++ {
			h := b.lineH(r)
			if y+h > revBottom {
				newPage()
				cur = append(cur, repItem{block: i, row: -1, cont: true})
				y += b.headH()
			}
			cur = append(cur, repItem{block: i, row: r})
			y += h
		}
		y += rpGap
	}
	d.pages = append(d.pages, cur)
}

// Drawing.

// siteName is the report's site, or "All sites".
func (d *reportDoc) siteName() string {
	if s, ok := oneSite(d.rep); ok {
		return strings.TrimSpace(s.Name)
	}
	return "All sites / Todos los sitios"
}

// drawFooter draws the foot of page p (from 0).
func (d *reportDoc) drawFooter(p int) {
	d.footer(p, d.pageCount(), "Front Desk — Director report — "+d.rep.Title())
}

// footer draws the foot of page p (from 0) of n: a rule, left at the left
// and "Page N of M" in both languages at the right.
func (d *tableDoc) footer(p, n int, left string) {
	f, t := d.f, d.t
	setDraw(f, colRule)
	f.SetLineWidth(0.2)
	f.Line(revMargin, revFooterY-4, letterW-revMargin, revFooterY-4)
	setText(f, colMuted)
	fitText(t, revMargin, revFooterY, 130, left, "", 7.5, 5.5)
	page := fmt.Sprintf("Page %d of %d / Página %d de %d", p+1, n, p+1, n)
	t.SetFont("", 7.5)
	t.Text(letterW-revMargin-t.Width(page), revFooterY, page)
}

// drawSummary draws page 1: the header, the headline tiles and the charts.
func (d *reportDoc) drawSummary() {
	f, t, rep := d.f, d.t, d.rep
	f.AddPage()
	// Header: title and days, site and address, when generated.
	rng := app.DayRangeText(rep.Query.From, rep.Query.To)
	t.SetFont("B", 12)
	rw := t.Width(rng)
	setText(f, colAccent)
	fitText(t, revMargin, revTop+1, rpContentW-rw-6, rpTitle, "B", 15, 10)
	t.SetFont("B", 12)
	t.Text(letterW-revMargin-rw, revTop+1, rng)
	setText(f, colText)
	fitText(t, revMargin, revTop+8, rpContentW, d.siteName(), "B", 12, 8)
	var where string
	if s, ok := oneSite(rep); ok {
		where = strings.Join(strings.Fields(s.Address), " ")
	} else {
		var names []string
		for _, s := range rep.Sites {
			names = append(names, strings.TrimSpace(s.Name))
		}
		where = app.Plural(len(rep.Sites), "site", "sites") + " / " + app.Plural(len(rep.Sites), "sitio", "sitios")
		if len(names) > 0 {
			where += ": " + strings.Join(names, ", ")
		}
	}
	setText(f, colMuted)
	fitText(t, revMargin, revTop+13, rpContentW, where, "", 8.5, 6)
	gen := d.generatedText() + " (" + d.loc.String() + ") · days are each site's local days · open loans and overdue figures " + d.asOfText()
	fitText(t, revMargin, revTop+17.5, rpContentW, gen, "", 7.5, 5.5)
	setDraw(f, colRule)
	f.SetLineWidth(0.3)
	f.Line(revMargin, rpRuleY, letterW-revMargin, rpRuleY)

	// Headline tiles.
	tw := (rpContentW - (rpTileCols-1)*rpTileGap) / rpTileCols
	for i, tl := range d.tiles() {
		x := revMargin + float64(i%rpTileCols)*(tw+rpTileGap)
		y := rpTilesTop + float64(i/rpTileCols)*(rpTileH+rpTileGap)
		d.drawTile(x, y, tw, tl)
	}

	// Charts.
	ci := rep.CheckIns
	d.chartHeading(revMargin, rpMonthTop, rpContentW, "Check-ins by month / Registros por mes", count(ci.Total)+" in all")
	d.columnChart(revMargin, rpMonthTop+3, rpContentW, rpMonthH, ci.ByMonth)
	bw := (rpContentW - 2*rpChartGap) / 3
	charts := []struct {
		en, note string
		rows     []app.CountRow
		label    func(app.CountRow) string
	}{
		{"Check-ins by kind / Por tipo", count(ci.Total), ci.ByKind, rowLabel},
		{"Participants by language / Por idioma", count(rep.People.Unique), rep.People.ByLanguage, languageLabel},
		{"Top ZIP codes / Códigos postales", count(rep.People.Unique), rep.People.ByZIP, rowLabel},
	}
	// the three headings at one size, the largest at which all fit
	hp := 9.5
	for _, c := range charts {
		hp = min(hp, fitSize(t, bw-0.1, c.en, "B", 9.5, 7))
	}
	for i, c := range charts {
		x := revMargin + float64(i)*(bw+rpChartGap)
		setText(f, colAccent)
		fitText(t, x, rpBarsTop, bw, c.en, "B", hp, 7)
		d.barChart(x, rpBarsTop+3, bw, rpBarsH, c.rows, c.label)
	}
	d.drawFooter(0)
}

// tile is one headline figure on the summary page.
type tile struct {
	en, es, value, sub string
}

func (d *reportDoc) tiles() []tile {
	rep := d.rep
	et, pe, c, k, fu, s := rep.EventTotals, rep.People, rep.Conversion, rep.Kits, rep.Followups, rep.SMS
	return []tile{
		{"Participants served", "Participantes atendidos", count(pe.Unique),
			fmt.Sprintf("%s new · %s returning", count(pe.New), count(pe.Returning))},
		{"Check-ins", "Registros de asistencia", count(rep.CheckIns.Total),
			fmt.Sprintf("%s at events of the range", count(et.CheckedIn))},
		{"Events", "Eventos", count(et.Events), "starting in the range, not cancelled"},
		{"Walk-ins", "Sin cita previa", count(et.WalkIns),
			fmt.Sprintf("%s of event check-ins", share(et.WalkIns, et.CheckedIn))},
		{"Pre-registered → attended", "Preinscritos → asistieron", count(et.PreRegistered) + " → " + count(et.Attended),
			app.Plural(et.NoShows, "no-show", "no-shows") + " · " + share(et.Attended, et.PreRegistered) + " attended"},
		{"Orientation → enrolment", "Orientación → inscripción", pct(c.Rate),
			fmt.Sprintf("%s of %s oriented · avg lag %s", count(c.Converted), count(c.Oriented), days(c.AvgLag))},
		{"General visits", "Visitas generales", count(rep.Visits.Total),
			"by " + app.Plural(rep.Visits.Visitors, "visitor", "visitors")},
		{"Follow-up completion", "Seguimientos completados", pct(fu.CompletionRate),
			fmt.Sprintf("%s due · %s done · %s non-responsive", count(fu.Due), count(fu.Done), count(fu.NonResponsive))},
		{"Kit circulations", "Préstamos de equipos", count(k.Circulations),
			fmt.Sprintf("%s open · %s overdue · %s lost", count(k.OpenLoans), count(k.Overdue), count(k.Lost))},
		{"Kit utilisation", "Uso de equipos", pct(k.Utilisation),
			fmt.Sprintf("average loan %s", days(k.AvgLoanDays))},
		{"SMS consent", "Consentimiento de SMS", pct(s.ConsentRate),
			count(s.Consented) + " of " + app.Plural(s.Participants, "participant", "participants")},
		{"SMS opt-out", "Bajas de SMS", pct(s.OptOutRate),
			fmt.Sprintf("%s opted out · %s textable", count(s.OptedOut), count(s.Textable))},
	}
}

func (d *reportDoc) drawTile(x, y, w float64, tl tile) {
	f, t := d.f, d.t
	setFill(f, colStripe)
	f.Rect(x, y, w, rpTileH, "F")
	setFill(f, colAccent)
	f.Rect(x, y, 1.2, rpTileH, "F")
	in := x + 3.5
	iw := w - 5
	setText(f, colText)
	fitText(t, in, y+4.6, iw, tl.en, "B", 7.5, 5.5)
	setText(f, colMuted)
	fitText(t, in, y+8.0, iw, tl.es, "", 6.5, 5)
	setText(f, colAccent)
	fitText(t, in, y+15.2, iw, tl.value, "B", 16, 9)
	setText(f, colMuted)
	fitText(t, in, y+19.6, iw, tl.sub, "", 6.5, 5)
}

// chartHeading writes a chart's heading at baseline y, and a note at its right.
func (d *tableDoc) chartHeading(x, y, w float64, head, note string) {
	f, t := d.f, d.t
	nw := 0.0
	if note != "" {
		t.SetFont("", 7.5)
		nw = t.Width(note)
		setText(f, colMuted)
		t.Text(x+w-nw, y, note)
	}
	setText(f, colAccent)
	fitText(t, x, y, w-nw-3, head, "B", 9.5, 7)
}

// niceScale returns the top of a chart's scale and its step: the smallest
// "nice" step (1, 2 or 5 times a power of ten) that covers max in at most
// five steps.
func niceScale(max int) (top, step int) {
	if max <= 0 {
		return 1, 1
	}
	for p := 1; ; p *= 10 {
		for _, m := range []int{1, 2, 5} {
			step = m * p
			if step*5 >= max {
				top = (max + step - 1) / step * step
				return top, step
			}
		}
	}
}

// columnChart draws rows (months) as columns with their values above them,
// in the box at (x, y) w wide and h tall: a scale at the left with light
// grid lines, month names below (the year under the first month and every
// January).
func (d *reportDoc) columnChart(x, y, w, h float64, rows []app.CountRow) {
	f, t := d.f, d.t
	if len(rows) == 0 {
		setText(f, colMuted)
		fitText(t, x, y+8, w, rpEmpty, "", 9, 7)
		return
	}
	const axisW, labelsH, valueH = 10.0, 8.0, 4.0
	px, pw := x+axisW, w-axisW
	py, ph := y+valueH, h-valueH-labelsH // the plot's top and height
	base := py + ph
	mx := 0
	for _, r := range rows {
		mx = max(mx, r.Count)
	}
	top, step := niceScale(mx)
	// Scale and grid.
	f.SetLineWidth(0.15)
	setDraw(f, colRule)
	t.SetFont("", 6)
	for v := 0; v <= top; v += step {
		yy := base - ph*float64(v)/float64(top)
		f.Line(px, yy, px+pw, yy)
		s := count(v)
		setText(f, colMuted)
		t.Text(px-1.5-t.Width(s), yy+0.8, s)
	}
	// Columns.
	n := len(rows)
	slot := pw / float64(n)
	bar := min(slot*0.66, 14)
	// Month names: short, or one letter; every k-th when even that is too wide.
	t.SetFont("", 6)
	names := make([]string, n)
	for i, r := range rows {
		if m, ok := monthOf(r); ok {
			names[i] = m.Format("Jan")
		} else {
			names[i] = rowLabel(r)
		}
	}
	widest := 0.0
	for _, s := range names {
		widest = max(widest, t.Width(s))
	}
	every := 1
	for widest > slot*float64(every)-0.6 && every < n {
		every++
	}
	vSize := fitSize(t, slot-0.4, count(mx), "", 6.5, 4.5)
	for i, r := range rows {
		cx := px + slot*(float64(i)+0.5)
		bh := ph * float64(r.Count) / float64(top)
		if r.Count > 0 {
			setFill(f, colAccent)
			f.Rect(cx-bar/2, base-bh, bar, bh, "F")
		}
		// the value above the column, when it fits
		t.SetFont("", vSize)
		if v := count(r.Count); t.Width(v) <= slot-0.2 {
			setText(f, colText)
			t.Text(cx-t.Width(v)/2, base-bh-1.2, v)
		}
		setText(f, colMuted)
		t.SetFont("", 6)
		if i%every == 0 {
			t.Text(cx-t.Width(names[i])/2, base+3.2, names[i])
		}
		if m, ok := monthOf(r); ok && (i == 0 || m.Month() == time.January) {
			yr := m.Format("2006")
			t.SetFont("B", 6)
			t.Text(cx-t.Width(yr)/2, base+6.6, yr)
		}
	}
	setDraw(f, colMuted)
	f.SetLineWidth(0.3)
	f.Line(px, base, px+pw, base)
}

// barChart draws rows as horizontal bars with their values and shares, the
// first rpBarRows of them, in the box at (x, y) w wide and h tall; a line
// under them says how many more the tables list.
func (d *reportDoc) barChart(x, y, w, h float64, rows []app.CountRow, label func(app.CountRow) string) {
	f, t := d.f, d.t
	if len(rows) == 0 {
		setText(f, colMuted)
		t.SetFont("", 8)
		for i, line := range wrap(t, rpEmpty, w) {
			t.Text(x, y+6+float64(i)*3.6, line)
		}
		return
	}
	total := sumRows(rows)
	shown := rows
	if len(shown) > rpBarRows {
		shown = shown[:rpBarRows]
	}
	mx := 0
	for _, r := range shown {
		mx = max(mx, r.Count)
	}
	const labelPt, valuePt = 7.0, 6.5
	// label column: as wide as the widest label, within 42% of the chart
	t.SetFont("", labelPt)
	lw := 0.0
	for _, r := range shown {
		lw = max(lw, t.Width(label(r)))
	}
	lw = min(lw, w*0.42) + 1.5
	// value column: "1,234 (56.7%)"
	t.SetFont("", valuePt)
	vw := 0.0
	for _, r := range shown {
		vw = max(vw, t.Width(count(r.Count)+" ("+share(r.Count, total)+")"))
	}
	vw += 1.5
	bx, bwMax := x+lw, w-lw-vw
	rh := min(8.0, (h-6)/float64(rpBarRows))
	barH := rh * 0.62
	for i, r := range shown {
		ry := y + 1 + float64(i)*rh
		mid := ry + rh/2
		setText(f, colText)
		fitText(t, x, mid+1.2, lw-1.4, label(r), "", labelPt, 5)
		setFill(f, colBarLight)
		f.Rect(bx, mid-barH/2, bwMax, barH, "F")
		bl := 0.0
		if mx > 0 {
			bl = bwMax * float64(r.Count) / float64(mx)
		}
		if bl > 0 {
			setFill(f, colAccent)
			f.Rect(bx, mid-barH/2, bl, barH, "F")
		}
		v := count(r.Count)
		t.SetFont("B", valuePt)
		setText(f, colText)
		t.Text(bx+bwMax+1.5, mid+1.1, v)
		vx := bx + bwMax + 1.5 + t.Width(v)
		t.SetFont("", valuePt)
		setText(f, colMuted)
		t.Text(vx, mid+1.1, " ("+share(r.Count, total)+")")
	}
	setDraw(f, colMuted)
	f.SetLineWidth(0.25)
	f.Line(bx, y+1, bx, y+1+float64(len(shown))*rh)
	if more := len(rows) - len(shown); more > 0 {
		setText(f, colMuted)
		fitText(t, x, y+1+float64(len(shown))*rh+3.5, w, fmt.Sprintf("and %d more, listed in the tables", more), "", 6.5, 5)
	}
}

// drawTablePage draws table page p (from 0; page p+2 of the report).
func (d *reportDoc) drawTablePage(p int) {
	d.f.AddPage()
	d.pageHead(rpTitle+" — "+d.rep.Title(), d.generatedText())
	d.drawItems(p, revNextTop)
	d.drawFooter(p + 1)
}

// pageHead writes the head of a page after the first: title, and under it
// sub, muted.
func (d *tableDoc) pageHead(title, sub string) {
	f, t := d.f, d.t
	setText(f, colAccent)
	fitText(t, revMargin, revTop, rpContentW, title, "B", 11, 8)
	setText(f, colMuted)
	fitText(t, revMargin, revTop+5, rpContentW, sub, "", 8, 6)
}

// drawItems draws the tables of page p (from 0), from y down.
func (d *tableDoc) drawItems(p int, y float64) {
	n := 0
	for _, it := range d.pages[p] {
		b := d.blocks[it.block]
		if it.row < 0 {
			for k, tb := range b.tables {
				// a table already finished is not continued
				if !it.cont || d.remaining(p, it.block, k) {
					d.drawTableHead(b.x[k], y, tb, it.cont)
				}
			}
			y += b.headH()
			n = 0
			continue
		}
		h := b.lineH(it.row)
		for k, tb := range b.tables {
			if it.row < len(tb.cells) {
				d.drawTableRow(b.x[k], y, h, tb, it.row, n)
			}
		}
		y += h
		n++
	}
}

// remaining reports whether table k of block bi has rows on page p.
func (d *tableDoc) remaining(p, bi, k int) bool {
	for _, it := range d.pages[p] {
		if it.block == bi && it.row >= 0 && it.row < len(d.blocks[bi].tables[k].cells) {
			return true
		}
	}
	return false
}

// headingText is a table's heading, "Events / Eventos", and on the pages
// it continues onto "… (continued / continuación)", shortened to "(cont.)"
// and then to the English words alone when the whole would not fit beside
// the note in the table's width w at the smallest heading size.
func (d *tableDoc) headingText(tb *repTable, cont bool, w float64) string {
	head := tb.en + " / " + tb.es
	if !cont {
		return head
	}
	d.t.SetFont("", 7.5)
	room := w - d.t.Width(tb.note) - 3
	tries := []string{head + " (continued / continuación)", head + " (cont.)", tb.en + " (cont.)"}
	for _, s := range tries {
		d.t.SetFont("B", 7)
		if d.t.Width(s) <= room {
			return s
		}
	}
	return tries[len(tries)-1]
}

// drawTableHead draws a table's heading and header row at (x, y), or, when
// it has no rows, the line that says so.
func (d *tableDoc) drawTableHead(x, y float64, tb *repTable, cont bool) {
	f, t := d.f, d.t
	tw := tableWidthOf(tb.cols)
	d.chartHeading(x, y+6, tw, d.headingText(tb, cont, tw), tb.note)
	y += rpSectionH
	if len(tb.cells) == 0 {
		setText(f, colMuted)
		fitText(t, x+1, y+4.5, tw-1, rpEmpty, "", 8.5, 6)
		return
	}
	setFill(f, colAccent)
	f.Rect(x, y, tw, revHeadH, "F")
	f.SetTextColor(255, 255, 255)
	for _, col := range tb.cols {
		cw := col.w - 2*revCellPad
		if col.sep {
			f.SetDrawColor(255, 255, 255)
			f.SetLineWidth(0.4)
			f.Line(x, y, x, y+revHeadH)
		}
		for k, s := range []string{col.en, col.es} {
			style, size, by := "B", revHeadPt, y+4.2
			if k == 1 {
				style, size, by = "", revHeadPt-0.5, y+8.0
			}
			if col.right {
				rightText(t, x+col.w-revCellPad, by, cw, s, style, size)
				continue
			}
			fitText(t, x+revCellPad, by, cw, s, style, size, 5)
		}
		x += col.w
	}
}

// rightText writes s right-aligned to x, at size pt or smaller to fit in w.
func rightText(t *textFonts, x, y, w float64, s, style string, pt float64) {
	// a little slack: fitSize can return pt for a text a hair too wide
	t.SetFont(style, fitSize(t, w-0.05, s, style, pt, 4.5))
	t.Text(x-t.Width(s), y, s)
}

// drawTableRow draws row r of tb (the total row after the rows), the n-th
// on its page, at (x, y), h tall.
func (d *tableDoc) drawTableRow(x, y, h float64, tb *repTable, r, n int) {
	f, t := d.f, d.t
	cells := tb.cells[r]
	tw := tableWidthOf(tb.cols)
	isTotal := r >= len(tb.rows)
	switch {
	case isTotal:
		setFill(f, colBarLight)
		f.Rect(x, y, tw, h, "F")
	case n%2 == 1:
		setFill(f, colStripe)
		f.Rect(x, y, tw, h, "F")
	}
	style := ""
	if isTotal {
		style = "B"
	}
	left := x
	for c, lines := range cells {
		col := tb.cols[c]
		cw := col.w - 2*revCellPad
		if col.sep {
			setDraw(f, colRule)
			f.SetLineWidth(0.3)
			f.Line(x, y, x, y+h)
		}
		for k, line := range lines {
			by := y + revCellPad + 2.6 + float64(k)*revLineH
			setText(f, colText)
			if line.indent > 0 {
				setText(f, colMuted) // a cell's second part: an event's site
			}
			if col.right {
				rightText(t, x+col.w-revCellPad, by, cw, line.text, style, revTextPt)
				continue
			}
			fitText(t, x+revCellPad, by, cw-0.05, line.text, style, revTextPt, 5)
		}
		x += col.w
	}
	setDraw(f, colRowRule)
	f.SetLineWidth(0.25)
	f.Line(left, y+h, left+tw, y+h)
}
