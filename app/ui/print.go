package ui

import (
	"context"
	"io"
	"net/url"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"

	"frontdesk/app"
	"frontdesk/app/pdf"
)

// writePrintout writes a document to name in the desk's printouts folder
// (Options.CardDir, or a folder in the system's temporary directory) through
// a temporary file, so a failure leaves nothing half-written, and opens it in
// the system's viewer, from which staff print it.
func writePrintout(u *UI, name string, write func(io.Writer) error) (string, error) {
	dir := u.opts.CardDir
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "frontdesk-printouts")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", app.Errorf(app.EInvalid, "Cannot create the folder for printouts %s: %v", dir, err)
	}
	f, err := os.CreateTemp(dir, ".print-*.pdf")
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
	if a := fyne.CurrentApp(); a != nil {
		if link, perr := url.Parse(storage.NewFileURI(path).String()); perr == nil {
			_ = a.OpenURL(link)
		}
	}
	return path, nil
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
	return writePrintout(u, "sheet-"+app.EventCode(ev.ID)+"-"+kind+".pdf", func(w io.Writer) error { return pdf.SignInSheet(w, opts) })
}
