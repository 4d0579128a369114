package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// WIOAQuery asks for the WIOA preview of one exit cohort.
type WIOAQuery struct {
	SiteID int64 // 0: every site
	// Year and Quarter name the cohort: calendar quarter Quarter (1–4) of
	// Year, or with Quarter 0 program year Year (July 1 of Year to June 30
	// of Year+1).
	Year, Quarter int
}

// Cohort returns the first and last exit day of q's cohort and its name
// ("2026 Q2 (Apr 1 – Jun 30, 2026)", "PY 2025 (Jul 1, 2025 – Jun 30, 2026)").
func (q WIOAQuery) Cohort() (first, last time.Time, name string) {
	if q.Quarter == 0 {
		first, last = ProgramYearDays(q.Year)
		return first, last, fmt.Sprintf("PY %d (%s – %s)", q.Year, first.Format("Jan 2, 2006"), last.Format("Jan 2, 2006"))
	}
	c := Quarter{Year: q.Year, Q: q.Quarter}
	return c.First(), c.Last(), fmt.Sprintf("%s (%s – %s)", c, c.First().Format("Jan 2"), c.Last().Format("Jan 2, 2006"))
}

// WIOAPreview is the WIOA performance preview of an exit cohort: the four
// indicators for everyone in it and broken down by site, case manager, ZIP
// code and language (seed 003's equity lens), with each exiter's outcome
// behind them.
type WIOAPreview struct {
	Query       WIOAQuery
	First, Last time.Time // the cohort's exit days
	Cohort      string    // its name (WIOAQuery.Cohort)
	Today       time.Time // the calendar day the figures are as of
	Overall     WIOAIndicators
	BySite      []WIOAGroup
	ByManager   []WIOAGroup // Key: the staff id ("" for nobody yet)
	ByZIP       []WIOAGroup
	ByLanguage  []WIOAGroup
	Outcomes    []WIOAOutcome // by exit day, then participant
	// Targets are the negotiated levels of the cohort's program year (of
	// the quarter's, for a quarter), shown beside the rates.
	Targets WIOATargets

	exits []WIOAExit // Outcomes' exits, in the same order: their groups
}

// MaxWIOAYear and MinWIOAYear bound the years a preview may ask for.
const (
	MinWIOAYear = 2000
	MaxWIOAYear = 2100
)

// WIOAPreview computes the preview for q (directors). Nothing is written:
// the figures are counts; the people behind them are listed by
// WIOAPeople, which is audited.
func (s *Service) WIOAPreview(ctx context.Context, q WIOAQuery) (WIOAPreview, error) {
	ctx = onlineOnly(ctx) // never from a desk's local copy: see OnlineOnly
	if _, err := require(ctx, RoleDirector); err != nil {
		return WIOAPreview{}, err
	}
	if q.Year < MinWIOAYear || q.Year > MaxWIOAYear {
		return WIOAPreview{}, FieldErrorf("year", "%d is not a year the preview covers (%d to %d).", q.Year, MinWIOAYear, MaxWIOAYear)
	}
	if q.Quarter < 0 || q.Quarter > 4 {
		return WIOAPreview{}, FieldErrorf("quarter", "A quarter is 1 to 4 (or none, for the program year).")
	}
	if q.SiteID < 0 {
		return WIOAPreview{}, FieldErrorf("site", "choose a site or all sites")
	}
	p := WIOAPreview{Query: q}
	p.First, p.Last, p.Cohort = q.Cohort()
	var exits []WIOAExit
	var sites []Site
	err := s.store.View(ctx, func(tx Tx) (err error) {
		if sites, err = tx.Sites(ctx); err != nil {
			return err
		}
		if q.SiteID != 0 {
			if _, err := tx.Site(ctx, q.SiteID); err != nil {
				return err
			}
		}
		if p.Targets, err = loadWIOATargets(ctx, tx, ProgramYearOf(p.First)); err != nil {
			return err
		}
		exits, err = tx.WIOAExits(ctx, q.SiteID, p.First, p.Last)
		return err
	})
	if err != nil {
		return WIOAPreview{}, err
	}
	// today at the site of the preview (the first site for all of them)
	loc := time.UTC
	for _, site := range sites {
		if q.SiteID == 0 || site.ID == q.SiteID {
			loc = site.Location()
			break
		}
	}
	p.Today = CalendarDay(s.now(), loc)
	for _, x := range exits {
		p.Outcomes = append(p.Outcomes, EvaluateWIOAExit(x, p.Today))
	}
	p.Overall = SummarizeWIOA(p.Outcomes, p.Today)
	siteNames := map[string]string{}
	for _, site := range sites {
		siteNames[strconv.FormatInt(site.ID, 10)] = site.Name
	}
	managers := map[string]string{}
	for _, x := range exits {
		if x.Case.CaseManagerID != 0 {
			managers[strconv.FormatInt(x.Case.CaseManagerID, 10)] = x.Case.CaseManager
		}
	}
	p.exits = exits
	group := func(breakdown string, label func(string) string) []WIOAGroup {
		return groupWIOA(exits, p.Outcomes, p.Today, func(x WIOAExit) string { return wioaGroupKey(breakdown, x) }, label)
	}
	p.BySite = group(WIOABySite, func(k string) string { return siteNames[k] })
	p.ByManager = group(WIOAByManager, func(k string) string { return managers[k] })
	p.ByZIP = group(WIOAByZIP, func(k string) string { return k })
	p.ByLanguage = group(WIOAByLanguage, func(k string) string { return LanguageName(k, "en") })
	return p, nil
}

// The breakdowns of a WIOA preview (WIOABreakdown.Key).
const (
	WIOABySite     = "by_site"
	WIOAByManager  = "by_case_manager"
	WIOAByZIP      = "by_zip"
	WIOAByLanguage = "by_language"
)

// wioaGroupKey is the group of breakdown an exit falls in (WIOAGroup.Key):
// the site's id, the case manager's id ("" for none), the ZIP code or the
// language code.
func wioaGroupKey(breakdown string, x WIOAExit) string {
	switch breakdown {
	case WIOABySite:
		return strconv.FormatInt(x.Participant.SiteID, 10)
	case WIOAByManager:
		if x.Case.CaseManagerID == 0 {
			return ""
		}
		return strconv.FormatInt(x.Case.CaseManagerID, 10)
	case WIOAByZIP:
		return x.Participant.ZIP
	case WIOAByLanguage:
		return x.Participant.Language
	}
	return ""
}

// WIOAGroupRef names one group of one breakdown of a WIOA preview (the
// zero value: everyone in the cohort).
type WIOAGroupRef struct {
	Breakdown string // WIOABySite, WIOAByManager, WIOAByZIP or WIOAByLanguage
	Key       string // the group's WIOAGroup.Key
}

// The figures of a WIOA preview whose people WIOAPeople lists.
const (
	WIOAEmployedQ2        = "employed_q2"        // employed in the 2nd quarter after exit
	WIOANoInfoQ2          = "no_info_q2"         // no information on the 2nd quarter
	WIOAEmployedQ4        = "employed_q4"        // employed in the 4th quarter after exit
	WIOANoInfoQ4          = "no_info_q4"         // no information on the 4th quarter
	WIOAEarningsEstimated = "earnings_estimated" // 2nd-quarter earnings estimated from wage × hours
	WIOAEarningsNoInfo    = "earnings_no_info"   // employed in the 2nd quarter, earnings unknown
	WIOACredential        = "credential"         // credential attained within a year after exit
	WIOACredentialNoInfo  = "credential_no_info" // in training, nothing recorded yet
	WIOAExcluded          = "excluded"           // left out for an other reason for exit
)

// WIOAFigures lists the figures WIOAPeople accepts.
var WIOAFigures = []string{WIOAEmployedQ2, WIOANoInfoQ2, WIOAEmployedQ4, WIOANoInfoQ4, WIOAEarningsEstimated,
	WIOAEarningsNoInfo, WIOACredential, WIOACredentialNoInfo, WIOAExcluded}

// wioaCounts reports whether outcome o is behind figure.
func wioaCounts(figure string, o WIOAOutcome) bool {
	counted := o.Excluded == ""
	switch figure {
	case WIOAEmployedQ2:
		return counted && o.EmployedQ2 == EvidenceYes
	case WIOANoInfoQ2:
		return counted && o.EmployedQ2 == NoInformation
	case WIOAEmployedQ4:
		return counted && o.EmployedQ4 == EvidenceYes
	case WIOANoInfoQ4:
		return counted && o.EmployedQ4 == NoInformation
	case WIOAEarningsEstimated:
		return counted && o.EmployedQ2 == EvidenceYes && o.EarningsKnown && o.EarningsEstimated
	case WIOAEarningsNoInfo:
		return counted && o.EmployedQ2 == EvidenceYes && !o.EarningsKnown
	case WIOACredential:
		return counted && o.InTraining && o.Credential == EvidenceYes
	case WIOACredentialNoInfo:
		return counted && o.InTraining && o.Credential == NoInformation
	case WIOAExcluded:
		return !counted
	}
	return false
}

// WIOAPeople lists the people behind one figure of the preview of q (see
// WIOAFigures), at most MaxReportList, by last name, first name and id
// (directors): the follow-up list of whoever has no information is where a
// center finds whom to call. It is audited ("wioa.drill") with the figure,
// the cohort and the count only.
func (s *Service) WIOAPeople(ctx context.Context, q WIOAQuery, figure string) ([]Participant, error) {
	return s.WIOAGroupPeople(ctx, q, figure, WIOAGroupRef{})
}

// WIOAGroupPeople is WIOAPeople for the people of one group of a breakdown
// (in), audited with the group too.
func (s *Service) WIOAGroupPeople(ctx context.Context, q WIOAQuery, figure string, in WIOAGroupRef) ([]Participant, error) {
	if !oneOf(figure, WIOAFigures) {
		return nil, FieldErrorf("figure", "%q is not a figure of the WIOA preview", truncate(figure, 40))
	}
	if in.Breakdown != "" && !oneOf(in.Breakdown, []string{WIOABySite, WIOAByManager, WIOAByZIP, WIOAByLanguage}) {
		return nil, FieldErrorf("breakdown", "%q is not a breakdown of the WIOA preview", truncate(in.Breakdown, 40))
	}
	p, err := s.WIOAPreview(ctx, q)
	if err != nil {
		return nil, err
	}
	a, _ := ActorFrom(ctx)
	var out []Participant
	err = s.store.View(ctx, func(tx Tx) error {
		for i, o := range p.Outcomes {
			if !wioaCounts(figure, o) || in.Breakdown != "" && wioaGroupKey(in.Breakdown, p.exits[i]) != in.Key {
				continue
			}
			person, err := tx.Participant(ctx, o.ParticipantID)
			if err != nil {
				return err
			}
			out = append(out, person)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sortByName(out)
	if len(out) > MaxReportList {
		out = out[:MaxReportList]
	}
	detail := fmt.Sprintf("figure=%s site=%d cohort=%s", figure, q.SiteID, p.First.Format(time.DateOnly)+".."+p.Last.Format(time.DateOnly))
	if in.Breakdown != "" {
		detail += fmt.Sprintf(" %s=%q", in.Breakdown, truncate(in.Key, 40))
	}
	detail += fmt.Sprintf(" count=%d", len(out))
	err = s.store.Update(ctx, func(tx Tx) error {
		return tx.AppendAudit(ctx, s.audit(a, "wioa.drill", "report", q.SiteID, detail))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// sortByName orders people by last name, first name (ignoring case and
// accents, as search does) and id.
func sortByName(ps []Participant) {
	slices.SortStableFunc(ps, func(a, b Participant) int {
		if c := strings.Compare(FoldName(a.LastName), FoldName(b.LastName)); c != 0 {
			return c
		}
		if c := strings.Compare(FoldName(a.FirstName), FoldName(b.FirstName)); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}
