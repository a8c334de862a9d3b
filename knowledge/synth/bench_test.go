package synth

import (
	"fmt"
	"testing"

	"github.com/incidentbot/incidentbot/knowledge"
)

// Sizes the benchmarks run at; 100k is the target size for a newsroom that
// keeps years of incidents.
var sizes = []int{1_000, 10_000, 100_000}

// BenchmarkLoad measures load + validate + index of a whole file.
func BenchmarkLoad(b *testing.B) {
	for _, n := range sizes {
		data := mustGenerate(b, n, 1)
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := knowledge.Load("synth.yaml", data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
