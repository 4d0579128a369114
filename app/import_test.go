package app_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"frontdesk/app"
	"frontdesk/app/importer"
	"frontdesk/app/importer/importertest"
	"frontdesk/data/datatest"
)

func countParticipants(t *testing.T, e *datatest.Env) int {
	t.Helper()
	n, err := e.Svc.CountParticipants(e.Ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func lastAudit(t *testing.T, e *datatest.Env) app.AuditEntry {
	t.Helper()
	log, err := e.Svc.AuditLog(e.Ctx, app.AuditFilter{Limit: 1})
	if err != nil || len(log) != 1 {
		t.Fatalf("audit: %v %v", log, err)
	}
	return log[0]
}

func TestImportAllValid(t *testing.T) {
	e := datatest.New(t)
	rows := []app.ImportRow{
		{Line: 2, First: "María", Last: "González", Phone: "(213) 555-0142", Email: "Maria@Example.com", Language: "español", ZIP: "90031", Consent: true},
		{Line: 3, First: "Ana", Last: "Lee"},
		{Line: 5, First: "Minh", Last: "Nguyễn", Phone: "213.555.0100", Language: "vi", CalJOBS: "A123"},
	}
	var progress [][2]int
	rep, err := e.Svc.ImportParticipants(e.Ctx, e.Site.ID, rows, app.ImportOptions{
		Progress: func(done, total int) { progress = append(progress, [2]int{done, total}) }})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 3 || rep.Updated != 0 || rep.Merged != 0 || rep.Skipped != 0 || len(rep.Errors) != 0 {
		t.Fatalf("report %+v", rep)
	}
	if n := countParticipants(t, e); n != 3 {
		t.Fatalf("count = %d", n)
	}
	if len(progress) == 0 || progress[len(progress)-1] != [2]int{3, 3} {
		t.Fatalf("progress %v", progress)
	}
	got, err := e.Svc.SearchParticipants(e.Ctx, "maria@example.com", 5)
	if err != nil || len(got) != 1 {
		t.Fatalf("search: %v %v", got, err)
	}
	m := got[0]
	if m.Phone != "+12135550142" || m.Language != "es" || m.SiteID != e.Site.ID || m.Code == "" || m.Status != app.StatusNew {
		t.Fatalf("imported %+v", m)
	}
	if !m.Consent.Given || m.Consent.Method != app.ConsentImport || m.Consent.By != app.LocalOperator.Username || !m.Consent.At.Equal(datatest.Now) {
		t.Fatalf("consent %+v", m.Consent)
	}
	a := lastAudit(t, e)
	if a.Action != "participant.import" || !strings.Contains(a.Detail, "created=3") {
		t.Fatalf("audit %+v", a)
	}
	for _, personal := range []string{"María", "Gonz", "555", "example"} {
		if strings.Contains(a.Detail, personal) {
			t.Fatalf("audit detail %q holds personal data", a.Detail)
		}
	}
}

func TestImportOneBadRowCommitsNothing(t *testing.T) {
	e := datatest.New(t)
	e.Participant(t, "Rosa", "Delgado", "323-555-0101")
	rows := []app.ImportRow{
		{Line: 2, First: "Ana", Last: "Lee"},
		{Line: 3, First: "Bo", Last: "Li", Phone: "555-01"},
		{Line: 4, First: "Cy", Last: "Diaz", Email: "not an email"},
		{Line: 6, First: "Di", Last: "", Phone: "2135550100"},
		{Line: 7, First: "Ed", Last: "Fu", ConsentErr: `"maybe" is not yes or no`},
		{Line: 8, First: "Flo", Last: "Go", Consent: true}, // consent needs a phone
	}
	rep, err := e.Svc.ImportParticipants(e.Ctx, e.Site.ID, rows, app.ImportOptions{})
	if app.ErrorCode(err) != app.EInvalid {
		t.Fatalf("err = %v", err)
	}
	msg := app.ErrorMessage(err)
	if !strings.Contains(msg, "5 rows") || !strings.Contains(msg, "row 3: phone:") || !strings.Contains(msg, "nothing was imported") {
		t.Fatalf("message %q", msg)
	}
	if n := countParticipants(t, e); n != 1 {
		t.Fatalf("count = %d, want 1 (nothing committed)", n)
	}
	if rep.Created != 0 || rep.Updated != 0 {
		t.Fatalf("report %+v", rep)
	}
	var got []string
	for _, re := range rep.Errors {
		got = append(got, re.String())
	}
	wantPrefixes := []string{"row 3: phone: ", "row 4: email: ", "row 6: last name: is required", "row 7: consent: \"maybe\"", "row 8: phone: is needed"}
	if len(got) != len(wantPrefixes) {
		t.Fatalf("errors %q", got)
	}
	for i, w := range wantPrefixes {
		if !strings.HasPrefix(got[i], w) {
			t.Errorf("error %d = %q, want prefix %q", i, got[i], w)
		}
	}
	if a := lastAudit(t, e); a.Action == "participant.import" {
		t.Fatalf("a failed import was audited: %+v", a)
	}

	// --skip-invalid: the good row goes in, the bad ones are reported
	rep, err = e.Svc.ImportParticipants(e.Ctx, e.Site.ID, rows, app.ImportOptions{SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 1 || rep.Skipped != 5 || len(rep.Errors) != 5 || rep.Errors[0].Line != 3 {
		t.Fatalf("report %+v", rep)
	}
	if n := countParticipants(t, e); n != 2 {
		t.Fatalf("count = %d, want 2", n)
	}
	if a := lastAudit(t, e); a.Action != "participant.import" || !strings.Contains(a.Detail, "skipped=5") {
		t.Fatalf("audit %+v", a)
	}
}

func TestImportUpdatesInsteadOfTwin(t *testing.T) {
	e := datatest.New(t)
	maria, err := e.Svc.AddParticipant(e.Ctx, app.Participant{SiteID: e.Site.ID, FirstName: "María", LastName: "González",
		Phone: "213-555-0142", Language: "es", ZIP: "90031"})
	if err != nil {
		t.Fatal(err)
	}
	ana, err := e.Svc.AddParticipant(e.Ctx, app.Participant{SiteID: e.Site.ID, FirstName: "Ana", LastName: "Lee", Email: "ana@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	rows := []app.ImportRow{
		// phone + first name (accents and case aside): María; fills email, keeps language and ZIP, keeps "María"
		{Line: 2, First: "MARIA", Last: "Gonzalez", Phone: "(213) 555-0142", Email: "maria@example.com", Consent: true},
		// email: Ana; adds a phone and a ZIP
		{Line: 3, First: "Ana", Last: "Lee-Park", Email: "ANA@example.com", Phone: "3235550177", ZIP: "90012"},
		// same phone as María but another first name: a household member, a new person
		{Line: 4, First: "Jorge", Last: "González", Phone: "2135550142"},
	}
	rep, err := e.Svc.ImportParticipants(e.Ctx, e.Site.ID, rows, app.ImportOptions{ConsentMethod: app.ConsentPaper})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 1 || rep.Updated != 2 || rep.Merged != 0 {
		t.Fatalf("report %+v", rep)
	}
	if n := countParticipants(t, e); n != 3 {
		t.Fatalf("count = %d", n)
	}
	m, err := e.Svc.Participant(e.Ctx, maria.ID)
	if err != nil {
		t.Fatal(err)
	}
	if m.FirstName != "María" || m.LastName != "González" || m.Email != "maria@example.com" || m.Language != "es" || m.ZIP != "90031" || m.Code != maria.Code {
		t.Fatalf("maria after import: %+v", m)
	}
	if !m.Consent.Given || m.Consent.Method != app.ConsentPaper {
		t.Fatalf("maria consent %+v", m.Consent)
	}
	a, err := e.Svc.Participant(e.Ctx, ana.ID)
	if err != nil {
		t.Fatal(err)
	}
	if a.LastName != "Lee-Park" || a.Phone != "+13235550177" || a.ZIP != "90012" || a.Email != "ana@example.com" || a.Language != "en" {
		t.Fatalf("ana after import: %+v", a)
	}
}

func TestImportMergesInFileDuplicates(t *testing.T) {
	e := datatest.New(t)
	rows := []app.ImportRow{
		{Line: 2, First: "José", Last: "Núñez", Phone: "323-555-0199"},
		{Line: 3, First: "Ana", Last: "Lee", Email: "ana@example.com"},
		{Line: 4, First: "jose", Last: "Nunez", Phone: "+1 323 555 0199", Email: "jose@example.com", ZIP: "90031"}, // phone + first name
		{Line: 5, First: "Ana", Last: "Lee", Email: "Ana@Example.com", Language: "ko"},                             // email
	}
	rep, err := e.Svc.ImportParticipants(e.Ctx, e.Site.ID, rows, app.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 2 || rep.Merged != 2 || rep.Updated != 0 {
		t.Fatalf("report %+v", rep)
	}
	if n := countParticipants(t, e); n != 2 {
		t.Fatalf("count = %d, want 2", n)
	}
	got, err := e.Svc.SearchParticipants(e.Ctx, "3235550199", 5)
	if err != nil || len(got) != 1 {
		t.Fatalf("search: %v %v", got, err)
	}
	if j := got[0]; j.FirstName != "José" || j.Email != "jose@example.com" || j.ZIP != "90031" {
		t.Fatalf("josé: %+v", j)
	}
	got, err = e.Svc.SearchParticipants(e.Ctx, "ana@", 5)
	if err != nil || len(got) != 1 || got[0].Language != "ko" {
		t.Fatalf("ana: %+v %v", got, err)
	}
}

func TestImportRowMatchingTwoPeopleIsRefused(t *testing.T) {
	e := datatest.New(t)
	e.Participant(t, "Ana", "Lee", "213-555-0100")
	if _, err := e.Svc.AddParticipant(e.Ctx, app.Participant{SiteID: e.Site.ID, FirstName: "Ana", LastName: "Park", Email: "ana@example.com"}); err != nil {
		t.Fatal(err)
	}
	// email says Ana Park, phone + first name says Ana Lee
	rows := []app.ImportRow{{Line: 2, First: "Ana", Last: "Park", Email: "ana@example.com", Phone: "2135550100"}}
	rep, err := e.Svc.ImportParticipants(e.Ctx, e.Site.ID, rows, app.ImportOptions{SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Skipped != 1 || len(rep.Errors) != 1 || rep.Errors[0].Field != "phone" {
		t.Fatalf("report %+v", rep)
	}
}

func TestImportChecksRoleAndSite(t *testing.T) {
	e := datatest.New(t)
	rows := []app.ImportRow{{First: "Ana", Last: "Lee"}}
	ctx := app.WithActor(e.Ctx, app.Actor{Username: "kim", Roles: []app.Role{app.RoleCirculation}})
	if _, err := e.Svc.ImportParticipants(ctx, e.Site.ID, rows, app.ImportOptions{}); app.ErrorCode(err) != app.EForbidden {
		t.Fatalf("circulation role: %v", err)
	}
	if _, err := e.Svc.ImportParticipants(e.Ctx, e.Site.ID+99, rows, app.ImportOptions{}); app.ErrorCode(err) != app.ENotFound {
		t.Fatalf("unknown site: %v", err)
	}
	if _, err := e.Svc.ImportParticipants(e.Ctx, e.Site.ID, rows, app.ImportOptions{ConsentMethod: "telepathy"}); app.ErrorCode(err) != app.EInvalid {
		t.Fatalf("bad consent method: %v", err)
	}
	// Line 0 stands for the position in the list
	rep, err := e.Svc.ImportParticipants(e.Ctx, e.Site.ID, []app.ImportRow{{First: "A", Last: "B"}, {First: "C"}}, app.ImportOptions{SkipInvalid: true})
	if err != nil || len(rep.Errors) != 1 || rep.Errors[0].String() != "row 2: last name: is required" {
		t.Fatalf("report %+v %v", rep, err)
	}
	if n := countParticipants(t, e); n != 1 {
		t.Fatalf("count = %d", n)
	}
}

// TestImportCenterWorkbook imports the sign-in workbook of importertest
// (title row, blank row, bilingual headers, phones typed as numbers, three
// bad rows) through the service on a real database: all or nothing by
// default, the good rows with SkipInvalid, the bad rows named by their
// sheet row either way, and the layout reported back.
func TestImportCenterWorkbook(t *testing.T) {
	e := datatest.New(t)
	fx := importertest.CenterWorkbook
	tab, err := importer.Read(bytes.NewReader(importertest.CenterWorkbookBytes(t)), "signin.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	lines := func(errs []app.RowError) []int {
		var out []int
		for _, re := range errs {
			out = append(out, re.Line)
		}
		return out
	}
	headers := func(cols []app.ImportColumn) []string {
		var out []string
		for _, c := range cols {
			out = append(out, c.Header)
		}
		return out
	}

	rep, err := e.Svc.ImportParticipants(e.Ctx, e.Site.ID, tab.ImportRows(), app.ImportOptions{Layout: tab.ImportLayout})
	if app.ErrorCode(err) != app.EInvalid {
		t.Fatalf("err = %v", err)
	}
	if msg := app.ErrorMessage(err); !strings.Contains(msg, "3 rows have problems (rows 6, 7 and 8)") || !strings.Contains(msg, "nothing was imported") {
		t.Fatalf("message %q", msg)
	}
	if n := countParticipants(t, e); n != 0 {
		t.Fatalf("a refused import saved %d participants", n)
	}
	if !slices.Equal(lines(rep.Errors), fx.BadLines) || rep.Layout.HeaderLine != fx.HeaderLine {
		t.Fatalf("refused: errors %v layout %+v", rep.Errors, rep.Layout)
	}
	wantErr := []string{"row 6: last name: is required", "row 7: email: ", `row 8: phone: "2.13555E+09" has lost its last digits`}
	for i, w := range wantErr {
		if !strings.HasPrefix(rep.Errors[i].String(), w) {
			t.Errorf("error %d = %q, want prefix %q", i, rep.Errors[i], w)
		}
	}

	rep, err = e.Svc.ImportParticipants(e.Ctx, e.Site.ID, tab.ImportRows(), app.ImportOptions{SkipInvalid: true, Layout: tab.ImportLayout})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != len(fx.GoodLines) || rep.Skipped != len(fx.BadLines) || !slices.Equal(lines(rep.Errors), fx.BadLines) {
		t.Fatalf("report %+v", rep)
	}
	if rep.Layout.HeaderLine != fx.HeaderLine || !slices.Equal(headers(rep.Layout.Used), fx.Used) || !slices.Equal(headers(rep.Layout.Ignored), fx.Ignored) {
		t.Fatalf("layout %+v", rep.Layout)
	}
	if got := rep.Layout.Lines(); len(got) != 3 || got[0] != "Header: row 3" ||
		!strings.HasPrefix(got[1], `Columns used: B "Nombre / First Name" (first name), C "Apellido / Last Name" (last name), D "Teléfono / Phone" (phone)`) ||
		got[2] != `Columns ignored: A "#", G "Firma / Signature"` {
		t.Fatalf("layout lines %q", got)
	}
	// the phones typed as numbers are whole numbers in E.164
	for q, phone := range map[string]string{"maria@example.com": "+12135550142", "jose@example.com": "+12135550199", "Luis Ortiz": "+12135550177"} {
		got, err := e.Svc.SearchParticipants(e.Ctx, q, 5)
		if err != nil || len(got) != 1 || got[0].Phone != phone {
			t.Fatalf("%s: %+v %v", q, got, err)
		}
		if q == "maria@example.com" && (!got[0].Consent.Given || got[0].FirstName != "María") {
			t.Fatalf("María: %+v", got[0])
		}
	}
	if n := countParticipants(t, e); n != len(fx.GoodLines) {
		t.Fatalf("count = %d", n)
	}
}
