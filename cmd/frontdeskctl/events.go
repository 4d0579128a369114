package main

import (
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"frontdesk/app"
)

// eventJSON is an event as frontdeskctl prints it.
type eventJSON struct {
	ID          int64  `json:"id"`
	Kind        string `json:"kind"`
	Title       string `json:"title"`
	Start       string `json:"start"`
	End         string `json:"end"`
	Location    string `json:"location,omitempty"`
	VirtualLink string `json:"virtual_link,omitempty"`
	Capacity    int    `json:"capacity"`
	Facilitator string `json:"facilitator,omitempty"`
	Language    string `json:"language"`
	Cancelled   bool   `json:"cancelled"`
}

func eventToJSON(ev app.Event, loc *time.Location) eventJSON {
	return eventJSON{ID: ev.ID, Kind: string(ev.Kind), Title: ev.Title, Start: ev.Start.In(loc).Format(time.RFC3339),
		End: ev.End.In(loc).Format(time.RFC3339), Location: ev.Location, VirtualLink: ev.VirtualLink, Capacity: ev.Capacity,
		Facilitator: ev.Facilitator, Language: ev.Language, Cancelled: ev.Cancelled}
}

// localTimeLayouts are the ways a date and time may be written on the command line.
var localTimeLayouts = []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02"}

// parseLocal reads a wall-clock date/time in the site's zone.
func parseLocal(flagName, s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	for _, l := range localTimeLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, usageErrorf("--%s %q: write the date and time as 2026-03-10 09:00", flagName, s)
}

// cmdEventAdd adds an event.
func (e *env) cmdEventAdd(args []string) error {
	fs := e.flags("event add")
	var ev app.Event
	var kind, start, end string
	var dur time.Duration
	fs.StringVar(&kind, "kind", string(app.KindWorkshop), "orientation, workshop, recruitment, job_fair or other")
	fs.StringVar(&ev.Title, "title", "", "title")
	fs.StringVar(&start, "start", "", `start, in the site's time zone ("2026-03-10 09:00")`)
	fs.StringVar(&end, "end", "", "end (or --duration)")
	fs.DurationVar(&dur, "duration", 0, "length, e.g. 90m (or --end)")
	fs.StringVar(&ev.Location, "location", "", "room or address")
	fs.StringVar(&ev.VirtualLink, "link", "", "virtual meeting link")
	fs.IntVar(&ev.Capacity, "capacity", 0, "seats (0: no limit)")
	fs.StringVar(&ev.Facilitator, "facilitator", "", "who leads it")
	fs.StringVar(&ev.Language, "lang", "en", "language it is held in")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("event add: unexpected argument %q", pos[0])
	}
	if start == "" {
		return usageErrorf("event add needs --start")
	}
	if (end == "") == (dur == 0) {
		return usageErrorf("event add needs either --end or --duration")
	}
	site, err := e.openSite()
	if err != nil {
		return err
	}
	loc := site.Location()
	ev.SiteID, ev.Kind = site.ID, app.EventKind(kind)
	if ev.Start, err = parseLocal("start", start, loc); err != nil {
		return err
	}
	if end != "" {
		if ev.End, err = parseLocal("end", end, loc); err != nil {
			return err
		}
	} else {
		ev.End = ev.Start.Add(dur)
	}
	ev, err = e.svc.AddEvent(e.ctx, ev)
	if err != nil {
		return err
	}
	return e.out(eventToJSON(ev, loc), fmt.Sprintf("Added event %d: %s, %s", ev.ID, ev.Title, ev.Start.In(loc).Format("Mon Jan 2 2006 3:04 PM")))
}

// cmdEventList lists events.
func (e *env) cmdEventList(args []string) error {
	fs := e.flags("event list")
	from := fs.String("from", "", "first day (default today)")
	to := fs.String("to", "", "last day (default 30 days on)")
	all := fs.Bool("all", false, "include cancelled events")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("event list: unexpected argument %q", pos[0])
	}
	site, err := e.openSite()
	if err != nil {
		return err
	}
	loc := site.Location()
	f := app.EventFilter{SiteID: site.ID, IncludeCancelled: *all}
	f.From, _ = app.LocalDay(e.svc.Now(), loc)
	if *from != "" {
		if f.From, err = parseLocal("from", *from, loc); err != nil {
			return err
		}
	}
	f.To = f.From.AddDate(0, 0, 31)
	if *to != "" {
		t, err := parseLocal("to", *to, loc)
		if err != nil {
			return err
		}
		_, f.To = app.LocalDay(t, loc)
	}
	evs, err := e.svc.Events(e.ctx, f)
	if err != nil {
		return err
	}
	if e.json {
		out := make([]eventJSON, len(evs))
		for i, ev := range evs {
			out[i] = eventToJSON(ev, loc)
		}
		return e.out(out, "")
	}
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tWHEN\tKIND\tTITLE\tCAPACITY\t")
	for _, ev := range evs {
		title := ev.Title
		if ev.Cancelled {
			title += " (cancelled)"
		}
		capa := "-"
		if ev.Capacity > 0 {
			capa = strconv.Itoa(ev.Capacity)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t\n", ev.ID, ev.Start.In(loc).Format("Mon 2006-01-02 15:04"), ev.Kind, title, capa)
	}
	tw.Flush()
	return e.out(nil, b.String())
}
