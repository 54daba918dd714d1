-- Proctor actions (issue 5), each audited with its reason.
-- 延长时间: minutes added to an attempt's deadline so far.
ALTER TABLE attempts ADD COLUMN extended_minutes BIGINT NOT NULL DEFAULT 0;
-- 作废: when the paper was voided (it then no longer counts); 强制交卷: who handed it in.
ALTER TABLE attempts ADD COLUMN voided_at BIGINT;
ALTER TABLE attempts ADD COLUMN finished_by BIGINT REFERENCES users (id);
-- 记为缺考 and 准许迟到入场, on the enrolment.
ALTER TABLE candidates ADD COLUMN absent_at BIGINT;
ALTER TABLE candidates ADD COLUMN late_admitted_at BIGINT;
-- One active session per candidate: each exam login (a new access code after the first)
-- takes the next generation, and sessions of an older one stop working. The address it
-- came from is shown to the proctor.
ALTER TABLE candidates ADD COLUMN session_generation BIGINT NOT NULL DEFAULT 0;
ALTER TABLE candidates ADD COLUMN last_ip TEXT;
-- Times the exam page lost focus (another tab or window), as the page reports them.
ALTER TABLE attempts ADD COLUMN focus_losses BIGINT NOT NULL DEFAULT 0;
