package ui

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// rowsShown is how many search rows list shows whole at its size.
func rowsShown(list *widget.List) int {
	pad := theme.Padding()
	h := newResultRow().MinSize().Height
	return int((list.Size().Height + pad) / (h + pad))
}

// garciaDesk is a desk with thirty people called García at an orientation
// running now, in a window of size.
func garciaDesk(t *testing.T, size fyne.Size) *paperDesk {
	d := newPaperDesk(t, func(e *datatest.Env) {
		e.Event(t, app.KindOrientation, "WorkSource Orientation", at(10, 0), 90*time.Minute, 30)
		for i := range 30 {
			e.Participant(t, fmt.Sprintf("Ana%02d", i), "García", fmt.Sprintf("213-555-01%02d", i))
		}
	})
	d.win.Resize(size)
	d.s.search.delay = 5 * time.Millisecond
	return d
}

// At 1024×600 Check-in and Paper sheets show at least seven search results
// under a compact banner; at 1600×1000 the banner is full size (and more
// rows show); going back and forth switches the banner each time.
func TestSevenResultRowsShowAt1024x600(t *testing.T) {
	spanish := os.Getenv("FRONTDESK_TEST_SPANISH") != ""
	small, large := fyne.NewSize(1024, 600), fyne.NewSize(1600, 1000)
	d := garciaDesk(t, small)
	// the answers stay up for the whole test: no timer changes the screen
	// while it is measured
	d.s.feedback.readyDelay, d.p.feedback.readyDelay = time.Hour, time.Hour
	ready := "Ready — scan the next card"
	if spanish {
		ready = "Listo — escanee la siguiente tarjeta"
	}
	if d.s.result.title.Text != ready {
		t.Fatalf("banner says %q, want %q", d.s.result.title.Text, ready)
	}
	for _, size := range []fyne.Size{small, large, small} {
		d.win.Resize(size)
		showTab(d.u, d.s.content)
		d.s.scan.SetText("")
		test.Type(d.s.scan, "garcia")
		time.Sleep(40 * time.Millisecond)
		d.s.wait()
		d.s.feedback.answer(toneBad, lang.L("Scan again"), lang.L("The code could not be read."))
		if n := len(d.s.search.results); n < 20 {
			t.Fatalf("%d matches for garcia", n)
		}
		showTab(d.u, d.p.content)
		d.row("garcia")
		d.p.feedback.answer(toneBad, lang.L("Type the name first"), lang.L("A new participant needs a first and last name; add the phone or email on the same line."))
		compact := size.Height < 700
		for _, sc := range []struct {
			name  string
			list  *widget.List
			panel *resultPanel
			hint  *widget.Label
		}{{"Check-in", d.s.search.list, d.s.result, d.s.search.hint}, {"Paper sheets", d.p.search.list, d.p.result, d.p.search.hint}} {
			n := rowsShown(sc.list)
			t.Logf("%v %s: %d rows whole, banner %.0f px high, hint %q", size, sc.name, n, sc.panel.content.Size().Height, sc.hint.Text)
			if n < 7 {
				t.Errorf("at %v %s shows %d search results whole, want at least 7", size, sc.name, n)
			}
			if sc.panel.compact != compact {
				t.Errorf("at %v %s's banner compact=%v", size, sc.name, sc.panel.compact)
			}
			if compact && sc.panel.content.Size().Height > 80 || !compact && sc.panel.content.Size().Height < 90 {
				t.Errorf("at %v %s's banner is %.0f px high", size, sc.name, sc.panel.content.Size().Height)
			}
			// the answer's words fit across the banner
			if w := sc.panel.title.MinSize().Width; w > sc.panel.content.Size().Width {
				t.Errorf("at %v %s's answer %q needs %.0f px of %.0f", size, sc.name, sc.panel.title.Text, w, sc.panel.content.Size().Width)
			}
		}
		if compact && !strings.Contains(d.p.counts.Text, "0") {
			t.Errorf("paper counts %q not shown in the short layout", d.p.counts.Text)
		}
		if d.p.counts.Size().Width == 0 || !d.p.counts.Visible() {
			t.Errorf("at %v the paper counts are not laid out", size)
		}
	}
}

// The same in Spanish: the test binary runs the check above again with a
// Spanish locale.
func TestSevenResultRowsShowAt1024x600InSpanish(t *testing.T) {
	if os.Getenv("FRONTDESK_TEST_SPANISH") != "" {
		t.Skip("already the Spanish run")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestSevenResultRowsShowAt1024x600$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), "FRONTDESK_TEST_SPANISH=1", "LANGUAGE=es", "LC_ALL=es_US.UTF-8", "LANG=es_US.UTF-8")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestSevenResultRowsShowAt1024x600") {
		t.Fatalf("the Spanish run failed: %v\n%s", err, out)
	}
	for _, l := range strings.Split(string(out), "\n") {
		if strings.Contains(l, "rows whole") {
			t.Log(strings.TrimSpace(l))
		}
	}
}
