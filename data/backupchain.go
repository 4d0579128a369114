package data

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"time"

	"frontdesk/app"
)

// Every backup BACKUP gets two files beside it, both 0600:
//
//   - BACKUP.manifest.json: what the backup holds (schema version, site,
//     the audit chain's row count, last id, head hash and key id, when it
//     was made) and the SHA-256 of the backup file, so a backup cut short
//     or edited afterwards is seen;
//   - BACKUP.key: a copy of the database's audit key file, without which
//     the chain in the backup cannot be verified on another machine (the
//     key is never inside the backup's database file).
//
// Restore verifies a backup's chain against its manifest and refuses one
// that does not verify unless forced; a forced restore is audited.

// BackupManifest describes one backup file.
type BackupManifest struct {
	Format        string    `json:"format"`
	File          string    `json:"file"` // the backup's file name
	SchemaVersion int       `json:"schema_version"`
	Site          string    `json:"site"`
	Audit         AuditHead `json:"audit"`
	CreatedAt     string    `json:"created_at"` // RFC 3339, UTC
	SHA256        string    `json:"sha256"`
}

// manifestFormat names the manifest's layout.
const manifestFormat = "frontdesk-backup-manifest/1"

// ManifestPath is the manifest of the backup at path.
func ManifestPath(backup string) string { return backup + ".manifest.json" }

// backupCompanions are the files that go with the backup at path.
func backupCompanions(backup string) []string {
	return []string{ManifestPath(backup), keyPath(backup)}
}

// fileSHA256 is the hex SHA-256 of the file at path.
func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// openReadOnly opens the database file at path for reading only.
func openReadOnly(path string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", path+"?_pragma=query_only(1)&mode=ro")
	if err != nil {
		return nil, app.Errorf(app.EInternal, "open %s: %v", path, err)
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// writeBackupCompanions writes the manifest of the finished backup file
// tmp (which will be renamed to dest) and copies the database's key file
// beside dest.
func (s *Store) writeBackupCompanions(ctx context.Context, tmp, dest string, now time.Time) error {
	db, err := openReadOnly(tmp)
	if err != nil {
		return err
	}
	defer db.Close()
	var version int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return app.Errorf(app.EInternal, "backup manifest: %v", err)
	}
	if err := writeManifest(ctx, db, version, tmp, dest, now); err != nil {
		return err
	}
	key, err := os.ReadFile(keyPath(s.path))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return app.Errorf(app.EInvalid, "Cannot read the audit key file %s: %v", keyPath(s.path), err)
	}
	return writePrivateFile(keyPath(dest), key, true)
}

// writeManifest writes the manifest of the finished backup file tmp (to be
// renamed to dest): its SHA-256, and the schema version, site and audit
// chain head of the records it holds, read through q (the backup itself,
// or the snapshot a server's backup was taken from).
func writeManifest(ctx context.Context, q querier, version int, tmp, dest string, now time.Time) error {
	m := BackupManifest{Format: manifestFormat, File: filepath.Base(dest), SchemaVersion: version, CreatedAt: now.UTC().Format(time.RFC3339)}
	var err error
	if m.SHA256, err = fileSHA256(tmp); err != nil {
		return app.Errorf(app.EInternal, "backup manifest: %v", err)
	}
	if err := q.QueryRowContext(ctx, "SELECT name FROM sites ORDER BY id LIMIT 1").Scan(&m.Site); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return app.Errorf(app.EInternal, "backup manifest: %v", err)
	}
	if m.Audit, err = chainHead(ctx, q); err != nil {
		return app.Errorf(app.EInternal, "backup manifest: %v", err)
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return writePrivateFile(ManifestPath(dest), append(b, '\n'), true)
}

// ReadManifest reads the manifest beside the backup at path.
func ReadManifest(backup string) (BackupManifest, error) {
	var m BackupManifest
	b, err := os.ReadFile(ManifestPath(backup))
	if errors.Is(err, os.ErrNotExist) {
		return m, app.Errorf(app.EInvalid, "The backup %s has no manifest (%s), so its audit log cannot be checked against the head recorded when it was made.", backup, filepath.Base(ManifestPath(backup)))
	}
	if err != nil {
		return m, app.Errorf(app.EInvalid, "Cannot read %s: %v", ManifestPath(backup), err)
	}
	if err := json.Unmarshal(b, &m); err != nil || m.Format != manifestFormat {
		return m, app.Errorf(app.EInvalid, "The file %s is not a Front Desk backup manifest.", ManifestPath(backup))
	}
	return m, nil
}

// VerifyBackupChain checks the backup at path against its manifest: the
// file is the one the manifest describes (SHA-256), and its audit chain
// verifies with its key (the key file beside the backup, or else the one
// beside the database at dbPath) up to the head the manifest records. It
// returns the manifest, and an *app.Error saying what is wrong.
func VerifyBackupChain(ctx context.Context, backup, dbPath string) (BackupManifest, error) {
	m, err := checkManifest(backup)
	if err != nil {
		return m, err
	}
	ring, err := backupKeyRing(backup, dbPath, m.Audit.KeyID)
	if err != nil {
		return m, err
	}
	db, err := openReadOnly(backup)
	if err != nil {
		return m, err
	}
	defer db.Close()
	c, err := verifyChain(ctx, db, ring, &m.Audit, "its manifest")
	if err != nil {
		return m, app.Errorf(app.EInvalid, "Cannot read the audit log of %s: %v", backup, err)
	}
	if !c.OK {
		return m, app.Errorf(app.EInvalid, "The audit log in %s does not verify: %s", backup, c.Problem)
	}
	return m, nil
}

// checkManifest reads the manifest of the backup at path and checks that
// the file is the one it describes (SHA-256).
func checkManifest(backup string) (BackupManifest, error) {
	m, err := ReadManifest(backup)
	if err != nil {
		return m, err
	}
	sum, err := fileSHA256(backup)
	if err != nil {
		return m, app.Errorf(app.EInvalid, "Cannot read %s: %v", backup, err)
	}
	if sum != m.SHA256 {
		return m, app.Errorf(app.EInvalid, "The backup %s does not verify against its manifest: its SHA-256 differs, so it was changed after the backup was made.", backup)
	}
	return m, nil
}

// backupKeyRing is the key file that goes with a backup: the copy beside
// it, or the database's own when that one holds the manifest's key.
func backupKeyRing(backup, dbPath, keyID string) (keyRing, error) {
	ring, err := loadKeyRing(keyPath(backup))
	if err != nil || keyID == "" || ring.byID(keyID) != nil {
		return ring, err
	}
	if own, err := loadKeyRing(keyPath(dbPath)); err == nil && own.byID(keyID) != nil {
		return own, nil
	}
	return ring, nil
}
