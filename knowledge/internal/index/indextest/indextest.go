// Package indextest scores queries the slow way, straight from the
// formula of the index's scores (see package index, score.go), for tests
// that hold the index to it: every document of the kinds searched, every
// clause, every item, with no posting list in sight.
package indextest

import (
	"fmt"
	"math"
	"slices"

	"github.com/incidentbot/incidentbot/knowledge/internal/index"
)

// Corpus is the documents of an index, analysed as the index analyses
// them.
type Corpus struct {
	kinds [index.NumKinds][]doc
	docs  int
	df    [index.NumFields]map[string]int // documents holding a term in a field
}

// doc is one document: for each field, each term's positions, and the
// field's length in terms.
type doc struct {
	terms [index.NumFields]map[string][]int32
	len   [index.NumFields]int
}

// New analyses every document of sources.
func New(sources [index.NumKinds]index.Source) *Corpus {
	c := &Corpus{}
	for f := range c.df {
		c.df[f] = map[string]int{}
	}
	for k, s := range sources {
		for i := range s.N {
			d := s.Doc(i)
			var a doc
			for f := range index.NumFields {
				var ts []index.Token
				switch f {
				case index.People:
					for _, p := range d.People {
						if p != "" {
							ts = append(ts, index.Token{Term: p, Pos: 1})
						}
					}
				case index.RU:
					ts = index.Analyse(index.Russian, d.Text[f])
				default:
					ts = index.Analyse(index.English, d.Text[f])
				}
				a.len[f] = len(ts)
				a.terms[f] = map[string][]int32{}
				for _, t := range ts {
					if len(a.terms[f][t.Term]) == 0 {
						c.df[f][t.Term]++
					}
					a.terms[f][t.Term] = append(a.terms[f][t.Term], t.Pos)
				}
			}
			c.kinds[k] = append(c.kinds[k], a)
		}
		c.docs += s.N
	}
	return c
}

// idf is Bleve's: 1 + ln(documents / (df + 1)).
func (c *Corpus) idf(df int) float64 { return 1 + math.Log(float64(c.docs)/float64(df+1)) }

// weight is boost × idf² of an item's term.
func (c *Corpus) weight(it index.Item) float64 {
	idf := c.idf(c.df[it.Field][it.Term])
	return it.Boost * (idf * idf)
}

// tfNorm is sqrt(frequency) and the field norm, kept as a float32 as the
// index keeps it; false if the document does not hold the term.
func (d *doc) tfNorm(f int, term string) (tf, norm float64, ok bool) {
	n := len(d.terms[f][term])
	if n == 0 {
		return 0, 0, false
	}
	return math.Sqrt(float64(n)), float64(float32(1 / math.Sqrt(float64(d.len[f])))), true
}

// Run scores every document of q's kinds and returns the best n, best
// first, equal scores in the order of the kinds searched and then of the
// documents.
func (c *Corpus) Run(q index.Query, n int) []index.Scored {
	if n <= 0 || len(q.Clauses) == 0 {
		return nil
	}
	var all []index.Scored
	for _, k := range q.Kinds {
		kind := c.idf(len(c.kinds[k]))
		kind = kind * kind / float64(len(q.Kinds))
		for i := range c.kinds[k] {
			if s, ok := c.score(q, &c.kinds[k][i]); ok {
				all = append(all, index.Scored{Kind: k, Doc: uint32(i), Score: s + kind})
			}
		}
	}
	// all is in the search's order of documents: a stable sort keeps it
	// for ties.
	slices.SortStableFunc(all, func(x, y index.Scored) int {
		switch {
		case x.Score > y.Score:
			return -1
		case x.Score < y.Score:
			return 1
		}
		return 0
	})
	return all[:min(n, len(all))]
}

func (c *Corpus) score(q index.Query, d *doc) (float64, bool) {
	score := 0.0
	matched := 0
	for _, cl := range q.Clauses {
		sum, count := 0.0, 0
		if cl.Phrase {
			s, ok := c.phrase(cl, d)
			if !ok {
				continue
			}
			sum, count = s, 1
		} else {
			for _, it := range cl.Items {
				if tf, norm, ok := d.tfNorm(it.Field, it.Term); ok {
					sum += c.weight(it) * tf * norm
					count++
				}
			}
		}
		if count == 0 {
			continue
		}
		if cl.Phrase {
			score += sum
		} else {
			score += sum * float64(count) * (1 / float64(len(cl.Items)))
		}
		matched++
	}
	if matched == 0 || q.All && matched < len(q.Clauses) {
		return 0, false
	}
	if !q.All {
		score *= float64(matched) / float64(len(q.Clauses))
	}
	return score, true
}

// phrase is the sum of the phrase's items' scores in d if its terms occur
// at their offsets from some position of the first.
func (c *Corpus) phrase(cl index.Clause, d *doc) (float64, bool) {
	if len(cl.Items) == 0 {
		return 0, false
	}
	f := cl.Items[0].Field
	found := false
	for _, p := range d.terms[f][cl.Items[0].Term] {
		found = true
		for i, it := range cl.Items[1:] {
			if !slices.Contains(d.terms[f][it.Term], p+cl.Offsets[i+1]) {
				found = false
				break
			}
		}
		if found {
			break
		}
	}
	if !found {
		return 0, false
	}
	s := 0.0
	for _, it := range cl.Items {
		tf, norm, _ := d.tfNorm(f, it.Term)
		s += c.weight(it) * tf * norm
	}
	return s, true
}

// Diff describes the first difference between the index's hits and the
// formula's, or is "" if they are the same documents in the same order
// with the same scores, to the bit.
func Diff(got, want []index.Scored) string {
	for i := range max(len(got), len(want)) {
		switch {
		case i >= len(got):
			return fmt.Sprintf("hit %d: missing; want %+v (%d hits; want %d)", i, want[i], len(got), len(want))
		case i >= len(want):
			return fmt.Sprintf("hit %d: %+v; want none (%d hits; want %d)", i, got[i], len(got), len(want))
		case got[i] != want[i]:
			return fmt.Sprintf("hit %d: %+v; want %+v", i, got[i], want[i])
		}
	}
	return ""
}
