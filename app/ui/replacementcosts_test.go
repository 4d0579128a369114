package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"frontdesk/app"
)

// TestReplacementCostsDialog sets replacement costs from the Staff screen:
// "abc" and "12.345" are refused with a clear message and nothing saved;
// amounts typed as people type them are saved, an empty one means no cost,
// and another component can be added.
func TestReplacementCostsDialog(t *testing.T) {
	d := newDesk(t, nil)
	s := d.u.staff
	btn := staffButton(t, d, "Replacement costs…")
	test.Tap(btn)
	cd := s.costs
	if cd == nil || cd.amounts[app.ComponentLaptop] == nil || cd.amounts[app.ComponentHotspotCharger] == nil {
		t.Fatalf("dialog: %+v", cd)
	}
	saved := func() map[string]int {
		ls, err := d.env.Svc.LoanSettings(d.env.Ctx)
		if err != nil {
			t.Fatal(err)
		}
		return ls.ReplacementCents
	}
	try := func(want string) {
		t.Helper()
		test.Tap(cd.dlg.confirm)
		if !strings.Contains(cd.errLine.Text, want) {
			t.Fatalf("error line %q, want %q", cd.errLine.Text, want)
		}
		if len(saved()) != 0 {
			t.Fatalf("a refused form saved %v", saved())
		}
	}
	test.Type(cd.amounts[app.ComponentLaptop], "abc")
	try(`laptop: “abc” is not an amount of money. Write it like 350.00.`)
	cd.amounts[app.ComponentLaptop].SetText("12.345")
	try(`laptop: “12.345” has more than two decimals.`)
	cd.amounts[app.ComponentLaptop].SetText("-3")
	try("laptop: the cost must be $0 or more.")
	cd.amounts[app.ComponentLaptop].SetText("$1,299.5")
	cd.amounts[app.ComponentHotspot].SetText("120")
	cd.newCost.SetText("15")
	try("Write the other component's name")
	cd.newName.SetText("Mouse")
	test.Tap(cd.dlg.confirm)
	if cd.errLine.Text != "" {
		t.Fatalf("error line %q", cd.errLine.Text)
	}
	got := saved()
	if len(got) != 3 || got["laptop"] != 129950 || got["hotspot"] != 12000 || got["mouse"] != 1500 {
		t.Fatalf("saved %v", got)
	}
	// opened again, it shows what is saved; clearing an amount removes it
	test.Tap(btn)
	cd = s.costs
	if cd.amounts["laptop"].Text != "1299.50" || cd.amounts["mouse"].Text != "15.00" || cd.amounts[app.ComponentBag].Text != "" {
		t.Fatalf("reopened: laptop %q mouse %q bag %q", cd.amounts["laptop"].Text, cd.amounts["mouse"].Text, cd.amounts[app.ComponentBag].Text)
	}
	cd.amounts["laptop"].SetText("")
	test.Tap(cd.dlg.confirm)
	if got := saved(); len(got) != 2 || got["hotspot"] != 12000 {
		t.Fatalf("after clearing the laptop: %v", got)
	}
}
