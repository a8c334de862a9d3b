package bot

import (
	"slices"

	"github.com/incidentbot/incidentbot/bot/rank"
	"github.com/incidentbot/incidentbot/knowledge"
)

// /ask answers with the one passage that best answers the question, then
// at most askMore other entries in a line each. Passages are sentences of
// cited excerpts and direct quotes (see knowledge.Passage): verbatim text,
// never the curator's summary.

// askMore is how many entries /ask lists under its lead.
const askMore = 3

func (r answerer) ask(question string) Answer {
	notFound := func() Answer {
		return r.notFound(r.t("No answer in the knowledge base"), "“"+question+"”")
	}
	rk := rank.For(r.b)
	qu := rk.Analyse(question)
	if !rk.InScope(qu) {
		return notFound()
	}
	if speakers := qu.Speakers(); speakers != nil && !slices.ContainsFunc(speakers, func(p *knowledge.Person) bool { return rk.Quoted(p.ID) }) {
		// "What did X say": the base may know the person and quote
		// nothing of theirs; that is the answer, not someone else's words.
		return r.noQuotes(speakers)
	}
	kept := rk.Answers(qu)
	if len(kept) == 0 {
		return notFound()
	}
	lead := kept[0]
	a := Answer{Title: r.t("What the sources say"), Lead: r.leadItem(lead.Passage)}
	if qu.Speakers() != nil && !rk.BySpeaker(qu, lead) {
		// Asked what someone said, and none of their words answer it:
		// the answer says so before the lead, which is someone else's.
		a.Intro = r.t("The sources quote no words of theirs on this; what they do say:")
	}
	// The same sentence is a passage of every entry that cites it; the
	// ranking has put first the entry that best fits the question, and
	// the other entries listed say something else.
	seen := map[string]bool{ref(lead.Kind, lead.ID): true, lead.Sentence: true}
	var more []Item
	for _, h := range kept[1:] {
		key, said := ref(h.Kind, h.ID), h.Sentence
		if seen[key] || seen[said] || len(more) == askMore {
			continue
		}
		seen[key], seen[said] = true, true
		more = append(more, r.line(h.Kind, h.ID))
	}
	a.list = r.items(more)
	return a
}

// line is an entry in one line.
func (r answerer) line(kind, id string) Item {
	switch kind {
	case knowledge.KindEvent:
		return r.eventLine(r.b.Event(id))
	case knowledge.KindQuote:
		return r.quoteLine(r.b.Quote(id))
	}
	// A claim in one line here is its statement and status; who stands
	// where is one click away, in its details.
	it := r.claimLine(r.b.Claim(id))
	it.Meta = ""
	return it
}

// leadItem is a passage as an answer's lead: the words verbatim, and one
// line saying who said it (or which source says it), when, and the
// source's short name.
func (r answerer) leadItem(p knowledge.Passage) *Item {
	src := sourceName(r.b.Source(p.Source))
	it := &Item{Ref: ref(p.Kind, p.ID), Kind: p.Kind}
	switch p.Kind {
	case knowledge.KindEvent:
		e := r.b.Event(p.ID)
		it.Words = Words{Text: p.Text, Mark: MarkCited}
		it.Meta = JoinNonEmpty(" · ", src, r.date(e.Date), e.Title)
	case knowledge.KindQuote:
		q := r.b.Quote(p.ID)
		it.Words = Words{Text: p.Text, Mark: MarkCited}
		if p.Quote {
			it.Words.Mark = MarkExact
		}
		it.Meta = JoinNonEmpty(" · ", who(r.b.Person(q.Speaker)), r.date(q.Said), src)
	case knowledge.KindClaim:
		c := r.b.Claim(p.ID)
		pos := c.Positions[p.Position]
		it.Words = Words{Text: p.Text, Mark: MarkCited}
		it.Meta = JoinNonEmpty(" · ", src, r.stanceSentence(r.b.Person(pos.Actor).Name, pos.Stance)+": "+c.Statement+" ("+r.word(c.Status)+")")
	}
	return it
}
