package knowledge

import "testing"

// TestCitations: every citation of every kind of entry, once, and the walk
// stops when asked.
func TestCitations(t *testing.T) {
	f := &File{
		Events: []Event{{Citations: []Citation{{Source: "a"}}}},
		Quotes: []Quote{{Citations: []Citation{{Source: "b"}, {Source: "c"}}}},
		Claims: []Claim{{Positions: []Position{{Citations: []Citation{{Source: "d"}}}, {Citations: []Citation{{Source: "e"}}}}}},
	}
	var got string
	for c := range f.Citations() {
		got += c.Source
	}
	if got != "abcde" {
		t.Errorf("Citations = %q; want abcde", got)
	}
	got = ""
	for c := range f.Citations() {
		if got += c.Source; c.Source == "c" {
			break
		}
	}
	if got != "abc" {
		t.Errorf("Citations stopped at c = %q; want abc", got)
	}
}
