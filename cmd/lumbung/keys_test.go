package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/lumbung-id/lumbung/api"
	"github.com/lumbung-id/lumbung/auth"
	"github.com/lumbung-id/lumbung/store"
)

func TestKeysCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "lumbung.db")
	var out, errw bytes.Buffer
	if err := run([]string{"keys", "create", "-db", db, "-org", "dinas", "-role", "planner", "-name", "laptop"}, &out, &errw); err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`key ([0-9a-f]{16}) .*\ntoken: (lmb_\S+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("create printed %q: want the key ID and token", out.String())
	}
	id, token := m[1], m[2]
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	k, err := st.Key(context.Background(), id)
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(k.Hash, token[len(token)-43:]) || auth.Check(token, k.Hash) != nil {
		t.Fatalf("stored hash %q: want an argon2id hash that the token matches", k.Hash)
	}
	out.Reset()
	if err := run([]string{"keys", "list", "-db", db}, &out, &errw); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), id) || !strings.Contains(out.String(), "planner") || strings.Contains(out.String(), token) {
		t.Fatalf("list printed %q: want the key without its token", out.String())
	}
	if err := run([]string{"keys", "revoke", "-db", db, "-id", id}, &out, &errw); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"keys", "revoke", "-db", db, "-id", id}, &out, &errw); err == nil {
		t.Fatal("revoking twice succeeded")
	}
	for _, bad := range [][]string{
		{"keys", "create", "-db", db, "-org", "dinas", "-role", "root"},
		{"keys", "create", "-db", db, "-role", "viewer"},
		{"keys", "revoke", "-db", db},
		{"keys", "rotate"},
	} {
		if err := run(bad, &out, &errw); err == nil {
			t.Errorf("%v: succeeded, want an error", bad)
		}
	}
}

func TestServeAccessFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		addr string
		ok   bool
		want string
	}{
		{nil, "127.0.0.1:8080", true, "open"},
		{nil, "localhost:8080", true, "open"},
		{nil, "[::1]:8080", true, "open"},
		{nil, ":8080", false, ""},
		{nil, "0.0.0.0:8080", false, ""},
		{nil, "192.168.1.5:8080", false, ""},
		{[]string{"-insecure-open"}, ":8080", true, "OPEN TO THE NETWORK"},
		{[]string{"-auth"}, ":8080", true, "API keys required"},
		{[]string{"-cors", "https://peta.example.id"}, "127.0.0.1:1", true, "open"},
		{[]string{"-cors", "peta.example.id"}, "127.0.0.1:1", false, ""},
		{[]string{"-key-rate", "0"}, "127.0.0.1:1", false, ""},
	} {
		fs := newFlags("serve", &bytes.Buffer{})
		af := addAccessFlags(fs)
		if err := fs.Parse(c.args); err != nil {
			t.Fatal(err)
		}
		cfg := api.DefaultConfig()
		got, err := af.apply(c.addr, &cfg)
		if (err == nil) != c.ok || !strings.Contains(got, c.want) {
			t.Errorf("%v on %s: got %q, %v; want ok=%v and %q", c.args, c.addr, got, err, c.ok, c.want)
		}
		if err == nil && cfg.Auth != strings.Contains(got, "required") {
			t.Errorf("%v on %s: cfg.Auth %v but the log says %q", c.args, c.addr, cfg.Auth, got)
		}
	}
}
