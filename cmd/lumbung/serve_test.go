package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func TestFlagsFromEnv(t *testing.T) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fs.String("addr", ":8080", "")
	format := fs.String("log-format", "text", "")
	grace := fs.Duration("shutdown-timeout", time.Second, "")
	t.Setenv("LUMBUNG_ADDR", "127.0.0.1:9999")
	t.Setenv("LUMBUNG_LOG_FORMAT", "json")
	t.Setenv("LUMBUNG_SHUTDOWN_TIMEOUT", "5s")
	if err := fs.Parse([]string{"-addr", ":7000"}); err != nil {
		t.Fatal(err)
	}
	if err := flagsFromEnv(fs); err != nil {
		t.Fatal(err)
	}
	if *addr != ":7000" || *format != "json" || *grace != 5*time.Second {
		t.Errorf("got addr %q format %q grace %v, want the flag's :7000 and the environment's json, 5s", *addr, *format, *grace)
	}
	t.Setenv("LUMBUNG_SHUTDOWN_TIMEOUT", "soon")
	fs2 := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs2.Duration("shutdown-timeout", time.Second, "")
	if err := flagsFromEnv(fs2); err == nil || !strings.Contains(err.Error(), "LUMBUNG_SHUTDOWN_TIMEOUT") {
		t.Errorf("bad environment value got %v, want an error naming the variable", err)
	}
}

// TestGracefulShutdown starts the real server, sends a burst of plan
// requests, and SIGTERMs it while they run: every request accepted before
// the signal completes, and the process exits 0.
func TestGracefulShutdown(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server")
	}
	bin := filepath.Join(t.TempDir(), "lumbung")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	addr := freeAddr(t)
	// its own database, not the user's
	cmd := exec.Command(bin, "serve", "-addr", addr, "-shutdown-timeout", "60s", "-db", filepath.Join(t.TempDir(), "lumbung.db"))
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	ready := make(chan struct{})
	var logs strings.Builder
	var logMu sync.Mutex
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			logMu.Lock()
			logs.WriteString(sc.Text() + "\n")
			logMu.Unlock()
			if strings.Contains(sc.Text(), "lumbung ready") {
				close(ready)
			}
		}
	}()
	select {
	case <-ready:
	case <-time.After(60 * time.Second):
		t.Fatal("server did not become ready in 60 s")
	}
	base := "http://" + addr
	const n = 6
	codes := make(chan int, n)
	var started sync.WaitGroup
	for i := range n {
		started.Add(1)
		go func() {
			body := strings.NewReader(fmt.Sprintf(`{"start":"2026-03-%02d","horizon_days":2}`, 10+i))
			req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, base+"/v1/plans", body)
			started.Done()
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Log(err)
				codes <- -1
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			codes <- resp.StatusCode
		}()
	}
	started.Wait()
	time.Sleep(150 * time.Millisecond) // the requests are on the wire
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	for range n {
		if c := <-codes; c != http.StatusCreated {
			logMu.Lock()
			t.Errorf("a request in flight at SIGTERM got %d, want 201; log:\n%s", c, logs.String())
			logMu.Unlock()
		}
	}
	err = cmd.Wait()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		logMu.Lock()
		t.Errorf("server exited %v after SIGTERM, want 0; log:\n%s", err, logs.String())
		logMu.Unlock()
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("server still answers after shutdown")
	}
}

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}
