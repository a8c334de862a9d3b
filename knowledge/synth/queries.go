package synth

import (
	"math/rand/v2"
	"slices"
	"strings"
	"unicode"

	"github.com/incidentbot/incidentbot/knowledge"
)

// Queries are what readers might type at the benchmarked commands, drawn
// from a file's own text so that they find something, as real questions
// about a base mostly do.
type Queries struct {
	Ask           []string // "/ask" questions: three words of an entry
	WhoSaidWords  []string // "/who-said" words: two words of a quote
	WhoSaidPerson []string // "/who-said" a person: the name of someone quoted
	TimelineWords []string // "/timeline" words: two words of an event's title
	// Check are "/check" messages: up to 25 words of an entry, as a
	// pasted sentence reads.
	Check []string
	// WhoSaidUnquoted are "/who-said" a person the base names but never
	// quotes: the answer looks for where they are mentioned instead.
	WhoSaidUnquoted []string
}

// MakeQueries draws n queries of each kind from f, deterministically for
// seed. Only words of four letters or more are taken, as a reader asks
// about "bridges", not "the".
func MakeQueries(f *knowledge.File, n int, seed uint64) Queries {
	r := rand.New(rand.NewPCG(seed, seed+1))
	var texts []string
	for _, e := range f.Events {
		texts = append(texts, e.Summary)
	}
	for _, q := range f.Quotes {
		texts = append(texts, q.Text)
	}
	for _, c := range f.Claims {
		texts = append(texts, c.Statement)
	}
	speakers := map[string]bool{}
	for _, q := range f.Quotes {
		speakers[q.Speaker] = true
	}
	var quoted, unquoted []string
	for _, p := range f.People {
		if speakers[p.ID] {
			quoted = append(quoted, p.Name)
		} else {
			unquoted = append(unquoted, p.Name)
		}
	}
	var q Queries
	for range n {
		q.Ask = append(q.Ask, pick(r, []string{"who ", "what ", "why ", "when "})+strings.Join(someWords(r, pick(r, texts), 3), " ")+"?")
		if len(f.Quotes) > 0 {
			q.WhoSaidWords = append(q.WhoSaidWords, strings.Join(someWords(r, pick(r, f.Quotes).Text, 2), " "))
		}
		if len(quoted) > 0 {
			q.WhoSaidPerson = append(q.WhoSaidPerson, pick(r, quoted))
		}
		if len(f.Events) > 0 {
			q.TimelineWords = append(q.TimelineWords, strings.Join(someWords(r, pick(r, f.Events).Title, 2), " "))
		}
	}
	// Drawn after the others, so that adding them left those as they were.
	for range n {
		q.Check = append(q.Check, strings.Join(firstN(strings.Fields(pick(r, texts)), 25), " "))
		if len(unquoted) > 0 {
			q.WhoSaidUnquoted = append(q.WhoSaidUnquoted, pick(r, unquoted))
		}
	}
	return q
}

// firstN is the first n of xs, or all of them if fewer.
func firstN(xs []string, n int) []string { return xs[:min(n, len(xs))] }

// someWords picks up to k distinct words of four letters or more from
// text, in the order they appear.
func someWords(r *rand.Rand, text string, k int) []string {
	var ws []string
	for _, w := range strings.FieldsFunc(text, func(c rune) bool { return !unicode.IsLetter(c) }) {
		if len([]rune(w)) >= 4 && !slices.Contains(ws, w) {
			ws = append(ws, w)
		}
	}
	if len(ws) <= k {
		return ws
	}
	idx := r.Perm(len(ws))[:k]
	slices.Sort(idx)
	out := make([]string, k)
	for i, j := range idx {
		out[i] = ws[j]
	}
	return out
}
