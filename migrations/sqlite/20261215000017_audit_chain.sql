-- Issue 15 §5 and §7: guessing counted per person; the audit log as a hash chain.

-- Failed logins are counted per subject (one person: ticket and ID-card number alike; one
-- staff account, whatever the username's case), not per typed text.
ALTER TABLE login_attempts ADD COLUMN subject TEXT;
CREATE INDEX login_attempts_by_subject ON login_attempts (subject, at);

-- Each event carries the previous event's hash and its own (SHA-256 over the canonical form
-- defined in question-bank's audit_chain module). Existing rows are chained by the server
-- right after migrating (SQLite has no SHA-256 in SQL, and the canonical form is defined
-- once, in Rust): the trigger below lets an unchained row receive its two hashes once, and
-- nothing else.
ALTER TABLE audit_events ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_events ADD COLUMN hash TEXT;
CREATE INDEX audit_events_by_entity ON audit_events (entity, entity_id);
CREATE INDEX audit_events_by_action ON audit_events (action);

-- The chain's head: one row, updated in the same transaction as every append, which
-- serializes appends (and lets the verifier notice a removed last event).
CREATE TABLE audit_chain_head (
    id        BIGINT PRIMARY KEY CHECK (id = 1),
    last_id   BIGINT NOT NULL,
    last_hash TEXT   NOT NULL
);
INSERT INTO audit_chain_head (id, last_id, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

DROP TRIGGER audit_events_no_update;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
WHEN OLD.hash IS NOT NULL
  OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.actor_user_id IS NOT OLD.actor_user_id
  OR NEW.actor IS NOT OLD.actor OR NEW.jurisdiction_id IS NOT OLD.jurisdiction_id
  OR NEW.action IS NOT OLD.action OR NEW.entity IS NOT OLD.entity
  OR NEW.entity_id IS NOT OLD.entity_id OR NEW.reason IS NOT OLD.reason
  OR NEW.detail IS NOT OLD.detail
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
