package main

import (
	"runtime/debug"
	"sync"
	"testing"
)

// gcPercent reads the collector's setting (the runtime can only swap it).
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// TestLoadLowersTheCollectorsTargetAndPutsItBack: a load collects more
// often than the default, never less often than asked, and leaves the
// setting as it found it, even when loads overlap.
func TestLoadLowersTheCollectorsTargetAndPutsItBack(t *testing.T) {
	defer debug.SetGCPercent(gcPercent())
	for _, tt := range []struct{ setting, during int }{{100, loadGCPercent}, {400, loadGCPercent}, {20, 20}, {-1, -1}} {
		debug.SetGCPercent(tt.setting)
		restore := collectOften()
		if got := gcPercent(); got != tt.during {
			t.Errorf("GOGC=%d: %d during a load; want %d", tt.setting, got, tt.during)
		}
		restore()
		if got := gcPercent(); got != tt.setting {
			t.Errorf("GOGC=%d: %d after a load", tt.setting, got)
		}
	}

	debug.SetGCPercent(100)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := loadBase("", nil); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if got := gcPercent(); got != 100 {
		t.Errorf("after four overlapping loads the setting is %d; want 100", got)
	}
}
