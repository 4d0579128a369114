package data_test

import (
	"context"
	"testing"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// A View reads one snapshot: a participant added while it runs is not seen
// half way through; and a cancelled context ends it.
func TestViewIsOneSnapshot(t *testing.T) {
	e := datatest.New(t)
	e.Participant(t, "María", "González", "")
	var first, second int
	err := e.Store.View(e.Ctx, func(tx app.Tx) (err error) {
		if first, err = tx.CountParticipants(e.Ctx, 0); err != nil {
			return err
		}
		// another desk registers someone meanwhile
		e.Participant(t, "José", "Gómez", "")
		second, err = tx.CountParticipants(e.Ctx, 0)
		return err
	})
	if err != nil || first != 1 || second != 1 {
		t.Fatalf("counts in one View: %d then %d (%v); want 1 and 1", first, second, err)
	}
	if n, _ := e.Svc.CountParticipants(e.Ctx, 0); n != 2 {
		t.Fatalf("after the View: %d participants, want 2", n)
	}
	ctx, cancel := context.WithCancel(e.Ctx)
	cancel()
	if err := e.Store.View(ctx, func(tx app.Tx) error { _, err := tx.CountParticipants(ctx, 0); return err }); err == nil {
		t.Fatal("a View with a cancelled context ran")
	}
}
