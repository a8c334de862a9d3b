package index

import (
	"encoding/binary"
	"math"
	"runtime"
	"sync"
)

// blockSize is how many postings a block of a posting list holds: the
// unit Run skips when no document in it can reach the top n.
const blockSize = 128

// block is one block of a posting list: the last document in it, where
// its postings end (from the start of the list's data), and the most any
// of them adds to a score per unit of weight, sqrt(frequency) × field
// norm, rounded up to a float32.
type block struct {
	last, end uint32
	max       float32
}

// bounds are what Run's pruning reads of one field's posting lists,
// derived from the lists and the norms alone (computeBounds): for the
// list of terms[i], max[i] is the most it adds per unit of weight, and
// blocks[at[i]:at[i+1]] its blocks, none for a list of at most blockSize
// postings.
type bounds struct {
	max    []float32
	at     []uint32
	blocks []block
}

// computeBounds works out every list's bounds from its postings and
// norms, one field of one kind at a time on every core. It is the one
// place they are made: an index read back from elsewhere with its posting
// lists and norms calls it to be searchable.
func (ix *Index) computeBounds() {
	type job struct{ k, f int }
	jobs := make(chan job)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for j := range jobs {
				ki := &ix.kinds[j.k]
				ki.bounds[j.f] = ki.fieldBounds(j.f)
			}
		})
	}
	for k := range ix.kinds {
		for f := range NumFields {
			jobs <- job{k, f}
		}
	}
	close(jobs)
	wg.Wait()
}

// fieldBounds are the bounds of field f's lists.
func (k *kindIndex) fieldBounds(f int) bounds {
	b := bounds{max: make([]float32, len(k.terms[f])), at: make([]uint32, len(k.terms[f])+1)}
	for i := range k.terms[f] {
		b.max[i], b.blocks = listBounds(k.listAt(f, i), withPositions&(1<<f) != 0, k.norms[f], b.blocks)
		b.at[i+1] = uint32(len(b.blocks))
	}
	return b
}

// listBounds is the most p adds per unit of weight, and blocks with p's
// blocks appended if it has more than blockSize postings.
func listBounds(p postings, withPos bool, norms []float32, blocks []block) (float32, []block) {
	long := p.n > blockSize
	data := p.data
	d := uint32(0)
	most, blockMost := float32(0), float32(0)
	for j := range p.n {
		gap, m := binary.Uvarint(data)
		tf, m2 := binary.Uvarint(data[m:])
		data = data[m+m2:]
		if withPos {
			data = skipUvarints(data, int(tf))
		}
		d += uint32(gap)
		blockMost = max(blockMost, roundUp(sqrtTF(tf)*float64(norms[d])))
		if long && (j%blockSize == blockSize-1 || j == p.n-1) {
			blocks = append(blocks, block{last: d, end: uint32(len(p.data) - len(data)), max: blockMost})
			most, blockMost = max(most, blockMost), 0
		}
	}
	return max(most, blockMost), blocks
}

// roundUp is x as a float32 no smaller than x.
func roundUp(x float64) float32 {
	y := float32(x)
	if float64(y) < x {
		y = math.Nextafter32(y, float32(math.Inf(1)))
	}
	return y
}
