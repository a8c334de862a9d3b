package index

import (
	"slices"
	"sync"
	"testing"
	"time"
)

// The index is built by workers that analyse chunks of documents ahead of
// the one goroutine that adds them: however slow the adding, no more than
// ahead chunks are analysed and waiting, or memory would hold the whole
// base analysed at once.
func TestInOrderBoundsWorkAhead(t *testing.T) {
	const n, workers, ahead = 200, 4, 8
	var mu sync.Mutex
	waiting, most := 0, 0
	var used []int
	inOrder(n, workers, ahead, func() func(int) {
		return func(int) {
			mu.Lock()
			waiting++
			most = max(most, waiting)
			mu.Unlock()
		}
	}, func(i int) {
		time.Sleep(100 * time.Microsecond) // the workers outpace the adding
		mu.Lock()
		waiting--
		mu.Unlock()
		used = append(used, i)
	})
	if most > ahead {
		t.Errorf("inOrder(%d jobs, %d ahead) had %d jobs run and not yet used", n, ahead, most)
	}
	if len(used) != n || !slices.IsSorted(used) {
		t.Errorf("inOrder used %d jobs (%v...); want 0 to %d in order", len(used), used[:min(len(used), 10)], n-1)
	}
}

// A posting list gives back what was put in it: each document, its
// frequency and its positions, whether read one by one or by jumping to a
// document over whole blocks; and each block's bound holds for its
// postings.
func FuzzPostings(f *testing.F) {
	f.Add([]byte{0, 1, 1, 3, 2, 0, 7}, true, uint32(3))
	f.Add([]byte{5, 0, 200, 1, 1, 1, 255, 255, 255, 9, 9}, false, uint32(1000))
	f.Add(make([]byte, 700), true, uint32(150))
	f.Fuzz(func(t *testing.T, data []byte, withPos bool, target uint32) {
		// Each two bytes are a posting: the gap to the document (at least
		// 1 but for the first) and the positions' count and spacing.
		type posting struct {
			doc uint32
			pos []int32
		}
		var want []posting
		var p postings
		doc := uint32(0)
		for i := 0; i+1 < len(data); i += 2 {
			if i > 0 {
				doc += 1 + uint32(data[i])%200
			} else {
				doc = uint32(data[i])
			}
			var pos []int32
			for j := range 1 + int(data[i+1]%4) {
				pos = append(pos, int32(j)*(1+int32(data[i+1]>>2)))
			}
			want = append(want, posting{doc, pos})
			p.add(doc, pos, withPos, 0.5)
		}
		norms := make([]float32, doc+1)
		for i := range norms {
			norms[i] = 1 / float32(1+i%7)
		}
		skips := makeSkips(&p, withPos, norms)
		if n := len(want); len(skips) != int(blocks(uint32(n))) {
			t.Fatalf("%d postings have %d skip entries; want %d", n, len(skips), blocks(uint32(n)))
		}
		for i, w := range want {
			if s := sqrtTF(uint64(len(w.pos))) * float64(norms[w.doc]); float64(skips[i/blockSize].max) < s {
				t.Fatalf("posting %d scores %v, above its block's bound %v", i, s, skips[i/blockSize].max)
			}
		}
		it := newIter(&p, skips, withPos)
		for i, w := range want {
			if !it.next() {
				t.Fatalf("posting %d of %d: the list ends", i, len(want))
			}
			if it.doc != w.doc || int(it.tf) != len(w.pos) {
				t.Fatalf("posting %d: document %d, frequency %d; want %d, %d", i, it.doc, it.tf, w.doc, len(w.pos))
			}
			if got := it.positions(nil); withPos && !slices.Equal(got, w.pos) {
				t.Fatalf("posting %d: positions %v; want %v", i, got, w.pos)
			}
		}
		if it.next() {
			t.Fatalf("the list goes on past its %d postings", len(want))
		}
		// advance lands where a walk would.
		it = newIter(&p, skips, withPos)
		i := slices.IndexFunc(want, func(w posting) bool { return w.doc >= target })
		if ok := it.advance(target); ok != (i >= 0) {
			t.Fatalf("advance(%d) = %v; want %v", target, ok, i >= 0)
		}
		if i >= 0 {
			if it.doc != want[i].doc || int(it.tf) != len(want[i].pos) {
				t.Fatalf("advance(%d) at document %d, frequency %d; want %d, %d", target, it.doc, it.tf, want[i].doc, len(want[i].pos))
			}
			if got := it.positions(nil); withPos && !slices.Equal(got, want[i].pos) {
				t.Fatalf("advance(%d): positions %v; want %v", target, got, want[i].pos)
			}
			if i+1 < len(want) && (!it.next() || it.doc != want[i+1].doc) {
				t.Fatalf("after advance(%d), next is document %d; want %d", target, it.doc, want[i+1].doc)
			}
		}
	})
}
