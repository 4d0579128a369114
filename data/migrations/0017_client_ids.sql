-- A check-in or visit made on a desk's local copy while the center server
-- could not be reached gets an id of the desk's making (client_id), kept
-- when it is sent: an undo pressed after the desk is back online finds it
-- by that id, whatever id the server gave it. Rows made online have none.
ALTER TABLE checkins ADD COLUMN client_id TEXT;
CREATE UNIQUE INDEX checkins_client ON checkins(client_id) WHERE client_id IS NOT NULL;
ALTER TABLE visits ADD COLUMN client_id TEXT;
CREATE UNIQUE INDEX visits_client ON visits(client_id) WHERE client_id IS NOT NULL;
