package importer

import (
	"strings"
	"testing"
)

// FuzzReadOptOuts: any input gives a table or an error, never a panic, and
// every row carries its spreadsheet row number.
func FuzzReadOptOuts(f *testing.F) {
	for _, s := range []string{
		"Phone\n2135550142\n",
		"2135550142\n(323) 555-0100\n",
		"Contact UUID,Name,Status,URN:Tel\nu1,A,stopped,tel:+12135550142\nu2,B,blocked,tel:+13235550100\n",
		"STOP list\n2135550142\n",
		"Name;Teléfono\nAna;213 555 0142\n",
		"",
		"\"unterminated\n",
	} {
		f.Add([]byte(s), "x.csv")
	}
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		tab, err := ReadOptOuts(strings.NewReader(string(data)), name)
		if err != nil {
			return
		}
		for _, r := range tab.Rows {
			if r.Line <= 0 {
				t.Fatalf("row without a row number: %+v", r)
			}
		}
	})
}

func TestReadOptOutsUnnamedColumn(t *testing.T) {
	tab, err := ReadOptOuts(strings.NewReader("STOP list\n2135550142\n3235550100\n"), "stop.csv")
	if err != nil {
		t.Fatal(err)
	}
	if tab.Format != FormatList || len(tab.Rows) != 2 || tab.Rows[0].Line != 2 || tab.Rows[1].Phone != "3235550100" {
		t.Fatalf("table %+v", tab)
	}
	if _, err := ReadOptOuts(strings.NewReader("a,b\nc,d\n"), "x.csv"); err == nil {
		t.Fatal("no phone column accepted")
	}
}

// TestOptOutPhonesTypedAsNumbers: a STOP list whose phones a spreadsheet
// kept as numbers gives their digits.
func TestOptOutPhonesTypedAsNumbers(t *testing.T) {
	tab, err := ReadOptOuts(strings.NewReader("Teléfono / Phone\n2135550142.0\n2.135550199E+09\n(213) 555-0100\n"), "stop.csv")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range tab.Rows {
		got = append(got, r.Phone)
	}
	if want := []string{"2135550142", "2135550199", "(213) 555-0100"}; strings.Join(got, "|") != strings.Join(want, "|") || tab.HeaderLine != 1 {
		t.Fatalf("phones %q header %d", got, tab.HeaderLine)
	}
}
