package viewer

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// The opener is the platform's own: xdg-open, open, or the Windows file
// protocol handler, with the path as its last argument.
func TestCommandPerSystem(t *testing.T) {
	for goos, want := range map[string]string{
		"linux":   "xdg-open /tmp/a b.pdf",
		"freebsd": "xdg-open /tmp/a b.pdf",
		"darwin":  "open /tmp/a b.pdf",
		"windows": "rundll32 url.dll,FileProtocolHandler /tmp/a b.pdf",
	} {
		if got := strings.Join(Command(goos, "/tmp/a b.pdf").Args, " "); got != want {
			t.Errorf("%s: %q, want %q", goos, got, want)
		}
	}
}

// An opener that fails (xdg-open exits 3 when nothing opens the file) or is
// missing is reported as no viewer; one that returns 0, or is still showing
// the file after Patience, is a success.
func TestRunIsHonest(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("uses sh")
	}
	if err := run(exec.Command("sh", "-c", "exit 3")); !errors.Is(err, ErrNoViewer) {
		t.Errorf("failing opener: %v", err)
	}
	if err := run(exec.Command(filepath.Join(t.TempDir(), "no-such-opener"))); !errors.Is(err, ErrNoViewer) {
		t.Errorf("missing opener: %v", err)
	}
	if err := run(exec.Command("sh", "-c", "exit 0")); err != nil {
		t.Errorf("opener that succeeded: %v", err)
	}
	old := Patience
	Patience = 50 * time.Millisecond
	t.Cleanup(func() { Patience = old })
	if err := run(exec.Command("sleep", "1")); err != nil {
		t.Errorf("viewer still open: %v", err)
	}
}

// Open refuses a path that is not there, before starting anything.
func TestOpenMissingFile(t *testing.T) {
	if err := Open(filepath.Join(t.TempDir(), "gone.pdf")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("%v", err)
	}
}
