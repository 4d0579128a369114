package app

import (
	"context"
	"fmt"
	"time"
)

// RecordReportOutput audits a director report written to a file (format
// "xlsx" or "pdf") or printed: who, which sites and days (and the WIOA
// cohort it carries), never the figures.
func (s *Service) RecordReportOutput(ctx context.Context, rep Report, format string) error {
	detail := fmt.Sprintf("%s site=%d from=%s to=%s", format, rep.Query.SiteID,
		rep.Query.From.Format(time.DateOnly), rep.Query.To.Format(time.DateOnly))
	if rep.WIOA.Cohort != "" {
		// the WIOA preview the file carries (Report.WIOA)
		detail += fmt.Sprintf(" wioa=%s..%s", rep.WIOA.First.Format(time.DateOnly), rep.WIOA.Last.Format(time.DateOnly))
	}
	return s.recordOutput(ctx, "report.output", rep.Query.SiteID, detail)
}

// RecordWIOAOutput audits a WIOA preview written to a file (format "xlsx"
// or "pdf") or printed, as RecordReportOutput does a report
// ("wioa.output"): who, which sites and cohort, never the figures.
func (s *Service) RecordWIOAOutput(ctx context.Context, p WIOAPreview, format string) error {
	return s.recordOutput(ctx, "wioa.output", p.Query.SiteID, fmt.Sprintf("%s site=%d cohort=%s..%s", format, p.Query.SiteID,
		p.First.Format(time.DateOnly), p.Last.Format(time.DateOnly)))
}

// recordOutput appends a director's output of a report to the audit log.
func (s *Service) recordOutput(ctx context.Context, action string, siteID int64, detail string) error {
	a, err := require(ctx, RoleDirector)
	if err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		return tx.AppendAudit(ctx, s.audit(a, action, "report", siteID, detail))
	})
}

// Title names a report's sites and days ("Demo WorkSource Center · Mar 1 –
// Mar 31, 2026"; "All sites" when it covers more than one).
func (rep Report) Title() string {
	name := "All sites"
	if rep.Query.SiteID != 0 && len(rep.Sites) == 1 {
		name = rep.Sites[0].Name
	}
	return name + " · " + DayRangeText(rep.Query.From, rep.Query.To)
}

// DayRangeText writes a range of calendar days for people: "Mar 1 – 31,
// 2026", "Mar 1 – Apr 30, 2026", "Dec 1, 2025 – Jan 31, 2026", "Mar 4, 2026".
func DayRangeText(from, to time.Time) string {
	switch {
	case from.Equal(to):
		return from.Format("Jan 2, 2006")
	case from.Year() != to.Year():
		return from.Format("Jan 2, 2006") + " – " + to.Format("Jan 2, 2006")
	case from.Month() != to.Month():
		return from.Format("Jan 2") + " – " + to.Format("Jan 2, 2006")
	}
	return from.Format("Jan 2") + " – " + to.Format("2, 2006")
}
