package index

import (
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/vellum/levenshtein"
)

// levenshteinBuilders build the automata for one and two typos; building
// a builder takes milliseconds, so each is built once, when first needed.
var levenshteinBuilders = sync.OnceValues(func() ([2]*levenshtein.LevenshteinAutomatonBuilder, error) {
	var lb [2]*levenshtein.LevenshteinAutomatonBuilder
	for i := range lb {
		var err error
		if lb[i], err = levenshtein.NewLevenshteinAutomatonBuilder(uint8(i+1), true); err != nil {
			return lb, err
		}
	}
	return lb, nil
})

// Candidate is a term of the dictionary within some edits of a word.
type Candidate struct {
	Term     string
	id       uint32
	Distance uint8
}

// Near lists the terms of the fields in mask within fuzziness edits of
// term that share its first letter, as Bleve's fuzzy query with prefix 1
// finds them; stop, if set, ends the walk once it returns true.
func (ix *Index) Near(term string, fuzziness int, mask uint8, stop func(Candidate) bool) []Candidate {
	lb, err := levenshteinBuilders()
	if err != nil || fuzziness < 1 || fuzziness > len(lb) || term == "" {
		return nil
	}
	dfa, err := lb[fuzziness-1].BuildDfa(term, uint8(fuzziness))
	if err != nil {
		return nil
	}
	_, size := utf8.DecodeRuneInString(term)
	start := []byte(term[:size])
	end := prefixEnd(start)
	it, err := ix.dict.Search(dfa, start, end)
	var out []Candidate
	for err == nil {
		key, id := it.Current()
		// The English terms of the text fields only, whatever the mask.
		if f := ix.fields[id]; f&mask != 0 && f&^(1<<People|1<<RU) != 0 {
			c := Candidate{Term: string(key), id: uint32(id), Distance: it.EditDistance()}
			out = append(out, c)
			if stop != nil && stop(c) {
				break
			}
		}
		err = it.Next()
	}
	return out
}

// prefixEnd is the first key after every key that starts with prefix.
func prefixEnd(prefix []byte) []byte {
	end := slices.Clone(prefix)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}
