package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"frontdesk/app"
	"frontdesk/app/pdf"
	"frontdesk/data"
)

// Kit lending from the command line: sessions (cohorts), kits, loans, holds
// and kit labels. Roles and the audit trail come from the services; the
// commands only read flags and print. Checkout ticks every component of the
// kit as going out: the command line is for IT and automation, the desk app
// is where staff tick what actually leaves.

// multiFlag is a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(s string) error { *m = append(*m, s); return nil }

// kitKindLabel is how a kit's kind prints on its label and agreement.
func kitKindLabel(k app.KitKind) string {
	switch k {
	case app.KitLaptop:
		return "Laptop kit / Computadora portátil"
	case app.KitHotspot:
		return "Hotspot kit / Hotspot"
	case app.KitLaptopHotspot:
		return "Laptop + hotspot kit / Laptop y hotspot"
	}
	return string(k)
}

func parseKind(s string) (app.KitKind, error) {
	k := app.KitKind(strings.ToLower(strings.TrimSpace(strings.ReplaceAll(s, "+", "_"))))
	for _, x := range app.KitKinds {
		if x == k {
			return k, nil
		}
	}
	return "", usageErrorf("--kind %q: choose laptop, hotspot or laptop_hotspot", s)
}

func parseKitStatus(s string) (app.KitStatus, error) {
	st := app.KitStatus(strings.ToLower(strings.TrimSpace(s)))
	for _, x := range app.KitStatuses {
		if x == st {
			return st, nil
		}
	}
	var all []string
	for _, x := range app.KitStatuses {
		all = append(all, string(x))
	}
	return "", usageErrorf("--status %q: choose %s", s, strings.Join(all, ", "))
}

func noArgs(name string, pos []string) error {
	if len(pos) > 0 {
		return usageErrorf("%s: unexpected argument %q", name, pos[0])
	}
	return nil
}

func parseID(flagName, s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || id <= 0 {
		return 0, usageErrorf("--%s %q is not an id", flagName, s)
	}
	return id, nil
}

// ---- sessions

type cohortJSON struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Start  string `json:"start"`
	End    string `json:"end"`
	Events int    `json:"events,omitempty"`
}

func cohortToJSON(c app.Cohort) cohortJSON {
	return cohortJSON{ID: c.ID, Name: c.Name, Start: c.Start.Format("2006-01-02"), End: c.End.Format("2006-01-02")}
}

var weekdayNames = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

func (e *env) cmdSession(s string, args []string) error {
	switch s {
	case "add":
		return e.cmdSessionAdd(args)
	case "list":
		return e.cmdSessionList(args)
	case "enrol", "enroll":
		return e.cmdSessionEnrol(args)
	}
	return usageErrorf("unknown command: session %s", s)
}

func (e *env) cmdSessionAdd(args []string) error {
	fs := e.flags("session add")
	name := fs.String("name", "", "the session's name")
	start := fs.String("start", "", "first day, YYYY-MM-DD")
	end := fs.String("end", "", "last day, YYYY-MM-DD (the default due date of its loans)")
	weekdays := fs.String("weekday", "", "weekly event days, as tue,thu")
	at := fs.String("time", "", "weekly events' start time, HH:MM")
	dur := fs.Duration("duration", 2*time.Hour, "weekly events' length")
	title := fs.String("title", "", "weekly events' title (default: the session's name)")
	location := fs.String("location", "", "weekly events' location")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("session add", pos); err != nil {
		return err
	}
	if *name == "" || *start == "" || *end == "" {
		return usageErrorf("session add needs --name, --start and --end")
	}
	sd, err := parseDate("start", *start)
	if err != nil {
		return err
	}
	ed, err := parseDate("end", *end)
	if err != nil {
		return err
	}
	n := app.NewCohort{Name: *name, Start: *sd, End: *ed}
	if *weekdays != "" {
		p := &app.WeeklyPattern{Duration: *dur, Title: *title, Location: *location}
		if p.Title == "" {
			p.Title = *name
		}
		for _, w := range strings.Split(*weekdays, ",") {
			w = strings.ToLower(strings.TrimSpace(w))
			if len(w) > 3 {
				w = w[:3]
			}
			d, ok := weekdayNames[w]
			if !ok {
				return usageErrorf("--weekday %q: write days as mon,tue,wed,thu,fri,sat,sun", *weekdays)
			}
			p.Weekdays = append(p.Weekdays, d)
		}
		t, err := time.Parse("15:04", strings.TrimSpace(*at))
		if err != nil {
			return usageErrorf("--weekday needs --time HH:MM (as 10:00)")
		}
		p.StartHour, p.StartMinute = t.Hour(), t.Minute()
		n.Pattern = p
	} else if *at != "" || *title != "" || *location != "" {
		return usageErrorf("--time, --title and --location describe weekly events: give --weekday too")
	}
	site, err := e.openSite()
	if err != nil {
		return err
	}
	n.SiteID = site.ID
	c, evs, err := e.svc.CreateCohort(e.ctx, n)
	if err != nil {
		return err
	}
	j := cohortToJSON(c)
	j.Events = len(evs)
	return e.out(j, fmt.Sprintf("Created session %d (%s, %s to %s) with %d event(s)", c.ID, c.Name, j.Start, j.End, len(evs)))
}

func (e *env) cmdSessionList(args []string) error {
	fs := e.flags("session list")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("session list", pos); err != nil {
		return err
	}
	site, err := e.openSite()
	if err != nil {
		return err
	}
	cs, err := e.svc.Cohorts(e.ctx, site.ID)
	if err != nil {
		return err
	}
	js := []cohortJSON{}
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tSTART\tEND")
	for _, c := range cs {
		j := cohortToJSON(c)
		js = append(js, j)
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", j.ID, j.Name, j.Start, j.End)
	}
	tw.Flush()
	return e.out(js, b.String())
}

func (e *env) cmdSessionEnrol(args []string) error {
	fs := e.flags("session enrol")
	session := fs.String("session", "", "the session's id")
	participant := fs.String("participant", "", "the participant's id or card code")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("session enrol", pos); err != nil {
		return err
	}
	if *session == "" || *participant == "" {
		return usageErrorf("session enrol needs --session ID and --participant ID|CODE")
	}
	id, err := parseID("session", *session)
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
	if err := e.svc.Enrol(e.ctx, id, p.ID); err != nil {
		return err
	}
	return e.out(map[string]any{"session": id, "participant": p.ID, "code": p.Code},
		fmt.Sprintf("Enrolled %s (%s) in session %d", p.DisplayName(), p.Code, id))
}

// ---- kits

type kitComponentJSON struct {
	Name     string `json:"name"`
	Serial   string `json:"serial,omitempty"`
	Required bool   `json:"required"`
}

type kitJSON struct {
	ID         int64              `json:"id"`
	Tag        string             `json:"tag"`
	Kind       string             `json:"kind"`
	Status     string             `json:"status"`
	Carrier    string             `json:"carrier,omitempty"`
	Line       string             `json:"line,omitempty"`
	IMEI       string             `json:"imei,omitempty"`
	Service    string             `json:"service,omitempty"`
	Components []kitComponentJSON `json:"components"`
}

func kitToJSON(k app.Kit) kitJSON {
	j := kitJSON{ID: k.ID, Tag: k.Tag, Kind: string(k.Kind), Status: string(k.Status), Carrier: k.Carrier,
		Line: k.LineNumber, IMEI: k.IMEI, Service: string(k.Service), Components: []kitComponentJSON{}}
	for _, c := range k.Components {
		j.Components = append(j.Components, kitComponentJSON{c.Name, c.Serial, c.Required})
	}
	return j
}

// kitComponents returns kind's standard components with the serials given
// as "Name:SERIAL" filled in; a name that is not standard adds a required
// component.
func kitComponents(kind app.KitKind, specs []string) ([]app.KitComponent, error) {
	comps := app.StandardComponents(kind)
	for _, s := range specs {
		name, serial, _ := strings.Cut(s, ":")
		name, serial = strings.TrimSpace(name), strings.TrimSpace(serial)
		if name == "" {
			return nil, usageErrorf("--component %q: write it as \"Laptop:SERIAL\"", s)
		}
		found := false
		for i := range comps {
			if strings.EqualFold(comps[i].Name, name) {
				comps[i].Serial, found = serial, true
			}
		}
		if !found {
			comps = append(comps, app.KitComponent{Name: name, Serial: serial, Required: true})
		}
	}
	return comps, nil
}

func (e *env) cmdKit(s string, args []string) error {
	switch s {
	case "add":
		return e.cmdKitAdd(args)
	case "list":
		return e.cmdKitList(args)
	case "import":
		return e.cmdKitImport(args)
	}
	return usageErrorf("unknown command: kit %s", s)
}

func (e *env) cmdKitAdd(args []string) error {
	fs := e.flags("kit add")
	kind := fs.String("kind", "", "laptop, hotspot or laptop_hotspot")
	tag := fs.String("tag", "", "the tag on an existing label (K-...); default: a new tag")
	var comps multiFlag
	fs.Var(&comps, "component", `a component and its serial, as "Laptop:SERIAL" (repeatable)`)
	carrier := fs.String("carrier", "", "the hotspot's carrier")
	line := fs.String("line", "", "the hotspot's phone number")
	imei := fs.String("imei", "", "the hotspot's IMEI")
	notes := fs.String("notes", "", "condition notes")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("kit add", pos); err != nil {
		return err
	}
	if *kind == "" {
		return usageErrorf("kit add needs --kind laptop|hotspot|laptop_hotspot")
	}
	k := app.Kit{Tag: strings.TrimSpace(*tag), Carrier: *carrier, LineNumber: *line, IMEI: *imei, Notes: *notes}
	if k.Kind, err = parseKind(*kind); err != nil {
		return err
	}
	if k.Components, err = kitComponents(k.Kind, comps); err != nil {
		return err
	}
	site, err := e.openSite()
	if err != nil {
		return err
	}
	k.SiteID = site.ID
	k, err = e.svc.AddKit(e.ctx, k)
	if err != nil {
		return err
	}
	return e.out(kitToJSON(k), fmt.Sprintf("Added kit %s (%s, %d components)", k.Tag, k.Kind, len(k.Components)))
}

func (e *env) cmdKitList(args []string) error {
	fs := e.flags("kit list")
	status := fs.String("status", "", "only kits with this status")
	kind := fs.String("kind", "", "only kits of this kind")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("kit list", pos); err != nil {
		return err
	}
	_, ks, err := e.siteKits(*status, *kind)
	if err != nil {
		return err
	}
	js := []kitJSON{}
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TAG\tKIND\tSTATUS\tLINE\tCOMPONENTS")
	for _, k := range ks {
		js = append(js, kitToJSON(k))
		var names []string
		for _, c := range k.Components {
			n := c.Name
			if c.Serial != "" {
				n += " " + c.Serial
			}
			names = append(names, n)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", k.Tag, k.Kind, k.Status, app.FormatPhone(k.LineNumber), strings.Join(names, ", "))
	}
	tw.Flush()
	return e.out(js, b.String())
}

// readKitCSV reads a kit import file: a header row, then one kit a row.
// Columns (any order, case-insensitive): kind (required); tag, carrier,
// line, imei, notes (optional); every other column is a component name and
// its cells the serials (standard components are added without a serial
// when their cell is empty; other components only when it is not).
func readKitCSV(path string) (kits []app.Kit, rowNos []int, err error) {
	f, ferr := os.Open(path)
	if ferr != nil {
		return nil, nil, usageErrorf("Cannot read %s: %v", path, ferr)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	rows, err := r.ReadAll()
	if err != nil {
		return nil, nil, usageErrorf("%s is not a CSV file: %v", path, err)
	}
	if len(rows) < 2 {
		return nil, nil, usageErrorf("%s has no kits: it needs a header row (kind, tag, laptop, charger, …) and a row per kit", path)
	}
	head := make([]string, len(rows[0]))
	hasKind := false
	for i, h := range rows[0] {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		head[i] = h
		hasKind = hasKind || strings.EqualFold(h, "kind")
	}
	if !hasKind {
		return nil, nil, usageErrorf("%s: the header row needs a kind column", path)
	}

	for n, row := range rows[1:] {
		rowNo := n + 2
		var k app.Kit
		var specs []string
		blank := true
		for i, cell := range row {
			cell = strings.TrimSpace(cell)
			if cell != "" {
				blank = false
			}
			if i >= len(head) {
				if cell != "" {
					return nil, nil, usageErrorf("row %d: more cells than the header has columns", rowNo)
				}
				continue
			}
			switch strings.ToLower(head[i]) {
			case "kind":
				if cell != "" {
					kind, err := parseKind(cell)
					if err != nil {
						return nil, nil, usageErrorf("row %d: kind %q: choose laptop, hotspot or laptop_hotspot", rowNo, cell)
					}
					k.Kind = kind
				}
			case "tag":
				k.Tag = cell
			case "carrier":
				k.Carrier = cell
			case "line":
				k.LineNumber = cell
			case "imei":
				k.IMEI = cell
			case "notes":
				k.Notes = cell
			case "":
				if cell != "" {
					return nil, nil, usageErrorf("row %d: a cell under a column without a name", rowNo)
				}
			default:
				if cell != "" {
					specs = append(specs, head[i]+":"+cell)
				}
			}
		}
		if blank {
			continue
		}
		if k.Kind == "" {
			return nil, nil, usageErrorf("row %d: the kind is missing", rowNo)
		}
		if k.Components, err = kitComponents(k.Kind, specs); err != nil {
			return nil, nil, usageErrorf("row %d: %s", rowNo, err.Error())
		}
		kits = append(kits, k)
		rowNos = append(rowNos, rowNo)
	}
	return kits, rowNos, nil
}

// cmdKitImport adds the kits of a CSV file, all or none: every row is first
// added to a scratch copy of the database, and only when all of them go in
// are they added to the real one.
func (e *env) cmdKitImport(args []string) error {
	fs := e.flags("kit import")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErrorf("kit import needs one FILE.csv")
	}
	kits, rows, err := readKitCSV(pos[0])
	if err != nil {
		return err
	}
	// the same tag, serial or IMEI twice in the file (the trial run would
	// name a kit that exists only in the scratch copy)
	seen := map[string]int{}
	for i, k := range kits {
		keys := []string{"tag " + strings.ToUpper(k.Tag), "IMEI " + strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, k.IMEI)}
		for _, c := range k.Components {
			keys = append(keys, "serial "+strings.ToUpper(strings.TrimSpace(c.Serial)))
		}
		for _, key := range keys {
			if strings.HasSuffix(key, " ") {
				continue
			}
			if r, ok := seen[key]; ok && r != rows[i] {
				return usageErrorf("row %d: %s is also on row %d. Nothing was imported.", rows[i], key, r)
			}
			seen[key] = rows[i]
		}
	}
	site, err := e.openSite()
	if err != nil {
		return err
	}
	add := func(svc *app.Service) ([]app.Kit, error) {
		var out []app.Kit
		for i, k := range kits {
			k.SiteID = site.ID
			added, err := svc.AddKit(e.ctx, k)
			if err != nil {
				if app.ErrorCode(err) == app.EInternal {
					return nil, err
				}
				return nil, usageErrorf("row %d: %s Nothing was imported.", rows[i], app.ErrorMessage(err))
			}
			out = append(out, added)
		}
		return out, nil
	}
	// the trial run, on a scratch copy next to the database
	dir, err := os.MkdirTemp(filepath.Dir(e.dbPath), ".kit-import-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	scratch, err := e.store.BackupTo(e.ctx, filepath.Join(dir, "trial.db"))
	if err != nil {
		return err
	}
	st, err := data.Open(e.ctx, scratch, data.Options{})
	if err != nil {
		return err
	}
	_, terr := add(app.NewService(st, clock))
	st.Close()
	if terr != nil {
		return terr
	}
	added, err := add(e.svc)
	if err != nil {
		return err
	}
	js := []kitJSON{}
	var b strings.Builder
	for _, k := range added {
		js = append(js, kitToJSON(k))
		fmt.Fprintf(&b, "%s\t%s\n", k.Tag, k.Kind)
	}
	if e.json {
		return e.out(js, "")
	}
	return e.out(nil, fmt.Sprintf("Imported %d kit(s):\n%s", len(added), b.String()))
}

// ---- loans

type loanJSON struct {
	ID          int64    `json:"id"`
	Kit         string   `json:"kit"`
	Participant int64    `json:"participant"`
	Session     int64    `json:"session,omitempty"`
	Out         string   `json:"out"`
	Due         string   `json:"due"`
	Renewals    int      `json:"renewals"`
	Status      string   `json:"status"`
	Missing     []string `json:"missing,omitempty"`
	DaysOverdue int      `json:"days_overdue,omitempty"`
	Name        string   `json:"name,omitempty"`
	Phone       string   `json:"phone,omitempty"`
}

func loanToJSON(l app.Loan, tag string) loanJSON {
	j := loanJSON{ID: l.ID, Kit: tag, Participant: l.ParticipantID, Session: l.CohortID, Out: l.OutAt.Format(time.RFC3339),
		Due: l.Due.Format("2006-01-02"), Renewals: l.Renewals, Status: string(l.Status)}
	for _, c := range l.Components {
		if c.Condition == app.ConditionMissing {
			j.Missing = append(j.Missing, c.Name)
		}
	}
	return j
}

func (e *env) cmdLoan(s string, args []string) error {
	switch s {
	case "checkout", "out":
		return e.cmdLoanCheckout(args)
	case "return", "in":
		return e.cmdLoanReturn(args)
	case "renew":
		return e.cmdLoanRenew(args)
	case "list":
		return e.cmdLoanList(args)
	case "overdue":
		return e.cmdLoanOverdue(args)
	}
	return usageErrorf("unknown command: loan %s", s)
}

func (e *env) cmdLoanCheckout(args []string) error {
	fs := e.flags("loan checkout")
	participant := fs.String("participant", "", "the participant's id or card code")
	kit := fs.String("kit", "", "the kit's tag")
	session := fs.String("session", "", "the session the kit is lent for (due at its end)")
	due := fs.String("due", "", "the due date, YYYY-MM-DD")
	agreement := fs.String("agreement", "", "write the loan agreement to this PDF")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("loan checkout", pos); err != nil {
		return err
	}
	if *participant == "" || *kit == "" {
		return usageErrorf("loan checkout needs --participant ID|CODE and --kit TAG")
	}
	req := app.CheckoutRequest{KitScan: *kit}
	if *session != "" {
		if req.CohortID, err = parseID("session", *session); err != nil {
			return err
		}
	}
	if d, err := parseDate("due", *due); err != nil {
		return err
	} else if d != nil {
		req.Due = *d
	}
	if err := e.open(); err != nil {
		return err
	}
	p, err := e.participantArg(*participant)
	if err != nil {
		return err
	}
	req.ParticipantID = p.ID
	k, err := e.svc.KitByTag(e.ctx, *kit)
	if err != nil {
		return err
	}
	for _, c := range k.Components {
		req.Components = append(req.Components, c.ID)
	}
	res, err := e.svc.Checkout(e.ctx, req)
	if err != nil {
		return err
	}
	msg := res.Message
	if *agreement != "" {
		if err := e.writeAgreement(*agreement, res); err != nil {
			return fmt.Errorf("%s The agreement was not written: %w", msg, err)
		}
		msg += " Agreement: " + *agreement
	}
	j := loanToJSON(res.Loan, res.Kit.Tag)
	return e.out(map[string]any{"loan": j, "message": res.Message, "agreement": *agreement}, msg)
}

func (e *env) writeAgreement(path string, res app.CheckoutResult) error {
	sites, err := e.svc.Sites(e.ctx)
	if err != nil {
		return err
	}
	var site app.Site
	for _, s := range sites {
		if s.ID == res.Kit.SiteID {
			site = s
		}
	}
	ls, err := e.svc.LoanSettings(e.ctx)
	if err != nil {
		return err
	}
	loc := site.Location()
	d := res.Loan.Due
	a := pdf.Agreement{Site: site, ParticipantName: res.Participant.DisplayName(), ParticipantCode: res.Participant.Code,
		KitTag: res.Kit.Tag, KitKind: kitKindLabel(res.Kit.Kind), Costs: map[string]int64{},
		LoanedAt: res.Loan.OutAt, DueAt: time.Date(d.Year(), d.Month(), d.Day(), 23, 59, 0, 0, loc),
		HotspotLine: res.Kit.LineNumber, Carrier: res.Kit.Carrier, Staff: res.Loan.OutBy}
	for name, c := range ls.ReplacementCents {
		a.Costs[name] = int64(c)
	}
	serials := map[int64]string{}
	for _, c := range res.Kit.Components {
		serials[c.ID] = c.Serial
	}
	for _, c := range res.Loan.Components {
		a.Components = append(a.Components, pdf.AgreementItem{Name: c.Name, Serial: serials[c.ComponentID]})
	}
	if res.Loan.CohortID != 0 {
		cs, err := e.svc.Cohorts(e.ctx, site.ID)
		if err != nil {
			return err
		}
		for _, c := range cs {
			if c.ID == res.Loan.CohortID {
				a.Session = c.Name
			}
		}
	}
	return writeFileAtomic(path, func(f *os.File) error {
		if err := pdf.LoanAgreement(f, a); err != nil {
			return err
		}
		return e.svc.RecordKitPrint(e.ctx, app.ActionPrintAgreement, res.Loan.ID, 1)
	})
}

// outLoan returns the open or partial loan of the kit tagged tag.
func (e *env) outLoan(tag string) (app.Kit, app.Loan, error) {
	k, err := e.svc.KitByTag(e.ctx, tag)
	if err != nil {
		return app.Kit{}, app.Loan{}, err
	}
	ls, err := e.svc.Loans(e.ctx, app.LoanFilter{KitID: k.ID, OutOnly: true})
	if err != nil {
		return app.Kit{}, app.Loan{}, err
	}
	if len(ls) == 0 {
		return app.Kit{}, app.Loan{}, app.Errorf(app.EConflict, "Kit %s is not on loan (it is %s).", k.Tag, k.Status.Words())
	}
	return k, ls[len(ls)-1], nil
}

func (e *env) cmdLoanReturn(args []string) error {
	fs := e.flags("loan return")
	kit := fs.String("kit", "", "the kit's tag")
	var missing multiFlag
	fs.Var(&missing, "missing", "a component that did not come back (repeatable)")
	condition := fs.String("condition", "", "condition notes")
	repair := fs.Bool("repair", false, "send the kit to repair")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("loan return", pos); err != nil {
		return err
	}
	if *kit == "" {
		return usageErrorf("loan return needs --kit TAG")
	}
	if err := e.open(); err != nil {
		return err
	}
	_, l, err := e.outLoan(*kit)
	if err != nil {
		return err
	}
	miss := map[string]bool{}
	for _, m := range missing {
		found := false
		for _, c := range l.Components {
			if strings.EqualFold(c.Name, strings.TrimSpace(m)) {
				miss[c.Name], found = true, true
			}
		}
		if !found {
			var names []string
			for _, c := range l.Components {
				names = append(names, c.Name)
			}
			return usageErrorf("--missing %q did not go out with this loan (it has: %s)", m, strings.Join(names, ", "))
		}
	}
	req := app.ReturnRequest{KitScan: *kit, Note: *condition, ToRepair: *repair}
	for _, c := range l.Components {
		if !c.Back && !miss[c.Name] {
			req.Back = append(req.Back, c.ComponentID)
		}
	}
	res, err := e.svc.Return(e.ctx, req)
	if err != nil {
		return err
	}
	return e.out(map[string]any{"outcome": res.Outcome, "loan": loanToJSON(res.Loan, res.Kit.Tag), "kit_status": res.Kit.Status,
		"missing": res.Missing, "damaged": res.Damaged, "message": res.Message}, res.Message)
}

func (e *env) cmdLoanRenew(args []string) error {
	fs := e.flags("loan renew")
	kit := fs.String("kit", "", "the kit's tag")
	due := fs.String("due", "", "the new due date, YYYY-MM-DD (default: the loan period from the later of today and the due date)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("loan renew", pos); err != nil {
		return err
	}
	if *kit == "" {
		return usageErrorf("loan renew needs --kit TAG")
	}
	var newDue time.Time
	if d, err := parseDate("due", *due); err != nil {
		return err
	} else if d != nil {
		newDue = *d
	}
	if err := e.open(); err != nil {
		return err
	}
	k, l, err := e.outLoan(*kit)
	if err != nil {
		return err
	}
	l, err = e.svc.RenewLoan(e.ctx, l.ID, newDue)
	if err != nil {
		return err
	}
	return e.out(loanToJSON(l, k.Tag), fmt.Sprintf("Renewed the loan of kit %s: due %s (renewal %d)", k.Tag, l.Due.Format("2006-01-02"), l.Renewals))
}

func (e *env) cmdLoanList(args []string) error {
	fs := e.flags("loan list")
	overdue := fs.Bool("overdue", false, "only overdue loans, most overdue first, with contact details")
	open := fs.Bool("open", false, "only loans still out (open or partly returned)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("loan list", pos); err != nil {
		return err
	}
	site, err := e.openSite()
	if err != nil {
		return err
	}
	js := []loanJSON{}
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	if *overdue {
		lines, err := e.svc.OverdueLoans(e.ctx, site.ID)
		if err != nil {
			return err
		}
		fmt.Fprintln(tw, "LOAN\tKIT\tDUE\tDAYS\tNAME\tPHONE")
		for _, o := range lines {
			j := loanToJSON(o.Loan, o.KitTag)
			j.DaysOverdue, j.Name, j.Phone = o.DaysOverdue, o.Name, o.Phone
			js = append(js, j)
			fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%s\n", j.ID, j.Kit, j.Due, j.DaysOverdue, j.Name, app.FormatPhone(j.Phone))
		}
		tw.Flush()
		return e.out(js, b.String())
	}
	ls, err := e.svc.Loans(e.ctx, app.LoanFilter{SiteID: site.ID, OutOnly: *open})
	if err != nil {
		return err
	}
	ks, err := e.svc.Kits(e.ctx, app.KitFilter{})
	if err != nil {
		return err
	}
	tags := map[int64]string{}
	for _, k := range ks {
		tags[k.ID] = k.Tag
	}
	fmt.Fprintln(tw, "LOAN\tKIT\tPARTICIPANT\tOUT\tDUE\tSTATUS\tMISSING")
	for _, l := range ls {
		j := loanToJSON(l, tags[l.KitID])
		js = append(js, j)
		fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t%s\t%s\n", j.ID, j.Kit, j.Participant, l.OutAt.In(site.Location()).Format("2006-01-02"),
			j.Due, j.Status, strings.Join(j.Missing, ", "))
	}
	tw.Flush()
	return e.out(js, b.String())
}

// ---- holds

type holdJSON struct {
	ID          int64  `json:"id"`
	Kind        string `json:"kind"`
	Position    int    `json:"position"`
	Participant int64  `json:"participant"`
	Name        string `json:"name"`
	Status      string `json:"status"`
	Placed      string `json:"placed"`
	Kit         string `json:"kit,omitempty"`
}

func (e *env) cmdHold(s string, args []string) error {
	switch s {
	case "add":
		return e.cmdHoldAdd(args)
	case "list":
		return e.cmdHoldList(args)
	}
	return usageErrorf("unknown command: hold %s", s)
}

func (e *env) cmdHoldAdd(args []string) error {
	fs := e.flags("hold add")
	participant := fs.String("participant", "", "the participant's id or card code")
	kind := fs.String("kind", "", "laptop, hotspot or laptop_hotspot")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("hold add", pos); err != nil {
		return err
	}
	if *participant == "" || *kind == "" {
		return usageErrorf("hold add needs --participant ID|CODE and --kind K")
	}
	k, err := parseKind(*kind)
	if err != nil {
		return err
	}
	site, err := e.openSite()
	if err != nil {
		return err
	}
	p, err := e.participantArg(*participant)
	if err != nil {
		return err
	}
	h, err := e.svc.PlaceHold(e.ctx, site.ID, p.ID, k)
	if err != nil {
		return err
	}
	return e.out(holdJSON{ID: h.ID, Kind: string(h.Kind), Participant: p.ID, Name: p.DisplayName(), Status: string(h.Status),
		Placed: h.PlacedAt.Format(time.RFC3339)},
		fmt.Sprintf("Hold %d: %s waits for a %s kit (%s)", h.ID, p.DisplayName(), h.Kind, h.Status))
}

func (e *env) cmdHoldList(args []string) error {
	fs := e.flags("hold list")
	kind := fs.String("kind", "", "only holds for this kind")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("hold list", pos); err != nil {
		return err
	}
	var k app.KitKind
	if *kind != "" {
		if k, err = parseKind(*kind); err != nil {
			return err
		}
	}
	site, err := e.openSite()
	if err != nil {
		return err
	}
	lines, err := e.svc.HoldQueue(e.ctx, site.ID, k)
	if err != nil {
		return err
	}
	js := []holdJSON{}
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "HOLD\tKIND\tPOS\tNAME\tSTATUS\tKIT")
	for _, l := range lines {
		j := holdJSON{ID: l.Hold.ID, Kind: string(l.Hold.Kind), Position: l.Position, Participant: l.Participant.ID,
			Name: l.Participant.DisplayName(), Status: string(l.Hold.Status), Placed: l.Hold.PlacedAt.Format(time.RFC3339), Kit: l.KitTag}
		js = append(js, j)
		fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t%s\n", j.ID, j.Kind, j.Position, j.Name, j.Status, j.Kit)
	}
	tw.Flush()
	return e.out(js, b.String())
}

// ---- labels

func (e *env) cmdLabels(args []string) error {
	fs := e.flags("labels")
	out := fs.String("out", "", "the PDF file to write")
	stock := fs.String("stock", "5160", "label stock: 5160 (30 a sheet) or 5163 (10 a sheet)")
	skip := fs.Int("skip", 0, "labels already used on the first sheet")
	kind := fs.String("kind", "", "only kits of this kind")
	status := fs.String("status", "", "only kits with this status")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("labels", pos); err != nil {
		return err
	}
	if *out == "" {
		return usageErrorf("labels needs --out FILE.pdf")
	}
	var st pdf.LabelStock
	switch strings.TrimPrefix(strings.ToLower(strings.ReplaceAll(*stock, " ", "")), "avery") {
	case "5160":
		st = pdf.Avery5160
	case "5163":
		st = pdf.Avery5163
	default:
		return usageErrorf("--stock %q: choose 5160 or 5163", *stock)
	}
	if *skip < 0 || *skip >= st.PerPage() {
		return usageErrorf("--skip must be between 0 and %d for %s", st.PerPage()-1, st)
	}
	site, ks, err := e.siteKits(*status, *kind)
	if err != nil {
		return err
	}
	if len(ks) == 0 {
		return usageErrorf("no kits match: nothing to print")
	}
	var labels []pdf.KitLabel
	for _, k := range ks {
		labels = append(labels, pdf.KitLabel{Tag: k.Tag, Kind: kitKindLabel(k.Kind), Site: site.Name})
	}
	if err := writeFileAtomic(*out, func(w *os.File) error {
		if err := pdf.KitLabels(w, st, labels, *skip); err != nil {
			return err
		}
		return e.svc.RecordKitPrint(e.ctx, app.ActionPrintLabels, 0, len(labels))
	}); err != nil {
		return err
	}
	tags := make([]string, len(labels))
	for i, l := range labels {
		tags[i] = l.Tag
	}
	return e.out(map[string]any{"out": *out, "stock": st.String(), "labels": len(labels), "tags": tags},
		fmt.Sprintf("Wrote %d kit label(s) on %s to %s", len(labels), st, *out))
}

// siteKits opens the database and lists the site's kits, filtered by the
// --status and --kind flags as typed ("" for any).
func (e *env) siteKits(status, kind string) (app.Site, []app.Kit, error) {
	var f app.KitFilter
	var err error
	if status != "" {
		if f.Status, err = parseKitStatus(status); err != nil {
			return app.Site{}, nil, err
		}
	}
	if kind != "" {
		if f.Kind, err = parseKind(kind); err != nil {
			return app.Site{}, nil, err
		}
	}
	site, err := e.openSite()
	if err != nil {
		return app.Site{}, nil, err
	}
	f.SiteID = site.ID
	ks, err := e.svc.Kits(e.ctx, f)
	return site, ks, err
}
