// Package xlsxtest reads workbooks back for tests: golden dumps of a
// sheet's cells. It is imported only by tests.
package xlsxtest

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// cellText escapes a cell for a tab-separated dump: \ \t \n \r.
var cellText = strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`)

// SheetDump is every cell of the workbook's first sheet, a line per row
// and a tab between cells, each row as wide as the widest.
func SheetDump(t testing.TB, x *excelize.File) []byte {
	t.Helper()
	sheets := x.GetSheetList()
	if len(sheets) == 0 {
		t.Fatal("no sheets")
	}
	rows, err := x.GetRows(sheets[0])
	if err != nil {
		t.Fatal(err)
	}
	width := 0
	for _, r := range rows {
		width = max(width, len(r))
	}
	var b bytes.Buffer
	for _, r := range rows {
		for i := range width {
			if i > 0 {
				b.WriteByte('\t')
			}
			if i < len(r) {
				cellText.WriteString(&b, r[i])
			}
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}
