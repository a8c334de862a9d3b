package rank

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/incidentbot/incidentbot/knowledge"
)

// What answers a question: the ranked passages past the relevance floor,
// those that answer its form ("when" a time), and of the entries that
// cite the best sentence, the one it reads best under.

// Analyse reads a question.
func (r Ranker) Analyse(q string) Question { return r.analyseAs(q, false) }

// Statement reads a message to check (/check): a statement has no
// question form, so its words of blame or saying ("X was behind it") are
// what it is about.
func (r Ranker) Statement(text string) Question { return r.analyseAs(text, true) }

// Speakers are the people whose words the question asks for ("what did X
// say"), nil if it asks for no one's.
func (qu Question) Speakers() []*knowledge.Person {
	if !qu.form.say {
		return nil
	}
	return qu.form.people
}

// InScope says whether the base covers what a question is about (scope.go).
func (r Ranker) InScope(qu Question) bool {
	if !r.inScope(qu) {
		return false
	}
	return qu.statement || !qu.form.unknownRole && !r.unknownSpeaker(qu) && !r.unknownMeasure(qu) && !r.onlyRole(qu)
}

// Covers is the weighted share of what the question is about that one
// of the base's texts holds (covers.go).
func (r Ranker) Covers(qu Question, text string) float64 { return r.covers(qu, text, nil) }

// CoverWords are the words Covers looks for, as a query for the index:
// the question's words and their synonyms and related words, and the
// names of the people it names. /check finds its candidate claims with
// them rather than scoring every claim of the base.
func (r Ranker) CoverWords(qu Question) string {
	var words []string
	for _, u := range qu.units {
		words = append(words, u.alts...)
		words = append(words, u.near...)
		if p := r.b.Person(u.person); p != nil {
			words = append(append(words, p.Name), p.Aliases...)
		}
	}
	return strings.Join(words, " ")
}

// Quoted reports whether the base holds the words of a person a question
// asks about: a quote of theirs or of someone who speaks for them (their
// ministry's, their company's chief's), or a position they take on a
// claim, which the sources report. Asked for their own words ("what did
// the president himself say"), only theirs count.
func (r Ranker) Quoted(qu Question, id string) bool {
	if len(r.b.QuotesBy(id)) > 0 || r.facts().actors[id] {
		return true
	}
	return !qu.form.own && slices.ContainsFunc(r.b.Quotes, func(q knowledge.Quote) bool { return r.coversPerson(id, []string{q.Speaker}, nil) })
}

// Rank is the passages relevant to a question, best first: each covers
// at least half of what it is about and scores near the best.
func (r Ranker) Rank(qu Question) []Hit {
	all := r.rank(qu)
	return relevant(all)
}

// relevant keeps the ranked passages past the relevance floor (weights).
func relevant(all []Hit) []Hit {
	var kept []Hit
	for _, h := range all {
		if h.Coverage >= weights.minCoverage && h.Score >= all[0].Score*weights.minScore {
			kept = append(kept, h)
		}
	}
	return kept
}

// Answers is what may lead an answer to a question, best first, nil if
// nothing does: the relevant passages that answer its form ("when" is
// answered only by a time, "what happened" not by what was only planned),
// the first shown under the entry it reads best under (leadUnder).
func (r Ranker) Answers(qu Question) []Hit {
	all := r.rank(qu)
	if qu.form.when && r.onlyChannels(qu, all) {
		return nil
	}
	// "How many" is answered only by a number; what took place not by
	// what was only to come.
	count := qu.form.howMany && (countRE.MatchString(strings.ToLower(qu.text)) || moneyAskedRE.MatchString(strings.ToLower(qu.text)))
	// Why and how are answered by an aim too ("an attempt to change").
	past := !qu.form.saying && !qu.form.why && !qu.form.how && pastQuestion(qu.text)
	// "The name of the driver" is answered by a passage that names them.
	var named []string
	if m := nameAskedRE.FindStringSubmatch(strings.ToLower(qu.text)); m != nil {
		named = r.b.Terms(m[1] + m[2])
	}
	which := r.whichAsked(qu)
	// "Did they talk after this" asks what followed the incident: a
	// passage that tells nothing as following it does not say.
	followed := afterAskedRE.MatchString(strings.ToLower(qu.text)) && doneAskedRE.MatchString(fillerRE.ReplaceAllString(strings.ToLower(strings.TrimSpace(qu.text)), ""))
	// "How long did it last" is answered only by a length of time.
	long := howLongRE.MatchString(strings.ToLower(qu.text)) && !strings.Contains(strings.ToLower(qu.text), "how long ago")
	// "The maximum sentence" is answered only by a limit ("up to ten
	// years"); a sentence passed is not one.
	limit := maxAskedRE.MatchString(strings.ToLower(qu.text))
	if r.doerUnknown(qu) || past && r.pending(qu) {
		return nil
	}
	var kept []Hit
	for _, h := range relevant(all) {
		if qu.form.when && !r.answersWhen(qu, h) || qu.form.happened && r.scheduled(h, all) || count && !r.countIn(r.passage(h.Passage)).number ||
			past && r.unrealised(qu, h) || named != nil && !r.namesThe(h, named, qu.text) ||
			!holdsEach(h.Text, which) || long && !durationRE.MatchString(h.Text) || limit && !limitRE.MatchString(h.Text) || followed && !followRE.MatchString(h.Text) {
			continue
		}
		kept = append(kept, h)
	}
	if names := r.namesAsked(qu); names != nil {
		// "Who were the two hostages" is answered by a passage that
		// names them, if one does.
		if named := slices.DeleteFunc(slices.Clone(kept), func(h Hit) bool { return !holdsEach(h.Text, names) }); len(named) > 0 {
			kept = named
		}
	}
	if len(kept) == 0 {
		return nil
	}
	if qu.form.say {
		// "What did X say" leads with X's own words when the base has
		// any that answer it: a quote or a position of theirs, or a
		// sentence that reports what they said, covering more of the
		// question than the relevance floor (X's name alone is about
		// half of what is asked). Failing those, a passage of X's
		// leads, such as a sentence that only tells what they did.
		words := func(h Hit) bool {
			return (h.Kind != knowledge.KindEvent || sayRE.MatchString(strings.ToLower(h.Text))) && h.Coverage > weights.minCoverage && r.BySpeaker(qu, h)
		}
		// Failing those, a sentence of theirs that tells what they said.
		told := func(h Hit) bool { return tellsSaying(h.Text) && r.BySpeaker(qu, h) }
		for _, by := range []func(Hit) bool{words, told, func(h Hit) bool { return r.BySpeaker(qu, h) }} {
			if slices.ContainsFunc(kept, func(h Hit) bool { return h.Sentence == kept[0].Sentence && by(h) }) {
				break
			}
			if i := slices.IndexFunc(kept, by); i > 0 {
				// Taken before slices.Delete shifts it out: Go does not
				// say whether kept[i] or the call beside it is evaluated
				// first, and the compiler makes the call first.
				h := kept[i]
				kept = append([]Hit{h}, slices.Delete(kept, i, i+1)...)
				break
			}
		}
	}
	lead := r.leadUnder(qu, kept)
	kept = append([]Hit{lead}, slices.DeleteFunc(kept, func(h Hit) bool { return h == lead })...)
	if reply, ok := r.replyTo(qu, kept); ok {
		kept = append([]Hit{reply}, kept...)
	} else if reason, ok := r.reasonAfter(qu, kept); ok {
		kept = append([]Hit{reason}, kept...)
	}
	return kept
}

// tellsSaying reports whether a sentence tells that someone said
// something: a verb of saying (sayRE), but not a word of a name written
// with a capital inside the sentence ("Google's own Transparency Report
// displayed ...").
func tellsSaying(text string) bool {
	lt := strings.ToLower(text)
	if len(lt) != len(text) {
		// Lower case moved the letters: the capitals cannot be found.
		return sayRE.MatchString(lt)
	}
	for _, loc := range sayRE.FindAllStringIndex(lt, -1) {
		if loc[0] == 0 || !unicode.IsUpper(rune(text[loc[0]])) {
			return true
		}
	}
	return false
}

// whichAsked are, for each word of what "which" asks to pick, its forms
// in the base and the words English relates closely to it ("which tv
// channel": "tv"; "channel", "channels"), nil for another question: a
// passage that does not hold each of them does not say which. Words are
// matched by lemma, not stem: "providers" is not "providing".
func (r Ranker) whichAsked(qu Question) []map[string]bool {
	m := whichRE.FindStringSubmatch(fillerRE.ReplaceAllString(strings.ToLower(strings.TrimSpace(qu.text)), ""))
	if m == nil {
		return nil
	}
	content := r.contentTerms(m[1], qu.form)
	var out []map[string]bool
	for _, w := range strings.FieldsFunc(m[1], isWordSep) {
		if ts := r.b.Terms(w); len(ts) != 1 || !slices.Contains(content, ts[0]) {
			continue
		}
		close, _ := r.relatedOf(w)
		forms := map[string]bool{}
		for _, f := range append(append([]string{w}, r.vocabulary().forms[lemma(w)]...), close...) {
			forms[f] = true
		}
		out = append(out, forms)
	}
	return out
}

// holdsEach reports whether a text holds, as a word, one of each of
// words.
func holdsEach(text string, words []map[string]bool) bool {
	in := strings.FieldsFunc(strings.ToLower(text), isWordSep)
	return !slices.ContainsFunc(words, func(forms map[string]bool) bool {
		return !slices.ContainsFunc(in, func(w string) bool { return forms[w] })
	})
}

// namesAsked are, for "who is X" of someone the base knows whose name
// the question does not use ("who were the hostages"), the words of
// their name, each a set of one, nil for another question.
func (r Ranker) namesAsked(qu Question) []map[string]bool {
	lq := fillerRE.ReplaceAllString(strings.ToLower(strings.TrimSpace(qu.text)), "")
	if !strings.HasPrefix(lq, "who ") || !identityRE.MatchString(lq) || len(qu.form.people) != 1 {
		return nil
	}
	var out []map[string]bool
	for _, w := range strings.FieldsFunc(strings.ToLower(qu.form.people[0].Name), isWordSep) {
		if len(r.b.Mentioned(w)) > 0 && !strings.Contains(wordsOf(lq), " "+w+" ") {
			out = append(out, map[string]bool{w: true})
		}
	}
	return out
}

// pending reports whether a question in the past tense asks of what the
// incident's summary, the curator's account of where things stand, gives
// only as to come ("sentencing was scheduled for February 14": "what
// sentence did he get"): its verb stands there as planned or sought
// (toCome), and nowhere as having taken place. An occurrence in the
// future or in doubt ("a severe sentence would not help", "hopes to
// win") tells neither.
func (r Ranker) pending(qu Question) bool {
	lq := strings.ToLower(qu.text)
	verb := r.questionVerb(qu)
	if verb == "" || !pastAuxRE.MatchString(lq) || progressiveRE.MatchString(lq) {
		return false
	}
	stems := r.stemWords(sentenceKey(r.b.Incident.Summary), false)
	planned := false
	for i, w := range stems {
		if w != verb {
			continue
		}
		before := stems[max(0, i-3):i]
		after := stems[i+1 : min(len(stems), i+3)]
		switch {
		case toCome(stems, i):
			planned = true
		case i > 0 && stems[i-1] == "to" || slices.ContainsFunc(before, func(m string) bool { return modals[m] }) || slices.ContainsFunc(after, func(m string) bool { return modals[m] }):
		default:
			return false
		}
	}
	return planned
}

// doerUnknown reports whether a question asks who did what the base
// has no word for: "who" and a verb in an inflected form ("who
// moderated the debate"; not "who behind the attack") of
// which the base holds no form. Who did something else is no answer,
// and the thesaurus's relations of a verb (moderate: lead, check) are
// too loose to stand for it. A verb with a particle after it ("who
// signed off on it") means more than the verb alone, and is not asked
// of.
func (r Ranker) doerUnknown(qu Question) bool {
	lq := fillerRE.ReplaceAllString(strings.ToLower(strings.TrimSpace(qu.text)), "")
	words := strings.FieldsFunc(lq, isWordSep)
	if qu.form.saying || len(words) < 3 || words[0] != "who" || auxWords[words[1]] || lemma(words[1]) == words[1] || particles[words[2]] {
		return false
	}
	if ts := r.b.Terms(words[1]); len(ts) != 1 || ts[0] != r.questionVerb(qu) {
		return false
	}
	return len(r.vocabulary().forms[lemma(words[1])]) == 0
}

// particles make a phrasal verb of the verb before them.
var particles = map[string]bool{"off": true, "up": true, "out": true, "down": true, "over": true, "back": true, "away": true, "in": true, "on": true}

// countRE asks for a count of things; "how much" may ask how bad, but
// not of money (moneyAskedRE), which is a sum.
var (
	countRE      = regexp.MustCompile(`\b(how many|number of)\b`)
	moneyAskedRE = regexp.MustCompile(`\bhow much\b.*\b(spend|spends|spending|spent|cost|costs|costing|pay|pays|paid|paying|worth|budget|price|money|funds?|funding|raised?)\b`)
)

// nameAskedRE asks for the name of someone or something: "the name of
// the driver", "what was the ship's name".
var nameAskedRE = regexp.MustCompile(`\bname of (?:the |this |that |his |her |its |their )?(\pL+)|\b(?:what|whats|what's)(?: is| was)? (?:the |his |her |its |their )?(\pL+)(?:'s|’s) name\b`)

// namesThe reports whether a passage names one of what a question asks
// the name of: a word of it with a name beside it (a capitalised word
// the question does not hold, within three words), not "a driver" alone.
func (r Ranker) namesThe(h Hit, thing []string, q string) bool {
	fields := strings.Fields(h.Text)
	lq := wordsOf(q)
	for i, f := range fields {
		if !slices.ContainsFunc(r.b.Terms(f), func(t string) bool { return slices.Contains(thing, t) }) {
			continue
		}
		for j := max(1, i-3); j <= min(len(fields)-1, i+3); j++ {
			w := strings.TrimFunc(fields[j], func(c rune) bool { return !unicode.IsLetter(c) })
			if j != i && w != "" && unicode.IsUpper([]rune(w)[0]) && !strings.Contains(lq, wordsOf(w)) {
				return true
			}
		}
	}
	return false
}

// pastAuxRE asks about the past: "did it", "was it", "had they".
var pastAuxRE = regexp.MustCompile(`\b(did|was|were|had)\b`)

// progressiveRE asks of what was under way or to come at the time:
// "were they coming", "was he going to".
var progressiveRE = regexp.MustCompile(`\b(was|were)\b.*\b\pL+ing\b`)

// passiveRE asks of what was done to someone: "was he extradited".
var passiveRE = regexp.MustCompile(`\b(was|were)\b.*\b\pL+ed\b`)

// pastQuestion reports whether a question asks what took place: it asks
// with "did", "was" or "had", or with a verb in the past ("who won",
// "how many died": a word whose lemma it is not, and not a plural). One
// with a modal asks what may come ("how much could he have to pay").
func pastQuestion(q string) bool {
	lq := strings.ToLower(q)
	words := strings.FieldsFunc(lq, isWordSep)
	if slices.ContainsFunc(words, func(w string) bool { return modals[w] }) {
		return false
	}
	if pastAuxRE.MatchString(lq) {
		return true
	}
	for _, w := range words {
		if l := lemma(w); l != w && !strings.HasSuffix(w, "s") && utf8.RuneCountInString(w) >= 3 {
			return true
		}
	}
	return false
}

// doneTo are the verbs, as terms, whose infinitive tells what was or
// was not done: "failed to appear", "managed to open", "worked with the
// police to find", "helped them to leave".
var doneTo = []string{"fail", "refus", "manag", "work", "help"}

// modals put what follows them in the future or in doubt: "will ask",
// "would cause".
var modals = map[string]bool{"will": true, "would": true, "could": true, "might": true, "may": true, "shall": true, "ll": true}

// ahead are the terms that put the word a few before them in the
// future ("the hearing, which is scheduled", "the verdict is due"), and
// sought those that put the word a few after them there ("seeking his
// extradition", "the pending appeal"); asked is a noun that makes the
// word before it something asked for ("an extradition request").
var (
	ahead  = []string{"schedul", "due", "plan", "expect"}
	sought = []string{"seek", "sought", "pend", "upcom", "await", "demand", "avoid", "fear"}
	asked  = []string{"request", "bid", "demand"}
)

// toCome reports whether the word at i stands as to come, by what is
// around it: a term of ahead in the four words after it, of sought in
// the three before, or asked right after it.
func toCome(stems []string, i int) bool {
	in := func(list []string) func(string) bool {
		return func(s string) bool { return slices.Contains(list, s) }
	}
	return slices.ContainsFunc(stems[i+1:min(len(stems), i+5)], in(ahead)) ||
		slices.ContainsFunc(stems[max(0, i-3):i], in(sought)) ||
		i+1 < len(stems) && slices.Contains(asked, stems[i+1])
}

// unrealised reports whether a passage speaks of what a question asks
// about only as to come: the question's verb ("did they open it", "who
// won"), or every word of it the passage holds, stands there only as an
// infinitive ("hope to win", "ask the court to rule") or after a modal
// a few words before ("would cause long delays"; not one of the past,
// "may have been"). It tells what was planned or feared, not whether it
// took place.
func (r Ranker) unrealised(qu Question, h Hit) bool {
	stems := r.passage(h.Passage).stems
	// A question in the past tense ("when was he extradited", "what
	// sentence did the judge give") is not answered by what the passage
	// says is planned or sought; one that asks of a plan ("were guests
	// coming") may be.
	lq := strings.ToLower(qu.text)
	done := pastAuxRE.MatchString(lq) && !progressiveRE.MatchString(lq)
	// how a unit stands in the passage: 0 not there, 1 only as to come,
	// 2 as having taken place.
	stands := func(u unit) int {
		n := 0
		for i, w := range stems {
			if hasAny([]string{w}, u.alts, r.isName) < 1 {
				continue
			}
			before := stems[max(0, i-3):i]
			infinitive := i > 0 && stems[i-1] == "to" && !slices.ContainsFunc(stems[max(0, i-5):i-1], func(s string) bool { return slices.Contains(doneTo, s) })
			if infinitive || slices.ContainsFunc(before, func(m string) bool { return modals[m] }) && !slices.Contains(before, "have") || done && toCome(stems, i) {
				n = 1
				continue
			}
			return 2
		}
		return n
	}
	verb := r.questionVerb(qu)
	all, some := true, false
	for _, u := range qu.units {
		if u.person != "" || u.incident {
			continue
		}
		switch stands(u) {
		case 0:
			// "When was he extradited" is not answered by when
			// something else was done to him.
			if qu.form.when && passiveRE.MatchString(lq) && verb != "" && u.alts[0] == verb && hasAny(stems, u.near, r.isName) < 1 {
				return true
			}
		case 1:
			if verb != "" && u.alts[0] == verb {
				return true
			}
			some = true
		case 2:
			all = false
		}
	}
	return some && all
}

// questionVerb is the term of a question's verb, "" if none is found:
// the word after "who" or "what" that asks with none ("who won"), or
// the first after an auxiliary and the subject that is neither a name
// nor a word of how questions are put ("did the court really open"),
// unless it is a verb of saying ("did the firm say the fault was
// theirs": what was said is asked, not whether a fault took place).
func (r Ranker) questionVerb(qu Question) string {
	lq := fillerRE.ReplaceAllString(strings.ToLower(strings.TrimSpace(qu.text)), "")
	words := strings.FieldsFunc(lq, isWordSep)
	from := -1
	if len(words) > 1 && (words[0] == "who" || words[0] == "what") && !auxWords[words[1]] {
		from = 1
	} else {
		for i, w := range words {
			if auxWords[w] {
				from = i + 1
				break
			}
		}
	}
	if from < 0 {
		return ""
	}
	generic := r.genericSet()
	// The words of the names it uses ("the Security Council") are its
	// subject's.
	names := map[string]bool{}
	for _, p := range r.named(qu.text) {
		for _, n := range append([]string{p.Name}, p.Aliases...) {
			if wn := wordsOf(n); strings.Contains(wordsOf(lq), wn) {
				for _, w := range strings.Fields(wn) {
					names[w] = true
				}
			}
		}
	}
	r.loadGeneric()
	for _, w := range words[from:] {
		ts := r.b.Terms(w)
		if len(ts) == 1 && sayTerms[ts[0]] {
			// "Did they say the problem was theirs": the verb is one
			// of saying, and what follows it is what was said.
			return ts[0]
		}
		if len(ts) != 1 || generic[ts[0]] || names[w] || w == "the" || w == "a" || w == "an" || len(r.b.Mentioned(w)) > 0 || len(r.b.Mentioned(strings.ToUpper(w))) > 0 {
			continue
		}
		return ts[0]
	}
	return ""
}

// auxWords are the auxiliary verbs a question asks with.
var auxWords = map[string]bool{"did": true, "does": true, "do": true, "has": true, "have": true, "had": true, "is": true, "was": true, "are": true, "were": true}

// replyTo is, for a yes-or-no question about someone ("did X fix it?")
// whose best passage is a question put to them, the question with their
// reply, the next sentence that names them, as an excerpt of an entry of
// theirs holds both ("“So you have not fixed it?” Y asked. “That's
// correct,” X said.").
func (r Ranker) replyTo(qu Question, kept []Hit) (Hit, bool) {
	if !qu.form.yesNo || len(qu.form.people) == 0 || !r.passage(kept[0].Passage).question {
		return Hit{}, false
	}
	named := func(id string) bool {
		return slices.ContainsFunc(qu.form.people, func(p *knowledge.Person) bool { return p.ID == id })
	}
	for _, h := range kept {
		if h.Sentence != kept[0].Sentence || !slices.ContainsFunc(r.passage(h.Passage).people, named) {
			continue
		}
		for _, c := range r.citationsOf(h.Passage) {
			ss := knowledge.Sentences(c.Excerpt)
			i := slices.Index(ss, h.Text)
			if c.Source != h.Source || i < 0 {
				continue
			}
			// The reply names who gives it; the question's own sentence
			// may end with who put it ("Y asked.").
			for _, next := range ss[i+1 : min(i+3, len(ss))] {
				if !slices.ContainsFunc(r.namedIn(r.text(next)), func(p *knowledge.Person) bool { return named(p.ID) }) {
					continue
				}
				// The exchange leads whole, verbatim from the excerpt: the
				// reply alone ("That's correct") says nothing.
				if j, ok := through(h, c, next); ok {
					return j, true
				}
			}
		}
	}
	return Hit{}, false
}

// through is a passage with the sentences of its excerpt after it up to
// and including next, verbatim, as one passage of its entry.
func through(h Hit, c knowledge.Citation, next string) (Hit, bool) {
	from := strings.Index(c.Excerpt, h.Text)
	to := strings.Index(c.Excerpt[max(from, 0):], next)
	if from < 0 || to < 0 {
		return Hit{}, false
	}
	p := h.Passage
	p.Text, p.Quote = c.Excerpt[from:from+to+len(next)], false
	return Hit{PassageHit: knowledge.PassageHit{Passage: p, Score: h.Score}, Score: h.Score, Coverage: h.Coverage, Sentence: sentenceKey(p.Text)}, true
}

// reasonAfter is, for a "why" question whose best passage gives no
// reason ("The vote was due to be held in May"), the passage with
// the next sentence of its excerpt when that one gives it ("But it was
// put off because the hall had flooded."): the reason alone
// would not say what it is the reason for. When the entry cites the
// next sentence in an excerpt of its own, that sentence leads alone.
func (r Ranker) reasonAfter(qu Question, kept []Hit) (Hit, bool) {
	best := kept[0]
	if !qu.form.why || best.Quote || r.passage(best.Passage).wordsIn().reason {
		return Hit{}, false
	}
	cs := r.citationsOf(best.Passage)
	for k, c := range cs {
		ss := knowledge.Sentences(c.Excerpt)
		i := slices.Index(ss, best.Text)
		if c.Source != best.Source || i < 0 {
			continue
		}
		if i+1 < len(ss) {
			if givesReason(ss[i+1]) {
				return through(best, c, ss[i+1])
			}
			continue
		}
		if k+1 < len(cs) && cs[k+1].Source == c.Source {
			if next := knowledge.Sentences(cs[k+1].Excerpt); len(next) > 0 && givesReason(next[0]) {
				p := best.Passage
				p.Text = next[0]
				return Hit{PassageHit: knowledge.PassageHit{Passage: p, Score: best.Score}, Score: best.Score, Coverage: best.Coverage, Sentence: sentenceKey(p.Text)}, true
			}
		}
	}
	return Hit{}, false
}

// citationsOf are the citations of a passage's entry: an event's, a
// quote's, a claim position's.
func (r Ranker) citationsOf(p knowledge.Passage) []knowledge.Citation {
	switch p.Kind {
	case knowledge.KindEvent:
		return r.b.Event(p.ID).Citations
	case knowledge.KindQuote:
		return r.b.Quote(p.ID).Citations
	case knowledge.KindClaim:
		return r.b.Claim(p.ID).Positions[p.Position].Citations
	}
	return nil
}

// BySpeaker reports whether a passage is the words of a person whose
// words the question asks for (Speakers), or of someone who speaks for
// them (their organisation's spokesman, unless the question asks for
// their own words): a quote of theirs or one that
// reached the source through them (an outlet reports what it was told),
// a position they take on a claim, or an event they act in that names
// them, unless the sentence quotes someone else.
func (r Ranker) BySpeaker(qu Question, h Hit) bool {
	var by []string
	switch h.Kind {
	case knowledge.KindQuote:
		q := r.b.Quote(h.ID)
		by = append(by, q.Speaker)
		for _, v := range q.Via {
			if p := r.personNamed(v); p != nil {
				by = append(by, p.ID)
			}
		}
	case knowledge.KindClaim:
		by = append(by, r.b.Claim(h.ID).Positions[h.Position].Actor)
	case knowledge.KindEvent:
		if quoted := r.b.Quoting(h.Passage); len(quoted) > 0 {
			// A sentence that quotes someone is their words, whoever
			// else acts in its event ("Y said the call was a swipe at
			// X" is not X's).
			for _, p := range quoted {
				by = append(by, p.ID)
			}
			break
		}
		for _, a := range r.b.Event(h.ID).Actors {
			if slices.ContainsFunc(r.namedIn(r.text(h.Text)), func(p *knowledge.Person) bool { return p.ID == a }) {
				by = append(by, a)
			}
		}
	}
	return slices.ContainsFunc(qu.Speakers(), func(p *knowledge.Person) bool {
		return slices.Contains(by, p.ID) || !qu.form.own && r.coversPerson(p.ID, by, nil)
	})
}

// answersWhen reports whether a passage answers a "when" question: it
// gives the date of an entry that is what the question is about, or it
// places in time what it reports (not only when someone said it).
func (r Ranker) answersWhen(qu Question, h Hit) bool {
	pf := r.passage(h.Passage)
	w := r.whenIn(pf)
	if !qu.form.saying && w.statementTime {
		return false
	}
	// A dated entry that is what the question asks about answers it
	// with its date, which the answer shows, if not in this sentence.
	// A quote's date is when it was said, which answers only a question
	// about saying.
	// An entry's date is when it took place or was said: it does not
	// say when something still to come will ("when will the talks
	// start").
	// A range across years ("at one point" while hostages were held)
	// says only that it took place, not when.
	d := r.dateOf(h.Passage)
	dated := !d.IsZero() && (d.End == nil || d.End.Year == d.Year) && (h.Kind == knowledge.KindEvent || qu.form.saying) && !qu.form.future
	if dayAskedRE.MatchString(strings.ToLower(qu.text)) {
		// Asked for the very day: the entry's date must be one, or the
		// sentence must name one.
		return dated && oneDay(d) && r.coversText(qu, pf.about, pf.people) >= 0.8 || len(w.days) > 0 || weekdayRE.MatchString(h.Text)
	}
	return dated && r.coversText(qu, pf.about, pf.people) >= 0.8 || w.timeWord
}

// weekdayRE names a day of the week, which news gives for a day of the
// week of the story.
var weekdayRE = regexp.MustCompile(`\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b`)

// howLongRE asks for a length of time ("how long did the cuts last"),
// not a time ("how long ago"); durationRE gives one: a number of units
// of time ("50 weeks", "an 18-year insurgency"), units of time ("hours
// after the incident", "for decades"), or a unit made a length
// ("hourlong", "overnight").
var (
	howLongRE  = regexp.MustCompile(`\bhow long\b`)
	durationRE = regexp.MustCompile(`(?i)\b(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?:[ -](?:full|more|straight|consecutive))?[ -](?:second|minute|hour|day|night|week|month|year|decade)s?\b|\b(?:seconds|minutes|hours|days|nights|weeks|months|years|decades)\b|\b(?:hour|day|week|month|year)-?long\b|\bovernight\b`)
)

// maxAskedRE asks for the most something may come to ("max prison
// time", "the maximum sentence"), which howManyRE reads as a count;
// limitRE gives one.
var (
	maxAskedRE = regexp.MustCompile(`\b(max|maximum)\b`)
	limitRE    = regexp.MustCompile(`(?i)\b(up to|at most|as (many|much|long) as|no more than|maximum|max)\b`)
)

// afterAskedRE asks whether something followed what the question is
// about ("after this", "since then"); followRE tells that something
// did ("since" alone is as often "because").
var (
	afterAskedRE = regexp.MustCompile(`\b(?:after (?:this|that|it|all this|all that)|afterwards?|since then|later on|later)\b`)
	followRE     = regexp.MustCompile(`(?i)\b(?:after|afterwards?|later|since then|has since|have since|following|subsequently|next|in response|in retaliation)\b`)
	// doneAskedRE asks whether something took place, not whether it is
	// planned ("is he planning a move after this").
	doneAskedRE = regexp.MustCompile(`^(?:did|has|have|had|was|were)\b`)
)

// dayAskedRE asks for the very day ("when exactly", "on what date"): a
// month or a year does not answer it.
var dayAskedRE = regexp.MustCompile(`\b(?:when exactly|exactly when|what day|which day|what date|which date|exact date|precise date)\b`)

// futureWhenRE asks when something still to come will take place.
var futureWhenRE = regexp.MustCompile(`\bwhen (will|would|shall)\b|\bwhen (is|are)\b.*\b(expected|going|due|scheduled|set|likely) to\b`)

// scheduledTag marks an event the sources give as planned, not as having
// taken place: it does not answer what happened at it.
const scheduledTag = "scheduled"

// scheduled reports whether an event tagged scheduled cites a passage's
// sentence, or one that holds it (a quote's words).
func (r Ranker) scheduled(h Hit, all []Hit) bool {
	for _, o := range all {
		if o.Kind == knowledge.KindEvent && strings.Contains(o.Sentence, h.Sentence) && slices.Contains(r.b.Event(o.ID).Tags, scheduledTag) {
			return true
		}
	}
	return false
}

// leadUnder is the entry to show the best sentence under, among those
// that cite it: what it says is the same, but the line under it says who
// and when. A speaker's own words for "what did X say", an event for
// "when", otherwise a quote or an event before a claim position, whose
// line must restate the claim.
func (r Ranker) leadUnder(qu Question, kept []Hit) Hit {
	best := kept[0]
	if t := strings.TrimSpace(best.Text); strings.HasPrefix(t, "...") || strings.HasSuffix(t, "...") || strings.HasPrefix(t, "…") || strings.HasSuffix(t, "…") {
		// A sentence the curator cut short leads whole where another
		// entry cites it whole.
		for _, h := range kept[1:] {
			if len(h.Sentence) > len(best.Sentence) && strings.Contains(h.Sentence, best.Sentence) {
				best = h
				break
			}
		}
	}
	pref := func(h Hit) int {
		switch {
		case qu.form.say && h.Kind == knowledge.KindQuote && r.BySpeaker(qu, h):
			return 3
		case qu.form.when && h.Kind == knowledge.KindEvent:
			return 3
		case h.Kind == knowledge.KindClaim:
			return 0
		}
		return 1
	}
	for _, h := range kept[1:] {
		if h.Sentence == best.Sentence && pref(h) > pref(best) {
			best = h
		}
	}
	return best
}
