// Package importertest makes spreadsheets the way centers keep them, for the
// tests of the participant import (app/importer, the service, frontdeskctl).
// It is imported only by tests.
package importertest

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

// CenterWorkbook is the sign-in workbook of CenterWorkbookBytes, described
// for the tests that check what was read from it.
var CenterWorkbook = struct {
	HeaderLine int
	// GoodLines are the rows that import, BadLines the ones that are
	// refused (1-based sheet rows, as Excel shows them).
	GoodLines, BadLines []int
	// Used and Ignored are the header cells of the columns read and not
	// read, in column order.
	Used, Ignored []string
}{
	HeaderLine: 3,
	GoodLines:  []int{4, 5, 9},
	BadLines:   []int{6, 7, 8},
	Used: []string{"Nombre / First Name", "Apellido / Last Name", "Teléfono / Phone",
		"Correo electrónico / Email", "¿Mensajes? / Texts OK?"},
	Ignored: []string{"#", "Firma / Signature"},
}

// CenterWorkbookBytes returns an .xlsx made the way a center keeps its
// sign-in list: a title merged across A1:G1, a blank row, the header on row
// 3 in the style of the app's printed sheets ("Nombre / First Name",
// "Teléfono / Phone", …, a "#" and a signature column), borders on empty
// cells to the right of the table and below it, and these rows:
//
//	4 María González, phone typed as the number 2135550142, consent "Sí"
//	5 José Núñez, phone a number shown in scientific format (2.14E+09)
//	6 Ana, no last name (bad)
//	7 Minh Nguyễn, email "minh@example" (bad)
//	8 Rosa Delgado, phone typed as the text 2.13555E+09, digits lost (bad)
//	9 Luis Ortiz, phone stored as the decimal 2135550177.0
//	10 only the row number 7 (a blank numbered line, not a person)
func CenterWorkbookBytes(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sh := "Sign-in"
	if err := f.SetSheetName(f.GetSheetName(0), sh); err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetCellValue(sh, "A1", "East LA WorkSource Center — Sign-in sheet 12/03"))
	must(f.MergeCell(sh, "A1", "G1"))
	header := []any{"#", "Nombre / First Name", "Apellido / Last Name", "Teléfono / Phone",
		"Correo electrónico / Email", "¿Mensajes? / Texts OK?", "Firma / Signature"}
	must(f.SetSheetRow(sh, "A3", &header))
	must(f.SetSheetRow(sh, "A4", &[]any{1, "María", "González", 2135550142, "maria@example.com", "Sí"}))
	must(f.SetSheetRow(sh, "A5", &[]any{2, "José", "Núñez", 2135550199, "jose@example.com", "x"}))
	must(f.SetSheetRow(sh, "A6", &[]any{3, "Ana", "", 3235550101, "ana@example.com"}))
	must(f.SetSheetRow(sh, "A7", &[]any{4, "Minh", "Nguyễn", "12135550100", "minh@example", "no"}))
	must(f.SetSheetRow(sh, "A8", &[]any{5, "Rosa", "Delgado", "2.13555E+09", "rosa@example.com"}))
	must(f.SetSheetRow(sh, "A9", &[]any{6, "Luis", "Ortiz"}))
	must(f.SetCellDefault(sh, "D9", "2135550177.0")) // a number cell holding a decimal
	must(f.SetCellValue(sh, "A10", 7))
	sci, err := f.NewStyle(&excelize.Style{NumFmt: 11}) // 0.00E+00
	must(err)
	must(f.SetCellStyle(sh, "D5", "D5", sci))
	// borders drawn past the table: empty cells that exist in the file
	border, err := f.NewStyle(&excelize.Style{Border: []excelize.Border{{Type: "bottom", Color: "999999", Style: 1}}})
	must(err)
	must(f.SetCellStyle(sh, "H3", "J3", border))
	must(f.SetCellStyle(sh, "A11", "J15", border))
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
