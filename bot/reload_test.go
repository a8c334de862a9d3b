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
	e := New(nil, first, Config{Reload: load})
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
	// The baseline is taken once the goroutine count has held still for
	// five tries, so that goroutines still closing the warm-up's old
	// indexes do not inflate it and hide a leak.
	last, still := -1, 0
	goroutines, heap := settled(func(g int, _ uint64) bool {
		if g == last {
			still++
		} else {
			last, still = g, 0
		}
		return still == 5
	})
	const count = 100
	reloads(count)
	// A leak of one index a reload is over 100 KiB each; allow noise of
	// a tenth of that.
	const noise = count * 10 << 10
	afterG, afterHeap := settled(func(g int, h uint64) bool { return g <= goroutines+2 && int64(h)-int64(heap) <= noise })
	t.Logf("%d reloads: goroutines %d -> %d, heap %d KiB -> %d KiB (%+d KiB a reload)",
		count, goroutines, afterG, heap>>10, afterHeap>>10, (int64(afterHeap)-int64(heap))/count>>10)
	if afterG > goroutines+2 {
		t.Errorf("after %d reloads %d goroutines run; want the %d before (give or take 2)", count, afterG, goroutines)
	}
	if grown := int64(afterHeap) - int64(heap); grown > noise {
		t.Errorf("after %d reloads the live heap grew by %d KiB; want it back at the baseline (%d KiB)", count, grown>>10, heap>>10)
	}
}

// settled returns the goroutine count and the live heap once done holds
// for them, or what they are after 10 s: background work (an index
// closing its goroutines) ends in its own time. It collects garbage
// before each try.
func settled(done func(goroutines int, heap uint64) bool) (goroutines int, heap uint64) {
	var ms runtime.MemStats
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		runtime.GC()
		runtime.ReadMemStats(&ms)
		goroutines, heap = runtime.NumGoroutine(), ms.HeapAlloc
		if done(goroutines, heap) || time.Now().After(deadline) {
			return goroutines, heap
		}
	}
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
	// A key longer than 64 bytes is refused before anything is decoded,
	// and not quoted (knowledge.TestBoundRefuses); this one is decoded.
	broken := fmt.Appendf(slices.Clone(valid), "\n%s: 1\n", strings.Repeat("hostile", 9))
	broken = bytes.Replace(broken, []byte("status: denied"), []byte("status: "+long), 1)
	e := New(slog.New(slog.NewTextHandler(&logs, nil)), first, Config{Admins: []string{"U0ADMIN"}, Reload: func() (*knowledge.Base, error) { return knowledge.Load("kb.yaml", broken) }})
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

// TestSwappedAfterLastUser: Config.Swapped (serve's: hand the old
// base's memory back to the OS) runs once a reload has swapped a new base
// in and no request answers from the old one, the request that ran /kb
// reload included; not while one still does, and not for a reload that
// swaps nothing in.
func TestSwappedAfterLastUser(t *testing.T) {
	valid, path, write, first := kbFile(t)
	swapped := make(chan *knowledge.Base, 10) // the base current when the func ran
	var e *Engine
	e = New(nil, first, Config{Admins: []string{"U1"}, Reload: func() (*knowledge.Base, error) { return knowledge.ReloadFile(path, e.Base()) }, Swapped: func() { swapped <- e.Base() }})
	waitSwapped := func(what string) {
		t.Helper()
		select {
		case b := <-swapped:
			if b == first {
				t.Errorf("%s: Config.Swapped ran while the old base was current", what)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: Config.Swapped never ran", what)
		}
	}

	if a := ask(e, "/kb reload", asUser("U1")); !strings.HasPrefix(a.Title, "The knowledge file is unchanged") {
		t.Fatalf("/kb reload of the unchanged file: %s", Plain(a))
	}
	write(strings.Replace(string(valid), "Two drones are reported over the Kremlin.", "Two drones exploded.", 1))
	if a := ask(e, "/kb reload", asUser("U1")); a.Title != "Reloaded" {
		t.Fatalf("/kb reload of an edited file: %s", Plain(a))
	}
	waitSwapped("/kb reload")
	if len(swapped) != 0 {
		t.Errorf("Config.Swapped ran %d times more for one swap and one unchanged reload", len(swapped))
	}

	// A request still answering from the old base holds it.
	first = e.Base()
	inFlight := e.first().acquire()
	write(strings.Replace(string(valid), "Two drones are reported over the Kremlin.", "Two drones fell.", 1))
	if err := e.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(swapped) != 0 {
		t.Error("Config.Swapped ran while a request still answered from the old base")
	}
	inFlight.Release()
	waitSwapped("the last request on the old base done")
}

// TestReloadWithoutFile: /kb reload on a base with no file to read again
// (the embedded one) says that it cannot be reloaded and what to set.
func TestReloadWithoutFile(t *testing.T) {
	e := New(nil, newEngine(t).Base(), Config{Admins: []string{"U1"}})
	a := ask(e, "/kb reload", asUser("U1"))
	if a.Title != "This base cannot be reloaded" || !strings.Contains(a.Intro, "Start the bot with a knowledge file") {
		t.Errorf("/kb reload of the embedded base: %s; want that it cannot be reloaded, and how to have one", Plain(a))
	}
}

// TestKBReloadWhileOneRuns: /kb reload while a reload runs (the watcher's,
// or another admin's) answers at once that one is running and where to
// see how it ends, and queues no reload of its own.
func TestKBReloadWhileOneRuns(t *testing.T) {
	valid, path, write, first := kbFile(t)
	loads := make(chan struct{}, 10) // one value each time load starts
	release := make(chan struct{})
	var e *Engine
	e = New(nil, first, Config{Admins: []string{"U1"}, Reload: func() (*knowledge.Base, error) {
		loads <- struct{}{}
		<-release
		return knowledge.ReloadFile(path, e.Base())
	}})
	write(strings.Replace(string(valid), "Two drones are reported over the Kremlin.", "Two drones exploded.", 1))
	running := make(chan error, 1)
	go func() { running <- e.Reload(context.Background()) }()
	<-loads

	a := ask(e, "/kb reload", asUser("U1"))
	if a.Title != "A reload is already running" || !strings.Contains(a.Intro, "See /kb status") {
		t.Errorf("/kb reload while a reload runs: %s; want that one is already running, and /kb status", Plain(a))
	}
	close(release)
	if err := <-running; err != nil {
		t.Fatal(err)
	}
	if e.Base() == first {
		t.Error("the running reload did not swap the new base in")
	}
	if a := ask(e, "/kb reload", asUser("U1")); !strings.HasPrefix(a.Title, "The knowledge file is unchanged") {
		t.Errorf("/kb reload once the other has ended: %s", Plain(a))
	}
	if n := len(loads); n != 1 {
		t.Errorf("the file was loaded %d more times; want once, by the last /kb reload", n)
	}
}
