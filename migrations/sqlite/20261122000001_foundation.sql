-- Foundation schema (SQLite). Instants are BIGINT milliseconds since the Unix epoch (UTC);
-- flags are 0/1 integers; JSON is stored as TEXT. Keep in step with ../postgres.

CREATE TABLE jurisdictions (
    id          INTEGER PRIMARY KEY,
    parent_id   BIGINT REFERENCES jurisdictions (id),
    code        TEXT   NOT NULL UNIQUE,
    name        TEXT   NOT NULL,
    -- '/1/' for a city, '/1/3/' for its district: a scope check is a prefix match.
    path        TEXT   NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL
);

CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    jurisdiction_id BIGINT NOT NULL REFERENCES jurisdictions (id),
    username        TEXT   NOT NULL UNIQUE,
    display_name    TEXT   NOT NULL,
    role            TEXT   NOT NULL CHECK (role IN ('admin', 'staff', 'proctor', 'grader')),
    password_hash   TEXT   NOT NULL,
    active          BIGINT NOT NULL DEFAULT 1,
    created_at      BIGINT NOT NULL
);

-- A natural person, shared by every enrolment and (later) nomination: matched by ID card.
CREATE TABLE people (
    id             INTEGER PRIMARY KEY,
    id_card_number TEXT   NOT NULL UNIQUE,
    name           TEXT   NOT NULL,
    created_at     BIGINT NOT NULL
);

CREATE TABLE questions (
    id              INTEGER PRIMARY KEY,
    jurisdiction_id BIGINT NOT NULL REFERENCES jurisdictions (id),
    kind            TEXT   NOT NULL CHECK (kind IN ('single_choice', 'multiple_choice', 'true_false')),
    stem            TEXT   NOT NULL,
    options         TEXT   NOT NULL,
    answer_key      TEXT   NOT NULL,
    explanation     TEXT   NOT NULL,
    difficulty      BIGINT NOT NULL CHECK (difficulty BETWEEN 1 AND 5),
    law_id          TEXT   NOT NULL,
    article         BIGINT NOT NULL,
    status          TEXT   NOT NULL DEFAULT 'active' CHECK (status IN ('draft', 'active', 'retired')),
    created_by      BIGINT REFERENCES users (id),
    created_at      BIGINT NOT NULL
);
CREATE INDEX questions_by_jurisdiction ON questions (jurisdiction_id, status);

CREATE TABLE sittings (
    id               INTEGER PRIMARY KEY,
    jurisdiction_id  BIGINT NOT NULL REFERENCES jurisdictions (id),
    title            TEXT   NOT NULL,
    venue            TEXT   NOT NULL,
    opens_at         BIGINT NOT NULL,
    closes_at        BIGINT NOT NULL,
    duration_minutes BIGINT NOT NULL CHECK (duration_minutes > 0),
    pass_mark        BIGINT NOT NULL,
    created_by       BIGINT REFERENCES users (id),
    created_at       BIGINT NOT NULL,
    CHECK (closes_at > opens_at)
);
CREATE INDEX sittings_by_jurisdiction ON sittings (jurisdiction_id, opens_at);

CREATE TABLE sitting_questions (
    sitting_id  BIGINT NOT NULL REFERENCES sittings (id),
    position    BIGINT NOT NULL,
    question_id BIGINT NOT NULL REFERENCES questions (id),
    points      BIGINT NOT NULL CHECK (points > 0),
    PRIMARY KEY (sitting_id, position),
    UNIQUE (sitting_id, question_id)
);

CREATE TABLE candidates (
    id               INTEGER PRIMARY KEY,
    sitting_id       BIGINT NOT NULL REFERENCES sittings (id),
    person_id        BIGINT NOT NULL REFERENCES people (id),
    seat             BIGINT NOT NULL,
    ticket_number    TEXT   NOT NULL UNIQUE,
    access_code_hash TEXT   NOT NULL,
    code_used_at     BIGINT,
    created_at       BIGINT NOT NULL,
    UNIQUE (sitting_id, person_id),
    UNIQUE (sitting_id, seat)
);

CREATE TABLE attempts (
    id              INTEGER PRIMARY KEY,
    candidate_id    BIGINT NOT NULL UNIQUE REFERENCES candidates (id),
    started_at      BIGINT NOT NULL,
    deadline_at     BIGINT NOT NULL,
    last_seq        BIGINT NOT NULL DEFAULT 0,
    last_contact_at BIGINT NOT NULL,
    finished_at     BIGINT,
    finish_reason   TEXT CHECK (finish_reason IN ('submitted', 'deadline')),
    score           BIGINT,
    possible        BIGINT,
    passed          BIGINT
);
CREATE INDEX attempts_open_by_deadline ON attempts (finished_at, deadline_at);

CREATE TABLE answers (
    attempt_id  BIGINT NOT NULL REFERENCES attempts (id),
    question_id BIGINT NOT NULL REFERENCES questions (id),
    response    TEXT   NOT NULL,
    -- the attempt-wide sequence number of the save that wrote this row; only a higher one replaces it
    seq         BIGINT NOT NULL,
    saved_at    BIGINT NOT NULL,
    PRIMARY KEY (attempt_id, question_id)
);

-- Append-only: who did what to which record, when (UTC ms) and why.
CREATE TABLE audit_events (
    id              INTEGER PRIMARY KEY,
    at              BIGINT NOT NULL,
    actor_user_id   BIGINT REFERENCES users (id),
    actor           TEXT   NOT NULL,
    jurisdiction_id BIGINT REFERENCES jurisdictions (id),
    action          TEXT   NOT NULL,
    entity          TEXT   NOT NULL,
    entity_id       TEXT   NOT NULL,
    reason          TEXT,
    detail          TEXT   NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_by_time ON audit_events (at);
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;

CREATE TABLE login_attempts (
    id        INTEGER PRIMARY KEY,
    at        BIGINT NOT NULL,
    login     TEXT   NOT NULL,
    ip        TEXT   NOT NULL,
    succeeded BIGINT NOT NULL
);
CREATE INDEX login_attempts_by_login ON login_attempts (login, at);
CREATE INDEX login_attempts_by_ip ON login_attempts (ip, at);

CREATE TABLE sessions (
    id         TEXT   PRIMARY KEY,
    data       TEXT   NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
