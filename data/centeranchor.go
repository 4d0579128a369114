package data

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"time"

	"frontdesk/app"
)

// A center server's audit chain is anchored on every computer that writes
// to it: each keeps, in its own user's configuration folder, the head of
// the chain it last committed (CENTER-ID.audit-head, 0600, as a file's
// anchor beside it; see auditanchor.go). Someone who can change the
// server's tables (its superuser) and deletes the newest rows, setting the
// counter of rows issued back as well, is then seen by verification on any
// desk that had written past them. The center's id is a random name the
// server keeps in its settings, so one computer can anchor several
// servers.

// EnvCenterDir, when set, is the folder where a computer keeps its anchors
// of center servers' chains, instead of frontdesk/centers in the user's
// configuration folder (tests keep theirs apart).
const EnvCenterDir = "FRONTDESK_CENTER_DIR"

// centerIDKey is the setting holding a center server's id.
const centerIDKey = "center.id"

// CenterDir is the folder where this computer keeps its anchors of center
// servers' audit chains; "" when the user has no configuration folder.
func CenterDir() string {
	if d := os.Getenv(EnvCenterDir); d != "" {
		return d
	}
	d, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "frontdesk", "centers")
}

// CenterID reads, making it the first time, the id of the center server
// the store is on.
func (s *Store) CenterID(ctx context.Context) (string, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	if _, err := s.writer.ExecContext(ctx, rebind(`INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`), centerIDKey, hex.EncodeToString(b)); err != nil {
		return "", err
	}
	var id string
	err := s.writer.QueryRowContext(ctx, rebind(`SELECT value FROM settings WHERE key = ?`), centerIDKey).Scan(&id)
	return id, err
}

// CenterAnchor is the anchor file this computer keeps of the chain of the
// center server with id, in dir (CenterDir).
func CenterAnchor(dir, id string) string {
	return anchorPath(filepath.Join(dir, id))
}

// guardCenter sets where this computer anchors the server's chain; without
// a configuration folder the chain is not anchored here.
func (s *Store) guardCenter(ctx context.Context) error {
	dir := s.centerDir
	if dir == "" {
		dir = CenterDir()
	}
	if dir == "" {
		return nil
	}
	id, err := s.CenterID(ctx)
	if err != nil {
		return serverError(s.path, err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil // anchored by the desks that can
	}
	s.guard = filepath.Join(dir, id)
	return nil
}

// guardPath is where the audit key and anchor files of the store's chain
// are named from: the database file, or this computer's place for a
// center server's (none: "").
func (s *Store) guardPath() string {
	if s.pg {
		return s.guard
	}
	return s.path
}

// dialect is q as the store's database writes it: rebound for a server.
func (s *Store) dialect(q string) string {
	if s.pg {
		return rebind(q)
	}
	return q
}

// auditTriggersPG are the server's append-only guards of the audit log, as
// server migration 1 makes them, with the functions they call (which a
// DROP FUNCTION … CASCADE takes with them), one statement each.
var auditTriggersPG = []string{
	`CREATE OR REPLACE FUNCTION audit_log_no_update_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$`,
	`CREATE OR REPLACE FUNCTION audit_log_no_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$`,
	`DROP TRIGGER IF EXISTS audit_log_no_update ON audit_log`,
	`DROP TRIGGER IF EXISTS audit_log_no_delete ON audit_log`,
	`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_no_update_fn()`,
	`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_no_delete_fn()`,
}

// ensureAuditTriggersPG puts the server's append-only triggers back when
// someone dropped or disabled them, in one transaction with the audit
// record that says so, as a file's are put back (ensureAuditTriggers).
// Only the owner of the server's tables may: a desk's role, which may not,
// leaves them for the next program that opens the server as the owner
// (frontdeskctl migrate, or any command run with the owner's address).
func (s *Store) ensureAuditTriggersPG(ctx context.Context, now time.Time) error {
	var n int
	if err := s.writer.QueryRowContext(ctx, `SELECT count(*) FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass
		AND tgname IN ('audit_log_no_update', 'audit_log_no_delete') AND tgenabled <> 'D'`).Scan(&n); err != nil {
		return serverError(s.path, err)
	}
	if n == 2 {
		return nil
	}
	denied := false
	err := s.Update(ctx, func(tx app.Tx) error {
		t := tx.(*txn)
		for _, q := range auditTriggersPG {
			if _, err := t.q.(pgQuerier).tx.ExecContext(ctx, q); err != nil {
				denied = pgCode(err) == "42501" // insufficient_privilege: not the owner
				return err
			}
		}
		return t.AppendAudit(ctx, app.AuditEntry{At: now, Actor: systemActor, Action: auditTriggersAction, Entity: "audit",
			Detail: "the audit log's append-only triggers were missing (dropped or disabled?) and were put back"})
	})
	if denied {
		return nil
	}
	return err
}
