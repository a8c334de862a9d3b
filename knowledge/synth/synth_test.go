package synth

import (
	"bytes"
	"strings"
	"testing"
	"unicode"

	"github.com/incidentbot/incidentbot/knowledge"
)

func TestGenerateIsValidAndDeterministic(t *testing.T) {
	for _, n := range []int{3, 10, 1000, 1001} {
		data := mustGenerate(t, n, 1)
		b, err := knowledge.Load("synth.yaml", data)
		if err != nil {
			t.Fatalf("Generate(%d) does not validate: %v", n, err)
		}
		c := b.Counts()
		if got := c["events"] + c["quotes"] + c["claims"]; got != n {
			t.Errorf("Generate(%d) has %d entries", n, got)
		}
		if !bytes.Equal(data, mustGenerate(t, n, 1)) {
			t.Errorf("Generate(%d, 1) differs between runs", n)
		}
		if bytes.Equal(data, mustGenerate(t, n, 2)) {
			t.Errorf("Generate(%d) ignores the seed", n)
		}
	}
}

// TestGenerateReadsLikeText checks what makes the base realistic for
// search: a vocabulary that grows with the base as real text's does, so
// that a query word is in a small share of the entries, and people named
// in two scripts.
func TestGenerateReadsLikeText(t *testing.T) {
	data := mustGenerate(t, 5_000, 1)
	f, ps := knowledge.Parse("synth.yaml", data)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	s := Measure(f, MakeQueries(f, 200, 1).Ask)
	t.Logf("5k entries: %+v", s)
	if s.DistinctStems < 10_000 {
		t.Errorf("5k entries have %d distinct stems; want over 10,000, as news of that length has", s.DistinctStems)
	}
	if s.PostingsP50 > s.Entries/20 {
		t.Errorf("the median query word is in %d of %d entries; want under 5 %%", s.PostingsP50, s.Entries)
	}
	if s.TokensPerEntry < 20 || s.TokensPerEntry > 60 {
		t.Errorf("%.1f indexed words per entry; the default base has about 50", s.TokensPerEntry)
	}
	names := map[string]bool{}
	for _, p := range f.People {
		if !hasScript(p.Aliases, unicode.Cyrillic) || !hasScript(p.Aliases, unicode.Latin) {
			t.Fatalf("person %s has aliases %q; want Latin and Cyrillic ones", p.ID, p.Aliases)
		}
		names[p.Name] = true
	}
	if len(names) < len(f.People)*9/10 {
		t.Errorf("%d distinct names for %d people; want each story's own people", len(names), len(f.People))
	}
}

func hasScript(ss []string, script *unicode.RangeTable) bool {
	for _, s := range ss {
		if strings.IndexFunc(s, func(r rune) bool { return unicode.Is(script, r) }) >= 0 {
			return true
		}
	}
	return false
}

func TestDefaultBaseStatistics(t *testing.T) {
	b, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	q := MakeQueries(&b.File, 200, 1)
	if len(q.Ask) != 200 || len(q.WhoSaidPerson) != 200 || q.Ask[0] == "" {
		t.Fatalf("MakeQueries on the default base: %d questions, first %q", len(q.Ask), q.Ask[0])
	}
	s := Measure(&b.File, q.Ask)
	t.Logf("default base: %+v", s)
	if s.Entries != len(b.Events)+len(b.Quotes)+len(b.Claims) || s.DistinctStems == 0 || s.PostingsP50 == 0 {
		t.Errorf("Measure(default base) = %+v", s)
	}
}

func TestGenerateRefusesTooFewEntries(t *testing.T) {
	if _, err := Generate(2, 1); err == nil || !strings.Contains(err.Error(), "at least 3 entries") {
		t.Errorf("Generate(2) = %v; want an error saying at least 3 entries", err)
	}
}

func mustGenerate(t testing.TB, n int, seed uint64) []byte {
	t.Helper()
	data, err := Generate(n, seed)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
