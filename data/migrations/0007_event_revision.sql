-- Calendar programs (Outlook, Google Calendar) replace an event they
-- already have, matched by its UID, only when the new copy's SEQUENCE is
-- higher; otherwise they keep the old one or add a second. Every change to
-- an event (its cancelling included) counts one revision, and updated_at
-- is when the last one was made: calendar.ics writes them as SEQUENCE and
-- LAST-MODIFIED. Existing events start at revision 0, last changed when
-- they were created.
ALTER TABLE events ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
UPDATE events SET updated_at = created_at;
