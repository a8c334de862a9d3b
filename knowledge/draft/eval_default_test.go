package draft

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/incidentbot/incidentbot/internal/corpus"
	"github.com/incidentbot/incidentbot/internal/shared"
	"github.com/incidentbot/incidentbot/knowledge"
)

// defaultAnnotated derives annotations from the default base, reviewed by
// hand, for each of its archived articles in shared/sources. The drafting
// rules are tuned on these as on the annotated articles; they are
// reported apart.
func defaultAnnotated(t *testing.T) []annotated {
	t.Helper()
	b, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	return reviewedAnnotated(t, b, shared.Dir(t, "sources"), "default base")
}

// tuningSetsAnnotated derives annotations, as the held-out ones were
// made, from the bases reviewed by hand in internal/corpus/testdata whose
// articles the drafting rules are tuned on: a measure in the reviewers'
// style (actors as a base names them, every entry's first excerpt) that
// may be read miss by miss. The sets of held-out articles are left out.
func tuningSetsAnnotated(t *testing.T, heldOut map[string]bool) []annotated {
	t.Helper()
	dir := shared.Dir(t, "corpora/news-quotes")
	var out []annotated
	seen := map[string]bool{}
	for _, set := range corpus.Sets(t) {
		data, err := os.ReadFile(set.Base)
		if err != nil {
			t.Fatal(err)
		}
		if seen[string(data)] {
			// A second question set on the same base ("-blind2").
			continue
		}
		seen[string(data)] = true
		b, err := knowledge.LoadFile(set.Base)
		if err != nil {
			t.Fatalf("%s: %v", set.Name, err)
		}
		if slices.ContainsFunc(b.Sources, func(s knowledge.Source) bool { return heldOut[s.Archive] }) {
			continue
		}
		as := reviewedAnnotated(t, b, dir, "reviewed sets")
		for i := range as {
			as[i].Article = set.Name + ": " + as[i].Article
		}
		out = append(out, as...)
	}
	return out
}

// reviewedAnnotated derives annotations from a base reviewed by hand, for
// each of its sources archived in dir: per event and per claim position,
// the first excerpt that cites the article, found in it, with the event's
// date and the position's stance and actor.
func reviewedAnnotated(t *testing.T, b *knowledge.Base, dir, group string) []annotated {
	t.Helper()
	var out []annotated
	for _, src := range b.Sources {
		text, err := os.ReadFile(filepath.Join(dir, src.Archive))
		if err != nil {
			t.Fatal(err)
		}
		a := annotated{text: string(text), pub: src.Published, outlet: src.Outlet}
		a.Article, a.Published, a.group = src.Archive, src.Published.String(), group
		first := func(cs []knowledge.Citation) ([2]int, bool) {
			for _, c := range cs {
				if c.Source == src.ID {
					return findExcerpt(a.text, c.Excerpt)
				}
			}
			return [2]int{}, false
		}
		for _, e := range b.Events {
			if at, ok := first(e.Citations); ok {
				a.Events = append(a.Events, struct {
					At   [2]int `json:"at"`
					Date string `json:"date"`
				}{at, e.Date.String()})
			}
		}
		for _, c := range b.Claims {
			for _, p := range c.Positions {
				at, ok := first(p.Citations)
				if !ok {
					continue
				}
				actor := p.Actor
				if who := b.Person(p.Actor); who != nil {
					actor = who.Name
				}
				a.Claims = append(a.Claims, struct {
					Actor  string `json:"actor"`
					Stance string `json:"stance"`
					At     [2]int `json:"at"`
				}{actor, p.Stance, at})
			}
		}
		out = append(out, a)
	}
	return out
}

// findExcerpt finds the first part of an excerpt ("..." stands for elided
// words) in the article, quotation marks and white space folded.
func findExcerpt(text, excerpt string) ([2]int, bool) {
	part := ""
	for p := range strings.SplitSeq(strings.ReplaceAll(excerpt, "…", "..."), "...") {
		if p = strings.TrimSpace(p); len(p) > len(part) {
			part = p
		}
	}
	if part == "" {
		return [2]int{}, false
	}
	var re strings.Builder
	for i, w := range strings.Fields(knowledge.Fold(part)) {
		if i > 0 {
			re.WriteString(`\s+`)
		}
		w = regexp.QuoteMeta(w)
		w = strings.NewReplacer(`"`, `["“”„«»]`, `'`, `['‘’‚′]`).Replace(w)
		re.WriteString(w)
	}
	loc := regexp.MustCompile(re.String()).FindStringIndex(text)
	if loc == nil {
		return [2]int{}, false
	}
	return [2]int{loc[0], loc[1]}, true
}
