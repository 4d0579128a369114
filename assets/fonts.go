// Package assets embeds Front Desk's fonts, icon and translations.
package assets

import (
	"embed"
	"io/fs"
)

// Fonts holds the TrueType fonts printed documents embed: DejaVuSans.ttf and
// DejaVuSans-Bold.ttf (DejaVu fonts license, see fonts/LICENSE-DejaVu.txt).
// They cover Latin with accents, so names like "María José Gómez-Núñez"
// print correctly.
//
//go:embed fonts/*.ttf
var Fonts embed.FS

// Font returns the bytes of the embedded font file with the given name, e.g.
// "DejaVuSans.ttf". It panics if there is no such font: the set is fixed at
// build time, so a missing one is a programming error.
func Font(name string) []byte {
	b, err := fs.ReadFile(Fonts, "fonts/"+name)
	if err != nil {
		panic("assets: no font " + name + ": " + err.Error())
	}
	return b
}
