package app

import "strings"

// NormalizePhone turns a phone number as people write it ("(213) 555-0142",
// "213.555.0142", "+1 213 555 0142", "1-213-555-0142") into E.164
// ("+12135550142"). North American numbers are assumed when no country code is
// given. An empty input gives "" and no error; anything else that is not a
// plausible number gives an EInvalid error.
func NormalizePhone(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	plus := false
	var digits []byte
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits = append(digits, byte(r))
		case r == '+' && len(digits) == 0 && !plus:
			plus = true
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')' || r == '/' || r == '\u00a0':
		default:
			// An extension ("x12", "ext. 12") ends the number.
			rest := strings.ToLower(s[i:])
			if (strings.HasPrefix(rest, "x") || strings.HasPrefix(rest, "ext")) && len(digits) > 0 {
				goto done
			}
			return "", Errorf(EInvalid, "%q is not a phone number; use digits like (213) 555-0142", truncate(s, 30))
		}
	}
done:
	n := string(digits)
	switch {
	case !plus && len(n) == 10:
		n = "1" + n
	case !plus && len(n) == 11 && n[0] == '1':
	case plus && len(n) >= 8 && len(n) <= 15 && n[0] != '0':
	case !plus && strings.HasPrefix(n, "011") && len(n) >= 11 && len(n) <= 18 && n[3] != '0':
		n = n[3:]
	default:
		return "", Errorf(EInvalid, "%q is not a complete phone number (10 digits, or + and the country code)", truncate(s, 30))
	}
	if n[0] == '1' {
		if len(n) != 11 {
			return "", Errorf(EInvalid, "%q is not a complete phone number (10 digits, or + and the country code)", truncate(s, 30))
		}
		// NANP: area code and exchange never start with 0 or 1.
		if n[1] < '2' || n[4] < '2' {
			return "", Errorf(EInvalid, "%q is not a valid US phone number", truncate(s, 30))
		}
	}
	return "+" + n, nil
}

// FormatPhone shows an E.164 number the way people read it: North American
// numbers as (213) 555-0142, others unchanged.
func FormatPhone(e164 string) string {
	if len(e164) == 12 && strings.HasPrefix(e164, "+1") {
		d := e164[2:]
		return "(" + d[:3] + ") " + d[3:6] + "-" + d[6:]
	}
	return e164
}

// NationalDigits returns the digits of an E.164 number without the country
// code for North American numbers (what people type when searching).
func NationalDigits(e164 string) string {
	if strings.HasPrefix(e164, "+1") {
		return e164[2:]
	}
	return strings.TrimPrefix(e164, "+")
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
