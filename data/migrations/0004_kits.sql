-- Kit lending (seed 001, LA County Library "Work Ready"): six-week sessions
-- with weekly events and an enrolment roster; laptop and hotspot kits with
-- their components; loans (what went out, what came back and in what
-- condition); holds queued by kit kind. Dates are 'YYYY-MM-DD' (the site's
-- local calendar day); instants are UTC text as elsewhere. Loans and holds
-- are never deleted.

CREATE TABLE sessions (
    id          INTEGER PRIMARY KEY,
    site_id     INTEGER NOT NULL REFERENCES sites(id),
    name        TEXT NOT NULL,
    start_date  TEXT NOT NULL,
    end_date    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL DEFAULT '',
    CHECK (end_date >= start_date)
);
CREATE INDEX sessions_site ON sessions(site_id, start_date);

-- the weekly events created from a session's pattern
CREATE TABLE session_events (
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    event_id   INTEGER NOT NULL UNIQUE REFERENCES events(id),
    PRIMARY KEY (session_id, event_id)
) WITHOUT ROWID;

CREATE TABLE enrolments (
    session_id     INTEGER NOT NULL REFERENCES sessions(id),
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    at             TEXT NOT NULL,
    by             TEXT NOT NULL,
    PRIMARY KEY (session_id, participant_id)
) WITHOUT ROWID;
CREATE INDEX enrolments_participant ON enrolments(participant_id);

CREATE TABLE kits (
    id            INTEGER PRIMARY KEY,
    tag           TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL,          -- laptop, hotspot, laptop_hotspot
    status        TEXT NOT NULL,          -- available, on_loan, on_hold_shelf, in_repair, lost, retired
    site_id       INTEGER NOT NULL REFERENCES sites(id),
    notes         TEXT NOT NULL DEFAULT '',
    carrier       TEXT NOT NULL DEFAULT '',
    line_number   TEXT NOT NULL DEFAULT '', -- E.164
    imei          TEXT NOT NULL DEFAULT '',
    service_state TEXT NOT NULL DEFAULT '', -- hotspots: active, suspend_requested, suspended, reactivate_requested
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX kits_imei ON kits(imei) WHERE imei <> '';
CREATE INDEX kits_site_kind_status ON kits(site_id, kind, status);
CREATE INDEX kits_status ON kits(status);

CREATE TABLE kit_components (
    id       INTEGER PRIMARY KEY,
    kit_id   INTEGER NOT NULL REFERENCES kits(id),
    position INTEGER NOT NULL,
    name     TEXT NOT NULL,
    serial   TEXT NOT NULL DEFAULT '',   -- serial number or IMEI
    required INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX kit_components_kit ON kit_components(kit_id, position);
CREATE UNIQUE INDEX kit_components_serial ON kit_components(serial) WHERE serial <> '';

CREATE TABLE loans (
    id             INTEGER PRIMARY KEY,
    kit_id         INTEGER NOT NULL REFERENCES kits(id),
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    site_id        INTEGER NOT NULL REFERENCES sites(id),
    session_id     INTEGER REFERENCES sessions(id),
    out_at         TEXT NOT NULL,
    out_by         TEXT NOT NULL,
    due_date       TEXT NOT NULL,
    renewals       INTEGER NOT NULL DEFAULT 0,
    status         TEXT NOT NULL,         -- open, partial, returned, lost
    returned_at    TEXT,
    returned_by    TEXT NOT NULL DEFAULT '',
    condition_note TEXT NOT NULL DEFAULT ''
);
-- one open (or partly returned) loan per kit
CREATE UNIQUE INDEX loans_open_kit ON loans(kit_id) WHERE status IN ('open', 'partial');
CREATE INDEX loans_kit ON loans(kit_id, out_at);
CREATE INDEX loans_participant ON loans(participant_id, status);
CREATE INDEX loans_status_due ON loans(status, due_date);
CREATE INDEX loans_out ON loans(out_at);
CREATE TRIGGER loans_never_deleted BEFORE DELETE ON loans
BEGIN SELECT RAISE(ABORT, 'loans are never deleted'); END;

-- the components that went out with a loan, and how each came back
CREATE TABLE loan_components (
    loan_id      INTEGER NOT NULL REFERENCES loans(id),
    component_id INTEGER NOT NULL REFERENCES kit_components(id),
    name         TEXT NOT NULL,
    back         INTEGER NOT NULL DEFAULT 0,
    condition    TEXT NOT NULL DEFAULT '',  -- '', ok, damaged, missing
    note         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (loan_id, component_id)
) WITHOUT ROWID;

CREATE TABLE holds (
    id             INTEGER PRIMARY KEY,
    site_id        INTEGER NOT NULL REFERENCES sites(id),
    kind           TEXT NOT NULL,
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    placed_at      TEXT NOT NULL,
    placed_by      TEXT NOT NULL,
    status         TEXT NOT NULL,         -- waiting, ready, fulfilled, cancelled
    kit_id         INTEGER REFERENCES kits(id),
    ready_at       TEXT,
    closed_at      TEXT,
    closed_by      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX holds_queue ON holds(site_id, kind, status, placed_at, id);
CREATE INDEX holds_participant ON holds(participant_id, status);
CREATE INDEX holds_kit ON holds(kit_id, status);
