package xlsx_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"frontdesk/app"
	"frontdesk/app/xlsx"
	"frontdesk/app/xlsx/xlsxtest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/review")

func day(y int, m time.Month, d int) *time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return &t
}

func TestAccessReview(t *testing.T) {
	at := time.Date(2026, 3, 10, 17, 15, 0, 0, time.UTC)
	signIn := time.Date(2026, 3, 9, 8, 30, 0, 0, time.UTC)
	rev := app.AccessReview{At: at, By: "admin", Seed: 42, ActiveAccounts: 7, Rows: []app.AccessReviewRow{
		{Staff: app.Staff{Username: "ana", DisplayName: "Ana Ruiz", Roles: []app.Role{app.RoleFrontDesk, app.RoleDirector}, Active: true,
			LastSignInAt: &signIn, ConfidentialitySigned: day(2026, 1, 5), TrainingCompleted: day(2026, 1, 6)}},
		{Staff: app.Staff{Username: "evil", DisplayName: "=HYPERLINK(\"http://x\",\"y\")", Roles: []app.Role{app.RoleFrontDesk}, Active: true},
			Flags: []string{"training expired or missing", "temporary password not changed"}},
		{Staff: app.Staff{Username: "plus", DisplayName: "+1 555", Active: true}, Flags: []string{"@SUM(A1)"}},
		{Staff: app.Staff{Username: "minus", DisplayName: "-2", Active: true}},
	}}
	var buf bytes.Buffer
	if err := xlsx.AccessReview(&buf, rev); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	f, err := excelize.OpenReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	golden(t, "review-xlsx.txt", xlsxtest.SheetDump(t, f))
	if sheets := f.GetSheetList(); len(sheets) != 1 || sheets[0] != xlsx.Sheet {
		t.Fatalf("sheets %v", sheets)
	}
	rows, err := f.GetRows(xlsx.Sheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || strings.Join(rows[0], "|") != strings.Join(xlsx.ReviewHeader, "|") {
		t.Fatalf("rows %q", rows)
	}
	if got := rows[1]; got[0] != "ana" || got[2] != "front_desk,director" || got[3] != "yes" {
		t.Errorf("ana: %q", got)
	}
	if got := rows[2][1]; got != "=HYPERLINK(\"http://x\",\"y\")" {
		t.Errorf("formula-looking name stored as %q", got)
	}
	if got := rows[2][7]; got != "training expired or missing; temporary password not changed" {
		t.Errorf("flags %q", got)
	}
	// formula-like text is kept as written, in string cells (never
	// formulas), with no apostrophe in front
	if rows[3][1] != "+1 555" || rows[3][7] != "@SUM(A1)" || rows[4][1] != "-2" {
		t.Errorf("text not as written: %q %q", rows[3], rows[4])
	}
	xlsxtest.CheckDimensions(t, raw)
	for _, sh := range xlsxtest.RawSheets(t, raw) {
		for _, c := range sh.Cells {
			if c.Formula {
				t.Errorf("%s holds a formula", c.Ref)
			}
		}
	}
	for _, c := range []struct{ cell, want string }{{"E2", "2026-03-09 08:30"}, {"F2", "2026-01-05"}, {"G2", "2026-01-06"}} {
		if v, _ := f.GetCellValue(xlsx.Sheet, c.cell); v != c.want {
			t.Errorf("%s = %q, want %q", c.cell, v, c.want)
		}
		raw, _ := f.GetCellValue(xlsx.Sheet, c.cell, excelize.Options{RawCellValue: true})
		if strings.Contains(raw, "-") {
			t.Errorf("%s is stored as text %q, not a date", c.cell, raw)
		}
	}
	for _, cell := range []string{"E3", "F3", "G3"} {
		if v, _ := f.GetCellValue(xlsx.Sheet, cell); v != "" {
			t.Errorf("%s = %q for a missing date", cell, v)
		}
	}
	id, _ := f.GetCellStyle(xlsx.Sheet, "H1")
	st, err := f.GetStyle(id)
	if err != nil || st.Font == nil || !st.Font.Bold {
		t.Errorf("header not bold: %+v %v", st, err)
	}
	if id, _ := f.GetCellStyle(xlsx.Sheet, "A2"); id != 0 {
		if st, _ := f.GetStyle(id); st != nil && st.Font != nil && st.Font.Bold {
			t.Error("a data row is bold")
		}
	}
	panes, err := f.GetPanes(xlsx.Sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("panes %+v %v", panes, err)
	}
	props, _ := f.GetDocProps()
	if !strings.Contains(props.Description, "seed 42") || !strings.Contains(props.Subject, "4 of 7") {
		t.Errorf("doc props %+v", props)
	}
}

// golden compares got with testdata/review/name (rewriting it with -update).
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "review", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update to accept):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}
