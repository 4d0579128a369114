-- The WIOA performance preview (app/wioa.go) reads, on an exit, one of
-- TEGL 10-16's other reasons for exit (exit_exclusion, '' for none), whether
-- the person was in an education or training program (in_training), and a
-- credential attained (its type, '' for none, and its day); on a quarter's
-- follow-up form, the quarter's earnings when known (cents, 0 when not).
ALTER TABLE followup_cases ADD COLUMN exit_exclusion TEXT NOT NULL DEFAULT '';
ALTER TABLE followup_cases ADD COLUMN in_training INTEGER NOT NULL DEFAULT 0;
ALTER TABLE followup_cases ADD COLUMN credential_type TEXT NOT NULL DEFAULT '';
ALTER TABLE followup_cases ADD COLUMN credential_date TEXT;
ALTER TABLE followup_forms ADD COLUMN quarter_earnings_cents INTEGER NOT NULL DEFAULT 0;
-- an exit cohort is read by its exit days
CREATE INDEX followup_cases_exit ON followup_cases(exit_date) WHERE exit_date IS NOT NULL;
