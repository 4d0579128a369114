-- An import's changes to people already on file are kept here while it
-- runs, a short transaction at a time, instead of being written in the one
-- transaction that publishes it: 20,000 changed people held the write lock
-- for 2 s there. Publishing checks that nobody changed the same details of
-- those people since the import read them (base) and deletes the import's
-- pending mark, which makes the changes committed; they are then written into
-- participant_rows a short transaction at a time (data/importchanges.go),
-- by the program that published them or, if it was stopped, by the next
-- program that opens the file. A change whose import is still pending is
-- the import's own, removed with its hidden rows when it is abandoned.
CREATE TABLE participant_changes (
    id              INTEGER PRIMARY KEY,
    import_id       INTEGER NOT NULL,
    participant_id  INTEGER NOT NULL REFERENCES participant_rows(id),
    base_updated_at TEXT NOT NULL, -- the participant's updated_at when the import first changed them
    base            TEXT NOT NULL, -- the participant then (JSON)
    version         TEXT NOT NULL, -- the participant as the import leaves them (JSON)
    UNIQUE (participant_id, import_id)
);
CREATE INDEX participant_changes_import ON participant_changes(import_id, id);
