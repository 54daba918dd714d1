-- Issue 15 §5 and §7: guessing counted per person; the audit log as a hash chain.

-- Failed logins are counted per subject (one person: ticket and ID-card number alike; one
-- staff account, whatever the username's case), not per typed text.
ALTER TABLE login_attempts ADD COLUMN subject TEXT;
CREATE INDEX login_attempts_by_subject ON login_attempts (subject, at);

-- Each event carries the previous event's hash and its own (SHA-256 over the canonical form
-- defined in question-bank's audit_chain module). Existing rows are chained by the server
-- right after migrating (the canonical form is defined once, in Rust, and SQLite has no
-- SHA-256 in SQL): the trigger lets an unchained row receive its two hashes once, and
-- nothing else.
ALTER TABLE audit_events ADD COLUMN prev_hash TEXT, ADD COLUMN hash TEXT;
CREATE INDEX audit_events_by_entity ON audit_events (entity, entity_id);
CREATE INDEX audit_events_by_action ON audit_events (action);

-- The chain's head: one row, locked by every append in the transaction of its change, which
-- serializes appends (and lets the verifier notice a removed last event).
CREATE TABLE audit_chain_head (
    id        BIGINT PRIMARY KEY CHECK (id = 1),
    last_id   BIGINT NOT NULL,
    last_hash TEXT   NOT NULL
);
INSERT INTO audit_chain_head (id, last_id, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.hash IS NULL
       AND (NEW.id, NEW.at, NEW.actor_user_id, NEW.actor, NEW.jurisdiction_id, NEW.action,
            NEW.entity, NEW.entity_id, NEW.reason, NEW.detail)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.at, OLD.actor_user_id, OLD.actor, OLD.jurisdiction_id, OLD.action,
            OLD.entity, OLD.entity_id, OLD.reason, OLD.detail) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_events is append-only';
END;
$$;
