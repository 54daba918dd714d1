-- Drawn papers (issue 4): a sitting either fixes its questions (sitting_questions) or keeps
-- a blueprint and a frozen pool (sitting_pool) from which each attempt draws a paper of its
-- own (paper_items). Every attempt now reads its own paper_items, fixed sittings included.

-- The blueprint's sections as JSON; NULL for a fixed paper.
ALTER TABLE sittings ADD COLUMN blueprint TEXT;
-- What every paper of the sitting holds (kept here: a drawn sitting has no fixed list).
ALTER TABLE sittings ADD COLUMN question_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sittings ADD COLUMN total_points BIGINT NOT NULL DEFAULT 0;
UPDATE sittings SET
    question_count = (SELECT COUNT(*) FROM sitting_questions sq WHERE sq.sitting_id = sittings.id),
    total_points = (SELECT CAST(COALESCE(SUM(sq.points), 0) AS BIGINT) FROM sitting_questions sq WHERE sq.sitting_id = sittings.id);

-- The question versions a drawn sitting may use, frozen when it is created, so a paper can
-- be drawn again from its seed for an audit or an appeal.
CREATE TABLE sitting_pool (
    sitting_id  BIGINT NOT NULL REFERENCES sittings (id),
    question_id BIGINT NOT NULL REFERENCES questions (id),
    PRIMARY KEY (sitting_id, question_id)
);

-- The seed an attempt's paper was drawn with (NULL for a fixed paper).
ALTER TABLE attempts ADD COLUMN paper_seed BIGINT;

-- One attempt's paper, in the order the candidate sees it. option_order[shown] is the
-- original option shown in place `shown` ('[]': as written).
CREATE TABLE paper_items (
    attempt_id   BIGINT NOT NULL REFERENCES attempts (id),
    position     BIGINT NOT NULL,
    question_id  BIGINT NOT NULL REFERENCES questions (id),
    points       BIGINT NOT NULL CHECK (points > 0),
    section      BIGINT NOT NULL DEFAULT 0,
    option_order TEXT   NOT NULL DEFAULT '[]',
    PRIMARY KEY (attempt_id, position),
    UNIQUE (attempt_id, question_id)
);
INSERT INTO paper_items (attempt_id, position, question_id, points)
SELECT a.id, sq.position, sq.question_id, sq.points
FROM attempts a JOIN candidates c ON c.id = a.candidate_id
JOIN sitting_questions sq ON sq.sitting_id = c.sitting_id;
