-- Sitting states and local rules (issue 4).

-- A sitting's state: draft -> scheduled -> open -> closed -> archived, changed by staff and
-- audited. Sittings from before had no state: they were open during their window, so they
-- keep what that meant (open from half an hour before the opening, closed after the close).
ALTER TABLE sittings ADD COLUMN state TEXT NOT NULL DEFAULT 'draft'
    CHECK (state IN ('draft', 'scheduled', 'open', 'closed', 'archived'));
ALTER TABLE sittings ADD COLUMN opened_at BIGINT;
ALTER TABLE sittings ADD COLUMN closed_at BIGINT;
UPDATE sittings SET state = CASE
    WHEN closes_at <= CAST(EXTRACT(EPOCH FROM now()) * 1000 AS BIGINT) THEN 'closed'
    WHEN opens_at - 1800000 <= CAST(EXTRACT(EPOCH FROM now()) * 1000 AS BIGINT) THEN 'open'
    ELSE 'scheduled' END;
UPDATE sittings SET opened_at = opens_at WHERE state IN ('open', 'closed');
UPDATE sittings SET closed_at = closes_at WHERE state = 'closed';

-- 补考: further sittings a person who fails may enrol in; what candidates may see after
-- publication; how the papers are made.
ALTER TABLE sittings ADD COLUMN retakes_allowed BIGINT NOT NULL DEFAULT 1;
ALTER TABLE sittings ADD COLUMN review_policy TEXT NOT NULL DEFAULT 'full'
    CHECK (review_policy IN ('score', 'answers', 'full'));
ALTER TABLE sittings ADD COLUMN paper_mode TEXT NOT NULL DEFAULT 'fixed'
    CHECK (paper_mode IN ('drawn', 'ab', 'fixed'));
UPDATE sittings SET paper_mode = 'drawn' WHERE blueprint IS NOT NULL;
-- For A/B papers: the seed both were drawn with, and the one the lot chose at the opening.
ALTER TABLE sittings ADD COLUMN paper_seed BIGINT;
ALTER TABLE sittings ADD COLUMN paper_lot TEXT CHECK (paper_lot IN ('A', 'B'));

-- A/B papers, drawn when the sitting is created; option_order as in paper_items.
CREATE TABLE sitting_papers (
    sitting_id   BIGINT NOT NULL REFERENCES sittings (id),
    label        TEXT   NOT NULL CHECK (label IN ('A', 'B')),
    position     BIGINT NOT NULL,
    question_id  BIGINT NOT NULL REFERENCES questions (id),
    points       BIGINT NOT NULL CHECK (points > 0),
    section      BIGINT NOT NULL DEFAULT 0,
    option_order TEXT   NOT NULL DEFAULT '[]',
    PRIMARY KEY (sitting_id, label, position)
);

-- Which retake (补考) since the person's last pass an enrolment is; 0 for a first sitting.
ALTER TABLE candidates ADD COLUMN retake BIGINT NOT NULL DEFAULT 0;

-- A jurisdiction's rules; one without a row follows the nearest ancestor that has one,
-- then the published defaults.
CREATE TABLE jurisdiction_rules (
    jurisdiction_id    BIGINT PRIMARY KEY REFERENCES jurisdictions (id),
    duration_minutes   BIGINT NOT NULL,
    pass_mark          BIGINT NOT NULL,
    late_entry_minutes BIGINT,
    retakes_allowed    BIGINT NOT NULL,
    review_policy      TEXT   NOT NULL,
    paper_mode         TEXT   NOT NULL,
    updated_by         BIGINT REFERENCES users (id),
    updated_at         BIGINT NOT NULL
);

-- 正式考试专用: questions kept for real sittings, never shown in practice or mock exams.
ALTER TABLE questions ADD COLUMN reserved BIGINT NOT NULL DEFAULT 0;
