package rank

import (
	"slices"
	"strings"
	"testing"

	"github.com/incidentbot/incidentbot/knowledge"
)

// TestFactsPerBase checks that what ranking keeps of a base is that
// base's: after a reload to another base, a question with only question
// words ("what happened?") is read as being about the new incident, not
// the old one.
func TestFactsPerBase(t *testing.T) {
	def, starter := twoBases(t)
	for _, tt := range []struct {
		b    *knowledge.Base
		want string
	}{
		{def, "drone attack on the kremlin"},
		{starter, "what happened, where, when"},
		{def, "drone attack on the kremlin"},
	} {
		r := For(tt.b)
		if got := r.incidentSubject(); got != tt.want {
			t.Errorf("%s: incidentSubject() = %q; want %q", tt.b.Name, got, tt.want)
		}
		if got := r.Analyse("what happened?").search; got != "what happened? "+tt.want {
			t.Errorf("%s: analyse(%q).search = %q; want the question and %q", tt.b.Name, "what happened?", got, tt.want)
		}
	}
}

// TestFactsForgotten checks that answers do not change when the facts
// kept of a base reach maxKept and are forgotten.
func TestFactsForgotten(t *testing.T) {
	r := For(defaultBase(t))
	lead := func(q string) string {
		hits := r.Answers(r.Analyse(q))
		if len(hits) == 0 {
			return "(nothing)"
		}
		return hits[0].Kind + "/" + hits[0].ID + " " + hits[0].Text
	}
	qs := []string{"who carried out the attack", "when was the drone attack on the kremlin", "what did peskov say"}
	var first []string
	for _, q := range qs {
		first = append(first, lead(q))
	}
	f := r.facts()
	kept := f.recent.Load()
	for _, q := range []string{"how did the americans conclude ukraine was behind the drones", "who are the sources"} {
		// The next text or passage kept starts a generation: after two,
		// what was kept before is forgotten.
		f.recent.Load().kept.Store(maxKept / 2)
		lead(q)
	}
	if f.recent.Load() == kept || f.older.Load() == kept {
		t.Fatal("the facts kept first are still kept after two generations started")
	}
	for i, q := range qs {
		if got := lead(q); got != first[i] {
			t.Errorf("lead of %q after the facts were forgotten: %s; want, as before: %s", q, got, first[i])
		}
	}
}

// TestSynonymsPerBase: the synonyms are the base's own, read in any form
// of their words; one that names someone stands only for the very word
// ("Americans" for the country, not "American" of anything).
func TestSynonymsPerBase(t *testing.T) {
	def, starter := twoBases(t)
	for _, tt := range []struct {
		b    *knowledge.Base
		word string
		want bool
	}{
		{def, "delayed", true},    // "delay", by its lemma
		{def, "feeling", true},    // "feel", by its stem
		{starter, "delay", false}, // the starter file has no synonyms
		{def, "americans", true},
		{def, "american", false},
	} {
		s, ok := For(tt.b).synonym(tt.word)
		if ok != tt.want {
			t.Errorf("%s: synonym(%s) = %q, %v; want found %v", tt.b.Name, tt.word, s, ok, tt.want)
		}
	}
}

// twoBases are the default base and the starter file's, which differ in
// their incident and their people.
func twoBases(t *testing.T) (def, starter *knowledge.Base) {
	t.Helper()
	def, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	starter, err = knowledge.Load("starter.yaml", knowledge.StarterData())
	if err != nil {
		t.Fatal(err)
	}
	return def, starter
}

func TestYearsOut(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"on June 4, 1989.", "on June 4,  ."},              // a year counts nothing
		{"dropped in 2015 because", "dropped in  because"}, // nor with a word after it
		{"some 2000 troops", "some 2000 troops"},           // but a count of a plural
		{"2,000 people", "2,000 people"},                   // not a year
	} {
		if got := yearsOut(tt.in); got != tt.want {
			t.Errorf("yearsOut(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestGroupsOfTheSameName holds a base whose two people have names that
// differ only in a mark, each of which would be a group of the other
// (it names both members too): asking about them answers, where
// following members of members once recursed until the stack overflowed.
func TestGroupsOfTheSameName(t *testing.T) {
	data := []byte(`incident:
  id: test
  title: a test incident
  summary: A small base for tests.
  as_of: "2024-01-02"
sources:
  - id: article
    title: An article
    language: en
people:
  - {id: ann, name: Ann Lee}
  - {id: bo, name: Bo Park}
  - {id: pair, name: Ann Lee and Bo Park}
  - {id: pair-again, name: Ann Lee and Bo Park.}
events:
  - id: meeting
    date: "2024-01-01"
    title: Ann Lee and Bo Park meet
    actors: [ann, bo]
    citations:
      - source: article
        excerpt: "Ann Lee and Bo Park met on Monday."
quotes:
  - id: ann-plan
    speaker: ann
    kind: direct
    text: "The plan is ready"
    citations:
      - source: article
        excerpt: "“The plan is ready,” Ann Lee said."
`)
	b, err := knowledge.Load("pair.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	rk := For(b)
	qu := rk.Analyse("what did Ann Lee and Bo Park say")
	// The old recursion ended the process (a stack overflow cannot be
	// recovered); an answer at all is what this holds.
	if hits := rk.Answers(qu); len(hits) == 0 || !strings.Contains(hits[0].Text, "met on Monday") {
		t.Errorf("Answers = %+v; want the pair's meeting, which names both", hits)
	}
}

// TestMembersAsEveryPair holds the groups' members, found by looking up
// the runs of each name's words, to the plain definition over every pair
// of people: a name whose words are a shorter run of the group's.
func TestMembersAsEveryPair(t *testing.T) {
	bases := []*knowledge.Base{defaultBase(t)}
	for _, b := range setBases(t, "taliban-hostage-swap-2019", "kyiv-strike-2024", "omar-threat-plea-2019", "settlements-2019", "al-tanf-rukban-2019") {
		bases = append(bases, b)
	}
	groups := 0
	for _, b := range bases {
		got := For(b).facts().members
		for _, p := range b.People {
			var want []string
			group := wordsOf(p.Name)
			for _, m := range b.People {
				if w := wordsOf(m.Name); strings.TrimSpace(w) != "" && len(w) < len(group) && strings.Contains(group, w) {
					want = append(want, m.ID)
				}
			}
			if len(want) < 2 {
				want = nil
			} else {
				groups++
			}
			if !slices.Equal(got[p.ID], want) {
				t.Errorf("%s: members of %s = %v; want %v", b.Name, p.ID, got[p.ID], want)
			}
		}
	}
	if groups == 0 {
		t.Error("no base has a group: the test compares nothing")
	}
}
