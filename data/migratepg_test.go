package data_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"frontdesk/app"
	"frontdesk/app/demo"
	"frontdesk/data"
	"frontdesk/data/datatest"
)

// These tests move desks' SQLite files onto a server (Store.MoveFile);
// they need one (scripts/pgtest.sh) and are skipped otherwise.

// deskFile makes a demo desk's file (seed picks the people and events) and
// returns its path.
func deskFile(t *testing.T, seed int64, participants int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), fmt.Sprintf("desk%d.db", seed))
	st, err := data.Open(ctx, path, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Generate(ctx, st, demo.Options{Participants: participants, Seed: seed, Now: datatest.Now}); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if seed > 1 {
		// the demo's kits carry the same IMEIs, asset tags and serials
		// whatever the seed: another desk's are other devices
		raw := datatest.OpenRaw(t, path)
		for _, q := range []string{
			`UPDATE kit_rows SET imei = CASE WHEN imei = '' THEN '' ELSE ?1 || substr(imei, 3) END, alt_tag = CASE WHEN alt_tag = '' THEN '' ELSE ?2 || alt_tag END`,
			`UPDATE kit_components SET serial = CASE WHEN serial = '' THEN '' ELSE ?2 || serial END`,
		} {
			if _, err := raw.Exec(q, fmt.Sprint(90+seed), fmt.Sprintf("D%d-", seed)); err != nil {
				t.Fatal(err)
			}
		}
		raw.Close()
	}
	return path
}

// fileRaw reads a desk's file without writing anything, not even beside it.
func fileRaw(t *testing.T, path string) *datatest.Raw {
	t.Helper()
	return datatest.OpenRaw(t, "file:"+path+"?mode=ro&immutable=1")
}

// fileSum is the SHA-256 of a file's bytes.
func fileSum(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// Fingerprints of the records by what people know them by (card codes,
// kit tags, event titles and times, session names), never by id: the
// same text runs on the file and on the server.
var moveFingerprints = map[string]string{
	"participants": `SELECT p.code, p.first_name, p.last_name, coalesce(p.phone,''), s.name, p.status FROM participant_rows p JOIN sites s ON s.id = p.site_id`,
	"search":       `SELECT w.word, w.sort, p.code FROM participant_words w JOIN participant_rows p ON p.id = w.participant_id`,
	"phone search": `SELECT x.part, p.code FROM participant_phone_parts x JOIN participant_rows p ON p.id = x.participant_id`,
	"checkins": `SELECT p.code, e.title, e.start_at, c.at, c.method, c.walk_in, coalesce(c.undone_at,''), c.desk FROM checkins c
		JOIN participant_rows p ON p.id = c.participant_id JOIN events e ON e.id = c.event_id`,
	"registrations":  `SELECT p.code, e.title, e.start_at FROM registrations r JOIN participant_rows p ON p.id = r.participant_id JOIN events e ON e.id = r.event_id`,
	"event counts":   `SELECT e.title, e.start_at, s.name, n.registered, n.checked_in, n.walk_ins FROM event_counts n JOIN events e ON e.id = n.event_id JOIN sites s ON s.id = e.site_id`,
	"visits":         `SELECT p.code, s.name, v.reason, v.at, coalesce(v.undone_at,'') FROM visits v JOIN participant_rows p ON p.id = v.participant_id JOIN sites s ON s.id = v.site_id`,
	"enrolments":     `SELECT p.code, x.name FROM enrolments n JOIN participant_rows p ON p.id = n.participant_id JOIN sessions x ON x.id = n.session_id`,
	"session events": `SELECT x.name, e.title, e.start_at FROM session_events se JOIN sessions x ON x.id = se.session_id JOIN events e ON e.id = se.event_id`,
	"kits":           `SELECT k.tag, k.status, s.name, c.position, c.name, c.serial FROM kit_components c JOIN kit_rows k ON k.id = c.kit_id JOIN sites s ON s.id = k.site_id`,
	"loans": `SELECT k.tag, p.code, l.out_at, l.status, coalesce(x.name,''), c.serial, c.name, lc.back FROM loan_components lc
		JOIN loans l ON l.id = lc.loan_id JOIN kit_components c ON c.id = lc.component_id JOIN kit_rows k ON k.id = l.kit_id
		JOIN participant_rows p ON p.id = l.participant_id LEFT JOIN sessions x ON x.id = l.session_id`,
	"holds":          `SELECT p.code, h.kind, h.status, coalesce(k.tag,'') FROM holds h JOIN participant_rows p ON p.id = h.participant_id LEFT JOIN kit_rows k ON k.id = h.kit_id`,
	"followup cases": `SELECT p.code, f.template_key, f.employer, coalesce(f.exit_date,''), coalesce(s.username,'') FROM followup_cases f JOIN participant_rows p ON p.id = f.participant_id LEFT JOIN staff s ON s.id = f.case_manager_id`,
	"followup log": `SELECT p.code, coalesce(c.key,''), a.day, a.outcome FROM followup_attempts a JOIN participant_rows p ON p.id = a.participant_id
		LEFT JOIN followup_contacts c ON c.id = a.contact_id`,
	"followup forms":  `SELECT p.code, coalesce(c.key,''), f.quarter, f.employed FROM followup_forms f JOIN participant_rows p ON p.id = f.participant_id LEFT JOIN followup_contacts c ON c.id = f.contact_id`,
	"contacts":        `SELECT p.code, c.key, c.status, c.due FROM followup_contacts c JOIN participant_rows p ON p.id = c.participant_id`,
	"status changes":  `SELECT p.code, s.from_status, s.to_status, s.at FROM status_changes s JOIN participant_rows p ON p.id = s.participant_id`,
	"staff":           `SELECT username, display_name, roles FROM staff`,
	"password hashes": `SELECT s.username, h.hash FROM password_history h JOIN staff s ON s.id = h.staff_id`,
}

// fingerprint reads one fingerprint's rows, each as one string.
func fingerprint(t *testing.T, r *datatest.Raw, q string) []string {
	t.Helper()
	rows, err := r.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		dest := make([]any, len(cols))
		for i := range vals {
			dest[i] = &vals[i]
		}
		if err := rows.Scan(dest...); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, v := range vals {
			if by, ok := v.([]byte); ok {
				v = string(by)
			}
			fmt.Fprintf(&b, "%v|", v)
		}
		out = append(out, b.String())
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// sameRows fails unless got and want hold the same rows, as many times.
func sameRows(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d rows on the server, want %d", what, len(got), len(want))
	}
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			t.Errorf("%s: row %q on the server, want %q", what, got[i], want[i])
			return
		}
	}
}

// serverState is every table's row count and the audit head: what "the
// server is as it was" compares.
func serverState(t *testing.T, r *datatest.Raw) string {
	t.Helper()
	rows, err := r.Query(`SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	var b strings.Builder
	for _, table := range tables {
		var n int
		if err := r.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s=%d ", table, n)
	}
	var head string
	r.QueryRow(`SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&head)
	b.WriteString("head=" + head)
	for _, q := range []string{moveFingerprints["event counts"], moveFingerprints["participants"], `SELECT key, value FROM settings`} {
		b.WriteString(strings.Join(fingerprint(t, r, q), ";"))
	}
	return b.String()
}

// verifyServerChain checks the server's audit chain and returns its newest
// row.
func verifyServerChain(t *testing.T, e *datatest.Env) app.AuditEntry {
	t.Helper()
	var c app.AuditCheck
	var last []app.AuditEntry
	err := e.Store.View(ctx, func(tx app.Tx) (err error) {
		if c, err = tx.VerifyAudit(ctx); err != nil {
			return err
		}
		last, err = tx.Audit(ctx, app.AuditFilter{Limit: 1})
		return err
	})
	if err != nil || !c.OK {
		t.Fatalf("the server's audit chain after the move: %+v %v", c, err)
	}
	return last[0]
}

// A demo desk's file moved onto a server: every record arrives, each
// check-in, loan and follow-up belongs to the same people, events and
// kits as in the file, the counts agree, the server's audit chain
// verifies with the record sealing the file's, and the file is unchanged.
func TestMigrateDemoFile(t *testing.T) {
	needServer(t)
	path := deskFile(t, 1, 300)
	sum := fileSum(t, path)
	e := datatest.New(t)
	server := datatest.OpenRaw(t, e.Path)
	file := fileRaw(t, path)
	var fileHead string
	if err := file.QueryRow(`SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&fileHead); err != nil {
		t.Fatal(err)
	}
	var progressed []string
	rep, err := e.Store.MoveFile(ctx, path, data.MoveOptions{Actor: "boss", Now: datatest.Now,
		Progress: func(table string, done, total int) {
			if done == total {
				progressed = append(progressed, table)
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range rep.Tables {
		want := tb.InFile
		if tb.Table == "sites" {
			want++ // the server's own
		}
		var n int
		if err := server.QueryRow(`SELECT count(*) FROM ` + tb.Table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != want || tb.Moved != tb.InFile || tb.Merged != 0 || tb.Skipped != 0 {
			t.Errorf("%s: %d rows on the server after the move (want %d); report %+v", tb.Table, n, want, tb)
		}
	}
	if len(rep.Merges) != 0 {
		t.Errorf("merges into an empty server: %+v", rep.Merges)
	}
	if len(progressed) < 10 {
		t.Errorf("progress heard of the end of %v only", progressed)
	}
	for name, q := range moveFingerprints {
		sameRows(t, name, fingerprint(t, server, q), fingerprint(t, file, q))
	}
	// the ids were remapped: the server's site was 1, the file's is 2
	var siteID int64
	server.QueryRow(`SELECT id FROM sites WHERE name = 'Demo WorkSource Center'`).Scan(&siteID)
	if siteID == e.Site.ID {
		t.Errorf("the file's site took the server's site id %d", siteID)
	}
	// the audit record seals the file's chain
	last := verifyServerChain(t, e)
	if last.Action != data.MoveAction || last.Ref != fileHead || last.Actor != "boss" || last.ID != rep.AuditID ||
		!strings.Contains(last.Detail, sum) || !strings.Contains(last.Detail, "participant_rows 300") || !rep.OldChain.Verified {
		t.Errorf("audit record %+v; report chain %+v", last, rep.OldChain)
	}
	// the services work on the moved records: a card scanned at the
	// server finds its person, and the name search finds them too
	var code, first string
	file.QueryRow(`SELECT code, first_name FROM participant_rows ORDER BY id LIMIT 1`).Scan(&code, &first)
	p, err := e.Svc.ParticipantByCode(e.Ctx, code)
	if err != nil || p.FirstName != first {
		t.Errorf("participant %s on the server: %+v %v", code, p, err)
	}
	// the file is as it was, and nothing was written beside it
	if got := fileSum(t, path); got != sum {
		t.Errorf("the file changed: sha256 %s, was %s", got, sum)
	}
	for _, side := range []string{"-wal", "-shm", "-journal"} {
		if _, err := os.Stat(path + side); err == nil {
			t.Errorf("the move left %s beside the file", filepath.Base(path+side))
		}
	}
}

// addStaff adds an account row as a file or server would hold it.
func addStaff(t *testing.T, r *datatest.Raw, username, name string) {
	t.Helper()
	if _, err := r.Exec(`INSERT INTO staff(username, display_name, roles, password_hash, password_changed_at, created_at)
		VALUES(?, ?, 'front_desk', 'hash-of-'||?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`, username, name, username); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Exec(`INSERT INTO password_history(staff_id, hash, at) SELECT id, 'hash-of-'||?, '2026-01-01T00:00:00.000Z' FROM staff WHERE username = ?`, username, username); err != nil {
		t.Fatal(err)
	}
}

// Two desks moved into one server: the second desk's ids are remapped past
// the first's, the site of the same name is one site, a card both desks
// know is one person with both desks' check-ins, an account both have is
// one account, and every other record of both arrives.
func TestMigrateSecondDeskMerges(t *testing.T) {
	needServer(t)
	a, b := deskFile(t, 1, 200), deskFile(t, 2, 150)
	// one of desk B's cards is one desk A issued (the person showed it at
	// both), and both desks have an account for the same person
	fa, fbw := datatest.OpenRaw(t, a), datatest.OpenRaw(t, b)
	var shared, sharedFirst string
	fa.QueryRow(`SELECT code, first_name FROM participant_rows ORDER BY id LIMIT 1 OFFSET 7`).Scan(&shared, &sharedFirst)
	if _, err := fbw.Exec(`UPDATE participant_rows SET code = ? WHERE id = (SELECT min(participant_id) FROM checkins)`, shared); err != nil {
		t.Fatal(err)
	}
	addStaff(t, fa, "rosa", "Rosa Delgado")
	addStaff(t, fbw, "rosa", "Rosa Delgado")
	addStaff(t, fbw, "li", "Li Wei")
	fa.Close()
	fbw.Close()
	fileA, fileB := fileRaw(t, a), fileRaw(t, b)

	e := datatest.New(t)
	server := datatest.OpenRaw(t, e.Path)
	repA, err := e.Store.MoveFile(ctx, a, data.MoveOptions{Actor: "boss", Now: datatest.Now})
	if err != nil {
		t.Fatal(err)
	}
	repB, err := e.Store.MoveFile(ctx, b, data.MoveOptions{Actor: "boss", Now: datatest.Now})
	if err != nil {
		t.Fatal(err)
	}
	tables := func(r data.MoveReport) map[string]data.MoveTable {
		m := map[string]data.MoveTable{}
		for _, t := range r.Tables {
			m[t.Table] = t
		}
		return m
	}
	ta, tb := tables(repA), tables(repB)
	if p := tb["participant_rows"]; p.Merged != 1 || p.Moved != 149 || p.FirstID <= ta["participant_rows"].LastID {
		t.Errorf("desk B's participants: %+v (desk A's %+v)", p, ta["participant_rows"])
	}
	if s := tb["sites"]; s.Merged != 1 || s.Moved != 0 {
		t.Errorf("desk B's site, of desk A's name: %+v", s)
	}
	if s := tb["staff"]; s.Merged != 1 || s.Moved != 1 {
		t.Errorf("desk B's accounts: %+v", s)
	}
	if ev := tb["events"]; ev.FirstID <= ta["events"].LastID {
		t.Errorf("desk B's event ids %d–%d are not past desk A's %d", ev.FirstID, ev.LastID, ta["events"].LastID)
	}
	merged := map[string]data.MoveMerge{}
	for _, m := range repB.Merges {
		merged[m.Table+" "+m.Key] = m
	}
	if m, ok := merged["participant_rows "+shared]; !ok || !strings.Contains(m.Note, "names differ") {
		t.Errorf("the shared card %s is not reported as merged with its names: %+v", shared, repB.Merges)
	}
	if _, ok := merged["staff rosa"]; !ok {
		t.Errorf("rosa is not reported as merged: %+v", repB.Merges)
	}
	if len(repB.NewAccounts) != 1 || repB.NewAccounts[0] != "li (front_desk)" {
		t.Errorf("desk B's new accounts: %q", repB.NewAccounts)
	}
	// the shared card is one person on the server, keeping desk A's name,
	// with both desks' check-ins
	var people int
	var first string
	server.QueryRow(`SELECT count(*), min(first_name) FROM participant_rows WHERE code = ?`, shared).Scan(&people, &first)
	if people != 1 || first != sharedFirst {
		t.Errorf("card %s: %d people on the server, named %q (want 1, %q)", shared, people, first, sharedFirst)
	}
	var nA, nB, nServer int
	q := `SELECT count(*) FROM checkins c JOIN participant_rows p ON p.id = c.participant_id WHERE p.code = ?`
	fileA.QueryRow(q, shared).Scan(&nA)
	fileB.QueryRow(q, shared).Scan(&nB)
	server.QueryRow(q, shared).Scan(&nServer)
	if nB == 0 || nServer != nA+nB {
		t.Errorf("card %s: %d check-ins on the server, want desk A's %d + desk B's %d", shared, nServer, nA, nB)
	}
	// every record of both desks is there (by what people know them by);
	// the shared person's search rows and password history are the
	// server's own, and the merged names are desk A's
	mentions := func(row, v string) bool { return strings.HasPrefix(row, v+"|") || strings.Contains(row, "|"+v+"|") }
	for name, q := range moveFingerprints {
		inA := fingerprint(t, fileA, q)
		want := append([]string(nil), inA...)
		for _, row := range fingerprint(t, fileB, q) {
			switch name {
			case "participants", "search", "phone search":
				if mentions(row, shared) {
					continue // the server's person (desk A's) is kept
				}
			case "staff", "password hashes":
				if mentions(row, "rosa") {
					continue // the server's account is kept
				}
			case "followup cases", "contacts":
				// the server's case, and its planned contacts of the same
				// key, are kept over desk B's
				key := strings.Join(strings.SplitN(row, "|", 3)[:2], "|") + "|"
				if name == "followup cases" {
					key = shared + "|"
				}
				if mentions(row, shared) && slices.ContainsFunc(inA, func(a string) bool { return strings.HasPrefix(a, key) }) {
					continue
				}
			}
			want = append(want, row)
		}
		sort.Strings(want)
		sameRows(t, name, fingerprint(t, server, q), want)
	}
	verifyServerChain(t, e)
}

// A move that fails on the way (a row the server refuses, after thousands
// went in), or that is refused before it starts, leaves the server as it
// was; a file whose audit chain does not verify moves only with Force,
// which the audit record says.
func TestMigrateFailureLeavesServerUnchanged(t *testing.T) {
	needServer(t)
	e := datatest.New(t)
	server := datatest.OpenRaw(t, e.Path)
	first := deskFile(t, 1, 100)
	if _, err := e.Store.MoveFile(ctx, first, data.MoveOptions{Actor: "boss", Now: datatest.Now}); err != nil {
		t.Fatal(err)
	}
	addStaff(t, server, "rosa", "Rosa Delgado")
	before := serverState(t, server)

	// the same file again
	_, err := e.Store.MoveFile(ctx, first, data.MoveOptions{Actor: "boss", Now: datatest.Now})
	if app.ErrorCode(err) != app.EConflict || !strings.Contains(app.ErrorMessage(err), "moved onto the center server already") {
		t.Fatalf("moving the same file twice: %v", err)
	}
	if after := serverState(t, server); after != before {
		t.Errorf("moving the same file twice changed the server")
	}

	// the newest check-in of the file holds a NUL, which no server text
	// may: the participants, events and most check-ins went in first
	bad := deskFile(t, 2, 100)
	raw := datatest.OpenRaw(t, bad)
	if _, err := raw.Exec(`UPDATE checkins SET desk = 'Greeter' || char(0) WHERE id = (SELECT max(id) FROM checkins)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	sum := fileSum(t, bad)
	_, err = e.Store.MoveFile(ctx, bad, data.MoveOptions{Actor: "boss", Now: datatest.Now})
	if err == nil || !strings.Contains(app.ErrorMessage(err), "checkins") || !strings.Contains(app.ErrorMessage(err), "Nothing was moved") {
		t.Fatalf("moving a file with a row the server refuses: %v", err)
	}
	if after := serverState(t, server); after != before {
		t.Errorf("the server changed:\nbefore %s\nafter  %s", before, after)
	}
	if fileSum(t, bad) != sum {
		t.Error("the failed move changed the file")
	}

	// a kit whose tag the server has
	kits := deskFile(t, 4, 30)
	raw = datatest.OpenRaw(t, kits)
	var tag string
	server.QueryRow(`SELECT tag FROM kit_rows ORDER BY id LIMIT 1`).Scan(&tag)
	if _, err := raw.Exec(`UPDATE kit_rows SET tag = ? WHERE id = (SELECT max(id) FROM kit_rows)`, tag); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	_, err = e.Store.MoveFile(ctx, kits, data.MoveOptions{Actor: "boss", Now: datatest.Now})
	if app.ErrorCode(err) != app.EConflict || !strings.Contains(app.ErrorMessage(err), tag) {
		t.Fatalf("moving a file with a kit the server has: %v", err)
	}
	if after := serverState(t, server); after != before {
		t.Errorf("the refused move changed the server")
	}

	// an account of the same username but another person's name; and a
	// participant of an import that never finished, with a search row
	other := deskFile(t, 3, 50)
	raw = datatest.OpenRaw(t, other)
	addStaff(t, raw, "rosa", "Rosa Martínez")
	for _, q := range []string{
		`INSERT INTO pending_imports(id, started_at, heartbeat_at) VALUES(77, '2026-03-10T17:00:00.000Z', '2026-03-10T17:00:00.000Z')`,
		`INSERT INTO participant_rows(code, site_id, first_name, last_name, created_at, updated_at, name_key, name_key_rev, import_id)
			VALUES('P-HALFIMPORTED', 1, 'Half', 'Imported', '2026-03-10T17:00:00.000Z', '2026-03-10T17:00:00.000Z', 'half imported', 'imported half', 77)`,
		`INSERT INTO participant_words(word, sort, participant_id, name) SELECT 'half', 'half imported', id, 'half imported' FROM participant_rows WHERE code = 'P-HALFIMPORTED'`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	_, err = e.Store.MoveFile(ctx, other, data.MoveOptions{Actor: "boss", Now: datatest.Now})
	if app.ErrorCode(err) != app.EConflict || !strings.Contains(app.ErrorMessage(err), "Rosa Martínez") {
		t.Fatalf("moving a file with another person's account of a username the server has: %v", err)
	}
	if after := serverState(t, server); after != before {
		t.Errorf("the refused move changed the server")
	}

	// a chain that does not verify (its anchor file is gone): refused,
	// then moved with Force, which the audit record says
	if err := os.Remove(other + ".audit-head"); err != nil {
		t.Fatal(err)
	}
	_, err = e.Store.MoveFile(ctx, other, data.MoveOptions{Actor: "boss", Now: datatest.Now, MergeStaff: true})
	if err == nil || !strings.Contains(app.ErrorMessage(err), "does not verify") {
		t.Fatalf("moving a file whose chain does not verify: %v", err)
	}
	if after := serverState(t, server); after != before {
		t.Errorf("the refused move changed the server")
	}
	rep, err := e.Store.MoveFile(ctx, other, data.MoveOptions{Actor: "boss", Now: datatest.Now, MergeStaff: true, Force: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range rep.Tables {
		if (tb.Table == "participant_rows" || tb.Table == "participant_words") && tb.Skipped != 1 {
			t.Errorf("%s: %+v, want the unfinished import's row left behind", tb.Table, tb)
		}
	}
	var half int
	server.QueryRow(`SELECT count(*) FROM participant_rows WHERE code = 'P-HALFIMPORTED'`).Scan(&half)
	if half != 0 {
		t.Error("a participant of an unfinished import was moved")
	}
	last := verifyServerChain(t, e)
	if rep.OldChain.Verified || !strings.Contains(last.Detail, "FORCED") || !strings.Contains(last.Detail, "anchor") {
		t.Errorf("forced move: chain %+v, audit %q", rep.OldChain, last.Detail)
	}
}
