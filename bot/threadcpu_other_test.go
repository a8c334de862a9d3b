//go:build !linux

package bot

import "time"

// threadCPU is the CPU time the calling thread has used; only Linux's is
// read (threadcpu_linux_test.go).
func threadCPU() (time.Duration, bool) { return 0, false }
