// Package thesaurus is the words WordNet relates to common English words:
// their synonyms in their most frequent senses, their derivationally
// related forms, what a verb causes and the kind a noun is of
// (gen/main.go says which exactly). Source and licence: NOTICE.
package thesaurus

import (
	_ "embed"
	"strings"
	"sync"
)

//go:generate sh gen/wordnet.sh

//go:embed thesaurus.txt
var data string

// words is each word's related words, read the first time one is asked
// for.
var words = sync.OnceValue(func() map[string]string { return parse(data) })

// parse reads the data: a line is a word and its related words.
func parse(data string) map[string]string {
	m := make(map[string]string, strings.Count(data, "\n"))
	for line := range strings.Lines(data) {
		w, rest, _ := strings.Cut(strings.TrimSuffix(line, "\n"), " ")
		m[w] = rest
	}
	return m
}

// Related are the words related to a word as its dictionary form (a
// lemma: "die", not "died"), lower case, in two lists: close are its
// synonyms, derived forms and what it causes ("die": "perish", "death";
// "kill": "die"), kinds what it is a kind of and its kinds ("strike":
// "attack"). Both are nil for a word it does not know.
func Related(lemma string) (close, kinds []string) {
	for _, w := range strings.Fields(words()[lemma]) {
		if k, ok := strings.CutPrefix(w, "~"); ok {
			kinds = append(kinds, k)
		} else {
			close = append(close, w)
		}
	}
	return close, kinds
}
