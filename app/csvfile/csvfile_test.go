package csvfile_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"frontdesk/app/csvfile"
)

func TestText(t *testing.T) {
	for in, want := range map[string]string{"": "", "ana": "ana", "=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@x": "'@x",
		"\tx": "'\tx", "\rx": "'\rx", "a=b": "a=b", "'+Plus -Minus": "'+Plus -Minus"} {
		if got := csvfile.Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}

var records = [][]string{{"name", "note"}, {"Inés Núñez", "line one\nline two"}, {"=cmd", "+Plus, -Minus"}}

func write(t *testing.T, k csvfile.Kind, text bool) []byte {
	t.Helper()
	var b bytes.Buffer
	w := csvfile.NewWriter(&b, k)
	for _, r := range records {
		var err error
		if text {
			err = w.WriteText(r)
		} else {
			err = w.Write(r)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestExcelKind: a byte-order mark, CRLF line ends, and the same records
// read back.
func TestExcelKind(t *testing.T) {
	got := write(t, csvfile.Excel, false)
	if !bytes.HasPrefix(got, []byte{0xEF, 0xBB, 0xBF}) {
		t.Fatalf("starts % X, want the UTF-8 byte-order mark EF BB BF", got[:3])
	}
	if bytes.Count(got, []byte{0xEF, 0xBB, 0xBF}) != 1 {
		t.Error("more than one byte-order mark")
	}
	body := string(got[3:])
	// encoding/csv writes a line break inside a quoted field as CRLF too.
	if !strings.HasSuffix(body, "\r\n") || strings.Count(body, "\n") != strings.Count(body, "\r\n") || strings.Count(body, "\r") != strings.Count(body, "\r\n") {
		t.Errorf("want every line to end in CRLF: %q", body)
	}
	back, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != 3 || back[1][0] != "Inés Núñez" || back[2][1] != "+Plus, -Minus" {
		t.Errorf("read back %q", back)
	}
}

// TestMachineKind is exactly what encoding/csv writes: no mark, LF.
func TestMachineKind(t *testing.T) {
	got := write(t, csvfile.Machine, false)
	var want bytes.Buffer
	cw := csv.NewWriter(&want)
	cw.WriteAll(records)
	if !bytes.Equal(got, want.Bytes()) {
		t.Errorf("machine CSV\n%q\nwant\n%q", got, want.Bytes())
	}
	if bytes.Contains(got, []byte("\r")) || bytes.HasPrefix(got, []byte(csvfile.BOM)) {
		t.Error("machine CSV has a CR or a byte-order mark")
	}
}

// TestWriteTextGuards: every cell of WriteText goes through Text, in both
// kinds.
func TestWriteTextGuards(t *testing.T) {
	for _, k := range []csvfile.Kind{csvfile.Machine, csvfile.Excel} {
		got := strings.TrimPrefix(string(write(t, k, true)), csvfile.BOM)
		back, err := csv.NewReader(strings.NewReader(got)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if back[2][0] != "'=cmd" || back[2][1] != "'+Plus, -Minus" {
			t.Errorf("%v: guarded row %q", k, back[2])
		}
	}
}

func TestEmptyExcelFileHasTheMark(t *testing.T) {
	var b bytes.Buffer
	if err := csvfile.NewWriter(&b, csvfile.Excel).Flush(); err != nil || b.String() != csvfile.BOM {
		t.Errorf("empty Excel CSV %q, %v", b.String(), err)
	}
}

func TestParseKind(t *testing.T) {
	for in, want := range map[string]csvfile.Kind{"excel": csvfile.Excel, "Excel": csvfile.Excel, "plain": csvfile.Machine} {
		if k, err := csvfile.ParseKind(in); err != nil || k != want {
			t.Errorf("ParseKind(%q) = %v, %v", in, k, err)
		}
	}
	if _, err := csvfile.ParseKind("utf16"); err == nil {
		t.Error("ParseKind(utf16) gave no error")
	}
}
