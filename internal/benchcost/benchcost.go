//go:build unix

// Package benchcost measures what one request costs, for the adapters'
// benchmarks: the process's CPU time and the median of timings that other
// work on the machine inflates now and then. Only tests import it.
package benchcost

import (
	"slices"
	"syscall"
	"testing"
	"time"
)

// CPUTime is the CPU time the process has used, user and system, the
// garbage collector's included.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Median is the middle of xs, which it sorts.
func Median(xs []float64) float64 {
	slices.Sort(xs)
	return xs[len(xs)/2]
}

// Loop runs b's loop over requests that build makes, in batches with the
// timer stopped (signing them is the platform's work, not ours), handing
// each to measure, and returns the process's CPU time per request while
// the timer ran.
func Loop[T any](b *testing.B, build func() T, measure func(T)) time.Duration {
	var batch []T
	var cpu time.Duration
	start := CPUTime()
	for b.Loop() {
		if len(batch) == 0 {
			b.StopTimer()
			cpu += CPUTime() - start
			for range 512 {
				batch = append(batch, build())
			}
			start = CPUTime()
			b.StartTimer()
		}
		r := batch[len(batch)-1]
		batch = batch[:len(batch)-1]
		measure(r)
	}
	cpu += CPUTime() - start
	return cpu / time.Duration(b.N)
}
