package bot

import (
	"slices"
	"strings"

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
	// A question about a day ("what happened on 16 November") is asked
	// without it, of the entries dated on it: none when no year of the
	// base has the day.
	asked, onDay, dates := question, false, []knowledge.Date(nil)
	if rest, ds, ok := r.askedDate(question); ok {
		asked, onDay, dates = rest, true, ds
	}
	qu := rk.Analyse(asked)
	if !rk.InScope(qu) {
		return notFound()
	}
	if speakers := qu.Speakers(); speakers != nil && !slices.ContainsFunc(speakers, func(p *knowledge.Person) bool { return rk.Quoted(qu, p.ID) }) {
		// "What did X say": the base may know the person and quote
		// nothing of theirs; that is the answer, not someone else's words.
		return r.noQuotes(speakers)
	}
	kept := rk.Answers(qu)
	if onDay {
		kept = r.datedOn(kept, dates)
	}
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
// line saying whose words they are, when, and the source. Only a direct
// quote's own words are signed by their speaker; a sentence of an excerpt
// is the source's, signed by it with whom its quotation marks quote ("…,
// quoting Jonas Okafor") or, when they quote no one, whom the entry is
// about ("…, on Piet Varga"): a source's sentence is never shown as the
// words of a person it names.
func (r answerer) leadItem(p knowledge.Passage) *Item {
	src := r.b.Source(p.Source)
	it := &Item{Ref: ref(p.Kind, p.ID), Kind: p.Kind, Words: Words{Text: p.Text, Mark: MarkCited}}
	switch p.Kind {
	case knowledge.KindEvent:
		e := r.b.Event(p.ID)
		it.Meta = knowledge.JoinNonEmpty(" · ", r.signature(src, p, ""), r.date(e.Date), e.Title)
	case knowledge.KindQuote:
		q := r.b.Quote(p.ID)
		if p.Quote {
			it.Words.Mark = MarkExact
			it.Meta = knowledge.JoinNonEmpty(" · ", who(r.b.Person(q.Speaker)), r.date(q.Said), sourceName(src))
			break
		}
		it.Meta = knowledge.JoinNonEmpty(" · ", r.signature(src, p, q.Speaker), r.date(q.Said))
	case knowledge.KindClaim:
		c := r.b.Claim(p.ID)
		pos := c.Positions[p.Position]
		it.Meta = knowledge.JoinNonEmpty(" · ", r.signature(src, p, ""), r.stanceSentence(r.b.Person(pos.Actor), pos.Stance)+": "+c.Statement+" ("+r.word(c.Status)+")")
	}
	return it
}

// signature names the source of a sentence and whom its quotation marks
// quote, or else the person about, when there is one: "Harbour Gazette,
// quoting Jonas Okafor", "Harbour Gazette, on Piet Varga".
func (r answerer) signature(src *knowledge.Source, p knowledge.Passage, about string) string {
	by := sourceName(src)
	if src != nil && src.Outlet != "" {
		by = src.Outlet
	}
	var names []string
	for _, person := range r.b.Quoting(p) {
		names = append(names, person.Name)
	}
	switch {
	case len(names) > 1:
		return r.t("%s, quoting %s", by, r.t("%s and %s", strings.Join(names[:len(names)-1], ", "), names[len(names)-1]))
	case len(names) == 1:
		return r.t("%s, quoting %s", by, names[0])
	case about != "":
		return r.t("%s, on %s", by, r.b.Person(about).Name)
	}
	return by
}

// datedOn keeps the passages whose entries are dated on one of dates:
// those dated within one first, then those dated only to a range of at
// most maxMaybeDays that overlaps one ("16-17 November" for 16 November;
// not an open one, "on or after 3 May"), each in the order ranked. A
// wider range (a month, "since August") says too little of the day asked
// about; a claim has no date of its own.
// Only what the ranking kept is kept: a day names no topic ("what
// happened at the 9 May parade" is no question about whatever else
// happened on 9 May).
func (r answerer) datedOn(hits []rank.Hit, dates []knowledge.Date) []rank.Hit {
	var in, maybe []rank.Hit
	for _, h := range hits {
		var d knowledge.Date
		switch h.Kind {
		case knowledge.KindEvent:
			d = r.b.Event(h.ID).Date
		case knowledge.KindQuote:
			d = r.b.Quote(h.ID).Said
		}
		switch {
		case slices.ContainsFunc(dates, d.Within):
			in = append(in, h)
		case d.Days() > 0 && d.Days() <= maxMaybeDays && slices.ContainsFunc(dates, func(on knowledge.Date) bool { return on.Contains(d) }):
			maybe = append(maybe, h)
		}
	}
	return append(in, maybe...)
}

// maxMaybeDays is the widest range datedOn keeps for a day it overlaps:
// a week, as in "last week".
const maxMaybeDays = 7
