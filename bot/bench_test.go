package bot

import (
	"context"
	"testing"
	"time"
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
