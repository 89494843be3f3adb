//go:build !unix

package plan_test

import "time"

// cpuTime is not measured here; BenchmarkAllocFamily then compares wall
// time.
func cpuTime() time.Duration { return 0 }
