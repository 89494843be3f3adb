package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/lumbung-id/lumbung/api"
	"github.com/lumbung-id/lumbung/auth"
	"github.com/lumbung-id/lumbung/store"
)

// keysCmd runs `lumbung keys create|list|revoke`: the API keys of
// `lumbung serve -auth`, in the server's database.
func keysCmd(args []string, stdout, stderr io.Writer) error {
	const use = `usage:
  lumbung keys create -db … -org ORG -role viewer|planner|admin [-name TEXT]
  lumbung keys list -db … [-org ORG]
  lumbung keys revoke -db … -id KEY-ID`
	if len(args) == 0 {
		return errors.New(use)
	}
	fs := newFlags("keys "+args[0], stderr)
	db := fs.String("db", defaultDB(), "the server's database: a SQLite file, or a postgres:// URL")
	var run func(context.Context, store.Store) error
	switch args[0] {
	case "create":
		org := fs.String("org", "", "the organisation the key belongs to (required)")
		role := fs.String("role", "", "viewer, planner or admin (required)")
		name := fs.String("name", "", "what the key is for, for the list")
		run = func(ctx context.Context, st store.Store) error { return createKey(ctx, st, *org, *role, *name, stdout) }
	case "list":
		org := fs.String("org", "", "only this organisation's keys")
		run = func(ctx context.Context, st store.Store) error { return listKeys(ctx, st, *org, stdout) }
	case "revoke":
		id := fs.String("id", "", "the key's ID (lumbung keys list), required")
		run = func(ctx context.Context, st store.Store) error {
			if *id == "" {
				return errors.New("-id: required")
			}
			if err := st.RevokeKey(ctx, *id); err != nil {
				return fmt.Errorf("revoke %s: %w", *id, err)
			}
			fmt.Fprintf(stdout, "revoked %s\n", *id)
			return nil
		}
	default:
		return fmt.Errorf("keys: unknown command %q\n%s", args[0], use)
	}
	if err := parseWithEnv(fs, args[1:]); err != nil {
		return err
	}
	ctx := context.Background()
	st, err := store.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	return run(ctx, st)
}

// createKey makes a key and prints its token: the only time it is shown.
func createKey(ctx context.Context, st store.Store, org, role, name string, stdout io.Writer) error {
	if strings.TrimSpace(org) == "" {
		return errors.New("-org: required (the organisation the key belongs to)")
	}
	if _, err := auth.ParseRole(role); err != nil {
		return fmt.Errorf("-role: %w", err)
	}
	id, token, err := auth.NewToken()
	if err != nil {
		return err
	}
	hash, err := auth.Hash(token)
	if err != nil {
		return err
	}
	if err := st.CreateKey(ctx, &store.Key{ID: id, Org: strings.TrimSpace(org), Role: role, Name: name, Hash: hash}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "key %s (%s, %s)\ntoken: %s\nThe token is shown once and is not stored; send it as Authorization: Bearer <token>.\n",
		id, org, role, token)
	return nil
}

func listKeys(ctx context.Context, st store.Store, org string, stdout io.Writer) error {
	ks, err := st.Keys(ctx, org)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tORG\tROLE\tNAME\tCREATED\tREVOKED")
	for _, k := range ks {
		rev := "-"
		if !k.Revoked.IsZero() {
			rev = k.Revoked.Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Org, k.Role, k.Name, k.Created.Format(time.RFC3339), rev)
	}
	return tw.Flush()
}

// accessFlags are serve's access-control flags.
type accessFlags struct {
	auth, insecureOpen *bool
	cors               *string
	keyRate            *float64
	keyBurst           *int
	orgSolves, orgJobs *int
}

func addAccessFlags(fs *flag.FlagSet) *accessFlags {
	d := api.DefaultConfig()
	return &accessFlags{
		auth:         fs.Bool("auth", false, "require API keys (lumbung keys create): on for any server beyond loopback"),
		insecureOpen: fs.Bool("insecure-open", false, "serve a non-loopback address without -auth: anyone who reaches it may read every plan and start solves"),
		cors:         fs.String("cors", "", "comma-separated origins whose pages may call the API (default: none, CORS off)"),
		keyRate:      fs.Float64("key-rate", d.KeyRate, "requests a second each API key may make (with -auth)"),
		keyBurst:     fs.Int("key-burst", d.KeyBurst, "requests an API key may make at once above -key-rate"),
		orgSolves:    fs.Int("org-solves", d.OrgSolves, "synchronous solves (plans, compare, VRP) each organisation may run at once (with -auth)"),
		orgJobs:      fs.Int("org-jobs", d.OrgJobs, "jobs each organisation may have queued or running (with -auth)"),
	}
}

// apply checks the flags against the listen address and sets the config;
// it returns how the start log line describes access.
func (f *accessFlags) apply(addr string, cfg *api.Config) (string, error) {
	if *f.keyRate <= 0 || *f.keyBurst < 1 || *f.orgSolves < 1 || *f.orgJobs < 1 {
		return "", errors.New("-key-rate, -key-burst, -org-solves and -org-jobs must be positive")
	}
	cfg.Auth, cfg.KeyRate, cfg.KeyBurst, cfg.OrgSolves, cfg.OrgJobs = *f.auth, *f.keyRate, *f.keyBurst, *f.orgSolves, *f.orgJobs
	for o := range strings.SplitSeq(*f.cors, ",") {
		if o = strings.TrimSpace(o); o != "" {
			if !strings.HasPrefix(o, "http://") && !strings.HasPrefix(o, "https://") || strings.Count(o, "/") != 2 {
				return "", fmt.Errorf("-cors: %q is not an origin (scheme://host[:port])", o)
			}
			cfg.CORSOrigins = append(cfg.CORSOrigins, o)
		}
	}
	switch {
	case *f.auth:
		return "API keys required", nil
	case loopback(addr):
		return "open: no API keys (loopback only; -auth requires them)", nil
	case *f.insecureOpen:
		return "OPEN TO THE NETWORK without API keys (-insecure-open)", nil
	}
	return "", fmt.Errorf("refusing to serve %s without -auth: anyone who reaches it could read every plan and start solves. "+
		"Make a key (lumbung keys create) and add -auth, listen on 127.0.0.1, or say -insecure-open", addr)
}

// loopback reports whether a listen address reaches only this machine.
// ":8080" and "0.0.0.0:8080" listen on every interface.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
