package app_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"frontdesk/app"
)

// Tests of the job-retention follow-up engine (seed 004, SETA WIA Directive
// 02-09). Every expected date below was worked out by hand from the
// directive's rules; none is recomputed with the code under test.

// fuD is a calendar day "2006-01-02" as midnight UTC; "" is the zero time.
func fuD(t *testing.T, s string) time.Time {
	t.Helper()
	if s == "" {
		return time.Time{}
	}
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func fuDay(d time.Time) string { return d.Format("2006-01-02") }

// fuRow writes a planned contact as "key kind qN windowStart due".
func fuRow(c app.PlannedContact) string {
	return fmt.Sprintf("%s %s q%d %s %s", c.Key, c.Kind, c.Quarter, fuDay(c.WindowStart), fuDay(c.Due))
}

func fuCheckPlan(t *testing.T, got []app.PlannedContact, want []string) {
	t.Helper()
	var rows []string
	for _, c := range got {
		rows = append(rows, fuRow(c))
		for _, d := range []time.Time{c.WindowStart, c.Due} {
			if d.Location() != time.UTC || d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Nanosecond() != 0 {
				t.Errorf("%s: %v is not a calendar day (midnight UTC)", c.Key, d)
			}
		}
		if c.Due.Before(c.WindowStart) {
			t.Errorf("%s: due %s before window start %s", c.Key, fuDay(c.Due), fuDay(c.WindowStart))
		}
	}
	if strings.Join(rows, "\n") != strings.Join(want, "\n") {
		t.Errorf("plan:\n  %s\nwant:\n  %s", strings.Join(rows, "\n  "), strings.Join(want, "\n  "))
	}
}

// fuWantInvalid checks err is an *app.Error with code EInvalid whose text
// mentions each of mention.
func fuWantInvalid(t *testing.T, err error, mention ...string) *app.Error {
	t.Helper()
	var e *app.Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v (%T); want an *app.Error", err, err)
	}
	if e.Code != app.EInvalid {
		t.Fatalf("got code %q (%v); want %q", e.Code, err, app.EInvalid)
	}
	for _, m := range mention {
		if !strings.Contains(strings.ToLower(e.Error()), strings.ToLower(m)) {
			t.Errorf("error %q does not mention %q", e.Error(), m)
		}
	}
	return e
}

func fuBuiltin(t *testing.T, key string) app.FollowupTemplate {
	t.Helper()
	tmpl, ok := app.BuiltinTemplate(key)
	if !ok {
		t.Fatalf("no built-in template %q", key)
	}
	return tmpl
}

func TestQuarterAfterExit(t *testing.T) {
	// For each exit: the quarter of the exit (n = 0) and the next five.
	tests := []struct {
		exit string
		want [6]string // "first last"
	}{
		{"2027-01-01", [6]string{"2027-01-01 2027-03-31", "2027-04-01 2027-06-30", "2027-07-01 2027-09-30", "2027-10-01 2027-12-31", "2028-01-01 2028-03-31", "2028-04-01 2028-06-30"}},
		{"2027-03-31", [6]string{"2027-01-01 2027-03-31", "2027-04-01 2027-06-30", "2027-07-01 2027-09-30", "2027-10-01 2027-12-31", "2028-01-01 2028-03-31", "2028-04-01 2028-06-30"}},
		{"2027-07-01", [6]string{"2027-07-01 2027-09-30", "2027-10-01 2027-12-31", "2028-01-01 2028-03-31", "2028-04-01 2028-06-30", "2028-07-01 2028-09-30", "2028-10-01 2028-12-31"}},
		{"2027-09-30", [6]string{"2027-07-01 2027-09-30", "2027-10-01 2027-12-31", "2028-01-01 2028-03-31", "2028-04-01 2028-06-30", "2028-07-01 2028-09-30", "2028-10-01 2028-12-31"}},
		{"2027-12-31", [6]string{"2027-10-01 2027-12-31", "2028-01-01 2028-03-31", "2028-04-01 2028-06-30", "2028-07-01 2028-09-30", "2028-10-01 2028-12-31", "2029-01-01 2029-03-31"}},
		// The directive's example: an exit on 1 June makes July–September
		// the 1st and October–December the 2nd quarter after exit.
		{"2026-06-01", [6]string{"2026-04-01 2026-06-30", "2026-07-01 2026-09-30", "2026-10-01 2026-12-31", "2027-01-01 2027-03-31", "2027-04-01 2027-06-30", "2027-07-01 2027-09-30"}},
		// Leap day.
		{"2028-02-29", [6]string{"2028-01-01 2028-03-31", "2028-04-01 2028-06-30", "2028-07-01 2028-09-30", "2028-10-01 2028-12-31", "2029-01-01 2029-03-31", "2029-04-01 2029-06-30"}},
	}
	for _, tt := range tests {
		for n, want := range tt.want {
			t.Run(fmt.Sprintf("%s/n=%d", tt.exit, n), func(t *testing.T) {
				first, last := app.QuarterAfterExit(fuD(t, tt.exit), n)
				if got := fuDay(first) + " " + fuDay(last); got != want {
					t.Errorf("QuarterAfterExit(%s, %d) = %s; want %s", tt.exit, n, got, want)
				}
				if first.Location() != time.UTC || last.Location() != time.UTC {
					t.Errorf("not UTC: %v %v", first, last)
				}
			})
		}
	}
}

func TestAddMonths(t *testing.T) {
	tests := []struct {
		day  string
		n    int
		want string
	}{
		{"2027-01-31", 1, "2027-02-28"},
		{"2028-01-31", 1, "2028-02-29"}, // leap year
		{"2028-02-29", 12, "2029-02-28"},
		{"2028-02-29", -12, "2027-02-28"},
		{"2024-02-29", 48, "2028-02-29"},
		{"2027-08-31", 1, "2027-09-30"},
		{"2027-05-31", 0, "2027-05-31"},
		{"2027-03-31", -1, "2027-02-28"},
		{"2028-03-31", -1, "2028-02-29"},
		{"2027-01-15", -1, "2026-12-15"},
		{"2027-01-31", -2, "2026-11-30"},
		{"2027-10-31", -13, "2026-09-30"},
		{"2026-12-15", 1, "2027-01-15"},
		{"2026-12-31", 2, "2027-02-28"},
		{"2026-11-30", 3, "2027-02-28"},
		{"2027-01-31", 13, "2028-02-29"},
		{"2026-11-16", 1, "2026-12-16"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s%+d", tt.day, tt.n), func(t *testing.T) {
			got := app.AddMonths(fuD(t, tt.day), tt.n)
			if fuDay(got) != tt.want {
				t.Errorf("AddMonths(%s, %d) = %s; want %s", tt.day, tt.n, fuDay(got), tt.want)
			}
		})
	}
}

func TestPlanFollowupsBuiltin(t *testing.T) {
	tests := []struct {
		name             string
		template         string
		employment, exit string
		want             []string
	}{
		// (a) Exit on the last day of the year (and of Q4 2026): Q1 after
		// exit is Jan–Mar 2027, Q2 Apr–Jun, Q3 Jul–Sep. January and July
		// hold the first-week contacts, so the monthly rule skips them;
		// the forms in March, June and September do not block.
		{"a/year end", app.TemplateSETA, "2026-11-16", "2026-12-31", []string{
			"r0 contact q0 2026-11-16 2026-11-22",
			"r1 contact q0 2026-12-16 2026-12-22",
			"r2.q1 contact q1 2027-01-01 2027-01-07",
			"r4.m2 contact q1 2027-02-01 2027-02-28",
			"r4.m3 contact q1 2027-03-01 2027-03-31",
			"r5.q1 form q1 2027-03-01 2027-03-31",
			"r4.m4 contact q2 2027-04-01 2027-04-30",
			"r4.m5 contact q2 2027-05-01 2027-05-31",
			"r4.m6 contact q2 2027-06-01 2027-06-30",
			"r5.q2 form q2 2027-06-01 2027-06-30",
			"r3.q3 contact q3 2027-07-01 2027-07-07",
			"r4.m8 contact q3 2027-08-01 2027-08-31",
			"r4.m9 contact q3 2027-09-01 2027-09-30",
			"r5.q3 form q3 2027-09-01 2027-09-30",
		}},
		{"a/year end", app.TemplateWIOA, "2026-11-16", "2026-12-31", []string{
			"r0 contact q0 2026-11-16 2026-11-22",
			"r3.m1 contact q1 2027-01-01 2027-01-31",
			"r3.m2 contact q1 2027-02-01 2027-02-28",
			"r3.m3 contact q1 2027-03-01 2027-03-31",
			"r1.q2 contact q2 2027-04-01 2027-04-07",
			"r3.m5 contact q2 2027-05-01 2027-05-31",
			"r3.m6 contact q2 2027-06-01 2027-06-30",
			"r4.q2 form q2 2027-06-01 2027-06-30",
			"r3.m7 contact q3 2027-07-01 2027-07-31",
			"r3.m8 contact q3 2027-08-01 2027-08-31",
			"r3.m9 contact q3 2027-09-01 2027-09-30",
			"r2.q4 contact q4 2027-10-01 2027-10-07",
			"r3.m11 contact q4 2027-11-01 2027-11-30",
			"r3.m12 contact q4 2027-12-01 2027-12-31",
			"r5.q4 form q4 2027-12-01 2027-12-31",
		}},
		// (b) Leap year: one month after 31 Jan 2028 is 29 Feb 2028; the
		// exit on 29 Feb falls in Q1 2028, so Q1 after exit is Apr–Jun
		// 2028. March 2028 is still the exit's quarter (q0).
		{"b/leap", app.TemplateSETA, "2028-01-31", "2028-02-29", []string{
			"r0 contact q0 2028-01-31 2028-02-06",
			"r1 contact q0 2028-02-29 2028-03-06",
			"r4.m1 contact q0 2028-03-01 2028-03-31",
			"r2.q1 contact q1 2028-04-01 2028-04-07",
			"r4.m3 contact q1 2028-05-01 2028-05-31",
			"r4.m4 contact q1 2028-06-01 2028-06-30",
			"r5.q1 form q1 2028-06-01 2028-06-30",
			"r4.m5 contact q2 2028-07-01 2028-07-31",
			"r4.m6 contact q2 2028-08-01 2028-08-31",
			"r4.m7 contact q2 2028-09-01 2028-09-30",
			"r5.q2 form q2 2028-09-01 2028-09-30",
			"r3.q3 contact q3 2028-10-01 2028-10-07",
			"r4.m9 contact q3 2028-11-01 2028-11-30",
			"r4.m10 contact q3 2028-12-01 2028-12-31",
			"r5.q3 form q3 2028-12-01 2028-12-31",
		}},
		{"b/leap", app.TemplateWIOA, "2028-01-31", "2028-02-29", []string{
			"r0 contact q0 2028-01-31 2028-02-06",
			"r3.m1 contact q0 2028-03-01 2028-03-31",
			"r3.m2 contact q1 2028-04-01 2028-04-30",
			"r3.m3 contact q1 2028-05-01 2028-05-31",
			"r3.m4 contact q1 2028-06-01 2028-06-30",
			"r1.q2 contact q2 2028-07-01 2028-07-07",
			"r3.m6 contact q2 2028-08-01 2028-08-31",
			"r3.m7 contact q2 2028-09-01 2028-09-30",
			"r4.q2 form q2 2028-09-01 2028-09-30",
			"r3.m8 contact q3 2028-10-01 2028-10-31",
			"r3.m9 contact q3 2028-11-01 2028-11-30",
			"r3.m10 contact q3 2028-12-01 2028-12-31",
			"r2.q4 contact q4 2029-01-01 2029-01-07",
			"r3.m12 contact q4 2029-02-01 2029-02-28",
			"r5.q4 form q4 2029-03-01 2029-03-31",
		}},
		// (c) Exit on the first day of a quarter, employment the same day:
		// Q1 after exit is Jul–Sep 2027, Q3 Jan–Mar 2028. May holds the
		// one-month contact, so the monthly rule starts in June (q0).
		{"c/first day of quarter", app.TemplateSETA, "2027-04-01", "2027-04-01", []string{
			"r0 contact q0 2027-04-01 2027-04-07",
			"r1 contact q0 2027-05-01 2027-05-07",
			"r4.m2 contact q0 2027-06-01 2027-06-30",
			"r2.q1 contact q1 2027-07-01 2027-07-07",
			"r4.m4 contact q1 2027-08-01 2027-08-31",
			"r4.m5 contact q1 2027-09-01 2027-09-30",
			"r5.q1 form q1 2027-09-01 2027-09-30",
			"r4.m6 contact q2 2027-10-01 2027-10-31",
			"r4.m7 contact q2 2027-11-01 2027-11-30",
			"r4.m8 contact q2 2027-12-01 2027-12-31",
			"r5.q2 form q2 2027-12-01 2027-12-31",
			"r3.q3 contact q3 2028-01-01 2028-01-07",
			"r4.m10 contact q3 2028-02-01 2028-02-29",
			"r4.m11 contact q3 2028-03-01 2028-03-31",
			"r5.q3 form q3 2028-03-01 2028-03-31",
		}},
		{"c/first day of quarter", app.TemplateWIOA, "2027-04-01", "2027-04-01", []string{
			"r0 contact q0 2027-04-01 2027-04-07",
			"r3.m1 contact q0 2027-05-01 2027-05-31",
			"r3.m2 contact q0 2027-06-01 2027-06-30",
			"r3.m3 contact q1 2027-07-01 2027-07-31",
			"r3.m4 contact q1 2027-08-01 2027-08-31",
			"r3.m5 contact q1 2027-09-01 2027-09-30",
			"r1.q2 contact q2 2027-10-01 2027-10-07",
			"r3.m7 contact q2 2027-11-01 2027-11-30",
			"r3.m8 contact q2 2027-12-01 2027-12-31",
			"r4.q2 form q2 2027-12-01 2027-12-31",
			"r3.m9 contact q3 2028-01-01 2028-01-31",
			"r3.m10 contact q3 2028-02-01 2028-02-29",
			"r3.m11 contact q3 2028-03-01 2028-03-31",
			"r2.q4 contact q4 2028-04-01 2028-04-07",
			"r5.q4 form q4 2028-06-01 2028-06-30",
		}},
		// (d) Employment only: only the employment-anchored contacts.
		{"d/employment only", app.TemplateSETA, "2026-11-16", "", []string{
			"r0 contact q0 2026-11-16 2026-11-22",
			"r1 contact q0 2026-12-16 2026-12-22",
		}},
		{"d/employment only", app.TemplateWIOA, "2026-11-16", "", []string{
			"r0 contact q0 2026-11-16 2026-11-22",
		}},
		// (e) Exit only: everything but the employment contacts.
		{"e/exit only", app.TemplateSETA, "", "2026-12-31", []string{
			"r2.q1 contact q1 2027-01-01 2027-01-07",
			"r4.m2 contact q1 2027-02-01 2027-02-28",
			"r4.m3 contact q1 2027-03-01 2027-03-31",
			"r5.q1 form q1 2027-03-01 2027-03-31",
			"r4.m4 contact q2 2027-04-01 2027-04-30",
			"r4.m5 contact q2 2027-05-01 2027-05-31",
			"r4.m6 contact q2 2027-06-01 2027-06-30",
			"r5.q2 form q2 2027-06-01 2027-06-30",
			"r3.q3 contact q3 2027-07-01 2027-07-07",
			"r4.m8 contact q3 2027-08-01 2027-08-31",
			"r4.m9 contact q3 2027-09-01 2027-09-30",
			"r5.q3 form q3 2027-09-01 2027-09-30",
		}},
		{"e/exit only", app.TemplateWIOA, "", "2026-12-31", []string{
			"r3.m1 contact q1 2027-01-01 2027-01-31",
			"r3.m2 contact q1 2027-02-01 2027-02-28",
			"r3.m3 contact q1 2027-03-01 2027-03-31",
			"r1.q2 contact q2 2027-04-01 2027-04-07",
			"r3.m5 contact q2 2027-05-01 2027-05-31",
			"r3.m6 contact q2 2027-06-01 2027-06-30",
			"r4.q2 form q2 2027-06-01 2027-06-30",
			"r3.m7 contact q3 2027-07-01 2027-07-31",
			"r3.m8 contact q3 2027-08-01 2027-08-31",
			"r3.m9 contact q3 2027-09-01 2027-09-30",
			"r2.q4 contact q4 2027-10-01 2027-10-07",
			"r3.m11 contact q4 2027-11-01 2027-11-30",
			"r3.m12 contact q4 2027-12-01 2027-12-31",
			"r5.q4 form q4 2027-12-01 2027-12-31",
		}},
		// (f) Neither date: nothing.
		{"f/neither", app.TemplateSETA, "", "", nil},
		{"f/neither", app.TemplateWIOA, "", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.template+"/"+tt.name, func(t *testing.T) {
			plan, err := app.PlanFollowups(fuBuiltin(t, tt.template), fuD(t, tt.employment), fuD(t, tt.exit))
			if err != nil {
				t.Fatal(err)
			}
			fuCheckPlan(t, plan, tt.want)

			// No month holds two contacts; in the SETA schedule, whose
			// monthly contacts run to the end of the 3rd quarter after
			// exit, every form month also holds a contact (forms never
			// block the monthly contact).
			contactMonths := map[string]string{}
			for _, c := range plan {
				if c.Kind != app.KindContact {
					continue
				}
				m := c.WindowStart.Format("2006-01")
				if other, ok := contactMonths[m]; ok {
					t.Errorf("month %s holds two contacts: %s and %s", m, other, c.Key)
				}
				contactMonths[m] = c.Key
			}
			for _, c := range plan {
				if c.Kind == app.KindForm && tt.template == app.TemplateSETA {
					if _, ok := contactMonths[c.WindowStart.Format("2006-01")]; !ok {
						t.Errorf("form %s: no contact in its month %s", c.Key, c.WindowStart.Format("2006-01"))
					}
				}
			}
		})
	}
}

func TestPlanFollowupsBuiltinLabels(t *testing.T) {
	plan, err := app.PlanFollowups(fuBuiltin(t, app.TemplateSETA), fuD(t, "2026-11-16"), fuD(t, "2026-12-31"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"r0":    "Within one week of employment",
		"r1":    "One month after employment",
		"r2.q1": "First week of the 1st quarter after exit",
		"r3.q3": "First week of the 3rd quarter after exit",
		"r4.m2": "Monthly contact",
		"r5.q2": "Quarter-end follow-up form",
	}
	for _, c := range plan {
		if w, ok := want[c.Key]; ok && c.Label != w {
			t.Errorf("%s: label %q; want %q", c.Key, c.Label, w)
		}
	}
}

func TestPlanFollowupsTimeOfDay(t *testing.T) {
	// A date carrying a time of day and a zone counts as its calendar day
	// in that zone.
	pst := time.FixedZone("PST", -8*3600)
	plan, err := app.PlanFollowups(fuBuiltin(t, app.TemplateSETA),
		time.Date(2026, 11, 16, 23, 30, 0, 0, pst), time.Date(2026, 12, 31, 22, 0, 0, 0, pst))
	if err != nil {
		t.Fatal(err)
	}
	if len(plan) != 14 || fuRow(plan[0]) != "r0 contact q0 2026-11-16 2026-11-22" ||
		fuRow(plan[2]) != "r2.q1 contact q1 2027-01-01 2027-01-07" {
		t.Errorf("plan starts %v", plan[:min(3, len(plan))])
	}
}

func TestPlanFollowupsCustomTemplate(t *testing.T) {
	type plannedLabel struct{ row, label string }
	tests := []struct {
		name             string
		rules            []app.FollowupRule
		employment, exit string
		want             []plannedLabel
	}{
		{
			name: "offsets in days weeks months from employment and exit; quarter range",
			rules: []app.FollowupRule{
				{Kind: app.RuleOffset, Anchor: app.AnchorEmployment, Amount: 10, Unit: app.UnitDays, Window: 5},
				{Kind: app.RuleOffset, Anchor: app.AnchorEmployment, Amount: 2, Unit: app.UnitWeeks},
				{Kind: app.RuleOffset, Anchor: app.AnchorEmployment, Amount: 3, Unit: app.UnitMonths, Window: 14},
				{Kind: app.RuleOffset, Anchor: app.AnchorExit, Amount: 30, Unit: app.UnitDays},
				{Kind: app.RuleOffset, Anchor: app.AnchorExit, Amount: 1, Unit: app.UnitWeeks, Label: "  Week after exit  "},
				{Kind: app.RuleOffset, Anchor: app.AnchorExit, Amount: 6, Unit: app.UnitMonths},
				{Kind: app.RuleQuarterStart, Quarter: 1, Through: 4},
				{Kind: app.RuleQuarterEnd, Quarter: 2},
			},
			// Employment 31 Jan 2027; exit 15 May 2027 (Q2 2027), so Q1
			// after exit is Jul–Sep 2027 ... Q4 is Apr–Jun 2028.
			employment: "2027-01-31", exit: "2027-05-15",
			want: []plannedLabel{
				{"r0 contact q0 2027-02-10 2027-02-14", "10 days after employment"},
				{"r1 contact q0 2027-02-14 2027-02-20", "2 weeks after employment"},
				{"r2 contact q0 2027-04-30 2027-05-13", "3 months after employment"},
				{"r4 contact q0 2027-05-22 2027-05-28", "Week after exit"},
				{"r3 contact q0 2027-06-14 2027-06-20", "30 days after exit"},
				{"r6.q1 contact q1 2027-07-01 2027-07-07", "First week of the quarter after exit"},
				{"r6.q2 contact q2 2027-10-01 2027-10-07", "First week of the quarter after exit"},
				{"r5 contact q0 2027-11-15 2027-11-21", "6 months after exit"},
				{"r7.q2 form q2 2027-12-01 2027-12-31", "Quarter-end follow-up form"},
				{"r6.q3 contact q3 2028-01-01 2028-01-07", "First week of the quarter after exit"},
				{"r6.q4 contact q4 2028-04-01 2028-04-07", "First week of the quarter after exit"},
			},
		},
		{
			name: "monthly for 4 months from employment, no exit",
			rules: []app.FollowupRule{
				{Kind: app.RuleOffset, Anchor: app.AnchorEmployment, Amount: 0, Unit: app.UnitDays},
				{Kind: app.RuleMonthly, Anchor: app.AnchorEmployment, UntilMonths: 4},
			},
			employment: "2027-10-20",
			want: []plannedLabel{
				{"r0 contact q0 2027-10-20 2027-10-26", "0 days after employment"},
				{"r1.m1 contact q0 2027-11-01 2027-11-30", "Monthly contact"},
				{"r1.m2 contact q0 2027-12-01 2027-12-31", "Monthly contact"},
				{"r1.m3 contact q0 2028-01-01 2028-01-31", "Monthly contact"},
				{"r1.m4 contact q0 2028-02-01 2028-02-29", "Monthly contact"},
			},
		},
		{
			name: "monthly for 4 months from employment, with an exit in Q4 2027",
			rules: []app.FollowupRule{
				{Kind: app.RuleMonthly, Anchor: app.AnchorEmployment, UntilMonths: 4, Label: "Check in"},
			},
			employment: "2027-10-20", exit: "2027-12-10",
			want: []plannedLabel{
				{"r0.m1 contact q0 2027-11-01 2027-11-30", "Check in"},
				{"r0.m2 contact q0 2027-12-01 2027-12-31", "Check in"},
				{"r0.m3 contact q1 2028-01-01 2028-01-31", "Check in"},
				{"r0.m4 contact q1 2028-02-01 2028-02-29", "Check in"},
			},
		},
		{
			name: "monthly from employment until the end of the 1st quarter after exit",
			rules: []app.FollowupRule{
				{Kind: app.RuleMonthly, Anchor: app.AnchorEmployment, UntilQuarter: 1},
			},
			// Exit in Q1 2027: Q1 after exit is Apr–Jun 2027.
			employment: "2027-01-10", exit: "2027-02-20",
			want: []plannedLabel{
				{"r0.m1 contact q0 2027-02-01 2027-02-28", "Monthly contact"},
				{"r0.m2 contact q0 2027-03-01 2027-03-31", "Monthly contact"},
				{"r0.m3 contact q1 2027-04-01 2027-04-30", "Monthly contact"},
				{"r0.m4 contact q1 2027-05-01 2027-05-31", "Monthly contact"},
				{"r0.m5 contact q1 2027-06-01 2027-06-30", "Monthly contact"},
			},
		},
		{
			name: "monthly until a quarter after exit needs the exit",
			rules: []app.FollowupRule{
				{Kind: app.RuleMonthly, Anchor: app.AnchorEmployment, UntilQuarter: 1},
			},
			employment: "2027-01-10",
			want:       nil,
		},
		{
			name: "a second monthly rule skips months the first one holds",
			rules: []app.FollowupRule{
				{Kind: app.RuleMonthly, Anchor: app.AnchorEmployment, UntilMonths: 2, Label: "A"},
				{Kind: app.RuleMonthly, Anchor: app.AnchorExit, UntilMonths: 3, Label: "B"},
			},
			employment: "2027-01-10", exit: "2027-01-20",
			want: []plannedLabel{
				{"r0.m1 contact q0 2027-02-01 2027-02-28", "A"},
				{"r0.m2 contact q0 2027-03-01 2027-03-31", "A"},
				{"r1.m3 contact q1 2027-04-01 2027-04-30", "B"},
			},
		},
		{
			name: "offset contacts block monthly months, forms do not",
			rules: []app.FollowupRule{
				{Kind: app.RuleQuarterEnd, Quarter: 1, Through: 2},
				{Kind: app.RuleOffset, Anchor: app.AnchorExit, Amount: 2, Unit: app.UnitMonths, Window: 3},
				{Kind: app.RuleMonthly, Anchor: app.AnchorExit, UntilQuarter: 2},
			},
			// Exit 30 Sep 2027 (Q3): Q1 after exit Oct–Dec 2027, Q2 Jan–Mar 2028.
			employment: "", exit: "2027-09-30",
			want: []plannedLabel{
				{"r2.m1 contact q1 2027-10-01 2027-10-31", "Monthly contact"},
				{"r1 contact q0 2027-11-30 2027-12-02", "2 months after exit"},
				{"r2.m3 contact q1 2027-12-01 2027-12-31", "Monthly contact"},
				{"r0.q1 form q1 2027-12-01 2027-12-31", "Quarter-end follow-up form"},
				{"r2.m4 contact q2 2028-01-01 2028-01-31", "Monthly contact"},
				{"r2.m5 contact q2 2028-02-01 2028-02-29", "Monthly contact"},
				{"r2.m6 contact q2 2028-03-01 2028-03-31", "Monthly contact"},
				{"r0.q2 form q2 2028-03-01 2028-03-31", "Quarter-end follow-up form"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmpl := app.FollowupTemplate{Key: "custom-1", Name: "  Custom schedule  ", Rules: tt.rules}
			checked := tmpl
			checked.Rules = append([]app.FollowupRule(nil), tt.rules...)
			if err := app.ValidateTemplate(&checked); err != nil {
				t.Fatalf("ValidateTemplate: %v", err)
			}
			if checked.Name != "Custom schedule" {
				t.Errorf("name %q; want it trimmed", checked.Name)
			}
			before := fmt.Sprint(tmpl.Rules)
			plan, err := app.PlanFollowups(tmpl, fuD(t, tt.employment), fuD(t, tt.exit))
			if err != nil {
				t.Fatal(err)
			}
			if after := fmt.Sprint(tmpl.Rules); after != before {
				t.Errorf("PlanFollowups changed the caller's rules:\n%s\nto\n%s", before, after)
			}
			var want []string
			for _, w := range tt.want {
				want = append(want, w.row)
			}
			fuCheckPlan(t, plan, want)
			for i, c := range plan {
				if i < len(tt.want) && c.Label != tt.want[i].label {
					t.Errorf("%s: label %q; want %q", c.Key, c.Label, tt.want[i].label)
				}
			}
		})
	}
}

func TestValidateTemplateFillsDefaults(t *testing.T) {
	tmpl := app.FollowupTemplate{Name: "Quarterly", Rules: []app.FollowupRule{
		{Kind: app.RuleOffset, Anchor: app.AnchorExit, Amount: 3, Unit: app.UnitWeeks},
		{Kind: app.RuleQuarterStart, Quarter: 2},
		{Kind: app.RuleQuarterEnd, Quarter: 1, Through: 12},
		{Kind: app.RuleMonthly, Anchor: app.AnchorExit, UntilMonths: 36},
	}}
	if err := app.ValidateTemplate(&tmpl); err != nil {
		t.Fatal(err)
	}
	r := tmpl.Rules
	if r[0].Window != 7 || r[0].Label != "3 weeks after exit" {
		t.Errorf("offset rule: window %d label %q; want 7, %q", r[0].Window, r[0].Label, "3 weeks after exit")
	}
	if r[1].Through != 2 || r[1].Label != "First week of the quarter after exit" {
		t.Errorf("quarter start rule: through %d label %q", r[1].Through, r[1].Label)
	}
	if r[2].Through != 12 || r[2].Label != "Quarter-end follow-up form" {
		t.Errorf("quarter end rule: through %d label %q", r[2].Through, r[2].Label)
	}
	if r[3].Label != "Monthly contact" {
		t.Errorf("monthly rule label %q", r[3].Label)
	}
}

func TestValidateTemplateRefuses(t *testing.T) {
	good := app.FollowupRule{Kind: app.RuleOffset, Anchor: app.AnchorEmployment, Amount: 0, Unit: app.UnitDays}
	tooMany := make([]app.FollowupRule, 41)
	for i := range tooMany {
		tooMany[i] = good
	}
	tests := []struct {
		name    string
		tmpl    app.FollowupTemplate
		field   string
		mention []string
	}{
		{"monthly never ends", app.FollowupTemplate{Name: "X", Rules: []app.FollowupRule{good,
			{Kind: app.RuleMonthly, Anchor: app.AnchorExit}}}, "rule 2", []string{"never end"}},
		{"monthly ends both ways", app.FollowupTemplate{Name: "X", Rules: []app.FollowupRule{
			{Kind: app.RuleMonthly, Anchor: app.AnchorExit, UntilQuarter: 3, UntilMonths: 9}}}, "rule 1", []string{"not both"}},
		{"monthly negative months", app.FollowupTemplate{Name: "X", Rules: []app.FollowupRule{
			{Kind: app.RuleMonthly, Anchor: app.AnchorExit, UntilMonths: -1}}}, "rule 1", []string{"36 months"}},
		{"monthly too many months", app.FollowupTemplate{Name: "X", Rules: []app.FollowupRule{
			{Kind: app.RuleMonthly, Anchor: app.AnchorExit, UntilMonths: 37}}}, "rule 1", []string{"36 months"}},
		{"monthly negative quarter", app.FollowupTemplate{Name: "X", Rules: []app.FollowupRule{
			{Kind: app.RuleMonthly, Anchor: app.AnchorExit, UntilQuarter: -2}}}, "rule 1", []string{"12 quarters"}},
		{"monthly quarter 13", app.FollowupTemplate{Name: "X", Rules: []app.FollowupRule{
			{Kind: app.RuleMonthly, Anchor: app.AnchorExit, UntilQuarter: 13}}}, "rule 1", []string{"12 quarters"}},
		{"monthly unknown anchor", app.FollowupTemplate{Name: "X", Rules: []app.FollowupRule{
			{Kind: app.RuleMonthly, Anchor: "enrolment", UntilMonths: 3}}}, "rule 1", []string{"employment or the exit"}},
		{"unknown kind", app.FollowupTemplate{Name: "X", Rules: []app.FollowupRule{good, good,
			{Kind: "yearly"}}}, "rule 3", []string{`"yearly"`, "not a kind of rule"}},
		{"empty kind", app.FollowupTemplate{Name: "X", Rules: []app.FollowupRule{{}}}, "rule 1", []string{"not a kind of rule"}},
		{"unknown unit", app.FollowupTemplate{Name: "X", Rules: []app.FollowupRule{
			{Kind: app.RuleOffset, Anchor: app.AnchorExit, Amount: 1, Unit: "years"}}}, "rule 1", []string{"days, weeks or months"}},
		{"unknown anchor", app.FollowupTemplate{Name: "X", Rules: []app.FollowupRule{
			{Kind: app.RuleOffset, Anchor: "enrolment", Amount: 1, Unit: app.UnitDays}}}, "rule 1", []string{"employment or the exit"}},
		{"missing anchor", app.FollowupTemplate{Name: "X", Rules: []app.FollowupRule{
			{Kind: app.RuleOffset, Amount: 1, Unit: app.UnitDays}}}, "rule 1", []string{"employment or the exit"}},
		{"negative amount", app.FollowupTemplate{Name: "X", Rules: []app.FollowupRule{
			{Kind: app.RuleOffset, Anchor: app.AnchorExit, Amount: -1, Unit: app.UnitWeeks}}}, "rule 1", []string{"offset must be 0 to"}},
		{"amount past three years", app.FollowupTemplate{Name: "X", Rules: []app.FollowupRule{
			{Kind: app.RuleOffset, Anchor: app.AnchorExit, Amount: 37, Unit: app.UnitMonths}}}, "rule 1", []string{"0 to 36 months"}},
		{"negative window", app.FollowupTemplate{Name: "X", Rules: []app.FollowupRule{
			{Kind: app.RuleOffset, Anchor: app.AnchorExit, Amount: 1, Unit: app.UnitWeeks, Window: -3}}}, "rule 1", []string{"1 to 92 days"}},
		{"window too long", app.FollowupTemplate{Name: "X", Rules: []app.FollowupRule{
			{Kind: app.RuleOffset, Anchor: app.AnchorExit, Amount: 1, Unit: app.UnitWeeks, Window: 93}}}, "rule 1", []string{"1 to 92 days"}},
		{"quarter 0", app.FollowupTemplate{Name: "X", Rules: []app.FollowupRule{
			{Kind: app.RuleQuarterStart, Quarter: 0}}}, "rule 1", []string{"1 to 12"}},
		{"quarter 13", app.FollowupTemplate{Name: "X", Rules: []app.FollowupRule{
			{Kind: app.RuleQuarterEnd, Quarter: 13}}}, "rule 1", []string{"1 to 12"}},
		{"negative quarter", app.FollowupTemplate{Name: "X", Rules: []app.FollowupRule{
			{Kind: app.RuleQuarterEnd, Quarter: -1}}}, "rule 1", []string{"1 to 12"}},
		{"through before quarter", app.FollowupTemplate{Name: "X", Rules: []app.FollowupRule{
			{Kind: app.RuleQuarterStart, Quarter: 3, Through: 2}}}, "rule 1", []string{"last quarter must be from 3 to 12"}},
		{"through 13", app.FollowupTemplate{Name: "X", Rules: []app.FollowupRule{
			{Kind: app.RuleQuarterEnd, Quarter: 1, Through: 13}}}, "rule 1", []string{"last quarter must be from 1 to 12"}},
		{"negative through", app.FollowupTemplate{Name: "X", Rules: []app.FollowupRule{
			{Kind: app.RuleQuarterEnd, Quarter: 1, Through: -4}}}, "rule 1", []string{"last quarter"}},
		{"empty name", app.FollowupTemplate{Name: "   ", Rules: []app.FollowupRule{good}}, "name", []string{"required"}},
		{"no rules", app.FollowupTemplate{Name: "X"}, "rules", []string{"at least one rule"}},
		{"too many rules", app.FollowupTemplate{Name: "X", Rules: tooMany}, "rules", []string{"at most 40"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmpl := tt.tmpl
			e := fuWantInvalid(t, app.ValidateTemplate(&tmpl), tt.mention...)
			if e.Field != tt.field {
				t.Errorf("field %q; want %q", e.Field, tt.field)
			}
			// PlanFollowups refuses the same template with the same error.
			plan, err := app.PlanFollowups(tt.tmpl, fuD(t, "2027-01-04"), fuD(t, "2027-02-01"))
			if plan != nil {
				t.Errorf("PlanFollowups planned %d contacts for a bad template", len(plan))
			}
			fuWantInvalid(t, err, tt.mention...)
		})
	}
}

func TestReconcileContacts(t *testing.T) {
	const pid = 42
	seta := fuBuiltin(t, app.TemplateSETA)
	oldPlan, err := app.PlanFollowups(seta, fuD(t, "2026-11-16"), fuD(t, "2026-12-31"))
	if err != nil {
		t.Fatal(err)
	}
	// The old plan is case (a) of TestPlanFollowupsBuiltin; stored with
	// IDs 1.. in plan order:
	//   1 r0, 2 r1, 3 r2.q1, 4 r4.m2, 5 r4.m3, 6 r5.q1, 7 r4.m4, 8 r4.m5,
	//   9 r4.m6, 10 r5.q2, 11 r3.q3, 12 r4.m8, 13 r4.m9, 14 r5.q3
	var stored []app.FollowupContact
	for i, p := range oldPlan {
		stored = append(stored, app.FollowupContact{ID: int64(i + 1), ParticipantID: pid, Key: p.Key, Kind: p.Kind,
			Label: p.Label, Quarter: p.Quarter, WindowStart: p.WindowStart, Due: p.Due, Status: app.ContactOpen})
	}
	if len(stored) != 14 {
		t.Fatalf("old plan has %d contacts; want 14", len(stored))
	}
	set := func(key string, f func(c *app.FollowupContact)) {
		for i := range stored {
			if stored[i].Key == key {
				f(&stored[i])
				return
			}
		}
		t.Fatalf("no stored contact %s", key)
	}
	set("r0", func(c *app.FollowupContact) {
		c.Status, c.DoneOn, c.DoneBy = app.ContactDone, fuD(t, "2026-11-18"), "casey"
	})
	set("r1", func(c *app.FollowupContact) { c.Status, c.Attempts = app.ContactNonResponsive, 3 })
	set("r4.m4", func(c *app.FollowupContact) { c.Attempts = 1 })
	set("r4.m9", func(c *app.FollowupContact) { c.Attempts = 2 })
	set("r3.q3", func(c *app.FollowupContact) {
		c.Status, c.DoneOn, c.DoneBy = app.ContactDone, fuD(t, "2027-07-02"), "casey"
	})
	// Two contacts of an older schedule, no longer planned: one done, one
	// with nothing logged.
	stored = append(stored,
		app.FollowupContact{ID: 15, ParticipantID: pid, Key: "r9", Kind: app.KindContact, Label: "Old",
			WindowStart: fuD(t, "2026-10-01"), Due: fuD(t, "2026-10-07"), Status: app.ContactDone, DoneOn: fuD(t, "2026-10-02")},
		app.FollowupContact{ID: 16, ParticipantID: pid, Key: "r8", Kind: app.KindContact, Label: "Old",
			WindowStart: fuD(t, "2026-10-01"), Due: fuD(t, "2026-10-07"), Status: app.ContactOpen},
	)

	// New dates: employment 14 Sep 2026, exit 5 Oct 2026 (still Q4 2026,
	// so the quarter contacts and forms keep their dates). The monthly
	// contacts count from October now:
	//   m1 Nov q0, m2 Dec q0, (Jan: r2.q1), m4 Feb q1, m5 Mar q1, m6 Apr q2,
	//   m7 May q2, m8 Jun q2, (Jul: r3.q3), m10 Aug q3, m11 Sep q3.
	newPlan, err := app.PlanFollowups(seta, fuD(t, "2026-09-14"), fuD(t, "2026-10-05"))
	if err != nil {
		t.Fatal(err)
	}
	fuCheckPlan(t, newPlan, []string{
		"r0 contact q0 2026-09-14 2026-09-20",
		"r1 contact q0 2026-10-14 2026-10-20",
		"r4.m1 contact q0 2026-11-01 2026-11-30",
		"r4.m2 contact q0 2026-12-01 2026-12-31",
		"r2.q1 contact q1 2027-01-01 2027-01-07",
		"r4.m4 contact q1 2027-02-01 2027-02-28",
		"r4.m5 contact q1 2027-03-01 2027-03-31",
		"r5.q1 form q1 2027-03-01 2027-03-31",
		"r4.m6 contact q2 2027-04-01 2027-04-30",
		"r4.m7 contact q2 2027-05-01 2027-05-31",
		"r4.m8 contact q2 2027-06-01 2027-06-30",
		"r5.q2 form q2 2027-06-01 2027-06-30",
		"r3.q3 contact q3 2027-07-01 2027-07-07",
		"r4.m10 contact q3 2027-08-01 2027-08-31",
		"r4.m11 contact q3 2027-09-01 2027-09-30",
		"r5.q3 form q3 2027-09-01 2027-09-30",
	})

	ch := app.ReconcileContacts(pid, stored, newPlan)

	row := func(c app.FollowupContact) string {
		return fmt.Sprintf("id=%d pid=%d %s %s %q q%d %s %s %s attempts=%d",
			c.ID, c.ParticipantID, c.Key, c.Kind, c.Label, c.Quarter, fuDay(c.WindowStart), fuDay(c.Due), c.Status, c.Attempts)
	}
	rows := func(cs []app.FollowupContact) string {
		var out []string
		for _, c := range cs {
			out = append(out, row(c))
		}
		return strings.Join(out, "\n")
	}
	wantInsert := strings.Join([]string{
		`id=0 pid=42 r4.m1 contact "Monthly contact" q0 2026-11-01 2026-11-30 open attempts=0`,
		`id=0 pid=42 r4.m7 contact "Monthly contact" q2 2027-05-01 2027-05-31 open attempts=0`,
		`id=0 pid=42 r4.m10 contact "Monthly contact" q3 2027-08-01 2027-08-31 open attempts=0`,
		`id=0 pid=42 r4.m11 contact "Monthly contact" q3 2027-09-01 2027-09-30 open attempts=0`,
	}, "\n")
	if got := rows(ch.Insert); got != wantInsert {
		t.Errorf("Insert:\n%s\nwant:\n%s", got, wantInsert)
	}
	// Open contacts whose dates moved; r4.m4 keeps its failed attempt. The
	// done r0 and r3.q3 and the non-responsive r1 are left as they are, and
	// r2.q1 and the forms did not move.
	wantUpdate := strings.Join([]string{
		`id=4 pid=42 r4.m2 contact "Monthly contact" q0 2026-12-01 2026-12-31 open attempts=0`,
		`id=7 pid=42 r4.m4 contact "Monthly contact" q1 2027-02-01 2027-02-28 open attempts=1`,
		`id=8 pid=42 r4.m5 contact "Monthly contact" q1 2027-03-01 2027-03-31 open attempts=0`,
		`id=9 pid=42 r4.m6 contact "Monthly contact" q2 2027-04-01 2027-04-30 open attempts=0`,
		`id=12 pid=42 r4.m8 contact "Monthly contact" q2 2027-06-01 2027-06-30 open attempts=0`,
	}, "\n")
	if got := rows(ch.Update); got != wantUpdate {
		t.Errorf("Update:\n%s\nwant:\n%s", got, wantUpdate)
	}
	// r4.m3 (5) and the old r8 (16) had nothing logged and are no longer
	// planned; r4.m9 (2 attempts) and the done r9 are kept.
	if got := fmt.Sprint(ch.Delete); got != "[5 16]" {
		t.Errorf("Delete = %s; want [5 16]", got)
	}

	// The stored contacts themselves are not changed by reconciling.
	if stored[0].Status != app.ContactDone || fuDay(stored[0].WindowStart) != "2026-11-16" {
		t.Errorf("stored r0 changed: %s", row(stored[0]))
	}
	if fuDay(stored[6].WindowStart) != "2027-04-01" {
		t.Errorf("stored r4.m4 changed: %s", row(stored[6]))
	}

	// Reconciling the result again changes nothing.
	var after []app.FollowupContact
	updated := map[int64]app.FollowupContact{}
	for _, c := range ch.Update {
		updated[c.ID] = c
	}
	deleted := map[int64]bool{}
	for _, id := range ch.Delete {
		deleted[id] = true
	}
	for _, c := range stored {
		if deleted[c.ID] {
			continue
		}
		if u, ok := updated[c.ID]; ok {
			c = u
		}
		after = append(after, c)
	}
	for i, c := range ch.Insert {
		c.ID = int64(100 + i)
		after = append(after, c)
	}
	again := app.ReconcileContacts(pid, after, newPlan)
	if len(again.Insert)+len(again.Update)+len(again.Delete) != 0 {
		t.Errorf("second reconcile not empty: %+v", again)
	}
}

func TestReconcileContactsNoDates(t *testing.T) {
	// Clearing both dates plans nothing: unlogged contacts go, logged stay.
	stored := []app.FollowupContact{
		{ID: 1, Key: "r0", Status: app.ContactDone},
		{ID: 2, Key: "r1", Status: app.ContactOpen},
		{ID: 3, Key: "r2.q1", Status: app.ContactOpen, Attempts: 1},
		{ID: 4, Key: "r4.m2", Status: app.ContactNonResponsive, Attempts: 3},
		{ID: 5, Key: "r5.q1", Status: app.ContactOpen},
	}
	plan, err := app.PlanFollowups(fuBuiltin(t, app.TemplateSETA), time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	ch := app.ReconcileContacts(7, stored, plan)
	if len(ch.Insert) != 0 || len(ch.Update) != 0 || fmt.Sprint(ch.Delete) != "[2 5]" {
		t.Errorf("got %+v; want only Delete [2 5]", ch)
	}
}

func TestParseWage(t *testing.T) {
	tests := []struct {
		in      string
		cents   int64
		mention string // "" means no error
	}{
		{"18.50", 1850, ""},
		{"$18.5", 1850, ""},
		{"18", 1800, ""},
		{".75", 75, ""},
		{" $ 18.50 ", 1850, ""},
		{"0.05", 5, ""},
		{"1,000.00", 100000, ""},
		{"", 0, ""},
		{"1,200.00", 0, "1,000.00"},
		{"1000.01", 0, "1,000.00"},
		{"abc", 0, "not an hourly wage"},
		{"18.505", 0, "not an hourly wage"},
		{"18.", 0, "not an hourly wage"},
		{".", 0, "not an hourly wage"},
		{"-3", 0, "not an hourly wage"},
		{"18.5x", 0, "not an hourly wage"},
		{"123456", 0, "not an hourly wage"},
		{"99999999999999999999", 0, "not an hourly wage"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := app.ParseWage("wage", tt.in)
			if tt.mention == "" {
				if err != nil || got != tt.cents {
					t.Errorf("ParseWage(%q) = %d, %v; want %d", tt.in, got, err, tt.cents)
				}
				return
			}
			if got != 0 {
				t.Errorf("ParseWage(%q) = %d with an error", tt.in, got)
			}
			e := fuWantInvalid(t, err, tt.mention)
			if e.Field != "wage" {
				t.Errorf("field %q; want wage", e.Field)
			}
		})
	}
}

func TestFormatWage(t *testing.T) {
	tests := []struct {
		cents int64
		want  string
	}{
		{1850, "18.50"},
		{1800, "18.00"},
		{75, "0.75"},
		{5, "0.05"},
		{100000, "1000.00"},
		{0, ""},
	}
	for _, tt := range tests {
		if got := app.FormatWage(tt.cents); got != tt.want {
			t.Errorf("FormatWage(%d) = %q; want %q", tt.cents, got, tt.want)
		}
		// What FormatWage writes, ParseWage reads back.
		if back, err := app.ParseWage("wage", app.FormatWage(tt.cents)); err != nil || back != tt.cents {
			t.Errorf("ParseWage(FormatWage(%d)) = %d, %v", tt.cents, back, err)
		}
	}
}

func TestParseHours(t *testing.T) {
	tests := []struct {
		in    string
		want  float64
		isErr bool
	}{
		{"40", 40, false},
		{"37.5", 37.5, false},
		{" 20 ", 20, false},
		{"84", 84, false},
		{"", 0, false},
		{"0", 0, true},
		{"-5", 0, true},
		{"100", 0, true},
		{"84.5", 0, true},
		{"x", 0, true},
		{"NaN", 0, true},
		{"Inf", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := app.ParseHours("hours", tt.in)
			if !tt.isErr {
				if err != nil || got != tt.want {
					t.Errorf("ParseHours(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
				}
				return
			}
			if got != 0 || math.IsNaN(got) {
				t.Errorf("ParseHours(%q) = %v with an error", tt.in, got)
			}
			e := fuWantInvalid(t, err, "hours a week")
			if e.Field != "hours" {
				t.Errorf("field %q; want hours", e.Field)
			}
		})
	}
}
