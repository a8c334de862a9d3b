package index

import (
	"encoding/binary"
	"slices"
)

// Pruning, term at a time. Once a clause has been added, the n-th best
// lower bound of the documents' final scores (their score so far, as if
// no clause were left: scores only grow) is a threshold no document
// outside the top n reaches. A block of a later item's postings is then
// skipped when no document in its range of documents can reach it: what
// the documents of the range have scored so far (the accumulator keeps
// the most per bucket of documents), plus the block's own bound, the
// bounds of the clause's other items and of the clauses still to come,
// times the most their share of clauses can be, plus the largest kind
// weight. A document left short by a skip scores below the threshold
// however it is summed, so it cannot displace the n documents that hold
// it, which no skip can touch; every document that can be returned is
// summed in full, in the query's order.

// bucketShift sets the documents of a bucket: 1<<bucketShift of them.
const bucketShift = 6

// slack widens the bounds past rounding: a score summed in another order
// than its bound may come out an ulp or two above it.
const slack = 1 + 1e-9

// pruner holds a query's bounds and its threshold.
type pruner struct {
	// on is whether any block may be skipped: the query is not a
	// conjunction, and some clause after the first has a list with
	// blocks.
	on    bool
	theta float64 // 0 until n documents are known
	// ended is how many clauses have been added, raised how many had
	// been when theta was last worked out.
	ended, raised int
	n             int
	all           bool
	// weights[j][i] is item i of clause j's weight, most[j][i] the most
	// it adds to a document, after[j] the most the clauses after j add;
	// lists[j][i][k] is one more than the number of its list in kind k,
	// 0 for none.
	weights, most [][]float64
	lists         [][][NumKinds]int32
	after         []float64
	// later[j] is how many postings in lists with blocks the clauses
	// after j read: a threshold is worked out only when it may save more
	// than it costs.
	later []int
	// matchable[j] is how many clauses from j on any document can match.
	matchable []int
	maxKind   float64
}

// newPruner works out q's bounds; phrases[j] are the hits of clause j if
// it is a phrase.
func (ix *Index) newPruner(q Query, n int, kindScore *[NumKinds]float64, phrases [][]phraseHit) *pruner {
	clauses := len(q.Clauses)
	pr := &pruner{
		n: n, all: q.All,
		weights: make([][]float64, clauses), most: make([][]float64, clauses), lists: make([][][NumKinds]int32, clauses),
		after: make([]float64, clauses), later: make([]int, clauses), matchable: make([]int, clauses+1),
	}
	for _, k := range q.Kinds {
		pr.maxKind = max(pr.maxKind, kindScore[k])
	}
	// One allocation each for every clause's items.
	items := 0
	for _, c := range q.Clauses {
		items += len(c.Items)
	}
	weights, most, lists := make([]float64, items), make([]float64, items), make([][NumKinds]int32, items)
	clauseMost := make([]float64, clauses)
	postings := make([]int, clauses)
	for j, c := range q.Clauses {
		m := len(c.Items)
		pr.weights[j], pr.most[j], pr.lists[j] = weights[:m:m], most[:m:m], lists[:m:m]
		weights, most, lists = weights[m:], most[m:], lists[m:]
		if c.Phrase {
			// Its hits are known: the most it adds is its best.
			for _, h := range phrases[j] {
				clauseMost[j] = max(clauseMost[j], h.score)
			}
			continue
		}
		for i, it := range c.Items {
			if !it.OK {
				continue
			}
			w := ix.weight(it)
			pr.weights[j][i] = w
			for _, k := range q.Kinds {
				ki := &ix.kinds[k]
				li, ok := slices.BinarySearch(ki.terms[it.Field], it.id)
				if !ok {
					continue
				}
				pr.lists[j][i][k] = int32(li) + 1
				bs := &ki.bounds[it.Field]
				pr.most[j][i] = max(pr.most[j][i], w*float64(bs.max[li]))
				if bs.at[li+1] > bs.at[li] {
					postings[j] += int(ki.spans[it.Field][li].n)
				}
			}
			clauseMost[j] += pr.most[j][i]
		}
	}
	for j := clauses - 1; j >= 0; j-- {
		pr.matchable[j] = pr.matchable[j+1]
		if clauseMost[j] > 0 {
			pr.matchable[j]++
		}
		if j > 0 {
			pr.after[j-1] = pr.after[j] + clauseMost[j]
			pr.later[j-1] = pr.later[j] + postings[j]
		}
	}
	pr.on = !q.All && clauses > 1 && pr.later[0] > 0
	return pr
}

// clauseEnded notes that clause j has been added to the documents'
// scores: the threshold may rise, and is worked out again when a list
// with blocks is next read (raise), not after every clause (a query may
// have a thousand, and most lists have no blocks).
func (pr *pruner) clauseEnded(j int) {
	pr.ended = j + 1
}

// raise is the threshold for the list about to be read: the n-th best of
// the documents' scores so far, worked out again if a clause has been
// added since it last was and what is left to read may be worth it.
// Scores so far count the clauses added, whole, and not the one being
// added, so a threshold worked out in the middle of a clause is the one
// worked out at the end of the clause before.
func (pr *pruner) raise(acc *accumulator, kindScore [NumKinds]float64, kindOf func(uint32) int) float64 {
	if !pr.on || pr.ended == pr.raised || len(acc.touched) < pr.n || pr.later[pr.ended-1] < len(acc.touched) {
		return pr.theta
	}
	pr.raised = pr.ended
	// least is a heap of the best n so far, the least on top.
	least := make([]float64, 0, pr.n)
	clauses := len(pr.weights)
	for _, d := range acc.touched {
		s := final(&acc.slots[d], clauses, false) + kindScore[kindOf(d)]
		switch {
		case len(least) < pr.n:
			least = append(least, s)
			for i := len(least) - 1; i > 0 && least[(i-1)/2] > least[i]; i = (i - 1) / 2 {
				least[i], least[(i-1)/2] = least[(i-1)/2], least[i]
			}
		case s > least[0]:
			least[0] = s
			for i := 0; ; {
				c := 2*i + 1
				if c >= len(least) {
					break
				}
				if c+1 < len(least) && least[c+1] < least[c] {
					c++
				}
				if least[i] <= least[c] {
					break
				}
				least[i], least[c] = least[c], least[i]
				i = c
			}
		}
	}
	pr.theta = max(pr.theta, least[0])
	return pr.theta
}

// addBlocks adds item i of clause j, of weight w, from the list p of a
// kind whose documents start at base, block by block, skipping the blocks
// where no document can reach the threshold.
func (pr *pruner) addBlocks(acc *accumulator, j, i int, w float64, p postings, blocks []block, withPos bool, norms []float32, base uint32) {
	// What the clause's other items and the clauses after it add at most.
	rest := pr.after[j]
	for i2, m := range pr.most[j] {
		if i2 != i {
			rest += m
		}
	}
	clauses := len(pr.weights)
	data := p.data
	d := uint32(0)
	for bi, bl := range blocks {
		lo := base + d + 1
		if bi == 0 {
			lo = base
		}
		score, matched := acc.most(lo, base+bl.last)
		share := 1.0
		if !pr.all {
			share = min(1, float64(int(matched)+pr.matchable[j])/float64(clauses))
		}
		if ((score+rest+w*float64(bl.max))*share+pr.maxKind)*slack < pr.theta {
			data = p.data[bl.end:]
			d = bl.last
			continue
		}
		n := blockSize
		if bi == len(blocks)-1 {
			n = int(p.n) - bi*blockSize
		}
		for range n {
			gap, m := binary.Uvarint(data)
			tf, m2 := binary.Uvarint(data[m:])
			data = data[m+m2:]
			if withPos {
				data = skipUvarints(data, int(tf))
			}
			d += uint32(gap)
			acc.addItem(base+d, w*sqrtTF(tf)*float64(norms[d]))
		}
	}
}

// most is the most any document from lo to hi has scored and matched so
// far (of its buckets).
func (a *accumulator) most(lo, hi uint32) (score float64, matched uint32) {
	for _, b := range a.buckets[lo>>bucketShift : hi>>bucketShift+1] {
		score, matched = max(score, b.score), max(matched, b.matched)
	}
	return score, matched
}
