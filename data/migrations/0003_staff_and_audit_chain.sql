-- Staff accounts (seed 002): named accounts with roles, an argon2id password
-- hash (parameters inside the hash string), temporary passwords, lockout,
-- deactivation (rows are kept), and the yearly confidentiality and training
-- dates. Dates are 'YYYY-MM-DD'; instants are UTC text as elsewhere.
CREATE TABLE staff (
    id                     INTEGER PRIMARY KEY,
    username               TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name           TEXT NOT NULL,
    roles                  TEXT NOT NULL,          -- comma-separated app.Role values
    password_hash          TEXT NOT NULL,
    password_temporary     INTEGER NOT NULL DEFAULT 0,
    password_expires_at    TEXT,                   -- temporary passwords only
    password_changed_at    TEXT NOT NULL,
    failed_attempts        INTEGER NOT NULL DEFAULT 0,
    locked_until           TEXT,
    active                 INTEGER NOT NULL DEFAULT 1,
    deactivated_at         TEXT,
    deactivated_by         TEXT NOT NULL DEFAULT '',
    confidentiality_signed TEXT,
    training_completed     TEXT,
    last_sign_in_at        TEXT,
    created_at             TEXT NOT NULL,
    created_by             TEXT NOT NULL DEFAULT ''
);
CREATE TABLE password_history (
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    hash     TEXT NOT NULL,
    at       TEXT NOT NULL
);
CREATE INDEX password_history_staff ON password_history(staff_id, at);

-- The audit log becomes append-only and hash-chained: each row carries the
-- hash of the row before it and its own. AUTOINCREMENT keeps the highest id
-- ever used in sqlite_sequence, so deleting the newest rows shows too.
CREATE TABLE audit_log_chained (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL DEFAULT '',
    ref       TEXT NOT NULL DEFAULT '',
    detail    TEXT NOT NULL DEFAULT '',
    prev_hash TEXT NOT NULL DEFAULT '',
    hash      TEXT NOT NULL DEFAULT ''
);
INSERT INTO audit_log_chained(id, at, actor, action, entity, ref, detail)
    SELECT id, at, actor, action, entity, ref, detail FROM audit_log ORDER BY id;
DROP TABLE audit_log;
ALTER TABLE audit_log_chained RENAME TO audit_log;
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_actor ON audit_log(actor, at);
CREATE INDEX audit_log_action ON audit_log(action, at);
-- (the rows copied above are given their hashes by the migration's Go step)
