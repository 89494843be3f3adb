package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lumbung-id/lumbung/api"
	"github.com/lumbung-id/lumbung/corridor"
)

// TestREADMECommands runs every command of README.md's shell blocks, so the
// README cannot drift from the program: `go run ./cmd/lumbung …` through
// run (serve stands for the server the curls talk to), and every curl
// against the API in-process. Commands that run the tests, the benchmarks
// or install tools are only checked to name real packages.
func TestREADMECommands(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	cmds, err := shellCommands(string(readme))
	if err != nil {
		t.Fatal(err)
	}
	if len(cmds) < 5 {
		t.Fatalf("found %d commands in README.md, want the first-run commands at least", len(cmds))
	}
	// README opens with the two commands a fresh machine runs first.
	first := [][]string{{"go", "run", "./cmd/lumbung", "serve"}, {"go", "vet", "./..."}, {"go", "test", "./..."}}
	for i, want := range first {
		if got := cmds[i]; strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("README command %d got %q, want %q", i+1, got, want)
		}
	}
	// A clone is all a user has.
	for _, c := range cmds {
		for _, w := range c {
			if strings.Contains(w, "../") {
				t.Errorf("README command %q reaches outside the repository (%s)", c, w)
			}
		}
	}
	c, err := corridor.Default()
	if err != nil {
		t.Fatal(err)
	}
	srv, err := api.New(c, api.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	t.Chdir(root)
	var ran int
	for _, args := range cmds {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			switch {
			case len(args) > 2 && args[0] == "go" && args[1] == "run" && args[2] == "./cmd/lumbung":
				ran++
				runREADMECLI(t, args[3:])
			case args[0] == "curl":
				ran++
				runCurl(t, hs.URL, args[1:])
			case args[0] == "go" && (args[1] == "vet" || args[1] == "test" || args[1] == "install"):
				// The tests themselves, the benchmarks and tool installs.
			default:
				t.Errorf("README command %q is neither go run ./cmd/lumbung, curl nor a go tool command: teach this test to run it", args)
			}
		})
	}
	if ran == 0 {
		t.Error("no README command was run")
	}
}

// runREADMECLI runs a README command line in-process. serve is not started
// (the curls cover the server); a VRP benchmark runs with a short limit.
func runREADMECLI(t *testing.T, args []string) {
	if len(args) > 0 && args[0] == "serve" {
		return
	}
	args = append([]string(nil), args...)
	for i := 0; i+1 < len(args); i++ {
		switch args[i] {
		case "-time":
			args[i+1] = "300ms"
		case "-out":
			args[i+1] = filepath.Join(t.TempDir(), filepath.Base(args[i+1]))
		}
	}
	var out bytes.Buffer
	if err := run(args, &out, &out); err != nil {
		t.Fatalf("lumbung %q: %v\n%s", args, err, out.String())
	}
	if out.Len() == 0 {
		t.Errorf("lumbung %q printed nothing", args)
	}
}

// runCurl sends the request a README curl describes (-X, -d, -H) to the
// test server and wants a 2xx answer.
func runCurl(t *testing.T, base string, args []string) {
	method, body, target := "GET", "", ""
	var headers [][2]string
	for i := 0; i < len(args); i++ {
		switch a := args[i]; a {
		case "-X":
			i++
			method = args[i]
		case "-d", "--data":
			i++
			body = args[i]
			if method == "GET" {
				method = "POST"
			}
		case "-H":
			i++
			k, v, _ := strings.Cut(args[i], ":")
			headers = append(headers, [2]string{k, strings.TrimSpace(v)})
		case "-s", "-sS", "-f", "-i":
		default:
			if strings.HasPrefix(a, "-") {
				t.Fatalf("curl option %q: teach this test what it means", a)
			}
			target = a
		}
	}
	u, err := url.Parse("http://" + strings.TrimPrefix(target, "http://"))
	if err != nil || !strings.HasPrefix(u.Host, "localhost:8080") {
		t.Fatalf("curl target %q: want localhost:8080/…", target)
	}
	req, err := http.NewRequest(method, base+u.RequestURI(), strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range headers {
		req.Header.Set(h[0], h[1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		t.Errorf("%s %s: status %d: %s", method, u.RequestURI(), resp.StatusCode, b)
	}
}

// shellCommands returns the commands of the ```sh blocks of a Markdown
// text, split into words as a POSIX shell would for the quoting README uses
// (single and double quotes, backslash-newline, comments); a command may
// span lines inside quotes.
func shellCommands(md string) ([][]string, error) {
	var cmds [][]string
	in := false
	var block strings.Builder
	for line := range strings.Lines(md) {
		trimmed := strings.TrimSpace(line)
		switch {
		case !in && trimmed == "```sh":
			in = true
			block.Reset()
		case in && trimmed == "```":
			in = false
			c, err := splitShell(block.String())
			if err != nil {
				return nil, err
			}
			cmds = append(cmds, c...)
		case in:
			block.WriteString(line)
		}
	}
	return cmds, nil
}

var errQuote = errors.New("unterminated quote")

func splitShell(s string) ([][]string, error) {
	var cmds [][]string
	var words []string
	var word strings.Builder
	inWord := false
	endWord := func() {
		if inWord {
			words = append(words, word.String())
			word.Reset()
			inWord = false
		}
	}
	endCmd := func() {
		endWord()
		if len(words) > 0 {
			cmds = append(cmds, splitAnd(words)...)
			words = nil
		}
	}
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case ch == '\\' && i+1 < len(s) && s[i+1] == '\n':
			i++
		case ch == '\'' || ch == '"':
			j := strings.IndexByte(s[i+1:], ch)
			if j < 0 {
				return nil, fmt.Errorf("%w in %q", errQuote, s[i:])
			}
			word.WriteString(s[i+1 : i+1+j])
			inWord = true
			i += j + 1
		case ch == '#' && !inWord:
			for i < len(s) && s[i] != '\n' {
				i++
			}
			endCmd()
		case ch == '\n':
			endCmd()
		case ch == ' ' || ch == '\t':
			endWord()
		default:
			word.WriteByte(ch)
			inWord = true
		}
	}
	endCmd()
	return cmds, nil
}

// splitAnd splits "a && b" into two commands.
func splitAnd(words []string) [][]string {
	var out [][]string
	start := 0
	for i, w := range words {
		if w == "&&" {
			out = append(out, words[start:i])
			start = i + 1
		}
	}
	return append(out, words[start:])
}
