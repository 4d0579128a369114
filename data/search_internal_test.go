package data

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"frontdesk/app"
)

// The search migration's step indexes the participants already there:
// with the index emptied (as before the migration), the step fills it and
// every word and any part of a phone are found again.
func TestSearchMigrationIndexesExistingParticipants(t *testing.T) {
	ctx := app.WithActor(context.Background(), app.LocalOperator)
	st, err := Open(context.Background(), filepath.Join(t.TempDir(), "frontdesk.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	svc := app.NewService(st, func() time.Time { return time.Date(2026, 3, 10, 17, 0, 0, 0, time.UTC) })
	site, err := svc.CreateSite(ctx, app.Site{Name: "Before Upgrade", TimeZone: "America/Los_Angeles"})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []app.Participant{{FirstName: "José", LastName: "de la Cruz", Phone: "(213) 984-5100"}, {FirstName: "Ana", LastName: "Ruiz"}} {
		p.SiteID = site.ID
		if _, err := svc.AddParticipant(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	found := func(q string) int {
		ps, err := svc.SearchParticipants(ctx, q, 10)
		if err != nil {
			t.Fatal(err)
		}
		return len(ps)
	}
	err = st.Update(context.Background(), func(tx app.Tx) error {
		for _, table := range []string{"participant_words", "participant_word_pairs", "participant_phone_parts"} {
			if _, err := tx.(*txn).q.ExecContext(context.Background(), `DELETE FROM `+table); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := found("cruz"); n != 0 {
		t.Fatalf("emptied index still finds %d", n)
	}
	var step bool
	for _, m := range migrations() {
		if _, name, _ := strings.Cut(m.name, "_"); name == "search.sql" {
			step = namedMigrationSteps[name] != nil
		}
	}
	if !step {
		t.Fatal("no search migration with its Go step")
	}
	if err := st.Update(context.Background(), func(tx app.Tx) error { return fillSearchIndex(context.Background(), tx.(*txn)) }); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]int{"cruz": 1, "la": 1, "cruz jo": 1, "98451": 1, "984-51": 1, "ruiz": 1, "ana ru": 1, "a": 1} {
		if n := found(q); n != want {
			t.Errorf("%q found %d, want %d", q, n, want)
		}
	}
}
