package rank

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"github.com/incidentbot/incidentbot/knowledge"
)

// What ranking needs to know of the base's own texts and entries (a
// passage's words as stems, its sentence key, whether it names a day, who
// cites it) depends on the base alone, so it is worked out once per base,
// the first time a question needs it, and kept with the base
// (knowledge.Memo): ranking then costs a question about as much on a
// base of a hundred entries as on one of a hundred thousand. Nothing a
// user types is kept here: a question's own words are analysed afresh
// each time.

// baseFacts is what bot keeps of one base.
type baseFacts struct {
	// recent and older are the facts of texts and passages kept, in two
	// generations (see maxKept).
	recent, older atomic.Pointer[generation]
	// turn is held to start a generation.
	turn sync.Mutex
	// names are whether a term is someone's name (isName), channels, for
	// a quote, the terms of where it was said (channelsOf), and mentioned
	// the people each name of the base, as words, names (mentionedIn).
	names, channels, mentioned sync.Map

	// actors are the people who take a position on a claim.
	actors map[string]bool
	// byName is each name and alias's person, the first in file order.
	byName map[string]*knowledge.Person
	// citing are, for a quote, the claims whose positions rest on it: a
	// claim once for each such position.
	citing map[string][]*knowledge.Claim
	// nameTerms are the terms of everyone's names and aliases
	// (nameTermsOf).
	nameTerms     []string
	nameTermsOnce sync.Once
	// whoTerms are the terms of everyone's names, aliases, roles and
	// organisations (whoTermsOf).
	whoTerms     map[string]bool
	whoTermsOnce sync.Once
	// members are, for a person who is a group of others ("X and Y
	// (both prisoners)"), the people whose full names its name holds,
	// two or more.
	members map[string][]string
	// summaryCounts are the numbers the incident's summary gives, lower
	// case: the incident's own figures.
	summaryCounts []string
	// topic are the terms of the incident's title, and subject the title
	// without its date (incidentSubject).
	topic   map[string]bool
	subject string
	// vocabulary is what ranking knows of the base's words (words.go).
	vocabulary     *vocabulary
	vocabularyOnce sync.Once
}

// maxKept bounds how many texts and passages the facts keep: about a
// kilobyte each (measured at 10k entries), so at most some 50 MB however
// large the base and however many questions it has answered. They are
// kept in two generations of at most half as many each: when the recent
// one is full it becomes the older one, and the older one is forgotten;
// what a question meets in the older one moves to the recent one. So
// what questions keep meeting stays, and a base larger than maxKept
// never forgets everything at once.
const maxKept = 50_000

// generation is one generation of the facts kept: texts are the textFacts
// of texts, passages the passageFacts of passages, stems each word's stem
// (stemWords); kept counts the texts and passages.
type generation struct {
	texts, passages, stems sync.Map
	kept                   atomic.Int64
}

// kept is what either generation keeps under key in the map of a
// generation that in picks, moving it to the recent generation if only
// the older one has it.
func (f *baseFacts) kept(in func(*generation) *sync.Map, key any) (any, bool) {
	if v, ok := in(f.recent.Load()).Load(key); ok {
		return v, true
	}
	if old := f.older.Load(); old != nil {
		if v, ok := in(old).Load(key); ok {
			return f.keep(in, key, v, false), true
		}
	}
	return nil, false
}

// keep keeps v under key in the recent generation, unless it has a value
// there already, which it returns; counted says whether v counts towards
// maxKept (a text or a passage). When the recent generation is full it
// becomes the older one.
func (f *baseFacts) keep(in func(*generation) *sync.Map, key, v any, counted bool) any {
	g := f.recent.Load()
	v, loaded := in(g).LoadOrStore(key, v)
	if !loaded && counted && g.kept.Add(1) > maxKept/2 {
		f.turn.Lock()
		if f.recent.Load() == g {
			f.older.Store(g)
			f.recent.Store(new(generation))
		}
		f.turn.Unlock()
	}
	return v
}

func texts(g *generation) *sync.Map    { return &g.texts }
func passages(g *generation) *sync.Map { return &g.passages }
func stems(g *generation) *sync.Map    { return &g.stems }

// factsKey is the key of bot's facts in a base's memo.
type factsKey struct{}

// facts are bot's facts of the answerer's base.
func (r Ranker) facts() *baseFacts {
	return knowledge.Memo(r.b, factsKey{}, r.newFacts)
}

func (r Ranker) newFacts() *baseFacts {
	b := r.b
	f := &baseFacts{
		actors:  map[string]bool{},
		byName:  map[string]*knowledge.Person{},
		citing:  map[string][]*knowledge.Claim{},
		members: map[string][]string{},
		topic:   r.termSet(b.Incident.Title),
	}
	f.recent.Store(new(generation))
	f.summaryCounts = numbersIn(b.Incident.Summary)
	t := qDateRE.ReplaceAllString(strings.ToLower(b.Incident.Title), " ")
	f.subject = strings.TrimRight(strings.TrimSpace(yearRE.ReplaceAllString(t, " ")), ",;:- ")
	for i := range b.Claims {
		c := &b.Claims[i]
		for _, p := range c.Positions {
			f.actors[p.Actor] = true
			if p.Quote != "" {
				f.citing[p.Quote] = append(f.citing[p.Quote], b.Claim(c.ID))
			}
		}
	}
	// A group's members are the people whose names are a run of the
	// group's words, shorter than the whole: two people whose names
	// differ only in case or marks are not members of each other, which
	// coversPerson would follow for ever. Each name's runs are looked up,
	// not every pair of people compared: a base may name thousands.
	byKey := map[string][]int{}
	keys := make([][]string, len(b.People))
	for i, p := range b.People {
		for _, n := range append([]string{p.Name}, p.Aliases...) {
			if _, ok := f.byName[n]; !ok {
				f.byName[n] = b.Person(p.ID)
			}
		}
		keys[i] = strings.Fields(sentenceKey(p.Name))
		k := strings.Join(keys[i], " ")
		byKey[k] = append(byKey[k], i)
	}
	for i, p := range b.People {
		var in []int
		ws := keys[i]
		for from := range ws {
			for to := from + 1; to <= len(ws); to++ {
				if to-from < len(ws) {
					in = append(in, byKey[strings.Join(ws[from:to], " ")]...)
				}
			}
		}
		slices.Sort(in)
		in = slices.Compact(in)
		if len(in) >= 2 {
			ids := make([]string, len(in))
			for j, m := range in {
				ids[j] = b.People[m].ID
			}
			f.members[p.ID] = ids
		}
	}
	return f
}

// nameTermsOf are the terms of everyone's names and aliases.
func (r Ranker) nameTermsOf() []string {
	f := r.facts()
	f.nameTermsOnce.Do(func() {
		for _, p := range r.b.People {
			for _, n := range append([]string{p.Name}, p.Aliases...) {
				f.nameTerms = append(f.nameTerms, r.b.Terms(n)...)
			}
		}
	})
	return f.nameTerms
}

// whoTermsOf are the terms of everyone's names, aliases, roles and
// organisations: the words that say who someone is.
func (r Ranker) whoTermsOf() map[string]bool {
	f := r.facts()
	f.whoTermsOnce.Do(func() {
		f.whoTerms = map[string]bool{}
		for _, t := range r.nameTermsOf() {
			f.whoTerms[t] = true
		}
		for _, p := range r.b.People {
			for _, t := range r.b.Terms(p.Role + " " + p.Organisation) {
				f.whoTerms[t] = true
			}
		}
	})
	return f.whoTerms
}

// channelsOf are the terms of where a quote was said: its medium and
// whom it came through.
func (r Ranker) channelsOf(id string) []string {
	f := r.facts()
	if c, ok := f.channels.Load(id); ok {
		return c.([]string)
	}
	q := r.b.Quote(id)
	c := r.b.Terms(strings.Join(append([]string{q.Medium}, q.Via...), " "))
	f.channels.Store(id, c)
	return c
}

// textFacts are what covers reads of one of the base's texts.
type textFacts struct {
	text string
	// terms are its terms (knowledge.Base.Terms).
	terms []string
	// caps are its capitalised words after the first that analyse to one
	// term, which nameWordsOut may leave out.
	caps []capWord
	// named are the people it names, worked out when first asked for.
	named     []*knowledge.Person
	namedOnce sync.Once
}

// capWord is a capitalised word of a text: the field it is in (as
// strings.Fields splits the text), lower case, and its one term.
type capWord struct {
	field       int
	lower, term string
}

// text is what covers reads of one of the base's texts.
func (r Ranker) text(text string) *textFacts {
	f := r.facts()
	if t, ok := f.kept(texts, text); ok {
		return t.(*textFacts)
	}
	t := &textFacts{text: text, terms: r.b.Terms(text)}
	for i, fd := range strings.Fields(text) {
		w := strings.TrimFunc(fd, func(c rune) bool { return !unicode.IsLetter(c) })
		if i > 0 && w != "" && unicode.IsUpper([]rune(w)[0]) && !strings.ContainsFunc(w, isWordSep) {
			if ts := r.b.Terms(w); len(ts) == 1 {
				t.caps = append(t.caps, capWord{field: i, lower: strings.ToLower(w), term: ts[0]})
			}
		}
	}
	return f.keep(texts, text, t, true).(*textFacts)
}

// namedIn are the people a text names (knowledge.Base.Mentioned).
func (r Ranker) namedIn(t *textFacts) []*knowledge.Person {
	t.namedOnce.Do(func() { t.named = r.b.Mentioned(t.text) })
	return t.named
}

// passageFacts are what rank reads of a passage besides its words'
// coverage: each field is what the function or pattern named beside it
// gives for the passage's text or entry. What only some forms of
// question read is worked out when one first does: a passage first met
// costs little more than the search that found it.
type passageFacts struct {
	p knowledge.Passage
	// own and about are what covers reads of its text and of its entry's
	// words (knowledge.Base.About).
	own, about *textFacts
	people     []string // peopleOf
	key        string   // sentenceKey
	// grams has a bit set for each pair of adjacent bytes of key, hashed
	// (holdsGrams).
	grams [4]uint64
	stems []string // stemWords
	// antecedents are whom its pronouns stand for (antecedents).
	antecedents []*knowledge.Person
	link        bool // urlWords
	// question is whether the text asks something (ends with "?").
	question bool
	// background are the tags of a background entry (backgroundTags),
	// and backgroundTerms the terms of those that do not say so
	// (backgroundTag).
	background, backgroundTerms []string

	words     wordFacts
	wordsOnce sync.Once
	when      whenFacts
	whenOnce  sync.Once
	count     countFacts
	countOnce sync.Once
}

// wordFacts are the words a passage answers "who", "why", "how" and
// "where" with.
type wordFacts struct {
	attribution bool // attributionWords
	// attributions are the attributionWords it holds.
	attributions []string
	// superseded is whether it tells what was held before (supersededRE).
	superseded bool
	reason     bool // reasonWords
	medium     bool // whereRE
	// channels are the channel nouns it names (channelRE), lower case.
	channels []string
	manner   bool // mannerRE
	// place is the name after the first preposition of place (placeRE),
	// hasPlace whether there is one.
	place    string
	hasPlace bool
}

// whenFacts are how a passage answers "when".
type whenFacts struct {
	// days are the calendar days it names (dayDateRE), as month and day.
	days          [][2]int
	statementTime bool    // statementTime
	timeWord      bool    // timeRE
	timeIn        float64 // timeIn
}

// countFacts are how a passage answers "how many".
type countFacts struct {
	// counted are the first terms of the words it counts ("two ships"),
	// leaving out days of dates; number whether it holds a number.
	counted []string
	number  bool
	// own is whether it gives a number the incident's summary gives: the
	// incident's own figure.
	own      bool
	reported bool // reportedRE
	// cumulative is whether it gives a running total (cumulativeRE).
	cumulative bool
}

// passage is what rank reads of a passage.
func (r Ranker) passage(p knowledge.Passage) *passageFacts {
	f := r.facts()
	if pf, ok := f.kept(passages, p); ok {
		return pf.(*passageFacts)
	}
	pf := &passageFacts{
		p:        p,
		people:   r.peopleOf(p),
		key:      sentenceKey(p.Text),
		link:     containsAny(strings.ToLower(p.Text), urlWords),
		question: strings.HasSuffix(strings.TrimRight(p.Text, "”\"’) "), "?"),
	}
	pf.own, pf.about = r.text(p.Text), r.text(r.b.About(p))
	for i := 0; i+1 < len(pf.key); i++ {
		h := (uint(pf.key[i])*31 + uint(pf.key[i+1])) % 256
		pf.grams[h/64] |= 1 << (h % 64)
	}
	pf.stems = r.stemWords(pf.key, true)
	pf.antecedents = r.antecedents(p, pf.stems)
	pf.background = r.backgroundTags(p)
	for _, t := range pf.background {
		if !backgroundTag(t) {
			pf.backgroundTerms = append(pf.backgroundTerms, r.b.Terms(strings.ReplaceAll(t, "-", " "))...)
		}
	}
	return f.keep(passages, p, pf, true).(*passageFacts)
}

// pronouns stand for someone named before.
var pronouns = map[string]bool{"he": true, "she": true, "his": true, "her": true, "him": true, "they": true, "their": true, "them": true}

// antecedents are whom a sentence's pronouns stand for ("If elected,
// she would ...", "His refusal ..."): the people the sentence before
// it in the excerpt it is cited from names. A quote's own words are the
// speaker's, whose pronouns are theirs to mean.
func (r Ranker) antecedents(p knowledge.Passage, stems []string) []*knowledge.Person {
	if p.Quote || !slices.ContainsFunc(stems, func(w string) bool { return pronouns[w] }) {
		return nil
	}
	for _, c := range r.citationsOf(p) {
		i := strings.Index(c.Excerpt, p.Text)
		if c.Source != p.Source || i <= 0 {
			continue
		}
		if before := knowledge.Sentences(c.Excerpt[:i]); len(before) > 0 {
			return r.namedIn(r.text(before[len(before)-1]))
		}
	}
	return nil
}

// givesReason reports whether a text gives a reason (reasonWords), which
// may run across a quotation's mark (`"a measured response" to`); what is "due
// to be" done is due, not a reason.
func givesReason(text string) bool {
	return containsAny(strings.ReplaceAll(" "+sentenceKey(text)+" ", " due to be ", " "), reasonWords)
}

// wordsIn are the words a passage answers "who", "why", "how" and "where"
// with.
func (pf *passageFacts) wordsIn() *wordFacts {
	pf.wordsOnce.Do(func() {
		lt := strings.ToLower(pf.p.Text)
		pf.words = wordFacts{
			attribution: containsAny(lt, attributionWords),
			superseded:  supersededRE.MatchString(lt),
			reason:      givesReason(lt),
			medium:      whereRE.MatchString(lt),
			manner:      mannerRE.MatchString(lt),
			channels:    channelRE.FindAllString(lt, -1),
		}
		for _, w := range attributionWords {
			if strings.Contains(lt, w) {
				pf.words.attributions = append(pf.words.attributions, w)
			}
		}
		if m := placeRE.FindStringSubmatch(pf.p.Text); m != nil {
			pf.words.place, pf.words.hasPlace = m[1], true
		}
	})
	return &pf.words
}

// whenIn is how a passage answers "when".
func (r Ranker) whenIn(pf *passageFacts) *whenFacts {
	pf.whenOnce.Do(func() {
		text := pf.p.Text
		for _, m := range dayDateRE.FindAllStringSubmatch(text, -1) {
			mon, d := m[1], m[2]
			if mon == "" {
				mon, d = m[4], m[3]
			}
			n, _ := strconv.Atoi(d)
			pf.when.days = append(pf.when.days, [2]int{monthNumber(mon), n})
		}
		pf.when.statementTime = statementTime(text)
		pf.when.timeWord = timeRE.MatchString(text)
		pf.when.timeIn = r.timeIn(pf.p, &pf.when)
	})
	return &pf.when
}

// numbersIn are the numbers a text gives, lower case, but for days of
// dates and years.
func numbersIn(text string) []string {
	var out []string
	for _, n := range numberRE.FindAllString(yearsOut(dayDateRE.ReplaceAllString(text, " ")), -1) {
		out = append(out, strings.ToLower(n))
	}
	return out
}

// countIn is how a passage answers "how many".
func (r Ranker) countIn(pf *passageFacts) *countFacts {
	pf.countOnce.Do(func() {
		count := dayDateRE.ReplaceAllString(pf.p.Text, " ")
		for _, n := range numberedRE.FindAllStringSubmatch(count, -1) {
			if got := r.b.Terms(n[1]); len(got) > 0 {
				pf.count.counted = append(pf.count.counted, got[0])
			}
		}
		pf.count.number = numberRE.MatchString(yearsOut(count))
		pf.count.own = slices.ContainsFunc(numbersIn(pf.p.Text), func(n string) bool { return slices.Contains(r.facts().summaryCounts, n) })
		pf.count.reported = reportedRE.MatchString(pf.p.Text)
		pf.count.cumulative = cumulativeRE.MatchString(pf.p.Text)
	})
	return &pf.count
}

// yearsOut is a text without the years it names: a year counts nothing
// ("in 2015"), unless what it counts follows it ("2000 troops": a
// plural).
func yearsOut(text string) string {
	return yearCountRE.ReplaceAllStringFunc(text, func(m string) string {
		f := strings.Fields(m)
		if len(f) < 2 {
			return " "
		}
		if w := strings.ToLower(f[1]); strings.HasSuffix(w, "s") && lemma(w) != w {
			return m
		}
		return " " + f[1]
	})
}

// yearCountRE is a year and the word after it.
var yearCountRE = regexp.MustCompile(`\b(?:19|20)\d\d\b(?:\s+\pL+)?`)

// monthNumber is the number of a month named in English, 0 for none.
// A name cut short ("Aug.", "Sept.") is the month it starts.
func monthNumber(name string) int {
	name = strings.ToLower(strings.TrimSuffix(name, "."))
	if len(name) < 3 {
		return 0
	}
	return slices.IndexFunc(months, func(m string) bool { return strings.HasPrefix(m, name) }) + 1
}

// namesDay reports whether a passage names a calendar day ("May 3", "3
// May").
func (w *whenFacts) namesDay(month, day int) bool {
	return slices.Contains(w.days, [2]int{month, day})
}

// holdsGrams reports whether a text with pairs of bytes grams may hold one
// with pairs sub: a text holds every pair of bytes of a text inside it.
func holdsGrams(grams, sub *[4]uint64) bool {
	return sub[0]&^grams[0] == 0 && sub[1]&^grams[1] == 0 && sub[2]&^grams[2] == 0 && sub[3]&^grams[3] == 0
}
