package importer_test

import (
	"archive/zip"
	"bytes"
	"io"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"frontdesk/app"
	"frontdesk/app/importer"
	"frontdesk/app/importer/importertest"
)

func read(t *testing.T, name, content string) *importer.Table {
	t.Helper()
	tab, err := importer.Read(strings.NewReader(content), name)
	if err != nil {
		t.Fatalf("Read(%s): %v", name, err)
	}
	return tab
}

func TestCSVWithBOMAndCommas(t *testing.T) {
	tab := read(t, "list.csv", "\ufeffFirst Name,Last Name,Phone,Email,Notes\r\n"+
		"María,González,(213) 555-0142,maria@example.com,\"likes mornings, not evenings\"\r\n"+
		"\"Lee, Jr.\",\"O'Brien\",,,\r\n")
	want := []importer.Row{
		{Line: 2, First: "María", Last: "González", Phone: "(213) 555-0142", Email: "maria@example.com"},
		{Line: 3, First: "Lee, Jr.", Last: "O'Brien"},
	}
	if !reflect.DeepEqual(tab.Rows, want) {
		t.Fatalf("rows:\n got %+v\nwant %+v", tab.Rows, want)
	}
	if !reflect.DeepEqual(tab.Ignored, []app.ImportColumn{{Column: "E", Header: "Notes"}}) || tab.HeaderLine != 1 {
		t.Fatalf("ignored %q header %d", tab.Ignored, tab.HeaderLine)
	}
	if ir := tab.ImportRows(); len(ir) != 2 || ir[0].Line != 2 || ir[0].First != "María" || ir[1].Last != "O'Brien" {
		t.Fatalf("import rows %+v", ir)
	}
}

func TestCSVSemicolonSpanishHeaders(t *testing.T) {
	// Excel in a Spanish locale saves with semicolons.
	tab := read(t, "lista.csv", "Nombre;Apellido(s);Teléfono;Correo electrónico;Idioma;Código postal;Consentimiento;CalJOBS ID\n"+
		"José;Núñez Pérez;323-555-0199;JOSE@EXAMPLE.COM;español;90031;Sí;A12345\n"+
		"Ana;Ruiz;;;;2134;no;\n")
	want := []importer.Row{
		{Line: 2, First: "José", Last: "Núñez Pérez", Phone: "323-555-0199", Email: "JOSE@EXAMPLE.COM", Language: "español", ZIP: "90031", Consent: true, CalJOBS: "A12345"},
		{Line: 3, First: "Ana", Last: "Ruiz", ZIP: "02134"},
	}
	if !reflect.DeepEqual(tab.Rows, want) {
		t.Fatalf("rows:\n got %+v\nwant %+v", tab.Rows, want)
	}
	if len(tab.Ignored) != 0 {
		t.Fatalf("ignored %q", tab.Ignored)
	}
}

func TestCSVTabAndLooseHeaders(t *testing.T) {
	tab := read(t, "export.txt", "GIVEN_NAME\tsurname\tCell\tE-mail\tPreferred Language\tZip Code\tSMS consent (Y/N)\tCase #\n"+
		"Minh\tNguyễn\t213.555.0100\tminh@example.com\tvi\t90012\ty\t77\n"+
		"Kim\tPark\t\t\t\t\tmaybe\n")
	want := []importer.Row{
		{Line: 2, First: "Minh", Last: "Nguyễn", Phone: "213.555.0100", Email: "minh@example.com", Language: "vi", ZIP: "90012", Consent: true},
		{Line: 3, First: "Kim", Last: "Park", ConsentErr: `"maybe" is not yes or no`},
	}
	if !reflect.DeepEqual(tab.Rows, want) {
		t.Fatalf("rows:\n got %+v\nwant %+v", tab.Rows, want)
	}
	if !reflect.DeepEqual(tab.Ignored, []app.ImportColumn{{Column: "H", Header: "Case #"}}) {
		t.Fatalf("ignored %q", tab.Ignored)
	}
}

func TestFullNameSplit(t *testing.T) {
	tab := read(t, "x.csv", "Full name,Phone\nMaría José Pérez,2135550142\n\"González, María\",\nCher,\n")
	got := [][2]string{}
	for _, r := range tab.Rows {
		got = append(got, [2]string{r.First, r.Last})
	}
	want := [][2]string{{"María José", "Pérez"}, {"María", "González"}, {"Cher", ""}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q want %q", got, want)
	}
	// a lone Spanish "Nombre" is the whole name
	tab = read(t, "x.csv", "Nombre,Celular\nRosa Delgado,3235550101\n")
	if r := tab.Rows[0]; r.First != "Rosa" || r.Last != "Delgado" || r.Phone != "3235550101" {
		t.Fatalf("nombre alone: %+v", r)
	}
	// "Name | Surname": the name column is the first name
	tab = read(t, "x.csv", "Name,Surname\nRosa María,Delgado\n")
	if r := tab.Rows[0]; r.First != "Rosa María" || r.Last != "Delgado" {
		t.Fatalf("name + surname: %+v", r)
	}
	// separate columns win over a full-name column, which is then ignored
	tab = read(t, "x.csv", "Full Name,First,Last\nRosa Delgado,Rosa,Delgado\n")
	if r := tab.Rows[0]; r.First != "Rosa" || r.Last != "Delgado" || !reflect.DeepEqual(tab.Ignored, []app.ImportColumn{{Column: "A", Header: "Full Name"}}) {
		t.Fatalf("both: %+v %q", r, tab.Ignored)
	}
}

func TestMissingNameColumns(t *testing.T) {
	_, err := importer.Read(strings.NewReader("Phone,Email,Notes\n2135550142,a@example.com,x\n"), "x.csv")
	if app.ErrorCode(err) != app.EInvalid {
		t.Fatalf("err = %v", err)
	}
	msg := app.ErrorMessage(err)
	for _, h := range []string{`A "Phone"`, `B "Email"`, "C text", "First Name"} {
		if !strings.Contains(msg, h) {
			t.Errorf("message %q lacks %s", msg, h)
		}
	}
	// a file without a header: the first person's details are described,
	// never repeated (the message goes to a screen or a terminal)
	_, err = importer.Read(strings.NewReader("María,González,213-555-0142,maria@example.org\n"), "x.csv")
	msg = app.ErrorMessage(err)
	if !strings.Contains(msg, "A text, B text, C a phone number or other number, D an email address") {
		t.Errorf("headerless file: %q", msg)
	}
	for _, pd := range []string{"María", "González", "555", "maria@"} {
		if strings.Contains(msg, pd) {
			t.Errorf("the message repeats %q: %q", pd, msg)
		}
	}
	_, err = importer.ReadOptOuts(strings.NewReader("María,González\n"), "stop.csv")
	if msg = app.ErrorMessage(err); strings.Contains(msg, "María") || !strings.Contains(msg, "A text") {
		t.Errorf("STOP list without a phone column: %q", msg)
	}
	if _, err := importer.Read(strings.NewReader(""), "x.csv"); app.ErrorCode(err) != app.EInvalid {
		t.Fatalf("empty file: %v", err)
	}
	if _, err := importer.Read(strings.NewReader("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"), "old.xls"); app.ErrorCode(err) != app.EInvalid || !strings.Contains(err.Error(), ".xlsx") {
		t.Fatalf("xls: %v", err)
	}
}

func TestRowNumbersWithBlankLinesAndTitle(t *testing.T) {
	// A title row, a blank line, the header on row 3, blank and
	// delimiter-only rows, and a cell spanning two lines: Line is always the
	// row a spreadsheet shows.
	tab := read(t, "x.csv", "Orientation sign-in March 10,,\n"+
		"\n"+
		"First,Last,Phone\n"+
		"Ana,Lee,\n"+
		"\n"+
		",,\n"+
		"\"Bo\nB\",Smith,\n"+
		"Cy,Diaz,\n"+
		"\r\n"+
		"Di,Eng,\n")
	var lines []int
	for _, r := range tab.Rows {
		lines = append(lines, r.Line)
	}
	if want := []int{4, 7, 8, 10}; !reflect.DeepEqual(lines, want) || tab.HeaderLine != 3 {
		t.Fatalf("lines %v header %d, want %v header 3", lines, tab.HeaderLine, want)
	}
}

func TestLegacyEncodings(t *testing.T) {
	// Windows-1252, as Excel on Windows saves "CSV"
	tab := read(t, "x.csv", "First,Last\nJos\xe9,N\xfa\xf1ez\n")
	if r := tab.Rows[0]; r.First != "José" || r.Last != "Núñez" {
		t.Fatalf("cp1252: %+v", r)
	}
	// UTF-16LE with BOM, tab-separated, as Excel's "Unicode Text"
	var b bytes.Buffer
	b.Write([]byte{0xFF, 0xFE})
	for _, r := range "Nombre\tApellido\r\nJosé\tNúñez\r\n" {
		b.Write([]byte{byte(r), byte(r >> 8)})
	}
	tab, err := importer.Read(&b, "x.txt")
	if err != nil || len(tab.Rows) != 1 || tab.Rows[0].First != "José" || tab.Rows[0].Last != "Núñez" {
		t.Fatalf("utf-16: %+v %v", tab, err)
	}
}

func TestXLSX(t *testing.T) {
	f := excelize.NewFile()
	sh := f.GetSheetName(0)
	cells := map[string]any{
		"A1": "Nombre", "B1": "Apellido", "C1": "Teléfono", "D1": "Email", "E1": "Text OK", "F1": "Favorite color",
		"A2": "María", "B2": "González", "C2": 2135550142, "D2": "maria@example.com", "E2": true,
		// row 3 left blank
		"A4": "Ana", "B4": "Lee", "E4": "x", "F4": "blue",
	}
	for ref, v := range cells {
		if err := f.SetCellValue(sh, ref, v); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "list.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// by magic, whatever the name says
	for _, name := range []string{"list.xlsx", "download"} {
		tab, err := importer.Read(bytes.NewReader(data), name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := []importer.Row{
			{Line: 2, First: "María", Last: "González", Phone: "2135550142", Email: "maria@example.com", Consent: true},
			{Line: 4, First: "Ana", Last: "Lee", Consent: true},
		}
		if !reflect.DeepEqual(tab.Rows, want) {
			t.Fatalf("%s rows:\n got %+v\nwant %+v", name, tab.Rows, want)
		}
		if !reflect.DeepEqual(tab.Ignored, []app.ImportColumn{{Column: "F", Header: "Favorite color"}}) {
			t.Fatalf("ignored %q", tab.Ignored)
		}
	}
	// a .xlsx that is not a workbook
	if _, err := importer.Read(strings.NewReader("First,Last\n"), "fake.xlsx"); app.ErrorCode(err) != app.EInvalid {
		t.Fatalf("fake xlsx: %v", err)
	}
}

func TestTooManyRows(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	var b strings.Builder
	b.WriteString("First,Last\n")
	for i := 0; i <= importer.MaxRows; i++ {
		b.WriteString("A,B\n")
	}
	_, err := importer.Read(strings.NewReader(b.String()), "big.csv")
	if app.ErrorCode(err) != app.EInvalid || !strings.Contains(err.Error(), "more than") {
		t.Fatalf("err = %v", err)
	}
}

// FuzzRead reads any bytes as a participant list: CSV, or a workbook when
// the bytes start like one (see also FuzzReadXLSX and FuzzReadXLSXSheet).
func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"First,Last\nAna,Lee\n",
		"\ufeffNombre;Apellido;Teléfono\nJosé;Núñez;323-555-0199\n",
		"Full Name\tPhone\n\"González, María\"\t2135550142\n\n\nCher\t\n",
		"title,,\n\nFirst,Last,Consent\n\"a\nb\",c,yes\n,,\n\"x\"\"y\",z,maybe\n",
		"First,Last\n\"unterminated,x\nAna,Lee\n",
		"First,Last\rAna,Lee\rBo,Li",
		"\xff\xfeF\x00i\x00r\x00s\x00t\x00,\x00L\x00a\x00s\x00t\x00\n\x00",
		"Name\n\"\n",
		"\"Nombre / First Name\",\"Apellido\nLast Name\",Teléfono (Phone),Phone\nA,B,2.13555E+09,1\n",
		"Name | Nombre,Celular,ZIP\nAna Lee,2135550142.0,9.0031E4\n",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Add(importertest.CenterWorkbookBytes(f))
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := importer.Read(bytes.NewReader(data), "fuzz.csv")
		checkRead(t, tab, err)
	})
}

// checkRead checks what Read gave for any input: an EInvalid error, or a
// table whose header and rows are in sheet order and whose every column is
// either used or ignored, once.
func checkRead(t *testing.T, tab *importer.Table, err error) {
	t.Helper()
	if err != nil {
		if app.ErrorCode(err) != app.EInvalid {
			t.Fatalf("error of code %q: %v", app.ErrorCode(err), err)
		}
		return
	}
	prev := tab.HeaderLine
	if prev < 1 {
		t.Fatalf("header line %d", prev)
	}
	for _, r := range tab.Rows {
		if r.Line <= prev {
			t.Fatalf("row line %d after %d", r.Line, prev)
		}
		prev = r.Line
		if r.Consent && r.ConsentErr != "" {
			t.Fatalf("consent and consent error: %+v", r)
		}
		if r.Phone != "" && r.PhoneErr != "" {
			t.Fatalf("phone and phone error: %+v", r)
		}
	}
	fields := map[string]bool{}
	cols := map[string]bool{}
	for _, c := range tab.Used {
		if c.Field == "" || fields[c.Field] || cols[c.Column] {
			t.Fatalf("used columns %v", tab.Used)
		}
		fields[c.Field], cols[c.Column] = true, true
	}
	if !fields["full name"] && !(fields["first name"] && fields["last name"]) {
		t.Fatalf("no name columns among %v", tab.Used)
	}
	for _, c := range tab.Ignored {
		if c.Field != "" || cols[c.Column] || strings.TrimSpace(c.Header) == "" {
			t.Fatalf("ignored columns %v (used %v)", tab.Ignored, tab.Used)
		}
		cols[c.Column] = true
	}
}

// smallWorkbooks are workbooks for the fuzz seeds: the center workbook of
// importertest, and two made here (strings only; numbers, booleans and a
// gap of rows).
func smallWorkbooks(tb testing.TB) [][]byte {
	out := [][]byte{importertest.CenterWorkbookBytes(tb)}
	for _, cells := range []map[string]any{
		{"A1": "First", "B1": "Last", "A2": "Ana", "B2": "Lee"},
		{"A1": "Nombre", "B1": "Celular", "C1": "ZIP", "D1": "SMS", "A2": "Rosa Delgado", "B2": 3235550101, "C2": 2134, "D2": true,
			"A9": "Luis Ortiz", "B9": 2.135550177e9, "Z9": "note"},
	} {
		x := excelize.NewFile()
		for ref, v := range cells {
			if err := x.SetCellValue("Sheet1", ref, v); err != nil {
				tb.Fatal(err)
			}
		}
		var b bytes.Buffer
		if err := x.Write(&b); err != nil {
			tb.Fatal(err)
		}
		x.Close()
		out = append(out, b.Bytes())
	}
	return out
}

// FuzzReadXLSX reads any bytes as a workbook (the seeds are real ones; most
// mutations break the zip, which must give an error, never a panic).
func FuzzReadXLSX(f *testing.F) {
	for _, wb := range smallWorkbooks(f) {
		f.Add(wb)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := importer.Read(bytes.NewReader(data), "fuzz.xlsx")
		checkRead(t, tab, err)
	})
}

// FuzzReadXLSXSheet mutates the sheet and shared strings of a real workbook
// and zips them back into it, so that the fuzzer reaches the workbook
// parser rather than the zip checksum.
func FuzzReadXLSXSheet(f *testing.F) {
	const sheetPart, stringsPart = "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"
	wbs := smallWorkbooks(f)
	template := unzipParts(f, wbs[0])
	for _, wb := range wbs {
		p := unzipParts(f, wb)
		f.Add(p[sheetPart], p[stringsPart])
	}
	// numbers as spreadsheets write them, inline strings, rows without numbers
	f.Add([]byte(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`+
		`<row r="2"><c r="A2" t="inlineStr"><is><t>Nombre / First Name</t></is></c><c r="B2" t="inlineStr"><is><t>Apellido</t></is></c><c r="C2" t="inlineStr"><is><t>Phone</t></is></c></row>`+
		`<row><c t="inlineStr"><is><t>Ana</t></is></c><c t="inlineStr"><is><t>Lee</t></is></c><c><v>2.135550142E9</v></c></row>`+
		`<row r="9"><c r="A9" t="s"><v>0</v></c><c r="B9" t="b"><v>1</v></c><c r="C9"><v>2135550142.0</v></c></row>`+
		`</sheetData><mergeCells count="1"><mergeCell ref="A1:C1"/></mergeCells></worksheet>`), template[stringsPart])
	f.Fuzz(func(t *testing.T, sheet, sst []byte) {
		parts := maps.Clone(template)
		parts[sheetPart], parts[stringsPart] = sheet, sst
		tab, err := importer.Read(bytes.NewReader(zipParts(t, parts)), "fuzz.xlsx")
		checkRead(t, tab, err)
	})
}

func unzipParts(tb testing.TB, data []byte) map[string][]byte {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		tb.Fatal(err)
	}
	parts := map[string][]byte{}
	for _, zf := range zr.File {
		r, err := zf.Open()
		if err != nil {
			tb.Fatal(err)
		}
		if parts[zf.Name], err = io.ReadAll(r); err != nil {
			tb.Fatal(err)
		}
		r.Close()
	}
	return parts
}

func zipParts(tb testing.TB, parts map[string][]byte) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, name := range slices.Sorted(maps.Keys(parts)) {
		w, err := zw.Create(name)
		if err != nil {
			tb.Fatal(err)
		}
		w.Write(parts[name])
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// TestWorkbookAsCentersKeepIt reads the sign-in workbook of importertest: a
// merged title row and a blank row above bilingual headers, phones typed as
// numbers, borders on empty cells past the table.
func TestWorkbookAsCentersKeepIt(t *testing.T) {
	data := importertest.CenterWorkbookBytes(t)
	want := importertest.CenterWorkbook
	// the fixture is what it says: Excel shows row 5's phone in scientific
	// notation, and the merged title spans A1:G1
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if shown, _ := x.GetCellValue("Sign-in", "D5"); shown != "2.14E+09" {
		t.Fatalf("D5 shows %q, want 2.14E+09", shown)
	}
	if m, _ := x.GetMergeCells("Sign-in"); len(m) != 1 || m[0].GetStartAxis() != "A1" || m[0].GetEndAxis() != "G1" {
		t.Fatalf("merged cells %v", m)
	}
	x.Close()

	tab, err := importer.Read(bytes.NewReader(data), "signin.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if tab.HeaderLine != want.HeaderLine {
		t.Fatalf("header line %d", tab.HeaderLine)
	}
	wantUsed := []app.ImportColumn{
		{Column: "B", Header: "Nombre / First Name", Field: "first name"},
		{Column: "C", Header: "Apellido / Last Name", Field: "last name"},
		{Column: "D", Header: "Teléfono / Phone", Field: "phone"},
		{Column: "E", Header: "Correo electrónico / Email", Field: "email"},
		{Column: "F", Header: "¿Mensajes? / Texts OK?", Field: "text consent"},
	}
	wantIgnored := []app.ImportColumn{{Column: "A", Header: "#"}, {Column: "G", Header: "Firma / Signature"}}
	if !reflect.DeepEqual(tab.Used, wantUsed) || !reflect.DeepEqual(tab.Ignored, wantIgnored) {
		t.Fatalf("used %v\nignored %v", tab.Used, tab.Ignored)
	}
	for i, c := range tab.Used {
		if c.Header != want.Used[i] {
			t.Fatalf("used %d: %q, fixture says %q", i, c.Header, want.Used[i])
		}
	}
	wantRows := []importer.Row{
		{Line: 4, First: "María", Last: "González", Phone: "2135550142", Email: "maria@example.com", Consent: true},
		{Line: 5, First: "José", Last: "Núñez", Phone: "2135550199", Email: "jose@example.com", Consent: true},
		{Line: 6, First: "Ana", Phone: "3235550101", Email: "ana@example.com"},
		{Line: 7, First: "Minh", Last: "Nguyễn", Phone: "12135550100", Email: "minh@example"},
		{Line: 8, First: "Rosa", Last: "Delgado", Email: "rosa@example.com",
			PhoneErr: `"2.13555E+09" has lost its last digits (the spreadsheet keeps the phone as a number in scientific notation); format the column as Text, type the full number and import again`},
		{Line: 9, First: "Luis", Last: "Ortiz", Phone: "2135550177"},
	}
	if !reflect.DeepEqual(tab.Rows, wantRows) {
		t.Fatalf("rows:\n got %+v\nwant %+v", tab.Rows, wantRows)
	}
}

func TestBilingualHeaderCells(t *testing.T) {
	// the app's own sheet, as a person types it into a spreadsheet: the
	// English and Spanish heads on two lines of one cell
	tab := read(t, "x.csv", "\"#\",\"Name\nNombre\",\"Phone\nTeléfono\",\"Email\nCorreo\",\"Texts OK?\n¿Mensajes?\",\"Signature\nFirma\",,,\n"+
		"1,María José Pérez,(213) 555-0142,mj@example.com,✓,,,,\n")
	if r := tab.Rows[0]; r.First != "María José" || r.Last != "Pérez" || r.Phone != "(213) 555-0142" || r.Email != "mj@example.com" || !r.Consent {
		t.Fatalf("row %+v", r)
	}
	var used []string
	for _, c := range tab.Used {
		used = append(used, c.Column+"="+c.Field)
	}
	if want := []string{"B=full name", "C=phone", "D=email", "E=text consent"}; !reflect.DeepEqual(used, want) {
		t.Fatalf("used %v", used)
	}
	if len(tab.Ignored) != 2 || tab.Ignored[0].Header != "#" || tab.Ignored[1].Column != "F" {
		t.Fatalf("ignored %v", tab.Ignored)
	}
	// "|", "/" and brackets; a bare Spanish name beside an English one; notes in brackets
	tab = read(t, "x.csv", "Nombre(s) | First name(s);APELLIDO(S) / Last Name;Teléfono (celular);Código postal [ZIP];Idioma/Language;SMS consent (Y/N);CalJOBS #\n"+
		"Ana;Ruiz;3235550101;2134;es;Y;12345\n")
	if r := tab.Rows[0]; r.First != "Ana" || r.Last != "Ruiz" || r.Phone != "3235550101" || r.ZIP != "02134" || r.Language != "es" || !r.Consent || r.CalJOBS != "12345" {
		t.Fatalf("row %+v", r)
	}
	if len(tab.Used) != 7 || len(tab.Ignored) != 0 {
		t.Fatalf("used %v ignored %v", tab.Used, tab.Ignored)
	}
	// a lone bilingual "Nombre" is still the whole name when there is no last-name column
	tab = read(t, "x.csv", "Nombre / Name,Celular / Cell\nRosa Delgado,3235550101\n")
	if r := tab.Rows[0]; r.First != "Rosa" || r.Last != "Delgado" || tab.Used[0].Field != "full name" {
		t.Fatalf("row %+v used %v", r, tab.Used)
	}
	// one column "Last Name, First Name" / "Apellido, Nombre"
	tab = read(t, "x.csv", "\"Apellido, Nombre / Last Name, First Name\",Phone Number (Número de teléfono)\n\"González, María\",2135550142\n")
	if r := tab.Rows[0]; r.First != "María" || r.Last != "González" || r.Phone != "2135550142" {
		t.Fatalf("last, first: %+v", r)
	}
	// a cell naming two different things is ignored, and said so
	tab = read(t, "x.csv", "First,Last,Name / Phone\nAna,Lee,x\n")
	if len(tab.Ignored) != 1 || tab.Ignored[0].Header != "Name / Phone" || tab.Rows[0].Phone != "" {
		t.Fatalf("ambiguous cell: %v %+v", tab.Ignored, tab.Rows)
	}
}

func TestHeaderMatching(t *testing.T) {
	type kf string
	h := importer.NewHeaders(map[kf][]string{"serial": {"serial", "serial number", "número de serie"}, "tag": {"tag", "etiqueta"}})
	for cell, want := range map[string]kf{
		"Serial Number": "serial", "NÚMERO DE SERIE / Serial #": "serial", "Número de serie\nSerial": "serial",
		"Tag (etiqueta)": "tag", "Etiqueta | Tag": "tag", "asset tag": "", "Serial / Tag": "", "": "",
	} {
		if got, ok := h.Match(cell); got != want || ok != (want != "") {
			t.Errorf("Match(%q) = %q, %v; want %q", cell, got, ok, want)
		}
	}
	if got := h.Fields("Serial / Tag"); !reflect.DeepEqual(got, []kf{"serial", "tag"}) {
		t.Errorf("Fields = %v", got)
	}
	if got := importer.HeaderParts(" Teléfono /\r\nPhone (cell) [x] | "); !reflect.DeepEqual(got, []string{"Teléfono", "Phone", "cell", "x"}) {
		t.Errorf("parts %q", got)
	}
	if got := importer.HeaderKey("¿Correo-Electrónico?"); got != "correoelectronico" {
		t.Errorf("key %q", got)
	}
	if c := (importer.Column{Index: 27, Header: "x"}); c.Letter() != "AB" {
		t.Errorf("letter %q", c.Letter())
	}
}

func TestOneColumnPerField(t *testing.T) {
	for _, c := range []struct{ file, a, b string }{
		{"First,Last,Phone,Mobile\nAna,Lee,1,2\n", `C "Phone"`, `D "Mobile"`},
		{"Title row,,,\n\nNombre / First Name,Apellido,Correo,Email / Correo electrónico\n", `C "Correo"`, `D "Email / Correo electrónico"`},
		{"Nombre,Apellido,First name\n", `A "Nombre"`, `C "First name"`},
	} {
		_, err := importer.Read(strings.NewReader(c.file), "x.csv")
		msg := app.ErrorMessage(err)
		if app.ErrorCode(err) != app.EInvalid || !strings.Contains(msg, c.a) || !strings.Contains(msg, c.b) {
			t.Errorf("%q: %v", c.file, err)
		}
	}
	// a full-name column beside first and last is ignored, not a clash
	tab := read(t, "x.csv", "Name,First,Last,Full name\nAna Lee,Ana,Lee,Ana Lee\n")
	if len(tab.Ignored) != 2 || tab.Rows[0].First != "Ana" {
		t.Fatalf("%v %+v", tab.Ignored, tab.Rows)
	}
}

func TestPhonesTypedAsNumbers(t *testing.T) {
	tab := read(t, "x.csv", "First,Last,Phone,ZIP,CalJOBS ID\n"+
		"A,A,2135550142,90031,\n"+
		"B,B,2.13555E+09,9.0031E+4,\n"+
		"C,C,12135550142,90031.0,1.2345E+5\n"+
		"D,D,2135550142.0,,\n"+
		"E,E,2.135550142E+09,,\n"+
		"F,F,2.1355501E9,,\n"+
		"G,G,(213) 555-0142,,\n"+
		"H,H,2135550142.5,,\n")
	type got struct{ Phone, PhoneErr, ZIP, CalJOBS string }
	var rows []got
	for _, r := range tab.Rows {
		pe := ""
		if r.PhoneErr != "" {
			pe = "lost"
			if !strings.Contains(r.PhoneErr, "lost its last digits") || r.Phone != "" {
				t.Errorf("row %d: %+v", r.Line, r)
			}
		}
		rows = append(rows, got{r.Phone, pe, r.ZIP, r.CalJOBS})
	}
	want := []got{
		{"2135550142", "", "90031", ""},
		{"", "lost", "90031", ""},
		{"12135550142", "", "90031", "123450"},
		{"2135550142", "", "", ""},
		{"2135550142", "", "", ""},
		{"", "lost", "", ""},
		{"(213) 555-0142", "", "", ""},
		{"2135550142.5", "", "", ""}, // not a whole number: left for the phone check to refuse
	}
	if !reflect.DeepEqual(rows, want) {
		t.Fatalf("got  %+v\nwant %+v", rows, want)
	}
}
