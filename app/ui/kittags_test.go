package ui

import (
	"strings"
	"testing"

	"frontdesk/app"
)

// TestKitCirculationOnlyLendsByAssetTag signs in an account that holds the
// kit circulation role alone and lends a kit at the desk: the borrower's
// card and then the kit's asset tag typed in lower case. The kit line names
// the asset tag; a typed tag that matches no kit says so; the return takes
// the asset tag too, and the inventory lists it.
func TestKitCirculationOnlyLendsByAssetTag(t *testing.T) {
	d := newKitDeskAs(t, app.RoleCirculation)
	e, p := d.env, d.p
	k := app.Kit{Kind: app.KitLaptop, SiteID: e.Site.ID, AltTag: "WR-KIT-001", Components: app.StandardComponents(app.KitLaptop)}
	k.Components[0].Serial = "UI-AT-1"
	k, err := e.Svc.AddKit(e.Ctx, k)
	if err != nil {
		t.Fatal(err)
	}
	d.kit = k
	c := d.s.checkout

	d.scan(c.scan, p.Code)
	if c.step != stepKit || !strings.Contains(c.who.Text, "María González") {
		t.Fatalf("the card of a kit-circulation desk: step %d, %q / %q", c.step, c.who.Text, c.result.detail.Text)
	}
	d.scan(c.scan, "lapl-hs-0042")
	wantPanel(t, c.result, toneBad, "Not a kit", "No kit has tag LAPL-HS-0042.")
	if strings.Contains(strings.ToLower(c.result.detail.Text), "scan again") || c.step != stepKit {
		t.Fatalf("unknown tag: %q, step %d", c.result.detail.Text, c.step)
	}
	d.scan(c.scan, "wr-kit-001")
	if c.step != stepComponents || !strings.Contains(c.kitLine.Text, k.Tag+" (WR-KIT-001)") {
		t.Fatalf("after the asset tag: step %d, %q", c.step, c.kitLine.Text)
	}
	c.allPresent()
	d.enter(c.due)
	wantPanel(t, c.result, toneGood, "Lent", "lent to María")
	if ls := d.outLoans(); len(ls) != 1 || ls[0].ParticipantID != p.ID {
		t.Fatalf("loans %+v", ls)
	}

	r := d.s.ret
	d.s.tabs.SelectIndex(1)
	d.scan(r.scan, "WR-KIT-001")
	if len(r.checks) != len(k.Components) || !strings.Contains(r.kitLine.Text, "WR-KIT-001") {
		t.Fatalf("return by asset tag: %d checks, %q / %q", len(r.checks), r.kitLine.Text, r.result.detail.Text)
	}
	d.enter(r.note)
	wantPanel(t, r.result, toneGood, "kit available", "is available")

	// the inventory lists the kit with its asset tag
	d.s.tabs.SelectIndex(3)
	inv := d.s.inv
	var lines []string
	for _, x := range inv.kits {
		lines = append(lines, inv.line(x))
	}
	if all := strings.Join(lines, "\n"); !strings.Contains(all, k.Tag+" (WR-KIT-001)  ·  Laptop kit") {
		t.Fatalf("inventory:\n%s", all)
	}
}
