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
// frequency and its positions; its blocks bound what each posting adds,
// and advancing over them finds what reading every posting finds.
func FuzzPostings(f *testing.F) {
	f.Add([]byte{0, 1, 1, 3, 2, 0, 7}, true)
	f.Add([]byte{5, 0, 200, 1, 1, 1, 255, 255, 255, 9, 9}, false)
	f.Add(make([]byte, 700), true)
	long := make([]byte, 900)
	for i := range long {
		long[i] = byte(i * 37)
	}
	f.Add(long, true)
	f.Add(long[:601], false)
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
		it := newIter(p, withPos, nil)
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
		// advance, jumping over blocks, lands where reading every posting
		// does, and the blocks' bounds hold every posting's.
		if len(want) == 0 {
			return
		}
		norms := make([]float32, want[len(want)-1].doc+1)
		for i := range norms {
			norms[i] = 1 / float32(1+i%7)
		}
		most, blocks := listBounds(p, withPos, norms, nil)
		if (len(blocks) > 0) != (len(want) > blockSize) {
			t.Fatalf("%d postings have %d blocks", len(want), len(blocks))
		}
		for i, w := range want {
			b := sqrtTF(uint64(len(w.pos))) * float64(norms[w.doc])
			if b > float64(most) || len(blocks) > 0 && b > float64(blocks[i/blockSize].max) {
				t.Fatalf("posting %d adds %v, over its list's bound %v or its block's", i, b, most)
			}
		}
		jumping, reading := newIter(p, withPos, blocks), newIter(p, withPos, nil)
		for i := 0; i < len(data); i += 3 {
			target := uint32(data[i]) * uint32(1+len(want)/16)
			ok1, ok2 := jumping.advance(target), reading.advance(target)
			if ok1 != ok2 || ok1 && (jumping.doc != reading.doc || jumping.tf != reading.tf ||
				!slices.Equal(jumping.positions(nil), reading.positions(nil))) {
				t.Fatalf("advance(%d): at %d (tf %d, %v) jumping blocks; at %d (tf %d, %v) reading every posting",
					target, jumping.doc, jumping.tf, ok1, reading.doc, reading.tf, ok2)
			}
			if !ok1 {
				break
			}
		}
	})
}
