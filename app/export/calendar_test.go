package export_test

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"

	"frontdesk/app/export"
)

// reporter is what the RFC 5545 checks report to: a *testing.T, or a
// recorder in the test of the checks themselves.
type reporter interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// recorder notes failures; Fatalf stops the check with a panic that
// check recovers.
type recorder struct{ failed bool }

type stopCheck struct{}

func (r *recorder) Helper()                   {}
func (r *recorder) Errorf(string, ...any)     { r.failed = true }
func (r *recorder) Fatalf(f string, a ...any) { r.failed = true; panic(stopCheck{}) }

// check runs the RFC 5545 checks on raw and reports whether they failed.
func (r *recorder) check(raw []byte) (failed bool) {
	defer func() {
		if p := recover(); p != nil {
			if _, ok := p.(stopCheck); !ok {
				panic(p)
			}
		}
		failed = r.failed
	}()
	checkRequired(r, parseRFC5545(r, raw))
	return r.failed
}

// icalProp is one content line of an iCalendar file, unfolded.
type icalProp struct {
	Name   string
	Params string
	Value  string
}

// icalComponent is a BEGIN/END block with its own properties.
type icalComponent struct {
	Name  string
	Props []icalProp
	Subs  []*icalComponent
}

func (c *icalComponent) all(name string) []icalProp {
	var out []icalProp
	for _, p := range c.Props {
		if p.Name == name {
			out = append(out, p)
		}
	}
	return out
}

// parseRFC5545 reads an iCalendar file by RFC 5545's own rules, written
// here independently of the package that writes it and of golang-ical:
// lines end in CRLF (3.1) and are at most 75 octets without it, a folded
// line continues after CRLF and one space or tab, a fold never splits a
// UTF-8 character; a content line is name *(";" param) ":" value (3.1,
// with quoted parameter values); BEGIN and END nest and match (3.4, 3.6).
func parseRFC5545(t reporter, raw []byte) *icalComponent {
	t.Helper()
	if !bytes.HasSuffix(raw, []byte("\r\n")) {
		t.Fatalf("the file does not end with CRLF")
	}
	physical := strings.Split(strings.TrimSuffix(string(raw), "\r\n"), "\r\n")
	var logical []string
	for i, l := range physical {
		if strings.ContainsAny(l, "\r\n") {
			t.Fatalf("line %d has a bare CR or LF: %q", i+1, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d is %d octets: %q", i+1, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a UTF-8 character: %q", i+1, l)
		}
		if l != "" && (l[0] == ' ' || l[0] == '\t') {
			if len(logical) == 0 {
				t.Fatalf("the file starts with a continuation line")
			}
			logical[len(logical)-1] += l[1:]
			continue
		}
		logical = append(logical, l)
	}
	root := &icalComponent{}
	stack := []*icalComponent{root}
	nameRE := regexp.MustCompile(`^[A-Za-z0-9-]+$`)
	for _, l := range logical {
		// the name ends at the first ';' or ':'; a ':' inside a quoted
		// parameter value does not end the parameters
		colon, quoted := -1, false
		for i, r := range l {
			if r == '"' {
				quoted = !quoted
			}
			if r == ':' && !quoted {
				colon = i
				break
			}
		}
		if colon < 0 {
			t.Fatalf("content line without a value: %q", l)
		}
		head, value := l[:colon], l[colon+1:]
		name, params, _ := strings.Cut(head, ";")
		if !nameRE.MatchString(name) {
			t.Fatalf("bad property name in %q", l)
		}
		name = strings.ToUpper(name)
		top := stack[len(stack)-1]
		switch name {
		case "BEGIN":
			c := &icalComponent{Name: value}
			top.Subs = append(top.Subs, c)
			stack = append(stack, c)
		case "END":
			if len(stack) == 1 || top.Name != value {
				t.Fatalf("END:%s does not close BEGIN:%s", value, top.Name)
			}
			stack = stack[:len(stack)-1]
		default:
			top.Props = append(top.Props, icalProp{name, params, value})
		}
	}
	if len(stack) != 1 || len(root.Subs) != 1 || root.Subs[0].Name != "VCALENDAR" {
		t.Fatalf("not one closed VCALENDAR")
	}
	return root.Subs[0]
}

var utcDateTime = regexp.MustCompile(`^[0-9]{8}T[0-9]{6}Z$`)

// checkRequired applies RFC 5545's property counts: VCALENDAR has PRODID
// and VERSION:2.0 once (3.6); a VEVENT has UID and DTSTAMP once, DTSTART
// once, at most one of SEQUENCE, CREATED, LAST-MODIFIED, STATUS, DTEND
// (3.6.1); DTSTAMP, CREATED and LAST-MODIFIED are UTC date-times (3.8.7);
// SEQUENCE is a non-negative integer (3.8.7.4); every TZID used has its
// VTIMEZONE (3.2.19). It returns the VEVENTs by UID.
func checkRequired(t reporter, cal *icalComponent) map[string]*icalComponent {
	t.Helper()
	if n := len(cal.all("PRODID")); n != 1 {
		t.Errorf("%d PRODID", n)
	}
	if v := cal.all("VERSION"); len(v) != 1 || v[0].Value != "2.0" {
		t.Errorf("VERSION %v", v)
	}
	zones := map[string]bool{}
	events := map[string]*icalComponent{}
	for _, c := range cal.Subs {
		switch c.Name {
		case "VTIMEZONE":
			zones[one(c, "TZID")] = true
		case "VEVENT":
			for name, need := range map[string][2]int{"UID": {1, 1}, "DTSTAMP": {1, 1}, "DTSTART": {1, 1}, "SEQUENCE": {0, 1},
				"CREATED": {0, 1}, "LAST-MODIFIED": {0, 1}, "STATUS": {0, 1}, "DTEND": {0, 1}} {
				if n := len(c.all(name)); n < need[0] || n > need[1] {
					t.Errorf("a VEVENT has %d %s", n, name)
				}
			}
			for _, name := range []string{"DTSTAMP", "CREATED", "LAST-MODIFIED"} {
				for _, p := range c.all(name) {
					if !utcDateTime.MatchString(p.Value) || p.Params != "" {
						t.Errorf("%s %q is not a UTC date-time", name, p.Value)
					}
				}
			}
			for _, p := range c.all("SEQUENCE") {
				if n, err := strconv.Atoi(p.Value); err != nil || n < 0 {
					t.Errorf("SEQUENCE %q", p.Value)
				}
			}
			uid := one(c, "UID")
			if events[uid] != nil {
				t.Errorf("UID %s twice", uid)
			}
			events[uid] = c
		}
	}
	for _, c := range events {
		for _, name := range []string{"DTSTART", "DTEND"} {
			for _, p := range c.all(name) {
				if z, ok := strings.CutPrefix(p.Params, "TZID="); ok && !zones[z] {
					t.Errorf("%s uses TZID %s without its VTIMEZONE", name, z)
				}
			}
		}
	}
	return events
}

func one(c *icalComponent, name string) string {
	if p := c.all(name); len(p) == 1 {
		return p[0].Value
	}
	return ""
}

// TestCalendarChangesRaiseSequence: an event changed after an export comes
// out under the same UID with a higher SEQUENCE and a LAST-MODIFIED of the
// change (so Outlook and Google update it instead of adding a second);
// cancelling is a change too; saving an event unchanged is not. Both our
// RFC 5545 reading and golang-ical's parse the files.
func TestCalendarChangesRaiseSequence(t *testing.T) {
	f := newFixture(t)
	e := f.env
	ctx := director(e)
	dir := t.TempDir()
	from, to := la(2026, 3, 1, 0, 0), la(2026, 4, 1, 0, 0)
	calendar := func(name string) map[string]*icalComponent {
		t.Helper()
		path := filepath.Join(dir, name)
		if _, err := export.Calendar(ctx, e.Svc, 0, from, to, path); err != nil {
			t.Fatal(err)
		}
		raw := readFile(t, path)
		if _, err := ics.ParseCalendar(bytes.NewReader(raw)); err != nil {
			t.Fatalf("golang-ical: %v", err)
		}
		return checkRequired(t, parseRFC5545(t, raw))
	}
	uid := fmt.Sprintf("event-%d@east-la-worksource-center.frontdesk", f.orientation.ID)

	before := calendar("before.ics")[uid]
	if before == nil {
		t.Fatalf("no %s", uid)
	}
	if one(before, "SEQUENCE") != "0" || one(before, "LAST-MODIFIED") != "20260310T171500Z" || one(before, "CREATED") != "20260310T171500Z" {
		t.Errorf("a new event: SEQUENCE %q LAST-MODIFIED %q CREATED %q", one(before, "SEQUENCE"), one(before, "LAST-MODIFIED"), one(before, "CREATED"))
	}

	// an hour later the title and the time change
	e.Clock = e.Clock.Add(time.Hour)
	ev, err := e.Svc.Event(e.Ctx, f.orientation.ID)
	if err != nil {
		t.Fatal(err)
	}
	ev.Title = "WorkSource Orientation (new room)"
	ev.Start, ev.End = ev.Start.Add(30*time.Minute), ev.End.Add(30*time.Minute)
	if ev, err = e.Svc.UpdateEvent(e.Ctx, ev); err != nil || ev.Revision != 1 {
		t.Fatalf("update: revision %d, %v", ev.Revision, err)
	}
	after := calendar("after.ics")[uid]
	if after == nil {
		t.Fatalf("the changed event has another UID than %s", uid)
	}
	if one(after, "SEQUENCE") != "1" || one(after, "LAST-MODIFIED") != "20260310T181500Z" || one(after, "CREATED") != "20260310T171500Z" {
		t.Errorf("changed: SEQUENCE %q LAST-MODIFIED %q CREATED %q", one(after, "SEQUENCE"), one(after, "LAST-MODIFIED"), one(after, "CREATED"))
	}
	if one(after, "SUMMARY") != "WorkSource Orientation (new room)" || one(after, "DTSTART") != "20260309T093000" {
		t.Errorf("changed: SUMMARY %q DTSTART %q", one(after, "SUMMARY"), one(after, "DTSTART"))
	}

	// saving it unchanged is no new revision
	e.Clock = e.Clock.Add(time.Hour)
	if ev, err = e.Svc.UpdateEvent(e.Ctx, ev); err != nil || ev.Revision != 1 {
		t.Fatalf("unchanged save: revision %d, %v", ev.Revision, err)
	}
	// cancelling is a change
	ev.Cancelled = true
	if ev, err = e.Svc.UpdateEvent(e.Ctx, ev); err != nil || ev.Revision != 2 {
		t.Fatalf("cancel: revision %d, %v", ev.Revision, err)
	}
	cancelled := calendar("cancelled.ics")[uid]
	if cancelled == nil || one(cancelled, "STATUS") != "CANCELLED" || one(cancelled, "SEQUENCE") != "2" ||
		one(cancelled, "LAST-MODIFIED") != "20260310T191500Z" {
		t.Errorf("cancelled: %+v", cancelled)
	}
	// the store keeps what the service said
	stored, _ := e.Svc.Event(e.Ctx, f.orientation.ID)
	if stored.Revision != 2 || !stored.UpdatedAt.Equal(e.Clock) || !stored.CreatedAt.Equal(f.orientation.CreatedAt) {
		t.Errorf("stored revision %d, updated %v, created %v", stored.Revision, stored.UpdatedAt, stored.CreatedAt)
	}
}

// TestRFC5545ReaderCatchesBadFiles: the independent reading is no rubber
// stamp.
func TestRFC5545ReaderCatchesBadFiles(t *testing.T) {
	good := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20260310T171500Z\r\nDTSTART:20260310T171500Z\r\nSEQUENCE:3\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	if (&recorder{}).check([]byte(good)) {
		t.Fatal("a good calendar was refused")
	}
	for name, raw := range map[string]string{
		"split UTF-8":  "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nX-A:\xc3\r\n \xa9\r\nEND:VCALENDAR\r\n",
		"unclosed":     "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n",
		"long line":    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nX-LONG:" + strings.Repeat("a", 80) + "\r\nEND:VCALENDAR\r\n",
		"LF only":      "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\nEND:VCALENDAR\n",
		"no UID":       "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nDTSTAMP:20260310T171500Z\r\nDTSTART:20260310T171500Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
		"local stamp":  "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20260310T171500\r\nDTSTART:20260310T171500Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
		"bad sequence": "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20260310T171500Z\r\nDTSTART:20260310T171500Z\r\nSEQUENCE:-1\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
	} {
		if !(&recorder{}).check([]byte(raw)) {
			t.Errorf("%s: accepted", name)
		}
	}
}
