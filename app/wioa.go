package app

import (
	"fmt"
	"slices"
	"sort"
	"time"
)

// The WIOA performance preview (issue 17): a center's own early reading of
// the WIOA primary indicators of performance (WIOA section 116; DOL TEGL
// 10-16, Change 3) from its follow-up file, long before the state's figures
// from wage records. Rules that hold throughout:
//
//   - Quarters are calendar quarters. Program year N runs from July 1 of N
//     to June 30 of N+1 ("PY 2025"). The exit cohort of a quarter or a
//     program year is everyone whose recorded exit falls in it.
//   - "The n-th quarter after exit" is the n-th full calendar quarter after
//     the quarter of exit (QuarterAfterExit): an exit on any day of Q2 has
//     its 2nd quarter after exit in Q4 of the same year.
//   - Employment in a quarter after exit: yes when anything recorded says
//     the person worked in it — the quarter-end follow-up form for that
//     quarter saying employed, a contact dated in the quarter saying still
//     employed or noting a document seen (a pay stub, a letter), or the
//     recorded job starting in the quarter; no when the form or a contact in
//     the quarter says not employed and nothing says yes; otherwise there is
//     no information. Everyone not excluded is in the rate's denominator,
//     those with no information counted as not employed (as the state counts
//     a missing wage record), and their number is shown beside the rate
//     (coverage).
//   - Median earnings in the 2nd quarter after exit, of those employed then:
//     the quarter's earnings recorded on its follow-up form, else an
//     estimate of hourly wage × hours a week × 13 (from that form, else from
//     the recorded job), marked as an estimate; those employed with neither
//     are the earnings' coverage gap. With an even count the median is the
//     mean of the middle two, rounded to the cent (halves up).
//   - Credential attainment: of the people not excluded who were in an
//     education or training program, those with a credential recorded on
//     the exit dated no later than one year after the exit. Someone in
//     training with none recorded while that year is still running has no
//     information yet; after it, they count as not attained.
//   - Exclusions: an exit for one of TEGL 10-16's other reasons for exit
//     (ExitExclusions) leaves the person out of every denominator.
//   - A rate's period is complete once its last day is before today; until
//     then the rate is a running figure.

// Quarter is a calendar quarter: Q is 1 to 4.
type Quarter struct {
	Year, Q int
}

// QuarterOf returns the calendar quarter of day.
func QuarterOf(day time.Time) Quarter {
	return Quarter{Year: day.Year(), Q: int(day.Month()-1)/3 + 1}
}

// First is the quarter's first day, as midnight UTC (a calendar day).
func (q Quarter) First() time.Time {
	return time.Date(q.Year, time.Month(3*(q.Q-1)+1), 1, 0, 0, 0, 0, time.UTC)
}

// Last is the quarter's last day, as midnight UTC.
func (q Quarter) Last() time.Time { return q.First().AddDate(0, 3, -1) }

// Add returns the quarter n quarters after q (before it when n < 0).
func (q Quarter) Add(n int) Quarter { return QuarterOf(q.First().AddDate(0, 3*n, 0)) }

// String names the quarter: "2026 Q2".
func (q Quarter) String() string { return fmt.Sprintf("%d Q%d", q.Year, q.Q) }

// ProgramYearOf returns the WIOA program year of day: PY N runs from July 1
// of N to June 30 of N+1.
func ProgramYearOf(day time.Time) int {
	if day.Month() >= time.July {
		return day.Year()
	}
	return day.Year() - 1
}

// ProgramYearDays returns the first and last day of program year py.
func ProgramYearDays(py int) (first, last time.Time) {
	first = time.Date(py, time.July, 1, 0, 0, 0, 0, time.UTC)
	return first, first.AddDate(1, 0, -1)
}

// The other reasons for exit of TEGL 10-16 (Change 1, Attachment): an exit
// for one of them leaves the person out of the indicators' denominators.
const (
	ExclusionInstitutionalized = "institutionalized"    // in a correctional institution or a residential health care facility for 90 days or more
	ExclusionHealth            = "health"               // medical treatment expected to last more than 90 days
	ExclusionDeceased          = "deceased"             // deceased
	ExclusionReserveForces     = "reserve_forces"       // a member of the reserve forces called to active duty for 90 days or more
	ExclusionFosterCare        = "foster_care"          // a youth in foster care who left the area with the placement
	ExclusionIneligible        = "ineligible"           // found ineligible after enrolment (fraud or misrepresentation)
	ExclusionResidential       = "mandated_residential" // a youth moved to a mandated residential program
)

// ExitExclusions lists the exclusion codes, in the order forms offer them.
var ExitExclusions = []string{ExclusionInstitutionalized, ExclusionHealth, ExclusionDeceased, ExclusionReserveForces,
	ExclusionFosterCare, ExclusionIneligible, ExclusionResidential}

// ExclusionLabel is what a person reads for an exclusion code ("" for none).
func ExclusionLabel(code string) string {
	switch code {
	case ExclusionInstitutionalized:
		return "Institutionalized"
	case ExclusionHealth:
		return "Health or medical"
	case ExclusionDeceased:
		return "Deceased"
	case ExclusionReserveForces:
		return "Reserve forces called to active duty"
	case ExclusionFosterCare:
		return "Foster care (youth)"
	case ExclusionIneligible:
		return "Ineligible"
	case ExclusionResidential:
		return "Mandated residential program (youth)"
	}
	return code
}

// Evidence is what the follow-up file says about one question.
type Evidence int

// The answers Evidence holds.
const (
	NoInformation Evidence = iota
	EvidenceYes
	EvidenceNo
)

// WIOAExit is what the preview reads about one exit: the person (their
// site, ZIP code and language), their follow-up case (the exit, its
// exclusion and credential, the job) and the follow-up evidence.
type WIOAExit struct {
	Participant Participant
	Case        FollowupCase
	Forms       []FollowupForm
	Attempts    []FollowupAttempt
}

// WIOAOutcome is one exiter's standing on each indicator.
type WIOAOutcome struct {
	ParticipantID int64
	Exit          time.Time
	Excluded      string   // the exclusion code; "" when counted
	EmployedQ2    Evidence // in the 2nd quarter after exit
	EmployedQ4    Evidence // in the 4th
	// EarningsQ2Cents: the earnings of the 2nd quarter after exit, when
	// employed then and known (EarningsKnown); EarningsEstimated when they
	// come from wage × hours × 13.
	EarningsQ2Cents   int64
	EarningsKnown     bool
	EarningsEstimated bool
	InTraining        bool     // in an education or training program: in the credential rate
	Credential        Evidence // attained within a year after exit
}

// EvaluateWIOAExit works out x's outcome as of today (a calendar day).
func EvaluateWIOAExit(x WIOAExit, today time.Time) WIOAOutcome {
	c := x.Case
	o := WIOAOutcome{ParticipantID: x.Participant.ID, Exit: c.ExitDate, Excluded: c.ExitExclusion, InTraining: c.InTraining}
	o.EmployedQ2 = employedInQuarter(x, 2)
	o.EmployedQ4 = employedInQuarter(x, 4)
	if o.EmployedQ2 == EvidenceYes {
		o.EarningsQ2Cents, o.EarningsKnown, o.EarningsEstimated = earningsQ2(x)
	}
	switch {
	case c.CredentialType != "" && !c.CredentialDate.IsZero() && !c.CredentialDate.After(c.ExitDate.AddDate(1, 0, 0)):
		o.Credential = EvidenceYes
	case c.ExitDate.AddDate(1, 0, 0).Before(today):
		o.Credential = EvidenceNo // the year after exit is over
	}
	return o
}

// employedInQuarter reads the evidence of work in the n-th quarter after
// x's exit.
func employedInQuarter(x WIOAExit, n int) Evidence {
	first, last := QuarterAfterExit(x.Case.ExitDate, n)
	in := func(d time.Time) bool { return !d.Before(first) && !d.After(last) }
	ev := NoInformation
	no := func() {
		if ev == NoInformation {
			ev = EvidenceNo
		}
	}
	for _, f := range x.Forms {
		if f.Quarter != n {
			continue
		}
		switch f.Employed {
		case AnswerYes:
			return EvidenceYes
		case AnswerNo:
			no()
		}
	}
	for _, a := range x.Attempts {
		if !in(a.Day) {
			continue
		}
		switch {
		case a.StillEmployed == AnswerYes:
			return EvidenceYes
		case a.StillEmployed == AnswerNo:
			no()
		case a.Document != "":
			return EvidenceYes // a pay stub or a letter seen in the quarter
		}
	}
	if s := x.Case.EmploymentStart; !s.IsZero() && in(s) {
		return EvidenceYes
	}
	return ev
}

// earningsQ2 finds the earnings of the 2nd quarter after exit: recorded on
// its form, else estimated from wage and hours (its form's, else the job's).
func earningsQ2(x WIOAExit) (cents int64, known, estimated bool) {
	var wage int64
	var hours float64
	for _, f := range x.Forms {
		if f.Quarter != 2 {
			continue
		}
		if f.QuarterEarningsCents > 0 {
			return f.QuarterEarningsCents, true, false
		}
		if f.WageCents > 0 && f.HoursPerWeek > 0 && wage == 0 {
			wage, hours = f.WageCents, f.HoursPerWeek
		}
	}
	if wage == 0 {
		_, last := QuarterAfterExit(x.Case.ExitDate, 2)
		if c := x.Case; c.WageCents > 0 && c.HoursPerWeek > 0 && !c.EmploymentStart.IsZero() && !c.EmploymentStart.After(last) {
			wage, hours = c.WageCents, c.HoursPerWeek
		}
	}
	if wage == 0 {
		return 0, false, false
	}
	return roundCents(float64(wage) * hours * 13), true, true
}

// roundCents rounds a non-negative amount of cents to the cent, halves up.
func roundCents(f float64) int64 { return int64(f + 0.5) }

// WIOARate is a rate indicator for a cohort.
type WIOARate struct {
	Excluded    int     // left out for an other reason for exit
	Denominator int     // counted: not excluded (credential: and in training)
	Numerator   int     // of those, with a positive outcome
	NoInfo      int     // of the denominator, with no information (coverage)
	Rate        float64 // Numerator / Denominator; 0 when none
	Complete    bool    // the period measured is over for everyone counted
}

// WIOAEarnings is the median earnings indicator for a cohort.
type WIOAEarnings struct {
	Employed    int   // counted (not excluded) and employed in the 2nd quarter after exit
	Known       int   // of those, with earnings recorded or estimated
	Estimated   int   // of the known, estimated from wage × hours × 13
	NoInfo      int   // employed with no earnings information (coverage)
	MedianCents int64 // of the known; 0 when none
	Complete    bool
}

// WIOAIndicators are the four primary indicators for a group of exiters.
type WIOAIndicators struct {
	Exiters      int // everyone in the group's cohort, excluded included
	EmploymentQ2 WIOARate
	EmploymentQ4 WIOARate
	EarningsQ2   WIOAEarnings
	Credential   WIOARate
}

// SummarizeWIOA adds up outcomes as of today.
func SummarizeWIOA(outcomes []WIOAOutcome, today time.Time) WIOAIndicators {
	ind := WIOAIndicators{Exiters: len(outcomes)}
	ind.EmploymentQ2.Complete, ind.EmploymentQ4.Complete, ind.EarningsQ2.Complete, ind.Credential.Complete = true, true, true, true
	var earnings []int64
	for _, o := range outcomes {
		if o.Excluded != "" {
			ind.EmploymentQ2.Excluded++
			ind.EmploymentQ4.Excluded++
			ind.Credential.Excluded++
			continue
		}
		_, q2end := QuarterAfterExit(o.Exit, 2)
		_, q4end := QuarterAfterExit(o.Exit, 4)
		countRate(&ind.EmploymentQ2, o.EmployedQ2, q2end.Before(today))
		countRate(&ind.EmploymentQ4, o.EmployedQ4, q4end.Before(today))
		if o.EmployedQ2 == EvidenceYes {
			e := &ind.EarningsQ2
			e.Employed++
			if !q2end.Before(today) {
				e.Complete = false
			}
			switch {
			case !o.EarningsKnown:
				e.NoInfo++
			default:
				e.Known++
				earnings = append(earnings, o.EarningsQ2Cents)
				if o.EarningsEstimated {
					e.Estimated++
				}
			}
		}
		if o.InTraining {
			countRate(&ind.Credential, o.Credential, o.Exit.AddDate(1, 0, 0).Before(today))
		}
	}
	ind.EarningsQ2.MedianCents = medianCents(earnings)
	return ind
}

// countRate counts one person's evidence into r; over says whether their
// period has ended.
func countRate(r *WIOARate, ev Evidence, over bool) {
	r.Denominator++
	switch ev {
	case EvidenceYes:
		r.Numerator++
	case NoInformation:
		r.NoInfo++
	}
	if !over {
		r.Complete = false
	}
	r.Rate = float64(r.Numerator) / float64(r.Denominator)
}

// medianCents is the median of xs (the mean of the middle two for an even
// count, halves up); 0 for none.
func medianCents(xs []int64) int64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m] + 1) / 2
}

// WIOAGroup is one line of a breakdown: Key is the stored value (a site or
// staff id, a ZIP code, a language code), Label what a person reads.
type WIOAGroup struct {
	Key, Label string
	WIOAIndicators
}

// groupWIOA breaks outcomes down by key (each exit's, in the same order),
// labelled by label, largest group first, then by label.
func groupWIOA(exits []WIOAExit, outcomes []WIOAOutcome, today time.Time, key func(WIOAExit) string, label func(string) string) []WIOAGroup {
	by := map[string][]WIOAOutcome{}
	for i, x := range exits {
		k := key(x)
		by[k] = append(by[k], outcomes[i])
	}
	var out []WIOAGroup
	for k, os := range by {
		l := label(k)
		if k == "" {
			l = "(none)"
		}
		out = append(out, WIOAGroup{Key: k, Label: l, WIOAIndicators: SummarizeWIOA(os, today)})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Exiters != out[j].Exiters {
			return out[i].Exiters > out[j].Exiters
		}
		return out[i].Label < out[j].Label
	})
	return out
}
