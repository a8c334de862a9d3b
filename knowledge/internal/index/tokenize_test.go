package index

import (
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// FuzzPlainTokenizer: the plain tokenizer gives Bleve's Unicode
// tokenizer's tokens (term, offsets, position and type) for any text.
func FuzzPlainTokenizer(f *testing.F) {
	for _, s := range []string{
		"The drones were launched at 2:30 a.m. from the north, officials said.",
		"U.S. officials don't say; 1,000 or 1.5 or 3;4 people",
		"abc123 123abc 42 x_y _a b_ a:b a'b 'quoted' \"double\"",
		"tab\tand\nnew lines\r\n-- dashes -- and (brackets) [1] {2} #3 @4 $5 %6",
		"Дмитрий Песков said “yes” — café",
		"", " ", "a", "1", ".", "a.", ".a", "1,", ",1",
	} {
		f.Add(s)
	}
	unicodeTokenizer := unicode.NewUnicodeTokenizer()
	plain := plainTokenizer{unicodeTokenizer}
	f.Fuzz(func(t *testing.T, s string) {
		got, want := plain.Tokenize([]byte(s)), unicodeTokenizer.Tokenize([]byte(s))
		if len(got) != len(want) {
			t.Fatalf("%q: %d tokens, Bleve's %d: %v, %v", s, len(got), len(want), terms(got), terms(want))
		}
		for i := range got {
			g, w := *got[i], *want[i]
			if string(g.Term) != string(w.Term) || g.Start != w.Start || g.End != w.End || g.Position != w.Position || g.Type != w.Type || g.KeyWord != w.KeyWord {
				t.Fatalf("%q: token %d is %+v, Bleve's %+v", s, i, g, w)
			}
		}
	})
}

func terms(ts analysis.TokenStream) []string {
	var out []string
	for _, t := range ts {
		out = append(out, string(t.Term))
	}
	return out
}
