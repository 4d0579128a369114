package app

import "fmt"

// Describe says in one line what the rule asks for, for lists of
// schedules: the label, then how the rule counts in brackets ("One month
// after employment (1 months after employment, open 7 days)"). A rule
// without a label is just the how.
func (r FollowupRule) Describe() string {
	var how string
	quarters := func() string {
		if r.Through > r.Quarter {
			return fmt.Sprintf("quarters %d–%d after exit", r.Quarter, r.Through)
		}
		return fmt.Sprintf("quarter %d after exit", r.Quarter)
	}
	switch r.Kind {
	case RuleOffset:
		how = fmt.Sprintf("%d %s after %s, open %d days", r.Amount, r.Unit, r.Anchor, max(r.Window, 1))
	case RuleQuarterStart:
		how = "first week of " + quarters()
	case RuleQuarterEnd:
		how = "form in the last month of " + quarters()
	case RuleMonthly:
		if r.UntilQuarter > 0 {
			how = fmt.Sprintf("monthly after %s, to the end of quarter %d after exit", r.Anchor, r.UntilQuarter)
		} else {
			how = fmt.Sprintf("monthly after %s, for %d months", r.Anchor, r.UntilMonths)
		}
	default:
		how = string(r.Kind)
	}
	if r.Label == "" {
		return how
	}
	return r.Label + " (" + how + ")"
}
