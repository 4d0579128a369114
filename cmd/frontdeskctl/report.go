package main

import (
	"bytes"
	"encoding/json"
	"fmt"
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
// written is audited (report.output).

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

func (e *env) cmdReport(args []string) error {
	fs := e.flags("report")
	from := fs.String("from", "", "the first day, YYYY-MM-DD")
	to := fs.String("to", "", "the last day, YYYY-MM-DD")
	site := fs.Int64("site", 0, "one site's id (default: all sites)")
	out := fs.String("out", "", "the file to write: FILE.xlsx or FILE.pdf (default: print the figures only)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("report", pos); err != nil {
		return err
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
	if *site < 0 {
		return usageErrorf("report: --site %d is not a site id (leave it out for all sites)", *site)
	}
	ext := strings.ToLower(filepath.Ext(*out))
	if *out != "" && ext != ".xlsx" && ext != ".pdf" {
		return usageErrorf("report writes .xlsx or .pdf files, not %q", filepath.Base(*out))
	}
	if err := e.open(); err != nil {
		return err
	}
	rep, err := e.svc.Report(e.ctx, q)
	if err != nil {
		return err
	}
	if *out != "" {
		err = writeFileAtomic(*out, func(f *os.File) error {
			if ext == ".pdf" {
				return pdf.WriteReport(f, rep)
			}
			return xlsx.WriteReport(f, rep)
		})
		if err != nil {
			return err
		}
		if err := e.svc.RecordReportOutput(e.ctx, rep, strings.TrimPrefix(ext, ".")); err != nil {
			return err
		}
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
	if *out != "" {
		fmt.Fprintf(&b, "\nWrote the report to %s\n", *out)
	}
	return e.out(j, b.String())
}
