-- Measured difficulty and law versions (issue 17 §3).

-- The version (date) of the law's text each question was written against: existing questions
-- were written against the shipped texts (question_bank::laws::LAWS[].version); new, edited and
-- imported ones get the law's current version (the latest in statute_versions, else the shipped
-- one). A question citing an article that a newer text changed, renumbered or removed is held
-- for review: left out of every paper and of practice until a person confirms or revises it.
ALTER TABLE questions ADD COLUMN law_version TEXT NOT NULL DEFAULT '';
UPDATE questions SET law_version = CASE law_id
    WHEN 'constitution' THEN '2018-03-11'
    WHEN 'local-organic-law' THEN '2022-03-11'
    WHEN 'supervision-by-standing-committees-law' THEN '2024-11-08'
    WHEN 'deputies-law' THEN '2025-03-11'
    WHEN 'electoral-law' THEN '2020-10-17'
    WHEN 'supervision-law' THEN '2024-12-25'
    WHEN 'legislation-law' THEN '2023-03-13'
    WHEN 'civil-servants-law' THEN '2018-12-29'
    WHEN 'judges-law' THEN '2019-04-23'
    WHEN 'procurators-law' THEN '2019-04-23'
    WHEN 'peoples-courts-organic-law' THEN '2018-10-26'
    WHEN 'peoples-procuratorates-organic-law' THEN '2018-10-26'
    WHEN 'public-officials-sanctions-law' THEN '2020-06-20'
    WHEN 'supervisors-law' THEN '2021-08-20'
    WHEN 'state-compensation-law' THEN '2012-10-26'
    WHEN 'budget-law' THEN '2018-12-29'
    WHEN 'administrative-penalty-law' THEN '2021-01-22'
    WHEN 'administrative-licensing-law' THEN '2019-04-23'
    WHEN 'administrative-compulsion-law' THEN '2011-06-30'
    WHEN 'administrative-reconsideration-law' THEN '2023-09-01'
    WHEN 'administrative-litigation-law' THEN '2017-06-27'
    WHEN 'chongqing-appointment-regulation' THEN '2022-06-10'
    WHEN 'chongqing-oath-measures' THEN '2018-09-29'
    WHEN 'npc-organic-law' THEN '2021-03-11'
    WHEN 'npc-procedure-rules' THEN '2021-03-11'
    WHEN 'npcsc-procedure-rules' THEN '2022-06-24'
    WHEN 'state-council-organic-law' THEN '2024-03-11'
    WHEN 'people-assessors-law' THEN '2018-04-27'
    WHEN 'criminal-procedure-law' THEN '2018-10-26'
    WHEN 'civil-procedure-law' THEN '2023-09-01'
    WHEN 'state-secrets-law' THEN '2024-02-27'
    WHEN 'national-security-law' THEN '2015-07-01'
    WHEN 'chongqing-npcsc-procedure-rules' THEN '2023-03-30'
    ELSE '' END;
ALTER TABLE questions ADD COLUMN needs_review BIGINT NOT NULL DEFAULT 0;
CREATE INDEX questions_needing_review ON questions (needs_review, law_id);

-- Newer texts of the laws, loaded by staff or `renqian load-statute`; the shipped texts are the
-- baseline. The text in force is the latest version.
CREATE TABLE statute_versions (
    law_id    TEXT   NOT NULL,
    version   TEXT   NOT NULL,
    text      TEXT   NOT NULL,
    loaded_at BIGINT NOT NULL,
    -- how many questions it held for review, and the changes (JSON), for the record
    flagged   BIGINT NOT NULL,
    changes   TEXT   NOT NULL,
    PRIMARY KEY (law_id, version)
);

-- Each question's statistics from one published sitting (question_bank::analysis), stored at
-- publication: per mille, so both databases keep exact integers.
CREATE TABLE question_measures (
    sitting_id              BIGINT NOT NULL REFERENCES sittings (id),
    question_id             BIGINT NOT NULL REFERENCES questions (id),
    lineage_id              BIGINT NOT NULL,
    answered_by             BIGINT NOT NULL,
    facility_permille       BIGINT NOT NULL,
    discrimination_permille BIGINT,
    PRIMARY KEY (sitting_id, question_id)
);
CREATE INDEX question_measures_by_lineage ON question_measures (lineage_id);
