package data

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"frontdesk/app"
)

// holdSettles keeps st from adding check-ins' audit records by itself
// while a test looks between a check-in and its record.
func holdSettles(st *Store) {
	st.settle.mu.Lock()
	st.settle.delay = time.Hour
	st.settle.mu.Unlock()
}

// workshop is an event running at e.now whose check-ins change nobody's
// status (an orientation's first check-in also records the person as
// oriented, with its own audit record).
func (e *checkInEnv) workshop(t *testing.T, title string) app.Event {
	t.Helper()
	ev, err := e.svc.AddEvent(e.ctx, app.Event{SiteID: e.site.ID, Kind: app.KindWorkshop, Title: title,
		Start: e.now.Add(-15 * time.Minute), End: e.now.Add(2 * time.Hour), Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

// auditActions lists the audit log's actions and refs in chain order, read
// straight from the file.
func auditActions(t *testing.T, st *Store) []string {
	t.Helper()
	rows, err := st.reader.QueryContext(context.Background(), `SELECT action || ' ' || ref FROM audit_log ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		rows.Scan(&a)
		out = append(out, a)
	}
	return out
}

func countActions(acts []string, prefix string) int {
	n := 0
	for _, a := range acts {
		if len(a) >= len(prefix) && a[:len(prefix)] == prefix {
			n++
		}
	}
	return n
}

func verifyStore(t *testing.T, st *Store) {
	t.Helper()
	var c app.AuditCheck
	if err := st.View(context.Background(), func(tx app.Tx) (err error) { c, err = tx.VerifyAudit(context.Background()); return err }); err != nil || !c.OK {
		t.Fatalf("chain: %+v %v", c, err)
	}
}

// A scan's transaction on a desk's own file writes the check-in only; its
// audit record joins the chain in a short transaction of its own, and
// before any record appended after it.
func TestCheckInAuditFollowsItsTransaction(t *testing.T) {
	e := newCheckInEnv(t)
	holdSettles(e.st)
	ev := e.workshop(t, "Resume basics")
	ana := e.person(t, "Ana", "Ruiz", "")
	before := len(auditActions(t, e.st))
	res, err := e.svc.ScanCheckIn(e.ctx, app.Target{SiteID: e.site.ID, EventID: ev.ID}, ana.Code)
	if err != nil || !res.Outcome.Recorded() {
		t.Fatalf("scan: %+v %v", res, err)
	}
	if acts := auditActions(t, e.st); len(acts) != before {
		t.Fatalf("the scan's own transaction appended %v", acts[before:])
	}
	var later int
	if err := e.st.reader.QueryRow(`SELECT audit_later FROM checkins WHERE id = ?`, res.CheckIn.ID).Scan(&later); err != nil || later != 1 {
		t.Fatalf("check-in not marked: %d %v", later, err)
	}
	// the next record of anything else comes after the check-in's
	bea := e.person(t, "Bea", "Soto", "")
	acts := auditActions(t, e.st)[before:]
	want := []string{"checkin.create " + strconv.FormatInt(res.CheckIn.ID, 10), "participant.create " + strconv.FormatInt(bea.ID, 10)}
	if len(acts) != 2 || acts[0] != want[0] || acts[1] != want[1] {
		t.Fatalf("records after the scan: %v, want %v", acts, want)
	}
	var detail, actor, at string
	if err := e.st.reader.QueryRow(`SELECT detail, actor, at FROM audit_log WHERE action = 'checkin.create'`).Scan(&detail, &actor, &at); err != nil ||
		detail != "method=scan" || actor != app.LocalOperator.Username || at != ts(res.CheckIn.At) {
		t.Fatalf("record: %q %q %q %v", detail, actor, at, err)
	}
	verifyStore(t, e.st)
	// settling again adds nothing twice
	if err := e.st.settleNow(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := countActions(auditActions(t, e.st), "checkin.create"); n != 1 {
		t.Fatalf("%d check-in records", n)
	}
}

// Left alone, the store adds the records a moment after the scans, one
// short transaction for a burst.
func TestCheckInAuditAddedSoon(t *testing.T) {
	e := newCheckInEnv(t)
	ev := e.workshop(t, "Interview practice")
	var people []app.Participant
	for _, n := range []string{"Ana", "Bea", "Cruz", "Dan"} {
		people = append(people, e.person(t, n, "Ruiz", ""))
	}
	for _, p := range people {
		if res, err := e.svc.ScanCheckIn(e.ctx, app.Target{SiteID: e.site.ID, EventID: ev.ID}, p.Code); err != nil || !res.Outcome.Recorded() {
			t.Fatalf("scan: %+v %v", res, err)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for countActions(auditActions(t, e.st), "checkin.create") < len(people) {
		if time.Now().After(deadline) {
			t.Fatalf("records after 10 s: %v", auditActions(t, e.st))
		}
		time.Sleep(20 * time.Millisecond)
	}
	verifyStore(t, e.st)
}

// Closing the store adds what it still owes the log.
func TestCloseAddsWaitingCheckInAudits(t *testing.T) {
	e := newCheckInEnv(t)
	holdSettles(e.st)
	ev := e.workshop(t, "Budgeting")
	ana := e.person(t, "Ana", "Ruiz", "")
	if res, err := e.svc.ScanCheckIn(e.ctx, app.Target{SiteID: e.site.ID, EventID: ev.ID}, ana.Code); err != nil || !res.Outcome.Recorded() {
		t.Fatalf("scan: %+v %v", res, err)
	}
	path := e.st.Path()
	e.st.Close()
	st, err := Open(context.Background(), path, Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if n := countActions(auditActions(t, st), "checkin.create"); n != 1 {
		t.Fatalf("%d check-in records after closing", n)
	}
}

// A desk killed between a check-in and its record: the file, as the power
// cut left it, gets the record when it is next opened.
func TestCheckInAuditSurvivesACrash(t *testing.T) {
	e := newCheckInEnv(t)
	holdSettles(e.st)
	ev := e.workshop(t, "Budgeting")
	ana := e.person(t, "Ana", "Ruiz", "")
	res, err := e.svc.ScanCheckIn(e.ctx, app.Target{SiteID: e.site.ID, EventID: ev.ID}, ana.Code)
	if err != nil || !res.Outcome.Recorded() {
		t.Fatalf("scan: %+v %v", res, err)
	}
	// the database and its log as they are on disk now, the store still open
	crashed := filepath.Join(t.TempDir(), "crashed.db")
	for _, suffix := range []string{"", "-wal"} {
		copyTestFile(t, e.st.Path()+suffix, crashed+suffix)
	}
	for _, f := range AuditFiles(e.st.Path()) {
		if _, err := os.Stat(f); err == nil { // the anchor follows commits by a second
			copyTestFile(t, f, crashed+f[len(e.st.Path()):])
		}
	}
	st, err := Open(context.Background(), crashed, Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	deadline := time.Now().Add(10 * time.Second)
	for countActions(auditActions(t, st), "checkin.create") != 1 {
		if time.Now().After(deadline) {
			t.Fatalf("no record after reopening: %v", auditActions(t, st))
		}
		time.Sleep(20 * time.Millisecond)
	}
	verifyStore(t, st)
}

func copyTestFile(t *testing.T, src, dst string) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// A scan reads its event whole only when the event changed since the
// store last read it, here or in another program.
func TestScanSeesItsEventChange(t *testing.T) {
	e := newCheckInEnv(t)
	ev := e.workshop(t, "Resume basics")
	ana, bea := e.person(t, "Ana", "Ruiz", ""), e.person(t, "Bea", "Soto", "")
	target := app.Target{SiteID: e.site.ID, EventID: ev.ID}
	if res, err := e.svc.ScanCheckIn(e.ctx, target, ana.Code); err != nil || !res.Outcome.Recorded() || res.Event.Title != "Resume basics" {
		t.Fatalf("scan: %+v %v", res, err)
	}
	// another program renames and then cancels the event
	other, err := Open(context.Background(), e.st.Path(), Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	svc2 := app.NewService(other, func() time.Time { return e.now })
	ev.Title = "Resume basics (room 2)"
	if ev, err = svc2.UpdateEvent(e.ctx, ev); err != nil {
		t.Fatal(err)
	}
	res, err := e.svc.ScanCheckIn(e.ctx, target, bea.Code)
	if err != nil || res.Event.Title != "Resume basics (room 2)" || res.Counts.CheckedIn != 2 {
		t.Fatalf("after the rename: %+v %v", res, err)
	}
	// a card nobody has, read with the event the store knows
	if res, err := e.svc.ScanCheckIn(e.ctx, target, app.NewCode(app.PrefixParticipant)); err != nil || res.Outcome != app.OutcomeUnknown {
		t.Fatalf("unknown card: %+v %v", res, err)
	}
	// another program moves the site to another time zone: the desk reads
	// it with the event it knows, whether or not the person is found
	site := e.site
	site.TimeZone = "America/New_York"
	if _, err := svc2.UpdateSite(e.ctx, site); err != nil {
		t.Fatal(err)
	}
	err = e.st.Update(e.ctx, func(tx app.Tx) error {
		d, err := tx.EventAtDesk(e.ctx, ev.ID)
		if err != nil || d.TimeZone != "America/New_York" || d.Event.Title != "Resume basics (room 2)" || d.Counts.CheckedIn != 2 {
			return fmt.Errorf("event at desk: %+v %v", d, err)
		}
		d, p, a, pErr, err := tx.AtDesk(e.ctx, ev.ID, app.ParticipantRef{Code: ana.Code})
		if err != nil || pErr != nil || d.TimeZone != "America/New_York" || p.ID != ana.ID || a.CheckIn == nil || d.Counts.CheckedIn != 2 {
			return fmt.Errorf("at desk: %+v %+v %+v %v %v", d, p, a, pErr, err)
		}
		d, _, _, pErr, err = tx.AtDesk(e.ctx, ev.ID, app.ParticipantRef{Code: app.NewCode(app.PrefixParticipant)})
		if err != nil || app.ErrorCode(pErr) != app.ENotFound || d.TimeZone != "America/New_York" || d.Event.ID != ev.ID {
			return fmt.Errorf("at desk, nobody: %+v %v %v", d, pErr, err)
		}
		if _, _, _, _, err = tx.AtDesk(e.ctx, ev.ID+100, app.ParticipantRef{Code: ana.Code}); app.ErrorCode(err) != app.ENotFound {
			return fmt.Errorf("at desk, no such event: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ev.Cancelled = true
	if _, err := svc2.UpdateEvent(e.ctx, ev); err != nil {
		t.Fatal(err)
	}
	cruz := e.person(t, "Cruz", "Diaz", "")
	if res, err := e.svc.ScanCheckIn(e.ctx, target, cruz.Code); err != nil || res.Outcome != app.OutcomeCancelled {
		t.Fatalf("after cancelling: %+v %v", res, err)
	}
	// the event comes first: a card nobody has is told the event is cancelled
	if res, err := e.svc.ScanCheckIn(e.ctx, target, app.NewCode(app.PrefixParticipant)); err != nil || res.Outcome != app.OutcomeCancelled {
		t.Fatalf("unknown card, cancelled event: %+v %v", res, err)
	}
}
