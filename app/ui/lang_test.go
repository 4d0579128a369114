package ui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"frontdesk/assets"
)

// TestEveryStringIsTranslated finds every lang.L("...") and plural("...")
// in the interface's source and checks that English and Spanish both have
// it, with the same template fields; a counted string has the plural forms
// of its language (English one and other; Spanish one, many and other), and
// no other string has any.
func TestEveryStringIsTranslated(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	main, _ := filepath.Glob("../../cmd/frontdesk/*.go")
	call := regexp.MustCompile(`(lang\.L|plural)\(("(?:[^"\\]|\\.)*")`)
	used := map[string]string{}
	counted := map[string]bool{}
	for _, f := range append(files, main...) {
		if filepath.Ext(f) != ".go" || len(f) > 8 && f[len(f)-8:] == "_test.go" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range call.FindAllSubmatch(src, -1) {
			k, err := strconv.Unquote(string(m[2]))
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			used[k] = f
			counted[k] = counted[k] || string(m[1]) == "plural"
		}
	}
	// go-i18n refuses a whole file over one reserved key ("Other", "One", ...)
	if err := loadTranslations(); err != nil {
		t.Fatalf("translations do not load: %v", err)
	}
	if len(used) < 50 {
		t.Fatalf("found only %d strings; is the pattern right?", len(used))
	}
	field := regexp.MustCompile(`{{\.[A-Za-z]+}}`)
	for _, name := range []string{"en.json", "es.json"} {
		b, err := assets.Translations.ReadFile("translations/" + name)
		if err != nil {
			t.Fatal(err)
		}
		var tr map[string]any
		if err := json.Unmarshal(b, &tr); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		forms := []string{"one", "other"}
		if name == "es.json" {
			forms = []string{"many", "one", "other"}
		}
		for k, f := range used {
			var vs []string
			switch v := tr[k].(type) {
			case string:
				if counted[k] {
					t.Errorf("%s: %q is counted but has no plural forms", name, k)
				}
				vs = []string{v}
			case map[string]any:
				if !counted[k] {
					t.Errorf("%s: %q has plural forms but is not counted (use plural)", name, k)
				}
				var got []string
				for form, s := range v {
					got = append(got, form)
					s, _ := s.(string)
					vs = append(vs, s)
				}
				slices.Sort(got)
				if !slices.Equal(got, forms) {
					t.Errorf("%s: %q has the plural forms %v, want %v", name, k, got, forms)
				}
			}
			if len(vs) == 0 {
				t.Errorf("%s has no translation of %q (used in %s)", name, k, f)
				continue
			}
			for _, v := range vs {
				if v == "" {
					t.Errorf("%s has an empty translation of %q (used in %s)", name, k, f)
					continue
				}
				a, b := field.FindAllString(k, -1), field.FindAllString(v, -1)
				slices.Sort(a)
				slices.Sort(b)
				if !slices.Equal(a, b) {
					t.Errorf("%s: %q keeps fields %v, want %v", name, v, b, a)
				}
			}
		}
		for k := range tr {
			if _, ok := used[k]; !ok {
				t.Errorf("%s has %q, which no screen uses", name, k)
			}
		}
	}
}
