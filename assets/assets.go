package assets

import (
	"embed"
	_ "embed"
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
