-- Papers before the bell (issue 20): when a drawn sitting opens, and from then on by the
-- jobs loop for anyone enrolled later, each candidate's paper is drawn here ahead of time.
-- Starting copies it into the new attempt's paper_items in one statement. A prepared paper
-- is not an attempt: nothing reads it but the start, and nothing here counts as begun.
CREATE TABLE prepared_papers (
    candidate_id BIGINT NOT NULL PRIMARY KEY REFERENCES candidates (id),
    paper_seed   BIGINT NOT NULL,
    -- The person's newest attempt when the paper was drawn (0: none). The draw avoided the
    -- questions of those attempts, so the paper is used only if the person began nothing
    -- since: then drawing it again for an audit gives the same paper.
    seen_through BIGINT NOT NULL,
    prepared_at  BIGINT NOT NULL
);

-- A prepared paper's items, as paper_items holds an attempt's.
CREATE TABLE prepared_items (
    candidate_id BIGINT NOT NULL REFERENCES prepared_papers (candidate_id),
    position     BIGINT NOT NULL,
    question_id  BIGINT NOT NULL REFERENCES questions (id),
    points       BIGINT NOT NULL CHECK (points > 0),
    section      BIGINT NOT NULL DEFAULT 0,
    option_order TEXT   NOT NULL DEFAULT '[]',
    PRIMARY KEY (candidate_id, position)
);

-- The start and the preparation look up a person's attempts across sittings.
CREATE INDEX candidates_by_person ON candidates (person_id);
