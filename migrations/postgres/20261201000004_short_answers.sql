-- Short answers (简答题): a fourth kind, with marking points; and the questions an import
-- revises.
ALTER TABLE questions DROP CONSTRAINT questions_kind_check;
ALTER TABLE questions ADD CONSTRAINT questions_kind_check
    CHECK (kind IN ('single_choice', 'multiple_choice', 'true_false', 'short_answer'));
ALTER TABLE questions ADD COLUMN marking_points TEXT NOT NULL DEFAULT '[]';

-- What a committed import revises: [{"row", "id", "question"}], the question in the JSON format.
ALTER TABLE import_batches ADD COLUMN revisions TEXT NOT NULL DEFAULT '[]';
