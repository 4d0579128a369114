package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"frontdesk/app"
)

// Follow-up schedules from the command line (administrators): a new
// schedule, or a change to one an administrator made, from a JSON file of
// rules shaped like the "rules" of `followup templates --json`. The file is
// read and checked before the database is opened; the service checks the
// role and the rules (a rule that never ends is refused), stores the
// schedule and audits it.

func (e *env) cmdFollowupTemplate(args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usageErrorf("followup template needs add or edit (see frontdeskctl help)")
	}
	switch args[0] {
	case "add":
		return e.cmdFollowupTemplateSave(false, args[1:])
	case "edit":
		return e.cmdFollowupTemplateSave(true, args[1:])
	}
	return usageErrorf("unknown command: followup template %s (try: add, edit)", args[0])
}

// cmdFollowupTemplateSave is followup template add (edit false) and
// followup template edit (edit true).
func (e *env) cmdFollowupTemplateSave(edit bool, args []string) error {
	name := "followup template add"
	if edit {
		name = "followup template edit"
	}
	fs := e.flags(name)
	key := fs.String("key", "", "the schedule to change: custom-N (see followup templates)")
	title := fs.String("name", "", "the schedule's name")
	rulesFile := fs.String("rules", "", "a JSON file: an array of rules, as in followup templates --json")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs(name, pos); err != nil {
		return err
	}
	set := setFlags(fs)
	switch {
	case !edit && (*title == "" || *rulesFile == ""):
		return usageErrorf("followup template add needs --name NAME and --rules FILE.json")
	case !edit && set["key"]:
		return usageErrorf("followup template add makes a new schedule: leave out --key (followup template edit changes one)")
	case edit && *key == "":
		return usageErrorf("followup template edit needs --key custom-N (see followup templates)")
	case edit && !set["name"] && !set["rules"]:
		return usageErrorf("followup template edit: give --name, --rules or both")
	}
	var rules []app.FollowupRule
	if set["rules"] {
		if rules, err = readRules(*rulesFile); err != nil {
			return err
		}
	}
	if err := e.open(); err != nil {
		return err
	}
	t := app.FollowupTemplate{Name: *title, Rules: rules}
	if edit {
		k := strings.ToLower(strings.TrimSpace(*key))
		ts, err := e.svc.FollowupTemplates(e.ctx)
		if err != nil {
			return err
		}
		found := false
		for _, o := range ts {
			if o.Key == k {
				t, found = o, true
				break
			}
		}
		if !found {
			return app.FieldErrorf("key", "There is no follow-up schedule %q (see followup templates).", *key)
		}
		if set["name"] {
			t.Name = *title
		}
		if set["rules"] {
			t.Rules = rules
		}
	}
	t, err = e.svc.SaveFollowupTemplate(e.ctx, t)
	if err != nil {
		return err
	}
	var b strings.Builder
	verb := "Added"
	if edit {
		verb = "Changed"
	}
	fmt.Fprintf(&b, "%s the follow-up schedule %s  %s\n", verb, t.Key, t.Name)
	for _, r := range t.Rules {
		fmt.Fprintf(&b, "  - %s\n", r.Describe())
	}
	return e.out(templateJSON{Key: t.Key, Name: t.Name, Builtin: t.Builtin, Rules: t.Rules}, b.String())
}

// readRules reads a JSON array of follow-up rules. A field the rules do not
// have (a misspelt "until_quarter", say) is refused, naming the rule, so a
// typo never silently changes a schedule.
func readRules(path string) ([]app.FollowupRule, error) {
	base := filepath.Base(path)
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, usageErrorf("--rules: cannot read %s: %v", path, err)
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, app.FieldErrorf("rules", "%s is not a JSON array of rules like the \"rules\" of followup templates --json (%s).", base, jsonProblem(err))
	}
	rules := make([]app.FollowupRule, len(raw))
	for i, m := range raw {
		d := json.NewDecoder(bytes.NewReader(m))
		d.DisallowUnknownFields()
		if err := d.Decode(&rules[i]); err != nil {
			return nil, app.FieldErrorf(fmt.Sprintf("rule %d", i+1), "%s: %s.", base, jsonProblem(err))
		}
	}
	return rules, nil
}

// jsonProblem says what is wrong with a JSON document without Go's type
// names.
func jsonProblem(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("not valid JSON at byte %d: %s", se.Offset, strings.TrimPrefix(se.Error(), "json: "))
	case errors.As(err, &te):
		if te.Field != "" {
			return fmt.Sprintf("%q should be a %s, not %s", te.Field, jsonKind(te.Type.Kind().String()), jsonValue(te.Value))
		}
		return fmt.Sprintf("expected a %s, found %s", jsonKind(te.Type.Kind().String()), jsonValue(te.Value))
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

func jsonKind(k string) string {
	switch k {
	case "int", "int64":
		return "whole number"
	case "slice":
		return "list [...]"
	case "struct":
		return "rule {...}"
	}
	return k
}

func jsonValue(v string) string {
	switch v {
	case "object", "array":
		return "an " + v
	case "bool":
		return "true or false"
	}
	return "a " + v
}
