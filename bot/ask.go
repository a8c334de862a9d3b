package bot

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/incidentbot/incidentbot/knowledge"
)

// /ask answers with the one passage that best answers the question, then
// at most askMore other entries in a line each. Passages are sentences of
// cited excerpts and direct quotes (see knowledge.Passage): verbatim text,
// never the curator's summary.

// askMore is how many entries /ask lists under its lead.
const askMore = 3

// candidates is how many passages the search hands to the ranking here.
const candidates = 40

// form is what kind of answer a question asks for.
type form struct {
	when, where, who, howMany, say bool
	// people are the people the question names.
	people []*knowledge.Person
}

var (
	whenRE    = regexp.MustCompile(`\b(when|what (day|date|time)|which day|date of|how long ago)\b`)
	whereRE   = regexp.MustCompile(`(?i)\b(interview|briefing|telegram|channel|tweet|twitter|wrote|posted|told|TV|show|report(ed)?|said in|on MSNBC|according to)\b`)
	whoRE     = regexp.MustCompile(`\b(who|whose|whom|behind|responsible|blame[sd]?|culprit|carried out|did it)\b`)
	howManyRE = regexp.MustCompile(`\b(how (many|much)|number of|how big|count)\b|\b\d+\b`)
	sayRE     = regexp.MustCompile(`\b(say|said|says|saying|think|thinks|claim|claimed|claims|quote|quotes|react|reaction|respond|response|tell|told|words?|view|position|stance)\b`)
	numberRE  = regexp.MustCompile(`(?i)\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|dozen|dozens|hundreds?|thousands?|single|both|pair)\b`)
	dateRE    = regexp.MustCompile(`\b(January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|night|yesterday|today)\b|\b(19|20)\d\d\b`)
	yearRE    = regexp.MustCompile(`\b(19|20)\d\d\b`)
	// wherePlaceRE asks where something was said: in which channel.
	wherePlaceRE = regexp.MustCompile(`\b(where|what (show|channel|outlet|programme|program)|which (show|channel|outlet)|on what|post(ed)?|press conference)\b`)
)

func (r answerer) questionForm(q string) form {
	lq := strings.ToLower(q)
	f := form{
		when:    whenRE.MatchString(lq),
		where:   wherePlaceRE.MatchString(lq),
		who:     whoRE.MatchString(lq),
		howMany: howManyRE.MatchString(lq) && !yearRE.MatchString(lq),
		people:  r.b.Mentioned(q),
	}
	f.say = len(f.people) > 0 && sayRE.MatchString(lq)
	return f
}

// genericWords are words of how a question is put, not of what it is
// about: they neither count towards whether the base knows the question
// nor make a passage relevant.
const genericWords = `when who whom whose what which where why how many much did do does done doing
say said says saying tell told think thinks happen happened happening use used using mean means
know known really true actually exactly wait so ok okay thing things anyone someone something
anything about explain is are was were be been being there here this that these those it its
they them their get got any some please pls source sources according give show me us we you
i my your whats what's whos who's yes no not date time day ppl people guy guys
rn now even still like just way`

var (
	genericOnce  sync.Once
	genericTerms map[string]bool
)

// contentTerms are the analysed terms of a question that say what it is
// about.
func (r answerer) contentTerms(q string) []string {
	genericOnce.Do(func() {
		genericTerms = map[string]bool{}
		for _, t := range r.b.Terms(genericWords) {
			genericTerms[t] = true
		}
	})
	var out []string
	for _, t := range r.b.Terms(q) {
		if !genericTerms[t] {
			out = append(out, t)
		}
	}
	return out
}

// synonyms bridges the words people ask with to the words news reports
// use, so that "who launched the drones" finds "drones were flown". Each
// key is a word of a question; its value is added to the question.
var synonyms = map[string]string{
	"launch": "flown carried out", "launched": "flown carried out",
	"intel": "intelligence", "admin": "administration",
	"order": "authorised", "ordered": "authorised", "authorize": "authorised", "authorized": "authorised", "approve": "authorised", "approved": "authorised",
	"worried": "concerned unnerved", "worry": "concerned unnerved",
	"spread": "expanding beyond", "wider": "expanding beyond", "escalate": "expanding retaliatory", "escalation": "expanding retaliatory",
	"confirm": "validate", "confirmed": "validate", "verify": "validate", "verified": "validate",
	"story": "accusation claim", "fake": "staged false flag", "staged": "false flag", "hoax": "staged false flag",
	"blow": "exploding", "blew": "exploding", "explode": "exploding", "exploded": "exploding", "explosion": "exploding",
	"kill": "elimination assassination", "assassinate": "assassination elimination",
	"footage": "video", "filmed": "footage captured", "film": "footage captured",
	"usa": "United States", "america": "United States", "americans": "American",
	"nyt": "New York Times", "times": "New York Times",
	"ukrainians": "Ukraine", "russians": "Russia",
	"responsible": "carried out involvement", "involved": "involvement", "behind": "carried out masterminded involvement",
	"helped": "assisted involvement", "help": "assisted involvement",
	"reaction": "said", "respond": "dismissed said", "responded": "dismissed said",
}

// question is a question analysed: its content terms, each with the
// terms that stand for it (itself first, then its synonyms'), and the
// text to search for (the question with the synonyms added).
type question struct {
	text, search string
	terms        []string
	alts         map[string][]string
	// names maps the terms of a person's name in the question to them.
	names map[string]string
	form  form
}

func (r answerer) analyse(q string) question {
	qu := question{text: q, search: q, alts: map[string][]string{}}
	var add []string
	for _, w := range strings.FieldsFunc(strings.ToLower(q), func(r rune) bool { return !unicode.IsLetter(r) }) {
		s, ok := synonyms[w]
		if !ok {
			continue
		}
		add = append(add, s)
		for _, t := range r.b.Terms(w) {
			qu.alts[t] = append(qu.alts[t], r.b.Terms(s)...)
		}
	}
	if len(add) > 0 {
		qu.search = q + " " + strings.Join(add, " ")
	}
	qu.terms = r.contentTerms(q)
	for _, t := range qu.terms {
		qu.alts[t] = append([]string{t}, qu.alts[t]...)
	}
	qu.form = r.questionForm(q)
	qu.names = map[string]string{}
	for _, p := range qu.form.people {
		for _, n := range append([]string{p.Name}, p.Aliases...) {
			for _, t := range r.b.Terms(n) {
				qu.names[t] = p.ID
			}
		}
	}
	return qu
}

// inScope says whether the base covers what a question is about: at least
// two thirds of its content words are known (exactly, or with a typo in a
// long word), and any year it names is one the base has. "Is the moon made
// of cheese" shares only "made" with the base and is not answered.
func (r answerer) inScope(qu question) bool {
	q, terms := qu.text, qu.terms
	for _, y := range yearRE.FindAllString(q, -1) {
		if !r.b.Knows(y) {
			return false
		}
	}
	if len(terms) == 0 {
		// Only question words ("what happened?"): the question is about
		// the incident itself.
		return true
	}
	known := 0
	for _, t := range terms {
		if slices.ContainsFunc(qu.alts[t], r.b.Knows) {
			known++
		}
	}
	return known > 0 && known*3 >= len(terms)*2
}

// ranked is a passage with its score after the question's form is taken
// into account, and the share of the question's content words it covers.
type ranked struct {
	knowledge.PassageHit
	score, coverage float64
}

// rank re-scores the search's passages. What counts most is how much of
// what the question is about a passage says in its own words, each word
// weighed by how rare it is in the base; its entry's words count for a
// third as much, and the search's own score only breaks near-ties. Then
// the question's form: "when" prefers dated events and sentences that
// give a date, "where" sentences that name a channel, "who" attributions,
// "how many" sentences with a number, "what did X say" X's own quotes, and
// a name in the question what is by or about that person. Background
// entries (tagged "context": Nord Stream, Dugina) lead only when the
// question is about them.
func (r answerer) rank(qu question) []ranked {
	f := qu.form
	var out []ranked
	hits := r.b.SearchPassages(qu.search, candidates)
	top := 0.0
	for _, h := range hits {
		top = max(top, h.Score)
	}
	for _, h := range hits {
		people := r.peopleOf(h.Passage)
		own, about := r.covers(qu, h.Text, people), r.covers(qu, r.b.About(h.Passage), people)
		cov := max(own, (own+about)/2)
		s := (own + about/3) * (1 + 0.2*h.Score/top)
		switch h.Kind {
		case knowledge.KindEvent:
			if f.when {
				s *= 1.3
			}
		case knowledge.KindQuote:
			if f.who || f.say {
				s *= 1.2
			}
			if h.Quote {
				s *= 1.05
			}
		case knowledge.KindClaim:
			if f.who {
				s *= 1.1
			}
		}
		if f.when && dateRE.MatchString(h.Text) {
			s *= 1.5
		}
		if f.where && whereRE.MatchString(h.Text) {
			s *= 1.6
		}
		if f.howMany {
			if numberRE.MatchString(h.Text) {
				s *= 1.8
			} else {
				s *= 0.6
			}
		}
		if f.say && h.Kind == knowledge.KindQuote {
			for _, p := range f.people {
				if slices.Contains(people, p.ID) {
					s *= 1.5
				}
			}
		}
		if r.background(h.Passage) && !r.aboutBackground(qu.terms, h.Passage) {
			s *= 0.4
		}
		out = append(out, ranked{PassageHit: h, score: s, coverage: cov})
	}
	slices.SortStableFunc(out, func(a, b ranked) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return 0
	})
	return out
}

// covers is the weighted share of the question's content terms that a
// text holds (or a synonym of them, or a typo of a long one). A name in
// the question is covered by a text by or about that person too.
func (r answerer) covers(qu question, text string, people []string) float64 {
	if len(qu.terms) == 0 {
		return 1
	}
	words := r.b.Terms(text)
	var got, total float64
	for _, t := range qu.terms {
		w := r.b.Weight(t)
		total += w
		if hasAny(words, qu.alts[t]) || qu.names[t] != "" && slices.Contains(people, qu.names[t]) {
			got += w
		}
	}
	return got / total
}

func hasAny(list, terms []string) bool {
	for _, t := range terms {
		if hasTerm(list, t) {
			return true
		}
	}
	return false
}

// hasTerm reports whether list holds t, or a word within a typo of it for
// a long word.
func hasTerm(list []string, t string) bool {
	for _, w := range list {
		if w == t || (len(t) >= 5 && len(w) >= 5 && editDistance(w, t) <= 1) {
			return true
		}
	}
	return false
}

// editDistance is the Levenshtein distance of two short words.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// peopleOf is who a passage is by or about: a quote's speaker, a claim
// position's actor, an event's actors.
func (r answerer) peopleOf(p knowledge.Passage) []string {
	switch p.Kind {
	case knowledge.KindQuote:
		return []string{r.b.Quote(p.ID).Speaker}
	case knowledge.KindClaim:
		return []string{r.b.Claim(p.ID).Positions[p.Position].Actor}
	case knowledge.KindEvent:
		return r.b.Event(p.ID).Actors
	}
	return nil
}

// backgroundTag marks entries that give background to the incident rather
// than report it.
const backgroundTag = "context"

// background reports whether a passage's entry is background: tagged so,
// or a quote that only background claims rest on.
func (r answerer) background(p knowledge.Passage) bool {
	return len(r.backgroundTags(p)) > 0
}

// backgroundTags are the other tags of a background entry (what it is
// about), nil for an entry that is not background.
func (r answerer) backgroundTags(p knowledge.Passage) []string {
	var tags []string
	switch p.Kind {
	case knowledge.KindEvent:
		tags = r.b.Event(p.ID).Tags
	case knowledge.KindClaim:
		tags = r.b.Claim(p.ID).Tags
	case knowledge.KindQuote:
		for _, c := range r.b.Claims {
			for _, pos := range c.Positions {
				if pos.Quote == p.ID {
					if !slices.Contains(c.Tags, backgroundTag) {
						return nil
					}
					tags = append(tags, c.Tags...)
				}
			}
		}
	}
	if !slices.Contains(tags, backgroundTag) {
		return nil
	}
	return tags
}

// aboutBackground reports whether the question names what a background
// entry is about: one of its tags, or a word that its passage has and the
// incident's own title does not.
func (r answerer) aboutBackground(terms []string, p knowledge.Passage) bool {
	var tagTerms []string
	for _, t := range r.backgroundTags(p) {
		if t != backgroundTag {
			tagTerms = append(tagTerms, r.b.Terms(strings.ReplaceAll(t, "-", " "))...)
		}
	}
	for _, t := range terms {
		if slices.Contains(tagTerms, t) {
			return true
		}
	}
	return false
}

func (r answerer) ask(question string) Answer {
	notFound := func() Answer {
		return r.notFound("No answer in the knowledge base", "“"+question+"”")
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
			quoted = quoted || len(r.b.QuotesBy(p.ID)) > 0
		}
		if !quoted {
			return r.noQuotes(f.people)
		}
	}
	all := r.rank(qu)
	var kept []ranked
	for _, h := range all {
		// The relevance floor: a passage must cover half of what the
		// question is about and score near the best.
		if h.coverage >= 0.5 && h.score >= all[0].score*0.3 {
			kept = append(kept, h)
		}
	}
	if len(kept) == 0 {
		return notFound()
	}
	lead := kept[0]
	a := Answer{Title: "What the sources say", Lead: r.leadItem(lead.Passage)}
	seen := map[string]bool{ref(lead.Kind, lead.ID): true}
	for _, h := range kept[1:] {
		key := ref(h.Kind, h.ID)
		if seen[key] || len(a.Items) == askMore {
			continue
		}
		seen[key] = true
		a.Items = append(a.Items, r.line(h.Kind, h.ID))
	}
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
		it.Meta = JoinNonEmpty(" · ", src, e.Date.Human(), e.Title)
	case knowledge.KindQuote:
		q := r.b.Quote(p.ID)
		it.Words = Words{Text: p.Text, Mark: MarkCited}
		if p.Quote {
			it.Words.Mark = MarkExact
		}
		it.Meta = JoinNonEmpty(" · ", who(r.b.Person(q.Speaker)), q.Said.Human(), src)
	case knowledge.KindClaim:
		c := r.b.Claim(p.ID)
		pos := c.Positions[p.Position]
		it.Words = Words{Text: p.Text, Mark: MarkCited}
		it.Meta = JoinNonEmpty(" · ", src, stanceSentence(r.b.Person(pos.Actor).Name, pos.Stance)+": "+c.Statement+" ("+c.Status+")")
	}
	return it
}
