package xlsx

import (
	"testing"

	"frontdesk/app/xlsx/xlsxtest"
)

// TestReportDeclaresItsRanges: every streamed sheet of the director report
// declares the range its cells fill (empty, small and many events).
func TestReportDeclaresItsRanges(t *testing.T) {
	for _, events := range []int{0, 3, 400} {
		raw := writeReport(t, testReport(events))
		sheets := xlsxtest.RawSheets(t, raw)
		if len(sheets) < 2 {
			t.Fatalf("%d sheets", len(sheets))
		}
		xlsxtest.CheckDimensions(t, raw)
		for _, s := range sheets {
			if s.Used == "A1:A1" {
				t.Errorf("%d events: %s has one cell only", events, s.Path)
			}
		}
	}
}
