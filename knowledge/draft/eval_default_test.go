package draft

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/incidentbot/incidentbot/internal/shared"
	"github.com/incidentbot/incidentbot/knowledge"
)

// defaultAnnotated derives annotations from the default base, reviewed by
// hand, for each of its archived articles in shared/sources: per event
// and per claim position, the first excerpt that cites the article, found
// in it, with the event's date and the position's stance and actor. The
// drafting rules are tuned on these as on the annotated articles; they are
// reported apart.
func defaultAnnotated(t *testing.T) []annotated {
	t.Helper()
	b, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	dir := shared.Dir(t, "sources")
	var out []annotated
	for _, src := range b.Sources {
		text, err := os.ReadFile(filepath.Join(dir, src.Archive))
		if err != nil {
			t.Fatal(err)
		}
		a := annotated{text: string(text), pub: src.Published}
		a.Article, a.Published, a.group = src.Archive, src.Published.String(), "default base"
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
