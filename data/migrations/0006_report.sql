-- The director report (issue 7) counts over date ranges. Check-ins are
-- counted by the time they were made: this partial index holds only the
-- active ones with what the counts need, so a year of check-ins is read
-- from the index alone (undone_at is in it so that it covers the queries,
-- as in checkins_event_walkin). Follow-up contacts are counted by due day.
CREATE INDEX checkins_active_at ON checkins(at, event_id, participant_id, undone_at) WHERE undone_at IS NULL;
CREATE INDEX followup_contacts_day ON followup_contacts(due);
