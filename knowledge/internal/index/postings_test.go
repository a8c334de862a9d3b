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
// frequency and its positions.
func FuzzPostings(f *testing.F) {
	f.Add([]byte{0, 1, 1, 3, 2, 0, 7}, true)
	f.Add([]byte{5, 0, 200, 1, 1, 1, 255, 255, 255, 9, 9}, false)
	f.Add(make([]byte, 700), true)
	f.Fuzz(func(t *testing.T, data []byte, withPos bool) {
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
			p.add(doc, pos, withPos)
		}
		it := newIter(p, withPos)
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
	})
}
