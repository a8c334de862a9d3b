package bot

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/knowledge"
)

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
			reportPercentiles(b, took)
		})
	}
}

// BenchmarkRank measures what /ask does besides the search: analysing a
// question and re-scoring the passages the search found for it (found
// once, before the timing, when the facts kept per base are worked out
// too). It runs the questions of testdata/ask-eval.json on the default
// base, then the synthetic /ask questions at each of BenchmarkScale's
// sizes, and reports p50-µs and p99-µs: the cost that should not grow
// with the base.
func BenchmarkRank(b *testing.B) {
	var eval []string
	cases, err := ReadEvalCases("testdata/ask-eval.json")
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range cases {
		eval = append(eval, c.Q)
	}
	b.Run("default", func(b *testing.B) { benchmarkRank(b, newEngine(b).Base(), eval) })
	for _, n := range scaleSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			if testing.Short() && n > 10_000 {
				b.Skip("100k entries take about half a minute to build; run without -short")
			}
			sb, err := scaleBases[n]()
			if err != nil {
				b.Fatal(err)
			}
			benchmarkRank(b, sb.engine.Base(), sb.queries.Ask)
		})
	}
}

func benchmarkRank(b *testing.B, base *knowledge.Base, questions []string) {
	r := answerer{b: base, loc: LocaleEN}
	qs := searched(r, questions)
	took := make([]time.Duration, 0, 1<<16)
	for i := 0; b.Loop(); i++ {
		q := qs[i%len(qs)]
		start := time.Now()
		r.rankHits(r.analyse(q.q), q.hits)
		took = append(took, time.Since(start))
	}
	reportPercentiles(b, took)
}

// searchedQuestion is a question and the passages the search finds for it.
type searchedQuestion struct {
	q    string
	hits []knowledge.PassageHit
}

// searched searches for each question, and ranks what it finds once so
// that the facts the base keeps are worked out.
func searched(r answerer, questions []string) []searchedQuestion {
	var qs []searchedQuestion
	for _, q := range questions {
		qu := r.analyse(q)
		hits := r.b.SearchPassages(qu.search, candidates)
		r.rankHits(qu, hits)
		qs = append(qs, searchedQuestion{q, hits})
	}
	return qs
}
