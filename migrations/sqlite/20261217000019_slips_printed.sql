-- Slips for everyone (issue 19 item 1): when staff last opened the printable admission slip
-- for a candidate's current access code. A new code clears it: the old slip is stale.
ALTER TABLE candidates ADD COLUMN slip_printed_at BIGINT;
