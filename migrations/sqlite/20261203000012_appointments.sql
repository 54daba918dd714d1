-- From a pass record to appointment and oath (issue 7): standing committee meetings,
-- nominations with the exam gate, statement, vote, certificate, the constitutional oath and
-- later performance reports. Local rules of the chain live with each jurisdiction's rules.

-- 补考仍不合格: "block" (不得提请任命), "defer" (暂缓提请) or "withdraw" (撤回提请).
ALTER TABLE jurisdiction_rules ADD COLUMN failure_policy TEXT NOT NULL DEFAULT 'block';
-- 宪法宣誓期限: working days after the appointment.
ALTER TABLE jurisdiction_rules ADD COLUMN oath_working_days BIGINT NOT NULL DEFAULT 15;
-- 任命书署名: the chair in whose name certificates are signed.
ALTER TABLE jurisdiction_rules ADD COLUMN chair_name TEXT NOT NULL DEFAULT '';
-- 常委会组成人员数: the default composition a vote and an evaluation are reckoned on.
ALTER TABLE jurisdiction_rules ADD COLUMN committee_members BIGINT NOT NULL DEFAULT 0;
-- Holidays and make-up working days (调休上班) for the oath deadline: ISO dates, one a line.
ALTER TABLE jurisdiction_rules ADD COLUMN holidays TEXT NOT NULL DEFAULT '';
ALTER TABLE jurisdiction_rules ADD COLUMN make_up_workdays TEXT NOT NULL DEFAULT '';
-- 满意度测评: how a result follows from the counts, as JSON ('' for the default rule).
ALTER TABLE jurisdiction_rules ADD COLUMN satisfaction_rule TEXT NOT NULL DEFAULT '';

-- 常委会会议: what nominations are put on.
CREATE TABLE meetings (
    id              INTEGER PRIMARY KEY,
    jurisdiction_id BIGINT NOT NULL REFERENCES jurisdictions (id),
    title           TEXT   NOT NULL,
    held_on         BIGINT NOT NULL,
    created_by      BIGINT REFERENCES users (id),
    created_at      BIGINT NOT NULL
);
CREATE INDEX meetings_by_jurisdiction ON meetings (jurisdiction_id, held_on);

-- 提请任命: one nominee for one post, and everything that follows at and after the meeting.
CREATE TABLE nominations (
    id                 INTEGER PRIMARY KEY,
    jurisdiction_id    BIGINT NOT NULL REFERENCES jurisdictions (id),
    person_id          BIGINT NOT NULL REFERENCES people (id),
    current_post       TEXT   NOT NULL DEFAULT '',
    post               TEXT   NOT NULL,
    body               TEXT   NOT NULL,
    document_number    TEXT   NOT NULL,
    note               TEXT   NOT NULL DEFAULT '',
    meeting_id         BIGINT REFERENCES meetings (id),
    -- nominated, on_agenda, appointed, not_appointed, deferred, withdrawn
    status             TEXT   NOT NULL DEFAULT 'nominated',
    agenda_at          BIGINT,
    -- How the gate opened: the pass record, or the exemption below.
    pass_record_id     BIGINT REFERENCES pass_records (id),
    exemption_ground   TEXT,
    exemption_basis    TEXT,
    exemption_approver TEXT,
    exemption_at       BIGINT,
    statement          TEXT,
    votes_for          BIGINT,
    votes_against      BIGINT,
    votes_abstain      BIGINT,
    members            BIGINT,
    appointed_on       BIGINT,
    certificate_number TEXT,
    certificate_signer TEXT,
    created_by         BIGINT REFERENCES users (id),
    created_at         BIGINT NOT NULL
);
CREATE INDEX nominations_by_jurisdiction ON nominations (jurisdiction_id, status);
CREATE INDEX nominations_by_person ON nominations (person_id);
CREATE INDEX nominations_by_meeting ON nominations (meeting_id);
CREATE UNIQUE INDEX nominations_certificate ON nominations (jurisdiction_id, certificate_number);

-- 宪法宣誓仪式, and who swore at it (one oath per appointment).
CREATE TABLE oath_ceremonies (
    id              INTEGER PRIMARY KEY,
    jurisdiction_id BIGINT NOT NULL REFERENCES jurisdictions (id),
    form            TEXT   NOT NULL,
    leader          TEXT   NOT NULL DEFAULT '',
    place           TEXT   NOT NULL,
    held_at         BIGINT NOT NULL,
    text_version    TEXT   NOT NULL,
    created_by      BIGINT REFERENCES users (id),
    created_at      BIGINT NOT NULL
);
CREATE TABLE oath_takers (
    ceremony_id   BIGINT NOT NULL REFERENCES oath_ceremonies (id),
    nomination_id BIGINT NOT NULL UNIQUE REFERENCES nominations (id),
    PRIMARY KEY (ceremony_id, nomination_id)
);

-- 履职报告 and its 满意度测评; a 不满意 result carries the follow-up.
CREATE TABLE performance_reports (
    id                  INTEGER PRIMARY KEY,
    nomination_id       BIGINT NOT NULL REFERENCES nominations (id),
    form                TEXT   NOT NULL,
    reported_on         BIGINT NOT NULL,
    meeting             TEXT   NOT NULL,
    satisfied           BIGINT NOT NULL,
    basically_satisfied BIGINT NOT NULL,
    dissatisfied        BIGINT NOT NULL,
    members             BIGINT NOT NULL,
    result              TEXT   NOT NULL,
    follow_up           TEXT   NOT NULL DEFAULT '',
    created_by          BIGINT REFERENCES users (id),
    created_at          BIGINT NOT NULL
);
CREATE INDEX performance_reports_by_nomination ON performance_reports (nomination_id);
