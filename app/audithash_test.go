package app_test

import (
	"crypto/sha256"
	"encoding/hex"
)

// testAuditHash recomputes an audit row's chain hash the way the store
// documents it (SHA-256 of the previous hash and the fields, each followed
// by a NUL byte), as a forger would.
func testAuditHash(fields ...string) string {
	h := sha256.New()
	for _, f := range fields {
		h.Write([]byte(f))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}
