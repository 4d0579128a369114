package xlsx_test

import (
	"bytes"
	"testing"

	"frontdesk/app/xlsx"
	"frontdesk/app/xlsx/xlsxtest"
)

// TestFollowupRosterDeclaresItsRange: the streamed follow-up roster
// declares the range its cells fill, and holds no formula.
func TestFollowupRosterDeclaresItsRange(t *testing.T) {
	var buf bytes.Buffer
	if err := xlsx.WriteFollowupRoster(&buf, followupRoster()); err != nil {
		t.Fatal(err)
	}
	xlsxtest.CheckDimensions(t, buf.Bytes())
	for _, s := range xlsxtest.RawSheets(t, buf.Bytes()) {
		if s.Used != "A1:N8" {
			t.Errorf("%s fills %s, want A1:N8 (title, header, six rows)", s.Path, s.Used)
		}
		for _, c := range s.Cells {
			if c.Formula {
				t.Errorf("%s holds a formula", c.Ref)
			}
		}
	}
}
