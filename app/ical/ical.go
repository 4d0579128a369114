// Package ical writes Front Desk's event calendar as an iCalendar file
// (RFC 5545) that calendar programs and the text-reminder system import:
// CRLF line ends, lines folded at 75 octets without splitting a UTF-8
// character, TEXT values escaped, one VEVENT per event with a stable UID
// and the event's revision as SEQUENCE (with LAST-MODIFIED), so calendar
// programs update a changed event instead of adding a second, and a
// VTIMEZONE for the site's zone built from the Go zone's own
// transitions over the years the events cover.
package ical

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"frontdesk/app"
)

// ProdID names the program that wrote the calendar.
const ProdID = "-//Front Desk//Event calendar//EN"

// maxLine is the longest a line may be, in octets, without its CRLF.
const maxLine = 75

// Write writes events (of site) to w as one VCALENDAR. stamp is the
// DTSTAMP of every event (the export time; written in UTC). Times are
// written as local times with the site's TZID.
func Write(w io.Writer, site app.Site, events []app.Event, stamp time.Time) error {
	bw := bufio.NewWriter(w)
	cw := &writer{w: bw}
	loc := site.Location()
	tzid := loc.String()
	cw.line("BEGIN:VCALENDAR")
	cw.line("VERSION:2.0")
	cw.line("PRODID:" + ProdID)
	cw.line("CALSCALE:GREGORIAN")
	cw.line("METHOD:PUBLISH")
	cw.prop("X-WR-CALNAME", Text(site.Name))
	cw.prop("X-WR-TIMEZONE", tzid)
	if len(events) > 0 {
		first, last := events[0].Start, events[0].End
		for _, e := range events {
			if e.Start.Before(first) {
				first = e.Start
			}
			if e.End.After(last) {
				last = e.End
			}
		}
		timezone(cw, loc, first.In(loc).Year(), last.In(loc).Year())
	}
	slug := Slug(site)
	dtstamp := utc(stamp)
	for _, e := range events {
		cw.line("BEGIN:VEVENT")
		cw.prop("UID", UID(e, slug))
		cw.prop("DTSTAMP", dtstamp)
		// A changed event has a higher SEQUENCE, so a calendar that already
		// has its UID replaces it instead of adding a second one.
		cw.prop("SEQUENCE", strconv.Itoa(e.Revision))
		if !e.CreatedAt.IsZero() {
			cw.prop("CREATED", utc(e.CreatedAt))
		}
		if m := e.UpdatedAt; !m.IsZero() || !e.CreatedAt.IsZero() {
			if m.IsZero() {
				m = e.CreatedAt
			}
			cw.prop("LAST-MODIFIED", utc(m))
		}
		cw.prop("DTSTART;TZID="+tzid, e.Start.In(loc).Format("20060102T150405"))
		cw.prop("DTEND;TZID="+tzid, e.End.In(loc).Format("20060102T150405"))
		cw.prop("SUMMARY", Text(e.Title))
		if e.Location != "" {
			cw.prop("LOCATION", Text(e.Location))
		}
		cw.prop("CATEGORIES", Text(string(e.Kind)))
		desc := kindName(e.Kind)
		if e.Language != "" {
			desc += " (" + e.Language + ")"
		}
		if e.VirtualLink != "" {
			cw.prop("URL", e.VirtualLink)
			desc += "\nJoin online: " + e.VirtualLink
		}
		if e.Capacity > 0 {
			desc += fmt.Sprintf("\nSeats: %d", e.Capacity)
		}
		cw.prop("DESCRIPTION", Text(desc))
		if e.Cancelled {
			cw.line("STATUS:CANCELLED")
		} else {
			cw.line("STATUS:CONFIRMED")
		}
		cw.line("TRANSP:OPAQUE")
		cw.line("END:VEVENT")
	}
	cw.line("END:VCALENDAR")
	if cw.err != nil {
		return cw.err
	}
	return bw.Flush()
}

// utc is t as an iCalendar DATE-TIME in UTC (20260310T171500Z).
func utc(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

func kindName(k app.EventKind) string {
	if k == app.KindOther || k.Words() == string(k) {
		return "Event"
	}
	return k.Words()
}

// UID is an event's stable unique identifier: event-<id>@<slug>.frontdesk.
func UID(e app.Event, slug string) string {
	return fmt.Sprintf("event-%d@%s.frontdesk", e.ID, slug)
}

// Slug is the site's name as lower-case ASCII letters, digits and hyphens
// (accents folded), for UIDs; "site-<id>" when nothing is left.
func Slug(site app.Site) string {
	var b strings.Builder
	dash := false
	for _, r := range app.FoldName(site.Name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case b.Len() > 0 && !dash:
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.TrimSuffix(b.String(), "-")
	if s == "" {
		return fmt.Sprintf("site-%d", site.ID)
	}
	return s
}

// Text escapes s as an iCalendar TEXT value: backslash, semicolon, comma
// and newline are escaped; carriage returns are dropped.
func Text(s string) string {
	if !strings.ContainsAny(s, "\\;,\n\r") {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case ';':
			b.WriteString(`\;`)
		case ',':
			b.WriteString(`\,`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// writer writes content lines, folded, with CRLF.
type writer struct {
	w   *bufio.Writer
	err error
}

func (cw *writer) prop(name, value string) { cw.line(name + ":" + value) }

// line writes one content line, folded at 75 octets: each continuation
// line starts with a space, which counts toward its 75, and no UTF-8
// character is split.
func (cw *writer) line(s string) {
	if cw.err != nil {
		return
	}
	_, cw.err = cw.w.WriteString(Fold(s))
}

// Fold returns the content line s folded and ended with CRLF.
func Fold(s string) string {
	var b strings.Builder
	limit := maxLine
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = maxLine - 1
	}
	b.WriteString(s)
	b.WriteString("\r\n")
	return b.String()
}

// timezone writes a VTIMEZONE for loc covering the years first..last: one
// observance per transition of the Go zone in those years, plus the one in
// force on January 1 of the first year.
func timezone(cw *writer, loc *time.Location, first, last int) {
	cw.line("BEGIN:VTIMEZONE")
	cw.prop("TZID", loc.String())
	t := time.Date(first, 1, 1, 0, 0, 0, 0, loc)
	end := time.Date(last+1, 1, 1, 0, 0, 0, 0, loc)
	start, next := t.ZoneBounds()
	if start.IsZero() {
		// in force since the beginning of time: observed from 1970
		start = time.Date(1970, 1, 1, 0, 0, 0, 0, loc)
	}
	observance(cw, start)
	for !next.IsZero() && next.Before(end) {
		observance(cw, next)
		_, next = next.ZoneBounds()
	}
	cw.line("END:VTIMEZONE")
}

// observance writes the STANDARD or DAYLIGHT block of the zone period that
// begins at the instant at. Its DTSTART is the onset as a local time in the
// offset in force before it.
func observance(cw *writer, at time.Time) {
	name, to := at.Zone()
	_, from := at.Add(-time.Second).Zone()
	kind := "STANDARD"
	if at.IsDST() {
		kind = "DAYLIGHT"
	}
	cw.line("BEGIN:" + kind)
	cw.prop("DTSTART", at.UTC().Add(time.Duration(from)*time.Second).Format("20060102T150405"))
	cw.prop("TZOFFSETFROM", offset(from))
	cw.prop("TZOFFSETTO", offset(to))
	if name != "" && !strings.HasPrefix(name, "+") && !strings.HasPrefix(name, "-") {
		cw.prop("TZNAME", Text(name))
	}
	cw.line("END:" + kind)
}

// offset formats seconds east of UTC as +HHMM (or +HHMMSS).
func offset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	if s := sec % 60; s != 0 {
		return fmt.Sprintf("%c%02d%02d%02d", sign, sec/3600, sec/60%60, s)
	}
	return fmt.Sprintf("%c%02d%02d", sign, sec/3600, sec/60%60)
}
