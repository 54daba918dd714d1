-- Results (issue 6): publishing a sitting's results, and the pass records it makes.

-- 多选题计分: "all" (all right or nothing) or "partial:N" (only right options, not all: N%).
ALTER TABLE sittings ADD COLUMN multi_choice_policy TEXT NOT NULL DEFAULT 'all';

-- Set once, when staff publish: before it no candidate sees a score, key or explanation.
ALTER TABLE sittings ADD COLUMN results_published_at BIGINT;

-- A passed, published paper: what the appointment workflow checks (本届内有效).
CREATE TABLE pass_records (
    id           INTEGER PRIMARY KEY,
    person_id    BIGINT NOT NULL REFERENCES people (id),
    attempt_id   BIGINT NOT NULL UNIQUE REFERENCES attempts (id),
    sitting_id   BIGINT NOT NULL REFERENCES sittings (id),
    score        BIGINT NOT NULL,
    possible     BIGINT NOT NULL,
    passed_at    BIGINT NOT NULL,
    valid_until  BIGINT NOT NULL,
    published_at BIGINT NOT NULL
);
CREATE INDEX pass_records_by_person ON pass_records (person_id, valid_until);

-- The end of the congress term (届满), per jurisdiction: a pass counts until then.
ALTER TABLE jurisdiction_rules ADD COLUMN term_ends_at BIGINT;

-- 复核: a candidate's request to re-check a published result, and the reviewer's decision.
-- The outcome follows from the score then and now (a correction is a regrade).
CREATE TABLE appeals (
    id              INTEGER PRIMARY KEY,
    candidate_id    BIGINT NOT NULL REFERENCES candidates (id),
    filed_at        BIGINT NOT NULL,
    reason          TEXT   NOT NULL,
    score_at_filing BIGINT,
    decided_at      BIGINT,
    decided_by      TEXT,
    outcome         TEXT CHECK (outcome IN ('upheld', 'corrected')),
    response        TEXT,
    score_after     BIGINT
);
CREATE INDEX appeals_by_candidate ON appeals (candidate_id);
