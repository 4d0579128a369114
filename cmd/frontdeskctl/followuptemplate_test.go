package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// rulesFile writes a --rules file.
func rulesFile(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "rules.json")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func templatesJSON(t *testing.T, db string) []templateJSON {
	t.Helper()
	var ts []templateJSON
	jsonOut(t, mustAs(t, db, "admin", adminPW, "followup", "templates", "--json"), &ts)
	return ts
}

func TestFollowupTemplateAddEdit(t *testing.T) {
	db := adminDB(t)
	two := rulesFile(t, `[
 {"kind": "offset", "anchor": "employment", "amount": 2, "unit": "weeks", "window": 10, "label": "Two weeks in"},
 {"kind": "monthly", "anchor": "exit", "until_months": 6}
]`)
	var added templateJSON
	jsonOut(t, mustAs(t, db, "admin", adminPW, "followup", "template", "add", "--name", "Six months", "--rules", two, "--json"), &added)
	if !strings.HasPrefix(added.Key, "custom-") || added.Name != "Six months" || added.Builtin || len(added.Rules) != 2 ||
		added.Rules[1].Label != "Monthly contact" {
		t.Fatalf("added %+v", added)
	}
	ts := templatesJSON(t, db)
	if len(ts) != 3 || ts[2].Key != added.Key {
		t.Fatalf("templates %+v", ts)
	}
	out := mustAs(t, db, "admin", adminPW, "followup", "templates")
	for _, want := range []string{added.Key + "  Six months", "Two weeks in (2 weeks after employment, open 10 days)",
		"Monthly contact (monthly after exit, for 6 months)"} {
		if !strings.Contains(out, want) {
			t.Errorf("followup templates: no %q in\n%s", want, out)
		}
	}

	// edit: the name alone keeps the rules; the rules alone keep the name
	out = mustAs(t, db, "admin", adminPW, "followup", "template", "edit", "--key", added.Key, "--name", "Six months after exit")
	if !strings.Contains(out, "Changed the follow-up schedule "+added.Key+"  Six months after exit") || !strings.Contains(out, "Two weeks in") {
		t.Errorf("edit --name: %q", out)
	}
	one := rulesFile(t, `[{"kind": "quarter_end", "quarter": 1, "through": 2}]`)
	mustAs(t, db, "admin", adminPW, "followup", "template", "edit", "--key", strings.ToUpper(added.Key), "--rules", one)
	ts = templatesJSON(t, db)
	if got := ts[2]; got.Name != "Six months after exit" || len(got.Rules) != 1 || got.Rules[0].Kind != "quarter_end" || got.Rules[0].Through != 2 {
		t.Fatalf("after edit --rules: %+v", got)
	}

	// each save is audited
	audit := auditJSONList(t, db, "--action", "followup.template")
	if len(audit) != 3 || !strings.Contains(audit[0].Detail+audit[1].Detail+audit[2].Detail, "Six months; 2 rules") {
		t.Errorf("audit %+v", audit)
	}

	// a new schedule can be chosen for a case
	addUser(t, db, "carla", "--name", "Carla Case", "--roles", "case_manager,front_desk", "--confidentiality", "2026-01-05", "--training", "2026-01-06")
	t.Setenv(envNewPassword, "a case manager's own secret 26")
	mustAs(t, db, "carla", tempPW, "user", "passwd")
	var p struct{ Code string }
	jsonOut(t, mustAs(t, db, "carla", "a case manager's own secret 26", "participant", "add", "--first", "Ana", "--last", "Ruiz", "--phone", "213-555-0199", "--json"), &p)
	out = mustAs(t, db, "carla", "a case manager's own secret 26", "followup", "case", "--participant", p.Code, "--employment-start", "2026-01-05",
		"--employer", "Acme", "--exit", "2026-02-02", "--exit-reason", "Entered employment", "--schedule", added.Key)
	if !strings.Contains(out, "Six months after exit") || !strings.Contains(out, "2026-09-01") {
		t.Errorf("a case on the new schedule:\n%s", out)
	}
	// only administrators make schedules
	code, _, errs := as(t, db, "carla", "a case manager's own secret 26", "followup", "template", "add", "--name", "Mine", "--rules", one)
	wantFail(t, "a case manager adds a schedule", code, errs, "not allowed")
}

func TestFollowupTemplateBadInputSavesNothing(t *testing.T) {
	db := adminDB(t)
	var added templateJSON
	jsonOut(t, mustAs(t, db, "admin", adminPW, "followup", "template", "add", "--name", "Short",
		"--rules", rulesFile(t, `[{"kind":"quarter_start","quarter":1}]`), "--json"), &added)

	bad := func(what, mention string, args ...string) {
		t.Helper()
		code, _, errs := as(t, db, "admin", adminPW, args...)
		wantFail(t, what, code, errs, mention)
	}
	add := func(body string) []string {
		return []string{"followup", "template", "add", "--name", "Bad one", "--rules", rulesFile(t, body)}
	}
	bad("bad JSON", "rules.json is not a JSON array of rules", add(`[{"kind": "offset",}]`)...)
	bad("an object", "expected a list [...], found an object", add(`{"kind": "offset"}`)...)
	bad("a number as text", `rule 1: rules.json: "amount" should be a whole number, not a string`, add(`[{"kind":"offset","anchor":"exit","amount":"two","unit":"days"}]`)...)
	bad("a misspelt field", `rule 2: rules.json: unknown field "until_quater"`, add(`[{"kind":"quarter_start","quarter":1},{"kind":"monthly","anchor":"exit","until_quater":3}]`)...)
	bad("an unknown kind", `rule 1: "weekly" is not a kind of rule`, add(`[{"kind":"weekly"}]`)...)
	bad("a rule that never ends", "rule 2: Monthly contacts never end", add(`[{"kind":"quarter_start","quarter":1},{"kind":"monthly","anchor":"exit"}]`)...)
	bad("no rules", "at least one rule", add(`[]`)...)
	bad("a missing file", "cannot read", "followup", "template", "add", "--name", "X", "--rules", filepath.Join(t.TempDir(), "none.json"))
	bad("no name", "needs --name NAME and --rules FILE.json", "followup", "template", "add", "--rules", rulesFile(t, `[]`))
	bad("a name taken", "already a schedule called", "followup", "template", "add", "--name", "wioa (2nd and 4th quarters, 12 months)",
		"--rules", rulesFile(t, `[{"kind":"quarter_start","quarter":1}]`))
	bad("a built-in", "built-in schedules cannot be changed", "followup", "template", "edit", "--key", "wioa", "--name", "Mine")
	bad("an unknown key", `no follow-up schedule "custom-99"`, "followup", "template", "edit", "--key", "custom-99", "--name", "Mine")
	bad("edit with nothing", "give --name, --rules or both", "followup", "template", "edit", "--key", added.Key)
	bad("edit to never end", "never end", "followup", "template", "edit", "--key", added.Key,
		"--rules", rulesFile(t, `[{"kind":"monthly","anchor":"employment"}]`))
	bad("no subcommand", "needs add or edit", "followup", "template")

	ts := templatesJSON(t, db)
	if len(ts) != 3 || ts[2].Name != "Short" || len(ts[2].Rules) != 1 || ts[2].Rules[0].Kind != "quarter_start" {
		t.Fatalf("bad input changed the schedules: %+v", ts)
	}
	if audit := auditJSONList(t, db, "--action", "followup.template"); len(audit) != 1 {
		t.Errorf("audit %+v", audit)
	}
}
