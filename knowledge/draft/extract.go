package draft

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/incidentbot/incidentbot/knowledge"
)

// Quote is one attributed quotation found in an article. Text and
// Sentence are verbatim from the article.
type Quote struct {
	Kind string `json:"kind"`
	// Text is the words: for a direct quotation those inside the marks,
	// for an indirect one the reported clause.
	Text        string `json:"text"`
	Speaker     string `json:"speaker"`
	SpeakerRole string `json:"speaker_role"`
	// Via are the channels the words came through, kept beside the
	// speaker as a citation names them.
	Via    []string `json:"via"`
	Cue    string   `json:"cue"`
	Medium string   `json:"medium,omitempty"`
	// Sentence is the whole sentence, or the sentences of a quotation
	// split around its cue, for the citation's excerpt.
	Sentence string `json:"sentence"`
	// Review lists the uncertain choices made, for the reviewer.
	Review []string `json:"review,omitempty"`

	// Start and End locate Text in the article.
	Start int `json:"-"`
	End   int `json:"-"`
	// Who is the speaker, resolved.
	Who *Speaker `json:"-"`
}

// Kinds of quotation, as --format json names them.
const (
	Direct   = "direct"
	Indirect = "indirect"
)

// moreCueVerbs introduce speech or writing in a draft besides
// knowledge.CueVerb's, which credit words to a speaker: a draft also
// reads opinions ("believes") and acts of speech ("accused") as cues.
var moreCueVerbs = wordSet(`accused arguing believe believed believes called calling claiming
	condemned criticised criticized described dismissed disputed hinted insisting noting pointed
	read reads reiterating rejected ruled ruling stressing think thinks urging warning`)

// notIndirect cues do not introduce reported (indirect) speech: "urged
// them to …" is not "said that …".
var notIndirect = wordSet(`accused asked asks asking begged called calling commented condemned
	criticised criticized described dismissed disputed hinted pledged posted read reads rejected
	ruling think urged urging vowed`)

// passive words before a cue verb make it passive ("was accused"): its
// grammatical subject is not the speaker.
var passive = wordSet(`was were is are be been being`)

// namingWords before a quotation make it a name ("a forum called “XDA
// Developers”"), not something said.
var namingWords = []string{"called", "dubbed", "named", "titled", "nicknamed", "so-called",
	"known as", "referred to as", "the term", "the name", "the word", "the phrase", "the slogan",
	"the hashtag", "labelled", "labeled", "branded", "to the name"}

// npNouns may stand in a speaker's description in lower case.
var npNouns = wordSet(`researchers officials official analysts analyst experts expert sources source
	authorities prosecutors critics witnesses witness residents lawmakers police observers
	governor mayor spokesman spokeswoman spokesperson minister ministry member members
	officer officers diplomat diplomats correspondent reporter reporters editor leader
	leaders aide aides adviser advisers advisor lawyer lawyers attorney counsel envoy
	negotiator secretary president prime foreign defence defense chief head director
	deputy senior former top government office department administration settlers
	activists protesters campaigners citizens people users agency army military
	commander general sides side group groups team correction report statement release
	party parties country countries union court judge judges investigators inspector
	rail city state local regional federal national interior security press army
	superior predecessor colleague colleagues founder co-founder manager representative
	representatives legislators senator senators congressman congresswoman official's
	journalist journalists winner blogger author academic writer columnist historian scholar
	specialist scientist student doctor activist candidate host anchor presenter publisher
	economist strategist consultant professor researcher investigator veteran businessman
	businesswoman entrepreneur owner operator provider outlet newspaper broadcaster
	men women children families parents workers soldiers troops voters ministries departments
	agencies governments forces force companies organisations organizations institutions
	judge judges court courts prosecutor prosecutors committee panel jury senators
	audience crowd hearing subcommittee commission air armed naval coast guard border
	emergency health energy finance justice education intelligence
	insurgent taliban refugee refugees camp inside unnamed anonymous both other another
	some many several multiple various two three four five six seven eight nine ten`)

var npFiller = wordSet(`the a an of for at in and with on to his her its their`)

// extractor walks an article's paragraphs in order, remembering who has
// spoken.
type extractor struct {
	text   string
	people *people
	out    []Quote
}

// Extract finds the attributed quotations of an article's plain text, in
// order. Speakers are resolved to the people of b when b is not nil.
func Extract(text string, b *knowledge.File) []Quote {
	e := &extractor{text: text, people: newPeople(b)}
	e.run()
	return e.out
}

func (e *extractor) run() {
	paras := paragraphs(e.text)
	var prevSpeaker *Speaker // the last speaker of the paragraph before
	var block *Speaker       // a block quotation's speaker ("RiverTV:")
	var blockName string
	for _, p := range paras {
		qs := quotations(e.text, p)
		if sp, name := e.blockIntro(p, qs); sp != nil {
			block, blockName, prevSpeaker = sp, name, nil
			continue
		}
		sents := sentences(e.text, p, qs)
		if block != nil {
			e.blockQuote(sents, block, blockName)
		}
		if e.tweet(p) {
			block, prevSpeaker = nil, nil
			continue
		}
		var via []string
		if block != nil {
			via = []string{blockName}
		}
		paraSpeaker := e.paragraph(p, qs, sents, prevSpeaker, via)
		block = nil
		prevSpeaker = paraSpeaker
	}
}

// blockIntro recognises a paragraph that only names a speaker and ends
// with a colon ("RiverTV:"): the next paragraph is their words.
func (e *extractor) blockIntro(p span, qs []quoted) (*Speaker, string) {
	t := e.text[p.start:p.end]
	if len(qs) > 0 || !strings.HasSuffix(t, ":") || len(strings.Fields(t)) > 6 || strings.ContainsAny(t, ".?!,") {
		return nil, ""
	}
	name := strings.TrimSuffix(t, ":")
	for _, w := range strings.Fields(name) {
		if !isCapitalized(w) && w != "of" && w != "the" && w != "and" && w != "for" {
			return nil, "" // "Here are some of the highlights:" is no speaker
		}
	}
	sp, _ := e.people.resolve(name)
	return sp, name
}

// blockQuote makes each sentence of a block quotation a direct quotation
// by the speaker who introduced it.
func (e *extractor) blockQuote(sents []span, sp *Speaker, name string) {
	for _, s := range sents {
		t := strings.TrimSpace(e.text[s.start:s.end])
		if t == "" {
			continue
		}
		e.out = append(e.out, Quote{
			Kind: Direct, Text: t, Speaker: sp.Name, SpeakerRole: sp.Role, Cue: name + ":",
			Sentence: t, Start: s.start, End: s.end, Who: sp,
			Review: []string{"block quotation introduced by “" + name + ":”; each sentence is one entry, and it has no quotation marks: check where it starts and ends"},
		})
	}
}

// tweetRE is an embedded tweet as text: the words, a picture link, a dash,
// the author, their handle and the date.
var tweetRE = regexp.MustCompile(`^(.+?)\s+(?:(?:pic\.twitter\.com|https?://t\.co)/\S+\s+)?[—–-]\s+([^()—–]+?)\s+\((@\w+)\)\s+([A-Z][a-z]+ \d{1,2}, \d{4})$`)

func (e *extractor) tweet(p span) bool {
	t := e.text[p.start:p.end]
	if len(t) > 2000 || !strings.Contains(t, "(@") {
		return false
	}
	m := tweetRE.FindStringSubmatchIndex(t)
	if m == nil {
		return false
	}
	name := t[m[4]:m[5]]
	sp, note := e.people.resolve(name)
	if sp == nil {
		return false
	}
	q := Quote{
		Kind: Direct, Text: t[m[2]:m[3]], Speaker: sp.Name, SpeakerRole: sp.Role, Cue: "— " + name + " (" + t[m[6]:m[7]] + ")",
		Medium: "tweet", Sentence: t, Start: p.start + m[2], End: p.start + m[3], Who: sp,
		Review: []string{"embedded tweet dated " + t[m[8]:m[9]] + ": check the date and whether to keep the link"},
	}
	if note != "" {
		q.Review = append(q.Review, note)
	}
	e.out = append(e.out, q)
	return true
}

// clause is a reporting clause: who said it and how.
type clause struct {
	verb     word
	subject  string // the words naming the speaker
	rest     span   // the words after the cue, for the channel
	told     string // the object of "told"
	content  span   // the reported clause, for indirect speech
	trailing bool   // the clause follows what was said ("…, she said.")
}

// paragraph finds the quotations of one paragraph and returns its last
// speaker.
func (e *extractor) paragraph(p span, qs []quoted, sents []span, prevSpeaker *Speaker, via []string) *Speaker {
	var last *Speaker
	if len(qs) > 0 && qs[0].outer.start == p.start && wholeQuote(e.text, p, qs) && prevSpeaker != nil {
		// A paragraph of nothing but a quotation carries on the speaker
		// of the paragraph before.
		last = prevSpeaker
	}
	lastQuote := -1 // index in e.out of the last direct quotation of this paragraph
	qi := 0
	for _, s := range sents {
		for qi < len(qs) && qs[qi].outer.start < s.start {
			qi++
		}
		qj := qi
		for qj < len(qs) && qs[qj].outer.start < s.end {
			qj++
		}
		sq := qs[qi:qj]
		if s.len() > maxSentence {
			// No sentence of a real article is this long: it is a list or
			// a page's debris, and reading it would cost time for nothing.
			continue
		}
		e.names(s, sq)
		claimed := map[int]bool{}
		used := map[int]bool{} // positions of the cues of direct quotations
		for qi, q := range sq {
			if e.isName(q) {
				continue
			}
			c, how := e.attribute(s, sq, qi)
			var sp *Speaker
			var notes []string
			switch {
			case c != nil:
				var note string
				sp, note = e.resolveAt(c.subject, s, sq, c.verb.start)
				if c.trailing {
					// "“…,” he said." — the cue's content is the quotation.
					used[c.verb.start] = true
				}
				if note != "" {
					notes = append(notes, note)
				}
				if how != "" {
					notes = append(notes, how)
				}
			case last != nil && (lastQuote >= 0 || sentenceIsQuote(e.text, s, sq)):
				sp = last
				notes = append(notes, "no cue of its own: taken to carry on the words of "+last.Name+" before it")
			}
			if sp == nil {
				continue
			}
			claimed[qi] = true
			qt := Quote{
				Kind: Direct, Text: e.text[q.inner.start:q.inner.end], Speaker: sp.Name, SpeakerRole: sp.Role,
				Start: q.inner.start, End: q.inner.end, Who: sp, Review: notes,
				Sentence: strings.TrimSpace(e.text[s.start:s.end]),
			}
			if c != nil {
				qt.Cue = c.verb.text
				qt.Medium, qt.Via = channel(e.text[c.rest.start:c.rest.end], c.verb.text, c.told)
			} else if lastQuote >= 0 {
				prev := e.out[lastQuote]
				qt.Cue, qt.Medium, qt.Via = prev.Cue, prev.Medium, prev.Via
				// The excerpt of a quotation split around its cue runs
				// from the cue's sentence to this one.
				qt.Sentence = strings.TrimSpace(e.text[sentenceStart(e.text, p, prev.Start, sents):s.end])
			}
			qt.Via = dedupe(append(qt.Via, via...))
			if len(via) > 0 {
				qt.Review = append(qt.Review, "inside the block quotation from "+via[0])
			}
			if !q.closed {
				qt.Review = append(qt.Review, "the quotation runs on into the next paragraph: check where it ends")
			}
			e.out = append(e.out, qt)
			lastQuote = len(e.out) - 1
			last = sp
		}
		// Reported speech, and the subjects that later pronouns refer to.
		cs := e.indirect(s, sq, used)
		for _, c := range cs {
			sp, note := e.resolveAt(c.subject, s, sq, c.verb.start)
			if sp == nil {
				continue
			}
			q := Quote{
				Kind: Indirect, Text: e.text[c.content.start:c.content.end], Speaker: sp.Name, SpeakerRole: sp.Role,
				Cue: strings.Replace(c.verb.text, "pointed", "pointed out", 1), Start: c.content.start, End: c.content.end, Who: sp,
				Sentence: strings.TrimSpace(e.text[s.start:s.end]),
			}
			q.Medium, q.Via = channel(e.text[c.rest.start:c.rest.end], c.verb.text, c.told)
			if note != "" {
				q.Review = append(q.Review, note)
			}
			q.Review = append(q.Review, "reported speech: the text is the article's words, not the speaker's; rewrite it as a faithful summary")
			e.out = append(e.out, q)
			last = sp
		}
		if len(cs) == 0 && len(claimed) == 0 {
			if subj := e.sentenceSubject(s); subj != "" {
				e.people.mention(subj)
			}
		}
	}
	return last
}

// names remembers the people a sentence names with a title or a first
// name ("former Interior Minister Anton Brisk"), so that a later
// "Brisk" finds the full name.
func (e *extractor) names(s span, sq []quoted) {
	ws := words(e.text, s)
	for i := 0; i < len(ws); {
		if !isCapitalized(ws[i].text) || i == 0 && (openers[ws[i].text] || nameOpeners[ws[i].text]) || insideAny(ws[i].start, sq) {
			i++
			continue
		}
		j := i
		for j < len(ws) && (isCapitalized(ws[j].text) || ws[j].text == "of" && j+1 < len(ws) && isCapitalized(ws[j+1].text)) && (j == i || !strings.ContainsAny(e.text[ws[j-1].end:ws[j].start], ",;:()“”\"—")) {
			j++
		}
		if j-i >= 2 && !hasDigit(e.text[ws[i].start:ws[j-1].end]) && !timeWords[strings.ToLower(ws[i].text)] {
			from := ws[i].start
			if i > 0 && (ws[i-1].text == "former" || ws[i-1].text == "late") {
				from = ws[i-1].start
			}
			e.people.know(e.text[from:ws[j-1].end])
		}
		i = j
	}
}

// resolveAt resolves the words naming a speaker at position at of
// sentence s. A pronoun refers first to a person named earlier in the same
// sentence ("When Afghan President Ashraf Ghani first announced …, he
// said"), then to the speaker before.
func (e *extractor) resolveAt(np string, s span, sq []quoted, at int) (*Speaker, string) {
	low := strings.ToLower(strings.TrimSpace(np))
	if low == "he" || low == "she" {
		ws := words(e.text, span{s.start, at})
		for i := len(ws) - 1; i >= 0; i-- {
			if !isCapitalized(ws[i].text) || hasDigit(ws[i].text) || i == 0 && openers[ws[i].text] || insideAny(ws[i].start, sq) {
				continue
			}
			if sp := e.people.byName(ws[i].text); sp != nil && sp.Person {
				e.people.remember(sp)
				return sp, "speaker “" + np + "” taken to be " + sp.Name + ", named earlier in the sentence"
			}
		}
	}
	if strings.HasPrefix(low, "the ") && len(strings.Fields(low)) == 2 {
		// "the source" after "a … source inside the Rukban camp".
		if sp := e.people.byDescription(strings.Fields(low)[1]); sp != nil {
			e.people.remember(sp)
			return sp, "speaker “" + np + "” taken to be " + sp.Name + ", described before"
		}
	}
	return e.people.resolve(np)
}

// wholeQuote reports whether a paragraph is nothing but quotations that
// end a sentence (not a heading such as "My fears have been realized").
func wholeQuote(text string, p span, qs []quoted) bool {
	end := qs[len(qs)-1]
	if end.outer.end < p.end-1 {
		return false
	}
	inner := text[end.inner.start:end.inner.end]
	r, _ := utf8.DecodeLastRuneInString(inner)
	return !end.closed || strings.ContainsRune(".?!…", r)
}

// sentenceIsQuote reports whether a sentence is only a quotation.
func sentenceIsQuote(text string, s span, sq []quoted) bool {
	if len(sq) != 1 {
		return false
	}
	rest := strings.TrimSpace(text[s.start:sq[0].outer.start] + text[min(sq[0].outer.end, s.end):s.end])
	return strings.Trim(rest, ".,;: ") == ""
}

func sentenceStart(text string, p span, at int, sents []span) int {
	for _, s := range sents {
		if s.start <= at && at < s.end {
			return s.start
		}
	}
	return p.start
}

// isName reports whether a quotation is a name or a term rather than
// words someone said: “XDA Developers” after "called".
func (e *extractor) isName(q quoted) bool {
	if e.scare(q) {
		return true
	}
	before := strings.ToLower(strings.TrimRight(e.text[max(0, q.outer.start-28):q.outer.start], " "))
	for _, a := range []string{" the", " a", " an"} {
		before = strings.TrimSuffix(before, a) // "known as the “Quiet Quartet”"
	}
	// A possessive before a title: RiverTV’s “Evening Desk” (but not
	// the city's “true response”).
	if strings.HasSuffix(before, "’s") || strings.HasSuffix(before, "'s") {
		if allCapitalized(strings.Fields(e.text[q.inner.start:q.inner.end])) {
			return true
		}
	}
	for _, w := range namingWords {
		if strings.HasSuffix(before, w) {
			r, _ := utf8.DecodeLastRuneInString(before[:len(before)-len(w)])
			if !unicode.IsLetter(r) {
				return true
			}
		}
	}
	return false
}

// scare reports whether a quotation is a scare quote: a word or two used
// to qualify the noun after it (an “irregular” channel), not words someone
// is reported to have said.
func (e *extractor) scare(q quoted) bool {
	inner := strings.Fields(e.text[q.inner.start:q.inner.end])
	if len(inner) > 2 || !q.closed || strings.ContainsAny(e.text[q.inner.start:q.inner.end], ",.;:?!") {
		return false
	}
	next := words(e.text, span{q.outer.end, min(len(e.text), q.outer.end+40)})
	if len(next) == 0 || e.text[q.outer.end] != ' ' || strings.ContainsAny(e.text[q.outer.end:next[0].start], ",.;:") {
		return false
	}
	w := next[0].text
	return !isCapitalized(w) && !functionWords[strings.ToLower(w)] && !isCue(w)
}

// functionWords may follow a quoted phrase that is the object of a verb
// ("caused “severe damage” to the grid"); a noun after it makes it a
// modifier.
var functionWords = wordSet(`to of for in on at and or but by with from as that than is was were are be been
	being has have had will would could should may might can if because while when where
	which who whom whose after before since until unless about against into onto over under
	through during without within among between across around near toward towards upon
	the a an this these those its his her their our my your it he she they we you i not
	also just only even still so then too very more most less least all any each every some
	no nor yet`)

// attribute finds the reporting clause a quotation belongs to and says how
// sure it is.
func (e *extractor) attribute(s span, sq []quoted, qi int) (*clause, string) {
	q := sq[qi]
	// "…,” he said. / "…,” said X. — right after the closing mark.
	if q.closed {
		if c := e.after(q, s, sq, qi); c != nil {
			return c, ""
		}
	}
	// X said: “…” / X said the “…” — the nearest cue before it.
	if c := e.before(q, s, sq); c != nil {
		return c, ""
	}
	// …“…” to the power system, officials said.
	if c := e.final(s, sq); c != nil && c.rest.start >= q.outer.end {
		return c, "speaker from the clause that ends the sentence"
	}
	return nil, ""
}

// after reads a cue right after a quotation's closing mark.
func (e *extractor) after(q quoted, s span, sq []quoted, qi int) *clause {
	end := s.end
	for _, next := range sq[qi+1:] {
		if !e.isName(next) {
			end = next.outer.start
			break
		}
	}
	ws := words(e.text, span{q.outer.end, end})
	if len(ws) == 0 {
		return nil
	}
	gap := e.text[q.outer.end:ws[0].start]
	if strings.ContainsAny(gap, ".;") {
		return nil
	}
	inner := e.text[q.inner.start:q.inner.end]
	lastR, _ := utf8.DecodeLastRuneInString(inner)
	loose := strings.Contains(gap, ",") || strings.ContainsRune(",?!…—", lastR)
	// Verb first: "said Lena Hartwig, a political analyst".
	if isCue(ws[0].text) {
		np, npEnd := e.forwardNP(ws[1:], end)
		if np == "" {
			return nil
		}
		return &clause{verb: ws[0], subject: np, rest: span{npEnd, end}, trailing: true}
	}
	// Speaker first: "Brisk wrote", "a Singapore-based spokesman for Google said".
	for i, w := range ws {
		if i >= 12 {
			break
		}
		if isCue(w.text) && i > 0 {
			if !loose && !allNPish(ws[:i]) {
				return nil
			}
			np := e.text[ws[0].start:ws[i-1].end]
			if startsWithConjunction(np) {
				return nil
			}
			c := &clause{verb: w, subject: np, rest: span{w.end, end}, trailing: true}
			e.toldObject(c, end)
			return c
		}
		if !loose && !npish(w.text) {
			return nil
		}
	}
	return nil
}

// before finds the nearest cue before a quotation in its sentence, with its
// subject: "Palace spokesman Ivo Marek said the “…”".
func (e *extractor) before(q quoted, s span, sq []quoted) *clause {
	ws := words(e.text, span{s.start, q.outer.start})
	for i := len(ws) - 1; i >= 0; i-- {
		w := ws[i]
		if insideAny(w.start, sq) || !isCue(w.text) {
			continue
		}
		if i > 0 && passive[strings.ToLower(ws[i-1].text)] {
			continue
		}
		if strings.EqualFold(w.text, "called") && i+1 < len(ws) && !strings.EqualFold(ws[i+1].text, "for") && !strings.EqualFold(ws[i+1].text, "it") && !strings.EqualFold(ws[i+1].text, "them") {
			continue
		}
		subj := e.subjectBefore(ws, i, s)
		if subj == "" || startsWithConjunction(subj) {
			return nil
		}
		c := &clause{verb: w, subject: subj, rest: span{w.end, q.outer.start}}
		e.toldObject(c, q.outer.start)
		// "Roe said that … the council had concluded the “…”": the
		// speaker is the outer one, unless that is only a report relaying
		// it ("The report also said that the US officials believe …").
		for k := i - 1; k >= 0; k-- {
			if insideAny(ws[k].start, sq) || !isCue(ws[k].text) || !strongCues[strings.ToLower(ws[k].text)] || k > 0 && passive[strings.ToLower(ws[k-1].text)] {
				continue
			}
			outer := e.subjectBefore(ws, k, s)
			if outer == "" || isDocument(outer) || startsWithConjunction(outer) {
				break
			}
			c = &clause{verb: ws[k], subject: outer, rest: span{ws[k].end, q.outer.start}}
			e.toldObject(c, q.outer.start)
			break
		}
		return c
	}
	return nil
}

// final reads a reporting clause that ends a sentence: "…, officials
// said." or "…, said GreatFire.org, a China-based group." or "…,
// according to the BBC."
func (e *extractor) final(s span, sq []quoted) *clause {
	ws := words(e.text, s)
	for i := len(ws) - 1; i >= 1; i-- {
		w := ws[i]
		if insideAny(w.start, sq) {
			return nil
		}
		if strings.EqualFold(w.text, "according") && i+1 < len(ws) && ws[i+1].text == "to" {
			before := strings.TrimSpace(e.text[s.start:w.start])
			if !strings.HasSuffix(before, ",") {
				return nil
			}
			np, npEnd := e.forwardNP(ws[i+2:], s.end)
			if np == "" {
				return nil
			}
			return &clause{verb: word{"according to", w.start, ws[i+1].end}, subject: np, rest: span{npEnd, s.end}, trailing: true, content: span{s.start, strings.LastIndex(e.text[:w.start], ",")}}
		}
		if !isCue(w.text) || strings.HasSuffix(w.text, "ing") {
			continue
		}
		if len(ws)-i > 10 {
			return nil // a closing cue is followed by a few words at most
		}
		// Verb first, right after a comma: "…, said GreatFire.org".
		if strings.HasSuffix(strings.TrimSpace(e.text[s.start:w.start]), ",") {
			np, npEnd := e.forwardNP(ws[i+1:], s.end)
			if np == "" {
				return nil
			}
			comma := strings.LastIndex(e.text[:w.start], ",")
			return &clause{verb: w, subject: np, rest: span{npEnd, s.end}, trailing: true, content: span{s.start, comma}}
		}
		// Speaker first: "…, the governor said."
		for j := i - 1; j >= 0 && i-j <= 12; j-- {
			between := e.text[ws[j].end:ws[j+1].start]
			if strings.Contains(between, ",") && j+1 < i {
				last := i
				for last > j+1 && adverbs[strings.ToLower(ws[last-1].text)] {
					last-- // "…, researchers have said."
				}
				if last == j+1 {
					return nil
				}
				np := e.text[ws[j+1].start:ws[last-1].end]
				if !allNPish(ws[j+1:last]) || startsWithConjunction(np) {
					return nil
				}
				c := &clause{verb: w, subject: np, rest: span{w.end, s.end}, trailing: true, content: span{s.start, ws[j].end + strings.Index(between, ",")}}
				e.toldObject(c, s.end)
				return c
			}
			if strings.ContainsAny(between, "“”\".;:") {
				return nil
			}
		}
		return nil
	}
	return nil
}

// toldObject records the object of "told", whose outlet is a channel.
func (e *extractor) toldObject(c *clause, end int) {
	v := strings.ToLower(c.verb.text)
	if v != "told" && v != "tells" && v != "telling" {
		return
	}
	c.told = strings.TrimSpace(e.text[c.verb.end:end])
}

// subjectBefore returns the noun phrase before the cue ws[i]: the speaker.
// It steps over an appositive ("Oren Vale, an adviser to …, said")
// and an aside ("Netanyahu, however, said").
func (e *extractor) subjectBefore(ws []word, i int, s span) string {
	if i == 0 {
		return ""
	}
	v := strings.ToLower(ws[i].text)
	if strings.HasSuffix(v, "ing") {
		// "…, saying he trusted": the subject of the sentence.
		if i > 0 && isCapitalized(ws[i-1].text) && !strings.Contains(e.text[ws[i-1].end:ws[i].start], ",") {
			j := i - 1
			for j > 0 && isCapitalized(ws[j-1].text) && !strings.ContainsAny(e.text[ws[j-1].end:ws[j].start], ",") {
				j--
			}
			return e.text[ws[j].start:ws[i-1].end]
		}
		return e.sentenceSubject(s)
	}
	prev := strings.ToLower(ws[i-1].text)
	if prev == "and" {
		// "Okafor said he never used the term … and added": the subject
		// of the cue before.
		for k := i - 2; k > 0; k-- {
			if isCue(ws[k].text) && !strings.HasSuffix(ws[k].text, "ing") {
				return e.subjectBefore(ws, k, s)
			}
		}
		return ""
	}
	if pronouns[prev] && (i == 1 || !strings.Contains(e.text[ws[i-2].end:ws[i-1].start], "'")) {
		return ws[i-1].text
	}
	if prev == "who" && i >= 2 && !strings.Contains(e.text[ws[i-2].end:ws[i-1].start], ",") {
		// "spoke with a witness who said …": the one "who" stands for.
		return e.subjectBefore(append(ws[:i-1:i-1], ws[i]), i-1, s)
	}
	if adverbs[prev] || strings.HasSuffix(prev, "ly") && !isCapitalized(ws[i-1].text) && len(prev) > 4 {
		if i >= 2 {
			return e.subjectBefore(append(ws[:i-1:i-1], ws[i]), i-1, s)
		}
		return ""
	}
	end := i // exclusive
	// "X, an adviser to Y, said": skip back over the appositive.
	gap := e.text[ws[i-1].end:ws[i].start]
	appos := ""
	if strings.Contains(gap, ",") {
		j := i - 1
		for j > 0 && !strings.Contains(e.text[ws[j-1].end:ws[j].start], ",") {
			j--
		}
		if j == 0 {
			return ""
		}
		seg := strings.ToLower(ws[j].text)
		if strings.HasSuffix(seg, "ing") && !roleAdjectives[seg] && j >= 2 && strings.Contains(e.text[ws[j-1].end:ws[j].start], ",") {
			// "Jane Roe, an analyst at a think tank, referring to
			// the collapse, told": step over the aside too.
			return e.subjectBefore(append(ws[:j:j], ws[i]), j, s)
		}
		if seg == "however" || seg == "meanwhile" || seg == "though" || seg == "too" || seg == "instead" {
			end = j
		} else {
			appos = e.text[ws[j].start:ws[i-1].end]
			end = j
		}
	}
	k := end
	for k > 0 {
		w := ws[k-1].text
		g := ""
		if k < end {
			g = e.text[ws[k-1].end:ws[k].start]
		} else if k == end && end < i && appos == "" {
			g = ""
		}
		if strings.ContainsAny(g, ",;:()“”\"") {
			break
		}
		if !npish(w) {
			break
		}
		k--
	}
	// Drop small words that start the run but belong to the clause before
	// ("in the south" … is not reached; "and", "of" at the start are).
	for k < end && (npFiller[strings.ToLower(ws[k].text)] && !lowerArticle(ws[k].text)) {
		k++
	}
	if k >= end {
		return ""
	}
	// A capitalised sentence opener is not a name: "For", "But", "When".
	for k < end && k == 0 && openers[ws[k].text] {
		k++
	}
	// Not a date or a number: " date 2023-05-25 American officials".
	for k < end && strings.IndexFunc(ws[k].text, unicode.IsDigit) >= 0 {
		k++
	}
	// Not a time: "Jane Roe in February revealed".
	for m := k + 1; m < end-1; m++ {
		if (ws[m].text == "in" || ws[m].text == "on" || ws[m].text == "at" || ws[m].text == "last" || ws[m].text == "this") && timeWords[strings.ToLower(ws[m+1].text)] {
			end = m
			break
		}
	}
	if k >= end {
		return ""
	}
	np := e.text[ws[k].start:ws[end-1].end]
	if appos != "" {
		np += ", " + appos
	}
	// "Omar Lamrani, a senior military analyst at Stratfor, the
	// Texas-based …, told": the name is before the first appositive.
	if appos != "" && k > 0 && (ws[k].text == "a" || ws[k].text == "an" || ws[k].text == "the") && strings.Contains(e.text[ws[k-1].end:ws[k].start], ",") {
		m := k - 1
		for m > 0 && !strings.ContainsAny(e.text[ws[m-1].end:ws[m].start], ",;:()“”\"") && npish(ws[m-1].text) {
			m--
		}
		if isCapitalized(ws[m].text) && allNPish(ws[m:k]) && !(m == 0 && openers[ws[m].text]) && (m == 0 || strings.Contains(e.text[ws[m-1].end:ws[m].start], ",") || !npish(ws[m-1].text)) {
			np = e.text[ws[m].start:ws[k-1].end] + ", " + np
		}
	}
	return np
}

// roleAdjectives are words in -ing that open a role, not an aside:
// "Jane Roe, managing editor of …, told" (against "Jane Roe, referring
// to …, told").
var roleAdjectives = wordSet(`acting managing founding leading visiting presiding outgoing incoming
	ruling governing sitting commanding consulting contributing supervising coordinating`)

// documentWords end the name of a report or an outlet, whose "said" only
// relays what someone else said.
var documentWords = wordSet(`report article story statement release outlet correction analysis
	document newspaper paper times news post journal reuters bbc cnn ap afp media outlets`)

func isDocument(np string) bool {
	head, _, _ := strings.Cut(np, ",")
	return documentWords[strings.ToLower(lastWord(head))]
}

var timeWords = wordSet(`january february march april may june july august september october
	november december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday
	thursday friday saturday sunday week month year morning evening night afternoon
	recent 2019 2020 2021 2022 2023 2024 2025 2026`)

// adverbs and auxiliaries may stand between a speaker and the cue: "He
// has always denied".
var adverbs = wordSet(`also always later then further again never previously had has have
	still once first often repeatedly reportedly would will could may might did does do
	already even just initially separately`)

// ppStarts begin a phrase after a speaker's name that is not part of it.
var ppStarts = wordSet(`in on at during after before last this since until when while`)

// nameOpeners start sentences and are not first names: "Both Johnson
// and Corbyn".
var nameOpeners = wordSet(`The A An Both Neither Either Many Some Several Other Another All Most
	Few This That These Those His Her Its Their Our My Your We They He She It I Two Three Four
	Five Former Then Now Here There What Who Why How Where`)

// openers start sentences and are never part of a name.
var openers = wordSet(`But And For When While Although Though After Before As If In On At Since Then So Yet Also However Meanwhile Still
	Now Here There Today Yesterday Later Earlier Instead Separately Indeed Critically`)

func hasDigit(s string) bool { return strings.IndexFunc(s, unicode.IsDigit) >= 0 }

// sentenceSubject returns the noun phrase that starts a sentence, if it
// names someone: "National Security Council spokesman Ada Quist".
func (e *extractor) sentenceSubject(s span) string {
	ws := words(e.text, s)
	if len(ws) > 0 && openers[ws[0].text] {
		// "In a reflection of the confusion, the Electoral Commission …"
		i := strings.IndexByte(e.text[s.start:s.end], ',')
		if i < 0 || i > 80 {
			return ""
		}
		ws = words(e.text, span{s.start + i + 1, s.end})
	}
	if len(ws) > 0 && demonstratives[strings.ToLower(ws[0].text)] {
		// "Why Northland might have …": a question or a clause, not a name.
		return ""
	}
	k := 0
	for k < len(ws) && npish(ws[k].text) {
		if k > 0 && strings.ContainsAny(e.text[ws[k-1].end:ws[k].start], ",;:()“”\"") {
			break
		}
		k++
	}
	if k == 0 || k == len(ws) {
		return ""
	}
	for k > 0 && npFiller[strings.ToLower(ws[k-1].text)] {
		k--
	}
	if k == 0 {
		return ""
	}
	return e.text[ws[0].start:ws[k-1].end]
}

// forwardNP reads the noun phrase that follows a verb ("said White House
// Press Secretary Stephanie Grisham", "said a member of GreatFire.org, who
// uses a pseudonym") and returns it with where it ends. An appositive
// after a comma is part of it, unless end is -1.
func (e *extractor) forwardNP(ws []word, end int) (string, int) {
	if len(ws) == 0 {
		return "", end
	}
	k := 0
	for k < len(ws) && (npish(ws[k].text) || k > 0 && (isCapitalized(ws[k].text) || strings.ContainsAny(ws[k].text, "."))) {
		if k > 0 && strings.ContainsAny(e.text[ws[k-1].end:ws[k].start], ",;:()“”\"") {
			break
		}
		if lw := strings.ToLower(ws[k].text); k > 0 && (ppStarts[lw] || timeWords[lw]) {
			break // "Jane Roe with Example Labs in a Monday report"
		}
		k++
	}
	// Trailing small words belong to what follows: "GreatFire.org in".
	for k > 0 && npFiller[strings.ToLower(ws[k-1].text)] {
		k--
	}
	if k == 0 {
		return "", end
	}
	np := e.text[ws[0].start:ws[k-1].end]
	npEnd := ws[k-1].end
	// ", an appositive" up to the next comma or the end.
	if end < 0 {
		return np, npEnd
	}
	rest := e.text[npEnd:end]
	if strings.HasPrefix(rest, ",") {
		a := rest[1:]
		if i := strings.IndexAny(a, ",;"); i >= 0 {
			a = a[:i]
		}
		a = strings.TrimRight(a, ". ")
		if strings.TrimSpace(a) != "" && !strings.HasPrefix(strings.TrimSpace(a), "according") {
			np += "," + a
			npEnd += 1 + len(a)
		}
	}
	return np, npEnd
}

// npish reports whether a word can stand in a speaker's noun phrase.
func npish(w string) bool {
	lw := strings.ToLower(w)
	if isCue(lw) {
		return false
	}
	if isCapitalized(w) {
		return true
	}
	return npFiller[lw] || npNouns[lw] || titleWords[lw] || strings.Contains(lw, "-") || strings.HasSuffix(lw, "’s") || strings.HasSuffix(lw, "'s") || strings.HasSuffix(lw, "-in-chief")
}

func allNPish(ws []word) bool {
	for _, w := range ws {
		if !npish(w.text) {
			return false
		}
	}
	return true
}

// isCue reports whether w introduces speech or writing.
func isCue(w string) bool { return knowledge.CueVerb(w) || moreCueVerbs[w] }

// indirectCue reports whether the cue w also introduces reported speech:
// "said that …".
func indirectCue(w string) bool { return isCue(w) && !notIndirect[w] }

func insideAny(at int, sq []quoted) bool {
	for _, q := range sq {
		if q.outer.start <= at && at < q.outer.end {
			return true
		}
	}
	return false
}

// maxSentence bounds the sentences read for quotations, which also bounds
// the work per sentence.
const maxSentence = 3000

// strongCues introduce reported speech without "that": "Okafor said he
// had no knowledge"; the other cues need it ("admitted that …").
var strongCues = wordSet(`said says say told tells added adds wrote writes noted notes stated
	claimed claims warned argued insisted believe believes thinks reported suggested
	acknowledged predicted estimated stressed reiterated`)

// indirect finds the reported speech of a sentence: "Okafor said he had no
// knowledge of …", "…, the governor said." Each clause's content has at
// least three words outside quotation marks; used holds the positions of
// cues that already introduce a direct quotation.
func (e *extractor) indirect(s span, sq []quoted, used map[int]bool) []*clause {
	ws := words(e.text, s)
	var out []*clause
	coveredTo := -1 // content already taken: nested cues inside it are the speaker's words
	// "X said (that) …"
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		lw := strings.ToLower(w.text)
		if w.start < coveredTo || insideAny(w.start, sq) || !isCue(w.text) || !indirectCue(lw) || used[w.start] {
			continue
		}
		if strings.HasSuffix(lw, "ing") && (i == 0 || !strings.Contains(e.text[ws[i-1].end:w.start], ",")) {
			continue // only ", saying …" reports what the subject said
		}
		if i > 0 && passive[strings.ToLower(ws[i-1].text)] {
			continue
		}
		if lw == "pointed" && (i+1 >= len(ws) || ws[i+1].text != "out") {
			continue
		}
		subj := e.subjectBefore(ws, i, s)
		if subj == "" || startsWithConjunction(subj) {
			continue
		}
		j := i + 1
		if lw == "pointed" {
			j++
		}
		told := ""
		if lw == "told" || lw == "tells" {
			// The object: a capitalised name or one word ("reporters").
			k := j
			for k < len(ws) && k-j < 6 && (isCapitalized(ws[k].text) || k == j && (lowerArticle(ws[k].text) || npNouns[strings.ToLower(ws[k].text)]) || k > j && (ws[k].text == "of" || npNouns[strings.ToLower(ws[k].text)] || strings.HasSuffix(ws[k].text, "-based"))) {
				k++
			}
			if k == j {
				continue
			}
			told = "x"
			j = k
		}
		that := j < len(ws) && ws[j].text == "that"
		// "said in a statement that …", "told X on Nov. that …"
		if j < len(ws) && !that && (!clauseStart(ws[j].text) || told != "") {
			for k := j; k < len(ws) && k-j < 10; k++ {
				if ws[k].text == "that" && !strings.ContainsAny(e.text[ws[j].start:ws[k].start], "“”\"") && (told != "" || !strings.Contains(e.text[ws[j].start:ws[k].start], ",")) {
					j, that = k, true
					break
				}
			}
		}
		if that {
			j++
		}
		if j >= len(ws) || !that && !strongCues[lw] && !strongCues[strings.TrimSuffix(lw, "ing")+"ed"] && lw != "saying" {
			continue
		}
		gap := e.text[ws[j-1].end:ws[j].start]
		if strings.ContainsAny(gap, ":,") && !strings.Contains(gap, "“") {
			continue // "said: “…”" is a direct quotation
		}
		if first := strings.ToLower(ws[j].text); !that && !clauseStart(first) || first == "and" || first == "but" || first == "or" {
			continue
		}
		content := trimSpan(e.text, span{ws[j].start, sentenceEnd(e.text, s)})
		if insideAny(content.start, sq) {
			// "added that “…” also suggesting": the quotation is what was
			// said; what follows it is the writer's.
			continue
		}
		// "While A stated that …, B stated that …": A's content ends at the
		// comma before B.
		for k := j + 1; k < len(ws); k++ {
			if ws[k].start >= content.end || !isCue(ws[k].text) || insideAny(ws[k].start, sq) {
				continue
			}
			if lk := strings.ToLower(ws[k].text); strings.HasSuffix(lk, "ing") && indirectCue(lk) {
				// "…, adding that …" starts a second clause of the same speaker.
				if pre := strings.TrimRight(e.text[content.start:ws[k].start], " "); strings.HasSuffix(pre, ",") {
					content.end = content.start + len(pre) - 1
					break
				}
				continue
			}
			if strings.EqualFold(ws[k-1].text, "and") {
				// "… and added, “…”": a second cue of the same speaker.
				if pre := strings.TrimRight(e.text[content.start:ws[k-1].start], " "); len(pre) > 0 {
					content.end = content.start + len(pre)
					break
				}
			}
			if !strongCues[strings.ToLower(ws[k].text)] {
				continue
			}
			sub := e.subjectBefore(ws, k, s)
			if sub == "" {
				continue
			}
			// The comma before the other speaker: "…, multiple
			// open-source analysts stated".
			comma := strings.LastIndex(e.text[content.start:ws[k].start], ",")
			between := strings.Fields(e.text[content.start+comma+1 : ws[k].start])
			if comma < 0 || len(between) > 6 || len(between) > 0 && startsWithConjunction(between[0]) {
				continue // "…, which it said used …" is still the same clause
			}
			content.end = content.start + comma
			break
		}
		if outsideWords(e.text, content, sq) < 3 {
			continue
		}
		if told != "" {
			told = strings.TrimSpace(e.text[w.end:ws[j].start])
		}
		c := &clause{verb: w, subject: subj, rest: span{w.end, ws[j].start}, content: content, told: told}
		out = append(out, c)
		coveredTo = content.end
	}
	if len(out) > 0 {
		return out
	}
	// "According to the Pentagon, the base serves …"
	if len(ws) > 3 && ws[0].text == "According" && ws[1].text == "to" {
		np, npEnd := e.forwardNP(ws[2:], -1)
		if np != "" && strings.HasPrefix(e.text[npEnd:], ",") {
			content := trimSpan(e.text, span{npEnd + 1, sentenceEnd(e.text, s)})
			if outsideWords(e.text, content, sq) >= 3 {
				return []*clause{{verb: word{"according to", ws[0].start, ws[1].end}, subject: np, rest: span{npEnd, npEnd}, content: content}}
			}
		}
		return nil
	}
	// "…, the governor said." and "…, according to the BBC."
	if c := e.final(s, sq); c != nil && c.content.end > c.content.start {
		content := trimSpan(e.text, c.content)
		if insideAny(content.start, sq) {
			// "“…,” Brisk wrote on his Telegram channel, according
			// to a wire agency": the content is a quotation with its own cue.
			return nil
		}
		if outsideWords(e.text, content, sq) >= 3 && !startsWithQuote(e.text, content, sq) {
			c.content = content
			return []*clause{c}
		}
	}
	return nil
}

// startsWithConjunction reports whether a would-be speaker starts with a
// conjunction or is nobody in particular ("Nobody said anything").
func startsWithConjunction(np string) bool {
	f := strings.ToLower(strings.SplitN(np, " ", 2)[0])
	switch f {
	case "and", "but", "or", "while", "as", "because", "when", "which", "who", "that",
		"nobody", "no", "none", "everyone", "everybody", "someone", "somebody", "anyone",
		"anybody", "nothing", "something", "i", "we", "you":
		return true
	}
	return false
}

// clauseStart reports whether a word can start a reported clause: not a
// preposition of time or place ("said on Sunday").
func clauseStart(w string) bool {
	switch strings.ToLower(w) {
	case "in", "on", "at", "during", "after", "before", "to", "with", "by", "for", "from", "of", "about", "as", "through", "via", "last", "earlier", "later", "this", "yesterday", "today", "tomorrow", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday":
		return w == "this" // "said this case demonstrates …"
	}
	return true
}

func sentenceEnd(text string, s span) int {
	end := s.end
	for end > s.start {
		r, w := utf8.DecodeLastRuneInString(text[:end])
		if r == '.' || r == '!' || r == '?' || unicode.IsSpace(r) {
			end -= w
			continue
		}
		break
	}
	return end
}

func startsWithQuote(text string, s span, sq []quoted) bool {
	for _, q := range sq {
		if q.outer.start <= s.start && s.start < q.outer.end && q.outer.end >= s.end-2 {
			return true
		}
	}
	return false
}

// outsideWords counts the words of s outside quotation marks.
func outsideWords(text string, s span, sq []quoted) int {
	n := 0
	for _, w := range words(text, s) {
		if !insideAny(w.start, sq) {
			n++
		}
	}
	return n
}
