package main

import (
	"bytes"
	"testing"
)

func TestProgressBar(t *testing.T) {
	var buf bytes.Buffer
	b := &progressBar{w: &buf, width: 10}
	b.update("allocation", 0.45)
	b.update("allocation", 0.45) // unchanged: not redrawn
	b.update("done", 1)
	want := "\r[####······]  45% allocation" + "\r[##########] 100% done      \n"
	if got := buf.String(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
