-- Imports write their new participants in short transactions, hidden until
-- the import is published in one more short transaction, so a big import
-- never holds the write lock for long and is still all-or-nothing.
--
-- The rows live in participant_rows (the table that was participants; the
-- other tables' references follow the rename). participants is now a view
-- of the rows every reader may see: those of no import, and those of an
-- import no longer pending. Publishing deletes the pending_imports row; an
-- import that failed or was killed leaves rows no one sees, removed by the
-- next import (data/imports.go).
ALTER TABLE participants RENAME TO participant_rows;
ALTER TABLE participant_rows ADD COLUMN import_id INTEGER;
CREATE INDEX participant_rows_import ON participant_rows(import_id) WHERE import_id IS NOT NULL;
-- counts by site (and of everyone) still read only an index
DROP INDEX participants_site;
CREATE INDEX participants_site ON participant_rows(site_id, id, import_id);

CREATE TABLE pending_imports (
    id           INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: published rows keep theirs
    started_at   TEXT NOT NULL,
    heartbeat_at TEXT NOT NULL  -- each chunk's commit; a stale one was killed
);

CREATE VIEW participants AS
    SELECT * FROM participant_rows
    WHERE import_id IS NULL OR import_id NOT IN (SELECT id FROM pending_imports);

-- Statements written for the table keep working on the view.
CREATE TRIGGER participants_update INSTEAD OF UPDATE ON participants BEGIN
    UPDATE participant_rows SET code=NEW.code, site_id=NEW.site_id, first_name=NEW.first_name,
        last_name=NEW.last_name, phone=NEW.phone, email=NEW.email, language=NEW.language, zip=NEW.zip,
        consent_given=NEW.consent_given, consent_at=NEW.consent_at, consent_method=NEW.consent_method,
        consent_by=NEW.consent_by, consent_wording=NEW.consent_wording, opt_out_at=NEW.opt_out_at,
        opt_out_via=NEW.opt_out_via, caljobs_id=NEW.caljobs_id, status=NEW.status,
        created_at=NEW.created_at, updated_at=NEW.updated_at, name_key=NEW.name_key,
        name_key_rev=NEW.name_key_rev, phone_national=NEW.phone_national, phone_rev=NEW.phone_rev
    WHERE id=OLD.id;
END;
