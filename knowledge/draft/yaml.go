package draft

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/incidentbot/incidentbot/knowledge"
)

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
		n = string(r) + knowledge.UnnamedMark
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

// YAML writes the draft as the sources, people, events, quotes and claims
// sections of a knowledge file, with a "# review:" comment on every
// choice to check.
func (d *Draft) YAML() []byte {
	var b bytes.Buffer
	b.WriteString("# Drafted by incidentbot kb draft. Review every entry and every\n")
	b.WriteString("# \"# review:\" comment, then merge it into the knowledge file.\n")
	if d.Existing {
		fmt.Fprintf(&b, "# The base already has this article as source %s; %d entries it has were left out.\n", d.Source.ID, d.Skipped)
	}
	b.Write(knowledge.Marshal(d.file()))
	if len(d.Quotes) == 0 {
		b.WriteString("# No attributed quotations found in the article.\n")
	}
	writeHeld(&b, d.Held)
	return b.Bytes()
}

// file is the draft's entries as a knowledge file of them alone, and its
// review notes by the path of the entry each is on.
func (d *Draft) file() (*knowledge.File, map[string][]string) {
	f := &knowledge.File{People: d.People, Events: d.Events, Quotes: d.Quotes, Claims: d.Claims}
	notes := map[string][]string{}
	add := func(section string, all [][]string) {
		for i, ns := range all {
			for _, n := range ns {
				at := fmt.Sprintf("%s[%d]", section, i)
				notes[at] = append(notes[at], "review: "+n)
			}
		}
	}
	if !d.Existing {
		f.Sources = []knowledge.Source{d.Source}
		add("sources", [][]string{d.SourceNotes})
	}
	add("people", d.PeopleNotes)
	add("events", d.EventNotes)
	add("quotes", d.QuoteNotes)
	add("claims", d.ClaimNotes)
	return f, notes
}

// writeHeld writes the quotations held for the reviewer as comments.
func writeHeld(w io.Writer, held []string) {
	if len(held) == 0 {
		return
	}
	fmt.Fprintf(w, "# review: quotations credited to an outlet or document the article does not name (%d):\n", len(held))
	for _, h := range held {
		fmt.Fprintf(w, "# review:   %s\n", knowledge.CommentLine(h))
	}
}

// Merge returns the knowledge file base with the draft's entries added at
// the end of its sections. The base's own text is kept byte for byte, so
// that a diff shows only the new entries.
func (d *Draft) Merge(base []byte) []byte {
	out := base
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(slices.Clone(out), '\n')
	}
	for _, sec := range sections(knowledge.Marshal(d.file())) {
		out = appendToSection(out, sec.key, sec.items)
	}
	if len(d.Held) > 0 {
		var b bytes.Buffer
		writeHeld(&b, d.Held)
		out = append(out, b.Bytes()...)
	}
	return out
}

// section is a top-level list as Marshal writes it: its key, and its
// items' lines, indented two spaces.
type section struct {
	key   string
	items []string
}

// sections cuts a file Marshal wrote into its top-level lists.
func sections(data []byte) []section {
	var out []section
	for _, l := range strings.SplitAfter(string(data), "\n") {
		switch {
		case l == "":
		case l[0] != ' ':
			out = append(out, section{key: strings.TrimSuffix(l, ":\n")})
		default:
			out[len(out)-1].items = append(out[len(out)-1].items, l)
		}
	}
	return out
}

// appendToSection inserts items at the end of the top-level list key, at
// the indentation of that list's items. A missing or empty ("key: []")
// section is written anew.
func appendToSection(data []byte, key string, items []string) []byte {
	lines := strings.SplitAfter(string(data), "\n")
	head := regexp.MustCompile(`^` + key + `:\s*(\[\s*\])?\s*(#.*)?\n?$`)
	start := -1
	for i, l := range lines {
		if head.MatchString(l) {
			start = i
			break
		}
	}
	write := func(b *bytes.Buffer, indent string) {
		for _, l := range items {
			b.WriteString(indent + l[2:]) // every text is one line, so a line may be indented further
		}
	}
	if start < 0 {
		var b bytes.Buffer
		b.WriteString(string(data))
		b.WriteString(key + ":\n")
		write(&b, "  ")
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
	write(&b, indent)
	for _, l := range lines[end:] {
		b.WriteString(l)
	}
	return b.Bytes()
}

// Check confirms that every excerpt of the draft is word for word in the
// archived text, as kb validate --sources will, and returns the ids of the
// entries whose excerpt is not.
func (d *Draft) Check() []string {
	var bad []string
	check := func(id string, cs []knowledge.Citation) {
		for _, c := range cs {
			if !knowledge.Contains(d.ArchiveText, c.Excerpt) {
				bad = append(bad, id)
			}
		}
	}
	for _, q := range d.Quotes {
		check(q.ID, q.Citations)
	}
	for _, e := range d.Events {
		check(e.ID, e.Citations)
	}
	for _, c := range d.Claims {
		for _, p := range c.Positions {
			check(c.ID, p.Citations)
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
