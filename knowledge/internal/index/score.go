package index

import (
	"encoding/binary"
	"math"
	"slices"
	"sync"
)

// A document's score is Bleve's tf-idf: for each clause it matches, the
// sum over the clause's items it holds of
//
//	boost × idf(term)² × sqrt(frequency) × field norm
//
// times, for a disjunction clause, the share of the clause's items the
// document holds; the sum over clauses times the share of clauses matched
// (a conjunction must match all, and is not scaled); plus its kind's
// weight, idf(documents of the kind)² over the number of kinds searched.
// idf(df) is 1 + ln(documents / (df + 1)) over the documents of every
// kind, and the field norm 1/sqrt(the field's length in terms).
//
// Run scores term at a time, clause by clause and item by item in the
// query's order, adding into a slot per document, and a heap keeps the
// best n. Once n documents are known to score at least some threshold,
// it skips the blocks of postings where no document can reach it
// (prune.go): every document it can still return is scored in full, in
// the same order, so the hits and scores are those of reading every
// posting, to the bit.

func sq(x float64) float64 { return x * x }

// idf is Bleve's inverse document frequency.
func (ix *Index) idf(df int) float64 {
	return 1 + math.Log(float64(ix.docs)/float64(df+1))
}

func (ix *Index) weight(it Item) float64 {
	return it.Boost * sq(ix.idf(ix.df(it.Field, it.id)))
}

// accumulator adds up scores by document across the kinds searched: a
// clause's own (the clause's items) and the query's (its clauses), side by
// side, so that adding a document's clause score to the query's touches
// memory the clause's scoring has just touched.
type accumulator struct {
	slots      []slot
	touched    []uint32 // documents with a query score
	clauseDocs []uint32 // documents with a score for the current clause
	// With track set, buckets[b] holds the most any document of bucket b
	// (documents b<<bucketShift on) has scored and matched so far, for
	// pruning's bounds.
	track   bool
	buckets []bucket
}

type bucket struct {
	score   float64
	matched uint32
}

type slot struct {
	score, clause     float64
	matched, clauseOf uint32 // clauses matched; items of the current clause
}

func (a *accumulator) addItem(d uint32, s float64) {
	sl := &a.slots[d]
	if sl.clauseOf == 0 {
		a.clauseDocs = append(a.clauseDocs, d)
	}
	sl.clause += s
	sl.clauseOf++
}

// endClause adds each document's clause score, times share for each of
// the clause's items it holds, to its query score; a share of 0 adds the
// clause score as it is (a phrase scores the sum of its terms).
func (a *accumulator) endClause(share float64) {
	for _, d := range a.clauseDocs {
		sl := &a.slots[d]
		if sl.matched == 0 {
			a.touched = append(a.touched, d)
		}
		if share > 0 {
			sl.score += sl.clause * float64(sl.clauseOf) * share
		} else {
			sl.score += sl.clause
		}
		sl.matched++
		sl.clause, sl.clauseOf = 0, 0
		if a.track {
			b := &a.buckets[d>>bucketShift]
			b.score, b.matched = max(b.score, sl.score), max(b.matched, sl.matched)
		}
	}
	a.clauseDocs = a.clauseDocs[:0]
}

func (a *accumulator) reset() {
	for _, d := range a.touched {
		a.slots[d] = slot{}
		a.buckets[d>>bucketShift] = bucket{}
	}
	a.touched = a.touched[:0]
}

// scratch is an accumulator from pool with at least n slots.
func scratch(pool *sync.Pool, n int) *accumulator {
	if a, ok := pool.Get().(*accumulator); ok && len(a.slots) >= n {
		return a
	}
	return &accumulator{slots: make([]slot, n), buckets: make([]bucket, n>>bucketShift+1)}
}

// accumulators keep the scratch of queries for the next, one pool for each
// set of kinds searched (a bit for each kind), so that a query's scratch
// has a slot for each document of the kinds it searches only: a search of
// people, for each person. Every Index shares them: a scratch too small
// for a query is left to the collector.
var accumulators [1 << NumKinds]sync.Pool

// Run scores the query's documents of its kinds and returns the best n,
// best first; equal scores in index order.
func (ix *Index) Run(q Query, n int) []Scored {
	if n <= 0 || len(q.Clauses) == 0 {
		return nil
	}
	// Documents are numbered across the kinds searched, in their order.
	var base [NumKinds]uint32
	total := uint32(0)
	set := 0
	for _, k := range q.Kinds {
		base[k] = total
		total += uint32(ix.kinds[k].docs)
		set |= 1 << k
	}
	// A Bleve query of some kinds was a conjunction with a disjunction of
	// kind terms, which added each document its kind's weight; the
	// thresholds of bot were set with it, so it stays.
	var kindScore [NumKinds]float64
	for _, k := range q.Kinds {
		kindScore[k] = sq(ix.idf(ix.kinds[k].docs)) / float64(len(q.Kinds))
	}
	kindOf := func(d uint32) int {
		kind := q.Kinds[0]
		for _, k := range q.Kinds[1:] {
			if d >= base[k] {
				kind = k
			}
		}
		return kind
	}
	// Phrases are matched first, so that pruning knows the most each adds.
	phrases := make([][]phraseHit, len(q.Clauses))
	for j, c := range q.Clauses {
		if c.Phrase && len(c.Items) > 0 {
			for _, k := range q.Kinds {
				phrases[j] = ix.phrase(c, k, base[k], phrases[j])
			}
		}
	}
	pr := ix.newPruner(q, n, &kindScore, phrases)
	// The scratch goes back to the pool clean, after a reset: a query
	// that panics leaves its own to the collector.
	acc := scratch(&accumulators[set], int(total))
	acc.track = pr.on
	for j, c := range q.Clauses {
		if len(c.Items) == 0 {
			continue // a query of stop words only: it counts, and matches nothing
		}
		if c.Phrase {
			for _, h := range phrases[j] {
				acc.addItem(h.doc, h.score)
			}
			acc.endClause(0)
			pr.clauseEnded(j)
			continue
		}
		for i, it := range c.Items {
			if !it.OK {
				continue
			}
			w := pr.weights[j][i]
			withPos := withPositions&(1<<it.Field) != 0
			for _, k := range q.Kinds {
				ki := &ix.kinds[k]
				li := int(pr.lists[j][i][k]) - 1
				if li < 0 {
					continue
				}
				p := ki.listAt(it.Field, li)
				norms := ki.norms[it.Field]
				bs := &ki.bounds[it.Field]
				if blocks := bs.blocks[bs.at[li]:bs.at[li+1]]; len(blocks) > 0 && pr.raise(acc, kindScore, kindOf) > 0 {
					pr.addBlocks(acc, j, i, w, p, blocks, withPos, norms, base[k])
					continue
				}
				// The loop of every search: postingIter.next, inlined.
				data := p.data
				d := uint32(0)
				for range p.n {
					gap, m := binary.Uvarint(data)
					tf, m2 := binary.Uvarint(data[m:])
					data = data[m+m2:]
					if withPos {
						data = skipUvarints(data, int(tf))
					}
					d += uint32(gap)
					acc.addItem(base[k]+d, w*sqrtTF(tf)*float64(norms[d]))
				}
			}
		}
		acc.endClause(1 / float64(len(c.Items)))
		pr.clauseEnded(j)
	}
	h := make(hitHeap, 0, n+1)
	for _, d := range acc.touched {
		sl := &acc.slots[d]
		if q.All && int(sl.matched) < len(q.Clauses) {
			continue
		}
		kind := kindOf(d)
		// Doc is the search's number until the end, for the order of ties.
		hit := Scored{kind, d, final(sl, len(q.Clauses), q.All) + kindScore[kind]}
		if len(h) < n {
			h.push(hit)
		} else if better(hit, h[0]) {
			h.replaceTop(hit)
		}
	}
	acc.reset()
	accumulators[set].Put(acc)
	out := make([]Scored, len(h))
	for i := len(h) - 1; i >= 0; i-- {
		out[i] = h.pop()
		out[i].Doc -= base[out[i].Kind]
	}
	return out
}

// final is a document's score, but for its kind's weight, from its slot:
// the sum over clauses times the share of clauses matched. As clauses are
// added it only grows, so before the last it is a lower bound.
func final(sl *slot, clauses int, all bool) float64 {
	s := sl.score
	if !all {
		s *= float64(sl.matched) / float64(clauses)
	}
	return s
}

// phraseHit is a document a phrase occurs in, and the sum of its terms'
// scores there.
type phraseHit struct {
	doc   uint32
	score float64
}

// phrase appends to hits the documents of kind k where c's terms occur at
// their offsets, with the sum of their scores.
func (ix *Index) phrase(c Clause, k int, base uint32, hits []phraseHit) []phraseHit {
	ki := &ix.kinds[k]
	its := make([]postingIter, len(c.Items))
	weights := make([]float64, len(c.Items))
	for i, it := range c.Items {
		if !it.OK {
			return hits
		}
		li, ok := slices.BinarySearch(ki.terms[it.Field], it.id)
		if !ok {
			return hits
		}
		bs := &ki.bounds[it.Field]
		its[i] = newIter(ki.listAt(it.Field, li), withPositions&(1<<it.Field) != 0, bs.blocks[bs.at[li]:bs.at[li+1]])
		weights[i] = ix.weight(it)
	}
	norms := ki.norms[c.Items[0].Field]
	pos := make([][]int32, len(its))
	for i := range its {
		if !its[i].next() {
			return hits
		}
	}
	for {
		// Bring every list to the same document.
		d := its[0].doc
		for _, it := range its {
			d = max(d, it.doc)
		}
		same := true
		for i := range its {
			if !its[i].advance(d) {
				return hits
			}
			same = same && its[i].doc == d
		}
		if !same {
			continue
		}
		for i := range its {
			pos[i] = its[i].positions(pos[i][:0])
		}
		if phraseAt(pos, c.Offsets) {
			s := 0.0
			for i, it := range its {
				s += weights[i] * sqrtTF(uint64(it.tf)) * float64(norms[d])
			}
			hits = append(hits, phraseHit{base + d, s})
		}
		if !its[0].next() {
			return hits
		}
	}
}

// phraseAt reports whether, for some position p of the first term, every
// term i occurs at p + offsets[i].
func phraseAt(pos [][]int32, offsets []int32) bool {
	for _, p := range pos[0] {
		all := true
		for i := 1; i < len(pos) && all; i++ {
			_, all = slices.BinarySearch(pos[i], p+offsets[i])
		}
		if all {
			return true
		}
	}
	return false
}

// hitHeap keeps the best hits with the worst on top.
type hitHeap []Scored

func better(x, y Scored) bool {
	if x.Score != y.Score {
		return x.Score > y.Score
	}
	return x.Doc < y.Doc
}

// push adds a hit.
func (h *hitHeap) push(x Scored) {
	*h = append(*h, x)
	hs := *h
	for i := len(hs) - 1; i > 0; {
		parent := (i - 1) / 2
		if !better(hs[parent], hs[i]) {
			break
		}
		hs[parent], hs[i] = hs[i], hs[parent]
		i = parent
	}
}

// replaceTop puts x in place of the worst hit.
func (h hitHeap) replaceTop(x Scored) {
	h[0] = x
	h.down(0)
}

// pop removes the worst hit.
func (h *hitHeap) pop() Scored {
	hs := *h
	top := hs[0]
	hs[0] = hs[len(hs)-1]
	*h = hs[:len(hs)-1]
	h.down(0)
	return top
}

func (h hitHeap) down(i int) {
	for {
		worst := i
		for _, c := range []int{2*i + 1, 2*i + 2} {
			if c < len(h) && better(h[worst], h[c]) {
				worst = c
			}
		}
		if worst == i {
			return
		}
		h[i], h[worst] = h[worst], h[i]
		i = worst
	}
}
