-- Front Desk schema 1: sites, participants, events, registrations,
-- check-ins, general visits, audit log, settings.
-- Times are UTC text 'YYYY-MM-DDTHH:MM:SS.sssZ' (sortable, usable by SQLite's
-- date functions). Check-ins, visits and audit rows are never deleted.

CREATE TABLE sites (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    address       TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    time_zone     TEXT NOT NULL,
    contact_name  TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    contact_email TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL
);

CREATE TABLE participants (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,
    site_id         INTEGER NOT NULL REFERENCES sites(id),
    first_name      TEXT NOT NULL,
    last_name       TEXT NOT NULL,
    phone           TEXT,             -- E.164 or NULL
    email           TEXT COLLATE NOCASE,
    language        TEXT NOT NULL DEFAULT 'en',
    zip             TEXT NOT NULL DEFAULT '',
    consent_given   INTEGER NOT NULL DEFAULT 0,
    consent_at      TEXT,
    consent_method  TEXT NOT NULL DEFAULT '',
    consent_by      TEXT NOT NULL DEFAULT '',
    consent_wording TEXT NOT NULL DEFAULT '',
    opt_out_at      TEXT,
    opt_out_via     TEXT NOT NULL DEFAULT '',
    caljobs_id      TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'new',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    -- search keys, kept by the store: folded "first last", "last first",
    -- national phone digits and the same reversed (for "last four digits").
    name_key        TEXT NOT NULL COLLATE NOCASE,
    name_key_rev    TEXT NOT NULL COLLATE NOCASE,
    phone_national  TEXT COLLATE NOCASE,
    phone_rev       TEXT COLLATE NOCASE
);
CREATE INDEX participants_name_key ON participants(name_key);
CREATE INDEX participants_name_key_rev ON participants(name_key_rev);
CREATE INDEX participants_phone ON participants(phone);
CREATE INDEX participants_phone_national ON participants(phone_national);
CREATE INDEX participants_phone_rev ON participants(phone_rev);
CREATE INDEX participants_email ON participants(email);
CREATE INDEX participants_site ON participants(site_id, id);
CREATE INDEX participants_updated ON participants(updated_at);

CREATE TABLE events (
    id           INTEGER PRIMARY KEY,
    site_id      INTEGER NOT NULL REFERENCES sites(id),
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    start_at     TEXT NOT NULL,
    end_at       TEXT NOT NULL,
    location     TEXT NOT NULL DEFAULT '',
    virtual_link TEXT NOT NULL DEFAULT '',
    capacity     INTEGER NOT NULL DEFAULT 0,
    facilitator  TEXT NOT NULL DEFAULT '',
    language     TEXT NOT NULL DEFAULT 'en',
    cancelled    INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    CHECK (end_at > start_at)
);
CREATE INDEX events_site_start ON events(site_id, start_at);
CREATE INDEX events_start ON events(start_at);

CREATE TABLE registrations (
    event_id       INTEGER NOT NULL REFERENCES events(id),
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    at             TEXT NOT NULL,
    by             TEXT NOT NULL,
    PRIMARY KEY (event_id, participant_id)
) WITHOUT ROWID;
CREATE INDEX registrations_participant ON registrations(participant_id);

CREATE TABLE checkins (
    id             INTEGER PRIMARY KEY,
    event_id       INTEGER NOT NULL REFERENCES events(id),
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    method         TEXT NOT NULL,
    at             TEXT NOT NULL,
    by             TEXT NOT NULL,
    walk_in        INTEGER NOT NULL DEFAULT 0,
    undone_at      TEXT,
    undone_by      TEXT NOT NULL DEFAULT ''
);
-- one active check-in per person and event; undone ones stay on record
CREATE UNIQUE INDEX checkins_active ON checkins(event_id, participant_id) WHERE undone_at IS NULL;
CREATE INDEX checkins_event ON checkins(event_id, at);
CREATE INDEX checkins_participant ON checkins(participant_id, at);
CREATE INDEX checkins_at ON checkins(at);
CREATE TRIGGER checkins_never_deleted BEFORE DELETE ON checkins
BEGIN SELECT RAISE(ABORT, 'check-ins are never deleted; undo them instead'); END;

CREATE TABLE visits (
    id             INTEGER PRIMARY KEY,
    site_id        INTEGER NOT NULL REFERENCES sites(id),
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    reason         TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    at             TEXT NOT NULL,
    by             TEXT NOT NULL,
    undone_at      TEXT,
    undone_by      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX visits_participant ON visits(participant_id, site_id, reason, at);
CREATE INDEX visits_site_at ON visits(site_id, at);
CREATE TRIGGER visits_never_deleted BEFORE DELETE ON visits
BEGIN SELECT RAISE(ABORT, 'visits are never deleted; undo them instead'); END;

CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL DEFAULT '',
    ref    TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
