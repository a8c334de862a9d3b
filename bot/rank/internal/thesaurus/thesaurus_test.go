package thesaurus

import (
	"slices"
	"testing"
)

// TestRelated checks the relations the ranking counts on, each way round.
func TestRelated(t *testing.T) {
	for _, tt := range []struct{ a, b string }{
		{"die", "kill"}, {"die", "death"}, {"attack", "strike"}, {"fear", "concern"}, {"delay", "wait"},
	} {
		if !slices.Contains(Related(tt.a), tt.b) || !slices.Contains(Related(tt.b), tt.a) {
			t.Errorf("Related(%q) = %q, Related(%q) = %q; want each to hold the other", tt.a, Related(tt.a), tt.b, Related(tt.b))
		}
	}
	if got := Related("xyzzy"); got != nil {
		t.Errorf("Related(xyzzy) = %q; want nil", got)
	}
}

// BenchmarkLoad measures reading the data into its table, which the first
// question a process ranks pays.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		parse(data)
	}
}
