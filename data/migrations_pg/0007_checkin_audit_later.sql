-- A check-in of someone on file is recorded without the center's write
-- lock and without its audit records, which join the chain moments later,
-- under the lock, before any record appended after them (RecordCheckIn,
-- SettleAudit). audit_later marks the check-ins whose records follow (1;
-- 2 when the check-in also made the person oriented) until they are in
-- the chain; the index finds them. Every check-in before this schema was
-- audited with it.
ALTER TABLE checkins ADD COLUMN audit_later INTEGER NOT NULL DEFAULT 0;
CREATE INDEX checkins_audit_later ON checkins(id) WHERE audit_later <> 0;
