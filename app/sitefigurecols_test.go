package app_test

import (
	"strings"
	"testing"

	"frontdesk/app"
)

// Every figure of SiteFigures has a column, under its own key, that reads
// its own field.
func TestSiteFigureColumns(t *testing.T) {
	f := app.SiteFigures{CheckIns: 1, Unique: 2, New: 3, Returning: 4, Events: 5, Attended: 6, WalkIns: 7, NoShows: 8,
		Visits: 9, Oriented: 10, Converted: 11, Circulations: 12, OpenLoans: 13, FollowupsDue: 14, FollowupDone: 15, Textable: 16}
	keys := map[string]bool{}
	for i, c := range app.SiteFigureColumns {
		if got := c.Value(f); got != i+1 {
			t.Errorf("column %s reads %d, want %d", c.Key, got, i+1)
		}
		if keys[c.Key] || c.Key != strings.ToLower(c.Key) || strings.ContainsAny(c.Key, " -") || c.Label == "" {
			t.Errorf("column %q %q: keys are unique snake_case, labels given", c.Key, c.Label)
		}
		keys[c.Key] = true
	}
	if len(app.SiteFigureColumns) != 16 {
		t.Errorf("%d columns, want the 16 figures of SiteFigures", len(app.SiteFigureColumns))
	}
}

// The two bands split where they are most nearly as wide as each other.
func TestSiteFigureBands(t *testing.T) {
	n := len(app.SiteFigureColumns)
	even := make([]float64, n)
	for i := range even {
		even[i] = 10
	}
	wide := append([]float64{}, even...)
	wide[0] = 70 // 70+10·(k−1) against 10·(16−k): k = 5 gives 110 against 110
	for _, c := range []struct {
		name   string
		widths []float64
		first  int
	}{
		{"even", even, n / 2},
		{"a wide first column", wide, 5},
		{"no widths", nil, 1},
	} {
		b := app.SiteFigureBands(c.widths)
		if len(b[0]) != c.first || len(b[0])+len(b[1]) != n || b[1][0].Key != app.SiteFigureColumns[c.first].Key {
			t.Errorf("%s: bands of %d and %d, want %d first", c.name, len(b[0]), len(b[1]), c.first)
		}
	}
}
