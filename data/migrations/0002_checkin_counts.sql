-- Live counts at the desk read only this index: how many people are checked
-- in to an event, and how many of them walked in (undone_at is in the index
-- so that it covers the query).
CREATE INDEX checkins_event_walkin ON checkins(event_id, walk_in, undone_at) WHERE undone_at IS NULL;
