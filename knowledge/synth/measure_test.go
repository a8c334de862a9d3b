package synth

// Measuring a base's vocabulary, for the benchmarks and the tests that
// compare a generated base with the default one (docs/performance.md, "The benchmark
// base").

import (
	"slices"

	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/incidentbot/incidentbot/knowledge"
)

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
