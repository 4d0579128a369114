package pdf

import (
	"encoding/binary"
	"fmt"
	"sort"
	"sync"
	"unicode"

	"github.com/jung-kurt/gofpdf"

	"frontdesk/assets"
)

// Text in several scripts.
//
// No single embedded font covers every script participants' names come in, so
// text is set in runs: each rune goes to the first face, in the order of
// faces, that has a glyph for it, except that a fallback face listed for the
// rune's script is chosen ahead of other fallbacks. Consecutive runes with the
// same face form one run, drawn with one Text call. DejaVu Sans comes first
// (Latin, Vietnamese, Greek, Cyrillic, Armenian and punctuation), then Nanum
// Gothic for Hangul, then Droid Sans Fallback for Han, Hiragana and Katakana.
//
// Right-to-left scripts (Arabic, Persian, Urdu, Hebrew) are shaped and put
// in visual order before they are split into runs (see visual in rtl.go);
// DejaVu Sans has their letters and Arabic presentation forms.
//
// Runes no face covers are set in DejaVu, which prints its missing-glyph box.
// Only characters of the Basic Multilingual Plane are supported: gofpdf maps
// glyphs for U+0000..U+FFFF only.

// face is one font family documents can set text in.
type face struct {
	family  string                // gofpdf family name
	regular string                // font file in package assets
	bold    string                // font file for bold; "" sets bold runs in the regular font
	scripts []*unicode.RangeTable // scripts for which this face is chosen ahead of other fallbacks

	once  sync.Once
	cover coverage // runes the regular font has glyphs for
}

// faces in order of preference. The first is the documents' main face and is
// registered in every document; the others only in documents that use them,
// so that a Latin-only document stays small.
var faces = []*face{
	{family: "DejaVu", regular: "DejaVuSans.ttf", bold: "DejaVuSans-Bold.ttf"},
	{family: "Nanum", regular: "NanumGothic.ttf", bold: "NanumGothicBold.ttf",
		scripts: []*unicode.RangeTable{unicode.Hangul}},
	// Droid Sans Fallback has no bold: bold runs use the regular font.
	{family: "DroidFallback", regular: "DroidSansFallbackFull.ttf",
		scripts: []*unicode.RangeTable{unicode.Han, unicode.Hiragana, unicode.Katakana}},
}

// covers reports whether the face's regular font has a glyph for r. The bold
// font of a face is assumed to cover the same runes.
func (fc *face) covers(r rune) bool {
	fc.once.Do(func() { fc.cover = cmapCoverage(assets.Font(fc.regular)) })
	return fc.cover.has(r)
}

// faceFor returns the face rune r is set in.
func faceFor(r rune) *face {
	if faces[0].covers(r) {
		return faces[0]
	}
	for _, fc := range faces[1:] {
		if len(fc.scripts) > 0 && unicode.In(r, fc.scripts...) && fc.covers(r) {
			return fc
		}
	}
	for _, fc := range faces[1:] {
		if fc.covers(r) {
			return fc
		}
	}
	return faces[0]
}

// textRun is a stretch of text set in one face.
type textRun struct {
	face *face
	text string
}

// splitRuns splits s into runs by the face each rune is set in. Combining
// marks, variation selectors and joiners stay in the run of the rune before
// them when its face covers them, so a base letter and its accent are never
// split between fonts.
func splitRuns(s string) []textRun {
	var runs []textRun
	start := 0
	var cur *face
	for i, r := range s {
		fc := faceFor(r)
		if cur != nil && fc != cur && isJoining(r) && cur.covers(r) {
			fc = cur
		}
		if fc != cur {
			if cur != nil {
				runs = append(runs, textRun{cur, s[start:i]})
			}
			cur, start = fc, i
		}
	}
	if cur != nil {
		runs = append(runs, textRun{cur, s[start:]})
	}
	return runs
}

// isJoining reports whether r belongs with the rune before it.
func isJoining(r rune) bool {
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Variation_Selector) || r == '\u200d' || r == '\u200c'
}

// textFonts sets text in runs of the faces on one document. Make one with
// newTextFonts right after creating the document, then use its SetFont, Width
// and Text instead of the gofpdf methods of the same names. Width and Text
// assume the main face in the style and size last given to SetFont is
// selected, so call SetFont again after selecting a font in gofpdf directly.
//
// Faces other than the first are registered with the document the first time
// Width or Text meets a rune they are needed for, so a document embeds only
// the fonts it uses. gofpdf embeds every registered font, subset to the runes
// drawn: a card with a Hangul name grows by about 8 KB, not by the 4.6 MB of
// NanumGothic.ttf.
type textFonts struct {
	f     *gofpdf.Fpdf
	added map[string]bool // font keys (family + style) registered so far
	style string          // "" or "B"
	size  float64         // in points
}

// newTextFonts registers the main face (regular and bold) with f.
func newTextFonts(f *gofpdf.Fpdf) *textFonts {
	t := &textFonts{f: f, added: map[string]bool{}}
	t.register(faces[0], "")
	t.register(faces[0], "B")
	return t
}

// fontStyle returns the style face fc is registered under for style: bold
// runs of a face with no bold font use its regular font.
func fontStyle(fc *face, style string) string {
	if fc.bold == "" {
		return ""
	}
	return style
}

// register adds face fc in the given style to the document, once.
func (t *textFonts) register(fc *face, style string) {
	style = fontStyle(fc, style)
	key := fc.family + style
	if t.added[key] {
		return
	}
	t.added[key] = true
	file := fc.regular
	if style == "B" {
		file = fc.bold
	}
	t.f.AddUTF8FontFromBytes(fc.family, style, assets.Font(file))
}

// SetFont sets the style ("" or "B") and size, in points, of the text that
// Width measures and Text writes. It also selects the main face in f, so that
// plain gofpdf calls that follow use it.
func (t *textFonts) SetFont(style string, size float64) {
	t.style, t.size = style, size
	t.use(faces[0])
}

// use selects face fc in the current style and size in the document.
func (t *textFonts) use(fc *face) {
	t.register(fc, t.style)
	t.f.SetFont(fc.family, fontStyle(fc, t.style), t.size)
}

// Width returns the width of s, in the document's unit, set in runs in the
// current style and size.
func (t *textFonts) Width(s string) float64 {
	w := 0.0
	t.eachRun(s, func(_ *face, text string) { w += t.f.GetStringWidth(text) })
	return w
}

// Text writes s with its baseline starting at (x, y), as consecutive runs in
// the current style and size, and leaves the main face selected.
func (t *textFonts) Text(x, y float64, s string) {
	t.eachRun(s, func(fc *face, text string) {
		if t.style == "B" && fc.bold == "" {
			t.fauxBold(x, y, text)
		} else {
			t.f.Text(x, y, text)
		}
		x += t.f.GetStringWidth(text)
	})
}

// fauxBoldStroke is the width of the outline that emboldens a face with no
// bold font, as a fraction of the font size.
const fauxBoldStroke = 0.03

// fauxBold writes text like gofpdf's Text, but filled and outlined in the
// text colour, so that a face with no bold font still looks bold next to
// bold runs of other faces. The outline adds fauxBoldStroke/2 of the size on
// each side, which Width does not count. The graphics state is saved and
// restored around it, so gofpdf's idea of the line width and draw colour
// stays true.
func (t *textFonts) fauxBold(x, y float64, text string) {
	r, g, b := t.f.GetTextColor()
	t.f.RawWriteStr(fmt.Sprintf("q 1 j %.2f w %.3f %.3f %.3f RG 2 Tr\n",
		fauxBoldStroke*t.size, float64(r)/255, float64(g)/255, float64(b)/255))
	t.f.Text(x, y, text)
	t.f.RawWriteStr("Q\n")
}

// eachRun calls do for each run of s, in visual order (see visual), with
// the run's face selected, then selects the main face again. Text that is all in the main face selects no
// font, so it adds nothing to the page beyond what do writes (gofpdf's
// SetFont writes a font operator every time it is called).
func (t *textFonts) eachRun(s string, do func(fc *face, text string)) {
	switched := false
	for _, r := range splitRuns(visual(s)) {
		if r.face != faces[0] || switched {
			t.use(r.face)
			switched = true
		}
		do(r.face, r.text)
	}
	if switched {
		t.use(faces[0])
	}
}

// coverage is a set of runes, as sorted, disjoint, non-adjacent ranges.
type coverage []runeRange

type runeRange struct{ lo, hi rune }

func (c coverage) has(r rune) bool {
	i := sort.Search(len(c), func(i int) bool { return c[i].hi >= r })
	return i < len(c) && c[i].lo <= r
}

// add appends r, which must be greater than every rune already in c.
func (c coverage) add(lo, hi rune) coverage {
	if n := len(c); n > 0 && c[n-1].hi+1 >= lo {
		c[n-1].hi = max(c[n-1].hi, hi)
		return c
	}
	return append(c, runeRange{lo, hi})
}

// cmapCoverage returns the runes a TrueType font maps to a glyph other than
// the missing glyph, read from its Unicode cmap subtable: format 12 (full
// Unicode) if it has one, else format 4 (Basic Multilingual Plane). A font it
// cannot read covers nothing.
func cmapCoverage(font []byte) coverage {
	cmap := findTable(font, "cmap")
	if len(cmap) < 4 {
		return nil
	}
	var fmt4, fmt12 []byte
	n := int(be16(cmap, 2))
	for i := 0; i < n; i++ {
		rec := 4 + 8*i
		if rec+8 > len(cmap) {
			break
		}
		platform, encoding, off := be16(cmap, rec), be16(cmap, rec+2), int(be32(cmap, rec+4))
		if off+2 > len(cmap) || !(platform == 0 || platform == 3 && (encoding == 1 || encoding == 10)) {
			continue
		}
		switch sub := cmap[off:]; be16(sub, 0) {
		case 4:
			if fmt4 == nil {
				fmt4 = sub
			}
		case 12:
			if fmt12 == nil {
				fmt12 = sub
			}
		}
	}
	if fmt12 != nil {
		return format12(fmt12)
	}
	if fmt4 != nil {
		return format4(fmt4)
	}
	return nil
}

func format12(sub []byte) coverage {
	var c coverage
	if len(sub) < 16 {
		return nil
	}
	n := int(be32(sub, 12))
	type group struct{ lo, hi, glyph uint32 }
	groups := make([]group, 0, n)
	for i := 0; i < n && 16+12*i+12 <= len(sub); i++ {
		p := 16 + 12*i
		groups = append(groups, group{be32(sub, p), be32(sub, p+4), be32(sub, p+8)})
	}
	sort.Slice(groups, func(i, j int) bool { return groups[i].lo < groups[j].lo })
	for _, g := range groups {
		lo := g.lo
		if g.glyph == 0 {
			lo++ // the first code maps to the missing glyph
		}
		if lo <= g.hi && g.hi <= unicode.MaxRune {
			c = c.add(rune(lo), rune(g.hi))
		}
	}
	return c
}

func format4(sub []byte) coverage {
	var c coverage
	if len(sub) < 14 {
		return nil
	}
	segs := int(be16(sub, 6)) / 2
	ends, starts, deltas, offsets := 14, 16+2*segs, 16+4*segs, 16+6*segs
	if offsets+2*segs > len(sub) {
		return nil
	}
	for i := 0; i < segs; i++ {
		end, start := be16(sub, ends+2*i), be16(sub, starts+2*i)
		delta, ro := be16(sub, deltas+2*i), int(be16(sub, offsets+2*i))
		for ch := int(start); ch <= int(end) && ch < 0xFFFF; ch++ {
			var glyph uint16
			if ro == 0 {
				glyph = uint16(ch) + delta
			} else {
				p := offsets + 2*i + ro + 2*(ch-int(start))
				if p+2 > len(sub) {
					break
				}
				if glyph = be16(sub, p); glyph != 0 {
					glyph += delta
				}
			}
			if glyph != 0 {
				c = c.add(rune(ch), rune(ch))
			}
		}
	}
	return c
}

// findTable returns the table with the given tag of a TrueType font, or nil.
func findTable(font []byte, tag string) []byte {
	if len(font) < 12 {
		return nil
	}
	n := int(be16(font, 4))
	for i := 0; i < n; i++ {
		rec := 12 + 16*i
		if rec+16 > len(font) {
			return nil
		}
		if string(font[rec:rec+4]) == tag {
			off, length := int(be32(font, rec+8)), int(be32(font, rec+12))
			if off < 0 || length < 0 || off+length > len(font) {
				return nil
			}
			return font[off : off+length]
		}
	}
	return nil
}

func be16(b []byte, i int) uint16 { return binary.BigEndian.Uint16(b[i:]) }
func be32(b []byte, i int) uint32 { return binary.BigEndian.Uint32(b[i:]) }
