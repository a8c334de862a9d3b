// Package nearest finds the name a mistyped one most likely meant, as
// the bot says "did you mean /timeline?" for /timelin. It imports bleve's
// edit distance only.
package nearest

import (
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search"
)

// Name is the one of names a mistyped name most likely meant: the
// one it is the start of (three letters or more: "tim"), else the one
// nearest it within one edit (two for a name of five letters or more:
// "timelin", "claim", "whosaid"). "" when none is, or when several are
// as near: a guess between two would mislead.
func Name(name string, names []string) string {
	if name == "" {
		return ""
	}
	var starts []string
	if utf8.RuneCountInString(name) >= 3 {
		for _, c := range names {
			if strings.HasPrefix(c, name) {
				starts = append(starts, c)
			}
		}
	}
	if len(starts) == 1 {
		return starts[0]
	}
	most := 1
	if utf8.RuneCountInString(name) >= 5 {
		most = 2
	}
	var best string
	bestDist, ties := most+1, 0
	for _, c := range names {
		// Bytes, not runes: the names are ASCII, and a name in another
		// script is far from all of them either way.
		d, exceeded := search.LevenshteinDistanceMax(name, c, most)
		switch {
		case exceeded || d > bestDist:
		case d < bestDist:
			best, bestDist, ties = c, d, 1
		default:
			ties++
		}
	}
	if ties != 1 {
		return ""
	}
	return best
}
