package bot

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/incidentbot/incidentbot/bot/cite"
	"github.com/incidentbot/incidentbot/internal/corpus"
	"github.com/incidentbot/incidentbot/knowledge"
)

// TestCiteLinesSupported walks every quote, event and claim of the default
// base and of the held-out bases and checks that the citation's line says
// nothing the entry does not: a direct quote's words are its text,
// verbatim, in quotation marks (a paraphrase's are its text, marked as a
// paraphrase, without them); every other word is a field of the entry,
// its speaker or its sources, a word of its date, or one of the style's
// fixed words.
func TestCiteLinesSupported(t *testing.T) {
	bases := map[string]*knowledge.Base{}
	def, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	bases["default"] = def
	for _, s := range corpus.Sets(t) {
		data, err := os.ReadFile(s.Base)
		if err != nil {
			t.Fatal(err)
		}
		b, err := knowledge.Load(s.Name+".yaml", data)
		if err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		bases[s.Name] = b
	}
	style := tokens(strings.Join(cite.APWords, " "))
	for name, b := range bases {
		e := New(nil, b, Config{})
		n := 0
		cite := func(ref string) (line, sources string) {
			t.Helper()
			a := e.Ask(context.Background(), Request{Platform: "cli", Line: "/cite " + ref})
			if a.Lead == nil || a.Lead.Words.Mark != MarkCopy || !a.Private {
				t.Fatalf("%s: /cite %s = %+v; want a private citation", name, ref, a)
			}
			n++
			line, sources, _ = strings.Cut(a.Lead.Words.Text, "\n\n")
			if strings.Contains(line, "\n") {
				t.Errorf("%s: /cite %s: the line is more than one line: %q", name, ref, line)
			}
			return line, sources
		}
		check := func(ref, rest string, fields []string, dates []knowledge.Date, srcs []*knowledge.Source) {
			t.Helper()
			allowed := map[string]bool{}
			for _, f := range fields {
				for w := range tokens(f) {
					allowed[w] = true
				}
			}
			for _, s := range srcs {
				for w := range tokens(s.Outlet + " " + s.Title) {
					allowed[w] = true
				}
			}
			for _, d := range dates {
				for w := range dateWords(d) {
					allowed[w] = true
				}
			}
			for _, w := range tokenList(rest) {
				if !allowed[w] && !style[w] {
					t.Errorf("%s: /cite %s: %q is neither the entry's nor the style's word:\n%s", name, ref, w, rest)
				}
			}
		}
		checkSources := func(ref, got string, srcs []*knowledge.Source) {
			t.Helper()
			for _, s := range srcs {
				for _, v := range []string{s.Title, s.Outlet, s.URL, s.ArchiveURL} {
					if !strings.Contains(got, v) {
						t.Errorf("%s: /cite %s: the sources lack %q:\n%s", name, ref, v, got)
					}
				}
			}
		}
		for _, q := range b.Quotes {
			ref := "quote/" + q.ID
			line, got := cite(ref)
			words := "“" + q.Text + "”"
			if q.Kind != knowledge.Direct {
				words = ": " + q.Text
				if strings.Contains(line, "“"+q.Text+"”") {
					t.Errorf("%s: /cite %s puts a paraphrase in quotation marks: %s", name, ref, line)
				}
				if !strings.Contains(line, "paraphrase") {
					t.Errorf("%s: /cite %s does not say it is a paraphrase: %s", name, ref, line)
				}
			}
			rest, ok := strings.CutSuffix(line, words)
			if !ok {
				t.Errorf("%s: /cite %s does not end with the quote's words %q:\n%s", name, ref, words, line)
				continue
			}
			p := b.Person(q.Speaker)
			srcs := citedSources(b, q.Citations)
			check(ref, rest, append([]string{p.Name, p.Role, q.Medium}, q.Via...), []knowledge.Date{q.Said}, srcs)
			if !strings.HasPrefix(strings.ToLower(rest), strings.ToLower(p.Name)) && !strings.Contains(rest, " "+p.Name+" ") {
				t.Errorf("%s: /cite %s does not name the speaker %q first:\n%s", name, ref, p.Name, line)
			}
			checkSources(ref, got, srcs)
		}
		for _, ev := range b.Events {
			ref := "event/" + ev.ID
			line, got := cite(ref)
			srcs := citedSources(b, ev.Citations)
			check(ref, line, []string{ev.Title}, []knowledge.Date{ev.Date}, srcs)
			if !strings.Contains(line, strings.TrimRight(ev.Title, ".")) {
				t.Errorf("%s: /cite %s lacks the title %q:\n%s", name, ref, ev.Title, line)
			}
			checkSources(ref, got, srcs)
		}
		for _, c := range b.Claims {
			ref := "claim/" + c.ID
			line, got := cite(ref)
			fields := []string{c.Statement, c.Status}
			var srcs []*knowledge.Source
			for _, p := range c.Positions {
				fields = append(fields, b.Person(p.Actor).Name)
				srcs = append(srcs, citedSources(b, p.Citations)...)
			}
			check(ref, line, fields, nil, srcs)
			if !strings.Contains(line, strings.TrimRight(c.Statement, ".")) || !strings.Contains(line, strings.ReplaceAll(c.Status, "-", " ")) {
				t.Errorf("%s: /cite %s lacks the statement or the status %q:\n%s", name, ref, c.Status, line)
			}
			checkSources(ref, got, srcs)
		}
		if n == 0 {
			t.Errorf("%s: no entry to cite", name)
		}
		t.Logf("%s: %d citations checked", name, n)
	}
}

func citedSources(b *knowledge.Base, cs []knowledge.Citation) []*knowledge.Source {
	var out []*knowledge.Source
	for _, c := range cs {
		out = append(out, b.Source(c.Source))
	}
	return out
}

// tokenList is text's words: runs of letters and digits, in lower case.
func tokenList(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func tokens(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range tokenList(s) {
		out[w] = true
	}
	return out
}

// dateWords are the words a date may be written with: its years, days
// and clock (its months are the style's words).
func dateWords(d knowledge.Date) map[string]bool {
	out := map[string]bool{}
	for _, p := range []knowledge.Date{d.Start(), d.Finish()} {
		if p.Year == 0 {
			continue
		}
		out[fmt.Sprint(p.Year)] = true
		if p.Day != 0 {
			out[fmt.Sprint(p.Day)] = true
		}
		if p.Clock != "" {
			// The hour on a 12-hour clock, the minutes, the zone's offset.
			var h, m int
			fmt.Sscanf(p.Clock, "%d:%d", &h, &m)
			out[fmt.Sprint((h+11)%12+1)] = true
			out[fmt.Sprintf("%02d", m)] = true
			for w := range tokens(p.Zone) {
				out[w] = true
			}
		}
	}
	return out
}

// TestCiteRefusals: /cite of nothing the base has, or of words it does
// not know, is refused privately with its usage.
func TestCiteRefusals(t *testing.T) {
	b, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	e := New(nil, b, Config{})
	for _, arg := range []string{"quote/no-such-quote", "the capital of France", "source/doubts"} {
		a := e.Ask(context.Background(), Request{Platform: "cli", Line: "/cite " + arg})
		if !a.Help || !a.Private || !strings.HasPrefix(a.Title, "Nothing in the knowledge base to cite for") {
			t.Errorf("/cite %s = %q help=%v private=%v; want a private refusal", arg, a.Title, a.Help, a.Private)
		}
	}
	// Words of an entry find it.
	q := b.Quotes[0]
	a := e.Ask(context.Background(), Request{Platform: "cli", Line: "/cite " + q.ID})
	if a.Lead == nil || !strings.Contains(a.Lead.Words.Text, q.Text) {
		t.Errorf("/cite %s does not cite it: %+v", q.ID, a)
	}
	if !slices.Contains(tokenList(Plain(a)), "source") {
		t.Errorf("/cite %s names no source:\n%s", q.ID, Plain(a))
	}
}

// TestArchivedCopyShown: a source's archive_url is shown in /sources, in
// the details of every entry that cites it and in its citations, beside
// the URL and never in its place.
func TestArchivedCopyShown(t *testing.T) {
	const (
		page    = "https://example.org/doubts"
		archive = "https://web.archive.org/web/20230504120000/https://example.org/doubts"
	)
	data := strings.Replace(string(knowledge.DefaultData()), "    archive: kremlin-drone-attack-doubts-2023-05.txt\n",
		"    archive: kremlin-drone-attack-doubts-2023-05.txt\n    url: "+page+"\n    archive_url: "+archive+"\n", 1)
	b, err := knowledge.Load("archived.yaml", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	e := New(nil, b, Config{})
	ask := func(req Request) string {
		req.Platform = "cli"
		return Plain(e.Ask(context.Background(), req))
	}
	for what, got := range map[string]string{
		"/sources":                           ask(Request{Line: "/sources"}),
		"details of quote/peskov-washington": ask(Request{Details: "quote/peskov-washington"}),
		"/cite quote/peskov-washington":      ask(Request{Line: "/cite quote/peskov-washington"}),
	} {
		if !strings.Contains(got, "Archived copy: "+archive) || !strings.Contains(got, page) {
			t.Errorf("%s lacks the URL or the archived copy:\n%s", what, got)
		}
	}
	if got := ask(Request{Line: "/cite quote/peskov-washington"}); !strings.Contains(got, "Source: Commentary: doubts over the Kremlin drone attack · on or after May 4, 2023 · "+page+"\nArchived copy: "+archive+"\n") {
		t.Errorf("the citation's source is not the title, date, URL, then the archived copy:\n%s", got)
	}
}
