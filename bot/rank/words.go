package rank

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/aaaton/golem/v4"
	"github.com/aaaton/golem/v4/dicts/en"

	"github.com/incidentbot/incidentbot/bot/rank/internal/thesaurus"
	"github.com/incidentbot/incidentbot/knowledge"
)

// The words people ask with, bridged to the words the sources use: every
// form of a word (a lemmatizer), the words English relates to it (a
// thesaurus), the incident's own synonyms (the knowledge file's), and a
// long word typed with a typo.

// lemmatizer is the English lemmatizer (golem, whose dictionary is
// michmech/lemmatization-lists, ODbL), loaded the first time a word is
// read; nil if it did not load, when a word is its own lemma.
var lemmatizer = sync.OnceValue(func() *golem.Lemmatizer {
	l, err := golem.New(en.New())
	if err != nil {
		return nil
	}
	return l
})

// lemma is a lower-case word's dictionary form: "flew" and "flown" are
// "fly", "spies" is "spy".
func lemma(w string) string {
	if l := lemmatizer(); l != nil {
		return l.LemmaLower(w)
	}
	return w
}

// englishWord reports whether the lemmatizer knows a lower-case word.
func englishWord(w string) bool {
	l := lemmatizer()
	return l != nil && l.InDict(w)
}

// numberWords are the numbers that news reports spell out: "2 ships"
// reads as "two ships".
var numberWords = map[string]string{
	"1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven", "8": "eight", "9": "nine", "10": "ten",
}

// phrases are runs of words that English reads as another word, which
// their words alone would misread: "did they know" asks whether they were
// aware ("what do we know" does not), "right after" is "after", a
// report that came out was published, "3rd" is "3", "what's" is "what
// is"; an idiom is no topic.
var phrases = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`(?i)\bright (before|after|now|away|then)\b`), "$1"},
	{regexp.MustCompile(`(?i)\b(did|does|do|was|is|were) ([\pL ]{1,30}?) (know|knew)\b`), "$1 $2 aware"},
	{regexp.MustCompile(`(?i)\b(come|came|comes) out\b`), "published"},
	{regexp.MustCompile(`(?i)\bmade (it |them )?public\b`), "released"},
	{regexp.MustCompile(`(?i)\b(put|puts|putting) out\b`), "released"},
	{regexp.MustCompile(`(?i)\b(\d{1,2})(st|nd|rd|th)\b`), "$1"},
	// "What's" and "whats" ask "what is".
	{regexp.MustCompile(`(?i)\b(what|who)(?:'|’)?s\b`), "$1 is"},
	// What took place happened: "where did it take place" asks where it
	// happened, and "place" is no word of what.
	{regexp.MustCompile(`(?i)\b(take|takes|took|taken|taking) place\b`), "happen"},
	// A toll is a count: "the death toll" asks how many died.
	{regexp.MustCompile(`(?i)\b(?:what (?:is|was) )?(?:the )?death toll\b`), "how many died"},
	// Idioms that say nothing of what is asked: "why did they leave in
	// the first place", "who won in the end", "did they end up voting".
	{regexp.MustCompile(`(?i)\b(in the first place|in the end|after all)\b`), ""},
	{regexp.MustCompile(`(?i)\b(end|ends|ended|ending) up\b`), ""},
	// Thanks at the end of a question is courtesy; "did they thank the
	// police" asks something.
	{regexp.MustCompile(`(?i)[,;]?\s*\b(thanks|thank you|thx)\b[\s!.]*$`), ""},
}

// vocabulary is what the ranking knows of the words of one base: each
// lemma's forms among the base's words, and its synonyms section read
// for matching.
type vocabulary struct {
	// forms are, by lemma, the base's words of that lemma, lower case.
	forms map[string][]string
	// words are the base's words of five letters or more, for reading a
	// typo (spell).
	words []string
	// phrases are the synonyms' phrases of more than one word, by their
	// words' lemmas joined with spaces, and what they mean.
	phrases map[string]string
	// longest is the most words a phrase has.
	longest int
	// byLemma are the synonyms of one word, by its lemma.
	byLemma map[string]string
	// byWord are the synonyms of one word as written, byTerm by its
	// term (knowledge.Base.Terms: "feeling" is "feel").
	byWord, byTerm map[string]string
	// kindsOf are, by a lemma, the base's words that the thesaurus
	// gives it as the kind of ("missiles", of "weapon"): what a
	// question's general word may be in the base's words.
	kindsOf map[string][]string
	// reverse are, by a term of what a synonym means, the terms of the
	// words a question may use for it: a synonym works both ways for
	// what a passage covers ("video" is covered by "footage").
	reverse map[string][]string
}

// vocabulary is the base's vocabulary, worked out once per base.
func (r Ranker) vocabulary() *vocabulary {
	f := r.facts()
	f.vocabularyOnce.Do(func() { f.vocabulary = r.newVocabulary() })
	return f.vocabulary
}

func (r Ranker) newVocabulary() *vocabulary {
	b := r.b
	v := &vocabulary{forms: map[string][]string{}, phrases: map[string]string{}, byLemma: map[string]string{}, byWord: map[string]string{}, byTerm: map[string]string{}, reverse: map[string][]string{}}
	seen := map[string]bool{}
	add := func(text string) {
		for _, w := range strings.FieldsFunc(strings.ToLower(text), isWordSep) {
			if seen[w] || !utf8.ValidString(w) {
				continue
			}
			seen[w] = true
			l := lemma(w)
			v.forms[l] = append(v.forms[l], w)
			if utf8.RuneCountInString(w) >= 5 {
				v.words = append(v.words, w)
			}
		}
	}
	cited := func(cs []knowledge.Citation) {
		for _, c := range cs {
			add(c.Excerpt)
		}
	}
	for _, e := range b.Events {
		cited(e.Citations)
	}
	for _, q := range b.Quotes {
		add(q.Text)
		cited(q.Citations)
	}
	for _, c := range b.Claims {
		for _, p := range c.Positions {
			cited(p.Citations)
		}
	}
	for _, p := range b.People {
		add(strings.Join(append([]string{p.Name}, p.Aliases...), " "))
	}
	slices.Sort(v.words)
	v.kindsOf = map[string][]string{}
	for l, fs := range v.forms {
		_, kinds := thesaurus.Related(l)
		for _, k := range kinds {
			v.kindsOf[k] = append(v.kindsOf[k], fs...)
		}
	}
	for _, ws := range v.kindsOf {
		// In the same order whatever order the map gave them in: the
		// first the base holds weighs for a word it does not (units).
		slices.Sort(ws)
	}
	for _, s := range b.Synonyms {
		for _, a := range s.Ask {
			ws := knowledge.SynonymWords(a)
			if len(ws) > 1 {
				key := lemmaKey(ws)
				v.phrases[key] = s.Means
				v.longest = max(v.longest, len(ws))
				continue
			}
			if len(ws) == 1 {
				v.byWord[ws[0]] = join(v.byWord[ws[0]], s.Means)
				// A name stands only for the very word ("Americans" for
				// the country, not "American" of anything).
				if len(b.Mentioned(s.Means)) == 0 {
					v.byLemma[lemma(ws[0])] = join(v.byLemma[lemma(ws[0])], s.Means)
					if ts := b.Terms(ws[0]); len(ts) == 1 {
						v.byTerm[ts[0]] = join(v.byTerm[ts[0]], s.Means)
					}
				}
				for _, t := range b.Terms(s.Means) {
					v.reverse[t] = append(v.reverse[t], b.Terms(ws[0])...)
				}
			}
		}
	}
	return v
}

// join joins two lists of words.
func join(a, b string) string { return strings.TrimSpace(a + " " + b) }

// lemmaKey is the words' lemmas joined with spaces.
func lemmaKey(words []string) string {
	ls := make([]string, len(words))
	for i, w := range words {
		ls[i] = lemma(w)
	}
	return strings.Join(ls, " ")
}

// synonym is what the base's synonyms give for a word: those of the word
// itself, or of another form of it ("feeling" has those of "feel",
// "flew" of "fly").
func (r Ranker) synonym(w string) (string, bool) {
	v := r.vocabulary()
	if s, ok := v.byWord[w]; ok {
		return s, true
	}
	if s, ok := v.byLemma[lemma(w)]; ok {
		return s, true
	}
	if ts := r.b.Terms(w); len(ts) == 1 {
		s, ok := v.byTerm[ts[0]]
		return s, ok
	}
	return "", false
}

// rewritePhrases reads the base's synonyms of more than one word ("white
// house") as what they mean, in a lower-case or any text.
func (r Ranker) rewritePhrases(q string) string {
	v := r.vocabulary()
	if len(v.phrases) == 0 {
		return q
	}
	fields := strings.Fields(q)
	// Each field's lemma, worked out once; "" for a field that is not one
	// word ("3,000", "—").
	lemmas := make([]string, len(fields))
	for i, f := range fields {
		if ws := knowledge.SynonymWords(f); len(ws) == 1 {
			lemmas[i] = lemma(ws[0])
		}
	}
	var out []string
	for i := 0; i < len(fields); i++ {
		matched := false
		for n := min(v.longest, len(fields)-i); n >= 2 && !matched; n-- {
			if slices.Contains(lemmas[i:i+n], "") {
				continue
			}
			if means, ok := v.phrases[strings.Join(lemmas[i:i+n], " ")]; ok {
				out = append(out, means)
				i += n - 1
				matched = true
			}
		}
		if !matched {
			out = append(out, fields[i])
		}
	}
	return strings.Join(out, " ")
}

// formsOf are the base's words of the same lemma as a word, other than
// itself: "flew" finds "flown", "spies" "spy".
func (r Ranker) formsOf(w string) []string {
	return slices.DeleteFunc(slices.Clone(r.vocabulary().forms[lemma(w)]), func(f string) bool { return f == w })
}

// relatedOf are the base's words that English relates to a word (the
// thesaurus): close, its synonyms and derived forms ("died" finds
// "killed"), and kinds, what it is a kind of or its kinds ("strike" finds
// "attack").
func (r Ranker) relatedOf(w string) (close, kinds []string) {
	forms := r.vocabulary().forms
	c, k := thesaurus.Related(lemma(w))
	for _, rel := range c {
		close = append(close, forms[rel]...)
		// Of a regular form only ("striking": "strike"): an irregular
		// one is another word ("better": "well").
		if l := lemma(rel); l != rel && l != lemma(w) && sharedPrefix(l, rel) >= 3 {
			close = append(close, forms[l]...)
		}
	}
	for _, rel := range k {
		kinds = append(kinds, forms[rel]...)
	}
	// And the base's words of which it is the kind: "what weapons"
	// asks what the base calls by a narrower word ("missiles").
	kinds = append(kinds, r.vocabulary().kindsOf[lemma(w)]...)
	return close, kinds
}

// sharedPrefix is how many letters two words open with alike.
func sharedPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// spell reads a word of five letters or more that is neither the base's
// nor English as the base's word it is one letter from ("shps" is
// "ships", "attak" "attack"), as /timeline reads it, or two letters
// typed the wrong way round ("recieved": "received").
func (r Ranker) spell(q string) string {
	words := r.vocabulary().words
	fields := strings.Fields(q)
	for i, f := range fields {
		w := strings.ToLower(strings.TrimFunc(f, func(c rune) bool { return !unicode.IsLetter(c) }))
		// A word with a mark inside ("france's", "co-founder") is read as
		// its parts are, never as one word a letter away ("frances").
		// A word the search drops ("there", "which") is no typo either,
		// though the lemmatizer may not hold it: "are there" read as
		// "are three" asks about a number.
		if utf8.RuneCountInString(w) < 5 || strings.ContainsFunc(w, func(c rune) bool { return !unicode.IsLetter(c) }) || englishWord(w) || len(r.vocabulary().forms[lemma(w)]) > 0 || len(r.b.Terms(w)) == 0 {
			continue
		}
		// A letter left out is the likeliest typo ("shps": "ships",
		// not "ship"), then one changed or added.
		best := ""
		for _, bw := range words {
			if (withinOneEdit(bw, w) || swapped(bw, w)) && (best == "" || len(bw) > len(w) && len(best) <= len(w)) {
				best = bw
			}
		}
		if best != "" {
			typed := strings.TrimFunc(f, func(c rune) bool { return !unicode.IsLetter(c) })
			if first, _ := utf8.DecodeRuneInString(typed); unicode.IsUpper(first) {
				// A name keeps its capital ("Qatari": "Qatar").
				r, n := utf8.DecodeRuneInString(best)
				best = string(unicode.ToUpper(r)) + best[n:]
			}
			fields[i] = strings.Replace(f, typed, best, 1)
		}
	}
	return strings.Join(fields, " ")
}

// swapped reports whether two words are the same but for two letters
// side by side the other way round.
func swapped(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) != len(rb) {
		return false
	}
	i := 0
	for i < len(ra) && ra[i] == rb[i] {
		i++
	}
	return i+1 < len(ra) && ra[i] == rb[i+1] && ra[i+1] == rb[i] && slices.Equal(ra[i+2:], rb[i+2:])
}
