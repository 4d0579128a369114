package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/xuri/excelize/v2"

	"frontdesk/app"
	"frontdesk/app/export"
	"frontdesk/app/ical"
	"frontdesk/app/xlsx/xlsxtest"
	"frontdesk/data/datatest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/export")

// golden compares got with testdata/export/name (rewriting it with -update).
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "export", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update to accept):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// la is a wall-clock time in Los Angeles.
func la(y int, m time.Month, d, h, min int) time.Time {
	loc, _ := time.LoadLocation(app.DefaultTimeZone)
	return time.Date(y, m, d, h, min, 0, 0, loc)
}

// longTitle is over 75 octets, with multi-byte characters around the fold.
const longTitle = "Taller de currículum y entrevistas — 履歴書の書き方 — Phỏng vấn xin việc, tiếng Việt; ¿preguntas?"

type fixture struct {
	env                                   *datatest.Env
	maria, jose, noConsent, optedOut      app.Participant
	formula, household, noPhone           app.Participant
	orientation, workshop, cancelled, web app.Event
}

// newFixture builds a small site: consenting and non-consenting people, an
// opt-out, a household sharing a phone, a would-be formula, and events in
// March 2026 (one cancelled, one online, one with a long title).
func newFixture(t *testing.T) *fixture {
	t.Helper()
	e := datatest.New(t)
	f := &fixture{env: e}
	add := func(first, last, phone, email, lang string, consent bool) app.Participant {
		p, err := e.Svc.AddParticipant(e.Ctx, app.Participant{SiteID: e.Site.ID, FirstName: first, LastName: last, Phone: phone,
			Email: email, Language: lang, Consent: app.Consent{Given: consent}, CalJOBSID: "CJ-SECRET-" + first, SharedPhoneOK: true})
		if err != nil {
			t.Fatalf("add %s: %v", first, err)
		}
		return p
	}
	f.maria = add("María", "González", "213-555-0142", "maria@example.org", "es", true)
	f.jose = add("José", "Núñez", "323-555-0199", "", "es", true)
	f.noConsent = add("Keisha", "Johnson", "310-555-0123", "keisha@example.org", "en", false)
	f.optedOut = add("Trần", "Văn", "818-555-0110", "", "vi", true)
	f.formula = add("Hyperlink", "Smith", "626-555-0177", "", "en", true)
	f.household = add("Ana", "González", "213-555-0142", "", "es", true) // María's household phone
	f.noPhone = add("Mei", "Chen", "", "mei@example.org", "zh", false)

	f.orientation = e.Event(t, app.KindOrientation, "WorkSource Orientation", la(2026, 3, 9, 9, 0), 90*time.Minute, 30)
	f.workshop = e.Event(t, app.KindWorkshop, longTitle, la(2026, 3, 12, 13, 0), 2*time.Hour, 20)
	f.cancelled = e.Event(t, app.KindRecruitment, "LA Metro Recruitment, Bus Operators", la(2026, 3, 19, 10, 0), 2*time.Hour, 60)
	f.web = e.Event(t, app.KindWorkshop, "Interview Skills; online", la(2026, 3, 24, 17, 0), time.Hour, 0)
	e.Event(t, app.KindJobFair, "Spring Job Fair (out of range)", la(2026, 5, 1, 10, 0), 4*time.Hour, 0)

	err := e.Store.Update(e.Ctx, func(tx app.Tx) error {
		ctx := e.Ctx
		p, _ := tx.Participant(ctx, f.optedOut.ID)
		at := datatest.Now.Add(-time.Hour)
		p.OptOutAt, p.OptOutVia = &at, "sms"
		if err := tx.UpdateParticipant(ctx, &p); err != nil {
			return err
		}
		p, _ = tx.Participant(ctx, f.formula.ID)
		p.FirstName, p.LastName = "=HYPERLINK(\"http://x\")", "-Smith"
		if err := tx.UpdateParticipant(ctx, &p); err != nil {
			return err
		}
		c, _ := tx.Event(ctx, f.cancelled.ID)
		c.Cancelled = true
		if err := tx.UpdateEvent(ctx, &c); err != nil {
			return err
		}
		w, _ := tx.Event(ctx, f.web.ID)
		w.VirtualLink, w.Location = "https://meet.example.org/interview?id=42", ""
		w.Title = "Interview Skills; online, with Q&A\\notes"
		if err := tx.UpdateEvent(ctx, &w); err != nil {
			return err
		}
		if err := tx.InsertCheckIn(ctx, &app.CheckIn{EventID: f.orientation.ID, ParticipantID: f.maria.ID, Method: app.MethodScan, At: la(2026, 3, 9, 9, 5), By: "desk"}); err != nil {
			return err
		}
		for _, r := range []app.Registration{{EventID: f.workshop.ID, ParticipantID: f.maria.ID}, {EventID: f.cancelled.ID, ParticipantID: f.jose.ID},
			{EventID: f.web.ID, ParticipantID: f.jose.ID}, {EventID: f.web.ID, ParticipantID: f.noConsent.ID}} {
			r.At, r.By = datatest.Now.Add(-24*time.Hour), "desk"
			if err := tx.Register(ctx, r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func director(e *datatest.Env) context.Context {
	return app.WithActor(context.Background(), app.Actor{Username: "dora", Name: "Dora Director", Roles: []app.Role{app.RoleDirector}})
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCSVBundleGolden(t *testing.T) {
	f := newFixture(t)
	dir := t.TempDir()
	var stages []string
	res, err := export.Roster(director(f.env), f.env.Svc, export.Options{Dir: dir, Profile: app.ProfileCSV,
		From: la(2026, 3, 10, 0, 0), To: la(2026, 3, 31, 0, 0), Progress: func(s string, done, total int) { stages = append(stages, s) }})
	if err != nil {
		t.Fatal(err)
	}
	if res.Participants != 4 || res.Events != 3 {
		t.Errorf("exported %d participants, %d events; want 4 (María, José, the formula, Ana) and 3", res.Participants, res.Events)
	}
	if len(stages) == 0 {
		t.Error("no progress reported")
	}
	for _, name := range []string{"participants.csv", "events.csv", "site.csv", "calendar.ics", "manifest.json"} {
		golden(t, name, readFile(t, filepath.Join(dir, name)))
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 5 {
		t.Errorf("%d files in the folder, want 5 (no temporary ones left)", len(entries))
	}
	all := string(readFile(t, filepath.Join(dir, "participants.csv")))
	for _, never := range []string{"Keisha", "Trần", "Mei", "CJ-SECRET", "Rosa"} {
		if strings.Contains(all, never) {
			t.Errorf("participants.csv contains %q", never)
		}
	}
	rows, err := csv.NewReader(strings.NewReader(all)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows[1:] {
		for _, cell := range r {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) && cell != r[2] && !strings.HasPrefix(cell, "20") {
				t.Errorf("cell %q could start a formula", cell)
			}
		}
	}
	// the manifest's sums are the files'
	var m export.Manifest
	if err := json.Unmarshal(readFile(t, filepath.Join(dir, "manifest.json")), &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Files) != 4 || m.Counts.Participants != 4 || m.Generated != "2026-03-10T17:15:00Z" {
		t.Errorf("manifest %+v", m)
	}
	// the audit record has counts only
	log, err := f.env.Svc.AuditLog(f.env.Ctx, app.AuditFilter{Action: "export.roster"})
	if err != nil || len(log) != 1 || log[0].Actor != "dora" || !strings.Contains(log[0].Detail, "participants=4") {
		t.Fatalf("audit %+v, %v", log, err)
	}
	if strings.Contains(log[0].Detail, "María") || strings.Contains(log[0].Detail, "+1") {
		t.Errorf("audit detail has personal data: %q", log[0].Detail)
	}
}

// TestRapidProWorkbookGolden compares every cell of contacts-001.xlsx,
// made from the fixture of TestCSVBundleGolden, with
// testdata/export/contacts-001.txt.
func TestRapidProWorkbookGolden(t *testing.T) {
	f := newFixture(t)
	dir := t.TempDir()
	res, err := export.Roster(director(f.env), f.env.Svc, export.Options{Dir: dir, Profile: app.ProfileRapidPro,
		From: la(2026, 3, 10, 0, 0), To: la(2026, 3, 31, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Contacts != 3 {
		t.Errorf("%d contacts, want 3 (María/Ana merged, José, the formula)", res.Contacts)
	}
	x, err := excelize.OpenFile(filepath.Join(dir, "contacts-001.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	golden(t, "contacts-001.txt", xlsxtest.SheetDump(t, x))
}

func TestRoleRefused(t *testing.T) {
	f := newFixture(t)
	dir := t.TempDir()
	desk := app.WithActor(context.Background(), app.Actor{Username: "fd", Roles: []app.Role{app.RoleFrontDesk, app.RoleAdministrator}})
	_, err := export.Roster(desk, f.env.Svc, export.Options{Dir: dir, Profile: app.ProfileCSV, From: la(2026, 3, 10, 0, 0), To: la(2026, 3, 31, 0, 0)})
	if app.ErrorCode(err) != app.EForbidden {
		t.Fatalf("front desk export: %v, want forbidden", err)
	}
	if _, err := export.Calendar(desk, f.env.Svc, 0, la(2026, 3, 10, 0, 0), la(2026, 3, 31, 0, 0), filepath.Join(dir, "c.ics")); app.ErrorCode(err) != app.EForbidden {
		t.Fatalf("front desk calendar: %v, want forbidden", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a refused export left %d files", len(entries))
	}
	if log, _ := f.env.Svc.AuditLog(f.env.Ctx, app.AuditFilter{Action: "export."}); len(log) != 0 {
		t.Errorf("refused exports were audited as made: %+v", log)
	}
}

func TestFailedExportLeavesNoFiles(t *testing.T) {
	f := newFixture(t)
	dir := t.TempDir()
	// into the folder, and into a folder of it the export creates (as an
	// export of every site does), which goes again
	for _, out := range []string{dir, filepath.Join(dir, "east-la-worksource-center-1")} {
		for _, profile := range app.ExportProfiles {
			// cancelled once the roster file is started
			ctx, cancel := context.WithCancel(director(f.env))
			started := false
			_, err := export.Roster(ctx, f.env.Svc, export.Options{Dir: out, Profile: profile, From: la(2026, 3, 10, 0, 0), To: la(2026, 3, 31, 0, 0),
				Progress: func(stage string, done, total int) {
					if stage == "participants" {
						started = true
						cancel()
					}
				}})
			if err == nil || !started {
				t.Fatalf("%s: a cancelled export: %v (started %v)", profile, err, started)
			}
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a failed export left %d files or folders", len(entries))
	}
}

func TestCalendarParsesBack(t *testing.T) {
	f := newFixture(t)
	path := filepath.Join(t.TempDir(), "cal.ics")
	n, err := export.Calendar(director(f.env), f.env.Svc, 0, la(2026, 3, 1, 0, 0), la(2026, 3, 31, 0, 0), path)
	if err != nil || n != 4 {
		t.Fatalf("calendar: %d events, %v", n, err)
	}
	raw := readFile(t, path)
	// CRLF only, and no line over 75 octets
	for i, line := range bytes.SplitAfter(raw, []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		if !bytes.HasSuffix(line, []byte("\r\n")) || bytes.Count(line, []byte("\r")) != 1 {
			t.Fatalf("line %d does not end with CRLF: %q", i+1, line)
		}
		if l := len(line) - 2; l > 75 {
			t.Errorf("line %d is %d octets: %q", i+1, l, line)
		}
		if !utf8Valid(line) {
			t.Errorf("line %d splits a UTF-8 character: %q", i+1, line)
		}
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	events := cal.Events()
	if len(events) != 4 {
		t.Fatalf("%d events parsed back, want 4", len(events))
	}
	loc, _ := time.LoadLocation(app.DefaultTimeZone)
	byUID := map[string]*ics.VEvent{}
	for _, ev := range events {
		byUID[ev.Id()] = ev
	}
	uid := func(e app.Event) string { return fmt.Sprintf("event-%d@east-la-worksource-center.frontdesk", e.ID) }
	w := byUID[uid(f.workshop)]
	if w == nil {
		t.Fatalf("no workshop with UID %s in %v", uid(f.workshop), keys(byUID))
	}
	if got := w.GetProperty(ics.ComponentPropertySummary).Value; got != longTitle {
		t.Errorf("long title came back as %q", got)
	}
	start := w.GetProperty(ics.ComponentPropertyDtStart)
	if tz := start.ICalParameters["TZID"]; len(tz) != 1 || tz[0] != "America/Los_Angeles" {
		t.Errorf("DTSTART TZID %v", tz)
	}
	if st, err := w.GetStartAt(); err != nil || !st.Equal(f.workshop.Start) || st.In(loc).Hour() != 13 {
		t.Errorf("workshop starts %v (%v), want %v", st, err, f.workshop.Start)
	}
	c := byUID[uid(f.cancelled)]
	if c == nil || c.GetProperty(ics.ComponentPropertyStatus).Value != "CANCELLED" {
		t.Errorf("the cancelled recruitment is not STATUS:CANCELLED")
	}
	if got := c.GetProperty(ics.ComponentPropertySummary).Value; got != "LA Metro Recruitment, Bus Operators" {
		t.Errorf("escaped comma came back as %q", got)
	}
	web := byUID[uid(f.web)]
	if got := web.GetProperty(ics.ComponentPropertySummary).Value; got != "Interview Skills; online, with Q&A\\notes" {
		t.Errorf("escaped ; , \\ came back as %q", got)
	}
	if got := web.GetProperty(ics.ComponentPropertyUrl); got == nil || got.Value != "https://meet.example.org/interview?id=42" {
		t.Errorf("URL %v", got)
	}
	if d := web.GetProperty(ics.ComponentPropertyDescription).Value; !strings.Contains(d, "\nJoin online: https://meet.example.org/interview?id=42") {
		t.Errorf("description %q", d)
	}
	// March 8, 2026 is the change to daylight time: the VTIMEZONE has it
	if !bytes.Contains(raw, []byte("BEGIN:DAYLIGHT\r\nDTSTART:20260308T020000\r\nTZOFFSETFROM:-0800\r\nTZOFFSETTO:-0700\r\nTZNAME:PDT")) {
		t.Errorf("no daylight-time observance for 2026-03-08:\n%s", raw)
	}
	if !bytes.Contains(raw, []byte("BEGIN:STANDARD\r\nDTSTART:20261101T020000\r\nTZOFFSETFROM:-0700\r\nTZOFFSETTO:-0800")) {
		t.Errorf("no standard-time observance for 2026-11-01")
	}
}

func utf8Valid(b []byte) bool { return strings.ToValidUTF8(string(b), "\uFFFD") == string(b) }

func keys(m map[string]*ics.VEvent) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestEventsCSVAlone(t *testing.T) {
	f := newFixture(t)
	path := filepath.Join(t.TempDir(), "events.csv")
	n, err := export.Events(director(f.env), f.env.Svc, 0, la(2026, 3, 10, 0, 0), la(2026, 3, 31, 0, 0), path)
	if err != nil || n != 3 {
		t.Fatalf("events: %d, %v", n, err)
	}
	golden(t, "events.csv", readFile(t, path))
}

func TestIncremental(t *testing.T) {
	f := newFixture(t)
	e := f.env
	ctx := director(e)
	o := export.Options{Dir: t.TempDir(), Profile: app.ProfileCSV, From: la(2026, 3, 10, 0, 0), To: la(2026, 3, 31, 0, 0), Incremental: true}
	res, err := export.Roster(ctx, e.Svc, o)
	if err != nil || res.Participants != 4 || !res.Since.IsZero() {
		t.Fatalf("first incremental export: %+v, %v; want everyone", res, err)
	}
	e.Clock = e.Clock.Add(time.Hour)
	res, err = export.Roster(ctx, e.Svc, o)
	if err != nil || res.Participants != 0 || !res.Since.Equal(datatest.Now) {
		t.Fatalf("nothing changed: %+v, %v", res, err)
	}
	// José checks in (his record is unchanged), Ana's details change
	e.Clock = e.Clock.Add(time.Hour)
	err = e.Store.Update(e.Ctx, func(tx app.Tx) error {
		return tx.InsertCheckIn(e.Ctx, &app.CheckIn{EventID: f.orientation.ID, ParticipantID: f.jose.ID, Method: app.MethodScan, At: e.Clock, By: "desk"})
	})
	if err != nil {
		t.Fatal(err)
	}
	ana := f.household
	ana.Email = "ana@example.org"
	if _, err := e.Svc.UpdateParticipant(e.Ctx, ana); err != nil {
		t.Fatal(err)
	}
	res, err = export.Roster(ctx, e.Svc, o)
	if err != nil || res.Participants != 2 {
		t.Fatalf("after two changes: %+v, %v", res, err)
	}
	b := string(readFile(t, filepath.Join(o.Dir, "participants.csv")))
	if !strings.Contains(b, "José") || !strings.Contains(b, "ana@example.org") || strings.Contains(b, "María") {
		t.Errorf("incremental roster:\n%s", b)
	}
	// the other profile has its own last export
	res, err = export.Roster(ctx, e.Svc, export.Options{Dir: t.TempDir(), Profile: app.ProfileRapidPro, From: o.From, To: o.To, Incremental: true})
	if err != nil || res.Participants != 4 {
		t.Fatalf("first rapidpro incremental: %+v, %v", res, err)
	}
}

// An incremental export that fails while its files are moved into place
// (here the first rename: a folder is in the way) does not move the "last
// export" mark: the next run sends the changed people, none is skipped.
func TestIncrementalFailedCommitSkipsNobody(t *testing.T) {
	f := newFixture(t)
	e := f.env
	ctx := director(e)
	o := export.Options{Dir: t.TempDir(), Profile: app.ProfileCSV, From: la(2026, 3, 10, 0, 0), To: la(2026, 3, 31, 0, 0), Incremental: true}
	if _, err := export.Roster(ctx, e.Svc, o); err != nil {
		t.Fatal(err)
	}
	e.Clock = e.Clock.Add(time.Hour)
	ana := f.household
	ana.Email = "ana@example.org"
	if _, err := e.Svc.UpdateParticipant(e.Ctx, ana); err != nil {
		t.Fatal(err)
	}
	e.Clock = e.Clock.Add(time.Hour)
	blocked := t.TempDir()
	if err := os.Mkdir(filepath.Join(blocked, export.ParticipantsFile), 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := export.Roster(ctx, e.Svc, export.Options{Dir: blocked, Profile: o.Profile, From: o.From, To: o.To, Incremental: true}); err == nil {
		t.Fatal("the export into a blocked folder did not fail")
	}
	e.Clock = e.Clock.Add(time.Hour)
	res, err := export.Roster(ctx, e.Svc, o)
	if err != nil || res.Participants != 1 {
		t.Fatalf("after the failed export: %+v, %v; want Ana again", res, err)
	}
	if b := string(readFile(t, filepath.Join(o.Dir, export.ParticipantsFile))); !strings.Contains(b, "ana@example.org") {
		t.Fatalf("Ana is not in the next incremental roster:\n%s", b)
	}
}

func TestPasswordProtectedWorkbook(t *testing.T) {
	f := newFixture(t)
	dir := t.TempDir()
	_, err := export.Roster(director(f.env), f.env.Svc, export.Options{Dir: dir, Profile: app.ProfileRapidPro,
		From: la(2026, 3, 10, 0, 0), To: la(2026, 3, 31, 0, 0), Password: "s3cret pass"})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "contacts-001.xlsx")
	if x, err := excelize.OpenFile(path); err == nil {
		x.Close()
		t.Fatal("the workbook opens without its password")
	}
	if x, err := excelize.OpenFile(path, excelize.Options{Password: "wrong"}); err == nil {
		x.Close()
		t.Fatal("the workbook opens with a wrong password")
	}
	x, err := excelize.OpenFile(path, excelize.Options{Password: "s3cret pass"})
	if err != nil {
		t.Fatalf("with the password: %v", err)
	}
	defer x.Close()
	rows, _ := x.GetRows("Contacts")
	if len(rows) != 4 { // header + María/Ana merged, José, the formula
		t.Errorf("%d rows", len(rows))
	}
	if _, err := export.Roster(director(f.env), f.env.Svc, export.Options{Dir: dir, Profile: app.ProfileCSV,
		From: la(2026, 3, 10, 0, 0), To: la(2026, 3, 31, 0, 0), Password: "x"}); app.ErrorCode(err) != app.EInvalid {
		t.Errorf("a password for CSV: %v", err)
	}
}

var fieldKey = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// TestRapidProRules checks every RapidPro rule on 25,000+ contacts.
func TestRapidProRules(t *testing.T) {
	if testing.Short() {
		t.Skip("25,000 participants")
	}
	e := datatest.New(t)
	const consenting = 25_003
	langs := []string{"en", "es", "vi", "ko", "zh", "hy", "ru", "tl", "fa", "ar", "ja"}
	t0 := time.Now()
	err := e.Store.Update(e.Ctx, func(tx app.Tx) error {
		for i := 0; i < consenting+300; i++ {
			p := app.Participant{Code: app.NewCode(app.PrefixParticipant), SiteID: e.Site.ID, FirstName: fmt.Sprintf("Person%d", i), LastName: "Test",
				Phone: fmt.Sprintf("+1213%07d", i), Language: langs[i%len(langs)], Status: app.StatusNew, CreatedAt: datatest.Now, UpdatedAt: datatest.Now}
			switch {
			case i >= consenting+200: // households: share an earlier person's phone
				p.Phone = fmt.Sprintf("+1213%07d", i-consenting-200)
				p.Consent = app.Consent{Given: true, At: datatest.Now}
			case i >= consenting+100: // opted out
				p.Consent = app.Consent{Given: true, At: datatest.Now}
				at := datatest.Now
				p.OptOutAt = &at
				p.FirstName = "OptedOut"
			case i >= consenting: // no consent
				p.FirstName = "NoConsent"
			default:
				p.Consent = app.Consent{Given: true, At: datatest.Now}
			}
			if err := tx.CreateParticipant(e.Ctx, &p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("made %d participants in %v", consenting+300, time.Since(t0))
	dir := t.TempDir()
	res, err := export.Roster(director(e), e.Svc, export.Options{Dir: dir, Profile: app.ProfileRapidPro, From: la(2026, 3, 10, 0, 0), To: la(2026, 3, 31, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Participants != consenting+100 || res.Contacts != consenting || res.Merged != 100 {
		t.Errorf("result %+v; want %d participants, %d contacts, 100 merged", res, consenting+100, consenting)
	}
	var m export.Manifest
	if err := json.Unmarshal(readFile(t, filepath.Join(dir, "manifest.json")), &m); err != nil || m.Counts.MergedSharedPhones != 100 {
		t.Errorf("manifest counts %+v, %v", m.Counts, err)
	}
	want := map[string]string{"en": "eng", "es": "spa", "vi": "vie", "ko": "kor", "zh": "zho", "hy": "hye", "ru": "rus", "tl": "tgl", "fa": "fas", "ar": "ara", "ja": "jpn"}
	seen := map[string]bool{}
	total := 0
	for n, wantRows := range []int{25_000, consenting - 25_000} {
		name := export.ContactsFile(n + 1)
		x, err := excelize.OpenFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := x.GetRows("Contacts")
		x.Close()
		if err != nil {
			t.Fatal(err)
		}
		h := rows[0]
		if h[0] != "URN:Tel" || h[1] != "Name" || h[2] != "Language" || len(h) != 3+len(export.RapidProFields) {
			t.Errorf("%s header %q", name, h)
		}
		for _, c := range h[3:] {
			k, ok := strings.CutPrefix(c, "Field:")
			if !ok || !fieldKey.MatchString(k) || len(k) > 36 {
				t.Errorf("bad field header %q", c)
			}
		}
		// as RapidPro imports it
		specs := rapidProImport(t, filepath.Join(dir, name), "US")
		if len(specs) != wantRows {
			t.Errorf("%s has %d contacts, want %d", name, len(specs), wantRows)
		}
		checkSpecs(t, name, specs)
		for _, sp := range specs {
			total++
			u := sp.URNs[0]
			if seen[u] {
				t.Fatalf("URN %s in two workbooks", u)
			}
			seen[u] = true
			if strings.HasPrefix(sp.Name, "OptedOut") || strings.HasPrefix(sp.Name, "NoConsent") {
				t.Fatalf("%s was exported", sp.Name)
			}
			var i int
			fmt.Sscanf(sp.Name, "Person%d", &i)
			if u != fmt.Sprintf("tel:+1213%07d", i) {
				t.Fatalf("%s: URN %s", sp.Name, u)
			}
			if lang := want[langs[i%len(langs)]]; sp.Language != lang {
				t.Fatalf("%s: language %q, want %q", sp.Name, sp.Language, lang)
			}
		}
	}
	if total != consenting {
		t.Errorf("%d contacts in all", total)
	}
	if _, err := os.Stat(filepath.Join(dir, export.ContactsFile(3))); err == nil {
		t.Error("a third workbook")
	}
}

// TestWorkbookTextAsWritten: the workbook's text cells hold the text
// itself; a formula-like name is a string cell, never a formula, and gets
// no apostrophe (only CSV files need that guard).
func TestWorkbookTextAsWritten(t *testing.T) {
	f := newFixture(t)
	dir := t.TempDir()
	if _, err := export.Roster(director(f.env), f.env.Svc, export.Options{Dir: dir, Profile: app.ProfileRapidPro,
		From: la(2026, 3, 10, 0, 0), To: la(2026, 3, 31, 0, 0)}); err != nil {
		t.Fatal(err)
	}
	specs := rapidProImport(t, filepath.Join(dir, "contacts-001.xlsx"), "US")
	found := false
	for _, sp := range specs {
		if sp.Name == `=HYPERLINK("http://x") -Smith` && sp.Fields["first_name"] == `=HYPERLINK("http://x")` && sp.Fields["last_name"] == "-Smith" {
			found = true
		}
	}
	if !found {
		t.Errorf("the formula-like name did not come back as written: %+v", specs)
	}
	if n, err := os.ReadDir(dir); err != nil || len(n) != 5 {
		t.Errorf("%d files", len(n))
	}
}

func TestFold(t *testing.T) {
	s := "SUMMARY:" + strings.Repeat("é", 80)
	folded := ical.Fold(s)
	for _, l := range strings.Split(strings.TrimSuffix(folded, "\r\n"), "\r\n") {
		if len(l) > 75 || !utf8Valid([]byte(l)) {
			t.Errorf("line %q: %d octets", l, len(l))
		}
	}
	if strings.ReplaceAll(folded, "\r\n ", "") != s+"\r\n" {
		t.Error("unfolding does not give the line back")
	}
}

// TestSharedPhoneOptOut: a STOP from a household phone stops everyone on it.
func TestSharedPhoneOptOut(t *testing.T) {
	f := newFixture(t)
	e := f.env
	err := e.Store.Update(e.Ctx, func(tx app.Tx) error {
		p, _ := tx.Participant(e.Ctx, f.household.ID)
		at := datatest.Now
		p.OptOutAt = &at
		return tx.UpdateParticipant(e.Ctx, &p)
	})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	res, err := export.Roster(director(e), e.Svc, export.Options{Dir: dir, Profile: app.ProfileCSV, From: la(2026, 3, 10, 0, 0), To: la(2026, 3, 31, 0, 0)})
	if err != nil || res.Participants != 2 {
		t.Fatalf("%+v, %v; want José and the formula only", res, err)
	}
	if b := readFile(t, filepath.Join(dir, "participants.csv")); bytes.Contains(b, []byte("+12135550142")) {
		t.Errorf("the opted-out phone was exported:\n%s", b)
	}
}
