package xlsx

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// The cell styles the workbooks share.
var (
	styleTitle = excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}}
	styleHead  = excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE5EE"}}}
	styleDate  = excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd")}
	styleStamp = excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd hh:mm")}
)

// styleDef asks addStyles for a style and where to keep its id.
type styleDef struct {
	dst   *int
	style excelize.Style
}

// addStyles registers each style with f, in order (so the workbook's bytes
// stay the same run to run), and stores its id in dst.
func addStyles(f *excelize.File, defs ...styleDef) error {
	for _, d := range defs {
		id, err := f.NewStyle(&d.style)
		if err != nil {
			return err
		}
		*d.dst = id
	}
	return nil
}

func ptr[T any](v T) *T { return &v }

// setPrintLayout sets how sheet prints: landscape, scaled to one page wide
// (as many pages tall as it takes), with row headRow, the table's header,
// repeated at the top of every printed page (the print titles: the defined
// name _xlnm.Print_Titles, scoped to the sheet). The page setup
// is part of the worksheet a stream writer starts from: call it before
// NewStreamWriter.
func setPrintLayout(f *excelize.File, sheet string, headRow int) error {
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: ptr(true)}); err != nil {
		return err
	}
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: ptr("landscape"), FitToWidth: ptr(1), FitToHeight: ptr(0)}); err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet,
		RefersTo: fmt.Sprintf("'%s'!$%d:$%d", strings.ReplaceAll(sheet, "'", "''"), headRow, headRow)})
}
