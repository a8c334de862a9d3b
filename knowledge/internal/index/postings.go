package index

import (
	"encoding/binary"
	"math"
)

// postings is one term's posting list in one field of one kind: for each
// document in increasing order, uvarint(document - previous), uvarint(term
// frequency) and, in fields with positions, the frequency's positions as
// uvarint gaps.
type postings struct {
	data []byte
	n    uint32 // documents
	last uint32 // the last document, while building
	// max bounds sqrt(frequency) × field norm over the list, rounded up:
	// times a term's weight, no document of the list scores more.
	max float32
	// skips is where the list's skip entries start in its kind's skips,
	// plus one; 0 for a list too short to need them.
	skips uint32
}

// blockSize is how many postings a skip entry jumps over.
const blockSize = 64

// skip is the state of a list's iterator after a block: the block's last
// document and where the next posting starts; and the block's bound, the
// largest sqrt(frequency) × norm in it, rounded up.
type skip struct {
	doc, off uint32
	max      float32
}

// add appends a document's posting: its frequency is len(pos), and
// positions are kept if withPos.
func (p *postings) add(d uint32, pos []int32, withPos bool, norm float32) {
	var buf [binary.MaxVarintLen32]byte
	gap := d
	if p.n > 0 {
		gap = d - p.last
	}
	p.data = append(p.data, buf[:binary.PutUvarint(buf[:], uint64(gap))]...)
	p.data = append(p.data, buf[:binary.PutUvarint(buf[:], uint64(len(pos)))]...)
	if withPos {
		prev := int32(0)
		for _, q := range pos {
			p.data = append(p.data, buf[:binary.PutUvarint(buf[:], uint64(q-prev))]...)
			prev = q
		}
	}
	p.n++
	p.last = d
	p.max = max(p.max, roundUp(sqrtTF(uint64(len(pos)))*float64(norm)))
}

// roundUp is the least float32 at or above x.
func roundUp(x float64) float32 {
	f := float32(x)
	if float64(f) < x {
		f = math.Nextafter32(f, float32(math.Inf(1)))
	}
	return f
}

// postingIter walks a posting list.
type postingIter struct {
	p       *postings
	skips   []skip // the list's: skips[b] is the state after block b, for every block
	data    []byte
	left    uint32
	withPos bool
	doc, tf uint32
	pos     []byte // the positions of the current document
}

func newIter(p *postings, skips []skip, withPos bool) postingIter {
	return postingIter{p: p, skips: skips, data: p.data, left: p.n, withPos: withPos}
}

func (it *postingIter) next() bool {
	if it.left == 0 {
		return false
	}
	it.left--
	gap, m := binary.Uvarint(it.data)
	tf, m2 := binary.Uvarint(it.data[m:])
	it.data = it.data[m+m2:]
	it.doc += uint32(gap) // the first gap is from document 0
	it.tf = uint32(tf)
	if it.withPos {
		rest := skipUvarints(it.data, int(tf))
		it.pos = it.data[:len(it.data)-len(rest)]
		it.data = rest
	}
	return true
}

// advance moves to the first document at or after d, jumping over the
// blocks that end before it.
func (it *postingIter) advance(d uint32) bool {
	read := it.p.n - it.left
	if read > 0 && it.doc >= d {
		return true
	}
	b := int(read / blockSize) // the block that holds the next posting
	to := b
	// The last entry is the end of the list: nothing to jump to.
	for to < len(it.skips)-1 && it.skips[to].doc < d {
		to++
	}
	if to > b {
		s := it.skips[to-1]
		it.doc, it.data, it.left = s.doc, it.p.data[s.off:], it.p.n-uint32(to)*blockSize
	}
	for it.next() {
		if it.doc >= d {
			return true
		}
	}
	return false
}

func (it *postingIter) positions(out []int32) []int32 {
	data := it.pos
	p := int32(0)
	for len(data) > 0 {
		gap, m := binary.Uvarint(data)
		data = data[m:]
		p += int32(gap)
		out = append(out, p)
	}
	return out
}

func skipUvarints(data []byte, n int) []byte {
	for i := 0; n > 0; i++ {
		if data[i] < 0x80 {
			n--
			if n == 0 {
				return data[i+1:]
			}
		}
	}
	return data
}

// makeSkips lists p's skip entries, one for each block; norms are the
// field's norms.
func makeSkips(p *postings, withPos bool, norms []float32) []skip {
	var out []skip
	it := newIter(p, nil, withPos)
	most := float32(0)
	for i := uint32(1); it.next(); i++ {
		most = max(most, roundUp(sqrtTF(uint64(it.tf))*float64(norms[it.doc])))
		if i%blockSize == 0 || i == p.n {
			out = append(out, skip{doc: it.doc, off: uint32(len(p.data) - len(it.data)), max: most})
			most = 0
		}
	}
	return out
}

// blocks is how many blocks of postings a list of n has.
func blocks(n uint32) uint32 { return (n + blockSize - 1) / blockSize }

func sqrtTF(tf uint64) float64 {
	if tf == 1 {
		return 1
	}
	return math.Sqrt(float64(tf))
}
