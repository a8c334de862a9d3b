package rank

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/knowledge"
	"github.com/incidentbot/incidentbot/knowledge/synth"
)

// BenchmarkRank measures what /ask does besides the search: analysing a
// question and re-scoring the passages the search found for it (found
// once, before the timing, when the facts kept per base are worked out
// too). It runs the questions of bot's ask evaluation on the default
// base, then synthetic /ask questions on synthetic bases of 1k, 10k and
// 100k entries (100k is left out with -short), and reports p50-µs and
// p99-µs: the cost that should not grow with the base.
func BenchmarkRank(b *testing.B) {
	raw, err := os.ReadFile("../testdata/ask-eval.json")
	if err != nil {
		b.Fatal(err)
	}
	var cases []struct{ Q string }
	if err := json.Unmarshal(raw, &cases); err != nil {
		b.Fatal(err)
	}
	var eval []string
	for _, c := range cases {
		eval = append(eval, c.Q)
	}
	b.Run("default", func(b *testing.B) { benchmarkRank(b, defaultBase(b), eval) })
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			if testing.Short() && n > 10_000 {
				b.Skip("100k entries take about half a minute to build; run without -short")
			}
			data, err := synth.Generate(n, 1)
			if err != nil {
				b.Fatal(err)
			}
			base, err := knowledge.Load("synth.yaml", data)
			if err != nil {
				b.Fatal(err)
			}
			benchmarkRank(b, base, synth.MakeQueries(&base.File, 200, 1).Ask)
		})
	}
}

func benchmarkRank(b *testing.B, base *knowledge.Base, questions []string) {
	r := For(base)
	type searched struct {
		q    string
		hits []knowledge.PassageHit
	}
	var qs []searched
	for _, q := range questions {
		qu := r.Analyse(q)
		hits := base.SearchPassages(qu.search, candidates)
		r.rankHits(qu, hits) // works out the facts the base keeps
		qs = append(qs, searched{q, hits})
	}
	took := make([]time.Duration, 0, 1<<16)
	for i := 0; b.Loop(); i++ {
		q := qs[i%len(qs)]
		start := time.Now()
		r.rankHits(r.Analyse(q.q), q.hits)
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	µs := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 }
	b.ReportMetric(µs(took[len(took)/2]), "p50-µs")
	b.ReportMetric(µs(took[len(took)*99/100]), "p99-µs")
}

// defaultBase is the embedded default base.
func defaultBase(tb testing.TB) *knowledge.Base {
	tb.Helper()
	b, err := knowledge.Default()
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// BenchmarkPrepare measures what a base's load adds for ranking
// (Prepare), on synthetic bases of 1k and 10k entries: it should grow
// with the base, not faster. A loop over every pair of people once took
// serve's start at 100k from 15 s to 158 s with no test failing; here it
// shows as a tenfold base costing a hundredfold.
func BenchmarkPrepare(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			data, err := synth.Generate(n, 1)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				b.StopTimer()
				// A base keeps what Prepare works out: each run loads
				// its own.
				base, err := knowledge.Load("synth.yaml", data)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				For(base).Prepare()
			}
		})
	}
}
