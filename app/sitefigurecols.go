package app

import "math"

// SiteFigureColumn is one figure of SiteFigures as the report's outputs
// show it: Key names it in machine-read output (frontdeskctl's --json),
// Label in English (the workbook's header, frontdeskctl's printed
// figures); the screen and the PDF put their own words (and Spanish) over
// the same columns, in the same order.
type SiteFigureColumn struct {
	Key   string // snake_case: "check_ins"
	Label string // "Check-ins"
	Value func(SiteFigures) int
}

// SiteFigureColumns are the figures of Report.BySite in the order every
// output lists them: first who came (check-ins, people, events, visits),
// then the services (orientation to enrolment, kits, follow-up, text
// messages). Narrow outputs split them in two bands (SiteFigureBands).
var SiteFigureColumns = []SiteFigureColumn{
	{"check_ins", "Check-ins", func(f SiteFigures) int { return f.CheckIns }},
	{"people_served", "People served", func(f SiteFigures) int { return f.Unique }},
	{"new", "New", func(f SiteFigures) int { return f.New }},
	{"returning", "Returning", func(f SiteFigures) int { return f.Returning }},
	{"events", "Events", func(f SiteFigures) int { return f.Events }},
	{"attended", "Attended", func(f SiteFigures) int { return f.Attended }},
	{"walk_ins", "Walk-ins", func(f SiteFigures) int { return f.WalkIns }},
	{"no_shows", "No-shows", func(f SiteFigures) int { return f.NoShows }},
	{"visits", "Visits", func(f SiteFigures) int { return f.Visits }},
	{"oriented", "Oriented", func(f SiteFigures) int { return f.Oriented }},
	{"converted", "Converted", func(f SiteFigures) int { return f.Converted }},
	{"circulations", "Circulations", func(f SiteFigures) int { return f.Circulations }},
	{"open_loans", "Open loans", func(f SiteFigures) int { return f.OpenLoans }},
	{"followups_due", "Follow-ups due", func(f SiteFigures) int { return f.FollowupsDue }},
	{"followups_done", "Follow-ups done", func(f SiteFigures) int { return f.FollowupDone }},
	{"textable", "Textable", func(f SiteFigures) int { return f.Textable }},
}

// SiteFigureBands splits SiteFigureColumns in two bands for outputs too
// narrow for sixteen figures side by side (the screen at 1024 pixels, a
// Letter page): widths are the columns' widths on that output, in
// SiteFigureColumns order, and the split is where the two bands are the
// most nearly as wide as each other (the earlier of two as good).
func SiteFigureBands(widths []float64) [2][]SiteFigureColumn {
	w := func(i int) float64 {
		if i < len(widths) {
			return widths[i]
		}
		return 0
	}
	total := 0.0
	for i := range SiteFigureColumns {
		total += w(i)
	}
	split, widest, left := 1, math.Inf(1), 0.0
	for k := 1; k < len(SiteFigureColumns); k++ {
		left += w(k - 1)
		if m := max(left, total-left); m < widest {
			split, widest = k, m
		}
	}
	return [2][]SiteFigureColumn{SiteFigureColumns[:split], SiteFigureColumns[split:]}
}

// SiteFiguresNote is what a by-site table says under it: its rows are not
// to be added up.
const SiteFiguresNote = "Each site counted alone: a person served at two sites counts at each."
