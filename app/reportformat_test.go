package app_test

import (
	"math"
	"testing"

	"frontdesk/app"
)

// TestReportNumberRule checks the report's one rule for numbers: grouped
// counts, one decimal for percentages and days, halves away from zero.
func TestReportNumberRule(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 12000: "12,000", 1000000: "1,000,000", -4500: "-4,500"} {
		if got := app.FormatCount(n); got != want {
			t.Errorf("FormatCount(%d) = %q, want %q", n, got, want)
		}
	}
	for _, c := range []struct {
		rate float64
		want string
	}{
		{0, "0.0%"}, {1, "100.0%"}, {2.0 / 3, "66.7%"}, {1.0 / 3, "33.3%"},
		{0.0625, "6.3%"},  // exactly 6.25%: half away from zero, as a spreadsheet's 0.0% shows it
		{0.1875, "18.8%"}, // exactly 18.75%
		{0.6344, "63.4%"}, {math.NaN(), "0.0%"}, {math.Inf(1), "0.0%"}, {-0.0001, "0.0%"},
	} {
		if got := app.FormatPercent(c.rate); got != c.want {
			t.Errorf("FormatPercent(%v) = %q, want %q", c.rate, got, c.want)
		}
	}
	for _, c := range []struct {
		v    float64
		want string
	}{{0, "0.0"}, {12.25, "12.3"}, {2.5, "2.5"}, {0.05, "0.1"}, {-2.25, "-2.3"}, {9.96, "10.0"}, {12.345, "12.3"}} {
		if got := app.FormatOne(c.v); got != c.want {
			t.Errorf("FormatOne(%v) = %q, want %q", c.v, got, c.want)
		}
	}
	for _, c := range []struct {
		n         int
		one, many string
		want      string
	}{{1, "site", "sites", "1 site"}, {0, "site", "sites", "0 sites"}, {2, "site", "sites", "2 sites"},
		{1, "sitio", "sitios", "1 sitio"}, {3, "sitio", "sitios", "3 sitios"}, {1200, "event", "events", "1,200 events"}} {
		if got := app.Plural(c.n, c.one, c.many); got != c.want {
			t.Errorf("Plural(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}

// TestLanguageName checks that every code the app stores has a name in
// English and Spanish, and the fallbacks.
func TestLanguageName(t *testing.T) {
	// every code a person may choose, and those the demo and old records hold
	codes := []string{"en", "es", "ko", "zh", "vi", "hy", "tl", "ru", "fa", "ar", "el", "ja", "km", "th", "fr", "pt", "other"}
	for c := range app.Languages {
		codes = append(codes, c)
	}
	for _, c := range codes {
		en, es := app.LanguageName(c, "en"), app.LanguageName(c, "es")
		if en == "" || es == "" || en == c || es == c || en == "Other ("+c+")" || es == "Otro ("+c+")" {
			t.Errorf("%q has no name: %q / %q", c, en, es)
		}
	}
	for _, c := range []struct{ code, ui, want string }{
		{"el", "en", "Greek"}, {"el", "es", "Griego"}, {"el", "es-MX", "Griego"}, {"es", "en", "Spanish"}, {"es", "es", "Español"},
		{" KO ", "en", "Korean"}, {"xx", "en", "Other (xx)"}, {"xx", "es", "Otro (xx)"}, {"", "en", "(none)"}, {"", "es", "(ninguno)"},
		{"other", "en", "Other"}, {"other", "es", "Otro"},
	} {
		if got := app.LanguageName(c.code, c.ui); got != c.want {
			t.Errorf("LanguageName(%q, %q) = %q, want %q", c.code, c.ui, got, c.want)
		}
	}
	// the names people type are still understood
	for in, want := range map[string]string{"Griego": "", "Vietnamita": "vi", "español": "es", "Farsi": "fa", "Korean": "ko", "Otro": "other"} {
		got, err := app.NormalizeLanguage(in)
		if want == "" {
			if err == nil {
				t.Errorf("NormalizeLanguage(%q) = %q, want an error (not a language a person may choose)", in, got)
			}
			continue
		}
		if err != nil || got != want {
			t.Errorf("NormalizeLanguage(%q) = %q, %v, want %q", in, got, err, want)
		}
	}
}
