package app

import "strings"

// Describe says in one line what the rule asks for, for lists of
// schedules: the label, then how the rule counts in brackets ("One month
// after employment (1 month after employment, open 7 days)"). A rule
// without a label is just the how.
func (r FollowupRule) Describe() string { return r.DescribeIn(nil) }

// DescribeIn is Describe in c's language; a built-in label is translated,
// one a person wrote stays as written.
func (r FollowupRule) DescribeIn(c *Catalog) string {
	var how string
	unit := string(r.Unit)
	if r.Amount == 1 {
		unit = strings.TrimSuffix(unit, "s") // "1 month"
	}
	ranged := r.Through > r.Quarter
	switch {
	case r.Kind == RuleOffset:
		how = c.Sprintf("%d %s after %s, open %d days", r.Amount, unit, r.Anchor, max(r.Window, 1))
	case r.Kind == RuleQuarterStart && ranged:
		how = c.Sprintf("first week of quarters %d–%d after exit", r.Quarter, r.Through)
	case r.Kind == RuleQuarterStart:
		how = c.Sprintf("first week of quarter %d after exit", r.Quarter)
	case r.Kind == RuleQuarterEnd && ranged:
		how = c.Sprintf("form in the last month of quarters %d–%d after exit", r.Quarter, r.Through)
	case r.Kind == RuleQuarterEnd:
		how = c.Sprintf("form in the last month of quarter %d after exit", r.Quarter)
	case r.Kind == RuleMonthly && r.UntilQuarter > 0:
		how = c.Sprintf("monthly after %s, to the end of quarter %d after exit", r.Anchor, r.UntilQuarter)
	case r.Kind == RuleMonthly:
		how = c.Sprintf("monthly after %s, for %d months", r.Anchor, r.UntilMonths)
	default:
		how = string(r.Kind)
	}
	if r.Label == "" {
		return how
	}
	return c.Word(r.Label) + " (" + how + ")"
}
