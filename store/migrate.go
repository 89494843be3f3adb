package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// migrations holds each backend's schema as numbered SQL files
// (NNNN_name.sql); a database records the versions it has applied in
// schema_migrations.
//
//go:embed migrations
var migrations embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

func loadMigrations(dir string) ([]migration, error) {
	ents, err := fs.ReadDir(migrations, path.Join("migrations", dir))
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range ents {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("store: migration file %s: want NNNN_name.sql", e.Name())
		}
		b, err := migrations.ReadFile(path.Join("migrations", dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: name, sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// migrate applies the migrations a database lacks, in one transaction, so
// that processes starting together against one database apply each once
// (PostgreSQL takes an advisory lock; SQLite's write lock serializes).
func (s *sqlStore) migrate(ctx context.Context) error {
	ms, err := loadMigrations(s.d.name)
	if err != nil {
		return err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if s.d.migrationLock != "" {
			if _, err := tx.ExecContext(ctx, s.d.migrationLock); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_ns BIGINT NOT NULL)`); err != nil {
			return err
		}
		var have int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
			return err
		}
		if latest := ms[len(ms)-1].version; have > latest {
			return fmt.Errorf("store: the database's schema is version %d, newer than this lumbung's %d: upgrade lumbung", have, latest)
		}
		for _, m := range ms {
			if m.version <= have {
				continue
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("store: migration %04d_%s: %w", m.version, m.name, err)
			}
			if _, err := tx.ExecContext(ctx, s.d.bind(`INSERT INTO schema_migrations (version, name, applied_ns) VALUES (?, ?, ?)`),
				m.version, m.name, time.Now().UnixNano()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || s.d.name != "postgres" {
		return err
	}
	return migrateRiver(ctx, s.db)
}

// SchemaVersion returns the newest migration applied to the database.
func SchemaVersion(ctx context.Context, st Store) (int, error) {
	s, ok := base(st)
	if !ok {
		return 0, fmt.Errorf("store: %T has no schema", st)
	}
	var v int
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}
