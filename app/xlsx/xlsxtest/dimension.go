package xlsxtest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// RawSheet is one worksheet as its XML says, read straight from the file
// (not through excelize, which works the range out for itself): the
// <dimension> it declares, the range its cells really fill, and each cell's
// type and whether it holds a formula.
type RawSheet struct {
	Path      string // e.g. xl/worksheets/sheet1.xml
	Dimension string // the declared ref, e.g. "A1:M2118"
	Used      string // A1 to the last column and row that have a cell
	Cells     []RawCell
}

// RawCell is one <c> of a sheet.
type RawCell struct {
	Ref     string // A1
	Type    string // the t attribute: inlineStr, s, str, n, b, e, d or ""
	Formula bool   // it has an <f>
}

// RawSheets reads every worksheet of the (unencrypted) workbook in raw.
func RawSheets(t testing.TB, raw []byte) []RawSheet {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	var out []RawSheet
	for _, f := range zr.File {
		if path.Dir(f.Name) != "xl/worksheets" || !strings.HasSuffix(f.Name, ".xml") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		s, err := readRawSheet(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		s.Path = f.Name
		out = append(out, s)
	}
	if len(out) == 0 {
		t.Fatal("no worksheets in the workbook")
	}
	return out
}

func readRawSheet(r io.Reader) (RawSheet, error) {
	var s RawSheet
	maxCol, maxRow := 1, 1
	dec := xml.NewDecoder(r)
	var cell *RawCell
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return s, err
		}
		switch el := tok.(type) {
		case xml.StartElement:
			switch el.Name.Local {
			case "dimension":
				s.Dimension = attr(el, "ref")
			case "c":
				s.Cells = append(s.Cells, RawCell{Ref: attr(el, "r"), Type: attr(el, "t")})
				cell = &s.Cells[len(s.Cells)-1]
				col, row, err := excelize.CellNameToCoordinates(cell.Ref)
				if err != nil {
					return s, err
				}
				maxCol, maxRow = max(maxCol, col), max(maxRow, row)
			case "f":
				if cell != nil {
					cell.Formula = true
				}
			}
		case xml.EndElement:
			if el.Name.Local == "c" {
				cell = nil
			}
		}
	}
	last, _ := excelize.CoordinatesToCellName(maxCol, maxRow)
	s.Used = "A1:" + last
	return s, nil
}

func attr(el xml.StartElement, name string) string {
	for _, a := range el.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// CheckDimensions fails the test for every worksheet of the workbook in raw
// whose declared <dimension> is not the range its cells fill, which is
// what readers that trust it (openpyxl in read-only mode, among others)
// read and no more.
func CheckDimensions(t testing.TB, raw []byte) {
	t.Helper()
	for _, s := range RawSheets(t, raw) {
		dim := s.Dimension
		if dim != "" && !strings.Contains(dim, ":") {
			dim += ":" + dim // a one-cell range
		}
		if dim != s.Used {
			t.Errorf("%s declares <dimension ref=%q> but its cells fill %s", s.Path, s.Dimension, s.Used)
		}
	}
}
