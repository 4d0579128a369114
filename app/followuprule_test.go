package app_test

import (
	"testing"

	"frontdesk/app"
)

func TestFollowupRuleDescribe(t *testing.T) {
	tests := []struct {
		name string
		rule app.FollowupRule
		want string
	}{
		{"offset", app.FollowupRule{Kind: app.RuleOffset, Anchor: app.AnchorEmployment, Amount: 1, Unit: app.UnitMonths, Window: 7, Label: "One month after employment"},
			"One month after employment (1 month after employment, open 7 days)"},
		{"offset from exit, no label", app.FollowupRule{Kind: app.RuleOffset, Anchor: app.AnchorExit, Amount: 2, Unit: app.UnitWeeks, Window: 10},
			"2 weeks after exit, open 10 days"},
		{"offset, no window yet", app.FollowupRule{Kind: app.RuleOffset, Anchor: app.AnchorEmployment, Unit: app.UnitDays},
			"0 days after employment, open 1 days"},
		{"quarter start", app.FollowupRule{Kind: app.RuleQuarterStart, Quarter: 1, Label: "First week of the 1st quarter after exit"},
			"First week of the 1st quarter after exit (first week of quarter 1 after exit)"},
		{"quarter start, a range", app.FollowupRule{Kind: app.RuleQuarterStart, Quarter: 2, Through: 4},
			"first week of quarters 2–4 after exit"},
		{"quarter end, one quarter", app.FollowupRule{Kind: app.RuleQuarterEnd, Quarter: 3, Through: 3, Label: "Form"},
			"Form (form in the last month of quarter 3 after exit)"},
		{"quarter end, a range", app.FollowupRule{Kind: app.RuleQuarterEnd, Quarter: 1, Through: 3},
			"form in the last month of quarters 1–3 after exit"},
		{"monthly to a quarter", app.FollowupRule{Kind: app.RuleMonthly, Anchor: app.AnchorExit, UntilQuarter: 3, Label: "Monthly contact"},
			"Monthly contact (monthly after exit, to the end of quarter 3 after exit)"},
		{"monthly for months", app.FollowupRule{Kind: app.RuleMonthly, Anchor: app.AnchorEmployment, UntilMonths: 12},
			"monthly after employment, for 12 months"},
		{"unknown kind", app.FollowupRule{Kind: "weekly", Label: "Weekly"}, "Weekly (weekly)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.rule.Describe(); got != tt.want {
				t.Errorf("Describe() = %q, want %q", got, tt.want)
			}
		})
	}
	// every built-in rule is described with its label first
	for _, tm := range app.BuiltinTemplates {
		for i, r := range tm.Rules {
			if got := r.Describe(); len(got) <= len(r.Label) || got[:len(r.Label)] != r.Label {
				t.Errorf("%s rule %d: %q", tm.Key, i+1, got)
			}
		}
	}
}
