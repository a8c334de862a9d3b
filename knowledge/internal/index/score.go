package index

import (
	"cmp"
	"math"
	"slices"
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
// Run finds the best n without scoring every posting (MaxScore): each
// term's list, and each block of 64 postings in it, has an upper bound on
// what it adds to a score. Once n documents are held, the lists whose
// bounds together cannot lift a document past the n-th are looked into
// only for documents the others propose, and a proposed document whose
// blocks' bounds cannot lift it there is not scored; the lists jump over
// blocks of postings that end before the document looked for. Every
// document it scores gets the sum in the same order as the formula above
// gives it, so the scores are those of scoring every posting, to the bit.

// slack widens the bounds past rounding: a score summed in another order
// than its bound may come out an ulp or two above it.
const slack = 1 + 1e-9

// noDoc is past every document.
const noDoc = math.MaxUint32

func sq(x float64) float64 { return x * x }

// idf is Bleve's inverse document frequency.
func (ix *Index) idf(df int) float64 {
	return 1 + math.Log(float64(ix.docs)/float64(df+1))
}

func (ix *Index) weight(it Item) float64 {
	return it.Boost * sq(ix.idf(ix.df(it.Field, it.id)))
}

// part is a term's posting list in one kind searched.
type part struct {
	base  uint32 // the kind's first document in the search's numbering
	it    postingIter
	norms []float32
}

type phraseHit struct {
	doc   uint32
	score float64
}

// cursor walks what one item (or one phrase clause) adds to the documents
// that hold it, in the search's numbering of documents.
type cursor struct {
	clause int
	share  float64 // 1/(the clause's items); 0 for a phrase
	w, ub  float64
	parts  []part
	pi     int
	phrase []phraseHit
	doc    uint32 // the current document; noDoc at the end
}

// find moves to the first document at or after d.
func (c *cursor) find(d uint32) {
	if c.share == 0 {
		i, _ := slices.BinarySearchFunc(c.phrase, d, func(h phraseHit, d uint32) int { return cmp.Compare(h.doc, d) })
		c.phrase = c.phrase[i:]
		c.doc = noDoc
		if len(c.phrase) > 0 {
			c.doc = c.phrase[0].doc
		}
		return
	}
	for ; c.pi < len(c.parts); c.pi++ {
		p := &c.parts[c.pi]
		local := uint32(0)
		if d > p.base {
			local = d - p.base
		}
		if p.it.advance(local) {
			c.doc = p.base + p.it.doc
			return
		}
	}
	c.doc = noDoc
}

func (c *cursor) seek(d uint32) {
	if c.doc < d {
		c.find(d)
	}
}

// score is what the cursor adds to its current document.
func (c *cursor) score() float64 {
	if c.share == 0 {
		return c.phrase[0].score
	}
	p := &c.parts[c.pi]
	return c.w * sqrtTF(uint64(p.it.tf)) * float64(p.norms[p.it.doc])
}

// boundAt is the most the cursor can add to document d: the bound of the
// block that would hold d, or of the list; false if it cannot hold d.
func (c *cursor) boundAt(d uint32) (float64, bool) {
	if c.doc > d {
		return 0, false
	}
	if c.share == 0 || len(c.parts) != 1 || len(c.parts[0].it.skips) == 0 {
		return c.ub, true
	}
	it := &c.parts[0].it
	b := 0
	if read := it.p.n - it.left; read > 0 {
		b = int((read - 1) / blockSize)
	}
	i, _ := slices.BinarySearchFunc(it.skips[b:], d-c.parts[0].base, func(s skip, d uint32) int { return cmp.Compare(s.doc, d) })
	if b+i == len(it.skips) {
		return 0, false
	}
	return c.w * float64(it.skips[b+i].max), true
}

// cursors are the query's, in the order of its clauses and items.
func (ix *Index) cursors(q Query, base *[NumKinds]uint32) []cursor {
	var cs []cursor
	for ci, c := range q.Clauses {
		if len(c.Items) == 0 {
			continue // a query of stop words only: it counts, and matches nothing
		}
		if c.Phrase {
			var hits []phraseHit
			for _, k := range q.Kinds {
				hits = ix.phrase(c, k, base[k], hits)
			}
			if len(hits) == 0 {
				continue
			}
			cur := cursor{clause: ci, phrase: hits, doc: hits[0].doc}
			for _, h := range hits {
				cur.ub = max(cur.ub, h.score)
			}
			cs = append(cs, cur)
			continue
		}
		share := 1 / float64(len(c.Items))
		for _, it := range c.Items {
			if !it.OK {
				continue
			}
			cur := cursor{clause: ci, share: share, w: ix.weight(it)}
			most := float32(0)
			for _, k := range q.Kinds {
				ki := &ix.kinds[k]
				if p := ki.list(it.Field, it.id); p != nil {
					cur.parts = append(cur.parts, part{base: base[k], it: ki.iter(it.Field, p), norms: ki.norms[it.Field]})
					most = max(most, p.max)
				}
			}
			if len(cur.parts) == 0 {
				continue
			}
			cur.ub = cur.w * float64(most)
			cur.find(0)
			cs = append(cs, cur)
		}
	}
	return cs
}

// Run scores the query's documents of its kinds and returns the best n,
// best first; equal scores in index order.
func (ix *Index) Run(q Query, n int) []Scored {
	if n <= 0 || len(q.Clauses) == 0 {
		return nil
	}
	// Documents are numbered across the kinds searched, in their order.
	var base [NumKinds]uint32
	total := uint32(0)
	for _, k := range q.Kinds {
		base[k] = total
		total += uint32(ix.kinds[k].docs)
	}
	// A Bleve query of some kinds was a conjunction with a disjunction of
	// kind terms, which added each document its kind's weight; the
	// thresholds of bot were set with it, so it stays.
	var kindScore [NumKinds]float64
	maxKind := 0.0
	for _, k := range q.Kinds {
		kindScore[k] = sq(ix.idf(ix.kinds[k].docs)) / float64(len(q.Kinds))
		maxKind = max(maxKind, kindScore[k])
	}
	cs := ix.cursors(q, &base)
	// order has the cursors by their bounds, least first;
	// order[:essential] cannot, alone, lift a document into the top n.
	order := make([]int, len(cs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return cmp.Compare(cs[i].ub, cs[j].ub) })
	// in marks the cursors a bound is for: order[:essential], or on a
	// candidate those that may hold it.
	in := make([]bool, len(cs))
	ubs := make([]float64, len(cs))
	listUB := make([]float64, len(cs))
	for i := range cs {
		listUB[i] = cs[i].ub
	}
	essential := 0
	h := make(hitHeap, 0, n+1)
	for {
		d := uint32(noDoc)
		for _, i := range order[essential:] {
			d = min(d, cs[i].doc)
		}
		if d == noDoc {
			break
		}
		full := len(h) == n
		skip := false
		if full {
			// Bound d by the blocks that would hold it, in every list.
			for i := range cs {
				ubs[i], in[i] = cs[i].boundAt(d)
			}
			skip = bound(q, cs, in, ubs, maxKind) < h[0].Score
		}
		if !skip {
			if hit, ok := ix.score(q, cs, d, &base, &kindScore); ok {
				if !full {
					h.push(hit)
				} else if better(hit, h[0]) {
					h.replaceTop(hit)
				}
			}
		}
		for _, i := range order[essential:] {
			if cs[i].doc == d {
				cs[i].find(d + 1)
			}
		}
		if len(h) == n {
			for essential < len(order) {
				for _, i := range order[essential+1:] {
					in[i] = false
				}
				for _, i := range order[:essential+1] {
					in[i] = true
				}
				if bound(q, cs, in, listUB, maxKind) >= h[0].Score {
					break
				}
				essential++
			}
		}
	}
	out := make([]Scored, len(h))
	for i := len(h) - 1; i >= 0; i-- {
		out[i] = h.pop()
		out[i].Doc -= base[out[i].Kind]
	}
	return out
}

// bound is the most a document can score that holds, of the cursors, at
// most those marked in, each adding at most its ubs: for each clause, the
// sum of its marked items' bounds times the share of its items marked,
// and the sum times the share of clauses with a mark, as a score is
// summed; widened by slack.
func bound(q Query, cs []cursor, in []bool, ubs []float64, maxKind float64) float64 {
	total := 0.0
	matched := 0
	for j := 0; j < len(cs); {
		c := &cs[j]
		sum, count := 0.0, 0
		for ; j < len(cs) && cs[j].clause == c.clause; j++ {
			if in[j] {
				sum += ubs[j]
				count++
			}
		}
		if count == 0 {
			continue
		}
		if c.share > 0 {
			sum *= float64(count) * c.share
		}
		total += sum
		matched++
	}
	if !q.All {
		total *= float64(matched) / float64(len(q.Clauses))
	}
	return (total + maxKind) * slack
}

// score is document d's score, summed clause by clause and item by item in
// the query's order; false if it does not match.
func (ix *Index) score(q Query, cs []cursor, d uint32, base *[NumKinds]uint32, kindScore *[NumKinds]float64) (Scored, bool) {
	score := 0.0
	matched := 0
	for j := 0; j < len(cs); {
		c := &cs[j]
		sum, count := 0.0, 0
		for ; j < len(cs) && cs[j].clause == c.clause; j++ {
			cs[j].seek(d)
			if cs[j].doc == d {
				sum += cs[j].score()
				count++
			}
		}
		if count == 0 {
			continue
		}
		if c.share > 0 {
			score += sum * float64(count) * c.share
		} else {
			score += sum // a phrase scores the sum of its terms
		}
		matched++
	}
	if matched == 0 || q.All && matched < len(q.Clauses) {
		return Scored{}, false
	}
	if !q.All {
		score *= float64(matched) / float64(len(q.Clauses))
	}
	kind := q.Kinds[0]
	for _, k := range q.Kinds[1:] {
		if d >= base[k] {
			kind = k
		}
	}
	// Doc is the search's number until the end, for the order of ties.
	return Scored{kind, d, score + kindScore[kind]}, true
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
		p := ki.list(it.Field, it.id)
		if p == nil {
			return hits
		}
		its[i] = ki.iter(it.Field, p)
		weights[i] = ix.weight(it)
	}
	norms := ki.norms[c.Items[0].Field]
	// The rarest term leads: the others jump to its documents.
	lead := 0
	for i := range its {
		if its[i].p.n < its[lead].p.n {
			lead = i
		}
	}
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
		if !its[lead].next() {
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
