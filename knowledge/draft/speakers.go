package draft

import (
	"slices"
	"strings"
	"unicode"

	"github.com/incidentbot/incidentbot/knowledge"
)

// Speaker is who a quotation is attributed to, as the article names them.
type Speaker struct {
	// Name is the full name as the article gives it ("Ivo Marek"), or
	// the description of an unnamed speaker ("a Singapore-based spokesman
	// for Google").
	Name string
	// Role is the title or description the article gives with the name
	// ("Palace spokesman").
	Role string
	// Person is true for a named human being (he, she), false for an
	// institution, a group or a description (it, they).
	Person bool
	// Named is false for a speaker the article describes without naming.
	Named bool
	// KB is the id of the person of the knowledge base this is, if any.
	KB string
}

// titleWords are the words of a title that stand before a name
// ("Foreign Minister Andrii Sybiha"); the name starts after the last one.
var titleWords = wordSet(`president minister secretary spokesman spokeswoman spokesperson
	chancellor ambassador rep rep. sen sen. gov gov. attorney director deputy chief editor press
	prime vice former chairman chairwoman ceo commander cmdr cmdr. lt lt. col col. gen gen.
	general adviser advisor counsel negotiator envoy analyst official officials governor mayor
	leader head correspondent reporter host judge professor prof prof. dr dr. mr mr. mrs mrs. ms
	ms. mayor senator congressman congresswoman representative sergeant sgt capt captain major
	colonel admiral lieutenant justice speaker king queen prince foreign defence defense
	interior state national security council house white of the for public prosecution
	intelligence editor-in-chief founder co-founder manager strategist economist researcher
	expert aide lawyer emir sheikh pope patriarch cardinal bishop commissioner inspector
	superintendent marshal chair member candidate nominee democratic republican independent
	military army navy israeli palestinian russian ukrainian american british french german
	chinese syrian iranian australian afghan jordanian us u.s. uk u.k. eu un u.n. nato
	senior junior top former acting interim executive managing assistant associate
	director-general secretary-general party`)

// honorifics are dropped when a name is looked up ("Ms Persson").
var honorifics = wordSet(`mr mr. mrs mrs. ms ms. dr dr. prof prof. sir dame lord lady`)

// orgWords mark a name as an institution rather than a person.
var orgWords = wordSet(`ministry department office authority council commission house government
	league union party forum times news agency court committee service services embassy
	administration army navy force forces police pentagon bank group team university
	institute center centre foundation organisation organization association press reuters
	bbc cnn nbc cbs abc afp ap google twitter facebook telegram company corp
	inc ltd campaign coalition alliance parliament congress senate assembly federation
	republic state states nations agency desk watch report correction statement`)

// pronouns that stand for a speaker named before.
var pronouns = wordSet(`he she it they his her its their`)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// splitNameRole splits a noun phrase naming a speaker into the name and
// the role the article gives with it: "Palace spokesman Ivo Marek",
// "Maxim Timchenko, CEO of DTEK", "a Singapore-based spokesman for Google".
func splitNameRole(np string) Speaker {
	np = strings.TrimSpace(strings.Trim(np, ",;:-—– "))
	head, appos, _ := strings.Cut(np, ",")
	appos = cleanAppositive(appos)
	head = strings.TrimSpace(head)
	// A dash appositive: "The Palestinian Authority - which considers ..."
	for _, d := range []string{" - ", " — ", " – "} {
		if i := strings.Index(head, d); i > 0 {
			head = strings.TrimSpace(head[:i])
		}
	}
	ws := strings.Fields(head)
	if len(ws) == 0 {
		return Speaker{}
	}
	if before, _, ok := strings.Cut(head, " and "); ok && isCapitalized(ws[len(ws)-1]) && isCapitalized(lastWord(before)) {
		// "Okafor and Duarte", "Northland and Southland": a group.
		return Speaker{Name: head, Role: appos, Named: isCapitalized(ws[0]) && !lowerArticle(ws[0])}
	}
	// A description rather than a name: it starts with a small word
	// ("a member of GreatFire.org", "the governor", "officials").
	if !isCapitalized(ws[0]) || lowerArticle(ws[0]) {
		name := head
		if len(ws) > 2 && strings.EqualFold(ws[0], "both") {
			// "both analysts and sources in the camp": the group,
			// as the reviewed bases name it.
			name = strings.Join(ws[1:], " ")
		}
		for i, w := range ws[:len(ws)-1] {
			if (strings.HasSuffix(w, "’s") || strings.HasSuffix(w, "'s")) && informants[strings.ToLower(ws[i+1])] {
				// "a reporter's source inside the camp": the source
				// speaks; whose source it is is the role.
				if appos == "" {
					owner := strings.Join(ws[:i+1], " ")
					appos = strings.ToLower(ws[i+1]) + " of " + strings.TrimSuffix(strings.TrimSuffix(owner, "’s"), "'s")
				}
				name = strings.Join(ws[i+1:], " ")
				break
			}
		}
		if lowerArticle(ws[0]) && allCapitalized(ws[1:]) && (!hasTitle(ws[1:]) || len(ws) > 2 && bodyEnds[strings.ToLower(ws[len(ws)-1])]) {
			// "The Knesset", "the SBU": a proper name with its article.
			return Speaker{Name: name, Role: appos, Named: true}
		}
		return Speaker{Name: name, Role: appos}
	}
	// "Jane Roe with Example Labs": a name, then where they work.
	for i := 2; i < len(ws)-1; i++ {
		if (ws[i] == "with" || ws[i] == "at" || ws[i] == "from") && allCapitalized(ws[:i]) && !hasTitle(ws[:i]) {
			sp := Speaker{Name: strings.Join(ws[:i], " "), Role: strings.Join(ws[i+1:], " "), Named: true, Person: true}
			if appos != "" {
				sp.Role += ", " + appos
			}
			return sp
		}
	}
	// The name is the run of capitalised, non-title words at the end.
	i := len(ws)
	for i > 0 && isCapitalized(ws[i-1]) && !titleWords[strings.ToLower(ws[i-1])] && !strings.HasSuffix(ws[i-1], "’s") && !strings.HasSuffix(ws[i-1], "'s") {
		i--
	}
	name := strings.Join(ws[i:], " ")
	role := strings.Join(ws[:i], " ")
	if name == "" {
		// Only title words: "The Pentagon" is caught above; "Foreign
		// Minister" alone is a description.
		return Speaker{Name: head, Role: appos, Named: allCapitalized(ws)}
	}
	if strings.HasSuffix(name, " Jr") || strings.HasSuffix(name, " Jr.") {
		name = strings.TrimSpace(name)
	}
	sp := Speaker{Name: name, Named: true}
	switch {
	case role != "" && appos != "":
		sp.Role = role + ", " + appos
	case role != "":
		sp.Role = role
	default:
		sp.Role = appos
	}
	nameWords := ws[i:]
	sp.Person = len(nameWords) >= 2 && !anyOrgWord(nameWords) || role != "" && len(nameWords) >= 1 && !anyOrgWord(nameWords) && hasTitle(ws[:i])
	return sp
}

// informants are the nouns that name whoever told a reporter something,
// after whose they are ("the newspaper's sources").
var informants = wordSet(`source sources contact contacts informant informants`)

// cleanAppositive keeps the description in an appositive and drops a
// relative clause ("who uses a pseudonym") or a second clause.
func cleanAppositive(s string) string {
	s = strings.TrimSpace(s)
	for _, w := range []string{"who ", "which ", "whose ", "that "} {
		if strings.HasPrefix(s, w) {
			return ""
		}
	}
	s = strings.TrimSuffix(s, ",")
	return strings.TrimSpace(s)
}

func lowerArticle(w string) bool {
	switch strings.ToLower(w) {
	case "the", "a", "an":
		return true
	}
	return false
}

func allCapitalized(ws []string) bool {
	if len(ws) == 0 {
		return false
	}
	for _, w := range ws {
		if !isCapitalized(w) && w != "of" && w != "for" && w != "and" {
			return false
		}
	}
	return true
}

// bodyEnds end the name of a body, though they stand in a title too
// ("the Harbour Council" against "Council member Roe"): "The Harbour
// Council" is that body, by its name.
var bodyEnds = wordSet(`house council department ministry office committee senate parliament`)

func hasTitle(ws []string) bool {
	for _, w := range ws {
		if titleWords[strings.ToLower(w)] && !lowerArticle(w) && w != "of" && w != "for" {
			return true
		}
	}
	return false
}

func anyOrgWord(ws []string) bool {
	for _, w := range ws {
		if orgWords[strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(w, "’s"), "'s"))] {
			return true
		}
	}
	return false
}

// people remembers the speakers named so far, so that a later "he",
// "Hartwig" or "Ms Persson" finds them, and resolves names to the
// people of the knowledge base.
type people struct {
	known      []*Speaker
	byFull     map[string]*Speaker // folded full name → the latest speaker so named
	bySurname  map[string]*Speaker // folded last word of a multi-word name
	byDomain   map[string]*Speaker // "greatfire" → GreatFire.org
	lastPerson *Speaker            // the last named human being
	lastOther  *Speaker            // the last institution or group
	last       *Speaker            // the last speaker of either kind
	kb         map[string]string   // folded name or alias → person id
	kbNames    map[string]string   // person id → name
}

func newPeople(b *knowledge.File) *people {
	p := &people{kb: map[string]string{}, kbNames: map[string]string{},
		byFull: map[string]*Speaker{}, bySurname: map[string]*Speaker{}, byDomain: map[string]*Speaker{}}
	if b == nil {
		return p
	}
	for _, per := range b.People {
		p.kbNames[per.ID] = per.Name
		for _, n := range append([]string{per.Name}, per.Aliases...) {
			k := foldName(n)
			if _, taken := p.kb[k]; !taken && k != "" {
				p.kb[k] = per.ID
			}
		}
	}
	return p
}

// foldName makes a name comparable: lower case, typographic apostrophes
// straightened, a leading article and honorific dropped.
func foldName(s string) string {
	s = strings.ToLower(knowledge.Fold(s))
	s = strings.TrimPrefix(s, "the ")
	if f := strings.Fields(s); len(f) > 1 && honorifics[f[0]] {
		s = strings.Join(f[1:], " ")
	}
	return strings.TrimFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// resolve turns the words that name a speaker into a speaker: a pronoun
// into the speaker named before, a surname into the full name given
// earlier, a name into the person of the knowledge base. It returns a
// note for the reviewer when the choice is a guess.
func (p *people) resolve(np string) (*Speaker, string) {
	np = strings.TrimSpace(np)
	low := strings.ToLower(np)
	if pronouns[low] {
		var sp *Speaker
		switch low {
		case "he", "she", "his", "her":
			sp = p.lastPerson
		case "it", "its":
			sp = p.lastOther
		}
		if sp == nil {
			sp = p.last
		}
		if sp == nil {
			return nil, ""
		}
		return sp, "speaker “" + np + "” taken to be " + sp.Name + ", named before"
	}
	sp := splitNameRole(np)
	if sp.Name == "" {
		return nil, ""
	}
	var note string
	if sp.Named {
		if prev := p.byName(sp.Name); prev != nil {
			if sp.Role != "" && prev.Role == "" {
				prev.Role = sp.Role
			}
			p.remember(prev)
			if foldName(prev.Name) != foldName(sp.Name) {
				note = "speaker “" + sp.Name + "” taken to be " + prev.Name + ", named before"
			}
			return prev, note
		}
	}
	if id := p.kbID(sp.Name); id != "" {
		sp.KB = id
	} else if sp.Role != "" {
		// "Palace spokesman" is an alias of a person in some bases.
		if id := p.kbID(sp.Role); id != "" && sp.Named && strings.Contains(foldName(p.kbNames[id]), foldName(lastWord(sp.Name))) {
			sp.KB = id
		}
	}
	if f := strings.Fields(sp.Name); sp.KB == "" && len(f) > 1 && documentWords[strings.ToLower(f[len(f)-1])] {
		// "The Example Gazette report": the outlet.
		if id := p.kbID(strings.Join(f[:len(f)-1], " ")); id != "" {
			sp.KB = id
			note = "speaker “" + sp.Name + "” taken to be " + p.kbNames[id] + " of the knowledge base"
		}
	}
	if sp.KB == "" && sp.Named && len(strings.Fields(sp.Name)) == 1 && p.surnameKB(sp.Name) != "" {
		sp.KB = p.surnameKB(sp.Name)
		note = "speaker “" + sp.Name + "” taken to be " + p.kbNames[sp.KB] + " of the knowledge base"
	}
	if sp.KB != "" && len(strings.Fields(sp.Name)) == 1 && sp.Person {
		sp.Name = p.kbNames[sp.KB]
	}
	s := &sp
	p.add(s)
	p.remember(s)
	return s, note
}

// mention records a person named as the subject of a sentence that is not
// a quotation, so that the "he" of the next sentence finds them.
func (p *people) mention(np string) {
	sp := splitNameRole(np)
	if sp.Named && !sp.Person {
		if prev := p.byName(sp.Name); prev != nil && prev.Person {
			p.remember(prev)
		}
		return
	}
	if !sp.Named {
		return
	}
	if prev := p.byName(sp.Name); prev != nil {
		if prev.Role == "" {
			prev.Role = sp.Role
		}
		p.remember(prev)
		return
	}
	if id := p.kbID(sp.Name); id != "" {
		sp.KB = id
	}
	s := &sp
	p.add(s)
	p.remember(s)
}

// byDescription finds the last unnamed speaker whose description has
// the noun: "source" finds "a local police source".
func (p *people) byDescription(noun string) *Speaker {
	for i := len(p.known) - 1; i >= 0; i-- {
		k := p.known[i]
		if k.Named {
			continue
		}
		for _, w := range strings.Fields(strings.ToLower(k.Name)) {
			if w == noun {
				return k
			}
		}
	}
	return nil
}

// know records a name seen anywhere, without making it the one a
// pronoun refers to.
func (p *people) know(np string) {
	sp := splitNameRole(np)
	if !sp.Named || !sp.Person || p.byName(sp.Name) != nil {
		return
	}
	if id := p.kbID(sp.Name); id != "" {
		sp.KB = id
	}
	p.add(&sp)
}

// add records a speaker and indexes their names.
func (p *people) add(s *Speaker) {
	p.known = append(p.known, s)
	if len(p.known) > 2*maxKnown {
		p.known = slices.Clone(p.known[len(p.known)-maxKnown:])
	}
	p.byFull[foldName(s.Name)] = s
	if !s.Named || strings.Contains(s.Name, " and ") {
		// "Both Roe and Smith" is two people: a later "Smith" is not
		// both of them.
		return
	}
	if strings.Contains(s.Name, " ") {
		p.bySurname[foldName(surname(s.Name))] = s
	} else if i := strings.IndexByte(s.Name, '.'); i > 0 {
		p.byDomain[strings.ToLower(s.Name[:i])] = s
	}
}

// maxKnown bounds the unnamed speakers a description is matched against.
const maxKnown = 200

func (p *people) remember(s *Speaker) {
	p.last = s
	if s.Person {
		p.lastPerson = s
	} else {
		p.lastOther = s
	}
}

// byName finds a speaker named before by the same name or by its last
// word (a surname): "Hartwig" after "Lena Hartwig".
func (p *people) byName(name string) *Speaker {
	f := foldName(name)
	if k, ok := p.byFull[f]; ok {
		return k
	}
	if len(strings.Fields(f)) != 1 {
		return nil
	}
	if k, ok := p.bySurname[f]; ok {
		return k
	}
	return p.byDomain[f]
}

func (p *people) kbID(name string) string {
	if id, ok := p.kb[foldName(name)]; ok {
		return id
	}
	return ""
}

// surnameKB finds the one person of the base whose name ends with word.
func (p *people) surnameKB(w string) string {
	f := foldName(w)
	found := ""
	for id, n := range p.kbNames {
		if foldName(lastWord(n)) == f {
			if found != "" {
				return ""
			}
			found = id
		}
	}
	return found
}

// surname is the last word of a name, before a "Jr." or "III".
func surname(name string) string {
	f := strings.Fields(name)
	for len(f) > 1 {
		switch strings.ToLower(strings.TrimRight(f[len(f)-1], ".,")) {
		case "jr", "sr", "ii", "iii", "iv":
			f = f[:len(f)-1]
			continue
		}
		break
	}
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

func lastWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}
