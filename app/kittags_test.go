package app_test

import (
	"errors"
	"strings"
	"testing"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// TestKitAssetTagFindsTheKit checks that a kit keeps the center's own asset
// tag as an alternate code: checkout, return and the kit lookup accept it
// typed in any case with stray spaces, exactly as they accept the label's
// code, and it is stored once, cleaned.
func TestKitAssetTagFindsTheKit(t *testing.T) {
	e := datatest.New(t)
	k := app.Kit{Kind: app.KitLaptop, SiteID: e.Site.ID, AltTag: "  wr-kit-001 ", Components: app.StandardComponents(app.KitLaptop)}
	k.Components[0].Serial = "SN-ALT-1"
	k, err := e.Svc.AddKit(e.Ctx, k)
	if err != nil {
		t.Fatal(err)
	}
	if k.AltTag != "WR-KIT-001" {
		t.Fatalf("asset tag stored as %q", k.AltTag)
	}
	var stored string
	rawDB(t, e).QueryRow(`SELECT alt_tag FROM kits WHERE id=?`, k.ID).Scan(&stored)
	if stored != "WR-KIT-001" {
		t.Fatalf("alt_tag column %q", stored)
	}
	for _, typed := range []string{"WR-KIT-001", "wr-kit-001", " Wr-Kit-001\r\n", k.Tag, strings.ToLower(k.Tag)} {
		got, err := e.Svc.KitByTag(e.Ctx, typed)
		if err != nil || got.ID != k.ID || got.AltTag != "WR-KIT-001" {
			t.Fatalf("KitByTag(%q) = %+v, %v", typed, got, err)
		}
	}
	p := e.Participant(t, "María", "González", "213-555-0142")
	res, err := e.Svc.Checkout(e.Ctx, app.CheckoutRequest{ParticipantID: p.ID, KitScan: "wr-kit-001", Components: allOut(k)})
	if err != nil || res.Kit.ID != k.ID {
		t.Fatalf("checkout by asset tag: %+v %v", res, err)
	}
	ret, err := e.Svc.Return(e.Ctx, app.ReturnRequest{KitScan: "WR-KIT-001 ", Back: allOut(k)})
	if err != nil || ret.Outcome != app.ReturnComplete || ret.Loan.ID != res.Loan.ID {
		t.Fatalf("return by asset tag: %+v %v", ret, err)
	}
}

// TestUnknownKitTag checks what a typed value that finds no kit says: "No
// kit has tag X", never "scan again", whether it is someone's asset tag
// style or a kit code nobody has; and that a participant card still gets
// its own message.
func TestUnknownKitTag(t *testing.T) {
	e := datatest.New(t)
	k := newKit(t, e, app.KitLaptop)
	other := app.NewCode(app.PrefixKit)
	p := e.Participant(t, "Ana", "Lee", "")
	misread := k.Tag[:len(k.Tag)-1] + "Q"
	if strings.HasSuffix(k.Tag, "Q") {
		misread = k.Tag[:len(k.Tag)-1] + "R"
	}
	for typed, want := range map[string]string{
		"LAPL-HS-0042":  "No kit has tag LAPL-HS-0042.",
		" lapl-hs-0042": "No kit has tag LAPL-HS-0042.",
		other:           "No kit has tag " + other + ".",
		misread:         "", // a misread label: no kit either
	} {
		_, err := e.Svc.KitByTag(e.Ctx, typed)
		var nk *app.NoKitTagError
		if !errors.As(err, &nk) || app.ErrorCode(err) != app.ENotFound {
			t.Fatalf("KitByTag(%q): %v (%s), want a NoKitTagError", typed, err, app.ErrorCode(err))
		}
		msg := app.ErrorMessage(err)
		if want != "" && msg != want {
			t.Errorf("KitByTag(%q): %q, want %q", typed, msg, want)
		}
		if strings.Contains(strings.ToLower(msg), "scan again") || !strings.HasPrefix(msg, "No kit has tag ") {
			t.Errorf("KitByTag(%q): %q", typed, msg)
		}
	}
	_, err := e.Svc.KitByTag(e.Ctx, p.Code)
	wantCode(t, err, app.EInvalid, "participant card")
	before := kitRows(t, e)
	_, err = e.Svc.Checkout(e.Ctx, app.CheckoutRequest{ParticipantID: p.ID, KitScan: "WR-KIT-404", Components: allOut(k)})
	refused(t, e, before, err, app.ENotFound, "No kit has tag WR-KIT-404")
}

// TestKitAssetTagCollisions checks that an asset tag cannot be another
// kit's asset tag (in any case) or any kit's label code, and that UpdateKit
// sets, changes and clears it under the same rules.
func TestKitAssetTagCollisions(t *testing.T) {
	e := datatest.New(t)
	a := newKit(t, e, app.KitLaptop)
	b := newKit(t, e, app.KitHotspot)
	a.AltTag = "WR-KIT-001"
	a, err := e.Svc.UpdateKit(e.Ctx, a)
	if err != nil || a.AltTag != "WR-KIT-001" {
		t.Fatalf("set asset tag: %+v %v", a, err)
	}
	before := kitRows(t, e)
	b.AltTag = "wr-kit-001"
	_, err = e.Svc.UpdateKit(e.Ctx, b)
	refused(t, e, before, err, app.EConflict, "Kit "+a.Tag+" already has the asset tag WR-KIT-001")
	b.AltTag = a.Tag
	_, err = e.Svc.UpdateKit(e.Ctx, b)
	refused(t, e, before, err, app.EConflict, a.Tag+" is the label code of kit "+a.Tag)
	n := app.Kit{Kind: app.KitLaptop, SiteID: e.Site.ID, AltTag: "WR-KIT-001", Components: []app.KitComponent{{Name: "laptop", Required: true}}}
	_, err = e.Svc.AddKit(e.Ctx, n)
	refused(t, e, before, err, app.EConflict, "already has the asset tag WR-KIT-001")
	n.AltTag = b.Tag
	_, err = e.Svc.AddKit(e.Ctx, n)
	refused(t, e, before, err, app.EConflict, "label code of kit "+b.Tag)
	n.AltTag = strings.Repeat("X", app.MaxAltTagLen+1)
	_, err = e.Svc.AddKit(e.Ctx, n)
	refused(t, e, before, err, app.EInvalid, "longer than 40")
	n.AltTag = "WR\x00KIT"
	_, err = e.Svc.AddKit(e.Ctx, n)
	refused(t, e, before, err, app.EInvalid, "cannot be printed")

	// its own asset tag again, or a change to a free one, is fine
	a.Notes = "sticker replaced"
	if a, err = e.Svc.UpdateKit(e.Ctx, a); err != nil {
		t.Fatal(err)
	}
	a.AltTag = "WR-KIT-002"
	if a, err = e.Svc.UpdateKit(e.Ctx, a); err != nil || a.AltTag != "WR-KIT-002" {
		t.Fatalf("change asset tag: %+v %v", a, err)
	}
	if _, err := e.Svc.KitByTag(e.Ctx, "WR-KIT-001"); app.ErrorCode(err) != app.ENotFound {
		t.Fatalf("the old asset tag still finds a kit: %v", err)
	}
	// the freed tag can go to another kit; clearing works
	b.AltTag = "WR-KIT-001"
	if b, err = e.Svc.UpdateKit(e.Ctx, b); err != nil {
		t.Fatal(err)
	}
	b.AltTag = ""
	if b, err = e.Svc.UpdateKit(e.Ctx, b); err != nil || b.AltTag != "" {
		t.Fatalf("clear asset tag: %+v %v", b, err)
	}
	// two kits without an asset tag do not collide
	newKit(t, e, app.KitLaptop)
}
