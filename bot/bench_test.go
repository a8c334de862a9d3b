package bot

import (
	"context"
	"slices"
	"testing"
	"time"
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
