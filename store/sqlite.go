package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver: no cgo beyond geo/hexgrid
)

var sqliteDialect = dialect{
	name:      "sqlite",
	lineIn:    "?",
	pointCols: "lon, lat",
	pointIn:   "?, ?",
	lineOut:   "geom",
	pointOut:  "lon, lat",
}

// OpenSQLite opens (creating it and its directory if need be) a SQLite
// database file in WAL mode and brings its schema up to date. ":memory:"
// opens a private in-memory database on one connection.
//
// Write transactions take the write lock when they begin (BEGIN
// IMMEDIATE), so concurrent writers queue on the busy timeout instead of
// failing on a lock upgrade; synchronous=FULL makes every acknowledged
// commit survive a power cut as well as a killed process.
func OpenSQLite(ctx context.Context, path string) (Store, error) {
	if path == "" {
		return nil, fmt.Errorf("store: empty SQLite path")
	}
	mem := path == ":memory:"
	dsn := "file::memory:"
	if !mem {
		abs, err := filepath.Abs(path)
		if err != nil {
			return nil, err
		}
		if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		dsn = (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
	}
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "foreign_keys(1)", "synchronous(FULL)"} {
		q.Add("_pragma", p)
	}
	if !mem {
		q.Add("_pragma", "journal_mode(WAL)")
	}
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", dsn+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	if mem {
		db.SetMaxOpenConns(1) // each connection would be its own database
	} else {
		db.SetMaxOpenConns(8)
	}
	db.SetConnMaxIdleTime(time.Minute)
	s := &sqlStore{db: db, d: &sqliteDialect, now: time.Now}
	if err := s.ping(ctx, path); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func (s *sqlStore) ping(ctx context.Context, what string) error {
	if err := s.db.PingContext(ctx); err != nil {
		return fmt.Errorf("store: open %s: %w", what, err)
	}
	return nil
}

// IntegrityCheck runs SQLite's PRAGMA integrity_check and returns its
// findings ("ok" when the file is sound).
func IntegrityCheck(ctx context.Context, st Store) (string, error) {
	s, ok := base(st)
	if !ok || s.d.name != "sqlite" {
		return "", fmt.Errorf("store: integrity check is for SQLite stores")
	}
	rows, err := s.db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			return "", err
		}
		lines = append(lines, l)
	}
	return strings.Join(lines, "\n"), rows.Err()
}
