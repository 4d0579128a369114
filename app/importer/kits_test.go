package importer_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"frontdesk/app"
	"frontdesk/app/importer"
)

func readKits(t *testing.T, name string, content []byte) *importer.KitTable {
	t.Helper()
	tab, err := importer.ReadKits(bytes.NewReader(content), name)
	if err != nil {
		t.Fatalf("ReadKits(%s): %v", name, err)
	}
	return tab
}

func TestReadKitsCSV(t *testing.T) {
	// a title row, the header with a BOM, a blank row, components and a
	// quoted note with a comma
	tab := readKits(t, "kits.csv", []byte("\ufeffWork Ready kits, spring 2026\r\n"+
		"Kind,Asset Tag,Laptop,Charger,Hotspot,Carrier,Line,IMEI,Notes,Mouse\r\n"+
		"laptop, WR-KIT-001 ,5CD-001,CH-001,,,,,\"scratched lid, works\",M-1\r\n"+
		",,,,,,,,,\r\n"+
		"laptop + hotspot,,5CD-002,,490154203237518,T-Mobile,(323) 555-0199,490154203237518,,\r\n"))
	want := []app.KitImportRow{
		{Line: 3, Kind: "laptop", AltTag: "WR-KIT-001", Notes: "scratched lid, works",
			Serials: []app.ComponentSerial{{Name: "Laptop", Serial: "5CD-001"}, {Name: "Charger", Serial: "CH-001"}, {Name: "Mouse", Serial: "M-1"}}},
		{Line: 5, Kind: "laptop + hotspot", Carrier: "T-Mobile", LineNumber: "(323) 555-0199", IMEI: "490154203237518",
			Serials: []app.ComponentSerial{{Name: "Laptop", Serial: "5CD-002"}, {Name: "Hotspot", Serial: "490154203237518"}}},
	}
	if !reflect.DeepEqual(tab.Rows, want) {
		t.Fatalf("rows:\n got %+v\nwant %+v", tab.Rows, want)
	}
	if tab.HeaderLine != 2 || !reflect.DeepEqual(tab.Components, []string{"Laptop", "Charger", "Hotspot", "Mouse"}) {
		t.Fatalf("header %d, components %q", tab.HeaderLine, tab.Components)
	}
}

func TestReadKitsSpanishSemicolons(t *testing.T) {
	tab := readKits(t, "equipos.csv", []byte("Tipo;Etiqueta de inventario;Computadora;Operador;Línea;IMEI;Notas\n"+
		"portátil;LAPL-0042;SN-9;;;;nuevo\n"))
	want := []app.KitImportRow{{Line: 2, Kind: "portátil", AltTag: "LAPL-0042", Notes: "nuevo",
		Serials: []app.ComponentSerial{{Name: "Computadora", Serial: "SN-9"}}}}
	if !reflect.DeepEqual(tab.Rows, want) {
		t.Fatalf("rows:\n got %+v\nwant %+v", tab.Rows, want)
	}
}

func TestReadKitsXLSX(t *testing.T) {
	f := excelize.NewFile()
	sheet := f.GetSheetName(0)
	for i, row := range [][]any{
		{"Kit list"},
		{},
		{"kind", "tag", "asset tag", "laptop", "charger"},
		{"laptop", "", "WR-KIT-010", "5CD-010", 12345},
	} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	tab := readKits(t, "kits.xlsx", buf.Bytes())
	want := []app.KitImportRow{{Line: 4, Kind: "laptop", AltTag: "WR-KIT-010",
		Serials: []app.ComponentSerial{{Name: "laptop", Serial: "5CD-010"}, {Name: "charger", Serial: "12345"}}}}
	if !reflect.DeepEqual(tab.Rows, want) || tab.HeaderLine != 3 {
		t.Fatalf("rows %+v header %d", tab.Rows, tab.HeaderLine)
	}
}

func TestReadKitsRefusals(t *testing.T) {
	for name, tc := range map[string]struct{ file, content, mention string }{
		"no header":         {"kits.csv", "laptop,5CD\nhotspot,IMEI\n", "no header row with a kind column"},
		"header only":       {"kits.csv", "kind,laptop\n", "no kits under it"},
		"unnamed column":    {"kits.csv", "kind,,laptop\nlaptop,SN-1,SN-2\n", `Row 2 has "SN-1" in column B, which has no name`},
		"beyond the header": {"kits.csv", "kind,laptop\nlaptop,SN-1,extra\n", "column C, which has no name"},
		"two kind columns":  {"kits.csv", "kind,laptop,type\nlaptop,SN-1,laptop\n", "two columns for the same thing: kind (column A) and type (column C)"},
		"a component twice": {"kits.csv", "kind,Laptop,laptop\nlaptop,SN-1,SN-2\n", "two columns for the same thing"},
		"old excel":         {"kits.xls", "\xd0\xcf\x11\xe0rest", "old-style Excel"},
		"damaged xlsx":      {"kits.xlsx", "PK\x03\x04garbage", "could not be read as an Excel workbook"},
	} {
		_, err := importer.ReadKits(strings.NewReader(tc.content), tc.file)
		if app.ErrorCode(err) != app.EInvalid || !strings.Contains(app.ErrorMessage(err), tc.mention) {
			t.Errorf("%s: %v; want EInvalid mentioning %q", name, err, tc.mention)
		}
	}
}

// FuzzKitImport checks ReadKits on any input: it never panics, and what it
// returns is what ImportKits expects: rows in increasing spreadsheet order
// below the header, every field trimmed valid text, every serial under a
// named component column, no blank row.
func FuzzKitImport(f *testing.F) {
	for _, s := range []string{
		"kind,tag,laptop,charger\nlaptop,,SN-A1,CH-A1\n",
		"\ufeffKits\nKind;Asset tag;Laptop\nlaptop;WR-1;SN\n\n\"laptop\";\"a;b\";\"x\ny\"\n",
		"Tipo\tEtiqueta\tComputadora\r\nportátil\tLAPL-1\tSN-9\r\n",
		"kind,,laptop\nlaptop,SN-1,SN-2\n",
		"kind,type\n",
		"\xff\xfek\x00i\x00n\x00d\x00\n\x00l\x00\n\x00",
		"kind,laptop\n\"unterminated,\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := importer.ReadKits(bytes.NewReader(data), "kits.csv")
		if err != nil {
			if app.ErrorCode(err) != app.EInvalid {
				t.Fatalf("error %v is not EInvalid", err)
			}
			return
		}
		if len(tab.Rows) == 0 || tab.HeaderLine < 1 {
			t.Fatalf("no error but %d rows, header %d", len(tab.Rows), tab.HeaderLine)
		}
		comps := map[string]bool{}
		for _, c := range tab.Components {
			comps[c] = true
		}
		last := tab.HeaderLine
		for _, r := range tab.Rows {
			if r.Line <= last {
				t.Fatalf("row %d after row %d", r.Line, last)
			}
			last = r.Line
			fields := []string{r.Kind, r.Tag, r.AltTag, r.Carrier, r.LineNumber, r.IMEI, r.Notes}
			for _, c := range r.Serials {
				if !comps[c.Name] || c.Serial == "" {
					t.Fatalf("row %d: serial %q under %q, components %q", r.Line, c.Serial, c.Name, tab.Components)
				}
				fields = append(fields, c.Serial)
			}
			empty := true
			for _, s := range fields {
				if s != strings.TrimSpace(s) || !utf8.ValidString(s) {
					t.Fatalf("row %d: field %q is not trimmed valid text", r.Line, s)
				}
				empty = empty && s == ""
			}
			if empty {
				t.Fatalf("row %d is blank", r.Line)
			}
		}
	})
}
