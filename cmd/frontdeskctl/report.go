package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"frontdesk/app"
	"frontdesk/app/pdf"
	"frontdesk/app/xlsx"
)

// The director report from the command line: every figure of a date range
// for one site or all, printed, and written as a workbook or a PDF. Every
// flag is read and checked before the database is opened, so a bad value
// writes nothing; the service checks the director role, and each file
// written is audited (report.output). With --wioa it is the WIOA
// performance preview instead (see wioa.go).

// reportJSON is the report's --json output.
type reportJSON struct {
	Title     string             `json:"title"`
	Site      int64              `json:"site"` // 0: all sites
	From      string             `json:"from"`
	To        string             `json:"to"`
	Generated string             `json:"generated"`
	AsOf      string             `json:"as_of"`
	Out       string             `json:"out,omitempty"`
	Figures   []reportFigureJSON `json:"figures"`
	Sites     []reportSiteJSON   `json:"sites,omitempty"` // each site's figures (app.Report.BySite)
	WIOA      *wioaJSON          `json:"wioa,omitempty"`  // the WIOA preview the report carries (app.Report.WIOA)
}

type reportFigureJSON struct {
	Area   string  `json:"area"`
	Figure string  `json:"figure"`
	Kind   string  `json:"kind"` // count, rate (a fraction) or days
	Value  float64 `json:"value"`
}

// reportSiteJSON is one site's figures in the --json output: its id and
// name, then each of app.SiteFigureColumns under its Key, in that order.
type reportSiteJSON app.SiteFigures

// MarshalJSON writes {"id": 2, "name": "Bronx", "check_ins": 412, …}.
func (s reportSiteJSON) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"id":`)
	fmt.Fprint(&b, s.Site.ID)
	name, err := json.Marshal(s.Site.Name)
	if err != nil {
		return nil, err
	}
	b.WriteString(`,"name":`)
	b.Write(name)
	for _, c := range app.SiteFigureColumns {
		fmt.Fprintf(&b, `,%q:%d`, c.Key, c.Value(app.SiteFigures(s)))
	}
	b.WriteString("}")
	return b.Bytes(), nil
}

// writeBySite prints each site's figures (BySite) under the report's: a
// line per figure, a column per site, and under them the note that they
// are not to be added up.
func writeBySite(b *strings.Builder, sites []app.SiteFigures) {
	if len(sites) == 0 {
		return
	}
	width := 0
	for _, c := range app.SiteFigureColumns {
		width = max(width, utf8.RuneCountInString(c.Label))
	}
	cols := make([]int, len(sites)) // each site's column: its name or its widest number
	for i, sf := range sites {
		cols[i] = utf8.RuneCountInString(strings.TrimSpace(sf.Site.Name))
		for _, c := range app.SiteFigureColumns {
			cols[i] = max(cols[i], len(app.FormatCount(c.Value(sf))))
		}
	}
	pad := func(s string, n int) string { return strings.Repeat(" ", max(n-utf8.RuneCountInString(s), 0)) }
	fmt.Fprintf(b, "\nBy site\n  %s", strings.Repeat(" ", width))
	for i, sf := range sites {
		name := strings.TrimSpace(sf.Site.Name)
		fmt.Fprintf(b, "  %s%s", pad(name, cols[i]), name)
	}
	b.WriteString("\n")
	for _, c := range app.SiteFigureColumns {
		fmt.Fprintf(b, "  %s%s", c.Label, pad(c.Label, width))
		for i, sf := range sites {
			v := app.FormatCount(c.Value(sf))
			fmt.Fprintf(b, "  %s%s", pad(v, cols[i]), v)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(b, "  %s\n", app.SiteFiguresNote)
}

// writeReportFile writes out (nothing when it is ""), a PDF or a workbook
// by its extension ext, and then has record audit it with its format
// ("pdf" or "xlsx"). A file that cannot be written is not audited.
func writeReportFile(out, ext string, writePDF, writeXLSX func(io.Writer) error, record func(format string) error) error {
	if out == "" {
		return nil
	}
	err := writeFileAtomic(out, func(f *os.File) error {
		if ext == ".pdf" {
			return writePDF(f)
		}
		return writeXLSX(f)
	})
	if err != nil {
		return err
	}
	return record(strings.TrimPrefix(ext, "."))
}

// reportFlags checks report's --site and --out and returns the file's
// extension (".xlsx" or ".pdf"; "" with no --out).
func reportFlags(site int64, out string) (string, error) {
	if site < 0 {
		return "", usageErrorf("report: --site %d is not a site id (leave it out for all sites)", site)
	}
	ext := strings.ToLower(filepath.Ext(out))
	if out != "" && ext != ".xlsx" && ext != ".pdf" {
		return "", usageErrorf("report writes .xlsx or .pdf files, not %q", filepath.Base(out))
	}
	return ext, nil
}

func (e *env) cmdReport(args []string) error {
	fs := e.flags("report")
	from := fs.String("from", "", "the first day, YYYY-MM-DD")
	to := fs.String("to", "", "the last day, YYYY-MM-DD")
	site := fs.Int64("site", 0, "one site's id (default: all sites)")
	out := fs.String("out", "", "the file to write: FILE.xlsx or FILE.pdf (default: print the figures only)")
	wioa := fs.Bool("wioa", false, "the WIOA performance preview of an exit cohort instead (--year, --quarter)")
	year := fs.Int("year", 0, "with --wioa: the program year (July 1 to June 30; default: the one of today), or with --quarter the calendar year")
	quarter := fs.Int("quarter", 0, "with --wioa: a calendar quarter, 1 to 4, of --year (default: the whole program year)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("report", pos); err != nil {
		return err
	}
	set := setFlags(fs)
	if *wioa {
		if set["from"] || set["to"] {
			return usageErrorf("report --wioa takes --year and --quarter, not --from and --to")
		}
		return e.reportWIOA(*site, *year, *quarter, set["year"], *out)
	}
	if set["year"] || set["quarter"] {
		return usageErrorf("report: --year and --quarter go with --wioa (the director report takes --from and --to)")
	}
	if *from == "" || *to == "" {
		return usageErrorf("report needs --from YYYY-MM-DD and --to YYYY-MM-DD")
	}
	q := app.ReportQuery{SiteID: *site}
	if q.From, err = dayFlag("from", *from); err != nil {
		return err
	}
	if q.To, err = dayFlag("to", *to); err != nil {
		return err
	}
	if q.From.After(q.To) {
		return usageErrorf("report: --from %s is after --to %s", *from, *to)
	}
	ext, err := reportFlags(*site, *out)
	if err != nil {
		return err
	}
	if err := e.open(); err != nil {
		return err
	}
	rep, err := e.svc.Report(e.ctx, q)
	if err != nil {
		return err
	}
	err = writeReportFile(*out, ext, func(w io.Writer) error { return pdf.WriteReport(w, rep) },
		func(w io.Writer) error { return xlsx.WriteReport(w, rep) },
		func(format string) error { return e.svc.RecordReportOutput(e.ctx, rep, format) })
	if err != nil {
		return err
	}
	heads := xlsx.ReportHeadlines(rep)
	j := reportJSON{Title: rep.Title(), Site: rep.Query.SiteID, From: fmtDay(rep.Query.From), To: fmtDay(rep.Query.To),
		Generated: rep.GeneratedAt.UTC().Format("2006-01-02T15:04:05Z"), AsOf: rep.AsOf.UTC().Format("2006-01-02T15:04:05Z"), Out: *out}
	var b strings.Builder
	fmt.Fprintf(&b, "Director report: %s\n", rep.Title())
	width := 0
	for _, h := range heads {
		width = max(width, utf8.RuneCountInString(h.Label))
	}
	area := ""
	for _, h := range heads {
		j.Figures = append(j.Figures, reportFigureJSON{Area: h.Area, Figure: h.Label, Kind: h.Kind.String(), Value: h.Value})
		if h.Area != area {
			area = h.Area
			fmt.Fprintf(&b, "\n%s\n", area)
		}
		fmt.Fprintf(&b, "  %s%s %10s\n", h.Label, strings.Repeat(" ", width-utf8.RuneCountInString(h.Label)), h.Kind.Format(h.Value))
	}
	for _, sf := range rep.BySite {
		j.Sites = append(j.Sites, reportSiteJSON(sf))
	}
	writeBySite(&b, rep.BySite)
	if rep.WIOA.Cohort != "" {
		w := newWIOAJSON(rep.WIOA)
		j.WIOA = &w
		b.WriteString("\n" + wioaIndicatorsText(rep.WIOA))
	}
	if *out != "" {
		fmt.Fprintf(&b, "\nWrote the report to %s\n", *out)
	}
	return e.out(j, b.String())
}
