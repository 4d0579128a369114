package main

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

func TestSiteShowAndSet(t *testing.T) {
	db := adminDB(t)
	out := mustAs(t, db, "admin", adminPW, "site", "show")
	if !strings.Contains(out, "East LA WorkSource Center") || !strings.Contains(out, "(323) 555-0100") {
		t.Fatalf("site show: %s", out)
	}
	// flags before the database: a bad call opens nothing
	code, _, errs := as(t, db, "admin", adminPW, "site", "set")
	wantFail(t, "site set with nothing", code, errs, "needs at least one of")
	code, _, errs = as(t, db, "admin", adminPW, "site", "set", "--tz", "Pacific/Nowhere")
	wantFail(t, "a bad time zone", code, errs, "not a time zone")
	code, _, errs = as(t, db, "admin", adminPW, "site", "set", "--phone", "555")
	wantFail(t, "a bad phone", code, errs, "phone")

	mustAs(t, db, "admin", adminPW, "site", "set", "--name", "Boyle Heights WorkSource Center", "--phone", "323-555-0177",
		"--contact-email", "Rosa.Delgado@Example.org")
	var site app.Site
	if err := json.Unmarshal([]byte(mustAs(t, db, "admin", adminPW, "site", "show", "--json")), &site); err != nil {
		t.Fatal(err)
	}
	if site.Name != "Boyle Heights WorkSource Center" || site.Phone != "+13235550177" || site.ContactEmail != "rosa.delgado@example.org" ||
		site.TimeZone != app.DefaultTimeZone {
		t.Fatalf("after site set: %+v", site)
	}
	// audited by field name, never the values
	rows := auditJSONList(t, db, "--action", "site.update")
	if len(rows) != 1 || rows[0].Detail != "changed: name, phone, contact email" || strings.Contains(rows[0].Detail, "Boyle") {
		t.Fatalf("audit %+v", rows)
	}
	// the same values again change nothing and write nothing
	mustAs(t, db, "admin", adminPW, "site", "set", "--name", "Boyle Heights WorkSource Center")
	if rows := auditJSONList(t, db, "--action", "site.update"); len(rows) != 1 {
		t.Fatalf("%d site.update records after an unchanged save", len(rows))
	}
	// administrators only
	addUser(t, db, "ana", "--name", "Ana Ruiz", "--roles", "front_desk", "--confidentiality", "2026-01-05", "--training", "2026-01-06")
	t.Setenv(envNewPassword, anaPW)
	mustAs(t, db, "ana", tempPW, "user", "passwd")
	code, _, errs = as(t, db, "ana", anaPW, "site", "set", "--name", "Mine now")
	wantFail(t, "front desk sets the site", code, errs, "not allowed")
}

// --help on a command lists its own flags and exits 0, opening nothing.
func TestCommandHelp(t *testing.T) {
	db := datatest.NewDatabase(t) // not set up
	for _, args := range [][]string{{"demo", "--help"}, {"site", "set", "-h"}, {"report", "--help"}} {
		code, out, errs := ctl(t, db, "", args...)
		if code != 0 || errs != "" || !strings.Contains(out, "frontdeskctl "+strings.Join(args[:len(args)-1], " ")+", flags") {
			t.Errorf("%v: exit %d, out %q, err %q", args, code, out, errs)
		}
	}
	if _, out, _ := ctl(t, db, "", "demo", "--help"); !strings.Contains(out, "--participants int") || !strings.Contains(out, "(default 500)") {
		t.Errorf("demo --help: %q", out)
	}
	if !datatest.OnServer() {
		if _, err := os.Stat(db); !os.IsNotExist(err) {
			t.Errorf("--help created the database: %v", err)
		}
	}
	// still not set up: a command is sent to set-up
	if code, _, errs := ctl(t, db, "", "participant", "list"); code != 1 || !strings.Contains(errs, "frontdeskctl init") {
		t.Errorf("after --help: exit %d, %q", code, errs)
	}
}

// A bulk read of personal data is audited with who, how many and the
// filter's kind; a screen-sized list is not.
func TestBulkReadAudited(t *testing.T) {
	db := adminDB(t)
	addUser(t, db, "ana", "--name", "Ana Ruiz", "--roles", "front_desk", "--confidentiality", "2026-01-05", "--training", "2026-01-06")
	t.Setenv(envNewPassword, anaPW)
	mustAs(t, db, "ana", tempPW, "user", "passwd")
	for _, n := range []string{"María", "José", "Ana"} {
		mustAs(t, db, "ana", anaPW, "participant", "add", "--first", n, "--last", "Ruiz")
	}
	mustAs(t, db, "ana", anaPW, "participant", "list")
	if rows := auditJSONList(t, db, "--action", "participant.bulk_read"); len(rows) != 0 {
		t.Fatalf("a screen-sized list was audited: %+v", rows)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(mustAs(t, db, "ana", anaPW, "participant", "list", "--limit", "100000", "--json")), &got); err != nil || len(got) != 3 {
		t.Fatalf("list: %v %v", got, err)
	}
	rows := auditJSONList(t, db, "--action", "participant.bulk_read")
	if len(rows) != 1 || rows[0].Actor != "ana" || rows[0].Detail != "rows=3 limit=100000 filter=all sites" {
		t.Fatalf("bulk read audit %+v", rows)
	}
}

// A missing or mistyped --db is refused, never made into a new empty
// database; a refused init leaves no file; a pipe is refused, not waited on.
func TestMissingDatabaseIsNotCreated(t *testing.T) {
	datatest.SkipOnServer(t, "a missing file or folder, and the files a refused init leaves (TestServerDatabaseNotSetUp checks a server)")
	dir := t.TempDir()
	missing := dir + "/unmounted/share/frontdesk.db"
	for _, args := range [][]string{{"participant", "list"}, {"site", "show"}, {"audit", "verify"}, {"report", "--from", "2026-01-01", "--to", "2026-01-31"}} {
		code, _, errs := ctl(t, missing, "", args...)
		if code != 1 || !strings.Contains(errs, "There is no Front Desk database at") {
			t.Errorf("%v on a missing database: exit %d, %q", args, code, errs)
		}
	}
	if _, err := os.Stat(dir + "/unmounted"); !os.IsNotExist(err) {
		t.Fatalf("a folder was created for a missing database: %v", err)
	}
	// init with a bad phone: refused, and no file is left
	fresh := dir + "/new.db"
	code, _, errs := ctl(t, fresh, "", "init", "--site", "Harbor", "--phone", "555")
	if code != 1 || !strings.Contains(strings.ToLower(errs), "phone") {
		t.Fatalf("init with a bad phone: exit %d, %q", code, errs)
	}
	for _, p := range []string{fresh, fresh + "-wal", fresh + "-shm"} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Fatalf("a refused init left %s", p)
		}
	}
	// then a good one creates it
	mustCtl(t, fresh, "init", "--site", "Harbor")
	mustCtl(t, fresh, "site", "show")
}

// On a center server, a database that is not there, or is there but not
// set up, is refused by every command but set-up, which creates nothing
// in it; set-up then makes it.
func TestServerDatabaseNotSetUp(t *testing.T) {
	if !datatest.OnServer() {
		t.Skip("needs a PostgreSQL server: run through scripts/pgtest.sh")
	}
	db := datatest.NewDatabase(t) // empty: made by the server's administrator
	u, err := url.Parse(db)
	if err != nil {
		t.Fatal(err)
	}
	u.Path += "_mistyped"
	mistyped := u.String()
	for _, args := range [][]string{{"participant", "list"}, {"site", "show"}, {"audit", "verify"}, {"report", "--from", "2026-01-01", "--to", "2026-01-31"}} {
		code, _, errs := ctl(t, mistyped, "", args...)
		if code != 1 || !strings.Contains(errs, "has no such database") {
			t.Errorf("%v on a database the server does not have: exit %d, %q", args, code, errs)
		}
		code, _, errs = ctl(t, db, "", args...)
		if code != 1 || !strings.Contains(errs, "has no Front Desk records yet") || !strings.Contains(errs, "frontdeskctl init") {
			t.Errorf("%v on a database not set up: exit %d, %q", args, code, errs)
		}
	}
	var tables int
	if err := datatest.OpenRaw(t, db).QueryRow(`SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()`).Scan(&tables); err != nil || tables != 0 {
		t.Fatalf("the refused commands left %d tables (%v)", tables, err)
	}
	// a refused set-up removes no local file: the URL is no file's name,
	// and what would be beside it is someone else's
	t.Chdir(t.TempDir())
	if err := os.MkdirAll(filepath.Dir(db), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, suffix := range []string{"-wal", ".key"} {
		if err := os.WriteFile(db+suffix, []byte("someone's file"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if code, _, errs := ctl(t, db, "", "init", "--site", "Harbor", "--phone", "555"); code != 1 || !strings.Contains(strings.ToLower(errs), "phone") {
		t.Fatalf("init with a bad phone: exit %d, %q", code, errs)
	}
	for _, suffix := range []string{"-wal", ".key"} {
		if _, err := os.Stat(db + suffix); err != nil {
			t.Fatalf("a refused set-up on the server removed a local file: %v", err)
		}
	}
	mustCtl(t, db, "init", "--site", "Harbor")
	if out := mustCtl(t, db, "site", "show"); !strings.Contains(out, "Harbor") {
		t.Fatalf("site show after init: %q", out)
	}
}

// A city's server holds several sites: an administrator adds one, a desk
// serves the one its settings name (or --site), and each site's events go
// into its own export.
func TestSeveralSites(t *testing.T) {
	db := adminDB(t)
	mustAs(t, db, "admin", adminPW, "user", "set-roles", "admin", "--roles", "administrator,front_desk,director")
	code, _, errs := as(t, db, "admin", adminPW, "site", "add")
	wantFail(t, "site add without a name", code, errs, "--name")
	var west app.Site
	if err := json.Unmarshal([]byte(mustAs(t, db, "admin", adminPW, "site", "add", "--name", "West Valley WorkSource Center",
		"--phone", "818-555-0100", "--tz", "America/Los_Angeles", "--json")), &west); err != nil {
		t.Fatal(err)
	}
	list := mustAs(t, db, "admin", adminPW, "site", "list")
	if !strings.Contains(list, "East LA WorkSource Center") || !strings.Contains(list, "West Valley WorkSource Center") {
		t.Fatalf("site list: %s", list)
	}
	// this computer's desk serves the west site
	conf := filepath.Join(t.TempDir(), "desk.json")
	t.Setenv("FRONTDESK_DESK_SETTINGS", conf)
	if err := os.WriteFile(conf, []byte(`{"name":"Greeter","site_id":`+strconv.FormatInt(west.ID, 10)+`}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if out := mustAs(t, db, "admin", adminPW, "site", "show"); !strings.Contains(out, "West Valley") {
		t.Fatalf("the desk's site: %s", out)
	}
	mustAs(t, db, "admin", adminPW, "event", "add", "--title", "Interview Skills", "--start", "2026-03-12 10:00", "--duration", "1h")
	dir := t.TempDir()
	exported := func(site string) string {
		t.Helper()
		out := filepath.Join(dir, "events-"+site+".csv")
		args := []string{"export", "events", "--out", out, "--from", "2026-03-10", "--to", "2026-03-20"}
		if site != "" {
			args = append(args, "--site", site)
		}
		mustAs(t, db, "admin", adminPW, args...)
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if got := exported(""); !strings.Contains(got, "Interview Skills") {
		t.Fatalf("the desk's site's events: %s", got)
	}
	if got := exported("1"); strings.Contains(got, "Interview Skills") {
		t.Fatalf("the first site's events hold the west site's: %s", got)
	}
	code, _, errs = as(t, db, "admin", adminPW, "export", "events", "--out", filepath.Join(dir, "x.csv"), "--site", "99")
	wantFail(t, "a site that is not there", code, errs, "--site 99 is not a site id")

	// every site, each its own bundle and calendar
	mustAs(t, db, "admin", adminPW, "export", "roster", "--profile", "csv", "--out", filepath.Join(dir, "bundles"), "--all-sites",
		"--from", "2026-03-10", "--to", "2026-03-20")
	for _, name := range []string{"east-la-worksource-center-1", "west-valley-worksource-center-" + strconv.FormatInt(west.ID, 10)} {
		if entries, err := os.ReadDir(filepath.Join(dir, "bundles", name)); err != nil || len(entries) == 0 {
			t.Fatalf("the bundle of %s: %v %v", name, entries, err)
		}
	}
	mustAs(t, db, "admin", adminPW, "export", "calendar", "--out", filepath.Join(dir, "cal.ics"), "--all-sites",
		"--from", "2026-03-10", "--to", "2026-03-20")
	westCal, err := os.ReadFile(filepath.Join(dir, "cal-west-valley-worksource-center-"+strconv.FormatInt(west.ID, 10)+".ics"))
	if err != nil || !strings.Contains(string(westCal), "Interview Skills") {
		t.Fatalf("the west calendar: %v", err)
	}
	eastCal, err := os.ReadFile(filepath.Join(dir, "cal-east-la-worksource-center-1.ics"))
	if err != nil || strings.Contains(string(eastCal), "Interview Skills") {
		t.Fatalf("the east calendar: %v", err)
	}
	code, _, errs = as(t, db, "admin", adminPW, "export", "events", "--out", filepath.Join(dir, "x.csv"), "--site", "1", "--all-sites")
	wantFail(t, "--site with --all-sites", code, errs, "not both")
}
