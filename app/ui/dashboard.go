package ui

import (
	"context"
	"image/color"
	"io"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/app/pdf"
	"frontdesk/app/xlsx"
)

// dashboardScreen is the director's Reports tab (issue 7), in two inner
// tabs. Activity: a site (or all sites) and a range of days, with presets;
// the figures of app.Report as headline tiles, for all sites of several
// each site's figures (bySiteTable), bar charts drawn with canvas
// rectangles and an events table; the numbers that stand for people open
// the list of those people (Service.ReportList, audited); and the report
// as a workbook or a PDF (reportTab). The report is computed in the
// screen's job queue, with a progress bar. WIOA performance: the WIOA
// preview (wioaSection).
type dashboardScreen struct {
	*reportTab
	ctx      context.Context
	content  fyne.CanvasObject // the inner tabs
	activity fyne.CanvasObject // the report of days
	views    *container.AppTabs
	wioa     *wioaSection

	site     *widget.Select
	siteIDs  []int64 // by site option; 0 is all sites
	from, to *widget.Entry
	preset   *widget.Select
	applying bool // applyPreset is filling the days
	show     *widget.Button
	heading  *widget.Label
	body     *fyne.Container
	widest   float32 // the widest caption of the section being made

	rep    *app.Report              // the report shown; nil before the first
	bySite fyne.CanvasObject        // each site's figures (bySiteTable); nil when the report has none
	tiles  map[string]*dashTile     // headline figures by name
	drills map[string]*numberButton // drill-down buttons by figure and key ("zip:90031")
	drill  dialog.Dialog            // the last drill-down dialog
	people []app.Participant        // what it lists
}

// dashTile is one headline figure.
type dashTile struct {
	value string
	btn   *numberButton // the number, when it lists people
}

// reportPresets are the preset ranges, in order.
func reportPresets() []string {
	return []string{lang.L("This month"), lang.L("Last month"), lang.L("This quarter"), lang.L("Last 12 months"), lang.L("This year")}
}

// presetRange is the days of preset i for today (a calendar day).
func presetRange(i int, today time.Time) (time.Time, time.Time) {
	y, m, _ := today.Date()
	first := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	switch i {
	case 1:
		return first.AddDate(0, -1, 0), first.AddDate(0, 0, -1)
	case 2:
		q := time.Date(y, time.Month((int(m)-1)/3*3+1), 1, 0, 0, 0, 0, time.UTC)
		return q, q.AddDate(0, 3, -1)
	case 3:
		return first.AddDate(0, -11, 0), today
	case 4:
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	return first, first.AddDate(0, 1, -1)
}

func newDashboardScreen(u *UI) *dashboardScreen {
	s := &dashboardScreen{reportTab: newReportTab(u), ctx: u.ctx}
	opts := []string{lang.L("All sites")}
	s.siteIDs = []int64{0}
	sites, err := u.svc.Sites(u.ctx)
	if err != nil {
		u.showError(err)
	}
	sel := 0
	for _, x := range sites {
		if x.ID == u.site.ID {
			sel = len(opts)
		}
		opts, s.siteIDs = append(opts, x.Name), append(s.siteIDs, x.ID)
	}
	s.site = widget.NewSelect(opts, nil)
	s.site.SetSelectedIndex(sel)
	s.from = newDateEntry(time.Time{})
	s.to = newDateEntry(time.Time{})
	s.from.OnSubmitted = func(string) { s.refresh() }
	s.to.OnSubmitted = func(string) { s.refresh() }
	s.preset = widget.NewSelect(reportPresets(), func(string) { s.applyPreset() })
	s.preset.PlaceHolder = lang.L("Presets")
	s.preset.SetSelectedIndex(0)
	// days typed or picked by hand are no preset's: the list says
	// "Presets" again rather than name days that are not shown
	s.from.OnChanged = func(string) { s.presetStillShown() }
	s.to.OnChanged = func(string) { s.presetStillShown() }
	s.show = widget.NewButtonWithIcon(lang.L("Show"), theme.ViewRefreshIcon(), s.refresh)
	s.show.Importance = widget.HighImportance
	s.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.heading.Truncation = fyne.TextTruncateEllipsis
	s.body = container.NewVBox()
	dates := u.dateRange(s.from, s.to)
	// the filters wrap onto a second row rather than push Show out of
	// sight on a narrow window
	filters := container.New(layout.NewRowWrapLayout(),
		container.NewHBox(widget.NewLabel(lang.L("Site")), container.NewGridWrap(fyne.NewSize(240, s.site.MinSize().Height), s.site)),
		container.NewHBox(widget.NewLabel(lang.L("Days")), dates),
		container.NewGridWrap(fyne.NewSize(170, s.preset.MinSize().Height), s.preset), s.show,
		s.excel, s.print)
	top := container.NewVBox(
		filters,
		s.errLine, s.busy,
		s.heading, s.done,
		widget.NewSeparator())
	// the filters before the figures in the tree, so that Tab goes from
	// Show on to the figures (container.NewBorder puts the middle first)
	s.activity = container.New(layout.NewBorderLayout(top, nil, nil, nil), top, container.NewVScroll(container.NewPadded(s.body)))
	s.body.Add(widget.NewLabel(lang.L("Choose the days and press Show.")))
	s.wioa = newWIOASection(u, sites)
	s.views = container.NewAppTabs(container.NewTabItem(lang.L("Activity"), s.activity),
		container.NewTabItem(lang.L("WIOA performance"), s.wioa.content))
	s.views.OnSelected = func(*container.TabItem) { s.shown() }
	s.content = s.views
	return s
}

// applyPreset fills the days of the chosen preset.
func (s *dashboardScreen) applyPreset() {
	i := s.preset.SelectedIndex()
	if i < 0 {
		return
	}
	from, to := presetRange(i, app.CalendarDay(s.u.svc.Now(), s.u.site.Location()))
	s.applying = true // the first field is not the preset's alone
	s.from.SetText(formatDay(from))
	s.to.SetText(formatDay(to))
	s.applying = false
}

// presetStillShown clears the chosen preset once the days in the fields
// are no longer its days.
func (s *dashboardScreen) presetStillShown() {
	i := s.preset.SelectedIndex()
	if i < 0 || s.applying {
		return
	}
	from, to := presetRange(i, app.CalendarDay(s.u.svc.Now(), s.u.site.Location()))
	if s.from.Text != formatDay(from) || s.to.Text != formatDay(to) {
		s.preset.ClearSelected()
	}
}

// shown computes the report the first time the tab is shown, and puts
// the cursor in the first day, so the keyboard starts in the filters (Tab
// goes on to the last day, the presets and Show); on the WIOA tab, the
// preview (wioaSection.shown).
func (s *dashboardScreen) shown() {
	if s.views.Selected() != nil && s.views.Selected().Content == s.wioa.content {
		s.wioa.shown()
		return
	}
	if s.rep == nil && !s.busy.Visible() {
		s.refresh()
	}
	if c := s.u.win.Canvas(); c != nil {
		c.Focus(s.from)
	}
}

// query reads the filters; a bad day is said in the error line.
func (s *dashboardScreen) query() (app.ReportQuery, bool) {
	var days [2]time.Time
	for i, e := range []*widget.Entry{s.from, s.to} {
		d, err := parseDay([]string{lang.L("First day"), lang.L("Last day")}[i], e.Text)
		if err != nil {
			s.fail(app.ErrorMessage(err))
			return app.ReportQuery{}, false
		}
		days[i] = d
	}
	if days[0].After(days[1]) {
		s.fail(lang.L("The first day ({{.From}}) is after the last day ({{.To}}).", map[string]any{"From": showDate(days[0]), "To": showDate(days[1])}))
		return app.ReportQuery{}, false
	}
	q := app.ReportQuery{From: days[0], To: days[1]}
	if i := s.site.SelectedIndex(); i > 0 && i < len(s.siteIDs) {
		q.SiteID = s.siteIDs[i]
	}
	return q, true
}

// refresh computes the report for the filters in the job queue.
func (s *dashboardScreen) refresh() {
	s.errLine.Hide()
	q, ok := s.query()
	if !ok {
		return
	}
	busyJob(s.u, s.q, s.busy, s.show, func() func() {
		rep, err := s.u.svc.Report(s.ctx, q)
		return func() {
			if err != nil {
				s.fail(errorText(err))
				return
			}
			s.showReport(rep)
		}
	})
}

// busyJob runs work in q with busy showing and the button that started
// it (show, nil for none) disabled, then applies what work returns on
// the UI goroutine. A disabled button loses the focus: a person who
// pressed show with the keyboard gets it back, to Tab on to the figures.
func busyJob(u *UI, q *jobQueue, busy *widget.ProgressBarInfinite, show *widget.Button, work func() func()) {
	c := u.win.Canvas()
	pressed := show != nil && c.Focused() == show
	if show != nil {
		show.Disable()
	}
	busy.Show()
	busy.Start()
	q.do(func() func() {
		apply := work()
		return func() {
			busy.Stop()
			busy.Hide()
			if show != nil {
				show.Enable()
				if pressed {
					c.Focus(show)
				}
			}
			apply()
		}
	})
}

// wait blocks until queued work has been applied, the WIOA preview's
// too (tests).
func (s *dashboardScreen) wait() {
	s.q.wait()
	s.wioa.q.wait()
}

// showReport lays out rep's figures.
func (s *dashboardScreen) showReport(rep app.Report) {
	s.rep = &rep
	s.tiles = map[string]*dashTile{}
	s.drills = map[string]*numberButton{}
	s.shows(reportDoc{
		name: func(format string) string {
			return "report-" + rep.Query.From.Format("2006-01-02") + "-" + rep.Query.To.Format("2006-01-02") + "-" +
				s.u.svc.Now().In(s.u.site.Location()).Format("2006-01-02-1504") + "." + format
		},
		xlsx:   func(w io.Writer) error { return xlsx.WriteReport(w, rep) },
		pdf:    func(w io.Writer) error { return pdf.WriteReport(w, rep) },
		record: func(format string) error { return s.u.svc.RecordReportOutput(s.ctx, rep, format) },
	})
	loc := s.u.site.Location()
	s.heading.SetText(lang.L("{{.Title}} · computed {{.When}}", map[string]any{"Title": reportTitle(rep), "When": showDateTime(rep.GeneratedAt.In(loc))}))

	p, ev, c, k, f, sms := rep.People, rep.EventTotals, rep.Conversion, rep.Kits, rep.Followups, rep.SMS
	s.widest = 0
	people := s.section(lang.L("Participants served"),
		s.tile("unique", lang.L("Unique participants"), p.Unique, app.FigureUnique, ""),
		s.tile("new", lang.L("First time"), p.New, app.FigureNew, ""),
		s.tile("returning", lang.L("Returning"), p.Returning, app.FigureReturning, ""),
		s.tile("visits", lang.L("General visits"), rep.Visits.Total, "", ""),
	)
	attendance := s.section(lang.L("Attendance"),
		s.tile("checkins", lang.L("Check-ins"), rep.CheckIns.Total, "", ""),
		s.tile("events", lang.L("Events"), ev.Events, "", ""),
		s.tile("preregistered", lang.L("Pre-registered"), ev.PreRegistered, "", ""),
		s.tile("walkins", lang.L("Walk-ins"), ev.WalkIns, app.FigureWalkIns, ""),
		s.tile("noshows", lang.L("No-shows"), ev.NoShows, app.FigureNoShows, ""),
	)
	conversion := s.section(lang.L("Orientation → enrolment"),
		s.tile("oriented", lang.L("People oriented"), c.Oriented, app.FigureOriented, ""),
		s.tile("converted", lang.L("Then enrolled"), c.Converted, app.FigureConverted, ""),
		s.textTile("conversion", lang.L("Conversion rate"), percent(c.Rate)),
		s.textTile("lag", lang.L("Average time to enrol"), lang.L("{{.N}} days", map[string]any{"N": app.FormatOne(c.AvgLag)})),
	)
	kits := s.section(lang.L("Kit lending"),
		s.tile("circulations", lang.L("Loans made"), k.Circulations, "", ""),
		s.tile("open", lang.L("Out now"), k.OpenLoans, "", ""),
		s.tile("overdue", lang.L("Overdue"), k.Overdue, app.FigureOverdueLoans, ""),
		s.tile("lost", lang.L("Lost"), k.Lost, "", ""),
		s.textTile("utilisation", lang.L("Utilisation"), percent(k.Utilisation)),
	)
	followups := s.section(lang.L("Follow-up contacts"),
		s.tile("due", lang.L("Contacts due"), f.Due, "", ""),
		s.tile("done", lang.L("Done"), f.Done, "", ""),
		s.tile("nonresponsive", lang.L("Non-responsive"), f.NonResponsive, app.FigureNonResponsive, ""),
		s.textTile("completion", lang.L("Completion"), percent(f.CompletionRate)),
	)
	texts := s.section(lang.L("Text messages"),
		s.textTile("consent", lang.L("Consent"), percent(sms.ConsentRate)),
		s.textTile("optout", lang.L("Opted out"), percent(sms.OptOutRate)),
		s.tile("textable", lang.L("Can be texted"), sms.Textable, "", ""),
		s.tile("newconsents", lang.L("New consents"), sms.NewConsents, "", ""),
		s.tile("newoptouts", lang.L("New opt-outs"), sms.NewOptOuts, "", ""),
	)

	var months []chartBar
	for _, r := range rep.CheckIns.ByMonth {
		months = append(months, chartBar{label: monthShort(r.Key), count: r.Count})
	}
	var kinds, reasons, zips, langs []chartBar
	for _, r := range rep.CheckIns.ByKind {
		kinds = append(kinds, chartBar{label: kindLabel(app.EventKind(r.Key)), count: r.Count})
	}
	for _, r := range rep.Visits.ByReason {
		reasons = append(reasons, chartBar{label: reasonLabel(r.Key), count: r.Count})
	}
	for i, r := range rep.People.ByZIP {
		if i == 10 {
			break
		}
		zips = append(zips, chartBar{label: noneLabel(r.Key, r.Key), count: r.Count, figure: app.FigureZIP, key: r.Key})
	}
	for _, r := range rep.People.ByLanguage {
		langs = append(langs, chartBar{label: noneLabel(r.Key, languageName(r.Key)), count: r.Count, figure: app.FigureLanguage, key: r.Key})
	}
	// one row per pair, so that each row is as tall as its own charts
	charts := container.NewVBox(
		s.chartCard(lang.L("Check-ins by month"), newColumnChart(months)),
		container.NewGridWithColumns(2,
			s.chartCard(lang.L("Check-ins by kind of event"), s.barChart(kinds)),
			s.chartCard(lang.L("Visits by reason"), s.barChart(reasons))),
		container.NewGridWithColumns(2,
			s.chartCard(lang.L("Participants by ZIP code (top 10)"), s.barChart(zips)),
			s.chartCard(lang.L("Participants by language"), s.barChart(langs))),
	)
	objs := []fyne.CanvasObject{
		s.pair(people, attendance),
		s.pair(conversion, kits),
		s.pair(followups, texts),
	}
	s.bySite = nil
	if len(rep.BySite) > 0 {
		s.bySite = bySiteTable(rep.BySite)
		objs = append(objs, s.bySite)
	}
	s.body.Objects = append(objs, charts, s.eventsTable(rep.Events, loc))
	s.body.Refresh()
}

// reportTitle names a report's sites and days for people.
func reportTitle(rep app.Report) string {
	name := lang.L("All sites") + " (" + plural("{{.N}} sites", len(rep.Sites)) + ")"
	if rep.Query.SiteID != 0 && len(rep.Sites) == 1 {
		name = rep.Sites[0].Name
	}
	return name + " · " + showDate(rep.Query.From) + " – " + showDate(rep.Query.To)
}

// percent writes a rate (0..1) as the report writes it everywhere
// (app.FormatPercent): 63.5%.
func percent(r float64) string { return app.FormatPercent(r) }

// noneLabel is label, or "(none)" for an empty key.
func noneLabel(key, label string) string {
	if key == "" {
		return lang.L("(none)")
	}
	return label
}

// languageName is a language code as people read it, in the app's
// language (app.LanguageName): "Greek", "Griego".
func languageName(code string) string {
	return app.LanguageName(code, uiLanguage())
}

// monthShort writes a "2026-03" month key as "Mar 2026" / "mar 2026".
func monthShort(key string) string {
	t, err := time.Parse("2006-01", key)
	if err != nil {
		return key
	}
	return monthAbbr(t.Month()) + t.Format(" 2006")
}

// tile is a headline count; with a figure, the number is a button that
// lists the people behind it.
func (s *dashboardScreen) tile(name, caption string, n int, figure, key string) fyne.CanvasObject {
	t := &dashTile{value: app.FormatCount(n)}
	s.tiles[name] = t
	var value fyne.CanvasObject
	if figure != "" && n > 0 { // nobody to list behind a zero
		t.btn = s.drillButton(t.value, caption, figure, key)
		t.btn.size = bigNumberSize()
		value = container.NewHBox(t.btn)
	} else {
		value = bigNumber(t.value)
	}
	s.measure(caption)
	return tileBox(caption, value)
}

// textTile is a headline figure that lists nobody (a rate, a lag).
func (s *dashboardScreen) textTile(name, caption, value string) fyne.CanvasObject {
	s.tiles[name] = &dashTile{value: value}
	s.measure(caption)
	return tileBox(caption, bigNumber(value))
}

// measure notes how wide caption is, for the section the tile goes in.
func (s *dashboardScreen) measure(caption string) {
	w := fyne.MeasureText(caption, theme.CaptionTextSize(), fyne.TextStyle{}).Width
	s.widest = max(s.widest, w+2*theme.InnerPadding()+theme.Padding())
}

func bigNumber(text string) fyne.CanvasObject {
	t := canvas.NewText(text, theme.Color(theme.ColorNameForeground))
	t.TextSize = bigNumberSize()
	t.TextStyle = fyne.TextStyle{Bold: true}
	return container.NewPadded(t)
}

func bigNumberSize() float32 {
	return theme.TextSize() * 1.6
}

func tileBox(caption string, value fyne.CanvasObject) fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = theme.InputRadiusSize()
	c := widget.NewLabel(caption)
	c.Truncation = fyne.TextTruncateEllipsis
	c.SizeName = theme.SizeNameCaptionText
	return container.NewStack(bg, container.NewBorder(c, nil, nil, nil, value))
}

// reportSection is a heading over a row of tiles, and the width it needs
// to show every tile's caption whole.
type reportSection struct {
	obj  fyne.CanvasObject
	need float32
}

// section is a heading over a row of tiles, as wide as their widest
// caption (measured as the tiles were made).
func (s *dashboardScreen) section(title string, tiles ...fyne.CanvasObject) reportSection {
	h := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	need := s.widest * float32(len(tiles))
	s.widest = 0
	return reportSection{obj: container.NewVBox(h, container.NewGridWithColumns(len(tiles), tiles...)), need: need}
}

// pair puts two sections side by side where the screen is wide enough to
// show their captions whole (4 to 5 of the width), one over the other
// where it is not (a 1024-pixel laptop).
func (s *dashboardScreen) pair(a, b reportSection) fyne.CanvasObject {
	row := &weightedRow{weights: []float32{4, 5}}
	row.need = max(a.need*9/4, b.need*9/5) + 2*theme.Padding()
	c := container.New(row, a.obj, b.obj)
	row.changed = func() { fyne.Do(s.body.Refresh) }
	return c
}

// chartCard is a titled chart.
func (s *dashboardScreen) chartCard(title string, chart fyne.CanvasObject) fyne.CanvasObject {
	h := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return container.NewBorder(h, nil, nil, nil, chart)
}

// drillButton is a number that opens the list of people behind it.
func (s *dashboardScreen) drillButton(text, caption, figure, key string) *numberButton {
	b := newNumberButton(text, func() { s.openDrill(caption, figure, key) })
	id := figure
	if key != "" {
		id += ":" + key
	}
	s.drills[id] = b
	return b
}

// openDrill lists the people behind a figure in a dialog.
func (s *dashboardScreen) openDrill(caption, figure, key string) {
	if s.rep == nil {
		return
	}
	q := s.rep.Query
	listPeople(s.u, s.q, s.busy, caption+" · "+reportTitle(*s.rep), func() ([]app.Participant, error) {
		return s.u.svc.ReportList(s.ctx, q, figure, key)
	}, func(ps []app.Participant, d dialog.Dialog) { s.people, s.drill = ps, d })
}

// listPeople runs fetch in q, with busy showing, and lists the people it
// finds in a dialog titled title (peopleDialog); done is told them and
// the dialog. The report's figures and the WIOA preview's open their
// people with it.
func listPeople(u *UI, q *jobQueue, busy *widget.ProgressBarInfinite, title string, fetch func() ([]app.Participant, error),
	done func([]app.Participant, dialog.Dialog)) {
	busyJob(u, q, busy, nil, func() func() {
		ps, err := fetch()
		return func() {
			if err != nil {
				u.showError(err)
				return
			}
			done(ps, peopleDialog(u, title, ps))
		}
	})
}

// peopleDialog shows the dialog listing ps: name, code and phone.
func peopleDialog(u *UI, title string, ps []app.Participant) dialog.Dialog {
	list := widget.NewList(func() int { return len(ps) }, func() fyne.CanvasObject {
		name := widget.NewLabel("")
		name.Truncation = fyne.TextTruncateEllipsis
		return container.NewBorder(nil, nil, nil, container.NewHBox(
			container.NewGridWrap(fyne.NewSize(130, name.MinSize().Height), widget.NewLabel("")),
			container.NewGridWrap(fyne.NewSize(150, name.MinSize().Height), widget.NewLabel(""))), name)
	}, func(i widget.ListItemID, o fyne.CanvasObject) {
		p := ps[i]
		row := o.(*fyne.Container)
		row.Objects[0].(*widget.Label).SetText(p.LastName + ", " + p.FirstName)
		right := row.Objects[1].(*fyne.Container)
		right.Objects[0].(*fyne.Container).Objects[0].(*widget.Label).SetText(p.Code)
		right.Objects[1].(*fyne.Container).Objects[0].(*widget.Label).SetText(app.FormatPhone(p.Phone))
	})
	note := lang.L("Participants: {{.N}}. This list is recorded in the audit log.", map[string]any{"N": len(ps)})
	if len(ps) >= app.MaxReportList {
		note = lang.L("The first {{.N}} participants. This list is recorded in the audit log.", map[string]any{"N": len(ps)})
	}
	if len(ps) == 0 {
		note = lang.L("Nobody.")
	}
	body := container.NewBorder(widget.NewLabel(note), nil, nil, nil, list)
	d := dialog.NewCustom(title, lang.L("Close"), body, u.win)
	d.Resize(fitSize(u.win, fyne.NewSize(640, 520)))
	escapable(u.win, d)
	d.Show()
	return d
}

// maxEventRows is the most events the table shows; the exports have all.
const maxEventRows = 100

// eventsTable lists the events of the range with their counts; attended,
// walk-ins and no-shows list the people.
func (s *dashboardScreen) eventsTable(events []app.EventRow, loc *time.Location) fyne.CanvasObject {
	heads := []string{lang.L("Event"), lang.L("Date"), lang.L("Pre-registered"), lang.L("Attended"), lang.L("Walk-ins"), lang.L("No-shows")}
	widths := []float32{0, 150, 120, 120, 120, 120}
	for i := 1; i < len(widths); i++ { // as wide as the heading needs ("No se presentaron")
		widths[i] = max(widths[i], widget.NewLabelWithStyle(heads[i], fyne.TextAlignLeading, fyne.TextStyle{Bold: true}).MinSize().Width+theme.Padding())
	}
	row := func(cells ...fyne.CanvasObject) fyne.CanvasObject {
		return container.New(&columnsLayout{widths: widths}, cells...)
	}
	head := func(t string) fyne.CanvasObject {
		l := widget.NewLabelWithStyle(t, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	rows := container.NewVBox(row(head(heads[0]), head(heads[1]), head(heads[2]), head(heads[3]), head(heads[4]), head(heads[5])), widget.NewSeparator())
	count := func(n int, caption, figure string, ev app.EventRow) fyne.CanvasObject {
		if n == 0 {
			return widget.NewLabel("0")
		}
		return container.NewHBox(s.drillButton(app.FormatCount(n), caption+" · "+ev.Title, figure, strconv.FormatInt(ev.EventID, 10)))
	}
	// no-shows once the event is over; "—" while it is not
	noShows := func(ev app.EventRow) fyne.CanvasObject {
		if !ev.Ended {
			return widget.NewLabel(app.NotOverYet)
		}
		return count(ev.NoShows, lang.L("No-shows"), app.FigureNoShows, ev)
	}
	for i, ev := range events {
		if i == maxEventRows {
			more := widget.NewLabel(plural("And {{.N}} more events: the exports list them all.", len(events)-maxEventRows))
			rows.Add(more)
			break
		}
		title := widget.NewLabel(ev.Title)
		title.Truncation = fyne.TextTruncateEllipsis
		rows.Add(row(title, widget.NewLabel(showDateTime(ev.Start.In(loc))),
			widget.NewLabel(app.FormatCount(ev.PreRegistered)),
			count(ev.Attended, lang.L("Attended"), app.FigureAttended, ev),
			count(ev.WalkIns, lang.L("Walk-ins"), app.FigureWalkIns, ev),
			noShows(ev)))
	}
	if len(events) == 0 {
		rows.Add(widget.NewLabel(lang.L("No events in these days.")))
	}
	h := widget.NewLabelWithStyle(lang.L("Events"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return container.NewVBox(widget.NewSeparator(), h, rows)
}

// siteFigureCaption is the heading of a by-site column on screen, by
// app.SiteFigureColumn.Key: the words of the headline figure it is.
func siteFigureCaption(key string) string {
	switch key {
	case "check_ins":
		return lang.L("Check-ins")
	case "people_served":
		return lang.L("Unique participants")
	case "new":
		return lang.L("First time")
	case "returning":
		return lang.L("Returning")
	case "events":
		return lang.L("Events")
	case "attended":
		return lang.L("Attended")
	case "walk_ins":
		return lang.L("Walk-ins")
	case "no_shows":
		return lang.L("No-shows")
	case "visits":
		return lang.L("General visits")
	case "oriented":
		return lang.L("People oriented")
	case "converted":
		return lang.L("Then enrolled")
	case "circulations":
		return lang.L("Loans made")
	case "open_loans":
		return lang.L("Out now")
	case "followups_due":
		return lang.L("Contacts due")
	case "followups_done":
		return lang.L("Contacts done")
	case "textable":
		return lang.L("Can be texted")
	}
	return key
}

// minFigureColumn is the narrowest a by-site figure's column is (its
// text; the label's padding comes on top).
const minFigureColumn = 60

// bySiteTable shows each site's figures (app.Report.BySite): one row per
// site, with no total row, split between two bands of about the same width
// (app.SiteFigureBands) so that the sixteen figures fit a 1024-pixel
// window. Each figure's heading takes one line, or two where that makes
// its column narrower (figureHeading); the site's name has the rest of
// the width. A note under the bands says each site is counted alone.
func bySiteTable(sites []app.SiteFigures) fyne.CanvasObject {
	bold := fyne.TextStyle{Bold: true}
	type column struct {
		head  string
		width float32
	}
	cols := map[string]column{}
	var widths []float64
	for _, c := range app.SiteFigureColumns {
		w := float32(minFigureColumn)
		for _, sf := range sites {
			w = max(w, fyne.MeasureText(app.FormatCount(c.Value(sf)), theme.TextSize(), fyne.TextStyle{}).Width)
		}
		head, w := figureHeading(siteFigureCaption(c.Key), w, bold)
		w += 2*theme.InnerPadding() + theme.Padding()
		cols[c.Key] = column{head, w}
		widths = append(widths, float64(w))
	}
	box := container.NewVBox(widget.NewSeparator(), widget.NewLabelWithStyle(lang.L("By site"), fyne.TextAlignLeading, bold))
	for b, band := range app.SiteFigureBands(widths) {
		if b > 0 { // a gap between the bands
			gap := canvas.NewRectangle(color.Transparent)
			gap.SetMinSize(fyne.NewSize(0, 2*theme.Padding()))
			box.Add(gap)
		}
		widths := []float32{0} // the site's name: the rest
		heads := []fyne.CanvasObject{widget.NewLabelWithStyle(lang.L("Site"), fyne.TextAlignLeading, bold)}
		for _, c := range band {
			heads = append(heads, widget.NewLabelWithStyle(cols[c.Key].head, fyne.TextAlignLeading, bold))
			widths = append(widths, cols[c.Key].width)
		}
		row := func(cells []fyne.CanvasObject) fyne.CanvasObject {
			return container.New(&columnsLayout{widths: widths}, cells...)
		}
		box.Add(row(heads))
		box.Add(widget.NewSeparator())
		for _, sf := range sites {
			name := widget.NewLabel(strings.TrimSpace(sf.Site.Name))
			name.Truncation = fyne.TextTruncateEllipsis
			cells := []fyne.CanvasObject{name}
			for _, c := range band {
				cells = append(cells, widget.NewLabel(app.FormatCount(c.Value(sf))))
			}
			box.Add(row(cells))
		}
	}
	note := widget.NewLabelWithStyle(lang.L("Each site counted alone: a person served at two sites counts at each."), fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	note.Wrapping = fyne.TextWrapWord
	box.Add(note)
	return box
}

// figureHeading lays a column's heading out in style for a column at
// least min wide: on one line when it fits, else on the two lines (broken
// at a space) that need the least width. It returns the heading, with a
// newline where it breaks, and the width it needs (min or more).
func figureHeading(text string, min float32, style fyne.TextStyle) (string, float32) {
	width := func(s string) float32 { return fyne.MeasureText(s, theme.TextSize(), style).Width }
	one := width(text)
	if one <= min {
		return text, min
	}
	best, head := one, text
	words := strings.Fields(text)
	for k := 1; k < len(words); k++ {
		a, b := strings.Join(words[:k], " "), strings.Join(words[k:], " ")
		if w := max(width(a), width(b)); w < best {
			best, head = w, a+"\n"+b
		}
	}
	return head, max(best, min)
}

// columnsLayout puts objects side by side in columns of fixed widths; a
// width of 0 takes what is left.
type columnsLayout struct{ widths []float32 }

func (l *columnsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	fixed := float32(0)
	for _, w := range l.widths {
		fixed += w
	}
	x := float32(0)
	for i, o := range objs {
		w := float32(0)
		if i < len(l.widths) {
			w = l.widths[i]
		}
		if w == 0 {
			w = max(size.Width-fixed, 0)
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w
	}
}

func (l *columnsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(0, 0)
	for i, o := range objs {
		m := o.MinSize()
		if i < len(l.widths) && l.widths[i] > 0 {
			s.Width += l.widths[i]
		} else {
			s.Width += m.Width
		}
		s.Height = max(s.Height, m.Height)
	}
	return s
}

// chartBar is one bar of a chart; with a figure, its count lists people.
type chartBar struct {
	label  string
	count  int
	figure string
	key    string
}

// barColor is the colour of chart bars.
func barColor() color.Color { return theme.Color(theme.ColorNamePrimary) }

// barChart draws horizontal bars: the label, the bar and its count (a
// button when the count lists people).
func (s *dashboardScreen) barChart(bars []chartBar) fyne.CanvasObject {
	if len(bars) == 0 {
		return widget.NewLabel(lang.L("Nothing in these days."))
	}
	top := 0
	for _, b := range bars {
		top = max(top, b.count)
	}
	// the labels as wide as the widest needs ("Resource room" was cut at
	// a fixed width), up to 40% of the row
	labelW := float32(barLabelWidth)
	for _, b := range bars {
		labelW = max(labelW, fyne.MeasureText(b.label, theme.TextSize(), fyne.TextStyle{}).Width+2*theme.InnerPadding()+theme.Padding())
	}
	rows := container.NewVBox()
	for _, b := range bars {
		label := widget.NewLabel(b.label)
		label.Truncation = fyne.TextTruncateEllipsis
		rect := canvas.NewRectangle(barColor())
		var count fyne.CanvasObject
		if b.figure != "" && b.count > 0 {
			count = s.drillButton(app.FormatCount(b.count), b.label, b.figure, b.key)
		} else {
			count = widget.NewLabel(app.FormatCount(b.count))
		}
		frac := float32(0)
		if top > 0 {
			frac = float32(b.count) / float32(top)
		}
		rows.Add(container.New(&barRowLayout{frac: frac, labelW: labelW}, label, rect, count))
	}
	return rows
}

// barRowLayout places a label (labelW wide, at most 40% of the row), a bar
// as long as frac of the room left, and the count just after the bar.
type barRowLayout struct{ frac, labelW float32 }

// barLabelWidth is the narrowest a bar chart's labels are.
const barLabelWidth = 150

func (l *barRowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	label, bar, count := objs[0], objs[1], objs[2]
	lw := max(min(l.labelW, size.Width*0.4), barLabelWidth)
	label.Move(fyne.NewPos(0, 0))
	label.Resize(fyne.NewSize(lw, size.Height))
	cw := count.MinSize().Width
	room := max(size.Width-lw-cw-theme.Padding(), 0)
	w := max(room*l.frac, 2)
	bh := size.Height * 0.6
	bar.Move(fyne.NewPos(lw, (size.Height-bh)/2))
	bar.Resize(fyne.NewSize(w, bh))
	count.Move(fyne.NewPos(lw+w+theme.Padding()/2, 0))
	count.Resize(fyne.NewSize(cw, size.Height))
}

func (l *barRowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := max(objs[0].MinSize().Height, objs[2].MinSize().Height)
	return fyne.NewSize(barLabelWidth+objs[2].MinSize().Width+60, h)
}

// columnChart draws vertical bars (check-ins by month), the count over each
// bar and its label under it; labels are thinned out when they would not fit.
type columnChart struct {
	widget.BaseWidget
	bars []chartBar
}

func newColumnChart(bars []chartBar) *columnChart {
	c := &columnChart{bars: bars}
	c.ExtendBaseWidget(c)
	return c
}

func (c *columnChart) CreateRenderer() fyne.WidgetRenderer {
	r := &columnRenderer{c: c}
	fg := theme.Color(theme.ColorNameForeground)
	for _, b := range c.bars {
		rect := canvas.NewRectangle(barColor())
		n := canvas.NewText(app.FormatCount(b.count), fg)
		n.TextSize = theme.CaptionTextSize()
		n.Alignment = fyne.TextAlignCenter
		l := canvas.NewText(b.label, fg)
		l.TextSize = theme.CaptionTextSize()
		l.Alignment = fyne.TextAlignCenter
		r.rects, r.counts, r.labels = append(r.rects, rect), append(r.counts, n), append(r.labels, l)
	}
	r.axis = canvas.NewRectangle(theme.Color(theme.ColorNameSeparator))
	if len(c.bars) == 0 {
		r.empty = canvas.NewText(lang.L("Nothing in these days."), fg)
	}
	return r
}

type columnRenderer struct {
	c              *columnChart
	rects          []*canvas.Rectangle
	counts, labels []*canvas.Text
	axis           *canvas.Rectangle
	empty          *canvas.Text
}

func (r *columnRenderer) Layout(size fyne.Size) {
	n := len(r.rects)
	if n == 0 {
		if r.empty != nil {
			r.empty.Move(fyne.NewPos(theme.Padding(), theme.Padding()))
		}
		return
	}
	ts := theme.CaptionTextSize()
	textH := fyne.MeasureText("0", ts, fyne.TextStyle{}).Height
	area := size.Height - 2*textH - 2*theme.Padding()
	colW := size.Width / float32(n)
	top := 0
	widest := float32(0)
	for i, b := range r.c.bars {
		top = max(top, b.count)
		widest = max(widest, fyne.MeasureText(r.labels[i].Text, ts, fyne.TextStyle{}).Width)
	}
	// every step-th label, so that labels keep a gap between them
	step := 1
	for float32(step)*colW < widest+theme.Padding() && step < n {
		step++
	}
	barW := min(max(colW*0.7, 1), 56)
	for i, b := range r.c.bars {
		h := float32(0)
		if top > 0 {
			h = area * float32(b.count) / float32(top)
		}
		x := float32(i) * colW
		y := textH + theme.Padding() + area - h
		r.rects[i].Move(fyne.NewPos(x+(colW-barW)/2, y))
		r.rects[i].Resize(fyne.NewSize(barW, h))
		r.counts[i].Move(fyne.NewPos(x, y-textH))
		r.counts[i].Resize(fyne.NewSize(colW, textH))
		r.counts[i].Hidden = fyne.MeasureText(r.counts[i].Text, ts, fyne.TextStyle{}).Width > colW
		r.labels[i].Move(fyne.NewPos(x+colW/2-widest/2, textH+2*theme.Padding()+area))
		r.labels[i].Resize(fyne.NewSize(widest, textH))
		r.labels[i].Hidden = (n-1-i)%step != 0 // the latest month always has its label
	}
	r.axis.Move(fyne.NewPos(0, textH+theme.Padding()+area))
	r.axis.Resize(fyne.NewSize(size.Width, 1))
}

func (r *columnRenderer) MinSize() fyne.Size { return fyne.NewSize(200, 170) }

func (r *columnRenderer) Refresh() {
	r.Layout(r.c.Size())
	for _, o := range r.Objects() {
		o.Refresh()
	}
}

func (r *columnRenderer) Objects() []fyne.CanvasObject {
	out := []fyne.CanvasObject{r.axis}
	for i := range r.rects {
		out = append(out, r.rects[i], r.counts[i], r.labels[i])
	}
	if r.empty != nil {
		out = append(out, r.empty)
	}
	return out
}

func (r *columnRenderer) Destroy() {}

// weightedRow puts objects side by side, each as wide as its share of the
// weights; narrower than need, it puts them one over the other. Its height
// follows the last width it was given (changed is told when that switches
// between the two, so that the screen lays out again).
type weightedRow struct {
	weights []float32
	need    float32
	stacked bool
	changed func()
}

func (l *weightedRow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if stacked := size.Width < l.need; stacked != l.stacked {
		l.stacked = stacked
		if l.changed != nil {
			l.changed()
		}
	}
	if l.stacked {
		y := float32(0)
		for _, o := range objs {
			h := o.MinSize().Height
			o.Move(fyne.NewPos(0, y))
			o.Resize(fyne.NewSize(size.Width, h))
			y += h + theme.Padding()
		}
		return
	}
	total := float32(0)
	for _, w := range l.weights {
		total += w
	}
	gap := theme.Padding() * 2
	room := max(size.Width-gap*float32(len(objs)-1), 0)
	x := float32(0)
	for i, o := range objs {
		w := room * l.weights[i] / total
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + gap
	}
}

func (l *weightedRow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(0, 0)
	for _, o := range objs {
		m := o.MinSize()
		if l.stacked {
			s.Width = max(s.Width, m.Width)
			s.Height += m.Height + theme.Padding()
			continue
		}
		s.Width += m.Width
		s.Height = max(s.Height, m.Height)
	}
	if l.stacked && len(objs) > 0 {
		s.Height -= theme.Padding()
	}
	return s
}

// numberButton is a number that can be tapped or, once focused with Tab,
// pressed with Space or Enter: the figures that open a list of people. It
// reads as a link: in the primary colour with a list icon, underlined when
// pointed at or focused.
type numberButton struct {
	widget.BaseWidget
	text     string
	size     float32 // text size; 0: the theme's
	onTapped func()

	hovered, focused bool
}

func newNumberButton(text string, tapped func()) *numberButton {
	b := &numberButton{text: text, onTapped: tapped}
	b.ExtendBaseWidget(b)
	return b
}

// Tapped runs the button's action.
func (b *numberButton) Tapped(*fyne.PointEvent) {
	if b.onTapped != nil {
		b.onTapped()
	}
}

// FocusGained shows the focus.
func (b *numberButton) FocusGained() { b.focused = true; b.Refresh() }

// FocusLost hides the focus.
func (b *numberButton) FocusLost() { b.focused = false; b.Refresh() }

// TypedRune ignores typing.
func (b *numberButton) TypedRune(rune) {}

// TypedKey presses the button on Space and Enter.
func (b *numberButton) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeySpace, fyne.KeyReturn, fyne.KeyEnter:
		b.Tapped(nil)
	}
}

// MouseIn underlines the number.
func (b *numberButton) MouseIn(*desktop.MouseEvent) { b.hovered = true; b.Refresh() }

// MouseMoved does nothing.
func (b *numberButton) MouseMoved(*desktop.MouseEvent) {}

// MouseOut stops underlining.
func (b *numberButton) MouseOut() { b.hovered = false; b.Refresh() }

// Cursor is the pointing hand.
func (b *numberButton) Cursor() desktop.Cursor { return desktop.PointerCursor }

func (b *numberButton) CreateRenderer() fyne.WidgetRenderer {
	r := &numberButtonRenderer{b: b, text: canvas.NewText(b.text, theme.Color(theme.ColorNamePrimary)),
		icon:  canvas.NewImageFromResource(theme.NewPrimaryThemedResource(theme.ListIcon())),
		focus: canvas.NewRectangle(color.Transparent)}
	r.text.TextStyle = fyne.TextStyle{Bold: true}
	r.focus.StrokeColor = theme.Color(theme.ColorNameFocus)
	r.focus.CornerRadius = theme.InputRadiusSize()
	r.Refresh()
	return r
}

type numberButtonRenderer struct {
	b     *numberButton
	text  *canvas.Text
	icon  *canvas.Image
	focus *canvas.Rectangle
}

func (r *numberButtonRenderer) textSize() float32 {
	if r.b.size > 0 {
		return r.b.size
	}
	return theme.TextSize()
}

func (r *numberButtonRenderer) Layout(size fyne.Size) {
	p := theme.Padding()
	ts := fyne.MeasureText(r.text.Text, r.text.TextSize, r.text.TextStyle)
	is := theme.IconInlineSize()
	r.text.Move(fyne.NewPos(p, (size.Height-ts.Height)/2))
	r.text.Resize(ts)
	r.icon.Move(fyne.NewPos(p+ts.Width+p/2, (size.Height-is)/2))
	r.icon.Resize(fyne.NewSquareSize(is))
	r.focus.Resize(size)
}

func (r *numberButtonRenderer) MinSize() fyne.Size {
	p := theme.Padding()
	ts := fyne.MeasureText(r.b.text, r.textSize(), fyne.TextStyle{Bold: true})
	return fyne.NewSize(ts.Width+theme.IconInlineSize()+p*2.5, max(ts.Height, theme.IconInlineSize())+p*2)
}

func (r *numberButtonRenderer) Refresh() {
	r.text.Text = r.b.text
	r.text.TextSize = r.textSize()
	r.text.TextStyle.Underline = r.b.hovered || r.b.focused
	if r.b.focused {
		r.focus.StrokeWidth = 2
	} else {
		r.focus.StrokeWidth = 0
	}
	r.Layout(r.b.Size())
	r.text.Refresh()
	r.focus.Refresh()
}

func (r *numberButtonRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.focus, r.text, r.icon}
}

func (r *numberButtonRenderer) Destroy() {}
