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
// Background entries (tagged "context": earlier attacks, say) lead only
// when the question is about them.
func (r Ranker) rank(qu Question) []Hit {
	return r.rankHits(qu, r.b.SearchPassages(qu.search, candidates))
}

// rankHits re-scores the passages the search found for a question, as
// rank says.
func (r Ranker) rankHits(qu Question, hits []knowledge.PassageHit) []Hit {
	f := qu.form
	var out []Hit
	top := 0.0
	for _, h := range hits {
		top = max(top, h.Score)
	}
	facts := make([]*passageFacts, len(hits))
	for i, h := range hits {
		facts[i] = r.passage(h.Passage)
	}
	cited := citedBy(hits, facts)
	fit := r.claimFit(qu, hits)
	qWords := r.stemWords(sentenceKey(qu.text), false)
	lq := strings.ToLower(qu.text)
	wantsLink := f.link || strings.Contains(lq, "tweet") || strings.Contains(lq, "twitter")
	asksQuestions := strings.Contains(lq, "question")
	asksOther := otherRE.MatchString(lq)
	var counted []string
	if f.howMany {
		counted = r.countedIn(lq)
	}
	qWordsLower := strings.FieldsFunc(lq, func(c rune) bool { return !unicode.IsLetter(c) })
	place := f.where && !f.saying && strings.Contains(" "+strings.Join(qWordsLower, " ")+" ", " where ")
	var inWords []*knowledge.Person
	if f.whoSaid {
		inWords = r.named(qu.search)
	}
	for i, h := range hits {
		pf := facts[i]
		people := pf.people
		own, ab := r.coversText(qu, pf.own, people), r.coversText(qu, pf.about, people)
		cov := max(own, (own+ab)/2)
		s := (own + ab/3) * (1 + 0.2*h.Score/top)
		switch h.Kind {
		case knowledge.KindEvent:
			if f.when || f.happened {
				s *= 1.3
			}
			if !f.who && !f.say && !f.whoSaid && !f.why {
				// A plain factual question: the reported events answer
				// it before anyone's view of them.
				s *= 1.1
			}
		case knowledge.KindQuote:
			if f.who || f.whoSaid || f.say && r.b.Quote(h.ID).Kind == knowledge.Direct {
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
		if f.when {
			s *= r.whenFit(qu, h.Passage, pf)
		}
		if f.month > 0 {
			// The question names a day: what happened on it, or a passage
			// that names it.
			if d := r.dateOf(h.Passage); oneDay(d) && d.Month == f.month && d.Day == f.day {
				s *= 1.3
			}
			if r.whenIn(pf).namesDay(f.month, f.day) {
				s *= 1.3
			}
		}
		switch {
		case f.where && !f.saying && place:
			// "Where in Paris": a place, the one named or one in it,
			// not where something was said.
			if w := pf.wordsIn(); w.hasPlace {
				s *= 1.3
				if slices.Contains(qWordsLower, strings.ToLower(w.place)) {
					s *= 1.3
				}
			}
		case f.where && (pf.wordsIn().medium || r.namesMedium(h.Passage)):
			s *= 1.6
		}

		if f.who && pf.wordsIn().attribution {
			s *= 1.3
		}
		if f.how && pf.wordsIn().manner {
			s *= 1.3
		}
		if f.why && pf.wordsIn().reason {
			s *= 1.3
		}
		if pf.link {
			// A link (an embedded tweet) leads only when one is asked for:
			// otherwise the same words without it read better.
			if wantsLink {
				s *= 1.5
			} else {
				s *= 0.6
			}
		}
		if !f.why && !asksQuestions && pf.question {
			// A question is answered by a statement, not by another
			// question, unless it asks why (the source asks so too) or
			// what questions were asked.
			s *= 0.85
		}
		if f.howMany {
			// A count, not a day of a date ("the May 3 drone attack");
			// best, a count of what the question counts ("two drones").
			switch {
			case counted != nil && slices.Contains(r.countIn(pf).counted, counted[0]):
				s *= 2.5
				if r.countIn(pf).reported {
					// A count someone only claims ("the army said that
					// two drones ...") after one the source states.
					s *= 0.9
				}
			case r.countIn(pf).number:
				s *= 1.8
			default:
				s *= 0.6
			}
		}
		if f.say {
			for _, p := range f.people {
				if slices.Contains(people, p.ID) {
					s *= 1.5
					if slices.ContainsFunc(r.namedIn(pf.own), func(m *knowledge.Person) bool { return m.ID == p.ID }) {
						// "The minister claimed that ...": the sentence says
						// who said it.
						s *= 1.1
					}
				}
			}
		}
		if h.Kind == knowledge.KindClaim && fit[h.ID] {
			if len(qu.units) > 1 || f.who {
				// The claim whose statement is what the question says (a
				// claim takes two things, who and what, or a "who did
				// it"): its positions are what it asks about.
				s *= 1.2
			}
			if f.yesNo && r.verdict(h.Passage) {
				s *= 1.3
			}
		}
		if n := r.sharedRun(qu, qWords, pf.stems); n >= 2 {
			// The question repeats the passage's words in order: it is
			// asking about these very words.
			s *= 1 + 0.15*float64(min(n, 6)-1)
			if f.whoSaid && slices.ContainsFunc(r.namedIn(pf.own), func(m *knowledge.Person) bool { return slices.Contains(people, m.ID) && !slices.Contains(inWords, m) }) {
				// "Who said ...": of the sentences with the words, the
				// one that names who said them (not someone the words
				// name).
				s *= 1.3
			}
		}
		if n := cited[pf.key]; n > 1 {
			// A sentence many entries cite is central to the story.
			s *= 1 + 0.04*float64(min(n, 5)-1)
		}
		if pf.background != nil && asksOther {
			// "What other attacks": the ones besides this one.
			s *= 1.4
		} else if pf.background != nil && !aboutBackground(qu.terms, pf) {
			if qu.incident {
				s *= 0.4
			} else {
				// A question that does not name the incident may well be
				// about its background ("who else did the army kill").
				s *= 0.7
			}
		}
		out = append(out, Hit{PassageHit: h, Score: s, Coverage: cov, Sentence: pf.key})
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

// claimFit marks the claims among the hits whose statement covers the
// question best: the claims it asks about ("did the US do it", or a
// message to /check).
func (r Ranker) claimFit(qu Question, hits []knowledge.PassageHit) map[string]bool {
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
// something was said: "On Wednesday, the Russian government said that
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
	stems := &r.facts().stems
	var out []string
	for _, w := range strings.Fields(key) {
		if s, ok := stems.Load(w); ok {
			out = append(out, s.(string))
			continue
		}
		s := w
		if n, ok := numberWords[w]; ok {
			s = n // "2 drones" is "two drones"
		} else if t := r.b.Terms(w); len(t) > 0 {
			s = t[0]
		}
		if keep {
			stems.Store(w, s)
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

// namesMedium reports whether a quote's passage names where it was said.
func (r Ranker) namesMedium(p knowledge.Passage) bool {
	if p.Kind != knowledge.KindQuote {
		return false
	}
	words := r.text(p.Text).terms
	for _, t := range r.channelsOf(p.ID) {
		if slices.Contains(words, t) {
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
// than report it.
const backgroundTag = "context"

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
			if !slices.Contains(c.Tags, backgroundTag) {
				return nil
			}
			tags = append(tags, c.Tags...)
		}
	}
	if !slices.Contains(tags, backgroundTag) {
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

// countedRE is what a "how many" question counts: "how many drones".
var countedRE = regexp.MustCompile(`\bhow (?:many|much) (\pL+)`)

// numberedRE is a number and the word it counts: "two drones".
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
