package app

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Job-retention follow-up (seed 004, SETA WIA Directive 02-09): once a
// participant gets a job, their case manager contacts them on a schedule
// counted from the employment start and from the exit. A schedule is a
// template of rules; PlanFollowups turns a template and the two dates into
// the contacts due, each with a window of days. Every date here is a
// calendar day, held as midnight UTC of that date (see CalendarDay).
//
// "Quarters after exit" are whole calendar quarters after the quarter in
// which the exit falls: an exit on 1 June (April–June) makes July–September
// the 1st quarter after exit and October–December the 2nd.

// FollowupAnchor is the date a rule counts from.
type FollowupAnchor string

// Anchors.
const (
	AnchorEmployment FollowupAnchor = "employment"
	AnchorExit       FollowupAnchor = "exit"
)

// RuleKind is the sort of a follow-up rule.
type RuleKind string

// Rule kinds.
const (
	// RuleOffset: one contact Amount Units after the anchor, open for
	// Window days from then.
	RuleOffset RuleKind = "offset"
	// RuleQuarterStart: one contact in the first week of each quarter
	// Quarter..Through after exit.
	RuleQuarterStart RuleKind = "quarter_start"
	// RuleQuarterEnd: the follow-up form, in the last month of each quarter
	// Quarter..Through after exit.
	RuleQuarterEnd RuleKind = "quarter_end"
	// RuleMonthly: one contact in each calendar month after the anchor's
	// month, until the end of quarter UntilQuarter after exit or for
	// UntilMonths months. A month that already has another contact of the
	// template gets no second one.
	RuleMonthly RuleKind = "monthly"
)

// TimeUnit is the unit of a rule's offset.
type TimeUnit string

// Units.
const (
	UnitDays   TimeUnit = "days"
	UnitWeeks  TimeUnit = "weeks"
	UnitMonths TimeUnit = "months"
)

// Limits on rules, so that every template ends.
const (
	maxRuleQuarters = 12 // three years after exit
	maxRuleMonths   = 36
	maxRuleRules    = 40
)

// FollowupRule is one line of a follow-up template.
type FollowupRule struct {
	Kind         RuleKind       `json:"kind"`
	Anchor       FollowupAnchor `json:"anchor,omitempty"` // offset and monthly
	Amount       int            `json:"amount,omitempty"` // offset: how many Units
	Unit         TimeUnit       `json:"unit,omitempty"`
	Window       int            `json:"window,omitempty"`  // offset: days the contact stays open (default 7)
	Quarter      int            `json:"quarter,omitempty"` // quarter rules: the first quarter after exit
	Through      int            `json:"through,omitempty"` // quarter rules: the last (0: Quarter only)
	UntilQuarter int            `json:"until_quarter,omitempty"`
	UntilMonths  int            `json:"until_months,omitempty"`
	Label        string         `json:"label,omitempty"` // what staff read; a default is made from the rule
}

// ContactKind tells a contact to make from a follow-up form to fill in.
type ContactKind string

// Contact kinds.
const (
	KindContact ContactKind = "contact"
	KindForm    ContactKind = "form"
)

// FollowupTemplate is a named follow-up schedule.
type FollowupTemplate struct {
	ID        int64  // stored templates; 0 for the built-in ones
	Key       string // "seta-02-09", "wioa", or "custom-<id>"
	Name      string
	Rules     []FollowupRule
	Builtin   bool
	CreatedAt time.Time
	CreatedBy string
}

// Built-in template keys.
const (
	TemplateSETA = "seta-02-09"
	TemplateWIOA = "wioa"
)

// DefaultTemplateKey is the schedule of a case that names none.
const DefaultTemplateKey = TemplateSETA

// BuiltinTemplates are the schedules every site has: SETA WIA Directive
// 02-09 (seed 004) and today's WIOA follow-up.
var BuiltinTemplates = []FollowupTemplate{
	{Key: TemplateSETA, Name: "SETA WIA Directive 02-09 (nine months)", Builtin: true, Rules: []FollowupRule{
		{Kind: RuleOffset, Anchor: AnchorEmployment, Amount: 0, Unit: UnitDays, Window: 7, Label: "Within one week of employment"},
		{Kind: RuleOffset, Anchor: AnchorEmployment, Amount: 1, Unit: UnitMonths, Window: 7, Label: "One month after employment"},
		{Kind: RuleQuarterStart, Quarter: 1, Label: "First week of the 1st quarter after exit"},
		{Kind: RuleQuarterStart, Quarter: 3, Label: "First week of the 3rd quarter after exit"},
		{Kind: RuleMonthly, Anchor: AnchorExit, UntilQuarter: 3, Label: "Monthly contact"},
		{Kind: RuleQuarterEnd, Quarter: 1, Through: 3, Label: "Quarter-end follow-up form"},
	}},
	{Key: TemplateWIOA, Name: "WIOA (2nd and 4th quarters, 12 months)", Builtin: true, Rules: []FollowupRule{
		{Kind: RuleOffset, Anchor: AnchorEmployment, Amount: 0, Unit: UnitDays, Window: 7, Label: "Within one week of employment"},
		{Kind: RuleQuarterStart, Quarter: 2, Label: "First week of the 2nd quarter after exit"},
		{Kind: RuleQuarterStart, Quarter: 4, Label: "First week of the 4th quarter after exit"},
		{Kind: RuleMonthly, Anchor: AnchorExit, UntilMonths: 12, Label: "Monthly contact"},
		{Kind: RuleQuarterEnd, Quarter: 2, Label: "Quarter-end follow-up form"},
		{Kind: RuleQuarterEnd, Quarter: 4, Label: "Quarter-end follow-up form"},
	}},
}

// BuiltinTemplate returns the built-in template with key.
func BuiltinTemplate(key string) (FollowupTemplate, bool) {
	for _, t := range BuiltinTemplates {
		if t.Key == key {
			return t, true
		}
	}
	return FollowupTemplate{}, false
}

// PlannedContact is one contact a schedule asks for.
type PlannedContact struct {
	// Key names the rule and occurrence ("r2", "r5.q1", "r4.m3"); it stays
	// the same when the dates change, so a regenerated schedule keeps what
	// was logged against it.
	Key         string
	Kind        ContactKind
	Label       string
	Quarter     int       // the quarter after exit it belongs to; 0 when none
	WindowStart time.Time // the first day it may be made
	Due         time.Time // the last day of its window
}

// ValidateTemplate checks a template's name and rules and fills in default
// labels and windows. A rule that never ends, or runs past three years, is
// refused.
func ValidateTemplate(t *FollowupTemplate) error {
	var err error
	if t.Name, err = cleanText("name", t.Name, 80, true); err != nil {
		return err
	}
	if len(t.Rules) == 0 {
		return FieldErrorf("rules", "A schedule needs at least one rule.")
	}
	if len(t.Rules) > maxRuleRules {
		return FieldErrorf("rules", "A schedule may have at most %d rules.", maxRuleRules)
	}
	for i := range t.Rules {
		if err := validateRule(&t.Rules[i]); err != nil {
			var e *Error
			if errors.As(err, &e) {
				e.Field = fmt.Sprintf("rule %d", i+1)
			}
			return err
		}
	}
	return nil
}

func validateRule(r *FollowupRule) error {
	var err error
	if r.Label, err = cleanText("label", r.Label, 80, false); err != nil {
		return err
	}
	quarters := func(what string) error {
		if r.Quarter < 1 || r.Quarter > maxRuleQuarters {
			return Errorf(EInvalid, "%s: the quarter after exit must be 1 to %d.", what, maxRuleQuarters)
		}
		if r.Through == 0 {
			r.Through = r.Quarter
		}
		if r.Through < r.Quarter || r.Through > maxRuleQuarters {
			return Errorf(EInvalid, "%s: the last quarter must be from %d to %d.", what, r.Quarter, maxRuleQuarters)
		}
		return nil
	}
	switch r.Kind {
	case RuleOffset:
		if r.Anchor != AnchorEmployment && r.Anchor != AnchorExit {
			return Errorf(EInvalid, "Say whether the contact counts from the employment or the exit.")
		}
		limit := map[TimeUnit]int{UnitDays: 3 * 366, UnitWeeks: 3 * 53, UnitMonths: maxRuleMonths}
		max, ok := limit[r.Unit]
		if !ok {
			return Errorf(EInvalid, "The unit must be days, weeks or months.")
		}
		if r.Amount < 0 || r.Amount > max {
			return Errorf(EInvalid, "The offset must be 0 to %d %s.", max, r.Unit)
		}
		if r.Window == 0 {
			r.Window = 7
		}
		if r.Window < 1 || r.Window > 92 {
			return Errorf(EInvalid, "A contact's window must be 1 to 92 days.")
		}
		if r.Label == "" {
			r.Label = fmt.Sprintf("%d %s after %s", r.Amount, r.Unit, r.Anchor)
		}
	case RuleQuarterStart:
		if err := quarters("First week of quarter"); err != nil {
			return err
		}
		if r.Label == "" {
			r.Label = "First week of the quarter after exit"
		}
	case RuleQuarterEnd:
		if err := quarters("Quarter-end form"); err != nil {
			return err
		}
		if r.Label == "" {
			r.Label = "Quarter-end follow-up form"
		}
	case RuleMonthly:
		if r.Anchor != AnchorEmployment && r.Anchor != AnchorExit {
			return Errorf(EInvalid, "Say whether the monthly contacts count from the employment or the exit.")
		}
		switch {
		case r.UntilQuarter == 0 && r.UntilMonths == 0:
			return Errorf(EInvalid, "Monthly contacts never end: give the last quarter after exit or the number of months.")
		case r.UntilQuarter != 0 && r.UntilMonths != 0:
			return Errorf(EInvalid, "Monthly contacts end either at a quarter after exit or after a number of months, not both.")
		case r.UntilQuarter < 0 || r.UntilQuarter > maxRuleQuarters:
			return Errorf(EInvalid, "Monthly contacts must end within %d quarters after exit.", maxRuleQuarters)
		case r.UntilMonths < 0 || r.UntilMonths > maxRuleMonths:
			return Errorf(EInvalid, "Monthly contacts must end within %d months.", maxRuleMonths)
		}
		if r.Label == "" {
			r.Label = "Monthly contact"
		}
	default:
		return Errorf(EInvalid, "%q is not a kind of rule.", r.Kind)
	}
	return nil
}

// QuarterAfterExit returns the first and last day of the n-th calendar
// quarter after the quarter in which exit falls (n = 0 is that quarter).
func QuarterAfterExit(exit time.Time, n int) (first, last time.Time) {
	q0 := time.Date(exit.Year(), ((exit.Month()-1)/3)*3+1, 1, 0, 0, 0, 0, time.UTC)
	first = q0.AddDate(0, 3*n, 0)
	return first, first.AddDate(0, 3, -1)
}

// AddMonths adds n calendar months to day, keeping the day of the month
// where it exists and otherwise taking the month's last day (31 January
// plus one month is 28 or 29 February, not early March).
func AddMonths(day time.Time, n int) time.Time {
	y, m, d := day.Date()
	first := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC).AddDate(0, n, 0)
	last := first.AddDate(0, 1, -1).Day()
	if d > last {
		d = last
	}
	return time.Date(first.Year(), first.Month(), d, 0, 0, 0, 0, time.UTC)
}

// PlanFollowups returns the contacts template t asks for, given the
// employment start and the exit (either may be zero: rules counting from a
// missing date give nothing), in order of window start, then key.
func PlanFollowups(t FollowupTemplate, employment, exit time.Time) ([]PlannedContact, error) {
	// Validate a copy of the rules: ValidateTemplate fills in defaults, and
	// the caller's slice (a built-in template's is shared) must not change.
	t.Rules = append([]FollowupRule(nil), t.Rules...)
	if err := ValidateTemplate(&t); err != nil {
		return nil, err
	}
	day := func(x time.Time) time.Time {
		if x.IsZero() {
			return x
		}
		return time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, time.UTC)
	}
	employment, exit = day(employment), day(exit)
	anchor := func(a FollowupAnchor) time.Time {
		if a == AnchorExit {
			return exit
		}
		return employment
	}
	var out []PlannedContact
	var monthly []int // rules filled in after the others
	for i, r := range t.Rules {
		key := "r" + strconv.Itoa(i)
		switch r.Kind {
		case RuleOffset:
			a := anchor(r.Anchor)
			if a.IsZero() {
				continue
			}
			var start time.Time
			switch r.Unit {
			case UnitDays:
				start = a.AddDate(0, 0, r.Amount)
			case UnitWeeks:
				start = a.AddDate(0, 0, 7*r.Amount)
			default:
				start = AddMonths(a, r.Amount)
			}
			out = append(out, PlannedContact{Key: key, Kind: KindContact, Label: r.Label,
				WindowStart: start, Due: start.AddDate(0, 0, r.Window-1)})
		case RuleQuarterStart, RuleQuarterEnd:
			if exit.IsZero() {
				continue
			}
			for q := r.Quarter; q <= r.Through; q++ {
				first, last := QuarterAfterExit(exit, q)
				c := PlannedContact{Key: fmt.Sprintf("%s.q%d", key, q), Kind: KindContact, Label: r.Label, Quarter: q,
					WindowStart: first, Due: first.AddDate(0, 0, 6)}
				if r.Kind == RuleQuarterEnd {
					c.Kind, c.WindowStart, c.Due = KindForm, first.AddDate(0, 2, 0), last
				}
				out = append(out, c)
			}
		case RuleMonthly:
			monthly = append(monthly, i)
		}
	}
	for _, i := range monthly {
		r := t.Rules[i]
		a := anchor(r.Anchor)
		if a.IsZero() {
			continue
		}
		var end time.Time // the last day a monthly contact may start
		if r.UntilQuarter > 0 {
			if exit.IsZero() {
				continue
			}
			_, end = QuarterAfterExit(exit, r.UntilQuarter)
		} else {
			end = AddMonths(a, r.UntilMonths)
		}
		taken := map[time.Time]bool{}
		for _, c := range out {
			if c.Kind == KindContact {
				taken[monthStart(c.WindowStart)] = true
			}
		}
		for k := 1; ; k++ {
			first := monthStart(a).AddDate(0, k, 0)
			if first.After(end) {
				break
			}
			if taken[first] {
				continue
			}
			taken[first] = true
			out = append(out, PlannedContact{Key: fmt.Sprintf("r%d.m%d", i, k), Kind: KindContact, Label: r.Label,
				Quarter: quarterOf(exit, first), WindowStart: first, Due: first.AddDate(0, 1, -1)})
		}
	}
	sortPlanned(out)
	return out, nil
}

func monthStart(d time.Time) time.Time {
	return time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// quarterOf returns which quarter after exit day falls in (0 when there is
// no exit or day is not after the exit's quarter).
func quarterOf(exit, day time.Time) int {
	if exit.IsZero() {
		return 0
	}
	q := (day.Year()-exit.Year())*4 + (int(day.Month())-1)/3 - (int(exit.Month())-1)/3
	if q < 0 {
		return 0
	}
	return q
}

func sortPlanned(cs []PlannedContact) {
	// insertion sort: schedules are a few dozen contacts
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && plannedLess(cs[j], cs[j-1]); j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}

func plannedLess(a, b PlannedContact) bool {
	if !a.WindowStart.Equal(b.WindowStart) {
		return a.WindowStart.Before(b.WindowStart)
	}
	if a.Kind != b.Kind {
		return a.Kind == KindContact
	}
	return a.Key < b.Key
}

// ParseWage reads an hourly wage typed by a person ("18.50", "$18.50",
// "18") into cents. "" gives 0 and ok; anything that is not a sum of money
// gives an EInvalid error about field.
func ParseWage(field, s string) (int64, error) {
	cents, s, ok := parseDollars(s, 100000)
	switch {
	case !ok:
		return 0, FieldErrorf(field, "%q is not an hourly wage: type dollars and cents, like 18.50.", s)
	case cents < 0:
		return 0, FieldErrorf(field, "$%s an hour is more than this form takes ($1,000.00).", s)
	}
	return cents, nil
}

// ParseEarnings reads a quarter's earnings in dollars ("7800", "$7,800.50")
// as cents; "" gives 0.
func ParseEarnings(field, s string) (int64, error) {
	cents, s, ok := parseDollars(s, maxQuarterEarningsCents)
	switch {
	case !ok:
		return 0, FieldErrorf(field, "%q is not an amount of dollars: type dollars and cents, like 7,800.00.", s)
	case cents < 0:
		return 0, FieldErrorf(field, "$%s is more than a quarter's earnings this form takes ($250,000.00).", s)
	}
	return cents, nil
}

// parseDollars reads dollars and cents ("18.50", "$7,800", "") as cents:
// ok is false for anything else, and cents is -1 past maxCents; clean is
// the text as read (without "$" and commas), for messages.
func parseDollars(s string, maxCents int64) (cents int64, clean string, ok bool) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "$"))
	if s == "" {
		return 0, s, true
	}
	s = strings.ReplaceAll(s, ",", "")
	whole, frac, hasFrac := strings.Cut(s, ".")
	if whole == "" {
		whole = "0"
	}
	if hasFrac && (len(frac) == 0 || len(frac) > 2) || !allDigits(whole) || !allDigits(frac) || len(whole) > len(strconv.FormatInt(maxCents/100, 10))+1 {
		return 0, s, false
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	for len(frac) < 2 {
		frac += "0"
	}
	c, _ := strconv.ParseInt(frac, 10, 64)
	if cents = w*100 + c; cents > maxCents {
		return -1, s, true
	}
	return cents, s, true
}

// FormatWage writes cents as dollars and cents ("18.50"); 0 gives "".
func FormatWage(cents int64) string {
	if cents == 0 {
		return ""
	}
	return fmt.Sprintf("%d.%02d", cents/100, cents%100)
}

// FormatEarnings writes cents as dollars and cents, grouped ("7,800.01").
func FormatEarnings(cents int64) string {
	return FormatCount(int(cents/100)) + fmt.Sprintf(".%02d", cents%100)
}

// ParseHours reads hours per week ("40", "37.5"); "" gives 0.
func ParseHours(field, s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	h, err := strconv.ParseFloat(s, 64)
	if err != nil || !(h > 0 && h <= 84) { // !(...) also refuses NaN
		return 0, FieldErrorf(field, "%q is not a number of hours a week (1 to 84).", s)
	}
	return h, nil
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// ContactChanges is what ReconcileContacts decided.
type ContactChanges struct {
	Insert []FollowupContact // new contacts (open)
	Update []FollowupContact // stored contacts with new dates or wording
	Delete []int64           // stored contacts nothing was logged on, no longer asked for
}

// ReconcileContacts brings a participant's stored contacts in line with a
// new plan, losing nothing logged: a contact done or non-responsive is kept
// as it is; an open one with failed attempts keeps them and takes the new
// dates; one no longer planned is deleted only if nothing was logged on it.
func ReconcileContacts(participantID int64, stored []FollowupContact, plan []PlannedContact) ContactChanges {
	var ch ContactChanges
	byKey := make(map[string]FollowupContact, len(stored))
	for _, c := range stored {
		byKey[c.Key] = c
	}
	planned := make(map[string]bool, len(plan))
	for _, p := range plan {
		planned[p.Key] = true
		c, ok := byKey[p.Key]
		if !ok {
			ch.Insert = append(ch.Insert, FollowupContact{ParticipantID: participantID, Key: p.Key, Kind: p.Kind,
				Label: p.Label, Quarter: p.Quarter, WindowStart: p.WindowStart, Due: p.Due, Status: ContactOpen})
			continue
		}
		if c.Status != ContactOpen {
			continue
		}
		if c.Kind != p.Kind || c.Label != p.Label || c.Quarter != p.Quarter ||
			!c.WindowStart.Equal(p.WindowStart) || !c.Due.Equal(p.Due) {
			c.Kind, c.Label, c.Quarter, c.WindowStart, c.Due = p.Kind, p.Label, p.Quarter, p.WindowStart, p.Due
			ch.Update = append(ch.Update, c)
		}
	}
	for _, c := range stored {
		if !planned[c.Key] && !c.Logged() {
			ch.Delete = append(ch.Delete, c.ID)
		}
	}
	return ch
}
