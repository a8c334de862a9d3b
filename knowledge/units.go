package knowledge

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Passage is what /ask can lead with: one sentence of a cited excerpt, or
// a direct quote's exact words, tied to the entry it belongs to. Both are
// verbatim source text, so the lead of an answer is never the curator's
// paraphrase.
type Passage struct {
	// Kind and ID name the entry (event, quote or claim).
	Kind, ID string
	// Text is verbatim: a sentence of Source's excerpt, or a direct
	// quote's words (Source then is the quote's first citation's).
	Text   string
	Source string
	// Quote marks Text as a direct quote's own words.
	Quote bool
	// Position is the claim position the excerpt belongs to, -1 otherwise.
	Position int
}

// passages lists every passage of the base: each direct quote's words and
// each sentence of every excerpt, in file order. The same sentence cited
// by several entries is a passage of each, so that the answer can show it
// under the entry that best fits the question.
func passages(b *Base) []Passage {
	var out []Passage
	add := func(kind, id string, pos int, cs []Citation) {
		for _, c := range cs {
			for _, s := range Sentences(c.Excerpt) {
				out = append(out, Passage{Kind: kind, ID: id, Text: s, Source: c.Source, Position: pos})
			}
		}
	}
	for _, e := range b.Events {
		add(KindEvent, e.ID, -1, e.Citations)
	}
	for _, q := range b.Quotes {
		if q.Kind == Direct && len(q.Citations) > 0 {
			out = append(out, Passage{Kind: KindQuote, ID: q.ID, Text: q.Text, Source: q.Citations[0].Source, Quote: true, Position: -1})
		}
		add(KindQuote, q.ID, -1, q.Citations)
	}
	for _, c := range b.Claims {
		for i, p := range c.Positions {
			add(KindClaim, c.ID, i, p.Citations)
		}
	}
	return out
}

// abbreviations end with a full stop that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "gen": true,
	"lt": true, "col": true, "sen": true, "rep": true, "gov": true, "prof": true,
	"no": true, "vs": true, "jan": true, "feb": true, "aug": true, "sept": true,
	"oct": true, "nov": true, "dec": true, "inc": true, "corp": true, "jr": true,
}

// Sentences splits an excerpt into its sentences, verbatim: at a full
// stop, question or exclamation mark (with any closing quotation marks)
// followed by a space and a capital, a digit or an opening quotation
// mark, except after an abbreviation ("Mr.", "U.S.") or an elision
// ("..." inside a sentence). An excerpt's leading or trailing elision
// stays with its sentence.
func Sentences(text string) []string {
	text = strings.TrimSpace(text)
	var out []string
	start := 0
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		end := i + n
		if r != '.' && r != '?' && r != '!' && r != '…' {
			i = end
			continue
		}
		// Take the run of terminal punctuation and closing quotes.
		for end < len(text) {
			r2, n2 := utf8.DecodeRuneInString(text[end:])
			if !strings.ContainsRune(".?!…”’\")", r2) {
				break
			}
			end += n2
		}
		if end >= len(text) || text[end] != ' ' {
			i = end
			continue
		}
		next, _ := utf8.DecodeRuneInString(strings.TrimLeft(text[end:], " "))
		ellipsis := strings.Contains(text[i:end], "...") || strings.ContainsRune(text[i:end], '…')
		if !(unicode.IsUpper(next) || unicode.IsDigit(next) || strings.ContainsRune("“\"‘", next)) ||
			(r == '.' && !ellipsis && isAbbreviation(text[start:i])) || (ellipsis && !unicode.IsUpper(next)) {
			i = end
			continue
		}
		if s := strings.TrimSpace(text[start:end]); s != "" {
			out = append(out, s)
		}
		start, i = end, end
	}
	if s := strings.TrimSpace(text[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

// isAbbreviation reports whether the text before a full stop ends with an
// abbreviation: a known one, or initials such as "U.S" or "J".
func isAbbreviation(before string) bool {
	f := strings.Fields(before)
	if len(f) == 0 {
		return false
	}
	w := strings.TrimLeft(f[len(f)-1], "(“\"‘")
	if abbreviations[strings.ToLower(w)] {
		return true
	}
	// Initials: single letters joined by full stops ("U.S", "J").
	for _, part := range strings.Split(w, ".") {
		if utf8.RuneCountInString(part) != 1 || !unicode.IsUpper([]rune(part)[0]) {
			return false
		}
	}
	return true
}

// passageAbout is what a passage's entry says in its own words, and the
// people it is by or about, for the passage's index document.
func (b *Base) passageAbout(p Passage) (about string, people []string) {
	switch p.Kind {
	case KindEvent:
		e := b.events[p.ID]
		return strings.Join(append([]string{e.Title, e.Summary}, e.Tags...), "\n"), e.Actors
	case KindQuote:
		q := b.quotes[p.ID]
		parts := []string{q.Context, q.Medium}
		if q.Kind != Direct {
			parts = append(parts, q.Text)
		}
		return strings.Join(append(parts, q.Via...), "\n"), []string{q.Speaker}
	case KindClaim:
		c := b.claims[p.ID]
		pos := c.Positions[p.Position]
		parts := append([]string{c.Statement}, c.Tags...)
		if q := b.quotes[pos.Quote]; q != nil {
			parts = append(parts, q.Text)
		}
		return strings.Join(parts, "\n"), []string{pos.Actor}
	}
	return "", nil
}

// Terms analyses text as the index does (English: lower case, stop words
// dropped, stemmed), each term once, for comparing a question's words
// with a passage's.
func (b *Base) Terms(text string) []string { return b.terms(clip(text)) }

// About is the words of a passage's entry that the index matches it by.
func (b *Base) About(p Passage) string {
	about, _ := b.passageAbout(p)
	return about
}

// Knows reports whether the base holds a term (as Terms gives it), exactly
// or, for a word of five letters or more, with a typo: shorter words must
// be exact, or "moon" would be known through "noon".
func (b *Base) Knows(term string) bool {
	if b.known(term) || b.knownRussian(term) {
		return true
	}
	return utf8.RuneCountInString(term) >= 5 && b.nearTerm(term)
}

// Mentioned returns every person a text names by a name or alias, in any
// case of a Cyrillic name.
func (b *Base) Mentioned(text string) []*Person { return b.mentioned(clip(text)) }

// Weight is how much a term says about what a text is about: its inverse
// document frequency in the base, so that "damage" counts for more than
// "Kremlin", which nearly every entry holds. A term the base does not
// hold weighs as much as the rarest.
func (b *Base) Weight(term string) float64 {
	df := b.index.DF(fBody, term)
	return math.Log(1 + float64(b.index.Docs()+1)/float64(df+1))
}
