-- The reviewer role (复核): appeals are decided by reviewers, not by those who marked.
--
-- SQLite cannot alter a CHECK constraint, and `users` is referenced by a dozen tables that a
-- rebuild would have to rebuild too (foreign keys cannot be switched off inside the
-- migration's transaction). SQLite's documented way for a change that leaves every stored
-- row valid (the set of allowed roles only grows) is to edit the table's definition in the
-- schema; RESET reloads it, and the DDL after it bumps the schema cookie so that every other
-- open connection reloads it too.
PRAGMA writable_schema = ON;
UPDATE sqlite_master
SET sql = replace(sql, '''proctor'', ''grader'')', '''proctor'', ''grader'', ''reviewer'')')
WHERE type = 'table' AND name = 'users';
PRAGMA writable_schema = RESET;
CREATE TABLE reviewer_role_schema_bump (x BIGINT);
DROP TABLE reviewer_role_schema_bump;
