package data

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"frontdesk/app"
)

// The audit chain is keyed: from the row that declares a key (an
// "audit.key" row whose ref is the key's id) on, every row's hash is
// HMAC-SHA-256 under that key instead of a plain SHA-256, so rewriting the
// log needs the key as well as the file. The key lives beside the database
// in DB.key (0600), never in the database file, so a copy of the database
// alone cannot be re-chained. Rows written before an install had a key stay
// plain; the first keyed row is the checkpoint that follows them.
//
// DB.key is JSON: every key this install has signed with and the row each
// one signs from, oldest first. Each backup gets a copy of it beside the
// backup file (BACKUP.key, 0600): restoring onto another machine needs it.

// auditKeyAction is the action of the row that declares the key signing
// it and every row after it.
const auditKeyAction = "audit.key"

// auditKey is one signing key and the first row it signs.
type auditKey struct {
	ID   string `json:"id"`
	From int64  `json:"from"`
	Key  string `json:"key"` // 64 hex digits
	raw  []byte
}

// keyRing is the content of a key file.
type keyRing struct {
	Keys []*auditKey `json:"keys"`
	// Server, in this computer's key file of a center server's chain, is
	// the server's host, port and database, which outlast its center id.
	Server string `json:"server,omitempty"`
	path   string // where it was read from
	exists bool   // the file was there
	center bool   // this computer's key file of a center server's chain
}

// keyPath is the key file of the database at dbPath.
func keyPath(dbPath string) string { return dbPath + ".key" }

// auditKeyID names a key without giving it away.
func auditKeyID(raw []byte) string {
	h := sha256.Sum256(append([]byte("frontdesk audit key id\x00"), raw...))
	return hex.EncodeToString(h[:8])
}

// newAuditKey makes a fresh random key.
func newAuditKey() (*auditKey, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, app.Errorf(app.EInternal, "audit key: %v", err)
	}
	return &auditKey{ID: auditKeyID(raw), Key: hex.EncodeToString(raw), raw: raw}, nil
}

// loadKeyRing reads the key file at path; a missing file is an empty ring
// (exists false). A file that cannot be read or parsed, or whose keys do
// not match their ids, is an error naming it.
func loadKeyRing(path string) (keyRing, error) {
	r := keyRing{path: path}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return r, nil
	}
	if err != nil {
		return r, app.Errorf(app.EInvalid, "Cannot read the audit key file %s: %v", path, err)
	}
	r.exists = true
	if err := json.Unmarshal(b, &r); err != nil {
		return r, app.Errorf(app.EInvalid, "The audit key file %s is damaged (%v).", path, err)
	}
	for _, k := range r.Keys {
		raw, err := hex.DecodeString(k.Key)
		if err != nil || len(raw) != 32 || auditKeyID(raw) != k.ID {
			return r, app.Errorf(app.EInvalid, "The audit key file %s is damaged: key %q does not match its id.", path, k.ID)
		}
		k.raw = raw
	}
	sort.SliceStable(r.Keys, func(i, j int) bool { return r.Keys[i].From < r.Keys[j].From })
	return r, nil
}

// byID returns the key with id, or nil.
func (r keyRing) byID(id string) *auditKey {
	for _, k := range r.Keys {
		if k.ID == id {
			return k
		}
	}
	return nil
}

// last is the newest key, or nil.
func (r keyRing) last() *auditKey {
	if len(r.Keys) == 0 {
		return nil
	}
	return r.Keys[len(r.Keys)-1]
}

// ids lists the ring's key ids, for messages.
func (r keyRing) ids() []string {
	var out []string
	for _, k := range r.Keys {
		out = append(out, k.ID)
	}
	return out
}

// save writes the ring to path, 0600 from the first byte, replacing the
// file in one rename.
func (r keyRing) save(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return writePrivateFile(path, append(b, '\n'), true)
}

// privateTempMark is in the name of writePrivateFile's temporary files.
const privateTempMark = ".tmp-"

// isPrivateTemp reports whether name is a temporary file of
// writePrivateFile (a manifest, key or anchor being written).
func isPrivateTemp(name string) bool {
	for _, kind := range []string{".manifest.json", ".key", ".audit-head"} {
		if strings.Contains(name, kind+privateTempMark) {
			return true
		}
	}
	return false
}

// writePrivateFile replaces path with b through a temporary file created
// 0600 in the same folder, synced first when sync is set.
func writePrivateFile(path string, b []byte, sync bool) error {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+privateTempMark+"*")
	if err != nil {
		return app.Errorf(app.EInvalid, "Cannot write %s: %v", path, err)
	}
	tmp := f.Name()
	_, err = f.Write(b)
	if err == nil && sync {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return app.Errorf(app.EInvalid, "Cannot write %s: %v", path, err)
	}
	return nil
}

// keyedAuditHash is the chain hash of a row signed with key: HMAC-SHA-256
// over the same fields auditHash covers.
func keyedAuditHash(key []byte, prev, at, actor, action, entity, ref, detail string) string {
	h := hmac.New(sha256.New, key)
	for _, f := range []string{prev, at, actor, action, entity, ref, detail} {
		h.Write([]byte(f))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// rowHash is a row's chain hash under key, or the plain hash when key is nil.
func rowHash(key *auditKey, prev, at, actor, action, entity, ref, detail string) string {
	if key == nil {
		return auditHash(prev, at, actor, action, entity, ref, detail)
	}
	return keyedAuditHash(key.raw, prev, at, actor, action, entity, ref, detail)
}

// systemActor is who the store itself records as (key set-up, triggers put
// back).
const systemActor = "frontdesk"

// ensureAuditKey makes sure the store signs with a key that its chain
// declares: on the first open of a database without a key file (new, or
// made before keys) it creates one and a checkpoint row; when the chain
// declares a key the file does not hold (the file was lost or replaced) it
// starts a new key and says so in the checkpoint row, so the loss stays on
// record. The decision is taken holding the write lock, so two programs
// opening the same database at once agree on one key.
func (s *Store) ensureAuditKey(ctx context.Context, now time.Time) error {
	if ring, err := loadKeyRing(keyPath(s.path)); err == nil {
		declared, _, err := declaredKey(ctx, s.writer)
		if err != nil {
			return app.Errorf(app.EInternal, "audit key: %v", err)
		}
		if last := ring.last(); last != nil && declared != "" && last.ID == declared {
			s.key.Store(last)
			return nil
		}
	}
	err := s.Update(ctx, func(tx app.Tx) error {
		return s.settleAuditKey(ctx, tx.(*txn), now)
	})
	if err != nil {
		s.key.Store(nil)
	}
	return err
}

// declaredKey is the id of the key the chain read through q declares last,
// and the row declaring it ("" and 0 when none).
func declaredKey(ctx context.Context, q querier) (string, int64, error) {
	var id int64
	var ref string
	err := q.QueryRowContext(ctx, `SELECT id, ref FROM audit_log WHERE action=? ORDER BY id DESC LIMIT 1`, auditKeyAction).Scan(&id, &ref)
	if errors.Is(err, sql.ErrNoRows) {
		return "", 0, nil
	}
	return ref, id, err
}

// settleAuditKey is ensureAuditKey's decision, inside the write
// transaction t.
func (s *Store) settleAuditKey(ctx context.Context, t *txn, now time.Time) error {
	kp := keyPath(s.path)
	ring, err := loadKeyRing(kp)
	if err != nil {
		// keep the damaged file for whoever looks into it, and start afresh
		aside := kp + ".damaged-" + now.UTC().Format("20060102-150405")
		if rerr := os.Rename(kp, aside); rerr != nil {
			return err
		}
		ring = keyRing{path: kp}
	}
	declared, declID, err := declaredKey(ctx, t.q)
	if err != nil {
		return err
	}
	issued, err := auditIDsIssued(ctx, t.q)
	if err != nil {
		return err
	}
	var maxID int64
	if err := t.q.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM audit_log`).Scan(&maxID); err != nil {
		return err
	}
	next := max(issued.Int64, maxID) + 1
	last := ring.last()
	var detail string
	switch {
	case last != nil && declared != "" && last.ID == declared:
		s.key.Store(last) // another program settled it first
		return nil
	case last != nil && (declared == "" || ring.byID(declared) != nil):
		if last.From < next {
			// the row that declared the newest key is gone: sign on with
			// it, and leave the evidence to verification
			s.key.Store(last)
			return nil
		}
		// the newest key was written but its checkpoint never committed
		detail = "audit chain signed with key " + last.ID + " from this row"
	case declared == "" && !ring.exists:
		if last, err = newAuditKey(); err != nil {
			return err
		}
		ring.Keys = append(ring.Keys, last)
		detail = "audit chain signed with key " + last.ID + " from this row; rows before it carry plain SHA-256 hashes"
	default:
		missing := "was missing"
		if ring.exists {
			missing = "did not hold it"
		}
		if last, err = newAuditKey(); err != nil {
			return err
		}
		ring.Keys = append(ring.Keys, last)
		detail = fmt.Sprintf("KEY LOST: rows from %d are signed with key %s but the key file %s %s; key %s signs from this row", declID, declared, filepath.Base(kp), missing, last.ID)
	}
	// the key file first (a crash before the commit leaves a key whose
	// checkpoint the next open makes), then the row declaring the key
	last.From = next
	if err := ring.save(ring.path); err != nil {
		return err
	}
	s.key.Store(last)
	return t.AppendAudit(ctx, app.AuditEntry{At: now, Actor: systemActor, Action: auditKeyAction, Entity: "audit", Ref: last.ID, Detail: detail})
}
