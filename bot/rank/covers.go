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
		if len(qu.seen.valid) != len(qu.units) {
			qu.seen.valid = make([]bool, len(qu.units))
			for i, u := range qu.units {
				qu.seen.valid[i] = allValid(u.alts)
			}
		}
		words, valid := tf.terms, tf.valid
		if out, cut := r.nameWordsOut(qu, tf); cut {
			words = r.b.Terms(out)
			valid = allValid(words)
		}
		has = make([]float64, len(qu.units))
		for i, u := range qu.units {
			if u.person == "" {
				has[i] = hasAny(words, u.alts, r.isName, valid && qu.seen.valid[i])
				if has[i] < 1 && u.near != nil {
					has[i] = max(has[i], weights.related*hasAny(words, u.near, r.isName, valid && allValid(u.near)))
				}
			}
		}
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
	if slices.Contains(people, id) || slices.ContainsFunc(named, func(p *knowledge.Person) bool { return p.ID == id }) {
		return true
	}
	if ms := r.facts().members[id]; ms != nil && !slices.ContainsFunc(ms, func(m string) bool { return !r.coversPerson(m, people, named) }) {
		// A group is covered by a text about each of its members: "the
		// two ministers" by one that names both.
		return true
	}
	p := r.b.Person(id)
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
//
// valid says that list and terms are all valid UTF-8, which covers works
// out once per text and per question rather than for every call.
func hasAny(list, terms []string, isName func(string) bool, valid bool) float64 {
	oneEdit := withinOneEdit
	if valid {
		oneEdit = withinOneEditValid
	}
	best := 0.0
	for _, t := range terms {
		for _, w := range list {
			switch {
			case w == t, len(t) >= 5 && len(w) >= 5 && (strings.HasPrefix(w, t) || strings.HasPrefix(t, w)):
				return 1
			case len(t) >= 5 && len(w) >= 5 && len(w)-len(t) <= 1 && len(t)-len(w) <= 1 && oneEdit(w, t):
				if len(t) >= 8 || isName(w) {
					return 1
				}
				best = 0.5
			}
		}
	}
	return best
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

// allValid reports whether every word is valid UTF-8.
func allValid(words []string) bool {
	return !slices.ContainsFunc(words, func(w string) bool { return !utf8.ValidString(w) })
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
