package draft

import (
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/incidentbot/incidentbot/knowledge"
)

// Meta is what the admin says about the article. Outlet, Published and URL
// come only from here: the draft never guesses them.
type Meta struct {
	SourceID  string
	Title     string
	Outlet    string
	Published string
	URL       string
	// Name is the article's file name, for a source id and title when
	// none is given.
	Name string
	// Archived is the text of the base's archived articles by source id,
	// so that an article the base already has is recognised.
	Archived map[string]string
}

// Draft is the entries drafted from one article, each with the notes a
// reviewer should read.
type Draft struct {
	Source      knowledge.Source
	SourceNotes []string
	// Existing is true when the base already has the article: the draft
	// adds entries citing that source, and no new source.
	Existing    bool
	People      []knowledge.Person
	PeopleNotes [][]string
	Quotes      []knowledge.Quote
	QuoteNotes  [][]string
	Events      []knowledge.Event
	EventNotes  [][]string
	Claims      []knowledge.Claim
	ClaimNotes  [][]string
	// Held are quotations whose speaker the draft could not name (“the
	// outlet reported” with no outlet known), written as comments for
	// the reviewer instead of as a new person named after a common noun.
	Held []string
	// Skipped counts the entries left out because the base has them.
	Skipped     int
	ArchiveText string

	// personIDs are the ids given to new people, by speaker.
	personIDs map[*Speaker]string
	taken     map[string]bool
	base      *knowledge.File
}

// New builds the draft of an article: its source, the people who speak or
// act in it, its quotations, its dated events and the claims it reports.
// base may be nil; its people are reused, its ids avoided and its
// entries not drafted again.
func New(a Article, quotes []Quote, base *knowledge.File, m Meta) (*Draft, error) {
	d := &Draft{ArchiveText: a.Text, personIDs: map[*Speaker]string{}, taken: map[string]bool{}, base: base}
	if base == nil {
		d.base = &knowledge.File{}
	}
	for _, p := range d.base.People {
		d.taken[p.ID] = true
	}
	for _, q := range d.base.Quotes {
		d.taken["q:"+q.ID] = true
	}
	for _, e := range d.base.Events {
		d.taken["e:"+e.ID] = true
	}
	for _, c := range d.base.Claims {
		d.taken["c:"+c.ID] = true
	}
	if err := d.source(a, m); err != nil {
		return nil, err
	}
	pub := d.Source.Published
	if pub.IsZero() {
		if h := HeaderDate(a.Text); h != "" {
			pub, _ = knowledge.ParseDate(h)
			d.SourceNotes = append(d.SourceNotes, "relative dates counted from the date "+h+" at the head of the article's text; --published sets the publication date")
		}
	}
	pinned := ""
	if day, words, ok := Dateline(a.Text, pub); ok {
		pinned = fmt.Sprintf("%s is the day of the article's dateline “%s”, inside the publication date %s given", day, words, pub)
		if !d.Existing {
			d.Source.Published = day
			d.SourceNotes = append(d.SourceNotes, "published: "+pinned+": check it")
		}
		pub = day
	}
	quotes = d.people(quotes)
	kept := keptQuotes(quotes)
	quoteIDs := d.quotes(quotes, kept, pub)
	d.events(Events(a.Text, quotes, pub))
	if pinned != "" {
		// A date counted from the publication day says where that day
		// comes from.
		for i, e := range d.Events {
			if strings.Contains(e.DateNote, pub.String()) {
				d.Events[i].DateNote += " (" + pinned + ")"
			}
		}
		for i, q := range d.Quotes {
			if strings.Contains(q.DateNote, pub.String()) {
				d.Quotes[i].DateNote += " (" + pinned + ")"
			}
		}
	}
	d.claims(Claims(a.Text, quotes), quotes, quoteIDs)
	if m.Outlet != "" {
		d.narration(a.Text, m.Outlet, quotes)
	}
	return d, nil
}

// minNarrationWords is the shortest sentence of the article's own that
// is drafted as what its outlet asserts: shorter ones ("Not very
// likely.") say little without the sentence before.
const minNarrationWords = 6

// narration drafts each sentence of the article that no other entry
// cites, and that is the article's own words, as a claim its outlet
// asserts: the outlet printed it, and a base that leaves it out cannot
// answer from it. The reviewer keeps the contested ones and makes the
// rest events or deletes them.
func (d *Draft) narration(text, outlet string, quotes []Quote) {
	var cited []string
	drafted := &knowledge.File{Events: d.Events, Quotes: d.Quotes, Claims: d.Claims}
	for _, f := range []*knowledge.File{d.base, drafted} {
		for c := range f.Citations() {
			if c.Source == d.Source.ID {
				cited = append(cited, knowledge.Fold(c.Excerpt))
			}
		}
	}
	var who *Speaker
	for _, s := range Sentences(text) {
		f := knowledge.Fold(s.Text)
		if len(strings.Fields(s.Text)) < minNarrationWords || !isProse(s.Text) || slices.ContainsFunc(cited, func(c string) bool { return strings.Contains(c, f) }) {
			continue
		}
		if who == nil {
			who = d.outletSpeaker(outlet, quotes)
		}
		d.claims([]Claim{{Statement: s.Text, Positions: []Position{{Who: who, Stance: "asserts", Cue: "the article's own words", Sentence: s.Text, Quote: -1}}}}, nil, nil)
		d.ClaimNotes[len(d.ClaimNotes)-1] = append(d.ClaimNotes[len(d.ClaimNotes)-1],
			"the article's own words, which no other entry cites, credited to its outlet (--outlet): keep it as a claim if it is contested, else make it an event or delete it")
	}
}

// source drafts the article's source, or finds it in the base.
func (d *Draft) source(a Article, m Meta) error {
	for _, s := range d.base.Sources {
		same := m.URL != "" && s.URL == m.URL
		if text, ok := m.Archived[s.ID]; ok && foldArticle(text) == foldArticle(a.Text) {
			same = true
		}
		if same {
			d.Source, d.Existing = s, true
			d.SourceNotes = append(d.SourceNotes, "the base already has this article as source "+s.ID+": only entries it does not have yet are drafted")
			return nil
		}
	}
	sourceTaken, archives := map[string]bool{}, map[string]bool{}
	for _, s := range d.base.Sources {
		sourceTaken[s.ID] = true
		archives[s.Archive] = true
	}
	id := m.SourceID
	if id == "" {
		id = slug(strings.TrimSuffix(filepath.Base(m.Name), filepath.Ext(m.Name)), 6)
		if id == "" {
			id = "article"
		}
		for n := 2; sourceTaken[id]; n++ {
			id = fmt.Sprintf("%s-%d", strings.TrimRight(strings.TrimRightFunc(id, unicode.IsDigit), "-"), n)
		}
		d.SourceNotes = append(d.SourceNotes, "source id made from the file name; --source-id sets it")
	} else if strings.IndexFunc(id, func(r rune) bool { return unicode.IsSpace(r) || r == '/' }) >= 0 {
		return fmt.Errorf("--source-id %q: an id has no spaces or slashes", id)
	} else if sourceTaken[id] {
		return fmt.Errorf("--source-id %q: the knowledge base already has a source with that id", id)
	}
	src := knowledge.Source{ID: id, Title: m.Title, Outlet: m.Outlet, URL: m.URL, Language: "en", Archive: id + ".txt"}
	if archives[src.Archive] {
		return fmt.Errorf("--source-id %q: the knowledge base already has an archive named %s", id, src.Archive)
	}
	if m.Published != "" {
		date, err := knowledge.ParseDate(m.Published)
		if err != nil {
			return fmt.Errorf("--published: %w", err)
		}
		src.Published = date
	}
	if m.URL != "" {
		if u, err := url.Parse(m.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("--url %q: want an http or https URL", m.URL)
		}
	}
	switch {
	case src.Title != "":
	case a.Title != "":
		src.Title = a.Title
		d.SourceNotes = append(d.SourceNotes, "title taken from the HTML page's <title>; --title sets it")
	default:
		src.Title = "Article " + filepath.Base(m.Name)
		d.SourceNotes = append(d.SourceNotes, "no title given: write a descriptive one (--title sets it)")
	}
	d.SourceNotes = append(d.SourceNotes, "language taken to be English")
	if p := src.Published; m.URL != "" && p.Day != 0 && !p.IsRange() {
		// The Wayback Machine sends a capture timestamp to its nearest
		// capture, if it has one: a guess for the editor to open, never
		// written as a value.
		d.SourceNotes = append(d.SourceNotes, fmt.Sprintf("archive_url: https://web.archive.org/web/%04d%02d%02d000000/%s may open the Wayback Machine's capture nearest the publication date; check that it is this article and add the capture's own link as archive_url", p.Year, p.Month, p.Day, m.URL))
	}
	if m.Outlet == "" || m.Published == "" || m.URL == "" {
		d.SourceNotes = append(d.SourceNotes, "outlet, published and url come only from --outlet, --published and --url; left out when not given, never guessed")
	}
	d.Source = src
	return nil
}

// foldArticle is an article's text as compared with an archive's: the
// header left out, quotation marks and white space folded.
func foldArticle(text string) string { return knowledge.Fold(text[headerEnd(text):]) }

// outletNouns are the common nouns by which an article refers to an
// outlet it has named ("the outlet reported"); documentNouns those for a
// document ("the correction reads"), which the draft does not guess.
var (
	outletNouns   = wordSet(`outlet newspaper paper agency broadcaster network magazine site website publication daily station channel`)
	documentNouns = wordSet(`correction report article story statement release analysis investigation`)
	newsWords     = wordSet(`news times post press agency journal tribune guardian telegraph herald daily radio tv television broadcasting magazine`)
)

// people resolves the quotations' speakers that are no one by name: "the
// outlet" becomes the outlet the article names last before it, "both X
// and Y" the two people, each with a quotation of their own. A quotation
// whose speaker stays a common noun is held for the reviewer rather than
// credited to a new person named after that noun.
func (d *Draft) people(quotes []Quote) []Quote {
	text := d.ArchiveText
	kb := newPeople(d.base)
	var outlets []string
	for _, q := range quotes {
		sp := q.Who
		if sp == nil {
			continue
		}
		if f := strings.Fields(sp.Name); sp.KB == "" && !sp.Person && len(f) > 1 && documentNouns[strings.ToLower(f[len(f)-1])] {
			// "An Example Gazette report": the outlet, by its name,
			// and no person "Example Gazette report (unnamed)".
			name := strings.Join(f[:len(f)-1], " ")
			name = strings.TrimPrefix(strings.TrimPrefix(name, "A "), "An ")
			name = strings.TrimSuffix(strings.TrimSuffix(name, "’s"), "'s")
			if ws := strings.Fields(name); sp.Named || allCapitalized(ws) && !lowerArticle(ws[0]) {
				sp.Name, sp.Named = name, true
				if id := kb.kbID(name); id != "" {
					sp.KB = id
				}
				outlets = append(outlets, sp.Name)
			}
		}
		if sp.Named && (q.Cue == "according to" || q.Cue == "reported" || anyWord(sp.Name, newsWords)) {
			// Found in the base or not, an outlet the article names.
			outlets = append(outlets, sp.Name)
		}
		outlets = append(outlets, q.Via...)
	}
	var out []Quote
	for _, q := range quotes {
		sp := q.Who
		if sp == nil {
			continue
		}
		if !sp.Named && isCommonRef(sp.Name) {
			name := ""
			if outletNouns[lastWord(strings.ToLower(sp.Name))] {
				name = lastNamed(text, q.Start, outlets)
			}
			if name == "" {
				d.Held = append(d.Held, fmt.Sprintf("%s: %q — credited by the article to %q, which names no one the draft can tell; add the quote under the person id it means", q.Kind, q.Text, sp.Name))
				continue
			}
			prev := d.outletSpeaker(name, quotes)
			q.Review = append(q.Review, "the article's “"+sp.Name+"” taken to be "+prev.Name+", the outlet it names last before it")
			q.Who, q.Speaker = prev, prev.Name
			out = append(out, q)
			continue
		}
		if m := toldOutlet.FindStringSubmatch(q.Sentence); m != nil && len(q.Via) == 0 {
			// "Other sources told the outlet that …": relayed by the
			// outlet named last before.
			if name := lastNamed(text, q.Start, outlets); name != "" {
				q.Via = []string{name}
				q.Review = append(q.Review, "via: the article's “"+m[1]+"” taken to be "+name+", the outlet it names last before it")
			}
		}
		if written, _ := pairBefore(text, q.Start); !sp.Named && twoOfThem.MatchString(sp.Name) && written != "" {
			// "Both men": the two named just before.
			sp = &Speaker{Name: written, Named: true}
		}
		if both := d.split(sp, quotes); len(both) > 1 {
			for _, one := range both {
				c := q
				c.Who, c.Speaker = one, one.Name
				c.Review = append(slices.Clone(q.Review), "the article credits these words to “"+sp.Name+"” together: one quote each")
				out = append(out, c)
			}
			continue
		}
		out = append(out, q)
	}
	return out
}

// toldOutlet is a quotation told to an outlet the sentence does not name.
var toldOutlet = regexp.MustCompile(`\b(?:told|to) (the (?:outlet|newspaper|paper|agency|broadcaster|network|magazine|site|website|publication|station|channel))\b`)

// isCommonRef reports whether an unnamed speaker is a common noun for an
// outlet or a document: "the outlet", "the correction".
func isCommonRef(name string) bool {
	f := strings.Fields(strings.ToLower(name))
	return len(f) > 0 && len(f) <= 3 && (outletNouns[f[len(f)-1]] || documentNouns[f[len(f)-1]])
}

func anyWord(s string, set map[string]bool) bool {
	for _, w := range strings.Fields(strings.ToLower(s)) {
		if set[strings.Trim(w, ".,’'s")] || set[w] {
			return true
		}
	}
	return false
}

// lastNamed is the name of names that text mentions last before at.
func lastNamed(text string, at int, names []string) string {
	best, bestAt := "", -1
	for _, n := range names {
		bare := strings.TrimPrefix(strings.TrimPrefix(n, "the "), "The ")
		if i := strings.LastIndex(text[:at], bare); i > bestAt {
			best, bestAt = n, i
		}
	}
	return best
}

// outletSpeaker is the speaker an outlet's name stands for: one the
// quotations or the base name, or a new named institution.
func (d *Draft) outletSpeaker(name string, quotes []Quote) *Speaker {
	bare := foldName(name)
	for _, q := range quotes {
		if q.Who != nil && q.Who.Named && foldName(q.Who.Name) == bare {
			return q.Who
		}
	}
	if sp := d.known(name, quotes); sp != nil {
		return sp
	}
	for s := range d.personIDs {
		if s.Named && foldName(s.Name) == bare {
			return s
		}
	}
	sp := &Speaker{Name: name, Named: true}
	d.personIDs[sp] = d.personID(sp)
	return sp
}

// bothRE reads "both X and Y", "X and Y".
var bothRE = regexp.MustCompile(`^(?:[Bb]oth )?(.+?),? and (.+)$`)

// split turns a speaker named as two people ("both Reyes and Moreau")
// into those two, when each is someone the article or the base names.
func (d *Draft) split(sp *Speaker, quotes []Quote) []*Speaker {
	m := bothRE.FindStringSubmatch(sp.Name)
	if m == nil {
		return nil
	}
	var out []*Speaker
	for _, part := range m[1:] {
		one := d.known(strings.TrimSpace(part), quotes)
		if one == nil {
			return nil
		}
		out = append(out, one)
	}
	return out
}

// known finds the speaker a name or surname refers to among the
// quotations' speakers and the people of the base.
func (d *Draft) known(name string, quotes []Quote) *Speaker {
	if sp := knownSpeaker(name, quotes); sp != nil && !strings.Contains(sp.Name, " and ") {
		return sp
	}
	f := foldName(name)
	for _, p := range d.base.People {
		if foldName(p.Name) == f || foldName(lastWord(p.Name)) == f {
			return &Speaker{Name: p.Name, Named: true, Person: true, KB: p.ID}
		}
	}
	if full := fullName(d.ArchiveText, name); full != "" {
		// "Volker and Morrison" where the article has named "Tim
		// Morrison" before, though not as a speaker.
		return &Speaker{Name: full, Named: true, Person: true}
	}
	return nil
}

// fullName is the first and last name the text gives a surname with
// ("Tim Morrison" for "Morrison"), or "".
func fullName(text, surname string) string {
	if strings.Contains(surname, " ") || !isCapitalized(surname) {
		return ""
	}
	re, err := regexp.Compile(`\b[A-Z][a-z]+(?: [A-Z]\.)? ` + regexp.QuoteMeta(surname) + `\b`)
	if err != nil {
		return ""
	}
	for _, m := range re.FindAllString(text, -1) {
		if first := strings.Fields(m)[0]; !titleWords[strings.ToLower(first)] && !openers[first] && !lowerArticle(first) && !determiners[strings.ToLower(first)] {
			return m
		}
	}
	return ""
}

// personID is the id of a speaker: a person of the base, or a new person.
func (d *Draft) personID(sp *Speaker) string {
	if sp.KB != "" {
		return sp.KB
	}
	if id, ok := d.personIDs[sp]; ok {
		return id
	}
	for s, id := range d.personIDs {
		if s.Named && sp.Named && foldName(s.Name) == foldName(sp.Name) || sameGroup(s, sp) {
			d.personIDs[sp] = id
			return id
		}
	}
	name := sp.Name
	pid := slug(strings.TrimPrefix(strings.TrimPrefix(name, "the "), "The "), 5)
	if pid == "" {
		pid = "speaker"
	}
	for n := 2; d.taken[pid]; n++ {
		pid = fmt.Sprintf("%s-%d", slug(name, 5), n)
	}
	d.taken[pid] = true
	d.personIDs[sp] = pid
	role := sp.Role
	if sp.Named {
		if r := appositionRole(d.ArchiveText, sp.Name); r != "" {
			role = r
		}
	}
	p := knowledge.Person{ID: pid, Name: personName(sp), Role: role}
	if last := surname(sp.Name); sp.Named && sp.Person && last != "" && last != sp.Name && !d.surnameTaken(last) {
		// Readers ask for "Okafor", not "Jonas Okafor".
		p.Aliases = []string{last}
	}
	var notes []string
	if m := spokesRole.FindStringSubmatch(role); sp.Person && m != nil && !d.surnameTaken(m[1]) {
		// "Interior Ministry spokeswoman Jane Roe": readers ask what
		// the Interior Ministry said, and she said it for the
		// ministry; "the WHO spokesman" for a "World Health
		// Organization spokesman".
		added := []string{m[1]}
		if a := initials(m[1]); a != "" && !d.surnameTaken(a) {
			added = append(added, a)
		}
		p.Aliases = append(p.Aliases, added...)
		notes = append(notes, "alias “"+strings.Join(added, "”, “")+"” from the role: a spokesperson speaks for "+m[1]+"; delete it if the base has it as a person of its own")
	}
	if m := domainName.FindStringSubmatch(sp.Name); m != nil && !d.surnameTaken(m[1]) {
		// Readers write "Example" for "Example.org".
		p.Aliases = append(p.Aliases, m[1])
		notes = append(notes, "alias “"+m[1]+"” made from the web address: delete it if no one writes it so")
	}
	if a := initials(sp.Name); sp.Named && !sp.Person && a != "" && !d.surnameTaken(a) {
		// Readers write "DSB" for the Dam Safety Board and
		// "US" for "U.S.".
		p.Aliases = append(p.Aliases, a)
		notes = append(notes, "alias “"+a+"” made from the name's initials: delete it if no one writes it so")
	}
	if sp.Named {
		notes = append([]string{"new person, named in the article as “" + strings.TrimSpace(sp.Name) + "”; check whether the base knows them under another name"}, notes...)
	} else {
		notes = append([]string{"new person the article does not name; its description is their name"}, notes...)
	}
	if role != "" {
		notes = append(notes, "role as the article gives it")
	}
	d.People = append(d.People, p)
	d.PeopleNotes = append(d.PeopleNotes, notes)
	return pid
}

// sameGroup reports whether two unnamed speakers are one group the
// article describes the same way ("inspectors", "Inspectors"); "a
// source" or "another official" twice may be two people.
func sameGroup(a, b *Speaker) bool {
	if a.Named || b.Named || foldName(a.Name) != foldName(b.Name) {
		return false
	}
	f := strings.Fields(foldName(a.Name))
	return len(f) > 0 && !newOne[f[0]]
}

// spokesRole is the role of someone who speaks for an institution, named
// before the title ("Foreign Ministry spokeswoman").
var spokesRole = regexp.MustCompile(`^((?:[A-Z][\w.’'-]*\s+)*[A-Z][\w.’'-]*)\s+(?i:(?:deputy |chief |senior )?(?:spokesman|spokeswoman|spokesperson|press secretary))$`)

// domainName is a name that is a web address ("Floodwatch.org"), and the
// name without its ending.
var domainName = regexp.MustCompile(`^([A-Za-z][\w-]+)\.(?:org|com|net|info|io|news)$`)

// newOne are the words that introduce someone not yet met.
var newOne = wordSet(`a an another one`)

// surnameTaken reports whether a person of the base or of the draft
// already goes by the word, as a name, a last name or an alias.
func (d *Draft) surnameTaken(w string) bool {
	f := foldName(w)
	check := func(p knowledge.Person) bool {
		if foldName(surname(p.Name)) == f || foldName(p.Name) == f {
			return true
		}
		return slices.ContainsFunc(p.Aliases, func(a string) bool { return foldName(a) == f })
	}
	return slices.ContainsFunc(d.base.People, check) || slices.ContainsFunc(d.People, check)
}

// initials is the short form readers write for an institution's name:
// the initials of its capitalised words when it has two or more ("The
// Dam Safety Board": DSB), or the name without its dots
// ("U.S.": US); "" when there is none.
func initials(name string) string {
	if strings.Count(name, ".") >= 2 && !strings.Contains(name, " ") {
		return strings.ReplaceAll(name, ".", "")
	}
	var b strings.Builder
	n := 0
	for i, w := range strings.Fields(name) {
		switch {
		case i == 0 && lowerArticle(w):
		case npFiller[w]:
			// "Department of Justice" is DOJ, not DJ: no guess.
			return ""
		case isCapitalized(w) && !strings.ContainsAny(w, ".-’'"):
			r, _ := utf8.DecodeRuneInString(w)
			b.WriteRune(r)
			n++
		default:
			return ""
		}
	}
	if n < 2 {
		return ""
	}
	return b.String()
}

// maxRoleWords bounds an apposition read as a role.
const maxRoleWords = 12

// appositionRole is the role the article gives a name at its first
// mention, in an apposition: "Jett Goldsmith, managing editor at Offbeat
// Research, said" gives "managing editor at Offbeat Research".
func appositionRole(text, name string) string {
	i := strings.Index(text, name+", ")
	if i < 0 || strings.Index(text, name) < i {
		return ""
	}
	rest := text[i+len(name)+2:]
	end := strings.IndexAny(rest, ",.;:()“”\"\n")
	if end <= 0 {
		return ""
	}
	phrase := strings.TrimSpace(rest[:end])
	f := strings.Fields(phrase)
	if len(f) == 0 || len(f) > maxRoleWords {
		return ""
	}
	first := strings.ToLower(f[0])
	if first == "a" || first == "an" || first == "the" {
		f = f[1:]
	} else if !unicode.IsLower([]rune(f[0])[0]) && !titleWords[first] {
		return ""
	}
	if len(f) == 0 || isCue(strings.ToLower(f[0])) || strings.ToLower(f[0]) == "who" || strings.ToLower(f[0]) == "which" || unicode.IsDigit([]rune(f[0])[0]) {
		return ""
	}
	return strings.Join(f, " ")
}

// minDirectWords is the fewest words of a direct quote drafted beside a
// paraphrase of the same sentence: shorter ones ("objected") are a word
// the paraphrase already carries in quotation marks.
const minDirectWords = 4

// keptQuotes chooses, sentence by sentence, what the draft writes: never a
// direct quote and a paraphrase of the same words. A direct quotation
// inside a paraphrase, or short beside one, is left to the paraphrase;
// a direct quotation of its own beside a paraphrase wins over it.
func keptQuotes(quotes []Quote) []bool {
	kept := make([]bool, len(quotes))
	for i := range kept {
		kept[i] = quotes[i].Who != nil
	}
	for i, q := range quotes {
		if q.Kind != Direct {
			continue
		}
		for j, p := range quotes {
			if p.Kind != Indirect || p.Sentence != q.Sentence || p.Who != q.Who {
				continue
			}
			if p.Start <= q.Start && q.End <= p.End || len(strings.Fields(q.Text)) < minDirectWords {
				kept[i] = false
				continue
			}
			kept[j] = false
		}
	}
	return kept
}

// stanceCueVerbs are reporting verbs that say where the speaker stands;
// a paraphrase keeps them ("denied that …"), since without them it would
// say the opposite or more than was said.
var stanceCueVerbs = wordSet(`denied denies claimed claims alleged alleges insisted insists admitted
	acknowledged conceded warned argued suggested believed believes believe predicted maintained
	promised vowed complained cautioned disputed rejected feared hoped doubted questioned`)

// quotes drafts the kept quotations and returns their ids by index.
func (d *Draft) quotes(quotes []Quote, kept []bool, pub knowledge.Date) map[int]string {
	ids := map[int]string{}
	counts := map[string]int{}
	for i, q := range quotes {
		if !kept[i] {
			continue
		}
		pid := d.personID(q.Who)
		kind := knowledge.Direct
		text := stripDateline(q.Text)
		if q.Kind == Indirect {
			kind = knowledge.Paraphrase
			if stanceCueVerbs[q.Cue] {
				text = q.Cue + " that " + text
			}
		}
		if d.has(pid, text, q.Sentence) {
			d.Skipped++
			continue
		}
		counts[pid]++
		qid := fmt.Sprintf("%s-%s-%d", d.Source.ID, pid, counts[pid])
		for d.taken["q:"+qid] {
			counts[pid]++
			qid = fmt.Sprintf("%s-%s-%d", d.Source.ID, pid, counts[pid])
		}
		d.taken["q:"+qid] = true
		ids[i] = qid
		kq := knowledge.Quote{
			ID: qid, Speaker: pid, Kind: kind, Text: text, Medium: q.Medium, Via: q.Via,
			Citations: []knowledge.Citation{{Source: d.Source.ID, Excerpt: q.Sentence}},
		}
		notes := slices.Clone(q.Review)
		if q.Who.KB != "" {
			notes = append(notes, "speaker is "+q.Who.KB+" of the knowledge base, found by the name “"+q.Who.Name+"”")
		}
		if q.Cue != "" {
			notes = append(notes, "cue: "+q.Cue)
		}
		if knowledge.StartsFormula(q.Text) || knowledge.StartsFormula(q.Sentence) {
			notes = append(notes, "begins with =, +, -, @, a tab or a CR, which a spreadsheet runs as a formula (the CSV export puts a ' before it): check that the article says this")
		}
		if q.Medium == "" && len(q.Via) == 0 {
			notes = append(notes, "the article names no channel (medium, via) here")
		}
		if said, note := saidDate(q, pub); !said.IsZero() {
			kq.Said, kq.DateNote = said, note
			notes = append(notes, "said: dated from the time by its cue: check it")
		} else {
			notes = append(notes, "said: not dated in the article; add the date if it gives one")
		}
		d.Quotes = append(d.Quotes, kq)
		d.QuoteNotes = append(d.QuoteNotes, notes)
	}
	return ids
}

// cueReach is how far after its cue a time expression dates the saying
// ("said Tuesday", "told reporters on Monday") rather than what was said.
const cueReach = 40

// saidDate is when a quotation was said, from a time expression just
// after its cue, outside the quoted words. One before the cue ("cut off
// on Friday, said …") dates what was said, and is left alone.
func saidDate(q Quote, pub knowledge.Date) (knowledge.Date, string) {
	if q.Cue == "" {
		return knowledge.Date{}, ""
	}
	sent := q.Sentence
	c := strings.Index(sent, q.Cue)
	if c < 0 {
		return knowledge.Date{}, ""
	}
	near := sent[c+len(q.Cue):]
	if len(near) > cueReach {
		near = near[:cueReach]
		if i := strings.LastIndexByte(near, ' '); i > 0 {
			near = near[:i]
		}
	}
	if i := strings.IndexAny(near, "“”\""); i >= 0 {
		near = near[:i]
	}
	d, note, at := findDate(near, dateContext{pub: pub})
	if d.IsZero() {
		return d, ""
	}
	if f := strings.Fields(near[:at[0]]); len(f) > 3 || len(f) > 0 && determiners[strings.ToLower(f[len(f)-1])] {
		// "said the July 25 call …": the date of what was said.
		return knowledge.Date{}, ""
	}
	return d, note
}

var determiners = wordSet(`the a an his her its their this that these those our my your`)

// has reports whether the base already has a quote of the speaker with
// the same words, or citing the same sentence of this source.
func (d *Draft) has(speaker, text, excerpt string) bool {
	if !d.Existing {
		return false
	}
	t, x := knowledge.Fold(text), knowledge.Fold(excerpt)
	for _, q := range d.base.Quotes {
		if q.Speaker != speaker {
			continue
		}
		if knowledge.Fold(q.Text) == t {
			return true
		}
		for _, c := range q.Citations {
			if c.Source == d.Source.ID && knowledge.Fold(c.Excerpt) == x && q.Kind == knowledge.Paraphrase {
				return true
			}
		}
	}
	return false
}

// cites reports whether the base has an entry citing excerpt of this
// source in cs.
func (d *Draft) cites(cs []knowledge.Citation, excerpt string) bool {
	x := knowledge.Fold(excerpt)
	for _, c := range cs {
		if c.Source == d.Source.ID && knowledge.Fold(c.Excerpt) == x {
			return true
		}
	}
	return false
}

// events drafts the dated events.
func (d *Draft) events(evs []Event) {
	for _, ev := range evs {
		if d.Existing && slices.ContainsFunc(d.base.Events, func(e knowledge.Event) bool { return d.cites(e.Citations, ev.Sentence) }) {
			d.Skipped++
			continue
		}
		title := eventTitle(stripDateline(ev.Sentence))
		id := uniqueID(d.taken, "e:", d.Source.ID+"-"+slug(title, 5))
		ke := knowledge.Event{ID: id, Date: ev.Date, DateNote: ev.DateNote, Title: title,
			Citations: []knowledge.Citation{{Source: d.Source.ID, Excerpt: ev.Sentence}}}
		for _, a := range ev.Actors {
			if pid := d.personID(a); !slices.Contains(ke.Actors, pid) {
				ke.Actors = append(ke.Actors, pid)
			}
		}
		notes := []string{"title drafted from the sentence: make it a short headline of what happened"}
		if ev.DateNote != "" {
			notes = append(notes, "date worked out from the article's words: check it")
		}
		if len(ke.Actors) == 0 {
			notes = append(notes, "no actor found: add the ids of who acted, if the article names them")
		}
		d.Events = append(d.Events, ke)
		d.EventNotes = append(d.EventNotes, notes)
	}
}

// claims drafts the claims and their positions, each linked to the quote
// of its speaker drafted from the same sentence.
func (d *Draft) claims(cs []Claim, quotes []Quote, quoteIDs map[int]string) {
	for _, c := range cs {
		kc := knowledge.Claim{Statement: stripDateline(c.Statement), Status: c.Status()}
		var notes []string
		for _, p := range c.Positions {
			pid := d.personID(p.Who)
			kp := knowledge.Position{Actor: pid, Stance: p.Stance, Citations: []knowledge.Citation{{Source: d.Source.ID, Excerpt: p.Sentence}}}
			if qid, ok := quoteIDs[p.Quote]; ok && quotes[p.Quote].Who == p.Who {
				kp.Quote = qid
			} else {
				for i, q := range quotes {
					if qid, ok := quoteIDs[i]; ok && q.Who == p.Who && q.Sentence == p.Sentence {
						kp.Quote = qid
						break
					}
				}
			}
			kc.Positions = append(kc.Positions, kp)
			notes = append(notes, fmt.Sprintf("%s %s: read from “%s”", pid, p.Stance, p.Cue))
		}
		if d.Existing && slices.ContainsFunc(d.base.Claims, func(b knowledge.Claim) bool {
			return knowledge.Fold(b.Statement) == knowledge.Fold(kc.Statement) ||
				slices.ContainsFunc(b.Positions, func(bp knowledge.Position) bool { return d.cites(bp.Citations, c.Positions[0].Sentence) })
		}) {
			d.Skipped++
			continue
		}
		kc.ID = uniqueID(d.taken, "c:", d.Source.ID+"-"+slug(kc.Statement, 5))
		if c.Positions[0].Cue == negatedCue {
			notes = append(notes, "statement is the reported words with their negation taken out, so that the position denies it: check it")
		}
		notes = append([]string{"statement drafted from the article's words: write it as one neutral sentence",
			"status " + kc.Status + " proposed from the stances and the wording (may, could, likely, denied): check it"}, notes...)
		d.Claims = append(d.Claims, kc)
		d.ClaimNotes = append(d.ClaimNotes, notes)
	}
}

// uniqueID returns id, or id with a number, not yet taken under prefix.
func uniqueID(taken map[string]bool, prefix, id string) string {
	id = strings.Trim(id, "-")
	out := id
	for n := 2; taken[prefix+out]; n++ {
		out = fmt.Sprintf("%s-%d", id, n)
	}
	taken[prefix+out] = true
	return out
}

// maxTitleWords bounds a drafted event title.
const maxTitleWords = 14

// eventTitle drafts an event's title from its sentence: without a
// leading clause of time or place, and cut to a few words.
func eventTitle(s string) string {
	if i := strings.Index(s, ", "); i > 0 && i < 60 {
		if f := strings.Fields(s[:i]); len(f) > 0 && openers[f[0]] {
			s = s[i+2:]
		}
	}
	f := strings.Fields(s)
	if len(f) > maxTitleWords {
		f = append(f[:maxTitleWords], "…")
	}
	t := strings.Join(f, " ")
	t = strings.TrimRight(t, ".")
	r := []rune(t)
	if len(r) > 0 {
		r[0] = unicode.ToUpper(r[0])
	}
	return string(r)
}
