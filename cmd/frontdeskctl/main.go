// Command frontdeskctl is Front Desk's headless companion for IT and
// automation: it sets up a site, adds and imports participants and events,
// checks people in, prints cards, makes demo data and backs up and restores
// the database, without a display. It builds with CGO_ENABLED=0.
//
// Every command takes --db PATH (or FRONTDESK_DB; default: the app's
// database), --json and --user NAME. Once the database has staff accounts,
// commands run as the signed-in account (password from FRONTDESK_PASSWORD or
// the terminal), with its roles and its audit trail; before the first account
// they act as the local operator. It exits 0 on success, 1 for a user error
// (one line on stderr) and 2 for an internal error.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"frontdesk/app"
	"frontdesk/app/deskconf"
	"frontdesk/data"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

const usage = `frontdeskctl: Front Desk without a display.

Usage: frontdeskctl COMMAND [flags]   (every command takes --db PATH, --json and --user NAME)

Once the database has staff accounts, every command but "user reset-admin"
runs as a named account: give --user NAME; the password comes from
$FRONTDESK_PASSWORD, else it is asked for on the terminal (not echoed). The
account's roles decide what it may do, and what it does is audited as in the
app. New and temporary passwords come from $FRONTDESK_NEW_PASSWORD, else they
are asked for twice; they are never printed. Dates are YYYY-MM-DD.
Backups and exports of personal data need current confidentiality and
training dates, administrators included.

  init --site NAME [--phone P --address A --tz ZONE --contact-name N --contact-phone P --contact-email E]
       [--admin USERNAME [--admin-name "Display Name"] [--confidentiality DATE --training DATE]]
       [--recovery-out FILE.pdf]
       (--admin creates the first administrator, and the site if there is none yet, and
        shows the recovery code once: print it and keep it in the director's safe)
  site show
  site list                              (every site, with its id for --site)
  site add --name N [--address A --phone P --tz ZONE --contact-name N --contact-phone P --contact-email E]
                                         (administrators: another site, on a city's server)
  site set [--name N --address A --phone P --tz ZONE --contact-name N --contact-phone P --contact-email E]
                                         (administrators: the details printed on cards and sent
                                          with every export; flags not given keep their values)
  demo [--participants N] [--checkins N] [--seed S]
  participant add --first F --last L [--phone P --email E --lang en|es --zip Z --consent verbal|paper|none --caljobs ID]
  participant list [--search TEXT] [--limit N]
  participant show ID|CODE
  participant card ID|CODE... --out FILE.pdf
  sheet --event ID|CODE --out FILE.pdf [--prefilled] [--a4] [--rows N]
                                         (directors: the event's sign-in sheet, blank or
                                          pre-filled with the pre-registered participants)
  event add --title T --start "2006-01-02 15:04" [--end ... | --duration 90m] [--kind orientation|workshop|recruitment|job_fair|other]
            [--location L --link URL --capacity N --facilitator F --lang en|es]
  event list [--from DATE] [--to DATE] [--all]
  checkin --event ID (--scan CODE | --scan - | --participant ID) [--desk NAME]
  visit --reason resource_room|appointment|computer_use|other (--scan CODE | --participant ID) [--note N]
  import participants FILE.csv|FILE.xlsx [--skip-invalid]
  optout import FILE.csv|FILE.xlsx [--source TEXT]   (directors: a STOP list of phones, or a
                                                      RapidPro/TextIt contacts export; only
                                                      Status=stopped rows count)
  backup --out FILE                      (administrators; on a center server pg_dump's custom
                                          format, run as any database user)
  restore FILE [--other-site] [--force]  (administrators: refused while Front Desk or another
                                          command has the database open; checks the backup, its
                                          audit log and its site; keeps the replaced database
                                          beside it. When the database is damaged or missing,
                                          --user signs in with an account of the backup. On a
                                          center server: --db as the database's owner role, and
                                          the replaced database is kept as DB_before_restore_TIME)
  migrate --from FILE.db --to postgres://... [--force] [--merge-staff]
                                         (a server administrator: moves a desk's file onto the
                                          center server in one transaction, ids renumbered, the
                                          same card code or username taken for the server's;
                                          the file is only read and keeps its audit chain, which
                                          the server's migrate.import record seals)

  user add USERNAME --name N --roles front_desk,kit_circulation,case_manager,director,administrator
           [--confidentiality DATE --training DATE]      (temporary password, 24 hours)
  user list
  user deactivate USERNAME
  user reset-password USERNAME                           (new temporary password; lifts a lockout)
  user set-dates USERNAME [--confidentiality DATE] [--training DATE]
  user set-roles USERNAME --roles R1,R2
  user passwd                                            (change your own password)
  user set-dates USERNAME ...                            (your own only as the sole active
                                                          administrator: audited, and flagged
                                                          in the access review)
  user recovery-code [--out FILE.pdf]                    (administrators: a new recovery code,
                                                          shown once; the old one stops working)
  user reset-admin USERNAME [--name N] [--out FILE.pdf]  (no --user: the way back in when no
                                                          administrator can sign in; needs the
                                                          recovery code, from
                                                          $FRONTDESK_RECOVERY_CODE or asked for,
                                                          and shows the new one that replaces it)
  audit list [--person USERNAME] [--action PREFIX] [--from DATE] [--to DATE] [--limit N]
  audit verify                                           (exit 1 when the chain is broken)
  audit export --out FILE.csv [--person U --action P --from DATE --to DATE --limit N]
              [--csv excel|plain]                        (excel, the default: UTF-8 with a byte-order
                                                          mark and CRLF, for people opening it in a
                                                          spreadsheet; plain: UTF-8, LF, for programs)
  access-review --out FILE.pdf|FILE.xlsx [--sample N] [--seed S]
                                                         (the format follows the extension)

  report --from DATE --to DATE [--site ID] [--out FILE.xlsx|FILE.pdf]
                                         (directors: the report on attendance, people, visits,
                                          conversion, kits, follow-up and SMS; prints the figures,
                                          and for all sites of several each site's; the file
                                          written is audited)
  report --wioa [--year N] [--quarter Q] [--site ID] [--out FILE.xlsx|FILE.pdf]
                                         (directors: the WIOA performance preview of an exit
                                          cohort: program year N, July 1 N to June 30 N+1
                                          (default: today's), or calendar quarter Q of year N;
                                          the four indicators with no information, negotiated
                                          levels and running figures marked, by site, case
                                          manager, ZIP code and language; the file written is
                                          audited)

  export roster --profile csv|rapidpro --out DIR [--from DATE --to DATE] [--since-last]
                [--password-file F]                      (directors: the text-reminder bundle;
                                                          --password-file encrypts rapidpro workbooks,
                                                          which RapidPro cannot import until a copy is
                                                          saved without the password)
  export calendar --out FILE.ics [--from DATE --to DATE] (directors; default: today + 90 days)
  export events --out FILE.csv [--from DATE --to DATE]   (directors)
  (each export takes --site ID, or --all-sites for one per site, on a database of several
   sites: a city's server; each site's days in its own time zone)

  Kit lending (kit circulation; the services check roles and audit):
  session add --name N --start DATE --end DATE [--weekday tue,thu --time 10:00 --duration 2h
              --title T --location L]                    (a session and its weekly events)
  session list
  session enrol --session ID --participant ID|CODE
  kit add --kind laptop|hotspot|laptop_hotspot [--tag K-...] [--asset-tag WR-KIT-001]
          [--component "Laptop:SERIAL" ...] [--carrier C --line PHONE --imei IMEI] [--notes N]
                                         (the kind's standard components; --component fills
                                          in a serial, or adds a component of another name;
                                          the asset tag finds the kit wherever a TAG is asked)
  kit edit --kit TAG [--asset-tag T] [--notes N] [--carrier C] [--line PHONE] [--imei IMEI]
                                         (only the flags given change; --asset-tag '' removes it)
  kit list [--status S] [--kind K]
  kit import FILE.csv|FILE.xlsx [--skip-invalid]
                                         (a header row with a kind column, and optionally tag,
                                          asset tag, carrier, line, imei, notes; any other column
                                          is a component name, its cells the serials, e.g.
                                          kind,asset tag,laptop,charger,hotspot,carrier,line,imei
                                          All or nothing: every bad row is named and nothing is
                                          added, unless --skip-invalid adds the good rows)
  loan checkout --participant ID|CODE --kit TAG [--session ID] [--due DATE] [--agreement FILE.pdf]
                                         (ticks every component as going out: this is for IT and
                                          automation; at the desk, staff tick what leaves)
  loan return --kit TAG [--missing NAME ...] [--condition TEXT] [--repair]
                                         (every component not named --missing is back)
  loan renew --kit TAG [--due DATE]
  loan list [--overdue] [--open]
  loan settings [--replacement "Laptop=350.00" ...] [--no-replacement]
                                         (prints the lending settings; administrators set the
                                          replacement costs the loan agreement prints)
  loan overdue --out FILE.pdf|FILE.csv [--csv excel|plain]
                                         (the overdue loans to call about, most overdue first)
  hotspot queue [--out FILE.pdf|FILE.csv] [--csv excel|plain]
                                         (carrier calls to make: suspend, reactivate, pending)
  hotspot done --kit TAG --state suspend_requested|suspended|reactivate_requested|active
                                         (record what the carrier was asked or confirmed)
  hold add --participant ID|CODE --kind K
  hold list [--kind K]
  labels --out FILE.pdf [--stock 5160|5163] [--skip N] [--kind K] [--status S]
                                         (QR labels for the site's kits)

  Job-retention follow-up (case managers; the services check roles and audit):
  followup case --participant ID|CODE [--employment-start DATE --employer X --job-title X --wage 18.50 --hours 40]
                [--exit DATE --exit-reason X] [--manager USERNAME] [--schedule seta-02-09|wioa|custom-N]
                                         (flags not given keep the stored values; --exit '' clears
                                          the exit; prints the schedule)
  followup list [--participant ID|CODE] [--overdue] [--all]
                                         (one participant: schedule and contact log; else your
                                          work list: overdue, this week, upcoming, non-responsive;
                                          --all adds the caseload)
  followup log --participant ID|CODE --date DATE --method phone|text|email|letter|in_person
               --outcome reached|voicemail|no_answer|wrong_number|letter_sent
               [--employed yes|no --employer X --wage 18.50 --document pay_stub|w2|employer_letter]
               [--notes X] [--contact ID]    (reached completes the contact; 3 failed attempts
                                          make it non-responsive)
  followup form --participant ID|CODE --quarter N --date DATE --employed yes|no
                [--employer X --job-title X --wage 18.50 --hours 40 --document D --notes X]
                                         (the quarter-end follow-up form)
  followup roster --year Y --quarter Q [--manager USERNAME|none | --all] --out FILE.pdf|FILE.xlsx
                                         (the quarter's follow-up-due roster; audited)
  followup templates                     (the follow-up schedules and their rules)
  followup template add --name NAME --rules FILE.json
  followup template edit --key custom-N [--name NAME] [--rules FILE.json]
                                         (administrators: a schedule from a JSON array of rules,
                                          as in followup templates --json; audited)
`

// exit codes
const (
	exitOK       = 0
	exitUser     = 1
	exitInternal = 2
)

// commandHelp is --help given to a command: its flags are printed.
type commandHelp struct{ fs *flag.FlagSet }

func (h commandHelp) Error() string { return "help for " + h.fs.Name() }

// print writes the command's flags to w.
func (h commandHelp) print(w io.Writer) {
	fmt.Fprintf(w, "frontdeskctl %s, flags (every command also takes --db, --json and --user):\n", h.fs.Name())
	h.fs.VisitAll(func(f *flag.Flag) {
		switch f.Name {
		case "db", "json", "user":
			return
		}
		arg, use := flag.UnquoteUsage(f)
		if arg != "" {
			arg = " " + arg
		}
		def := ""
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			def = " (default " + f.DefValue + ")"
		}
		fmt.Fprintf(w, "  --%s%s\n        %s%s\n", f.Name, arg, use, def)
	})
}

// userError is a mistake in how the command was called.
type userError struct{ msg string }

func (e userError) Error() string { return e.msg }

func usageErrorf(format string, args ...any) error { return userError{fmt.Sprintf(format, args...)} }

// env is what every command gets: parsed common flags, streams and, once
// opened, the store and service.
type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	json   bool
	dbPath string
	user   string // --user: the account to sign in as
	auth   authMode
	store  *data.Store
	svc    *app.Service
	// signedIn is set once a staff account signed in (not for the local
	// operator before the first account exists).
	signedIn bool
	session  app.Session
	password string // the sign-in password, kept only for user passwd
	// create lets open make a new database (init and demo only): every
	// other command refuses a path with none.
	create bool
}

// clock is frontdeskctl's time; tests fix it.
var clock = time.Now

// run is main without the process: it returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{ctx: app.WithActor(context.Background(), app.LocalOperator), stdin: stdin, stdout: stdout, stderr: stderr}
	err := e.dispatch(args)
	if e.store != nil {
		if cerr := e.store.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}
	if err == nil {
		return exitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	var help commandHelp
	if errors.As(err, &help) {
		help.print(stdout)
		return exitOK
	}
	var ue userError
	code := exitInternal
	msg := err.Error()
	switch {
	case errors.As(err, &ue):
		code = exitUser
	default:
		if app.ErrorCode(err) == app.EInternal {
			// a full disk or a read-only folder met outside the store
			// (an export, a printout) is the operator's to fix
			if fe := data.FileError(e.dbPath, err); fe != nil {
				err = fe
			}
		}
		if c := app.ErrorCode(err); c != app.EInternal {
			code = exitUser
		}
		msg = app.ErrorMessage(err)
		if code == exitInternal {
			msg = "internal error: " + err.Error()
		}
	}
	fmt.Fprintln(stderr, "frontdeskctl: "+oneLine(msg))
	return code
}

func oneLine(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(s, "\r", " "), "\n", "; "))
	return s
}

func (e *env) dispatch(args []string) error {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, usage)
		return usageErrorf("no command given")
	}
	cmd, rest := args[0], args[1:]
	sub := func() (string, []string, error) {
		if len(rest) == 0 || strings.HasPrefix(rest[0], "-") {
			return "", nil, usageErrorf("%s needs a subcommand (see frontdeskctl help)", cmd)
		}
		return rest[0], rest[1:], nil
	}
	switch cmd {
	case "help", "-h", "--help":
		fmt.Fprint(e.stdout, usage)
		return nil
	case "init":
		return e.cmdInit(rest)
	case "demo":
		return e.cmdDemo(rest)
	case "participant", "participants":
		s, r, err := sub()
		if err != nil {
			return err
		}
		switch s {
		case "add":
			return e.cmdParticipantAdd(r)
		case "list":
			return e.cmdParticipantList(r)
		case "show":
			return e.cmdParticipantShow(r)
		case "card":
			return e.cmdParticipantCard(r)
		}
		return usageErrorf("unknown command: participant %s", s)
	case "event", "events":
		s, r, err := sub()
		if err != nil {
			return err
		}
		switch s {
		case "add":
			return e.cmdEventAdd(r)
		case "list":
			return e.cmdEventList(r)
		}
		return usageErrorf("unknown command: event %s", s)
	case "checkin":
		return e.cmdCheckIn(rest)
	case "visit":
		return e.cmdVisit(rest)
	case "import":
		s, r, err := sub()
		if err != nil {
			return err
		}
		if s != "participants" {
			return usageErrorf("unknown command: import %s (try: import participants FILE)", s)
		}
		return e.cmdImport(r)
	case "optout", "opt-out", "optouts":
		s, r, err := sub()
		if err != nil {
			return err
		}
		if s != "import" {
			return usageErrorf("unknown command: optout %s (try: optout import FILE)", s)
		}
		return e.cmdOptOutImport(r)
	case "user", "users":
		s, r, err := sub()
		if err != nil {
			return err
		}
		return e.cmdUser(s, r)
	case "audit":
		s, r, err := sub()
		if err != nil {
			return err
		}
		switch s {
		case "list":
			return e.cmdAuditList(r)
		case "verify":
			return e.cmdAuditVerify(r)
		case "export":
			return e.cmdAuditExport(r)
		}
		return usageErrorf("unknown command: audit %s", s)
	case "export":
		s, r, err := sub()
		if err != nil {
			return err
		}
		switch s {
		case "roster", "calendar", "events":
			return e.cmdExport(s, r)
		}
		return usageErrorf("unknown command: export %s (try: export roster, export calendar, export events)", s)
	case "session", "sessions":
		s, r, err := sub()
		if err != nil {
			return err
		}
		return e.cmdSession(s, r)
	case "kit", "kits":
		s, r, err := sub()
		if err != nil {
			return err
		}
		return e.cmdKit(s, r)
	case "loan", "loans":
		s, r, err := sub()
		if err != nil {
			return err
		}
		return e.cmdLoan(s, r)
	case "hold", "holds":
		s, r, err := sub()
		if err != nil {
			return err
		}
		return e.cmdHold(s, r)
	case "hotspot", "hotspots":
		s, r, err := sub()
		if err != nil {
			return err
		}
		return e.cmdHotspot(s, r)
	case "followup", "followups":
		s, r, err := sub()
		if err != nil {
			return err
		}
		return e.cmdFollowup(s, r)
	case "labels":
		return e.cmdLabels(rest)
	case "site":
		s, r, err := sub()
		if err != nil {
			return err
		}
		return e.cmdSite(s, r)
	case "report":
		return e.cmdReport(rest)
	case "access-review":
		return e.cmdAccessReview(rest)
	case "sheet":
		return e.cmdSheet(rest)
	case "backup":
		return e.cmdBackup(rest)
	case "restore":
		return e.cmdRestore(rest)
	case "migrate":
		return e.cmdMigrate(rest)
	}
	return usageErrorf("unknown command %q (see frontdeskctl help)", cmd)
}

// flags makes a command's flag set with the common --db and --json.
func (e *env) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&e.dbPath, "db", "", "database file (default $FRONTDESK_DB or the app's database)")
	fs.BoolVar(&e.json, "json", false, "machine-readable output")
	fs.StringVar(&e.user, "user", "", "the staff account to act as")
	return fs
}

// parse parses args with fs, allowing flags and positional arguments in any
// order, and returns the positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			pos = append(pos, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		f := fs.Lookup(name)
		if f == nil && (name == "h" || name == "help") {
			return nil, commandHelp{fs}
		}
		if f == nil {
			return nil, usageErrorf("%s: unknown flag %s", fs.Name(), a)
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			continue
		}
		if i+1 >= len(args) {
			return nil, usageErrorf("%s: flag %s needs a value", fs.Name(), a)
		}
		i++
		flags = append(flags, args[i])
	}
	if err := fs.Parse(flags); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, usageErrorf("%s: %v", fs.Name(), err)
	}
	return pos, nil
}

// open opens the database named by --db, FRONTDESK_DB or the default, and
// signs in (see authenticate).
func (e *env) open() error {
	if e.dbPath == "" {
		e.dbPath = data.DefaultPath()
	}
	st, err := data.Open(e.ctx, e.dbPath, data.Options{MustExist: !e.create})
	if err != nil {
		return err
	}
	e.store = st
	e.svc = app.NewService(st, clock)
	// a desk of a city's server serves one of its sites (the app's desk
	// settings say which)
	if path, err := deskconf.Path(); err == nil {
		if conf, err := deskconf.Load(path); err == nil && conf.SiteID != 0 {
			e.svc.SetSite(conf.SiteID)
		}
	}
	return e.authenticate()
}

// site returns the site commands act on: the desk's (its settings, or
// --site where a command has it), else the first one set up.
func (e *env) site() (app.Site, error) {
	sites, err := e.svc.Sites(e.ctx)
	if err != nil {
		return app.Site{}, err
	}
	if len(sites) == 0 {
		return app.Site{}, usageErrorf("%s has no site yet: run frontdeskctl init --site NAME first", data.Shown(e.dbPath))
	}
	for _, s := range sites {
		if s.ID == e.svc.DeskSiteID() {
			return s, nil
		}
	}
	return sites[0], nil
}

// openSite opens the database and returns the site commands act on.
func (e *env) openSite() (app.Site, error) {
	if err := e.open(); err != nil {
		return app.Site{}, err
	}
	return e.site()
}

// out prints v as JSON with --json, or text otherwise.
func (e *env) out(v any, text string) error {
	if e.json {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	if text != "" && !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	_, err := io.WriteString(e.stdout, text)
	return err
}
