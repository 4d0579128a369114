package app

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters for new password hashes (OWASP's baseline: 19 MiB,
// two passes, one lane). They are written into every hash, so they can be
// raised later without breaking existing ones.
const (
	argonMemoryKiB = 19 * 1024
	argonTime      = 2
	argonThreads   = 1
	argonKeyLen    = 32
	argonSaltLen   = 16
)

// HashPassword returns an argon2id hash of pw in the PHC string format,
// "$argon2id$v=19$m=19456,t=2,p=1$salt$hash".
func HashPassword(pw string) string {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		panic("no randomness for a password salt: " + err.Error())
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemoryKiB, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemoryKiB, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

// CheckPassword reports whether pw matches hash (made by HashPassword, with
// whatever parameters it records). A malformed hash never matches.
func CheckPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 || m > 1<<22 || t > 100 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 || len(want) > 128 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// CheckPasswordRules checks a new password against the account rules: at
// least MinPasswordLen characters, not the username, no control characters,
// and not easy to guess (see weakPassword).
func CheckPasswordRules(username, pw string) error {
	if !utf8.ValidString(pw) {
		return FieldErrorf("password", "contains characters that are not text")
	}
	n := utf8.RuneCountInString(pw)
	if n < MinPasswordLen {
		return FieldErrorf("password", "must be at least %d characters long (a short sentence is easy to remember)", MinPasswordLen)
	}
	if n > MaxPasswordLen {
		return FieldErrorf("password", "may be at most %d characters long", MaxPasswordLen)
	}
	for _, r := range pw {
		if unicode.IsControl(r) {
			return FieldErrorf("password", "may not contain control characters")
		}
	}
	if username != "" && strings.Contains(strings.ToLower(pw), strings.ToLower(username)) {
		return FieldErrorf("password", "may not contain the username")
	}
	if why := weakPassword(pw); why != "" {
		return FieldErrorf("password", "%s", why)
	}
	return nil
}
