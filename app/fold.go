package app

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// FoldName returns the search key of a name: lower-case, accents removed,
// spaces collapsed. "José  Núñez" → "jose nunez", "Đặng" → "dang". Scripts
// without case or accents (Korean, Chinese, Arabic…) pass through unchanged
// but for spacing.
func FoldName(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsSpace(r) || r == '-' || r == '\'' || r == '’' || r == '.' || r == ',':
			// Hyphens and apostrophes count as word breaks: "Mary-Jo" is found by "mary jo" and "jo".
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		switch r {
		case 'đ', 'Đ':
			b.WriteByte('d')
		case 'ø', 'Ø':
			b.WriteByte('o')
		case 'ł', 'Ł':
			b.WriteByte('l')
		case 'ß':
			b.WriteString("ss")
		case 'æ', 'Æ':
			b.WriteString("ae")
		case 'œ', 'Œ':
			b.WriteString("oe")
		case 'ı':
			b.WriteByte('i')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	// Recompose what NFD split but is not an accent (Hangul syllables).
	return norm.NFC.String(b.String())
}

// ParseSearch turns what a person typed into the search box into SearchTerms:
// digits (with the usual phone punctuation) search phones, anywhere in the
// number ("98451" and "984-51" find (213) 984-5100); anything with an @
// searches emails; everything else searches names, each word typed being
// the start of some word of the name ("cruz" finds José de la Cruz). A bare
// number of up to four digits is also a sheet row (Row). Too little to
// search on gives empty terms.
func ParseSearch(q string, limit int) SearchTerms {
	q = strings.TrimSpace(q)
	t := SearchTerms{Limit: limit}
	if t.Limit <= 0 || t.Limit > 200 {
		t.Limit = 20
	}
	if q == "" {
		return t
	}
	if strings.Contains(q, "@") {
		t.Email = strings.ToLower(q)
		return t
	}
	digits, other := 0, 0
	for _, r := range q {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" ()-.+", r):
		default:
			other++
		}
	}
	if digits > 0 && other == 0 {
		if n, err := strconv.Atoi(q); err == nil && len(q) <= 4 && n > 0 {
			t.Row = n
		}
		if digits >= 3 {
			var b strings.Builder
			for _, r := range q {
				if r >= '0' && r <= '9' {
					b.WriteRune(r)
				}
			}
			d := b.String()
			if len(d) == 11 && d[0] == '1' {
				d = d[1:]
			}
			t.Digits = d
		}
		return t
	}
	t.Name = FoldName(q)
	return t
}

// Empty reports whether there is nothing to search for.
func (t SearchTerms) Empty() bool {
	return t.Name == "" && t.Digits == "" && t.Email == "" && (t.Row == 0 || !t.Sheet)
}
