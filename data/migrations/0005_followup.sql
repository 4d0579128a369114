-- Job-retention follow-up (seed 004): a case per participant (job, exit,
-- case manager, schedule), the participant's status changes, the scheduled
-- contacts, the contact log and the quarter-end follow-up forms. Dates are
-- 'YYYY-MM-DD' (the site's local calendar day); instants are UTC text.
-- Status changes, attempts and forms are never deleted; a scheduled contact
-- is deleted only when its schedule changes and nothing was logged on it.

CREATE TABLE followup_cases (
    participant_id   INTEGER PRIMARY KEY REFERENCES participants(id),
    case_manager_id  INTEGER REFERENCES staff(id),
    template_key     TEXT NOT NULL DEFAULT '',
    employment_start TEXT,                     -- NULL: no job recorded
    employer         TEXT NOT NULL DEFAULT '',
    job_title        TEXT NOT NULL DEFAULT '',
    wage_cents       INTEGER NOT NULL DEFAULT 0,  -- hourly
    hours_per_week   REAL NOT NULL DEFAULT 0,
    exit_date        TEXT,                     -- NULL: not exited
    exit_reason      TEXT NOT NULL DEFAULT '',
    updated_at       TEXT NOT NULL,
    updated_by       TEXT NOT NULL,
    CHECK (exit_date IS NULL OR employment_start IS NULL OR exit_date >= employment_start)
);
CREATE INDEX followup_cases_manager ON followup_cases(case_manager_id);

CREATE TABLE status_changes (
    id             INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    from_status    TEXT NOT NULL,
    to_status      TEXT NOT NULL,
    at             TEXT NOT NULL,
    by             TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX status_changes_participant ON status_changes(participant_id, id);
CREATE TRIGGER status_changes_never_deleted BEFORE DELETE ON status_changes
BEGIN SELECT RAISE(ABORT, 'status changes are never deleted'); END;

CREATE TABLE followup_contacts (
    id             INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    key            TEXT NOT NULL,              -- app.PlannedContact.Key
    kind           TEXT NOT NULL,              -- contact, form
    label          TEXT NOT NULL,
    quarter        INTEGER NOT NULL DEFAULT 0, -- quarter after exit; 0 none
    window_start   TEXT NOT NULL,
    due            TEXT NOT NULL,
    status         TEXT NOT NULL,              -- open, done, non_responsive
    attempts       INTEGER NOT NULL DEFAULT 0, -- failed attempts
    done_on        TEXT,
    done_by        TEXT NOT NULL DEFAULT '',
    UNIQUE (participant_id, key),
    CHECK (kind IN ('contact', 'form')),
    CHECK (status IN ('open', 'done', 'non_responsive')),
    CHECK (due >= window_start)
);
CREATE INDEX followup_contacts_due ON followup_contacts(status, due);

CREATE TABLE followup_attempts (
    id             INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    contact_id     INTEGER REFERENCES followup_contacts(id),
    day            TEXT NOT NULL,
    staff          TEXT NOT NULL,
    method         TEXT NOT NULL,
    outcome        TEXT NOT NULL,
    still_employed TEXT NOT NULL DEFAULT '',
    employer       TEXT NOT NULL DEFAULT '',
    wage_cents     INTEGER NOT NULL DEFAULT 0,
    document       TEXT NOT NULL DEFAULT '',
    notes          TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL
);
CREATE INDEX followup_attempts_participant ON followup_attempts(participant_id, day);
CREATE INDEX followup_attempts_contact ON followup_attempts(contact_id);
CREATE TRIGGER followup_attempts_never_deleted BEFORE DELETE ON followup_attempts
BEGIN SELECT RAISE(ABORT, 'the contact log is never deleted'); END;

CREATE TABLE followup_forms (
    id             INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    contact_id     INTEGER REFERENCES followup_contacts(id),
    quarter        INTEGER NOT NULL,
    day            TEXT NOT NULL,
    staff          TEXT NOT NULL,
    employed       TEXT NOT NULL,              -- yes, no
    employer       TEXT NOT NULL DEFAULT '',
    job_title      TEXT NOT NULL DEFAULT '',
    wage_cents     INTEGER NOT NULL DEFAULT 0,
    hours_per_week REAL NOT NULL DEFAULT 0,
    document       TEXT NOT NULL DEFAULT '',
    notes          TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL
);
CREATE INDEX followup_forms_participant ON followup_forms(participant_id, quarter);
CREATE INDEX followup_forms_contact ON followup_forms(contact_id);
CREATE TRIGGER followup_forms_never_deleted BEFORE DELETE ON followup_forms
BEGIN SELECT RAISE(ABORT, 'follow-up forms are never deleted'); END;

-- templates an administrator defines; the built-in ones live in the program
CREATE TABLE followup_templates (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    rules      TEXT NOT NULL,                  -- JSON array of app.FollowupRule
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);
