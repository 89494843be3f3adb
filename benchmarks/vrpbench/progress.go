package vrpbench

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// progress draws "[#####·····] 3/7 X-n101-k25 4.2 s of 10 s" on one line
// of a terminal, redrawn every 200 ms while an instance runs; it is nil
// (draws nothing) when w is not a terminal, where carriage returns would
// be noise in a file or a pipe.
type progress struct {
	w     io.Writer
	total int
	limit time.Duration

	mu   sync.Mutex
	done chan struct{}
}

func newProgress(w io.Writer, total int, limit time.Duration) *progress {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	if fi, err := f.Stat(); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return &progress{w: w, total: total, limit: limit}
}

// start begins drawing instance i (0-based) and returns the function that
// stops it.
func (p *progress) start(i int, name string) (stop func()) {
	if p == nil {
		return func() {}
	}
	began := time.Now()
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			p.draw(i, name, time.Since(began))
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
		fmt.Fprint(p.w, "\r\033[K") // clear the bar before the table row
	}
}

func (p *progress) draw(i int, name string, el time.Duration) {
	const width = 20
	frac := float64(i) / float64(p.total)
	if p.limit > 0 {
		frac += min(1, el.Seconds()/p.limit.Seconds()) / float64(p.total)
	}
	n := int(frac * width)
	line := fmt.Sprintf("[%s%s] %d/%d %s %.1f s", strings.Repeat("#", n), strings.Repeat("·", width-n), i+1, p.total, name, el.Seconds())
	if p.limit > 0 {
		line += fmt.Sprintf(" of %.0f s", p.limit.Seconds())
	}
	p.mu.Lock()
	fmt.Fprint(p.w, "\r"+line)
	p.mu.Unlock()
}
