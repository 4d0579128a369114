package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOptOutImport(t *testing.T) {
	db, code, _ := newDB(t) // María González, (213) 555-0142
	// a household's shared phone is refused until confirmed
	if code, _, errOut := ctl(t, db, "", "participant", "add", "--first", "José", "--last", "González", "--phone", "2135550142"); code != 1 ||
		!strings.Contains(errOut, "already the phone of María G.") || !strings.Contains(errOut, "--shared-phone") {
		t.Fatalf("shared phone unconfirmed: exit %d, %q", code, errOut)
	}
	mustCtl(t, db, "participant", "add", "--first", "José", "--last", "González", "--phone", "2135550142", "--shared-phone")
	file := filepath.Join(t.TempDir(), "contacts.csv")
	csv := "Contact UUID,Name,Status,URN:Tel\n" +
		"u1,María,stopped,tel:+12135550142\n" +
		"u2,Nobody,stopped,tel:+16265550199\n" +
		"u3,Active,active,tel:+13235550100\n" +
		"u4,Typo,stopped,tel:+1213555\n"
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	out := mustCtl(t, db, "optout", "import", file)
	for _, want := range []string{"opted out now:      2 participants", "already opted out:  0", "matched no one:     1 phones",
		"row 3: (626) 555-0199", "invalid rows:       1", "row 5: phone:", "not stopped:        1", "rapidpro file contacts.csv"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	var rep struct {
		Format    string `json:"format"`
		OptedOut  int    `json:"opted_out"`
		Already   int    `json:"already_opted_out"`
		Unmatched []struct {
			Row   int
			Phone string
		} `json:"unmatched"`
		Invalid []struct{ Row int } `json:"invalid"`
	}
	if err := json.Unmarshal([]byte(mustCtl(t, db, "optout", "import", file, "--json")), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Format != "rapidpro" || rep.OptedOut != 0 || rep.Already != 2 || len(rep.Unmatched) != 1 || rep.Unmatched[0].Row != 3 ||
		rep.Unmatched[0].Phone != "+16265550199" || len(rep.Invalid) != 1 || rep.Invalid[0].Row != 5 {
		t.Fatalf("json report %+v", rep)
	}

	show := mustCtl(t, db, "participant", "show", code)
	if !strings.Contains(show, "opted out ") || !strings.Contains(show, "via rapidpro file contacts.csv") {
		t.Fatalf("participant show:\n%s", show)
	}
	var pj struct {
		OptedOut  bool   `json:"opted_out"`
		OptOutVia string `json:"opt_out_via"`
	}
	if err := json.Unmarshal([]byte(mustCtl(t, db, "participant", "show", code, "--json")), &pj); err != nil || !pj.OptedOut || pj.OptOutVia != "rapidpro file contacts.csv" {
		t.Fatalf("participant show --json: %+v %v", pj, err)
	}

	if c, _, errs := ctl(t, db, "", "optout", "import"); c != exitUser || !strings.Contains(errs, "needs one FILE") {
		t.Fatalf("no file: %d %s", c, errs)
	}
	if c, _, errs := ctl(t, db, "", "optout", "export"); c != exitUser || !strings.Contains(errs, "unknown command") {
		t.Fatalf("bad subcommand: %d %s", c, errs)
	}
}
