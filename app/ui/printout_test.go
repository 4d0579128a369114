package ui

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"frontdesk/data/datatest"
)

// opener records what the app asked the viewer to open and answers with err.
type opener struct {
	mu     sync.Mutex
	opened []string
	err    error
}

func (o *opener) open(path string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.opened = append(o.opened, path)
	return o.err
}

// sheetPrinted opens ev's form as the director of directorDesk, with
// openErr as what the viewer answers, prints its blank sheet and waits for
// the saved-file dialog.
func sheetPrinted(t *testing.T, openErr error) (*UI, *datatest.Env, *opener) {
	t.Helper()
	u, e, ev := directorDesk(t)
	v := &opener{err: openErr}
	u.opts.Open = v.open
	u.events.refresh()
	u.events.open(ev)
	test.Tap(u.events.sheetBlank)
	u.printQ.wait()
	return u, e, v
}

func (o *opener) last() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.opened) == 0 {
		return ""
	}
	return o.opened[len(o.opened)-1]
}

// A printout is written beside the database, handed to the viewer, and a
// dialog says where it went; when no viewer opened it the dialog says so
// instead of "opened", and Open folder hands the folder over.
func TestPrintoutSaysWhereAndIsHonestWhenNoViewerOpened(t *testing.T) {
	u, _, v := sheetPrinted(t, errors.New("xdg-open: no method available for opening"))
	s := u.events
	n := u.printed
	if n == nil {
		t.Fatal("no dialog after printing")
	}
	if filepath.Dir(s.lastSheet) != u.opts.CardDir || n.path != s.lastSheet {
		t.Fatalf("sheet at %q (dialog %q), want it in %q", s.lastSheet, n.path, u.opts.CardDir)
	}
	if b, err := os.ReadFile(s.lastSheet); err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
		t.Fatalf("sheet file: %v", err)
	}
	if v.last() != s.lastSheet {
		t.Fatalf("viewer asked for %q", v.last())
	}
	want := "Saved to " + s.lastSheet + ". No PDF viewer opened it: open it from the folder."
	if n.text.Text != want || strings.Contains(n.text.Text, "opened.") {
		t.Fatalf("dialog says %q, want %q", n.text.Text, want)
	}
	test.Tap(n.openDir)
	if v.last() != u.opts.CardDir {
		t.Fatalf("Open folder asked for %q", v.last())
	}
	if !strings.Contains(n.text.Text, "No program opened its folder") {
		t.Fatalf("after Open folder failed: %q", n.text.Text)
	}
	// the viewer works again: Open file says so
	v.err = nil
	test.Tap(n.openFile)
	if n.text.Text != "Saved to "+s.lastSheet+" and opened." {
		t.Fatalf("after Open file: %q", n.text.Text)
	}
	// without any viewer wired in (Options.Open nil) the dialog is as honest
	u.opts.Open = nil
	test.Tap(s.sheetFilled)
	u.printQ.wait()
	if !strings.Contains(u.printed.text.Text, "No PDF viewer opened it") {
		t.Fatalf("no opener: %q", u.printed.text.Text)
	}
}

// Save to another folder moves the printout there and the desk remembers
// the folder for that kind of printout only: the next sheet goes there, a
// participant card still goes beside the database.
func TestPrintoutFolderIsRememberedPerKind(t *testing.T) {
	u, e, v := sheetPrinted(t, nil)
	s := u.events
	first := s.lastSheet
	if !strings.HasSuffix(u.printed.text.Text, " and opened.") {
		t.Fatalf("dialog: %q", u.printed.text.Text)
	}
	chosen := filepath.Join(t.TempDir(), "Sign-in sheets")
	if err := os.Mkdir(chosen, 0o700); err != nil {
		t.Fatal(err)
	}
	u.printed.moveToFolder(chosen)
	moved := filepath.Join(chosen, filepath.Base(first))
	if _, err := os.Stat(first); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the sheet is still at %q: %v", first, err)
	}
	if b, err := os.ReadFile(moved); err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
		t.Fatalf("moved sheet: %v", err)
	}
	if !strings.Contains(u.printed.text.Text, "Moved to "+moved) {
		t.Fatalf("dialog after the move: %q", u.printed.text.Text)
	}
	if got := fyne.CurrentApp().Preferences().String(printDirKey(printoutSheet)); got != chosen {
		t.Fatalf("remembered %q", got)
	}
	// the next sheet, from a screen built afresh, goes to the chosen folder
	test.Tap(s.sheetFilled)
	u.printQ.wait()
	if filepath.Dir(s.lastSheet) != chosen || filepath.Dir(v.last()) != chosen {
		t.Fatalf("next sheet at %q", s.lastSheet)
	}
	if _, err := os.Stat(s.lastSheet); err != nil {
		t.Fatal(err)
	}
	// a card is another kind: beside the database still
	p := e.Participant(t, "Ana", "Flores", "")
	card := printCard(u, p)
	u.printQ.wait()
	if filepath.Dir(card) != u.opts.CardDir || u.printed.kind != printoutCard {
		t.Fatalf("card at %q", card)
	}
}
