package app_test

import (
	"strings"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

func TestNormalizePhone(t *testing.T) {
	good := map[string]string{
		"(213) 555-0142":      "+12135550142",
		"213.555.0142":        "+12135550142",
		"2135550142":          "+12135550142",
		"1-213-555-0142":      "+12135550142",
		"+1 213 555 0142":     "+12135550142",
		"213-555-0142 x12":    "+12135550142",
		"+52 55 1234 5678":    "+525512345678",
		"011 52 55 1234 5678": "+525512345678",
		"":                    "",
	}
	for in, want := range good {
		got, err := app.NormalizePhone(in)
		if err != nil || got != want {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"555-01", "123-555-0142", "213-055-0142", "call me", "+0 123 456 789", "21355501421234", "+1 213 555 014"} {
		if got, err := app.NormalizePhone(in); err == nil || app.ErrorCode(err) != app.EInvalid {
			t.Errorf("NormalizePhone(%q) = %q, %v; want an invalid error", in, got, err)
		}
	}
	if got := app.FormatPhone("+12135550142"); got != "(213) 555-0142" {
		t.Errorf("FormatPhone = %q", got)
	}
}

func TestCodes(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 2000; i++ {
		c := app.NewCode(app.PrefixParticipant)
		if len(c) != 13 || !strings.HasPrefix(c, "P-") || strings.Trim(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != "" {
			t.Fatalf("bad code shape %q", c)
		}
		if seen[c] {
			t.Fatalf("duplicate code %q", c)
		}
		seen[c] = true
		got, prefix, err := app.ParseCode(" " + strings.ToLower(c) + "\r\n")
		if err != nil || got != c || prefix != app.PrefixParticipant {
			t.Fatalf("ParseCode(%q) = %q %c %v", c, got, prefix, err)
		}
		// a keyboard layout that types another character for the dash
		if got, _, err := app.ParseCode(strings.Replace(c, "-", "ß", 1)); err != nil || got != c {
			t.Fatalf("dash typed as another character: %q %v", got, err)
		}
		// every single-character change and every swap of neighbours is caught
		body := []byte(c)
		for j := 2; j < len(body); j++ {
			orig := body[j]
			for _, r := range []byte("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
				if r == orig {
					continue
				}
				body[j] = r
				if _, _, err := app.ParseCode(string(body)); err == nil {
					t.Fatalf("%q with position %d changed to %c still parses", c, j, r)
				}
			}
			body[j] = orig
			if j+1 < len(body) && body[j] != body[j+1] && !isZ0(body[j], body[j+1]) {
				body[j], body[j+1] = body[j+1], body[j]
				if _, _, err := app.ParseCode(string(body)); err == nil {
					t.Fatalf("%q with positions %d,%d swapped still parses", c, j, j+1)
				}
				body[j], body[j+1] = body[j+1], body[j]
			}
		}
	}
	if _, _, err := app.ParseCode("X-0000000000" + "0"); err == nil {
		t.Fatal("unknown prefix accepted")
	}
}

func TestFoldAndParseSearch(t *testing.T) {
	for in, want := range map[string]string{
		"José  Núñez":    "jose nunez",
		"Đặng Thị Thu":   "dang thi thu",
		"Mary-Jo O'Neil": "mary jo o neil",
		"Ñandú":          "nandu",
		"김민준":            "김민준",
		"Łukasz Øster":   "lukasz oster",
	} {
		if got := app.FoldName(in); got != want {
			t.Errorf("FoldName(%q) = %q, want %q", in, got, want)
		}
	}
	if q := app.ParseSearch("(213) 555", 0); q.Digits != "213555" || q.Name != "" || q.Limit != 20 {
		t.Errorf("phone search: %+v", q)
	}
	if q := app.ParseSearch("1-213-555-0142", 5); q.Digits != "2135550142" {
		t.Errorf("phone with country code: %+v", q)
	}
	if q := app.ParseSearch("Ana@Example", 0); q.Email != "ana@example" {
		t.Errorf("email search: %+v", q)
	}
	if q := app.ParseSearch("José", 0); q.Name != "jose" {
		t.Errorf("name search: %+v", q)
	}
	if q := app.ParseSearch("12", 0); q.Digits != "" || q.Name != "" {
		t.Errorf("too few digits should search nothing: %+v", q)
	}
}

func TestParticipantValidation(t *testing.T) {
	e := datatest.New(t)
	cases := []struct {
		p     app.Participant
		field string
	}{
		{app.Participant{LastName: "Lee"}, "first name"},
		{app.Participant{FirstName: "Ana"}, "last name"},
		{app.Participant{FirstName: "Ana", LastName: "Lee", Phone: "12345"}, "phone"},
		{app.Participant{FirstName: "Ana", LastName: "Lee", Email: "ana@"}, "email"},
		{app.Participant{FirstName: "Ana", LastName: "Lee", ZIP: "9003"}, "ZIP"},
		{app.Participant{FirstName: "Ana", LastName: "Lee", Language: "klingon"}, "language"},
		{app.Participant{FirstName: strings.Repeat("A", 81), LastName: "Lee"}, "first name"},
		{app.Participant{FirstName: "Ana\x00", LastName: "Lee"}, "first name"},
	}
	for _, c := range cases {
		c.p.SiteID = e.Site.ID
		_, err := e.Svc.AddParticipant(e.Ctx, c.p)
		var ae *app.Error
		if err == nil || app.ErrorCode(err) != app.EInvalid {
			t.Errorf("%+v: %v, want invalid", c.p, err)
			continue
		}
		if errorsAs(err, &ae); ae.Field != c.field {
			t.Errorf("%+v: field %q, want %q (%v)", c.p, ae.Field, c.field, err)
		}
	}
	if n, _ := e.Svc.CountParticipants(e.Ctx, 0); n != 0 {
		t.Fatalf("%d participants saved from invalid input", n)
	}
}

func TestUpdateParticipantKeepsCodeAndStampsConsent(t *testing.T) {
	e := datatest.New(t)
	p := e.Participant(t, "Ana", "Lee", "(310) 555-0123")
	code := p.Code
	p.Code = "P-HACKED00000"
	p.LastName = "Lee-Park"
	p.Status = app.StatusEnrolled
	p.Consent = app.Consent{Given: true, Method: app.ConsentPaper}
	e.Clock = e.Clock.Add(time.Hour)
	got, err := e.Svc.UpdateParticipant(e.Ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if got.Code != code || got.LastName != "Lee-Park" || got.Status != app.StatusEnrolled {
		t.Fatalf("updated: %+v", got)
	}
	if !got.Consent.At.Equal(e.Clock) || got.Consent.By != "local" || got.Consent.Method != app.ConsentPaper || got.Consent.Wording != app.ConsentWordingVersion {
		t.Fatalf("consent not stamped: %+v", got.Consent)
	}
	// saving again keeps the original consent time
	e.Clock = e.Clock.Add(time.Hour)
	got.Consent.At = time.Time{}
	again, err := e.Svc.UpdateParticipant(e.Ctx, got)
	if err != nil || !again.Consent.At.Equal(e.Clock.Add(-time.Hour)) {
		t.Fatalf("consent time moved: %+v %v", again.Consent, err)
	}
	// withdrawing consent clears it
	again.Consent.Given = false
	off, err := e.Svc.UpdateParticipant(e.Ctx, again)
	if err != nil || off.Consent != (app.Consent{}) {
		t.Fatalf("withdrawn consent: %+v %v", off.Consent, err)
	}
	// an unknown status is refused
	off.Status = "hired"
	if _, err := e.Svc.UpdateParticipant(e.Ctx, off); app.ErrorCode(err) != app.EInvalid {
		t.Fatalf("bad status: %v", err)
	}
	// taking someone else's email is refused
	other, err := e.Svc.AddParticipant(e.Ctx, app.Participant{SiteID: e.Site.ID, FirstName: "Bo", LastName: "Kim", Email: "bo@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	off.Status = app.StatusEnrolled
	off.Email = "BO@example.org"
	if _, err := e.Svc.UpdateParticipant(e.Ctx, off); app.ErrorCode(err) != app.EConflict {
		t.Fatalf("email of %s: %v", other.FirstName, err)
	}
}

func TestEventRules(t *testing.T) {
	e := datatest.New(t)
	start := datatest.Now.Add(time.Hour)
	bad := []app.Event{
		{SiteID: e.Site.ID, Kind: app.KindWorkshop, Start: start, End: start.Add(time.Hour)},                           // no title
		{SiteID: e.Site.ID, Kind: "party", Title: "x", Start: start, End: start.Add(time.Hour)},                        // bad kind
		{SiteID: e.Site.ID, Kind: app.KindWorkshop, Title: "x", Start: start, End: start},                              // no length
		{SiteID: e.Site.ID, Kind: app.KindWorkshop, Title: "x", Start: start, End: start.Add(15 * 24 * time.Hour)},     // too long
		{SiteID: e.Site.ID, Kind: app.KindWorkshop, Title: "x", Start: start, End: start.Add(time.Hour), Capacity: -1}, // capacity
		{SiteID: 999, Kind: app.KindWorkshop, Title: "x", Start: start, End: start.Add(time.Hour)},                     // no such site
	}
	for i, ev := range bad {
		if _, err := e.Svc.AddEvent(e.Ctx, ev); err == nil {
			t.Errorf("bad event %d accepted", i)
		}
	}
	ev := e.Event(t, app.KindWorkshop, "Resume Writing", start, time.Hour, 2)
	p := e.Participant(t, "Ana", "Lee", "")
	for i := 0; i < 2; i++ { // registering twice is harmless
		if err := e.Svc.Register(e.Ctx, ev.ID, p.ID); err != nil {
			t.Fatal(err)
		}
	}
	c, err := e.Svc.EventCounts(e.Ctx, ev.ID)
	if err != nil || c != (app.EventCounts{Registered: 1, Capacity: 2}) {
		t.Fatalf("counts %+v %v", c, err)
	}
	if err := e.Svc.Register(e.Ctx, ev.ID, 9999); app.ErrorCode(err) != app.ENotFound {
		t.Fatalf("register nobody: %v", err)
	}
	list, err := e.Svc.Events(e.Ctx, app.EventFilter{SiteID: e.Site.ID, From: datatest.Now, To: datatest.Now.Add(24 * time.Hour)})
	if err != nil || len(list) != 1 || list[0].Title != "Resume Writing" {
		t.Fatalf("events: %+v %v", list, err)
	}
}

// isZ0 reports the one neighbour swap Luhn mod 36 cannot see: 0 and Z.
func isZ0(a, b byte) bool { return (a == '0' && b == 'Z') || (a == 'Z' && b == '0') }
