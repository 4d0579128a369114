package app_test

import (
	"strings"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// TestAuditLogIsAppendOnlyAndTamperEvident edits, deletes and inserts rows
// in the SQLite file directly, as someone with the sqlite3 shell would, and
// checks that verification names the first bad row each time.
func TestAuditLogIsAppendOnlyAndTamperEvident(t *testing.T) {
	e, admin := withAdmin(t)
	for i := 0; i < 6; i++ {
		e.Participant(t, "Ana", "Ruiz"+strings.Repeat("z", i), "")
	}
	c, err := e.Svc.VerifyAudit(admin)
	if err != nil || !c.OK || c.Rows < 8 || len(c.Head) != 64 {
		t.Fatalf("clean log: %+v %v", c, err)
	}
	db := rawDB(t, e)
	// the triggers refuse ordinary edits and deletions
	if _, err := db.Exec(`UPDATE audit_log SET actor='nobody' WHERE id=3`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Fatalf("update allowed: %v", err)
	}
	if _, err := db.Exec(`DELETE FROM audit_log WHERE id=3`); err == nil {
		t.Fatal("delete allowed")
	}
	// someone drops the triggers first
	for _, name := range []string{"audit_log_no_update", "audit_log_no_delete"} {
		if err := db.DropTrigger("audit_log", name); err != nil {
			t.Fatal(err)
		}
	}
	snapshot := func() [][]any {
		rows, _ := db.Query(`SELECT id,at,actor,action,entity,ref,detail,prev_hash,hash FROM audit_log ORDER BY id`)
		defer rows.Close()
		var out [][]any
		for rows.Next() {
			r := make([]any, 9)
			ptrs := make([]any, 9)
			for i := range r {
				ptrs[i] = &r[i]
			}
			rows.Scan(ptrs...)
			out = append(out, r)
		}
		return out
	}
	restore := func(rows [][]any) {
		t.Helper()
		if _, err := db.Exec(`DELETE FROM audit_log`); err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if _, err := db.Exec(`INSERT INTO audit_log(id,at,actor,action,entity,ref,detail,prev_hash,hash) VALUES(?,?,?,?,?,?,?,?,?)`, r...); err != nil {
				t.Fatal(err)
			}
		}
		// and where the log's ids had reached
		if db.Server() {
			db.Exec(`UPDATE audit_log_issued SET last_id=?`, rows[len(rows)-1][0])
		} else {
			db.Exec(`UPDATE sqlite_sequence SET seq=? WHERE name='audit_log'`, rows[len(rows)-1][0])
		}
	}
	clean := snapshot()
	verify := func(wantID int64, wantWords string) {
		t.Helper()
		c, err := e.Svc.VerifyAudit(admin)
		if err != nil {
			t.Fatal(err)
		}
		if c.OK || c.FirstBadID != wantID || !strings.Contains(c.Problem, wantWords) {
			t.Fatalf("verify: %+v; want row %d, %q", c, wantID, wantWords)
		}
	}
	last := clean[len(clean)-1][0].(int64)

	db.Exec(`UPDATE audit_log SET detail='method=scan' WHERE id=4`)
	verify(4, "edited")
	restore(clean)

	db.Exec(`DELETE FROM audit_log WHERE id=5`)
	verify(6, "deleted")
	restore(clean)

	// a row slipped in between 5 and 6, with a made-up hash
	db.Exec(`UPDATE audit_log SET id=id+1000 WHERE id>5`)
	db.Exec(`INSERT INTO audit_log(id,at,actor,action,entity,ref,detail,prev_hash,hash) VALUES(6,'2026-03-10T17:00:00.000Z','rosa','participant.open','participant','1','','x','y')`)
	verify(6, "edited")
	restore(clean)

	// the same, by a forger who computes a correct plain SHA-256 for it:
	// rows are signed with the install's key, so the forgery shows at once
	var h5 string
	db.QueryRow(`SELECT hash FROM audit_log WHERE id=5`).Scan(&h5)
	db.Exec(`UPDATE audit_log SET id=id+1000 WHERE id>5`)
	db.Exec(`INSERT INTO audit_log(id,at,actor,action,entity,ref,detail,prev_hash,hash) VALUES(6,'2026-03-10T17:00:00.000Z','rosa','participant.open','participant','1','',?,?)`,
		h5, datatest.PlainAuditHash(h5, "2026-03-10T17:00:00.000Z", "rosa", "participant.open", "participant", "1", ""))
	verify(6, "without the audit key")
	restore(clean)

	// the newest rows deleted: sqlite_sequence remembers how far the log went
	db.Exec(`DELETE FROM audit_log WHERE id>=?`, last-1)
	verify(last-1, "deleted")
	restore(clean)

	// edited and re-hashed with a plain SHA-256: it needs the key
	var prev string
	db.QueryRow(`SELECT prev_hash FROM audit_log WHERE id=4`).Scan(&prev)
	var at, actor, action, entity, ref string
	db.QueryRow(`SELECT at,actor,action,entity,ref FROM audit_log WHERE id=4`).Scan(&at, &actor, &action, &entity, &ref)
	if _, err := db.Exec(`UPDATE audit_log SET detail='forged', hash=? WHERE id=4`, datatest.PlainAuditHash(prev, at, actor, action, entity, ref, "forged")); err != nil {
		t.Fatal(err)
	}
	verify(4, "without the audit key")
	restore(clean)

	// after all that, the log holds every clean row again, but the records
	// of the verifications above went with the restores: the anchor file
	// (on a server, this computer's anchor) remembers them, so the log is
	// still reported broken, and the verification is itself recorded
	c, err = e.Svc.VerifyAudit(admin)
	if err != nil || c.OK || !strings.Contains(c.Problem, "anchor") || !strings.Contains(c.Problem, "records") {
		t.Fatalf("restored: %+v %v", c, err)
	}
	log, _ := e.Svc.AuditLog(admin, app.AuditFilter{Action: "audit.verify"})
	if len(log) != 2 || !strings.Contains(log[0].Detail, "BROKEN") || !strings.Contains(log[1].Detail, "ok") {
		t.Fatalf("verifications not audited: %+v", log)
	}
	// filters
	got, _ := e.Svc.AuditLog(admin, app.AuditFilter{Actor: "rosa", Action: "audit.", From: e.Clock.Add(-time.Minute), Limit: 2})
	if len(got) != 2 || got[0].Action != "audit.verify" {
		t.Fatalf("filtered %+v", got)
	}
}
