package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"frontdesk/app"
	"frontdesk/app/pdf"
	"frontdesk/app/xlsx"
)

// Job-retention follow-up from the command line (case managers): a
// participant's case (job, exit, case manager, schedule), their contact log
// and quarter-end forms, the work list and the quarterly roster. Every flag
// is read and checked before the database is opened, so a bad value changes
// nothing; roles, rules and the audit trail come from the services.

func (e *env) cmdFollowup(s string, args []string) error {
	switch s {
	case "case":
		return e.cmdFollowupCase(args)
	case "list":
		return e.cmdFollowupList(args)
	case "log":
		return e.cmdFollowupLog(args)
	case "form":
		return e.cmdFollowupForm(args)
	case "roster":
		return e.cmdFollowupRoster(args)
	case "templates", "schedules":
		return e.cmdFollowupTemplates(args)
	case "template", "schedule":
		return e.cmdFollowupTemplate(args)
	}
	return usageErrorf("unknown command: followup %s (try: case, list, log, form, roster, templates, template)", s)
}

// setFlags returns the names of the flags given on the command line.
func setFlags(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}

// dayFlag reads a YYYY-MM-DD flag; "" gives the zero time.
func dayFlag(name, s string) (time.Time, error) {
	d, err := parseDate(name, s)
	if err != nil || d == nil {
		return time.Time{}, err
	}
	return *d, nil
}

// yesNo reads --employed.
func yesNo(name, s string) (string, error) {
	switch v := strings.ToLower(strings.TrimSpace(s)); v {
	case "", app.AnswerYes, app.AnswerNo:
		return v, nil
	}
	return "", usageErrorf("--%s %q: answer yes or no", name, s)
}

func fmtDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}

// ---- JSON shapes

type followupContactJSON struct {
	ID          int64  `json:"id"`
	Participant string `json:"participant,omitempty"`
	Code        string `json:"code,omitempty"`
	Phone       string `json:"phone,omitempty"`
	CaseManager string `json:"case_manager,omitempty"`
	Kind        string `json:"kind"`
	Label       string `json:"label"`
	Quarter     int    `json:"quarter,omitempty"`
	WindowStart string `json:"window_start"`
	Due         string `json:"due"`
	Status      string `json:"status"`
	Attempts    int    `json:"attempts"`
	DoneOn      string `json:"done_on,omitempty"`
	DoneBy      string `json:"done_by,omitempty"`
}

func contactToJSON(c app.FollowupContact) followupContactJSON {
	return followupContactJSON{ID: c.ID, Kind: string(c.Kind), Label: c.Label, Quarter: c.Quarter, WindowStart: fmtDay(c.WindowStart),
		Due: fmtDay(c.Due), Status: string(c.Status), Attempts: c.Attempts, DoneOn: fmtDay(c.DoneOn), DoneBy: c.DoneBy}
}

func dueToJSON(d app.DueFollowup) followupContactJSON {
	j := contactToJSON(d.FollowupContact)
	j.Participant, j.Code, j.Phone, j.CaseManager = d.Participant, d.Code, d.Phone, d.CaseManager
	return j
}

type followupAttemptJSON struct {
	ID            int64  `json:"id"`
	ContactID     int64  `json:"contact_id,omitempty"`
	Date          string `json:"date"`
	Staff         string `json:"staff"`
	Method        string `json:"method"`
	Outcome       string `json:"outcome"`
	StillEmployed string `json:"still_employed,omitempty"`
	Employer      string `json:"employer,omitempty"`
	Wage          string `json:"wage,omitempty"`
	Document      string `json:"document,omitempty"`
	Notes         string `json:"notes,omitempty"`
}

func attemptToJSON(a app.FollowupAttempt) followupAttemptJSON {
	return followupAttemptJSON{ID: a.ID, ContactID: a.ContactID, Date: fmtDay(a.Day), Staff: a.Staff, Method: string(a.Method),
		Outcome: string(a.Outcome), StillEmployed: a.StillEmployed, Employer: a.Employer, Wage: app.FormatWage(a.WageCents),
		Document: a.Document, Notes: a.Notes}
}

type followupFormJSON struct {
	ID        int64   `json:"id"`
	ContactID int64   `json:"contact_id,omitempty"`
	Quarter   int     `json:"quarter"`
	Date      string  `json:"date"`
	Staff     string  `json:"staff"`
	Employed  string  `json:"employed"`
	Employer  string  `json:"employer,omitempty"`
	JobTitle  string  `json:"job_title,omitempty"`
	Wage      string  `json:"wage,omitempty"`
	Hours     float64 `json:"hours,omitempty"`
	Document  string  `json:"document,omitempty"`
}

func formToJSON(f app.FollowupForm) followupFormJSON {
	return followupFormJSON{ID: f.ID, ContactID: f.ContactID, Quarter: f.Quarter, Date: fmtDay(f.Day), Staff: f.Staff, Employed: f.Employed,
		Employer: f.Employer, JobTitle: f.JobTitle, Wage: app.FormatWage(f.WageCents), Hours: f.HoursPerWeek, Document: f.Document}
}

type followupFileJSON struct {
	ParticipantID   int64                 `json:"participant_id"`
	Code            string                `json:"code"`
	Name            string                `json:"name"`
	Status          string                `json:"status"`
	HasCase         bool                  `json:"has_case"`
	Schedule        string                `json:"schedule"`
	CaseManager     string                `json:"case_manager,omitempty"`
	EmploymentStart string                `json:"employment_start,omitempty"`
	Employer        string                `json:"employer,omitempty"`
	JobTitle        string                `json:"job_title,omitempty"`
	Wage            string                `json:"wage,omitempty"`
	Hours           float64               `json:"hours,omitempty"`
	Exit            string                `json:"exit,omitempty"`
	ExitReason      string                `json:"exit_reason,omitempty"`
	Contacts        []followupContactJSON `json:"contacts"`
	Log             []followupAttemptJSON `json:"log"`
	Forms           []followupFormJSON    `json:"forms"`
}

func fileToJSON(f app.FollowupFile) followupFileJSON {
	c := f.Case
	j := followupFileJSON{ParticipantID: f.Participant.ID, Code: f.Participant.Code, Name: f.Participant.DisplayName(),
		Status: string(f.Participant.Status), HasCase: f.HasCase, Schedule: f.Template.Key, CaseManager: c.CaseManager,
		EmploymentStart: fmtDay(c.EmploymentStart), Employer: c.Employer, JobTitle: c.JobTitle, Wage: app.FormatWage(c.WageCents),
		Hours: c.HoursPerWeek, Exit: fmtDay(c.ExitDate), ExitReason: c.ExitReason,
		Contacts: []followupContactJSON{}, Log: []followupAttemptJSON{}, Forms: []followupFormJSON{}}
	for _, x := range f.Contacts {
		j.Contacts = append(j.Contacts, contactToJSON(x))
	}
	for _, x := range f.Attempts {
		j.Log = append(j.Log, attemptToJSON(x))
	}
	for _, x := range f.Forms {
		j.Forms = append(j.Forms, formToJSON(x))
	}
	return j
}

// statusWord is how a contact's status prints.
func statusWord(s app.ContactStatus) string {
	if s == app.ContactNonResponsive {
		return "non-responsive"
	}
	return string(s)
}

// fileText is a participant's follow-up record as text: the case, the
// schedule and the contact log.
func fileText(f app.FollowupFile) string {
	var b strings.Builder
	c := f.Case
	fmt.Fprintf(&b, "%s (%s), status %s\n", f.Participant.DisplayName(), f.Participant.Code, f.Participant.Status)
	manager := c.CaseManager
	if manager == "" {
		manager = "none"
	}
	fmt.Fprintf(&b, "Schedule: %s (%s); case manager: %s\n", f.Template.Name, f.Template.Key, manager)
	if !c.EmploymentStart.IsZero() {
		fmt.Fprintf(&b, "Job: %s", fmtDay(c.EmploymentStart))
		for _, s := range []string{c.Employer, c.JobTitle} {
			if s != "" {
				fmt.Fprintf(&b, ", %s", s)
			}
		}
		if c.WageCents != 0 {
			fmt.Fprintf(&b, ", $%s/h", app.FormatWage(c.WageCents))
		}
		if c.HoursPerWeek != 0 {
			fmt.Fprintf(&b, ", %s h/week", strconv.FormatFloat(c.HoursPerWeek, 'f', -1, 64))
		}
		b.WriteString("\n")
	}
	if !c.ExitDate.IsZero() {
		fmt.Fprintf(&b, "Exit: %s, %s\n", fmtDay(c.ExitDate), c.ExitReason)
	}
	b.WriteString("\nSchedule:\n")
	if len(f.Contacts) == 0 {
		b.WriteString("  (nothing scheduled: record the employment start or the exit)\n")
	} else {
		tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "  ID\tWINDOW\tDUE\tQTR\tCONTACT\tSTATUS\tATTEMPTS")
		for _, x := range f.Contacts {
			label := x.Label
			if x.Kind == app.KindForm {
				label = "[form] " + label
			}
			q := ""
			if x.Quarter > 0 {
				q = "Q" + strconv.Itoa(x.Quarter)
			}
			st := statusWord(x.Status)
			if x.Status == app.ContactDone && !x.DoneOn.IsZero() {
				st += " " + fmtDay(x.DoneOn)
			}
			fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%s\t%s\t%d\n", x.ID, fmtDay(x.WindowStart), fmtDay(x.Due), q, label, st, x.Attempts)
		}
		tw.Flush()
	}
	if len(f.Attempts) > 0 {
		b.WriteString("\nContact log (newest first):\n")
		tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "  DATE\tBY\tMETHOD\tOUTCOME\tCONTACT\tNOTES")
		for _, a := range f.Attempts {
			contact := ""
			if a.ContactID != 0 {
				contact = strconv.FormatInt(a.ContactID, 10)
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\n", fmtDay(a.Day), a.Staff, a.Method, a.Outcome, contact, oneLine(a.Notes))
		}
		tw.Flush()
	}
	if len(f.Forms) > 0 {
		b.WriteString("\nFollow-up forms (newest first):\n")
		for _, fm := range f.Forms {
			fmt.Fprintf(&b, "  Q%d %s by %s: employed %s %s\n", fm.Quarter, fmtDay(fm.Day), fm.Staff, fm.Employed, fm.Employer)
		}
	}
	return b.String()
}

// caseManagerID finds the active case manager with username ("" gives 0).
func (e *env) caseManagerID(username string) (int64, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	if username == "" {
		return 0, nil
	}
	ms, err := e.svc.CaseManagers(e.ctx)
	if err != nil {
		return 0, err
	}
	for _, m := range ms {
		if m.Username == username {
			return m.ID, nil
		}
	}
	return 0, app.FieldErrorf("case manager", "There is no active case manager with the username %s.", username)
}

// ---- followup case

func (e *env) cmdFollowupCase(args []string) error {
	fs := e.flags("followup case")
	participant := fs.String("participant", "", "the participant's id or card code")
	start := fs.String("employment-start", "", "the first day of the job, YYYY-MM-DD ('' clears the job)")
	employer := fs.String("employer", "", "the employer")
	title := fs.String("job-title", "", "the job title")
	wage := fs.String("wage", "", "hourly wage, as 18.50")
	hours := fs.String("hours", "", "hours per week")
	exit := fs.String("exit", "", "the exit date, YYYY-MM-DD ('' clears it)")
	reason := fs.String("exit-reason", "", "why the participant exited")
	manager := fs.String("manager", "", "the case manager's username ('' for none)")
	schedule := fs.String("schedule", "", "seta-02-09, wioa or custom-N")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("followup case", pos); err != nil {
		return err
	}
	if *participant == "" {
		return usageErrorf("followup case needs --participant ID|CODE")
	}
	set := setFlags(fs)
	// read every value before the database is touched
	startDay, err := dayFlag("employment-start", *start)
	if err != nil {
		return err
	}
	exitDay, err := dayFlag("exit", *exit)
	if err != nil {
		return err
	}
	wageCents, err := app.ParseWage("wage", *wage)
	if err != nil {
		return err
	}
	hoursWeek, err := app.ParseHours("hours per week", *hours)
	if err != nil {
		return err
	}
	if err := e.open(); err != nil {
		return err
	}
	p, err := e.participantArg(*participant)
	if err != nil {
		return err
	}
	f, err := e.svc.FollowupFile(e.ctx, p.ID)
	if err != nil {
		return err
	}
	c := f.Case
	c.ParticipantID = p.ID
	if set["employment-start"] {
		c.EmploymentStart = startDay
		if startDay.IsZero() { // the job is taken back with its details
			c.Employer, c.JobTitle, c.WageCents, c.HoursPerWeek = "", "", 0, 0
		}
	}
	if set["employer"] {
		c.Employer = *employer
	}
	if set["job-title"] {
		c.JobTitle = *title
	}
	if set["wage"] {
		c.WageCents = wageCents
	}
	if set["hours"] {
		c.HoursPerWeek = hoursWeek
	}
	if set["exit"] {
		c.ExitDate = exitDay
		if exitDay.IsZero() && !set["exit-reason"] {
			c.ExitReason = ""
		}
	}
	if set["exit-reason"] {
		c.ExitReason = *reason
	}
	if set["manager"] {
		if c.CaseManagerID, err = e.caseManagerID(*manager); err != nil {
			return err
		}
	}
	if set["schedule"] {
		c.TemplateKey = strings.ToLower(strings.TrimSpace(*schedule))
	}
	f, err = e.svc.SaveFollowupCase(e.ctx, c)
	if err != nil {
		return err
	}
	return e.out(fileToJSON(f), "Saved the follow-up case of "+p.DisplayName()+" ("+p.Code+")\n\n"+fileText(f))
}

// ---- followup list

type myFollowupsJSON struct {
	Today         string                `json:"today"`
	Overdue       []followupContactJSON `json:"overdue"`
	ThisWeek      []followupContactJSON `json:"this_week,omitempty"`
	Upcoming      []followupContactJSON `json:"upcoming,omitempty"`
	NonResponsive []followupContactJSON `json:"non_responsive,omitempty"`
	Caseload      []followupContactJSON `json:"caseload,omitempty"`
}

func (e *env) cmdFollowupList(args []string) error {
	fs := e.flags("followup list")
	participant := fs.String("participant", "", "one participant's schedule and contact log (id or card code)")
	overdue := fs.Bool("overdue", false, "only contacts past due")
	all := fs.Bool("all", false, "also the whole caseload, each with their next contact")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("followup list", pos); err != nil {
		return err
	}
	site, err := e.openSite()
	if err != nil {
		return err
	}
	if *participant != "" {
		p, err := e.participantArg(*participant)
		if err != nil {
			return err
		}
		f, err := e.svc.FollowupFile(e.ctx, p.ID)
		if err != nil {
			return err
		}
		if *overdue {
			today := app.CalendarDay(clock(), site.Location())
			var late []app.FollowupContact
			for _, c := range f.Contacts {
				if c.Status == app.ContactOpen && c.Due.Before(today) {
					late = append(late, c)
				}
			}
			f.Contacts = late
		}
		return e.out(fileToJSON(f), fileText(f))
	}
	m, err := e.svc.MyFollowups(e.ctx, site.ID)
	if err != nil {
		return err
	}
	conv := func(rows []app.DueFollowup) []followupContactJSON {
		out := []followupContactJSON{}
		for _, r := range rows {
			out = append(out, dueToJSON(r))
		}
		return out
	}
	j := myFollowupsJSON{Today: fmtDay(m.Today), Overdue: conv(m.Overdue)}
	sections := []struct {
		title string
		rows  []app.DueFollowup
	}{{"Overdue", m.Overdue}}
	if !*overdue {
		j.ThisWeek, j.Upcoming, j.NonResponsive = conv(m.ThisWeek), conv(m.Upcoming), conv(m.NonResponsive)
		sections = append(sections, struct {
			title string
			rows  []app.DueFollowup
		}{"This week", m.ThisWeek}, struct {
			title string
			rows  []app.DueFollowup
		}{"Upcoming", m.Upcoming}, struct {
			title string
			rows  []app.DueFollowup
		}{"Non-responsive (3 attempts)", m.NonResponsive})
		if *all {
			j.Caseload = conv(m.Caseload)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Follow-ups as of %s\n", fmtDay(m.Today))
	for _, s := range sections {
		fmt.Fprintf(&b, "\n%s (%d)\n", s.title, len(s.rows))
		if len(s.rows) == 0 {
			continue
		}
		tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "  DUE\tPARTICIPANT\tCODE\tPHONE\tCONTACT\tATTEMPTS\tCASE MANAGER")
		for _, r := range s.rows {
			label := r.Label
			if r.Kind == app.KindForm {
				label = "[form] " + label
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%d\t%s\n", fmtDay(r.Due), r.Participant, r.Code, app.FormatPhone(r.Phone), label, r.Attempts, r.CaseManager)
		}
		tw.Flush()
	}
	if *all && !*overdue {
		fmt.Fprintf(&b, "\nCaseload (%d)\n", len(m.Caseload))
		tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "  PARTICIPANT\tCODE\tNEXT DUE\tNEXT CONTACT")
		for _, r := range m.Caseload {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", r.Participant, r.Code, fmtDay(r.Due), r.Label)
		}
		tw.Flush()
	}
	return e.out(j, b.String())
}

// ---- followup log

func (e *env) cmdFollowupLog(args []string) error {
	fs := e.flags("followup log")
	participant := fs.String("participant", "", "the participant's id or card code")
	date := fs.String("date", "", "the day of the contact, YYYY-MM-DD")
	method := fs.String("method", "", "phone, text, email, letter or in_person")
	outcome := fs.String("outcome", "", "reached, voicemail, no_answer, wrong_number or letter_sent")
	employed := fs.String("employed", "", "still employed: yes or no (reached only)")
	employer := fs.String("employer", "", "the employer (reached only)")
	wage := fs.String("wage", "", "hourly wage, as 18.50 (reached only)")
	document := fs.String("document", "", "pay_stub, w2 or employer_letter (reached only)")
	notes := fs.String("notes", "", "notes")
	contact := fs.String("contact", "", "the scheduled contact's id (default: the earliest still to make)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("followup log", pos); err != nil {
		return err
	}
	if *participant == "" || *date == "" || *method == "" || *outcome == "" {
		return usageErrorf("followup log needs --participant, --date, --method and --outcome")
	}
	at := app.FollowupAttempt{Method: app.ContactMethod(strings.ToLower(strings.TrimSpace(*method))),
		Outcome: app.ContactOutcome(strings.ToLower(strings.TrimSpace(*outcome))), Employer: *employer,
		Document: strings.ToLower(strings.TrimSpace(*document)), Notes: *notes}
	if at.Day, err = dayFlag("date", *date); err != nil {
		return err
	}
	if at.StillEmployed, err = yesNo("employed", *employed); err != nil {
		return err
	}
	if at.WageCents, err = app.ParseWage("wage", *wage); err != nil {
		return err
	}
	if *contact != "" {
		if at.ContactID, err = parseID("contact", *contact); err != nil {
			return err
		}
	}
	if err := e.open(); err != nil {
		return err
	}
	p, err := e.participantArg(*participant)
	if err != nil {
		return err
	}
	at.ParticipantID = p.ID
	at, c, err := e.svc.LogFollowupContact(e.ctx, at)
	if err != nil {
		return err
	}
	text := fmt.Sprintf("Logged %s by %s on %s for %s (%s)", at.Outcome, at.Method, fmtDay(at.Day), p.DisplayName(), p.Code)
	var cj *followupContactJSON
	if c.ID != 0 {
		x := contactToJSON(c)
		cj = &x
		text += fmt.Sprintf("; contact %d (%s, due %s): %s", c.ID, c.Label, fmtDay(c.Due), statusWord(c.Status))
		if c.Status == app.ContactOpen {
			text += fmt.Sprintf(", %d failed attempt(s)", c.Attempts)
		}
	} else {
		text += "; no scheduled contact was open on that day"
	}
	return e.out(map[string]any{"attempt": attemptToJSON(at), "contact": cj}, text)
}

// ---- followup form

func (e *env) cmdFollowupForm(args []string) error {
	fs := e.flags("followup form")
	participant := fs.String("participant", "", "the participant's id or card code")
	quarter := fs.Int("quarter", 0, "the quarter after exit the form is for")
	date := fs.String("date", "", "the day of the form, YYYY-MM-DD")
	employed := fs.String("employed", "", "yes or no")
	employer := fs.String("employer", "", "the employer")
	title := fs.String("job-title", "", "the job title")
	wage := fs.String("wage", "", "hourly wage, as 18.50")
	hours := fs.String("hours", "", "hours per week")
	document := fs.String("document", "", "pay_stub, w2 or employer_letter")
	notes := fs.String("notes", "", "notes")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("followup form", pos); err != nil {
		return err
	}
	if *participant == "" || *date == "" || *quarter == 0 || *employed == "" {
		return usageErrorf("followup form needs --participant, --quarter, --date and --employed yes|no")
	}
	fm := app.FollowupForm{Quarter: *quarter, Employer: *employer, JobTitle: *title,
		Document: strings.ToLower(strings.TrimSpace(*document)), Notes: *notes}
	if fm.Day, err = dayFlag("date", *date); err != nil {
		return err
	}
	if fm.Employed, err = yesNo("employed", *employed); err != nil {
		return err
	}
	if fm.WageCents, err = app.ParseWage("wage", *wage); err != nil {
		return err
	}
	if fm.HoursPerWeek, err = app.ParseHours("hours per week", *hours); err != nil {
		return err
	}
	if err := e.open(); err != nil {
		return err
	}
	p, err := e.participantArg(*participant)
	if err != nil {
		return err
	}
	fm.ParticipantID = p.ID
	fm, err = e.svc.RecordFollowupForm(e.ctx, fm)
	if err != nil {
		return err
	}
	text := fmt.Sprintf("Recorded the quarter %d follow-up form of %s (%s), %s", fm.Quarter, p.DisplayName(), p.Code, fmtDay(fm.Day))
	if fm.ContactID == 0 {
		text += "; the schedule has no form for that quarter"
	}
	return e.out(formToJSON(fm), text)
}

// ---- followup roster

// rosterRowJSON is one contact of a roster in followup roster --json, in
// the roster's order: what the file lists, to check it against.
type rosterRowJSON struct {
	CaseManager string `json:"case_manager"` // "" for nobody assigned
	Participant string `json:"participant"`
	Code        string `json:"code"`
	Contact     string `json:"contact"`
	Kind        string `json:"kind"`
	Due         string `json:"due"` // YYYY-MM-DD
	Status      string `json:"status"`
	Overdue     bool   `json:"overdue"`
	Attempts    int    `json:"attempts"`
}

func rosterRows(r app.FollowupRoster) []rosterRowJSON {
	out := []rosterRowJSON{}
	for _, g := range r.Groups {
		for _, c := range g.Rows {
			out = append(out, rosterRowJSON{CaseManager: g.CaseManager, Participant: c.Participant, Code: c.Code, Contact: c.Label,
				Kind: string(c.Kind), Due: c.Due.UTC().Format(time.DateOnly), Status: string(c.Status), Overdue: r.Overdue(c), Attempts: c.Attempts})
		}
	}
	return out
}

func (e *env) cmdFollowupRoster(args []string) error {
	fs := e.flags("followup roster")
	year := fs.Int("year", 0, "the year")
	quarter := fs.Int("quarter", 0, "the calendar quarter, 1 to 4")
	manager := fs.String("manager", "", "one case manager's username (none: participants with no case manager)")
	all := fs.Bool("all", false, "the whole site")
	out := fs.String("out", "", "the file to write: FILE.pdf or FILE.xlsx")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("followup roster", pos); err != nil {
		return err
	}
	if *out == "" || *year == 0 || *quarter == 0 {
		return usageErrorf("followup roster needs --year Y --quarter Q and --out FILE.pdf|FILE.xlsx")
	}
	if *manager != "" && *all {
		return usageErrorf("followup roster: give --manager or --all, not both")
	}
	ext := strings.ToLower(filepath.Ext(*out))
	if ext != ".pdf" && ext != ".xlsx" {
		return usageErrorf("followup roster writes .pdf or .xlsx files, not %q", filepath.Base(*out))
	}
	site, err := e.openSite()
	if err != nil {
		return err
	}
	q := app.FollowupRosterQuery{SiteID: site.ID, Year: *year, Quarter: *quarter}
	switch a, _ := app.ActorFrom(e.ctx); {
	case *manager == "none":
		q.CaseManagerID = -1
	case *manager != "":
		if q.CaseManagerID, err = e.caseManagerID(*manager); err != nil {
			return err
		}
	case !*all && a.ID != 0 && !a.Has(app.RoleDirector):
		q.CaseManagerID = a.ID // a case manager's own roster
	}
	r, err := e.svc.FollowupRoster(e.ctx, q)
	if err != nil {
		return err
	}
	err = writeFileAtomic(*out, func(f *os.File) error {
		if ext == ".pdf" {
			return pdf.WriteFollowupRoster(f, r)
		}
		return xlsx.WriteFollowupRoster(f, r)
	})
	if err != nil {
		return err
	}
	if err := e.svc.RecordRosterOutput(e.ctx, r, strings.TrimPrefix(ext, ".")); err != nil {
		return err
	}
	return e.out(map[string]any{"out": *out, "quarter": r.Title(), "contacts": r.Count(), "groups": len(r.Groups), "rows": rosterRows(r)},
		fmt.Sprintf("Wrote the follow-up roster %s (%s, %s) to %s", r.Title(), app.Plural(r.Count(), "contact", "contacts"), app.Plural(len(r.Groups), "case manager group", "case manager groups"), *out))
}

// ---- followup templates

type templateJSON struct {
	Key     string             `json:"key"`
	Name    string             `json:"name"`
	Builtin bool               `json:"builtin"`
	Rules   []app.FollowupRule `json:"rules"`
}

func (e *env) cmdFollowupTemplates(args []string) error {
	fs := e.flags("followup templates")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("followup templates", pos); err != nil {
		return err
	}
	if err := e.open(); err != nil {
		return err
	}
	ts, err := e.svc.FollowupTemplates(e.ctx)
	if err != nil {
		return err
	}
	js := []templateJSON{}
	var b strings.Builder
	for i, t := range ts {
		js = append(js, templateJSON{Key: t.Key, Name: t.Name, Builtin: t.Builtin, Rules: t.Rules})
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s  %s\n", t.Key, t.Name)
		for _, r := range t.Rules {
			fmt.Fprintf(&b, "  - %s\n", r.Describe())
		}
	}
	return e.out(js, b.String())
}
