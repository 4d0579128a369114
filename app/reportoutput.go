package app

import (
	"context"
	"fmt"
	"time"
)

// RecordReportOutput audits a director report written to a file (format
// "xlsx" or "pdf") or printed: who, which sites and days, never the figures.
func (s *Service) RecordReportOutput(ctx context.Context, rep Report, format string) error {
	a, err := require(ctx, RoleDirector)
	if err != nil {
		return err
	}
	detail := fmt.Sprintf("%s site=%d from=%s to=%s", format, rep.Query.SiteID,
		rep.Query.From.Format(time.DateOnly), rep.Query.To.Format(time.DateOnly))
	return s.store.Update(ctx, func(tx Tx) error {
		return tx.AppendAudit(ctx, s.audit(a, "report.output", "report", rep.Query.SiteID, detail))
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
