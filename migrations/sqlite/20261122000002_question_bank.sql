-- The question bank (issue 3): banks, tags, paragraph citations, and staged imports.
ALTER TABLE questions ADD COLUMN bank TEXT NOT NULL DEFAULT 'common'
    CHECK (bank IN ('common', 'npc', 'government', 'supervision', 'court', 'procuratorate'));
ALTER TABLE questions ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
ALTER TABLE questions ADD COLUMN paragraph BIGINT;
CREATE INDEX questions_by_bank ON questions (jurisdiction_id, bank, law_id);

-- An uploaded file, parsed and checked, waiting for staff to commit it (all or nothing).
CREATE TABLE import_batches (
    id              INTEGER PRIMARY KEY,
    jurisdiction_id BIGINT NOT NULL REFERENCES jurisdictions (id),
    created_by      BIGINT NOT NULL REFERENCES users (id),
    created_at      BIGINT NOT NULL,
    file_name       TEXT   NOT NULL,
    -- the preview shown to staff (JSON)
    report          TEXT   NOT NULL,
    -- the rows that will be added, in the project's JSON format
    questions       TEXT   NOT NULL,
    committed_at    BIGINT
);
