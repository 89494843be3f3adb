package store

import (
	"context"
	"database/sql"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
)

var postgresDialect = dialect{
	name:          "postgres",
	dollar:        true,
	lineIn:        "ST_GeomFromWKB(?, 4326)",
	pointCols:     "geom",
	pointIn:       "ST_SetSRID(ST_MakePoint(?, ?), 4326)",
	lineOut:       "ST_AsBinary(geom)",
	pointOut:      "ST_X(geom), ST_Y(geom)",
	skipLocked:    " FOR UPDATE SKIP LOCKED",
	migrationLock: "SELECT pg_advisory_xact_lock(7415046882)", // any constant shared by all lumbung processes
}

// OpenPostgres connects to PostgreSQL (a postgres:// URL, as pgx reads it)
// and brings the schema up to date; the first migration creates the
// PostGIS extension, which needs a role allowed to.
func OpenPostgres(ctx context.Context, dsn string) (Store, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(16)
	db.SetConnMaxIdleTime(time.Minute)
	s := &sqlStore{db: db, d: &postgresDialect, now: time.Now}
	if s.river, err = newRiverQueue(db); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.ping(ctx, "PostgreSQL"); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return pgNotifier{s}, nil
}
