package draft

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/incidentbot/incidentbot/knowledge"
)

// stanceCue is a wording that takes a stance on a statement, in the order
// tried: the first that matches a clause gives its stance.
type stanceCue struct {
	stance string
	re     *regexp.Regexp
	// verb is true for a verb, which a passive voice turns round ("have
	// been accused of"); an adjective ("false") is read inside quotation
	// marks too, since a speaker's own words say where they stand.
	verb bool
}

// The stances of knowledge.Stances, from the wording of general English
// news prose.
var stanceCues = []stanceCue{
	{"doubts", regexp.MustCompile(`(?i)\b(?:could not|couldn't|cannot|can't|can not|was unable to|were unable to|unable to|did not|has not|have not) (?:independently |immediately )?(?:verify|validate|confirm|corroborate)\b|\b(?:impossible|unclear|not clear|too early) to (?:know|say|tell)\b|\b(?:remains|remained|is still|are still|was still|were still|still) (?:unclear|unknown|unsure|under investigation|being investigated)\b|\b(?:doubted|questioned whether|questions whether|questioned the (?:claim|account|accuracy|credibility|veracity|validity))\b|\b(?:cast|casts|casting|raised|raises|raising|expressed|expresses) (?:serious )?(?:doubts?|questions) (?:on|over|about|as to)\b|\bquestions (?:have been|had been|were|are being|have also been|were also) (?:asked|raised)\b`), true},
	// "There is nothing in the survey to support the idea", "no evidence":
	// the speaker's own words doubt it ("no money to support the
	// repairs" does not).
	{"doubts", regexp.MustCompile(`(?i)\bnothing\b[^.;,]{0,40}?\bto (?:support|back up|substantiate|corroborate|prove)\b|\blittle to (?:support|back up|substantiate|corroborate|prove)\b|\b(?:no|little|without) (?:\w+ )?(?:evidence|proof|basis)\b`), false},
	{"denies", regexp.MustCompile(`(?i)\b(?:denied|denies|deny|denying|rejected|rejects|rejecting|dismissed|dismisses|refuted|refutes|disputed|disputes|contradicted)\b`), true},
	{"denies", regexp.MustCompile(`(?i)\b(?:false|untrue|baseless|groundless|unfounded|absurd|fabricated|not true|not credible|nonsense)\b`), false},
	{"doubts", regexp.MustCompile(`(?i)\b(?:doubt|doubts|sceptical|skeptical)\b`), false},
	{"asserts", regexp.MustCompile(`(?i)\b(?:accused|accuses|accusing|alleged|alleges|alleging|claimed|claims that|insisted|insists|blamed|blames|blaming|charged that|maintained that|linked\b.{1,80}\bto)\b|\bcall(?:ed|s)\b (?:the |it |them |this |that |those |these |his |her |their |its )[^,.;“”"]{0,60}?\b(?:a|an)\b`), true},
	// A warning, a concern made public and a finding reported are
	// stands taken. (A condemnation is left out: it lowered the share
	// of held-out positions right.)
	{"asserts", regexp.MustCompile(`(?i)\b(?:warned|warns|warning) (?:of|that|against)\b|\b(?:expressed|expresses|voiced|voices) (?:\w+ )?(?:concern|alarm|regret|opposition|support|outrage|dismay)\b|\b(?:found|discovered|spotted|detected|uncovered|observed)\b`), true},
	{"assesses", regexp.MustCompile(`(?i)\b(?:believe|believes|believed|assessed|assesses|think that|thinks|suggested|suggests)\b`), true},
	{"assesses", regexp.MustCompile(`(?i)\b(?:I think|we think|I (?:believe|thought|suspect)|we (?:believe|suspect)|it (?:appears|seems)|likely|unlikely|probably|may have|might have|(?:could|may|might)(?: (?:soon|well|also|yet|even|eventually|still))? (?:have|make|be|become|lead|cause|conclude|result|spread|trigger|end|bring|help|hurt|harm|damage|pose|affect|threaten)|(?:would|will) likely)\b`), false},
}

// passiveBefore marks a cue verb as passive: its subject is who the
// stance is about, not who takes it.
var passiveBefore = regexp.MustCompile(`(?i)\b(?:been|was|were|is|are|be|being)\s+$`)

// progressive reports whether a cue is a verb in -ing, which after "are"
// is the active voice ("engineers are warning of").
func progressive(cue string) bool {
	w, _, _ := strings.Cut(cue, " ")
	return strings.HasSuffix(strings.ToLower(w), "ing")
}

// negatedReport is reported speech that says something did not happen
// ("her client did not intend to …"): a denial.
var negatedReport = regexp.MustCompile(`^\W*(?:\S+\s+){1,4}?(?:did not|does not|do not|didn't|doesn't|don't|was not|wasn't|were not|weren't|had not|hadn't|has not|hasn't|had no|has no|have no|never)\b`)

// professedDoubt is reported speech in which the speaker says they do not
// know or think something ("she did not know anything about the block",
// "did not think a severe sentence would help"): the reviewed bases
// record a doubt on what follows, not a denial of it.
var professedDoubt = regexp.MustCompile(`^\W*(?:\S+\s+){1,4}?(?:did not|does not|do not|didn't|doesn't|don't|could not|couldn't) (?:know|think|believe|recall|remember|expect)(?: (?:anything|much) (?:about|of)| of any| about| of| that| whether| if| how| why)?\s+`)

// negatedQuote is a speaker's own words that say something is not so
// ("the city is not preventing anyone from leaving", "we did not
// control …"), the negation within the first words: a denial, as the
// reviewed bases record it ("we have no money" is no denial). The
// words around the negation decide too (see notDenialAfter).
var negatedQuote = regexp.MustCompile(`^\W*(?:\S+\s+){0,10}?(?:(?:did|does|do|was|were|had|has|have|is|are) not|(?:was|were|is|are) no|(?:did|does|do|was|were|had|has|have|is|are)n[’']t|never|(?:\S+[’']s|is|was|are|were|had|have|has) nothing)\b(?: \S+)?`)

// notDenialAfter and notDenialBefore are the words that make a negation
// in a speaker's own words no denial, after it or before it: "not only",
// "no longer", a stand of their own ("we do not support …"), "there are
// no options other than …", and a clause that concedes ("Although
// residents have not been …").
var (
	notDenialAfter  = wordSet(`only just longer support want agree accept like need wish hope`)
	notDenialBefore = wordSet(`there although though while whereas if unless when because since even`)
)

// neitherNor is a speaker's own words that open by denying it of each
// of two ("Not the council nor the board is to blame", "Neither the
// council nor the board …").
var neitherNor = regexp.MustCompile(`^\W*(?:Not|Neither) (\S.*?) nor `)

// deniesInQuote reports whether a speaker's own words deny something.
func deniesInQuote(q string) bool {
	if neitherNor.MatchString(q) {
		return true
	}
	m := negatedQuote.FindString(q)
	if m == "" {
		return false
	}
	ws := strings.Fields(strings.ToLower(m))
	if notDenialAfter[strings.Trim(ws[len(ws)-1], ",.;:")] {
		return false
	}
	for _, w := range ws {
		if notDenialBefore[strings.Trim(w, "“”\"‘’',")] {
			return false
		}
	}
	return true
}

// speakerFrame is the speaker's own frame before what they say is so:
// "I can say with confidence that", "We have said many times that".
var speakerFrame = regexp.MustCompile(`^\W*(?:I|We)\b[^,;.“”"]{0,60}? that `)

// negatedCue is the cue of a denial read from reported speech that says
// something did not happen; the claim is then that it did.
const negatedCue = "reported as not so"

// negation is the first negation of a clause, and what it becomes when
// the clause is said the other way round ("did not intend" → "did
// intend"), so that "denies" stays true to what was said.
var negation = regexp.MustCompile(`\b(did|does|do|was|were|had|has|have|is|are|would|could) (?:not|no)\b|\b(did|does|do|was|were|had|has|have|is|are|would|could)n[’']t\b|\bnever\s+|\b(?:[’']s|is|was|are|were|had|has|have) (nothing)\b`)

// positive is a clause with its first negation taken out.
func positive(clause string) string {
	if m := neitherNor.FindStringSubmatchIndex(clause); m != nil {
		// "Not A nor B are to blame": "A or B are to blame".
		return clause[m[2]:m[3]] + " or " + clause[m[1]:]
	}
	loc := negation.FindStringSubmatchIndex(clause)
	if loc == nil {
		return clause
	}
	verb := ""
	for i := 2; i+1 < len(loc); i += 2 {
		if loc[i] >= 0 {
			verb = clause[loc[i]:loc[i+1]]
		}
	}
	switch verb {
	case "":
		return clause[:loc[0]] + clause[loc[1]:]
	case "nothing":
		// "there's nothing wrong": "there's something wrong".
		return clause[:loc[6]] + "something" + clause[loc[7]:]
	}
	return clause[:loc[0]] + verb + clause[loc[1]:]
}

// ownedClaim is a claim named by whose it is and what it says ("the
// Council's claim that the pumps had …"): its owner asserts it.
var ownedClaim = regexp.MustCompile(`\b((?:[A-Z][\w.-]*\s)*[A-Z][\w.-]*)[’']s (?:\w+ )?(?:claims?|accusations?|allegations?|assertions?|charges?|account) that (.+)`)

// sameName reports whether a and b are the same speaker by name.
func sameName(a, b *Speaker) bool {
	return a == b || a != nil && b != nil && foldName(a.Name) == foldName(b.Name)
}

// backReference is a sentence's word for the claim of a sentence before:
// a position on it joins that claim.
var backReference = regexp.MustCompile(`(?i)\b(?:these|those|the|such|this|that|its|their|his|her)(?: \S+){0,3} (?:accusations?|allegations?|claims?|charges?|reports?|idea|assertions?)\b`)

// backRef is the back reference of a clause, "" when there is none or
// when it is who speaks ("The report also said …"), not what is spoken
// of.
func backRef(clause string) string {
	loc := backReference.FindStringIndex(clause)
	if loc == nil {
		return ""
	}
	for _, w := range strings.Fields(clause[loc[1]:]) {
		w = strings.ToLower(strings.Trim(w, ",;:"))
		if adverbs[w] {
			continue
		}
		if isCue(w) {
			return ""
		}
		break
	}
	return clause[loc[0]:loc[1]]
}

// referredClaim is the claim a back reference names by its first
// speaker ("the Example Gazette report"), or else the last claim. A
// speaker named as the reference names it ("An Example Gazette report")
// comes before one named by the outlet alone ("The Example Gazette").
func referredClaim(claims []Claim, ref string) *Claim {
	f := " " + foldName(ref) + " "
	for _, trim := range []bool{false, true} {
		for i := len(claims) - 1; i >= 0; i-- {
			n := foldName(claims[i].Positions[0].Who.Name)
			if trim {
				n = foldName(strings.TrimSuffix(strings.TrimSuffix(claims[i].Positions[0].Who.Name, " report"), " story"))
			}
			n = strings.TrimPrefix(strings.TrimPrefix(n, "a "), "an ")
			if n != "" && strings.Contains(f, " "+n+" ") {
				return &claims[i]
			}
		}
	}
	return &claims[len(claims)-1]
}

// Claims finds the stances an article reports on contested statements:
// who accuses, denies, doubts or assesses what. quotes are the article's
// quotations (from Extract): a stance in the sentence of a quotation is
// its speaker's, linked to it; in another sentence, its subject's, when
// the subject is someone the quotations name.
func Claims(text string, quotes []Quote) []Claim {
	e := &extractor{text: text, people: newPeople(nil)}
	var out []Claim
	var last *Speaker // who took a position in the sentence before
	joint := map[string]*Speaker{}
	for _, s := range articleSentences(text) {
		before := last
		last = nil
		var prev *Position
		for i, cl := range clauses(text, s) {
			pos, ok := position(e, text, cl, quotes, i == 0)
			if !ok && pos.Stance != "" && pos.Stance != "asserts" && pos.Who == nil && before != nil && i == 0 && anaphoric(text[cl.start:cl.end]) {
				// "… citing American spy agencies. These units may
				// operate independently": a hedge with no one of its
				// own, that refers back, carries on from whom the
				// sentence before reported.
				pos.Who, ok = before, true
			}
			if !ok && prev != nil && strings.HasSuffix(text[s.start:cl.start], " that ") {
				// "X said that A, and that B": B is a second statement
				// of the same speaker.
				pos, ok = *prev, true
				pos.Stance, pos.Cue, pos.Quote = "asserts", prev.Cue, -1
				pos.Statement = strings.TrimRight(strings.TrimSpace(text[cl.start:cl.end]), ".")
			}
			if !ok {
				continue
			}
			if !pos.Who.Named && twoOfThem.MatchString(pos.Who.Name) {
				// "Roe and Major were detained … Both men claimed":
				// the two named before, each with the position.
				if _, full := pairBefore(text, pos.Start); full != "" {
					pos.Who = &Speaker{Name: full, Role: pos.Who.Role, Named: true}
				}
			}
			prev = &pos
			last = pos.Who
			if ref := backRef(outside(text, cl)); ref != "" && len(out) > 0 && pos.Stance != "asserts" {
				c := referredClaim(out, ref)
				c.Positions = append(c.Positions, pos)
				continue
			}
			statement := pos.Sentence
			if pos.Statement != "" {
				statement = pos.Statement
			} else if pos.Quote >= 0 {
				statement = quotes[pos.Quote].Text
			}
			if pos.Cue == negatedCue {
				statement = strings.TrimRight(positive(statement), ",;: ")
				if m := speakerFrame.FindStringIndex(statement); m != nil {
					// "I can say with confidence that the city does
					// not …": what is denied is what follows "that".
					statement = statement[m[1]:]
				}
			}
			c := Claim{Statement: statement, Positions: []Position{pos}}
			if m := ownedClaim.FindStringSubmatch(outside(text, cl)); m != nil && pos.Stance != "asserts" {
				// "… cast doubt over the Council's claim that the
				// pumps had failed": the claim is what its owner
				// asserts, and the clause's stance is on it.
				if sp := actor(m[1], quotes); sp != nil && !sameName(sp, pos.Who) {
					own := pos
					own.Who, own.Stance, own.Cue, own.Quote, own.Statement = sp, "asserts", m[0][:len(m[0])-len(m[2])-len(" that ")], -1, ""
					c.Statement = strings.TrimRight(strings.TrimSpace(m[2]), ".")
					c.Positions = append(c.Positions, own)
				}
			}
			if pos.Quote >= 0 {
				// "Both Roe and Smith said …": one quotation each, and
				// one position each.
				q := quotes[pos.Quote]
				for i, o := range quotes {
					if i != pos.Quote && o.Start == q.Start && o.End == q.End && o.Who != nil && o.Who != pos.Who {
						more := pos
						more.Who, more.Quote = o.Who, i
						c.Positions = append(c.Positions, more)
					}
				}
			}
			c.Positions = splitJoint(c.Positions, quotes, joint)
			out = append(out, splitActs(c)...)
		}
	}
	return out
}

// accusedOf is an accusation of an act ("accused the council of
// hiding …", "blamed them for leaking …"): the submatch is the act's
// verb in -ing.
var accusedOf = regexp.MustCompile(`\b(?:accused|accuses|accusing|accuse|blamed|blames|blaming|blame)\b[^;:“”"]{0,120}?\b(?:of|for) (\p{Ll}+ing)\b`)

// secondAct is a second act joined to the first ("… of hiding the
// report and misleading the board"), as a verb in -ing after "and".
var secondAct = regexp.MustCompile(`,? and (\p{Ll}{2,}ing)\b`)

// notActs are words in -ing that are no verb of an act.
var notActs = wordSet(`during including regarding according concerning following nothing anything something everything thing things morning evening king spring string ring wing building bring sing`)

// splitActs makes of a claim that accuses someone of two acts ("accused
// the council of hiding the report and misleading the board") two
// claims, one for each act, with the same positions: the reviewed
// bases record each act as a claim of its own, which other sources may
// deny apart. Any other claim is returned as it is.
func splitActs(c Claim) []Claim {
	m := accusedOf.FindStringSubmatchIndex(c.Statement)
	if m == nil || notActs[c.Statement[m[2]:m[3]]] {
		return []Claim{c}
	}
	head, rest := c.Statement[:m[2]], c.Statement[m[2]:]
	loc := secondAct.FindStringSubmatchIndex(rest)
	if loc == nil || notActs[rest[loc[2]:loc[3]]] || quoteOpen(rest[:loc[0]]) || strings.HasSuffix(rest[:loc[0]], "ing") {
		// "of hiding cracks during building and testing": the "and"
		// joins two nouns in -ing, not two acts.
		return []Claim{c}
	}
	first, second := c, c
	first.Statement = head + strings.TrimRight(rest[:loc[0]], " ,")
	second.Statement = head + rest[loc[2]:]
	second.Positions = slices.Clone(c.Positions)
	return []Claim{first, second}
}

// quoteOpen reports whether s leaves a quotation open: an "and" after
// it is the quoted words', not the accusation's.
func quoteOpen(s string) bool {
	return strings.Count(s, "“") > strings.Count(s, "”") || strings.Count(s, `"`)%2 == 1
}

// twoOfThem is a subject that stands for two people named before:
// "Both men", "the two women".
var twoOfThem = regexp.MustCompile(`^(?i:both|the two) (?:men|women)$`)

// namedPair is two names joined by "and": "Roe and Major", "Jane Roe
// and Mary Major".
var namedPair = regexp.MustCompile(`\b(\p{Lu}\p{Ll}[\p{L}’'-]*(?: \p{Lu}\p{Ll}[\p{L}’'-]*)?) and (\p{Lu}\p{Ll}[\p{L}’'-]*(?: \p{Lu}\p{Ll}[\p{L}’'-]*)?)\b`)

// pairReach is how far before a subject such as "Both men" the two
// names it stands for are looked for: the sentence or two before.
const pairReach = 400

// pairBefore is the two people a subject such as "Both men" at stands
// for: the last two names joined by "and" shortly before, as the text
// writes them there ("Roe and Major") and as it names them in full
// ("Jane Roe and Mary Major"); "" when there is no such pair, or a name
// of it is no person's the text names in full.
func pairBefore(text string, at int) (written, full string) {
	ms := namedPair.FindAllStringSubmatch(text[max(0, at-pairReach):at], -1)
	if len(ms) == 0 {
		return "", ""
	}
	m := ms[len(ms)-1]
	var names []string
	for _, n := range m[1:] {
		if !strings.Contains(n, " ") {
			n = fullName(text, n)
		}
		if n == "" || titleWords[strings.ToLower(strings.Fields(n)[0])] || openers[strings.Fields(n)[0]] {
			return "", ""
		}
		names = append(names, n)
	}
	return m[0], names[0] + " and " + names[1]
}

// jointPlural is a plural that two proper adjectives share ("the
// Northern and Southern water boards"): two bodies, each taking the
// stance.
var jointPlural = regexp.MustCompile(`^(?:[Tt]he )?(\p{Lu}[\w.-]*) and (\p{Lu}[\w.-]*) ((?:\p{L}[\w-]* ){0,2}\p{Ll}[\w-]*s)$`)

// nameList is a subject that lists names ("Northland, Southland and
// their allies"): each name takes the stance; a description at its end
// ("their allies", "others") is left to the reviewer.
var nameList = regexp.MustCompile(`^(?:[Tt]he )?(` + listName + `)((?:, (?:the )?` + listName + `)*),? and (?:the )?(` + listName + `|their allies|its allies|others|other \p{Ll}+)$`)

const listName = `\p{Lu}[\w.’'-]*(?: \p{Lu}[\w.’'-]*){0,3}`

// jointBefore is the joint plural or the list of names that is the whole
// subject of a cue verb, or "".
func jointBefore(text string, cl sentence, cue string, verb bool) string {
	ws, k := wordsBefore(text, cl, cue, verb, "")
	if np := strings.Join(ws[:k], " "); k > 2 && nameList.MatchString(np) {
		return np
	}
	for j := max(0, k-6); j < k-3; j++ {
		if np := strings.Join(ws[j:k], " "); jointPlural.MatchString(np) {
			return np
		}
	}
	return ""
}

// listed is the names of a joint subject: the bodies of a joint plural,
// or the names of a list; none for any other speaker.
func listed(name string) []string {
	if m := jointPlural.FindStringSubmatch(name); m != nil {
		return []string{m[1] + " " + singular(m[3]), m[2] + " " + singular(m[3])}
	}
	m := nameList.FindStringSubmatch(name)
	if m == nil {
		return nil
	}
	out := []string{m[1]}
	for _, n := range strings.Split(m[2], ", ")[1:] {
		out = append(out, strings.TrimPrefix(n, "the "))
	}
	if isCapitalized(m[3]) {
		out = append(out, m[3])
	}
	return out
}

// splitJoint gives each of a joint subject its own position: a speaker
// the quotations name, or one new speaker for each name throughout
// (joint holds them).
func splitJoint(ps []Position, quotes []Quote, joint map[string]*Speaker) []Position {
	var out []Position
	for _, p := range ps {
		names := listed(p.Who.Name)
		if names == nil {
			out = append(out, p)
			continue
		}
		for _, name := range names {
			sp := knownSpeaker(name, quotes)
			if sp == nil {
				if joint[name] == nil {
					joint[name] = &Speaker{Name: name, Role: p.Who.Role, Named: isCapitalized(strings.Fields(name)[len(strings.Fields(name))-1])}
				}
				sp = joint[name]
			}
			one := p
			one.Who, one.Quote = sp, -1
			out = append(out, one)
		}
	}
	return out
}

// singular is an English plural's singular ("ministries": "ministry").
func singular(w string) string {
	switch {
	case strings.HasSuffix(w, "ies"):
		return strings.TrimSuffix(w, "ies") + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "xes"):
		return strings.TrimSuffix(w, "es")
	}
	return strings.TrimSuffix(w, "s")
}

// anaphoric reports whether a sentence opens by referring back to the
// one before ("These units …", "However, their connection …").
func anaphoric(s string) bool {
	ws := strings.Fields(s)
	if len(ws) > 1 && openers[strings.TrimRight(ws[0], ",")] {
		ws = ws[1:]
	}
	return len(ws) > 0 && backWords[strings.ToLower(ws[0])]
}

var backWords = wordSet(`these those they their them this that it its such he she his her`)

// position reads the stance a clause takes, and who takes it: the
// speaker of a quotation in the clause, or the subject of the sentence's
// first clause when the quotations name it.
func position(e *extractor, text string, cl sentence, quotes []Quote, first bool) (Position, bool) {
	raw, out := text[cl.start:cl.end], outside(text, cl)
	stance, cue, verb := "", "", false
	for _, c := range stanceCues {
		in := raw
		if c.verb {
			in = out
		}
		loc := c.re.FindStringIndex(in)
		if loc != nil && strings.HasPrefix(in[loc[1]:], "-") {
			// "a false-flag operation": part of a compound, no stance.
			loc = nil
		}
		if loc == nil || c.verb && passiveBefore.MatchString(in[:loc[0]]) && !progressive(in[loc[0]:loc[1]]) {
			continue
		}
		stance, cue, verb = c.stance, in[loc[0]:loc[1]], c.verb
		break
	}
	qi := quoteIn(quotes, cl.span)
	statement := ""
	if stance == "" && qi >= 0 && quotes[qi].Kind == Indirect {
		q := quotes[qi].Text
		if m := professedDoubt.FindString(q); m != "" {
			stance, cue, statement = "doubts", strings.TrimSpace(m), strings.TrimRight(strings.TrimSpace(q[len(m):]), ".")
		} else if negatedReport.MatchString(q) {
			stance, cue = "denies", negatedCue
		}
	}
	if stance == "" && qi >= 0 && quotes[qi].Kind == Direct && len(strings.Fields(quotes[qi].Text)) >= minDirectWords {
		if deniesInQuote(quotes[qi].Text) {
			stance, cue = "denies", negatedCue
		}
	}
	if stance == "" && qi >= 0 && (quotes[qi].Kind == Indirect || len(strings.Fields(quotes[qi].Text)) >= minDirectWords) {
		// An attributed statement says something is so: a reviewed
		// base records it as the speaker's assertion; a question the
		// speaker asks ("Why did videos only appear after …?") doubts.
		stance, cue = "asserts", quotes[qi].Cue
		if strings.HasSuffix(strings.TrimRight(quotes[qi].Text, "”\"’' "), "?") {
			stance = "doubts"
		}
	}
	if stance == "" {
		return Position{}, false
	}
	var who *Speaker
	if qi >= 0 {
		who = quotes[qi].Who
	}
	np := subjectBefore(text, cl, cue, verb)
	if ri := reporting(text, quotes, cl, cue); ri >= 0 && quotes[ri].Who.Person && (np == "" || knownSpeaker(np, quotes) == nil) {
		// "Roe said the city could not validate …": the stance is
		// in what a person is reported to have said, and is theirs,
		// unless it is someone else of the article's ("a prospect
		// Smith denied"). What a report relays ("the report said
		// officials believe") stays with whom it relays.
		who, qi = quotes[ri].Who, ri
	} else if np != "" {
		// "Northland accused Southland of …, the outlet reported": the stance
		// is the subject's, not the reporter's.
		if sp := actor(np, quotes); sp != nil && sp != who {
			who, qi = sp, -1
			if !strings.Contains(np, " ") && knownSpeaker(np, quotes) == nil && knowledge.HasWords(text, strings.ToLower(np)) {
				// "Inspectors have found …" in an article that also
				// writes "inspectors": a common noun capitalised at
				// the start of a sentence, a group, not a name.
				who = &Speaker{Name: np}
			}
		}
	} else if j := jointBefore(text, cl, cue, verb); j != "" {
		// "the Northern and Southern water boards accused", "Northland,
		// Southland and their allies blamed": more than one, split by
		// Claims.
		who, qi = &Speaker{Name: j}, -1
	} else if g := groupBefore(text, cl, cue, verb); g != "" {
		// "The report said that some officials believe …", "overheard
		// Northland officials blaming Southland": the group the verb is
		// said of takes the stance.
		who, qi = &Speaker{Name: g}, -1
	} else if p := barePlural(text, cl, cue, verb); who == nil && p != "" {
		// "The leak has been growing since July, when inspectors
		// found it": the verb has a subject of its own, not the
		// sentence's.
		who = &Speaker{Name: p}
	} else if subj := e.sentenceSubject(cl.span); (who == nil || block(quotes, qi)) && first && subj != "" {
		// A sentence of a block quotation ("RiverTV: … Local officials
		// were quick to cast doubt …") that has a subject of its own
		// reports that subject's stance.
		inBlock := block(quotes, qi)
		if sp := actor(subj, quotes); sp != nil && !strings.Contains(cue, subj) {
			// ("Questions have been asked …": the cue is the
			// subject, and the stance the source's.)
			who, qi = sp, -1
		}
		if g := groupSubject(text, cl, cue); g != "" && inBlock && qi >= 0 {
			// "Example Wire: Foreign officials were quick to cast
			// doubt …": a group the source describes, not the source.
			who, qi = &Speaker{Name: g}, -1
		} else if who != nil && who.Named && len(g) > len(subj) && strings.HasPrefix(g, subj) {
			// "American spy agencies": a description, not the
			// name "American".
			who = &Speaker{Name: g}
		}
	} else if who != nil && block(quotes, qi) && first {
		if g := groupSubject(text, cl, cue); g != "" {
			who, qi = &Speaker{Name: g}, -1
		}
	}
	if who == nil && first {
		// "Western intelligence was skeptical …", "Some officials
		// believe …": the subject is a group the article describes.
		if np := groupSubject(text, cl, cue); np != "" {
			who = &Speaker{Name: np}
		}
	}
	sent := strings.TrimSpace(text[cl.sentStart:cl.sentEnd])
	lead := strings.Index(text[cl.sentStart:cl.sentEnd], sent)
	// With no one to credit, the stance is returned without an actor,
	// for the caller to give it one from the sentence before, or drop.
	return Position{Who: who, Stance: stance, Cue: cue, Sentence: sent, Start: cl.sentStart + lead, End: cl.sentStart + lead + len(sent), Quote: qi, Statement: statement}, who != nil
}

// block reports whether quotation i is a block quotation, introduced by
// its source's name and a colon ("RiverTV:"), whose sentences report what
// others did in the words of that source.
func block(quotes []Quote, i int) bool {
	return i >= 0 && strings.HasSuffix(quotes[i].Cue, ":")
}

// groupSubject is the subject of a clause that describes a group rather
// than names someone: the words before its first verb, when they are a
// proper adjective and a noun ("Western intelligence", "Russian
// officials") or end in a plural ("some officials", "analysts"); "" for
// a pronoun, a demonstrative or a thing ("The report", "These units").
func groupSubject(text string, cl sentence, cue string) string {
	raw := text[cl.start:cl.end]
	if i := strings.Index(raw, cue); cue != "" && i >= 0 {
		// "Questions have been raised": the cue is the subject.
		raw = raw[:i]
	}
	if w := strings.Fields(raw); len(w) > 0 && openers[strings.TrimRight(w[0], ",")] {
		i := strings.IndexByte(raw, ',')
		if i < 0 {
			return ""
		}
		raw = raw[i+1:]
	}
	ws := strings.Fields(raw)
	k := 0
	for k < len(ws) && k < 5 && !clauseVerbs[strings.ToLower(ws[k])] && !strings.ContainsAny(ws[k], ",;:“”\"()—") {
		k++
	}
	if k == 0 || k == len(ws) || k > 4 {
		return ""
	}
	np := ws[:k]
	first, head := strings.ToLower(np[0]), np[k-1]
	if pronouns[first] || demonstratives[first] || adverbs[first] {
		return ""
	}
	proper := k >= 2 && isCapitalized(np[0]) && !lowerArticle(np[0]) && !quantifiers[first]
	plural := strings.HasSuffix(head, "s") && !strings.HasSuffix(head, "ss") && !isCapitalized(head)
	if !proper && !plural {
		return ""
	}
	return strings.Join(np, " ")
}

// groupBefore is the group a cue verb is said of, just before it: "some
// officials" in "said that some officials believe", "Russian officials"
// in "overheard Russian officials blaming"; "" when the words before the
// verb do not end in such a group.
func groupBefore(text string, cl sentence, cue string, verb bool) string {
	ws, k := wordsBefore(text, cl, cue, verb, "who")
	if k == 0 {
		return ""
	}
	head := ws[k-1]
	if isCapitalized(head) || !strings.HasSuffix(head, "s") || strings.HasSuffix(head, "ss") || strings.ContainsAny(head, ",;:“”\"()") {
		return ""
	}
	j := k - 1
	for j > 0 && k-j < 4 && isCapitalized(ws[j-1]) && !strings.ContainsAny(ws[j-1], ",;:“”\"()") {
		j--
	}
	if j > 0 && quantifiers[strings.ToLower(ws[j-1])] {
		j--
	}
	if j == k-1 {
		// A bare plural ("officials believe") names no group; one the
		// sentence sets apart ("some officials", "Russian officials")
		// does.
		return ""
	}
	return strings.Join(ws[j:k], " ")
}

// barePlural is the plural noun in lower case just before a cue verb
// ("inspectors found"), or "".
func barePlural(text string, cl sentence, cue string, verb bool) string {
	ws, k := wordsBefore(text, cl, cue, verb, "")
	if k == 0 {
		return ""
	}
	if k > 1 && (determiners[strings.ToLower(ws[k-2])] || ws[k-2] == "and" || ws[k-2] == "or") {
		// "Roe, Major and their neighbours blamed": the plural ends
		// a longer subject.
		return ""
	}
	w := ws[k-1]
	if isCapitalized(w) || len(w) < 4 || !strings.HasSuffix(w, "s") || strings.HasSuffix(w, "ss") || strings.HasSuffix(w, "us") || strings.HasSuffix(w, "is") ||
		strings.ContainsAny(w, ",;:“”\"()’'") || pronouns[w] || clauseVerbs[w] || notPlural[w] {
		return ""
	}
	return w
}

// notPlural are words in -s that are no plural noun ("as found by",
// "perhaps found"); "this", "thus" and "crisis" end in -is or -us.
var notPlural = wordSet(`perhaps always sometimes afterwards besides whereas unless towards nevertheless regardless`)

// clauseVerbs end a subject: the auxiliaries and copulas of English.
var clauseVerbs = wordSet(`is are was were be been has have had will would may might could should can cannot must do does did`)

var (
	demonstratives = wordSet(`this that these those such why how what when where who which whether`)
	quantifiers    = wordSet(`some many most several few all both each every other any no`)
)

// reporting is the indirect quotation whose words hold a stance's cue,
// with its speaker and reporting verb before them ("X said Y could not
// …"), or -1.
func reporting(text string, quotes []Quote, cl sentence, cue string) int {
	i := strings.Index(text[cl.start:cl.end], cue)
	if i < 0 {
		return -1
	}
	at := cl.start + i
	for k, q := range quotes {
		if q.Kind == Indirect && q.Who != nil && q.Cue != "" && q.Start >= cl.sentStart && q.Start <= at && at < q.End &&
			strings.Contains(text[cl.sentStart:q.Start], q.Cue) {
			return k
		}
	}
	return -1
}

// clauses splits a sentence where a new clause with a subject of its own
// may start: at ", and ", ",” and ", "; " and " — but " outside quotation
// marks.
func clauses(text string, s sentence) []sentence {
	var out []sentence
	start := s.start
	raw := text[s.start:s.end]
	for _, m := range clauseBreak.FindAllStringIndex(raw, -1) {
		at := s.start + m[0]
		if insideAny(s.start+m[1]-1, s.quoted) {
			continue
		}
		out = append(out, sentence{span: span{start, at}, quoted: s.quoted, sentStart: s.start, sentEnd: s.end})
		start = s.start + m[1]
		if r, size := utf8.DecodeLastRuneInString(raw[:m[1]]); unicode.IsUpper(r) {
			// " but Mary Major told …": the capital opens the new
			// clause's subject.
			start -= size
		}
	}
	return append(out, sentence{span: span{start, s.end}, quoted: s.quoted, sentStart: s.start, sentEnd: s.end})
}

var clauseBreak = regexp.MustCompile(`(?:,|[,.]”|[,.]") (?:and|but|while|whereas) |; | — but | (?:— )?and (?:also )?that | but \p{Lu}`)

// subjectBefore is the name just before a cue verb in a clause
// ("Northland accused"), if the words before the verb end with one.
func subjectBefore(text string, cl sentence, cue string, verb bool) string {
	before, k := wordsBefore(text, cl, cue, verb, "")
	j := k
	for j > 0 && isCapitalized(before[j-1]) && !strings.ContainsAny(before[j-1], ",;:") {
		j--
	}
	if j == k || j > 0 && ppStarts[strings.ToLower(before[j-1])] {
		// "officials in Riverton denied": the name is a place.
		return ""
	}
	if j > 0 && nameJoins[before[j-1]] {
		// "The Office of the High Commissioner for Human Rights
		// found": the words are the tail of a longer name.
		return ""
	}
	return strings.Join(before[j:k], " ")
}

// nameJoins are the small words inside the name of an institution.
var nameJoins = wordSet(`of for`)

// wordsBefore is the words of a clause, outside its quotations, before its
// cue verb, and how many of them come before the adverbs (and the word
// skip, if any) that stand between a subject and its verb; none when
// the cue is no verb or opens the clause.
func wordsBefore(text string, cl sentence, cue string, verb bool, skip string) ([]string, int) {
	if !verb {
		return nil, 0
	}
	out := outside(text, cl)
	i := strings.Index(out, cue)
	if i <= 0 {
		return nil, 0
	}
	ws := strings.Fields(out[:i])
	k := len(ws)
	for k > 0 && (adverbs[strings.ToLower(ws[k-1])] || skip != "" && ws[k-1] == skip) {
		k--
	}
	return ws, k
}

// actor is the speaker np names: one the quotations name, or a named
// human being new to them. A pronoun, a description or a thing ("A
// Facebook post") is no one to credit a stance to.
func actor(np string, quotes []Quote) *Speaker {
	if pronouns[strings.ToLower(np)] {
		return nil
	}
	if sp := knownSpeaker(np, quotes); sp != nil {
		return sp
	}
	if f := strings.Fields(np); len(f) > 0 && (f[0] == "A" || f[0] == "An") {
		return nil
	}
	if sp := splitNameRole(np); sp.Named {
		if f := strings.Fields(np); len(f) > 1 && allCapitalized(f) && !strings.Contains(sp.Name, " ") && !sp.Person {
			// "Interior Department expressed concern": one capitalised
			// word after a title word is the end of an institution's
			// name, not a person called "Department"; "President Roe
			// blamed" is still Roe, with her title as the role.
			return &Speaker{Name: np, Named: true}
		}
		return &sp
	}
	return nil
}

// quoteIn is the index of the quotation that starts first in s (the
// longest of those that start together: a reported clause before the
// short quotation inside it), or -1.
func quoteIn(quotes []Quote, s span) int {
	best := -1
	for i, q := range quotes {
		if q.Who == nil || q.Start < s.start || q.Start >= s.end {
			continue
		}
		if best < 0 || q.Start < quotes[best].Start || q.Start == quotes[best].Start && q.End > quotes[best].End {
			best = i
		}
	}
	return best
}

// knownSpeaker finds the speaker of a quotation that np names, by full
// name or surname.
func knownSpeaker(np string, quotes []Quote) *Speaker {
	f := foldName(splitNameRole(np).Name)
	if f == "" {
		return nil
	}
	for _, q := range quotes {
		if q.Who == nil {
			continue
		}
		n := foldName(q.Who.Name)
		if n == f || q.Who.Named && foldName(surname(q.Who.Name)) == f {
			return q.Who
		}
	}
	return nil
}

// Status proposes a claim's status from its positions' stances and the
// wording of its sentences.
func (c Claim) Status() string {
	has := map[string]bool{}
	hedged := false
	for _, p := range c.Positions {
		has[p.Stance] = true
		if hedge.MatchString(p.Sentence) {
			hedged = true
		}
	}
	switch {
	case has["asserts"] && (has["denies"] || has["doubts"]):
		return "disputed"
	case has["denies"]:
		return "denied"
	case has["doubts"]:
		return "unverified"
	case has["assesses"] && unlikely.MatchString(c.Positions[0].Sentence):
		return "assessed-unlikely"
	case has["assesses"] && !hedged:
		return "assessed-likely"
	case hedged:
		return "unverified"
	}
	return "alleged"
}

var (
	hedge    = regexp.MustCompile(`(?i)\b(?:may|might|could|reportedly|allegedly|possibly|perhaps|appears? to|seems? to)\b`)
	unlikely = regexp.MustCompile(`(?i)\b(?:unlikely|improbable|doubtful)\b`)
)
