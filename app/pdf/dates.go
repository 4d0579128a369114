package pdf

import (
	"time"

	"frontdesk/app"
)

// Dates on paper carry the month's name, never digits alone. The
// documents are bilingual, English first: a table's cell prints the day in
// English ("Mar 10, 2026"), a heading both ways. CSV lists keep ISO days
// for the programs that read them.

// printedDay is a day in a table's cell: "Mar 10, 2026" (give an instant
// in the site's zone, or a day kept as midnight UTC).
func printedDay(t time.Time) string { return app.FormatDate(t, "en") }

// printedDayTime is an instant in a table's cell: "Mar 10, 2026, 10:15 AM".
func printedDayTime(t time.Time) string { return app.FormatDateTime(t, "en") }

// printedStamp is when a page was made, both ways, with the zone's name:
// "Mar 10, 2026 / 10 mar 2026, 10:15 AM PDT".
func printedStamp(t time.Time) string {
	return app.FormatDate(t, "en") + " / " + app.FormatDate(t, "es") + ", " + t.Format("3:04 PM MST")
}
