// Package storetest gives tests a throwaway database: a SQLite file in the
// test's temporary directory, or a fresh PostgreSQL database on the server
// that LUMBUNG_TEST_POSTGRES names (.ci/run starts one). Without that
// variable PostgreSQL tests skip, unless CI=true, when they fail.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// EnvPostgres names the environment variable holding the PostgreSQL
// server's DSN (a postgres:// URL of a role that may create databases).
const EnvPostgres = "LUMBUNG_TEST_POSTGRES"

// SQLite returns a path for a fresh SQLite database.
func SQLite(t testing.TB) string {
	return filepath.Join(t.TempDir(), "lumbung.db")
}

// Postgres returns the DSN of a fresh, empty database, dropped when the
// test ends.
func Postgres(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set: CI must start PostgreSQL (see .ci/run)", EnvPostgres)
		}
		t.Skipf("no PostgreSQL: set %s to a postgres:// URL to run this test", EnvPostgres)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "lumbung_test_" + hex.EncodeToString(b[:])
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database: %v", err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// Backends runs f once per backend: SQLite always, PostgreSQL when
// available (see Postgres), each with a fresh database's DSN.
func Backends(t *testing.T, f func(t *testing.T, dsn string)) {
	t.Run("sqlite", func(t *testing.T) { f(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { f(t, Postgres(t)) })
}
