package draft

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/incidentbot/incidentbot/knowledge"
)

// Event is a sentence of the article that reports something happening at
// a time the article gives. Sentence is verbatim from the article.
type Event struct {
	Sentence string
	// Start and End locate Sentence in the article.
	Start, End int
	Date       knowledge.Date
	// DateNote says how Date was worked out; empty when the article
	// prints the date in full.
	DateNote string
	// Actors are the speakers of the article the sentence names.
	Actors []*Speaker
	// Undated is true when the article gives no time for it: Date is
	// then "on or before the publication date".
	Undated bool
}

// Claim is a contested statement the article reports, and who stands
// where on it.
type Claim struct {
	// Statement is the words of the article the positions are about.
	Statement string
	Positions []Position
}

// Position is one speaker's stance on a claim, in one sentence of the
// article.
type Position struct {
	Who    *Speaker
	Stance string
	// Cue is the words the stance was read from ("rejected", "could
	// not verify").
	Cue      string
	Sentence string
	// Start and End locate Sentence in the article.
	Start, End int
	// Quote is the index, in the quotations the positions were found
	// with, of this speaker's quotation in the same sentence; -1 if none.
	Quote int
	// Statement is what the position is on, when it is not the
	// quotation's words nor the sentence: the second "that" clause of
	// one reporting verb.
	Statement string
}

// sentence is one sentence of the article with the quotations inside it.
type sentence struct {
	span
	quoted []quoted
	// sentStart and sentEnd are the whole sentence's bounds, when this is
	// one clause of it.
	sentStart, sentEnd int
}

// articleSentences lists the sentences of the article's paragraphs, less
// the lines that are not prose: a heading or a header ("date 2023-05-25")
// ends with no stop and has few words.
func articleSentences(text string) []sentence {
	var out []sentence
	for _, p := range paragraphs(text) {
		qs := quotations(text, p)
		for _, s := range sentences(text, p, qs) {
			if s.len() > maxSentence || !isProse(text[s.start:s.end]) {
				continue
			}
			var sq []quoted
			for _, q := range qs {
				if q.outer.start < s.end && q.outer.end > s.start {
					sq = append(sq, q)
				}
			}
			out = append(out, sentence{span: s, quoted: sq, sentStart: s.start, sentEnd: s.end})
		}
	}
	return out
}

// isProse reports whether s reads as a sentence rather than a heading or
// a header line: it ends with a stop or a closing quotation mark, or runs
// to more than a dozen words.
func isProse(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	if len(strings.Fields(s)) > 12 {
		return true
	}
	last, _ := lastRune(s)
	return strings.ContainsRune(".!?”\"’'…", last) && len(strings.Fields(s)) > 3
}

func lastRune(s string) (rune, int) {
	r := []rune(s)
	if len(r) == 0 {
		return 0, 0
	}
	return r[len(r)-1], len(r)
}

// Events finds the sentences of an article that report something at a
// time the article gives, and resolves that time against the publication
// date pub (which may be zero, a range or only a year or month). quotes
// are the article's quotations, whose speakers become the events' actors.
func Events(text string, quotes []Quote, pub knowledge.Date) []Event {
	var out []Event
	var prev knowledge.Date
	// Relative dates are counted from the publication date as the
	// article narrows it; what it does not date is bounded by the
	// publication date as given.
	given := pub
	pub, narrowNote := narrowed(text, pub)
	for _, s := range articleSentences(text) {
		raw := text[s.start:s.end]
		words := raw
		if n := datelineEnd(text) - s.start; n > 0 {
			// The dateline is when the copy was filed, not when what
			// the sentence reports happened.
			words = strings.Repeat(" ", min(n, len(raw))) + raw[min(n, len(raw)):]
		}
		d, note, at := findDate(words, dateContext{pub: pub, prev: prev})
		if d.IsZero() {
			// A happening the article does not date: before its
			// publication, which is all the article says of when.
			if end := given.Finish(); !end.IsZero() && happening.MatchString(outside(text, s)) {
				d = knowledge.Date{OpenStart: true, End: &end}
				note = "the article does not say when; it happened before the article was published (" + given.String() + ")"
				at = [2]int{0, 0}
			} else {
				continue
			}
		}
		if end := given.Finish(); at[1] > 0 && !end.IsZero() && insideAny(s.start+at[0], s.quoted) && eventVerb.MatchString(outside(text, s)) && saidNow.MatchString(words[at[0]:at[1]]) {
			// "today" in someone's words is the day they said them,
			// which need not be the day the article came out. (Without
			// a happening of its own, the sentence is left out below.)
			d = knowledge.Date{OpenStart: true, End: &end}
			note = fmt.Sprintf("“%s” in someone's words is counted from when they said them, which the article does not give; it was before the article was published (%s)", words[at[0]:at[1]], given)
			at = [2]int{0, 0}
		}
		undated := at[1] == 0
		if narrowNote != "" && !undated && strings.Contains(note, pub.String()) {
			note += "; " + narrowNote
		}
		if !d.IsRange() {
			prev = d
		}
		if at[1] > 0 && !d.IsRange() && attributive(raw, at) && !medium(raw, at) && reports(outside(text, s)) {
			// "Officials told the Times that the May 3 attack …": the
			// date names what is spoken of; the telling came after it,
			// and before the article.
			if end := given.Finish(); !end.IsZero() && d.Start().String() < end.String() {
				r := d
				r.End = &end
				d = r
				note = fmt.Sprintf("“%s” in the article names what the sentence speaks of; what it reports came between then and the publication date %s", raw[at[0]:at[1]], given)
			}
		}
		if at[1] > 0 && insideAny(s.start+at[0], s.quoted) && s.quoted[0].inner.len() > 0 && !eventVerb.MatchString(outside(text, s)) && !fullDate.MatchString(raw[at[0]:at[1]]) {
			// A date only inside someone's words, in a sentence that
			// reports no happening of its own, unless printed in full:
			// then that one, later in the same words ("I was not at
			// the May 3 meeting. … were published on June 9,
			// 2024").
			loc := fullDate.FindStringIndex(words[at[1]:])
			if loc == nil {
				continue
			}
			from := at[1] + strings.LastIndexAny(words[at[1]:at[1]+loc[0]], ".!?;")
			d2, note2, at2 := findDate(words[from+1:], dateContext{pub: pub, prev: prev})
			if d2.IsZero() || !fullDate.MatchString(words[from+1+at2[0]:from+1+at2[1]]) {
				continue
			}
			d, note, at = d2, note2, [2]int{from + 1 + at2[0], from + 1 + at2[1]}
		}
		lead := len(raw) - len(strings.TrimLeftFunc(raw, unicode.IsSpace))
		ev := Event{Sentence: strings.TrimSpace(raw), Start: s.start + lead, End: s.start + lead + len(strings.TrimSpace(raw)), Date: d, DateNote: note, Undated: undated}
		ev.Actors = actorsIn(ev.Sentence, quotes)
		out = append(out, ev)
	}
	return out
}

// saidNow are the time expressions counted from the moment of speaking:
// in quoted words, from when they were said.
var saidNow = regexp.MustCompile(`(?i)^(?:today|tonight|yesterday|(?:earlier |later )?(?:last|this|next) (?:week|month|year)|earlier this (?:week|month|year)|.* ago)$`)

// attributive reports whether the date at in sentence names a thing
// ("the May 3 bridge collapse", "Trump's July 25 call"): after an article or
// a possessive, before a word in lower case.
func attributive(sentence string, at [2]int) bool {
	before := strings.Fields(sentence[:at[0]])
	after := strings.Fields(sentence[at[1]:])
	if len(before) == 0 || len(after) == 0 || !unicode.IsLower([]rune(after[0])[0]) {
		return false
	}
	w := strings.ToLower(before[len(before)-1])
	return determiners[w] || strings.HasSuffix(w, "’s") || strings.HasSuffix(w, "'s")
}

// medium reports whether the date at in sentence names what the words
// reported were said in ("said … in a Monday statement", "at her Tuesday
// briefing"): the saying is of that day.
func medium(sentence string, at [2]int) bool {
	before := strings.Fields(sentence[:at[0]])
	if len(before) < 2 {
		return false
	}
	det, prep := strings.ToLower(before[len(before)-1]), strings.ToLower(before[len(before)-2])
	return (prep == "in" || prep == "at" || prep == "during") && speechDeterminers[det]
}

// speechDeterminers open the noun of a statement made by the one who
// speaks; "the" names a thing spoken of as often.
var speechDeterminers = wordSet(`a an his her its their our`)

// reports reports whether words say that someone told or said
// something: a verb that introduces speech.
func reports(s string) bool {
	for _, w := range strings.Fields(s) {
		if isCue(strings.ToLower(strings.Trim(w, ",.;:"))) {
			return true
		}
	}
	return false
}

// happening is a verb in the past tense of something happening that news
// reports: an attack, a release, an arrest, a ruling, a statement made
// public (an accusation, a denial, a confirmation, a link drawn, words
// said or told in a statement, a release or an email: saying so is
// itself what happened), a warning being given ("are warning of"; the
// noun alone is none), a finding (found, spotted, infected), a handing
// over and a referral.
var happening = regexp.MustCompile(`\b(?:attacked|struck|hit|killed|wounded|injured|fired|launched|exploded|bombed|shelled|destroyed|damaged|seized|captured|arrested|detained|released|freed|kidnapped|abducted|charged|sentenced|convicted|pleaded|indicted|dropped|closed|opened|banned|blocked|suspended|resigned|died|crashed|fled|evacuated|withdrew|deployed|invaded|signed|voted|approved|passed|rejected|announced|published|issued|unveiled|declared|ordered|imposed|sanctioned|raided|testified|met|visited|began|ended|renamed|hacked|leaked|claimed|accused|blamed|denied|dismissed|confirmed|admitted|acknowledged|alleged|warned|threatened|hinted|revealed|vowed|demanded|condemned|praised|apologized|apologised|handed|flown|flew|welcomed|expressed|distributed|found|discovered|spotted|detected|infected|urged|filed|sued|ruled|fined|agreed|exchanged|swapped|returned|rescued|elected|appointed|removed|stole|stolen|breached|compromised|posted|tweeted|postponed|cancell?ed|collapsed|erupted|(?:is|are|was|were|been) warning|referred|linked|(?:said|told [^.,;“”"]{1,40}?) (?:in|at) (?:a|an|the|his|her|its|their) (?:\w+ )?(?:statement|release|email|interview|briefing|conference|analysis|post|tweet|letter|speech))\b`)

// eventVerb is a verb of happening in the past, as news reports it.
var eventVerb = regexp.MustCompile(`\b\w+ed\b|\b(?:began|begun|took|met|held|made|said|told|wrote|struck|hit|shot|fled|left|sent|won|lost|fell|rose|brought|came|went|gave|found|held|led|broke|spoke|sought|thought|saw|put|set|cut|ran|paid|built)\b`)

// fullDate is a date printed with its year, which dates what a speaker
// recounts ("the transcript was released on September 25, 2019").
var fullDate = regexp.MustCompile(`\d{4}`)

// outside is the sentence's words outside its quotation marks.
func outside(text string, s sentence) string {
	var b strings.Builder
	at := s.start
	for _, q := range s.quoted {
		if q.outer.start > at {
			b.WriteString(text[at:q.outer.start])
		}
		at = max(at, q.outer.end)
	}
	if at < s.end {
		b.WriteString(text[at:s.end])
	}
	return b.String()
}

// actorsIn lists, once each, the speakers of quotes whose full name or
// surname the sentence has.
func actorsIn(sentence string, quotes []Quote) []*Speaker {
	var out []*Speaker
	seen := map[*Speaker]bool{}
	for _, q := range quotes {
		sp := q.Who
		if sp == nil || seen[sp] || !sp.Named {
			continue
		}
		name := sp.Name
		if sp.Person && strings.Contains(name, " ") {
			name = surname(name)
		}
		if knowledge.HasWords(sentence, name) {
			seen[sp] = true
			out = append(out, sp)
		}
	}
	return out
}

// Sentences lists the sentences of an article's text, less its header
// and headings, each with the byte offset where it starts.
func Sentences(text string) []Sentence {
	var out []Sentence
	for _, s := range articleSentences(text) {
		raw := text[s.start:s.end]
		t := strings.TrimSpace(raw)
		out = append(out, Sentence{Text: t, Start: s.start + strings.Index(raw, t)})
	}
	return out
}

// Sentence is one sentence of an article, verbatim.
type Sentence struct {
	Text  string
	Start int
}
