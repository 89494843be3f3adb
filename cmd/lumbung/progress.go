package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/lumbung-id/lumbung/optimizer/plan"
)

// progressContext makes a plan solve draw a progress bar on stderr when
// stderr is a terminal (not when it is a file or a pipe, where the
// carriage returns would be noise).
func progressContext(ctx context.Context) context.Context {
	fi, err := os.Stderr.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return ctx
	}
	return plan.WithProgress(ctx, (&progressBar{w: os.Stderr, width: 30}).update)
}

// progressBar draws "[#####·····]  45% allocation" on one line, redrawn
// in place, and ends the line when the solve is done.
type progressBar struct {
	w     io.Writer
	width int
	last  string
}

func (b *progressBar) update(stage string, fraction float64) {
	fraction = min(1, max(0, fraction))
	n := int(fraction * float64(b.width))
	line := fmt.Sprintf("[%s%s] %3.0f%% %-10s", strings.Repeat("#", n), strings.Repeat("·", b.width-n), 100*fraction, stage)
	if line == b.last {
		return
	}
	b.last = line
	fmt.Fprint(b.w, "\r"+line)
	if fraction >= 1 {
		fmt.Fprintln(b.w)
	}
}
