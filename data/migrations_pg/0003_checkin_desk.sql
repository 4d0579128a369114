-- Schema 15 of the SQLite file: each check-in names the desk it was made at.
ALTER TABLE checkins ADD COLUMN desk TEXT COLLATE "C" NOT NULL DEFAULT '';
