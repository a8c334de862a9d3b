package draft

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
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
	if d.Existing {
		fmt.Fprintf(&b, "# The base already has this article as source %s; %d entries it has were left out.\n", d.Source.ID, d.Skipped)
	} else {
		b.WriteString("sources:\n")
		writeItems(&b, d.sourceItems(), "  ")
	}
	for _, sec := range d.sections() {
		if len(sec.items) > 0 {
			b.WriteString(sec.key + ":\n")
			writeItems(&b, sec.items, "  ")
		}
	}
	if len(d.Quotes) == 0 {
		b.WriteString("# No attributed quotations found in the article.\n")
	}
	writeHeld(&b, d.Held, "")
	return b.Bytes()
}

// section is a top-level list of the draft, in the order of a knowledge
// file.
type section struct {
	key   string
	items []entry
}

func (d *Draft) sections() []section {
	return []section{{"people", d.peopleItems()}, {"events", d.eventItems()}, {"quotes", d.quoteItems()}, {"claims", d.claimItems()}}
}

// writeHeld writes the quotations held for the reviewer as comments.
func writeHeld(w io.Writer, held []string, indent string) {
	if len(held) == 0 {
		return
	}
	fmt.Fprintf(w, "%s# review: quotations credited to an outlet or document the article does not name (%d):\n", indent, len(held))
	for _, h := range held {
		fmt.Fprintf(w, "%s# review:   %s\n", indent, oneLine(h))
	}
}

// entry is one list item to write: its fields in order, and review notes.
type entry struct {
	notes  []string
	fields []field
}

type field struct {
	key   string
	value any // string, []string, []knowledge.Citation or []knowledge.Position
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
		if len(p.Aliases) > 0 {
			fs = append(fs, field{"aliases", p.Aliases})
		}
		out = append(out, entry{notes: d.PeopleNotes[i], fields: fs})
	}
	return out
}

func (d *Draft) eventItems() []entry {
	var out []entry
	for i, e := range d.Events {
		fs := []field{{"id", e.ID}, {"date", e.Date.String()}}
		if e.DateNote != "" {
			fs = append(fs, field{"date_note", e.DateNote})
		}
		fs = append(fs, field{"title", e.Title})
		if len(e.Actors) > 0 {
			fs = append(fs, field{"actors", e.Actors})
		}
		fs = append(fs, field{"citations", e.Citations})
		out = append(out, entry{notes: d.EventNotes[i], fields: fs})
	}
	return out
}

func (d *Draft) claimItems() []entry {
	var out []entry
	for i, c := range d.Claims {
		fs := []field{{"id", c.ID}, {"statement", c.Statement}, {"status", c.Status}, {"positions", c.Positions}}
		out = append(out, entry{notes: d.ClaimNotes[i], fields: fs})
	}
	return out
}

func (d *Draft) quoteItems() []entry {
	var out []entry
	for i, q := range d.Quotes {
		fs := []field{{"id", q.ID}, {"speaker", q.Speaker}, {"kind", q.Kind}, {"text", q.Text}}
		if !q.Said.IsZero() {
			fs = append(fs, field{"said", q.Said.String()})
			if q.DateNote != "" {
				fs = append(fs, field{"date_note", q.DateNote})
			}
		}
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
				writeCitations(w, v, indent+"    ")
			case []knowledge.Position:
				fmt.Fprintf(w, "%s%s:\n", lead, f.key)
				for _, p := range v {
					fmt.Fprintf(w, "%s    - actor: %s\n", indent, quote(p.Actor))
					fmt.Fprintf(w, "%s      stance: %s\n", indent, quote(p.Stance))
					if p.Quote != "" {
						fmt.Fprintf(w, "%s      quote: %s\n", indent, quote(p.Quote))
					}
					fmt.Fprintf(w, "%s      citations:\n", indent)
					writeCitations(w, p.Citations, indent+"        ")
				}
			}
		}
	}
}

func writeCitations(w io.Writer, cs []knowledge.Citation, indent string) {
	for _, c := range cs {
		fmt.Fprintf(w, "%s- source: %s\n", indent, quote(c.Source))
		fmt.Fprintf(w, "%s  excerpt: %s\n", indent, quote(c.Excerpt))
	}
}

// quote writes s as a YAML double-quoted scalar. Go's escapes (\n, \t,
// \", \\, \xXX, \uXXXX) are all YAML escapes too.
func quote(s string) string { return strconv.Quote(s) }

// oneLine makes s one line of a comment: its white space runs one space,
// and any character YAML refuses in a file (a control character) a space.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if !unicode.IsPrint(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// Merge returns the knowledge file base with the draft's entries added at
// the end of its sources, people and quotes sections. The base's own text
// is kept byte for byte, so that a diff shows only the new entries.
func (d *Draft) Merge(base []byte) []byte {
	out := base
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(slices.Clone(out), '\n')
	}
	if !d.Existing {
		out = appendToSection(out, "sources", d.sourceItems())
	}
	for _, sec := range d.sections() {
		if len(sec.items) > 0 {
			out = appendToSection(out, sec.key, sec.items)
		}
	}
	if len(d.Held) > 0 {
		var b bytes.Buffer
		writeHeld(&b, d.Held, "")
		out = append(out, b.Bytes()...)
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
