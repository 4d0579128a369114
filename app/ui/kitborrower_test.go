package ui

import (
	"strings"
	"testing"

	"frontdesk/app"
)

// The kit desk sees the borrower: checkout names the person once the card
// is scanned, return names who has the kit with their phone, and the Loans
// list names and numbers every borrower (out, due this week, overdue, holds).
func TestKitDeskShowsTheBorrower(t *testing.T) {
	d := newKitDeskAs(t, app.RoleCirculation) // kit circulation alone
	d.lendAndQueue(func(c *kitCheckoutScreen) {
		if c.step != stepKit || !strings.Contains(c.who.Text, "María González") || !strings.Contains(c.result.title.Text, "María González") {
			t.Fatalf("after the card: step %d, %q / %q", c.step, c.who.Text, c.result.title.Text)
		}
	})
	// the Loans list while the loan is out, then once it is overdue
	d.s.tabs.SelectIndex(2)
	all := strings.Join(d.s.loans.lines, "\n")
	for _, want := range []string{
		"María González\u200e  ·  (213) 555-0142  ·  due", // Out
		"Ana Flores\u200e  ·  no phone",                   // Holds
	} {
		if !strings.Contains(all, want) {
			t.Fatalf("loans list lacks %q:\n%s", want, all)
		}
	}
	d.env.Clock = d.env.Clock.AddDate(0, 0, 50)
	d.s.loans.refresh()
	all = strings.Join(d.s.loans.lines, "\n")
	if i := strings.Index(all, "Overdue (1)"); i < 0 || !strings.Contains(all[i:], "María González\u200e  ·  (213) 555-0142  ·  8 days overdue") {
		t.Fatalf("overdue lines lack the borrower:\n%s", all)
	}
	// the return screen names the borrower once the kit is scanned
	r := d.s.ret
	d.s.tabs.SelectIndex(1)
	d.scan(r.scan, d.kit.Tag)
	if !strings.Contains(r.kitLine.Text, "Borrower: María González\u200e  ·  (213) 555-0142") || !strings.Contains(r.result.title.Text, "from María González") {
		t.Fatalf("return screen: %q / %q", r.kitLine.Text, r.result.title.Text)
	}
}
