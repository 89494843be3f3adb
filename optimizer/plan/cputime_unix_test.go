//go:build unix

package plan_test

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user and system) the process has used so far;
// BenchmarkAllocFamily compares it with CLP's own CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
