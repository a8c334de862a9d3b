package synth

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/knowledge"
)

// Sizes the benchmarks run at; 100k is the target size for a newsroom that
// keeps years of incidents.
var sizes = []int{1_000, 10_000, 100_000}

// BenchmarkLoad measures what serve does on start and on a reload: read the
// file, validate it, index it. It reports the seconds per load, the peak
// resident memory during a load (peak-MB, the process's high-water mark,
// reset before each load) and the resident memory after it (rss-MB, with
// the base alive and the load's garbage handed back as serve does), plus
// the base's vocabulary statistics. cpu-seconds is the CPU time of a
// load on all threads. -short skips 100k.
func BenchmarkLoad(b *testing.B) {
	for _, n := range sizes {
		if testing.Short() && n > 10_000 {
			continue
		}
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "synth.yaml")
			data := mustGenerate(b, n, 1)
			f, ps := knowledge.Parse("synth.yaml", data)
			if len(ps) > 0 {
				b.Fatal(ps)
			}
			stats := Measure(f, MakeQueries(f, 200, 1).Ask)
			if err := os.WriteFile(path, data, 0o644); err != nil {
				b.Fatal(err)
			}
			f, data = nil, nil
			var took, cpu time.Duration
			var peak, after float64
			var base *knowledge.Base
			for b.Loop() {
				base = nil
				release()
				peakReset := resetPeakRSS()
				start, cpuStart := time.Now(), cpuTime()
				var err error
				if base, err = knowledge.LoadFile(path); err != nil {
					b.Fatal(err)
				}
				took += time.Since(start)
				cpu += cpuTime() - cpuStart
				if peakReset {
					peak = max(peak, procStatusMB("VmHWM"))
				}
				release()
				after = max(after, procStatusMB("VmRSS"))
			}
			runtime.KeepAlive(base)
			b.ReportMetric(took.Seconds()/float64(b.N), "seconds")
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-seconds")
			if peak > 0 {
				b.ReportMetric(peak, "peak-MB")
			}
			b.ReportMetric(after, "rss-MB")
			b.ReportMetric(float64(stats.DistinctStems), "stems")
			b.ReportMetric(stats.TokensPerEntry, "tokens/entry")
			b.ReportMetric(float64(stats.PostingsP50), "postings-p50")
		})
	}
}

// release hands the load's garbage back to the OS as serve does after a
// load. (Once is enough since the index is our own: Bleve's kept its
// indexing buffers in a sync.Pool, which took a second collection.)
func release() {
	debug.FreeOSMemory()
}

// cpuTime is the CPU time this process has used, all threads (the
// garbage collector's too): on a shared machine it says more than the
// seconds on the clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// resetPeakRSS resets the kernel's resident high-water mark of this
// process (Linux), so that VmHWM then says the peak of what follows.
func resetPeakRSS() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// procStatusMB reads a memory figure of this process from
// /proc/self/status, in MB; 0 where there is none (not Linux).
func procStatusMB(field string) float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		name, rest, ok := bytes.Cut(sc.Bytes(), []byte(":"))
		if !ok || string(name) != field {
			continue
		}
		kb, err := strconv.Atoi(string(bytes.TrimSuffix(bytes.TrimSpace(rest), []byte(" kB"))))
		if err != nil {
			return 0
		}
		return float64(kb) / 1000
	}
	return 0
}

// BenchmarkSearch measures the search index alone, without the answer
// built around it: SearchPassages with /ask questions (as /ask asks for
// its 60 candidates), Search over quotes with /who-said words and over
// events with /timeline words (as those commands ask for 50 hits). Each
// reports p50-µs and p99-µs over 200 different queries. -short skips 100k.
func BenchmarkSearch(b *testing.B) {
	type search struct {
		name    string
		queries func(q Queries) []string
		run     func(base *knowledge.Base, q string)
	}
	searches := []search{
		{"passages", func(q Queries) []string { return q.Ask }, func(base *knowledge.Base, q string) { base.SearchPassages(q, 60) }},
		{"quotes", func(q Queries) []string { return q.WhoSaidWords }, func(base *knowledge.Base, q string) { base.Search(q, 50, knowledge.KindQuote) }},
		{"events", func(q Queries) []string { return q.TimelineWords }, func(base *knowledge.Base, q string) { base.Search(q, 50, knowledge.KindEvent) }},
	}
	for _, n := range sizes {
		if testing.Short() && n > 10_000 {
			continue
		}
		var base *knowledge.Base
		var queries Queries
		for _, s := range searches {
			b.Run(fmt.Sprintf("%s/entries=%d", s.name, n), func(b *testing.B) {
				if base == nil {
					var err error
					if base, err = knowledge.Load("synth.yaml", mustGenerate(b, n, 1)); err != nil {
						b.Fatal(err)
					}
					queries = MakeQueries(&base.File, 200, 1)
				}
				qs := s.queries(queries)
				took := make([]time.Duration, 0, 1<<16)
				for i := 0; b.Loop(); i++ {
					start := time.Now()
					s.run(base, qs[i%len(qs)])
					took = append(took, time.Since(start))
				}
				slices.Sort(took)
				b.ReportMetric(float64(took[len(took)/2].Nanoseconds())/1e3, "p50-µs")
				b.ReportMetric(float64(took[len(took)*99/100].Nanoseconds())/1e3, "p99-µs")
			})
		}
	}
}
