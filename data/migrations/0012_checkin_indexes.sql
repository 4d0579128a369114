-- A check-in writes one index fewer. The live counts at the desk and the
-- director report's per-event figures read event_counts (migration 0010),
-- kept by triggers, so checkins_event_walkin (migration 0002), which only
-- those counts read, is no longer needed. Every other index of checkins has
-- a reader: checkins_active (one active check-in per person and event, and
-- looking one up), checkins_event (an event's check-ins in order),
-- checkins_participant (a person's visits) and checkins_at (the report's
-- date range).
DROP INDEX checkins_event_walkin;
