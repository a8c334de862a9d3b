package bot

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/knowledge"
)

// reportP99 adds the 99th percentile of the measured calls to the
// benchmark's output, since the targets are set on p99, not the mean.
func reportP99(b *testing.B, took []time.Duration) {
	if len(took) == 0 {
		return
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)*99/100].Nanoseconds()), "p99-ns")
}

// BenchmarkAskDefault measures the commands on the embedded default base.
func BenchmarkAskDefault(b *testing.B) {
	e := newEngine(b)
	for _, line := range []string{"/ask who carried out the attack", "/who-said Peskov", "/who-said terrorist attack", "/timeline", "/claims"} {
		b.Run(line, func(b *testing.B) {
			var took []time.Duration
			for b.Loop() {
				start := time.Now()
				e.Ask(context.Background(), Request{Platform: "bench", Line: line})
				took = append(took, time.Since(start))
			}
			reportP99(b, took)
		})
	}
}

// BenchmarkRank measures what /ask does besides the search, on the
// default base: analysing a question of testdata/ask-eval.json and
// re-scoring the passages the search found for it (found once, before
// the timing, when the facts kept per base are worked out too). It
// reports p50-µs and p99-µs over the questions.
func BenchmarkRank(b *testing.B) {
	e := newEngine(b)
	r := answerer{b: e.Base(), loc: LocaleEN}
	raw, err := os.ReadFile("testdata/ask-eval.json")
	if err != nil {
		b.Fatal(err)
	}
	var cases []evalCase
	if err := json.Unmarshal(raw, &cases); err != nil {
		b.Fatal(err)
	}
	type found struct {
		q    string
		hits []knowledge.PassageHit
	}
	var qs []found
	for _, c := range cases {
		qu := r.analyse(c.Q)
		hits := r.b.SearchPassages(qu.search, candidates)
		r.rankHits(qu, hits) // what is kept per base is worked out before the timing
		qs = append(qs, found{c.Q, hits})
	}
	took := make([]time.Duration, 0, 1<<16)
	for i := 0; b.Loop(); i++ {
		q := qs[i%len(qs)]
		start := time.Now()
		r.rankHits(r.analyse(q.q), q.hits)
		took = append(took, time.Since(start))
	}
	reportPercentiles(b, took)
}
