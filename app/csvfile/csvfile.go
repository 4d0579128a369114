// Package csvfile is the one CSV writer of Front Desk. A CSV file has one of
// two readers, and the bytes differ for each:
//
//   - Machine: another program imports it (the reminder system's
//     participants.csv, events.csv and site.csv, docs/roster-format.md).
//     UTF-8 without a byte-order mark, LF line ends, RFC 4180 quoting, as
//     documented for that system; nothing about it may change.
//   - Excel: a person opens it, usually by double-click on Windows, where
//     Excel reads a CSV without a byte-order mark as Windows-1252 and shows
//     "InÃ©s" for "Inés". UTF-8 with a byte-order mark (EF BB BF) and CRLF
//     line ends; LibreOffice, Numbers and Google Sheets read it too.
//
// In both kinds free text goes through Text, which keeps a spreadsheet from
// running a cell as a formula. Workbooks (.xlsx) never need it: a cell
// written as a string is never a formula there.
package csvfile

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

// Kind says who reads a CSV file.
type Kind int

// The kinds of CSV file.
const (
	// Machine is for another program: UTF-8, no byte-order mark, LF.
	Machine Kind = iota
	// Excel is for a person opening the file in a spreadsheet: UTF-8 with a
	// byte-order mark, CRLF.
	Excel
)

// BOM is the UTF-8 byte-order mark an Excel-kind file starts with.
const BOM = "\uFEFF"

// String is the kind's name on frontdeskctl's --csv flag.
func (k Kind) String() string {
	if k == Excel {
		return "excel"
	}
	return "plain"
}

// ParseKind reads a --csv flag value: "excel" or "plain".
func ParseKind(s string) (Kind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "excel", "":
		return Excel, nil
	case "plain":
		return Machine, nil
	}
	return Machine, fmt.Errorf("--csv %q: use excel (UTF-8 with a byte-order mark and CRLF, for people opening the file in a spreadsheet) or plain (UTF-8, LF, for programs)", s)
}

// Writer writes records of one kind. Errors stick: after the first one,
// every call returns it.
type Writer struct {
	w       io.Writer
	cw      *csv.Writer
	kind    Kind
	started bool
	err     error
}

// NewWriter returns a Writer of kind k on w.
func NewWriter(w io.Writer, k Kind) *Writer {
	cw := csv.NewWriter(w)
	cw.UseCRLF = k == Excel
	return &Writer{w: w, cw: cw, kind: k}
}

// start writes the byte-order mark of an Excel-kind file, once.
func (w *Writer) start() error {
	if w.started || w.err != nil {
		return w.err
	}
	w.started = true
	if w.kind == Excel {
		_, w.err = io.WriteString(w.w, BOM)
	}
	return w.err
}

// Write writes one record as it is.
func (w *Writer) Write(rec []string) error {
	if err := w.start(); err != nil {
		return err
	}
	if err := w.cw.Write(rec); err != nil && w.err == nil {
		w.err = err
	}
	return w.err
}

// WriteText writes one record with every cell passed through Text (lists
// of free text, where no cell needs to start with + or -).
func (w *Writer) WriteText(rec []string) error {
	safe := make([]string, len(rec))
	for i, c := range rec {
		safe[i] = Text(c)
	}
	return w.Write(safe)
}

// Flush writes what is buffered (and the byte-order mark of an Excel-kind
// file with no record) and returns the first error.
func (w *Writer) Flush() error {
	if err := w.start(); err != nil {
		return err
	}
	w.cw.Flush()
	if err := w.cw.Error(); err != nil && w.err == nil {
		w.err = err
	}
	return w.err
}

// Text neutralises free text a spreadsheet would take for a formula: text
// starting with = + - @, a tab or a carriage return gets a leading
// apostrophe ('=HYPERLINK(...)). For CSV files only.
func Text(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
