package data

import (
	"context"
	"strconv"
	"testing"
	"time"

	"frontdesk/app"
)

// openWithSite opens a store on a new file with a service over it, acting
// as the local operator, and one site.
func openWithSite(t *testing.T) (*Store, *app.Service, context.Context, app.Site) {
	t.Helper()
	st, _ := openTemp(t, Options{})
	ctx := app.WithActor(context.Background(), app.LocalOperator)
	svc := app.NewService(st, nil)
	site, err := svc.CreateSite(ctx, app.Site{Name: "Test Site", TimeZone: "America/Los_Angeles"})
	if err != nil {
		t.Fatal(err)
	}
	return st, svc, ctx, site
}

// An import killed before it published (here: never published) leaves
// rows no reader sees, and the next import removes them once the killed
// one has been idle long enough.
func TestKilledImportStaysInvisible(t *testing.T) {
	st, svc, ctx, site := openWithSite(t)
	shown, err := svc.AddParticipant(ctx, app.Participant{SiteID: site.ID, FirstName: "Hidalgo", LastName: "Shown"})
	if err != nil {
		t.Fatal(err)
	}
	id, err := st.BeginStaged(ctx)
	if err != nil {
		t.Fatal(err)
	}
	err = st.UpdateStaged(ctx, id, func(tx app.Tx) error {
		for i := 0; i < 30; i++ {
			p := app.Participant{SiteID: site.ID, Code: app.NewCode(app.PrefixParticipant), FirstName: "Hidden", LastName: "Person",
				Phone: "+12135550177", Email: "hidden@example.org", Language: "en", CreatedAt: time.Now(), UpdatedAt: time.Now()}
			if i > 0 {
				p.Phone, p.Email = "", ""
			}
			if err := tx.CreateParticipant(ctx, &p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// the process dies here: no publish, no abandon
	if n, err := svc.CountParticipants(ctx, 0); err != nil || n != 1 {
		t.Errorf("with an unpublished import %d participants are shown (%v), want 1", n, err)
	}
	if hits, err := svc.SearchParticipants(ctx, "hidden", 5); err != nil || len(hits) != 0 {
		t.Errorf("search finds %d of an unpublished import (%v)", len(hits), err)
	}
	// the 30 hidden namesakes neither crowd out nor count with the one shown
	page, err := svc.Search(ctx, "hid", app.SearchOptions{Limit: 5})
	if err != nil || len(page.Hits) != 1 || page.Hits[0].ID != shown.ID || page.Total != 1 {
		t.Errorf("search for hid with an import pending: %d hits, total %d (%v), want Hidalgo Shown alone", len(page.Hits), page.Total, err)
	}
	if hits, err := svc.SearchParticipants(ctx, "0177", 5); err != nil || len(hits) != 0 {
		t.Errorf("phone search finds %d of an unpublished import (%v)", len(hits), err)
	}
	err = st.View(ctx, func(tx app.Tx) error {
		if _, err := tx.ParticipantByEmail(ctx, "hidden@example.org"); app.ErrorCode(err) != app.ENotFound {
			t.Errorf("lookup by email of an unpublished row: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	count := func(q string) int {
		var n int
		if err := st.reader.QueryRow(q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	// a recent pending import is another program's, still running: kept
	if _, err := st.BeginStaged(ctx); err != nil {
		t.Fatal(err)
	}
	if n := count("SELECT count(*) FROM participant_rows"); n != 31 {
		t.Fatalf("a running import's rows were removed (%d left)", n)
	}
	old := staleImport
	staleImport = -time.Second
	defer func() { staleImport = old }()
	if _, err := st.BeginStaged(ctx); err != nil {
		t.Fatal(err)
	}
	if n := count("SELECT (SELECT count(*) FROM participant_rows WHERE id <> " + strconv.FormatInt(shown.ID, 10) + ") + (SELECT count(*) FROM participant_words WHERE participant_id <> " + strconv.FormatInt(shown.ID, 10) + ")"); n != 0 {
		t.Errorf("the killed import left %d rows", n)
	}
}

// A kit import killed before it published leaves kits no one sees or finds
// by tag or serial, and the next import removes them and their components.
func TestKilledKitImportStaysInvisible(t *testing.T) {
	st, svc, ctx, site := openWithSite(t)
	id, err := st.BeginStaged(ctx)
	if err != nil {
		t.Fatal(err)
	}
	hidden := app.Kit{Tag: app.NewCode(app.PrefixKit), Kind: app.KitLaptop, Status: app.KitAvailable, SiteID: site.ID, AltTag: "HID-001",
		Components: []app.KitComponent{{Name: "laptop", Serial: "5CD-HIDDEN", Required: true}}, CreatedAt: time.Now(), UpdatedAt: time.Now()}
	if err := st.UpdateStaged(ctx, id, func(tx app.Tx) error { return tx.CreateKit(ctx, &hidden) }); err != nil {
		t.Fatal(err)
	}
	// the process dies here: no publish, no abandon
	if ks, err := svc.Kits(ctx, app.KitFilter{}); err != nil || len(ks) != 0 {
		t.Errorf("with an unpublished kit import %d kits are listed (%v)", len(ks), err)
	}
	for _, find := range []func() (app.Kit, error){
		func() (app.Kit, error) { return svc.KitByTag(ctx, hidden.Tag) },
		func() (app.Kit, error) { return svc.KitByTag(ctx, "HID-001") },
		func() (k app.Kit, err error) {
			st.View(ctx, func(tx app.Tx) error { k, err = tx.KitBySerial(ctx, "5CD-HIDDEN"); return nil })
			return k, err
		},
	} {
		if k, err := find(); app.ErrorCode(err) != app.ENotFound {
			t.Errorf("an unpublished kit is found: %+v %v", k, err)
		}
	}
	old := staleImport
	staleImport = -time.Second
	defer func() { staleImport = old }()
	if _, err := st.BeginStaged(ctx); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := st.reader.QueryRow("SELECT (SELECT count(*) FROM kit_rows) + (SELECT count(*) FROM kit_components)").Scan(&n); err != nil || n != 0 {
		t.Errorf("the killed kit import left %d rows (%v)", n, err)
	}
}

// A staged import's chunks commit without waiting for the disk
// (synchronous=NORMAL, the log synced after the lock is given back); every
// other write, a publish and writes between chunks included, commits with
// synchronous=FULL, the setting each transaction runs with being read
// inside it.
func TestOnlyStagedChunksCommitWithoutSync(t *testing.T) {
	st, _, ctx, _ := openWithSite(t)
	level := func(tx app.Tx) int {
		var n int
		if err := tx.(*txn).q.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	const normal, full = 1, 2
	id, err := st.BeginStaged(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []int{normal, normal, full, normal, full}
	for i, w := range want {
		var got int
		fn := func(tx app.Tx) error { got = level(tx); return nil }
		if w == normal {
			err = st.UpdateStaged(ctx, id, fn)
		} else if i == len(want)-1 {
			err = st.PublishStaged(ctx, id, fn)
		} else {
			err = st.Update(ctx, fn)
		}
		if err != nil {
			t.Fatal(err)
		}
		if got != w {
			t.Errorf("write %d ran with synchronous=%d, want %d", i, got, w)
		}
	}
	// a failed chunk leaves the next write at FULL too
	if err := st.UpdateStaged(ctx, id, func(app.Tx) error { return app.Errorf(app.EInvalid, "bad row") }); err == nil {
		t.Fatal("the failing chunk did not fail")
	}
	var got int
	if err := st.Update(ctx, func(tx app.Tx) error { got = level(tx); return nil }); err != nil || got != full {
		t.Errorf("after a failed chunk a write ran with synchronous=%d (%v), want %d", got, err, full)
	}
}
