package app

import (
	"crypto/rand"
	"strings"
)

// Code alphabet and shape. A code is a type prefix letter, a dash, a random
// body and one check character, e.g. "P-7K3QX9M2TA" + "Q". Only A–Z, 0–9 and
// "-" appear, so keyboard-wedge scanners type it right on any keyboard layout
// and QR alphanumeric mode encodes it compactly. It carries no personal data.
const (
	codeAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	codeBodyLen  = 10
)

// Code type prefixes.
const (
	PrefixParticipant = 'P'
	PrefixEvent       = 'E'
	PrefixKit         = 'K'
)

// NewCode returns a fresh random code of the given type prefix.
func NewCode(prefix byte) string {
	var raw [codeBodyLen]byte
	if _, err := rand.Read(raw[:]); err != nil {
		panic("front desk: no randomness: " + err.Error())
	}
	b := make([]byte, 0, codeBodyLen+3)
	b = append(b, prefix, '-')
	for _, x := range raw {
		// 252 = 7×36: reject-free mapping would bias; the tiny bias of x%36
		// over 256 values is irrelevant for an identifier, not a secret.
		b = append(b, codeAlphabet[int(x)%len(codeAlphabet)])
	}
	b = append(b, checkChar(prefix, b[2:]))
	return string(b)
}

// checkChar is the Luhn mod 36 check character over the prefix and body: it
// catches every single-character error and every swap of neighbours except
// 0↔Z (as decimal Luhn misses 09↔90).
func checkChar(prefix byte, body []byte) byte {
	const n = len(codeAlphabet)
	factor := 2
	sum := 0
	vals := append([]byte{prefix}, body...)
	for i := len(vals) - 1; i >= 0; i-- {
		v := strings.IndexByte(codeAlphabet, vals[i])
		add := factor * v
		factor = 3 - factor
		add = add/n + add%n
		sum += add
	}
	return codeAlphabet[(n-sum%n)%n]
}

// ParseCode reads what a scanner typed and returns the canonical code and its
// type prefix. It accepts lower case, surrounding spaces, a trailing Enter or
// Tab, and any punctuation a keyboard layout put in place of the dash. A code
// of unknown type or with a wrong check character is refused with EInvalid
// ("scan again") and must never be matched to anyone.
func ParseCode(s string) (code string, prefix byte, err error) {
	var b []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z':
			b = append(b, c-'a'+'A')
		case c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			b = append(b, c)
		case c < 0x80:
			// spaces, dashes, Enter, Tab, other ASCII punctuation: ignored
		default:
			// non-ASCII from a mis-mapped layout: ignored too
		}
		if len(b) > codeBodyLen+2 {
			return "", 0, Errorf(EInvalid, "That code is not one of ours. Please scan again.")
		}
	}
	if len(b) != codeBodyLen+2 {
		return "", 0, Errorf(EInvalid, "That code could not be read. Please scan again.")
	}
	prefix = b[0]
	switch prefix {
	case PrefixParticipant, PrefixEvent, PrefixKit:
	default:
		return "", 0, Errorf(EInvalid, "That code is not one of ours. Please scan again.")
	}
	body := b[1 : 1+codeBodyLen]
	if checkChar(prefix, body) != b[len(b)-1] {
		return "", 0, Errorf(EInvalid, "That code did not read correctly. Please scan again.")
	}
	return string(prefix) + "-" + string(b[1:]), prefix, nil
}
