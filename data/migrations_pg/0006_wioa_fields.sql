-- Schema 19 of the SQLite file: what the WIOA performance preview reads on
-- an exit (an exclusion, training, a credential) and a form's quarterly
-- earnings.
ALTER TABLE followup_cases ADD COLUMN exit_exclusion TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE followup_cases ADD COLUMN in_training BIGINT NOT NULL DEFAULT 0;
ALTER TABLE followup_cases ADD COLUMN credential_type TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE followup_cases ADD COLUMN credential_date TEXT COLLATE "C";
ALTER TABLE followup_forms ADD COLUMN quarter_earnings_cents BIGINT NOT NULL DEFAULT 0;
CREATE INDEX followup_cases_exit ON followup_cases(exit_date) WHERE exit_date IS NOT NULL;
