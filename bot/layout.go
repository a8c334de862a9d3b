package bot

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/incidentbot/incidentbot/knowledge"
)

// This file decides what every answer shows of an entry, for all
// platforms at once: the compact form that an answer lists, and the
// details that a Details control (or `ask --full`) opens.

// maxLineWords bounds the words quoted in a one-line item, in characters.
const maxLineWords = 110

// ref names an entry for a Details control: "quote/mayor-budget".
func ref(kind, id string) string { return kind + "/" + id }

// sourceName is a source's short name, or its title when it has none.
func sourceName(s *knowledge.Source) string {
	if s == nil {
		return ""
	}
	if s.Short != "" {
		return s.Short
	}
	return s.Title
}

// sourceLine names a source with everything known of it, nothing more:
// "Title · Outlet · Author · May 2023".
func (r answerer) sourceLine(s *knowledge.Source) string {
	return knowledge.JoinNonEmpty(" · ", s.Title, s.Outlet, s.Author, r.date(s.Published))
}

// sourceNames is the short names of the sources cited, each once.
func (r answerer) sourceNames(cs []knowledge.Citation) string {
	var names []string
	for _, c := range cs {
		if n := sourceName(r.b.Source(c.Source)); n != "" && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return strings.Join(names, ", ")
}

// who is a person's name and role: "Jane Roe, city spokeswoman".
func who(p *knowledge.Person) string {
	return knowledge.JoinNonEmpty(", ", p.Name, p.Role)
}

// via is the chain a quote came through: "via a wire agency → a broadcaster".
func (r answerer) via(chain []string) string {
	if len(chain) == 0 {
		return ""
	}
	return r.t("via %s", strings.Join(chain, " → "))
}

// quoteWords are a quote's words, marked as exact or as a paraphrase.
func quoteWords(q *knowledge.Quote) Words {
	if q.Kind == knowledge.Direct {
		return Words{Text: q.Text, Mark: MarkExact}
	}
	return Words{Text: q.Text, Mark: MarkParaphrase}
}

// eventLine is an event in one line: "3 May 2023 — Title".
func (r answerer) eventLine(e *knowledge.Event) Item {
	return r.listed(knowledge.KindEvent, e.ID, false, func() Item {
		return Item{Kind: KindEvent, Ref: ref(knowledge.KindEvent, e.ID), Heading: knowledge.JoinNonEmpty(" — ", r.date(e.Date), e.Title)}
	})
}

// listedKey is the key of the memo of how entries are listed.
type listedKey struct{}

// listedItems are the items entries are listed as, by entry, language and
// layout.
type listedItems struct {
	mu    sync.RWMutex
	items map[listedID]Item
}

type listedID struct {
	loc, kind, id string
	withSpeaker   bool
}

// maxListed bounds the memo of listed items of one base: at about 300
// bytes an item, 20,000 keep it under 10 MB however many of a large
// base's entries are paged through, in every language. Past it, items are
// built for each answer as before.
var maxListed = 20_000

// listed is the item build makes for entry id, made once per base: how an
// entry is listed depends on the base, the language and whether it names
// its speaker alone, and working out its dates and names again for every
// answer that lists it was most of what listing cost. Items kept so hold
// no slices, so that no answer can change another's.
func (r answerer) listed(kind, id string, withSpeaker bool, build func() Item) Item {
	m := knowledge.Memo(r.b, listedKey{}, func() *listedItems { return &listedItems{items: map[listedID]Item{}} })
	key := listedID{r.loc, kind, id, withSpeaker}
	m.mu.RLock()
	it, ok := m.items[key]
	m.mu.RUnlock()
	if !ok {
		it = build()
		m.mu.Lock()
		if len(m.items) < maxListed {
			m.items[key] = it
		}
		m.mu.Unlock()
	}
	return it
}

// quoteLine is a quote in one line: who, when, and the start of the words.
func (r answerer) quoteLine(q *knowledge.Quote) Item {
	p := r.b.Person(q.Speaker)
	words := shorten(q.Text, maxLineWords)
	// The words are part of the line, so the line says how they are
	// marked: quotation marks for exact words, "paraphrased" otherwise.
	who := knowledge.JoinNonEmpty(", ", p.Name, r.date(q.Said))
	if q.Kind == knowledge.Direct {
		return Item{Kind: KindQuote, Ref: ref(knowledge.KindQuote, q.ID), Heading: who + ": “" + words + "”"}
	}
	return Item{Kind: KindQuote, Ref: ref(knowledge.KindQuote, q.ID), Heading: who + ", " + r.t(ParaphraseLabel+"d") + ": " + words}
}

// claimLine is a claim in one line: the statement, its status, and who
// stands where, by name.
func (r answerer) claimLine(c *knowledge.Claim) Item {
	return Item{Kind: KindClaim, Ref: ref(knowledge.KindClaim, c.ID), Heading: c.Statement, Status: c.Status, Meta: r.stances(c)}
}

// quoteItem is a quote as /who-said lists it: the words, then when, where,
// through whom and from which source; the speaker too unless the answer
// is about one person already.
func (r answerer) quoteItem(q *knowledge.Quote, withSpeaker bool) Item {
	return r.listed(knowledge.KindQuote, q.ID, withSpeaker, func() Item {
		speaker := ""
		if withSpeaker {
			speaker = who(r.b.Person(q.Speaker))
		}
		return Item{
			Kind:  KindQuote,
			Ref:   ref(knowledge.KindQuote, q.ID),
			Words: quoteWords(q),
			Meta:  knowledge.JoinNonEmpty(" · ", speaker, r.date(q.Said), q.Medium, r.via(q.Via), r.sourceNames(q.Citations)),
		}
	})
}

// claimItem is a claim with its status, who stands where, and the words
// of those whose position rests on a quote.
func (r answerer) claimItem(c *knowledge.Claim) Item {
	it := Item{Kind: KindClaim, Ref: ref(knowledge.KindClaim, c.ID), Heading: c.Statement, Status: c.Status, Lines: r.positionLines(c)}
	var rest []knowledge.Position
	for _, p := range c.Positions {
		if r.b.Quote(p.Quote) == nil {
			rest = append(rest, p)
		}
	}
	// The meta line names only those whose words are not shown above.
	switch s := r.stancesOf(rest); {
	case s != "" && len(it.Lines) > 0:
		it.Meta = r.t("Also %s", s)
	case s != "":
		it.Meta = capitalise(s)
	}
	return it
}

// positionLines are a claim's positions that rest on a quote, as
// sentences: "Jane Roe asserts: “…”".
func (r answerer) positionLines(c *knowledge.Claim) []Words {
	var lines []Words
	for _, p := range c.Positions {
		if q := r.b.Quote(p.Quote); q != nil {
			w := quoteWords(q)
			w.Who = r.stanceSentence(r.b.Person(p.Actor), p.Stance)
			lines = append(lines, w)
		}
	}
	return lines
}

func (r answerer) sourceItem(s *knowledge.Source) Item {
	var facts []string
	add := func(label, v string) {
		if v != "" {
			facts = append(facts, r.word(label)+": "+v)
		}
	}
	add("Short name", s.Short)
	add("Outlet", s.Outlet)
	add("Author", s.Author)
	add("Published", r.date(s.Published))
	add("Language", s.Language)
	add("URL", s.URL)
	add("Archived copy", s.ArchiveURL)
	return Item{Kind: KindSource, Heading: s.Title, Words: Words{Text: strings.Join(facts, " · ")}}
}

// stanceOrder is the order stances are summarised in.
var stanceOrder = []struct{ stance, by string }{
	{"asserts", "asserted by"},
	{"assesses", "assessed by"},
	{"doubts", "doubted by"},
	{"denies", "denied by"},
}

// stances summarises who stands where on a claim, by name:
// "asserted by Jane Roe, the mayor; denied by the council".
func (r answerer) stances(c *knowledge.Claim) string {
	return capitalise(r.stancesOf(c.Positions))
}

// stancesOf summarises positions by stance, in lower case.
func (r answerer) stancesOf(positions []knowledge.Position) string {
	var parts []string
	for _, s := range stanceOrder {
		var names []string
		for _, p := range positions {
			if p.Stance == s.stance {
				if n := r.b.Person(p.Actor).Name; !slices.Contains(names, n) {
					names = append(names, n)
				}
			}
		}
		if len(names) > 0 {
			parts = append(parts, r.t(s.by+" %s", strings.Join(names, ", ")))
		}
	}
	return strings.Join(parts, "; ")
}

// pluralStances are the stances' verbs for a group.
var pluralStances = map[string]string{"asserts": "assert", "assesses": "assess", "doubts": "doubt", "denies": "deny"}

// stanceSentence makes an actor and a stance a subject and verb that
// agree, in the answer's language: "Jane Roe asserts", "the city's engineers
// assess" (a person the base marks as a group).
func (r answerer) stanceSentence(actor *knowledge.Person, stance string) string {
	if v, ok := pluralStances[stance]; ok && actor.Group {
		stance = v
	}
	return r.t("%s "+stance, actor.Name)
}

// shorten cuts text to at most n characters at a word, marked with "…".
func shorten(text string, n int) string {
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	cut := string([]rune(text)[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}

// layout is how a list shows the base's entries: how many to a page
// (PageSize when 0), whether each quote names its speaker (an answer about
// several people), and whether claims are one line each.
type layout struct {
	size               int
	bySpeaker, compact bool
}

// entries lists entries of the base, laid out as how says when their page
// is shown.
func (r answerer) entries(hits []knowledge.Hit, how layout) list {
	return list{n: len(hits), size: how.size, lay: func(lo, hi int, full bool) []Item {
		items := make([]Item, 0, hi-lo)
		for _, h := range hits[lo:hi] {
			var it Item
			switch h.Kind {
			case knowledge.KindEvent:
				it = r.eventLine(r.b.Event(h.ID))
			case knowledge.KindQuote:
				it = r.quoteItem(r.b.Quote(h.ID), how.bySpeaker)
			case knowledge.KindClaim:
				if how.compact {
					it = r.claimLine(r.b.Claim(h.ID))
				} else {
					it = r.claimItem(r.b.Claim(h.ID))
				}
			case knowledge.KindSource:
				it = r.sourceItem(r.b.Source(h.ID))
			}
			if full && it.Ref != "" {
				it = r.withDetails(it, how.bySpeaker)
			}
			items = append(items, it)
		}
		return items
	}}
}

// items lists items a command has built itself, PageSize to a page.
func (r answerer) items(items []Item) list {
	return list{n: len(items), lay: func(lo, hi int, full bool) []Item {
		page := items[lo:hi]
		if full {
			page = slices.Clone(page)
			for i, it := range page {
				if it.Ref != "" {
					page[i] = r.withDetails(it, false)
				}
			}
		}
		return page
	}}
}

// details answers a Details control: one entry with everything known of
// it. The reference comes from a button, so it may name an entry that a
// reload has since removed.
func (r answerer) details(ref string) Answer {
	kind, id, _ := strings.Cut(ref, "/")
	var it Item
	switch {
	case kind == knowledge.KindEvent && r.b.Event(id) != nil:
		it = r.eventLine(r.b.Event(id))
	case kind == knowledge.KindQuote && r.b.Quote(id) != nil:
		it = r.quoteItem(r.b.Quote(id), true)
	case kind == knowledge.KindClaim && r.b.Claim(id) != nil:
		it = r.claimItem(r.b.Claim(id))
	default:
		return Answer{Title: r.t("No longer in the knowledge base"), Intro: r.t("That entry is not in the knowledge base any more; it may have been edited since the answer was shown. Ask again to see what it holds now."), NotFound: true, Private: true, Page: 1, Pages: 1, First: 1}
	}
	it = r.withDetails(it, true)
	return Answer{Command: "details", Title: r.t("Details"), Lead: &it, Private: true, Page: 1, Pages: 1, Total: 0, First: 1}
}

// withDetails fills in an item's details: the full date with the
// curator's note, where and through whom, the context, and every excerpt
// with its source named in full; speaker names a quote's speaker in its
// heading, for an answer that is not about that one person.
func (r answerer) withDetails(it Item, speaker bool) Item {
	kind, id, _ := strings.Cut(it.Ref, "/")
	switch kind {
	case knowledge.KindEvent:
		e := r.b.Event(id)
		it.Heading = e.Title
		it.Words = Words{Text: e.Summary}
		it.Notes = append(it.Notes, r.dateNote(e.Date, e.DateNote)...)
		if len(e.Actors) > 0 {
			it.Notes = append(it.Notes, Note{r.t("Actors"), r.names(e.Actors)})
		}
		it.Excerpts = r.excerpts("", e.Citations)
	case knowledge.KindQuote:
		q := r.b.Quote(id)
		if speaker {
			it.Heading = who(r.b.Person(q.Speaker))
		}
		it.Words = quoteWords(q)
		it.Meta = ""
		it.Notes = append(it.Notes, r.dateNote(q.Said, q.DateNote)...)
		for _, n := range []Note{{r.t("Where"), q.Medium}, {r.t("Through"), strings.Join(q.Via, " → ")}, {r.t("Context"), q.Context}} {
			if n.Text != "" {
				it.Notes = append(it.Notes, n)
			}
		}
		it.Excerpts = r.excerpts("", q.Citations)
	case knowledge.KindClaim:
		c := r.b.Claim(id)
		// Every position is in the stance summary (Meta) and has its
		// excerpts below; one with words of its own also gets a line.
		it.Heading, it.Status, it.Meta, it.Lines = c.Statement, c.Status, r.stances(c), r.positionLines(c)
		it.Words = Words{}
		for _, p := range c.Positions {
			it.Excerpts = append(it.Excerpts, r.excerpts(r.stanceSentence(r.b.Person(p.Actor), p.Stance), p.Citations)...)
		}
	}
	return it
}

// dateNote is the full date of an entry: the short form and, when the
// curator explained it, how it was arrived at.
func (r answerer) dateNote(d knowledge.Date, note string) []Note {
	if d.IsZero() && note == "" {
		return nil
	}
	text := r.date(d)
	if note != "" {
		text = knowledge.JoinNonEmpty(". ", strings.TrimSuffix(text, "."), note)
	}
	return []Note{{r.t("Date"), text}}
}

func (r answerer) names(ids []string) string {
	var out []string
	for _, id := range ids {
		out = append(out, who(r.b.Person(id)))
	}
	return strings.Join(out, "; ")
}

func (r answerer) excerpts(about string, cs []knowledge.Citation) []Excerpt {
	out := make([]Excerpt, len(cs))
	for i, c := range cs {
		s := r.b.Source(c.Source)
		out[i] = Excerpt{About: about, Text: c.Excerpt, Source: r.sourceLine(s), URL: s.URL, Archived: s.ArchiveURL}
	}
	return out
}
