package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"frontdesk/data/datatest"
)

// An import killed with SIGKILL half way leaves nothing anyone sees: its
// rows were committed in chunks, but only a last transaction would have
// published them.
func TestImportKilledHalfWay(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills a binary")
	}
	bin := testBinary(t)
	db := datatest.NewDatabase(t)
	mustCtl(t, db, "init", "--site", "East LA WorkSource Center")
	var b strings.Builder
	b.WriteString("First name,Last name,Phone\n")
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(&b, "Persona%d,Kill,+1213%07d\n", i, 2000000+i)
	}
	file := filepath.Join(t.TempDir(), "people.csv")
	if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "import", "participants", file, "--db", db)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	dsn := db
	if !datatest.OnServer() {
		dsn += "?_pragma=busy_timeout(5000)&_pragma=query_only(1)"
	}
	raw := datatest.OpenRaw(t, dsn)
	written := 0
	for deadline := time.Now().Add(2 * time.Minute); written < 500 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		raw.QueryRow("SELECT count(*) FROM participant_rows").Scan(&written)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if written < 500 {
		t.Fatalf("the import had committed only %d rows before it was killed", written)
	}
	var ps []participantJSON
	if err := json.Unmarshal([]byte(mustCtl(t, db, "participant", "list", "--limit", "100000", "--json")), &ps); err != nil {
		t.Fatal(err)
	}
	if len(ps) != 0 {
		t.Fatalf("after an import killed with %d rows committed, %d participants are visible", written, len(ps))
	}
	if out := mustCtl(t, db, "participant", "list", "--search", "persona1"); strings.Contains(out, "Persona1") {
		t.Fatalf("search finds a killed import's row: %s", out)
	}
	// the next import works and shows only its own rows
	small := filepath.Join(t.TempDir(), "small.csv")
	os.WriteFile(small, []byte("First name,Last name,Phone\nAna,Ruiz,+12135550142\n"), 0o600)
	mustCtl(t, db, "import", "participants", small)
	json.Unmarshal([]byte(mustCtl(t, db, "participant", "list", "--json")), &ps)
	if len(ps) != 1 {
		t.Fatalf("after the next import %d participants, want 1", len(ps))
	}
}
