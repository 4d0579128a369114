package ui

import (
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// dashboardFixture is today's orientation (9:00–10:00, over by the test
// clock's 10:15) with Ana checked in as pre-registered, Ben pre-registered
// who did not come (a no-show, the event having ended), and Carlos checked
// in as a walk-in.
func dashboardFixture(t *testing.T, e *datatest.Env) {
	t.Helper()
	ev := e.Event(t, app.KindOrientation, "WIOA Orientation", at(9, 0), time.Hour, 20)
	ana := e.Participant(t, "Ana", "Alvarez", "213-555-0101")
	ben := e.Participant(t, "Ben", "Brown", "213-555-0102")
	carlos := e.Participant(t, "Carlos", "Castro", "213-555-0103")
	for _, p := range []app.Participant{ana, ben} {
		if err := e.Svc.Register(e.Ctx, ev.ID, p.ID); err != nil {
			t.Fatal(err)
		}
	}
	target := app.Target{SiteID: e.Site.ID, EventID: ev.ID}
	for _, p := range []app.Participant{ana, carlos} {
		if _, err := e.Svc.CheckInParticipant(e.Ctx, target, p.ID, app.MethodSearch); err != nil {
			t.Fatal(err)
		}
	}
}

func TestDashboard(t *testing.T) {
	test.NewTempApp(t)
	e := datatest.New(t)
	dashboardFixture(t, e)
	// a language code only older records and the demo hold (not offered
	// in the form): Carlos's record says Greek
	if _, err := datatest.OpenRaw(t, e.Path).Exec(`UPDATE participants SET language = 'el' WHERE first_name = 'Carlos'`); err != nil {
		t.Fatal(err)
	}
	u := directorUI(t, e, fyne.NewSize(1280, 800))
	w := u.win
	s := u.dashboard
	if s == nil || u.tabs == nil {
		t.Fatal("no Reports tab for a director")
	}
	var tab *int
	for i, it := range u.tabs.Items {
		if it.Content == s.content {
			tab = &i
		}
	}
	if tab == nil {
		t.Fatal("the Reports tab is not among the tabs")
	}
	// the tab computes this month's report when first shown
	u.tabs.SelectIndex(*tab)
	s.wait()
	if s.from.Text != "03/01/2026" || s.to.Text != "03/31/2026" {
		t.Errorf("this month is %s – %s", s.from.Text, s.to.Text)
	}
	if s.rep == nil {
		t.Fatalf("no report: %q", s.errLine.Text)
	}
	for name, want := range map[string]string{"checkins": "2", "walkins": "1", "noshows": "1", "unique": "2",
		"new": "2", "returning": "0", "preregistered": "2", "events": "1", "oriented": "2"} {
		if got := s.tiles[name]; got == nil || got.value != want {
			t.Errorf("tile %s = %+v, want %s", name, got, want)
		}
	}
	if s.tiles["unique"].btn == nil || s.tiles["checkins"].btn != nil {
		t.Error("only figures that list people are buttons")
	}
	markup := test.RenderToMarkup(w.Canvas())
	for _, want := range []string{"Unique participants", "WIOA Orientation", "Check-ins by month", ">Greek<", ">English<", ">0.0%<"} {
		if !strings.Contains(markup, want) {
			t.Errorf("%q is not on screen", want)
		}
	}
	if strings.Contains(markup, ">el<") {
		t.Error("the language code el shows bare")
	}
	// every percentage on screen has the one decimal of the PDF and workbook
	for _, m := range regexp.MustCompile(`>([^<]*%)<`).FindAllStringSubmatch(markup, -1) {
		if !regexp.MustCompile(`^\d+\.\d%$`).MatchString(m[1]) {
			t.Errorf("percentage %q is not written as 12.3%%", m[1])
		}
	}

	// the walk-ins of the event list Carlos; unique lists Ana and Carlos
	test.Tap(s.tiles["walkins"].btn)
	s.wait()
	if len(s.people) != 1 || s.people[0].FirstName != "Carlos" {
		t.Errorf("walk-ins list %v", s.people)
	}
	s.drill.Hide()
	test.Tap(s.tiles["unique"].btn)
	s.wait()
	var names []string
	for _, p := range s.people {
		names = append(names, p.FirstName)
	}
	if !slices.Equal(names, []string{"Ana", "Carlos"}) {
		t.Errorf("unique lists %v", names)
	}
	if !strings.Contains(test.RenderToMarkup(w.Canvas()), "Participants: 2. This list is recorded") {
		t.Error("the drill-down dialog is not shown")
	}
	s.drill.Hide()
	// a no-show of the event, by its row's button
	for id, b := range s.drills {
		if strings.HasPrefix(id, app.FigureNoShows+":") {
			test.Tap(b)
			s.wait()
			if len(s.people) != 1 || s.people[0].FirstName != "Ben" {
				t.Errorf("no-shows of the event list %v", s.people)
			}
			s.drill.Hide()
		}
	}
	audit, err := e.Svc.AuditLog(e.Ctx, app.AuditFilter{Action: "report.drill"})
	if err != nil {
		t.Fatal(err)
	}
	if len(audit) != 3 || audit[0].Actor != "dora" {
		t.Errorf("report.drill entries: %+v", audit)
	}
	for _, a := range audit {
		if strings.Contains(a.Detail, "Carlos") || strings.Contains(a.Detail, "Castro") {
			t.Errorf("the audit names a person: %q", a.Detail)
		}
	}

	// the report as a workbook and a PDF, each recorded
	for _, b := range []*widget.Button{s.excel, s.print} {
		test.Tap(b)
		s.wait()
		if s.errLine.Visible() {
			t.Fatalf("%s: %s", b.Text, s.errLine.Text)
		}
		if st, err := os.Stat(s.last); err != nil || st.Size() == 0 {
			t.Errorf("%s wrote %q: %v", b.Text, s.last, err)
		}
	}
	if out, _ := e.Svc.AuditLog(e.Ctx, app.AuditFilter{Action: "report.output"}); len(out) != 2 {
		t.Errorf("report.output entries: %+v", out)
	}

	// a preset fills the days, and stays chosen while they are its days
	s.preset.SetSelectedIndex(1)
	if s.from.Text != "02/01/2026" || s.to.Text != "02/28/2026" {
		t.Errorf("last month is %s – %s", s.from.Text, s.to.Text)
	}
	if s.preset.SelectedIndex() != 1 {
		t.Errorf("after filling its days the list shows %q, want Last month", s.preset.Selected)
	}
	// a day typed by hand is no preset's: the list no longer names one
	test.Type(s.from, "x")
	s.from.SetText("02/02/2026")
	if s.preset.SelectedIndex() != -1 {
		t.Errorf("with 02/02/2026 – 02/28/2026 typed the list still shows %q", s.preset.Selected)
	}
	s.preset.SetSelectedIndex(1)
	if s.preset.SelectedIndex() != 1 || s.from.Text != "02/01/2026" {
		t.Errorf("Last month chosen again: %q, %s", s.preset.Selected, s.from.Text)
	}
	s.refresh()
	s.wait()
	if s.tiles["checkins"].value != "0" {
		t.Errorf("February has %s check-ins", s.tiles["checkins"].value)
	}

	// bad days are said, and nothing is computed
	shown := s.rep
	s.from.SetText("March 1")
	test.Tap(s.show)
	s.wait()
	if !s.errLine.Visible() || !strings.Contains(s.errLine.Text, "MM/DD/YYYY") || s.rep != shown || s.busy.Visible() {
		t.Errorf("bad date: %q", s.errLine.Text)
	}
	s.from.SetText("03/31/2026")
	s.to.SetText("03/01/2026")
	test.Tap(s.show)
	s.wait()
	if !s.errLine.Visible() || !strings.Contains(s.errLine.Text, "is after the last day") || s.rep != shown {
		t.Errorf("From after To: %q", s.errLine.Text)
	}
	s.from.SetText("03/01/2026")
	s.to.SetText("03/31/2026")
	test.Tap(s.show)
	s.wait()
	if s.errLine.Visible() || s.tiles["checkins"].value != "2" {
		t.Errorf("after fixing the days: %q, %s check-ins", s.errLine.Text, s.tiles["checkins"].value)
	}

	// a front desk account has no Reports tab
	u.signOut()
	staff(t, e, "fred", "Fred Desk", app.RoleFrontDesk)
	signIn(t, u, "fred", deskPassword)
	if u.dashboard != nil {
		t.Error("a front desk account got the Reports tab")
	}
	for _, it := range u.tabs.Items {
		if it.Text == "Reports" {
			t.Error("a front desk account sees a Reports tab")
		}
	}
}

// TestReportTitleSites checks the screen's report heading counts sites
// with the right plural.
func TestReportTitleSites(t *testing.T) {
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for n, want := range map[int]string{1: "All sites (1 site)", 2: "All sites (2 sites)", 0: "All sites (0 sites)"} {
		rep := app.Report{Query: app.ReportQuery{From: day, To: day}}
		for i := 0; i < n; i++ {
			rep.Sites = append(rep.Sites, app.Site{ID: int64(i + 1), Name: "Site"})
		}
		if got := reportTitle(rep); !strings.HasPrefix(got, want+" · ") {
			t.Errorf("%d sites: %q, want %q…", n, got, want)
		}
	}
}

func TestPresetRange(t *testing.T) {
	today := time.Date(2026, 5, 17, 0, 0, 0, 0, time.UTC)
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	for i, want := range [][2]string{
		{"2026-05-01", "2026-05-31"}, {"2026-04-01", "2026-04-30"}, {"2026-04-01", "2026-06-30"},
		{"2025-06-01", "2026-05-17"}, {"2026-01-01", "2026-12-31"},
	} {
		from, to := presetRange(i, today)
		if !from.Equal(day(want[0])) || !to.Equal(day(want[1])) {
			t.Errorf("preset %d: %s – %s, want %s – %s", i, from.Format(time.DateOnly), to.Format(time.DateOnly), want[0], want[1])
		}
	}
}

// TestDashboardEventNotOver: an orientation running at the test clock's
// 10:15 (10:00–11:00) with a registrant who has not come yet shows no
// no-show: the tile says 0 and the event's row "—".
func TestDashboardEventNotOver(t *testing.T) {
	test.NewTempApp(t)
	e := datatest.New(t)
	ev := e.Event(t, app.KindOrientation, "Late Morning Orientation", at(10, 0), time.Hour, 20)
	ana := e.Participant(t, "Ana", "Alvarez", "213-555-0101")
	if err := e.Svc.Register(e.Ctx, ev.ID, ana.ID); err != nil {
		t.Fatal(err)
	}
	u := directorUI(t, e, fyne.NewSize(1280, 800))
	w := u.win
	s := u.dashboard
	for i, it := range u.tabs.Items {
		if it.Content == s.content {
			u.tabs.SelectIndex(i) // computes this month's report
		}
	}
	s.wait()
	if s.rep == nil {
		t.Fatalf("no report: %q", s.errLine.Text)
	}
	if got := s.tiles["noshows"].value; got != "0" {
		t.Errorf("no-shows tile = %q while the event runs, want 0", got)
	}
	if got := s.tiles["preregistered"].value; got != "1" {
		t.Errorf("pre-registered tile = %q, want 1", got)
	}
	for id := range s.drills {
		if strings.HasPrefix(id, app.FigureNoShows+":") {
			t.Errorf("a no-shows button %s for an event not over", id)
		}
	}
	markup := test.RenderToMarkup(w.Canvas())
	if !strings.Contains(markup, "Late Morning Orientation") || !strings.Contains(markup, ">"+app.NotOverYet+"<") {
		t.Errorf("the running event's row does not show %q for its no-shows", app.NotOverYet)
	}
}

// bySiteRows reads the by-site table as it is on screen: each row's cell
// texts, a heading's lines joined by spaces.
func bySiteRows(o fyne.CanvasObject) [][]string {
	var rows [][]string
	eachTableRow(o, func(cells []fyne.CanvasObject) {
		var row []string
		for _, cell := range cells {
			row = append(row, cellText(cell))
		}
		rows = append(rows, row)
	})
	return rows
}

// eachTableRow calls row with the cells of each row (columnsLayout) of the
// tables in o, top to bottom.
func eachTableRow(o fyne.CanvasObject, row func(cells []fyne.CanvasObject)) {
	c, ok := o.(*fyne.Container)
	if !ok {
		return
	}
	if _, ok := c.Layout.(*columnsLayout); ok {
		row(c.Objects)
		return
	}
	for _, k := range c.Objects {
		eachTableRow(k, row)
	}
}

// cellText is a table cell's text on one line: a label's, or the words and
// counts of a cell of lines (the WIOA breakdowns'), a space between each.
func cellText(o fyne.CanvasObject) string {
	switch o := o.(type) {
	case *widget.Label:
		return strings.ReplaceAll(o.Text, "\n", " ")
	case *numberButton:
		return o.text
	case *canvas.Text:
		return o.Text
	case *fyne.Container:
		var parts []string
		for _, k := range o.Objects {
			if t := cellText(k); t != "" {
				parts = append(parts, t)
			}
		}
		return strings.Join(parts, " ")
	}
	return ""
}

// TestDashboardBySite: with a second site (the Bronx, where Quinn visits
// the resource room) the report of all sites shows each site's figures,
// one row per site in two bands and no total row, with the note under
// them; the report of one site shows none. In English and in Spanish the
// table fits a 1024×600 window with every heading whole.
// FRONTDESK_REPORT_SHOTS=DIR keeps a screenshot of it in each language.
func TestDashboardBySite(t *testing.T) {
	for _, code := range []string{"en", "es"} {
		t.Run(code, func(t *testing.T) {
			a := test.NewTempApp(t)
			if code == "es" {
				inSpanish(t)
			}
			inLanguage(t, code)
			e := datatest.New(t)
			dashboardFixture(t, e)
			bronx, err := e.Svc.CreateSite(e.Ctx, app.Site{Name: "Bronx", TimeZone: "America/New_York"})
			if err != nil {
				t.Fatal(err)
			}
			quinn, err := e.Svc.AddParticipant(e.Ctx, app.Participant{SiteID: bronx.ID, FirstName: "Quinn", LastName: "Quiroga", Phone: "718-555-0100", Language: "es"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.Svc.CheckInParticipant(e.Ctx, app.Target{SiteID: bronx.ID, Reason: "resource_room"}, quinn.ID, app.MethodSearch); err != nil {
				t.Fatal(err)
			}
			if dir := os.Getenv("FRONTDESK_REPORT_SHOTS"); dir != "" {
				a.Settings().SetTheme(theme.DefaultTheme())
			}
			u := directorUI(t, e, fyne.NewSize(1024, 600))
			s := u.dashboard
			s.wait()
			// the desk's own site first: no figures by site
			if s.rep == nil || s.rep.Query.SiteID != e.Site.ID {
				t.Fatalf("the first report is not the desk's site's: %+v", s.rep)
			}
			if s.bySite != nil || strings.Contains(test.RenderToMarkup(u.win.Canvas()), lang.L("By site")) {
				t.Error("a one-site report shows figures by site")
			}

			s.site.SetSelectedIndex(0) // all sites
			test.Tap(s.show)
			s.wait()
			if s.rep == nil || s.rep.Query.SiteID != 0 || len(s.rep.BySite) != 2 {
				t.Fatalf("the report of all sites: %+v", s.rep)
			}
			if s.bySite == nil {
				t.Fatal("no by-site table for a report of two sites")
			}
			// East LA: Ana pre-registered and came, Ben did not, Carlos
			// walked in, all to one orientation; the Bronx: Quinn's visit.
			// The figures run on from the first band into the second.
			keys := []string{"check_ins", "people_served", "new", "returning", "events", "attended", "walk_ins", "no_shows",
				"visits", "oriented", "converted", "circulations", "open_loans", "followups_due", "followups_done", "textable"}
			heads := []string{}
			for _, k := range keys {
				heads = append(heads, siteFigureCaption(k))
			}
			want := [][]string{
				heads,
				{"2", "2", "2", "0", "1", "1", "1", "1", "0", "2", "0", "0", "0", "0", "0", "0"},
				{"0", "1", "1", "0", "0", "0", "0", "0", "1", "0", "0", "0", "0", "0", "0", "0"},
			}
			got := bySiteRows(s.bySite)
			if len(got) != 6 {
				t.Fatalf("by-site rows %q, want a header and two sites in each of two bands", got)
			}
			for i, first := range []string{lang.L("Site"), "East LA WorkSource Center", "Bronx"} {
				if got[i][0] != first || got[i+3][0] != first || len(got[i]) != len(got[0]) || len(got[i+3]) != len(got[3]) {
					t.Errorf("by-site rows %d and %d are %q and %q, want %s's", i, i+3, got[i], got[i+3], first)
				}
				if row := append(append([]string{}, got[i][1:]...), got[i+3][1:]...); !slices.Equal(row, want[i]) {
					t.Errorf("%s's row across the bands = %q, want %q", first, row, want[i])
				}
			}
			if code == "es" && got[0][2] != "Participantes únicos" {
				t.Errorf("the Spanish heading is %q", got[0][2])
			}
			markup := test.RenderToMarkup(u.win.Canvas())
			for _, w := range []string{lang.L("By site"), lang.L("Each site counted alone: a person served at two sites counts at each.")} {
				if !strings.Contains(markup, w) {
					t.Errorf("%q is not on screen", w)
				}
			}
			if strings.Contains(markup, ">Total<") {
				t.Error("the by-site table has a total row")
			}

			// at 1024×600 the window asks for no more, and every heading
			// and number is whole
			u.win.Resize(fyne.NewSize(1023, 600))
			u.win.Resize(fyne.NewSize(1024, 600))
			if sz := u.win.Content().MinSize(); sz.Width > 1024 {
				t.Errorf("the window needs %.0f px, more than 1024: %s", sz.Width, widest(u.win.Content(), 1024))
			}
			var walk func(o fyne.CanvasObject)
			walk = func(o fyne.CanvasObject) {
				switch o := o.(type) {
				case *widget.Label:
					if o.Truncation == fyne.TextTruncateEllipsis {
						return // a site's name, which may be cut
					}
					for _, line := range strings.Split(o.Text, "\n") {
						need := fyne.MeasureText(line, theme.TextSize(), o.TextStyle).Width + 2*theme.InnerPadding()
						if o.Size().Width < need && o.Wrapping == fyne.TextWrapOff {
							t.Errorf("%q has %.0f px of the %.0f it needs: it is cut", line, o.Size().Width, need)
						}
					}
				case *fyne.Container:
					for _, k := range o.Objects {
						walk(k)
					}
				}
			}
			walk(s.bySite)

			if dir := os.Getenv("FRONTDESK_REPORT_SHOTS"); dir != "" {
				scroll := s.activity.(*fyne.Container).Objects[1].(*container.Scroll)
				scroll.ScrollToOffset(fyne.NewPos(0, s.bySite.Position().Y))
				c := u.win.Canvas()
				noNilColours(c.Content())
				f, err := os.Create(filepath.Join(dir, code+"-reports-by-site.png"))
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				if err := png.Encode(f, c.Capture()); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}
