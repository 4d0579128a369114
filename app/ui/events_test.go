package ui

import (
	"testing"
	"time"
)

// A new event starts at the next full hour for 90 minutes, except late in
// the evening, when that would end after midnight and the form would refuse
// its own first values: then it is 9:00 the next day.
func TestNewEventTimesNeverCrossMidnight(t *testing.T) {
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		now        time.Time
		start, end string
	}{
		{time.Date(2026, 12, 4, 14, 20, 0, 0, la), "2026-12-04 15:00", "2026-12-04 16:30"},
		{time.Date(2026, 12, 4, 21, 59, 0, 0, la), "2026-12-04 22:00", "2026-12-04 23:30"},
		{time.Date(2026, 12, 4, 22, 5, 0, 0, la), "2026-12-05 09:00", "2026-12-05 10:30"},
		{time.Date(2026, 12, 4, 23, 55, 0, 0, la), "2026-12-05 09:00", "2026-12-05 10:30"},
		{time.Date(2026, 12, 31, 23, 0, 0, 0, la), "2027-01-01 09:00", "2027-01-01 10:30"},
	} {
		start, end := newEventTimes(c.now)
		const f = "2006-01-02 15:04"
		if start.Format(f) != c.start || end.Format(f) != c.end || start.Location() != la {
			t.Errorf("at %s: %s – %s, want %s – %s", c.now.Format(f), start.Format(f), end.Format(f), c.start, c.end)
		}
	}
}
