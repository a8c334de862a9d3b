package knowledge

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/incidentbot/incidentbot/internal/corpus"
	"github.com/incidentbot/incidentbot/knowledge/internal/index"
	"github.com/incidentbot/incidentbot/knowledge/internal/index/indextest"
)

// The index finds the documents the formula of its scores finds, with the
// same scores to the bit, for every evaluation question, in each search
// the bot makes: entries of every kind, quotes, events and passages. The
// index stops early (MaxScore); the formula scores every document.
func TestIndexScoresAsTheFormula(t *testing.T) {
	type set struct {
		name      string
		base      func(t *testing.T) *Base
		questions []string
	}
	fromFile := func(path string) func(t *testing.T) *Base {
		return func(t *testing.T) *Base {
			b, err := LoadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	sets := []set{{
		name:      "default",
		base:      func(t *testing.T) *Base { return defaultBase(t) },
		questions: slices.Concat(evalQuestions(t, "../bot/testdata/ask-eval.json"), evalQuestions(t, "../bot/testdata/ask-eval-ru.json")),
	}}
	for _, s := range corpus.Sets(t) {
		sets = append(sets, set{name: s.Name, base: fromFile(s.Base), questions: evalQuestions(t, s.Questions)})
	}
	searches := []struct {
		name   string
		fields []field
		kinds  []int
		n      int
	}{
		{"entries", []field{{fBody, 1}, {fExcerpts, 0.5}}, []int{kEvent, kQuote, kClaim}, 50},
		{"quotes", []field{{fBody, 1}, {fExcerpts, 0.5}}, []int{kQuote}, 50},
		{"events", []field{{fBody, 1}, {fExcerpts, 0.5}}, []int{kEvent}, 5},
		{"passages", []field{{fBody, 1}, {fAbout, 0.4}}, []int{kPassage}, 60},
		{"passages-top", []field{{fBody, 1}, {fAbout, 0.4}}, []int{kPassage}, 1},
	}
	for _, s := range sets {
		t.Run(s.name, func(t *testing.T) {
			b := s.base(t)
			formula := indextest.New(b.docSources())
			hits := 0
			for _, text := range s.questions {
				for _, search := range searches {
					q := index.Query{Clauses: b.textQuery(clip(text), search.fields), Kinds: search.kinds}
					got := b.index.Run(q, search.n)
					if d := indextest.Diff(got, formula.Run(q, search.n)); d != "" {
						t.Errorf("%s search for %q: %s", search.name, text, d)
					}
					hits += len(got)
				}
			}
			if len(s.questions) < 10 || hits < len(s.questions) {
				t.Fatalf("%d questions found %d hits: too few to tell", len(s.questions), hits)
			}
		})
	}
}

// evalQuestions are the questions of an evaluation file, without their
// expected answers.
func evalQuestions(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.FromSlash(path))
	if err != nil {
		t.Fatal(err)
	}
	var qs []struct {
		Q string `json:"q"`
	}
	if err := json.Unmarshal(data, &qs); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = q.Q
	}
	return out
}
