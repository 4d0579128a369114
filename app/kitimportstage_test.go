package app_test

import (
	"fmt"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// manyKits makes n laptop + hotspot kits, each with its own asset tag,
// serials and IMEI.
func manyKits(n int) []app.KitImportRow {
	rows := make([]app.KitImportRow, n)
	for i := range rows {
		imei := withLuhn(fmt.Sprintf("3569380%07d", i))
		rows[i] = app.KitImportRow{Line: i + 2, Kind: "laptop_hotspot", AltTag: fmt.Sprintf("LAPL-%05d", i), Carrier: "T-Mobile",
			LineNumber: fmt.Sprintf("(323) 55%d-%04d", i/10000, i%10000), IMEI: imei,
			Serials: []app.ComponentSerial{{Name: "laptop", Serial: fmt.Sprintf("5CD-%05d", i)}, {Name: "hotspot", Serial: imei},
				{Name: "charger", Serial: fmt.Sprintf("CH-%05d", i)}}}
	}
	return rows
}

// withLuhn appends the Luhn check digit an IMEI ends with.
func withLuhn(digits string) string {
	sum := 0
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if (len(digits)-1-i)%2 == 0 {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return fmt.Sprintf("%s%d", digits, (10-sum%10)%10)
}

// Every transaction of a big kit import holds the write lock briefly.
func TestKitImportHoldsLockBriefly(t *testing.T) {
	e := datatest.New(t)
	before := e.Store.LockHolds()
	start := time.Now()
	rep, err := e.Svc.ImportKits(e.Ctx, e.Site.ID, manyKits(2000), app.KitImportOptions{})
	if err != nil || len(rep.Kits) != 2000 {
		t.Fatalf("import: %d kits, %v", len(rep.Kits), err)
	}
	d := e.Store.LockHolds().Since(before)
	t.Logf("2000 kits in %v: %v", time.Since(start), d)
	if p := d.Quantile(0.5); p > 50*time.Millisecond {
		t.Errorf("half the kit import's transactions held the lock up to %v, want ≤ 50 ms", p)
	}
}

// A kit import refused for a bad row near its end leaves nothing behind,
// not even hidden rows, though earlier chunks were committed.
func TestRefusedKitImportLeavesNoRows(t *testing.T) {
	e := datatest.New(t)
	rows := manyKits(1500)
	rows[1400].Kind = "tablet"
	before := e.Store.LockHolds()
	if _, err := e.Svc.ImportKits(e.Ctx, e.Site.ID, rows, app.KitImportOptions{}); app.ErrorCode(err) != app.EInvalid {
		t.Fatalf("import with a bad row: %v", err)
	}
	// the bad kind is found before anything is written; a row refused
	// against the database is found mid-import
	rows[1400].Kind = "hotspot"
	if _, err := e.Svc.AddKit(e.Ctx, app.Kit{Kind: app.KitLaptop, SiteID: e.Site.ID, AltTag: rows[1400].AltTag, Components: app.StandardComponents(app.KitLaptop)}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Svc.ImportKits(e.Ctx, e.Site.ID, rows, app.KitImportOptions{}); app.ErrorCode(err) != app.EInvalid {
		t.Fatalf("import of a kit already registered: %v", err)
	}
	if n := e.Store.LockHolds().Since(before).Count(); n < 5 {
		t.Errorf("the refused import wrote in %d transactions: not chunked", n)
	}
	raw := rawDB(t, e)
	var kits, comps, pending int
	if err := raw.QueryRow("SELECT (SELECT count(*) FROM kit_rows), (SELECT count(*) FROM kit_components), (SELECT count(*) FROM pending_imports)").Scan(&kits, &comps, &pending); err != nil {
		t.Fatal(err)
	}
	if kits != 1 || pending != 0 {
		t.Errorf("after two refused imports %d kits (want the 1 added at the desk), %d components, %d pending imports", kits, comps, pending)
	}
	if ks, err := e.Svc.Kits(e.Ctx, app.KitFilter{}); err != nil || len(ks) != 1 {
		t.Errorf("kits listed: %d %v", len(ks), err)
	}
}
