package bot

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/knowledge"
	"github.com/incidentbot/incidentbot/knowledge/synth"
)

// scaleSizes are the realistic synthetic base sizes (knowledge/synth) the
// scale benchmarks run at; -short leaves out 100k, which takes about half a
// minute to generate and load.
var scaleSizes = []int{1_000, 10_000, 100_000}

// scaleQueries is how many different queries of each kind a benchmark
// cycles through, so that p99 is over many questions, not one.
const scaleQueries = 200

// scaleBase is a base of each size and the queries drawn from it, built
// once per process whichever benchmark asks first.
type scaleBase struct {
	engine  *Engine
	queries synth.Queries
}

var scaleBases = func() map[int]func() (scaleBase, error) {
	m := map[int]func() (scaleBase, error){}
	for _, n := range scaleSizes {
		m[n] = sync.OnceValues(func() (scaleBase, error) {
			data, err := synth.Generate(n, 1)
			if err != nil {
				return scaleBase{}, err
			}
			base, err := knowledge.Load("synth.yaml", data)
			if err != nil {
				return scaleBase{}, err
			}
			return scaleBase{engine: New(nil, base, Config{}), queries: synth.MakeQueries(&base.File, scaleQueries, 1)}, nil
		})
	}
	return m
}()

// BenchmarkScale measures whole answers (parse, search, build the Answer)
// for the searching commands at each base size, and one ed25519.Verify of
// a 600-byte body beside them: a Discord interaction's fixed cost, against
// which the answers are judged. Each reports p50-µs and p99-µs of the wall
// clock, and the answers cpu-p50-µs and cpu-p99-µs of their thread's CPU
// (Linux only), which the machine's load does not inflate.
//
//	go test ./bot -run '^$' -bench Scale
func BenchmarkScale(b *testing.B) {
	commands := []struct {
		name  string
		lines func(q synth.Queries) []string
	}{
		{"ask", func(q synth.Queries) []string { return prefixed("/ask ", q.Ask) }},
		{"who-said-words", func(q synth.Queries) []string { return prefixed("/who-said ", q.WhoSaidWords) }},
		{"who-said-person", func(q synth.Queries) []string { return prefixed("/who-said ", q.WhoSaidPerson) }},
		{"timeline-words", func(q synth.Queries) []string { return prefixed("/timeline ", q.TimelineWords) }},
		{"check", func(q synth.Queries) []string { return prefixed("/check ", q.Check) }},
		// People the base names but never quotes: the answer gathers
		// where they are mentioned.
		{"who-said-unquoted", func(q synth.Queries) []string { return prefixed("/who-said ", q.WhoSaidUnquoted) }},
		// The longest a line may be (issue 20, finding 4): every claim was
		// scored against it.
		{"check-long", func(q synth.Queries) []string { return longLines("/check ", q.Ask) }},
		{"who-said-long", func(q synth.Queries) []string { return longLines("/who-said ", q.WhoSaidWords) }},
	}
	for _, c := range commands {
		for _, n := range scaleSizes {
			b.Run(fmt.Sprintf("%s/%d", c.name, n), func(b *testing.B) {
				if testing.Short() && n > 10_000 {
					b.Skip("100k entries take about half a minute to build; run without -short")
				}
				sb, err := scaleBases[n]()
				if err != nil {
					b.Fatal(err)
				}
				lines := c.lines(sb.queries)
				// Each call is timed by the wall clock and by its thread's
				// CPU (threadCPU), the goroutine locked to its thread.
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				var wall, cpu, firstWall, firstCPU []time.Duration
				ask := func(line string) {
					start := time.Now()
					c0, ok := threadCPU()
					sb.engine.Ask(context.Background(), Request{Platform: "bench", Line: line})
					if c1, ok1 := threadCPU(); ok && ok1 {
						cpu = append(cpu, c1-c0)
					}
					wall = append(wall, time.Since(start))
				}
				// The first time a question meets a passage, ranking works
				// out the passage's facts (bot/rank/facts.go) and keeps them:
				// the first pass over the questions is timed apart, as
				// first-p50 and first-p99, and the loop is the steady state.
				for _, line := range lines {
					ask(line)
				}
				firstWall, firstCPU, wall, cpu = wall, cpu, make([]time.Duration, 0, 1<<16), make([]time.Duration, 0, 1<<16)
				for i := 0; b.Loop(); i++ {
					ask(lines[i%len(lines)])
				}
				reportPercentiles(b, wall)
				// After the loop: its first call deletes metrics reported before it.
				reportPercentilesAs(b, firstWall, "first-")
				reportPercentilesAs(b, cpu, "cpu-")
				reportPercentilesAs(b, firstCPU, "first-cpu-")
			})
		}
	}
	b.Run("verify", func(b *testing.B) {
		pub, priv, err := ed25519.GenerateKey(nil)
		if err != nil {
			b.Fatal(err)
		}
		body := make([]byte, 600)
		for i := range body {
			body[i] = byte('a' + i%26)
		}
		sig := ed25519.Sign(priv, body)
		took := make([]time.Duration, 0, 1<<16)
		for b.Loop() {
			start := time.Now()
			if !ed25519.Verify(pub, body, sig) {
				b.Fatal("signature does not verify")
			}
			took = append(took, time.Since(start))
		}
		reportPercentiles(b, took)
	})
}

func prefixed(prefix string, xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = prefix + x
	}
	return out
}

// reportPercentiles adds the median and the 99th percentile of the
// measured calls, in microseconds, since the targets are set on them.
func reportPercentiles(b *testing.B, took []time.Duration) { reportPercentilesAs(b, took, "") }

// reportPercentilesAs is reportPercentiles with the metrics' names
// prefixed.
func reportPercentilesAs(b *testing.B, took []time.Duration, prefix string) {
	if len(took) == 0 {
		return
	}
	slices.Sort(took)
	µs := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 }
	b.ReportMetric(µs(took[len(took)/2]), prefix+"p50-µs")
	b.ReportMetric(µs(took[len(took)*99/100]), prefix+"p99-µs")
}

// longLines are lines of MaxLineRunes characters: each a command and as
// many of the queries, from the next one on, as fit.
func longLines(command string, queries []string) []string {
	var out []string
	for i := range queries {
		line := command
		for j := i; len([]rune(line)) < MaxLineRunes-100; j++ {
			line += queries[j%len(queries)] + " "
		}
		out = append(out, line)
	}
	return out
}

// BenchmarkSuggest is autocomplete at each base size, as a name is typed:
// issue 20, finding 3, folded every name on every call (76 ms at 100k).
//
//	go test ./bot -run '^$' -bench Suggest
func BenchmarkSuggest(b *testing.B) {
	for _, n := range scaleSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			if testing.Short() && n > 10_000 {
				b.Skip("100k entries take about half a minute to build; run without -short")
			}
			sb, err := scaleBases[n]()
			if err != nil {
				b.Fatal(err)
			}
			prefixes := []string{"", "a", "ma", "mar", "zz"}
			for i := 0; b.Loop(); i++ {
				sb.engine.Suggest(Request{Platform: "bench"}, "who-said", prefixes[i%len(prefixes)], 25)
			}
		})
	}
}
