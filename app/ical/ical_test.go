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
