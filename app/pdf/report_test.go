package pdf_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/app/pdf"
)

// directorReport is a report for one site over the first half of 2026,
// generated the next morning, built by hand: six months of check-ins, every
// event kind, ten ZIP codes (one empty), eight languages, and 60 events
// (one with a Spanish title, one with a Korean title, one still running)
// so that the events table runs over two pages.
func directorReport() app.Report {
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	site := app.Site{ID: 1, Name: "East LA WorkSource Center", Address: "2035 E 1st St, Los Angeles, CA 90033",
		TimeZone: "America/Los_Angeles"}
	rep := app.Report{
		Query:       app.ReportQuery{SiteID: 1, From: day(1, 1), To: day(6, 30)},
		Sites:       []app.Site{site},
		GeneratedAt: time.Date(2026, 7, 1, 16, 30, 0, 0, time.UTC),
		AsOf:        time.Date(2026, 7, 1, 7, 0, 0, 0, time.UTC),
	}
	row := func(key, label string, n int) app.CountRow { return app.CountRow{Key: key, Label: label, Count: n} }
	rep.CheckIns = app.CheckInFigures{Total: 2630,
		ByMonth: []app.CountRow{row("2026-01", "January 2026", 412), row("2026-02", "February 2026", 388), row("2026-03", "March 2026", 455),
			row("2026-04", "April 2026", 501), row("2026-05", "May 2026", 476), row("2026-06", "June 2026", 398)},
		ByKind: []app.CountRow{row("orientation", "Orientation", 820), row("workshop", "Workshop", 1105), row("recruitment", "Recruitment", 402),
			row("job_fair", "Job fair", 248), row("other", "Other", 55)},
	}
	kinds := []app.EventKind{app.KindOrientation, app.KindWorkshop, app.KindWorkshop, app.KindRecruitment, app.KindJobFair, app.KindOther}
	titles := []string{"Job Readiness Orientation", "Resume Writing Workshop", "Interview Skills Workshop", "Metro Transit Recruitment",
		"Eastside Spring Job Fair", "Computer Basics Lab"}
	for i := 0; i < 60; i++ {
		e := app.EventRow{EventID: int64(i + 1), SiteID: 1, Kind: kinds[i%len(kinds)], Title: titles[i%len(titles)],
			Start: time.Date(2026, time.Month(1+i/10), 2+(i%10)*2, 17+i%3, 0, 0, 0, time.UTC)}
		switch i {
		case 7:
			e.Title = "Orientación para buscadores de empleo — sesión en español"
			e.Kind = app.KindOrientation
		case 23:
			e.Title = "취업 준비 워크숍 (Korean-language job readiness workshop)"
			e.Kind = app.KindWorkshop
		}
		if i%4 != 0 {
			e.Capacity = 20 + 5*(i%5)
		}
		e.PreRegistered = 10 + (i*7)%15
		e.Attended = e.PreRegistered - (i % 5)
		e.WalkIns = (i * 3) % 7
		e.NoShows = e.PreRegistered - e.Attended
		e.CheckedIn = e.Attended + e.WalkIns
		e.Ended = i != 55 // still running when the report was made: no no-shows yet (i%5 == 0)
		rep.Events = append(rep.Events, e)
		t := &rep.EventTotals
		t.Events++
		t.PreRegistered += e.PreRegistered
		t.Attended += e.Attended
		t.WalkIns += e.WalkIns
		t.NoShows += e.NoShows
		t.CheckedIn += e.CheckedIn
	}
	rep.People = app.PeopleFigures{Unique: 1240, New: 815, Returning: 425,
		ByZIP: []app.CountRow{row("90033", "90033", 312), row("90022", "90022", 241), row("90063", "90063", 198), row("90023", "90023", 150),
			row("90032", "90032", 121), row("90031", "90031", 88), row("90201", "90201", 61), row("90640", "90640", 39),
			row("90011", "90011", 18), row("", "(none)", 12)},
		ByLanguage: []app.CountRow{row("es", "es", 642), row("en", "en", 431), row("ko", "ko", 72), row("zh", "zh", 41),
			row("vi", "vi", 28), row("hy", "hy", 14), row("ru", "ru", 7), row("tl", "tl", 5)},
	}
	rep.Visits = app.VisitFigures{Total: 964, Visitors: 512, ByReason: []app.CountRow{row("resource_room", "Resource room", 521),
		row("appointment", "Appointment", 131), row("computer_use", "Computer use", 288), row("other", "Other", 24)}}
	rep.Conversion = app.ConversionFigures{Oriented: 186, Converted: 71, Rate: 71.0 / 186, AvgLag: 12.4, MedianLag: 9}
	rep.Kits = app.KitReportFigures{Circulations: 84, OpenLoans: 37, Overdue: 6, Lost: 2, LoanDays: 4120.5, KitDays: 5460,
		Utilisation: 4120.5 / 5460, Returned: 45, AvgLoanDays: 39.2}
	rep.Followups = app.FollowupReportFigures{Due: 148, Done: 97, NonResponsive: 18, Open: 33, Overdue: 11, CompletionRate: 97.0 / 148}
	rep.SMS = app.SMSFigures{Participants: 2315, Consented: 1502, OptedOut: 47, Textable: 1433, NewConsents: 380, NewOptOuts: 12,
		ConsentRate: 1502.0 / 2315, OptOutRate: 47.0 / 2315}
	return rep
}

// reportPDF writes rep as a PDF to a temporary file and returns its bytes
// and path. FRONTDESK_REPORT_PDF=path also keeps a copy there, to look at.
func reportPDF(t *testing.T, rep app.Report) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	if err := pdf.WriteReport(&buf, rep); err != nil {
		t.Fatalf("WriteReport: %v", err)
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if keep := os.Getenv("FRONTDESK_REPORT_PDF"); keep != "" {
		if err := os.WriteFile(keep, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes(), path
}

func TestReportPDF(t *testing.T) {
	pdftotext, pdfinfo := needTool(t, "pdftotext"), needTool(t, "pdfinfo")
	rep := directorReport()
	raw, path := reportPDF(t, rep)

	var again bytes.Buffer
	if err := pdf.WriteReport(&again, directorReport()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(raw, again.Bytes()) {
		t.Fatal("the same report gave different bytes")
	}

	text := run(t, pdftotext, "-layout", path, "-")
	file := filepath.Join("..", "..", "testdata", "report", "report.txt.golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, text, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it)", err)
	}
	if !bytes.Equal(text, want) {
		t.Errorf("pdftotext -layout differs from %s (run with -update if the change is intended)\ngot:\n%s", file, text)
	}

	// Portrait US Letter: 612 × 792 points; the summary, two pages of
	// events and the other tables.
	const pages = 6
	info := string(run(t, pdfinfo, path))
	if !regexp.MustCompile(`Page size:\s+612 x 792 pts \(letter\)`).MatchString(info) ||
		!regexp.MustCompile(fmt.Sprintf(`Pages:\s+%d\n`, pages)).MatchString(info) {
		t.Errorf("pdfinfo:\n%s", info)
	}
	all := string(text)
	if n := strings.Count(all, "\f"); n != pages {
		t.Errorf("pdftotext found %d pages, want %d", n, pages)
	}
	for i, page := range strings.Split(strings.TrimSuffix(all, "\f"), "\f") {
		for _, want := range []string{"Director report", "East LA WorkSource Center", "Jan 1 – Jun 30, 2026", fmt.Sprintf("Page %d of %d", i+1, pages)} {
			if !strings.Contains(page, want) {
				t.Errorf("page %d has no %q", i+1, want)
			}
		}
	}

	// Page 1 holds every headline figure.
	first := string(run(t, pdftotext, "-layout", "-f", "1", "-l", "1", path, "-"))
	if tt := rep.EventTotals; tt.Events != 60 || tt.WalkIns != 179 || tt.PreRegistered != 1020 || tt.Attended != 900 || tt.NoShows != 120 {
		t.Fatalf("the fixture's event totals changed: %+v", tt)
	}
	for _, want := range []string{
		"2035 E 1st St, Los Angeles, CA 90033", "Generated Jul 1, 2026, 9:30 AM PDT",
		"1,240", "815 new", "425 returning", // participants
		"2,630",                                 // check-ins
		"60", "179", "16.6% of event check-ins", // events, walk-ins
		"1,020 → 900", "120 no-shows", "88.2% attended", // pre-registered, attended, no-shows
		"38.2%", "71 of 186 oriented", "12.4 days", // conversion
		"964", "512 visitors", // visits
		"84", "37 open", "6 overdue", "2 lost", "75.5%", "39.2 days", // kits
		"65.5%", "148 due", "97 done", "18 non-responsive", // follow-up
		"64.9%", "1,502 of 2,315", "2.0%", "47 opted out", // SMS
		// charts: month columns with their values, kinds, languages and ZIPs
		"Jan", "Jun", "2026", "412", "501", "Workshop", "1,105", "Spanish", "Korean", "90033", "312",
	} {
		if !strings.Contains(first, want) {
			t.Errorf("page 1 has no %q:\n%s", want, first)
		}
	}

	// The tables: events in every script, the header repeated on the page
	// the events table continues on, the totals, and every section.
	for _, want := range []string{"Orientación para buscadores de", "취업 준비 워크숍", "Events / Eventos (continued",
		"Pre-registered", "no limit", "Total", "60 events", "March 2026", "Resource room", "(none)", "Tagalog",
		"Orientation to enrolment", "Laptop and hotspot kits", "Job-retention follow-up", "Text messages (SMS)", "4120.5 loan-days"} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in the report", want)
		}
	}
	// the event still running (Jun 12) has no no-shows yet: "—"
	if m := regexp.MustCompile(`(?m)^.*Jun 12, 2026\s+Resume Writing Workshop.*$`).FindString(all); !strings.Contains(m, app.NotOverYet) {
		t.Errorf("the running event's row does not say %q: %q", app.NotOverYet, m)
	}
	pagesText := strings.Split(all, "\f")
	if !strings.Contains(pagesText[2], "Checked in") || !strings.Contains(pagesText[2], "continued") {
		t.Errorf("page 3 does not repeat the events header:\n%s", pagesText[2])
	}
}

func TestReportPDFEmpty(t *testing.T) {
	pdftotext := needTool(t, "pdftotext")
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	rep := app.Report{Query: app.ReportQuery{From: day, To: day.AddDate(0, 1, -1)}}
	_, path := reportPDF(t, rep)
	text := string(run(t, pdftotext, "-layout", path, "-"))
	pages := strings.Count(text, "\f")
	if pages < 2 || !strings.Contains(text, fmt.Sprintf("Page %d of %d", pages, pages)) {
		t.Errorf("%d pages:\n%s", pages, text)
	}
	for _, want := range []string{"All sites", "Mar 1 – 31, 2026", "None in this range.", "0.0%", "0 new · 0 returning", "0.0 days"} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in the empty report:\n%s", want, text)
		}
	}
	// An all-sites report with months but no check-ins draws empty charts.
	rep.Sites = []app.Site{{ID: 1, Name: "East LA"}, {ID: 2, Name: "Boyle Heights"}}
	rep.CheckIns.ByMonth = []app.CountRow{{Key: "2026-03", Label: "March 2026"}}
	_, path = reportPDF(t, rep)
	text = string(run(t, pdftotext, "-layout", path, "-"))
	if !strings.Contains(text, "2 sites / 2 sitios: East LA, Boyle Heights") || !strings.Contains(text, "Mar") {
		t.Errorf("all sites, no check-ins:\n%s", text)
	}
}

// TestReportPDFZIPLanguagesSites checks the ZIP table across the page
// width (three ZIP codes to a line, in order, its heading whole on the
// pages it continues onto), language names for every code (a Greek one
// and an unknown one included), and "1 site" for all sites with one.
func TestReportPDFZIPLanguagesSites(t *testing.T) {
	pdftotext := needTool(t, "pdftotext")
	rep := directorReport()
	rep.Query.SiteID = 0 // all sites, of which there is one
	rep.People.ByZIP = nil
	for i := 0; i < 150; i++ {
		rep.People.ByZIP = append(rep.People.ByZIP, app.CountRow{Key: fmt.Sprintf("9%04d", i), Label: fmt.Sprintf("9%04d", i), Count: 300 - i})
	}
	rep.People.ByLanguage = append(rep.People.ByLanguage, app.CountRow{Key: "el", Label: "el", Count: 4}, app.CountRow{Key: "xx", Label: "xx", Count: 2})
	_, path := reportPDF(t, rep)
	all := string(run(t, pdftotext, "-layout", path, "-"))
	for _, want := range []string{"1 site / 1 sitio: East LA WorkSource Center", "Greek", "Other (xx)", "Spanish", "Tagalog"} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in the report", want)
		}
	}
	if strings.Contains(all, "1 sites") {
		t.Error(`the report says "1 sites"`)
	}
	zipPages, lines := 0, 0
	for i, page := range strings.Split(strings.TrimSuffix(all, "\f"), "\f") {
		if !strings.Contains(page, "Participants by ZIP") {
			continue
		}
		zipPages++
		for _, l := range strings.Split(page, "\n") {
			switch {
			case strings.Contains(l, "Participants by ZIP"):
				if strings.Contains(l, "…") || !strings.Contains(l, "Por código postal") || !strings.Contains(l, "in all") {
					t.Errorf("page %d: the ZIP table's heading is cut: %q", i+1, l)
				}
				if zipPages > 1 && !strings.Contains(l, "(continued / continuación)") {
					t.Errorf("page %d: the continued ZIP table says not so: %q", i+1, l)
				}
			case strings.Contains(l, "ZIP code"):
				if n := strings.Count(l, "ZIP code"); n != 3 {
					t.Errorf("page %d: %d groups of ZIP columns, want 3: %q", i+1, n, l)
				}
			}
		}
		// the first line of ZIP codes on the first ZIP page: the three largest
		if zipPages == 1 {
			if !regexp.MustCompile(`90000\s+300\s+[\d.]+%\s+90001\s+299\s+[\d.]+%\s+90002\s+298\s+[\d.]+%`).MatchString(page) {
				t.Errorf("page %d: the ZIP codes are not three to a line, largest first:\n%s", i+1, page)
			}
		}
		lines += len(regexp.MustCompile(`(?m)^\s*9\d{4}\s`).FindAllString(page, -1))
	}
	if zipPages < 2 {
		t.Errorf("the ZIP table is on %d page(s); the fixture should run it onto a second", zipPages)
	}
	if lines != 50 {
		t.Errorf("%d lines of ZIP codes, want 150/3 = 50", lines)
	}
}

// bySiteReport is directorReport for all sites, East LA and the Bronx, with
// each site's figures (every one different, to tell the columns apart).
func bySiteReport() app.Report {
	rep := directorReport()
	bronx := app.Site{ID: 2, Name: "Bronx", TimeZone: "America/New_York"}
	rep.Query.SiteID = 0
	rep.Sites = append(rep.Sites, bronx)
	rep.BySite = []app.SiteFigures{
		{Site: rep.Sites[0], CheckIns: 2630, Unique: 1240, New: 815, Returning: 425, Events: 60, Attended: 900, WalkIns: 179, NoShows: 120,
			Visits: 964, Oriented: 186, Converted: 71, Circulations: 84, OpenLoans: 37, FollowupsDue: 148, FollowupDone: 97, Textable: 1433},
		{Site: bronx, CheckIns: 412, Unique: 310, New: 205, Returning: 105, Events: 12, Attended: 140, WalkIns: 31, NoShows: 22,
			Visits: 150, Oriented: 40, Converted: 18, Circulations: 9, OpenLoans: 4, FollowupsDue: 30, FollowupDone: 21, Textable: 260},
	}
	return rep
}

// TestReportPDFBySite: a report of all sites with more than one has each
// site's figures, one row per site in two tables right after the events,
// each figure under its own heading, with the note that sites are counted
// alone and no total row; a one-site report has no such table.
func TestReportPDFBySite(t *testing.T) {
	pdftotext := needTool(t, "pdftotext")
	// one site: none
	_, path := reportPDF(t, directorReport())
	if one := string(run(t, pdftotext, "-layout", path, "-")); strings.Contains(one, "By site") || strings.Contains(one, "Por sede") {
		t.Error("a one-site report has a by-site table")
	}

	_, path = reportPDF(t, bySiteReport()) // the last: FRONTDESK_REPORT_PDF keeps this one
	all := string(run(t, pdftotext, "-layout", path, "-"))
	for _, want := range []string{
		`By site \(1 of 2\) / Por sede \(1 de 2\)\s+` + regexp.QuoteMeta(app.SiteFiguresNote),
		`Site\s+Check-ins\s+People served\s+New\s+Returning\s+Events\s+Attended\s+Walk-ins\s+No-shows\s+Visits\n`,
		`Sede\s+Registros\s+Atendidos\s+Nuevos\s+Recurrentes\s+Eventos\s+Asistieron\s+Sin cita\s+Ausentes\s+Visitas\n`,
		`East LA WorkSource(?: Center)?\s+2,630\s+1,240\s+815\s+425\s+60\s+900\s+179\s+120\s+964\n`,
		`Bronx\s+412\s+310\s+205\s+105\s+12\s+140\s+31\s+22\s+150\n`,
		`By site \(2 of 2\) / Por sede \(2 de 2\)\n`,
		`Site\s+Oriented\s+Converted\s+Circulations\s+Open loans\s+Follow-ups due\s+Follow-ups done\s+Textable\n`,
		`Sede\s+Orientados\s+Inscritos\s+Préstamos\s+Prestados\s+Seguim. previstos\s+Seguim. hechos\s+Con SMS\n`,
		`East LA WorkSource(?: Center)?\s+186\s+71\s+84\s+37\s+148\s+97\s+1,433\n`,
		`Bronx\s+40\s+18\s+9\s+4\s+30\s+21\s+260\n`,
	} {
		if !regexp.MustCompile(want).MatchString(all) {
			t.Errorf("no %q in the report:\n%s", want, all)
		}
	}
	// right after the events, before the check-ins by month
	ev, by, months := strings.LastIndex(all, "60 events"), strings.Index(all, "By site (1 of 2)"), strings.Index(all, "Check-ins by month / Por mes")
	if ev < 0 || by < ev || months < by {
		t.Errorf("the by-site tables are at %d, the events' total at %d, check-ins by month at %d", by, ev, months)
	}
	// no total row: under the headers, the sites' lines and nothing else
	if months > by {
		var rows []string
		for _, l := range strings.Split(all[by:months], "\n") {
			if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "By site") && !strings.HasPrefix(l, "Site") && !strings.HasPrefix(l, "Sede") {
				rows = append(rows, strings.Fields(l)[0])
			}
		}
		if got := strings.Join(rows, " "); got != "East Center Bronx East Center Bronx" && got != "East Bronx East Bronx" {
			t.Errorf("the by-site tables' lines begin %q, want East LA's and the Bronx's only", got)
		}
	}
}
