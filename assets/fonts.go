// Package assets embeds Front Desk's fonts, icon and translations.
package assets

import (
	"embed"
	"io/fs"
)

// Fonts holds the TrueType fonts printed documents embed:
//
//   - DejaVuSans.ttf and DejaVuSans-Bold.ttf (DejaVu fonts license, see
//     fonts/LICENSE-DejaVu.txt), the main face. They cover Latin with
//     accents, Vietnamese, Greek, Cyrillic and Armenian, so names like
//     "María José Gómez-Núñez" print correctly.
//   - NanumGothic.ttf and NanumGothicBold.ttf (SIL Open Font License 1.1, see
//     fonts/LICENSE-Nanum.txt; from Debian's fonts-nanum), the fallback for
//     Korean Hangul.
//   - DroidSansFallbackFull.ttf (Apache License 2.0, see
//     fonts/LICENSE-DroidSansFallback.txt; from Debian's
//     fonts-droid-fallback), the fallback for Chinese and Japanese: Han,
//     Hiragana and Katakana. It has no bold.
//
// They are TrueType (glyf) fonts, as gofpdf cannot embed collections (.ttc)
// or CFF-based OpenType fonts.
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
