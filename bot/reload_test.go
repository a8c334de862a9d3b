package bot

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/knowledge"
)

// TestReloadsDoNotLeak is finding 3 of issue 11: every reload used to
// leave the old base's search index (and its goroutine) behind. After 100
// reloads, each a new version, with requests answered in between,
// goroutines and the live heap must be back at the baseline.
func TestReloadsDoNotLeak(t *testing.T) {
	if testing.Short() {
		t.Skip("100 reloads take a few seconds: skipped with -short")
	}
	valid, err := os.ReadFile("../knowledge/testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var n atomic.Int64
	load := func() (*knowledge.Base, error) {
		// A comment makes each load a new version.
		return knowledge.Load("kb.yaml", fmt.Appendf(valid, "\n# version %d\n", n.Add(1)))
	}
	first, err := load()
	if err != nil {
		t.Fatal(err)
	}
	e := New(first, nil, WithReload(load))
	ask := func() {
		if a := e.Ask(context.Background(), Request{Platform: "cli", Line: "/ask drones over the Kremlin"}); a.NotFound {
			t.Fatalf("/ask drones over the Kremlin found nothing: %+v", a)
		}
	}
	reloads := func(k int) {
		for range k {
			if err := e.Reload(context.Background()); err != nil {
				t.Fatal(err)
			}
			ask()
		}
	}
	reloads(5) // warm up pools and caches
	goroutines, heap := settled()
	const count = 100
	reloads(count)
	afterG, afterHeap := settled()
	t.Logf("%d reloads: goroutines %d -> %d, heap %d KiB -> %d KiB (%+d KiB a reload)",
		count, goroutines, afterG, heap>>10, afterHeap>>10, (int64(afterHeap)-int64(heap))/count>>10)
	if afterG > goroutines+2 {
		t.Errorf("after %d reloads %d goroutines run; want the %d before (give or take 2)", count, afterG, goroutines)
	}
	// A leak of one index a reload is over 100 KiB each; allow noise of
	// a tenth of that.
	if grown := int64(afterHeap) - int64(heap); grown > count*10<<10 {
		t.Errorf("after %d reloads the live heap grew by %d KiB; want it back at the baseline (%d KiB)", count, grown>>10, heap>>10)
	}
}

// settled returns the goroutine count and the live heap once background
// work (an index closing its goroutines) has had a moment to finish.
func settled() (goroutines int, heap uint64) {
	var ms runtime.MemStats
	for range 20 {
		time.Sleep(20 * time.Millisecond)
		runtime.GC()
	}
	runtime.ReadMemStats(&ms)
	return runtime.NumGoroutine(), ms.HeapAlloc
}

// TestRefusedFileEchoesShortValues is one of issue 11's smaller findings:
// a knowledge file's unknown keys and bad values are cut to a short prefix
// in /kb status, /kb reload and the log.
func TestRefusedFileEchoesShortValues(t *testing.T) {
	valid, err := os.ReadFile("../knowledge/testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("\u202Ehostile", 1000)
	first, err := knowledge.Load("kb.yaml", valid)
	if err != nil {
		t.Fatal(err)
	}
	var logs strings.Builder
	// YAML keys stop at 1,024 characters.
	broken := fmt.Appendf(slices.Clone(valid), "\n%s: 1\n", strings.Repeat("hostile", 100))
	broken = bytes.Replace(broken, []byte("status: denied"), []byte("status: "+long), 1)
	e := New(first, nil, WithAdmins([]string{"U0ADMIN"}), WithLogger(slog.New(slog.NewTextHandler(&logs, nil))),
		WithReload(func() (*knowledge.Base, error) { return knowledge.Load("kb.yaml", broken) }))
	reload := e.Ask(context.Background(), Request{Platform: "slack", Line: "/kb reload", UserID: "U0ADMIN"})
	status := e.Ask(context.Background(), Request{Platform: "slack", Line: "/kb status", UserID: "U0ADMIN"})
	for what, text := range map[string]string{"/kb reload": fmt.Sprint(reload), "/kb status": fmt.Sprint(status), "the log": logs.String()} {
		if !strings.Contains(text, "kb.yaml:") || !strings.Contains(text, "characters)") {
			t.Errorf("%s does not show the problems with their places:\n%.2000s", what, text)
		}
		if strings.Contains(text, strings.Repeat("hostile", 20)) {
			t.Errorf("%s echoes the file's long values whole (%d bytes): %.1500s", what, len(text), text)
		}
	}
}
