package app_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// hitNames lists a page's hits as "Name" strings.
func hitNames(page app.SearchPage) []string {
	var out []string
	for _, h := range page.Hits {
		out = append(out, h.DisplayName())
	}
	return out
}

func TestSearchEveryWordAndAnyPartOfThePhone(t *testing.T) {
	e := datatest.New(t)
	cruz := e.Participant(t, "José", "de la Cruz", "(213) 984-5100")
	e.Participant(t, "Cruz", "Ramírez", "818-555-0199")
	e.Participant(t, "Ana", "Cruzado", "")
	e.Participant(t, "Mary-Jo", "O'Neal", "323-555-9845")
	names := func(q string) []string {
		page, err := e.Svc.Search(e.Ctx, q, app.SearchOptions{Limit: 20})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		return hitNames(page)
	}
	for _, c := range []struct {
		q    string
		want []string
	}{
		{"cruz", []string{"José de la Cruz", "Cruz Ramírez", "Ana Cruzado"}}, // the word matched, then the name
		{"la", []string{"José de la Cruz"}},
		{"cruz jo", []string{"José de la Cruz"}}, // every word typed, in any order
		{"de cruz", []string{"José de la Cruz"}},
		{"jo", []string{"Mary-Jo O'Neal", "José de la Cruz"}}, // the word "jo" before "jose"
		{"neal", []string{"Mary-Jo O'Neal"}},
		{"98451", []string{"José de la Cruz"}}, // digits from the middle of the number
		{"984-51", []string{"José de la Cruz"}},
		{"9845", []string{"Mary-Jo O'Neal", "José de la Cruz"}}, // 555-9845 ends there; 984-5100 goes on
		{"5100", []string{"José de la Cruz"}},
		{"1-213-984-5100", []string{"José de la Cruz"}},
		{"cruz x", nil},
		{"2139845100 1", nil},
	} {
		if got := names(c.q); strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("search %q = %q, want %q", c.q, got, c.want)
		}
	}

	// a changed name and phone are searched by their new words and digits only
	cruz.LastName, cruz.Phone = "Cortés", "626-777-1234"
	if _, err := e.Svc.UpdateParticipant(e.Ctx, cruz); err != nil {
		t.Fatal(err)
	}
	if got := names("98451"); got != nil {
		t.Errorf("old phone still found: %q", got)
	}
	if got := names("la"); got != nil {
		t.Errorf("old surname still found: %q", got)
	}
	if got := names("7771"); len(got) != 1 || got[0] != "José Cortés" {
		t.Errorf("new phone: %q", got)
	}
	if got := names("cort jos"); len(got) != 1 {
		t.Errorf("new name: %q", got)
	}
}

func TestSearchCountsWhenCapped(t *testing.T) {
	e := datatest.New(t)
	for i := 0; i < 43; i++ {
		e.Participant(t, "Guadalupe", fmt.Sprintf("Pérez %c", 'A'+i%26), "")
	}
	page, err := e.Svc.Search(e.Ctx, "guad", app.SearchOptions{Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Hits) != 20 || page.Total != 43 || page.More {
		t.Fatalf("guad: %d hits of %d (more %v), want 20 of 43", len(page.Hits), page.Total, page.More)
	}
	// past app.SearchCountCap the count stops and says so
	for i := 43; i <= app.SearchCountCap; i++ {
		e.Participant(t, "Guadalupe", "Ortiz", "")
	}
	page, err = e.Svc.Search(e.Ctx, "guad", app.SearchOptions{Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Hits) != 20 || page.Total != app.SearchCountCap || !page.More {
		t.Fatalf("guad: %d hits of %d (more %v), want 20 of more than %d", len(page.Hits), page.Total, page.More, app.SearchCountCap)
	}
	// "guadalupe perez" matches each person by two words: still counted once
	page, err = e.Svc.Search(e.Ctx, "pe gu", app.SearchOptions{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Hits) != 43 || page.Total != 43 {
		t.Fatalf("pe gu: %d hits of %d", len(page.Hits), page.Total)
	}
}

// Seven Guadalupe Pérez, one of them pre-registered, one already checked in,
// one who replied STOP: the pre-registered one comes first, and each hit
// tells them apart.
func TestSearchForAnEventPutsThePreRegisteredFirst(t *testing.T) {
	e := datatest.New(t)
	ev := orientationNow(t, e, 30)
	e.Clock = datatest.Now.Add(2 * time.Minute)
	people := e.Namesakes(t, ev, e.Clock)
	reg, in := people[4], people[2]
	if err := e.Svc.Register(e.Ctx, ev.ID, people[6].ID); err != nil {
		t.Fatal(err)
	}

	page, err := e.Svc.Search(e.Ctx, "guadalupe perez", app.SearchOptions{EventID: ev.ID, Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Hits) != 7 || page.Total != 7 {
		t.Fatalf("%d hits of %d", len(page.Hits), page.Total)
	}
	first, second := page.Hits[0], page.Hits[1]
	if !first.PreRegistered || !second.PreRegistered || first.ID != reg.ID || second.ID != people[6].ID {
		t.Fatalf("pre-registered not first: %+v / %+v", first, second)
	}
	for _, h := range page.Hits[2:] {
		if h.PreRegistered {
			t.Errorf("%d marked pre-registered", h.ID)
		}
		switch h.ID {
		case in.ID:
			if h.CheckedInAt == nil || !h.CheckedInAt.Equal(e.Clock) {
				t.Errorf("checked in at %v, want %v", h.CheckedInAt, e.Clock)
			}
		case people[5].ID:
			if h.OptOutAt == nil {
				t.Errorf("STOP not shown")
			}
		default:
			if h.CheckedInAt != nil || h.OptOutAt != nil {
				t.Errorf("%d: checked in %v, opted out %v", h.ID, h.CheckedInAt, h.OptOutAt)
			}
		}
	}
	if first.PhoneTail() != "0104" || first.ZIP != "90014" || first.Code != reg.Code {
		t.Errorf("namesake details: tail %q zip %q code %q", first.PhoneTail(), first.ZIP, first.Code)
	}
	// no event: nobody is pre-registered, and none is checked in
	page, err = e.Svc.Search(e.Ctx, "guadalupe", app.SearchOptions{Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range page.Hits {
		if h.PreRegistered || h.CheckedInAt != nil {
			t.Errorf("without an event: %+v", h)
		}
	}
}

// A number typed while keying a sheet is the row of the pre-filled sheet
// (the roster's order): that row's person comes first.
func TestSearchSheetRowNumber(t *testing.T) {
	e := datatest.New(t)
	ev := orientationNow(t, e, 30)
	for _, n := range [][2]string{{"Zoe", "Adams"}, {"Ana", "Zamora"}, {"Luis", "Ibarra"}, {"Bea", "Ibarra"}} {
		p := e.Participant(t, n[0], n[1], "")
		if err := e.Svc.Register(e.Ctx, ev.ID, p.ID); err != nil {
			t.Fatal(err)
		}
	}
	e.Participant(t, "Nora", "Ochoa", "")
	_, _, roster, err := e.Svc.EventRoster(e.Ctx, ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range roster {
		page, err := e.Svc.Search(e.Ctx, fmt.Sprint(i+1), app.SearchOptions{EventID: ev.ID, Sheet: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Hits) != 1 || page.Hits[0].ID != want.ID || !page.Hits[0].RowMatch || page.Hits[0].SheetRow != i+1 {
			t.Errorf("row %d: %+v, want %s", i+1, page.Hits, want.DisplayName())
		}
	}
	// every pre-registered hit carries its row; the others none
	page, err := e.Svc.Search(e.Ctx, "ibarra", app.SearchOptions{EventID: ev.ID, Sheet: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Hits) != 2 || page.Hits[0].SheetRow != 2 || page.Hits[1].SheetRow != 3 {
		t.Errorf("ibarra rows: %+v", page.Hits)
	}
	if page, _ := e.Svc.Search(e.Ctx, "5", app.SearchOptions{EventID: ev.ID, Sheet: true}); len(page.Hits) != 0 {
		t.Errorf("row 5 of 4: %+v", page.Hits)
	}
	if page, _ := e.Svc.Search(e.Ctx, "1", app.SearchOptions{EventID: ev.ID}); len(page.Hits) != 0 {
		t.Errorf("a row number at check-in: %+v", page.Hits)
	}
}
