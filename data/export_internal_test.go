package data

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"frontdesk/app"
)

// TestRosterQueryPlan: the roster is one pass over the site's participants;
// every flag is an index search, never a scan of check-ins, visits,
// registrations or events.
func TestRosterQueryPlan(t *testing.T) {
	st, err := Open(context.Background(), filepath.Join(t.TempDir(), "fd.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, q := range []app.RosterQuery{
		{SiteID: 1, NextFrom: time.Now(), NextTo: time.Now()},
		{SiteID: 1, ByPhone: true, ChangedSince: time.Now()},
	} {
		where, args := rosterWhere(q)
		order := " ORDER BY p.id"
		if q.ByPhone {
			order = " ORDER BY p.phone, p.id"
		}
		rows, err := st.reader.Query("EXPLAIN QUERY PLAN "+rosterSelect+where+order, args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		for _, line := range plan {
			if strings.HasPrefix(line, "SCAN ") && !strings.HasPrefix(line, "SCAN p") {
				t.Errorf("full scan in the roster query: %q\n%s", line, strings.Join(plan, "\n"))
			}
		}
	}
}
