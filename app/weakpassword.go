package app

import (
	_ "embed"
	"strings"
	"unicode"
)

//go:embed commonpasswords.txt
var commonPasswordsText string

// commonPasswords are the words of commonpasswords.txt.
var commonPasswords = func() map[string]bool {
	out := map[string]bool{}
	for _, l := range strings.Split(commonPasswordsText, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			out[l] = true
		}
	}
	return out
}()

// keyboardRows are the letters and digits as they stand on a keyboard, for
// "qwertyuiop…" and "1234567890…".
const keyboardRows = "1234567890qwertyuiopasdfghjklzxcvbnm"

// weakPassword says why pw is easy to guess despite its length ("" when it
// is not): only spaces, one character or a short run repeated
// ("aaaaaaaaaaaa", "abcabcabcabc"), a sequence ("123456789012",
// "abcdefghijkl", "qwertyuiopas"), or a common password with digits or
// signs around it ("Password2026!", "passwordpassword").
func weakPassword(pw string) string {
	if strings.TrimSpace(pw) == "" {
		return "may not be only spaces"
	}
	s := strings.ToLower(strings.Join(strings.Fields(pw), ""))
	if unit := repeatedUnit(s); unit != "" {
		return "may not be one character or a short run repeated; a short sentence is easy to remember and hard to guess"
	}
	if isSequence(s) {
		return "may not be a sequence of keys or digits such as 123456… or qwerty…"
	}
	core := strings.TrimFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	if unit := repeatedUnit(core); unit != "" {
		core = unit
	}
	if commonPasswords[core] || commonPasswords[s] {
		return "is one of the passwords people choose most often; choose a short sentence of your own"
	}
	return ""
}

// repeatedUnit returns u when s is u written two or more times, else "".
func repeatedUnit(s string) string {
	r := []rune(s)
	for n := 1; n <= len(r)/2; n++ {
		if len(r)%n != 0 {
			continue
		}
		same := true
		for i := n; i < len(r) && same; i++ {
			same = r[i] == r[i-n]
		}
		if same {
			return string(r[:n])
		}
	}
	return ""
}

// isSequence reports whether s is a run of consecutive characters, up or
// down (digits wrap from 9 to 0), or a stretch of the keyboard's rows.
func isSequence(s string) bool {
	r := []rune(s)
	if len(r) < 3 {
		return false
	}
	step := func(a, b rune) int {
		switch {
		case a >= '0' && a <= '9' && b >= '0' && b <= '9':
			return int((b-a+10)%10+10) % 10 // 1 up, 9 down, with the wrap
		default:
			return int(b - a)
		}
	}
	up, down := true, true
	for i := 1; i < len(r); i++ {
		d := step(r[i-1], r[i])
		digits := r[i] >= '0' && r[i] <= '9'
		up = up && (d == 1)
		down = down && (d == -1 || (digits && d == 9))
	}
	if up || down {
		return true
	}
	rows := keyboardRows + keyboardRows
	rev := []rune(rows)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return strings.Contains(rows, s) || strings.Contains(string(rev), s)
}
