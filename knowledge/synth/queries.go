package synth

import (
	"math/rand/v2"
	"slices"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"

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
}

// MakeQueries draws n queries of each kind from f, deterministically for
// seed. Only words of four letters or more are taken, as a reader asks
// about "drones", not "the".
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
	var quoted []string
	for _, p := range f.People {
		if speakers[p.ID] {
			quoted = append(quoted, p.Name)
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
	return q
}

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

// Stats describe a base's vocabulary as the search index sees it (English
// analysis: stop words dropped, words stemmed).
type Stats struct {
	Entries        int     // events, quotes and claims
	TokensPerEntry float64 // indexed words per entry, on average
	DistinctStems  int
	// Postings per query word: how many entries hold each word of the
	// /ask questions, at the median and the 90th percentile.
	PostingsP50, PostingsP90 int
}

// Measure works out f's Stats, with the words of questions as the query
// words.
func Measure(f *knowledge.File, questions []string) Stats {
	a := mapping.NewIndexMapping().AnalyzerNamed(en.AnalyzerName)
	postings := map[string]int{}
	var s Stats
	var tokens int
	entry := func(texts ...string) {
		s.Entries++
		seen := map[string]bool{}
		for _, t := range texts {
			for _, tok := range a.Analyze([]byte(t)) {
				tokens++
				if w := string(tok.Term); !seen[w] {
					seen[w] = true
					postings[w]++
				}
			}
		}
	}
	excerpts := func(cs []knowledge.Citation) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Excerpt)
		}
		return out
	}
	for _, e := range f.Events {
		entry(slices.Concat([]string{e.Title, e.Summary}, e.Tags, excerpts(e.Citations))...)
	}
	for _, q := range f.Quotes {
		entry(slices.Concat([]string{q.Text, q.Context, q.Medium}, q.Via, excerpts(q.Citations))...)
	}
	quotes := map[string]string{}
	for _, q := range f.Quotes {
		quotes[q.ID] = q.Text
	}
	for _, c := range f.Claims {
		texts := slices.Concat([]string{c.Statement, c.Status}, c.Tags)
		for _, p := range c.Positions {
			texts = append(texts, quotes[p.Quote])
			texts = append(texts, excerpts(p.Citations)...)
		}
		entry(texts...)
	}
	s.DistinctStems = len(postings)
	if s.Entries > 0 {
		s.TokensPerEntry = float64(tokens) / float64(s.Entries)
	}
	var counts []int
	for _, q := range questions {
		for _, tok := range a.Analyze([]byte(q)) {
			counts = append(counts, postings[string(tok.Term)])
		}
	}
	if len(counts) > 0 {
		slices.Sort(counts)
		s.PostingsP50, s.PostingsP90 = counts[len(counts)/2], counts[len(counts)*9/10]
	}
	return s
}
