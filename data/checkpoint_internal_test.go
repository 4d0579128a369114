package data

import (
	"database/sql"
	"fmt"
	"testing"
	"time"

	"frontdesk/app"
)

// With SQLite's own checkpoint switched off on the writer, the
// checkpointer still keeps the write-ahead log from growing with every
// commit, even when commits follow one another without a break.
func TestCheckpointerKeepsLogShort(t *testing.T) {
	st, svc, ctx, site := openWithSite(t)
	const adds = 400
	for i := 0; i < adds; i++ {
		if _, err := svc.AddParticipant(ctx, app.Participant{SiteID: site.ID, FirstName: fmt.Sprintf("Walkin%d", i), LastName: "Log",
			Phone: fmt.Sprintf("+1213%07d", 5000000+i)}); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := sql.Open("sqlite", st.path+"?"+Pragmas)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var busy, logFrames, done int
	// PRAGMA wal_checkpoint answers with the frames now in the log
	if err := raw.QueryRow("PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &logFrames, &done); err != nil {
		t.Fatal(err)
	}
	var pages int
	if err := raw.QueryRow("PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	t.Logf("after %d adds: %d frames in the log, database %d pages", adds, logFrames, pages)
	// each add writes dozens of pages: without checkpoints the log would
	// hold them all (13,000 frames here); with them it starts over once
	// the log passes longLog, give or take a background batch
	if logFrames > 3*longLog {
		t.Errorf("the log holds %d frames after %d commits: it is not being checkpointed", logFrames, adds)
	}
	// and the store closes cleanly, its checkpointer stopped, twice
	time.Sleep(10 * time.Millisecond)
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Logf("second close: %v", err)
	}
}
