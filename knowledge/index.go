package knowledge

import (
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/incidentbot/incidentbot/knowledge/internal/index"
)

// The search index (knowledge/internal/index) is an inverted index of our
// own with Bleve's analysers and scores, tested against a brute-force
// scorer (see docs/search-index.md). What goes into its documents is
// decided here: each kind of entry is a kind of document, numbered as the
// base holds them, with these fields.

// Kinds of index documents.
const (
	kEvent   = index.Event
	kQuote   = index.Quote
	kClaim   = index.Claim
	kPerson  = index.Person
	kPassage = index.Passage
)

var kindNames = [index.NumKinds]string{KindEvent, KindQuote, KindClaim, KindPerson, KindPassage}

// Index fields. body is the entry's own words; excerpts the cited source
// text; people the ids of the people an entry is by or about; names, on a
// person's own entry only, every name, alias and role; ru the Cyrillic
// text again under Russian analysis, so that Cyrillic queries stem
// correctly. Names live on the person's entry alone, not on every quote
// of theirs: a question that names someone is matched through people
// instead. about is, on a passage, the words of the entry it belongs to
// (an event's title and summary, a claim's statement, a quote's
// paraphrase and context): a question can name the entry in other words
// than the passage uses.
const (
	fBody     = index.Body
	fNames    = index.Names
	fExcerpts = index.Excerpts
	fAbout    = index.About
	fRU       = index.RU
	fPeople   = index.People
)

// searchedMask is the fields whose words count as known (Known, Knows and
// the check that a word is not a typo).
const searchedMask = index.Searched

type (
	clause = index.Clause
	query  = index.Query
)

var (
	enAnalyzer = index.English
	ruAnalyzer = index.Russian
)

func analyse(a analysis.Analyzer, text string) []index.Token { return index.Analyse(a, text) }

// buildIndex indexes the base's entries and passages.
func buildIndex(b *Base) (*index.Index, error) { return index.Build(b.docSources()) }

// docSources are the base's documents of each kind: what the index
// holds of each entry and passage.
func (b *Base) docSources() [index.NumKinds]index.Source {
	excerpts := func(cs []Citation) []string {
		out := make([]string, len(cs))
		for i, c := range cs {
			out[i] = c.Excerpt
		}
		return out
	}
	entry := func(body, names, people, ex []string) index.Doc {
		var d index.Doc
		d.Text[fBody] = strings.Join(body, "\n")
		d.Text[fNames] = strings.Join(names, "\n")
		d.Text[fExcerpts] = strings.Join(ex, "\n")
		d.People = people
		// Only Cyrillic text needs Russian analysis; analysing everything
		// twice would double the cost of indexing.
		var ru []string
		for _, s := range slices.Concat(body, names) {
			if hasCyrillic(s) {
				ru = append(ru, s)
			}
		}
		d.Text[fRU] = strings.Join(ru, "\n")
		return d
	}
	var s [index.NumKinds]index.Source
	s[kEvent] = index.Source{N: len(b.Events), Doc: func(i int) index.Doc {
		e := &b.Events[i]
		return entry(append([]string{e.Title, e.Summary}, e.Tags...), nil, e.Actors, excerpts(e.Citations))
	}}
	s[kQuote] = index.Source{N: len(b.Quotes), Doc: func(i int) index.Doc {
		q := &b.Quotes[i]
		return entry(append([]string{q.Text, q.Context, q.Medium}, q.Via...), nil, []string{q.Speaker}, excerpts(q.Citations))
	}}
	s[kClaim] = index.Source{N: len(b.Claims), Doc: func(i int) index.Doc {
		c := &b.Claims[i]
		body := append([]string{c.Statement, c.Status}, c.Tags...)
		var actors, ex []string
		for _, p := range c.Positions {
			actors = append(actors, p.Actor)
			if q := b.quotes[p.Quote]; q != nil {
				body = append(body, q.Text)
			}
			ex = append(ex, excerpts(p.Citations)...)
		}
		return entry(body, nil, actors, ex)
	}}
	s[kPerson] = index.Source{N: len(b.People), Doc: func(i int) index.Doc {
		p := &b.People[i]
		names := append([]string{p.Name, p.Role, p.Organisation}, p.Aliases...)
		return entry([]string{p.Role, p.Organisation}, names, []string{p.ID}, nil)
	}}
	s[kPassage] = index.Source{N: len(b.passages), Doc: func(i int) index.Doc {
		p := b.passages[i]
		about, people := b.passageAbout(p)
		var d index.Doc
		d.Text[fBody] = p.Text
		d.Text[fAbout] = about
		d.People = people
		if hasCyrillic(p.Text) {
			d.Text[fRU] = p.Text
		}
		return d
	}, SameAbout: func(i int) bool {
		p, q := &b.passages[i-1], &b.passages[i]
		return p.Kind == q.Kind && p.ID == q.ID && p.Position == q.Position
	}}
	return s
}
