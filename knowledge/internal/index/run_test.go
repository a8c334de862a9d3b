package index_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/incidentbot/incidentbot/knowledge/internal/index"
	"github.com/incidentbot/incidentbot/knowledge/internal/index/indextest"
)

// vocabulary is the words of the random bases: a few common, most rare,
// some stop words, some a typo apart.
var vocabulary = strings.Fields("drone drones attack attacks kremlin kremlim moscow night strike the of and report reported missile missiles official officials said says denied deny claim claims video videos city cities border blast blasts fire")

// words draws n words, the first of the vocabulary far more often than
// the last, as in news.
func words(r *rand.Rand, n int) string {
	out := make([]string, n)
	for i := range out {
		f := r.Float64()
		out[i] = vocabulary[int(f*f*f*float64(len(vocabulary)))]
	}
	return strings.Join(out, " ")
}

// randomSources is a base of up to a few hundred documents of every kind.
func randomSources(r *rand.Rand) [index.NumKinds]index.Source {
	var s [index.NumKinds]index.Source
	people := []string{"", "ana", "bo", "cy"}
	for k := range s {
		// Passages are many, so that lists are long and top n leaves
		// most matches out.
		n := r.IntN(40)
		if k == index.Passage {
			n = r.IntN(500)
		}
		docs := make([]index.Doc, n)
		for i := range docs {
			d := &docs[i]
			for f := range index.People {
				if f != index.RU && r.IntN(3) > 0 {
					d.Text[f] = words(r, 1+r.IntN(12))
				}
			}
			for range r.IntN(3) {
				d.People = append(d.People, people[r.IntN(len(people))])
			}
		}
		s[k] = index.Source{N: len(docs), Doc: func(i int) index.Doc { return docs[i] }}
	}
	return s
}

// randomQuery is a query of the kinds of clauses the knowledge package
// builds: words in one field or another, phrases, a term, typos, a person.
func randomQuery(r *rand.Rand, ix *index.Index, text string) index.Query {
	var q index.Query
	if text == "" {
		text = words(r, 1+r.IntN(5))
	}
	ts := index.Analyse(index.English, text)
	fields := []int{index.Body, index.Excerpts, index.About, index.Names}
	for range 1 + r.IntN(6) {
		f := fields[r.IntN(len(fields))]
		boost := 0.1 + r.Float64()
		switch r.IntN(5) {
		case 0, 1:
			q.Clauses = append(q.Clauses, ix.MatchClause(f, ts, boost))
		case 2:
			if f != index.Names {
				q.Clauses = append(q.Clauses, ix.PhraseClause(f, ts, 4*boost))
			}
		case 3:
			if len(ts) > 0 {
				t := ts[r.IntN(len(ts))].Term
				q.Clauses = append(q.Clauses, ix.FuzzyClause(f, t, 1+r.IntN(2), 0.3))
			}
		case 4:
			q.Clauses = append(q.Clauses, ix.TermClause(index.People, []string{"ana", "bo", "cy", "dee"}[r.IntN(4)], 1.5))
		}
	}
	q.All = r.IntN(5) == 0
	for k := range index.NumKinds {
		if r.IntN(2) == 0 {
			q.Kinds = append(q.Kinds, k)
		}
	}
	if len(q.Kinds) == 0 {
		q.Kinds = []int{index.Passage}
	}
	return q
}

// The index's top n, scored from its posting lists, is the formula's
// top n over every document: the same documents, in the same order, with
// the same scores to the bit.
func FuzzRun(f *testing.F) {
	f.Add(uint64(1), "", uint8(10))
	f.Add(uint64(2), "drone attack on the kremlin", uint8(1))
	f.Add(uint64(3), "kremlim drones said", uint8(60))
	f.Add(uint64(4), "the of and", uint8(5))
	f.Add(uint64(5), "fire fire fire", uint8(200))
	f.Fuzz(func(t *testing.T, seed uint64, text string, n uint8) {
		sameAsFormula(t, seed, text, randomSources, func(_ *rand.Rand, _ *index.Index, q index.Query) (index.Query, int) { return q, int(n) })
	})
}

// sameAsFormula builds a base from sources and checks four random
// queries of text on it, as query makes them with their top n, against
// the formula over every document.
func sameAsFormula(t *testing.T, seed uint64, text string, sources func(*rand.Rand) [index.NumKinds]index.Source, query func(*rand.Rand, *index.Index, index.Query) (index.Query, int)) {
	t.Helper()
	if len(text) > 200 {
		return // a question is clipped long before; a long text only slows the formula
	}
	r := rand.New(rand.NewPCG(seed, seed>>32))
	src := sources(r)
	ix, err := index.Build(src)
	if err != nil {
		t.Fatal(err)
	}
	formula := indextest.New(src)
	for range 4 {
		q, top := query(r, ix, randomQuery(r, ix, text))
		if d := indextest.Diff(ix.Run(q, top), formula.Run(q, top)); d != "" {
			t.Fatalf("seed %d, %q, top %d of %+v: %s", seed, text, top, q, d)
		}
	}
}

// rareWords are words the pruning bases put in few documents.
var rareWords = strings.Fields("ultimatum envoy ceasefire sanctions")

// pruningSources is a base of many passages of common words, a few with a
// rare one: a query led by a rare word settles its top n early, and the
// common words' long lists have blocks that cannot reach it.
func pruningSources(r *rand.Rand) [index.NumKinds]index.Source {
	var s [index.NumKinds]index.Source
	docs := make([]index.Doc, 300+r.IntN(900))
	for i := range docs {
		d := &docs[i]
		d.Text[index.Body] = words(r, 1+r.IntN(10))
		if r.IntN(60) == 0 {
			d.Text[index.Body] += " " + rareWords[r.IntN(len(rareWords))]
		}
		if r.IntN(2) == 0 {
			d.Text[index.About] = words(r, 1+r.IntN(6))
		}
	}
	s[index.Passage] = index.Source{N: len(docs), Doc: func(i int) index.Doc { return docs[i] }}
	return s
}

// The top n of a query that pruning cuts short, led by a rare word, is
// the formula's top n: the same documents, in the same order, with the
// same scores to the bit.
func FuzzRunPruned(f *testing.F) {
	f.Add(uint64(1), "market fire", uint8(3))
	f.Add(uint64(2), "the minister said", uint8(1))
	f.Add(uint64(3), "fire", uint8(10))
	f.Fuzz(func(t *testing.T, seed uint64, text string, n uint8) {
		sameAsFormula(t, seed, text, pruningSources, func(r *rand.Rand, ix *index.Index, q index.Query) (index.Query, int) {
			rare := index.Analyse(index.English, rareWords[r.IntN(len(rareWords))])
			q.Clauses = append([]index.Clause{ix.MatchClause(index.Body, rare, 2)}, q.Clauses...)
			q.Kinds = []int{index.Passage}
			return q, 1 + int(n)%20
		})
	})
}
