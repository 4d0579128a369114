// Package viewer hands a file or a folder to the program the computer opens
// it with: xdg-open on Linux and the BSDs, open on macOS, the shell's file
// protocol handler on Windows. It is the one place the app starts another
// program; the interface receives Open as a function, so tests launch
// nothing.
package viewer

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"time"
)

// Patience is how long Open waits for the opener to say it failed. Openers
// that hand the file to a running desktop return at once; xdg-open without a
// desktop runs the viewer itself and does not return until it is closed, so
// an opener still running after Patience counts as having opened the file.
var Patience = 3 * time.Second

// ErrNoViewer means no program opened the file: the opener is missing or
// said it has nothing to open it with.
var ErrNoViewer = errors.New("no program opened it")

// Command is the command that opens path with the default program on goos.
func Command(goos, path string) *exec.Cmd {
	switch goos {
	case "windows":
		return exec.Command("rundll32", "url.dll,FileProtocolHandler", path)
	case "darwin":
		return exec.Command("open", path)
	}
	return exec.Command("xdg-open", path)
}

// Open opens path (a file or a folder) with the computer's default program
// for it. It returns nil once the opener succeeded or is still running after
// Patience, and an error wrapping ErrNoViewer when it failed or is missing.
func Open(path string) error {
	if _, err := os.Stat(path); err != nil {
		return err
	}
	return run(Command(runtime.GOOS, path))
}

// run starts cmd and waits up to Patience for it to fail.
func run(cmd *exec.Cmd) error {
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("%w (%s: %v)", ErrNoViewer, cmd.Path, err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("%w (%s: %v)", ErrNoViewer, cmd.Args[0], err)
		}
		return nil
	case <-time.After(Patience):
		return nil // still running: it is showing the file
	}
}
