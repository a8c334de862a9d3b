package bot

import (
	"slices"
	"strings"

	"github.com/incidentbot/incidentbot/bot/cite"
	"github.com/incidentbot/incidentbot/knowledge"
)

// This file answers /cite: one entry as a line a reporter can paste into
// copy, then its sources, in a newsroom's style (bot/cite writes it).

// cite answers /cite: the entry the argument names, as a reference
// ("quote/some-id", which the Cite controls send), a bare id, or words of
// it, written in the engine's style, privately.
func (r answerer) cite(arg string) Answer {
	kind, id := r.citedEntry(arg)
	style := r.style
	var line string
	var sources []*knowledge.Source
	switch kind {
	case knowledge.KindQuote:
		q := r.b.Quote(id)
		c := cite.Quote{Quote: q, Speaker: r.b.Person(q.Speaker), Sources: r.citedSources(q.Citations)}
		line, sources = style.Quote(c), c.Sources
	case knowledge.KindEvent:
		e := r.b.Event(id)
		c := cite.Event{Event: e, Sources: r.citedSources(e.Citations)}
		line, sources = style.Event(c), c.Sources
	case knowledge.KindClaim:
		cl := r.b.Claim(id)
		c := cite.Claim{Claim: cl}
		for _, p := range cl.Positions {
			ps := r.citedSources(p.Citations)
			c.Positions = append(c.Positions, cite.Position{Actor: r.b.Person(p.Actor), Stance: p.Stance, Sources: ps})
			for _, s := range ps {
				if !slices.Contains(sources, s) {
					sources = append(sources, s)
				}
			}
		}
		line = style.Claim(c)
	default:
		a := r.helpAnswer(usagef("nothing in the knowledge base to cite for “%s”", shorten(arg, 80)), commandNamed("cite"))
		a.Private = true
		return a
	}
	text := line + "\n"
	for _, s := range sources {
		text += "\n" + style.Source(s)
	}
	it := Item{Kind: kind, Words: Words{Text: text, Mark: MarkCopy}}
	return Answer{
		Title:   r.t("Citation"),
		Intro:   r.t("Ready to paste: the line, then its sources."),
		Lead:    &it,
		Private: true,
	}
}

// citedEntry finds the entry /cite names: by reference or id first, then
// the best match for its words, if the base knows enough of them.
func (r answerer) citedEntry(arg string) (kind, id string) {
	if k, i, isRef := strings.Cut(arg, "/"); isRef && !strings.Contains(arg, " ") {
		// A reference names one entry or none: a stale button's entry
		// is not to be swapped for another.
		if r.has(arg) {
			return k, i
		}
		return "", ""
	}
	for _, k := range []string{knowledge.KindQuote, knowledge.KindEvent, knowledge.KindClaim} {
		if r.has(k + "/" + arg) {
			return k, arg
		}
	}
	if !r.enoughKnown(arg) {
		return "", ""
	}
	if hits := r.b.Search(arg, 1); len(hits) > 0 {
		return hits[0].Kind, hits[0].ID
	}
	return "", ""
}

// citedSources are the sources of citations, each once, in order.
func (r answerer) citedSources(cs []knowledge.Citation) []*knowledge.Source {
	var out []*knowledge.Source
	for _, c := range cs {
		if s := r.b.Source(c.Source); s != nil && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
