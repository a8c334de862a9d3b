package knowledge

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// validator checks what the decoder cannot: unique ids, cross-references,
// closed vocabularies and that direct quotes sit inside their excerpts.
type validator struct {
	*decoder
	f *File
	// ids holds each section's ids, for reference checks.
	sources, people, quotes map[string]bool
	quoteByID               map[string]*Quote
}

func (v *validator) validate() {
	f := v.f
	v.sources = v.ids("sources", len(f.Sources), func(i int) string { return f.Sources[i].ID })
	v.people = v.ids("people", len(f.People), func(i int) string { return f.People[i].ID })
	v.quotes = v.ids("quotes", len(f.Quotes), func(i int) string { return f.Quotes[i].ID })
	v.quoteByID = make(map[string]*Quote, len(f.Quotes))
	for i := range f.Quotes {
		v.quoteByID[f.Quotes[i].ID] = &f.Quotes[i]
	}
	v.ids("events", len(f.Events), func(i int) string { return f.Events[i].ID })
	v.ids("claims", len(f.Claims), func(i int) string { return f.Claims[i].ID })
	v.ids("incident", 1, func(int) string { return f.Incident.ID })

	for i, s := range f.Sources {
		p := fmt.Sprintf("sources[%d]", i)
		if s.URL != "" {
			if u, err := url.Parse(s.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
				v.problemAt(p+".url", "want an http or https URL, got %q", s.URL)
			}
		}
		if s.ArchiveURL != "" {
			if err := CheckArchiveURL(s.ArchiveURL); err != nil {
				v.problemAt(p+".archive_url", "%v; got %q", err, s.ArchiveURL)
			}
		}
		if s.Archive != "" && (s.Archive != filepath.Base(s.Archive) || s.Archive == "." || s.Archive == "..") {
			v.problemAt(p+".archive", "want a bare file name, got %q", s.Archive)
		}
	}
	for i, e := range f.Events {
		p := fmt.Sprintf("events[%d]", i)
		for j, a := range e.Actors {
			v.ref(v.people, "person", a, fmt.Sprintf("%s.actors[%d]", p, j))
		}
		v.citations(p, e.Citations)
	}
	for i, q := range f.Quotes {
		p := fmt.Sprintf("quotes[%d]", i)
		v.ref(v.people, "person", q.Speaker, p+".speaker")
		switch q.Kind {
		case Direct:
			v.directInExcerpt(p, q)
		case Paraphrase, "": // empty: reported as a missing field
		default:
			v.problemAt(p+".kind", "unknown kind %q; want direct or paraphrase", q.Kind)
		}
		v.citations(p, q.Citations)
	}
	for i, c := range f.Claims {
		p := fmt.Sprintf("claims[%d]", i)
		if c.Status != "" && !slices.Contains(Statuses, c.Status) {
			v.problemAt(p+".status", "unknown status %q; want one of %s", c.Status, strings.Join(Statuses, ", "))
		}
		for j, pos := range c.Positions {
			pp := fmt.Sprintf("%s.positions[%d]", p, j)
			v.ref(v.people, "person", pos.Actor, pp+".actor")
			if pos.Stance != "" && !slices.Contains(Stances, pos.Stance) {
				v.problemAt(pp+".stance", "unknown stance %q; want one of %s", pos.Stance, strings.Join(Stances, ", "))
			}
			if pos.Quote != "" {
				v.ref(v.quotes, "quote", pos.Quote, pp+".quote")
				// A position quotes its own actor, or the claim would put
				// one person's words in another's mouth.
				if q, ok := v.quoteByID[pos.Quote]; ok && q.Speaker != pos.Actor && v.people[q.Speaker] {
					v.problemAt(pp+".quote", "quote %q is by %q, not by this position's actor %q", pos.Quote, q.Speaker, pos.Actor)
				}
			}
			v.citations(pp, pos.Citations)
		}
	}
	v.glossary()
	v.synonyms()
}

// ids checks that a section's ids are unique and well-formed, and returns
// them as a set.
func (v *validator) ids(section string, n int, id func(int) string) map[string]bool {
	set := make(map[string]bool, n)
	first := map[string]string{}
	for i := range n {
		p := fmt.Sprintf("%s[%d].id", section, i)
		if section == "incident" {
			p = "incident.id"
		}
		s := id(i)
		if s == "" {
			continue // reported as a missing required field
		}
		if strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '/' }) >= 0 {
			v.problemAt(p, "id %q must not contain spaces or slashes", s)
		}
		if set[s] {
			v.problemAt(p, "duplicate id %q, first used at line %d", s, v.lineOf(first[s]))
			continue
		}
		set[s] = true
		first[s] = p
	}
	return set
}

func (v *validator) ref(set map[string]bool, what, id, path string) {
	if id != "" && !set[id] {
		v.problemAt(path, "unknown %s %q", what, id)
	}
}

func (v *validator) citations(path string, cs []Citation) {
	for i, c := range cs {
		v.ref(v.sources, "source", c.Source, fmt.Sprintf("%s.citations[%d].source", path, i))
	}
}

func (v *validator) directInExcerpt(path string, q Quote) {
	if q.Text == "" || len(q.Citations) == 0 {
		return // reported as a missing field
	}
	for _, c := range q.Citations {
		if HasWords(Fold(c.Excerpt), Fold(q.Text)) {
			return
		}
	}
	v.problemAt(path+".text", "direct quote is not word for word inside any of its citations' excerpts")
}

// HasWords reports whether words appear in text as a whole, unbroken run:
// no elision (a "..." in a direct quote must be in the excerpt too), and
// no match that starts or ends inside a word ("ear of the" is not in
// "year of the").
func HasWords(text, words string) bool {
	if words == "" {
		return false
	}
	for from := 0; ; {
		i := strings.Index(text[from:], words)
		if i < 0 {
			return false
		}
		i += from
		before, _ := utf8.DecodeLastRuneInString(text[:i])
		after, _ := utf8.DecodeRuneInString(text[i+len(words):])
		if !isWordRune(before) && !isWordRune(after) {
			return true
		}
		from = i + 1
	}
}

func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// CheckArchives checks that every excerpt citing a source with an archive
// file in dir appears in that file verbatim, and returns every problem with
// the file as well.
func CheckArchives(name string, data []byte, dir string) Problems {
	f, d := parse(name, data)
	if len(d.problems) > 0 {
		return d.problems.sorted()
	}
	texts := map[string]string{}
	for i, s := range f.Sources {
		if s.Archive == "" {
			continue
		}
		b, err := readArchive(filepath.Join(dir, s.Archive))
		if err != nil {
			d.problemAt(fmt.Sprintf("sources[%d].archive", i), "archive %q not readable in %s: %v", s.Archive, dir, err)
			continue
		}
		texts[s.ID] = string(b)
	}
	check := func(path string, cs []Citation) {
		for i, c := range cs {
			if text, ok := texts[c.Source]; ok && !Contains(text, c.Excerpt) {
				d.problemAt(fmt.Sprintf("%s.citations[%d].excerpt", path, i), "excerpt is not word for word in the archived text of source %q: %s", c.Source, Mismatch(text, c.Excerpt))
			}
		}
	}
	for i, e := range f.Events {
		check(fmt.Sprintf("events[%d]", i), e.Citations)
	}
	for i, q := range f.Quotes {
		check(fmt.Sprintf("quotes[%d]", i), q.Citations)
	}
	for i, c := range f.Claims {
		for j, p := range c.Positions {
			check(fmt.Sprintf("claims[%d].positions[%d]", i, j), p.Citations)
		}
	}
	return d.problems.sorted()
}

// MaxArchiveSize bounds an archived article's text: a long article is a
// few hundred kilobytes.
const MaxArchiveSize = 16 << 20

// readArchive reads an archived text: a regular file (after symbolic
// links) of at most MaxArchiveSize bytes. A link to /dev/zero grew to
// 23.5 GB before the kernel stopped it.
func readArchive(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, errors.Unwrap(err) // the path is in the message already
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil {
		return nil, err
	} else if !fi.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	b, err := io.ReadAll(io.LimitReader(f, MaxArchiveSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxArchiveSize {
		return nil, fmt.Errorf("over the limit of %d MiB", MaxArchiveSize>>20)
	}
	return b, nil
}
