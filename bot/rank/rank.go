// Package rank reads a question and ranks a knowledge base's passages
// for it: Analyse a question, say whether the base covers it (InScope),
// and Rank the passages that answer it, best first. It knows the base
// (knowledge) and the English language (a lemmatizer, a thesaurus); it
// builds no answer and knows no locale, which are bot's. It must not
// import bot or any chat library.
package rank

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/incidentbot/incidentbot/knowledge"
)

// The search's candidate passages re-scored for a question (rank): what
// they hold of it is covers.go's, what is worked out once per base about
// them facts.go's.

// candidates is how many passages the search hands to the ranking here:
// the same sentence is a passage of every entry that cites it, so a pool of
// 40 held as few as ten distinct sentences.
const candidates = 60

// rank re-scores the search's passages. What counts most is how much of
// what the question is about (its units) a passage says in its own words,
// each weighed by how rare it is in the base; its entry's words count for a
// third as much, and the search's own score only breaks near-ties. Then
// the question's form: "when" prefers the sentence that gives the date of
// the event asked about, "where" sentences that name a channel, "who"
// attributions, "why" reasons, "how many" sentences with a number, "what
// did X say" X's own words, a yes-or-no question the position that
// carries the status of the claim it asks about. A run of the question's
// words in the passage, and a sentence several entries cite, count too.
// Background entries (tagged "context" or "background": earlier attacks,
// say) lead only when the question is about them, or asks what something
// is.
func (r Ranker) rank(qu Question) []Hit {
	return r.rankHits(qu, r.b.SearchPassages(qu.search, candidates))
}

// rankHits re-scores the passages the search found for a question, as
// rank says, in stages: what a passage covers (coverage), then how it fits
// the question's form (kindFit, timeFit, placeFit, wordsFit, linkFit,
// countFit, sayFit, claimFit), then whether it echoes the question or the
// story (echoFit) and whether it is background (backgroundFit). Each
// multiplies its score by a weight of the table (weights).
func (r Ranker) rankHits(qu Question, hits []knowledge.PassageHit) []Hit {
	c := r.scoring(qu, hits)
	out := make([]Hit, 0, len(hits))
	for i, h := range hits {
		pf := c.facts[i]
		own, ab := r.coversText(qu, pf.own, pf.people, pf.antecedents...), r.coversText(qu, pf.about, pf.people)
		s := (own + ab*weights.about) * (1 + weights.search*h.Score/c.top)
		for _, fit := range []func(*scoring, knowledge.PassageHit, *passageFacts) float64{
			r.kindFit, r.timeFit, r.placeFit, r.wordsFit, r.linkFit, r.countFit, r.sayFit, r.claimFit, r.echoFit, r.backgroundFit,
		} {
			s *= fit(c, h, pf)
		}
		out = append(out, Hit{PassageHit: h, Score: s, Coverage: max(own, (own+ab)/2), Sentence: pf.key})
	}
	slices.SortStableFunc(out, func(a, b Hit) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		// A tie goes to the longer sentence, which says more than a
		// fragment of it, then to a fixed order: the search returns tied
		// hits in any order.
		if c := len(b.Text) - len(a.Text); c != 0 {
			return c
		}
		return strings.Compare(a.Kind+"/"+a.ID+a.Text, b.Kind+"/"+b.ID+b.Text)
	})
	return out
}

// scoring is what the stages of rankHits read of the question and of all
// the passages at once.
type scoring struct {
	qu    Question
	f     form
	facts []*passageFacts
	// top is the search's best score.
	top float64
	// cited counts the entries citing each sentence (citedBy); fit marks
	// the claims whose statement the question says (fitting).
	cited map[string]int
	fit   map[string]bool
	// qWords are the question's words as stems; words its lower-case words.
	qWords, words []string
	// wantsLink: asks for a link or a tweet; asksQuestions: what questions
	// were asked; asksOther: about something besides the incident;
	// asksTotal: for a running total ("since 2022").
	wantsLink, asksQuestions, asksOther, asksTotal bool
	// asksNow: asks what someone holds now ("what do they think"), not
	// what they held at first (earlierRE).
	asksNow bool
	// asksWhat: asks what or who something is ("what's the tribunal"), which
	// background says as well as the incident's own entries.
	asksWhat bool
	// asked are the attributionWords the question holds, as read
	// (with the base's synonyms): "behind" may be "carried out".
	asked []string
	// counted is what a "how many" question counts; place whether it asks
	// where something is, not where it was said.
	counted []string
	place   bool
	// inWords are the people named in the words a "who said" asks about.
	inWords []*knowledge.Person
	// mayCome: asks what will or may come of something ("how will it
	// affect them"), not when.
	mayCome bool
	// order are the people the question names, in the order it first
	// names them, each by the forms of their names (nameForms).
	order [][]string
	// sequence is "after" or "before" when the question asks what came
	// after or before something, "" otherwise.
	sequence string
}

// mayComeRE asks what will or may come: "how will it affect them",
// "what could happen".
var mayComeRE = regexp.MustCompile(`\b(how|what|who|whom|which)\s+(will|would|could|might|may)\b`)

// sequenceWords say that something came after or before another.
var sequenceWords = map[string][]string{
	"after":  {" later ", " afterwards ", " after ", " subsequently ", " since then "},
	"before": {" earlier ", " before ", " previously ", " prior to "},
}

func (r Ranker) scoring(qu Question, hits []knowledge.PassageHit) *scoring {
	f := qu.form
	lq := strings.ToLower(qu.text)
	c := &scoring{
		qu: qu, f: f,
		facts:         make([]*passageFacts, len(hits)),
		qWords:        r.stemWords(sentenceKey(qu.text), false),
		words:         strings.FieldsFunc(lq, func(c rune) bool { return !unicode.IsLetter(c) }),
		wantsLink:     f.link || strings.Contains(lq, "tweet") || strings.Contains(lq, "twitter"),
		asksQuestions: strings.Contains(lq, "question"),
		asksOther:     otherRE.MatchString(lq),
		asksTotal:     strings.Contains(lq, "since") || strings.Contains(lq, "total") || cumulativeRE.MatchString(lq),
		asksNow:       f.say && nowRE.MatchString(lq) && !earlierRE.MatchString(lq),
		asksWhat:      identityRE.MatchString(fillerRE.ReplaceAllString(strings.TrimSpace(lq), "")),
		mayCome:       mayComeRE.MatchString(lq),
	}
	ls := strings.ToLower(qu.search)
	for _, w := range attributionWords {
		if strings.Contains(ls, w) {
			c.asked = append(c.asked, w)
		}
	}
	for i, h := range hits {
		c.top = max(c.top, h.Score)
		c.facts[i] = r.passage(h.Passage)
	}
	c.cited = citedBy(hits, c.facts)
	c.fit = r.fitting(qu, hits)
	if f.howMany {
		c.counted = r.countedIn(lq)
	}
	c.place = f.where && !f.saying && slices.Contains(c.words, "where")
	lw := wordsOf(qu.text)
	type namedAt struct {
		forms []string
		at    int
	}
	var named []namedAt
	for _, p := range r.named(qu.text) {
		forms := nameForms(p)
		if at := firstNamed(lw, forms); at >= 0 {
			named = append(named, namedAt{forms, at})
		}
	}
	slices.SortStableFunc(named, func(a, b namedAt) int { return a.at - b.at })
	for _, n := range named {
		c.order = append(c.order, n.forms)
	}
	if f.whoSaid {
		c.inWords = r.named(qu.search)
	}
	for _, w := range c.words {
		if w == "after" || w == "before" {
			c.sequence = w
		}
	}
	return c
}

// kindFit: the kind of entry the question's form asks for.
func (r Ranker) kindFit(c *scoring, h knowledge.PassageHit, _ *passageFacts) float64 {
	f, s := c.f, 1.0
	switch h.Kind {
	case knowledge.KindEvent:
		if f.when || f.happened {
			s *= weights.eventWhen
		}
		if !f.who && !f.say && !f.whoSaid && !f.why {
			s *= weights.eventFact
		}
	case knowledge.KindQuote:
		if f.who || f.whoSaid || f.say && r.b.Quote(h.ID).Kind == knowledge.Direct {
			s *= weights.quoteWho
		}
		switch {
		case h.Quote && fragment(h.Text):
			// Words cut from a sentence ("the side reserves the right
			// ...") read better in the sentence that says whose they are.
			s *= weights.quoteFragment
		case h.Quote:
			s *= weights.quoteExact
		}
	case knowledge.KindClaim:
		if f.who {
			s *= weights.claimWho
		}
	}
	return s
}

// fragment reports whether a quote's words start inside a sentence: with
// a lower-case letter.
func fragment(text string) bool {
	for _, c := range text {
		if unicode.IsLetter(c) {
			return unicode.IsLower(c)
		}
	}
	return false
}

// timeFit: for "when", how well it says when (whenFit); for a question
// that names a day, what happened on it or a passage that names it.
func (r Ranker) timeFit(c *scoring, h knowledge.PassageHit, pf *passageFacts) float64 {
	f, s := c.f, 1.0
	if f.when {
		s *= r.whenFit(c.qu, h.Passage, pf)
	}
	if c.sequence != "" {
		// "What was it called after the merger" is answered by what came
		// later, not by what was during it.
		switch lt := " " + pf.key + " "; {
		case containsAny(lt, sequenceWords[c.sequence]):
			s *= weights.sequence
		case strings.Contains(lt, " during "):
			s /= weights.sequence
		}
	}
	if f.month > 0 {
		if d := r.dateOf(h.Passage); oneDay(d) && d.Month == f.month && d.Day == f.day {
			s *= weights.onTheDay
		}
		if r.whenIn(pf).namesDay(f.month, f.day) {
			s *= weights.onTheDay
		}
	}
	return s
}

// placeFit: "where in the city" asks for a place, the one named or one in
// it; otherwise "where" asks where something was said, a channel.
func (r Ranker) placeFit(c *scoring, h knowledge.PassageHit, pf *passageFacts) float64 {
	f, s := c.f, 1.0
	switch {
	case f.where && !f.saying && c.place:
		if w := pf.wordsIn(); w.hasPlace {
			s *= weights.place
			if slices.Contains(c.words, strings.ToLower(w.place)) {
				s *= weights.place
			}
		}
	case f.where && (slices.ContainsFunc(pf.wordsIn().channels, func(w string) bool { return !slices.Contains(c.words, w) }) || r.namesMedium(h.Passage, c.qWords)):
		// A channel the question does not name already: "where did she
		// publish her letter" is not answered by "her letter".
		s *= weights.medium
	case f.where && pf.wordsIn().medium:
		// "She wrote in her letter" says how it was said, not where.
		s *= weights.mediumVerb
	}
	return s
}

// wordsFit: the words that answer "who" (an attribution, best the
// question's own), "how" (a manner) and "why" (a reason); and "what do
// they think" is answered by what they hold now, not what they held at
// first.
func (r Ranker) wordsFit(c *scoring, _ knowledge.PassageHit, pf *passageFacts) float64 {
	f, s := c.f, 1.0
	if f.who && pf.wordsIn().attribution {
		s *= weights.answerWords
		// "Who was behind it" is answered best in its own words ("carried
		// out"), before someone who only helped ("assisted").
		if slices.ContainsFunc(pf.wordsIn().attributions, func(w string) bool { return slices.Contains(c.asked, w) }) {
			s *= weights.attributionAsked
		}
	}
	if c.asksNow && pf.wordsIn().superseded {
		s *= weights.superseded
	}
	if f.how && pf.wordsIn().manner {
		s *= weights.answerWords
	}
	if f.why && pf.wordsIn().reason {
		s *= weights.answerWords
	}
	if c.mayCome && slices.ContainsFunc(pf.stems, func(w string) bool { return modals[w] }) {
		s *= weights.mayCome
	}
	return s
}

// linkFit: a link (an embedded tweet) leads only when one is asked for,
// and a question is answered by a statement, not by another question,
// unless it asks why (the source asks so too) or what was asked.
func (r Ranker) linkFit(c *scoring, _ knowledge.PassageHit, pf *passageFacts) float64 {
	s := 1.0
	if pf.link {
		if c.wantsLink {
			s *= weights.linkAsked
		} else {
			s *= weights.linkUnasked
		}
	}
	if !c.f.why && !c.asksQuestions && pf.question {
		s *= weights.questionSentence
	}
	return s
}

// countFit: "how many" asks for a count, not a day of a date ("the May 3
// attack"); best, a count of what the question counts ("two ships"),
// one the source states before one someone only claims, and the
// incident's own figures before a running total ("since 2022").
func (r Ranker) countFit(c *scoring, _ knowledge.PassageHit, pf *passageFacts) float64 {
	if !c.f.howMany {
		return 1
	}
	s := 1.0
	n := r.countIn(pf)
	switch {
	case c.counted != nil && slices.Contains(n.counted, c.counted[0]):
		s *= weights.counted
		if n.reported {
			s *= weights.countReported
		}
	case n.number:
		s *= weights.number
	default:
		s *= weights.noNumber
	}
	if n.cumulative && !c.asksTotal {
		s *= weights.cumulative
	}
	if n.own && c.qu.incident {
		s *= weights.ownCount
	}
	return s
}

// sayFit: "what did X say" asks for X's words, best a sentence that says
// X said them ("X claimed that ...").
func (r Ranker) sayFit(c *scoring, _ knowledge.PassageHit, pf *passageFacts) float64 {
	s := 1.0
	if !c.f.say {
		return s
	}
	for _, p := range c.f.people {
		if slices.Contains(pf.people, p.ID) {
			s *= weights.speaker
			if slices.ContainsFunc(r.namedIn(pf.own), func(m *knowledge.Person) bool { return m.ID == p.ID }) {
				s *= weights.speakerNamed
			}
		}
	}
	return s
}

// claimFit: the claim whose statement is what the question says (a claim
// takes two things, who and what, or a "who did it"): its positions are
// what it asks about, and for a yes-or-no question the position that
// carries its status.
func (r Ranker) claimFit(c *scoring, h knowledge.PassageHit, pf *passageFacts) float64 {
	s := 1.0
	if c.f.yesNo && r.denies(c.qu, pf) {
		// "Did the board approve the plan": "the board has not yet
		// approved it" answers no.
		s *= weights.denial
	}
	if h.Kind != knowledge.KindClaim || !c.fit[h.ID] {
		return s
	}
	if len(c.qu.units) > 1 || c.f.who {
		s *= weights.claimStated
	}
	if c.f.yesNo && r.verdict(h.Passage) {
		s *= weights.verdict
	}
	return s
}

// echoFit: the question repeats the passage's words in order (it asks
// about these very words), and for "who said", the sentence that names
// who said them; "which X" is answered by a sentence that says which X
// (or that no one knows which); a sentence many entries cite is central
// to the story.
func (r Ranker) echoFit(c *scoring, _ knowledge.PassageHit, pf *passageFacts) float64 {
	s := 1.0
	if n := r.sharedRun(c.qu, c.qWords, pf.stems); n >= 2 {
		s *= 1 + weights.sharedWord*float64(min(n, 6)-1)
		if c.f.whoSaid && slices.ContainsFunc(r.namedIn(pf.own), func(m *knowledge.Person) bool {
			return slices.Contains(pf.people, m.ID) && !slices.Contains(c.inWords, m)
		}) {
			s *= weights.whoSaidNamed
		}
	}
	if which := whichOf(c.qWords); which != "" && saysWhich(pf.stems, which) {
		s *= weights.whichEcho
	}
	if n := c.cited[pf.key]; n > 1 {
		s *= 1 + weights.citedBy*float64(min(n, 5)-1)
	}
	if len(c.order) > 1 && !c.f.saying && !c.qu.statement && outOfOrder(" "+pf.key+" ", c.order) {
		s *= weights.namedOutOfOrder
	}
	return s
}

// outOfOrder reports whether a text (as wordsOf gives it) names each of
// people (by their nameForms), not in their order: English says who does what to whom by it
// (for "what did the mayor ask the governor", "the governor, ... the
// mayor, who called him" tells of something else than "the mayor urged
// the governor"), though not who said what ("what did X say about Y" is
// answered by "Y ...," X said"; rankHits asks it of neither).
func outOfOrder(text string, people [][]string) bool {
	last, out := -1, false
	for _, forms := range people {
		at := firstNamed(text, forms)
		if at < 0 {
			return false
		}
		out = out || at < last
		last = at
	}
	return out
}

// nameForms are someone's name and aliases as wordsOf gives them, worked
// out once a question rather than again for every passage it meets.
func nameForms(p *knowledge.Person) []string {
	forms := []string{wordsOf(p.Name)}
	for _, a := range p.Aliases {
		forms = append(forms, wordsOf(a))
	}
	return forms
}

// firstNamed is where a text (as wordsOf gives it) first names someone,
// by any of the forms of their names, -1 if it does not.
func firstNamed(text string, forms []string) int {
	first := -1
	for _, f := range forms {
		if i := strings.Index(text, f); i >= 0 && (first < 0 || i < first) {
			first = i
		}
	}
	return first
}

// negations deny what follows them.
var negations = map[string]bool{"not": true, "t": true, "no": true, "never": true}

// denies reports whether a passage denies something a yes-or-no question
// asks: a negation at most five words before a word of the question's
// ("has not yet approved it").
func (r Ranker) denies(qu Question, pf *passageFacts) bool {
	for i, w := range pf.stems {
		if !negations[w] {
			continue
		}
		for _, next := range pf.stems[i+1 : min(len(pf.stems), i+6)] {
			if slices.ContainsFunc(qu.units, func(u unit) bool {
				return u.person == "" && !u.incident && hasAny([]string{next}, u.alts, r.isName) == 1
			}) {
				return true
			}
		}
	}
	return false
}

// whichOf is what a "which" question asks to pick ("which unit did
// it": "unit"), as a stem, "" if it asks no such thing.
func whichOf(qWords []string) string {
	i := slices.Index(qWords, "which")
	if i < 0 {
		return ""
	}
	// The thing picked is the last word before the verb: "which
	// special unit was it".
	for j := i + 1; j < len(qWords) && j <= i+4; j++ {
		if slices.Contains(verbsAfterWhich, qWords[j]) {
			if j == i+1 {
				return ""
			}
			return qWords[j-1]
		}
	}
	return ""
}

// verbsAfterWhich end the thing a "which" question asks to pick.
var verbsAfterWhich = []string{"was", "is", "were", "are", "did", "does", "do", "has", "have", "had", "could", "can", "will", "would"}

// saysWhich reports whether a passage says which of the thing is meant,
// or that no one knows which: "which" and, within the next few words,
// the thing.
func saysWhich(stems []string, which string) bool {
	for i, w := range stems {
		if w == "which" && slices.Contains(stems[i+1:min(len(stems), i+6)], which) {
			return true
		}
	}
	return false
}

// backgroundFit: background entries lead when the question is about
// them ("what other attacks"); a question that does not name the
// incident may well be about its background.
func (r Ranker) backgroundFit(c *scoring, _ knowledge.PassageHit, pf *passageFacts) float64 {
	switch {
	case pf.background == nil:
		return 1
	case c.asksOther:
		return weights.backgroundAsked
	case aboutBackground(c.qu.terms, pf) || c.asksWhat:
		return 1
	case c.qu.incident:
		return weights.backgroundIncident
	}
	return weights.backgroundElse
}

// containsAny reports whether text holds one of words.
func containsAny(text string, words []string) bool {
	return slices.ContainsFunc(words, func(w string) bool { return strings.Contains(text, w) })
}

// citedBy counts, for each sentence among the hits, the entries that cite
// it or a sentence that holds it (a quote's words within its excerpt).
func citedBy(hits []knowledge.PassageHit, facts []*passageFacts) map[string]int {
	// Sentences and entries are numbered, each sentence with the entries
	// that cite it; an entry counts once however many sentences cite it.
	type entry struct{ kind, id string }
	type sentence struct {
		key     string
		grams   *[4]uint64
		entries []int
	}
	var sentences []sentence
	byKey := map[string]int{}
	byEntry := map[entry]int{}
	for i, h := range hits {
		k := facts[i].key
		s, ok := byKey[k]
		if !ok {
			s = len(sentences)
			byKey[k] = s
			sentences = append(sentences, sentence{key: k, grams: &facts[i].grams})
		}
		e, ok := byEntry[entry{h.Kind, h.ID}]
		if !ok {
			e = len(byEntry)
			byEntry[entry{h.Kind, h.ID}] = e
		}
		if !slices.Contains(sentences[s].entries, e) {
			sentences[s].entries = append(sentences[s].entries, e)
		}
	}
	out := make(map[string]int, len(sentences))
	counted := make([]int, len(byEntry)) // the sentence an entry was last counted for, plus one
	for i, s := range sentences {
		n := 0
		for j, o := range sentences {
			// A sentence holds another only if it has every pair of
			// letters the other has (passageFacts.grams), which rules
			// out most at once.
			if j != i && (len(o.key) <= len(s.key) || !holdsGrams(o.grams, s.grams) || !strings.Contains(o.key, s.key)) {
				continue
			}
			for _, e := range o.entries {
				if counted[e] != i+1 {
					counted[e] = i + 1
					n++
				}
			}
		}
		out[s.key] = n
	}
	return out
}

// fitting marks the claims among the hits whose statement covers the
// question best: the claims it asks about ("did the US do it", or a
// message to /check).
func (r Ranker) fitting(qu Question, hits []knowledge.PassageHit) map[string]bool {
	cov := map[string]float64{}
	best := 0.0
	for _, h := range hits {
		if h.Kind != knowledge.KindClaim {
			continue
		}
		if _, ok := cov[h.ID]; !ok {
			cov[h.ID] = r.covers(qu, r.b.Claim(h.ID).Statement, nil)
			best = max(best, cov[h.ID])
		}
	}
	fit := map[string]bool{}
	for id, c := range cov {
		fit[id] = c > 0.5 && c >= best-0.01
	}
	return fit
}

// whenFit is how well a passage says when what the question asks about
// happened: best a calendar day that is the date of its event, then a
// weekday that is, then any date, then any word that places it in time;
// not at all a time at which someone only said something.
func (r Ranker) whenFit(qu Question, p knowledge.Passage, pf *passageFacts) float64 {
	w := r.whenIn(pf)
	if !qu.form.saying && w.statementTime {
		return 1
	}
	fit := w.timeIn
	if p.Kind == knowledge.KindEvent && fit > 1.3 && r.covers(qu, r.b.Event(p.ID).Title, nil) < 0.5 {
		// The date of an event the question is not about ("the May 9th
		// Parade" when asked when the attack was) is just a date.
		fit = 1.3
	}
	return fit
}

// statementTime reports whether the time a sentence gives is when
// something was said: "On Wednesday, the city council said that
// ...", "the reporter in February revealed that ...".
func statementTime(text string) bool {
	loc := reportedRE.FindStringIndex(text)
	if loc == nil {
		return false
	}
	after := text[loc[1]:]
	after = after[:min(len(after), 60)]
	return dateRE.MatchString(text[:loc[0]]) && strings.Contains(after, " that ")
}

// oneDay reports whether a date is a single known day: a range ("3 to
// 25 May", when a report appeared) starts on a day it does not say
// anything happened on.
func oneDay(d knowledge.Date) bool {
	return d.Day > 0 && d.End == nil && !d.OpenStart && !d.OpenEnd
}

// timeIn is how precisely a passage says when its entry happened (the
// days it names are in w).
func (r Ranker) timeIn(p knowledge.Passage, w *whenFacts) float64 {
	d := r.dateOf(p)
	if oneDay(d) {
		t := time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
		switch {
		case w.namesDay(d.Month, d.Day):
			return 1.9
		case strings.Contains(p.Text, t.Format("Monday")):
			return 1.7
		}
	}
	if d.Month > 0 && d.Day == 0 && strings.Contains(p.Text, time.Month(d.Month).String()) {
		return 1.7
	}
	switch {
	case dayDateRE.MatchString(p.Text), dateRE.MatchString(p.Text):
		return 1.3
	case timeRE.MatchString(p.Text):
		return 1.15
	}
	return 1
}

// sentenceKey is a passage's words without quotation marks, elisions and
// case, so that a quote's words and the excerpt sentence that holds them
// count as one sentence.
func sentenceKey(text string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(text), isWordSep), " ")
}

// stemWords is a text's words in order (as its sentenceKey gives them),
// each as the index analyses it, a stop word as itself. The base keeps
// each word's stem for the next text; keep says whether it is one of the
// base's texts, whose words may be kept (a question's are not).
func (r Ranker) stemWords(key string, keep bool) []string {
	f := r.facts()
	var out []string
	for _, w := range strings.Fields(key) {
		if s, ok := f.kept(stems, w); ok {
			out = append(out, s.(string))
			continue
		}
		s := w
		if n, ok := numberWords[w]; ok {
			s = n // "2 ships" is "two ships"
		} else if t := r.b.Terms(w); len(t) > 0 {
			s = t[0]
		}
		if keep {
			f.keep(stems, w, s, false)
		}
		out = append(out, s)
	}
	return out
}

// sharedRun is the length of the longest run of words a question and a
// passage share that holds a key word of the question.
func (r Ranker) sharedRun(qu Question, a, b []string) int {
	if !slices.ContainsFunc(b, func(w string) bool { return qu.key[w] }) {
		return 0
	}
	best := 0
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			cur[j+1] = 0
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
				n := cur[j+1]
				if n > best && slices.ContainsFunc(a[i-n+1:i+1], func(w string) bool { return qu.key[w] }) {
					best = n
				}
			}
		}
		prev, cur = cur, prev
	}
	return best
}

// dateOf is the date of a passage's entry: an event's date, a quote's.
func (r Ranker) dateOf(p knowledge.Passage) knowledge.Date {
	switch p.Kind {
	case knowledge.KindEvent:
		return r.b.Event(p.ID).Date
	case knowledge.KindQuote:
		return r.b.Quote(p.ID).Said
	}
	return knowledge.Date{}
}

// namesMedium reports whether a quote's passage names where it was said,
// in a word that is not one of asked (the question's terms).
func (r Ranker) namesMedium(p knowledge.Passage, asked []string) bool {
	if p.Kind != knowledge.KindQuote {
		return false
	}
	words := r.text(p.Text).terms
	for _, t := range r.channelsOf(p.ID) {
		if slices.Contains(words, t) && !slices.Contains(asked, t) {
			return true
		}
	}
	return false
}

// verdictStances are, for a claim's status, the stances that carry it: a
// yes-or-no question is answered by the position the status rests on.
var verdictStances = map[string][]string{
	"denied":              {"denies"},
	"refuted":             {"denies", "doubts"},
	"assessed-likely":     {"assesses"},
	"assessed-unlikely":   {"assesses", "doubts"},
	"under-investigation": {"assesses"},
	"confirmed":           {"assesses", "asserts"},
}

// verdict reports whether a passage is of a claim position whose stance
// carries the claim's status.
func (r Ranker) verdict(p knowledge.Passage) bool {
	if p.Kind != knowledge.KindClaim || p.Position < 0 {
		return false
	}
	c := r.b.Claim(p.ID)
	return slices.Contains(verdictStances[c.Status], c.Positions[p.Position].Stance)
}

// peopleOf is who a passage is by or about: a quote's speaker, a claim
// position's actor, an event's actors.
func (r Ranker) peopleOf(p knowledge.Passage) []string {
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
// than report it: "context", as the default base tags them, or
// "background", as an admin may as well.
func backgroundTag(t string) bool { return t == "context" || t == "background" }

// backgroundTags are the tags of a background entry (tagged so, or a
// quote that only background claims rest on), nil for an entry that is
// not background.
func (r Ranker) backgroundTags(p knowledge.Passage) []string {
	var tags []string
	switch p.Kind {
	case knowledge.KindEvent:
		tags = r.b.Event(p.ID).Tags
	case knowledge.KindClaim:
		tags = r.b.Claim(p.ID).Tags
	case knowledge.KindQuote:
		for _, c := range r.facts().citing[p.ID] {
			if !slices.ContainsFunc(c.Tags, backgroundTag) {
				return nil
			}
			tags = append(tags, c.Tags...)
		}
	}
	if !slices.ContainsFunc(tags, backgroundTag) {
		return nil
	}
	return tags
}

// aboutBackground reports whether the question names what a background
// entry is about: one of its other tags.
func aboutBackground(terms []string, pf *passageFacts) bool {
	for _, t := range terms {
		if slices.Contains(pf.backgroundTerms, t) {
			return true
		}
	}
	return false
}

// countedRE is what a "how many" question counts: "how many ships".
var countedRE = regexp.MustCompile(`\bhow (?:many|much) (\pL+)`)

// numberedRE is a number and the word it counts: "two ships".
var numberedRE = regexp.MustCompile(`(?i)\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|thousands?)\s+(\pL+)`)

// countedIn is the terms of what a "how many" question counts, nil if
// it names nothing: a passage that counts it (a number followed by that
// word, in any form: passageFacts.counted) answers it best.
func (r Ranker) countedIn(lq string) []string {
	m := countedRE.FindStringSubmatch(lq)
	if m == nil {
		return nil
	}
	return r.b.Terms(m[1])
}
