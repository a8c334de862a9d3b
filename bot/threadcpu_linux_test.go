package bot

import (
	"time"

	"golang.org/x/sys/unix"
)

// threadCPU is the CPU time the calling thread has used, and whether it
// could be read. With the goroutine locked to its thread, the difference
// across a call is what the call cost, without the time it waited for a
// core: on a shared machine the wall clock's percentiles are mostly the
// machine's.
func threadCPU() (time.Duration, bool) {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0, false
	}
	return time.Duration(ts.Nano()), true
}
