package bot

import (
	"slices"
	"strings"

	"github.com/incidentbot/incidentbot/knowledge"
)

// /ask answers with the one passage that best answers the question, then
// at most askMore other entries in a line each. Passages are sentences of
// cited excerpts and direct quotes (see knowledge.Passage): verbatim text,
// never the curator's summary.

// askMore is how many entries /ask lists under its lead.
const askMore = 3

// answersWhen reports whether a passage answers a "when" question: it
// gives the date of an entry that is what the question is about, or it
// places in time what it reports (not only when someone said it).
func (r answerer) answersWhen(qu question, h ranked) bool {
	pf := r.passage(h.Passage)
	w := r.whenIn(pf)
	if !qu.form.saying && w.statementTime {
		return false
	}
	// A dated entry that is what the question asks about answers it
	// with its date, which the answer shows, if not in this sentence.
	// A quote's date is when it was said, which answers only a question
	// about saying.
	dated := !r.dateOf(h.Passage).IsZero() && (h.Kind == knowledge.KindEvent || qu.form.saying)
	return dated && r.coversText(qu, pf.about, pf.people) >= 0.8 || w.timeWord
}

// scheduledTag marks an event the sources give as planned, not as having
// taken place: it does not answer what happened at it.
const scheduledTag = "scheduled"

// scheduled reports whether an event tagged scheduled cites a passage's
// sentence, or one that holds it (a quote's words).
func (r answerer) scheduled(h ranked, all []ranked) bool {
	k := r.passage(h.Passage).key
	for _, o := range all {
		if o.Kind == knowledge.KindEvent && strings.Contains(r.passage(o.Passage).key, k) && slices.Contains(r.b.Event(o.ID).Tags, scheduledTag) {
			return true
		}
	}
	return false
}

func (r answerer) ask(question string) Answer {
	notFound := func() Answer {
		return r.notFound(r.t("No answer in the knowledge base"), "“"+question+"”")
	}
	qu := r.analyse(question)
	if !r.inScope(qu) {
		return notFound()
	}
	f := qu.form
	if f.say {
		// "What did Putin say": the base may know the person and quote
		// nothing of theirs; that is the answer, not someone else's words.
		quoted := false
		for _, p := range f.people {
			quoted = quoted || len(r.b.QuotesBy(p.ID)) > 0 || r.takesPosition(p.ID)
		}
		if !quoted {
			return r.noQuotes(f.people)
		}
	}
	if r.unknownSpeaker(qu) || r.unknownMeasure(qu) {
		return notFound()
	}
	all := r.rank(qu)
	if f.when && r.onlyChannels(qu, all) {
		return notFound()
	}
	var kept []ranked
	for _, h := range all {
		// The relevance floor: a passage must cover half of what the
		// question is about and score near the best.
		if h.coverage < 0.5 || h.score < all[0].score*0.3 {
			continue
		}
		// "When" is answered only by a time, and "what happened" not by
		// what was only planned.
		if f.when && !r.answersWhen(qu, h) || f.happened && r.scheduled(h, all) {
			continue
		}
		kept = append(kept, h)
	}
	if len(kept) == 0 {
		return notFound()
	}
	lead := r.showUnder(qu, kept)
	a := Answer{Title: r.t("What the sources say"), Lead: r.leadItem(lead.Passage)}
	// The same sentence is a passage of every entry that cites it; the
	// ranking has put first the entry that best fits the question, and
	// the other entries listed say something else.
	seen := map[string]bool{ref(lead.Kind, lead.ID): true, r.passage(lead.Passage).key: true}
	var more []Item
	for _, h := range kept[1:] {
		key, said := ref(h.Kind, h.ID), r.passage(h.Passage).key
		if seen[key] || seen[said] || len(more) == askMore {
			continue
		}
		seen[key], seen[said] = true, true
		more = append(more, r.line(h.Kind, h.ID))
	}
	a.list = r.items(more)
	return a
}

// showUnder is the entry to show the best sentence under, among those
// that cite it: what it says is the same, but the line under it says who
// and when. A speaker's own words for "what did X say", an event for
// "when", otherwise a quote or an event before a claim position, whose
// line must restate the claim.
func (r answerer) showUnder(qu question, kept []ranked) ranked {
	best := kept[0]
	if t := strings.TrimSpace(best.Text); strings.HasPrefix(t, "...") || strings.HasSuffix(t, "...") || strings.HasPrefix(t, "…") || strings.HasSuffix(t, "…") {
		// A sentence the curator cut short leads whole where another
		// entry cites it whole.
		key := r.passage(best.Passage).key
		for _, h := range kept[1:] {
			if k := r.passage(h.Passage).key; len(k) > len(key) && strings.Contains(k, key) {
				best = h
				break
			}
		}
	}
	pref := func(h ranked) int {
		switch {
		case qu.form.say && h.Kind == knowledge.KindQuote && slices.ContainsFunc(qu.form.people, func(p *knowledge.Person) bool { return p.ID == r.b.Quote(h.ID).Speaker }):
			return 3
		case qu.form.when && h.Kind == knowledge.KindEvent:
			return 3
		case h.Kind == knowledge.KindClaim:
			return 0
		}
		return 1
	}
	key := r.passage(best.Passage).key
	for _, h := range kept[1:] {
		if r.passage(h.Passage).key == key && pref(h) > pref(best) {
			best = h
		}
	}
	return best
}

// takesPosition reports whether a person stands somewhere on a claim: the
// sources report their view even where they quote no words of theirs.
func (r answerer) takesPosition(id string) bool { return r.facts().actors[id] }

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
// quoting Kurt Volker") or, when they quote no one, whom the entry is
// about ("…, on Donald Trump"): a source's sentence is never shown as the
// words of a person it names.
func (r answerer) leadItem(p knowledge.Passage) *Item {
	src := r.b.Source(p.Source)
	it := &Item{Ref: ref(p.Kind, p.ID), Kind: p.Kind, Words: Words{Text: p.Text, Mark: MarkCited}}
	switch p.Kind {
	case knowledge.KindEvent:
		e := r.b.Event(p.ID)
		it.Meta = JoinNonEmpty(" · ", r.signature(src, p, ""), r.date(e.Date), e.Title)
	case knowledge.KindQuote:
		q := r.b.Quote(p.ID)
		if p.Quote {
			it.Words.Mark = MarkExact
			it.Meta = JoinNonEmpty(" · ", who(r.b.Person(q.Speaker)), r.date(q.Said), sourceName(src))
			break
		}
		it.Meta = JoinNonEmpty(" · ", r.signature(src, p, q.Speaker), r.date(q.Said))
	case knowledge.KindClaim:
		c := r.b.Claim(p.ID)
		pos := c.Positions[p.Position]
		it.Meta = JoinNonEmpty(" · ", r.signature(src, p, ""), r.stanceSentence(r.b.Person(pos.Actor), pos.Stance)+": "+c.Statement+" ("+r.word(c.Status)+")")
	}
	return it
}

// signature names the source of a sentence and whom its quotation marks
// quote, or else the person about, when there is one: "Deccan Herald,
// quoting Kurt Volker", "Deccan Herald, on Donald Trump".
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
