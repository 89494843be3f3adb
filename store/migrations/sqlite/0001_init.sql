-- 0001: plans with their shipments and map layers, and solve jobs.
CREATE TABLE plans (
    id               TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    created_ns       INTEGER NOT NULL,  -- Unix nanoseconds, UTC
    start_date       TEXT NOT NULL,
    horizon_days     INTEGER NOT NULL,
    logistics_cost_idr REAL NOT NULL,
    tonnes_delivered REAL NOT NULL,
    unmet_tonnes     REAL NOT NULL,
    trucks           INTEGER NOT NULL,
    savings_pct      REAL NOT NULL,
    scenario         TEXT NOT NULL,     -- the scenario as requested, JSON
    body             TEXT NOT NULL      -- the whole plan, JSON
);
CREATE INDEX plans_created ON plans (created_ns DESC, id DESC);

CREATE TABLE plan_shipments (
    plan_id        TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,
    day            INTEGER NOT NULL,
    date           TEXT NOT NULL,
    commodity      TEXT NOT NULL,
    tonnes         REAL NOT NULL,
    origin_cluster TEXT NOT NULL,
    origin_lon     REAL NOT NULL,
    origin_lat     REAL NOT NULL,
    buyer          TEXT NOT NULL,
    vehicle        TEXT NOT NULL,
    trucks         INTEGER NOT NULL,
    crossing       TEXT NOT NULL,
    departure      TEXT NOT NULL,
    arrival        TEXT NOT NULL,
    cost_idr       REAL NOT NULL,
    PRIMARY KEY (plan_id, seq)
);

CREATE TABLE plan_lanes (
    plan_id        TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,
    origin_cluster TEXT NOT NULL,
    crossing       TEXT NOT NULL,
    buyer          TEXT NOT NULL,
    vehicle        TEXT NOT NULL,
    tonnes         REAL NOT NULL,
    trucks         INTEGER NOT NULL,
    cost_idr       REAL NOT NULL,
    days           INTEGER NOT NULL,
    commodities    TEXT NOT NULL,       -- JSON object, tonnes by commodity
    geom           BLOB NOT NULL,       -- WKB LineString, lon/lat (EPSG:4326)
    PRIMARY KEY (plan_id, seq)
);

CREATE TABLE plan_ports (
    plan_id TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    id      TEXT NOT NULL,
    name    TEXT NOT NULL,
    tonnes  REAL NOT NULL,    -- tonnes the plan ships through this port
    trucks  INTEGER NOT NULL, -- trucks the plan ships through this port
    lon     REAL NOT NULL,
    lat     REAL NOT NULL,
    PRIMARY KEY (plan_id, id)
);

CREATE TABLE plan_buyers (
    plan_id TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    id      TEXT NOT NULL,
    name    TEXT NOT NULL,
    tonnes  REAL NOT NULL,    -- tonnes the plan delivers to this buyer
    trucks  INTEGER NOT NULL, -- trucks the plan sends to this buyer
    lon     REAL NOT NULL,
    lat     REAL NOT NULL,
    PRIMARY KEY (plan_id, id)
);

CREATE TABLE jobs (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    state       TEXT NOT NULL,
    request     TEXT NOT NULL,
    created_ns  INTEGER NOT NULL,
    started_ns  INTEGER NOT NULL DEFAULT 0,
    finished_ns INTEGER NOT NULL DEFAULT 0,
    attempt     INTEGER NOT NULL DEFAULT 0,
    worker      TEXT NOT NULL DEFAULT '',
    lease_ns    INTEGER NOT NULL DEFAULT 0,
    stage       TEXT NOT NULL DEFAULT '',
    fraction    REAL NOT NULL DEFAULT 0,
    error       TEXT NOT NULL DEFAULT '',
    result      TEXT NOT NULL DEFAULT '',
    plan_ids    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX jobs_queue ON jobs (state, created_ns);
