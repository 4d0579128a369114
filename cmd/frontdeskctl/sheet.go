package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"frontdesk/app"
	"frontdesk/app/pdf"
)

// cmdSheet prints an event's sign-in sheet to a PDF: blank, or pre-filled
// with the participants pre-registered for it (with their phones and emails
// only when the site's settings say so). Directors only; the print is
// audited before the file is written.
func (e *env) cmdSheet(args []string) error {
	fs := e.flags("sheet")
	event := fs.String("event", "", "the event's id, or the code on its sheet (E-...)")
	out := fs.String("out", "", "the PDF file to write")
	prefilled := fs.Bool("prefilled", false, "print the pre-registered participants' names")
	a4 := fs.Bool("a4", false, "A4 paper instead of US Letter")
	rows := fs.Int("rows", 0, "empty rows (default: two pages on a blank sheet, the rest of the last page on a pre-filled one)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("sheet: unexpected argument %q", pos[0])
	}
	if *event == "" {
		return usageErrorf("sheet needs --event ID")
	}
	if *out == "" {
		return usageErrorf("sheet needs --out FILE.pdf")
	}
	if *rows < 0 || *rows > 5000 {
		return usageErrorf("--rows must be between 0 and 5000")
	}
	id, err := strconv.ParseInt(strings.TrimSpace(*event), 10, 64)
	if err != nil {
		if id, err = app.EventIDFromCode(*event); err != nil {
			return usageErrorf("--event %q is neither an event id nor an event code", *event)
		}
	}
	if err := e.open(); err != nil {
		return err
	}
	ev, site, ps, err := e.svc.EventRoster(e.ctx, id)
	if err != nil {
		return err
	}
	opts := pdf.SheetOptions{Site: site, Event: ev, BlankRows: *rows, A4: *a4}
	if *prefilled {
		st, err := e.svc.Settings(e.ctx)
		if err != nil {
			return err
		}
		opts.Participants, opts.ShowContacts = ps, st.SheetContactColumns
	}
	if err := e.svc.RecordSheetPrint(e.ctx, ev.ID, *prefilled, len(opts.Participants)); err != nil {
		return err
	}
	if err := writeFileAtomic(*out, func(f *os.File) error { return pdf.SignInSheet(f, opts) }); err != nil {
		return err
	}
	kind := "blank"
	if *prefilled {
		kind = fmt.Sprintf("pre-filled with %d participant(s)", len(opts.Participants))
	}
	return e.out(map[string]any{"out": *out, "event": ev.ID, "code": app.EventCode(ev.ID), "prefilled": *prefilled,
		"participants": len(opts.Participants), "contacts": opts.ShowContacts},
		fmt.Sprintf("Wrote the sign-in sheet of event %d (%s), %s, to %s", ev.ID, ev.Title, kind, *out))
}
