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
	// The forms' words' keys in a trie: next leads from a node (0 is the
	// root) by a word's key to the node of the words so far, and en holds
	// the English of the nodes where a form ends. A question's word finds
	// every form that starts with it by walking, in as many steps as the
	// longest form it starts has words, however many forms there are: a
	// list of every form by first word cost a 60,000-form term 6 to 11 s
	// to load and /ask two seconds to read.
	next  map[glossEdge]int
	en    map[int]string
	nodes int
}

type glossEdge struct {
	from int
	key  string
}

func newGlossary(terms []Term) *glossary {
	g := &glossary{next: map[glossEdge]int{}, en: map[int]string{}}
	for _, t := range terms {
		for _, lang := range []string{LangRU, LangUK} {
			for _, form := range t.forms(lang) {
				keys := formKeys(lang, form)
				if len(keys) == 0 {
					continue
				}
				node := 0
				for _, k := range keys {
					e := glossEdge{node, k}
					child, ok := g.next[e]
					if !ok {
						g.nodes++
						child = g.nodes
						g.next[e] = child
					}
					node = child
				}
				if _, ok := g.en[node]; !ok { // among the same words, the first listed
					g.en[node] = t.EN
				}
			}
		}
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
		en, n := b.glossary.match(keys, i)
		if n == 0 {
			i++
			continue
		}
		out.WriteString(text[last:words[i].start])
		out.WriteString(en)
		last = words[i+n-1].end
		i += n
		changed = true
	}
	out.WriteString(text[last:])
	return out.String(), changed
}

// match finds the longest form that starts at word i, in either
// language: a word may start a one-word Russian term and a longer
// Ukrainian phrase ("атака безпілотників"); of two as long, the Russian.
// It returns the form's English and how many words it has.
func (g *glossary) match(keys [][2]string, i int) (en string, words int) {
	for lang := range 2 {
		node := 0
		for j := i; j < len(keys) && keys[j][lang] != ""; j++ {
			next, ok := g.next[glossEdge{node, keys[j][lang]}]
			if !ok {
				break
			}
			node = next
			if e, ok := g.en[node]; ok && j-i+1 > words {
				en, words = e, j-i+1
			}
		}
	}
	return en, words
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
