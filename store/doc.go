// Package store keeps Lumbung's plans and solve jobs in a database:
// SQLite by default (one file, no setup; the pure-Go modernc.org/sqlite
// driver, so the binary needs no C toolchain beyond geo/hexgrid's), or
// PostgreSQL with PostGIS for several API servers and workers on several
// machines (pgx through database/sql).
//
// # What is stored
//
// A plan is stored whole or not at all, in one transaction: the plans row
// (name, creation time, key figures, the scenario as requested and the
// whole plan as JSON), its shipments (plan_shipments), and its map layers:
// plan_lanes (LineStrings), plan_ports and plan_buyers (Points), all in
// EPSG:4326. In PostgreSQL these are PostGIS geometry columns that QGIS
// opens directly; in SQLite lanes are WKB blobs and places lon/lat columns.
// Nothing is evicted: plans stay until DeletePlansBefore removes them (the
// server's documented retention setting).
//
// # Jobs
//
// A job is a queued solve. A worker claims the oldest queued job under a
// lease (PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED; SQLite: the write
// lock), renews the lease with each Heartbeat, and finishes with Complete,
// which stores the result and the job's plans in the same transaction as
// the state change, conditioned on the claim still holding the job. A
// worker that dies stops renewing; after the lease runs out the next Claim
// takes the job over with a new attempt number, and the dead claim's
// Complete, should it ever come, changes nothing (ErrLeaseLost). So a job's
// result is stored at most once.
//
// On PostgreSQL, River (see RiverArgs) hands out the runs instead of Claim:
// CreateJob inserts the job's River job and Cancel cancels it, each in the
// job's own transaction, and a River worker records each run with Start
// under River's attempt number, which fences earlier runs the same way.
//
// # Schema
//
// Each backend's schema is a list of numbered SQL files under migrations/,
// embedded in the binary and applied in order on Open; schema_migrations
// records what a database has. On PostgreSQL, River's migrator then brings
// River's own tables (river_*) up to date, under an advisory lock.
package store
