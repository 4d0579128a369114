package ui

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/app/pdf"
)

// printKind is a sort of printout. Each kind goes to its own folder, which
// the person can change from the saved-file dialog; the desk remembers it.
type printKind string

// The kinds of printouts.
const (
	printoutCard      printKind = "card"
	printoutAgreement printKind = "agreement"
	printoutSheet     printKind = "sheet"
	printoutRoster    printKind = "roster"
	printoutReport    printKind = "report"
	printoutLabel     printKind = "label"
	printoutList      printKind = "list"
)

// printDirKey is the preference that keeps kind's folder on this desk.
func printDirKey(kind printKind) string { return "printouts.folder." + string(kind) }

// printDir is the folder printouts of kind are written to: the one chosen
// for kind on this desk, else Options.CardDir (beside the database), else a
// folder in the system's temporary directory.
func (u *UI) printDir(kind printKind) string {
	if a := fyne.CurrentApp(); a != nil {
		if dir := a.Preferences().String(printDirKey(kind)); dir != "" {
			return dir
		}
	}
	if u.opts.CardDir != "" {
		return u.opts.CardDir
	}
	return filepath.Join(os.TempDir(), "frontdesk-printouts")
}

// setPrintDir remembers dir as kind's folder on this desk.
func (u *UI) setPrintDir(kind printKind, dir string) {
	if a := fyne.CurrentApp(); a != nil {
		a.Preferences().SetString(printDirKey(kind), dir)
	}
}

// writePrintout writes a document to name in kind's folder through a
// temporary file, so a failure leaves nothing half-written, then hands it
// to the computer's viewer (Options.Open) and says where it went, and
// whether a viewer opened it, in a dialog (see printedNote). Safe to call
// off the UI goroutine.
func writePrintout(u *UI, kind printKind, name string, write func(io.Writer) error) (string, error) {
	path, err := writeFileIn(u.printDir(kind), name, write)
	if err != nil {
		return "", err
	}
	u.printQ.do(func() func() {
		err := u.open(path)
		return func() { u.showPrinted(kind, path, err) }
	})
	return path, nil
}

// writeFileIn writes name in dir (made if missing) through a temporary
// file renamed into place.
func writeFileIn(dir, name string, write func(io.Writer) error) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", app.Errorf(app.EInvalid, "Cannot create the folder for printouts %s: %v", dir, err)
	}
	f, err := os.CreateTemp(dir, ".print-*"+filepath.Ext(name))
	if err != nil {
		return "", app.Errorf(app.EInvalid, "Cannot write in %s: %v", dir, err)
	}
	tmp := f.Name()
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	path := filepath.Join(dir, name)
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return "", err
	}
	return path, nil
}

// open hands path (a file or folder) to Options.Open; without one nothing
// opens it, and the person is told so.
func (u *UI) open(path string) error {
	if u.opts.Open == nil {
		return errors.New("no viewer on this desk")
	}
	return u.opts.Open(path)
}

// printedNote is the dialog that says where a printout went: whether a
// viewer opened it, with Open file, Open folder and Save to another
// folder… (which moves it there and remembers that folder for its kind).
type printedNote struct {
	u        *UI
	kind     printKind
	path     string
	dlg      dialog.Dialog
	text     *widget.Label
	close    *keyButton
	openFile *widget.Button
	openDir  *widget.Button
	moveTo   *widget.Button
}

// showPrinted shows the printout's dialog; openErr is what the viewer said.
func (u *UI) showPrinted(kind printKind, path string, openErr error) {
	n := &printedNote{u: u, kind: kind, path: path, text: widget.NewLabel("")}
	n.text.Wrapping = fyne.TextWrapWord
	n.say(openErr == nil)
	n.openFile = widget.NewButtonWithIcon(lang.L("Open file"), theme.FileIcon(), func() { n.say(u.open(n.path) == nil) })
	n.openDir = widget.NewButtonWithIcon(lang.L("Open folder"), theme.FolderOpenIcon(), func() {
		if err := u.open(filepath.Dir(n.path)); err != nil {
			n.text.SetText(lang.L("Saved to {{.Path}}. No program opened its folder: find it in the file manager.", map[string]any{"Path": n.path}))
		}
	})
	n.moveTo = widget.NewButtonWithIcon(lang.L("Save to another folder…"), theme.FolderIcon(), n.chooseFolder)
	// Close has the keyboard (Enter or Escape closes), and the focus goes
	// back where it was: the desk's scan field, usually.
	prev := u.win.Canvas().Focused()
	n.close = newKeyButton(lang.L("Close"), func() {
		n.dlg.Hide()
		if prev != nil {
			u.win.Canvas().Focus(prev)
		}
	})
	n.close.Importance = widget.HighImportance
	content := container.NewVBox(n.text, container.NewHBox(n.openFile, n.openDir, n.moveTo))
	d := dialog.NewCustomWithoutButtons(printKindTitle(kind), content, u.win)
	d.SetButtons([]fyne.CanvasObject{n.close})
	n.dlg = d
	n.dlg.Resize(fyne.NewSize(min(640, u.win.Canvas().Size().Width-40), 0))
	u.printed = n
	n.dlg.Show()
	u.win.Canvas().Focus(n.close)
}

// keyButton is a button that Enter, Space and Escape all press.
type keyButton struct{ widget.Button }

func newKeyButton(label string, tapped func()) *keyButton {
	b := &keyButton{}
	b.Text, b.OnTapped = label, tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey presses the button on Enter, Space or Escape.
func (b *keyButton) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace, fyne.KeyEscape:
		b.OnTapped()
	}
}

// say tells where the file is and whether a viewer opened it.
func (n *printedNote) say(opened bool) {
	d := map[string]any{"Path": n.path}
	switch {
	case opened:
		n.text.SetText(lang.L("Saved to {{.Path}} and opened.", d))
	case filepath.Ext(n.path) == ".pdf":
		n.text.SetText(lang.L("Saved to {{.Path}}. No PDF viewer opened it: open it from the folder.", d))
	default:
		n.text.SetText(lang.L("Saved to {{.Path}}. No program opened it: open it from the folder.", d))
	}
}

// chooseFolder asks for a folder and moves the printout there.
func (n *printedNote) chooseFolder() {
	fd := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil || dir == nil {
			return
		}
		n.moveToFolder(dir.Path())
	}, n.u.win)
	if l, err := storage.ListerForURI(storage.NewFileURI(filepath.Dir(n.path))); err == nil {
		fd.SetLocation(l)
	}
	fd.Show()
}

// moveToFolder moves the printout into dir and remembers dir for its kind.
func (n *printedNote) moveToFolder(dir string) {
	to := filepath.Join(dir, filepath.Base(n.path))
	err := os.Rename(n.path, to)
	if err != nil {
		// another disk: copy it, then remove the first
		if to, err = writeFileIn(dir, filepath.Base(n.path), func(w io.Writer) error {
			f, err := os.Open(n.path)
			if err != nil {
				return err
			}
			defer f.Close()
			_, err = io.Copy(w, f)
			return err
		}); err == nil {
			os.Remove(n.path)
		}
	}
	if err != nil {
		n.text.SetText(lang.L("Not moved: {{.Error}}", map[string]any{"Error": err.Error()}))
		return
	}
	n.path = to
	n.u.setPrintDir(n.kind, dir)
	n.text.SetText(lang.L("Moved to {{.Path}}. The next ones go to this folder too.", map[string]any{"Path": to}))
}

// printKindTitle is the title of a printout's dialog.
func printKindTitle(kind printKind) string {
	switch kind {
	case printoutCard:
		return lang.L("Card saved")
	case printoutAgreement:
		return lang.L("Agreement saved")
	case printoutSheet:
		return lang.L("Sign-in sheet saved")
	case printoutRoster:
		return lang.L("Roster saved")
	case printoutReport:
		return lang.L("Report saved")
	case printoutLabel:
		return lang.L("Labels saved")
	case printoutRecovery:
		return lang.L("Recovery code saved")
	}
	return lang.L("List saved")
}

// printSheet writes an event's sign-in sheet, blank or pre-filled with its
// pre-registered participants (director; the print is audited), and opens it.
func printSheet(u *UI, ctx context.Context, eventID int64, prefilled, a4 bool) (string, error) {
	ev, site, ps, err := u.svc.EventRoster(ctx, eventID)
	if err != nil {
		return "", err
	}
	opts := pdf.SheetOptions{Site: site, Event: ev, A4: a4}
	kind := "blank"
	if prefilled {
		st, err := u.svc.Settings(ctx)
		if err != nil {
			return "", err
		}
		opts.Participants, opts.ShowContacts, kind = ps, st.SheetContactColumns, "prefilled"
	}
	if err := u.svc.RecordSheetPrint(ctx, ev.ID, prefilled, len(opts.Participants)); err != nil {
		return "", err
	}
	return writePrintout(u, printoutSheet, "sheet-"+app.EventCode(ev.ID)+"-"+kind+".pdf", func(w io.Writer) error { return pdf.SignInSheet(w, opts) })
}
