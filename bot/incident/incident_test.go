package incident

import (
	"strings"
	"testing"
	"unicode"
)

func TestLineIn(t *testing.T) {
	for _, tt := range []struct{ line, id, want string }{
		{"/timeline 2023-05", "a", "/timeline in:a 2023-05"},
		{"/sources", "a", "/sources in:a"},
		{"who-said  Jane Smith", "a", "who-said in:a  Jane Smith"},
		{"/timeline in:b 2023", "a", "/timeline in:b 2023"},
		{"/timeline", "", "/timeline"},
	} {
		if got := LineIn(tt.line, tt.id); got != tt.want {
			t.Errorf("LineIn(%q, %q) = %q; want %q", tt.line, tt.id, got, tt.want)
		}
	}
	if got := StateIn("quote/x", "a"); got != "in:a quote/x" {
		t.Errorf("StateIn = %q", got)
	}
}

// FuzzLineIn: an in:ID word that LineIn or StateIn puts in a line or a
// state is the one the engine reads back, and the rest is as it was.
func FuzzLineIn(f *testing.F) {
	for _, s := range [][2]string{{"/timeline 2023", "a"}, {"sources", "b-1"}, {"/who-said in:x y", "a"}, {"", "a"}, {"/ask IN:Q", "z"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, line, id string) {
		// An incident id holds no white space of any kind: validation
		// refuses one that does ("\u3000" too).
		if id == "" || strings.IndexFunc(id, unicode.IsSpace) >= 0 || strings.TrimSpace(line) == "" {
			return
		}
		_, arg, _ := strings.Cut(strings.TrimSpace(LineIn(line, id)), " ")
		got, _ := Cut(arg)
		_, orig, _ := strings.Cut(strings.TrimSpace(line), " ")
		if want, _ := Cut(orig); want == "" && got != id || want != "" && got != want {
			t.Fatalf("LineIn(%q, %q) names incident %q", line, id, got)
		}
		if got, rest := Cut(StateIn(line, id)); got != id || rest != strings.TrimSpace(line) {
			t.Fatalf("StateIn(%q, %q) reads back as %q, %q", line, id, got, rest)
		}
	})
}
