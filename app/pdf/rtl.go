package pdf

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/bidi"
)

// Right-to-left text.
//
// gofpdf draws the runes of a string left to right, one glyph each, as the
// font's cmap maps them: it neither shapes Arabic letters nor reorders
// right-to-left text. So before text is measured or drawn, visual turns it
// from logical order (the order it is typed and stored in) into what must be
// drawn left to right:
//
//  1. Shaping: each Arabic letter becomes its isolated, final, initial or
//     medial presentation form (Arabic Presentation Forms-A and -B), by the
//     joining types of the letters around it (Unicode's ArabicShaping.txt:
//     dual-joining, right-joining, join-causing tatweel and ZWJ,
//     transparent marks, non-joining ZWNJ), and lam + alef becomes one of
//     the four lam-alef ligatures. The Persian letters پ چ ژ گ ک ی and the
//     Urdu letters DejaVu Sans has are included. ZWJ and ZWNJ are dropped once they
//     have done their work.
//  2. Reordering: the Unicode bidirectional algorithm (x/text's
//     unicode/bidi, rules up to L1) gives each rune its embedding level,
//     with the paragraph direction taken from the first strong letter
//     (rule P2: a name in Arabic is a right-to-left paragraph, an English
//     title with one Arabic word a left-to-right one). Rule L2 then
//     reverses every run at an odd level, keeping a base letter's
//     combining marks after it (L3) and mirroring brackets (L4).
//
// DejaVu Sans has every presentation form used (TestArabicFormsCovered), so
// shaped text stays in the main face. The glyphs keep their presentation-
// form code points in the PDF's ToUnicode map, so a text extractor gives
// back the presentation forms, which NFKC normalisation maps to the letters
// typed; lam-alef comes back as lam, alef. pdftotext (poppler) puts
// right-to-left words back into logical order itself.
//
// Explicit embeddings, overrides and isolates (U+202A..U+202E,
// U+2066..U+2069) are ignored and dropped, as are the marks LRM, RLM and
// ALM after reordering: no name needs them. Text is always one line.

// visual returns s as it must be drawn left to right: Arabic shaped and
// right-to-left runs reordered. Text with no right-to-left letter is
// returned as it is, without allocating.
func visual(s string) string {
	if !hasRTL(s) {
		return s
	}
	rs := shapeArabic(stripBidiControls([]rune(s)))
	return string(reorder(rs))
}

// hasRTL reports whether s has a rune from a right-to-left block (Hebrew,
// Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic, their presentation forms
// and the supplementary right-to-left blocks).
func hasRTL(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0xD6 { // below the lead byte of U+0590: ASCII, Latin, Greek, Cyrillic, Armenian
			continue
		}
		for _, r := range s[i:] {
			if isRTLRune(r) {
				return true
			}
		}
		return false
	}
	return false
}

func isRTLRune(r rune) bool {
	switch {
	case r < 0x0590:
		return false
	case r <= 0x08FF, r >= 0xFB1D && r <= 0xFDFF, r >= 0xFE70 && r <= 0xFEFF,
		r >= 0x10800 && r <= 0x10FFF, r >= 0x1E800 && r <= 0x1EFFF:
		return true
	}
	return r == 0x200F || r == 0x061C // RLM, ALM
}

// stripBidiControls drops explicit embedding, override and isolate
// controls and turns paragraph separators into spaces, so that the text is
// one paragraph with no explicit levels.
func stripBidiControls(rs []rune) []rune {
	out := rs[:0:0]
	for _, r := range rs {
		switch {
		case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
			continue
		case r == '\n', r == '\r', r >= 0x1C && r <= 0x1E, r == 0x85, r == 0x2029:
			r = ' '
		}
		out = append(out, r)
	}
	return out
}

// Joining types (Unicode ArabicShaping.txt).
const (
	joinNone        = iota // U: non-joining
	joinDual               // D: joins on both sides
	joinRight              // R: joins only to the letter before it (on its right)
	joinCausing            // C: tatweel, ZWJ
	joinTransparent        // T: marks, skipped when finding neighbours
)

// arabicForms are a letter's presentation forms: isolated, final, initial,
// medial. A right-joining letter has no initial or medial form.
type arabicForms struct{ iso, fin, ini, med rune }

// arabicLetters maps each letter shaped to its forms.
var arabicLetters = map[rune]arabicForms{
	0x0621: {0xFE80, 0, 0, 0}, // hamza (non-joining)
	0x0622: {0xFE81, 0xFE82, 0, 0},
	0x0623: {0xFE83, 0xFE84, 0, 0},
	0x0624: {0xFE85, 0xFE86, 0, 0},
	0x0625: {0xFE87, 0xFE88, 0, 0},
	0x0626: {0xFE89, 0xFE8A, 0xFE8B, 0xFE8C},
	0x0627: {0xFE8D, 0xFE8E, 0, 0},
	0x0628: {0xFE8F, 0xFE90, 0xFE91, 0xFE92},
	0x0629: {0xFE93, 0xFE94, 0, 0},
	0x062A: {0xFE95, 0xFE96, 0xFE97, 0xFE98},
	0x062B: {0xFE99, 0xFE9A, 0xFE9B, 0xFE9C},
	0x062C: {0xFE9D, 0xFE9E, 0xFE9F, 0xFEA0},
	0x062D: {0xFEA1, 0xFEA2, 0xFEA3, 0xFEA4},
	0x062E: {0xFEA5, 0xFEA6, 0xFEA7, 0xFEA8},
	0x062F: {0xFEA9, 0xFEAA, 0, 0},
	0x0630: {0xFEAB, 0xFEAC, 0, 0},
	0x0631: {0xFEAD, 0xFEAE, 0, 0},
	0x0632: {0xFEAF, 0xFEB0, 0, 0},
	0x0633: {0xFEB1, 0xFEB2, 0xFEB3, 0xFEB4},
	0x0634: {0xFEB5, 0xFEB6, 0xFEB7, 0xFEB8},
	0x0635: {0xFEB9, 0xFEBA, 0xFEBB, 0xFEBC},
	0x0636: {0xFEBD, 0xFEBE, 0xFEBF, 0xFEC0},
	0x0637: {0xFEC1, 0xFEC2, 0xFEC3, 0xFEC4},
	0x0638: {0xFEC5, 0xFEC6, 0xFEC7, 0xFEC8},
	0x0639: {0xFEC9, 0xFECA, 0xFECB, 0xFECC},
	0x063A: {0xFECD, 0xFECE, 0xFECF, 0xFED0},
	0x0641: {0xFED1, 0xFED2, 0xFED3, 0xFED4},
	0x0642: {0xFED5, 0xFED6, 0xFED7, 0xFED8},
	0x0643: {0xFED9, 0xFEDA, 0xFEDB, 0xFEDC},
	0x0644: {0xFEDD, 0xFEDE, 0xFEDF, 0xFEE0},
	0x0645: {0xFEE1, 0xFEE2, 0xFEE3, 0xFEE4},
	0x0646: {0xFEE5, 0xFEE6, 0xFEE7, 0xFEE8},
	0x0647: {0xFEE9, 0xFEEA, 0xFEEB, 0xFEEC},
	0x0648: {0xFEED, 0xFEEE, 0, 0},
	0x0649: {0xFEEF, 0xFEF0, 0xFBE8, 0xFBE9}, // alef maksura
	0x064A: {0xFEF1, 0xFEF2, 0xFEF3, 0xFEF4},
	// Persian and Urdu letters (Presentation Forms-A).
	0x0679: {0xFB66, 0xFB67, 0xFB68, 0xFB69}, // tteh
	0x067E: {0xFB56, 0xFB57, 0xFB58, 0xFB59}, // peh پ
	0x0686: {0xFB7A, 0xFB7B, 0xFB7C, 0xFB7D}, // tcheh چ
	0x0688: {0xFB88, 0xFB89, 0, 0},           // ddal
	0x0691: {0xFB8C, 0xFB8D, 0, 0},           // rreh
	0x0698: {0xFB8A, 0xFB8B, 0, 0},           // jeh ژ
	0x06A9: {0xFB8E, 0xFB8F, 0xFB90, 0xFB91}, // keheh ک
	0x06AF: {0xFB92, 0xFB93, 0xFB94, 0xFB95}, // gaf گ
	0x06BA: {0xFB9E, 0xFB9F, 0, 0},           // noon ghunna (word-final only)
	0x06BE: {0xFBAA, 0xFBAB, 0xFBAC, 0xFBAD}, // heh doachashmee
	0x06CC: {0xFBFC, 0xFBFD, 0xFBFE, 0xFBFF}, // farsi yeh ی
}

// lamAlef maps the alef after a lam to the ligature's isolated and final
// forms.
var lamAlef = map[rune][2]rune{
	0x0622: {0xFEF5, 0xFEF6},
	0x0623: {0xFEF7, 0xFEF8},
	0x0625: {0xFEF9, 0xFEFA},
	0x0627: {0xFEFB, 0xFEFC},
}

const (
	lam  = 0x0644
	zwnj = 0x200C
	zwj  = 0x200D
)

// joiningType returns r's joining type.
func joiningType(r rune) int {
	if f, ok := arabicLetters[r]; ok {
		switch {
		case f.ini != 0:
			return joinDual
		case f.fin != 0:
			return joinRight
		}
		return joinNone
	}
	switch {
	case r == 0x0640 || r == zwj: // tatweel
		return joinCausing
	case r == zwnj:
		return joinNone
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		return joinTransparent
	}
	return joinNone
}

// shapeArabic returns rs, in logical order, with each Arabic letter
// replaced by its contextual presentation form and lam + alef by their
// ligature; ZWJ and ZWNJ are dropped.
func shapeArabic(rs []rune) []rune {
	// neighbour returns the joining type of the nearest non-transparent
	// rune from i in direction step, or joinNone.
	neighbour := func(i, step int) (int, int) {
		for j := i + step; j >= 0 && j < len(rs); j += step {
			if t := joiningType(rs[j]); t != joinTransparent {
				return t, j
			}
		}
		return joinNone, -1
	}
	out := make([]rune, 0, len(rs))
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r == zwj || r == zwnj {
			continue
		}
		f, ok := arabicLetters[r]
		if !ok {
			out = append(out, r)
			continue
		}
		prev, _ := neighbour(i, -1)
		joinsPrev := (prev == joinDual || prev == joinCausing) && f.fin != 0
		if r == lam {
			if _, j := neighbour(i, 1); j > 0 {
				if lig, ok := lamAlef[rs[j]]; ok {
					if joinsPrev {
						out = append(out, lig[1])
					} else {
						out = append(out, lig[0])
					}
					out = append(out, rs[i+1:j]...) // the lam's marks
					i = j
					continue
				}
			}
		}
		next, _ := neighbour(i, 1)
		joinsNext := f.ini != 0 && (next == joinDual || next == joinRight || next == joinCausing)
		switch {
		case joinsPrev && joinsNext:
			out = append(out, f.med)
		case joinsPrev:
			out = append(out, f.fin)
		case joinsNext:
			out = append(out, f.ini)
		default:
			out = append(out, f.iso)
		}
	}
	return out
}

// reorder returns the one-line paragraph rs in visual order (rules P2 to
// L4 of the bidirectional algorithm, see visual). If the bidi package
// fails, rs is returned as it is.
func reorder(rs []rune) []rune {
	if len(rs) == 0 {
		return rs
	}
	base := 0 // paragraph level, by rule P2
	for _, r := range rs {
		p, _ := bidi.LookupRune(r)
		if c := p.Class(); c == bidi.L {
			break
		} else if c == bidi.R || c == bidi.AL {
			base = 1
			break
		}
	}
	var p bidi.Paragraph
	dir := bidi.LeftToRight
	if base == 1 {
		dir = bidi.RightToLeft
	}
	if _, err := p.SetString(string(rs), bidi.DefaultDirection(dir)); err != nil {
		return rs
	}
	o, err := p.Order()
	if err != nil {
		return rs
	}
	levels := runeLevels(rs, base, o)
	// Clusters: a base rune and the combining marks after it move as one
	// (rule L3 keeps the marks after their base in the output).
	type cluster struct {
		runes []rune
		level int
	}
	var cs []cluster
	for i, r := range rs {
		if len(cs) > 0 && unicode.In(r, unicode.Mn, unicode.Me) {
			cs[len(cs)-1].runes = append(cs[len(cs)-1].runes, r)
			continue
		}
		cs = append(cs, cluster{runes: rs[i : i+1 : i+1], level: levels[i]})
	}
	// Rule L2: from the highest level down to the lowest odd level,
	// reverse every maximal sequence at that level or higher.
	hi, lowOdd := 0, 1<<30
	for _, c := range cs {
		hi = max(hi, c.level)
		if c.level%2 == 1 {
			lowOdd = min(lowOdd, c.level)
		}
	}
	for lvl := hi; lvl >= lowOdd; lvl-- {
		for i := 0; i < len(cs); {
			if cs[i].level < lvl {
				i++
				continue
			}
			j := i
			for j < len(cs) && cs[j].level >= lvl {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				cs[a], cs[b] = cs[b], cs[a]
			}
			i = j
		}
	}
	out := make([]rune, 0, len(rs))
	for _, c := range cs {
		for _, r := range c.runes {
			switch r {
			case 0x200E, 0x200F, 0x061C: // LRM, RLM, ALM: invisible
				continue
			}
			if c.level%2 == 1 {
				r = mirror(r)
			}
			out = append(out, r)
		}
	}
	return out
}

// runeLevels returns the embedding level of each rune of rs, a paragraph
// of level base with no explicit embeddings, from the directions of the
// runs in o. The bidi package gives only a run's direction, not its level;
// without explicit embeddings the levels are base and base+1, except in a
// left-to-right paragraph, where numbers after a right-to-left letter
// (European digits after R or AL, rules W2 and W7, and Arabic-Indic digits
// always) are at level 2 (rule I1), with the separators between such
// digits and the terminators (%, $, ...) next to them.
func runeLevels(rs []rune, base int, o bidi.Ordering) []int {
	levels := make([]int, len(rs))
	for i := 0; i < o.NumRuns(); i++ {
		run := o.Run(i)
		lvl := base
		if (run.Direction() == bidi.RightToLeft) != (base == 1) {
			lvl = base + 1
		}
		start, end := run.Pos()
		for k := max(start, 0); k <= end && k < len(levels); k++ {
			levels[k] = lvl
		}
	}
	if base != 0 {
		return levels
	}
	class := func(r rune) bidi.Class { p, _ := bidi.LookupRune(r); return p.Class() }
	strong := bidi.L // the last strong class seen, sos = L
	isNum := make([]bool, len(rs))
	for i, r := range rs {
		switch c := class(r); c {
		case bidi.L, bidi.R, bidi.AL:
			strong = c
		case bidi.AN:
			isNum[i] = levels[i] == 0
		case bidi.EN:
			isNum[i] = levels[i] == 0 && strong != bidi.L
		}
	}
	for i := range rs {
		if !isNum[i] {
			continue
		}
		levels[i] = 2
		// Separators between two such digits, terminators around them.
		for j := i + 1; j < len(rs) && levels[j] == 0; j++ {
			c := class(rs[j])
			if isNum[j] {
				for k := i + 1; k < j; k++ {
					levels[k] = 2
				}
				break
			}
			if c == bidi.ET {
				levels[j] = 2
				continue
			}
			if c != bidi.ES && c != bidi.CS {
				break
			}
		}
		for j := i - 1; j >= 0 && levels[j] == 0 && class(rs[j]) == bidi.ET; j-- {
			levels[j] = 2
		}
	}
	return levels
}

// mirror returns the mirror image of a bracket-like rune (rule L4), drawn in
// a right-to-left run.
func mirror(r rune) rune {
	if i := strings.IndexRune(mirrorPairs, r); i >= 0 {
		k := len([]rune(mirrorPairs[:i]))
		return []rune(mirrorPairs)[k^1]
	}
	return r
}

// mirrorPairs lists mirrored pairs side by side.
const mirrorPairs = "()[]{}<>«»‹›"
