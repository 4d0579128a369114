-- A scan's check-in on a desk's own file is recorded without its audit
-- records, which join the chain moments later in a short transaction of
-- their own, and before any record appended after them (RecordCheckIn,
-- SettleAudit). audit_later marks the check-ins whose records follow (1;
-- 2 when the check-in also made the person oriented), and the setting
-- audit.checkins_through is the last check-in id the chain has caught up
-- with. Every check-in before this schema was audited with it.
ALTER TABLE checkins ADD COLUMN audit_later INTEGER NOT NULL DEFAULT 0;
INSERT INTO settings(key, value) SELECT 'audit.checkins_through', CAST(coalesce(max(id), 0) AS TEXT) FROM checkins;
