package importer

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"frontdesk/app"
)

// KitTable is what ReadKits found in a list of kits.
type KitTable struct {
	// Rows are the kits in file order, blank rows left out, ready for
	// app.Service.ImportKits.
	Rows []app.KitImportRow
	// Components are the header names of the component columns, in order.
	Components []string
	// HeaderLine is the spreadsheet row number of the header row (usually 1).
	HeaderLine int
}

// kitColumn is a kit attribute a column of a kit list can hold.
type kitColumn int

const (
	kcComponent kitColumn = iota // any other named column: a component, its cells the serials
	kcKind
	kcTag
	kcAltTag
	kcCarrier
	kcLine
	kcIMEI
	kcNotes
)

// kitHeaderKeys are the header keys (see HeaderKey) of a kit list's
// columns, in English and Spanish.
var kitHeaderKeys = map[string]kitColumn{
	"kind": kcKind, "kitkind": kcKind, "type": kcKind, "kittype": kcKind, "tipo": kcKind, "tipodeequipo": kcKind,
	"tag": kcTag, "kittag": kcTag, "code": kcTag, "kitcode": kcTag, "labelcode": kcTag, "codigo": kcTag, "codigodelequipo": kcTag,
	"assettag": kcAltTag, "alttag": kcAltTag, "alternatetag": kcAltTag, "alternatecode": kcAltTag, "assetnumber": kcAltTag,
	"inventorytag": kcAltTag, "inventorynumber": kcAltTag, "asset": kcAltTag, "etiqueta": kcAltTag,
	"etiquetadeinventario": kcAltTag, "numerodeinventario": kcAltTag, "activo": kcAltTag,
	"carrier": kcCarrier, "operador": kcCarrier, "compania": kcCarrier, "companiatelefonica": kcCarrier,
	"line": kcLine, "linenumber": kcLine, "hotspotline": kcLine, "phone": kcLine, "phonenumber": kcLine,
	"linea": kcLine, "numerodelinea": kcLine, "telefono": kcLine,
	"imei": kcIMEI, "hotspotimei": kcIMEI,
	"notes": kcNotes, "note": kcNotes, "condition": kcNotes, "conditionnotes": kcNotes, "notas": kcNotes,
	"condicion": kcNotes, "comentarios": kcNotes,
}

// kitHeaders matches a kit list's header cells, bilingual ones too
// ("Etiqueta / Asset tag").
var kitHeaders = func() *Headers[kitColumn] {
	names := map[kitColumn][]string{}
	for k, c := range kitHeaderKeys {
		names[c] = append(names[c], k)
	}
	return NewHeaders(names)
}()

// ReadKits reads a list of kits: a CSV or XLSX file (see Read for the
// encodings and delimiters it accepts) with a header row and one kit a row.
// The header is the first non-blank row, of the first ten, with a kind
// column ("kind", "type", "tipo"); rows above it are titles. Other columns,
// matched like Read matches its headers, in English or Spanish: tag (the
// code of a Front Desk label the kit already has), asset tag (the center's
// own tag), carrier, line, IMEI and notes. Every other named column is a
// component ("laptop", "charger", "mouse") and its cells the serials.
//
// ReadKits only parses: a row's kind, serials and phone are checked by
// app.Service.ImportKits, which names the row. Errors are *app.Error with
// code EInvalid: a file it cannot read, no header, two columns for the same
// thing, or a cell under a column without a name.
func ReadKits(r io.Reader, name string) (*KitTable, error) {
	var b kitBuilder
	if err := eachRow(r, name, b.add); err != nil {
		return nil, err
	}
	if !b.found {
		return nil, app.Errorf(app.EInvalid, "%s has no header row with a kind column (kind, tag, laptop, charger, …) in its first %d rows.", base(name), maxHeaderSearch)
	}
	if len(b.t.Rows) == 0 {
		return nil, app.Errorf(app.EInvalid, "%s has a header row but no kits under it.", base(name))
	}
	return &b.t, nil
}

// eachRow reads a CSV or XLSX file (by its name's extension or its first
// bytes, as Read does) and calls add with every row and its spreadsheet
// row number.
func eachRow(r io.Reader, name string, add func(line int, cells []string) error) error {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return app.Errorf(app.EInvalid, "Could not read %s: %v", base(name), err)
	}
	if len(data) > MaxBytes {
		return app.Errorf(app.EInvalid, "%s is larger than %d MB. Please split it into smaller files.", base(name), MaxBytes>>20)
	}
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")) || ext == ".xlsx" || ext == ".xlsm":
		return eachXLSXRow(data, name, add)
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}) || ext == ".xls":
		return app.Errorf(app.EInvalid, "%s is an old-style Excel file (.xls) or a password-protected workbook. Open it in Excel and save it as .xlsx (without a password) or as CSV.", base(name))
	}
	return eachCSVRow(data, add)
}

// kitBuilder finds the header of a kit list, then collects its rows.
type kitBuilder struct {
	t     KitTable
	found bool
	seen  int         // non-blank rows before the header
	cols  []kitColumn // by cell index
	names []string    // header text by cell index (component names)
}

func (b *kitBuilder) add(line int, cells []string) error {
	if blank(cells) {
		return nil
	}
	if !b.found {
		return b.header(line, cells)
	}
	if len(b.t.Rows) >= MaxRows {
		return app.Errorf(app.EInvalid, "The file has more than %d kits. Please split it into smaller files.", MaxRows)
	}
	row := app.KitImportRow{Line: line}
	for i, cell := range cells {
		cell = strings.TrimSpace(cell)
		if cell == "" {
			continue
		}
		if i >= len(b.cols) || b.names[i] == "" {
			return app.Errorf(app.EInvalid, "Row %d has %q in column %s, which has no name in the header row (row %d). Name the column or clear the cell.",
				line, truncate(cell, 20), Column{Index: i}.Letter(), b.t.HeaderLine)
		}
		switch b.cols[i] {
		case kcKind:
			row.Kind = cell
		case kcTag:
			row.Tag = cell
		case kcAltTag:
			row.AltTag = cell
		case kcCarrier:
			row.Carrier = cell
		case kcLine:
			row.LineNumber = cell
		case kcIMEI:
			row.IMEI = cell
		case kcNotes:
			row.Notes = cell
		default:
			row.Serials = append(row.Serials, app.ComponentSerial{Name: b.names[i], Serial: cell})
		}
	}
	b.t.Rows = append(b.t.Rows, row)
	return nil
}

// header takes cells as the header row when they name a kind column, and
// otherwise counts them as a title row.
func (b *kitBuilder) header(line int, cells []string) error {
	cols := make([]kitColumn, len(cells))
	names := make([]string, len(cells))
	hasKind := false
	for i, c := range cells {
		names[i] = strings.TrimSpace(strings.TrimPrefix(c, "\ufeff"))
		cols[i] = kcComponent
		if col, ok := kitHeaders.Match(names[i]); ok {
			cols[i] = col
			hasKind = hasKind || col == kcKind
		}
	}
	if !hasKind {
		b.seen++
		if b.seen >= maxHeaderSearch {
			return app.Errorf(app.EInvalid, "No header row with a kind column (kind, tag, laptop, charger, …) in the first %d rows.", maxHeaderSearch)
		}
		return nil
	}
	first := map[string]int{} // a column's attribute or component name → its index
	for i, n := range names {
		if n == "" {
			continue
		}
		key := fmt.Sprint("column ", cols[i])
		if cols[i] == kcComponent {
			key = "component " + strings.ToLower(n)
		}
		if j, ok := first[key]; ok {
			return app.Errorf(app.EInvalid, "The header row (row %d) has two columns for the same thing: %s (column %s) and %s (column %s).",
				line, truncate(names[j], 30), Column{Index: j}.Letter(), truncate(n, 30), Column{Index: i}.Letter())
		}
		first[key] = i
		if cols[i] == kcComponent {
			b.t.Components = append(b.t.Components, n)
		}
	}
	b.found, b.cols, b.names, b.t.HeaderLine = true, cols, names, line
	return nil
}
