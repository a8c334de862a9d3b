package index

import (
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
	"github.com/blevesearch/bleve/v2/mapping"
)

// Analysers, from Bleve's registry: English (Unicode tokenizer,
// possessive, lower case, English stop words, Porter stemmer) and Russian
// (Snowball Russian stemmer) for Cyrillic text. Both are safe to use from
// several goroutines. English, which questions and ranking analyse with,
// has plainTokenizer in front of Bleve's tokenizer (the same tokens, in
// half the time); the build keeps bleveEnglish: with the plain tokenizer
// loading took less CPU but its peak rose past 600 MB at 100k entries
// (docs/performance.md, "Start-up").
var (
	bleveEnglish = analyzerNamed(en.AnalyzerName)
	English      = withPlainTokenizer(bleveEnglish)
	Russian      = analyzerNamed(ru.AnalyzerName)
)

// withPlainTokenizer is a with plainTokenizer in front of its tokenizer.
func withPlainTokenizer(a analysis.Analyzer) analysis.Analyzer {
	d, ok := a.(*analysis.DefaultAnalyzer)
	if !ok {
		panic("index: Bleve's analyser is not a DefaultAnalyzer")
	}
	p := *d
	p.Tokenizer = plainTokenizer{d.Tokenizer}
	return &p
}

func analyzerNamed(name string) analysis.Analyzer {
	a := mapping.NewIndexMapping().AnalyzerNamed(name)
	if a == nil {
		panic("index: Bleve has no analyser " + name)
	}
	return a
}

// memoAnalyzer is bleveEnglish with its last filter, the stemmer, remembering
// the stems it has made: a base's words recur, and stemming is a third of
// the cost of analysis. Only the build uses it, one per worker, so that no
// question's words are kept.
func memoAnalyzer() analysis.Analyzer {
	a, ok := bleveEnglish.(*analysis.DefaultAnalyzer)
	if !ok || len(a.TokenFilters) == 0 {
		return bleveEnglish
	}
	m := *a
	m.TokenFilters = slices.Clone(a.TokenFilters)
	last := len(m.TokenFilters) - 1
	m.TokenFilters[last] = &memoFilter{filter: a.TokenFilters[last], memo: map[string][]byte{}}
	return &m
}

// memoFilter applies a token filter that maps each term to one term
// (a stemmer) once per distinct term.
type memoFilter struct {
	filter analysis.TokenFilter
	memo   map[string][]byte
	one    [1]*analysis.Token
}

func (f *memoFilter) Filter(ts analysis.TokenStream) analysis.TokenStream {
	for _, t := range ts {
		if t.KeyWord {
			continue
		}
		if stem, ok := f.memo[string(t.Term)]; ok {
			t.Term = stem
			continue
		}
		word := string(t.Term)
		f.one[0] = t
		f.filter.Filter(f.one[:])
		f.memo[word] = t.Term
	}
	return ts
}

// Token is a term at a position of an analysed text.
type Token struct {
	Term string
	Pos  int32
}

// Analyse is text's tokens under a, in text order.
func Analyse(a analysis.Analyzer, text string) []Token {
	if text == "" {
		return nil
	}
	ts := a.Analyze([]byte(text))
	out := make([]Token, len(ts))
	for i, t := range ts {
		out[i] = Token{string(t.Term), int32(t.Position)}
	}
	return out
}

func sortTokens(ts []Token) []Token {
	slices.SortFunc(ts, func(x, y Token) int {
		if c := strings.Compare(x.Term, y.Term); c != 0 {
			return c
		}
		return int(x.Pos - y.Pos)
	})
	return ts
}
