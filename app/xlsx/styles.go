package xlsx

import "github.com/xuri/excelize/v2"

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
