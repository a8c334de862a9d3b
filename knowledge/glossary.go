package knowledge

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/russian"
)

// Glossary languages: the languages a question may be asked in besides
// English, whose words the glossary turns into English ones.
const (
	LangRU = "ru"
	LangUK = "uk"
)

// glossary finds the Russian and Ukrainian words and phrases of a
// knowledge file's glossary in a text. Russian words match in any form,
// through the Snowball Russian stemmer (the one Bleve's ru analyser
// uses); Ukrainian words match as the forms the glossary lists, since
// neither Bleve nor the Snowball project has a Ukrainian stemmer.
type glossary struct {
	// byFirst holds every phrase under the key of its first word, longest
	// first, so that "северный поток" wins over "северный".
	byFirst map[string][]glossPhrase
}

// glossPhrase is one form of a term: its words' keys, and the English.
type glossPhrase struct {
	keys []string
	en   string
}

func newGlossary(terms []Term) *glossary {
	g := &glossary{byFirst: map[string][]glossPhrase{}}
	for _, t := range terms {
		for _, lang := range []string{LangRU, LangUK} {
			for _, form := range t.forms(lang) {
				keys := formKeys(lang, form)
				if len(keys) == 0 {
					continue
				}
				g.byFirst[keys[0]] = append(g.byFirst[keys[0]], glossPhrase{keys: keys, en: t.EN})
			}
		}
	}
	for k, ps := range g.byFirst {
		// Longest first; among equals, the first listed.
		for i := 1; i < len(ps); i++ {
			for j := i; j > 0 && len(ps[j].keys) > len(ps[j-1].keys); j-- {
				ps[j], ps[j-1] = ps[j-1], ps[j]
			}
		}
		g.byFirst[k] = ps
	}
	return g
}

func (t Term) forms(lang string) []string {
	if lang == LangRU {
		return t.RU
	}
	return t.UK
}

// formKeys are the keys of a glossary form's words: Russian stems, or
// Ukrainian words as written, lower-cased.
func formKeys(lang, form string) []string {
	var keys []string
	for _, w := range glossWords(form) {
		keys = append(keys, wordKey(lang, form[w.start:w.end]))
	}
	return keys
}

// wordKey is what a word matches by: in Russian its stem, in Ukrainian
// the word itself.
func wordKey(lang, word string) string {
	w := foldCyrillic(word)
	if lang == LangRU {
		return "ru:" + russianStem(w)
	}
	return "uk:" + w
}

// foldCyrillic lower-cases a word, reads ё as е (Russian writes it either
// way) and every apostrophe as ’ (Ukrainian: "м'ята", "м’ята").
func foldCyrillic(word string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case 'ё':
			return 'е'
		case '\'', 'ʼ', '`':
			return '’'
		}
		return r
	}, strings.ToLower(word))
}

func russianStem(word string) string {
	env := snowballstem.NewEnv(word)
	russian.Stem(env)
	return env.Current()
}

// span is one word of a text, by byte offsets.
type span struct{ start, end int }

// glossWords splits text into words: letters and digits, with an
// apostrophe inside a word kept ("м’ята"). Hyphens split, so "північно-східний"
// is two words in a form and in a question alike.
func glossWords(text string) []span {
	var out []span
	start := -1
	for i, w := 0, 0; i < len(text); i += w {
		var r rune
		r, w = utf8.DecodeRuneInString(text[i:])
		next, _ := utf8.DecodeRuneInString(text[i+w:])
		inWord := unicode.IsLetter(r) || unicode.IsDigit(r) ||
			(strings.ContainsRune("'’ʼ", r) && start >= 0 && unicode.IsLetter(next))
		switch {
		case inWord && start < 0:
			start = i
		case !inWord && start >= 0:
			out = append(out, span{start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, span{start, len(text)})
	}
	return out
}

// Gloss returns text with every Russian or Ukrainian word or phrase the
// glossary lists replaced by its English words, and whether any was:
// "кто стоит за атакой на дворец" reads "who behind attack on palace".
// Other words, Cyrillic or not, stay as they are, so that names the base
// knows in Cyrillic still match and words it does not know still count
// against an answer.
func (b *Base) Gloss(text string) (string, bool) {
	if b.glossary == nil || !hasCyrillic(text) {
		return text, false
	}
	words := glossWords(text)
	keys := make([][2]string, len(words))
	for i, w := range words {
		if hasCyrillic(text[w.start:w.end]) {
			keys[i] = [2]string{wordKey(LangRU, text[w.start:w.end]), wordKey(LangUK, text[w.start:w.end])}
		}
	}
	var out strings.Builder
	last, changed := 0, false
	for i := 0; i < len(words); {
		p, ok := b.glossary.match(keys, i)
		if !ok {
			i++
			continue
		}
		out.WriteString(text[last:words[i].start])
		out.WriteString(p.en)
		last = words[i+len(p.keys)-1].end
		i += len(p.keys)
		changed = true
	}
	out.WriteString(text[last:])
	return out.String(), changed
}

// match finds the longest phrase that starts at word i, in either
// language: a word may start a one-word Russian term and a longer
// Ukrainian phrase ("атака безпілотників").
func (g *glossary) match(keys [][2]string, i int) (glossPhrase, bool) {
	var best glossPhrase
	found := false
	for _, k := range keys[i] {
		if k == "" {
			continue
		}
	phrases:
		for _, p := range g.byFirst[k] {
			if i+len(p.keys) > len(keys) || found && len(p.keys) <= len(best.keys) {
				continue
			}
			for j, pk := range p.keys {
				if keys[i+j][0] != pk && keys[i+j][1] != pk {
					continue phrases
				}
			}
			best, found = p, true
		}
	}
	return best, found
}

// glossaryProblems checks the glossary: every term has English words and
// at least one Russian or Ukrainian form, forms are Cyrillic words, and
// no form stands for two terms.
func (v *validator) glossary() {
	type at struct {
		term int
		path string
	}
	first := map[string]at{}
	for i, t := range v.f.Glossary {
		p := fmt.Sprintf("glossary[%d]", i)
		if len(t.RU)+len(t.UK) == 0 && strings.TrimSpace(t.EN) != "" {
			v.problemAt(p, "term %q has no Russian (ru) or Ukrainian (uk) form", t.EN)
		}
		for _, lang := range []string{LangRU, LangUK} {
			for j, form := range t.forms(lang) {
				fp := fmt.Sprintf("%s.%s[%d]", p, lang, j)
				if len(glossWords(form)) == 0 || !hasCyrillic(form) {
					v.problemAt(fp, "want Cyrillic words, got %q", form)
					continue
				}
				key := strings.Join(formKeys(lang, form), " ")
				// The same form twice in one term is harmless; in two terms
				// a question could not say which English it stands for.
				if prev, dup := first[key]; dup && prev.term != i {
					how := "is also"
					if lang == LangRU {
						how = "has the same Russian stems as"
					}
					v.problemAt(fp, "%q %s %s (line %d), a form of %q", form, how, prev.path, v.lineOf(prev.path), v.f.Glossary[prev.term].EN)
					continue
				} else if !dup {
					first[key] = at{i, fp}
				}
			}
		}
	}
}
