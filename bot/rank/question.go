package rank

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/incidentbot/incidentbot/bot/rank/internal/thesaurus"
	"github.com/incidentbot/incidentbot/knowledge"
)

// A question is analysed once (analyseAs): the form of answer it asks
// for, the people it names, and the units it is about, each weighed by
// how rare it is in the base. Some of the patterns here read passages too.

// form is what kind of answer a question asks for.
type form struct {
	when, where, who, howMany, say, why, happened, link, yesNo bool
	// how asks how something was done ("how did US intel figure out").
	how bool
	// saying is a question about a statement ("when did the minister respond").
	saying bool
	// whoSaid asks who said some words: the people it names are in the
	// words, not their speakers.
	whoSaid bool
	// month and day are a date the question names ("on May 3"), 0 if none.
	month, day int
	// people are the people the question names.
	people []*knowledge.Person
	// unknownRole is whether it asks for the words of someone of theirs
	// ("X's lawyer") whom the base does not know.
	unknownRole bool
	// own is whether it asks for someone's own words ("what did the
	// president himself say"), not those of whoever speaks for them.
	own bool
	// future asks when something still to come will take place
	// (futureWhenRE), which no entry's date answers.
	future bool
}

var (
	whenRE = regexp.MustCompile(`\b(when|what (day|time)|which day|dates?|how long ago)\b`)
	// whereRE, urlWords, attributionWords and reasonWords read lower-case
	// text (the last three are word lists: a regexp costs more than the
	// rest of ranking a passage).
	whereRE = regexp.MustCompile(`\b(` + channelWords + `|wrote|posted|told (the|reporters|journalists)|report(ed)?|said in|according to)\b`)
	// channelRE is a channel something was said on, which answers
	// "where" better than a verb that says how ("wrote").
	channelRE = regexp.MustCompile(`\b(` + channelWords + `)\b`)
	whoRE     = regexp.MustCompile(`\b(who|whose|whom|behind|responsible|blame[sd]?|culprit|carried out|which (unit|group|country))\b|\b(did|do|done) (it|this)\s*[?.!]*\s*$`)
	howManyRE = regexp.MustCompile(`\b(how (many|much)|number of|how big|count|max|maximum)\b`)
	// saidRE asks who said words ("who said the army only does ...").
	saidRE = regexp.MustCompile(`\bwho (said|says|say|wrote|claimed|called|tweeted|posted)\b`)
	// placeRE is a place in a sentence: a preposition of place before a
	// name ("in central Paris", "above the palace").
	placeRE = regexp.MustCompile(`\b(?:in|above|over|near|inside|outside|at|toward|towards) (?:central |downtown |the )?(\p{Lu}\pL+)`)
	// otherRE asks about something besides the incident ("what other
	// attacks"), which background entries answer.
	otherRE = regexp.MustCompile(`\b(other|else|besides|apart from|previous|before that|earlier)\b`)
	// howRE asks how something was done; mannerRE is how a passage
	// says so.
	howRE    = regexp.MustCompile(`^how (did|do|does|could|can|would)\b`)
	mannerRE = regexp.MustCompile(`\b(based on|through|using|via|by \pL+ing|with the help of|thanks to)\b`)
	whyRE    = regexp.MustCompile(`\b(why|how come|reason|motive|point of)\b`)
	sayRE    = regexp.MustCompile(`\b(say|said|says|saying|think|thinks|claim|claimed|claims|quote|quotes|react|reacted|reaction|respond|responded|response|tell|told|words?|view|position|stance|report|reported|post|posted|write|wrote|tweet|tweeted|publish|published|announce|announced|reveal|revealed|deny|denied|find|findings?|conclude|concluded|believe|believes|assess|assessed|demand|demanded|explain|explained|explanation|expect|expects|expected|predict|predicts|predicted)\b`)
	// stanceNouns are the words of sayRE that name what someone holds,
	// not a saying: after "why" they are what changed.
	stanceNouns = map[string]bool{"position": true, "view": true, "stance": true, "words": true, "word": true}
	// ruSayRE is a verb of saying in Russian or Ukrainian ("что сказал
	// министр"); \b knows only ASCII letters.
	ruSayRE = regexp.MustCompile(`(^|[\s,])(сказал|сказала|сказали|заявил|заявила|заявили|говорит|говорил|написал|написала|сказав|заявив|написав)([\s,?!.]|$)`)
	// identityRE asks who or what someone or something is.
	identityRE = regexp.MustCompile(`^(?:who|what) (?:is|was|are|were) (.+)`)
	// measureRE asks for a measure ("how old", "how fast").
	measureRE = regexp.MustCompile(`^how (\pL+)\b`)
	// futureRE asks what will happen.
	futureRE = regexp.MustCompile(`^(will|would|could|might|can|(is|are) [\pL ]{1,30}? going to)\b`)
	// blamerRE asks whom someone blames: "who does X blame".
	blamerRE = regexp.MustCompile(`\b(did|does|do)\s+([\pL' ]{1,40}?)\s+(blame|accuse|suspect|hold responsible)\b`)
	// relativeRE opens what a question says of someone after naming
	// them: a relative pronoun or a preposition.
	relativeRE = regexp.MustCompile(`\b(who|whom|whose|which|that|to|in|at|from|with|for|on|about|by)\b`)
	// auxWordRE is an auxiliary verb, after which a question names its
	// subject.
	auxWordRE = regexp.MustCompile(`\b(did|does|do|has|have|had|is|was|are|were)\s+`)
	// speakerRE is who a question asks the words of: "what did Varga say".
	speakerRE = regexp.MustCompile(`\b(did|does|do|has|have|had)\s+([\pL' ]{1,40}?)\s+(say|said|says|think|thinks|comment|commented|react|reacted|respond|responded|claim|claimed|tweet|tweeted|post|posted|write|wrote|tell|told|announce|announced)\b`)
	// ownRE asks for someone's own words: "what did X himself say".
	ownRE = regexp.MustCompile(`\b(himself|herself|themselves|personally)\b`)
	// pronounRE is a pronoun alone, the subject of a question that names
	// its speaker no other way.
	pronounRE = regexp.MustCompile(`^(he|she|they|it|we|you|i)$`)
	// reportedRE is reported speech: the time in such a sentence may be
	// when it was said rather than when it happened.
	reportedRE = regexp.MustCompile(`\b(said|says|told|claimed|announced|revealed|wrote|noted|added|reported)\b`)
	// happenRE asks what happened, or whether something did ("did the
	// parade go ahead").
	happenRE = regexp.MustCompile(`\bwhat (happened|went on|took place)\b|\b(go|goes|went) ahead\b|^(did|does|has|have) [\pL ]+ (happen|take place|occur)\b`)
	// linkRE asks for a link, which only a passage holding one answers.
	linkRE = regexp.MustCompile(`\b(link|url|website|web address)\b`)
	// yesNoRE is a question answered yes or no: it starts with an
	// auxiliary ("did the US do it", "is it true ..."). A statement asked
	// ("the army helped them?", as Russian and Ukrainian ask yes or no)
	// is one too: a question mark, no question word (whRE), more than a
	// word or two ("retaliation?" asks what).
	yesNoRE = regexp.MustCompile(`^(did|does|do|is|was|were|are|has|have|had|can|could|will|would)\b`)
	whRE    = regexp.MustCompile(`\b(what|who|whom|whose|when|where|why|how|which)\b`)
	// numberRE is a number a passage gives; "both" is none of its own,
	// it points back to what was counted ("both professors").
	numberRE = regexp.MustCompile(`(?i)\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|dozen|dozens|hundreds?|thousands?|single|pair)\b`)
	dateRE   = regexp.MustCompile(`\b` + monthAbbr + `|\b(January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|night|yesterday|today)\b|\b(19|20)\d\d\b`)
	// timeRE is any word that places something in time, for "when".
	timeRE = regexp.MustCompile(`(?i)\b` + monthAbbr + `|\b(January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|night|yesterday|today|tonight|morning|evening|afternoon|dawn|eve|early|hours?|days?|weeks?|months?|initially)\b|\b(19|20)\d\d\b`)
	// dayDateRE is a calendar day ("May 3", "3 May"), the most precise
	// answer to "when"; a weekday or "last night" is less so.
	dayDateRE = regexp.MustCompile(`\b(January|February|March|April|May|June|July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?) (\d{1,2})(?:st|nd|rd|th)?\b|\b(\d{1,2})(?:st|nd|rd|th)? ((?:January|February|March|April|May|June|July|August|September|October|November|December)\b|` + monthAbbr + `)`)
	// bareNumberRE is a number a question names; wasItRE names who did
	// it ("was it the army").
	bareNumberRE = regexp.MustCompile(`\b\d+\b`)
	wasItRE      = regexp.MustCompile(`\b(was|is) it (really |actually )?(.+)`)
	yearRE       = regexp.MustCompile(`\b(19|20)\d\d\b`)
	// cumulativeRE is a running total: a count since a date, or so far.
	cumulativeRE = regexp.MustCompile(`(?i)\bsince (?:[\pL ]{0,40}?\b)?(?:(?:January|February|March|April|May|June|July|August|September|October|November|December) )?(?:19|20)\d\d\b|\b(so far|to date|in total|altogether)\b`)
	// wherePlaceRE asks where something was said: in which channel.
	wherePlaceRE = regexp.MustCompile(`\b(where|what (show|channel|outlet|programme|program)|which (show|channel|outlet)|on what|press conference)\b`)
	// qDateRE is a date a question names: "may 3", "3rd of may".
	qDateRE = regexp.MustCompile(`\b(january|february|march|april|may|june|july|august|september|october|november|december) (\d{1,2})(st|nd|rd|th)?\b|\b(\d{1,2})(st|nd|rd|th)? (of )?(january|february|march|april|may|june|july|august|september|october|november|december)\b`)
	// urlWords mark a link in a passage.
	urlWords = []string{"http://", "https://", "www.", "pic.twitter.com/", "t.co/"}
	// fillerRE is how chat questions often open, and says nothing.
	fillerRE = regexp.MustCompile(`^((so|wait|ok|okay|and|but|hey|hi|lol|um|hm+|also|then|right|really)\b[,\s]*)+`)
	// attributionWords say who did something: what a "who" question asks.
	attributionWords = []string{"carried out", "responsible", "behind", "involvement", "involved", "blamed", "blaming", "assisted"}
	// supersededRE marks a view held before and since given up ("blamed
	// X initially"): a question answers with what is held now unless it
	// asks what was held first (earlierRE). nowRE asks what someone holds
	// now ("what do they think").
	nowRE        = regexp.MustCompile(`\b(do|does|is|are|now|currently|today|still)\b`)
	supersededRE = regexp.MustCompile(`\b(initially|at first|originally|at the outset)\b`)
	earlierRE    = regexp.MustCompile(`\b(initial|initially|at first|originally|first|earlier|before|previously|used to)\b`)
	// reasonWords give a reason: what a "why" question asks.
	reasonWords = []string{"because", "reason", "meant to", "in order to", "stemmed from", "due to", "so that", "justify", "prompted", "why", "response to", "in retaliation", "attempt to", "trying to", "tried to", "seeking to", "in a bid to", "aimed at", "intended to", "as a result of"}
)

// channelWords are channels something is said on: "on Twitter", "in an
// interview".
const channelWords = `interview|briefing|telegram|channel|tweet|twitter|tv|show`

// monthAbbr is a month's name cut short, as news agencies write it
// ("Dec. 12", "Aug. 26"): with its full stop, which a word that is not
// a month ("Mar", "Jan") lacks.
const monthAbbr = `(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.`

var months = []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}

func (r Ranker) questionForm(q string, people []*knowledge.Person) form {
	lq := fillerRE.ReplaceAllString(strings.ToLower(strings.TrimSpace(q)), "")
	f := form{
		when:     asksWhen(lq),
		where:    wherePlaceRE.MatchString(lq),
		who:      whoRE.MatchString(lq) && !saidRE.MatchString(lq),
		why:      whyRE.MatchString(lq),
		how:      howRE.MatchString(lq),
		happened: happenRE.MatchString(lq),
		link:     linkRE.MatchString(lq) && !strings.Contains(lq, "linked"),
		yesNo:    yesNoRE.MatchString(lq) || strings.HasSuffix(lq, "?") && !whRE.MatchString(lq) && len(strings.Fields(lq)) > 2,
		whoSaid:  saidRE.MatchString(lq),
		future:   futureWhenRE.MatchString(strings.ToLower(q)),
		people:   people,
	}
	// A number in a date ("on may 3") is not a count.
	if m := qDateRE.FindStringSubmatch(lq); m != nil {
		month, day := m[1], m[2]
		if month == "" {
			month, day = m[7], m[4]
		}
		f.month = slices.Index(months, month) + 1
		f.day, _ = strconv.Atoi(day)
		lq = qDateRE.ReplaceAllString(lq, " ")
	}
	f.howMany = howManyRE.MatchString(lq) || bareNumberRE.MatchString(yearRE.ReplaceAllString(lq, " "))
	// "was it the army": naming someone as the one who did it.
	if m := wasItRE.FindStringSubmatch(lq); m != nil && len(r.b.Mentioned(m[3])) > 0 && !strings.HasPrefix(m[3], "true") {
		f.who = true
	}
	// "Will the government respond" asks what it will do, not what it said.
	f.saying = (sayRE.MatchString(lq) || ruSayRE.MatchString(lq)) && !futureRE.MatchString(lq)
	if f.why && !slices.ContainsFunc(sayRE.FindAllString(lq, -1), func(w string) bool { return !stanceNouns[w] }) {
		// "Why did they change their position" asks why they did, not
		// what they said.
		f.saying = ruSayRE.MatchString(lq)
	}
	// "When did X announce it" asks for a time, which a passage about
	// their words gives as well as their words do.
	f.say = len(people) > 0 && f.saying && !f.whoSaid && !f.when
	if m := speakerRE.FindStringSubmatch(lq); f.say && m != nil && pronounRE.MatchString(m[2]) {
		// "What did he tell the police": the speaker is who the
		// pronoun stands for, and the people named are whom they spoke
		// to or of.
		f.say = false
	}
	if f.say {
		// The speakers are who the question names before its verb of
		// saying: in "does the army say the navy was involved",
		// the navy is what was said.
		loc := sayRE.FindStringIndex(lq)
		if loc == nil {
			loc = ruSayRE.FindStringIndex(lq)
		}
		if speakers := namedBefore(lq[:loc[0]], f.people); len(speakers) > 0 {
			f.people = speakers
		}
		// Who speaks is named between the auxiliary and the verb: "what
		// did the company's boss say".
		if m := speakerRE.FindStringSubmatch(lq); m != nil {
			f.people, f.unknownRole = r.byRole(m[2], f.people)
		} else if auxes := auxWordRE.FindAllStringIndex(lq[:loc[0]], -1); auxes != nil {
			f.people, f.unknownRole = r.byRole(lq[auxes[len(auxes)-1][1]:loc[0]], f.people)
		}
	}
	f.own = f.say && ownRE.MatchString(lq)
	// "Who does X blame" asks for X's own words of blame, not another's
	// that name X.
	if m := blamerRE.FindStringSubmatch(lq); m != nil && !f.say {
		if speakers := namedBefore(m[2], people); len(speakers) > 0 {
			f.saying, f.say, f.people = true, true, speakers
		}
	}
	return f
}

// asksWhen reports whether a lower-case question asks when: a word of
// whenRE, but not "when" that opens a clause inside a question asking
// something else ("what did he tell the police when they approached
// him"). "When" asks when first, before an auxiliary ("and when did it
// end", "since when have they"), or last ("who approved it, and when?").
func asksWhen(lq string) bool {
	for _, loc := range whenRE.FindAllStringIndex(lq, -1) {
		if lq[loc[0]:loc[1]] != "when" || !strings.ContainsFunc(lq[:loc[0]], unicode.IsLetter) {
			return true
		}
		next := strings.FieldsFunc(lq[loc[1]:], isWordSep)
		if len(next) == 0 || yesNoRE.MatchString(next[0]) {
			return true
		}
	}
	return false
}

// byRole are whose words a question asks for when it names them by a
// role beside someone they speak for ("X's lawyer", "the company's
// boss"): the people of the base who speak for one of the speakers named
// and whose name, alias or role holds the role word, or a word English
// relates closely to it ("boss": "chief"). unknown is whether it names
// such a role and the base knows no one in it, nor the word at all:
// the words of someone the base does not know are not those of the one
// they speak for.
func (r Ranker) byRole(phrase string, speakers []*knowledge.Person) (_ []*knowledge.Person, unknown bool) {
	if len(speakers) == 0 {
		return speakers, false
	}
	// The role is said before what is said of them: "the officials who
	// spoke to the paper".
	if loc := relativeRE.FindStringIndex(phrase); loc != nil {
		phrase = phrase[:loc[0]]
	}
	names := map[string]bool{}
	for _, p := range speakers {
		for _, n := range append([]string{p.Name}, p.Aliases...) {
			for _, t := range r.b.Terms(n) {
				names[t] = true
			}
		}
	}
	generic := r.genericSet()
	var roles [][]string // each role word's terms, its own first, then its close relations'
	for _, w := range strings.FieldsFunc(phrase, isWordSep) {
		ts := r.b.Terms(w)
		// The "s" of a possessive ("X's lawyer") is no word.
		if utf8.RuneCountInString(w) < 3 || len(ts) != 1 || names[ts[0]] || generic[ts[0]] || len(r.b.Mentioned(w)) > 0 {
			continue
		}
		terms := ts
		close, _ := thesaurus.Related(lemma(w))
		for _, c := range close {
			terms = append(terms, r.b.Terms(c)...)
		}
		roles = append(roles, terms)
	}
	if len(roles) == 0 {
		return speakers, false
	}
	var in []*knowledge.Person
	for i := range r.b.People {
		m := &r.b.People[i]
		if slices.Contains(speakers, m) || !slices.ContainsFunc(speakers, func(p *knowledge.Person) bool { return r.coversPerson(p.ID, []string{m.ID}, nil) }) {
			continue
		}
		held := r.b.Terms(strings.Join(append([]string{m.Name, m.Role}, m.Aliases...), " "))
		if slices.ContainsFunc(roles, func(terms []string) bool {
			return slices.ContainsFunc(terms, func(t string) bool { return slices.Contains(held, t) })
		}) {
			in = append(in, m)
		}
	}
	if len(in) > 0 {
		return in, false
	}
	// A related word the base holds ("prosecutor" for "lawyer") is
	// someone else.
	known := slices.ContainsFunc(roles, func(terms []string) bool { return r.b.Knows(terms[0]) })
	return speakers, !known
}

// namedBefore are the people whose name or alias a question's words
// before its verb hold.
func namedBefore(before string, people []*knowledge.Person) []*knowledge.Person {
	before = wordsOf(before)
	var named []*knowledge.Person
	for _, p := range people {
		if slices.ContainsFunc(append([]string{p.Name}, p.Aliases...), func(n string) bool { return strings.Contains(before, wordsOf(n)) }) {
			named = append(named, p)
		}
	}
	return named
}

// genericWords are words of how a question is put, not of what it is
// about: they neither count towards whether the base knows the question
// nor make a passage relevant.
const genericWords = `when who whom whose what which where why how many much did do does done doing
say said says saying tell told think thinks want wants wanted happen happened happening happens use used using mean means
know known really true actually exactly so ok okay make made makes thing things anyone someone something
anything about explain is are was were be been being there here this that these those it its
they them their get got any some please pls source sources according give show me us we you
i my your whats what's whos who's yes no not day ppl people guy guys
rn now even still like just way go going gonna come comes came coming will would could should might can
possible possibly true info information details detail tell anything ever
lol hey hi exact exactly else allegedly reportedly supposedly supposed apparently summary overview
recap tldr gist background bad serious severe big extent
one ones type types kind kinds sort sorts
tho though whatever anyway btw idk imo honestly basically literally
что кто где когда как почему зачем сколько ли это был была было были
що як хто де коли чому в на о об про случилось произошло сталося`

// whenWords are the form of a "when" question ("what date", "what time").
const whenWords = `date time dates times week weekday`

// sayWords are the verbs of saying: in a question about what someone said,
// or where or when, they are its form, not its subject.
const sayWords = `say said says saying claim claimed claims tell told think thinks react reacted
reaction respond responded response report reported post posted write wrote comment commented
mention mentioned reply replied state stated statement quote quoted word words view position stance
publish published find finding findings conclude concluded believe believes assess assessed
demand demanded speak spoke talk talked accuse accused accusation allegation allege alleged
remark remarks explain explained explanation expect expects expected predict predicts predicted admit admitted acknowledge acknowledged confess confessed concede conceded
сказал сказала сказали заявил заявила заявили говорит говорил написал написала сказав заявив написав`

// countWords and placeWords are the form of a "how many" and a "where"
// question.
const (
	countWords = `number count amount total many much max maximum`
	placeWords = `show program programme channel outlet platform interview medium`
	linkWords  = `link links url website`
)

// blameWords are the verbs of blame: in a "who" question they are its
// form, and attributionWords find the passages that answer it.
const blameWords = `blame blamed blames blaming responsible responsibility behind culprit culprits`

var (
	genericOnce  sync.Once
	genericTerms map[string]bool
	sayTerms     map[string]bool
	blameTerms   map[string]bool
	countTerms   map[string]bool
	placeTerms   map[string]bool
	linkTerms    map[string]bool
	whenTerms    map[string]bool
	// genericLong are the generic terms of three letters or more, which
	// genericTypo compares a word with.
	genericLong []string
)

// termSet analyses words one at a time: Terms reads only the first 500
// characters of a text, and these lists are longer.
func (r Ranker) termSet(words string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(words) {
		for _, t := range r.b.Terms(w) {
			set[t] = true
		}
	}
	return set
}

// genericSet are the terms of genericWords.
func (r Ranker) genericSet() map[string]bool {
	r.loadGeneric()
	return genericTerms
}

// loadGeneric analyses the word lists of a question's form, once: the
// analyser is the same for every base.
func (r Ranker) loadGeneric() {
	genericOnce.Do(func() {
		genericTerms = r.termSet(genericWords)
		for g := range genericTerms {
			if len(g) >= 3 {
				genericLong = append(genericLong, g)
			}
		}
		sayTerms = r.termSet(sayWords)
		blameTerms = r.termSet(blameWords)
		countTerms = r.termSet(countWords)
		placeTerms = r.termSet(placeWords)
		linkTerms = r.termSet(linkWords)
		whenTerms = r.termSet(whenWords)
	})
}

// contentTerms are the analysed terms of a question that say what it is
// about.
func (r Ranker) contentTerms(q string, f form) []string {
	r.loadGeneric()
	absent := r.b.Weight("\x00")
	var out []string
	for _, t := range r.b.Terms(q) {
		if genericTerms[t] || f.when && whenTerms[t] || r.b.Weight(t) == absent && r.genericTypo(t) || (f.say || f.where || f.whoSaid || f.when) && sayTerms[t] || f.who && blameTerms[t] ||
			f.howMany && countTerms[t] || f.where && placeTerms[t] || f.link && linkTerms[t] {
			continue
		}
		out = append(out, t)
	}
	return out
}

// genericTypo reports whether a word the base does not hold is a typo of
// a question word ("wht happend"), which says nothing of what is asked.
// A short word must be the question word less a letter: "old" is not
// "told", nor "tall" "tell".
func (r Ranker) genericTypo(t string) bool {
	if len(t) < 3 {
		return false
	}
	for _, g := range genericLong {
		if g != t && withinOneEdit(g, t) && (len(t) >= 5 || len(g) == len(t)+1 && g[0] == t[0]) {
			return true
		}
	}
	return false
}

// unit is one thing a question is about: a content term, with the terms
// that stand for it (itself first, then its synonyms'), or a person it
// names, whom any of their names or what is by or about them covers.
type unit struct {
	alts []string
	// near are the terms the thesaurus relates to it, which cover it
	// less surely (weights.related).
	near   []string
	person string
	weight float64
	// incident is whether it is the incident, which its title names.
	incident bool
}

// Question is a question analysed: what it is about and the text to
// search for (the question with the synonyms added).
type Question struct {
	text, search string
	terms        []string
	units        []unit
	form         form
	// incident is whether the question names the incident ("the bridge
	// collapse") or nothing else.
	incident bool
	// statement is whether it is a message to check, not a question.
	statement bool
	// seen keeps what covers works out for a text, which many passages
	// share (the entry's words, a sentence several entries cite).
	seen *textCache
	// related are the terms that stand for one of the question's only
	// through the thesaurus, each true if it is close (a synonym, a
	// derived form): they cover it less surely, and only a close one says
	// that the base knows what the question is about.
	related map[string]bool
	// key are the question's terms (and their synonyms) that are not words
	// of the incident's title: a run of words a passage shares with the
	// question counts only if it holds one.
	key map[string]bool
}

type textCache struct {
	// texts are, for each text, what hasAny finds in it of each unit
	// (after nameWordsOut).
	texts map[*textFacts][]float64
	// words are, for each word of those texts, the units it holds
	// something of (unitsOf).
	words map[string][]unitHas
	// terms are the terms of the units, by how a word may match them;
	// scratch is unitsOf's, kept zero between words.
	terms   *unitTerms
	scratch []float64
	// surfaces are, for each term of the question, the words it was
	// typed as.
	surfaces map[string][]string
}

// nameCase writes names as the base does where people type them
// otherwise: a short lower-case acronym in capitals ("bbc"; "us" is too
// short to tell from the pronoun and stays as it is), and a possessive
// without its apostrophe ("smiths job") as the name.
func (r Ranker) nameCase(q string) string {
	words := strings.Fields(q)
	for i, w := range words {
		bare := strings.TrimFunc(w, func(c rune) bool { return !unicode.IsLetter(c) })
		if bare == "" || len(r.b.Mentioned(bare)) > 0 {
			continue
		}
		if n := len(bare); n >= 3 && n <= 4 && strings.ToLower(bare) == bare && len(r.b.Mentioned(strings.ToUpper(bare))) > 0 {
			words[i] = strings.Replace(w, bare, strings.ToUpper(bare), 1)
		} else if one := strings.TrimSuffix(bare, "s"); len(one) >= 4 && one != bare && len(r.b.Mentioned(one)) > 0 {
			words[i] = strings.Replace(w, bare, one, 1)
		}
	}
	return strings.Join(words, " ")
}

// named are the people a question names, leaving out one whose name is
// only part of another's ("US" in "US officials").
func (r Ranker) named(q string) []*knowledge.Person {
	all := r.b.Mentioned(q)
	lq := wordsOf(q)
	// The names of each person the question uses, as words.
	used := make([][]string, len(all))
	for i, p := range all {
		for _, n := range append([]string{p.Name}, p.Aliases...) {
			if n := wordsOf(n); strings.Contains(lq, n) {
				used[i] = append(used[i], n)
			}
		}
	}
	var out []*knowledge.Person
	for i, p := range all {
		// Left out if a longer name of someone else names them too, and
		// the question uses no name of theirs outside it.
		inside := false
		for j, o := range all {
			for _, on := range used[j] {
				inside = inside || o != p && slices.Contains(r.mentionedIn(on), p) &&
					!slices.ContainsFunc(used[i], func(n string) bool { return len(n) >= len(on) || !strings.Contains(on, n) })
			}
		}
		if !inside {
			out = append(out, p)
		}
	}
	return out
}

// mentionedIn is knowledge.Base.Mentioned of one of the base's names, as
// words (wordsOf), kept: a question names many people, and each of their
// names is looked up for the others'.
func (r Ranker) mentionedIn(name string) []*knowledge.Person {
	f := r.facts()
	if v, ok := f.mentioned.Load(name); ok {
		return v.([]*knowledge.Person)
	}
	m := r.b.Mentioned(name)
	f.mentioned.Store(name, m)
	return m
}

// read is a question as the ranking reads it: its Russian and Ukrainian
// words as English (the base's glossary), names as the base writes them,
// English phrases and the base's phrases as what they mean, and a typo
// of a long word as the base's word.
func (r Ranker) read(q string) string {
	q, _ = r.b.Gloss(q)
	q = r.nameCase(q)
	for _, p := range phrases {
		q = p.re.ReplaceAllString(q, p.with)
	}
	return r.spell(r.rewritePhrases(q))
}

// widen is, for each term of a lower-case question, the terms that stand
// for it too, and the words to search with besides the question's: the
// base's synonyms of a word, the base's other forms of it, the base's
// words that English relates to it, and the words the base's synonyms
// give for it the other way round. Only words of what the question is
// about are widened through English: "happen" is no topic.
func (r Ranker) widen(lq string) (alts map[string][]string, add []string, related map[string]bool) {
	alts, related = map[string][]string{}, map[string]bool{}
	absent := r.b.Weight("\x00")
	generic := r.genericSet()
	for _, w := range strings.FieldsFunc(lq, isWordSep) {
		ts := r.b.Terms(w)
		if n, ok := numberWords[w]; ok {
			alts[w] = append(alts[w], n)
			add = append(add, n)
			continue
		}
		if s, ok := r.synonym(w); ok {
			add = append(add, s)
			for _, t := range ts {
				alts[t] = append(alts[t], r.b.Terms(s)...)
			}
			continue
		}
		if len(ts) != 1 || generic[ts[0]] {
			continue
		}
		held := r.b.Weight(ts[0]) < absent
		close, kinds := r.relatedOf(w)
		for i, words := range [][]string{r.formsOf(w), close, kinds} {
			for _, v := range words {
				// A question word relates to nothing ("tour": "go").
				if vs := r.b.Terms(v); len(vs) == 1 && vs[0] != ts[0] && !slices.Contains(alts[ts[0]], vs[0]) && (i == 0 || !r.isGeneric(v)) {
					alts[ts[0]] = append(alts[ts[0]], vs[0])
					if i > 0 {
						related[vs[0]] = related[vs[0]] || i == 1
					}
					if !held {
						// A word the base does not hold is searched as
						// the words of the base that stand for it.
						add = append(add, v)
					}
				}
			}
		}
	}
	v := r.vocabulary()
	for _, t := range r.b.Terms(lq) {
		alts[t] = append(alts[t], v.reverse[t]...)
	}
	return alts, add, related
}

// isGeneric reports whether a word, in any form, is one of how a question
// is put ("gone" is "go").
func (r Ranker) isGeneric(w string) bool {
	generic := r.genericSet()
	return slices.ContainsFunc(append(r.b.Terms(w), r.b.Terms(lemma(w))...), func(t string) bool { return generic[t] })
}

// standsFor is, for a word whose synonym names someone the question names
// ("Britons": "Britain"), the person it stands for, by the word's term.
func (r Ranker) standsFor(q string, people []*knowledge.Person) map[string]string {
	byName := map[string]string{}
	for _, w := range strings.FieldsFunc(strings.ToLower(q), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if s, ok := r.vocabulary().byWord[w]; ok {
			for _, p := range r.named(s) {
				if slices.Contains(people, p) {
					for _, t := range r.b.Terms(w) {
						byName[t] = p.ID
					}
				}
			}
		}
	}
	return byName
}

// wordsOf is text as lower-case words between spaces, for finding a
// name in it as whole words.
func wordsOf(text string) string { return " " + sentenceKey(text) + " " }

// analyseAs analyses a question, or with statement a message to check
// (/check): a statement has no question form, so its words of blame or
// saying ("the US was behind it") are what it is about.
func (r Ranker) analyseAs(q string, statement bool) Question {
	q = r.read(q)
	qu := Question{text: q, search: q, statement: statement, seen: &textCache{texts: map[*textFacts][]float64{}, words: map[string][]unitHas{}}}
	alts, add, related := r.widen(strings.ToLower(q))
	qu.related = related
	if len(add) > 0 {
		qu.search = q + " " + strings.Join(add, " ")
	}
	people := r.named(qu.search)
	qu.form = r.formOf(q, people, statement)
	terms := r.contentTerms(q, qu.form)
	if subject := r.incidentSubject(); len(terms) == 0 && len(people) == 0 && q != subject {
		// Only question words ("what date did this happen?"): the question
		// is about the incident itself, as its title puts it.
		in := r.Analyse(subject)
		qu.search += " " + in.search
		qu.terms, qu.units, qu.key, qu.incident, qu.related = in.terms, in.units, in.key, true, in.related
		return qu
	}
	qu.terms = terms
	qu.key = r.keyTerms(terms, alts)
	qu.units = r.units(qu, people, alts, r.byName(q, terms, people))
	// A question about no one is about the incident, as is one that
	// names it.
	qu.incident = slices.ContainsFunc(qu.units, func(u unit) bool { return u.incident }) ||
		!slices.ContainsFunc(qu.units, func(u unit) bool { return u.person != "" })
	r.weigh(qu.units, qu.form)
	return qu
}

// formOf is the form of a question, or none for a message to check.
func (r Ranker) formOf(q string, people []*knowledge.Person, statement bool) form {
	if statement {
		return form{people: people}
	}
	f := r.questionForm(q, people)
	if f.whoSaid {
		// The people are in the words asked about, not their speakers.
		f.people = nil
	}
	return f
}

// byName is, by term, the person a word of the question names: every
// word of the names of the people it names ("Jane Smith" is one thing
// asked about), a name in another case (Cyrillic names decline), and a
// word whose synonym names them (standsFor).
func (r Ranker) byName(q string, terms []string, people []*knowledge.Person) map[string]string {
	byName := r.standsFor(q, people)
	lq := wordsOf(q)
	for _, p := range people {
		names := append([]string{p.Name}, p.Aliases...)
		// Only the names the question uses: the words of another alias
		// ("the food regulator") may be what it asks ("regulate").
		if slices.ContainsFunc(names, func(n string) bool { return strings.Contains(lq, wordsOf(n)) }) {
			names = slices.DeleteFunc(names, func(n string) bool { return !strings.Contains(lq, wordsOf(n)) })
		}
		for _, n := range names {
			for _, t := range r.b.Terms(n) {
				byName[t] = p.ID
			}
		}
	}
	for _, t := range terms {
		if ps := r.b.Mentioned(t); byName[t] == "" && len(ps) == 1 && slices.Contains(people, ps[0]) {
			byName[t] = ps[0].ID
		}
	}
	return byName
}

// keyTerms are the question's terms and those that stand for them, but
// for the words of the incident's title.
func (r Ranker) keyTerms(terms []string, alts map[string][]string) map[string]bool {
	topic := r.facts().topic
	key := map[string]bool{}
	for _, t := range terms {
		if !topic[t] {
			key[t] = true
			for _, a := range alts[t] {
				key[a] = true
			}
		}
	}
	return key
}

// weightOf is how much a term says of what a question is about: its
// weight in the base, half for a word of the incident's title, which
// says a question is about the incident, not which passage answers it.
func (r Ranker) weightOf(t string) float64 {
	w := r.b.Weight(t)
	if r.facts().topic[t] {
		w /= 2
	}
	return w
}

// units are what a question is about: the people it names, the incident
// if it names it (the words of its title, "bridge", "collapse", "river",
// all name it: "two spans fell into the river" is about the
// collapse), and each other content term with the terms that stand for it.
func (r Ranker) units(qu Question, people []*knowledge.Person, alts map[string][]string, byName map[string]string) []unit {
	var units []unit
	for _, p := range people {
		w := 0.0
		for _, t := range r.b.Terms(p.Name) {
			w = max(w, r.weightOf(t))
		}
		units = append(units, unit{person: p.ID, weight: w})
	}
	topic := r.facts().topic
	incident := unit{incident: true}
	merged := map[string]bool{}
	for _, t := range qu.terms {
		// "Strike" names it too, through its synonym "attacked".
		if byName[t] == "" && !unicode.IsDigit([]rune(t)[0]) && (topic[t] || slices.ContainsFunc(alts[t], func(a string) bool { return topic[a] })) {
			incident.alts = append(incident.alts, append([]string{t}, alts[t]...)...)
			incident.weight = max(incident.weight, r.weightOf(t))
			merged[t] = true
		}
	}
	if incident.alts != nil {
		// Any word of the incident's name stands for it.
		for t := range topic {
			if !unicode.IsDigit([]rune(t)[0]) && !slices.Contains(incident.alts, t) {
				incident.alts = append(incident.alts, t)
			}
		}
		units = append(units, incident)
	}
	absent := r.b.Weight("\x00")
	for _, t := range qu.terms {
		if id := byName[t]; id != "" || merged[t] {
			continue
		}
		u := unit{alts: []string{t}, weight: r.weightOf(t)}
		for _, a := range alts[t] {
			if _, ok := qu.related[a]; ok {
				u.near = append(u.near, a)
			} else {
				u.alts = append(u.alts, a)
			}
		}
		if r.b.Weight(t) == absent {
			// A word the base does not hold, with synonyms it does: it
			// weighs as its first synonym the base holds.
			for _, a := range alts[t] {
				if r.b.Weight(a) < absent {
					u.weight = r.weightOf(a)
					break
				}
			}
		}
		units = append(units, u)
	}
	return units
}

// weigh evens out the units' weights. A word the base does not hold
// weighs as much as the rarest, yet no passage can hold it: it weighs as
// the question's other words do on average, so that "what day did the
// spans hit the river" is not mostly about "hit", yet still counts
// ("how old is the spokesman"). Asked what someone said, the speaker is
// half of what is asked, however often the base names them ("how did
// the ministry explain the timing").
func (r Ranker) weigh(units []unit, f form) {
	absent := r.b.Weight("\x00")
	held := func(u unit) bool {
		return u.person != "" || slices.ContainsFunc(u.alts, func(a string) bool { return r.b.Weight(a) < absent })
	}
	var sum float64
	var known int
	for _, u := range units {
		if held(u) {
			sum += u.weight
			known++
		}
	}
	for i, u := range units {
		if known > 0 && !held(u) {
			units[i].weight = sum / float64(known)
		}
	}
	if !f.say {
		return
	}
	var most float64
	for _, u := range units {
		if !f.isSpeaker(u.person) {
			most = max(most, u.weight)
		}
	}
	for i, u := range units {
		if f.isSpeaker(u.person) {
			units[i].weight = max(u.weight, most)
		}
	}
}

// isSpeaker reports whether a person is one whose words the question
// asks for.
func (f form) isSpeaker(id string) bool {
	return id != "" && f.say && slices.ContainsFunc(f.people, func(p *knowledge.Person) bool { return p.ID == id })
}

// incidentSubject is the incident's title without its date, which is an
// answer ("when?"), not what a question is about.
func (r Ranker) incidentSubject() string { return r.facts().subject }
