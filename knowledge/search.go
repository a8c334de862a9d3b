package knowledge

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/incidentbot/incidentbot/knowledge/internal/index"
)

// Entry kinds as they appear in search hits.
const (
	KindEvent  = "event"
	KindQuote  = "quote"
	KindClaim  = "claim"
	KindPerson = "person"
	KindSource = "source"
	// KindPassage marks the index documents of passages (see Passage).
	KindPassage = "passage"
)

// Hit is one search result.
type Hit struct {
	Kind, ID string
	Score    float64
}

// maxQueryRunes bounds the text a search looks at; chat messages can be
// long, and a hostile one should not cost more than a normal one.
const maxQueryRunes = 500

// terms analyses text as the index does, each term once, in order.
func (b *Base) terms(text string) []string { return termsOf(analyse(enAnalyzer, text)) }

// termsOf are the terms of tokens, each once, in order.
func termsOf(tokens []index.Token) []string {
	var out []string
	for _, t := range tokens {
		if !slices.Contains(out, t.Term) {
			out = append(out, t.Term)
		}
	}
	return out
}

// known reports whether the base holds term exactly in a searched field.
func (b *Base) known(term string) bool { return b.index.Has(term, searchedMask) }

// maxFuzzyRunes is the longest word in which a typo is forgiven: the
// automaton that finds typos grows with the word, and so its cost (a
// 500-letter word built one over all 500), while few real words are that
// long.
const maxFuzzyRunes = 20

// fuzziness allows one typo in a word of four letters or more and two in a
// long one; shorter words must match exactly or every "war" finds "was",
// and so must words longer than maxFuzzyRunes.
func fuzziness(term string) int {
	switch n := utf8.RuneCountInString(term); {
	case n > maxFuzzyRunes:
		return 0
	case n >= 8:
		return 2
	case n >= 4:
		return 1
	}
	return 0
}

// Search finds events, quotes and claims matching free text (as
// textQuery matches it), best first, at most n; kinds restricts the result
// to some of them (none: all three; KindPerson finds people by role and
// organisation). People are found by name with FindPeople: their names
// live on their own entries, which Search does not look at.
func (b *Base) Search(text string, n int, kinds ...string) []Hit {
	text = clip(text)
	if len(kinds) == 0 {
		kinds = []string{KindEvent, KindQuote, KindClaim}
	}
	var ks []int
	for _, k := range []int{kEvent, kQuote, kClaim, kPerson} {
		if slices.Contains(kinds, kindNames[k]) {
			ks = append(ks, k)
		}
	}
	if len(ks) == 0 {
		return nil
	}
	q := query{Clauses: b.textQuery(text, []field{{fBody, 1}, {fExcerpts, 0.5}}), Kinds: ks}
	var hits []Hit
	for _, h := range b.index.Run(q, n) {
		var id string
		switch h.Kind {
		case kEvent:
			id = b.Events[h.Doc].ID
		case kQuote:
			id = b.Quotes[h.Doc].ID
		case kClaim:
			id = b.Claims[h.Doc].ID
		case kPerson:
			id = b.People[h.Doc].ID
		}
		hits = append(hits, Hit{Kind: kindNames[h.Kind], ID: id, Score: h.Score})
	}
	return hits
}

// PassageHit is a passage found for a question.
type PassageHit struct {
	Passage
	Score float64
}

// SearchPassages finds the passages (sentences of excerpts, direct quotes)
// that best match a question, best first, at most n. A passage matches by
// its own words, scored highest, and by the words of its entry, so that
// "when did the attack happen" finds the sentence of the attack's event
// that gives its date.
func (b *Base) SearchPassages(text string, n int) []PassageHit {
	text = clip(text)
	q := query{Clauses: b.textQuery(text, []field{{fBody, 1}, {fAbout, 0.4}}), Kinds: []int{kPassage}}
	var hits []PassageHit
	for _, h := range b.index.Run(q, n) {
		hits = append(hits, PassageHit{Passage: b.passages[h.Doc], Score: h.Score})
	}
	return hits
}

// field is an index field a question is matched against, and its weight.
type field struct {
	id    int
	boost float64
}

// textQuery builds the clauses that match free text against fields, the
// first of which is the entry's own words. Exact words score above typos,
// a run of words matching as a phrase scores highest, and a name or alias
// of a person in the query finds what they said and did, and the text that
// calls them by another name ("Britain" finds "London").
func (b *Base) textQuery(text string, fields []field) []clause {
	var cs []clause
	tokens := analyse(enAnalyzer, text)
	terms := termsOf(tokens)
	ix := b.index
	match := ix.MatchClause(fields[0].id, tokens, fields[0].boost)
	phrase := index.PhraseOf(match, tokens)
	for _, f := range fields {
		cs = append(cs, match.In(f.id, f.boost))
		if len(terms) > 1 {
			cs = append(cs, phrase.In(f.id, 4*f.boost))
		}
	}
	// Two Cyrillic words can match the same stems ("Смирнов Смирнова"):
	// each stem is one clause, and a question, however long, has at most
	// maxStems of them.
	var stems []string
	for _, word := range b.russianWords(text) {
		for _, stem := range word {
			if len(stems) < maxStems && !slices.Contains(stems, stem) {
				stems = append(stems, stem)
				cs = append(cs, ix.TermClause(fRU, stem, 1.5))
			}
		}
	}
	own := fields[0].id
	for _, t := range terms {
		if f := fuzziness(t); f > 0 && !b.known(t) {
			cs = append(cs, ix.FuzzyClause(own, t, f, 0.3))
		}
	}
	for _, p := range b.mentioned(text) {
		cs = append(cs, b.mentionClauses(p, own)...)
	}
	return cs
}

// mentionOf is the key of a person's mentionClauses in a field, in the
// base's memo.
type mentionOf struct {
	p     *Person
	field int
}

// mentionClauses are the clauses a question that names a person adds for
// them (textQuery), with own the field of an entry's own words: the
// same for every question, so made once a person and kept with the base
// (a message may name hundreds of people, each with several names).
func (b *Base) mentionClauses(p *Person, own int) []clause {
	return Memo(b, mentionOf{p, own}, func() []clause {
		ix := b.index
		cs := []clause{ix.TermClause(fPeople, p.ID, 1.5)}
		for _, alias := range append([]string{p.Name}, p.Aliases...) {
			if isAcronym(alias) {
				continue // "US" would be analysed to the stop word "us"
			}
			cs = append(cs, ix.PhraseClause(own, analyse(enAnalyzer, alias), 0.8))
		}
		return slices.Clip(cs)
	})
}

// Known reports how many of the query's words (after analysis, stop words
// dropped) the base knows, exactly or with a typo, out of how many. It
// lets an answer say "nothing on this" instead of showing hits that share
// one word with the question. It reads the index's term dictionaries only,
// never its postings, so it costs little even on a large base.
func (b *Base) Known(text string) (known, total int) {
	text = clip(text)
	terms := b.terms(text)
	for _, t := range terms {
		if b.known(t) || b.knownRussian(t) || b.nearTerm(t) {
			known++
		}
	}
	return known, len(terms)
}

// knownRussian reports whether a Cyrillic word is in the base once Russian
// stemming is applied ("Смирнова" is "Смирнов").
func (b *Base) knownRussian(word string) bool {
	words := b.russianWords(word)
	return len(words) > 0 && len(words[0]) > 0
}

// minStem is the shortest Russian stem matched as a prefix of another.
const minStem = 4

// maxStems is the most Russian stems a question is matched by; a word's
// stem can be the prefix of many indexed ones.
const maxStems = 64

// russianWords analyses the Cyrillic words of text as Russian and returns,
// for each distinct one, the indexed stems it matches. The Snowball stemmer does not
// always agree with itself across a surname's cases (a nominative may
// lose a letter its genitive keeps), so a stem also matches an indexed stem that is its
// prefix, or of which it is a prefix, when the shorter has at least
// minStem letters.
func (b *Base) russianWords(text string) [][]string {
	if !hasCyrillic(text) {
		return nil
	}
	vocab := b.index.RussianTerms()
	var out [][]string
	var seen []string
	for _, t := range analyse(ruAnalyzer, text) {
		stem := t.Term
		if !hasCyrillic(stem) || slices.Contains(seen, stem) {
			continue
		}
		seen = append(seen, stem)
		var matches []string
		// Indexed stems that are stem or a prefix of it...
		runes := []rune(stem)
		for n := len(runes); n >= 1; n-- {
			if n < len(runes) && n < minStem {
				break
			}
			if v := string(runes[:n]); slices.Contains(matches, v) {
				continue
			} else if _, ok := slices.BinarySearch(vocab, v); ok {
				matches = append(matches, v)
			}
		}
		// ...and those of which it is a prefix.
		if len(runes) >= minStem {
			i, _ := slices.BinarySearch(vocab, stem)
			for ; i < len(vocab) && strings.HasPrefix(vocab[i], stem); i++ {
				if !slices.Contains(matches, vocab[i]) {
					matches = append(matches, vocab[i])
				}
			}
		}
		slices.Sort(matches)
		out = append(out, matches)
	}
	return out
}

// nearTerm reports whether a typo of term (within its fuzziness) is in a
// searched field's dictionary.
func (b *Base) nearTerm(term string) bool {
	f := fuzziness(term)
	return f > 0 && len(b.index.Near(term, f, searchedMask, func(index.Candidate) bool { return true })) > 0
}

// IsName reports whether text is exactly a name, alias, role or id of
// someone in the base (up to case, punctuation and a leading article), as
// opposed to a typo or another form of one.
func (b *Base) IsName(text string) bool { return len(b.byName[normName(clip(text))]) > 0 }

// FindPeople returns the people a query designates by name, alias, role or
// organisation, allowing a typo in each word: "Smiht", "Minstry
// spokesman", "Смирнов". An exact name or alias wins outright.
func (b *Base) FindPeople(text string) []*Person {
	text = clip(text)
	want := normName(text)
	if want == "" {
		return nil
	}
	if exact := b.byName[want]; len(exact) > 0 {
		return exact
	}
	// Every word of the query must match one of the person's names.
	terms := b.terms(text)
	if len(terms) == 0 {
		return nil
	}
	ix := b.index
	var must []clause
	for _, t := range terms {
		if b.known(t) {
			must = append(must, ix.TermClause(fNames, t, 1))
			continue
		}
		must = append(must, ix.FuzzyClause(fNames, t, fuzziness(t), 1))
	}
	if words := b.russianWords(text); len(words) > 0 {
		// Every Cyrillic word must match one of the person's names.
		must = nil
		for _, stems := range words {
			if len(stems) == 0 {
				return nil
			}
			var any clause
			for _, stem := range stems {
				any.Items = append(any.Items, ix.TermClause(fRU, stem, 1).Items...)
			}
			must = append(must, any)
		}
	}
	hits := ix.Run(query{Clauses: must, All: true, Kinds: []int{kPerson}}, 10)
	if len(hits) == 0 {
		return nil
	}
	var out []*Person
	top := hits[0].Score
	for _, h := range hits {
		// Keep near-ties ("Ann" is two people), drop weak tails.
		if h.Score < top*0.75 {
			break
		}
		out = append(out, &b.People[h.Doc])
	}
	return out
}

// maxNameWords is the longest name, in words, that query expansion looks
// for in a question.
const maxNameWords = 5

// mentioned returns every person named in text by a name or alias, so that
// a question about "Britain" also matches "United Kingdom" and "London".
// It looks up every run of up to maxNameWords words of the question.
func (b *Base) mentioned(text string) []*Person {
	folded := strings.Fields(normName(text))
	raw := strings.FieldsFunc(text, isSep)
	var found []*Person
	look := func(words []string) {
		// Each run of words joined with spaces is a slice of them all
		// joined: no run is built apart.
		joined := strings.Join(words, " ")
		starts := make([]int, len(words)+1)
		for i, w := range words {
			starts[i+1] = starts[i] + len(w) + 1
		}
		for n := 1; n <= maxNameWords; n++ {
			for i := 0; i+n <= len(words); i++ {
				for _, p := range b.byMention[joined[starts[i]:starts[i+n]-1]] {
					if !slices.Contains(found, p) {
						found = append(found, p)
					}
				}
			}
		}
	}
	look(folded)
	look(raw)
	// A Cyrillic name in any of its cases: "Смирнова" names Смирнов.
	for _, stems := range b.russianWords(text) {
		for _, stem := range stems {
			for _, p := range b.byRussianStem[stem] {
				if !slices.Contains(found, p) {
					found = append(found, p)
				}
			}
		}
	}
	return found
}

// mentionKey is how a name is looked up when it is mentioned in a question:
// folded, or word by word in capitals for an acronym.
func mentionKey(name string) string {
	if isAcronym(name) {
		return strings.Join(strings.FieldsFunc(name, isSep), " ")
	}
	return normName(name)
}

func isAcronym(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters > 0 && letters <= 4
}

func isSep(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// normName folds a name for exact comparison: case, punctuation, a leading
// article and a possessive go ("the ministry's" = "ministry").
func normName(s string) string {
	s = strings.ToLower(Fold(s))
	s = strings.ReplaceAll(s, "'s ", " ")
	s = strings.TrimSuffix(s, "'s")
	s = strings.Join(strings.FieldsFunc(s, isSep), " ")
	for _, article := range []string{"the ", "a ", "an "} {
		if rest, ok := strings.CutPrefix(s, article); ok {
			return rest
		}
	}
	return s
}

func hasCyrillic(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Cyrillic, r) {
			return true
		}
	}
	return false
}

func clip(s string) string {
	// Most texts are short: counting is enough, and allocates nothing.
	if utf8.RuneCountInString(s) <= maxQueryRunes {
		return s
	}
	if r := []rune(s); len(r) > maxQueryRunes {
		return string(r[:maxQueryRunes])
	}
	return s
}
