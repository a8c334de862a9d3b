package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/knowledge"
	"github.com/incidentbot/incidentbot/knowledge/synth"
)

// benchSizes are the synthetic base sizes the answer benchmarks run at.
var benchSizes = []int{1_000, 10_000, 100_000}

// benchLines are the commands measured at each size: the person and phrase
// forms of /who-said, a free question, and the timeline with and without a
// filter. "PERSON" stands for the name of the base's eighth person.
var benchLines = []struct{ name, line string }{
	{"ask", "/ask who shelled the bridge near Belgorod"},
	{"who-said-person", "/who-said PERSON"},
	{"who-said-phrase", "/who-said what happened to the pipeline"},
	{"timeline", "/timeline"},
	{"timeline-filter", "/timeline pipeline Kyiv"},
	{"timeline-month", "/timeline 2022-05"},
}

func BenchmarkAsk(b *testing.B) {
	for _, n := range benchSizes {
		data, err := synth.Generate(n, 1)
		if err != nil {
			b.Fatal(err)
		}
		base, err := knowledge.Load("synth.yaml", data)
		if err != nil {
			b.Fatal(err)
		}
		e := New(base, nil)
		for _, bl := range benchLines {
			line := strings.ReplaceAll(bl.line, "PERSON", base.People[7].Name)
			b.Run(fmt.Sprintf("entries=%d/%s", n, bl.name), func(b *testing.B) {
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
}

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
