package ui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"fyne.io/fyne/v2/lang"

	"frontdesk/assets"
)

// TestEveryStringIsTranslated finds every lang.L("...") in the interface's
// source and checks that English and Spanish both have it, with the same
// template fields.
func TestEveryStringIsTranslated(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	main, _ := filepath.Glob("../../cmd/frontdesk/*.go")
	call := regexp.MustCompile(`lang\.L\(("(?:[^"\\]|\\.)*")`)
	used := map[string]string{}
	for _, f := range append(files, main...) {
		if filepath.Ext(f) != ".go" || len(f) > 8 && f[len(f)-8:] == "_test.go" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range call.FindAllSubmatch(src, -1) {
			k, err := strconv.Unquote(string(m[1]))
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			used[k] = f
		}
	}
	// go-i18n refuses a whole file over one reserved key ("Other", "One", ...)
	if err := lang.AddTranslationsFS(assets.Translations, "translations"); err != nil {
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
		var tr map[string]string
		if err := json.Unmarshal(b, &tr); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for k, f := range used {
			v, ok := tr[k]
			if !ok || v == "" {
				t.Errorf("%s has no translation of %q (used in %s)", name, k, f)
				continue
			}
			a, b := field.FindAllString(k, -1), field.FindAllString(v, -1)
			slices.Sort(a)
			slices.Sort(b)
			if !slices.Equal(a, b) {
				t.Errorf("%s: %q keeps fields %v, want %v", name, v, b, a)
			}
		}
		for k := range tr {
			if _, ok := used[k]; !ok {
				t.Errorf("%s has %q, which no screen uses", name, k)
			}
		}
	}
}
