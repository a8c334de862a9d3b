package knowledge

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Whose words a sentence quotes, from the text's own cues: the base's
// direct quotes, whose words the curator has credited to their speakers,
// and a speech verb with a name or a pronoun beside a quotation ("…,”
// Okafor said"; "Lindqvist asked"). A person a sentence only mentions is
// not quoted by it; a sentence with no quotation is the source's own.

// cueVerbs are the verbs that credit words to a speaker, in English.
// knowledge/draft reads them through CueVerb, with cues of its own.
var cueVerbs = wordSet(`said says say told tells added adds asked asks wrote writes tweeted
	posted noted notes stated states claimed claims warned warns argued argues insisted
	explained replied answered responded declared announced stressed reiterated
	acknowledged admitted confirmed denied suggested urged pledged promised vowed begged
	testified recalled concluded cautioned maintained emphasised emphasized observed
	remarked commented complained conceded predicted reported revealed alleged continued
	saying adding asking telling writing`)

// CueVerb reports whether w, in lower case, is a verb that credits words
// to a speaker: "said", "told", "tweeted".
func CueVerb(w string) bool { return cueVerbs[w] }

// addressVerbs are followed by whom the words were put to, not by who
// spoke: "told the committee", "asked Duarte".
var addressVerbs = wordSet(`told tells telling asked asks asking`)

// minCreditWords is how many words of a direct quote credit its speaker
// with a longer quotation that holds them.
const minCreditWords = 4

// namingWords before a quotation make it a name or a term, not words
// someone said: a show called “Evening Desk”, the term “quiet quartet”.
var namingWords = wordSet(`called dubbed named nicknamed titled labelled labeled branded term
	phrase slogan hashtag`)

// naming reports whether a quotation of s names something: a naming word
// stands in its clause, a few words before it ("had dubbed Sondland's
// role as “the Gordon problem”").
func naming(s string, q quoted) bool {
	from := q.start
	for n := 0; from > 0 && n < 80; n++ {
		r, w := utf8.DecodeLastRuneInString(s[:from])
		if strings.ContainsRune(",;:.?!", r) {
			break
		}
		from -= w
	}
	ws := wordsOf(s, span{from, q.start})
	for i := max(0, len(ws)-8); i < len(ws); i++ {
		if namingWords[strings.ToLower(ws[i].text)] {
			return true
		}
	}
	return false
}

// pronouns stand for the speaker last named.
var pronouns = wordSet(`he she they it we`)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// cueFollows reports whether a speech verb comes within the next few
// words of text, before any punctuation: "Lindqvist asked", "he said".
func cueFollows(text string) bool {
	// A few words are all it reads, however long the text.
	for i, w := range strings.Fields(text[:min(len(text), 60)]) {
		if i >= 4 {
			return false
		}
		bare := strings.TrimRightFunc(w, unicode.IsPunct)
		if cueVerbs[strings.ToLower(bare)] {
			return true
		}
		if bare != w {
			return false
		}
	}
	return false
}

// word is a word of a text, with its offsets.
type word struct {
	text       string
	start, end int
}

// wordsOf splits text[s] into words: runs of letters, digits and the
// apostrophes and hyphens inside them.
func wordsOf(text string, s span) []word {
	var out []word
	for i := s.start; i < s.end; {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			i += n
			continue
		}
		j := i + n
		for j < s.end {
			r2, n2 := utf8.DecodeRuneInString(text[j:])
			if unicode.IsLetter(r2) || unicode.IsDigit(r2) {
				j += n2
				continue
			}
			if strings.ContainsRune("'’-", r2) && j+n2 < s.end {
				if r3, _ := utf8.DecodeRuneInString(text[j+n2:]); unicode.IsLetter(r3) {
					j += n2
					continue
				}
			}
			break
		}
		out = append(out, word{text[i:j], i, j})
		i = j
	}
	return out
}

// crediting works out whom the sentences of one excerpt quote, in order:
// a pronoun, and a quotation with no cue of its own that follows a quoted
// sentence, stand for the speaker before.
type crediting struct {
	b *Base
	// direct are the direct quotes citing the excerpt's source.
	direct []*Quote
	// reported are its paraphrases: one in the article's own words
	// credits its speaker with a quotation inside it ("he said he’d put
	// a “…”"), as a direct quote does.
	reported []*Quote
	// last is whom the sentence before quotes (the last of them), here
	// whom a pronoun in this one stands for.
	last, here string
}

// credit returns the ids of the people whose words sentence s quotes,
// and whether a cue of its own credits them (or they go on from the
// sentence before).
func (c *crediting) credit(s string) (ids []string, cued bool) {
	var qs []quoted
	for _, q := range quotations(s) {
		if !naming(s, q) {
			qs = append(qs, q)
		}
	}
	if len(qs) == 0 {
		// It quotes no one, but may say who speaks next: “Williams said
		// the call was unusual. “…,” she said.”
		c.here, c.last = c.last, ""
		ws := wordsOf(s, span{0, len(s)})
		for i, w := range ws {
			if cueVerbs[strings.ToLower(w.text)] {
				c.last = c.speaker(ws, i)
				break
			}
		}
		return nil, false
	}
	add := func(id string) {
		if id != "" && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	for _, q := range c.direct {
		words := strings.Trim(q.Text, " ,.;:")
		for _, in := range qs {
			// A few words of one speaker's may stand in another's
			// quotation ("critical infrastructure"): they credit only a
			// quotation they are the whole of.
			inner := strings.TrimFunc(s[in.start:in.end], func(r rune) bool { return isMarkRune(r) || unicode.IsSpace(r) || r == ',' || r == '.' })
			if words != "" && strings.Contains(inner, words) && (len(strings.Fields(words)) >= minCreditWords || words == inner) {
				add(q.Speaker)
			}
		}
	}
	for _, q := range c.reported {
		if len(strings.Fields(q.Text)) < minCreditWords || !strings.Contains(s, q.Text) {
			continue
		}
		for _, in := range qs {
			// A word or two in marks inside it is a term the article
			// quotes ("an “irregular” channel"), not the speaker's words.
			inner := s[in.start:in.end]
			if strings.Contains(q.Text, inner) && len(strings.Fields(inner)) >= minCreditWords {
				add(q.Speaker)
			}
		}
	}
	// A pronoun beside a cue stands for the speaker the base credits
	// with these words, or else for the speaker before.
	c.here = c.last
	curated := len(ids) > 0
	if curated {
		c.here = ids[0]
	}
	// The words outside the quotations, in pieces between them.
	from := 0
	for _, in := range append(qs, quoted{span: span{len(s), len(s)}}) {
		ws := wordsOf(s, span{from, in.start})
		from = in.end
		for i, w := range ws {
			if !cueVerbs[strings.ToLower(w.text)] {
				continue
			}
			cued = true
			// Words the base credits to a speaker are theirs; the cue
			// only says so ("said a member of GreatFire.org").
			if !curated {
				add(c.speaker(ws, i))
			}
		}
	}
	if !cued && opensAt(s, 0) {
		// A quotation standing alone goes on from the speaker before.
		add(c.last)
	}
	c.last = ""
	if len(ids) > 0 {
		c.last = ids[len(ids)-1]
	}
	return ids, cued
}

// speaker is the person a speech verb (ws[v]) credits: the first named
// in its clause before it ("Duarte, Reyes's superior, said"), else
// the first after it ("said Okafor"), or the speaker before for a
// pronoun just before it ("she said"). Someone's possessive ("Reyes's")
// is not a speaker.
func (c *crediting) speaker(ws []word, v int) string {
	if v > 0 && pronouns[strings.ToLower(ws[v-1].text)] {
		return c.here
	}
	if id := c.b.firstNamed(ws[max(0, v-maxSubjectWords):v]); id != "" {
		return id
	}
	if addressVerbs[strings.ToLower(ws[v].text)] {
		return ""
	}
	return c.b.firstNamed(ws[v+1 : min(len(ws), v+1+maxNameWords)])
}

// maxSubjectWords bounds how far before its verb a speaker is looked
// for: a name and a title or an appositive ("Jett Goldsmith, managing
// editor of the organization Offbeat Research, told").
const maxSubjectWords = 12

// firstNamed returns the id of the first person ws name by a name, an
// alias or a surname, leaving out possessives.
func (b *Base) firstNamed(ws []word) string {
	for i := range ws {
		for n := min(maxNameWords, len(ws)-i); n >= 1; n-- {
			last := ws[i+n-1].text
			if strings.HasSuffix(last, "’s") || strings.HasSuffix(last, "'s") {
				continue
			}
			phrase := make([]string, n)
			for k := range n {
				phrase[k] = ws[i+k].text
			}
			name := strings.Join(phrase, " ")
			if ps := b.byMention[mentionKey(name)]; len(ps) == 1 {
				return ps[0].ID
			}
			if r, _ := utf8.DecodeRuneInString(name); n == 1 && unicode.IsUpper(r) {
				if ps := b.bySurname[name]; len(ps) == 1 {
					return ps[0].ID
				}
			}
		}
	}
	return ""
}
