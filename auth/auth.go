// Package auth holds Lumbung's API keys: the roles a key may have, making
// a token, and checking one against its stored hash.
//
// A token is "lmb_" + a 16-hex-digit key ID + a 256-bit secret
// (43 base64url characters). The ID is public (it is how a key is listed,
// revoked and logged); the secret is never stored or logged: the store
// keeps an argon2id hash of it (RFC 9106; 19 MiB, 2 passes, 1 lane, the
// OWASP minimum), compared in constant time. Argon2id is far slower than a
// request should be, so a Verifier remembers, in memory, the SHA-256 of
// tokens it has already verified: a key's first request in a process pays
// the hash, later ones a map look-up (revocation is still read from the
// store on every request).
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
)

// Role is what a key may do. Each role may do what the roles below it may.
type Role int

// Roles, weakest first.
const (
	Viewer  Role = iota + 1 // read plans, jobs and the network
	Planner                 // also route, plan, run jobs and VRP
	Admin                   // also keys, retention, the audit log and metrics
)

// Roles lists the roles by name, weakest first.
var Roles = []string{"viewer", "planner", "admin"}

func (r Role) String() string {
	if r < Viewer || r > Admin {
		return fmt.Sprintf("Role(%d)", int(r))
	}
	return Roles[r-1]
}

// Sentinel errors, for errors.Is.
var (
	// ErrRole: not one of Roles.
	ErrRole = errors.New("auth: unknown role")
	// ErrMalformed: not a token this package makes.
	ErrMalformed = errors.New("auth: malformed token")
	// ErrMismatch: the token's secret does not match the key's hash.
	ErrMismatch = errors.New("auth: token does not match")
)

// ParseRole parses a role's name.
func ParseRole(s string) (Role, error) {
	for i, n := range Roles {
		if n == s {
			return Role(i + 1), nil
		}
	}
	return 0, fmt.Errorf("%w %q: want one of %s", ErrRole, s, strings.Join(Roles, ", "))
}

const (
	prefix    = "lmb_"
	idLen     = 16 // hex digits
	secretLen = 43 // base64url characters of 32 bytes
	// TokenLen is a token's length in bytes.
	TokenLen = len(prefix) + idLen + secretLen
)

// NewToken makes a key ID and its token.
func NewToken() (id, token string, err error) {
	var b [8 + 32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", "", err
	}
	id = hex.EncodeToString(b[:8])
	return id, prefix + id + base64.RawURLEncoding.EncodeToString(b[8:]), nil
}

// Split returns a token's key ID and secret, or ErrMalformed.
func Split(token string) (id, secret string, err error) {
	if len(token) != TokenLen || !strings.HasPrefix(token, prefix) {
		return "", "", ErrMalformed
	}
	id, secret = token[len(prefix):len(prefix)+idLen], token[len(prefix)+idLen:]
	if _, err := hex.DecodeString(id); err != nil || strings.ToLower(id) != id {
		return "", "", ErrMalformed
	}
	if b, err := base64.RawURLEncoding.DecodeString(secret); err != nil || len(b) != 32 {
		return "", "", ErrMalformed
	}
	return id, secret, nil
}

// argon2id parameters (RFC 9106 §4, OWASP's minimum for argon2id).
const (
	argonTime    = 2
	argonMemory  = 19 * 1024 // KiB
	argonThreads = 1
	argonKeyLen  = 32
)

// Hash returns the argon2id PHC string of a token's secret, with a fresh
// salt: what the store keeps.
func Hash(token string) (string, error) {
	_, secret, err := Split(token)
	if err != nil {
		return "", err
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	sum := argon2.IDKey([]byte(secret), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		enc.EncodeToString(salt), enc.EncodeToString(sum)), nil
}

// Check reports whether token matches hash (a Hash string): nil, or
// ErrMismatch, or ErrMalformed. The comparison is constant-time.
func Check(token, hash string) error {
	_, secret, err := Split(token)
	if err != nil {
		return err
	}
	var v, m, t uint32
	var p uint8
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return fmt.Errorf("auth: stored hash is not argon2id")
	}
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return fmt.Errorf("auth: stored hash: unsupported argon2 version")
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 {
		return fmt.Errorf("auth: stored hash: bad parameters")
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[4])
	want, err2 := enc.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return fmt.Errorf("auth: stored hash: bad encoding")
	}
	got := argon2.IDKey([]byte(secret), salt, t, m, p, uint32(len(want)))
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return ErrMismatch
	}
	return nil
}

// Verifier checks tokens against stored hashes, remembering the tokens it
// has verified (by SHA-256, never the token) so that argon2id runs once
// per key and process, and running at most two argon2id at once (each
// takes 19 MiB).
type Verifier struct {
	mu   sync.Mutex
	seen map[[sha256.Size]byte]string // token digest → key ID
	sem  chan struct{}
}

// maxSeen bounds the verified-token memory; beyond it, it starts afresh.
const maxSeen = 10_000

// NewVerifier returns an empty Verifier.
func NewVerifier() *Verifier {
	return &Verifier{seen: map[[sha256.Size]byte]string{}, sem: make(chan struct{}, 2)}
}

// Remembered reports whether token was verified before (for key id):
// such a token skips the limits on failed attempts, so that an attacker
// guessing from a shared address does not lock out its known keys.
func (v *Verifier) Remembered(id, token string) bool {
	d := sha256.Sum256([]byte(token))
	v.mu.Lock()
	known, ok := v.seen[d]
	v.mu.Unlock()
	return ok && subtle.ConstantTimeCompare([]byte(known), []byte(id)) == 1
}

// Check is Check(token, hash), remembered for the key id.
func (v *Verifier) Check(id, token, hash string) error {
	if v.Remembered(id, token) {
		return nil
	}
	d := sha256.Sum256([]byte(token))
	v.sem <- struct{}{}
	err := Check(token, hash)
	<-v.sem
	if err != nil {
		return err
	}
	v.mu.Lock()
	if len(v.seen) >= maxSeen {
		clear(v.seen)
	}
	v.seen[d] = id
	v.mu.Unlock()
	return nil
}
