package bot

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"testing"
	"unicode/utf8"
)

// Size targets from issue 9: an answer is read in a chat, in seconds.
const (
	maxAskChars  = 2000
	maxLeadChars = 600
	maxListChars = 4000
)

// answerSize renders every page of an answer with size and returns the
// characters it shows in all.
func answerSize(e *Engine, line string, size func(Answer) int) int {
	n := 0
	for page := 1; ; page++ {
		a := e.Ask(context.Background(), Request{Platform: "cli", Line: line, Page: page})
		n += size(a)
		if page >= a.Pages {
			return n
		}
	}
}

// evalQuestions are the questions of the /ask evaluation set.
func evalQuestions(t testing.TB) []string {
	raw, err := os.ReadFile("testdata/ask-eval.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []evalCase
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	var qs []string
	for _, c := range cases {
		qs = append(qs, c.Q)
	}
	return qs
}

// TestPlainSizes measures what the command line prints: every /ask of the
// evaluation set under maxAskChars with its lead under maxLeadChars, and
// the whole timeline and claims list under maxListChars.
func TestPlainSizes(t *testing.T) {
	e := newEngine(t)
	plain := func(a Answer) int { return utf8.RuneCountInString(Plain(a)) }
	var asks []int
	for _, q := range evalQuestions(t) {
		line := "/ask " + q
		n := answerSize(e, line, plain)
		asks = append(asks, n)
		if n > maxAskChars {
			t.Errorf("%s: %d characters; want at most %d", line, n, maxAskChars)
		}
		a := e.Ask(context.Background(), Request{Platform: "cli", Line: line})
		if a.Lead != nil {
			if l := utf8.RuneCountInString(PlainWords(a.Lead.Words) + a.Lead.Meta); l > maxLeadChars {
				t.Errorf("%s: lead of %d characters; want at most %d", line, l, maxLeadChars)
			}
		}
	}
	slices.Sort(asks)
	t.Logf("/ask: median %d, largest %d characters", asks[len(asks)/2], asks[len(asks)-1])
	for _, line := range []string{"/timeline", "/claims", "/who-said Peskov"} {
		n := answerSize(e, line, plain)
		t.Logf("%s: %d characters", line, n)
		if line != "/who-said Peskov" && n > maxListChars {
			t.Errorf("%s: %d characters; want at most %d", line, n, maxListChars)
		}
	}
}
