package main

import (
	"bufio"
	"fmt"
	"strconv"
	"strings"

	"frontdesk/app"
	"frontdesk/app/deskconf"
)

// checkinJSON is the answer to one check-in or visit.
type checkinJSON struct {
	Outcome       string `json:"outcome"`
	Message       string `json:"message"`
	Scan          string `json:"scan,omitempty"`
	CheckInID     int64  `json:"checkin_id,omitempty"`
	VisitID       int64  `json:"visit_id,omitempty"`
	ParticipantID int64  `json:"participant_id,omitempty"`
	Code          string `json:"code,omitempty"`
	CheckedIn     int    `json:"checked_in,omitempty"`
	Desk          string `json:"desk,omitempty"` // where the check-in (or the earlier one) was made
}

func resultJSON(r app.CheckInResult, scan string) checkinJSON {
	return checkinJSON{Outcome: string(r.Outcome), Message: r.Message, Scan: scan, CheckInID: r.CheckIn.ID, VisitID: r.Visit.ID,
		ParticipantID: r.Participant.ID, Code: r.Participant.Code, CheckedIn: r.Counts.CheckedIn, Desk: r.CheckIn.Desk}
}

// refused reports whether an outcome means the scan was not accepted.
func refused(o app.Outcome) bool {
	switch o {
	case app.OutcomeBadCode, app.OutcomeWrongKind, app.OutcomeUnknown, app.OutcomeCancelled, app.OutcomeNotToday, app.OutcomeRoomFull:
		return true
	}
	return false
}

// nameDesk names the desk the check-ins are made at: name, or the name
// this computer's desk settings keep (none when there are none).
func (e *env) nameDesk(name string) error {
	if name == "" {
		path, err := deskconf.Path()
		if err != nil {
			return nil
		}
		conf, err := deskconf.Load(path)
		if err != nil || conf.Name == "" {
			return nil
		}
		name = conf.Name
	}
	return e.svc.SetDesk(name)
}

// cmdCheckIn checks people into an event by card code (one, or a burst of
// codes read line by line from stdin with --scan -) or by participant id.
func (e *env) cmdCheckIn(args []string) error {
	fs := e.flags("checkin")
	eventID := fs.Int64("event", 0, "event id")
	scan := fs.String("scan", "", "card code, or - to read codes from stdin, one per line")
	pid := fs.Int64("participant", 0, "participant id (instead of --scan)")
	deskName := fs.String("desk", "", "the desk's name, recorded with the check-ins (default: this computer's desk name, as the app keeps it)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("checkin: unexpected argument %q", pos[0])
	}
	if *eventID <= 0 {
		return usageErrorf("checkin needs --event ID")
	}
	if (*scan == "") == (*pid == 0) {
		return usageErrorf("checkin needs either --scan CODE or --participant ID")
	}
	if err := e.open(); err != nil {
		return err
	}
	if err := e.nameDesk(*deskName); err != nil {
		return err
	}
	ev, err := e.svc.Event(e.ctx, *eventID)
	if err != nil {
		return err
	}
	t := app.Target{SiteID: ev.SiteID, EventID: ev.ID}
	switch {
	case *scan == "-":
		return e.burst(t)
	case *scan != "":
		r, err := e.svc.ScanCheckIn(e.ctx, t, *scan)
		if err != nil {
			return err
		}
		return e.answer(r, *scan)
	default:
		r, err := e.svc.CheckInParticipant(e.ctx, t, *pid, app.MethodSearch)
		if err != nil {
			return err
		}
		return e.answer(r, "")
	}
}

// answer prints a single check-in's result; refused scans are user errors.
func (e *env) answer(r app.CheckInResult, scan string) error {
	if refused(r.Outcome) {
		if e.json {
			e.out(resultJSON(r, scan), "")
		}
		return usageErrorf("%s", r.Message)
	}
	id := r.CheckIn.ID
	if id == 0 {
		id = r.Visit.ID
	}
	return e.out(resultJSON(r, scan), fmt.Sprintf("%s (%s %d)", r.Message, r.Outcome, id))
}

// burst reads codes from stdin and checks each in as it arrives. Each line of
// output is written only after its check-in is committed:
//
//	ok CHECKIN_ID CODE         a new check-in
//	already CHECKIN_ID CODE    checked in before; nothing new recorded
//	OUTCOME - SCAN             refused (bad_code, unknown_code, ...)
func (e *env) burst(t app.Target) error {
	sc := bufio.NewScanner(e.stdin)
	sc.Buffer(make([]byte, 4096), 1<<16)
	w := bufio.NewWriter(e.stdout)
	for sc.Scan() {
		raw := strings.TrimSpace(sc.Text())
		if raw == "" {
			continue
		}
		r, err := e.svc.ScanCheckIn(e.ctx, t, raw)
		if err != nil {
			return err
		}
		if e.json {
			if err := e.out(resultJSON(r, raw), ""); err != nil {
				return err
			}
			continue
		}
		switch {
		case r.Outcome.Recorded():
			fmt.Fprintf(w, "ok %d %s\n", r.CheckIn.ID, r.Participant.Code)
		case r.Outcome == app.OutcomeAlready:
			fmt.Fprintf(w, "already %d %s\n", r.CheckIn.ID, r.Participant.Code)
		default:
			fmt.Fprintf(w, "%s - %s\n", r.Outcome, strconv.Quote(raw))
		}
		if err := w.Flush(); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return usageErrorf("reading codes: %v", err)
	}
	return nil
}

// cmdVisit records a general visit (no event) for a reason.
func (e *env) cmdVisit(args []string) error {
	fs := e.flags("visit")
	reason := fs.String("reason", "", strings.Join(app.VisitReasons, ", "))
	scan := fs.String("scan", "", "card code")
	pid := fs.Int64("participant", 0, "participant id (instead of --scan)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("visit: unexpected argument %q", pos[0])
	}
	if *reason == "" {
		return usageErrorf("visit needs --reason (%s)", strings.Join(app.VisitReasons, ", "))
	}
	if (*scan == "") == (*pid == 0) {
		return usageErrorf("visit needs either --scan CODE or --participant ID")
	}
	site, err := e.openSite()
	if err != nil {
		return err
	}
	t := app.Target{SiteID: site.ID, Reason: *reason}
	var r app.CheckInResult
	if *scan != "" {
		r, err = e.svc.ScanCheckIn(e.ctx, t, *scan)
	} else {
		r, err = e.svc.CheckInParticipant(e.ctx, t, *pid, app.MethodSearch)
	}
	if err != nil {
		return err
	}
	return e.answer(r, *scan)
}
