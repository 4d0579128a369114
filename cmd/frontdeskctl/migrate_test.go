package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"frontdesk/data"
	"frontdesk/data/datatest"
)

// frontdeskctl migrate moves a demo desk's file onto a server as the
// server's administrator, says what moved (text and --json), and refuses
// without a server account, or without a server to move onto.
func TestMigrateCommand(t *testing.T) {
	if !datatest.OnServer() {
		t.Skip("needs a PostgreSQL server to move a file onto: run through scripts/pgtest.sh (data's TestMigrate* test the move itself)")
	}
	server := adminDB(t) // a server database with the administrator "admin"
	file := filepath.Join(t.TempDir(), "desk.db")
	mustCtl(t, file, "demo", "--participants", "40", "--checkins", "100")

	code, _, errs := ctl(t, server, "", "migrate", "--from", file)
	wantFail(t, "migrate without --user", code, errs, "--user")
	code, _, errs = as(t, file, "admin", adminPW, "migrate", "--from", file)
	wantFail(t, "migrate onto a file", code, errs, "postgres://")
	code, _, errs = as(t, server, "admin", adminPW, "migrate")
	wantFail(t, "migrate without --from", code, errs, "--from")

	var rep data.MoveReport
	out := mustAs(t, server, "admin", adminPW, "migrate", "--from", file, "--json")
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	moved := map[string]int{}
	for _, tb := range rep.Tables {
		moved[tb.Table] = tb.Moved
	}
	if moved["participant_rows"] != 40 || moved["checkins"] != 100 || rep.AuditID == 0 || !rep.OldChain.Verified {
		t.Errorf("report: %+v", rep)
	}
	// the move is in the server's audit, as the administrator's
	list := mustAs(t, server, "admin", adminPW, "audit", "list", "--action", data.MoveAction)
	if !strings.Contains(list, "admin") || !strings.Contains(list, "desk.db") {
		t.Errorf("audit list after the move:\n%s", list)
	}
	// a second move of the same file is refused, in words
	code, _, errs = as(t, server, "admin", adminPW, "migrate", "--from", file)
	wantFail(t, "the same file again", code, errs, "already")

	// the text report names the tables and the new ids
	other := filepath.Join(t.TempDir(), "other.db")
	mustCtl(t, other, "demo", "--participants", "20", "--checkins", "20")
	raw := datatest.OpenRaw(t, other)
	// the demo's serials, IMEIs and asset tags are the first file's: these
	// are other devices
	if _, err := raw.Exec(`UPDATE kit_components SET serial = CASE WHEN serial = '' THEN '' ELSE 'B' || serial END`); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE kit_rows SET imei = '', alt_tag = ''`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	code, out, errs = as(t, server, "admin", adminPW, "migrate", "--from", other)
	if code != 0 {
		t.Fatalf("second desk: exit %d: %s", code, errs)
	}
	for _, want := range []string{"participant_rows", "checkins", "merged", "sites Demo WorkSource Center", "audit chain"} {
		if !strings.Contains(out, want) {
			t.Errorf("the report does not say %q:\n%s", want, out)
		}
	}
}
