package data

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/argon2"

	"frontdesk/app"
)

// A center server's audit chain is keyed as a desk's file is (see
// auditkey.go): from the row that declares the center's key on, every row's
// hash is HMAC-SHA-256 under it, so someone who can change the server's
// tables (its superuser) cannot rewrite the log without the key. The key
// never goes to the server in the clear. Each computer that holds it keeps
// it in its own user's configuration folder (CenterDir, CENTER-ID.key,
// 0600), beside its anchor of the chain.
//
// The key passes from desk to desk with the people who sign in:
//   - It is made at the first sign-in on a center server whose chain
//     declares no key, by the computer signed in at.
//   - At every sign-in on a computer that holds it, the key is sealed under
//     the person's password (argon2id, as password hashes are, then
//     AES-256-GCM) and kept on the server, one sealed copy per person
//     (the setting audit.key.escrow.STAFF-ID), unless their copy is already
//     sealed under their present password.
//   - At a sign-in on a computer that does not hold it, the person's
//     sealed copy is opened with the password just typed, and the computer
//     keeps the key from then on.
//
// Until then, a desk without the key does not write to the chain: its
// audit records wait on the server (audit_pending) and the next desk that
// holds the key appends and signs them, before its own. So every row after
// the declaring one is signed, and verification stays as strict as on a
// file: a row with a plain hash there was rewritten without the key.

// escrowPrefix starts the setting that keeps a person's sealed copy of the
// center's key; their staff id ends it.
const escrowPrefix = "audit.key.escrow."

// keyEscrow is one person's sealed copy of the center's key.
type keyEscrow struct {
	KeyID string `json:"key_id"`
	// For names the password hash it was sealed under (a hash of the
	// hash), so a sign-in with an unchanged password seals nothing again.
	For    string `json:"for"`
	Salt   string `json:"salt"`
	Nonce  string `json:"nonce"`
	Sealed string `json:"sealed"`
}

// escrowArgon are the argon2id costs of sealing: those of a password hash
// (app.HashPassword), so a sealed copy is no easier to guess than the
// password hash beside it.
const (
	escrowArgonTime   = 2
	escrowArgonMemory = 19 * 1024
)

// passwordMark names a password hash without giving it away.
func passwordMark(hash string) string {
	h := sha256.Sum256([]byte("frontdesk escrow for\x00" + hash))
	return hex.EncodeToString(h[:8])
}

// escrowAEAD is the cipher a person's password opens.
func escrowAEAD(password string, salt []byte) (cipher.AEAD, error) {
	kek := argon2.IDKey([]byte(password), salt, escrowArgonTime, escrowArgonMemory, 1, 32)
	block, err := aes.NewCipher(kek)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// escrowLabel binds a sealed copy to its key and its person.
func escrowLabel(keyID string, staffID int64) []byte {
	return []byte("frontdesk center key\x00" + keyID + "\x00" + strconv.FormatInt(staffID, 10))
}

// sealKey seals k for the person staffID under password, whose hash is
// hash.
func sealKey(k *auditKey, staffID int64, hash, password string) (keyEscrow, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return keyEscrow{}, err
	}
	aead, err := escrowAEAD(password, salt)
	if err != nil {
		return keyEscrow{}, err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return keyEscrow{}, err
	}
	b64 := base64.RawStdEncoding
	return keyEscrow{KeyID: k.ID, For: passwordMark(hash), Salt: b64.EncodeToString(salt), Nonce: b64.EncodeToString(nonce),
		Sealed: b64.EncodeToString(aead.Seal(nil, nonce, k.raw, escrowLabel(k.ID, staffID)))}, nil
}

// openKey opens e with password: the key, or nil when the password is not
// the one it was sealed under (or e was tampered with).
func openKey(e keyEscrow, staffID int64, password string) *auditKey {
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(e.Salt)
	nonce, err2 := b64.DecodeString(e.Nonce)
	sealed, err3 := b64.DecodeString(e.Sealed)
	if err1 != nil || err2 != nil || err3 != nil || len(salt) == 0 {
		return nil
	}
	aead, err := escrowAEAD(password, salt)
	if err != nil || len(nonce) != aead.NonceSize() {
		return nil
	}
	raw, err := aead.Open(nil, nonce, sealed, escrowLabel(e.KeyID, staffID))
	if err != nil || len(raw) != 32 || auditKeyID(raw) != e.KeyID {
		return nil
	}
	return &auditKey{ID: e.KeyID, Key: hex.EncodeToString(raw), raw: raw}
}

// centerRing is this computer's key file of the store's center server.
func (s *Store) centerRing() (keyRing, error) {
	r, err := loadKeyRing(keyPath(s.guard))
	r.center = true
	return r, err
}

// centerKey finds the key with id that the chain declares at row from: in
// this computer's key file of the center, or else in its key file of
// another center id (the center's id is new after a restore), which it
// then copies. nil when this computer does not hold it.
func (s *Store) centerKey(id string, from int64) *auditKey {
	if s.guard == "" {
		return nil
	}
	ring, err := s.centerRing()
	if err != nil {
		return nil
	}
	if k := ring.byID(id); k != nil {
		if k.From == 0 {
			// made here, and its declaring row's number known only now (a
			// key declared elsewhere than it was is left to verification)
			k.From = from
			if ring.save(ring.path) != nil {
				return nil
			}
		}
		return k
	}
	if time.Since(s.keyMiss.since(id)) < keyMissWait {
		return nil // looked a moment ago: not on every write of a desk without it
	}
	for _, o := range s.otherCenterRings(ring.path) {
		if k := o.byID(id); k != nil {
			return s.keepCenterKeyFile(&auditKey{ID: k.ID, Key: k.Key, raw: k.raw, From: from})
		}
	}
	s.keyMiss.note(id)
	return nil
}

// keyMissWait is how long a computer without the center's key waits
// before it looks through its key files for it again (another program of
// the computer may have got it meanwhile).
const keyMissWait = 10 * time.Second

// keyMiss remembers when the key files were last looked through in vain.
type keyMiss struct {
	mu sync.Mutex
	id string
	at time.Time
}

// since is when the key id was last looked for in vain (zero: never).
func (m *keyMiss) since(id string) time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.id != id {
		return time.Time{}
	}
	return m.at
}

// note records a vain look for the key id.
func (m *keyMiss) note(id string) {
	m.mu.Lock()
	m.id, m.at = id, time.Now()
	m.mu.Unlock()
}

// otherCenterRings are this computer's key files of center servers other
// than the one at path (damaged ones left out).
func (s *Store) otherCenterRings(path string) []keyRing {
	var out []keyRing
	files, _ := filepath.Glob(filepath.Join(filepath.Dir(s.guard), "*.key"))
	for _, p := range files {
		if p == path || isPrivateTemp(p) {
			continue
		}
		if o, err := loadKeyRing(p); err == nil {
			out = append(out, o)
		}
	}
	return out
}

// keepCenterKeyFile adds k to this computer's key file of the center; nil
// when the file cannot be written (the key is then not used: rows signed
// with a key nobody kept could never be checked).
func (s *Store) keepCenterKeyFile(k *auditKey) *auditKey {
	ring, err := s.centerRing()
	if err != nil {
		return nil
	}
	if old := ring.byID(k.ID); old != nil {
		return old
	}
	ring.Keys = append(ring.Keys, k)
	sort.SliceStable(ring.Keys, func(i, j int) bool { return ring.Keys[i].From < ring.Keys[j].From })
	ring.Server = serverPlace(s.dsn)
	if ring.save(ring.path) != nil {
		return nil
	}
	return k
}

// serverPlace is a server's host, port and database, from its address.
func serverPlace(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return ""
	}
	return u.Host + u.Path
}

// verifyingRing is this computer's key file of the center with, for
// verification, the keys of its key files of other center ids of the same
// server: deleting the server's center id (which makes the desks start
// new files) must not let a chain re-hashed without the key pass.
func (s *Store) verifyingRing() (keyRing, error) {
	ring, err := s.centerRing()
	if err != nil {
		return ring, err
	}
	place := serverPlace(s.dsn)
	for _, o := range s.otherCenterRings(ring.path) {
		if o.Server == "" || o.Server != place {
			continue
		}
		for _, k := range o.Keys {
			if ring.byID(k.ID) == nil {
				ring.Keys = append(ring.Keys, k)
				ring.exists = true
			}
		}
	}
	sort.SliceStable(ring.Keys, func(i, j int) bool { return ring.Keys[i].From < ring.Keys[j].From })
	return ring, nil
}

// centerKeyState reads the center's key id and the row declaring it (""
// when the chain declares none) and, for staffID (0: none), their sealed
// copy.
func (s *Store) centerKeyState(ctx context.Context, staffID int64) (declared string, from int64, e keyEscrow, err error) {
	err = s.viewPG(ctx, func(tx app.Tx) error {
		q := tx.(*txn).q
		if declared, from, err = declaredKey(ctx, q); err != nil || staffID == 0 {
			return err
		}
		var stored string
		err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, escrowPrefix+strconv.FormatInt(staffID, 10)).Scan(&stored)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err == nil && json.Unmarshal([]byte(stored), &e) != nil {
			e = keyEscrow{} // damaged: sealed again
		}
		return err
	})
	return declared, from, e, err
}

// loadCenterKey, at open, picks up the center's key when this computer
// holds it.
func (s *Store) loadCenterKey(ctx context.Context) error {
	id, from, _, err := s.centerKeyState(ctx, 0)
	if err != nil {
		return serverError(s.path, err)
	}
	if id != "" {
		s.key.Store(s.centerKey(id, from))
	}
	return nil
}

// KeepCenterKey is app.CenterKeyKeeper: after staffID signed in with
// password (whose stored hash is hash), it makes the center's key if the
// chain has none yet, seals it for them if their sealed copy is missing
// or under another password, or, on a computer without it, opens their
// sealed copy. On a desk's own file, on a local copy and without a
// configuration folder it does nothing.
func (s *Store) KeepCenterKey(ctx context.Context, at time.Time, staffID int64, hash, password string) error {
	if !s.pg || s.guard == "" || password == "" {
		return nil
	}
	declared, from, e, err := s.centerKeyState(ctx, staffID)
	if err != nil {
		return serverError(s.path, err)
	}
	if declared == "" {
		return s.makeCenterKey(ctx, at, staffID, hash, password)
	}
	k := s.key.Load()
	if k == nil || k.ID != declared {
		if k = s.centerKey(declared, from); k == nil {
			if e.KeyID != declared {
				return nil // nobody sealed it for them yet
			}
			opened := openKey(e, staffID, password)
			if opened == nil {
				return nil // sealed under a password they had before
			}
			opened.From = from
			if k = s.keepCenterKeyFile(opened); k == nil {
				return nil
			}
		}
		s.key.Store(k)
		return s.Update(ctx, func(tx app.Tx) error {
			return tx.AppendAudit(ctx, app.AuditEntry{At: at, Actor: systemActor, Action: "audit.key.desk", Entity: "audit", Ref: k.ID,
				Detail: fmt.Sprintf("this computer holds the center's key %s from this row on (opened at the sign-in of staff %d)", k.ID, staffID)})
		})
	}
	if e.KeyID == k.ID && e.For == passwordMark(hash) {
		return nil
	}
	sealed, err := sealKey(k, staffID, hash, password)
	if err != nil {
		return app.Errorf(app.EInternal, "seal the center's key: %v", err)
	}
	return s.Update(ctx, func(tx app.Tx) error {
		return tx.(*txn).putEscrow(ctx, staffID, sealed)
	})
}

// putEscrow keeps a person's sealed copy of the center's key. It is not
// audited: it happens at sign-ins, which are, and it proves nothing but
// that a computer holding the key saw the password.
func (t *txn) putEscrow(ctx context.Context, staffID int64, e keyEscrow) error {
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	_, err = t.q.ExecContext(ctx, `INSERT INTO settings(key,value) VALUES(?,?) ON CONFLICT(key) DO UPDATE SET value=excluded.value`,
		escrowPrefix+strconv.FormatInt(staffID, 10), string(b))
	return err
}

// makeCenterKey makes the center's key at the first sign-in on a server
// whose chain declares none, declares it, and seals it for the person who
// signed in. Another desk that declared one meanwhile wins: this one then
// has none, and gets it as any desk does.
func (s *Store) makeCenterKey(ctx context.Context, at time.Time, staffID int64, hash, password string) error {
	k, err := newAuditKey()
	if err != nil {
		return err
	}
	sealed, err := sealKey(k, staffID, hash, password)
	if err != nil {
		return app.Errorf(app.EInternal, "seal the center's key: %v", err)
	}
	// in the key file first, not yet declared (From 0: verification skips
	// it); a crash before the commit leaves it unused
	if s.keepCenterKeyFile(k) == nil {
		return app.Errorf(app.EInvalid, "Cannot keep the center's audit key in %s.", filepath.Dir(s.guard))
	}
	made := false
	err = s.Update(ctx, func(tx app.Tx) error {
		t := tx.(*txn)
		st, err := t.signer(ctx)
		if err != nil || st.declared != "" {
			return err
		}
		// check-ins still waiting for their records came before the key
		if err := t.SettleAudit(ctx); err != nil {
			return err
		}
		t.sign.key, made = k, true
		if err := t.appendAudit(ctx, app.AuditEntry{At: at, Actor: systemActor, Action: auditKeyAction, Entity: "audit", Ref: k.ID,
			Detail: "audit chain signed with the center's key " + k.ID + " from this row; rows before it carry plain SHA-256 hashes"}); err != nil {
			return err
		}
		return t.putEscrow(ctx, staffID, sealed)
	})
	if err != nil || !made {
		s.dropCenterKeyFile(k.ID)
		return err
	}
	return s.loadCenterKey(ctx)
}

// dropCenterKeyFile takes an undeclared key out of this computer's key
// file.
func (s *Store) dropCenterKeyFile(id string) {
	ring, err := s.centerRing()
	if err != nil {
		return
	}
	kept := ring.Keys[:0]
	for _, k := range ring.Keys {
		if k.ID != id || k.From != 0 {
			kept = append(kept, k)
		}
	}
	ring.Keys = kept
	ring.save(ring.path)
}

// signState is what a server transaction's audit records are written
// under, decided once, holding the center's write lock.
type signState struct {
	declared string    // the key the chain declares ("" none)
	key      *auditKey // signs the records; nil: plain hashes (no key declared)
	pending  bool      // this computer lacks the declared key: records wait in audit_pending
	waiting  bool      // audit_pending holds records for a desk with the key
	prev     string    // the chain's head when decided
}

// signer decides, once per transaction and holding the center's write
// lock, how the transaction's audit records join a server's chain.
func (t *txn) signer(ctx context.Context) (*signState, error) {
	if t.sign != nil {
		return t.sign, nil
	}
	if err := t.lockedPG(ctx); err != nil {
		return nil, err
	}
	st := &signState{}
	var declFrom sql.NullInt64
	// the head, the declaring row and whether records are held, in one
	// statement: this is every audited write's on a server
	err := t.q.QueryRowContext(ctx, `SELECT coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), ''),
		coalesce(k.ref, ''), k.id, EXISTS (SELECT 1 FROM audit_pending)
		FROM (SELECT 1) AS one LEFT JOIN LATERAL
		(SELECT id, ref FROM audit_log WHERE action = ? ORDER BY id DESC LIMIT 1) AS k ON true`, auditKeyAction).Scan(&st.prev, &st.declared, &declFrom, &st.waiting)
	if err != nil {
		return nil, err
	}
	if st.declared != "" {
		k := t.s.key.Load()
		if k == nil || k.ID != st.declared {
			if k = t.s.centerKey(st.declared, declFrom.Int64); k != nil {
				t.s.key.Store(k)
			}
		}
		st.key, st.pending = k, k == nil
	}
	t.sign = st
	return st, nil
}

// holdAudits keeps es on the server for a desk that holds the center's key
// (this one does not).
func (t *txn) holdAudits(ctx context.Context, es []app.AuditEntry) error {
	for start := 0; start < len(es); start += auditBatch {
		batch := es[start:min(start+auditBatch, len(es))]
		var q strings.Builder
		q.WriteString(`INSERT INTO audit_pending(at,actor,action,entity,ref,detail) VALUES `)
		args := make([]any, 0, 6*len(batch))
		for i, e := range batch {
			if i > 0 {
				q.WriteString(",")
			}
			q.WriteString("(?,?,?,?,?,?)")
			args = append(args, ts(e.At), e.Actor, e.Action, e.Entity, e.Ref, e.Detail)
		}
		if _, err := t.q.ExecContext(ctx, q.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// settleHeld appends and signs the records desks without the key left in
// audit_pending, in the order they were made.
func (t *txn) settleHeld(ctx context.Context) error {
	es, err := queryAll(ctx, t.q, scanAuditEntry, `DELETE FROM audit_pending RETURNING id, at, actor, action, entity, ref, detail`)
	if err != nil {
		return err
	}
	sort.Slice(es, func(i, j int) bool { return es[i].ID < es[j].ID })
	t.sign.waiting = false
	return t.appendAudits(ctx, es)
}

// heldAudits counts the records waiting for a desk with the center's key.
func heldAudits(ctx context.Context, q querier) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM audit_pending`).Scan(&n)
	return n, err
}

// centerKeyHint is what a computer without the center's key is told.
const centerKeyHint = "this computer gets it when someone who signed in at a desk that holds it signs in here"

// CenterKeyFile is the key file this computer keeps of the center server
// with id, in dir (CenterDir).
func CenterKeyFile(dir, id string) string {
	return keyPath(filepath.Join(dir, id))
}
