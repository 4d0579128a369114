package importer

import (
	"io"
	"path/filepath"
	"strings"

	"frontdesk/app"
)

// STOP-list formats ReadOptOuts recognises.
const (
	// FormatList is a plain list of phone numbers: a phone column found by
	// its header (like Read finds one), or a single column of numbers with
	// no header at all.
	FormatList = "list"
	// FormatRapidPro is a RapidPro (or TextIt) contacts export: phone
	// numbers in "URN:Tel" columns ("tel:+12135550142") and the contact's
	// state in a "Status" column. Only rows whose status is "stopped" (the
	// person replied STOP) are opt-outs; "active", "blocked" (blocked by
	// staff, not by the person) and "archived" rows are counted in
	// OptOutTable.NotStopped and left out.
	FormatRapidPro = "rapidpro"
)

// OptOutTable is what ReadOptOuts found in a STOP list.
type OptOutTable struct {
	// Rows are the opt-outs in file order, one per phone cell; a row whose
	// phone cells are all blank gives one row with an empty Phone, which
	// app.Service.ImportOptOuts reports with its row number.
	Rows       []app.OptOutRow
	Format     string // FormatList or FormatRapidPro
	HeaderLine int    // 0: no header row
	NotStopped int    // RapidPro rows left out because their status is not "stopped"
}

// Source describes the file for the opt-out records, e.g. "rapidpro file
// contacts.xlsx" (what OptOutVia says).
func (t *OptOutTable) Source(name string) string {
	what := "stop list"
	if t.Format == FormatRapidPro {
		what = "rapidpro"
	}
	if name == "" {
		return what
	}
	return what + " file " + filepath.Base(name)
}

// optOutPhoneHeaders are header keys (see headerKey) of phone columns in a
// STOP list, besides the participant import's phone headers.
var optOutPhoneHeaders = map[string]bool{
	"urntel": true, "urn": true, "tel": true, "telurn": true, "phonenumber": true, "number": true,
	"numero": true, "msisdn": true, "contact": true, "contacturn": true, "from": true, "sender": true,
	"mobilenumber": true, "phones": true, "telefonos": true,
}

var statusHeaders = map[string]bool{"status": true, "contactstatus": true, "estado": true, "estatus": true}

func isOptOutPhoneHeader(h string) bool {
	k := HeaderKey(h)
	if optOutPhoneHeaders[k] || strings.HasPrefix(k, "urntel") {
		return true
	}
	return cellField(h) == fPhone
}

// ReadOptOuts reads a STOP list: a CSV or XLSX (see Read for the encodings it
// accepts) of phone numbers, or a RapidPro/TextIt contacts export. The header
// is the first non-blank row (of the first ten) naming a phone column; a file
// whose first non-blank row is a lone phone number has no header and lists
// numbers in that column. Errors are *app.Error with code EInvalid.
func ReadOptOuts(r io.Reader, name string) (*OptOutTable, error) {
	var b optOutBuilder
	if err := eachRow(r, name, b.add); err != nil {
		return nil, err
	}
	return b.finish()
}

// optOutBuilder finds the STOP list's columns, then collects its rows.
type optOutBuilder struct {
	t        OptOutTable
	found    bool
	phones   []int // phone columns
	status   int   // -1: none
	seen     int   // non-blank rows before the header
	firstRow []string
}

// phoneLike reports whether s looks like a phone number rather than a
// header: mostly digits, at least seven of them.
func phoneLike(s string) bool {
	s = strings.TrimSpace(strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), "tel:"))
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" +-.()/", r):
		default:
			return false
		}
	}
	return digits >= 7
}

func (b *optOutBuilder) add(line int, cells []string) error {
	if blank(cells) {
		return nil
	}
	if !b.found {
		var nonBlank []int
		for i, c := range cells {
			if strings.TrimSpace(c) != "" {
				nonBlank = append(nonBlank, i)
			}
		}
		b.status = -1
		for _, i := range nonBlank {
			switch {
			case isOptOutPhoneHeader(cells[i]):
				b.phones = append(b.phones, i)
			case statusHeaders[HeaderKey(cells[i])] && b.status < 0:
				b.status = i
			}
		}
		if len(b.phones) > 0 {
			b.found, b.t.HeaderLine = true, line
			b.t.Format = FormatList
			if b.status >= 0 {
				b.t.Format = FormatRapidPro
			}
			return nil
		}
		b.status = -1
		if len(nonBlank) == 1 && phoneLike(cells[nonBlank[0]]) && (b.seen == 0 || len(b.firstRow) == 1) {
			// a single column of numbers starting here, with no header or
			// one the rows above name in words we do not know
			b.found, b.phones, b.t.Format = true, nonBlank, FormatList
			return b.add(line, cells)
		}
		if b.seen == 0 {
			for _, i := range nonBlank {
				b.firstRow = append(b.firstRow, strings.TrimSpace(cells[i]))
			}
		}
		b.seen++
		if b.seen >= maxHeaderSearch {
			return b.noHeader()
		}
		return nil
	}
	if b.status >= 0 {
		st := ""
		if b.status < len(cells) {
			st = HeaderKey(cells[b.status])
		}
		if st != "stopped" {
			b.t.NotStopped++
			return nil
		}
	}
	if len(b.t.Rows) >= MaxRows {
		return app.Errorf(app.EInvalid, "The file has more than %d rows. Please split it into smaller files.", MaxRows)
	}
	n := 0
	for _, i := range b.phones {
		if i >= len(cells) {
			continue
		}
		v := strings.TrimSpace(cells[i])
		if len(v) >= 4 && strings.EqualFold(v[:4], "tel:") {
			v = strings.TrimSpace(v[4:])
		}
		if v == "" {
			continue
		}
		b.t.Rows = append(b.t.Rows, app.OptOutRow{Line: line, Phone: numberText(v)}) // "2135550142.0" is its digits
		n++
	}
	if n == 0 {
		b.t.Rows = append(b.t.Rows, app.OptOutRow{Line: line})
	}
	return nil
}

func (b *optOutBuilder) noHeader() error {
	if len(b.firstRow) == 0 {
		return app.Errorf(app.EInvalid, "The file is empty.")
	}
	return app.Errorf(app.EInvalid, "Could not find the phone column. The first row has %s. Name the column Phone (or Teléfono, or URN:Tel in a RapidPro export), or give a single column of numbers.", describeCells(b.firstRow, isOptOutPhoneHeader))
}

func (b *optOutBuilder) finish() (*OptOutTable, error) {
	if !b.found {
		return nil, b.noHeader()
	}
	return &b.t, nil
}
