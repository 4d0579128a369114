package importer

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"

	"frontdesk/app"
)

// Headers is the table of header names a kind of spreadsheet may use for
// each of its fields (a participant list's first name, phone, …; a kit
// list's serial number, …), in English and Spanish. Cells are matched
// loosely: see HeaderKey for what is ignored and HeaderParts for how a
// bilingual cell such as "Nombre / First Name" is split. F is the caller's
// own type for a field.
type Headers[F comparable] struct {
	names map[string]F // HeaderKey of a name → field
}

// NewHeaders returns the table of names: for each field, the headers that
// name it. A name listed under two fields is a mistake in the caller's
// table, and NewHeaders panics.
func NewHeaders[F comparable](names map[F][]string) *Headers[F] {
	h := &Headers[F]{names: map[string]F{}}
	for f, list := range names {
		for _, n := range list {
			k := HeaderKey(n)
			if g, dup := h.names[k]; dup && g != f {
				panic(fmt.Sprintf("importer: header %q listed under two fields", n))
			}
			h.names[k] = f
		}
	}
	return h
}

// Fields returns the fields a header cell names, each once, in the order
// its parts name them: the whole cell if it is a known name ("Apellido(s)",
// "Nombre y apellido"), otherwise every part of it that is (see
// HeaderParts). Parts that name nothing are notes and do not count:
// "Teléfono (celular)", "SMS consent (Y/N)". A cell naming nothing gives
// nil; one naming two different fields ("Name / Phone") gives both, and
// the caller decides.
func (h *Headers[F]) Fields(cell string) []F {
	if f, ok := h.names[HeaderKey(cell)]; ok {
		return []F{f}
	}
	var out []F
	for _, p := range HeaderParts(cell) {
		f, ok := h.names[HeaderKey(p)]
		if !ok {
			continue
		}
		dup := false
		for _, g := range out {
			dup = dup || g == f
		}
		if !dup {
			out = append(out, f)
		}
	}
	return out
}

// Match returns the one field a header cell names (see Fields); ok is
// false for a cell naming none, or two different ones.
func (h *Headers[F]) Match(cell string) (f F, ok bool) {
	fs := h.Fields(cell)
	if len(fs) != 1 {
		return f, false
	}
	return fs[0], true
}

// HeaderKey folds a header for matching: accents, case, spaces and
// punctuation removed, only letters and digits kept. "Correo electrónico"
// → "correoelectronico", "E-mail" → "email", "¿Mensajes?" → "mensajes".
func HeaderKey(s string) string {
	var b strings.Builder
	for _, r := range app.FoldName(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// HeaderParts splits a header cell at "/", "|", "\", line breaks and
// brackets into its trimmed non-blank parts, the way bilingual sheets write
// one column in two languages: "Nombre / First Name" → "Nombre", "First
// Name"; "Teléfono\nPhone"; "Correo electrónico (Email)".
func HeaderParts(cell string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(cell, func(r rune) bool {
		switch r {
		case '/', '|', '\\', '\n', '\r', '(', ')', '[', ']', '{', '}', '\u2028':
			return true
		}
		return false
	}) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Column is a non-blank cell of a header row.
type Column struct {
	Index  int    // 0-based position in the row
	Header string // the cell as written, trimmed
}

// Letter returns the column's letter as a spreadsheet shows it: "A", "B",
// …, "Z", "AA".
func (c Column) Letter() string {
	name, err := excelize.ColumnNumberToName(c.Index + 1)
	if err != nil { // past XFD: not a real sheet column
		return fmt.Sprintf("#%d", c.Index+1)
	}
	return name
}

// String returns `C "Teléfono / Phone"`.
func (c Column) String() string { return fmt.Sprintf("%s %q", c.Letter(), truncate(c.Header, 40)) }

// HeaderColumns returns the non-blank cells of a header row; trailing empty
// columns and blank cells between headers are left out.
func HeaderColumns(cells []string) []Column {
	var out []Column
	for i, c := range cells {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, Column{Index: i, Header: c})
		}
	}
	return out
}

// DuplicateColumnError is the error for two columns of one header row that
// name the same field (what, e.g. "phone"): it names both, so the person can
// delete or rename one.
func DuplicateColumnError(what string, a, b Column) error {
	return app.Errorf(app.EInvalid, "Columns %s and %s are both the %s. Delete or rename one of them so it is clear which to import.", a, b, what)
}
