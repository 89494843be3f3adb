-- 0002: access control (issue 13): API keys, plan and job owners, the audit log.
-- Plans and jobs made before access control belong to no organisation ('').
ALTER TABLE plans ADD COLUMN org TEXT NOT NULL DEFAULT '';
ALTER TABLE plans ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
CREATE INDEX plans_org_created ON plans (org, created_ns DESC, id DESC);
ALTER TABLE jobs ADD COLUMN org TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN key_id TEXT NOT NULL DEFAULT '';

CREATE TABLE api_keys (
    id         TEXT PRIMARY KEY,   -- public, the token's prefix
    org        TEXT NOT NULL,
    role       TEXT NOT NULL,      -- viewer, planner or admin
    name       TEXT NOT NULL,
    hash       TEXT NOT NULL,      -- argon2id PHC string of the token's secret
    created_ns INTEGER NOT NULL,
    revoked_ns INTEGER NOT NULL DEFAULT 0
);

-- append-only: the triggers refuse updates and deletes
CREATE TABLE audit (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ns      INTEGER NOT NULL,
    org        TEXT NOT NULL,
    key_id     TEXT NOT NULL,      -- '' with access control off; 'retention' for the pruner
    action     TEXT NOT NULL,      -- create, read, export, delete
    plan_id    TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_org ON audit (org, seq);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
