package ical

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"frontdesk/app"
)

func TestText(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                "plain",
		`a\b;c,d` + "\r\nnext": `a\\b\;c\,d\nnext`,
	} {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSlug(t *testing.T) {
	for name, want := range map[string]string{
		"East LA WorkSource Center": "east-la-worksource-center",
		"Año Nuevo — Library!":      "ano-nuevo-library",
		"中文":                        "site-7",
	} {
		if got := Slug(app.Site{ID: 7, Name: name}); got != want {
			t.Errorf("Slug(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestZoneWithoutDaylightTime: a zone with no transitions gets one
// STANDARD observance.
func TestZoneWithoutDaylightTime(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Tokyo")
	start := time.Date(2026, 3, 10, 9, 0, 0, 0, loc)
	var b bytes.Buffer
	err := Write(&b, app.Site{ID: 1, Name: "Tokyo", TimeZone: "Asia/Tokyo"},
		[]app.Event{{ID: 1, Title: "A", Start: start, End: start.Add(time.Hour), Kind: app.KindWorkshop}}, start)
	if err != nil {
		t.Fatal(err)
	}
	s := b.String()
	if strings.Count(s, "BEGIN:STANDARD") != 1 || strings.Contains(s, "DAYLIGHT") || !strings.Contains(s, "TZOFFSETTO:+0900") ||
		!strings.Contains(s, "DTSTART;TZID=Asia/Tokyo:20260310T090000") {
		t.Errorf("calendar:\n%s", s)
	}
}

// TestRevisionAsSequence: the event's revision is its SEQUENCE, its last
// change LAST-MODIFIED and its creation CREATED, both in UTC whatever the
// zone they were given in; an event with no times of its own (never
// stored) still has SEQUENCE.
func TestRevisionAsSequence(t *testing.T) {
	loc, _ := time.LoadLocation("America/Los_Angeles")
	start := time.Date(2026, 3, 10, 9, 0, 0, 0, loc)
	created := time.Date(2026, 3, 1, 8, 0, 0, 0, loc)
	updated := time.Date(2026, 3, 9, 16, 30, 5, 0, loc)
	var b bytes.Buffer
	err := Write(&b, app.Site{ID: 1, Name: "Desk", TimeZone: "America/Los_Angeles"}, []app.Event{
		{ID: 1, Title: "A", Start: start, End: start.Add(time.Hour), Kind: app.KindWorkshop, CreatedAt: created, Revision: 3, UpdatedAt: updated, Cancelled: true},
		{ID: 2, Title: "B", Start: start, End: start.Add(time.Hour), Kind: app.KindWorkshop},
	}, start)
	if err != nil {
		t.Fatal(err)
	}
	events := strings.Split(b.String(), "BEGIN:VEVENT\r\n")[1:]
	if len(events) != 2 {
		t.Fatalf("%d events", len(events))
	}
	for _, want := range []string{"SEQUENCE:3\r\n", "CREATED:20260301T160000Z\r\n", "LAST-MODIFIED:20260309T233005Z\r\n", "STATUS:CANCELLED\r\n"} {
		if !strings.Contains(events[0], want) {
			t.Errorf("no %q in\n%s", want, events[0])
		}
	}
	if !strings.Contains(events[1], "SEQUENCE:0\r\n") || strings.Contains(events[1], "LAST-MODIFIED") || strings.Contains(events[1], "CREATED") {
		t.Errorf("an event without times:\n%s", events[1])
	}
}

func FuzzFold(f *testing.F) {
	f.Add("SUMMARY:" + strings.Repeat("é", 80))
	f.Add("DESCRIPTION:" + strings.Repeat("履歴書", 40))
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || strings.ContainsAny(s, "\r\n") {
			return
		}
		out := Fold(s)
		if !strings.HasSuffix(out, "\r\n") {
			t.Fatal("no CRLF")
		}
		for _, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
			if len(l) > 75 || !utf8.ValidString(l) {
				t.Fatalf("line %q (%d octets)", l, len(l))
			}
		}
		if got := strings.ReplaceAll(strings.TrimSuffix(out, "\r\n"), "\r\n ", ""); got != s {
			t.Fatalf("unfolds to %q", got)
		}
	})
}
