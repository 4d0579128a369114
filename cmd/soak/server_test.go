package main

import (
	"os"
	"testing"
	"time"

	"frontdesk/data/datatest"
)

// TestMain runs the test binary as a desk of the server soak when the soak
// starts it as one (it starts its own executable: "desk …").
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "desk" {
		runDesk(os.Args[2:])
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// A short server soak (the real one is make soak): 4 desk processes for
// 10 s, the server taken away for 5 s (a proxy drops every connection and
// refuses new ones, as when it stops), one desk killed with SIGKILL while
// offline and started again on its local copy. No confirmed check-in
// lost, none doubled, every desk's queue sent, no failure.
func TestServerSoakShort(t *testing.T) {
	if !datatest.OnServer() {
		t.Skip("needs a PostgreSQL server: run through scripts/pgtest.sh (make test's server half does)")
	}
	dir := t.TempDir()
	s := &soak{dir: dir, bin: buildCtl(dir), loadStart: loadAvg()}
	var proxy *datatest.Proxy
	o := &serverOptions{url: os.Getenv(datatest.ServerEnv), desks: 4, participants: 2000,
		duration: 10 * time.Second, pace: 20 * time.Millisecond, outageAt: 2 * time.Second, outage: 5 * time.Second, killAt: 4 * time.Second,
		deskURL: func(db string) string {
			p, u := datatest.NewProxy(t, db)
			proxy = p
			return u
		},
		stop:  func() error { proxy.Cut(); return nil },
		start: func() error { proxy.Restore(); return nil },
	}
	if !s.serverSoak(o, "") {
		t.Fatal("the server soak missed a target (its output above says which)")
	}
}
