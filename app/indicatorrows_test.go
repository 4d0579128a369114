package app_test

import (
	"strings"
	"testing"

	"frontdesk/app"
)

// The preview's rows: the four indicators in DOL's order with their
// counts and levels; a level is met as people read the figures (to a tenth
// of a percent, to the cent); a figure with nobody behind it is a dash, a
// running one is starred.
func TestWIOAIndicatorRows(t *testing.T) {
	ind := app.WIOAIndicators{Exiters: 12,
		EmploymentQ2: app.WIOARate{Excluded: 2, Denominator: 10, Numerator: 7, NoInfo: 1, Rate: 0.69996, Complete: true},
		EmploymentQ4: app.WIOARate{Excluded: 2, Denominator: 10, Numerator: 6, NoInfo: 3, Rate: 0.6994},
		EarningsQ2:   app.WIOAEarnings{Employed: 7, Known: 5, Estimated: 2, NoInfo: 2, MedianCents: 799999, Complete: true},
		Credential:   app.WIOARate{Excluded: 2, Complete: true},
	}
	levels := app.WIOATargets{ProgramYear: 2025, EmploymentQ2: 0.70, EmploymentQ4: 0.70, MedianCents: 800000}
	rows := app.WIOAIndicatorRows(ind, levels)
	var keys []string
	for _, r := range rows {
		keys = append(keys, r.Key)
	}
	if strings.Join(keys, " ") != "employment_q2 employment_q4 earnings_q2 credential" {
		t.Fatalf("keys %v", keys)
	}
	q2, q4, e, c := rows[0], rows[1], rows[2], rows[3]
	for _, x := range []struct {
		name string
		got  any
		want any
	}{
		{"q2 meets (70.0% shown)", q2.MeetsTarget(), true},
		{"q4 meets (69.9% shown)", q4.MeetsTarget(), false},
		{"earnings meet ($7,999.99)", e.MeetsTarget(), false},
		{"credential has no level", c.HasTarget(), false},
		{"credential meets without a level", c.MeetsTarget(), false},
		{"q2 judged", q2.Judged(), true},
		{"q2 shown", q2.Shown(), "70.0%"},
		{"q4 shown, running", q4.Shown(), "69.9% *"},
		{"earnings shown", e.Shown(), "$7,999.99"},
		{"credential shown, nobody in training", c.Shown(), app.NotOverYet},
		{"q2 counts", q2.Counts(), "7 of 10 · 1 no info"},
		{"earnings counts", e.Counts(), "5 of 7 · 2 no info"},
		{"earnings excluded", e.Excluded, 2},
		{"earnings estimated", e.Estimated, 2},
		{"q4 level", q4.FormatTarget(), "70.0%"},
		{"earnings level", e.FormatTarget(), "$8,000.00"},
		{"credential level", c.FormatTarget(), ""},
		{"earnings cents", e.Cents(), int64(799999)},
		{"q2 label", q2.Label + " / " + q2.Spanish, "Employment rate, 2nd quarter after exit / Tasa de empleo, 2.º trimestre después de la salida"},
	} {
		if x.got != x.want {
			t.Errorf("%s: %v, want %v", x.name, x.got, x.want)
		}
	}
	// no earnings known: no median, and nothing to hold against the level
	if r := app.WIOAIndicatorRows(app.WIOAIndicators{EarningsQ2: app.WIOAEarnings{Employed: 3, NoInfo: 3}}, levels)[2]; r.HasValue() || r.Judged() || r.MeetsTarget() {
		t.Errorf("a median of nobody's earnings: %+v", r)
	}
}

func TestWIOABreakdownsAndSites(t *testing.T) {
	p := app.WIOAPreview{BySite: []app.WIOAGroup{{Key: "3", Label: "Bronx"}}, ByZIP: []app.WIOAGroup{{Key: "10451"}}}
	var got []string
	for _, b := range p.Breakdowns() {
		got = append(got, b.Key+":"+b.Heading+"/"+b.HeadingES)
	}
	want := "by_site:By site/Por sede by_case_manager:By case manager/Por administrador de casos " +
		"by_zip:By ZIP code/Por código postal by_language:By language/Por idioma"
	if strings.Join(got, " ") != want {
		t.Errorf("breakdowns %q", got)
	}
	if p.SiteText() != "All sites" {
		t.Errorf("all sites: %q", p.SiteText())
	}
	p.Query.SiteID = 3
	if p.SiteText() != "Bronx" {
		t.Errorf("one site: %q", p.SiteText())
	}
	p.BySite = nil
	if p.SiteText() != "Site 3" {
		t.Errorf("a site with no exits: %q", p.SiteText())
	}
}
