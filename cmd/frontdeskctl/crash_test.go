package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/data"
	"frontdesk/data/datatest"
)

// TestCrashMidBurst kills frontdeskctl with SIGKILL in the middle of a burst
// of check-ins, many times. Every check-in it reported before dying must be
// in the database, active, never twice, and the file must pass
// PRAGMA integrity_check (a file; a server keeps its own).
func TestCrashMidBurst(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills a binary")
	}
	bin := testBinary(t)
	db := datatest.NewDatabase(t)
	eventID, ps := deskDB(t, db, 2000)
	event := strconv.FormatInt(eventID, 10)

	reported := map[int64]string{} // check-in id → code
	rng := rand.New(rand.NewPCG(7, 11))
	const rounds = 20
	next := 0
	for round := 0; round < rounds; round++ {
		cmd := exec.Command(bin, "checkin", "--db", db, "--event", event, "--scan", "-")
		stdin, _ := cmd.StdinPipe()
		stdout, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go func(start int) {
			w := bufio.NewWriter(stdin)
			for i := start; i < len(ps); i++ {
				fmt.Fprintln(w, ps[i].Code)
				w.Flush()
			}
			stdin.Close()
		}(next)
		// The kill is timed from the first answer, not from the start, so
		// that it lands mid-burst even when a loaded machine is slow to
		// start the process.
		killAfter := time.Duration(20+rng.IntN(120)) * time.Millisecond
		var timer *time.Timer
		sc := bufio.NewScanner(stdout)
		n := 0
		for sc.Scan() {
			if timer == nil {
				timer = time.AfterFunc(killAfter, func() { cmd.Process.Signal(syscall.SIGKILL) })
			}
			f := strings.Fields(sc.Text())
			if len(f) == 3 && (f[0] == "ok" || f[0] == "already") {
				id, _ := strconv.ParseInt(f[1], 10, 64)
				reported[id] = f[2]
				n++
			}
		}
		if timer != nil {
			timer.Stop()
		}
		err := cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
			t.Logf("round %d: process ended before the kill (%v)", round, err)
		}
		next += n
		if next >= len(ps)-50 {
			next = 0
		}
	}
	if len(reported) < rounds {
		t.Fatalf("only %d check-ins were reported in %d rounds; the bursts did not run", len(reported), rounds)
	}

	ctx := app.WithActor(context.Background(), app.LocalOperator)
	st, err := data.Open(ctx, db, data.Options{})
	if err != nil {
		t.Fatalf("reopen after crashes: %v", err)
	}
	defer st.Close()
	active, err := app.NewService(st, nil).CheckIns(ctx, eventID)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int64]app.CheckIn{}
	perPerson := map[int64]int{}
	for _, c := range active {
		byID[c.ID] = c
		perPerson[c.ParticipantID]++
	}
	for id, code := range reported {
		if _, ok := byID[id]; !ok {
			t.Errorf("check-in %d (%s) was reported done but is not in the database", id, code)
		}
	}
	for pid, n := range perPerson {
		if n > 1 {
			t.Errorf("participant %d has %d active check-ins at one event", pid, n)
		}
	}
	if datatest.OnServer() {
		// a killed client's transaction is the server's to roll back
		t.Logf("%d rounds, %d check-ins reported, all present", rounds, len(reported))
		return
	}
	var res string
	if err := datatest.OpenRaw(t, db).QueryRow("PRAGMA integrity_check").Scan(&res); err != nil || res != "ok" {
		t.Fatalf("integrity_check: %q %v", res, err)
	}
	t.Logf("%d rounds, %d check-ins reported, all present; integrity ok", rounds, len(reported))
}

// deskDB makes a demo database at db with n participants and an event
// running now, and returns the event and the participants.
func deskDB(t *testing.T, db string, n int) (eventID int64, ps []participantJSON) {
	t.Helper()
	var sum struct{ CurrentEventID int64 }
	json.Unmarshal([]byte(mustCtl(t, db, "demo", "--participants", strconv.Itoa(n), "--checkins", "10", "--json")), &sum)
	json.Unmarshal([]byte(mustCtl(t, db, "participant", "list", "--limit", strconv.Itoa(n), "--json")), &ps)
	if sum.CurrentEventID == 0 || len(ps) != n {
		t.Fatalf("demo: event %d, %d participants", sum.CurrentEventID, len(ps))
	}
	return sum.CurrentEventID, ps
}
