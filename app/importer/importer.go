// Package importer reads lists of participants from the spreadsheets people
// actually make: Excel workbooks (.xlsx, first visible sheet) and CSV files
// saved by Excel, LibreOffice, Google Sheets or a case-management export.
//
// CSV input may be UTF-8 with or without a byte-order mark, UTF-16 with a
// byte-order mark (Excel's "Unicode Text"), or, when it is not valid UTF-8,
// Windows-1252 (Excel's "CSV" on Windows). The delimiter (comma, semicolon or
// tab) is sniffed from the header line; quoted fields, ragged rows and blank
// lines are all accepted.
//
// Header names are matched loosely, in English and Spanish: case, accents,
// spaces and punctuation do not matter ("First Name", "first_name",
// "NOMBRE", "Teléfono", "Correo electrónico"). Columns it does not know are
// ignored and listed in Table.Ignored. The header is the first non-blank row
// that names the participant's name columns; title rows above it are skipped.
//
// Read only parses: it checks no phone numbers or emails and touches no
// database. app.Service.ImportParticipants validates and stores the rows.
package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"

	"frontdesk/app"
)

// Limits on what Read accepts; larger files are refused with a clear error
// rather than read half-way.
const (
	// MaxRows is the most data rows (after the header) a file may hold.
	MaxRows = app.MaxImportRows
	// MaxBytes is the largest file, CSV or XLSX, Read accepts.
	MaxBytes = 64 << 20
	// maxHeaderSearch is how many non-blank rows may precede the header
	// (titles, notes) before Read gives up looking for it.
	maxHeaderSearch = 10
	// maxUnzip bounds the uncompressed size of an XLSX (zip bombs).
	maxUnzip = 1 << 30
)

// Table is what Read found in a spreadsheet.
type Table struct {
	// Rows are the data rows in file order, blank rows left out.
	Rows []Row
	// Ignored lists the header names of columns Read did not use, in order.
	Ignored []string
	// HeaderLine is the spreadsheet row number of the header row (usually 1).
	HeaderLine int
}

// Row is one participant as written in the spreadsheet, trimmed but not
// otherwise checked.
type Row struct {
	// Line is the spreadsheet row number (the header is usually row 1), as
	// people see it in Excel; blank rows count, so it matches what they see.
	Line int
	// First and Last are the names; from a single full-name column the last
	// word (or what comes before a comma: "González, María") is the last name.
	First, Last string
	Phone       string
	Email       string
	Language    string
	// ZIP is as written, except that a 3- or 4-digit number (a ZIP code whose
	// leading zeros a spreadsheet dropped) is padded back to 5 digits.
	ZIP     string
	CalJOBS string
	// Consent is true when the consent cell says yes (yes, y, sí, si, x,
	// true, 1, ok); blank or no (no, n, false, 0) is false.
	Consent bool
	// ConsentErr explains a consent cell that is neither yes nor no; Consent
	// is then false.
	ConsentErr string
}

// ImportRows returns the table's rows ready for app.Service.ImportParticipants.
// (Row and app.ImportRow have the same fields, so this stops compiling if
// they ever drift apart.)
func (t *Table) ImportRows() []app.ImportRow {
	out := make([]app.ImportRow, len(t.Rows))
	for i, r := range t.Rows {
		out[i] = app.ImportRow(r)
	}
	return out
}

// Read reads the participant table in r. name is the file's name, used only
// for its extension: ".xlsx" (or content starting with the zip signature
// "PK\x03\x04") is read as an Excel workbook, anything else as CSV. Errors are
// *app.Error with code EInvalid and a message for the person importing.
func Read(r io.Reader, name string) (*Table, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, app.Errorf(app.EInvalid, "Could not read %s: %v", base(name), err)
	}
	if len(data) > MaxBytes {
		return nil, app.Errorf(app.EInvalid, "%s is larger than %d MB. Please split it into smaller files.", base(name), MaxBytes>>20)
	}
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")) || ext == ".xlsx" || ext == ".xlsm":
		return readXLSX(data, name)
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}) || ext == ".xls":
		return nil, app.Errorf(app.EInvalid, "%s is an old-style Excel file (.xls) or a password-protected workbook. Open it in Excel and save it as .xlsx (without a password) or as CSV.", base(name))
	}
	return readCSV(data)
}

func base(name string) string {
	if name == "" {
		return "The file"
	}
	return filepath.Base(name)
}

// ---- XLSX

func readXLSX(data []byte, name string) (*Table, error) {
	var b builder
	if err := eachXLSXRow(data, name, b.add); err != nil {
		return nil, err
	}
	return b.finish()
}

// eachXLSXRow calls add with every row of the workbook's first visible sheet
// and its spreadsheet row number.
func eachXLSXRow(data []byte, name string, add func(line int, cells []string) error) (err error) {
	// A damaged workbook must not take the app down with it.
	defer func() {
		if p := recover(); p != nil {
			err = app.Errorf(app.EInvalid, "%s could not be read as an Excel workbook (it looks damaged). Save it as .xlsx or CSV and try again.", base(name))
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzip})
	if err != nil {
		return app.Errorf(app.EInvalid, "%s could not be read as an Excel workbook (%v). Save it as .xlsx or CSV and try again.", base(name), err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return app.Errorf(app.EInvalid, "%s has no sheets.", base(name))
	}
	sheet := sheets[0]
	for _, s := range sheets {
		if visible, err := f.GetSheetVisible(s); err == nil && visible {
			sheet = s
			break
		}
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return app.Errorf(app.EInvalid, "Could not read sheet %q of %s: %v", sheet, base(name), err)
	}
	defer rows.Close()
	line := 0
	for rows.Next() {
		line++ // Next steps one spreadsheet row at a time, gaps included
		cells, err := rows.Columns()
		if err != nil {
			return app.Errorf(app.EInvalid, "Could not read row %d of sheet %q: %v", line, sheet, err)
		}
		if err := add(line, cells); err != nil {
			return err
		}
	}
	if err := rows.Error(); err != nil {
		return app.Errorf(app.EInvalid, "Could not read sheet %q of %s: %v", sheet, base(name), err)
	}
	return nil
}

// ---- CSV

// decodeText turns the bytes of a text file into UTF-8: a UTF-8 byte-order
// mark is dropped, UTF-16 with a byte-order mark is converted, and anything
// else that is not valid UTF-8 is taken to be Windows-1252.
func decodeText(data []byte) []byte {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		out, err := xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM).NewDecoder().Bytes(data)
		if err == nil {
			data = out
		}
	}
	if !utf8.Valid(data) {
		if out, err := charmap.Windows1252.NewDecoder().Bytes(data); err == nil {
			data = out
		}
	}
	// Classic Mac line ends (CR alone) become LF so rows are rows.
	if bytes.IndexByte(data, '\n') < 0 && bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, []byte{'\r'}, []byte{'\n'})
	}
	return data
}

// sniffDelimiter picks comma, semicolon or tab: whichever occurs most often,
// outside quotes, on the first line that has any of them. Comma wins ties and
// is the answer when no line has any.
func sniffDelimiter(data []byte) rune {
	var counts [3]int // , ; \t
	inQuote := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == '\n':
			if counts != [3]int{} {
				return pickDelimiter(counts)
			}
		case c == ',':
			counts[0]++
		case c == ';':
			counts[1]++
		case c == '\t':
			counts[2]++
		}
	}
	return pickDelimiter(counts)
}

func pickDelimiter(counts [3]int) rune {
	best, n := ',', counts[0]
	if counts[1] > n {
		best, n = ';', counts[1]
	}
	if counts[2] > n {
		best = '\t'
	}
	return best
}

func readCSV(data []byte) (*Table, error) {
	var b builder
	if err := eachCSVRow(data, b.add); err != nil {
		return nil, err
	}
	return b.finish()
}

// eachCSVRow calls add with every record of a CSV file (see decodeText and
// sniffDelimiter) and its spreadsheet row number.
func eachCSVRow(data []byte, add func(line int, cells []string) error) error {
	data = decodeText(data)
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = sniffDelimiter(data)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	// Spreadsheet row numbers: the csv reader skips empty lines and a quoted
	// cell may span lines, so a record's row is the previous record's row plus
	// the lines between the end of that record and the start of this one.
	prevRow, prevEnd := 0, 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return app.Errorf(app.EInvalid, "The file could not be read near line %d: %v", pe.Line, pe.Err)
			}
			return app.Errorf(app.EInvalid, "The file could not be read: %v", err)
		}
		start, _ := cr.FieldPos(0)
		lastStart, _ := cr.FieldPos(len(rec) - 1)
		row := prevRow + start - prevEnd
		if row <= prevRow { // cannot happen; keep numbers increasing regardless
			row = prevRow + 1
		}
		prevRow = row
		prevEnd = max(lastStart+strings.Count(rec[len(rec)-1], "\n"), start)
		if err := add(row, rec); err != nil {
			return err
		}
	}
	return nil
}

// ---- headers and rows

// field is a participant attribute a column can hold.
type field int

const (
	fFirst field = iota
	fLast
	fFull
	fPhone
	fEmail
	fLanguage
	fZIP
	fConsent
	fCalJOBS
	numFields
)

// headerNames maps header keys (see headerKey) to fields.
var headerNames = map[string]field{}

func init() {
	for f, names := range map[field][]string{
		fFirst: {"first", "first name", "firstname", "given", "given name", "given names", "fname", "forename",
			"nombre", "nombres", "primer nombre", "nombre de pila"},
		fLast: {"last", "last name", "lastname", "surname", "family name", "lname",
			"apellido", "apellidos", "apellido(s)", "primer apellido"},
		fFull: {"name", "full name", "fullname", "participant", "participant name", "client name", "customer name",
			"nombre completo", "nombre y apellido", "nombre y apellidos", "nombre del participante"},
		fPhone: {"phone", "phone number", "phone no", "phone #", "telephone", "telephone number", "tel", "cell", "cell phone",
			"cellphone", "cell number", "mobile", "mobile phone", "mobile number", "primary phone",
			"telefono", "numero de telefono", "telefono celular", "celular", "movil", "numero de celular"},
		fEmail: {"email", "e-mail", "email address", "e-mail address", "mail",
			"correo", "correo electronico", "email correo", "correo e"},
		fLanguage: {"language", "preferred language", "lang", "primary language", "idioma", "idioma preferido", "lengua"},
		fZIP:      {"zip", "zip code", "zipcode", "postal code", "postcode", "codigo postal", "cp"},
		fConsent: {"sms consent", "text ok", "texts ok", "ok to text", "text consent", "sms ok", "consent", "sms",
			"consentimiento", "consentimiento sms", "acepta mensajes", "acepta textos"},
		fCalJOBS: {"caljobs id", "caljobs", "caljobs number", "caljobs no", "caljobs #", "caljobs user id", "caljobs state id"},
	} {
		for _, n := range names {
			headerNames[headerKey(n)] = f
		}
	}
}

// headerKey folds a header for matching: accents and case removed, only
// letters and digits kept. "Correo electrónico" → "correoelectronico".
func headerKey(s string) string {
	var b strings.Builder
	for _, r := range app.FoldName(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// lookupHeader returns the field a header names: the header as written, then
// without a parenthesised note ("SMS consent (Y/N)", "Phone (cell)").
func lookupHeader(h string) (field, bool) {
	if f, ok := headerNames[headerKey(h)]; ok {
		return f, true
	}
	if i := strings.IndexByte(h, '('); i > 0 {
		if f, ok := headerNames[headerKey(h[:i])]; ok {
			return f, true
		}
	}
	return 0, false
}

// columns says which cells of a row hold which field; several columns may
// feed one field (the first non-blank wins).
type columns [numFields][]int

// mapHeader maps a header row to columns, or reports ok false when it names
// no usable name columns.
func mapHeader(cells []string) (cols columns, ignored []string, ok bool) {
	known := make([]bool, len(cells))
	for i, h := range cells {
		h = strings.TrimSpace(h)
		if h == "" {
			continue
		}
		if f, found := lookupHeader(h); found {
			cols[f] = append(cols[f], i)
			known[i] = true
		}
	}
	has := func(f field) bool { return len(cols[f]) > 0 }
	switch {
	case !has(fFirst) && has(fLast) && has(fFull):
		// "Name | Surname": the name column holds the first name.
		cols[fFirst], cols[fFull] = cols[fFull], nil
	case has(fFirst) && !has(fLast) && !has(fFull) && isBareNombre(cells[cols[fFirst][0]]):
		// A lone Spanish "Nombre" column is the whole name.
		cols[fFull], cols[fFirst] = cols[fFirst], nil
	}
	drop := func(f field) {
		for _, i := range cols[f] {
			known[i] = false
		}
		cols[f] = nil
	}
	switch {
	case has(fFirst) && has(fLast):
		drop(fFull)
	case has(fFull):
		drop(fFirst)
		drop(fLast)
	default:
		return cols, nil, false
	}
	for i, h := range cells {
		if h = strings.TrimSpace(h); h != "" && !known[i] {
			ignored = append(ignored, h)
		}
	}
	return cols, ignored, true
}

func isBareNombre(h string) bool {
	k := headerKey(h)
	return k == "nombre" || k == "nombres"
}

// builder turns spreadsheet rows into a Table: it finds the header, then
// collects the data rows under it.
type builder struct {
	t        Table
	cols     columns
	header   bool
	seen     int      // non-blank rows seen before the header
	firstHdr []string // the first non-blank row, for the error message
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func (b *builder) add(line int, cells []string) error {
	if blank(cells) {
		return nil
	}
	if !b.header {
		cols, ignored, ok := mapHeader(cells)
		if ok {
			b.header, b.cols, b.t.Ignored, b.t.HeaderLine = true, cols, ignored, line
			return nil
		}
		if b.seen == 0 {
			for _, c := range cells {
				if c = strings.TrimSpace(c); c != "" {
					b.firstHdr = append(b.firstHdr, c)
				}
			}
		}
		b.seen++
		if b.seen >= maxHeaderSearch {
			return b.noHeader()
		}
		return nil
	}
	get := func(f field) string {
		for _, i := range b.cols[f] {
			if i < len(cells) {
				if v := strings.TrimSpace(cells[i]); v != "" {
					return v
				}
			}
		}
		return ""
	}
	r := Row{Line: line, First: get(fFirst), Last: get(fLast), Phone: get(fPhone), Email: get(fEmail),
		Language: get(fLanguage), ZIP: padZIP(get(fZIP)), CalJOBS: get(fCalJOBS)}
	if full := get(fFull); full != "" {
		r.First, r.Last = SplitName(full)
	}
	consent := get(fConsent)
	r.Consent, r.ConsentErr = parseConsent(consent)
	if r.First == "" && r.Last == "" && r.Phone == "" && r.Email == "" && r.Language == "" &&
		r.ZIP == "" && r.CalJOBS == "" && consent == "" {
		return nil // only unknown columns filled in: a note or a total, not a person
	}
	if len(b.t.Rows) >= MaxRows {
		return app.Errorf(app.EInvalid, "The file has more than %d rows. Please split it into smaller files.", MaxRows)
	}
	b.t.Rows = append(b.t.Rows, r)
	return nil
}

func (b *builder) noHeader() error {
	if len(b.firstHdr) == 0 {
		return app.Errorf(app.EInvalid, "The file is empty.")
	}
	shown := b.firstHdr
	if len(shown) > 12 {
		shown = shown[:12]
	}
	q := make([]string, len(shown))
	for i, h := range shown {
		q[i] = fmt.Sprintf("%q", truncate(h, 40))
	}
	return app.Errorf(app.EInvalid, "Could not find the name columns. The first row has %s. Name the columns First Name and Last Name (or Nombre and Apellido), or use one Full Name column.", strings.Join(q, ", "))
}

func (b *builder) finish() (*Table, error) {
	if !b.header {
		return nil, b.noHeader()
	}
	return &b.t, nil
}

// SplitName splits a full name into first and last name: "Last, First" at
// the comma, otherwise the last word is the last name ("María José Pérez" →
// "María José", "Pérez"). A single word is a first name only.
func SplitName(full string) (first, last string) {
	full = strings.Join(strings.Fields(full), " ")
	if i := strings.IndexByte(full, ','); i >= 0 {
		last, first = strings.TrimSpace(full[:i]), strings.TrimSpace(full[i+1:])
		if first != "" && last != "" {
			return first, last
		}
		full = strings.TrimSpace(strings.Trim(full, ","))
	}
	i := strings.LastIndexByte(full, ' ')
	if i < 0 {
		return full, ""
	}
	return full[:i], full[i+1:]
}

// padZIP restores the leading zeros a spreadsheet drops from a numeric ZIP
// code ("2134" → "02134").
func padZIP(s string) string {
	if len(s) != 3 && len(s) != 4 {
		return s
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return s
		}
	}
	return strings.Repeat("0", 5-len(s)) + s
}

// parseConsent reads a consent cell.
func parseConsent(s string) (bool, string) {
	if t := strings.TrimSpace(s); t == "✓" || t == "✔" || t == "☑" {
		return true, ""
	}
	switch headerKey(s) {
	case "yes", "y", "si", "s", "x", "true", "t", "1", "ok", "agreed", "acepta":
		return true, ""
	case "no", "n", "false", "f", "0":
		return false, ""
	case "":
		if strings.Trim(s, " \t-–—") == "" {
			return false, ""
		}
	}
	return false, fmt.Sprintf("%q is not yes or no", truncate(s, 20))
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
