package app_test

import (
	"strings"
	"testing"

	"frontdesk/app"
)

// Twelve characters are not enough when they are easy to guess.
func TestWeakPasswordsRefused(t *testing.T) {
	for pw, why := range map[string]string{
		"            ":       "only spaces",
		"aaaaaaaaaaaa":       "repeated",
		"abcabcabcabc":       "repeated",
		"passwordpassword":   "repeated",
		"123456789012":       "sequence",
		"098765432109":       "sequence",
		"abcdefghijkl":       "sequence",
		"qwertyuiopasdf":     "sequence",
		"Password2026!":      "choose most often",
		"Welcome 123456":     "choose most often",
		"!!contraseña2026":   "choose most often",
		"2026 iloveyou 2026": "choose most often",
		"  Letmein 999999 ":  "choose most often",
	} {
		err := app.CheckPasswordRules("rosa", pw)
		if app.ErrorCode(err) != app.EInvalid || !strings.Contains(app.ErrorMessage(err), why) {
			t.Errorf("%q: %v; want refused as %q", pw, err, why)
		}
	}
	for _, pw := range []string{"correct horse battery", "she chose this one herself", "desk photos only 2026",
		"temporary pass 24h", "a long enough password", "María's 3 cats sleep", "839201746251"} {
		if err := app.CheckPasswordRules("rosa", pw); err != nil {
			t.Errorf("%q refused: %v", pw, err)
		}
	}
}
