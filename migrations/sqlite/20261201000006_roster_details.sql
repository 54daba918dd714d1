-- Enrolment from a roster (issue 4): what the nomination says of each candidate.
ALTER TABLE candidates ADD COLUMN employer TEXT NOT NULL DEFAULT '';
ALTER TABLE candidates ADD COLUMN proposed_post TEXT NOT NULL DEFAULT '';
ALTER TABLE candidates ADD COLUMN nominating_body TEXT NOT NULL DEFAULT '';
-- The bank of the nominee's system, when the roster gives it.
ALTER TABLE candidates ADD COLUMN bank TEXT;
