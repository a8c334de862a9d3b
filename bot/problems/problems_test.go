package problems

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzClip: whatever a refused file makes the validator say, what is
// echoed has at most maxErrorLines lines and the line that counts the
// rest, stays valid UTF-8, and keeps a short problem as it is.
func FuzzClip(f *testing.F) {
	f.Add("kb.yaml:3:5: quotes[3].speaker: unknown person \"someone\"")
	f.Add("kb.yaml:1:1: " + strings.Repeat("x", 500) + ": unknown key")
	f.Add("kb.yaml:2:1: claims[0].statement: \"" + strings.Repeat("é", 80) + "\" is too long")
	f.Add(strings.Repeat("kb.yaml:1:1: a: b\n", 30))
	if short := "kb.yaml:3:5: quotes[3].speaker: unknown person \"someone\""; Clip(short) != short {
		f.Fatalf("Clip(%q) = %q; want it as it is", short, Clip(short))
	}
	f.Fuzz(func(t *testing.T, msg string) {
		got := Clip(msg)
		if n := strings.Count(got, "\n") + 1; n > maxErrorLines+1 {
			t.Fatalf("Clip(%q) has %d lines", msg, n)
		}
		if utf8.ValidString(msg) && !utf8.ValidString(got) {
			t.Fatalf("Clip(%q) = %q, not valid UTF-8", msg, got)
		}
	})
}
