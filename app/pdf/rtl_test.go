package pdf

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// TestArabicFormsCovered checks the shaping tables: every presentation form
// is in DejaVu Sans (so shaped text stays in the main face) and normalises
// (NFKC) back to the letter it stands for.
func TestArabicFormsCovered(t *testing.T) {
	for base, f := range arabicLetters {
		for _, form := range []rune{f.iso, f.fin, f.ini, f.med} {
			if form == 0 {
				continue
			}
			if !faces[0].covers(form) {
				t.Errorf("DejaVu Sans has no glyph for %U (a form of %U)", form, base)
			}
			if got := norm.NFKC.String(string(form)); got != string(base) {
				t.Errorf("NFKC(%U) = %q, want %U", form, got, base)
			}
		}
		if !faces[0].covers(base) {
			t.Errorf("DejaVu Sans has no glyph for %U", base)
		}
	}
	for alef, lig := range lamAlef {
		for _, form := range lig {
			if !faces[0].covers(form) {
				t.Errorf("DejaVu Sans has no glyph for lam-alef %U", form)
			}
			if got := norm.NFKC.String(string(form)); got != string([]rune{lam, alef}) {
				t.Errorf("NFKC(%U) = %q, want lam + %U", form, got, alef)
			}
		}
	}
}

// codes writes runes as U+XXXX for readable failures.
func codes(s string) string {
	var b []string
	for _, r := range s {
		if r < 0x80 {
			b = append(b, fmt.Sprintf("%q", r))
		} else {
			b = append(b, fmt.Sprintf("%04X", r))
		}
	}
	return strings.Join(b, " ")
}

func TestShapeArabic(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []rune
	}{
		// meem initial, hah medial, meem medial, dal final
		{"محمد", []rune{0xFEE3, 0xFEA4, 0xFEE4, 0xFEAA}},
		// seen initial, lam-alef final, meem isolated (alef does not join on)
		{"سلام", []rune{0xFEB3, 0xFEFC, 0xFEE1}},
		// lam-alef isolated at the start of a word
		{"لا", []rune{0xFEFB}},
		// Persian: peh initial, jeh final, meem initial, alef final, noon isolated
		{"پژمان", []rune{0xFB58, 0xFB8B, 0xFEE3, 0xFE8E, 0xFEE5}},
		// gaf, farsi yeh, tcheh, keheh
		{"گی چک", []rune{0xFB94, 0xFBFD, ' ', 0xFB7C, 0xFB8F}},
		// a mark between letters is transparent: beh initial + fatha, teh final
		{"بَت", []rune{0xFE91, 0x064E, 0xFE96}},
		// ZWNJ breaks the join and is dropped: meem isolated... heh final
		{"می\u200cخواهم", []rune{0xFEE3, 0xFBFD, 0xFEA7, 0xFEEE, 0xFE8D, 0xFEEB, 0xFEE2}},
		// tatweel joins
		{"بـ", []rune{0xFE91, 0x0640}},
		// Latin is left alone
		{"Ana", []rune("Ana")},
	} {
		got := shapeArabic([]rune(tc.in))
		if string(got) != string(tc.want) {
			t.Errorf("shapeArabic(%q) = %s, want %s", tc.in, codes(string(got)), codes(string(tc.want)))
		}
		if n := norm.NFKC.String(string(got)); n != strings.ReplaceAll(tc.in, "\u200c", "") {
			t.Errorf("NFKC(shapeArabic(%q)) = %q", tc.in, n)
		}
	}
}

func TestVisual(t *testing.T) {
	muhammad := string([]rune{0xFEAA, 0xFEE4, 0xFEA4, 0xFEE3}) // محمد, shaped, left to right
	for _, tc := range []struct{ in, want string }{
		{"María José Gómez-Núñez", "María José Gómez-Núñez"},
		{"민준 김", "민준 김"},
		{"محمد", muhammad},
		// an RTL paragraph: the number keeps its order, at the left
		{"محمد 12", "12 " + muhammad},
		// an LTR paragraph with an RTL word
		{"Ali محمد Bob", "Ali " + muhammad + " Bob"},
		// a number after an RTL word belongs to it (rules W2, N1, I1)
		{"Ali محمد 2", "Ali 2 " + muhammad},
		{"Tel שלום 3.5%", "Tel 3.5% םולש"},
		{"שלום 12", "12 םולש"},
		// brackets are mirrored in RTL runs
		{"(محمد)", "(" + muhammad + ")"},
		// two words: the first (rightmost) word is drawn last
		{"علی رضا", string([]rune{0xFE8E, 0xFEBF, 0xFEAD}) + " " + string([]rune{0xFBFD, 0xFEE0, 0xFECB})},
		// Hebrew is reordered, not shaped
		{"שלום", "םולש"},
		// explicit controls are dropped; RLM is invisible
		{"\u202bمحمد\u202c\u200f", muhammad},
	} {
		if got := visual(tc.in); got != tc.want {
			t.Errorf("visual(%q) = %s, want %s", tc.in, codes(got), codes(tc.want))
		}
	}
}

func TestSplitRunsRTL(t *testing.T) {
	// Shaped Arabic and Persian stay in the main face.
	for _, s := range []string{"محمد", "پژمان گلچین"} {
		for _, r := range splitRuns(visual(s)) {
			if r.face != faces[0] {
				t.Errorf("%q: run %q set in %s", s, r.text, r.face.family)
			}
		}
	}
}
