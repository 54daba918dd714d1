-- 迟到限制 (issue 4): minutes after the opening within which a candidate may still begin;
-- NULL for no limit.
ALTER TABLE sittings ADD COLUMN late_entry_minutes BIGINT;
