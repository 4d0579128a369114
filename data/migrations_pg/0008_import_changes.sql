-- An import's changes to people already on file are kept here while it
-- runs, a short transaction at a time, instead of being written in the one
-- transaction that publishes it. Publishing checks that nobody changed
-- the same details of those people since the import read them (base) and
-- deletes the import's pending mark, which makes the changes committed; they are then
-- written into participant_rows a short transaction at a time
-- (data/importchanges.go), by the program that published them or, if it
-- was stopped, by the next program that opens the store.
CREATE TABLE participant_changes (
    id              BIGSERIAL PRIMARY KEY,
    import_id       BIGINT NOT NULL,
    participant_id  BIGINT NOT NULL REFERENCES participant_rows(id),
    base_updated_at TEXT COLLATE "C" NOT NULL,
    base            TEXT NOT NULL,
    version         TEXT NOT NULL,
    UNIQUE (participant_id, import_id)
);
CREATE INDEX participant_changes_import ON participant_changes(import_id, id);
