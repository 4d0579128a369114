package app_test

import (
	"fmt"
	"strings"
	"testing"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// kitList is a list of kits as a spreadsheet gives them: a laptop with an
// asset tag, a laptop + hotspot, a hotspot with an extra component.
func kitList() []app.KitImportRow {
	return []app.KitImportRow{
		{Line: 2, Kind: "laptop", AltTag: "wr-kit-001", Serials: []app.ComponentSerial{{Name: "Laptop", Serial: "5cd-001"}, {Name: "charger", Serial: "ch-001"}, {Name: "mouse", Serial: "m-001"}}},
		{Line: 3, Kind: "Laptop + hotspot", Carrier: "T-Mobile", LineNumber: "(323) 555-0199", IMEI: "490154203237518",
			Serials: []app.ComponentSerial{{Name: "laptop", Serial: "5CD-002"}, {Name: "hotspot", Serial: "490154203237518"}}},
		{Line: 5, Kind: "hotspot", AltTag: "LAPL-HS-0042", Carrier: "Verizon", LineNumber: "323-555-0142", IMEI: "356938035643809", Notes: "new battery"},
	}
}

func TestImportKitsAllValid(t *testing.T) {
	e := datatest.New(t)
	rep, err := e.Svc.ImportKits(e.Ctx, e.Site.ID, kitList(), app.KitImportOptions{})
	if err != nil || len(rep.Kits) != 3 || rep.Skipped != 0 || len(rep.Errors) != 0 {
		t.Fatalf("import: %+v %v", rep, err)
	}
	ks, err := e.Svc.Kits(e.Ctx, app.KitFilter{})
	if err != nil || len(ks) != 3 {
		t.Fatalf("kits: %d %v", len(ks), err)
	}
	laptop, err := e.Svc.KitByTag(e.Ctx, "WR-KIT-001")
	if err != nil || laptop.Kind != app.KitLaptop || laptop.Status != app.KitAvailable || laptop.SiteID != e.Site.ID {
		t.Fatalf("the laptop by its asset tag: %+v %v", laptop, err)
	}
	var names []string
	for _, c := range laptop.Components {
		names = append(names, fmt.Sprintf("%s=%s/%v", c.Name, c.Serial, c.Required))
	}
	if got := strings.Join(names, " "); got != "laptop=5CD-001/true charger=CH-001/true bag=/true printed materials=/false mouse=M-001/true" {
		t.Errorf("laptop components: %s", got)
	}
	both, err := e.Svc.KitByTag(e.Ctx, rep.Kits[1].Tag)
	if err != nil || both.Kind != app.KitLaptopHotspot || both.LineNumber != "+13235550199" || both.Service != app.ServiceActive {
		t.Fatalf("laptop + hotspot: %+v %v", both, err)
	}
	hs, err := e.Svc.KitByTag(e.Ctx, "lapl-hs-0042")
	if err != nil || hs.Kind != app.KitHotspot || hs.Notes != "new battery" || hs.Carrier != "Verizon" {
		t.Fatalf("hotspot by its asset tag: %+v %v", hs, err)
	}
	a := lastAudit(t, e)
	if a.Action != "kit.import" || a.Detail != "rows=3 created=3 skipped=0" {
		t.Fatalf("audit: %+v", a)
	}
}

// TestImportKitsAllOrNothing checks that bad rows, whatever makes them bad,
// are all reported with their row numbers, and that nothing is saved unless
// SkipInvalid, which saves the good rows.
func TestImportKitsAllOrNothing(t *testing.T) {
	e := datatest.New(t)
	existing := newKit(t, e, app.KitLaptop)
	existing.AltTag = "WR-KIT-900"
	if _, err := e.Svc.UpdateKit(e.Ctx, existing); err != nil {
		t.Fatal(err)
	}
	rows := append(kitList(),
		app.KitImportRow{Line: 6, Kind: "tablet"},
		app.KitImportRow{Line: 7, Kind: "laptop", Serials: []app.ComponentSerial{{Name: "laptop", Serial: "CH-001"}}},                      // in row 2
		app.KitImportRow{Line: 8, Kind: "laptop", Serials: []app.ComponentSerial{{Name: "laptop", Serial: existing.Components[0].Serial}}}, // another kit's
		app.KitImportRow{Line: 9, Kind: "laptop", AltTag: "wr-kit-900"},                                                                    // another kit's asset tag
		app.KitImportRow{Line: 10, Kind: "hotspot", Carrier: "T-Mobile", LineNumber: "323-555-0100", IMEI: "490154203237518"},              // row 3's IMEI
		app.KitImportRow{Line: 11, Kind: "", Notes: "forgot the kind"},
		app.KitImportRow{Line: 12, Kind: "hotspot", LineNumber: "323-555-0100", IMEI: "12345"},
		app.KitImportRow{Line: 13, Kind: "laptop", Tag: "WR-KIT-777"},
		app.KitImportRow{Line: 14, Kind: "laptop", Tag: existing.Tag},
	)
	before := kitRows(t, e)
	rep, err := e.Svc.ImportKits(e.Ctx, e.Site.ID, rows, app.KitImportOptions{})
	wantCode(t, err, app.EInvalid, "9 rows have problems (rows 6, 7, 8, 9, 10, 11, 12, 13 and 14), so nothing was imported. The first is row 6: kind:")
	if after := kitRows(t, e); after != before {
		t.Fatalf("a refused import changed the database:\n%s\n%s", before, after)
	}
	want := []string{
		`row 6: kind: "tablet" is not a kind of kit`,
		"row 7: serial CH-001 is also on row 2",
		"row 8: laptop serial: " + existing.Components[0].Serial + " is already registered to kit " + existing.Tag,
		"row 9: asset tag: Kit " + existing.Tag + " already has the asset tag WR-KIT-900",
		"row 10: IMEI 490154203237518 is also on row 3",
		"row 11: kind: is missing",
		"row 12: carrier: is required",
		"row 13: tag: WR-KIT-777 is not the code of a kit label",
		"row 14: tag: Another kit already has the tag " + existing.Tag,
	}
	if len(rep.Errors) != len(want) || len(rep.Kits) != 0 {
		t.Fatalf("report: %+v", rep)
	}
	for i, w := range want {
		if !strings.HasPrefix(rep.Errors[i].String(), w) {
			t.Errorf("error %d: %q, want %q…", i, rep.Errors[i], w)
		}
	}

	rep, err = e.Svc.ImportKits(e.Ctx, e.Site.ID, rows, app.KitImportOptions{SkipInvalid: true})
	if err != nil || len(rep.Kits) != 3 || rep.Skipped != 9 || len(rep.Errors) != 9 {
		t.Fatalf("skip invalid: %+v %v", rep, err)
	}
	if ks, _ := e.Svc.Kits(e.Ctx, app.KitFilter{}); len(ks) != 4 {
		t.Fatalf("%d kits after skip-invalid, want 4", len(ks))
	}
	if a := lastAudit(t, e); a.Action != "kit.import" || a.Detail != "rows=12 created=3 skipped=9" {
		t.Fatalf("audit: %+v", a)
	}
	// the same list again: every row is now a kit already registered
	rep, err = e.Svc.ImportKits(e.Ctx, e.Site.ID, kitList(), app.KitImportOptions{})
	wantCode(t, err, app.EInvalid, "3 rows have problems")
	if len(rep.Errors) != 3 || !strings.Contains(rep.Errors[0].String(), "already has the asset tag WR-KIT-001") {
		t.Fatalf("again: %+v", rep.Errors)
	}
}

func TestImportKitsRefusals(t *testing.T) {
	e := datatest.New(t)
	_, err := e.Svc.ImportKits(e.Ctx, e.Site.ID, nil, app.KitImportOptions{})
	wantCode(t, err, app.EInvalid, "no kits")
	_, err = e.Svc.ImportKits(e.Ctx, 0, kitList(), app.KitImportOptions{})
	wantCode(t, err, app.EInvalid, "site")
}

func TestParseKitKind(t *testing.T) {
	for in, want := range map[string]app.KitKind{
		"laptop": app.KitLaptop, " Laptop ": app.KitLaptop, "computadora portátil": app.KitLaptop, "Laptop kit": app.KitLaptop,
		"hotspot": app.KitHotspot, "Wi-Fi hotspot": app.KitHotspot, "HOTSPOT": app.KitHotspot,
		"laptop_hotspot": app.KitLaptopHotspot, "laptop + hotspot": app.KitLaptopHotspot, "Laptop and hotspot": app.KitLaptopHotspot,
		"laptop y hotspot": app.KitLaptopHotspot, "laptop+hotspot": app.KitLaptopHotspot,
	} {
		if got, err := app.ParseKitKind(in); err != nil || got != want {
			t.Errorf("ParseKitKind(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "tablet", "laptop tablet", "and", "kit"} {
		if got, err := app.ParseKitKind(in); err == nil {
			t.Errorf("ParseKitKind(%q) = %q, want an error", in, got)
		}
	}
}
