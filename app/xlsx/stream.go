package xlsx

import "github.com/xuri/excelize/v2"

// DeclareRange writes in sheet's <dimension> the range its cells fill:
// cols columns and rows rows from A1. excelize leaves a new sheet's
// dimension at "A1" whether its cells are set one by one or streamed (the
// stream writer copies it into the file when it starts), and readers that
// trust it (openpyxl in read-only mode, which RapidPro's contact import
// uses, and others) then see the first cell and nothing else.
func DeclareRange(f *excelize.File, sheet string, cols, rows int) error {
	ref, err := excelize.CoordinatesToCellName(max(cols, 1), max(rows, 1))
	if err != nil {
		return err
	}
	return f.SetSheetDimension(sheet, "A1:"+ref)
}

// NewStreamWriter starts streaming sheet of f after declaring the range
// its rows will fill (DeclareRange): every streamed sheet starts here,
// with the number of rows known.
func NewStreamWriter(f *excelize.File, sheet string, cols, rows int) (*excelize.StreamWriter, error) {
	if err := DeclareRange(f, sheet, cols, rows); err != nil {
		return nil, err
	}
	return f.NewStreamWriter(sheet)
}
