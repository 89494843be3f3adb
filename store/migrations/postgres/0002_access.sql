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
    created_ns BIGINT NOT NULL,
    revoked_ns BIGINT NOT NULL DEFAULT 0
);

-- append-only: the trigger refuses updates and deletes
CREATE TABLE audit (
    seq        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at_ns      BIGINT NOT NULL,
    org        TEXT NOT NULL,
    key_id     TEXT NOT NULL,      -- '' with access control off; 'retention' for the pruner
    action     TEXT NOT NULL,      -- create, read, export, delete
    plan_id    TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_org ON audit (org, seq);
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit is append-only';
END $$;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
