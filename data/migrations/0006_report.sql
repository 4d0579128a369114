-- The director report (issue 7) counts over date ranges. Check-ins are
-- counted by the time they were made: the index on their time now also
-- holds what the counts need (event, participant, whether undone), so a
-- year of check-ins is read from the index alone. It replaces the plain
-- index on the time rather than adding one, so a check-in writes no more
-- index entries than before. Follow-up contacts are counted by due day.
DROP INDEX checkins_at;
CREATE INDEX checkins_at ON checkins(at, event_id, participant_id, undone_at);
CREATE INDEX followup_contacts_day ON followup_contacts(due);
