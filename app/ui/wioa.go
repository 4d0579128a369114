package ui

import (
	"context"
	"io"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/app/export"
	"frontdesk/app/pdf"
	"frontdesk/app/xlsx"
)

// wioaSection is the WIOA performance tab of the Reports tab (issue 17):
// a program year or one of its quarters, and the site (or all sites) when
// there are several; the four indicators of app.WIOAPreview, each with its
// rate (or median), how many were counted, the negotiated level beside it
// and whether the figure reaches it, how many have no information (the
// coverage, where follow-up is missing), whether it is still running and
// how many are excluded; then the indicators by site, case manager, ZIP
// code and language. The counts that stand for people open the list of
// them (Service.WIOAPeople, audited) in the report's people dialog. The
// preview is computed in the section's own job queue, with a progress bar;
// the preview shown is written as a workbook (xlsx.WriteWIOA) or a PDF
// (pdf.WriteWIOA), audited (reportTab).
type wioaSection struct {
	*reportTab
	ctx     context.Context
	content fyne.CanvasObject

	year    *widget.Select
	years   []int          // by year option, today's program year first
	period  *widget.Select // the whole program year, then its quarters
	filling bool           // the year is changing the period's options
	site    *widget.Select
	siteIDs []int64 // by site option; 0 is all sites
	show    *widget.Button
	heading *widget.Label
	body    *fyne.Container

	prev    *app.WIOAPreview             // the preview shown; nil before the first
	figures map[string]string            // each indicator's lines as read, by indicator (tests)
	tables  map[string]fyne.CanvasObject // the breakdowns by "site", "manager", "zip", "language"
	drills  map[string]*numberButton     // the first button of each figure
	drill   dialog.Dialog                // the last drill-down dialog
	people  []app.Participant            // what it lists
}

// maxWIOAGroups is the most rows a breakdown shows: the largest groups.
const maxWIOAGroups = 15

// wioaYearsBack is how many program years before today's the list offers.
const wioaYearsBack = 5

// newWIOASection builds the section for the database's sites: today's
// program year, the whole of it, all sites; nothing is computed until it
// is shown.
func newWIOASection(u *UI, sites []app.Site) *wioaSection {
	s := &wioaSection{reportTab: newReportTab(u), ctx: u.ctx}
	py := app.ProgramYearOf(app.CalendarDay(u.svc.Now(), u.site.Location()))
	var years []string
	for y := py; y >= max(py-wioaYearsBack, app.MinWIOAYear); y-- {
		s.years = append(s.years, y)
		years = append(years, programYearOption(y))
	}
	s.year = widget.NewSelect(years, nil)
	s.year.SetSelectedIndex(0)
	s.period = widget.NewSelect(periodOptions(py), nil)
	s.period.SetSelectedIndex(0)
	opts := []string{lang.L("All sites")}
	s.siteIDs = []int64{0}
	for _, x := range sites {
		opts, s.siteIDs = append(opts, x.Name), append(s.siteIDs, x.ID)
	}
	s.site = widget.NewSelect(opts, nil)
	s.site.SetSelectedIndex(0)
	s.year.OnChanged = func(string) { s.yearChanged() }
	s.period.OnChanged = func(string) {
		if !s.filling {
			s.refresh()
		}
	}
	s.site.OnChanged = func(string) { s.refresh() }
	s.show = widget.NewButtonWithIcon(lang.L("Show"), theme.ViewRefreshIcon(), s.refresh)
	s.show.Importance = widget.HighImportance
	s.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.heading.Truncation = fyne.TextTruncateEllipsis
	s.body = container.NewVBox()
	height := s.year.MinSize().Height
	filters := container.New(layout.NewRowWrapLayout(),
		container.NewHBox(widget.NewLabel(lang.L("Program year")), container.NewGridWrap(fyne.NewSize(210, height), s.year)),
		container.NewHBox(widget.NewLabel(lang.L("Period")), container.NewGridWrap(fyne.NewSize(230, height), s.period)))
	if len(sites) > 1 {
		filters.Add(container.NewHBox(widget.NewLabel(lang.L("Site")), container.NewGridWrap(fyne.NewSize(240, height), s.site)))
	}
	filters.Add(s.show)
	filters.Add(s.excel)
	filters.Add(s.print)
	top := container.NewVBox(filters, s.errLine, s.busy, s.heading, s.done, widget.NewSeparator())
	s.content = container.New(layout.NewBorderLayout(top, nil, nil, nil), top, container.NewVScroll(container.NewPadded(s.body)))
	return s
}

// programYearOption names program year py in the list: "2025 (Jul 2025 –
// Jun 2026)".
func programYearOption(py int) string {
	first, last := app.ProgramYearDays(py)
	return strconv.Itoa(py) + " (" + monthAbbr(first.Month()) + first.Format(" 2006") + " – " + monthAbbr(last.Month()) + last.Format(" 2006") + ")"
}

// programYearQuarters are the calendar quarters of program year py, in order.
func programYearQuarters(py int) []app.Quarter {
	first, _ := app.ProgramYearDays(py)
	q := app.QuarterOf(first)
	return []app.Quarter{q, q.Add(1), q.Add(2), q.Add(3)}
}

// quarterName names a calendar quarter: "Q3 2025".
func quarterName(q app.Quarter) string {
	return lang.L("Q{{.Q}} {{.Year}}", map[string]any{"Q": q.Q, "Year": strconv.Itoa(q.Year)})
}

// periodOptions are the periods of program year py: the whole year, then
// each quarter with its months ("Q3 2025 (Jul–Sep)").
func periodOptions(py int) []string {
	out := []string{lang.L("Whole program year")}
	for _, q := range programYearQuarters(py) {
		out = append(out, quarterName(q)+" ("+monthAbbr(q.First().Month())+"–"+monthAbbr(q.Last().Month())+")")
	}
	return out
}

// wioaCohort names q's exit cohort for people: "Program year 2025",
// "Q3 2025"; with its days, "Program year 2025 (Jul 1, 2025 – Jun 30,
// 2026)".
func wioaCohort(q app.WIOAQuery, days bool) string {
	name := lang.L("Program year {{.Year}}", map[string]any{"Year": strconv.Itoa(q.Year)})
	if q.Quarter != 0 {
		name = quarterName(app.Quarter{Year: q.Year, Q: q.Quarter})
	}
	if !days {
		return name
	}
	first, last, _ := q.Cohort()
	return name + " (" + showDate(first) + " – " + showDate(last) + ")"
}

// yearChanged offers the chosen year's quarters, keeping the place in the
// list (the whole year, or its n-th quarter), and computes the preview.
func (s *wioaSection) yearChanged() {
	i := max(s.period.SelectedIndex(), 0)
	s.filling = true
	s.period.SetOptions(periodOptions(s.years[max(s.year.SelectedIndex(), 0)]))
	s.period.SetSelectedIndex(i)
	s.filling = false
	s.refresh()
}

// shown computes the preview the first time the tab is shown and puts the
// keyboard in the program year.
func (s *wioaSection) shown() {
	if s.prev == nil && !s.busy.Visible() {
		s.refresh()
	}
	if c := s.u.win.Canvas(); c != nil {
		c.Focus(s.year)
	}
}

// query is the cohort and site chosen.
func (s *wioaSection) query() app.WIOAQuery {
	py := s.years[max(s.year.SelectedIndex(), 0)]
	q := app.WIOAQuery{Year: py}
	if i := s.period.SelectedIndex(); i > 0 {
		c := programYearQuarters(py)[i-1]
		q.Year, q.Quarter = c.Year, c.Q
	}
	if i := s.site.SelectedIndex(); i > 0 && i < len(s.siteIDs) {
		q.SiteID = s.siteIDs[i]
	}
	return q
}

// refresh computes the preview for the choices in the job queue.
func (s *wioaSection) refresh() {
	s.errLine.Hide()
	q := s.query()
	busyJob(s.u, s.q, s.busy, s.show, func() func() {
		p, err := s.u.svc.WIOAPreview(s.ctx, q)
		return func() {
			if err != nil {
				s.fail(errorText(err))
				return
			}
			s.showPreview(p)
		}
	})
}

// title names the preview shown: its cohort (with its days) and site.
func (s *wioaSection) title(days bool) string {
	site := lang.L("All sites")
	if id := s.prev.Query.SiteID; id != 0 {
		site = s.siteOf(id).Name
	}
	return wioaCohort(s.prev.Query, days) + " · " + site
}

// siteOf is the site of id among those in the list (its name only).
func (s *wioaSection) siteOf(id int64) app.Site {
	for i, sid := range s.siteIDs {
		if sid == id {
			return app.Site{ID: id, Name: s.site.Options[i]}
		}
	}
	return app.Site{ID: id}
}

// wioaFileName names the file of a preview of q at site (q.SiteID 0:
// all sites) in format ("xlsx" or "pdf"): "wioa-PY2025.xlsx" for a
// program year, "wioa-2026-Q2.pdf" for a quarter, with the site's name and
// id for one site ("wioa-PY2025-bronx-2.xlsx", as export.SitePath names
// a site's file).
func wioaFileName(q app.WIOAQuery, site app.Site, format string) string {
	name := "wioa-PY" + strconv.Itoa(q.Year)
	if q.Quarter != 0 {
		name = "wioa-" + strconv.Itoa(q.Year) + "-Q" + strconv.Itoa(q.Quarter)
	}
	name += "." + format
	if q.SiteID != 0 {
		name = export.SitePath(name, site, false)
	}
	return name
}

// showPreview lays out p.
func (s *wioaSection) showPreview(p app.WIOAPreview) {
	s.prev = &p
	site := s.siteOf(p.Query.SiteID)
	s.shows(reportDoc{
		name:   func(format string) string { return wioaFileName(p.Query, site, format) },
		xlsx:   func(w io.Writer) error { return xlsx.WriteWIOA(w, p) },
		pdf:    func(w io.Writer) error { return pdf.WriteWIOA(w, p) },
		record: func(format string) error { return s.u.svc.RecordWIOAOutput(s.ctx, p, format) },
	})
	s.figures = map[string]string{}
	s.tables = map[string]fyne.CanvasObject{}
	s.drills = map[string]*numberButton{}
	s.heading.SetText(s.title(true) + " · " + lang.L("as of {{.Day}}", map[string]any{"Day": showDate(p.Today)}))
	o, t := p.Overall, p.Targets
	note := func(text string) *widget.Label {
		l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
		l.Wrapping = fyne.TextWrapWord
		return l
	}
	objs := []fyne.CanvasObject{
		widget.NewLabelWithStyle(plural("{{.N}} people exited in this period.", o.Exiters), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		note(lang.L("An early reading from the follow-up file, not the state's wage-record figures. People counted with no information count as not employed, as a missing wage record does: they are the ones to follow up.")),
	}
	if !t.Set() {
		objs = append(objs, note(lang.L("No negotiated levels are entered for program year {{.Year}}: an administrator enters them on the Staff tab (WIOA negotiated levels…).",
			map[string]any{"Year": strconv.Itoa(t.ProgramYear)})))
	}
	cards := container.NewGridWithColumns(2)
	for _, r := range app.WIOAIndicatorRows(o, t) {
		cards.Add(s.indicatorCard(r))
	}
	objs = append(objs, cards)

	objs = append(objs, widget.NewSeparator(),
		widget.NewLabelWithStyle(lang.L("Breakdowns"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		note(lang.L("Each rate with how many were counted; under it, how many have no information. A * marks a running figure: its period is not over yet.")))
	if p.Query.SiteID == 0 && len(s.siteIDs) > 2 {
		objs = append(objs, s.groupTable("site", lang.L("By site"), lang.L("Site"), p.BySite, func(g app.WIOAGroup) string { return g.Label }))
	}
	objs = append(objs,
		s.groupTable("manager", lang.L("By case manager"), lang.L("Case manager"), p.ByManager,
			func(g app.WIOAGroup) string { return noneLabel(g.Key, g.Label) }),
		s.groupTable("zip", lang.L("By ZIP code"), lang.L("ZIP code"), p.ByZIP,
			func(g app.WIOAGroup) string { return noneLabel(g.Key, g.Key) }),
		s.groupTable("language", lang.L("By language"), lang.L("Language"), p.ByLanguage,
			func(g app.WIOAGroup) string { return noneLabel(g.Key, languageName(g.Key)) }))
	s.body.Objects = objs
	s.body.Refresh()
}

// wioaLine is one line of an indicator: its text as read, and what shows it.
type wioaLine struct {
	text string
	obj  fyne.CanvasObject
}

// indicatorCard shows one indicator (app.WIOAIndicatorRow): its figure,
// whether it is running, and what is behind it. For a rate: how many of
// those counted have the outcome, the negotiated level and whether the
// rate reaches it, how many have no information and how many are
// excluded. For the median earnings: how many of the employed have
// earnings known and how many of those are estimates, the negotiated
// level, and how many employed have no earnings information.
func (s *wioaSection) indicatorCard(r app.WIOAIndicatorRow) fyne.CanvasObject {
	value := app.NotOverYet // nobody counted, no earnings known: no figure
	if r.HasValue() {
		value = r.FormatValue()
	}
	lines := []wioaLine{s.bigLine(value, r.Complete)}
	target := func() {
		if r.HasTarget() {
			lines = append(lines, targetLine(r.FormatTarget(), r.Judged(), r.MeetsTarget()))
		}
	}
	of := map[string]any{"N": app.FormatCount(r.Denominator)}
	yes, noInfo, title := app.WIOAEmployedQ2, app.WIOANoInfoQ2, lang.L("Employment rate, 2nd quarter after exit")
	what := lang.L("of {{.N}} employed", of)
	switch r.Key {
	case "employment_q4":
		yes, noInfo, title = app.WIOAEmployedQ4, app.WIOANoInfoQ4, lang.L("Employment rate, 4th quarter after exit")
	case "credential":
		yes, noInfo, title = app.WIOACredential, app.WIOACredentialNoInfo, lang.L("Credential attainment rate")
		what = lang.L("of {{.N}} in training with a credential", of)
	case "earnings_q2":
		known := lang.L("{{.Known}} of {{.Employed}} employed with earnings known",
			map[string]any{"Known": app.FormatCount(r.Numerator), "Employed": app.FormatCount(r.Denominator)})
		lines = append(lines, wioaLine{known, widget.NewLabel(known)})
		if r.Numerator > 0 {
			lines = append(lines, s.countLine(r.Estimated, app.WIOAEarningsEstimated,
				lang.L("of {{.N}} estimated from wage × hours", map[string]any{"N": app.FormatCount(r.Numerator)})))
		}
		target()
		lines = append(lines, s.countLine(r.NoInfo, app.WIOAEarningsNoInfo, lang.L("employed with no earnings information")))
		return s.card(r.Key, lang.L("Median earnings, 2nd quarter after exit"), lines)
	}
	lines = append(lines, s.countLine(r.Numerator, yes, what))
	target()
	lines = append(lines, s.countLine(r.NoInfo, noInfo, lang.L("with no information")),
		s.countLine(r.Excluded, app.WIOAExcluded, lang.L("excluded: other reason for exit")))
	return s.card(r.Key, title, lines)
}

// card is an indicator's tile: its title over its lines, which are noted
// by name for tests.
func (s *wioaSection) card(name, title string, lines []wioaLine) fyne.CanvasObject {
	texts := make([]string, len(lines))
	box := container.NewVBox(widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for i, l := range lines {
		texts[i] = l.text
		box.Add(l.obj)
	}
	s.figures[name] = strings.Join(texts, " | ")
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = theme.InputRadiusSize()
	return container.NewStack(bg, box)
}

// bigLine is an indicator's figure in large type, said to be running while
// its period is not over.
func (s *wioaSection) bigLine(value string, complete bool) wioaLine {
	if complete {
		return wioaLine{value, bigNumber(value)}
	}
	running := lang.L("running: its period is not over yet")
	l := widget.NewLabelWithStyle(running, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	l.Importance = widget.WarningImportance
	return wioaLine{value + " " + running, container.NewHBox(bigNumber(value), l)}
}

// countLine is a count of people and what they are ("2" "of 3
// employed"); the count lists them when it is not zero.
func (s *wioaSection) countLine(n int, figure, what string) wioaLine {
	count := app.FormatCount(n)
	num := plainCount(count)
	if n > 0 {
		caption := wioaFigureCaption(figure)
		b := newNumberButton(count, func() { s.openDrill(caption, figure, app.WIOAGroupRef{}) })
		if s.drills[figure] == nil {
			s.drills[figure] = b
		}
		num = b
	}
	// the words close to the count, as in a sentence: the label's own
	// padding is gap enough
	row := container.New(layout.NewCustomPaddedHBoxLayout(-theme.InnerPadding()), num, widget.NewLabel(what))
	return wioaLine{count + " " + what, row}
}

// targetLine is the negotiated level and, when there is a figure to
// compare (compare), whether the figure reaches it (meets).
func targetLine(level string, compare, meets bool) wioaLine {
	text := lang.L("Negotiated level: {{.Level}}", map[string]any{"Level": level})
	l := widget.NewLabel(text)
	if compare {
		if meets {
			text += " · " + lang.L("reached")
			l.Importance = widget.SuccessImportance
		} else {
			text += " · " + lang.L("below it")
			l.Importance = widget.WarningImportance
		}
		l.SetText(text)
	}
	return wioaLine{text, l}
}

// wioaFigureCaption says what the people behind a figure are, for the
// title of their list.
func wioaFigureCaption(figure string) string {
	switch figure {
	case app.WIOAEmployedQ2:
		return lang.L("Employed in the 2nd quarter after exit")
	case app.WIOANoInfoQ2:
		return lang.L("No information on the 2nd quarter after exit")
	case app.WIOAEmployedQ4:
		return lang.L("Employed in the 4th quarter after exit")
	case app.WIOANoInfoQ4:
		return lang.L("No information on the 4th quarter after exit")
	case app.WIOAEarningsEstimated:
		return lang.L("Earnings estimated from wage × hours")
	case app.WIOAEarningsNoInfo:
		return lang.L("Employed with no earnings information")
	case app.WIOACredential:
		return lang.L("Credential attained")
	case app.WIOACredentialNoInfo:
		return lang.L("In training, no credential information")
	case app.WIOAExcluded:
		return lang.L("Excluded: other reason for exit")
	}
	return figure
}

// openDrill lists the people behind a figure of the preview shown, of
// everyone or of one group of a breakdown (in).
func (s *wioaSection) openDrill(caption, figure string, in app.WIOAGroupRef) {
	if s.prev == nil {
		return
	}
	q := s.prev.Query
	listPeople(s.u, s.q, s.busy, caption+" · "+s.title(false), func() ([]app.Participant, error) {
		return s.u.svc.WIOAGroupPeople(s.ctx, q, figure, in)
	}, func(ps []app.Participant, d dialog.Dialog) { s.people, s.drill = ps, d })
}

// groupTable is one breakdown (key: "site", "manager", "zip" or
// "language"; app.WIOABySite …): a row per group, the largest
// maxWIOAGroups of them, with the group's exiters and its four indicators,
// each cell's figure over how many have no information. The counts that
// stand for people list the group's people behind them
// (Service.WIOAGroupPeople, audited).
func (s *wioaSection) groupTable(key, title, column string, groups []app.WIOAGroup, label func(app.WIOAGroup) string) fyne.CanvasObject {
	breakdown := map[string]string{"site": app.WIOABySite, "manager": app.WIOAByManager, "zip": app.WIOAByZIP, "language": app.WIOAByLanguage}[key]
	heads := []string{column, lang.L("Exiters"), lang.L("Employment, 2nd quarter"), lang.L("Employment, 4th quarter"),
		lang.L("Median earnings"), lang.L("Credentials")}
	shown := groups[:min(len(groups), maxWIOAGroups)]
	rows := make([][]fyne.CanvasObject, len(shown))
	for i, g := range shown {
		name := widget.NewLabel(label(g))
		name.Truncation = fyne.TextTruncateEllipsis
		in := app.WIOAGroupRef{Breakdown: breakdown, Key: g.Key}
		drill := func(figure string) func() {
			caption := wioaFigureCaption(figure) + " · " + label(g)
			return func() { s.openDrill(caption, figure, in) }
		}
		rows[i] = []fyne.CanvasObject{name, wioaExitersCell(g.WIOAIndicators, drill)}
		for _, r := range app.WIOAIndicatorRows(g.WIOAIndicators, app.WIOATargets{}) {
			rows[i] = append(rows[i], wioaCell(r, drill))
		}
	}
	bold := fyne.TextStyle{Bold: true}
	widths := []float32{0} // the group's name: the rest
	for c := 1; c < len(heads); c++ {
		// as wide as the widest cell, less the padding of a label's text
		w := float32(minFigureColumn)
		for _, r := range rows {
			w = max(w, r[c].MinSize().Width-2*theme.InnerPadding())
		}
		heads[c], w = figureHeading(heads[c], w, bold)
		widths = append(widths, w+2*theme.InnerPadding()+theme.Padding())
	}
	row := func(cells []fyne.CanvasObject) fyne.CanvasObject {
		return container.New(&columnsLayout{widths: widths}, cells...)
	}
	var cells []fyne.CanvasObject
	for _, h := range heads {
		cells = append(cells, widget.NewLabelWithStyle(h, fyne.TextAlignLeading, bold))
	}
	box := container.NewVBox(widget.NewSeparator(), widget.NewLabelWithStyle(title, fyne.TextAlignLeading, bold), row(cells), widget.NewSeparator())
	for _, r := range rows {
		box.Add(row(r))
	}
	if len(groups) == 0 {
		box.Add(widget.NewLabel(lang.L("Nobody exited in this period.")))
	}
	if len(groups) > len(shown) {
		more := widget.NewLabelWithStyle(lang.L("The {{.Shown}} largest of {{.N}} are shown.",
			map[string]any{"Shown": len(shown), "N": app.FormatCount(len(groups))}), fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
		box.Add(more)
	}
	s.tables[key] = box
	return box
}

// cellLine is a line of a breakdown's cell: words, and counts of people
// (a count of none is plain text) that list them.
func cellLine(parts ...fyne.CanvasObject) fyne.CanvasObject {
	// the words close to the counts, as in a sentence
	return container.New(layout.NewCustomPaddedHBoxLayout(-theme.InnerPadding()), parts...)
}

// cellCount is n people behind figure: a button listing them (drill), or
// plain text for none.
func cellCount(n int, figure string, drill func(string) func()) fyne.CanvasObject {
	if n == 0 {
		return plainCount(app.FormatCount(n))
	}
	return newNumberButton(app.FormatCount(n), drill(figure))
}

// plainCount is a count that lists nobody: bold text where a count
// button's text would be, spaced as the button is.
func plainCount(count string) fyne.CanvasObject {
	zero := canvas.NewText(count, theme.Color(theme.ColorNameForeground))
	zero.TextStyle.Bold = true
	p := theme.Padding()
	return container.New(layout.NewCustomPaddedLayout(0, 0, p, 2*p), container.NewCenter(zero))
}

// cellCell stacks a cell's lines.
func cellCell(lines ...fyne.CanvasObject) fyne.CanvasObject {
	return container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()), lines...)
}

// wioaExitersCell is a group's exiters, and how many were excluded.
func wioaExitersCell(ind app.WIOAIndicators, drill func(string) func()) fyne.CanvasObject {
	lines := []fyne.CanvasObject{widget.NewLabel(app.FormatCount(ind.Exiters))}
	if n := ind.EmploymentQ2.Excluded; n > 0 {
		lines = append(lines, cellLine(cellCount(n, app.WIOAExcluded, drill), widget.NewLabel(lang.L("excluded"))))
	}
	return cellCell(lines...)
}

// wioaCell is a group's indicator in a table: the figure as the printed
// preview shows it (app.WIOAIndicatorRow.Shown: "66.7%", "66.7% *" while
// running, "—" for none). A rate says how many were counted ("66.7% · 2
// of 3"), the median how many of the known are estimates; under each, how
// many have no information. Each count of people lists them (drill: its
// figure, app.WIOAIndicatorRow.Figures).
func wioaCell(r app.WIOAIndicatorRow, drill func(string) func()) fyne.CanvasObject {
	counted, noInfo := r.Figures()
	lines := []fyne.CanvasObject{widget.NewLabel(r.Shown())}
	switch {
	case r.Earnings && r.Estimated > 0:
		lines = append(lines, cellLine(cellCount(r.Estimated, counted, drill),
			widget.NewLabel(lang.L("of {{.Of}} estimated", map[string]any{"Of": app.FormatCount(r.Numerator)}))))
	case !r.Earnings && r.HasValue():
		lines[0] = cellLine(widget.NewLabel(r.Shown()+" ·"), cellCount(r.Numerator, counted, drill),
			widget.NewLabel(lang.L("of {{.Of}}", map[string]any{"Of": app.FormatCount(r.Denominator)})))
	}
	if r.NoInfo > 0 {
		lines = append(lines, cellLine(cellCount(r.NoInfo, noInfo, drill), widget.NewLabel(lang.L("with no information"))))
	}
	return cellCell(lines...)
}
