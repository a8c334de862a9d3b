package rank

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/incidentbot/incidentbot/knowledge"
)

// How much of what a question is about a text holds (covers): the
// measure the ranking rests on.

// covers is the weighted share of what the question is about that a text
// holds: a content term (or a synonym of it, or a typo or another ending
// of a long one), or a person it names (by any of their names, or as the
// text's speaker or actor, or their organisation's). The text is always
// one of the base's own (a passage, an entry's words, a statement), whose
// analysis the base's facts keep (text).
func (r Ranker) covers(qu Question, text string, people []string) float64 {
	if len(qu.units) == 0 {
		return 1
	}
	return r.coversText(qu, r.text(text), people)
}

// coversText is covers of a text whose facts are at hand; also are people
// it names by a pronoun (passageFacts.antecedents).
func (r Ranker) coversText(qu Question, tf *textFacts, people []string, also ...*knowledge.Person) float64 {
	if len(qu.units) == 0 {
		return 1
	}
	// What hasAny finds of each unit in a text is the same for every
	// passage the text is part of.
	has, ok := qu.seen.texts[tf]
	if !ok {
		words := tf.terms
		if out, cut := r.nameWordsOut(qu, tf); cut {
			words = r.b.Terms(out)
		}
		has = r.held(qu, words)
		qu.seen.texts[tf] = has
	}
	var named []*knowledge.Person
	if qu.form.people != nil || slices.ContainsFunc(qu.units, func(u unit) bool { return u.person != "" }) {
		named = r.namedIn(tf)
		if also != nil {
			named = append(slices.Clip(named), also...)
		}
	}
	var got, total float64
	for i, u := range qu.units {
		total += u.weight
		switch {
		case u.person != "" && qu.form.say && slices.ContainsFunc(qu.form.people, func(p *knowledge.Person) bool { return p.ID == u.person }):
			// Asked what someone said: their words cover them; words that
			// only name them are about them, not by them.
			if r.coversPerson(u.person, people, nil) {
				got += u.weight
			} else if r.coversPerson(u.person, nil, named) {
				got += u.weight / 2
			}
		case u.person != "":
			if r.coversPerson(u.person, people, named) {
				got += u.weight
			}
		default:
			got += u.weight * has[i]
		}
	}
	if total == 0 {
		return 1
	}
	return got / total
}

// held is, for each unit of a question that is not a person, how surely
// a text with these words holds it: the most any of its words does.
func (r Ranker) held(qu Question, words []string) []float64 {
	has := make([]float64, len(qu.units))
	for _, w := range words {
		for _, m := range r.unitsOf(qu, w) {
			has[m.unit] = max(has[m.unit], m.has)
		}
	}
	return has
}

// unitHas is how surely one word holds one of a question's units.
type unitHas struct {
	unit int
	has  float64
}

// unitsOf is how surely a word of a text holds each unit of a question
// it holds something of: hasAny of the word and the unit's terms, or
// weights.related of its near terms, whichever is more. What a text holds
// of a unit is the most any of its words does (hasAny is the most over its
// words), so each word is compared with the question's terms once per
// question, not once for every text it is in, and only with the terms
// it can match (unitTerms.near).
func (r Ranker) unitsOf(qu Question, w string) []unitHas {
	if ms, ok := qu.seen.words[w]; ok {
		return ms
	}
	if qu.seen.terms == nil {
		qu.seen.terms = termsOfUnits(qu.units)
	}
	// has[2i] is what w holds of unit i's alts, has[2i+1] of its near
	// terms.
	has := qu.seen.scratch
	if len(has) != 2*len(qu.units) {
		has = make([]float64, 2*len(qu.units))
		qu.seen.scratch = has
	}
	var touched []int
	for _, terms := range qu.seen.terms.near(w) {
		for _, t := range terms {
			if h := holds(w, t.term, r.isName); h > 0 {
				i := 2 * t.unit
				if t.near {
					i++
				}
				if has[i] == 0 {
					touched = append(touched, i)
				}
				has[i] = max(has[i], h)
			}
		}
	}
	var ms []unitHas
	for i, u := range qu.units {
		h := has[2*i]
		if h < 1 && u.near != nil {
			h = max(h, weights.related*has[2*i+1])
		}
		if h > 0 {
			ms = append(ms, unitHas{i, h})
		}
	}
	for _, i := range touched {
		has[i] = 0
	}
	qu.seen.words[w] = ms
	return ms
}

// unitTerm is one term of a question's unit: one of its alts, or of its
// near terms.
type unitTerm struct {
	term string
	unit int
	near bool
}

// unitTerms are the terms of a question's units (but its people), by
// what a word must share with them to be within hasAny's reach.
type unitTerms struct {
	// exact are all of them by term; heads and tails those of five bytes
	// or more by their first and last two letters, and long all of those;
	// any those of five bytes or more with fewer than four letters, or
	// not valid UTF-8.
	exact, heads, tails map[string][]unitTerm
	long, any           []unitTerm
}

func termsOfUnits(units []unit) *unitTerms {
	ts := &unitTerms{exact: map[string][]unitTerm{}, heads: map[string][]unitTerm{}, tails: map[string][]unitTerm{}}
	for i, u := range units {
		if u.person != "" {
			continue
		}
		for k, terms := range [][]string{u.alts, u.near} {
			for _, t := range terms {
				ut := unitTerm{term: t, unit: i, near: k == 1}
				ts.exact[t] = append(ts.exact[t], ut)
				if len(t) < 5 {
					continue
				}
				head, tail, ok := ends(t)
				if !ok {
					ts.any = append(ts.any, ut)
					continue
				}
				ts.heads[head] = append(ts.heads[head], ut)
				ts.tails[tail] = append(ts.tails[tail], ut)
				ts.long = append(ts.long, ut)
			}
		}
	}
	return ts
}

// near are the terms hasAny may find w to hold: a term is w, or both
// are of five bytes or more and one starts the other or they are within
// one letter of each other (withinOneEdit). Two words that are within
// one letter share their first two letters or their last two, unless
// one has fewer than four letters: what the edit leaves before it and
// after it is the same in both and, in words of four letters or more,
// two letters long at one end or the other. A word one starts shares
// its first two. So a term is compared with w only if it is w or shares
// an end with it; a word with no such ends, with all terms.
func (ts *unitTerms) near(w string) [4][]unitTerm {
	if len(w) < 5 {
		return [4][]unitTerm{ts.exact[w]}
	}
	head, tail, ok := ends(w)
	if !ok {
		return [4][]unitTerm{ts.exact[w], ts.long, ts.any}
	}
	return [4][]unitTerm{ts.exact[w], ts.heads[head], ts.tails[tail], ts.any}
}

// ends are the first two and the last two letters of a word of valid
// UTF-8 and four letters or more; ok is false for any other word.
func ends(w string) (head, tail string, ok bool) {
	if !utf8.ValidString(w) || utf8.RuneCountInString(w) < 4 {
		return "", "", false
	}
	_, a := utf8.DecodeRuneInString(w)
	_, b := utf8.DecodeRuneInString(w[a:])
	_, c := utf8.DecodeLastRuneInString(w)
	_, d := utf8.DecodeLastRuneInString(w[:len(w)-c])
	return w[:a+b], w[len(w)-c-d:], true
}

// nameWordsOut leaves out of a text the capitalised words inside it
// that share a stem with another word of the question: "Times" of the New
// Times of a newspaper's name is not the "timing" asked about. It reports whether it left
// any word out.
func (r Ranker) nameWordsOut(qu Question, tf *textFacts) (string, bool) {
	text := tf.text
	if len(tf.caps) == 0 {
		return text, false
	}
	if qu.seen.surfaces == nil {
		qu.seen.surfaces = map[string][]string{}
		for _, w := range strings.FieldsFunc(strings.ToLower(qu.search), isWordSep) {
			if ts := r.b.Terms(w); len(ts) == 1 && !slices.Contains(qu.seen.surfaces[ts[0]], w) {
				qu.seen.surfaces[ts[0]] = append(qu.seen.surfaces[ts[0]], w)
			}
		}
	}
	var left []int
	for _, c := range tf.caps {
		if s := qu.seen.surfaces[c.term]; s != nil && !slices.Contains(s, c.lower) {
			left = append(left, c.field)
		}
	}
	if left == nil {
		return text, false
	}
	fields := strings.Fields(text)
	out := fields[:0:0]
	for i, f := range fields {
		if !slices.Contains(left, i) {
			out = append(out, f)
		}
	}
	return strings.Join(out, " "), true
}

// isWordSep splits text into words.
func isWordSep(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) }

// isName reports whether a term is a name of someone in the base.
func (r Ranker) isName(t string) bool {
	f := r.facts()
	if v, ok := f.names.Load(t); ok {
		return v.(bool)
	}
	is := len(r.b.Mentioned(t)) > 0
	f.names.Store(t, is)
	return is
}

// coversPerson reports whether a text with these speakers or actors, and
// naming these people, is by or about a person: themselves, or someone of
// their organisation ("US officials" for the United States).
func (r Ranker) coversPerson(id string, people []string, named []*knowledge.Person) bool {
	// Ids are unique in a base, and its people are named by pointers to
	// its own: one is named if the person of its id is.
	p := r.b.Person(id)
	if slices.Contains(people, id) || p != nil && slices.Contains(named, p) {
		return true
	}
	if ms := r.facts().members[id]; ms != nil && !slices.ContainsFunc(ms, func(m string) bool { return !r.coversPerson(m, people, named) }) {
		// A group is covered by a text about each of its members: "the
		// two ministers" by one that names both.
		return true
	}
	for _, o := range people {
		// Up the organisations: a ministry's spokesman speaks for the
		// ministry, and so for its government.
		op := r.b.Person(o)
		for range 3 {
			if op == nil || op.Organisation == "" {
				break
			}
			if op.Organisation == p.Name || slices.Contains(p.Aliases, op.Organisation) {
				return true
			}
			op = r.personNamed(op.Organisation)
		}
	}
	return false
}

// personNamed is the person a name or alias is of, nil if none is.
func (r Ranker) personNamed(name string) *knowledge.Person { return r.facts().byName[name] }

// hasAny is how surely list holds one of terms: 1 for the word itself or
// another ending of it ("retali" for "retaliatori": the stemmer does not
// join every form of a word), or within a typo of a long word or a name
// ("Peskow"), half within a typo of a short word, which may be another
// word ("price" is not "prize").
func hasAny(list, terms []string, isName func(string) bool) float64 {
	best := 0.0
	for _, t := range terms {
		for _, w := range list {
			if best = max(best, holds(w, t, isName)); best == 1 {
				return 1
			}
		}
	}
	return best
}

// holds is hasAny of one word and one term.
func holds(w, t string, isName func(string) bool) float64 {
	switch {
	case w == t, len(t) >= 5 && len(w) >= 5 && (strings.HasPrefix(w, t) || strings.HasPrefix(t, w)):
		return 1
	case len(t) >= 5 && len(w) >= 5 && len(w)-len(t) <= 1 && len(t)-len(w) <= 1 && withinOneEdit(w, t):
		if len(t) >= 8 || isName(w) {
			return 1
		}
		return 0.5
	}
	return 0
}

// withinOneEdit reports whether two words are the same but for at most
// one letter changed, added or left out (a Levenshtein distance of at
// most 1), in one pass and without allocating.
func withinOneEdit(a, b string) bool {
	if !utf8.ValidString(a) || !utf8.ValidString(b) {
		// Invalid bytes each read as U+FFFD, as []rune reads them.
		return withinOneEditRunes([]rune(a), []rune(b))
	}
	return withinOneEditValid(a, b)
}

// withinOneEditValid is withinOneEdit of two words of valid UTF-8.
func withinOneEditValid(a, b string) bool {
	// Skip the common prefix, then the rest must be equal after one
	// letter of either or both is skipped.
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			return a[na:] == b[nb:] || a[na:] == b || a == b[nb:]
		}
		a, b = a[na:], b[nb:]
	}
	return utf8.RuneCountInString(a)+utf8.RuneCountInString(b) <= 1
}

// withinOneEditRunes is withinOneEdit of words as letters.
func withinOneEditRunes(a, b []rune) bool {
	for len(a) > 0 && len(b) > 0 {
		if a[0] != b[0] {
			return slices.Equal(a[1:], b[1:]) || slices.Equal(a[1:], b) || slices.Equal(a, b[1:])
		}
		a, b = a[1:], b[1:]
	}
	return len(a)+len(b) <= 1
}
