package auth

import (
	"errors"
	"strings"
	"testing"
)

func TestTokenRoundTrip(t *testing.T) {
	id, tok, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if len(tok) != TokenLen {
		t.Fatalf("token length: got %d, want %d", len(tok), TokenLen)
	}
	gid, _, err := Split(tok)
	if err != nil || gid != id {
		t.Fatalf("Split: got %q, %v, want %q", gid, err, id)
	}
	h, err := Hash(tok)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(h, tok[len(prefix)+idLen:]) {
		t.Fatal("the hash holds the secret")
	}
	if err := Check(tok, h); err != nil {
		t.Fatalf("Check(own token): %v", err)
	}
	_, other, _ := NewToken()
	forged := tok[:len(prefix)+idLen] + other[len(prefix)+idLen:]
	if err := Check(forged, h); !errors.Is(err, ErrMismatch) {
		t.Fatalf("Check(forged): got %v, want ErrMismatch", err)
	}
	v := NewVerifier()
	for range 2 { // the second is remembered
		if err := v.Check(id, tok, h); err != nil {
			t.Fatalf("Verifier.Check: %v", err)
		}
	}
	if err := v.Check("0000000000000000", tok, h+"x"); err == nil {
		t.Fatal("a remembered token verified for another key ID")
	}
}

func TestSplitMalformed(t *testing.T) {
	_, tok, _ := NewToken()
	for _, bad := range []string{"", "lmb_", tok + "a", tok[:len(tok)-1], "xyz_" + tok[4:],
		tok[:4] + "ZZZZ" + tok[8:], tok[:len(tok)-2] + "!!"} {
		if _, _, err := Split(bad); !errors.Is(err, ErrMalformed) {
			t.Errorf("Split(%q): got %v, want ErrMalformed", bad, err)
		}
	}
}

func TestParseRole(t *testing.T) {
	for i, n := range Roles {
		r, err := ParseRole(n)
		if err != nil || r != Role(i+1) || r.String() != n {
			t.Errorf("ParseRole(%q): got %v, %v", n, r, err)
		}
	}
	if _, err := ParseRole("root"); !errors.Is(err, ErrRole) {
		t.Errorf("ParseRole(root): got %v, want ErrRole", err)
	}
}
