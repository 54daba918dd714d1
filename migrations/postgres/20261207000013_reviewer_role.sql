-- The reviewer role (复核): appeals are decided by reviewers, not by those who marked.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('admin', 'staff', 'proctor', 'grader', 'reviewer'));
