package bot

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"github.com/incidentbot/incidentbot/bot/cite"
	"github.com/incidentbot/incidentbot/bot/rank"
	"github.com/incidentbot/incidentbot/knowledge"
)

// answerer builds the answers of the content commands: each is a function
// of one knowledge base, the asker's language and the argument, and none
// reaches back into the Engine (the operations, /kb and /changes, are the
// Engine's: ops.go). A request holds on to the base it started with even
// if a reload swaps in another.
type answerer struct {
	b *knowledge.Base
	// loc is the language the answer is in (see Locale).
	loc string
	// style writes /cite's citations.
	style cite.Style
	// incident is the id of the incident b is, which /incidents marks as
	// the one answering; several is set when more than one is loaded.
	incident string
	several  bool
}

// maxHits bounds how many entries a filtered list may show.
const maxHits = 50

// enoughKnown says whether the base knows enough of the query's words to
// answer it rather than say it has nothing: more than half of them, so
// that "the capital of France" is not answered with a quote by someone
// whose name is like "France".
func (r answerer) enoughKnown(text string) bool {
	known, total := r.b.Known(text)
	return total > 0 && known*2 > total
}

// notFound says the base has nothing on what was asked, and what it does
// cover, so the user can ask again.
func (r answerer) notFound(title, what string) Answer {
	return Answer{Title: title, NotFound: true, Intro: r.t("The knowledge base has nothing on %s. %s", what, r.coverage())}
}

// coverage says what the base holds, with counts that agree with their
// nouns in the asker's language, and what to try on it.
func (r answerer) coverage() string {
	b := r.b
	tl := b.Timeline()
	span := ""
	switch first, last := 0, len(tl)-1; {
	case last < 0:
	case r.date(tl[first].Date) == r.date(tl[last].Date):
		span = r.t(" on %s", r.date(tl[first].Date))
	default:
		span = r.t(" from %s to %s", r.date(tl[first].Date), r.date(tl[last].Date))
	}
	who := r.exampleLine(commandNamed("who-said"))
	if who == "" {
		who = "/who-said"
	}
	return r.t("It covers %s: %s%s, %s %s, %s and %s.", b.Incident.Title,
		r.n("%d events", len(b.Events)), span, r.n("%d quotes", len(b.Quotes)), r.n("from %d speakers", b.Speakers()),
		r.n("%d claims", len(b.Claims)), r.n("%d sources", len(b.Sources))) +
		" " + r.t("Try /timeline, %s, /claims or /help.", who)
}

func (r answerer) timeline(filter string) Answer {
	events := r.b.Timeline()
	if filter == "" {
		return Answer{Title: r.t("Timeline: %s", r.b.Incident.Title), list: r.entries(eventRefs(events), layout{size: LinePageSize})}
	}
	if dates, ok := r.filterDates(filter); ok {
		return r.timelineOn(filter, dates)
	}
	if !r.enoughKnown(r.english(filter)) {
		return r.notFound(r.t("Nothing on “%s”", filter), r.t("“%s” in the timeline", filter))
	}
	hits := relevant(r.b.Search(r.english(filter), maxHits, knowledge.KindEvent))
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	in := r.b.InTimeline(ids)
	if len(in) == 0 {
		return r.notFound(r.t("Nothing on “%s”", filter), r.t("“%s” in the timeline", filter))
	}
	return Answer{Title: r.t("Timeline: “%s”", filter), list: r.entries(eventRefs(in), layout{size: LinePageSize})}
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

func (r answerer) whoSaid(arg string) Answer {
	arg = firstWords(arg, maxWhoSaidWords)
	if people := r.b.FindPeople(arg); len(people) > 0 {
		quoted := 0
		for _, p := range people {
			quoted += len(r.b.QuotesBy(p.ID))
		}
		refs := make([]knowledge.Hit, 0, quoted)
		names := make([]string, 0, len(people))
		for _, p := range people {
			names = append(names, who(p))
			for _, q := range r.b.QuotesBy(p.ID) {
				refs = append(refs, knowledge.Hit{Kind: knowledge.KindQuote, ID: q.ID})
			}
		}
		var a Answer
		if len(refs) > 0 {
			// The speaker's name and role once, in the title; each quote
			// names them again only when the answer has several people.
			a = Answer{Title: strings.Join(names, "; "), list: r.entries(refs, layout{bySpeaker: len(people) > 1})}
		} else {
			a = r.noQuotes(people)
		}
		if !r.b.IsName(arg) {
			// A typo or another case of a name: say whose quotes these are
			// rather than pass them off as an exact match.
			a.Intro = strings.TrimSpace(r.t("No one in the knowledge base goes by “%s”; the closest is %s.", arg, strings.Join(names, ", ")) + " " + a.Intro)
		}
		return a
	}
	if !r.enoughKnown(r.english(arg)) {
		return r.notFound(r.t("No quotes on “%s”", arg), r.t("anyone named “%s” or quotes with those words", arg))
	}
	refs := relevant(r.b.Search(r.english(arg), maxHits, knowledge.KindQuote))
	if len(refs) == 0 {
		return r.notFound(r.t("No quotes on “%s”", arg), r.t("anyone named “%s” or quotes with those words", arg))
	}
	return Answer{Title: r.t("Quotes matching “%s”", arg), list: r.entries(refs, layout{bySpeaker: true})}
}

// noQuotes answers /who-said for people the base knows but never quotes:
// it says so, and shows where they are mentioned: as an actor, or by name.
func (r answerer) noQuotes(people []*knowledge.Person) Answer {
	var names []string
	seen := map[string]bool{}
	var hits []knowledge.Hit
	for _, p := range people {
		names = append(names, p.Name)
		for _, e := range r.b.EventsWith(p.ID) {
			hits = append(hits, knowledge.Hit{Kind: knowledge.KindEvent, ID: e.ID})
		}
		for _, c := range r.b.ClaimsWith(p.ID) {
			hits = append(hits, knowledge.Hit{Kind: knowledge.KindClaim, ID: c.ID})
		}
		hits = append(hits, relevant(r.b.Search(p.Name, maxHits, knowledge.KindEvent, knowledge.KindClaim, knowledge.KindQuote))...)
	}
	hits = slices.DeleteFunc(hits, func(h knowledge.Hit) bool {
		key := h.Kind + "/" + h.ID
		defer func() { seen[key] = true }()
		return seen[key]
	})
	intro := r.t("The sources quote no words of theirs.")
	if len(hits) > 0 {
		intro += " " + r.t("They are mentioned here:")
	} else {
		intro += " " + r.coverage()
	}
	return Answer{Title: r.t("No recorded quotes from %s", strings.Join(names, ", ")), NotFound: true, Intro: intro, list: r.entries(hits, layout{size: LinePageSize, compact: true, bySpeaker: true})}
}

// checkLimit is how many entries /check shows: the claims and quotes a
// message bears on, best first.
const checkLimit = 3

// What one request may make the engine read, whatever its length
// (MaxLineRunes): /check reads the first maxCheckWords words of a message
// and scores the checkCandidates claims the index finds for them, not
// every claim (a 4,000-character message took 310 ms at 100,000 entries);
// /who-said reads maxWhoSaidWords words, more than any name has.
const (
	maxCheckWords   = 50
	checkCandidates = 200
	maxWhoSaidWords = 30
)

// firstWords is s cut after its first n words.
func firstWords(s string, n int) string {
	seen := 0
	inWord := false
	for i, c := range s {
		space := unicode.IsSpace(c)
		if !space && !inWord {
			if seen == n {
				return strings.TrimSpace(s[:i])
			}
			seen++
		}
		inWord = !space
	}
	return s
}

// check answers /check: the claims a message bears on, with their status
// and who stands where, and quotes that match it; nothing when the base
// does not cover what the message is about.
func (r answerer) check(text string) Answer {
	notFound := func() Answer { return r.notFound(r.t("Nothing to check this against"), r.t("what this message says")) }
	rk := rank.For(r.b)
	qu := rk.Statement(firstWords(text, maxCheckWords))
	if !rk.InScope(qu) {
		return notFound()
	}
	// A message is checked against what is claimed: each claim by how much
	// of the message its statement says (who takes a position on it is no
	// part of what it claims), then the quotes that best match
	// it, under the same relevance floor as /ask.
	type scored struct {
		hit   knowledge.Hit
		cover float64
	}
	var claims []scored
	var candidates []string
	for _, h := range r.b.Search(rk.CoverWords(qu), checkCandidates, knowledge.KindClaim) {
		candidates = append(candidates, h.ID)
	}
	// In file order, as ties in cover keep it.
	for _, c := range r.b.ClaimsIn(candidates) {
		if cov := rk.Covers(qu, c.Statement+"\n"+strings.Join(c.Tags, " ")); cov >= 0.5 {
			claims = append(claims, scored{knowledge.Hit{Kind: knowledge.KindClaim, ID: c.ID}, cov})
		}
	}
	slices.SortStableFunc(claims, func(a, b scored) int { return cmp.Compare(b.cover, a.cover) })
	var refs []knowledge.Hit
	for _, c := range claims {
		if len(refs) < checkLimit && c.cover >= claims[0].cover*0.75 {
			refs = append(refs, c.hit)
		}
	}
	seen := map[string]bool{}
	for _, h := range rk.Rank(qu) {
		key := ref(h.Kind, h.ID)
		if h.Kind != knowledge.KindQuote || seen[key] || len(refs) == checkLimit {
			continue
		}
		seen[key] = true
		refs = append(refs, knowledge.Hit{Kind: h.Kind, ID: h.ID})
	}
	if len(refs) == 0 {
		return notFound()
	}
	return Answer{Title: r.t("What the sources say about this message"), Intro: r.t("The claims it bears on, with their status, and matching quotes."), list: r.entries(refs, layout{bySpeaker: true, compact: true})}
}

func (r answerer) claims(topic string) Answer {
	if topic == "" {
		refs := make([]knowledge.Hit, len(r.b.Claims))
		for i, c := range r.b.Claims {
			refs[i] = knowledge.Hit{Kind: knowledge.KindClaim, ID: c.ID}
		}
		return Answer{Title: r.t("Claims and who stands where"), list: r.entries(refs, layout{size: LinePageSize, compact: true})}
	}
	if !r.enoughKnown(r.english(topic)) {
		return r.notFound(r.t("No claims on “%s”", topic), r.t("claims about “%s”", topic))
	}
	refs := relevant(r.b.Search(r.english(topic), maxHits, knowledge.KindClaim))
	if len(refs) == 0 {
		return r.notFound(r.t("No claims on “%s”", topic), r.t("claims about “%s”", topic))
	}
	return Answer{Title: r.t("Claims on “%s”", topic), list: r.entries(refs, layout{})}
}

func (r answerer) sources(string) Answer {
	refs := make([]knowledge.Hit, len(r.b.Sources))
	for i, s := range r.b.Sources {
		refs[i] = knowledge.Hit{Kind: knowledge.KindSource, ID: s.ID}
	}
	return Answer{Title: r.t("Sources"), Intro: r.t("Everything in the knowledge base is cited to these. Fields not shown are not known."), list: r.entries(refs, layout{})}
}

func eventRefs(events []*knowledge.Event) []knowledge.Hit {
	refs := make([]knowledge.Hit, len(events))
	for i, e := range events {
		refs[i] = knowledge.Hit{Kind: knowledge.KindEvent, ID: e.ID}
	}
	return refs
}

// rangeNote names the entries of a date-filtered timeline that are dated
// only to a range overlapping the date: the last maybe of in+maybe.
func (r answerer) rangeNote(in, maybe int) string {
	switch {
	case in == 0 && maybe == 1:
		return r.t("It is")
	case in == 0:
		return r.t("They are")
	case maybe == 1:
		return r.t("Entry %d is", in+1)
	}
	return r.t("Entries %d–%d are", in+1, in+maybe)
}
