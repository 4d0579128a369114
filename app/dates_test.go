package app_test

import (
	"strings"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/assets"
)

func TestFormatDateInBothLanguages(t *testing.T) {
	at := time.Date(2026, 12, 4, 14, 30, 0, 0, time.UTC)
	cases := []struct {
		name   string
		f      func(time.Time, string) string
		en, es string
	}{
		{"date", app.FormatDate, "Dec 4, 2026", "4 dic 2026"},
		{"date-time", app.FormatDateTime, "Dec 4, 2026, 2:30 PM", "4 dic 2026, 14:30"},
		{"time", app.FormatTime, "2:30 PM", "14:30"},
		{"weekday", app.FormatWeekdayDate, "Fri, Dec 4", "vie, 4 dic"},
		{"long", app.FormatLongDate, "Friday, December 4, 2026", "viernes, 4 de diciembre de 2026"},
		{"day-month", app.FormatDayMonth, "Dec 4", "4 dic"},
		{"month", app.FormatMonthYear, "December 2026", "diciembre de 2026"},
		{"field", app.FormatDateField, "12/04/2026", "04/12/2026"},
	}
	for _, c := range cases {
		if got := c.f(at, "en-US"); got != c.en {
			t.Errorf("%s in English = %q, want %q", c.name, got, c.en)
		}
		if got := c.f(at, "es"); got != c.es {
			t.Errorf("%s in Spanish = %q, want %q", c.name, got, c.es)
		}
	}
	// every month and weekday has its own Spanish name
	seen := map[string]bool{}
	for m := time.January; m <= time.December; m++ {
		seen[app.MonthAbbr(m, "es")] = true
		seen[app.MonthName(m, "es")] = true
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		seen["d"+app.WeekdayAbbr(d, "es")] = true
	}
	if len(seen) != 12+12+7 {
		t.Errorf("Spanish names repeat: %d distinct of 31", len(seen))
	}
	if app.DateFieldFormat("en") != "MM/DD/YYYY" || app.DateFieldFormat("es-MX") != "DD/MM/AAAA" {
		t.Errorf("field formats %q / %q", app.DateFieldFormat("en"), app.DateFieldFormat("es-MX"))
	}
}

func TestParseDateFieldAcceptsEachForm(t *testing.T) {
	want := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct{ ui, text string }{
		{"en", "03/10/2026"}, {"en", "3/10/2026"}, {"en", " 2026-03-10 "}, {"en", "2026-3-10"},
		{"es", "10/03/2026"}, {"es", "10/3/2026"}, {"es", "2026-03-10"},
	} {
		got, err := app.ParseDateField("Due date", c.text, c.ui)
		if err != nil || !got.Equal(want) {
			t.Errorf("%s %q = %v, %v; want %v", c.ui, c.text, got, err, want)
		}
	}
	// the same digits are a different day in each language
	en, _ := app.ParseDateField("d", "04/12/2026", "en")
	es, _ := app.ParseDateField("d", "04/12/2026", "es")
	if en.Month() != time.April || es.Month() != time.December {
		t.Errorf("04/12/2026 read as %v (en) and %v (es)", en, es)
	}
	// a leap day exists in a leap year
	if _, err := app.ParseDateField("d", "02/29/2028", "en"); err != nil {
		t.Errorf("leap day refused: %v", err)
	}
}

func TestParseDateFieldRefusals(t *testing.T) {
	b, _ := assets.MessageCatalog("es_US.UTF-8")
	es, err := app.ParseCatalog(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ ui, text, msg string }{
		{"en", "", "Due date: give a date (MM/DD/YYYY)"},
		{"es", "  ", "Due date: escriba una fecha (DD/MM/AAAA)"},
		{"en", "02/30/2026", `Due date: "02/30/2026" is not a date: February 2026 has 28 days (MM/DD/YYYY)`},
		{"es", "30/02/2026", "Due date: «30/02/2026» no es una fecha: febrero de 2026 tiene 28 días (DD/MM/AAAA)"},
		{"en", "13/01/2026", `Due date: "13/01/2026" is not a date: the month runs from 1 to 12 (MM/DD/YYYY)`},
		{"es", "01/13/2026", "Due date: «01/13/2026» no es una fecha: el mes va de 1 a 12 (DD/MM/AAAA)"},
		{"en", "2026-02-29", `Due date: "2026-02-29" is not a date: February 2026 has 28 days (MM/DD/YYYY)`},
		{"en", "3/10/26", `Due date: "3/10/26" is not a date: write it as MM/DD/YYYY (or YYYY-MM-DD)`},
		{"en", "03-10-2026", `Due date: "03-10-2026" is not a date: write it as MM/DD/YYYY (or YYYY-MM-DD)`},
		{"en", "March 10", `Due date: "March 10" is not a date: write it as MM/DD/YYYY (or YYYY-MM-DD)`},
		{"es", "10.03.2026", "Due date: «10.03.2026» no es una fecha: escríbala como DD/MM/AAAA (o AAAA-MM-DD)"},
		{"en", "00/10/2026", `Due date: "00/10/2026" is not a date: the month runs from 1 to 12 (MM/DD/YYYY)`},
		{"en", "03/00/2026", `Due date: "03/00/2026" is not a date: March 2026 has 31 days (MM/DD/YYYY)`},
		{"en", "+3/10/2026", `Due date: "+3/10/2026" is not a date: write it as MM/DD/YYYY (or YYYY-MM-DD)`},
	} {
		_, err := app.ParseDateField("Due date", c.text, c.ui)
		got := app.ErrorMessage(err)
		if c.ui == "es" {
			got = es.Message(err) // as the desk says it in Spanish
		}
		if app.ErrorCode(err) != app.EInvalid {
			t.Errorf("%s %q: err %v, want invalid", c.ui, c.text, err)
			continue
		}
		if got != c.msg {
			t.Errorf("%s %q:\n got %s\nwant %s", c.ui, c.text, got, c.msg)
		}
		if !strings.Contains(got, "Due date") {
			t.Errorf("message does not name the field: %s", app.ErrorMessage(err))
		}
	}
}
