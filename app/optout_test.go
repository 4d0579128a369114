package app_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"frontdesk/app"
	"frontdesk/app/importer"
	"frontdesk/data/datatest"
)

// readOptOutFile writes content to name under a temp dir and reads it back as
// a STOP list.
func readOptOutFile(t *testing.T, name, content string) *importer.OptOutTable {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return readOptOutPath(t, path)
}

func readOptOutPath(t *testing.T, path string) *importer.OptOutTable {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tab, err := importer.ReadOptOuts(f, path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return tab
}

func reload(t *testing.T, e *datatest.Env, id int64) app.Participant {
	t.Helper()
	p, err := e.Svc.Participant(e.Ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// optOutAudit is the newest opt-out import's audit record.
func optOutAudit(t *testing.T, e *datatest.Env) app.AuditEntry {
	t.Helper()
	log, err := e.Svc.AuditLog(e.Ctx, app.AuditFilter{Action: "participant.optout_import", Limit: 1})
	if err != nil || len(log) != 1 {
		t.Fatalf("audit: %v %v", log, err)
	}
	return log[0]
}

func wantOptedOut(t *testing.T, p app.Participant, at time.Time, via string) {
	t.Helper()
	if p.OptOutAt == nil || !p.OptOutAt.Equal(at) || p.OptOutVia != via {
		t.Fatalf("%s: opt-out %v via %q; want %v via %q", p.FirstName, p.OptOutAt, p.OptOutVia, at, via)
	}
	if app.MayText(p) {
		t.Fatalf("%s may be texted after a STOP", p.FirstName)
	}
}

func TestOptOutImportCSV(t *testing.T) {
	e := datatest.New(t)
	maria := e.Participant(t, "María", "González", "213-555-0142")
	jose := e.Participant(t, "José", "González", "(213) 555-0142") // same household phone
	ana := e.Participant(t, "Ana", "Lee", "323 555 0100")
	minh := e.Participant(t, "Minh", "Nguyen", "818-555-0123")

	tab := readOptOutFile(t, "stop.csv", "Phone number,Note\n(213) 555-0142,replied STOP\n\n3235550100,\n213-555-01,typo\n+1 626 555 0199,\n,blank phone\n2135550142,again\n")
	if tab.Format != importer.FormatList || tab.HeaderLine != 1 {
		t.Fatalf("table %+v", tab)
	}
	rep, err := e.Svc.ImportOptOuts(e.Ctx, 0, tab.Rows, tab.Source("stop.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != 6 || rep.Phones != 3 || rep.OptedOut != 3 || rep.Already != 0 || rep.Repeated != 1 {
		t.Fatalf("report %+v", rep)
	}
	if len(rep.Unmatched) != 1 || rep.Unmatched[0] != (app.OptOutMiss{Line: 6, Phone: "+16265550199"}) {
		t.Fatalf("unmatched %+v", rep.Unmatched)
	}
	if len(rep.Invalid) != 2 || rep.Invalid[0].Line != 5 || rep.Invalid[0].Field != "phone" || rep.Invalid[1].Line != 7 {
		t.Fatalf("invalid %+v", rep.Invalid)
	}
	for _, p := range []app.Participant{maria, jose, ana} {
		wantOptedOut(t, reload(t, e, p.ID), datatest.Now, "stop list file stop.csv")
	}
	if p := reload(t, e, minh.ID); p.OptOutAt != nil {
		t.Fatalf("Minh opted out: %+v", p)
	}

	a := optOutAudit(t, e)
	if a.Action != "participant.optout_import" || a.Entity != "site" {
		t.Fatalf("audit %+v", a)
	}
	for _, want := range []string{`source="stop list file stop.csv"`, "rows=6", "opted_out=3", "already=0", "unmatched=1", "invalid=2", "unmatched_rows=6:…0199"} {
		if !strings.Contains(a.Detail, want) {
			t.Errorf("audit detail %q lacks %q", a.Detail, want)
		}
	}
	for _, personal := range []string{"0142", "6265550199", "González", "Maria", "María"} {
		if strings.Contains(a.Detail, personal) {
			t.Errorf("audit detail %q holds personal data %q", a.Detail, personal)
		}
	}
}

func TestOptOutImportHeaderlessColumn(t *testing.T) {
	e := datatest.New(t)
	p := e.Participant(t, "Ana", "Lee", "323 555 0100")
	tab := readOptOutFile(t, "numbers.csv", "3235550100\n2135550199\n")
	if tab.HeaderLine != 0 || len(tab.Rows) != 2 || tab.Rows[0] != (app.OptOutRow{Line: 1, Phone: "3235550100"}) {
		t.Fatalf("table %+v", tab)
	}
	rep, err := e.Svc.ImportOptOuts(e.Ctx, e.Site.ID, tab.Rows, tab.Source("numbers.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if rep.OptedOut != 1 || len(rep.Unmatched) != 1 || rep.Unmatched[0].Line != 2 {
		t.Fatalf("report %+v", rep)
	}
	wantOptedOut(t, reload(t, e, p.ID), datatest.Now, "stop list file numbers.csv")

	if _, err := importer.ReadOptOuts(strings.NewReader("Name,Email\nAna,a@example.org\n"), "x.csv"); app.ErrorCode(err) != app.EInvalid ||
		!strings.Contains(app.ErrorMessage(err), "phone column") {
		t.Fatalf("no phone column: %v", err)
	}
}

func TestOptOutImportXLSX(t *testing.T) {
	e := datatest.New(t)
	p := e.Participant(t, "Ana", "Lee", "323 555 0100")
	path := filepath.Join(t.TempDir(), "stops.xlsx")
	f := excelize.NewFile()
	for cell, v := range map[string]any{"A1": "STOP list March", "A3": "Teléfono", "B3": "Fecha",
		"A4": 3235550100, "B4": "2026-03-09", "A5": "not a phone", "A6": "(818) 555-0123"} {
		f.SetCellValue("Sheet1", cell, v)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	tab := readOptOutPath(t, path)
	if tab.HeaderLine != 3 || len(tab.Rows) != 3 {
		t.Fatalf("table %+v", tab)
	}
	rep, err := e.Svc.ImportOptOuts(e.Ctx, 0, tab.Rows, tab.Source(path))
	if err != nil {
		t.Fatal(err)
	}
	if rep.OptedOut != 1 || len(rep.Invalid) != 1 || rep.Invalid[0].Line != 5 || len(rep.Unmatched) != 1 || rep.Unmatched[0].Line != 6 {
		t.Fatalf("report %+v", rep)
	}
	wantOptedOut(t, reload(t, e, p.ID), datatest.Now, "stop list file stops.xlsx")
}

func TestOptOutImportRapidPro(t *testing.T) {
	e := datatest.New(t)
	stopped := e.Participant(t, "Ana", "Lee", "323 555 0100")
	blocked := e.Participant(t, "Minh", "Nguyen", "818-555-0123")
	active := e.Participant(t, "Rosa", "Diaz", "213-555-0177")
	csv := "Contact UUID,Name,Language,Status,Created On,URN:Tel,URN:Tel:2,Group:Orientation\n" +
		"u1,Ana Lee,eng,stopped,2026-01-02,tel:+13235550100,,x\n" +
		"u2,Minh Nguyen,eng,blocked,2026-01-02,tel:+18185550123,,x\n" +
		"u3,Rosa Diaz,spa,active,2026-01-02,tel:+12135550177,,\n" +
		"u4,Someone,spa,Stopped,2026-01-02,tel:+16265550199,tel:+13235550100,\n" +
		"u5,No Phone,eng,stopped,2026-01-02,,,\n" +
		"u6,Old,eng,archived,2026-01-02,tel:+13105550111,,\n"
	tab := readOptOutFile(t, "contacts.csv", csv)
	if tab.Format != importer.FormatRapidPro || tab.NotStopped != 3 {
		t.Fatalf("table %+v", tab)
	}
	want := []app.OptOutRow{{Line: 2, Phone: "+13235550100"}, {Line: 5, Phone: "+16265550199"}, {Line: 5, Phone: "+13235550100"}, {Line: 6}}
	if !slices.Equal(tab.Rows, want) {
		t.Fatalf("rows %+v; want %+v", tab.Rows, want)
	}
	if src := tab.Source("/tmp/x/contacts.csv"); src != "rapidpro file contacts.csv" {
		t.Fatalf("source %q", src)
	}
	rep, err := e.Svc.ImportOptOuts(e.Ctx, 0, tab.Rows, tab.Source("contacts.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if rep.OptedOut != 1 || rep.Repeated != 1 || len(rep.Unmatched) != 1 || rep.Unmatched[0].Line != 5 ||
		len(rep.Invalid) != 1 || rep.Invalid[0].Line != 6 {
		t.Fatalf("report %+v", rep)
	}
	wantOptedOut(t, reload(t, e, stopped.ID), datatest.Now, "rapidpro file contacts.csv")
	for _, p := range []app.Participant{blocked, active} {
		if got := reload(t, e, p.ID); got.OptOutAt != nil {
			t.Fatalf("%s opted out though not stopped", got.FirstName)
		}
	}
}

// An opt-out is for good: a second import keeps the first date, and editing,
// re-importing or consenting again never clears it.
func TestOptOutSurvivesEverything(t *testing.T) {
	e := datatest.New(t)
	p, err := e.Svc.AddParticipant(e.Ctx, app.Participant{SiteID: e.Site.ID, FirstName: "María", LastName: "González",
		Phone: "213-555-0142", Email: "maria@example.org", Language: "es", Consent: app.Consent{Given: true, Method: app.ConsentPaper}})
	if err != nil {
		t.Fatal(err)
	}
	if !app.MayText(p) {
		t.Fatal("consenting participant may not be texted")
	}
	first := datatest.Now
	if _, err := e.Svc.ImportOptOuts(e.Ctx, 0, []app.OptOutRow{{Line: 2, Phone: "2135550142"}}, "rapidpro file a.xlsx"); err != nil {
		t.Fatal(err)
	}
	wantOptedOut(t, reload(t, e, p.ID), first, "rapidpro file a.xlsx")

	// again, a day later, from another file
	e.Clock = first.Add(24 * time.Hour)
	rep, err := e.Svc.ImportOptOuts(e.Ctx, 0, []app.OptOutRow{{Line: 2, Phone: "+12135550142"}}, "stop list file b.csv")
	if err != nil || rep.OptedOut != 0 || rep.Already != 1 {
		t.Fatalf("second import: %+v %v", rep, err)
	}
	wantOptedOut(t, reload(t, e, p.ID), first, "rapidpro file a.xlsx")

	// edited: consent withdrawn then given again, opt-out fields tampered with
	cur := reload(t, e, p.ID)
	cur.Consent = app.Consent{}
	cur.OptOutAt, cur.OptOutVia = nil, ""
	if _, err := e.Svc.UpdateParticipant(e.Ctx, cur); err != nil {
		t.Fatal(err)
	}
	cur = reload(t, e, p.ID)
	cur.Consent = app.Consent{Given: true, Method: app.ConsentPaper}
	cur.ZIP = "90031"
	if _, err := e.Svc.UpdateParticipant(e.Ctx, cur); err != nil {
		t.Fatal(err)
	}
	got := reload(t, e, p.ID)
	if !got.Consent.Given || got.ZIP != "90031" {
		t.Fatalf("update not saved: %+v", got)
	}
	wantOptedOut(t, got, first, "rapidpro file a.xlsx")

	// re-imported with consent
	rows := []app.ImportRow{{Line: 2, First: "Maria", Last: "Gonzalez", Phone: "(213) 555-0142", Email: "maria@example.org", Consent: true}}
	if _, err := e.Svc.ImportParticipants(e.Ctx, e.Site.ID, rows, app.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	wantOptedOut(t, reload(t, e, p.ID), first, "rapidpro file a.xlsx")

	// a new household member with the phone that said STOP starts opted out,
	// whether added, imported or given the phone later
	kid, err := e.Svc.AddParticipant(e.Ctx, app.Participant{SiteID: e.Site.ID, FirstName: "Luis", LastName: "González",
		Phone: "2135550142", Consent: app.Consent{Given: true}, SharedPhoneOK: true})
	if err != nil {
		t.Fatal(err)
	}
	wantOptedOut(t, kid, first, "rapidpro file a.xlsx")
	rows = []app.ImportRow{{Line: 2, First: "Elena", Last: "González", Phone: "213 555 0142", Consent: true}}
	if rep, err := e.Svc.ImportParticipants(e.Ctx, e.Site.ID, rows, app.ImportOptions{}); err != nil || rep.Created != 1 {
		t.Fatalf("import: %+v %v", rep, err)
	}
	found, err := e.Svc.SearchParticipants(e.Ctx, "elena", 5)
	if err != nil || len(found) != 1 {
		t.Fatalf("search: %v %v", found, err)
	}
	wantOptedOut(t, found[0], first, "rapidpro file a.xlsx")
	other := e.Participant(t, "Ana", "Lee", "323 555 0100")
	other.Phone = "2135550142"
	other, err = e.Svc.UpdateParticipant(e.Ctx, other)
	if err != nil {
		t.Fatal(err)
	}
	wantOptedOut(t, other, first, "rapidpro file a.xlsx")
}

func TestOptOutImportRolesAndInput(t *testing.T) {
	e := datatest.New(t)
	e.Participant(t, "Ana", "Lee", "323 555 0100")
	rows := []app.OptOutRow{{Phone: "3235550100"}}
	for _, roles := range [][]app.Role{{app.RoleFrontDesk}, {app.RoleAdministrator}, {app.RoleCaseManager}} {
		ctx := app.WithActor(e.Ctx, app.Actor{ID: 9, Username: "x", Roles: roles})
		if _, err := e.Svc.ImportOptOuts(ctx, 0, rows, "stop list"); app.ErrorCode(err) != app.EForbidden {
			t.Fatalf("%v: %v", roles, err)
		}
	}
	director := app.WithActor(e.Ctx, app.Actor{ID: 9, Username: "dir", Roles: []app.Role{app.RoleDirector}})
	if _, err := e.Svc.ImportOptOuts(director, 0, rows, "  "); app.ErrorCode(err) != app.EInvalid {
		t.Fatalf("no source: %v", err)
	}
	rep, err := e.Svc.ImportOptOuts(director, 0, rows, "stop list")
	if err != nil || rep.OptedOut != 1 || rep.Rows != 1 {
		t.Fatalf("director: %+v %v", rep, err)
	}
	if a := optOutAudit(t, e); a.Actor != "dir" || a.Action != "participant.optout_import" {
		t.Fatalf("audit %+v", a)
	}
	if _, err := e.Svc.ImportOptOuts(director, 999, rows, "stop list"); app.ErrorCode(err) != app.ENotFound {
		t.Fatalf("unknown site: %v", err)
	}
}

func TestMaskPhone(t *testing.T) {
	for in, want := range map[string]string{"+12135550142": "…0142", "12": "…12", "": "…"} {
		if got := app.MaskPhone(in); got != want {
			t.Errorf("MaskPhone(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestPaperCheckInOfPastEvent(t *testing.T) {
	e := datatest.New(t)
	loc := e.Site.Location()
	p := e.Participant(t, "Ana", "Lee", "323 555 0100")
	yesterday := e.Event(t, app.KindWorkshop, "Resume workshop", time.Date(2026, 3, 9, 10, 0, 0, 0, loc), time.Hour, 0)
	old := e.Event(t, app.KindWorkshop, "Old workshop", time.Date(2026, 2, 1, 10, 0, 0, 0, loc), time.Hour, 0)
	next := e.Event(t, app.KindWorkshop, "Next week", time.Date(2026, 3, 17, 10, 0, 0, 0, loc), time.Hour, 0)
	tg := func(ev app.Event) app.Target { return app.Target{SiteID: e.Site.ID, EventID: ev.ID} }

	if res, err := e.Svc.CheckInParticipant(e.Ctx, tg(yesterday), p.ID, app.MethodSearch); err != nil || res.Outcome != app.OutcomeNotToday {
		t.Fatalf("search check-in yesterday: %+v %v", res.Outcome, err)
	}
	res, err := e.Svc.CheckInParticipant(e.Ctx, tg(yesterday), p.ID, app.MethodPaper)
	if err != nil || res.Outcome != app.OutcomeWalkIn || res.CheckIn.Method != app.MethodPaper {
		t.Fatalf("paper check-in yesterday: %+v %v", res, err)
	}
	for _, ev := range []app.Event{old, next} {
		if res, err := e.Svc.CheckInParticipant(e.Ctx, tg(ev), p.ID, app.MethodPaper); err != nil || res.Outcome != app.OutcomeNotToday {
			t.Fatalf("paper check-in %s: %+v %v", ev.Title, res.Outcome, err)
		}
	}
	evs, err := e.Svc.PaperEvents(e.Ctx, e.Site.ID)
	if err != nil || len(evs) != 1 || evs[0].ID != yesterday.ID {
		t.Fatalf("paper events %+v %v", evs, err)
	}
	nw, err := e.Svc.RegisterFromPaper(e.Ctx, tg(yesterday), app.Participant{FirstName: "Luis", LastName: "Paz", Phone: "2135550111", Consent: app.Consent{Given: true}})
	if err != nil || nw.CheckIn.Method != app.MethodPaper || nw.Participant.Consent.Method != app.ConsentPaper || nw.Participant.SiteID != e.Site.ID {
		t.Fatalf("register from paper: %+v %v", nw, err)
	}
}
