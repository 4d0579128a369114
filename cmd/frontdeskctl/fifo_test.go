//go:build unix

package main

import (
	"strings"
	"syscall"
	"testing"
	"time"

	"frontdesk/data/datatest"
)

// A named pipe given as the database is refused at once, never waited on.
func TestPipeIsNotADatabase(t *testing.T) {
	datatest.SkipOnServer(t, "a named pipe where the database file should be")
	dir := t.TempDir()
	var code int
	var errs string
	// a named pipe is refused at once
	fifo := dir + "/pipe.db"
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	done := make(chan struct{})
	go func() {
		code, _, errs = ctl(t, fifo, "", "participant", "list")
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("opening a named pipe as the database hangs")
	}
	if code != 1 || !strings.Contains(errs, "not a regular file") {
		t.Fatalf("a pipe as the database: exit %d, %q", code, errs)
	}
}
