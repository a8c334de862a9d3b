package rank

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/incidentbot/incidentbot/knowledge"
)

// Whether the base can answer a question at all: /ask and /check say
// the base has nothing on it rather than lead with a passage that only
// shares a word with it.

// inScope says whether the base covers what a question is about: at least
// two thirds of its content words are known (exactly, or with a typo in a
// long word), and any year it names is one the base has. "Is the moon made
// of cheese" shares only "made" with the base and is not answered.
func (r Ranker) inScope(qu Question) bool {
	for _, y := range yearRE.FindAllString(qu.text, -1) {
		if !r.b.Knows(y) {
			return false
		}
	}
	if len(qu.units) == 0 {
		// Only question words ("what happened?"): the question is about
		// the incident itself.
		return true
	}
	if r.unknownFocus(qu) {
		return false
	}
	// Counted in halves: the verb said of someone the base knows ("did
	// city officials admit ...") is more often a paraphrase than a
	// topic of its own, and counts half when the base does not hold it;
	// when it does ("how did the minister defend it"), it says the base
	// knows the question as any other word does.
	verb := r.subjectVerb(qu.text)
	known, total := 0, 0
	for _, u := range qu.units {
		// A word known through a synonym ("died": "killed") is known; one
		// known only through a kind of it is not ("population": "people").
		if r.knownUnit(qu, u) {
			known += 2
			total += 2
		} else if u.person == "" && verb != "" && u.alts[0] == verb {
			total++
		} else {
			total += 2
		}
	}
	if qu.form.whoSaid {
		// Words asked about are quoted from memory ("grain of salt" for
		// "shaker of salt"): half of them known will do.
		return known > 0 && known*2 >= total
	}
	return known > 0 && known*3 >= total*2
}

// knownUnit reports whether the base knows what a unit of a question
// is: a person, a word it holds, or a synonym of it ("died": "killed");
// not one known only through a kind of it ("population": "people").
func (r Ranker) knownUnit(qu Question, u unit) bool {
	return u.person != "" || slices.ContainsFunc(u.alts, r.b.Knows) || slices.ContainsFunc(u.near, func(a string) bool { return qu.related[a] && r.b.Knows(a) })
}

// unknownFocus reports whether the base does not know the very thing a
// question asks for, whatever else of it it knows: what "which" asks to
// pick ("which channel showed it"), anything a count asks about ("how
// many tweets", "how much did it cost"), or what a question whether or
// when something took place asks about ("did the council vote on it"):
// a passage that shares the other words does not say which, how many,
// whether or when.
func (r Ranker) unknownFocus(qu Question) bool {
	r.loadGeneric()
	lq := fillerRE.ReplaceAllString(strings.ToLower(strings.TrimSpace(qu.text)), "")
	var focus []string
	switch {
	case qu.form.howMany && countAskedRE.MatchString(lq):
		focus = qu.terms
	case (qu.form.yesNo || qu.form.when) && pastAuxRE.MatchString(lq):
		// "Did the council vote on it", "when was the road reopened":
		// whether (or when) it took place is what is asked. A verb of
		// saying ("did they admit it") is as often the asker's word for
		// what was said.
		if v := r.questionVerb(qu); v != "" && !sayTerms[v] {
			focus = []string{v}
		}
	default:
		m := whichRE.FindStringSubmatch(lq)
		if m == nil {
			return false
		}
		focus = r.contentTerms(m[1], qu.form)
	}
	for _, u := range qu.units {
		if u.person == "" && slices.ContainsFunc(focus, func(t string) bool { return slices.Contains(u.alts, t) }) && !r.knownUnit(qu, u) {
			return true
		}
	}
	return false
}

// countAskedRE asks for a count ("how many", "how much did it cost");
// whichRE asks to pick one of a kind, which the few words after "which"
// name ("which tv channel").
var (
	countAskedRE = regexp.MustCompile(`\b(how (many|much)|number of)\b`)
	whichRE      = regexp.MustCompile(`\bwhich ((?:\pL+\s+){0,2}\pL+)`)
)

// auxRE opens a question whose subject comes after "do", and before a
// bare verb: "did city officials admit anything", "what did the reporter
// win". After "was" it may be a participle that is the topic ("when was
// the palace built").
var auxRE = regexp.MustCompile(`^(?:(?:what|how|why|when|where|who|whom)\s+)?(?:did|does|do)\s+`)

// subjectVerb is the term of the verb that follows a question's subject
// when the subject is someone the base knows, "" otherwise.
func (r Ranker) subjectVerb(q string) string {
	lq := fillerRE.ReplaceAllString(strings.ToLower(strings.TrimSpace(q)), "")
	loc := auxRE.FindStringIndex(lq)
	if loc == nil {
		return ""
	}
	words := strings.FieldsFunc(lq[loc[1]:], func(c rune) bool { return !unicode.IsLetter(c) && c != '\'' && c != '’' })
	for i := 1; i < len(words) && i <= 4; i++ {
		if len(r.named(strings.Join(words[:i], " "))) > 0 {
			if ts := r.b.Terms(words[i]); len(ts) == 1 {
				return ts[0]
			}
			return ""
		}
	}
	return ""
}

// unknownSpeaker reports whether a question asks what someone said
// ("what did Varga say", "did China comment", "what did the Dutch
// foreign ministry say") whom the base does not know: it names no one
// the base knows, and the base holds none of the words that say who, or
// not the name among them (a word written with a capital): someone
// else's words would not answer it.
func (r Ranker) unknownSpeaker(qu Question) bool {
	loc := speakerRE.FindStringSubmatchIndex(strings.ToLower(qu.text))
	if loc == nil {
		return false
	}
	// Lower case keeps the byte offsets of the letters these questions
	// are written in; a text where it does not is read in lower case.
	phrase := strings.ToLower(qu.text)[loc[4]:loc[5]]
	if len(r.named(phrase)) > 0 {
		return false
	}
	terms := r.contentTerms(phrase, form{})
	if len(terms) > 0 && !slices.ContainsFunc(terms, r.b.Knows) {
		return true
	}
	if len(qu.text) != len(strings.ToLower(qu.text)) {
		return false
	}
	words := strings.FieldsFunc(qu.text[loc[4]:loc[5]], isWordSep)
	noOnes := func(w string) bool {
		return slices.ContainsFunc(r.b.Terms(w), func(t string) bool { return !r.b.Knows(t) }) || len(r.b.Mentioned(w)) == 0
	}
	for _, w := range words {
		// A name the base does not know, or knows only as no one's
		// ("the Qatari government", of a story that names Qatar only as
		// a place).
		if unicode.IsUpper([]rune(w)[0]) && noOnes(w) {
			return true
		}
	}
	// Typed in lower case, the speaker is a name if the base writes it
	// only as one: "what did apple say", of a base that names the
	// company only as a maker of phones. Only a name alone: a role it
	// qualifies ("the ukrainian foreign minister") is someone the base
	// may know by their role; and not when it asks when someone spoke,
	// which a sentence that names the speaker only in passing tells
	// ("under Trump's announcement last month").
	if qu.form.when {
		return false
	}
	name := false
	for _, w := range words {
		if !slices.ContainsFunc(r.b.Terms(w), func(t string) bool { return slices.Contains(terms, t) }) {
			continue // "the"
		}
		if !r.writtenAsName(w) || r.ofSomeone(w) || !noOnes(w) {
			return false
		}
		name = true
	}
	return name
}

// ofSomeone reports whether a word is one of someone's name, alias,
// role or organisation in the base ("eu" of "EU", "australian" of the
// "Australian Prime Minister"), or the start of one ("jordan" of the
// "Jordanian Foreign Minister"): it says who, if not whole.
func (r Ranker) ofSomeone(w string) bool {
	ts := r.b.Terms(w)
	if len(ts) != 1 {
		return false
	}
	who := r.whoTermsOf()
	if who[ts[0]] {
		return true
	}
	for t := range who {
		if len(ts[0]) >= 4 && strings.HasPrefix(t, ts[0]) {
			return true
		}
	}
	return false
}

// writtenAsName reports whether the base writes a word, in any form or
// with an ending, only with a capital, as a name ("Apple",
// "Ecuadorean"), never in
// lower case as another word ("apple"): the passages the index finds
// for it are where it stands.
func (r Ranker) writtenAsName(w string) bool {
	lw := strings.ToLower(w)
	ts := r.b.Terms(lw)
	if len(ts) != 1 {
		return false
	}
	capital := false
	for _, h := range r.b.SearchPassages(lw, candidates) {
		for _, f := range strings.FieldsFunc(h.Text, isWordSep) {
			lf := strings.ToLower(f)
			if !strings.HasPrefix(lf, lw) && (sharedPrefix(lf, lw) < min(len(lw), 4) || !slices.Equal(r.b.Terms(f), ts)) {
				continue
			}
			if !unicode.IsUpper([]rune(f)[0]) {
				return false
			}
			capital = true
		}
	}
	return capital
}

// nameTypo reports whether a term of six letters or more is a typo of a
// word of someone's name ("peskow"); a shorter one may be another word
// ("franc" is France, not Frances).
func (r Ranker) nameTypo(t string) bool {
	if len(t) < 6 {
		return false
	}
	return slices.ContainsFunc(r.nameTermsOf(), func(w string) bool { return withinOneEdit(w, t) })
}

// unknownMeasure reports whether a question asks for a measure the base
// has no word for ("how old is the minister", "how fast were the ships"):
// passages that only share its other words do not answer it.
func (r Ranker) unknownMeasure(qu Question) bool {
	lq := fillerRE.ReplaceAllString(strings.ToLower(strings.TrimSpace(qu.text)), "")
	if m := measureRE.FindStringSubmatch(lq); m != nil {
		return r.absentIn(qu, m[1])
	}
	// "Who is the mayor of Paris": asked who or what something is that
	// the base has no word for.
	if m := identityRE.FindStringSubmatch(lq); m != nil {
		// Who or what it asks about ends where its clause does: "what
		// was the firm called after the merger, and did it keep ...".
		np, _, _ := strings.Cut(clauseEndRE.ReplaceAllString(m[1], ","), ",")
		return r.absentIn(qu, np)
	}
	return false
}

// clauseEndRE ends the words a "who is" or "what was" question asks
// about: a verb or a conjunction after them.
var clauseEndRE = regexp.MustCompile(`\b(called|named|known as|and|or|but|after|before|when|while|if|that|who|which)\b`)

// absentIn reports whether words hold a word of the question that the
// base holds in no form, nor any synonym of it, nor is it a typo of a
// name ("Peskow"); a typo of another word may be another word ("mayor"
// is not "major").
func (r Ranker) absentIn(qu Question, words string) bool {
	absent := r.b.Weight("\x00")
	for _, t := range r.contentTerms(words, form{}) {
		for _, u := range qu.units {
			if u.person == "" && u.alts[0] == t && !slices.ContainsFunc(u.alts, func(a string) bool { return r.b.Weight(a) < absent || r.nameTypo(a) }) {
				return true
			}
		}
	}
	return false
}

// onlyRole reports whether all a question asks of someone it names is
// what their role says, and the base says it only beside their name
// ("what did the reporter win the prize for", of a "prize-winning
// reporter"): the base knows them by that role and holds nothing of
// their life. Who they are, whether they are it, what they said, and a
// measure their role gives ("how old is he", of a "55-year-old") are
// still answered, and so is a role word the base says of more than them
// ("envoy to the country", in a story about the country), and a question
// about the incident, whose name holds words of someone's role.
func (r Ranker) onlyRole(qu Question) bool {
	f := qu.form
	lq := fillerRE.ReplaceAllString(strings.ToLower(strings.TrimSpace(qu.text)), "")
	if f.say || f.whoSaid || f.yesNo || identityRE.MatchString(lq) || r.roleMeasure(lq, f.people) {
		return false
	}
	others := 0
	for _, u := range qu.units {
		if u.incident {
			return false
		}
		if u.person == "" {
			if !r.roleOnly(append(u.alts, u.near...), f.people) {
				return false
			}
			others++
		}
	}
	return others > 0
}

// roleMeasure reports whether a question asks for a measure ("how old")
// that the role of one of people gives ("55-year-old").
func (r Ranker) roleMeasure(lq string, people []*knowledge.Person) bool {
	m := measureRE.FindStringSubmatch(lq)
	if m == nil {
		return false
	}
	ts := r.b.Terms(m[1])
	return len(ts) == 1 && slices.ContainsFunc(people, func(p *knowledge.Person) bool { return slices.Contains(r.b.Terms(p.Role), ts[0]) })
}

// roleOnly reports whether one of terms is a word of the role of one of
// people that every passage holding it names one of them by.
func (r Ranker) roleOnly(terms []string, people []*knowledge.Person) bool {
	names := func(h knowledge.PassageHit) bool {
		return slices.ContainsFunc(r.namedIn(r.text(h.Text)), func(m *knowledge.Person) bool { return slices.Contains(people, m) })
	}
	for _, p := range people {
		for _, w := range strings.FieldsFunc(p.Role, isWordSep) {
			ts := r.b.Terms(w)
			if len(ts) == 0 || !slices.ContainsFunc(terms, func(t string) bool { return slices.Contains(ts, t) }) {
				continue
			}
			holds := func(h knowledge.PassageHit) bool { return slices.Contains(r.text(h.Text).terms, ts[0]) }
			if !slices.ContainsFunc(r.b.SearchPassages(w, candidates), func(h knowledge.PassageHit) bool { return holds(h) && !names(h) }) {
				return true
			}
		}
	}
	return false
}

// onlyChannels reports whether all a question is about is the name of a
// channel someone spoke on ("Evening Desk"): the base names channels only
// as where something was said, and knows nothing else of them.
func (r Ranker) onlyChannels(qu Question, hits []Hit) bool {
	channels := map[string]bool{}
	for _, h := range hits {
		if h.Kind == knowledge.KindQuote {
			for _, t := range r.channelsOf(h.ID) {
				channels[t] = true
			}
		}
	}
	for _, u := range qu.units {
		if u.person != "" || !channels[u.alts[0]] {
			return false
		}
	}
	return len(qu.units) > 0
}
