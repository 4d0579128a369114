package app

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Dates as a person reads and types them, in English or Spanish. Shown
// dates always carry the month's name, so they are never ambiguous:
// "Dec 4, 2026" / "4 dic 2026". Typed dates take one numeric form per
// language, MM/DD/YYYY in English and DD/MM/YYYY in Spanish, and the ISO
// form YYYY-MM-DD in both. The ui argument of every function here is a
// language code as the interface has it ("es", "es-MX", "en-US"); anything
// not Spanish is English. Machine formats (CSV, XLSX, iCalendar, flags)
// keep ISO dates and do not use these.

// dateNames are one language's month and weekday names.
type dateNames struct {
	months, monthsShort [12]string
	days, daysLong      [7]string // weekday names, Sunday first
}

var (
	namesEN = dateNames{
		months: [12]string{"January", "February", "March", "April", "May", "June",
			"July", "August", "September", "October", "November", "December"},
		monthsShort: [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
		days:        [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},
		daysLong:    [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
	}
	namesES = dateNames{
		months: [12]string{"enero", "febrero", "marzo", "abril", "mayo", "junio",
			"julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
		monthsShort: [12]string{"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"},
		days:        [7]string{"dom", "lun", "mar", "mié", "jue", "vie", "sáb"},
		daysLong:    [7]string{"domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"},
	}
)

// isSpanish reports whether the language code ui is Spanish.
func isSpanish(ui string) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(ui)), "es")
}

func names(ui string) *dateNames {
	if isSpanish(ui) {
		return &namesES
	}
	return &namesEN
}

// WeekStart is the day a calendar's week starts on: Sunday in English,
// Monday in Spanish.
func WeekStart(ui string) time.Weekday {
	if isSpanish(ui) {
		return time.Monday
	}
	return time.Sunday
}

// MonthName is a month's full name: "December" / "diciembre".
func MonthName(m time.Month, ui string) string { return names(ui).months[m-1] }

// MonthAbbr is a month's short name: "Dec" / "dic".
func MonthAbbr(m time.Month, ui string) string { return names(ui).monthsShort[m-1] }

// WeekdayAbbr is a weekday's short name: "Fri" / "vie".
func WeekdayAbbr(d time.Weekday, ui string) string { return names(ui).days[d] }

// FormatDate is a calendar day as a person reads it: "Dec 4, 2026" /
// "4 dic 2026". The day is t's own (convert t to the site's zone first).
func FormatDate(t time.Time, ui string) string {
	if isSpanish(ui) {
		return fmt.Sprintf("%d %s %d", t.Day(), MonthAbbr(t.Month(), ui), t.Year())
	}
	return fmt.Sprintf("%s %d, %d", MonthAbbr(t.Month(), ui), t.Day(), t.Year())
}

// FormatLongDate is a day written out, as a printed page heads it:
// "Tuesday, March 10, 2026" / "martes, 10 de marzo de 2026".
func FormatLongDate(t time.Time, ui string) string {
	n := names(ui)
	if isSpanish(ui) {
		return fmt.Sprintf("%s, %d de %s de %d", n.daysLong[t.Weekday()], t.Day(), n.months[t.Month()-1], t.Year())
	}
	return fmt.Sprintf("%s, %s %d, %d", n.daysLong[t.Weekday()], n.months[t.Month()-1], t.Day(), t.Year())
}

// FormatTime is a time of day: "2:30 PM" / "14:30".
func FormatTime(t time.Time, ui string) string {
	if isSpanish(ui) {
		return t.Format("15:04")
	}
	return t.Format("3:04 PM")
}

// FormatDateTime is a day and a time: "Dec 4, 2026, 2:30 PM" /
// "4 dic 2026, 14:30".
func FormatDateTime(t time.Time, ui string) string {
	return FormatDate(t, ui) + ", " + FormatTime(t, ui)
}

// FormatWeekdayDate is a day of the near calendar with its weekday and no
// year: "Fri, Dec 4" / "vie, 4 dic".
func FormatWeekdayDate(t time.Time, ui string) string {
	return WeekdayAbbr(t.Weekday(), ui) + ", " + FormatDayMonth(t, ui)
}

// FormatDayMonth is a day of the near calendar without its year: "Nov 16"
// / "16 nov".
func FormatDayMonth(t time.Time, ui string) string {
	if isSpanish(ui) {
		return fmt.Sprintf("%d %s", t.Day(), MonthAbbr(t.Month(), ui))
	}
	return fmt.Sprintf("%s %d", MonthAbbr(t.Month(), ui), t.Day())
}

// FormatMonthYear is a month of a year: "December 2026" / "diciembre de 2026".
func FormatMonthYear(t time.Time, ui string) string {
	if isSpanish(ui) {
		return MonthName(t.Month(), ui) + " de " + strconv.Itoa(t.Year())
	}
	return MonthName(t.Month(), ui) + " " + strconv.Itoa(t.Year())
}

// DateFieldFormat is how a date field asks for its date, as shown in its
// placeholder: "MM/DD/YYYY" / "DD/MM/AAAA".
func DateFieldFormat(ui string) string {
	if isSpanish(ui) {
		return "DD/MM/AAAA"
	}
	return "MM/DD/YYYY"
}

// isoFormat is the ISO form in the person's words.
func isoFormat(ui string) string {
	if isSpanish(ui) {
		return "AAAA-MM-DD"
	}
	return "YYYY-MM-DD"
}

// FormatDateField writes t's calendar day the way the field's language
// types it: "12/04/2026" / "04/12/2026".
func FormatDateField(t time.Time, ui string) string {
	if isSpanish(ui) {
		return fmt.Sprintf("%02d/%02d/%04d", t.Day(), t.Month(), t.Year())
	}
	return fmt.Sprintf("%02d/%02d/%04d", t.Month(), t.Day(), t.Year())
}

// ParseDateField reads the date typed into the field named field, in the
// language's numeric form (MM/DD/YYYY or DD/MM/YYYY, one-digit months and
// days allowed) or as ISO YYYY-MM-DD, and returns it as midnight UTC of
// that day. An empty field, another form or a day the calendar does not
// have ("02/30/2026") is an EInvalid error naming the field and the form
// expected in the person's language (its message is English, with a
// Spanish translation in the message catalog).
func ParseDateField(field, text, ui string) (time.Time, error) {
	es := isSpanish(ui)
	s := strings.TrimSpace(text)
	if s == "" {
		return time.Time{}, FieldErrorf(field, "give a date (%s)", DateFieldFormat(ui))
	}
	y, m, d, ok := splitDate(s, es)
	if !ok {
		return time.Time{}, FieldErrorf(field, "\"%s\" is not a date: write it as %s (or %s)", s, DateFieldFormat(ui), isoFormat(ui))
	}
	if m < 1 || m > 12 {
		return time.Time{}, FieldErrorf(field, "\"%s\" is not a date: the month runs from 1 to 12 (%s)", s, DateFieldFormat(ui))
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if d < 1 || t.Day() != d {
		last := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
		month := FormatMonthYear(time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC), ui)
		return time.Time{}, FieldErrorf(field, "\"%s\" is not a date: %s has %d days (%s)", s, month, last, DateFieldFormat(ui))
	}
	return t, nil
}

// splitDate reads year, month and day from "M/D/YYYY" (or "D/M/YYYY" when
// dayFirst) or "YYYY-MM-DD", without checking their ranges.
func splitDate(s string, dayFirst bool) (y, m, d int, ok bool) {
	num := func(p string, min, max int) (int, bool) {
		if len(p) < min || len(p) > max {
			return 0, false
		}
		for _, r := range p {
			if r < '0' || r > '9' {
				return 0, false
			}
		}
		n, err := strconv.Atoi(p)
		return n, err == nil
	}
	if p := strings.Split(s, "-"); len(p) == 3 {
		var ok1, ok2, ok3 bool
		y, ok1 = num(p[0], 4, 4)
		m, ok2 = num(p[1], 1, 2)
		d, ok3 = num(p[2], 1, 2)
		return y, m, d, ok1 && ok2 && ok3
	}
	if p := strings.Split(s, "/"); len(p) == 3 {
		var ok1, ok2, ok3 bool
		m, ok1 = num(p[0], 1, 2)
		d, ok2 = num(p[1], 1, 2)
		y, ok3 = num(p[2], 4, 4)
		if dayFirst {
			m, d = d, m
		}
		return y, m, d, ok1 && ok2 && ok3
	}
	return 0, 0, 0, false
}
