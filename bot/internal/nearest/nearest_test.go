package nearest

import (
	"slices"
	"testing"
)

var names = []string{"timeline", "who-said", "ask", "claims", "cite", "check", "sources", "changes", "help", "kb", "incidents"}

// FuzzName: whatever is typed, the guess is one of the names or none, and
// a name typed whole is itself.
func FuzzName(f *testing.F) {
	for _, s := range []string{"", "tim", "timelin", "claim", "whosaid", "c", "chek", "sourcess", "времени", "\xff"} {
		f.Add(s)
	}
	for _, n := range names {
		if got := Name(n, names); got != n {
			f.Fatalf("Name(%q) = %q; want itself", n, got)
		}
	}
	f.Fuzz(func(t *testing.T, typed string) {
		if got := Name(typed, names); got != "" && !slices.Contains(names, got) {
			t.Fatalf("Name(%q) = %q, not a name", typed, got)
		}
	})
}
