package main

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"frontdesk/app"
	"frontdesk/app/importer"
	"frontdesk/app/pdf"
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

func parseKind(s string) (app.KitKind, error) {
	k, err := app.ParseKitKind(s)
	if err != nil {
		return "", usageErrorf("--kind %q: choose laptop, hotspot or laptop_hotspot", s)
	}
	return k, nil
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
	AssetTag   string             `json:"asset_tag,omitempty"`
	Kind       string             `json:"kind"`
	Status     string             `json:"status"`
	Carrier    string             `json:"carrier,omitempty"`
	Line       string             `json:"line,omitempty"`
	IMEI       string             `json:"imei,omitempty"`
	Service    string             `json:"service,omitempty"`
	Components []kitComponentJSON `json:"components"`
}

func kitToJSON(k app.Kit) kitJSON {
	j := kitJSON{ID: k.ID, Tag: k.Tag, AssetTag: k.AltTag, Kind: string(k.Kind), Status: string(k.Status), Carrier: k.Carrier,
		Line: k.LineNumber, IMEI: k.IMEI, Service: string(k.Service), Components: []kitComponentJSON{}}
	for _, c := range k.Components {
		j.Components = append(j.Components, kitComponentJSON{c.Name, c.Serial, c.Required})
	}
	return j
}

// kitComponents returns kind's standard components with the serials given
// as "Name:SERIAL" filled in; a name that is not standard adds a required
// component (see app.KitComponentsWithSerials).
func kitComponents(kind app.KitKind, specs []string) ([]app.KitComponent, error) {
	var serials []app.ComponentSerial
	for _, s := range specs {
		name, serial, _ := strings.Cut(s, ":")
		if strings.TrimSpace(name) == "" {
			return nil, usageErrorf("--component %q: write it as \"Laptop:SERIAL\"", s)
		}
		serials = append(serials, app.ComponentSerial{Name: name, Serial: serial})
	}
	return app.KitComponentsWithSerials(kind, serials), nil
}

func (e *env) cmdKit(s string, args []string) error {
	switch s {
	case "add":
		return e.cmdKitAdd(args)
	case "list":
		return e.cmdKitList(args)
	case "import":
		return e.cmdKitImport(args)
	case "edit":
		return e.cmdKitEdit(args)
	}
	return usageErrorf("unknown command: kit %s", s)
}

func (e *env) cmdKitAdd(args []string) error {
	fs := e.flags("kit add")
	kind := fs.String("kind", "", "laptop, hotspot or laptop_hotspot")
	tag := fs.String("tag", "", "the tag on an existing label (K-...); default: a new tag")
	assetTag := fs.String("asset-tag", "", "the center's own asset tag on the kit (WR-KIT-001): scanning or typing it finds the kit")
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
	k := app.Kit{Tag: strings.TrimSpace(*tag), AltTag: *assetTag, Carrier: *carrier, LineNumber: *line, IMEI: *imei, Notes: *notes}
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

// cmdKitEdit changes what UpdateKit lets change of one kit: only the
// flags given.
func (e *env) cmdKitEdit(args []string) error {
	fs := e.flags("kit edit")
	kit := fs.String("kit", "", "the kit's tag or asset tag")
	assetTag := fs.String("asset-tag", "", "the center's own asset tag ('' removes it)")
	notes := fs.String("notes", "", "condition notes")
	carrier := fs.String("carrier", "", "the hotspot's carrier")
	line := fs.String("line", "", "the hotspot's phone number")
	imei := fs.String("imei", "", "the hotspot's IMEI")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("kit edit", pos); err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if *kit == "" || len(set) < 2 {
		return usageErrorf("kit edit needs --kit TAG and what to change: --asset-tag, --notes, --carrier, --line or --imei")
	}
	if err := e.open(); err != nil {
		return err
	}
	k, err := e.svc.KitByTag(e.ctx, *kit)
	if err != nil {
		return err
	}
	for _, f := range []struct {
		name     string
		from, to *string
	}{{"asset-tag", assetTag, &k.AltTag}, {"notes", notes, &k.Notes}, {"carrier", carrier, &k.Carrier}, {"line", line, &k.LineNumber}, {"imei", imei, &k.IMEI}} {
		if set[f.name] {
			*f.to = *f.from
		}
	}
	if k, err = e.svc.UpdateKit(e.ctx, k); err != nil {
		return err
	}
	return e.out(kitToJSON(k), fmt.Sprintf("Saved kit %s", k.Tag))
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
	fmt.Fprintln(tw, "TAG\tASSET TAG\tKIND\tSTATUS\tLINE\tCOMPONENTS")
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
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", k.Tag, k.AltTag, k.Kind, k.Status, app.FormatPhone(k.LineNumber), strings.Join(names, ", "))
	}
	tw.Flush()
	return e.out(js, b.String())
}

// cmdKitImport adds the kits of a CSV or XLSX list (see importer.ReadKits)
// in one transaction: all rows or none, unless --skip-invalid.
func (e *env) cmdKitImport(args []string) error {
	fs := e.flags("kit import")
	skip := fs.Bool("skip-invalid", false, "add the valid rows and report the others")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErrorf("kit import needs one FILE (.csv or .xlsx)")
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return usageErrorf("cannot open %s: %v", pos[0], err)
	}
	defer f.Close()
	table, err := importer.ReadKits(f, pos[0])
	if err != nil {
		return err
	}
	site, err := e.openSite()
	if err != nil {
		return err
	}
	rep, err := e.svc.ImportKits(e.ctx, site.ID, table.Rows, app.KitImportOptions{SkipInvalid: *skip})
	if !e.json {
		for _, re := range rep.Errors {
			fmt.Fprintln(e.stderr, re.String())
		}
	}
	if err != nil {
		return err
	}
	js := []kitJSON{}
	var b strings.Builder
	for _, k := range rep.Kits {
		js = append(js, kitToJSON(k))
		fmt.Fprintf(&b, "%s\t%s\t%s\n", k.Tag, k.AltTag, k.Kind)
	}
	if e.json {
		return e.out(js, "")
	}
	msg := fmt.Sprintf("Imported %d kit(s)", len(rep.Kits))
	if rep.Skipped > 0 {
		msg += fmt.Sprintf(", skipped %d row(s)", rep.Skipped)
	}
	return e.out(nil, msg+":\n"+b.String())
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
	case "settings":
		return e.cmdLoanSettings(args)
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

// cmdLoanSettings prints the lending settings, or with --replacement sets
// the replacement costs the loan agreement prints (administrators).
func (e *env) cmdLoanSettings(args []string) error {
	fs := e.flags("loan settings")
	var repl multiFlag
	fs.Var(&repl, "replacement", `a component's replacement cost, as "Laptop=350.00" (repeatable; replaces every cost set before)`)
	none := fs.Bool("no-replacement", false, "remove every replacement cost (the agreement then says the center tells the cost)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("loan settings", pos); err != nil {
		return err
	}
	if len(repl) > 0 && *none {
		return usageErrorf("give --replacement or --no-replacement, not both")
	}
	costs := map[string]int{}
	for _, r := range repl {
		name, amount, ok := strings.Cut(r, "=")
		if !ok || strings.TrimSpace(name) == "" {
			return usageErrorf("--replacement %q: write it as \"Laptop=350.00\"", r)
		}
		name = strings.TrimSpace(name)
		cents, err := app.ParseMoney("replacement cost of "+name, amount)
		if err != nil {
			return err
		}
		if _, twice := costs[strings.ToLower(name)]; twice {
			return usageErrorf("--replacement %q: %s is given twice", r, name)
		}
		costs[strings.ToLower(name)] = cents
	}
	if err := e.open(); err != nil {
		return err
	}
	if len(repl) > 0 || *none {
		if err := e.svc.SetReplacementCosts(e.ctx, costs); err != nil {
			return err
		}
	}
	ls, err := e.svc.LoanSettings(e.ctx)
	if err != nil {
		return err
	}
	j := map[string]any{"default_loan_days": ls.DefaultLoanDays, "renewal_limit": ls.RenewalLimit, "block_overdue": ls.BlockOverdue,
		"hotspot_suspend_hours": ls.SuspendAfterHours, "replacement": map[string]string{}}
	names := make([]string, 0, len(ls.ReplacementCents))
	for n := range ls.ReplacementCents {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	fmt.Fprintf(&b, "Loan period: %d days; renewals: %d; overdue kit blocks a loan: %v; hotspot suspended %d h after its due day\n",
		ls.DefaultLoanDays, ls.RenewalLimit, ls.BlockOverdue, ls.SuspendAfterHours)
	if len(names) == 0 {
		b.WriteString("Replacement costs: none set (the agreement says the center tells the cost)\n")
	} else {
		b.WriteString("Replacement costs:\n")
	}
	for _, n := range names {
		j["replacement"].(map[string]string)[n] = app.FormatMoney(ls.ReplacementCents[n])
		fmt.Fprintf(&b, "  %s\t$%s\n", n, app.FormatMoney(ls.ReplacementCents[n]))
	}
	return e.out(j, strings.TrimRight(b.String(), "\n"))
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
	a := pdf.NewAgreement(site, res, ls.ReplacementCents, "", res.Loan.OutBy)
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
		j := holdJSON{ID: l.Hold.ID, Kind: string(l.Hold.Kind), Position: l.Position, Participant: l.Hold.ParticipantID,
			Name: l.Hold.Borrower.DisplayName(), Status: string(l.Hold.Status), Placed: l.Hold.PlacedAt.Format(time.RFC3339), Kit: l.KitTag}
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
		labels = append(labels, pdf.KitLabel{Tag: k.Tag, AltTag: k.AltTag, Kind: pdf.KindLabel(k.Kind), Site: site.Name})
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
