package bot

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/incidentbot/incidentbot/knowledge"
)

// /ask answers with the one passage that best answers the question, then
// at most askMore other entries in a line each. Passages are sentences of
// cited excerpts and direct quotes (see knowledge.Passage): verbatim text,
// never the curator's summary.

// askMore is how many entries /ask lists under its lead.
const askMore = 3

// candidates is how many passages the search hands to the ranking here:
// the same sentence is a passage of every entry that cites it, so a pool of
// 40 held as few as ten distinct sentences.
const candidates = 60

// form is what kind of answer a question asks for.
type form struct {
	when, where, who, howMany, say, why, happened, link, yesNo bool
	// how asks how something was done ("how did US intel figure out").
	how bool
	// saying is a question about a statement ("when did Kirby respond").
	saying bool
	// whoSaid asks who said some words: the people it names are in the
	// words, not their speakers.
	whoSaid bool
	// month and day are a date the question names ("on May 3"), 0 if none.
	month, day int
	// people are the people the question names.
	people []*knowledge.Person
}

var (
	whenRE = regexp.MustCompile(`\b(when|what (day|time)|which day|dates?|how long ago)\b`)
	// whereRE, urlWords, attributionWords and reasonWords read lower-case
	// text (the last three are word lists: a regexp costs more than the
	// rest of ranking a passage).
	whereRE   = regexp.MustCompile(`\b(interview|briefing|telegram|channel|tweet|twitter|wrote|posted|told (the|reporters|journalists)|tv|show|report(ed)?|said in|on msnbc|according to)\b`)
	whoRE     = regexp.MustCompile(`\b(who|whose|whom|behind|responsible|blame[sd]?|culprit|carried out|which (unit|group|country))\b|\b(did|do|done) (it|this)\s*[?.!]*\s*$`)
	howManyRE = regexp.MustCompile(`\b(how (many|much)|number of|how big|count)\b`)
	// saidRE asks who said words ("who said kyiv only does ...").
	saidRE = regexp.MustCompile(`\bwho (said|says|say|wrote|claimed|called|tweeted|posted)\b`)
	// placeRE is a place in a sentence: a preposition of place before a
	// name ("in central Moscow", "above the Kremlin").
	placeRE = regexp.MustCompile(`\b(?:in|above|over|near|inside|outside|at|toward|towards) (?:central |downtown |the )?(\p{Lu}\pL+)`)
	// otherRE asks about something besides the incident ("what other
	// attacks"), which background entries answer.
	otherRE = regexp.MustCompile(`\b(other|else|besides|apart from|previous|before that|earlier)\b`)
	// howRE asks how something was done; mannerRE is how a passage
	// says so.
	howRE    = regexp.MustCompile(`^how (did|do|does|could|can|would)\b`)
	mannerRE = regexp.MustCompile(`\b(based on|through|using|via|by \pL+ing|with the help of|thanks to)\b`)
	whyRE    = regexp.MustCompile(`\b(why|how come|reason|motive|point of)\b`)
	sayRE    = regexp.MustCompile(`\b(say|said|says|saying|think|thinks|claim|claimed|claims|quote|quotes|react|reacted|reaction|respond|responded|response|tell|told|words?|view|position|stance|report|reported|post|posted|write|wrote|tweet|tweeted|publish|published|announce|announced|reveal|revealed|deny|denied|find|findings?|conclude|concluded|believe|believes|assess|assessed|demand|demanded|explain|explained|explanation)\b`)
	// ruSayRE is a verb of saying in Russian or Ukrainian ("что сказал
	// Медведев"); \b knows only ASCII letters.
	ruSayRE = regexp.MustCompile(`(^|[\s,])(сказал|сказала|сказали|заявил|заявила|заявили|говорит|говорил|написал|написала|сказав|заявив|написав)([\s,?!.]|$)`)
	// identityRE asks who or what someone or something is.
	identityRE = regexp.MustCompile(`^(?:who|what) (?:is|was|are|were) (.+)`)
	// measureRE asks for a measure ("how old", "how fast").
	measureRE = regexp.MustCompile(`^how (\pL+)\b`)
	// futureRE asks what will happen.
	futureRE = regexp.MustCompile(`^(will|would|could|might|can|(is|are) [\pL ]{1,30}? going to)\b`)
	// speakerRE is who a question asks the words of: "what did Trump say".
	speakerRE = regexp.MustCompile(`\b(did|does|do|has|have|had)\s+([\pL' ]{1,40}?)\s+(say|said|says|think|thinks|comment|commented|react|reacted|respond|responded|claim|claimed|tweet|tweeted|post|posted|write|wrote|tell|told|announce|announced)\b`)
	// reportedRE is reported speech: the time in such a sentence may be
	// when it was said rather than when it happened.
	reportedRE = regexp.MustCompile(`\b(said|says|told|claimed|announced|revealed|wrote|noted|added|reported)\b`)
	// happenRE asks what happened, or whether something did ("did the
	// parade go ahead").
	happenRE = regexp.MustCompile(`\bwhat (happened|went on|took place)\b|\b(go|goes|went) ahead\b|^(did|does|has|have) [\pL ]+ (happen|take place|occur)\b`)
	// linkRE asks for a link, which only a passage holding one answers.
	linkRE = regexp.MustCompile(`\b(link|url|website|web address)\b`)
	// yesNoRE is a question answered yes or no: it starts with an
	// auxiliary ("did the US do it", "is it true ...").
	yesNoRE  = regexp.MustCompile(`^(did|does|do|is|was|were|are|has|have|had|can|could|will|would)\b`)
	numberRE = regexp.MustCompile(`(?i)\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|dozen|dozens|hundreds?|thousands?|single|both|pair)\b`)
	dateRE   = regexp.MustCompile(`\b(January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|night|yesterday|today)\b|\b(19|20)\d\d\b`)
	// timeRE is any word that places something in time, for "when".
	timeRE = regexp.MustCompile(`(?i)\b(January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|night|yesterday|today|tonight|morning|evening|afternoon|dawn|eve|early|hours?|days?|weeks?|months?|initially)\b|\b(19|20)\d\d\b`)
	// dayDateRE is a calendar day ("May 3", "3 May"), the most precise
	// answer to "when"; a weekday or "last night" is less so.
	dayDateRE = regexp.MustCompile(`\b(January|February|March|April|May|June|July|August|September|October|November|December) (\d{1,2})(?:st|nd|rd|th)?\b|\b(\d{1,2})(?:st|nd|rd|th)? (January|February|March|April|May|June|July|August|September|October|November|December)\b`)
	// bareNumberRE is a number a question names; wasItRE names who did
	// it ("was it Ukraine").
	bareNumberRE = regexp.MustCompile(`\b\d+\b`)
	wasItRE      = regexp.MustCompile(`\b(was|is) it (really |actually )?(.+)`)
	yearRE       = regexp.MustCompile(`\b(19|20)\d\d\b`)
	// wherePlaceRE asks where something was said: in which channel.
	wherePlaceRE = regexp.MustCompile(`\b(where|what (show|channel|outlet|programme|program)|which (show|channel|outlet)|on what|press conference)\b`)
	// qDateRE is a date a question names: "may 3", "3rd of may".
	qDateRE = regexp.MustCompile(`\b(january|february|march|april|may|june|july|august|september|october|november|december) (\d{1,2})(st|nd|rd|th)?\b|\b(\d{1,2})(st|nd|rd|th)? (of )?(january|february|march|april|may|june|july|august|september|october|november|december)\b`)
	// urlWords mark a link in a passage.
	urlWords = []string{"http://", "https://", "www.", "pic.twitter.com/", "t.co/"}
	// fillerRE is how chat questions often open, and says nothing.
	fillerRE = regexp.MustCompile(`^((so|wait|ok|okay|and|but|hey|hi|lol|um|hm+|also|then|right|really)\b[,\s]*)+`)
	// attributionWords say who did something: what a "who" question asks.
	attributionWords = []string{"carried out", "responsible", "behind", "masterminded", "involvement", "involved", "blamed", "blaming", "staging", "staged", "assisted", "from ukraine"}
	// reasonWords give a reason: what a "why" question asks.
	reasonWords = []string{"because", "reason", "meant to", "in order to", "stemmed from", "due to", "so that", "justify", "prompted", "why", "self-evident", "timing"}
)

var months = []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}

func (r answerer) questionForm(q string, people []*knowledge.Person) form {
	lq := fillerRE.ReplaceAllString(strings.ToLower(strings.TrimSpace(q)), "")
	f := form{
		when:     whenRE.MatchString(lq),
		where:    wherePlaceRE.MatchString(lq),
		who:      whoRE.MatchString(lq) && !saidRE.MatchString(lq),
		why:      whyRE.MatchString(lq),
		how:      howRE.MatchString(lq),
		happened: happenRE.MatchString(lq),
		link:     linkRE.MatchString(lq) && !strings.Contains(lq, "linked"),
		yesNo:    yesNoRE.MatchString(lq),
		whoSaid:  saidRE.MatchString(lq),
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
	// "was it ukraine": naming someone as the one who did it.
	if m := wasItRE.FindStringSubmatch(lq); m != nil && len(r.b.Mentioned(m[3])) > 0 && !strings.HasPrefix(m[3], "true") {
		f.who = true
	}
	// "Will Russia respond" asks what it will do, not what it said.
	f.saying = (sayRE.MatchString(lq) || ruSayRE.MatchString(lq)) && !futureRE.MatchString(lq)
	f.say = len(people) > 0 && f.saying && !f.whoSaid
	if f.say {
		// The speakers are who the question names before its verb of
		// saying: in "does Russia say Washington was involved",
		// Washington is what was said.
		loc := sayRE.FindStringIndex(lq)
		if loc == nil {
			loc = ruSayRE.FindStringIndex(lq)
		}
		before := wordsOf(lq[:loc[0]])
		var speakers []*knowledge.Person
		for _, p := range people {
			if slices.ContainsFunc(append([]string{p.Name}, p.Aliases...), func(n string) bool { return strings.Contains(before, wordsOf(n)) }) {
				speakers = append(speakers, p)
			}
		}
		if len(speakers) > 0 {
			f.people = speakers
		}
	}
	return f
}

// genericWords are words of how a question is put, not of what it is
// about: they neither count towards whether the base knows the question
// nor make a passage relevant.
const genericWords = `when who whom whose what which where why how many much did do does done doing
say said says saying tell told think thinks happen happened happening happens use used using mean means
know known really true actually exactly so ok okay make made makes thing things anyone someone something
anything about explain is are was were be been being there here this that these those it its
they them their get got any some please pls source sources according give show me us we you
i my your whats what's whos who's yes no not day ppl people guy guys
rn now even still like just way go going gonna will would could should might can
possible possibly true info information details detail tell anything ever
lol hey hi thanks exact exactly else allegedly reportedly supposedly supposed apparently summary overview
recap tldr gist background bad serious severe big extent
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
remark remarks explain explained explanation
сказал сказала сказали заявил заявила заявили говорит говорил написал написала сказав заявив написав`

// countWords and placeWords are the form of a "how many" and a "where"
// question.
const (
	countWords = `number count amount total many much`
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
func (r answerer) termSet(words string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(words) {
		for _, t := range r.b.Terms(w) {
			set[t] = true
		}
	}
	return set
}

// contentTerms are the analysed terms of a question that say what it is
// about.
func (r answerer) contentTerms(q string, f form) []string {
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
func (r answerer) genericTypo(t string) bool {
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

// synonyms bridges the words people ask with to the words news reports
// use, so that "who launched the drones" finds "drones were flown". Each
// key is a word of a question; its value is added to the question.
var synonyms = map[string]string{
	"launch": "flown carried out", "launched": "flown carried out",
	"intel": "intelligence", "admin": "administration", "govt": "government", "gov": "government",
	"order": "authorised", "ordered": "authorised", "authorize": "authorised", "authorized": "authorised", "approve": "authorised", "approved": "authorised",
	"worried": "concerned unnerved", "worry": "concerned unnerved", "worries": "concerned unnerved", "fear": "concerned unnerved", "fears": "concerned unnerved", "afraid": "concerned unnerved", "feel": "concerned unnerved",
	"spread": "expanding beyond", "wider": "expanding beyond", "widen": "expanding beyond", "escalate": "expanding retaliatory escalation", "escalation": "expanding retaliatory",
	"confirm": "validate", "confirmed": "validate", "verify": "validate", "verified": "validate", "prove": "validate evidence", "proof": "validate evidence",
	"story": "accusation claim", "fake": "staged false flag authenticity", "staged": "false flag", "hoax": "staged false flag",
	"real": "authenticity", "genuine": "authenticity", "authentic": "authenticity", "legit": "authenticity",
	"blow": "exploding", "blew": "exploding", "explode": "exploding", "exploded": "exploding", "explosion": "exploding",
	"kill": "elimination assassination", "killed": "killing assassination", "assassinate": "assassination elimination", "murder": "killing assassination", "murdered": "killing assassination",
	"footage": "video", "clip": "video footage", "filmed": "footage captured", "film": "footage captured", "recorded": "footage captured",
	"usa": "United States", "america": "United States", "americans": "America",
	"nyt":        "New York Times",
	"ukrainians": "Ukraine", "russians": "Russia",
	"responsible": "carried out involvement", "involved": "involvement", "behind": "carried out masterminded involvement responsible",
	"helped": "assisted involvement enable encourage", "help": "assisted involvement enable encourage", "support": "assisted enable encourage", "supported": "assisted enable encourage", "aided": "assisted enable",
	"reaction": "said", "react": "said dismissed doubt", "reacted": "said dismissed doubt", "respond": "dismissed said retaliatory", "responded": "dismissed said",
	"sure": "confidence", "certain": "confidence", "confident": "confidence",
	"linked": "connection", "connected": "connection", "tied": "connection", "ties": "connection",
	"knew": "aware", "aware": "aware unaware",
	"figure": "conclusions", "figured": "conclusions", "conclude": "conclusions", "concluded": "conclusions",
	"expect": "waiting guess", "expecting": "waiting guess", "expected": "waiting guess",
	"past": "through", "penetrate": "through", "defense": "defence", "defenses": "defences",
	"conference": "briefing", "presser": "briefing",
	"post": "wrote", "posted": "wrote", "tweeted": "wrote twitter",
	"hit": "attacked strike damage", "strike": "attacked", "struck": "attacked",
	"tweet": "twitter", "act": "operate", "acting": "operating", "acted": "operated",
	"stage": "staging false flag", "public": "released", "release": "released",
	"destroyed": "damage", "destroy": "damage", "damaged": "damage",
	"uav": "drone", "uavs": "drones", "nervous": "concerned unnerved", "delay": "waited hours", "delayed": "waited hours",
	"version": "account said", "spokesperson": "spokesman", "forces": "units military",
	"expert": "analyst academic", "experts": "analysts academic", "share": "posted released", "shared": "posted released", "first": "initially",
	"spy": "intelligence", "spies": "intelligence", "start": "beginning initially",
	"quiet": "silent", "silence": "silent", "telegram": "social media",
	"skeptical": "doubt", "sceptical": "doubt skeptical", "doubted": "skeptical doubt",
	"deliberate": "meant", "intentional": "meant", "intended": "meant", "purpose": "meant",
	"1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven", "8": "eight", "9": "nine", "10": "ten",
}

var (
	byTermOnce sync.Once
	// synonymsByTerm are the synonyms by the analysed term of their key.
	synonymsByTerm map[string]string
)

// synonym is a word's synonyms: those of the word itself, or of another
// form of it ("feeling" has those of "feel").
func (r answerer) synonym(w string) (string, bool) {
	if s, ok := synonyms[w]; ok {
		return s, true
	}
	byTermOnce.Do(func() {
		synonymsByTerm = map[string]string{}
		for k, v := range synonyms {
			// A name stands only for the very word ("Ukrainians" is
			// Ukraine, "Ukrainian units" are not).
			if ts := r.b.Terms(k); len(ts) == 1 && !unicode.IsDigit(rune(k[0])) && len(r.b.Mentioned(v)) == 0 {
				synonymsByTerm[ts[0]] = strings.TrimSpace(synonymsByTerm[ts[0]] + " " + v)
			}
		}
	})
	if ts := r.b.Terms(w); len(ts) == 1 {
		s, ok := synonymsByTerm[ts[0]]
		return s, ok
	}
	return "", false
}

var (
	reverseOnce sync.Once
	// reverse maps a term to the terms whose synonyms hold it.
	reverse map[string][]string
)

// irregular are the forms of verbs the stemmer does not join ("took
// place" is "taken place", "drones flew" is "were flown").
var irregular = [][]string{
	{"take", "took", "taken"}, {"fly", "flew", "flown"}, {"begin", "began", "begun"},
	{"see", "saw", "seen"}, {"give", "gave", "given"}, {"write", "wrote", "written"},
	{"speak", "spoke", "spoken"}, {"shoot", "shot"}, {"strike", "struck"}, {"come", "came"},
	{"bring", "brought"}, {"catch", "caught"}, {"fight", "fought"}, {"hold", "held"},
	{"lead", "led"}, {"leave", "left"}, {"lose", "lost"}, {"meet", "met"}, {"send", "sent"},
	{"shake", "shook", "shaken"}, {"break", "broke", "broken"}, {"choose", "chose", "chosen"},
	{"drive", "drove", "driven"}, {"hide", "hid", "hidden"}, {"rise", "rose", "risen"},
	{"steal", "stole", "stolen"}, {"throw", "threw", "thrown"}, {"wake", "woke", "woken"},
}

func init() {
	for _, forms := range irregular {
		for _, f := range forms {
			var others []string
			for _, o := range forms {
				if o != f {
					others = append(others, o)
				}
			}
			if s, ok := synonyms[f]; ok {
				others = append(others, s)
			}
			synonyms[f] = strings.Join(others, " ")
		}
	}
}

// phrases are runs of words that mean another word, which their words
// alone would misread: "did Zelensky know" asks whether he was aware
// ("what do we know" does not), "the White House" is Washington.
var phrases = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`(?i)\bright (before|after|now|away|then)\b`), "$1"},
	{regexp.MustCompile(`(?i)\b(did|does|do|was|is|were) ([\pL ]{1,30}?) (know|knew)\b`), "$1 $2 aware"},
	{regexp.MustCompile(`(?i)\b(find|found|figure|figured) out\b`), "conclusions"},
	{regexp.MustCompile(`(?i)\bpress conference\b`), "briefing"},
	{regexp.MustCompile(`(?i)\bwhite house\b`), "Washington"},
	{regexp.MustCompile(`(?i)\b(come|came|comes) out\b`), "published"},
	{regexp.MustCompile(`(?i)\bmade (it |them )?public\b`), "released"},
	{regexp.MustCompile(`(?i)\b(put|puts|putting) out\b`), "released"},
	{regexp.MustCompile(`(?i)\b(happens?|comes?|follows?) (after|next)\b`), "precedes"},
	{regexp.MustCompile(`(?i)\bon purpose\b`), "meant"},
	{regexp.MustCompile(`(?i)\b(on|by) (its|their|his|her) own\b`), "independently"},
	{regexp.MustCompile(`(?i)\b(\d{1,2})(st|nd|rd|th)\b`), "$1"},
}

// unit is one thing a question is about: a content term, with the terms
// that stand for it (itself first, then its synonyms'), or a person it
// names, whom any of their names or what is by or about them covers.
type unit struct {
	alts   []string
	person string
	weight float64
}

// question is a question analysed: what it is about and the text to
// search for (the question with the synonyms added).
type question struct {
	text, search string
	terms        []string
	units        []unit
	form         form
	// incident is whether the question names the incident ("the drone
	// attack") or nothing else.
	incident bool
	// seen keeps what covers works out for a text, which many passages
	// share (the entry's words, a sentence several entries cite).
	seen *textCache
	// key are the question's terms (and their synonyms) that are not words
	// of the incident's title: a run of words a passage shares with the
	// question counts only if it holds one.
	key map[string]bool
}

type textCache struct {
	// texts are, for each text, what hasAny finds in it of each unit
	// (after nameWordsOut).
	texts map[*textFacts][]float64
	// surfaces are, for each term of the question, the words it was
	// typed as.
	surfaces map[string][]string
}

// nameCase writes names as the base does where people type them
// otherwise: a short lower-case acronym in capitals ("cnbc"; "us" is too
// short to tell from the pronoun and stays as it is), and a possessive
// without its apostrophe ("peskovs job") as the name.
func (r answerer) nameCase(q string) string {
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
func (r answerer) named(q string) []*knowledge.Person {
	all := r.b.Mentioned(q)
	lq := wordsOf(q)
	names := func(p *knowledge.Person) []string {
		var out []string
		for _, n := range append([]string{p.Name}, p.Aliases...) {
			if n := wordsOf(n); strings.Contains(lq, n) {
				out = append(out, n)
			}
		}
		return out
	}
	var out []*knowledge.Person
	for _, p := range all {
		// Left out if a longer name of someone else names them too, and
		// the question uses no name of theirs outside it.
		inside := false
		for _, o := range all {
			for _, on := range names(o) {
				inside = inside || o != p && slices.Contains(r.b.Mentioned(on), p) &&
					!slices.ContainsFunc(names(p), func(n string) bool { return len(n) >= len(on) || !strings.Contains(on, n) })
			}
		}
		if !inside {
			out = append(out, p)
		}
	}
	return out
}

// wordsOf is text as lower-case words between spaces, for finding a
// name in it as whole words.
func wordsOf(text string) string {
	return " " + strings.Join(strings.FieldsFunc(strings.ToLower(text), func(c rune) bool {
		return !unicode.IsLetter(c) && !unicode.IsDigit(c)
	}), " ") + " "
}

func (r answerer) analyse(q string) question { return r.analyseAs(q, false) }

// analyseAs analyses a question, or with statement a message to check
// (/check): a statement has no question form, so its words of blame or
// saying ("the US was behind it") are what it is about.
func (r answerer) analyseAs(q string, statement bool) question {
	q, _ = r.b.Gloss(q) // Russian and Ukrainian words as English: glossary.go
	q = r.nameCase(q)
	for _, p := range phrases {
		q = p.re.ReplaceAllString(q, p.with)
	}
	qu := question{text: q, search: q, seen: &textCache{texts: map[*textFacts][]float64{}}}
	lq := strings.ToLower(q)
	alts := map[string][]string{}
	var add []string
	for _, w := range strings.FieldsFunc(lq, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		s, ok := r.synonym(w)
		if !ok {
			continue
		}
		add = append(add, s)
		for _, t := range r.b.Terms(w) {
			alts[t] = append(alts[t], r.b.Terms(s)...)
		}
	}
	absent := r.b.Weight("\x00")
	for _, w := range strings.FieldsFunc(lq, func(r rune) bool { return !unicode.IsLetter(r) }) {
		ts := r.b.Terms(w)
		if _, ok := synonyms[w]; ok || len(ts) != 1 || r.b.Weight(ts[0]) < absent {
			continue
		}
		// A word the base does not hold may be another form of one it
		// does, which the stemmer does not join ("spies" and "spy").
		for _, v := range wordForms(w) {
			if vs := r.b.Terms(v); len(vs) == 1 && r.b.Weight(vs[0]) < absent {
				alts[ts[0]] = append(alts[ts[0]], vs[0])
				add = append(add, v)
				break
			}
		}
	}
	if len(add) > 0 {
		qu.search = q + " " + strings.Join(add, " ")
	}
	// A synonym works both ways for what a passage covers ("video" is
	// covered by "footage"), but only the question's own synonyms widen
	// the search, which a rarer word would pull off course.
	reverseOnce.Do(func() {
		reverse = map[string][]string{}
		for k, v := range synonyms {
			if unicode.IsDigit(rune(k[0])) {
				continue
			}
			for _, t := range r.b.Terms(v) {
				reverse[t] = append(reverse[t], r.b.Terms(k)...)
			}
		}
	})
	for _, t := range r.b.Terms(q) {
		alts[t] = append(alts[t], reverse[t]...)
	}
	people := r.named(qu.search)
	// A word whose synonym is a name ("Americans": America) stands for
	// that person, not for itself.
	byName := map[string]string{}
	for _, w := range strings.FieldsFunc(lq, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if s, ok := synonyms[w]; ok {
			for _, p := range r.named(s) {
				if slices.Contains(people, p) {
					for _, t := range r.b.Terms(w) {
						byName[t] = p.ID
					}
				}
			}
		}
	}
	f := r.questionForm(q, people)
	if statement {
		f = form{people: people}
	}
	if f.whoSaid {
		// The people are in the words asked about, not their speakers.
		f.people = nil
	}
	qu.form = f
	terms := r.contentTerms(q, f)
	if subject := r.incidentSubject(); len(terms) == 0 && len(people) == 0 && q != subject {
		// Only question words ("what date did this happen?"): the question
		// is about the incident itself, as its title puts it.
		in := r.analyse(subject)
		qu.search += " " + in.search
		qu.terms, qu.units, qu.key, qu.incident = in.terms, in.units, in.key, true
		return qu
	}
	qu.terms = terms
	topic := r.facts().topic
	// A name's words make one unit: "John Kirby" is one thing asked about.
	for _, p := range people {
		for _, n := range append([]string{p.Name}, p.Aliases...) {
			for _, t := range r.b.Terms(n) {
				byName[t] = p.ID
			}
		}
	}
	// A Cyrillic name in another case ("Пескова") names them too.
	for _, t := range terms {
		if ps := r.b.Mentioned(t); byName[t] == "" && len(ps) == 1 && slices.Contains(people, ps[0]) {
			byName[t] = ps[0].ID
		}
	}
	weight := func(t string) float64 {
		w := r.b.Weight(t)
		if topic[t] {
			// Words of the incident's title say a question is about the
			// incident, not which passage answers it.
			w /= 2
		}
		return w
	}
	qu.key = map[string]bool{}
	for _, t := range terms {
		if !topic[t] {
			qu.key[t] = true
			for _, a := range alts[t] {
				qu.key[a] = true
			}
		}
	}
	for _, p := range people {
		w := 0.0
		for _, t := range r.b.Terms(p.Name) {
			w = max(w, weight(t))
		}
		qu.units = append(qu.units, unit{person: p.ID, weight: w})
	}
	// The words of the incident's title ("drone", "attack", "Kremlin")
	// all name the incident: a passage with any of them is about it, as
	// "two drones were flown toward the Kremlin" is about the attack.
	incident := unit{}
	merged := map[string]bool{}
	for _, t := range terms {
		// "Strike" names it too, through its synonym "attacked".
		if byName[t] == "" && !unicode.IsDigit([]rune(t)[0]) && (topic[t] || slices.ContainsFunc(alts[t], func(a string) bool { return topic[a] })) {
			incident.alts = append(incident.alts, append([]string{t}, alts[t]...)...)
			incident.weight = max(incident.weight, weight(t))
			merged[t] = true
		}
	}
	qu.incident = incident.alts != nil || len(qu.units) == 0
	if incident.alts != nil {
		// Any word of the incident's name stands for it.
		for t := range topic {
			if !unicode.IsDigit([]rune(t)[0]) && !slices.Contains(incident.alts, t) {
				incident.alts = append(incident.alts, t)
			}
		}
		qu.units = append(qu.units, incident)
	}
	for _, t := range terms {
		if id := byName[t]; id != "" || merged[t] {
			continue
		}
		u := unit{alts: append([]string{t}, alts[t]...), weight: weight(t)}
		if r.b.Weight(t) == absent {
			// A word the base does not hold, with synonyms it does: it
			// weighs as its first synonym the base holds.
			for _, a := range alts[t] {
				if r.b.Weight(a) < absent {
					u.weight = weight(a)
					break
				}
			}
		}
		qu.units = append(qu.units, u)
	}
	// A word the base does not hold weighs as much as the rarest, yet no
	// passage can hold it: it weighs as the question's other words do on
	// average, so that "what day did the drones hit the Kremlin" is not
	// mostly about "hit", yet still counts ("how old is Peskov").
	var sum float64
	var known int
	for _, u := range qu.units {
		if u.person != "" || slices.ContainsFunc(u.alts, func(a string) bool { return r.b.Weight(a) < absent }) {
			sum += u.weight
			known++
		}
	}
	for i, u := range qu.units {
		if u.person == "" && known > 0 && !slices.ContainsFunc(u.alts, func(a string) bool { return r.b.Weight(a) < absent }) {
			qu.units[i].weight = sum / float64(known)
		}
	}
	if f.say {
		// Asked what someone said, the speaker is half of what is asked,
		// however often the base names them ("how did the Kremlin
		// explain the timing").
		var most float64
		for _, u := range qu.units {
			if !f.isSpeaker(u.person) {
				most = max(most, u.weight)
			}
		}
		for i, u := range qu.units {
			if f.isSpeaker(u.person) {
				qu.units[i].weight = max(u.weight, most)
			}
		}
	}
	return qu
}

// isSpeaker reports whether a person is one whose words the question
// asks for.
func (f form) isSpeaker(id string) bool {
	return id != "" && f.say && slices.ContainsFunc(f.people, func(p *knowledge.Person) bool { return p.ID == id })
}

// wordForms are the other forms a word may take: its singular, its
// stem without a past or -ing ending ("spies": "spy", "tied": "tie").
func wordForms(w string) []string {
	var out []string
	for _, e := range []struct{ end, with string }{
		{"ies", "y"}, {"ied", "y"}, {"es", ""}, {"s", ""}, {"ed", ""}, {"d", ""}, {"ing", ""}, {"ing", "e"},
	} {
		if stem, ok := strings.CutSuffix(w, e.end); ok && len(stem) >= 2 {
			out = append(out, stem+e.with)
		}
	}
	return out
}

// incidentSubject is the incident's title without its date, which is an
// answer ("when?"), not what a question is about.
func (r answerer) incidentSubject() string { return r.facts().subject }

// inScope says whether the base covers what a question is about: at least
// two thirds of its content words are known (exactly, or with a typo in a
// long word), and any year it names is one the base has. "Is the moon made
// of cheese" shares only "made" with the base and is not answered.
func (r answerer) inScope(qu question) bool {
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
	// Counted in halves: the verb said of someone the base knows ("did
	// Ukrainian officials admit ...") is more often a paraphrase than a
	// topic of its own, and counts half.
	verb := r.subjectVerb(qu.text)
	known, total := 0, 0
	for _, u := range qu.units {
		n := 2
		if u.person == "" && verb != "" && u.alts[0] == verb {
			n = 1
		}
		total += n
		if u.person != "" || slices.ContainsFunc(u.alts, r.b.Knows) {
			known += n
		}
	}
	if qu.form.whoSaid {
		// Words asked about are quoted from memory ("grain of salt" for
		// "shaker of salt"): half of them known will do.
		return known > 0 && known*2 >= total
	}
	return known > 0 && known*3 >= total*2
}

// auxRE opens a question whose subject comes after "do", and before a
// bare verb: "did Ukrainian officials admit anything", "what did Hersh
// win". After "was" it may be a participle that is the topic ("when was
// the Kremlin built").
var auxRE = regexp.MustCompile(`^(?:(?:what|how|why|when|where|who|whom)\s+)?(?:did|does|do)\s+`)

// subjectVerb is the term of the verb that follows a question's subject
// when the subject is someone the base knows, "" otherwise.
func (r answerer) subjectVerb(q string) string {
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

// ranked is a passage with its score after the question's form is taken
// into account, and the share of the question's content words it covers.
type ranked struct {
	knowledge.PassageHit
	score, coverage float64
}

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
// Background entries (tagged "context": Nord Stream, Dugina) lead only
// when the question is about them.
func (r answerer) rank(qu question) []ranked {
	return r.rankHits(qu, r.b.SearchPassages(qu.search, candidates))
}

// rankHits re-scores the passages the search found for a question, as
// rank says.
func (r answerer) rankHits(qu question, hits []knowledge.PassageHit) []ranked {
	f := qu.form
	var out []ranked
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
	place := false
	qWordsLower := strings.FieldsFunc(lq, func(c rune) bool { return !unicode.IsLetter(c) })
	if f.where && !f.saying && strings.Contains(" "+strings.Join(qWordsLower, " ")+" ", " where ") {
		place = true
	}
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
			// "Where in Moscow": a place, the one named or one in it,
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
					// A count someone only claims ("Russia said that
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
						// "Peskov claimed that ...": the sentence says
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
				// about its background ("who else did Ukraine kill").
				s *= 0.7
			}
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
		// A tie goes to the longer sentence, which says more than a
		// fragment of it, then to a fixed order: the search returns tied
		// hits in any order.
		if c := len(b.Text) - len(a.Text); c != 0 {
			return c
		}
		return strings.Compare(ref(a.Kind, a.ID)+a.Text, ref(b.Kind, b.ID)+b.Text)
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
func (r answerer) claimFit(qu question, hits []knowledge.PassageHit) map[string]bool {
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
func (r answerer) whenFit(qu question, p knowledge.Passage, pf *passageFacts) float64 {
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
// ...", "Hersh in February revealed that ...".
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
func (r answerer) timeIn(p knowledge.Passage, w *whenFacts) float64 {
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

// unknownSpeaker reports whether a question asks what someone said
// ("what did Trump say", "did China comment") whom the base does not know
// at all: someone else's words would not answer it.
func (r answerer) unknownSpeaker(qu question) bool {
	m := speakerRE.FindStringSubmatch(strings.ToLower(qu.text))
	if m == nil || len(r.named(m[2])) > 0 {
		return false
	}
	terms := r.contentTerms(m[2], form{})
	return len(terms) > 0 && !slices.ContainsFunc(terms, r.b.Knows)
}

// nameTypo reports whether a term of six letters or more is a typo of a
// word of someone's name ("peskow"); a shorter one may be another word
// ("franc" is France, not Francis).
func (r answerer) nameTypo(t string) bool {
	if len(t) < 6 {
		return false
	}
	return slices.ContainsFunc(r.facts().nameTerms, func(w string) bool { return withinOneEdit(w, t) })
}

// unknownMeasure reports whether a question asks for a measure the base
// has no word for ("how old is Peskov", "how fast were the drones"):
// passages that only share its other words do not answer it.
func (r answerer) unknownMeasure(qu question) bool {
	lq := fillerRE.ReplaceAllString(strings.ToLower(strings.TrimSpace(qu.text)), "")
	if m := measureRE.FindStringSubmatch(lq); m != nil {
		return r.absentIn(qu, m[1])
	}
	// "Who is the mayor of Moscow": asked who or what something is that
	// the base has no word for.
	if m := identityRE.FindStringSubmatch(lq); m != nil {
		return r.absentIn(qu, m[1])
	}
	return false
}

// absentIn reports whether words hold a word of the question that the
// base holds in no form, nor any synonym of it, nor is it a typo of a
// name ("Peskow"); a typo of another word may be another word ("mayor"
// is not "major").
func (r answerer) absentIn(qu question, words string) bool {
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

// onlyChannels reports whether all a question is about is the name of a
// channel someone spoke on ("Morning Joe"): the base names channels only
// as where something was said, and knows nothing else of them.
func (r answerer) onlyChannels(qu question, hits []ranked) bool {
	channels := map[string]bool{}
	for _, h := range hits {
		if h.Kind == knowledge.KindQuote {
			for _, t := range r.facts().channels[h.ID] {
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

// sentenceKey is a passage's words without quotation marks, elisions and
// case, so that a quote's words and the excerpt sentence that holds them
// count as one sentence.
func sentenceKey(text string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(text), func(c rune) bool {
		return !unicode.IsLetter(c) && !unicode.IsDigit(c)
	}), " ")
}

// stemWords is a text's words in order (as its sentenceKey gives them),
// each as the index analyses it, a stop word as itself. The base keeps
// each word's stem for the next text; keep says whether it is one of the
// base's texts, whose words may be kept (a question's are not).
func (r answerer) stemWords(key string, keep bool) []string {
	stems := &r.facts().stems
	var out []string
	for _, w := range strings.Fields(key) {
		if s, ok := stems.Load(w); ok {
			out = append(out, s.(string))
			continue
		}
		s := w
		if n, ok := synonyms[w]; ok && unicode.IsDigit(rune(w[0])) {
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
func (r answerer) sharedRun(qu question, a, b []string) int {
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
func (r answerer) dateOf(p knowledge.Passage) knowledge.Date {
	switch p.Kind {
	case knowledge.KindEvent:
		return r.b.Event(p.ID).Date
	case knowledge.KindQuote:
		return r.b.Quote(p.ID).Said
	}
	return knowledge.Date{}
}

// namesMedium reports whether a quote's passage names where it was said.
func (r answerer) namesMedium(p knowledge.Passage) bool {
	if p.Kind != knowledge.KindQuote {
		return false
	}
	words := r.text(p.Text).terms
	for _, t := range r.facts().channels[p.ID] {
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
func (r answerer) verdict(p knowledge.Passage) bool {
	if p.Kind != knowledge.KindClaim || p.Position < 0 {
		return false
	}
	c := r.b.Claim(p.ID)
	return slices.Contains(verdictStances[c.Status], c.Positions[p.Position].Stance)
}

// covers is the weighted share of what the question is about that a text
// holds: a content term (or a synonym of it, or a typo or another ending
// of a long one), or a person it names (by any of their names, or as the
// text's speaker or actor, or their organisation's). The text is always
// one of the base's own (a passage, an entry's words, a statement), whose
// analysis the base remembers (TermsOf).
func (r answerer) covers(qu question, text string, people []string) float64 {
	if len(qu.units) == 0 {
		return 1
	}
	return r.coversText(qu, r.text(text), people)
}

// coversText is covers of a text whose facts are at hand.
func (r answerer) coversText(qu question, tf *textFacts, people []string) float64 {
	if len(qu.units) == 0 {
		return 1
	}
	if qu.seen == nil {
		qu.seen = &textCache{texts: map[*textFacts][]float64{}}
	}
	// What hasAny finds of each unit in a text is the same for every
	// passage the text is part of.
	has, ok := qu.seen.texts[tf]
	if !ok {
		words := tf.terms
		if out, cut := r.nameWordsOut(qu, tf); cut {
			words = r.b.Terms(out)
		}
		has = make([]float64, len(qu.units))
		for i, u := range qu.units {
			if u.person == "" {
				has[i] = hasAny(words, u.alts, r.isName)
			}
		}
		qu.seen.texts[tf] = has
	}
	var named []*knowledge.Person
	if qu.form.people != nil || slices.ContainsFunc(qu.units, func(u unit) bool { return u.person != "" }) {
		named = r.namedIn(tf)
	}
	var got, total float64
	for i, u := range qu.units {
		total += u.weight
		switch {
		case u.person != "" && qu.form.say && slices.ContainsFunc(qu.form.people, func(p *knowledge.Person) bool { return p.ID == u.person }):
			// Asked what someone said: their words cover them; words that
			// only name them are about them, not by them.
			if r.coversPerson(u.person, people, nil) {
				got += u.weight
			} else if r.coversPerson(u.person, nil, named) {
				got += u.weight / 2
			}
		case u.person != "":
			if r.coversPerson(u.person, people, named) {
				got += u.weight
			}
		default:
			got += u.weight * has[i]
		}
	}
	if total == 0 {
		return 1
	}
	return got / total
}

// nameWordsOut leaves out of a text the capitalised words inside it
// that share a stem with another word of the question: "Times" of the New
// York Times is not the "timing" asked about. It reports whether it left
// any word out.
func (r answerer) nameWordsOut(qu question, tf *textFacts) (string, bool) {
	text := tf.text
	if len(tf.caps) == 0 {
		return text, false
	}
	if qu.seen.surfaces == nil {
		qu.seen.surfaces = map[string][]string{}
		for _, w := range strings.FieldsFunc(strings.ToLower(qu.search), isWordSep) {
			if ts := r.b.Terms(w); len(ts) == 1 && !slices.Contains(qu.seen.surfaces[ts[0]], w) {
				qu.seen.surfaces[ts[0]] = append(qu.seen.surfaces[ts[0]], w)
			}
		}
	}
	var left []int
	for _, c := range tf.caps {
		if s := qu.seen.surfaces[c.term]; s != nil && !slices.Contains(s, c.lower) {
			left = append(left, c.field)
		}
	}
	if left == nil {
		return text, false
	}
	fields := strings.Fields(text)
	out := fields[:0:0]
	for i, f := range fields {
		if !slices.Contains(left, i) {
			out = append(out, f)
		}
	}
	return strings.Join(out, " "), true
}

// isWordSep splits text into words.
func isWordSep(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) }

// isName reports whether a term is a name of someone in the base.
func (r answerer) isName(t string) bool {
	f := r.facts()
	if v, ok := f.names.Load(t); ok {
		return v.(bool)
	}
	is := len(r.b.Mentioned(t)) > 0
	f.names.Store(t, is)
	return is
}

// coversPerson reports whether a text with these speakers or actors, and
// naming these people, is by or about a person: themselves, or someone of
// their organisation ("US officials" for the United States).
func (r answerer) coversPerson(id string, people []string, named []*knowledge.Person) bool {
	if slices.Contains(people, id) || slices.ContainsFunc(named, func(p *knowledge.Person) bool { return p.ID == id }) {
		return true
	}
	p := r.b.Person(id)
	for _, o := range people {
		// Up the organisations: the Kremlin's spokesman speaks for the
		// Kremlin, and so for Russia.
		op := r.b.Person(o)
		for range 3 {
			if op == nil || op.Organisation == "" {
				break
			}
			if op.Organisation == p.Name || slices.Contains(p.Aliases, op.Organisation) {
				return true
			}
			op = r.personNamed(op.Organisation)
		}
	}
	return false
}

// personNamed is the person a name or alias is of, nil if none is.
func (r answerer) personNamed(name string) *knowledge.Person { return r.facts().byName[name] }

// hasAny is how surely list holds one of terms: 1 for the word itself or
// another ending of it ("retali" for "retaliatori": the stemmer does not
// join every form of a word), or within a typo of a long word or a name
// ("Peskow"), half within a typo of a short word, which may be another
// word ("price" is not "prize").
func hasAny(list, terms []string, isName func(string) bool) float64 {
	best := 0.0
	for _, t := range terms {
		for _, w := range list {
			switch {
			case w == t, len(t) >= 5 && len(w) >= 5 && (strings.HasPrefix(w, t) || strings.HasPrefix(t, w)):
				return 1
			case len(t) >= 5 && len(w) >= 5 && len(w)-len(t) <= 1 && len(t)-len(w) <= 1 && withinOneEdit(w, t):
				if len(t) >= 8 || isName(w) {
					return 1
				}
				best = 0.5
			}
		}
	}
	return best
}

// withinOneEdit reports whether two words are the same but for at most
// one letter changed, added or left out (a Levenshtein distance of at
// most 1), in one pass and without allocating.
func withinOneEdit(a, b string) bool {
	// Skip the common prefix, then the rest must be equal after one
	// letter of either or both is skipped.
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			return a[na:] == b[nb:] || a[na:] == b || a == b[nb:]
		}
		a, b = a[na:], b[nb:]
	}
	return utf8.RuneCountInString(a)+utf8.RuneCountInString(b) <= 1
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

// backgroundTags are the tags of a background entry (tagged so, or a
// quote that only background claims rest on), nil for an entry that is
// not background.
func (r answerer) backgroundTags(p knowledge.Passage) []string {
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
	for _, h := range kept[1:] {
		key, said := ref(h.Kind, h.ID), r.passage(h.Passage).key
		if seen[key] || seen[said] || len(a.Items) == askMore {
			continue
		}
		seen[key], seen[said] = true, true
		a.Items = append(a.Items, r.line(h.Kind, h.ID))
	}
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
// line saying who said it (or which source says it), when, and the
// source's short name.
func (r answerer) leadItem(p knowledge.Passage) *Item {
	src := sourceName(r.b.Source(p.Source))
	it := &Item{Ref: ref(p.Kind, p.ID), Kind: p.Kind}
	switch p.Kind {
	case knowledge.KindEvent:
		e := r.b.Event(p.ID)
		it.Words = Words{Text: p.Text, Mark: MarkCited}
		it.Meta = JoinNonEmpty(" · ", src, r.date(e.Date), e.Title)
	case knowledge.KindQuote:
		q := r.b.Quote(p.ID)
		it.Words = Words{Text: p.Text, Mark: MarkCited}
		if p.Quote {
			it.Words.Mark = MarkExact
		}
		it.Meta = JoinNonEmpty(" · ", who(r.b.Person(q.Speaker)), r.date(q.Said), src)
	case knowledge.KindClaim:
		c := r.b.Claim(p.ID)
		pos := c.Positions[p.Position]
		it.Words = Words{Text: p.Text, Mark: MarkCited}
		it.Meta = JoinNonEmpty(" · ", src, r.stanceSentence(r.b.Person(pos.Actor).Name, pos.Stance)+": "+c.Statement+" ("+r.word(c.Status)+")")
	}
	return it
}

// countedRE is what a "how many" question counts: "how many drones".
var countedRE = regexp.MustCompile(`\bhow (?:many|much) (\pL+)`)

// numberedRE is a number and the word it counts: "two drones".
var numberedRE = regexp.MustCompile(`(?i)\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|thousands?)\s+(\pL+)`)

// countedIn is the terms of what a "how many" question counts, nil if
// it names nothing: a passage that counts it (a number followed by that
// word, in any form: passageFacts.counted) answers it best.
func (r answerer) countedIn(lq string) []string {
	m := countedRE.FindStringSubmatch(lq)
	if m == nil {
		return nil
	}
	want := r.b.Terms(m[1])
	if len(want) == 0 {
		return nil
	}
	return want
}
