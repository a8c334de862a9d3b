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
}

// add appends a document's posting: its frequency is len(pos), and
// positions are kept if withPos.
func (p *postings) add(d uint32, pos []int32, withPos bool) {
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
}

// postingIter walks a posting list.
type postingIter struct {
	data    []byte
	left    uint32
	withPos bool
	doc, tf uint32
	pos     []byte // the positions of the current document
	// all is the whole list and blocks its blocks (bounds), which advance
	// jumps over without reading them.
	all    postings
	blocks []block
}

func newIter(p postings, withPos bool, blocks []block) postingIter {
	return postingIter{data: p.data, left: p.n, withPos: withPos, all: p, blocks: blocks}
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

// advance moves to the first document at or after d.
func (it *postingIter) advance(d uint32) bool {
	// Jump over the blocks, from the one the next posting is in, whose
	// documents all come before d.
	for it.doc < d && it.left > 0 {
		b := (it.all.n - it.left) / blockSize
		if int(b) >= len(it.blocks) || it.blocks[b].last >= d {
			break
		}
		it.data = it.all.data[it.blocks[b].end:]
		it.doc = it.blocks[b].last
		it.left = it.all.n - min(it.all.n, (b+1)*blockSize)
	}
	for it.doc < d {
		if !it.next() {
			return false
		}
	}
	return true
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

func sqrtTF(tf uint64) float64 {
	if tf == 1 {
		return 1
	}
	return math.Sqrt(float64(tf))
}
