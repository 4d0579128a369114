-- A check-in writes one index fewer (one page fewer in each commit's log).
-- Every query of an event's check-ins asks for the active ones (undone_at IS
-- NULL): the desk's list, a person's check-in there, the report's attended
-- and walk-in lists. checkins_active (event_id, participant_id) WHERE
-- undone_at IS NULL finds them by event, so checkins_event (event_id, at)
-- had no reader of its own; an event's list is sorted by time after it is
-- read (tens to hundreds of rows).
DROP INDEX checkins_event;
