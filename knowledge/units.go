package knowledge

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Passage is what /ask can lead with: one sentence of a cited excerpt
// (see units), or a direct quote's exact words, tied to the entry it
// belongs to. Both are verbatim source text, so the lead of an answer is
// never the curator's paraphrase, and neither is cut inside a quotation.
type Passage struct {
	// Kind and ID name the entry (event, quote or claim).
	Kind, ID string
	// Text is verbatim: a sentence of Source's excerpt (with the sentence
	// that must go with it: a quotation's second part, a question's
	// answer; or part of a quotation too long to lead whole, "…" inside
	// its marks for what is left out), or a direct quote's words (Source
	// then is the quote's first citation's).
	Text   string
	Source string
	// Quote marks Text as a direct quote's own words.
	Quote bool
	// Position is the claim position the excerpt belongs to, -1 otherwise.
	Position int
}

// passages lists every passage of the base: each direct quote's words and
// each sentence of every excerpt, in file order, and whom each quotes. The
// same sentence cited by several entries is a passage of each, so that the
// answer can show it under the entry that best fits the question.
func passages(b *Base) ([]Passage, map[Passage][]string) {
	var out []Passage
	quoting := map[Passage][]string{}
	direct, reported := map[string][]*Quote{}, map[string][]*Quote{}
	for i := range b.Quotes {
		q := &b.Quotes[i]
		by := direct
		if q.Kind != Direct {
			by = reported
		}
		for _, c := range q.Citations {
			if !slices.Contains(by[c.Source], q) {
				by[c.Source] = append(by[c.Source], q)
			}
		}
	}
	add := func(kind, id string, pos int, cs []Citation) {
		for _, c := range cs {
			cr := crediting{b: b, direct: direct[c.Source], reported: reported[c.Source]}
			for _, u := range units(c.Excerpt, cr.credit) {
				p := Passage{Kind: kind, ID: id, Text: u.text, Source: c.Source, Position: pos}
				out = append(out, p)
				if len(u.quoting) > 0 {
					quoting[p] = u.quoting
				}
			}
		}
	}
	for _, e := range b.Events {
		add(KindEvent, e.ID, -1, e.Citations)
	}
	for _, q := range b.Quotes {
		if q.Kind == Direct && len(q.Citations) > 0 {
			p := Passage{Kind: KindQuote, ID: q.ID, Text: q.Text, Source: q.Citations[0].Source, Quote: true, Position: -1}
			out = append(out, p)
			quoting[p] = []string{q.Speaker}
		}
		add(KindQuote, q.ID, -1, q.Citations)
	}
	for _, c := range b.Claims {
		for i, p := range c.Positions {
			add(KindClaim, c.ID, i, p.Citations)
		}
	}
	return out, quoting
}

// unit is what an excerpt can lead with: a sentence, a quotation split
// around its cue with the part that follows it, or a question put to
// someone with their answer; quoting is whom its quotations are credited
// to, cued whether a cue of its own credits them.
type unit struct {
	span
	text    string
	quoting []string
	cued    bool
}

// maxUnit bounds, in bytes, the sentences joined into one unit: a longer
// quotation leads in its parts, each whole.
const maxUnit = 600

// units cuts an excerpt into sentences, with whom credit says each quotes,
// and keeps together what reads only together: a quotation split around
// its cue (“A,” Goldsmith said. “B.”), and a quoted question with the
// answer that follows it (“…?” Lindqvist asked. “That's correct,” Okafor
// said.), whose answer alone says nothing and whose question alone is
// not the answer's speaker's.
func units(excerpt string, credit func(string) ([]string, bool)) []unit {
	text := strings.TrimSpace(excerpt)
	var out []unit
	for _, s := range sentenceSpans(text) {
		u := unit{span: s}
		u.quoting, u.cued = credit(text[s.start:s.end])
		if len(out) > 0 && s.end-out[len(out)-1].start <= maxUnit {
			prev := &out[len(out)-1]
			goesOn := !u.cued && len(u.quoting) > 0 && opensAt(text[s.start:s.end], 0) && slices.Equal(u.quoting, prev.quoting)
			answers := quotedQuestion(text[prev.start:prev.end]) && u.cued && len(u.quoting) > 0 &&
				opensAt(text[s.start:s.end], 0) && !slices.Equal(u.quoting, prev.quoting)
			if goesOn || answers {
				prev.end = s.end
				for _, id := range u.quoting {
					if !slices.Contains(prev.quoting, id) {
						prev.quoting = append(prev.quoting, id)
					}
				}
				continue
			}
		}
		out = append(out, u)
	}
	var cut []unit
	for _, u := range out {
		u.text = text[u.start:u.end]
		cut = append(cut, shortened(u)...)
	}
	return cut
}

// shortened is a unit, or, when it is longer than maxUnit for a quotation
// of many sentences, the unit in parts: each with the quotation's marks,
// the words around it, and some of its sentences, the others left out
// with an ellipsis inside the marks (“A. B. …,” she said.).
func shortened(u unit) []unit {
	if len(u.text) <= maxUnit {
		return []unit{u}
	}
	var q quoted
	for _, c := range quotations(u.text) {
		if c.whole && c.end-c.start > q.end-q.start {
			q = c
		}
	}
	if q.end == 0 {
		return []unit{u}
	}
	open, _ := markAt(u.text, q.start)
	closeAt := q.end - 1
	for closeAt > q.start && !utf8.RuneStart(u.text[closeAt]) {
		closeAt--
	}
	inner := u.text[q.start+open.width : closeAt]
	sents := Sentences(inner)
	room := maxUnit - (len(u.text) - len(inner))
	if len(sents) < 2 || room < maxUnit/3 {
		return []unit{u}
	}
	var out []unit
	for i := 0; i < len(sents); {
		j, n := i+1, len(sents[i])
		for j < len(sents) && n+1+len(sents[j]) <= room {
			n += 1 + len(sents[j])
			j++
		}
		part := strings.Join(sents[i:j], " ")
		if i > 0 {
			part = "… " + part
		}
		if j < len(sents) {
			part += " …"
		}
		v := u
		v.text = u.text[:q.start+open.width] + part + u.text[closeAt:]
		out = append(out, v)
		i = j
	}
	return out
}

// quotedQuestion reports whether a sentence opens with a quotation that
// asks something.
func quotedQuestion(s string) bool {
	qs := quotations(s)
	if len(qs) == 0 || qs[0].start != 0 || !qs[0].whole {
		return false
	}
	inner := strings.TrimRightFunc(s[:qs[0].end], func(r rune) bool { return isMarkRune(r) || unicode.IsSpace(r) })
	return strings.HasSuffix(inner, "?")
}

// abbreviations end with a full stop that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "gen": true,
	"lt": true, "col": true, "sen": true, "rep": true, "gov": true, "prof": true,
	"no": true, "vs": true, "jan": true, "feb": true, "aug": true, "sept": true,
	"oct": true, "nov": true, "dec": true, "inc": true, "corp": true, "jr": true,
}

// Sentences splits an excerpt into its sentences, verbatim, never inside
// a quotation: “A. B,” he said. is one sentence, with its quotation whole.
// A sentence ends at a full stop, question or exclamation mark (with any
// closing quotation marks) followed by a space and a capital, a digit or
// an opening quotation mark, except after an abbreviation ("Mr.",
// "U.S."), an elision ("..." inside a sentence), or a quoted question
// whose speaker follows (“…?” Lindqvist asked.). An excerpt's leading or
// trailing elision stays with its sentence.
func Sentences(text string) []string {
	text = strings.TrimSpace(text)
	var out []string
	for _, s := range sentenceSpans(text) {
		out = append(out, text[s.start:s.end])
	}
	return out
}

// sentenceSpans is Sentences as spans of text, which is trimmed.
func sentenceSpans(text string) []span {
	qs := quotations(text)
	// Offsets asked about only grow, so one index walks the quotations.
	qi := 0
	inside := func(at int) bool {
		for qi < len(qs) && qs[qi].end <= at {
			qi++
		}
		return qi < len(qs) && qs[qi].start < at
	}
	var out []span
	add := func(from, to int) {
		s := span{from, to}
		for s.start < s.end && text[s.start] == ' ' {
			s.start++
		}
		for s.end > s.start && text[s.end-1] == ' ' {
			s.end--
		}
		if s.start < s.end {
			out = append(out, s)
		}
	}
	start := 0
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		end := i + n
		if r != '.' && r != '?' && r != '!' && r != '…' {
			i = end
			continue
		}
		// Take the run of terminal punctuation and closing marks.
		closed := false
		for end < len(text) {
			r2, n2 := utf8.DecodeRuneInString(text[end:])
			if !strings.ContainsRune(".?!…)", r2) && !isMarkRune(r2) {
				break
			}
			closed = closed || isMarkRune(r2)
			end += n2
		}
		if end >= len(text) || text[end] != ' ' || inside(end) {
			i = end
			continue
		}
		after := strings.TrimLeft(text[end:], " ")
		next, _ := utf8.DecodeRuneInString(after)
		ellipsis := strings.Contains(text[i:end], "...") || strings.ContainsRune(text[i:end], '…')
		if !(unicode.IsUpper(next) || unicode.IsDigit(next) || isMarkRune(next) && next != '’' && next != '\'') ||
			(r == '.' && !ellipsis && isAbbreviation(text[start:i])) || (ellipsis && !unicode.IsUpper(next)) ||
			closed && r != '.' && cueFollows(after) {
			i = end
			continue
		}
		add(start, end)
		start, i = end, end
	}
	add(start, len(text))
	return out
}

// isAbbreviation reports whether the text before a full stop ends with an
// abbreviation: a known one, or initials such as "U.S" or "J".
func isAbbreviation(before string) bool {
	f := strings.Fields(before)
	if len(f) == 0 {
		return false
	}
	w := strings.TrimLeft(f[len(f)-1], "(“\"‘")
	if abbreviations[strings.ToLower(w)] {
		return true
	}
	// Initials: single letters joined by full stops ("U.S", "J").
	for _, part := range strings.Split(w, ".") {
		if utf8.RuneCountInString(part) != 1 || !unicode.IsUpper([]rune(part)[0]) {
			return false
		}
	}
	return true
}

// passageAbout is what a passage's entry says in its own words, and the
// people it is by or about, for the passage's index document.
func (b *Base) passageAbout(p Passage) (about string, people []string) {
	switch p.Kind {
	case KindEvent:
		e := b.events[p.ID]
		return strings.Join(append([]string{e.Title, e.Summary}, e.Tags...), "\n"), e.Actors
	case KindQuote:
		q := b.quotes[p.ID]
		parts := []string{q.Context, q.Medium}
		if q.Kind != Direct {
			parts = append(parts, q.Text)
		}
		return strings.Join(append(parts, q.Via...), "\n"), []string{q.Speaker}
	case KindClaim:
		c := b.claims[p.ID]
		pos := c.Positions[p.Position]
		parts := append([]string{c.Statement}, c.Tags...)
		if q := b.quotes[pos.Quote]; q != nil {
			parts = append(parts, q.Text)
		}
		return strings.Join(parts, "\n"), []string{pos.Actor}
	}
	return "", nil
}

// Passages returns every passage of the base, in file order.
func (b *Base) Passages() []Passage { return b.passages }

// Quoting returns the people whose words a passage quotes, as the text's
// own cues credit them, in order: a direct quote's speaker for its words;
// for a sentence, the speakers its quotation marks are credited to ("…,”
// Okafor said"). None for a sentence with no quotation credited to
// anyone: the source's own words, whoever they are about.
func (b *Base) Quoting(p Passage) []*Person {
	var out []*Person
	for _, id := range b.quoting[p] {
		if person := b.people[id]; person != nil {
			out = append(out, person)
		}
	}
	return out
}

// Terms analyses text as the index does (English: lower case, stop words
// dropped, stemmed), each term once, for comparing a question's words
// with a passage's.
func (b *Base) Terms(text string) []string { return b.terms(clip(text)) }

// About is the words of a passage's entry that the index matches it by.
func (b *Base) About(p Passage) string {
	about, _ := b.passageAbout(p)
	return about
}

// Knows reports whether the base holds a term (as Terms gives it), exactly
// or, for a word of five letters or more, with a typo: shorter words must
// be exact, or "moon" would be known through "noon".
func (b *Base) Knows(term string) bool {
	if b.known(term) || b.knownRussian(term) {
		return true
	}
	return utf8.RuneCountInString(term) >= 5 && b.nearTerm(term)
}

// Mentioned returns every person a text names by a name or alias, in any
// case of a Cyrillic name.
func (b *Base) Mentioned(text string) []*Person { return b.mentioned(clip(text)) }

// Weight is how much a term says about what a text is about: its inverse
// document frequency in the base, so that "damage" counts for more than
// the incident's place, which nearly every entry names. A term the base does not
// hold weighs as much as the rarest.
func (b *Base) Weight(term string) float64 {
	df := b.index.DF(fBody, term)
	return math.Log(1 + float64(b.index.Docs()+1)/float64(df+1))
}
