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
		{"kidnap", "abduct", true}, // a word text has not seen, in its first sense
		{"live", "populate", true}, // a third sense
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
	// "hurt" answers "injure", "injure" is rarely what "hurt" means.
	if close, _ := Related("injure"); !slices.Contains(close, "hurt") {
		t.Errorf("Related(injure) = %q; want it to hold hurt", close)
	}
	if close, _ := Related("hurt"); slices.Contains(close, "injure") {
		t.Errorf("Related(hurt) = %q; want it not to hold injure", close)
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
