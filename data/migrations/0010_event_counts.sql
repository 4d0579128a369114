-- The live counts shown beside an event at the desk (pre-registered,
-- checked in, walk-ins), kept per event by triggers in the same statement
-- that changes a registration or a check-in, so a check-in reads its room's
-- count from one row instead of counting the event's check-ins (a job fair
-- runs to thousands) twice in its write transaction. Only active check-ins
-- (undone_at IS NULL) count, as before; every event has its row from the
-- moment it is made.
CREATE TABLE event_counts (
    event_id   INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    registered INTEGER NOT NULL DEFAULT 0,
    checked_in INTEGER NOT NULL DEFAULT 0,
    walk_ins   INTEGER NOT NULL DEFAULT 0
);

INSERT INTO event_counts(event_id, registered, checked_in, walk_ins)
SELECT e.id,
       (SELECT count(*) FROM registrations r WHERE r.event_id = e.id),
       (SELECT count(*) FROM checkins c WHERE c.event_id = e.id AND c.undone_at IS NULL),
       (SELECT coalesce(sum(c.walk_in), 0) FROM checkins c WHERE c.event_id = e.id AND c.undone_at IS NULL)
FROM events e;

CREATE TRIGGER event_counts_event AFTER INSERT ON events
BEGIN INSERT INTO event_counts(event_id) VALUES (NEW.id); END;

CREATE TRIGGER event_counts_checkin AFTER INSERT ON checkins WHEN NEW.undone_at IS NULL
BEGIN
    UPDATE event_counts SET checked_in = checked_in + 1, walk_ins = walk_ins + NEW.walk_in WHERE event_id = NEW.event_id;
END;

CREATE TRIGGER event_counts_checkin_change AFTER UPDATE OF event_id, walk_in, undone_at ON checkins
BEGIN
    UPDATE event_counts SET checked_in = checked_in - 1, walk_ins = walk_ins - OLD.walk_in
        WHERE event_id = OLD.event_id AND OLD.undone_at IS NULL;
    UPDATE event_counts SET checked_in = checked_in + 1, walk_ins = walk_ins + NEW.walk_in
        WHERE event_id = NEW.event_id AND NEW.undone_at IS NULL;
END;

CREATE TRIGGER event_counts_checkin_gone AFTER DELETE ON checkins WHEN OLD.undone_at IS NULL
BEGIN
    UPDATE event_counts SET checked_in = checked_in - 1, walk_ins = walk_ins - OLD.walk_in WHERE event_id = OLD.event_id;
END;

CREATE TRIGGER event_counts_registration AFTER INSERT ON registrations
BEGIN
    UPDATE event_counts SET registered = registered + 1 WHERE event_id = NEW.event_id;
END;

CREATE TRIGGER event_counts_registration_change AFTER UPDATE OF event_id ON registrations
BEGIN
    UPDATE event_counts SET registered = registered - 1 WHERE event_id = OLD.event_id;
    UPDATE event_counts SET registered = registered + 1 WHERE event_id = NEW.event_id;
END;

CREATE TRIGGER event_counts_registration_gone AFTER DELETE ON registrations
BEGIN
    UPDATE event_counts SET registered = registered - 1 WHERE event_id = OLD.event_id;
END;
