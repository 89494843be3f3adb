package auth

import "testing"

// BenchmarkCheck is a key's first request in a process: one argon2id.
func BenchmarkCheck(b *testing.B) {
	_, tok, _ := NewToken()
	h, _ := Hash(tok)
	b.ReportAllocs()
	for b.Loop() {
		if err := Check(tok, h); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifierRemembered is every later request: a SHA-256 and a
// map look-up.
func BenchmarkVerifierRemembered(b *testing.B) {
	id, tok, _ := NewToken()
	h, _ := Hash(tok)
	v := NewVerifier()
	if err := v.Check(id, tok, h); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := v.Check(id, tok, h); err != nil {
			b.Fatal(err)
		}
	}
}
