-- Hand marking of short answers (简答题阅卷, issue 6): blind, single or double, reconciled.

-- "single" (单评) or "double:N" (双评: a difference over N points goes to a third marker).
ALTER TABLE sittings ADD COLUMN marking_plan TEXT NOT NULL DEFAULT 'single';

-- 密封号: a handed-in paper's random code. Markers see it, never the name or the ticket.
CREATE TABLE scripts (
    attempt_id BIGINT NOT NULL PRIMARY KEY REFERENCES attempts (id),
    code       TEXT   NOT NULL UNIQUE
);

-- Every mark given: stage 1 first, 2 second (double marking), 3 reconciliation.
CREATE TABLE marks (
    attempt_id  BIGINT NOT NULL REFERENCES attempts (id),
    question_id BIGINT NOT NULL REFERENCES questions (id),
    stage       BIGINT NOT NULL CHECK (stage IN (1, 2, 3)),
    marker      TEXT   NOT NULL,
    points      BIGINT NOT NULL CHECK (points >= 0),
    comment     TEXT   NOT NULL DEFAULT '',
    marked_at   BIGINT NOT NULL,
    PRIMARY KEY (attempt_id, question_id, stage)
);

-- A short answer's final mark, once its marking is complete (none before).
ALTER TABLE paper_items ADD COLUMN marked_points BIGINT;
