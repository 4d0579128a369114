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
// "NOMBRE", "Teléfono", "Correo electrónico"), and a bilingual cell such as
// "Nombre / First Name", "Teléfono\nPhone" or "Correo electrónico (Email)"
// matches when any of its parts does (see Headers, HeaderParts). Two
// columns naming the same field are an error naming both; columns it does
// not know are ignored, and Table says which columns were used for what and
// which were ignored. The header is the first non-blank row that names the
// participant's name columns; title rows (merged cells included) and blank
// rows above it are skipped, and Table says which row it was.
//
// Workbook cells are read as stored, not as their number format shows
// them, so a phone typed as a number reads as its digits even when Excel
// shows "2.14E+09"; a phone that is only left as "2.13555E+09" (fewer than
// ten digits kept) is reported as lost rather than guessed (Row.PhoneErr).
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
	"slices"
	"strings"
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
	// ImportLayout holds the spreadsheet row number of the header row
	// (HeaderLine, usually 1; title and blank rows above it are skipped)
	// and the columns used (Used, with what they were read as) and
	// ignored (Ignored), in column order. Pass it on in
	// app.ImportOptions.Layout.
	app.ImportLayout
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
	// PhoneErr explains a phone cell that lost digits to scientific notation
	// ("2.13555E+09"); Phone is then empty. A phone typed as a number
	// ("2135550142", "2135550142.0", "2.135550142E+09") is read as its
	// digits.
	PhoneErr string
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
		// Raw values: a phone typed as a number is its digits, not the
		// text a number format shows ("2.14E+09", "(213) 555-0142").
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
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
	// fNombre is a bare Spanish "Nombre": the first name when a last-name
	// column exists, otherwise the whole name. Beside another name in the
	// same cell ("Nombre / First Name", "Name / Nombre") it gives way.
	fNombre
	numFields
)

// fieldNames are the fields as reports name them.
var fieldNames = [numFields]string{
	fFirst: "first name", fLast: "last name", fFull: "full name", fPhone: "phone", fEmail: "email",
	fLanguage: "language", fZIP: "ZIP code", fConsent: "text consent", fCalJOBS: "CalJOBS ID", fNombre: "name",
}

// participantHeaders are the headers Read knows, in English and Spanish:
// those of the app's own sign-in sheets (app/pdf: "Name / Nombre", "Phone /
// Teléfono", "Email / Correo", "Texts OK? / ¿Mensajes?") and the ways
// centers, case-management systems and Google Forms write them.
var participantHeaders = NewHeaders(map[field][]string{
	fFirst: {"first", "first name", "first names", "firstname", "given", "given name", "given names", "fname", "forename",
		"primer nombre", "nombre de pila", "nombres de pila"},
	fLast: {"last", "last name", "last names", "lastname", "surname", "surnames", "family name", "lname",
		"apellido", "apellidos", "apellido s", "primer apellido"},
	fFull: {"name", "full name", "fullname", "participant", "participant name", "client name", "customer name",
		"job seeker", "job seeker name", "your name", "name and last name", "first and last name",
		"last name, first name", "last, first", "apellido, nombre", "apellidos, nombre",
		"nombre completo", "nombre y apellido", "nombre y apellidos", "nombre del participante", "su nombre"},
	fNombre: {"nombre", "nombres"},
	fPhone: {"phone", "phone number", "phone no", "phone #", "phones", "telephone", "telephone number", "tel", "cell",
		"cell phone", "cell #", "cell number", "cellphone", "mobile", "mobile phone", "mobile number", "primary phone",
		"contact phone", "contact number",
		"telefono", "numero de telefono", "no de telefono", "telefono celular", "celular", "cel", "movil",
		"numero de celular", "telefono movil"},
	fEmail: {"email", "e-mail", "email address", "e-mail address", "mail", "correo", "correo electronico",
		"email correo", "correo e", "direccion de correo", "direccion de correo electronico"},
	fLanguage: {"language", "preferred language", "lang", "primary language", "language preference",
		"idioma", "idioma preferido", "idioma de preferencia", "lengua"},
	fZIP: {"zip", "zip code", "zipcode", "postal code", "postcode", "codigo postal", "cp"},
	fConsent: {"sms consent", "text ok", "texts ok", "ok to text", "text consent", "sms ok", "consent", "sms",
		"text messages", "text messages ok", "text reminders", "texting consent", "consent to text", "opt in",
		"sms opt in", "text opt in",
		"mensajes", "mensajes de texto", "acepta mensajes", "acepta mensajes de texto", "acepta textos",
		"consentimiento", "consentimiento sms", "recordatorios por texto", "ok para textos"},
	fCalJOBS: {"caljobs id", "caljobs", "caljobs number", "caljobs no", "caljobs #", "caljobs user id", "caljobs state id"},
})

// cellField returns the one field a header cell names, or -1: a bare
// "Nombre" beside another field in the cell gives way to it.
func cellField(h string) field {
	fs := participantHeaders.Fields(h)
	if len(fs) > 1 {
		fs = slices.DeleteFunc(fs, func(f field) bool { return f == fNombre })
	}
	if len(fs) != 1 {
		return -1
	}
	return fs[0]
}

// columns says which cell of a row holds which field: the column's index
// plus one, 0 for none.
type columns [numFields]int

// mapHeader maps a header row to columns and the layout to report (which
// columns were used for what, which were ignored), or reports ok false when
// the row names no usable name columns (a title, a note). err is set for a
// header row that names one field in two columns.
func mapHeader(cells []string) (cols columns, layout app.ImportLayout, ok bool, err error) {
	hcols := HeaderColumns(cells)
	var by [numFields][]Column
	for _, c := range hcols {
		if f := cellField(c.Header); f >= 0 {
			by[f] = append(by[f], c)
		}
	}
	has := func(f field) bool { return len(by[f]) > 0 }
	if has(fNombre) {
		if has(fLast) {
			by[fFirst] = append(by[fNombre], by[fFirst]...)
		} else {
			by[fFull] = append(by[fNombre], by[fFull]...)
		}
		by[fNombre] = nil
	}
	if !has(fFirst) && has(fLast) && has(fFull) {
		// "Name | Surname": the name column holds the first name.
		by[fFirst], by[fFull] = by[fFull], nil
	}
	switch {
	case has(fFirst) && has(fLast):
		by[fFull] = nil
	case has(fFull):
		by[fFirst], by[fLast] = nil, nil
	default:
		return cols, layout, false, nil
	}
	usedAs := make(map[int]field, len(hcols)) // column index → field, for the columns used
	for f := range numFields {
		switch len(by[f]) {
		case 0:
			continue
		case 1:
		default:
			a, b := by[f][0], by[f][1]
			if b.Index < a.Index {
				a, b = b, a
			}
			return cols, layout, true, DuplicateColumnError(fieldNames[f], a, b)
		}
		cols[f] = by[f][0].Index + 1
		usedAs[by[f][0].Index] = f
	}
	for _, c := range hcols {
		ic := app.ImportColumn{Column: c.Letter(), Header: c.Header}
		if f, used := usedAs[c.Index]; used {
			ic.Field = fieldNames[f]
			layout.Used = append(layout.Used, ic)
		} else {
			layout.Ignored = append(layout.Ignored, ic)
		}
	}
	return cols, layout, true, nil
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
		cols, layout, ok, err := mapHeader(cells)
		if err != nil {
			return app.Errorf(app.EInvalid, "Row %d looks like the header row, but: %s", line, err)
		}
		if ok {
			layout.HeaderLine = line
			b.header, b.cols, b.t.ImportLayout = true, cols, layout
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
		if i := b.cols[f] - 1; i >= 0 && i < len(cells) {
			return strings.TrimSpace(cells[i])
		}
		return ""
	}
	r := Row{Line: line, First: get(fFirst), Last: get(fLast), Email: get(fEmail),
		Language: get(fLanguage), ZIP: padZIP(numberText(get(fZIP))), CalJOBS: numberText(get(fCalJOBS))}
	r.Phone, r.PhoneErr = phoneCell(get(fPhone))
	if full := get(fFull); full != "" {
		r.First, r.Last = SplitName(full)
	}
	consent := get(fConsent)
	r.Consent, r.ConsentErr = parseConsent(consent)
	if r.First == "" && r.Last == "" && r.Phone == "" && r.PhoneErr == "" && r.Email == "" && r.Language == "" &&
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
	return app.Errorf(app.EInvalid, "Could not find the name columns. The first row has %s. Name the columns First Name and Last Name (or Nombre and Apellido), or use one Full Name column.",
		describeCells(b.firstHdr, func(c string) bool { return len(participantHeaders.Fields(c)) > 0 }))
}

// describeCells says what a row that is not a header holds, cell by cell,
// for messages that go to a screen or a terminal: a cell that is a known
// header (known says) as written, any other by its kind, never its value,
// since the row may be a person ("A text, B text, C a phone number or
// other number, D an email address").
func describeCells(cells []string, known func(string) bool) string {
	var out []string
	for i, c := range cells {
		if len(out) == 12 {
			out = append(out, "…")
			break
		}
		c = strings.TrimSpace(c)
		if c != "" && known(c) {
			out = append(out, fmt.Sprintf("%s %q", Column{Index: i}.Letter(), truncate(c, 40)))
			continue
		}
		digits := 0
		for _, r := range c {
			if r >= '0' && r <= '9' {
				digits++
			}
		}
		kind := "text"
		switch {
		case c == "":
			kind = "blank"
		case strings.Contains(c, "@"):
			kind = "an email address"
		case digits >= 7:
			kind = "a phone number or other number"
		case digits > 0 && digits == len(c):
			kind = "a number"
		}
		out = append(out, Column{Index: i}.Letter()+" "+kind)
	}
	return strings.Join(out, ", ")
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
	switch HeaderKey(s) {
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

// number is a cell read as a plain decimal number, the way spreadsheets
// write one: "2135550142", "2135550142.0", "2.135550142E+09", "9.0031e4".
type number struct {
	whole  string // the number's digits when it is a whole number, else ""
	sig    int    // significant digits written (leading zeros not counted)
	sci    bool   // written in scientific notation
	digits bool   // written as digits alone, as-is ("02134")
}

// maxExponent bounds the exponent parseNumber expands (no cell of a list
// of people holds a number of more than 30 digits).
const maxExponent = 30

// parseNumber reads s as a number (see number); ok is false for any other
// text.
func parseNumber(s string) (n number, ok bool) {
	mant, exp := s, 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mant, n.sci = s[:i], true
		e := s[i+1:]
		neg := strings.HasPrefix(e, "-")
		e = strings.TrimPrefix(strings.TrimPrefix(e, "+"), "-")
		if e == "" || len(e) > 3 || !allDigits(e) {
			return n, false
		}
		for _, c := range e {
			exp = exp*10 + int(c-'0')
		}
		if neg {
			exp = -exp
		}
		if exp > maxExponent {
			return n, false
		}
	}
	ip, fp, _ := strings.Cut(mant, ".")
	if ip == "" || !allDigits(ip) || !allDigits(fp) {
		return n, false
	}
	n.digits = !n.sci && !strings.Contains(mant, ".")
	all := ip + fp
	n.sig = len(strings.TrimLeft(all, "0"))
	point := len(ip) + exp // digits of all before the decimal point
	switch {
	case point >= len(all):
		n.whole = all + strings.Repeat("0", point-len(all))
	case point > 0 && strings.Trim(all[point:], "0") == "":
		n.whole = all[:point]
	case point <= 0 && strings.Trim(all, "0") == "":
		n.whole = "0"
	}
	if !n.digits && n.whole != "" {
		if n.whole = strings.TrimLeft(n.whole, "0"); n.whole == "" {
			n.whole = "0"
		}
	}
	return n, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// numberText returns a cell holding a whole number written as a decimal
// ("90031.0", "9.0031E+4") as its digits, and any other cell as it is.
func numberText(s string) string {
	if n, ok := parseNumber(s); ok && !n.digits && n.whole != "" {
		return n.whole
	}
	return s
}

// minPhoneDigits is the fewest significant digits a phone number written in
// scientific notation must keep to be read (a US number has 10).
const minPhoneDigits = 10

// phoneCell reads a phone cell: a number typed into it ("2135550142.0",
// "2.135550142E+09") is its digits; one in scientific notation that kept
// fewer than ten significant digits ("2.13555E+09", what Excel shows and a
// CSV saves for a number in a narrow General column) has lost the rest,
// and gives an error instead of a made-up number. Other text is returned
// as it is, for app.NormalizePhone to check.
func phoneCell(s string) (phone, problem string) {
	n, ok := parseNumber(s)
	if !ok {
		return s, ""
	}
	if n.sci && n.sig < minPhoneDigits {
		return "", fmt.Sprintf("%q has lost its last digits (the spreadsheet keeps the phone as a number in scientific notation); format the column as Text, type the full number and import again", truncate(s, 20))
	}
	return numberText(s), ""
}
