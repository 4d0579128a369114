package app_test

import (
	"strings"
	"testing"

	"frontdesk/app"
)

func TestEventCodeRoundTrip(t *testing.T) {
	for _, id := range []int64{1, 7, 35, 36, 100, 12345, 1 << 40, 3656158440062975} {
		c := app.EventCode(id)
		if len(c) != 13 || !strings.HasPrefix(c, "E-") {
			t.Fatalf("EventCode(%d) = %q", id, c)
		}
		if c != app.EventCode(id) {
			t.Fatalf("EventCode(%d) is not deterministic", id)
		}
		got, prefix, err := app.ParseCode(c)
		if err != nil || got != c || prefix != app.PrefixEvent {
			t.Fatalf("ParseCode(%q) = %q, %q, %v", c, got, prefix, err)
		}
		back, err := app.EventIDFromCode(" " + strings.ToLower(c) + "\r\n")
		if err != nil || back != id {
			t.Fatalf("EventIDFromCode(%q) = %d, %v; want %d", c, back, err, id)
		}
	}
	if c := app.EventCode(100); c != "E-00000000"+"2S"+c[12:] {
		t.Errorf("EventCode(100) = %q, want the id in base 36", c)
	}
	for _, id := range []int64{0, -1, 3656158440062976} {
		if c := app.EventCode(id); c != "" {
			t.Errorf("EventCode(%d) = %q, want \"\"", id, c)
		}
	}
}

func TestEventIDFromCodeRefuses(t *testing.T) {
	good := app.EventCode(42)
	bad := []string{
		"",
		"P-7K3VSET56GQ",                    // a participant code
		good[:12] + "!",                    // no check character
		"E-0000000000" + "0",               // id 0 (whatever its check character)
		strings.Replace(good, "1", "2", 1), // one character changed
	}
	// id 0 with its correct check character
	for _, c := range "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" {
		if _, _, err := app.ParseCode("E-0000000000" + string(c)); err == nil {
			bad = append(bad, "E-0000000000"+string(c))
		}
	}
	for _, s := range bad {
		if id, err := app.EventIDFromCode(s); err == nil || app.ErrorCode(err) != app.EInvalid {
			t.Errorf("EventIDFromCode(%q) = %d, %v; want EInvalid", s, id, err)
		}
	}
}
