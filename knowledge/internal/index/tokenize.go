package index

import "github.com/blevesearch/bleve/v2/analysis"

// plainTokenizer splits text as Bleve's Unicode tokenizer (UAX #29 word
// boundaries) does, faster for most of a base's text: text of ASCII in
// which no character can join the letters and digits around it is split
// at once into its runs of letters and digits; anything else goes to
// Bleve's. Questions, and ranking's analysis of the base's texts when a
// question first meets them, are tokenised with it (English).
// FuzzPlainTokenizer holds it to Bleve's tokenizer, token for token.
type plainTokenizer struct{ unicode analysis.Tokenizer }

func (t plainTokenizer) Tokenize(input []byte) analysis.TokenStream {
	runs := plainRuns(input)
	if runs < 0 {
		return t.unicode.Tokenize(input)
	}
	tokens := make([]analysis.Token, runs)
	out := make(analysis.TokenStream, runs)
	n := 0
	for i := 0; i < len(input); {
		if !alnum(input[i]) {
			i++
			continue
		}
		start, digits := i, true
		for ; i < len(input) && alnum(input[i]); i++ {
			digits = digits && input[i] <= '9'
		}
		typ := analysis.AlphaNumeric
		if digits {
			typ = analysis.Numeric
		}
		tokens[n] = analysis.Token{Term: input[start:i], Start: start, End: i, Position: n + 1, Type: typ}
		out[n] = &tokens[n]
		n++
	}
	return out
}

// plainRuns is how many runs of letters and digits input holds, or -1
// if it is not plain: a byte outside ASCII, an underscore (which joins
// what it touches), or a character that joins the letters or digits on
// both sides of it ("U.S", "don't", "1,000", "a:b").
func plainRuns(input []byte) int {
	runs := 0
	for i, c := range input {
		switch {
		case c >= 0x80 || c == '_':
			return -1
		case alnum(c):
			if i == 0 || !alnum(input[i-1]) {
				runs++
			}
		case c == '.' || c == '\'' || c == ':' || c == ',' || c == ';':
			if i > 0 && i+1 < len(input) && alnum(input[i-1]) && alnum(input[i+1]) {
				return -1
			}
		}
	}
	return runs
}

func alnum(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' }
