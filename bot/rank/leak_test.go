package rank

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// places are the default base's places, which no field of it lists.
var places = []string{"Moscow", "Kremlin", "Kyiv", "Kiev", "Belgorod", "Washington", "Ukraine", "Russia", "Nord Stream"}

// TestNoIncidentInCode fails when the code (the non-test Go files of
// bot/rank, bot, knowledge, the drafter and exporter, both adapters,
// loadgen and main) holds a word of the default base's people, places or
// outlets, comments included: the next incident's users would get this
// one's words. Only the capitalised words
// of names count (a name's "per" or "of" is no name), and a word English
// has too ("state", "times") is left out; such a word says nothing of one
// story.
func TestNoIncidentInCode(t *testing.T) {
	b := defaultBase(t)
	var names []string
	for _, p := range b.People {
		names = append(names, p.Name)
		names = append(names, p.Aliases...)
	}
	for _, q := range b.Quotes {
		names = append(names, q.Via...)
	}
	for _, s := range b.Sources {
		names = append(names, s.Outlet, s.Short)
	}
	names = append(names, places...)
	word := regexp.MustCompile(`\pL+`)
	banned := map[string]bool{}
	for _, n := range names {
		for _, w := range word.FindAllString(n, -1) {
			if lw := strings.ToLower(w); len(w) >= 3 && lw != w && len(b.Terms(lw)) > 0 && !englishWord(lw) && !englishWord(lemma(lw)) {
				banned[lw] = true
			}
		}
	}
	for _, dir := range []string{".", "..", "../../knowledge", "../../knowledge/draft", "../../knowledge/export", "../discord", "../slack", "../../loadgen", "../../cmd/incidentbot"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for i, line := range strings.Split(string(src), "\n") {
				var found []string
				for _, w := range word.FindAllString(line, -1) {
					if banned[strings.ToLower(w)] && !slices.Contains(found, w) {
						found = append(found, w)
					}
				}
				if found != nil {
					t.Errorf("%s:%d: %s, of the default base, in code: %s", f, i+1, strings.Join(found, ", "), strings.TrimSpace(line))
				}
			}
		}
	}
}
