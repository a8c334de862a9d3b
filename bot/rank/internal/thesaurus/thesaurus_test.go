package thesaurus

import (
	"slices"
	"testing"
)

// TestRelated checks the relations the ranking counts on, each way round.
func TestRelated(t *testing.T) {
	for _, tt := range []struct {
		a, b  string
		close bool
	}{
		{"die", "kill", true}, {"die", "death", true}, {"fear", "concern", true}, {"delay", "wait", true},
		{"kidnap", "abduct", true},                          // a word text has not seen, in its first sense
		{"live", "populate", true}, {"head", "chief", true}, // a third and a fourth sense
		{"attack", "strike", false},
	} {
		pick := func(w string) []string {
			close, kinds := Related(w)
			if tt.close {
				return close
			}
			return kinds
		}
		if !slices.Contains(pick(tt.a), tt.b) || !slices.Contains(pick(tt.b), tt.a) {
			t.Errorf("Related(%q), Related(%q): want each to hold the other, close %v", tt.a, tt.b, tt.close)
		}
	}
	// A synonym in a sense frequent for one word only relates it one way:
	// "hit" answers "shoot", "shoot" is rarely what "hit" means.
	if close, _ := Related("shoot"); !slices.Contains(close, "hit") {
		t.Errorf("Related(shoot) = %q; want it to hold hit", close)
	}
	if close, _ := Related("hit"); slices.Contains(close, "shoot") {
		t.Errorf("Related(hit) = %q; want it not to hold shoot", close)
	}
	if close, kinds := Related("xyzzy"); close != nil || kinds != nil {
		t.Errorf("Related(xyzzy) = %q, %q; want nil", close, kinds)
	}
}

// BenchmarkLoad measures reading the data into its table, which the first
// question a process ranks pays.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		parse(data)
	}
}
