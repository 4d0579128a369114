package pdf

import (
	"fmt"
	"io"
	"strings"

	"frontdesk/app"
)

// The WIOA performance preview on paper: US Letter, portrait, the director
// report's tables (repTable) and page furniture.
const (
	wiTitle = "WIOA performance preview / Avance del desempeño WIOA"

	wiLegendTop = 44.0 // the first baseline of the legend, under the rule
	wiLegendPt  = 7.0
	wiLegendH   = 3.2 // a legend line
	wiMaxColW   = 34.0
)

// wiLegend explains the figures, in English and Spanish, under the header
// of page 1.
var wiLegend = []string{
	"Rates are of the exiters counted (not excluded for an other reason for exit); under each, how many had the outcome, " +
		"of how many, and how many have no information, counted as not employed, as the state counts a missing wage record. / " +
		"Las tasas son de las salidas contadas (no excluidas); debajo, cuántas lo lograron, de cuántas, y cuántas están sin información, " +
		"contadas como sin empleo.",
	"* Running: the period measured is not over for everyone counted, so the figure can still change. / " +
		"En curso: el período medido no ha terminado para todos los contados; la cifra aún puede cambiar.",
	"Median earnings: of those employed in the 2nd quarter after exit with earnings known; estimates are hourly wage × hours a week × 13. / " +
		"Mediana de ingresos: de quienes tenían empleo en el 2.º trimestre con ingresos conocidos; las estimaciones son salario × horas semanales × 13.",
}

// wioaDoc is a WIOA preview being laid out and drawn.
type wioaDoc struct {
	tableDoc
	p app.WIOAPreview
}

// WriteWIOA writes the WIOA performance preview p to w as a PDF on US
// Letter, portrait, in English and Spanish. Page 1 has the cohort (its
// name, sites, the day the figures are as of and the program year of the
// negotiated levels) and a legend of what the figures mean (no
// information, running, estimated earnings); then, flowing onto as many
// pages as they need, the four indicators (app.WIOAIndicatorRows: each
// with its rate or median, numerator, denominator, no information,
// excluded, negotiated level, whether it meets it, and whether it is
// complete or running) and a table for each breakdown — site, case
// manager, ZIP code, language — with each group's exiters and its four
// indicators, the count behind each and its no information. The
// breakdowns' columns line up from table to table. A table that runs onto
// a new page repeats its heading and header there. Every page carries the
// cohort at the top and "Page N of M" at the foot. The output depends
// only on p.
func WriteWIOA(w io.Writer, p app.WIOAPreview) error {
	d := newWIOADoc(tableDoc{f: newListPDF(wiTitle+" — "+p.Cohort, p.Today)}, p)
	if err := d.draw(0, len(d.pages), "Front Desk — WIOA performance preview — "+p.Cohort); err != nil {
		return err
	}
	if err := d.f.Output(w); err != nil {
		return fmt.Errorf("pdf: writing the WIOA preview: %w", err)
	}
	return nil
}

// newWIOADoc lays preview p out on the pages of doc (a new PDF, or the
// director report's, after its own pages).
func newWIOADoc(doc tableDoc, p app.WIOAPreview) *wioaDoc {
	d := &wioaDoc{tableDoc: tableDoc{f: doc.f, t: doc.t}, p: p}
	if d.t == nil {
		d.t = newTextFonts(d.f)
	}
	d.blocks = d.buildTables()
	d.layout(d.legendEnd() + rpGap)
	return d
}

// draw adds the preview's pages: page i of them is page first+i of total
// in the document, whose footer says foot.
func (d *wioaDoc) draw(first, total int, foot string) error {
	for i := range d.pages {
		d.f.AddPage()
		if i == 0 {
			d.drawHeader()
		} else {
			d.pageHead(wiTitle+" — "+d.p.Cohort, d.asOfText())
		}
		top := revNextTop
		if i == 0 {
			top = d.legendEnd() + rpGap
		}
		d.drawItems(i, top)
		d.footer(first+i, total, foot)
		if err := d.f.Error(); err != nil {
			return fmt.Errorf("pdf: WIOA preview page %d: %w", first+i+1, err)
		}
	}
	return nil
}

// asOfText names the sites and the day the figures are as of.
func (d *wioaDoc) asOfText() string {
	site := d.p.SiteText()
	if d.p.Query.SiteID == 0 {
		site += " / Todos los sitios"
	}
	return fmt.Sprintf("%s · figures as of %s / cifras al %s", site, printedDay(d.p.Today), app.FormatDate(d.p.Today, "es"))
}

// legendLines are the legend's lines, wrapped to the page.
func (d *wioaDoc) legendLines() []string {
	d.t.SetFont("", wiLegendPt)
	var out []string
	for _, s := range wiLegend {
		out = append(out, wrap(d.t, s, rpContentW)...)
	}
	return out
}

// legendEnd is where the legend ends on page 1.
func (d *wioaDoc) legendEnd() float64 {
	return wiLegendTop + float64(len(d.legendLines())-1)*wiLegendH + 1.5
}

// drawHeader draws page 1's header: the title, the cohort, its sites and
// the day of the figures, the negotiated levels' program year, a rule and
// the legend.
func (d *wioaDoc) drawHeader() {
	f, t, p := d.f, d.t, d.p
	setText(f, colAccent)
	fitText(t, revMargin, revTop+1, rpContentW, wiTitle, "B", 15, 10)
	setText(f, colText)
	fitText(t, revMargin, revTop+8, rpContentW, p.Cohort+" · exit cohort / cohorte de salida", "B", 12, 8)
	setText(f, colMuted)
	fitText(t, revMargin, revTop+13, rpContentW, d.asOfText(), "", 8.5, 6)
	levels := fmt.Sprintf("Negotiated levels / Niveles negociados: program year %d / año del programa %d", p.Targets.ProgramYear, p.Targets.ProgramYear)
	if !p.Targets.Set() {
		levels = fmt.Sprintf("Negotiated levels / Niveles negociados: none entered for program year %d / ninguno para el año del programa %d",
			p.Targets.ProgramYear, p.Targets.ProgramYear)
	}
	fitText(t, revMargin, revTop+17.5, rpContentW, levels, "", 7.5, 5.5)
	setDraw(f, colRule)
	f.SetLineWidth(0.3)
	f.Line(revMargin, rpRuleY, letterW-revMargin, rpRuleY)
	setText(f, colMuted)
	t.SetFont("", wiLegendPt)
	for i, line := range d.legendLines() {
		t.Text(revMargin, wiLegendTop+float64(i)*wiLegendH, line)
	}
}

// wiCell is a breakdown's cell for r: the rate or median, and under it
// how many of how many and the no information (and the estimated
// earnings).
func wiCell(r app.WIOAIndicatorRow) string {
	s := r.Shown() + "\n" + r.Counts()
	if r.Earnings && r.Estimated > 0 {
		s += "\n" + count(r.Estimated) + " estimated"
	}
	return s
}

// buildTables makes the indicators' table and a table per breakdown.
func (d *wioaDoc) buildTables() []*repBlock {
	p := d.p
	var bs []*repBlock
	one := func(tb *repTable) { bs = append(bs, &repBlock{tables: []*repTable{tb}, x: []float64{revMargin}}) }

	// the indicators
	rows := app.WIOAIndicatorRows(p.Overall, p.Targets)
	ind := &repTable{en: "Indicators", es: "Indicadores",
		note: app.Plural(p.Overall.Exiters, "exiter", "exiters") + " · " + count(rows[0].Excluded) + " excluded / excluidas"}
	for _, r := range rows {
		label := r.Label + "\n" + r.Spanish
		if r.Earnings {
			label += fmt.Sprintf("\nearnings known for %s of %s employed · %s estimated", count(r.Numerator), count(r.Denominator), count(r.Estimated))
		}
		level, meets := app.NotOverYet, app.NotOverYet
		if r.HasTarget() {
			level = r.FormatTarget()
		}
		if r.Judged() {
			meets = "No"
			if r.MeetsTarget() {
				meets = "Yes\nSí"
			}
		}
		status := "Complete\nCompleto"
		if !r.Complete {
			status = "Running\nEn curso"
		}
		ind.rows = append(ind.rows, []string{label, r.Shown(), count(r.Numerator), count(r.Denominator), count(r.NoInfo),
			count(r.Excluded), level, meets, status})
	}
	ind.cols = d.restFirst(
		[]repCol{{listCol: listCol{en: "Indicator", es: "Indicador"}}},
		[]repCol{
			{listCol: listCol{en: "Figure", es: "Cifra"}, right: true},
			{listCol: listCol{en: "Numerator", es: "Numerador"}, right: true},
			{listCol: listCol{en: "Denominator", es: "Denominador"}, right: true},
			{listCol: listCol{en: "No information", es: "Sin información"}, right: true},
			{listCol: listCol{en: "Excluded", es: "Excluidas"}, right: true},
			{listCol: listCol{en: "Level", es: "Nivel"}, right: true},
			{listCol: listCol{en: "Meets", es: "Cumple"}, right: true},
			{listCol: listCol{en: "Status", es: "Estado"}, right: true},
		}, ind.rows)
	one(ind)

	// the breakdowns, their columns as wide as every table's values need
	var tables []*repTable
	var all [][]string
	for _, b := range p.Breakdowns() {
		tb := &repTable{en: b.Heading, es: b.HeadingES, note: app.Plural(len(b.Groups), "group", "groups")}
		for _, g := range b.Groups {
			row := []string{strings.TrimSpace(g.Label), count(g.Exiters)}
			for _, r := range app.WIOAIndicatorRows(g.WIOAIndicators, app.WIOATargets{}) {
				row = append(row, wiCell(r))
			}
			tb.rows = append(tb.rows, row)
		}
		all = append(all, tb.rows...)
		tables = append(tables, tb)
	}
	nums := []repCol{{listCol: listCol{en: "Exiters", es: "Salidas"}, right: true}}
	for _, r := range rows {
		nums = append(nums, repCol{listCol: listCol{en: r.Short, es: r.ShortES}, right: true})
	}
	for i, b := range p.Breakdowns() {
		tables[i].cols = d.restFirst([]repCol{{listCol: listCol{en: b.Label, es: b.Spanish}}}, nums, all)
		one(tables[i])
	}
	return bs
}

// restFirst returns the columns of a table as wide as the page: the
// numbers' columns (after first, whose last one gives them the cells from
// rows[i][len(first):]) as wide as their headings and values need, at most
// wiMaxColW each, and the first column the rest.
func (d *wioaDoc) restFirst(first, nums []repCol, rows [][]string) []repCol {
	out := append([]repCol{}, first...)
	rest := rpContentW
	for _, c := range first[:len(first)-1] {
		rest -= c.w
	}
	for i, c := range nums {
		var values []string
		for _, r := range rows {
			values = append(values, r[len(first)+i])
		}
		c = d.fitCol(c, values)
		c.w = min(c.w, wiMaxColW)
		rest -= c.w
		out = append(out, c)
	}
	out[len(first)-1].w = rest
	return out
}
