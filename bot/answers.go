package bot

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/incidentbot/incidentbot/knowledge"
)

// answerer builds Answers from one knowledge base; a request holds on to
// the base it started with even if a reload swaps in another.
type answerer struct {
	b *knowledge.Base
	e *Engine
}

// maxHits bounds how many entries a filtered list may show.
const maxHits = 50

// enoughKnown says whether the base knows enough of the query's words to
// answer it rather than say it has nothing: more than half of them, so
// that "the capital of France" is not answered with a tweet by Francis.
func (r answerer) enoughKnown(text string) bool {
	known, total := r.b.Known(text)
	return total > 0 && known*2 > total
}

// notFound says the base has nothing on what was asked, and what it does
// cover, so the user can ask again.
func (r answerer) notFound(title, what string) Answer {
	return Answer{Title: title, NotFound: true, Intro: fmt.Sprintf("The knowledge base has nothing on %s. %s", what, r.coverage())}
}

func (r answerer) coverage() string {
	b := r.b
	tl := b.Timeline()
	span := ""
	if len(tl) > 0 {
		span = fmt.Sprintf(" from %s to %s", tl[0].Date.Human(), tl[len(tl)-1].Date.Human())
	}
	speakers := map[string]bool{}
	for _, q := range b.Quotes {
		speakers[q.Speaker] = true
	}
	return fmt.Sprintf("It covers %s: %d events%s, %d quotes from %d speakers, %d claims and %d sources. Try /timeline, /who-said Peskov, /claims or /help.",
		b.Incident.Title, len(b.Events), span, len(b.Quotes), len(speakers), len(b.Claims), len(b.Sources))
}

func (r answerer) timeline(filter string) Answer {
	events := r.b.Timeline()
	if filter == "" {
		return Answer{Title: "Timeline: " + r.b.Incident.Title, refs: eventRefs(events)}
	}
	if d, ok := parseHumanDate(filter); ok {
		var in []*knowledge.Event
		for _, e := range events {
			if d.Contains(e.Date) {
				in = append(in, e)
			}
		}
		if len(in) == 0 {
			return r.notFound("Nothing on "+d.Human(), "events dated "+d.Human())
		}
		return Answer{Title: "Timeline: " + d.Human(), refs: eventRefs(in)}
	}
	if !r.enoughKnown(filter) {
		return r.notFound("Nothing on “"+filter+"”", "“"+filter+"” in the timeline")
	}
	hits := relevant(r.b.Search(filter, maxHits, knowledge.KindEvent))
	var in []*knowledge.Event
	for _, e := range events {
		if slices.ContainsFunc(hits, func(h knowledge.Hit) bool { return h.ID == e.ID }) {
			in = append(in, e)
		}
	}
	if len(in) == 0 {
		return r.notFound("Nothing on “"+filter+"”", "“"+filter+"” in the timeline")
	}
	return Answer{Title: "Timeline: “" + filter + "”", refs: eventRefs(in)}
}

// relevant drops the weak tail of a hit list: entries that share only a
// stray word with the query score far below the best.
func relevant(hits []knowledge.Hit) []knowledge.Hit {
	if len(hits) == 0 {
		return nil
	}
	top := hits[0].Score
	for i, h := range hits {
		if h.Score < top*0.2 {
			return hits[:i]
		}
	}
	return hits
}

// parseHumanDate reads the date forms a user types: 2023-05-03, 2023-05,
// 2023, "May 2023", "3 May 2023", "May 3, 2023".
func parseHumanDate(s string) (knowledge.Date, bool) {
	if d, err := knowledge.ParseDate(s); err == nil {
		return d, true
	}
	for _, layout := range []string{"2 January 2006", "January 2, 2006", "January 2 2006", "2 Jan 2006", "Jan 2, 2006", "Jan 2 2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return knowledge.Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day()}, true
		}
	}
	for _, layout := range []string{"January 2006", "Jan 2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return knowledge.Date{Year: t.Year(), Month: int(t.Month())}, true
		}
	}
	return knowledge.Date{}, false
}

func (r answerer) whoSaid(arg string) Answer {
	if people := r.b.FindPeople(arg); len(people) > 0 {
		var refs []knowledge.Hit
		var names []string
		for _, p := range people {
			names = append(names, p.Name)
			for _, q := range r.b.QuotesBy(p.ID) {
				refs = append(refs, knowledge.Hit{Kind: knowledge.KindQuote, ID: q.ID})
			}
		}
		var a Answer
		if len(refs) > 0 {
			a = Answer{Title: "Quotes by " + strings.Join(names, ", "), refs: refs}
		} else {
			a = r.noQuotes(people)
		}
		if !r.b.IsName(arg) {
			// A typo or another case of a name: say whose quotes these are
			// rather than pass them off as an exact match.
			a.Intro = strings.TrimSpace("No one in the knowledge base goes by “" + arg + "”; the closest is " + strings.Join(names, ", ") + ". " + a.Intro)
		}
		return a
	}
	if !r.enoughKnown(arg) {
		return r.notFound("No quotes on “"+arg+"”", "anyone named “"+arg+"” or quotes with those words")
	}
	refs := relevant(r.b.Search(arg, maxHits, knowledge.KindQuote))
	if len(refs) == 0 {
		return r.notFound("No quotes on “"+arg+"”", "anyone named “"+arg+"” or quotes with those words")
	}
	return Answer{Title: "Quotes matching “" + arg + "”", refs: refs}
}

// noQuotes answers /who-said for people the base knows but never quotes:
// it says so, and shows where they are mentioned: as an actor, or by name.
func (r answerer) noQuotes(people []*knowledge.Person) Answer {
	var names []string
	seen := map[string]bool{}
	var hits []knowledge.Hit
	for _, p := range people {
		names = append(names, p.Name)
		for _, e := range r.b.Timeline() {
			if slices.Contains(e.Actors, p.ID) {
				hits = append(hits, knowledge.Hit{Kind: knowledge.KindEvent, ID: e.ID})
			}
		}
		for _, c := range r.b.Claims {
			if slices.ContainsFunc(c.Positions, func(pos knowledge.Position) bool { return pos.Actor == p.ID }) {
				hits = append(hits, knowledge.Hit{Kind: knowledge.KindClaim, ID: c.ID})
			}
		}
		hits = append(hits, relevant(r.b.Search(p.Name, maxHits, knowledge.KindEvent, knowledge.KindClaim, knowledge.KindQuote))...)
	}
	hits = slices.DeleteFunc(hits, func(h knowledge.Hit) bool {
		key := h.Kind + "/" + h.ID
		defer func() { seen[key] = true }()
		return seen[key]
	})
	intro := "The sources quote no words of theirs."
	if len(hits) > 0 {
		intro += " They are mentioned here:"
	} else {
		intro += " " + r.coverage()
	}
	return Answer{Title: "No recorded quotes from " + strings.Join(names, ", "), NotFound: true, Intro: intro, refs: hits}
}

// askLimit is how many items /ask shows: the best few, never a dump.
const askLimit = PageSize

func (r answerer) ask(question string) Answer {
	if !r.enoughKnown(question) {
		return r.notFound("No answer in the knowledge base", "“"+question+"”")
	}
	refs := relevant(r.b.Search(question, askLimit, knowledge.KindEvent, knowledge.KindQuote, knowledge.KindClaim))
	if len(refs) == 0 {
		return r.notFound("No answer in the knowledge base", "“"+question+"”")
	}
	return Answer{Title: "What the sources say", Intro: "The best-matching cited items, best first.", refs: refs}
}

func (r answerer) check(text string) Answer {
	if !r.enoughKnown(text) {
		return r.notFound("Nothing to check this against", "what this message says")
	}
	refs := relevant(r.b.Search(text, askLimit, knowledge.KindClaim, knowledge.KindQuote))
	if len(refs) == 0 {
		return r.notFound("Nothing to check this against", "what this message says")
	}
	return Answer{Title: "What the sources say about this message", Intro: "Matching claims with their status, and quotes, best first.", refs: refs}
}

func (r answerer) claims(topic string) Answer {
	if topic == "" {
		refs := make([]knowledge.Hit, len(r.b.Claims))
		for i, c := range r.b.Claims {
			refs[i] = knowledge.Hit{Kind: knowledge.KindClaim, ID: c.ID}
		}
		return Answer{Title: "Claims and who stands where", refs: refs}
	}
	if !r.enoughKnown(topic) {
		return r.notFound("No claims on “"+topic+"”", "claims about “"+topic+"”")
	}
	refs := relevant(r.b.Search(topic, maxHits, knowledge.KindClaim))
	if len(refs) == 0 {
		return r.notFound("No claims on “"+topic+"”", "claims about “"+topic+"”")
	}
	return Answer{Title: "Claims on “" + topic + "”", refs: refs}
}

func (r answerer) sources(string) Answer {
	refs := make([]knowledge.Hit, len(r.b.Sources))
	for i, s := range r.b.Sources {
		refs[i] = knowledge.Hit{Kind: knowledge.KindSource, ID: s.ID}
	}
	return Answer{Title: "Sources", Intro: "Everything in the knowledge base is cited to these. Fields not shown are not known.", refs: refs}
}

func (r answerer) hitItems(hits []knowledge.Hit) []Item {
	var items []Item
	for _, h := range hits {
		switch h.Kind {
		case knowledge.KindEvent:
			items = append(items, r.eventItem(r.b.Event(h.ID)))
		case knowledge.KindQuote:
			items = append(items, r.quoteItem(r.b.Quote(h.ID)))
		case knowledge.KindClaim:
			items = append(items, r.claimItem(r.b.Claim(h.ID)))
		case knowledge.KindSource:
			items = append(items, r.sourceItem(r.b.Source(h.ID)))
		}
	}
	return items
}

func eventRefs(events []*knowledge.Event) []knowledge.Hit {
	refs := make([]knowledge.Hit, len(events))
	for i, e := range events {
		refs[i] = knowledge.Hit{Kind: knowledge.KindEvent, ID: e.ID}
	}
	return refs
}

func (r answerer) eventItem(e *knowledge.Event) Item {
	return Item{
		Kind:      KindEvent,
		ID:        e.ID,
		Heading:   e.Title,
		Text:      e.Summary,
		Date:      withNote(e.Date, e.DateNote),
		Citations: r.citations(e.Citations),
	}
}

func (r answerer) quoteItem(q *knowledge.Quote) Item {
	p := r.b.Person(q.Speaker)
	return Item{
		Kind:      KindQuote,
		ID:        q.ID,
		Heading:   p.Name,
		Text:      q.Text,
		Direct:    q.Kind == knowledge.Direct,
		Speaker:   p.Name,
		Role:      p.Role,
		Date:      withNote(q.Said, q.DateNote),
		Medium:    q.Medium,
		Via:       q.Via,
		Context:   q.Context,
		Citations: r.citations(q.Citations),
	}
}

func (r answerer) claimItem(c *knowledge.Claim) Item {
	it := Item{Kind: KindClaim, ID: c.ID, Heading: c.Statement, Status: c.Status}
	for _, p := range c.Positions {
		actor := r.b.Person(p.Actor)
		pos := Position{Actor: actor.Name, Role: actor.Role, Stance: p.Stance, Citations: r.citations(p.Citations)}
		if q := r.b.Quote(p.Quote); q != nil {
			pos.Quote, pos.Direct = q.Text, q.Kind == knowledge.Direct
		}
		it.Positions = append(it.Positions, pos)
	}
	return it
}

func (r answerer) sourceItem(s *knowledge.Source) Item {
	var facts []string
	add := func(label, v string) {
		if v != "" {
			facts = append(facts, label+": "+v)
		}
	}
	add("Outlet", s.Outlet)
	add("Author", s.Author)
	add("Published", s.Published.Human())
	add("Language", s.Language)
	add("URL", s.URL)
	return Item{
		Kind:      KindSource,
		ID:        s.ID,
		Heading:   s.Title,
		Text:      strings.Join(facts, " · "),
		Citations: []Citation{r.citation(knowledge.Citation{Source: s.ID})},
	}
}

func (r answerer) citations(cs []knowledge.Citation) []Citation {
	out := make([]Citation, len(cs))
	for i, c := range cs {
		out[i] = r.citation(c)
	}
	return out
}

func (r answerer) citation(c knowledge.Citation) Citation {
	s := r.b.Source(c.Source)
	return Citation{
		SourceID:  s.ID,
		Title:     s.Title,
		Outlet:    s.Outlet,
		Author:    s.Author,
		Published: s.Published.Human(),
		URL:       s.URL,
		Excerpt:   c.Excerpt,
	}
}

func withNote(d knowledge.Date, note string) string {
	switch h := d.Human(); {
	case h == "":
		return note
	case note == "":
		return h
	default:
		return h + " (" + note + ")"
	}
}
