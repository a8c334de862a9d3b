package main

import (
	"runtime/debug"
	"sync"
)

// The collector's policy is the program's, not the knowledge library's:
// the commands lower its target while they load a base (loadBase, serve's
// reload), and leave it alone otherwise.

// loadGCPercent is the garbage collector's target while a base loads. A
// load's garbage is most of what it allocates, and at the default of 100
// the heap may grow to twice what is live before a collection: measured on
// 100,000 entries with the search index of our own, 50 took the load's
// peak from 696 to 456 MB and the memory kept after it from 352 to 305 MB
// for the same CPU time (39 s, on a busy machine). With Bleve's index it
// took the peak from 2.78 to 2.37 GB (and 25 cost half as much CPU again
// for 5 % less peak).
const loadGCPercent = 50

var gcLoads struct {
	sync.Mutex
	n    int // loads running
	prev int // the setting before the first of them
}

// collectOften lowers the collector's target for the length of a load, and
// returns the function that puts it back once the last load running ends.
// A lower setting (GOGC=20, or off) is left alone.
func collectOften() (restore func()) {
	gcLoads.Lock()
	defer gcLoads.Unlock()
	if gcLoads.n == 0 {
		gcLoads.prev = debug.SetGCPercent(loadGCPercent)
		if gcLoads.prev < loadGCPercent {
			debug.SetGCPercent(gcLoads.prev)
		}
	}
	gcLoads.n++
	return func() {
		gcLoads.Lock()
		defer gcLoads.Unlock()
		if gcLoads.n--; gcLoads.n == 0 {
			debug.SetGCPercent(gcLoads.prev)
		}
	}
}
