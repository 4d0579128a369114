package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"frontdesk/app"
	"frontdesk/app/pdf"
	"frontdesk/app/xlsx"
)

// report --wioa: the WIOA performance preview of an exit cohort (a program
// year, or a calendar quarter), printed as text or JSON and written as the
// workbook's sheet or the printed pages. As for the director report, every
// flag is checked before the database is opened, the service checks the
// director role, and a file written is audited (wioa.output).

// wioaJSON is report --wioa's --json output: the cohort, then the overall
// indicators and each breakdown (app.WIOAPreview.Breakdowns) under its key.
type wioaJSON struct {
	Cohort     string        `json:"cohort"`
	Year       int           `json:"year"`
	Quarter    int           `json:"quarter,omitempty"` // 0: the program year
	Site       int64         `json:"site"`              // 0: all sites
	FirstExit  string        `json:"first_exit"`
	LastExit   string        `json:"last_exit"`
	AsOf       string        `json:"as_of"`
	LevelsYear int           `json:"levels_program_year"` // the negotiated levels' program year
	Out        string        `json:"out,omitempty"`
	Overall    wioaIndicJSON `json:"overall"`
	breakdowns []app.WIOABreakdown
}

// MarshalJSON writes the fields, then "by_site": [...], "by_case_manager":
// [...], "by_zip": [...] and "by_language": [...].
func (j wioaJSON) MarshalJSON() ([]byte, error) {
	type fields wioaJSON // without this method
	b, err := json.Marshal(fields(j))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Write(bytes.TrimSuffix(b, []byte("}")))
	for _, bd := range j.breakdowns {
		groups := []wioaIndicJSON{}
		for _, g := range bd.Groups {
			groups = append(groups, wioaIndicJSON{group: &g, rows: app.WIOAIndicatorRows(g.WIOAIndicators, app.WIOATargets{}), exiters: g.Exiters})
		}
		gb, err := json.Marshal(groups)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&buf, ",%q:%s", bd.Key, gb)
	}
	buf.WriteString("}")
	return buf.Bytes(), nil
}

// wioaIndicJSON is a group's indicators (the overall ones: group nil):
// {"key", "label" (groups only), "exiters", then each of
// app.WIOAIndicatorRows under its Key}.
type wioaIndicJSON struct {
	group   *app.WIOAGroup
	exiters int
	rows    []app.WIOAIndicatorRow
}

// wioaRateJSON is a rate indicator; target only where a negotiated level
// is entered (never in a breakdown), and meets_target where there is also
// a rate to hold against it.
type wioaRateJSON struct {
	Rate          float64  `json:"rate"` // a fraction; 0 with nobody counted
	Numerator     int      `json:"numerator"`
	Denominator   int      `json:"denominator"`
	NoInformation int      `json:"no_information"`
	Excluded      int      `json:"excluded"`
	Complete      bool     `json:"complete"` // false: running
	Target        *float64 `json:"target,omitempty"`
	MeetsTarget   *bool    `json:"meets_target,omitempty"`
}

// wioaEarningsJSON is the median earnings in the 2nd quarter after exit.
type wioaEarningsJSON struct {
	MedianCents   int64  `json:"median_cents"` // 0 with no earnings known
	Employed      int    `json:"employed"`     // the denominator
	Known         int    `json:"known"`        // the numerator: earnings recorded or estimated
	Estimated     int    `json:"estimated"`    // of the known
	NoInformation int    `json:"no_information"`
	Excluded      int    `json:"excluded"`
	Complete      bool   `json:"complete"`
	TargetCents   *int64 `json:"target_cents,omitempty"`
	MeetsTarget   *bool  `json:"meets_target,omitempty"`
}

// MarshalJSON writes the indicators in app.WIOAIndicatorRows' order.
func (j wioaIndicJSON) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("{")
	if j.group != nil {
		k, _ := json.Marshal(j.group.Key)
		l, _ := json.Marshal(j.group.Label)
		fmt.Fprintf(&buf, `"key":%s,"label":%s,`, k, l)
	}
	fmt.Fprintf(&buf, `"exiters":%d`, j.exiters)
	for _, r := range j.rows {
		var v any
		var meets *bool
		if r.Judged() {
			m := r.MeetsTarget()
			meets = &m
		}
		if r.Earnings {
			e := wioaEarningsJSON{MedianCents: r.Cents(), Employed: r.Denominator, Known: r.Numerator, Estimated: r.Estimated,
				NoInformation: r.NoInfo, Excluded: r.Excluded, Complete: r.Complete, MeetsTarget: meets}
			if r.HasTarget() {
				c := r.TargetCents()
				e.TargetCents = &c
			}
			v = e
		} else {
			x := wioaRateJSON{Rate: r.Value, Numerator: r.Numerator, Denominator: r.Denominator, NoInformation: r.NoInfo,
				Excluded: r.Excluded, Complete: r.Complete, MeetsTarget: meets}
			if r.HasTarget() {
				x.Target = &r.Target
			}
			v = x
		}
		b, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&buf, ",%q:%s", r.Key, b)
	}
	buf.WriteString("}")
	return buf.Bytes(), nil
}

// reportWIOA is report --wioa: the preview of program year year (given:
// whether --year was), or with quarter of that calendar quarter, at site
// (0: all), printed and written to out when given.
func (e *env) reportWIOA(site int64, year, quarter int, yearGiven bool, out string) error {
	if yearGiven && (year < app.MinWIOAYear || year > app.MaxWIOAYear) {
		return usageErrorf("report --wioa: --year %d is not a year the preview covers (%d to %d)", year, app.MinWIOAYear, app.MaxWIOAYear)
	}
	if quarter < 0 || quarter > 4 {
		return usageErrorf("report --wioa: --quarter %d is not a quarter (1 to 4; leave it out for the program year)", quarter)
	}
	ext, err := reportFlags(site, out)
	if err != nil {
		return err
	}
	if err := e.open(); err != nil {
		return err
	}
	if !yearGiven {
		today, err := e.siteToday(site)
		if err != nil {
			return err
		}
		year = app.ProgramYearOf(today)
		if quarter != 0 {
			year = today.Year()
		}
	}
	p, err := e.svc.WIOAPreview(e.ctx, app.WIOAQuery{SiteID: site, Year: year, Quarter: quarter})
	if err != nil {
		return err
	}
	err = writeReportFile(out, ext, func(w io.Writer) error { return pdf.WriteWIOA(w, p) },
		func(w io.Writer) error { return xlsx.WriteWIOA(w, p) },
		func(format string) error { return e.svc.RecordWIOAOutput(e.ctx, p, format) })
	if err != nil {
		return err
	}
	j := newWIOAJSON(p)
	j.Out = out
	text := wioaText(p)
	if out != "" {
		text += "\nWrote the WIOA preview to " + out + "\n"
	}
	return e.out(j, text)
}

// newWIOAJSON is preview p as report --wioa --json writes it (and the
// director report's --json, under "wioa").
func newWIOAJSON(p app.WIOAPreview) wioaJSON {
	return wioaJSON{Cohort: p.Cohort, Year: p.Query.Year, Quarter: p.Query.Quarter, Site: p.Query.SiteID, FirstExit: fmtDay(p.First),
		LastExit: fmtDay(p.Last), AsOf: fmtDay(p.Today), LevelsYear: p.Targets.ProgramYear,
		Overall:    wioaIndicJSON{exiters: p.Overall.Exiters, rows: app.WIOAIndicatorRows(p.Overall, p.Targets)},
		breakdowns: p.Breakdowns()}
}

// siteToday is today's calendar day at site (at the first site for all of
// them), as the preview reckons it.
func (e *env) siteToday(site int64) (time.Time, error) {
	sites, err := e.svc.Sites(e.ctx)
	if err != nil {
		return time.Time{}, err
	}
	loc := app.Site{}.Location()
	for _, s := range sites {
		if site == 0 || s.ID == site {
			loc = s.Location()
			break
		}
	}
	return app.CalendarDay(clock(), loc), nil
}

// wioaIndicatorsText is the head of report --wioa's text: the cohort, its
// sites, exiters, day and levels, and the four indicators (the director
// report's text ends with it).
func wioaIndicatorsText(p app.WIOAPreview) string {
	var b strings.Builder
	fmt.Fprintf(&b, "WIOA performance preview: %s\n", p.Cohort)
	levels := fmt.Sprintf("negotiated levels of PY %d", p.Targets.ProgramYear)
	if !p.Targets.Set() {
		levels = fmt.Sprintf("no negotiated levels entered for PY %d", p.Targets.ProgramYear)
	}
	fmt.Fprintf(&b, "%s · %s · figures as of %s · %s\n\n", p.SiteText(), app.Plural(p.Overall.Exiters, "exiter", "exiters"),
		fmtDay(p.Today), levels)
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "Indicator\tFigure\tNumerator\tDenominator\tNo information\tExcluded\tLevel\tMeets\tStatus")
	for _, r := range app.WIOAIndicatorRows(p.Overall, p.Targets) {
		level, meets := "-", "-"
		if r.HasTarget() {
			level = r.FormatTarget()
		}
		if r.Judged() {
			meets = "no"
			if r.MeetsTarget() {
				meets = "yes"
			}
		}
		status := "complete"
		if !r.Complete {
			status = "running"
		}
		if r.Earnings {
			status += fmt.Sprintf(" (%s estimated)", app.FormatCount(r.Estimated))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Label, r.Shown(), app.FormatCount(r.Numerator),
			app.FormatCount(r.Denominator), app.FormatCount(r.NoInfo), app.FormatCount(r.Excluded), level, meets, status)
	}
	tw.Flush()
	return b.String()
}

// wioaText is the preview printed: the cohort, the four indicators with
// their counts, levels and status, then each breakdown, a line per group,
// and what no information, running and estimated mean.
func wioaText(p app.WIOAPreview) string {
	var b strings.Builder
	b.WriteString(wioaIndicatorsText(p))
	for _, bd := range p.Breakdowns() {
		fmt.Fprintf(&b, "\n%s\n", bd.Heading)
		if len(bd.Groups) == 0 {
			b.WriteString("  none\n")
			continue
		}
		tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
		head := "  " + bd.Label + "\tExiters"
		for _, r := range app.WIOAIndicatorRows(app.WIOAIndicators{}, app.WIOATargets{}) {
			head += "\t" + r.Short
		}
		fmt.Fprintln(tw, head)
		for _, g := range bd.Groups {
			line := "  " + g.Label + "\t" + app.FormatCount(g.Exiters)
			for _, r := range app.WIOAIndicatorRows(g.WIOAIndicators, app.WIOATargets{}) {
				line += "\t" + r.Shown() + " (" + r.Counts() + ")"
			}
			fmt.Fprintln(tw, line)
		}
		tw.Flush()
	}
	fmt.Fprintf(&b, "\n%s\n* %s\n%s\n", app.WIOANoInfoNote, app.WIOARunningNote, app.WIOAEstimateNote)
	return b.String()
}
