-- Administration in the browser (issue 21 §1): a district can be deactivated. Its records
-- stay; its accounts are disabled in the same change, so its staff can no longer log in.
ALTER TABLE jurisdictions ADD COLUMN active BIGINT NOT NULL DEFAULT 1;
