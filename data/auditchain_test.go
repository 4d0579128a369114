package data_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/data"
	"frontdesk/data/datatest"
)

// chainEnv is a database with a few dozen audit rows.
func chainEnv(t *testing.T) *datatest.Env {
	t.Helper()
	e := datatest.New(t)
	for i := 0; i < 12; i++ {
		e.Participant(t, "Ana", "Ruiz"+strings.Repeat("z", i), "")
	}
	return e
}

// reopen opens the database at path again, closed when the test ends.
func reopen(t *testing.T, path string) *data.Store {
	t.Helper()
	st, err := data.Open(ctx, path, data.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// chainBackup is chainEnv and a backup of it.
func chainBackup(t *testing.T) (*datatest.Env, string) {
	t.Helper()
	e := chainEnv(t)
	backup := t.TempDir() + "/b.db"
	if _, err := e.Store.BackupTo(ctx, backup); err != nil {
		t.Fatal(err)
	}
	return e, backup
}

// verify runs the store's own chain check.
func verify(t *testing.T, st *data.Store) app.AuditCheck {
	t.Helper()
	var c app.AuditCheck
	err := st.View(ctx, func(tx app.Tx) (err error) { c, err = tx.VerifyAudit(ctx); return err })
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// wantBroken fails unless c reports a broken chain whose message has words.
func wantBroken(t *testing.T, c app.AuditCheck, words string) {
	t.Helper()
	if c.OK || !strings.Contains(c.Problem, words) {
		t.Fatalf("verify: %+v; want broken with %q", c, words)
	}
}

// tamper runs SQL on the database as someone with the sqlite3 shell would
// on a file, or the superuser on a server, after dropping the append-only
// triggers.
func tamper(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db := raw(t, path)
	for _, name := range []string{"audit_log_no_update", "audit_log_no_delete"} {
		if err := db.DropTrigger("audit_log", name); err != nil && !strings.Contains(err.Error(), "no such trigger") && !strings.Contains(err.Error(), "does not exist") {
			t.Fatalf("drop trigger %s: %v", name, err)
		}
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	db.Close()
}

// auditTriggerCount counts the audit log's append-only triggers in place
// (on a server, enabled).
func auditTriggerCount(t *testing.T, db *datatest.Raw) int {
	t.Helper()
	q := `SELECT count(*) FROM sqlite_schema WHERE type='trigger' AND name LIKE 'audit_log_no_%'`
	if db.Server() {
		q = `SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'audit_log_no_%' AND tgenabled <> 'D'`
	}
	var n int
	if err := db.QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// issuedBackTo is the statement that sets the database's count of audit
// rows issued back to last (0: none), as a careful forger would after
// deleting the newest rows.
func issuedBackTo(last int64) string {
	if datatest.OnServer() {
		return `UPDATE audit_log_issued SET last_id = ` + itoa(last)
	}
	if last == 0 {
		return `DELETE FROM sqlite_sequence WHERE name='audit_log'`
	}
	return `UPDATE sqlite_sequence SET seq=` + itoa(last) + ` WHERE name='audit_log'`
}

func lastAuditID(t *testing.T, path string) int64 {
	t.Helper()
	var id int64
	if err := raw(t, path).QueryRow(`SELECT max(id) FROM audit_log`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// The newest rows deleted (and sqlite_sequence, or a server's count of rows
// issued, set back to match) while the desk is running: the anchor file
// remembers how far the log went (on a server, this computer's anchor of
// its chain).
func TestDeletedNewestAuditRowsAreSeen(t *testing.T) {
	e := chainEnv(t)
	if c := verify(t, e.Store); !c.OK || (c.KeyID == "" && !datatest.OnServer()) {
		t.Fatalf("clean: %+v", c)
	}
	last := lastAuditID(t, e.Path)
	tamper(t, e.Path, `DELETE FROM audit_log WHERE id >= `+itoa(last-1), issuedBackTo(last-2))
	c := verify(t, e.Store)
	wantBroken(t, c, "newest audit rows were deleted")
	if c.FirstBadID != last-1 || !strings.Contains(c.Problem, "up to row "+itoa(last)) {
		t.Fatalf("verify: %+v; want row %d and the anchored row %d named", c, last-1, last)
	}
}

// Every row and the sqlite_sequence entry deleted, with Front Desk closed:
// opening again puts the triggers back (and says so in the log) but does
// not move the anchor past the rows that are gone.
func TestAllAuditRowsDeletedAreSeen(t *testing.T) {
	e := chainEnv(t)
	last := lastAuditID(t, e.Path)
	e.Store.Close()
	tamper(t, e.Path, `DELETE FROM audit_log`, issuedBackTo(0))

	st := reopen(t, e.Path)
	c := verify(t, st)
	// the record of the triggers put back is the log's one row: numbered 1
	// in a file (its sqlite_sequence entry went too), after the deleted
	// rows on a server (its sequence goes on)
	wantBroken(t, c, "deleted")
	if !strings.Contains(c.Problem, "row "+itoa(last)) {
		t.Fatalf("verify: %+v; want the anchored row %d named", c, last)
	}
	// the triggers are back, and their return is on record
	db := raw(t, e.Path)
	n := auditTriggerCount(t, db)
	var back int
	db.QueryRow(`SELECT count(*) FROM audit_log WHERE action='audit.triggers'`).Scan(&back)
	if n != 2 || back != 1 {
		t.Fatalf("after reopening: %d triggers, %d records of putting them back", n, back)
	}
	if _, err := db.Exec(`DELETE FROM audit_log`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Fatalf("delete after reopening: %v", err)
	}

	// and with the rows gone but Front Desk never reopened, the same
	e2 := chainEnv(t)
	e2.Store.Close()
	tamper(t, e2.Path, `DELETE FROM audit_log`, issuedBackTo(0))
	st2 := reopen(t, e2.Path)
	wantBroken(t, verify(t, st2), "deleted")
}

// guardFiles are the audit key file and the anchor of the test database
// at path: beside the file, or this computer's of a center server.
func guardFiles(t *testing.T, path string) (key, anchor string) {
	t.Helper()
	if !datatest.OnServer() {
		return path + ".key", path + ".audit-head"
	}
	var id string
	if err := raw(t, path).QueryRow(`SELECT value FROM settings WHERE key = 'center.id'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return data.CenterKeyFile(data.CenterDir(), id), data.CenterAnchor(data.CenterDir(), id)
}

// auditRow is one audit row as a forger reads it.
type auditRow struct {
	id                                     int64
	at, actor, action, entity, ref, detail string
}

// auditRows reads the test database's audit rows, in order.
func auditRows(t *testing.T, path string) []auditRow {
	t.Helper()
	var rows []auditRow
	q, err := raw(t, path).Query(`SELECT id,at,actor,action,entity,ref,detail FROM audit_log ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	for q.Next() {
		var r auditRow
		q.Scan(&r.id, &r.at, &r.actor, &r.action, &r.entity, &r.ref, &r.detail)
		rows = append(rows, r)
	}
	return rows
}

// plainRechain is the forger's SQL: rows[from] edited, it and every row
// after it re-hashed with plain SHA-256.
func plainRechain(rows []auditRow, from int, edit func(*auditRow)) []string {
	var stmts []string
	prev := ""
	for i, r := range rows {
		if i == from {
			edit(&r)
		}
		h := datatest.PlainAuditHash(prev, r.at, r.actor, r.action, r.entity, r.ref, r.detail)
		if i >= from {
			q := func(v string) string { return "'" + strings.ReplaceAll(v, "'", "''") + "'" }
			stmts = append(stmts, "UPDATE audit_log SET detail="+q(r.detail)+", action="+q(r.action)+", ref="+q(r.ref)+", prev_hash='"+prev+"', hash='"+h+"' WHERE id="+itoa(r.id))
		}
		prev = h
	}
	return stmts
}

// A row rewritten and the rest of the chain re-hashed with plain SHA-256,
// as the chain was before it had a key: the forger needs the key. On a
// center server the forger is its superuser, and the key is on the desks.
func TestPlainRewriteNeedsTheKey(t *testing.T) {
	e := chainEnv(t)
	e.Store.Close()
	rows := auditRows(t, e.Path)
	// row 5 edited, it and every row after it re-hashed
	tamper(t, e.Path, plainRechain(rows, 4, func(r *auditRow) { r.detail = "forged" })...)
	st := reopen(t, e.Path)
	c := verify(t, st)
	st.Close()
	wantBroken(t, c, "rewritten without the audit key")
	if c.FirstBadID != rows[4].id {
		t.Fatalf("first bad %d, want %d", c.FirstBadID, rows[4].id)
	}
	// the whole chain re-hashed, the row that declares the key made an
	// ordinary one: the key file still says where its rows start
	e2 := chainEnv(t)
	e2.Store.Close()
	rows = auditRows(t, e2.Path)
	declares := -1
	for i, r := range rows {
		if r.action == "audit.key" {
			declares = i
		}
	}
	if declares < 0 {
		t.Fatal("no row declares the key")
	}
	tamper(t, e2.Path, plainRechain(rows, 0, func(r *auditRow) {})...)
	tamper(t, e2.Path, `UPDATE audit_log SET action='signin', ref='' WHERE id=`+itoa(rows[declares].id))
	tamper(t, e2.Path, plainRechain(auditRows(t, e2.Path), declares, func(r *auditRow) {})...)
	_, anchor := guardFiles(t, e2.Path)
	os.Remove(anchor) // and the anchor too: the key alone tells
	if datatest.OnServer() {
		// and the center's id deleted, so every desk starts new files
		// for the server: the key files of its old id still tell
		tamper(t, e2.Path, `DELETE FROM settings WHERE key = 'center.id'`)
	}
	st = reopen(t, e2.Path)
	wantBroken(t, verify(t, st), "rewritten without the key")
}

// The key file missing, or another install's: verification says which.
func TestAuditKeyMissingOrWrong(t *testing.T) {
	e := chainEnv(t)
	keyFile, _ := guardFiles(t, e.Path)
	key, err := os.ReadFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(keyFile); err != nil {
		t.Fatal(err)
	}
	if datatest.OnServer() {
		wantBroken(t, verify(t, e.Store), "This computer does not hold the center's audit key")
	} else {
		wantBroken(t, verify(t, e.Store), "audit key file "+keyFile+" is missing")
	}

	other := datatest.New(t)
	otherFile, _ := guardFiles(t, other.Path)
	otherKey, _ := os.ReadFile(otherFile)
	os.WriteFile(keyFile, otherKey, 0o600)
	wantBroken(t, verify(t, e.Store), "Wrong or lost audit key")

	// the right key back: all is well
	os.WriteFile(keyFile, key, 0o600)
	if c := verify(t, e.Store); !c.OK {
		t.Fatalf("key put back: %+v", c)
	}

	e.Store.Close()
	os.Remove(keyFile)
	st := reopen(t, e.Path)
	if datatest.OnServer() {
		// a desk of a center server that lost the key does not start one
		// of its own: the other desks hold it. Its records wait unsigned
		// on the server, outside the chain, until a desk with the key (or
		// this one, given it back) appends and signs them.
		before := lastAuditID(t, e.Path)
		if _, err := app.NewService(st, func() time.Time { return datatest.Now }).AddParticipant(e.Ctx, app.Participant{SiteID: e.Site.ID, FirstName: "Held", LastName: "Back", Language: "en"}); err != nil {
			t.Fatal(err)
		}
		if last := lastAuditID(t, e.Path); last != before {
			t.Fatalf("a desk without the key wrote to the chain: row %d after %d", last, before)
		}
		wantBroken(t, verify(t, st), "does not hold the center's audit key")
		// listed first, as held; a page after them is the chain's
		var first, after []app.AuditEntry
		st.View(ctx, func(tx app.Tx) (err error) {
			if first, err = tx.Audit(ctx, app.AuditFilter{Limit: 2}); err != nil {
				return err
			}
			after, err = tx.Audit(ctx, app.AuditFilter{Limit: 2, BeforeID: math.MaxInt64})
			return err
		})
		if len(first) != 2 || !first[0].Held || first[0].ID != 0 || first[0].Action != "participant.create" || first[1].Held ||
			len(after) != 2 || after[0].Held || after[0].ID != before {
			t.Fatalf("listed: %+v; after the held ones: %+v", first, after)
		}
		// a desk with the key signs them first, then its own
		os.WriteFile(keyFile, key, 0o600)
		withKey := reopen(t, e.Path)
		if err := withKey.Update(ctx, func(tx app.Tx) error {
			return tx.AppendAudit(ctx, app.AuditEntry{At: datatest.Now, Actor: "rosa", Action: "participant.open", Entity: "participant", Ref: "1"})
		}); err != nil {
			t.Fatal(err)
		}
		c := verify(t, withKey)
		if !c.OK || c.Held != 0 {
			t.Fatalf("after a desk with the key wrote: %+v", c)
		}
		var actions []string
		q, _ := raw(t, e.Path).Query(`SELECT action FROM audit_log WHERE id > ? ORDER BY id`, before)
		for q.Next() {
			var a string
			q.Scan(&a)
			actions = append(actions, a)
		}
		q.Close()
		if strings.Join(actions, " ") != "participant.create participant.open" {
			t.Fatalf("rows after %d: %v", before, actions)
		}
		return
	}
	// the key lost while Front Desk was closed: it starts a new key (so
	// the desk keeps working) and says so in the log, and the rows signed
	// with the lost key stay unverifiable
	wantBroken(t, verify(t, st), "lost audit key")
	var detail string
	raw(t, e.Path).QueryRow(`SELECT detail FROM audit_log WHERE action='audit.key' ORDER BY id DESC LIMIT 1`).Scan(&detail)
	if !strings.Contains(detail, "KEY LOST") {
		t.Fatalf("new key's row: %q", detail)
	}
}

// The key and the anchor live beside the database, private, and the key
// is in neither the database nor its backup.
func TestAuditKeyAndAnchorFiles(t *testing.T) {
	datatest.SkipOnServer(t, "key and anchor files beside the database file")
	e, backup := chainBackup(t)
	e.Store.Close()
	for _, p := range []string{e.Path + ".key", e.Path + ".audit-head", backup + ".key", data.ManifestPath(backup)} {
		info, err := os.Stat(p)
		if err != nil || info.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v %v", p, info, err)
		}
	}
	var ring struct {
		Keys []struct {
			ID   string
			From int64
			Key  string
		}
	}
	b, _ := os.ReadFile(e.Path + ".key")
	if err := json.Unmarshal(b, &ring); err != nil || len(ring.Keys) != 1 || ring.Keys[0].From != 1 {
		t.Fatalf("key file %s: %v", b, err)
	}
	rawKey, _ := hex.DecodeString(ring.Keys[0].Key)
	if len(rawKey) != 32 {
		t.Fatalf("key of %d bytes", len(rawKey))
	}
	for _, p := range []string{e.Path, backup} {
		f, _ := os.ReadFile(p)
		if bytes.Contains(f, rawKey) || bytes.Contains(f, []byte(ring.Keys[0].Key)) {
			t.Fatalf("the key is inside %s", p)
		}
	}
	var head data.AuditHead
	b, _ = os.ReadFile(e.Path + ".audit-head")
	json.Unmarshal(b, &head)
	var rows int
	var last int64
	var hash string
	db := raw(t, e.Path)
	db.QueryRow(`SELECT count(*), max(id) FROM audit_log`).Scan(&rows, &last)
	db.QueryRow(`SELECT hash FROM audit_log WHERE id=?`, last).Scan(&hash)
	if head.Rows != rows || head.LastID != last || head.Head != hash || head.KeyID != ring.Keys[0].ID {
		t.Fatalf("anchor %+v; table %d rows, last %d %s", head, rows, last, hash)
	}
}

// A backup's manifest describes it; restore refuses a backup whose chain
// does not verify against it unless forced, records a forced restore, and
// puts back the append-only triggers.
func TestBackupManifestAndRestoreChain(t *testing.T) {
	datatest.SkipOnServer(t, "a file's backup, edited with SQLite; a server's manifest and chain checks are tested in cmd/frontdeskctl TestServerBackupRestoreRoundTrip and TestServerRestoreRefusesBadBackups")
	e := chainEnv(t)
	dir := t.TempDir()
	good := dir + "/good.db"
	if _, err := e.Store.BackupTo(ctx, good); err != nil {
		t.Fatal(err)
	}
	m, err := data.VerifyBackupChain(ctx, good, e.Path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(checksum(t, good)))
	var rows int
	var last int64
	var hash string
	db := raw(t, good)
	db.QueryRow(`SELECT count(*), max(id) FROM audit_log`).Scan(&rows, &last)
	db.QueryRow(`SELECT hash FROM audit_log WHERE id=?`, last).Scan(&hash)
	db.Close()
	if m.SchemaVersion != data.SchemaVersion() || m.Site != e.Site.Name || m.Audit.Rows != rows || m.Audit.LastID != last ||
		m.Audit.Head != hash || m.Audit.KeyID == "" || m.SHA256 != hex.EncodeToString(sum[:]) || m.CreatedAt == "" || m.File != "good.db" {
		t.Fatalf("manifest %+v; backup %d rows, last %d %s", m, rows, last, hash)
	}

	// a copy of the backup with its newest audit rows cut off
	cut := dir + "/cut.db"
	copyBackup(t, good, cut)
	tamper(t, cut, `DELETE FROM audit_log WHERE id >= `+itoa(last-1), `UPDATE sqlite_sequence SET seq=`+itoa(last-2)+` WHERE name='audit_log'`)
	if _, err := data.VerifyBackupChain(ctx, cut, e.Path); err == nil || !strings.Contains(err.Error(), "changed after the backup was made") {
		t.Fatalf("cut backup: %v", err)
	}
	// ... and the manifest's checksum brought up to date by the same hand:
	// the chain still ends short of the head the manifest records
	var cm map[string]any
	b, _ := os.ReadFile(data.ManifestPath(cut))
	json.Unmarshal(b, &cm)
	cs := sha256.Sum256([]byte(checksum(t, cut)))
	cm["sha256"] = hex.EncodeToString(cs[:])
	b, _ = json.Marshal(cm)
	os.WriteFile(data.ManifestPath(cut), b, 0o600)
	_, err = data.VerifyBackupChain(ctx, cut, e.Path)
	if err == nil || !strings.Contains(err.Error(), "newest audit rows were deleted") {
		t.Fatalf("cut backup, manifest fixed: %v", err)
	}

	// restore refuses it, leaving the database as it was
	e.Store.Close()
	before := checksum(t, e.Path)
	_, err = data.Restore(ctx, cut, e.Path, data.RestoreOptions{Now: datatest.Now})
	if app.ErrorCode(err) != app.EInvalid || !strings.Contains(err.Error(), "--force") || !strings.Contains(err.Error(), "does not verify") {
		t.Fatalf("restore of a cut backup: %v", err)
	}
	if checksum(t, e.Path) != before {
		t.Fatal("a refused restore changed the database")
	}
	// forced, it restores, puts the triggers back and records who forced it
	if _, err := data.Restore(ctx, cut, e.Path, data.RestoreOptions{Now: datatest.Now, Force: true, Flags: "--force"}); err != nil {
		t.Fatal(err)
	}
	db = raw(t, e.Path)
	var forced, triggersBack int
	db.QueryRow(`SELECT count(*) FROM audit_log WHERE action='database.restore' AND detail LIKE '%cut.db%FORCED although%newest audit rows were deleted%'`).Scan(&forced)
	db.QueryRow(`SELECT count(*) FROM audit_log WHERE action='audit.triggers'`).Scan(&triggersBack)
	if forced != 1 || triggersBack != 1 {
		t.Fatalf("forced restore recorded %d, triggers put back recorded %d", forced, triggersBack)
	}
	if _, err := db.Exec(`DELETE FROM audit_log WHERE id=1`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Fatalf("delete after restore: %v", err)
	}
	db.Close()

	// the good backup restores without --force, and verifies after
	if _, err := data.Restore(ctx, good, e.Path, data.RestoreOptions{Now: datatest.Now}); err != nil {
		t.Fatal(err)
	}
	st := reopen(t, e.Path)
	if c := verify(t, st); !c.OK || c.LastID <= last { // the restore record follows the backup's head
		t.Fatalf("after restoring the good backup: %+v", c)
	}
}

// A backup restored on another machine verifies with the key file copied
// beside it, which the restore puts in place.
func TestRestoreElsewhereUsesTheBackupsKey(t *testing.T) {
	datatest.SkipOnServer(t, "the audit key file beside a file's backup; a server's chain has no key file yet")
	_, backup := chainBackup(t)
	elsewhere := datatest.New(t) // another install, its own key
	elsewhere.Store.Close()
	if _, err := data.Restore(ctx, backup, elsewhere.Path, data.RestoreOptions{Now: datatest.Now}); err != nil {
		t.Fatal(err)
	}
	st := reopen(t, elsewhere.Path)
	if c := verify(t, st); !c.OK {
		t.Fatalf("restored elsewhere: %+v", c)
	}
	// without the key beside the backup, it is refused
	os.Remove(backup + ".key")
	other := datatest.New(t)
	other.Store.Close()
	if _, err := data.Restore(ctx, backup, other.Path, data.RestoreOptions{Now: datatest.Now}); err == nil || !strings.Contains(err.Error(), "b.db.key is missing") {
		t.Fatalf("restore without the backup's key: %v", err)
	}
}

func copyBackup(t *testing.T, from, to string) {
	t.Helper()
	for _, suffix := range []string{"", ".key", ".manifest.json"} {
		b, err := os.ReadFile(from + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to+suffix, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// The anchor file deleted while Front Desk was closed: the next open
// records that in the log itself before anchoring again.
func TestMissingAnchorIsRecorded(t *testing.T) {
	datatest.SkipOnServer(t, "the anchor file beside the database file")
	e := chainEnv(t)
	e.Store.Close()
	if err := os.Remove(e.Path + ".audit-head"); err != nil {
		t.Fatal(err)
	}
	st := reopen(t, e.Path)
	var detail string
	raw(t, e.Path).QueryRow(`SELECT detail FROM audit_log WHERE action='audit.anchor'`).Scan(&detail)
	if !strings.Contains(detail, "was missing") {
		t.Fatalf("no record of the missing anchor: %q", detail)
	}
	if c := verify(t, st); !c.OK {
		t.Fatalf("anchored again: %+v", c)
	}
	if _, err := os.Stat(e.Path + ".audit-head"); err != nil {
		t.Fatal(err)
	}
}

// Triggers dropped and nothing else: the next open puts them back with a
// record signed like every other row, and the chain verifies.
func TestTriggersPutBackOnOpen(t *testing.T) {
	e := chainEnv(t)
	e.Store.Close()
	tamper(t, e.Path)
	st := reopen(t, e.Path)
	c := verify(t, st)
	var back int
	db := raw(t, e.Path)
	db.QueryRow(`SELECT count(*) FROM audit_log WHERE action='audit.triggers'`).Scan(&back)
	n := auditTriggerCount(t, db)
	if !c.OK || back != 1 || n != 2 {
		t.Fatalf("after reopening: %+v; %d records of putting the triggers back, %d triggers", c, back, n)
	}
}

// Desks with and without the center's key write at once: every record
// reaches the chain exactly once, each desk's in its own order, signed,
// and the chain verifies.
func TestServerDesksWithAndWithoutKeyAtOnce(t *testing.T) {
	if !datatest.OnServer() {
		t.Skip("a center server's key: a desk's file has one writer of its chain")
	}
	e := chainEnv(t)
	desks := []*data.Store{e.Store}
	for i := 0; i < 3; i++ {
		dir := "" // this computer's folder: it holds the key
		if i > 0 {
			dir = t.TempDir() // a computer without it
		}
		st, err := data.Open(ctx, e.Path, data.Options{MustExist: true, CenterDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		desks = append(desks, st)
	}
	const each = 40
	errs := make(chan error, len(desks))
	for d, st := range desks {
		go func() {
			for i := 0; i < each; i++ {
				err := st.Update(ctx, func(tx app.Tx) error {
					return tx.AppendAudit(ctx, app.AuditEntry{At: datatest.Now, Actor: "desk" + itoa(int64(d)), Action: "test.write", Entity: "test", Ref: itoa(int64(i))})
				})
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range desks {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	// a desk with the key writes once more: nothing is left held
	if err := e.Store.Update(ctx, func(tx app.Tx) error {
		return tx.AppendAudit(ctx, app.AuditEntry{At: datatest.Now, Actor: "rosa", Action: "test.last", Entity: "test"})
	}); err != nil {
		t.Fatal(err)
	}
	db := raw(t, e.Path)
	var held int
	db.QueryRow(`SELECT count(*) FROM audit_pending`).Scan(&held)
	q, err := db.Query(`SELECT actor, ref FROM audit_log WHERE action = 'test.write' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	next := map[string]int{}
	n := 0
	for q.Next() {
		var actor, ref string
		q.Scan(&actor, &ref)
		if ref != strconv.Itoa(next[actor]) {
			t.Fatalf("%s's record %s after %d of its own", actor, ref, next[actor])
		}
		next[actor]++
		n++
	}
	q.Close()
	if n != len(desks)*each || held != 0 {
		t.Fatalf("%d records in the chain (want %d), %d held", n, len(desks)*each, held)
	}
	if c := verify(t, e.Store); !c.OK || c.KeyID == "" || c.Held != 0 {
		t.Fatalf("verify: %+v", c)
	}
}
