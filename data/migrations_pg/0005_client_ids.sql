-- Schema 17 of the SQLite file: the desk-made ids of check-ins and visits
-- recorded offline.
ALTER TABLE checkins ADD COLUMN client_id TEXT COLLATE "C";
CREATE UNIQUE INDEX checkins_client ON checkins(client_id) WHERE client_id IS NOT NULL;
ALTER TABLE visits ADD COLUMN client_id TEXT COLLATE "C";
CREATE UNIQUE INDEX visits_client ON visits(client_id) WHERE client_id IS NOT NULL;
