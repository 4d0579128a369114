-- Live counts at the desk read only this index: how many people are checked
-- in to an event, and how many of them walked in.
CREATE INDEX checkins_event_walkin ON checkins(event_id, walk_in) WHERE undone_at IS NULL;
