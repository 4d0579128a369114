package assets

import (
	"embed"
	_ "embed"
	"strings"
)

// Translations holds the interface's strings: translations/en.json and
// translations/es.json, keyed by the English text.
//
//go:embed translations/*.json
var Translations embed.FS

// Icon is the application icon (512×512 PNG).
//
//go:embed icon.png
var Icon []byte

// Messages holds the translations of the messages of package app:
// messages/<language>.json (see app.Catalog), keyed by the English text.
// English needs none.
//
//go:embed messages/*.json
var Messages embed.FS

// MessageCatalog returns the message catalog source for a language code
// ("es", "es-MX", "es_US.UTF-8"), or false when the language has none
// (English, and languages without translations).
func MessageCatalog(language string) ([]byte, bool) {
	code := strings.ToLower(language)
	if i := strings.IndexAny(code, "-_.@"); i >= 0 {
		code = code[:i]
	}
	if code == "" || code == "en" {
		return nil, false
	}
	b, err := Messages.ReadFile("messages/" + code + ".json")
	return b, err == nil
}
