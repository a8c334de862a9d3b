package draft

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

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
}

// Draft is the entries drafted from one article, each with the notes a
// reviewer should read.
type Draft struct {
	Source      knowledge.Source
	SourceNotes []string
	People      []knowledge.Person
	PeopleNotes [][]string
	Quotes      []knowledge.Quote
	QuoteNotes  [][]string
	ArchiveText string
	// personIDs are the ids given to new people, by speaker.
	personIDs map[*Speaker]string
}

// New builds the draft of an article's quotations. base may be nil; its
// people are reused and its ids avoided.
func New(a Article, quotes []Quote, base *knowledge.File, m Meta) (*Draft, error) {
	d := &Draft{ArchiveText: a.Text, personIDs: map[*Speaker]string{}}
	taken := map[string]bool{}
	sourceTaken := map[string]bool{}
	archives := map[string]bool{}
	if base != nil {
		for _, s := range base.Sources {
			sourceTaken[s.ID] = true
			archives[s.Archive] = true
		}
		for _, p := range base.People {
			taken[p.ID] = true
		}
		for _, q := range base.Quotes {
			taken["q:"+q.ID] = true
		}
	}
	// The source.
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
		return nil, fmt.Errorf("--source-id %q: an id has no spaces or slashes", id)
	} else if sourceTaken[id] {
		return nil, fmt.Errorf("--source-id %q: the knowledge base already has a source with that id", id)
	}
	src := knowledge.Source{ID: id, Title: m.Title, Outlet: m.Outlet, URL: m.URL, Language: "en", Archive: id + ".txt"}
	if archives[src.Archive] {
		return nil, fmt.Errorf("--source-id %q: the knowledge base already has an archive named %s", id, src.Archive)
	}
	if m.Published != "" {
		date, err := knowledge.ParseDate(m.Published)
		if err != nil {
			return nil, fmt.Errorf("--published: %w", err)
		}
		src.Published = date
	}
	if m.URL != "" {
		if u, err := url.Parse(m.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("--url %q: want an http or https URL", m.URL)
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
	if m.Outlet == "" || m.Published == "" || m.URL == "" {
		d.SourceNotes = append(d.SourceNotes, "outlet, published and url come only from --outlet, --published and --url; left out when not given, never guessed")
	}
	d.Source = src

	// The speakers: people of the base, or new people.
	personID := func(sp *Speaker) string {
		if sp.KB != "" {
			return sp.KB
		}
		if id, ok := d.personIDs[sp]; ok {
			return id
		}
		name := sp.Name
		pid := slug(strings.TrimPrefix(strings.TrimPrefix(name, "the "), "The "), 5)
		if pid == "" {
			pid = "speaker"
		}
		for n := 2; taken[pid]; n++ {
			pid = fmt.Sprintf("%s-%d", slug(name, 5), n)
		}
		taken[pid] = true
		d.personIDs[sp] = pid
		p := knowledge.Person{ID: pid, Name: personName(sp), Role: sp.Role}
		var notes []string
		if sp.Named {
			notes = append(notes, "new person, named in the article as “"+strings.TrimSpace(sp.Name)+"”; check whether the base knows them under another name")
		} else {
			notes = append(notes, "new person the article does not name; its description is their name")
		}
		if sp.Role != "" {
			notes = append(notes, "role as the article gives it")
		}
		d.People = append(d.People, p)
		d.PeopleNotes = append(d.PeopleNotes, notes)
		return pid
	}

	counts := map[string]int{}
	for _, q := range quotes {
		if q.Who == nil {
			continue
		}
		pid := personID(q.Who)
		kind := knowledge.Direct
		if q.Kind == Indirect {
			kind = knowledge.Paraphrase
		}
		counts[pid]++
		qid := fmt.Sprintf("%s-%s-%d", id, pid, counts[pid])
		for taken["q:"+qid] {
			counts[pid]++
			qid = fmt.Sprintf("%s-%s-%d", id, pid, counts[pid])
		}
		taken["q:"+qid] = true
		kq := knowledge.Quote{
			ID: qid, Speaker: pid, Kind: kind, Text: q.Text, Medium: q.Medium, Via: q.Via,
			Citations: []knowledge.Citation{{Source: id, Excerpt: q.Sentence}},
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
		notes = append(notes, "said: not dated in the article; add the date if it gives one")
		d.Quotes = append(d.Quotes, kq)
		d.QuoteNotes = append(d.QuoteNotes, notes)
	}
	return d, nil
}

// personName is the name of a new person: the article's full name, or an
// unnamed speaker's description without its article.
func personName(sp *Speaker) string {
	n := strings.TrimSpace(sp.Name)
	if !sp.Named {
		for _, a := range []string{"a ", "an ", "the ", "A ", "An ", "The "} {
			if strings.HasPrefix(n, a) {
				n = n[len(a):]
				break
			}
		}
		r := []rune(n)
		if len(r) > 0 {
			r[0] = unicode.ToUpper(r[0])
		}
		n = string(r) + " (unnamed)"
	}
	return n
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// slug makes an id from at most n words of s.
func slug(s string, n int) string {
	s = strings.ToLower(knowledge.Fold(s))
	s = strings.NewReplacer("'s ", " ", "'", "").Replace(s)
	f := strings.Fields(nonSlug.ReplaceAllString(s, " "))
	if len(f) > n {
		f = f[:n]
	}
	return strings.Join(f, "-")
}

// YAML writes the draft as the sources, people and quotes sections of a
// knowledge file, with a "# review:" comment on every choice to check.
func (d *Draft) YAML() []byte {
	var b bytes.Buffer
	b.WriteString("# Drafted by incidentbot kb draft. Review every entry and every\n")
	b.WriteString("# \"# review:\" comment, then merge it into the knowledge file.\n")
	b.WriteString("sources:\n")
	writeItems(&b, d.sourceItems(), "  ")
	if len(d.People) > 0 {
		b.WriteString("people:\n")
		writeItems(&b, d.peopleItems(), "  ")
	}
	if len(d.Quotes) > 0 {
		b.WriteString("quotes:\n")
		writeItems(&b, d.quoteItems(), "  ")
	} else {
		b.WriteString("# No attributed quotations found in the article.\n")
	}
	return b.Bytes()
}

// entry is one list item to write: its fields in order, and review notes.
type entry struct {
	notes  []string
	fields []field
}

type field struct {
	key   string
	value any // string, []string or []knowledge.Citation
}

func (d *Draft) sourceItems() []entry {
	s := d.Source
	fs := []field{{"id", s.ID}, {"title", s.Title}}
	if s.Outlet != "" {
		fs = append(fs, field{"outlet", s.Outlet})
	}
	if !s.Published.IsZero() {
		fs = append(fs, field{"published", s.Published.String()})
	}
	if s.URL != "" {
		fs = append(fs, field{"url", s.URL})
	}
	fs = append(fs, field{"archive", s.Archive}, field{"language", s.Language})
	return []entry{{notes: d.SourceNotes, fields: fs}}
}

func (d *Draft) peopleItems() []entry {
	var out []entry
	for i, p := range d.People {
		fs := []field{{"id", p.ID}, {"name", p.Name}}
		if p.Role != "" {
			fs = append(fs, field{"role", p.Role})
		}
		out = append(out, entry{notes: d.PeopleNotes[i], fields: fs})
	}
	return out
}

func (d *Draft) quoteItems() []entry {
	var out []entry
	for i, q := range d.Quotes {
		fs := []field{{"id", q.ID}, {"speaker", q.Speaker}, {"kind", q.Kind}, {"text", q.Text}}
		if q.Medium != "" {
			fs = append(fs, field{"medium", q.Medium})
		}
		if len(q.Via) > 0 {
			fs = append(fs, field{"via", q.Via})
		}
		fs = append(fs, field{"citations", q.Citations})
		out = append(out, entry{notes: d.QuoteNotes[i], fields: fs})
	}
	return out
}

// writeItems writes list items at the given indentation. Every string is
// double-quoted, so no text of an article can change the YAML's shape.
func writeItems(w io.Writer, items []entry, indent string) {
	for _, it := range items {
		for _, n := range it.notes {
			fmt.Fprintf(w, "%s# review: %s\n", indent, oneLine(n))
		}
		for i, f := range it.fields {
			lead := indent + "  "
			if i == 0 {
				lead = indent + "- "
			}
			switch v := f.value.(type) {
			case string:
				fmt.Fprintf(w, "%s%s: %s\n", lead, f.key, quote(v))
			case []string:
				qs := make([]string, len(v))
				for j, s := range v {
					qs[j] = quote(s)
				}
				fmt.Fprintf(w, "%s%s: [%s]\n", lead, f.key, strings.Join(qs, ", "))
			case []knowledge.Citation:
				fmt.Fprintf(w, "%s%s:\n", lead, f.key)
				for _, c := range v {
					fmt.Fprintf(w, "%s    - source: %s\n", indent, quote(c.Source))
					fmt.Fprintf(w, "%s      excerpt: %s\n", indent, quote(c.Excerpt))
				}
			}
		}
	}
}

// quote writes s as a YAML double-quoted scalar. Go's escapes (\n, \t,
// \", \\, \xXX, \uXXXX) are all YAML escapes too.
func quote(s string) string { return strconv.Quote(s) }

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Merge returns the knowledge file base with the draft's entries added at
// the end of its sources, people and quotes sections. The base's own text
// is kept byte for byte, so that a diff shows only the new entries.
func (d *Draft) Merge(base []byte) []byte {
	out := base
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(slices.Clone(out), '\n')
	}
	out = appendToSection(out, "sources", d.sourceItems())
	if len(d.People) > 0 {
		out = appendToSection(out, "people", d.peopleItems())
	}
	if len(d.Quotes) > 0 {
		out = appendToSection(out, "quotes", d.quoteItems())
	}
	return out
}

// appendToSection inserts items at the end of the top-level list key. A
// missing or empty ("key: []") section is written anew.
func appendToSection(data []byte, key string, items []entry) []byte {
	lines := strings.SplitAfter(string(data), "\n")
	head := regexp.MustCompile(`^` + key + `:\s*(\[\s*\])?\s*(#.*)?\n?$`)
	start := -1
	for i, l := range lines {
		if head.MatchString(l) {
			start = i
			break
		}
	}
	if start < 0 {
		var b bytes.Buffer
		b.WriteString(string(data))
		b.WriteString(key + ":\n")
		writeItems(&b, items, "  ")
		return b.Bytes()
	}
	if strings.Contains(lines[start], "[") {
		lines[start] = key + ":\n"
	}
	// The section ends at the next top-level key (or the end), less the
	// blank lines and comments just before that key.
	end := len(lines)
	for i := start + 1; i < len(lines); i++ {
		if l := lines[i]; l != "" && l != "\n" && !strings.HasPrefix(l, " ") && !strings.HasPrefix(l, "\t") && !strings.HasPrefix(l, "#") && !strings.HasPrefix(l, "-") {
			end = i
			break
		}
	}
	for end > start+1 && (strings.TrimSpace(lines[end-1]) == "" || strings.HasPrefix(lines[end-1], "#")) {
		end--
	}
	indent := "  "
	for i := start + 1; i < end; i++ {
		if t := strings.TrimLeft(lines[i], " "); strings.HasPrefix(t, "- ") || t == "-\n" {
			indent = lines[i][:len(lines[i])-len(t)]
			break
		}
	}
	var b bytes.Buffer
	for _, l := range lines[:end] {
		b.WriteString(l)
	}
	writeItems(&b, items, indent)
	for _, l := range lines[end:] {
		b.WriteString(l)
	}
	return b.Bytes()
}

// Check confirms that every excerpt of the draft is word for word in the
// archived text, as kb validate --sources will, and returns the ids of the
// quotes whose excerpt is not.
func (d *Draft) Check() []string {
	var bad []string
	for _, q := range d.Quotes {
		for _, c := range q.Citations {
			if !knowledge.Contains(d.ArchiveText, c.Excerpt) {
				bad = append(bad, q.ID)
			}
		}
	}
	return bad
}

// WriteJSON writes the quotations found as {"quotes": [...]}, with text
// and sentence verbatim from the article.
func WriteJSON(w io.Writer, quotes []Quote) error {
	quotes = slices.Clone(quotes)
	if quotes == nil {
		quotes = []Quote{}
	}
	for i := range quotes {
		if quotes[i].Via == nil {
			quotes[i].Via = []string{}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(struct {
		Quotes []Quote `json:"quotes"`
	}{quotes})
}
