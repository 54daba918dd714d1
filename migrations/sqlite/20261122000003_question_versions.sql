-- Question versions: editing an active question writes a new version and retires the old
-- one, which papers that drew it keep pointing to.
ALTER TABLE questions ADD COLUMN lineage_id BIGINT;
ALTER TABLE questions ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE questions ADD COLUMN superseded_by BIGINT;
CREATE INDEX questions_by_lineage ON questions (lineage_id);
