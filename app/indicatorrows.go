package app

import "fmt"

// The WIOA preview as its outputs (the printed page, the workbook's sheet,
// frontdeskctl report --wioa) list it: the four indicators in the order of
// DOL's performance tables, each with its counts, coverage and negotiated
// level, and the four breakdowns. Each output lays these out in its own
// way; what the rows hold, their order, and whether a figure meets its
// level are decided here once.

// WIOAIndicatorRow is one primary indicator of a group of exiters as the
// preview's outputs list it.
type WIOAIndicatorRow struct {
	Key     string // snake_case, in machine-read output: "employment_q2"
	Label   string // "Employment rate, 2nd quarter after exit"
	Spanish string // "Tasa de empleo, 2.º trimestre después de la salida"
	Short   string // a column's heading: "Employment Q2"
	ShortES string // "Empleo T2"
	// Earnings is set for the median earnings: Value and Target are cents.
	// Otherwise they are rates (fractions: 0.714 for 71.4%).
	Earnings bool
	Value    float64
	// Numerator and Denominator: for a rate, those with the outcome of
	// those counted; for earnings, those with earnings known (recorded or
	// estimated) of those employed in the 2nd quarter after exit.
	Numerator, Denominator int
	NoInfo                 int     // of the denominator, with no information (coverage)
	Excluded               int     // left out for an other reason for exit
	Estimated              int     // earnings: of the known, estimated from wage × hours × 13
	Target                 float64 // the negotiated level; 0 when not entered
	Complete               bool    // false: a running figure, its period not over for everyone
}

// WIOAIndicatorRows lists ind's four indicators — employment in the 2nd and
// 4th quarters after exit, median earnings in the 2nd, credential
// attainment — with the negotiated levels of t (zero ones: not entered).
func WIOAIndicatorRows(ind WIOAIndicators, t WIOATargets) []WIOAIndicatorRow {
	rate := func(key, label, es, short, shortES string, r WIOARate, target float64) WIOAIndicatorRow {
		return WIOAIndicatorRow{Key: key, Label: label, Spanish: es, Short: short, ShortES: shortES, Value: r.Rate,
			Numerator: r.Numerator, Denominator: r.Denominator, NoInfo: r.NoInfo, Excluded: r.Excluded, Target: target, Complete: r.Complete}
	}
	e := ind.EarningsQ2
	return []WIOAIndicatorRow{
		rate("employment_q2", "Employment rate, 2nd quarter after exit", "Tasa de empleo, 2.º trimestre después de la salida",
			"Employment Q2", "Empleo T2", ind.EmploymentQ2, t.EmploymentQ2),
		rate("employment_q4", "Employment rate, 4th quarter after exit", "Tasa de empleo, 4.º trimestre después de la salida",
			"Employment Q4", "Empleo T4", ind.EmploymentQ4, t.EmploymentQ4),
		{Key: "earnings_q2", Label: "Median earnings, 2nd quarter after exit", Spanish: "Mediana de ingresos, 2.º trimestre después de la salida",
			Short: "Median earnings Q2", ShortES: "Mediana de ingresos T2", Earnings: true, Value: float64(e.MedianCents),
			Numerator: e.Known, Denominator: e.Employed, NoInfo: e.NoInfo, Excluded: ind.EmploymentQ2.Excluded, Estimated: e.Estimated,
			Target: float64(t.MedianCents), Complete: e.Complete},
		rate("credential", "Credential attainment", "Obtención de credenciales", "Credential", "Credenciales", ind.Credential, t.Credential),
	}
}

// Figures are the figures of WIOAPeople behind r's counts: those with the
// outcome (for the median: those whose earnings are estimated) and those
// with no information.
func (r WIOAIndicatorRow) Figures() (counted, noInfo string) {
	switch r.Key {
	case "employment_q2":
		return WIOAEmployedQ2, WIOANoInfoQ2
	case "employment_q4":
		return WIOAEmployedQ4, WIOANoInfoQ4
	case "earnings_q2":
		return WIOAEarningsEstimated, WIOAEarningsNoInfo
	case "credential":
		return WIOACredential, WIOACredentialNoInfo
	}
	return "", ""
}

// Cents is the median earnings (Earnings rows), in cents.
func (r WIOAIndicatorRow) Cents() int64 { return int64(r.Value) }

// TargetCents is the median earnings' negotiated level, in cents.
func (r WIOAIndicatorRow) TargetCents() int64 { return int64(r.Target) }

// HasTarget reports whether a negotiated level is entered for the row.
func (r WIOAIndicatorRow) HasTarget() bool { return r.Target != 0 }

// Judged reports whether the figure can be held against a negotiated
// level: there is one, and there is a figure (HasValue).
func (r WIOAIndicatorRow) Judged() bool { return r.HasTarget() && r.HasValue() }

// MeetsTarget reports whether the figure reaches its negotiated level (false
// unless Judged). Rates are compared as people read them, to a tenth of a
// percent (FormatPercent): 69.96% shows as 70.0% and meets a level of 70%.
func (r WIOAIndicatorRow) MeetsTarget() bool {
	if !r.Judged() {
		return false
	}
	if r.Earnings {
		return r.Cents() >= r.TargetCents()
	}
	return RoundOne(100*r.Value) >= RoundOne(100*r.Target)
}

// HasValue reports whether the row has a figure: someone in its
// denominator (and, for the median, someone's earnings known).
func (r WIOAIndicatorRow) HasValue() bool {
	return r.Denominator > 0 && (!r.Earnings || r.Numerator > 0)
}

// FormatValue writes the figure as people read it: "71.4%", "$8,060.01".
func (r WIOAIndicatorRow) FormatValue() string { return r.written(r.Value) }

// Shown writes the figure for a table: FormatValue, or NotOverYet ("—")
// without one (HasValue), marked " *" while running ("57.9% *").
func (r WIOAIndicatorRow) Shown() string {
	if !r.HasValue() {
		return NotOverYet
	}
	if !r.Complete {
		return r.FormatValue() + " *"
	}
	return r.FormatValue()
}

// Counts writes what is behind the figure: "27 of 38 · 5 no info".
func (r WIOAIndicatorRow) Counts() string {
	return FormatCount(r.Numerator) + " of " + FormatCount(r.Denominator) + " · " + FormatCount(r.NoInfo) + " no info"
}

// FormatTarget writes the negotiated level ("" when not entered).
func (r WIOAIndicatorRow) FormatTarget() string {
	if !r.HasTarget() {
		return ""
	}
	return r.written(r.Target)
}

// written writes v, a rate or cents as r holds them, as people read it.
func (r WIOAIndicatorRow) written(v float64) string {
	if r.Earnings {
		return "$" + FormatEarnings(int64(v))
	}
	return FormatPercent(v)
}

// WIOABreakdown is one of the preview's breakdowns.
type WIOABreakdown struct {
	Key       string // snake_case, in machine-read output: "by_site"
	Label     string // what a group is: "Site"
	Spanish   string // "Sede"
	Heading   string // the breakdown's heading: "By site"
	HeadingES string // "Por sede"
	Groups    []WIOAGroup
}

// Breakdowns lists p's breakdowns in the order the outputs show them: by
// site, case manager, ZIP code and language.
func (p WIOAPreview) Breakdowns() []WIOABreakdown {
	return []WIOABreakdown{
		{WIOABySite, "Site", "Sede", "By site", "Por sede", p.BySite},
		{WIOAByManager, "Case manager", "Administrador de casos", "By case manager", "Por administrador de casos", p.ByManager},
		{WIOAByZIP, "ZIP code", "Código postal", "By ZIP code", "Por código postal", p.ByZIP},
		{WIOAByLanguage, "Language", "Idioma", "By language", "Por idioma", p.ByLanguage},
	}
}

// SiteText names the preview's sites: "All sites", or the one site's name
// (its group's label; "Site 3" while it has no exits in the cohort).
func (p WIOAPreview) SiteText() string {
	switch {
	case p.Query.SiteID == 0:
		return "All sites"
	case len(p.BySite) == 1:
		return p.BySite[0].Label
	}
	return fmt.Sprintf("Site %d", p.Query.SiteID)
}

// What the preview's outputs say under its figures.
const (
	// WIOANoInfoNote explains the coverage beside every rate.
	WIOANoInfoNote = "No information: nothing recorded says whether the person worked (for earnings: what they earned; for a credential: whether they attained one yet). They stay in the denominator, counted as a no, as the state counts a missing wage record."
	// WIOARunningNote explains a figure marked running.
	WIOARunningNote = "Running: the period measured is not over for everyone counted, so the figure can still change."
	// WIOAEstimateNote explains the estimated earnings.
	WIOAEstimateNote = "Estimated earnings: hourly wage × hours a week × 13, where the quarter's earnings are not recorded."
)
