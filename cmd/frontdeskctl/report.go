package main

import (
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
}

type reportFigureJSON struct {
	Area   string  `json:"area"`
	Figure string  `json:"figure"`
	Kind   string  `json:"kind"` // count, rate (a fraction) or days
	Value  float64 `json:"value"`
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
	if *out != "" {
		fmt.Fprintf(&b, "\nWrote the report to %s\n", *out)
	}
	return e.out(j, b.String())
}
