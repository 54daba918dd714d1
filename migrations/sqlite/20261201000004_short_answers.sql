-- Short answers (简答题): a fourth kind, with marking points; and the questions an import
-- revises.
--
-- SQLite cannot alter a CHECK constraint, so `questions` is rebuilt. Migrations run inside a
-- transaction, where foreign keys cannot be switched off, so its two child tables (leaves:
-- nothing references them) are rebuilt with it: new tables first, rows copied, the old ones
-- dropped children first, then the new ones renamed (renaming `questions_new` rewrites the
-- children's references to `questions`). Every id is kept; all or nothing.
CREATE TABLE questions_new (
    id              INTEGER PRIMARY KEY,
    jurisdiction_id BIGINT NOT NULL REFERENCES jurisdictions (id),
    kind            TEXT   NOT NULL CHECK (kind IN ('single_choice', 'multiple_choice', 'true_false', 'short_answer')),
    stem            TEXT   NOT NULL,
    options         TEXT   NOT NULL,
    answer_key      TEXT   NOT NULL,
    explanation     TEXT   NOT NULL,
    difficulty      BIGINT NOT NULL CHECK (difficulty BETWEEN 1 AND 5),
    law_id          TEXT   NOT NULL,
    article         BIGINT NOT NULL,
    status          TEXT   NOT NULL DEFAULT 'active' CHECK (status IN ('draft', 'active', 'retired')),
    created_by      BIGINT REFERENCES users (id),
    created_at      BIGINT NOT NULL,
    bank            TEXT   NOT NULL DEFAULT 'common'
        CHECK (bank IN ('common', 'npc', 'government', 'supervision', 'court', 'procuratorate')),
    tags            TEXT   NOT NULL DEFAULT '[]',
    paragraph       BIGINT,
    lineage_id      BIGINT,
    version         BIGINT NOT NULL DEFAULT 1,
    superseded_by   BIGINT,
    marking_points  TEXT   NOT NULL DEFAULT '[]'
);
INSERT INTO questions_new (id, jurisdiction_id, kind, stem, options, answer_key, explanation,
    difficulty, law_id, article, status, created_by, created_at, bank, tags, paragraph,
    lineage_id, version, superseded_by)
SELECT id, jurisdiction_id, kind, stem, options, answer_key, explanation, difficulty, law_id,
    article, status, created_by, created_at, bank, tags, paragraph, lineage_id, version,
    superseded_by
FROM questions;

CREATE TABLE sitting_questions_new (
    sitting_id  BIGINT NOT NULL REFERENCES sittings (id),
    position    BIGINT NOT NULL,
    question_id BIGINT NOT NULL REFERENCES questions_new (id),
    points      BIGINT NOT NULL CHECK (points > 0),
    PRIMARY KEY (sitting_id, position),
    UNIQUE (sitting_id, question_id)
);
INSERT INTO sitting_questions_new (sitting_id, position, question_id, points)
SELECT sitting_id, position, question_id, points FROM sitting_questions;

CREATE TABLE answers_new (
    attempt_id  BIGINT NOT NULL REFERENCES attempts (id),
    question_id BIGINT NOT NULL REFERENCES questions_new (id),
    response    TEXT   NOT NULL,
    -- the attempt-wide sequence number of the save that wrote this row; only a higher one replaces it
    seq         BIGINT NOT NULL,
    saved_at    BIGINT NOT NULL,
    PRIMARY KEY (attempt_id, question_id)
);
INSERT INTO answers_new (attempt_id, question_id, response, seq, saved_at)
SELECT attempt_id, question_id, response, seq, saved_at FROM answers;

DROP TABLE answers;
DROP TABLE sitting_questions;
DROP TABLE questions;
ALTER TABLE questions_new RENAME TO questions;
ALTER TABLE sitting_questions_new RENAME TO sitting_questions;
ALTER TABLE answers_new RENAME TO answers;
CREATE INDEX questions_by_jurisdiction ON questions (jurisdiction_id, status);
CREATE INDEX questions_by_bank ON questions (jurisdiction_id, bank, law_id);
CREATE INDEX questions_by_lineage ON questions (lineage_id);

-- What a committed import revises: [{"row", "id", "question"}], the question in the JSON format.
ALTER TABLE import_batches ADD COLUMN revisions TEXT NOT NULL DEFAULT '[]';
