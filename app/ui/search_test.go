package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// resultRows are the search rows drawn in list (made by newResultRow: a
// stack of the highlight and a line of name, tags and details), each with
// whether its highlight shows.
func resultRows(list *widget.List) (rows []*fyne.Container, lit []bool) {
	for _, o := range test.LaidOutObjects(list) {
		st, ok := o.(*fyne.Container)
		if !ok || len(st.Objects) != 2 {
			continue
		}
		bg, ok1 := st.Objects[0].(*canvas.Rectangle)
		row, ok2 := st.Objects[1].(*fyne.Container)
		if ok1 && ok2 && len(row.Objects) == 4 {
			rows, lit = append(rows, row), append(lit, bg.Visible())
		}
	}
	return rows, lit
}

// drawnRows is the text of each search row drawn: name, tags, details.
func drawnRows(list *widget.List) []string {
	var out []string
	rows, _ := resultRows(list)
	for _, row := range rows {
		var parts []string
		for _, i := range []int{0, 1, 3} {
			parts = append(parts, row.Objects[i].(*widget.Label).Text)
		}
		out = append(out, strings.Join(parts, " | "))
	}
	return out
}

// highlightedRows names the search rows drawn with their highlight shown.
func highlightedRows(list *widget.List) []string {
	var names []string
	rows, lit := resultRows(list)
	for i, row := range rows {
		if lit[i] {
			names = append(names, row.Objects[0].(*widget.Label).Text)
		}
	}
	return names
}

// Seven namesakes: the pre-registered one is listed first and Enter checks
// her in as pre-registered, not as a walk-in; the rows tell them apart.
func TestCheckInNamesakesPreRegisteredFirst(t *testing.T) {
	var ev app.Event
	var ps []app.Participant
	d := newDesk(t, func(e *datatest.Env) {
		ev = e.Event(t, app.KindOrientation, "WorkSource Orientation", at(10, 0), 90*time.Minute, 30)
		ps = e.Namesakes(t, ev, at(10, 5))
	})
	if d.s.target.EventID != ev.ID {
		t.Fatalf("target %+v", d.s.target)
	}
	d.typeScan("guadalupe pérez", "")
	if len(d.s.search.results) != 7 || d.s.search.results[0].ID != ps[4].ID {
		t.Fatalf("results %+v", d.s.search.results)
	}
	rows := drawnRows(d.s.search.list)
	if len(rows) < 7 {
		t.Fatalf("drawn rows %q", rows)
	}
	if rows[0] != "Guadalupe Pérez | pre-registered | …0104   90014   "+ps[4].Code {
		t.Errorf("first row %q", rows[0])
	}
	all := strings.Join(rows, "\n")
	for _, want := range []string{"in at 10:05 AM | …0102   90012", "STOP | …0105   90015"} {
		if !strings.Contains(all, want) {
			t.Errorf("rows miss %q:\n%s", want, all)
		}
	}
	d.s.scan.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	d.settle()
	d.wantResult(toneGood, "Guadalupe P. is checked in")
	cs := d.activeCheckIns(ev.ID)
	if len(cs) != 2 || cs[0].ParticipantID != ps[4].ID || cs[0].WalkIn {
		t.Fatalf("check-ins %+v", cs)
	}
}

// Every word of a name, any part of a phone, and the count when capped.
func TestCheckInSearchEveryWordAnyDigitsAndCount(t *testing.T) {
	var cruz app.Participant
	d := newDesk(t, func(e *datatest.Env) {
		e.Event(t, app.KindOrientation, "WorkSource Orientation", at(10, 0), 90*time.Minute, 30)
		cruz = e.Participant(t, "José", "de la Cruz", "(213) 984-5100")
		for i := 0; i < 30; i++ {
			e.Participant(t, "Ana", fmt.Sprintf("Díaz %02d", i), "")
		}
	})
	for _, q := range []string{"cruz", "98451", "984-51", "la cruz", "cruz jo"} {
		d.s.scan.SetText("")
		d.typeScan(q, "")
		if len(d.s.search.results) != 1 || d.s.search.results[0].ID != cruz.ID {
			t.Errorf("%q found %d: %+v", q, len(d.s.search.results), d.s.search.results)
		}
	}
	d.s.scan.SetText("")
	d.typeScan("ana", "")
	if n := len(d.s.search.results); n != searchLimit {
		t.Fatalf("ana: %d results", n)
	}
	if want := fmt.Sprintf("%d of 30 — keep typing", searchLimit); !strings.HasPrefix(d.s.search.hint.Text, want) {
		t.Fatalf("hint %q, want %q", d.s.search.hint.Text, want)
	}
	d.typeScan(" d", "")
	if len(d.s.search.results) != searchLimit || !strings.HasPrefix(d.s.search.hint.Text, fmt.Sprintf("%d of 30", searchLimit)) {
		t.Fatalf("ana d: %d, %q", len(d.s.search.results), d.s.search.hint.Text)
	}
	d.typeScan("iaz 2", "")
	if len(d.s.search.results) != 10 || strings.Contains(d.s.search.hint.Text, "keep typing") {
		t.Fatalf("ana diaz 2: %d, %q", len(d.s.search.results), d.s.search.hint.Text)
	}
}

// Paper entry: a sheet row number picks that row's person of the
// pre-filled sheet; among namesakes the pre-registered one shows its row.
func TestPaperSheetRowNumberPicksTheRow(t *testing.T) {
	var ev app.Event
	var ps []app.Participant
	var zamora app.Participant
	d := newPaperDesk(t, func(e *datatest.Env) {
		ev = e.Event(t, app.KindOrientation, "WorkSource Orientation", at(10, 0), 90*time.Minute, 30)
		ps = e.Namesakes(t, ev, at(10, 5))
		zamora = e.Participant(t, "Ana", "Zamora", "")
		adams := e.Participant(t, "Zoe", "Adams", "")
		for _, p := range []app.Participant{zamora, adams} {
			if err := e.Svc.Register(e.Ctx, ev.ID, p.ID); err != nil {
				t.Fatal(err)
			}
		}
	})
	_, _, roster, err := d.env.Svc.EventRoster(d.env.Ctx, ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	// the sheet: 1 Adams, 2 Pérez, 3 Zamora
	if len(roster) != 3 || roster[1].ID != ps[4].ID || roster[2].ID != zamora.ID {
		t.Fatalf("roster %v", roster)
	}
	d.row("guadalupe")
	if rows := drawnRows(d.p.search.list); len(rows) == 0 || !strings.HasPrefix(rows[0], "Guadalupe Pérez | row 2 · pre-registered |") {
		t.Fatalf("rows %q", rows)
	}
	d.row("3")
	if len(d.p.search.results) != 1 || d.p.search.results[0].ID != zamora.ID || !d.p.search.results[0].RowMatch {
		t.Fatalf("row 3: %+v", d.p.search.results)
	}
	d.press(fyne.KeyReturn)
	cs := d.activeCheckIns(ev.ID)
	if len(cs) != 2 || cs[0].ParticipantID != zamora.ID || cs[0].Method != app.MethodPaper || cs[0].WalkIn {
		t.Fatalf("check-ins %+v", cs)
	}
	d.row("9")
	if len(d.p.search.results) != 0 || !strings.Contains(d.p.search.hint.Text, "Ctrl+N") {
		t.Fatalf("row 9 of 3: %+v, %q", d.p.search.results, d.p.search.hint.Text)
	}
}
