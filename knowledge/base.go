package knowledge

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/incidentbot/incidentbot/knowledge/internal/index"
)

//go:embed incident.yaml
var defaultFile []byte

// DefaultName is the file name the embedded base reports in messages.
const DefaultName = "incident.yaml"

// DefaultData returns the embedded default knowledge file.
func DefaultData() []byte { return slices.Clone(defaultFile) }

//go:embed starter.yaml
var starterFile []byte

// StarterData returns an annotated starter file for a new incident, which
// passes validation.
func StarterData() []byte { return slices.Clone(starterFile) }

//go:embed schema.json
var schemaFile []byte

// SchemaData returns the JSON Schema of the knowledge file, for editors.
func SchemaData() []byte { return slices.Clone(schemaFile) }

// Default loads the embedded default knowledge base.
func Default() (*Base, error) { return Load(DefaultName, defaultFile) }

// Base is a loaded, validated and indexed knowledge base. It is read-only
// once built, so it can be shared by any number of requests.
type Base struct {
	File
	// Name is the file it came from; Version is a short hash of its bytes;
	// LoadedAt is when it was built.
	Name, Version string
	LoadedAt      time.Time
	sum           [sha256.Size]byte // of the file's bytes, to recognise it unchanged

	sources   map[string]*Source
	people    map[string]*Person
	quotes    map[string]*Quote
	events    map[string]*Event
	claims    map[string]*Claim
	bySpeaker map[string][]*Quote
	// byActor is, by person id, the events they act in (in date order)
	// and the claims they take a position on (in file order).
	byActor map[string]*acts
	// claimAt is each claim's place in Claims, by id.
	claimAt map[string]int
	// byName finds people by any of their names, folded (see normName).
	byName map[string][]*Person
	// byMention finds the people a phrase in a question names, for query
	// expansion: names folded, except short all-capital ones (US, UN),
	// which are kept in capitals so that "tell us" is not about the US.
	byMention map[string][]*Person
	timeline  []*Event // in date order
	// timelineAt is each event's place in timeline, by id.
	timelineAt map[string]int
	passages   []Passage
	// quoting is whom each passage quotes, by person id (see Quoting).
	quoting map[Passage][]string
	// bySurname finds people by the last word of their name, as a text
	// names them again after the first time ("Okafor said").
	bySurname map[string][]*Person
	index     *index.Index
	// byRussianStem finds people by the Russian stems of their Cyrillic
	// names, for a question that declines them.
	byRussianStem map[string][]*Person
	// glossary reads Russian and Ukrainian words as English ones.
	glossary *glossary
	// memo holds what other packages work out once per base (see Memo).
	memo sync.Map
}

// newBase builds a base from a validated file: the lookups of baseOf, its
// passages and its index.
func newBase(name string, sum [sha256.Size]byte, f *File) (*Base, error) {
	b := baseOf(name, sum, f)
	b.passages, b.quoting = passages(b)
	idx, err := buildIndex(b)
	if err != nil {
		return nil, err
	}
	b.index = idx
	return b, nil
}

// baseOf is a base of f with its lookups, without the passages and the
// index, which are built (newBase) or read from a snapshot (snapshot.go).
func baseOf(name string, sum [sha256.Size]byte, f *File) *Base {
	b := &Base{
		sum:      sum,
		File:     *f,
		Name:     name,
		Version:  hex.EncodeToString(sum[:6]),
		LoadedAt: time.Now(),
		// Sized at once: growing a map of 100,000 entries step by step
		// costs a tenth of reading a base from its snapshot.
		sources:   make(map[string]*Source, len(f.Sources)),
		people:    make(map[string]*Person, len(f.People)),
		quotes:    make(map[string]*Quote, len(f.Quotes)),
		events:    make(map[string]*Event, len(f.Events)),
		claims:    make(map[string]*Claim, len(f.Claims)),
		bySpeaker: map[string][]*Quote{},
		byActor:   map[string]*acts{},
		claimAt:   make(map[string]int, len(f.Claims)),
		byName:    make(map[string][]*Person, 3*len(f.People)),
		byMention: make(map[string][]*Person, 2*len(f.People)),
		glossary:  newGlossary(f.Glossary),
	}
	for i := range b.Sources {
		b.sources[b.Sources[i].ID] = &b.Sources[i]
	}
	for i := range b.People {
		p := &b.People[i]
		b.people[p.ID] = p
		seen := map[string]bool{}
		for _, n := range append([]string{p.ID, p.Name, p.Role}, p.Aliases...) {
			if k := normName(n); k != "" && !seen[k] {
				seen[k] = true
				b.byName[k] = append(b.byName[k], p)
			}
		}
		seen = map[string]bool{}
		for _, n := range append([]string{p.Name}, p.Aliases...) {
			if k := mentionKey(n); k != "" && !seen[k] {
				seen[k] = true
				b.byMention[k] = append(b.byMention[k], p)
			}
		}
	}
	for i := range b.Quotes {
		q := &b.Quotes[i]
		b.quotes[q.ID] = q
		b.bySpeaker[q.Speaker] = append(b.bySpeaker[q.Speaker], q)
	}
	for i := range b.Events {
		b.events[b.Events[i].ID] = &b.Events[i]
		b.timeline = append(b.timeline, &b.Events[i])
	}
	for i := range b.Claims {
		c := &b.Claims[i]
		b.claims[c.ID] = c
		b.claimAt[c.ID] = i
		for j, pos := range c.Positions {
			if !slices.ContainsFunc(c.Positions[:j], func(p Position) bool { return p.Actor == pos.Actor }) {
				b.actsOf(pos.Actor).claims = append(b.actsOf(pos.Actor).claims, c)
			}
		}
	}
	// One sort key per event, worked out once: a key reads the dates'
	// clocks, which comparing pairs would parse again at every step.
	keys := make(map[*Event][8]int, len(b.timeline))
	for _, e := range b.timeline {
		keys[e] = e.Date.sortKey()
	}
	slices.SortStableFunc(b.timeline, func(x, y *Event) int {
		a, b := keys[x], keys[y]
		return slices.Compare(a[:], b[:])
	})
	b.timelineAt = make(map[string]int, len(b.timeline))
	for i, e := range b.timeline {
		b.timelineAt[e.ID] = i
		for j, id := range e.Actors {
			if !slices.Contains(e.Actors[:j], id) {
				b.actsOf(id).events = append(b.actsOf(id).events, e)
			}
		}
	}
	b.bySurname = map[string][]*Person{}
	for i := range b.People {
		p := &b.People[i]
		if f := strings.Fields(p.Name); len(f) > 1 && utf8.RuneCountInString(f[len(f)-1]) > 2 {
			b.bySurname[f[len(f)-1]] = append(b.bySurname[f[len(f)-1]], p)
		}
	}
	b.byRussianStem = map[string][]*Person{}
	for i := range b.People {
		p := &b.People[i]
		for _, n := range append([]string{p.Name}, p.Aliases...) {
			if !hasCyrillic(n) {
				continue
			}
			for _, t := range ruAnalyzer.Analyze([]byte(n)) {
				if k := string(t.Term); !slices.Contains(b.byRussianStem[k], p) {
					b.byRussianStem[k] = append(b.byRussianStem[k], p)
				}
			}
		}
	}
	return b
}

// Source returns the source with id, or nil.
func (b *Base) Source(id string) *Source { return b.sources[id] }

// Person returns the person with id, or nil.
func (b *Base) Person(id string) *Person { return b.people[id] }

// Quote returns the quote with id, or nil.
func (b *Base) Quote(id string) *Quote { return b.quotes[id] }

// Event returns the event with id, or nil.
func (b *Base) Event(id string) *Event { return b.events[id] }

// Claim returns the claim with id, or nil.
func (b *Base) Claim(id string) *Claim { return b.claims[id] }

// QuotesBy returns a person's quotes in file order.
func (b *Base) QuotesBy(personID string) []*Quote { return b.bySpeaker[personID] }

// Timeline returns every event in date order.
func (b *Base) Timeline() []*Event { return b.timeline }

// InTimeline returns the events with the given ids (unknown ones left
// out) in timeline order, without walking the whole timeline: a search
// on a large base finds a few of its many events.
func (b *Base) InTimeline(ids []string) []*Event {
	var at []int
	for _, id := range ids {
		if i, ok := b.timelineAt[id]; ok && !slices.Contains(at, i) {
			at = append(at, i)
		}
	}
	slices.Sort(at)
	out := make([]*Event, len(at))
	for j, i := range at {
		out[j] = b.timeline[i]
	}
	return out
}

// acts are what one person does in a base: see byActor.
type acts struct {
	events []*Event
	claims []*Claim
}

// actsOf is byActor's entry for a person, made on first use.
func (b *Base) actsOf(personID string) *acts {
	a := b.byActor[personID]
	if a == nil {
		a = &acts{}
		b.byActor[personID] = a
	}
	return a
}

// EventsWith returns the events a person is an actor in, in date order.
func (b *Base) EventsWith(personID string) []*Event {
	if a := b.byActor[personID]; a != nil {
		return a.events
	}
	return nil
}

// ClaimsWith returns the claims a person takes a position on, in file
// order.
func (b *Base) ClaimsWith(personID string) []*Claim {
	if a := b.byActor[personID]; a != nil {
		return a.claims
	}
	return nil
}

// ClaimsIn returns the claims with the given ids (unknown ones left out)
// in file order, without walking every claim: a search on a large base
// finds a few of its many claims.
func (b *Base) ClaimsIn(ids []string) []*Claim {
	var at []int
	for _, id := range ids {
		if i, ok := b.claimAt[id]; ok {
			at = append(at, i)
		}
	}
	slices.Sort(at)
	at = slices.Compact(at)
	out := make([]*Claim, len(at))
	for j, i := range at {
		out[j] = &b.Claims[i]
	}
	return out
}

// Speakers is how many people have quotes in the base.
func (b *Base) Speakers() int { return len(b.bySpeaker) }

// Counts gives the number of entries of each kind, for stats and metrics.
func (b *Base) Counts() map[string]int {
	return map[string]int{
		"events":  len(b.Events),
		"quotes":  len(b.Quotes),
		"claims":  len(b.Claims),
		"people":  len(b.People),
		"sources": len(b.Sources),
	}
}
