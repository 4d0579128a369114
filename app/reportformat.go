package app

import (
	"math"
	"strconv"
	"strings"
)

// How the director report writes its numbers, one rule on screen, in the
// PDF, in the workbook and in frontdeskctl's output:
//
//   - Counts are whole numbers with thousands grouped by commas: 12,345
//     (English and Mexican Spanish both write them so).
//   - Rates (fractions such as Conversion.Rate) are percentages with one
//     decimal: 0.6345 → 63.5%.
//   - Days and other averages have one decimal: 12.25 → 12.3.
//
// Rounding is half away from zero at the last digit shown (RoundOne),
// which is how spreadsheets display the number formats 0.0% and 0.0: the
// workbook keeps full precision in its cells and formats them with those,
// so it shows what the screen and the PDF print. A value that is not a
// number (NaN, ±Inf) prints as 0.

// RoundOne rounds v to one decimal, halves away from zero (2.25 → 2.3,
// −2.25 → −2.3); NaN and infinities become 0.
func RoundOne(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return math.Round(v*10) / 10
}

// FormatCount writes n with its thousands grouped: 12,345.
func FormatCount(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		return "-" + s
	}
	return s
}

// FormatPercent writes a fraction as a percentage with one decimal:
// 0.6345 → "63.5%".
func FormatPercent(rate float64) string {
	if math.IsNaN(rate) || math.IsInf(rate, 0) {
		rate = 0
	}
	return FormatOne(100*rate) + "%"
}

// FormatOne writes v with one decimal, rounded by RoundOne: 12.25 → "12.3".
func FormatOne(v float64) string {
	r := RoundOne(v)
	if r == 0 {
		r = 0 // no "-0.0"
	}
	return strconv.FormatFloat(r, 'f', 1, 64)
}

// NotOverYet stands in an event's no-shows while the event has not ended
// (EventRow.Ended false): the screen and the PDF print it, the workbook
// leaves the cell empty.
const NotOverYet = "—"

// Plural is n (FormatCount) and the word for it: one for exactly 1, many
// otherwise ("1 site", "0 sites", "2,000 sites"; "1 sitio", "3 sitios").
func Plural(n int, one, many string) string {
	if n == 1 {
		return FormatCount(n) + " " + one
	}
	return FormatCount(n) + " " + many
}
