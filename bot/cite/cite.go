// Package cite writes citations in a newsroom's style: one entry of a
// knowledge base as a line a reporter can paste into copy, then its
// sources. What a line may say is the entry's fields and the style's own
// fixed words, nothing else. It knows the knowledge model only; bot's
// /cite finds the entry and looks up what it names.
package cite

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/incidentbot/incidentbot/knowledge"
)

// Style writes citations in one newsroom's style. Each method gets an
// entry with what it names already looked up, and returns the line to
// paste; Source names one source of it in full.
type Style interface {
	Quote(q Quote) string
	Event(e Event) string
	Claim(c Claim) string
	Source(s *knowledge.Source) string
}

// Quote is a quote with its speaker and the sources of its excerpts.
type Quote struct {
	Quote   *knowledge.Quote
	Speaker *knowledge.Person
	Sources []*knowledge.Source
}

// Event is an event with the sources of its excerpts.
type Event struct {
	Event   *knowledge.Event
	Sources []*knowledge.Source
}

// Claim is a claim with who takes each position and on which sources.
type Claim struct {
	Claim     *knowledge.Claim
	Positions []Position
}

// Position is one position on a claim.
type Position struct {
	Actor   *knowledge.Person
	Stance  string
	Sources []*knowledge.Source
}

// styles are the styles CITE_STYLE may name. A house style is one more
// row.
var styles = map[string]Style{
	"ap": AP{},
}

// Named returns the style called name, or an error that lists the styles
// there are.
func Named(name string) (Style, error) {
	if s, ok := styles[name]; ok {
		return s, nil
	}
	names := make([]string, 0, len(styles))
	for n := range styles {
		names = append(names, n)
	}
	sort.Strings(names)
	return nil, fmt.Errorf("unknown citation style %q; want one of %s", name, strings.Join(names, ", "))
}

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
