package importer_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"frontdesk/app"
	"frontdesk/app/importer"
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
	if !reflect.DeepEqual(tab.Ignored, []string{"Notes"}) || tab.HeaderLine != 1 {
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
	if !reflect.DeepEqual(tab.Ignored, []string{"Case #"}) {
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
	if r := tab.Rows[0]; r.First != "Rosa" || r.Last != "Delgado" || !reflect.DeepEqual(tab.Ignored, []string{"Full Name"}) {
		t.Fatalf("both: %+v %q", r, tab.Ignored)
	}
}

func TestMissingNameColumns(t *testing.T) {
	_, err := importer.Read(strings.NewReader("Phone,Email,Notes\n2135550142,a@example.com,x\n"), "x.csv")
	if app.ErrorCode(err) != app.EInvalid {
		t.Fatalf("err = %v", err)
	}
	msg := app.ErrorMessage(err)
	for _, h := range []string{`"Phone"`, `"Email"`, `"Notes"`, "First Name"} {
		if !strings.Contains(msg, h) {
			t.Errorf("message %q lacks %s", msg, h)
		}
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
		if !reflect.DeepEqual(tab.Ignored, []string{"Favorite color"}) {
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
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if bytes.HasPrefix(data, []byte("PK\x03\x04")) || bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
			t.Skip("workbook signatures: the CSV path is fuzzed here")
		}
		tab, err := importer.Read(bytes.NewReader(data), "fuzz.csv")
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
		}
	})
}
