package api_test

import (
	"log/slog"
	"os"
	"testing"
)

// TestMain keeps the access log (one line per request) out of test output.
func TestMain(m *testing.M) {
	slog.SetDefault(slog.New(slog.DiscardHandler))
	os.Exit(m.Run())
}
