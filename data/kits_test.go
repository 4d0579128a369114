package data_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// The store itself refuses what the services check first: a second kit with
// a tag, serial or IMEI in use, and a second open loan of one kit.
func TestKitStoreConstraints(t *testing.T) {
	e := datatest.New(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 10, 17, 0, 0, 0, time.UTC)
	p := e.Participant(t, "Ana", "Ruiz", "")
	k := app.Kit{Tag: "K-TEST000001", Kind: app.KitHotspot, Status: app.KitAvailable, SiteID: e.Site.ID, IMEI: "356938035643809",
		Service: app.ServiceActive, CreatedAt: now, UpdatedAt: now,
		Components: []app.KitComponent{{Name: "hotspot", Serial: "HS1", Required: true}, {Name: "bag"}}}
	err := e.Store.Update(ctx, func(tx app.Tx) error { return tx.CreateKit(ctx, &k) })
	if err != nil || k.ID == 0 || k.Components[1].ID == 0 {
		t.Fatalf("create %+v %v", k, err)
	}
	for name, other := range map[string]app.Kit{
		"tag":    {Tag: k.Tag, Kind: app.KitLaptop, Status: app.KitAvailable, SiteID: e.Site.ID},
		"IMEI":   {Tag: "K-TEST000002", Kind: app.KitHotspot, Status: app.KitAvailable, SiteID: e.Site.ID, IMEI: k.IMEI},
		"serial": {Tag: "K-TEST000003", Kind: app.KitLaptop, Status: app.KitAvailable, SiteID: e.Site.ID, Components: []app.KitComponent{{Name: "x", Serial: "HS1"}}},
	} {
		err := e.Store.Update(ctx, func(tx app.Tx) error { return tx.CreateKit(ctx, &other) })
		var ae *app.Error
		if app.ErrorCode(err) != app.EConflict || !errors.As(err, &ae) || ae.Field != name {
			t.Errorf("duplicate %s: %v", name, err)
		}
	}
	err = e.Store.View(ctx, func(tx app.Tx) error {
		got, err := tx.KitBySerial(ctx, "HS1")
		if err != nil || got.ID != k.ID || len(got.Components) != 2 || got.Components[0].Name != "hotspot" {
			t.Errorf("by serial %+v %v", got, err)
		}
		got, err = tx.KitBySerial(ctx, k.IMEI)
		if err != nil || got.ID != k.ID {
			t.Errorf("by IMEI %+v %v", got, err)
		}
		if _, err := tx.KitBySerial(ctx, ""); app.ErrorCode(err) != app.ENotFound {
			t.Errorf("empty serial: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	loan := func() error {
		return e.Store.Update(ctx, func(tx app.Tx) error {
			l := app.Loan{KitID: k.ID, ParticipantID: p.ID, SiteID: e.Site.ID, OutAt: now, OutBy: "t", Due: time.Date(2026, 4, 17, 0, 0, 0, 0, time.UTC),
				Status: app.LoanOpen, Components: []app.LoanComponent{{ComponentID: k.Components[0].ID, Name: "hotspot"}}}
			return tx.CreateLoan(ctx, &l)
		})
	}
	if err := loan(); err != nil {
		t.Fatal(err)
	}
	if err := loan(); app.ErrorCode(err) != app.EConflict {
		t.Fatalf("second open loan: %v", err)
	}
	err = e.Store.View(ctx, func(tx app.Tx) error {
		l, err := tx.OutLoanForKit(ctx, k.ID)
		if err != nil || !l.Due.Equal(time.Date(2026, 4, 17, 0, 0, 0, 0, time.UTC)) || l.CohortID != 0 || len(l.Components) != 1 {
			t.Errorf("open loan %+v %v", l, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
