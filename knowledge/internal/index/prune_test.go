package index

import (
	"strings"
	"testing"
)

// Once the top n is settled by a rare word, the blocks of a common word's
// list where no document can reach it are not read: spoiling them leaves
// the hits as they were.
func TestRunSkipsBlocksThatCannotCount(t *testing.T) {
	const docs = 2000
	texts := make([]string, docs)
	for i := range texts {
		texts[i] = "common filler words here"
		if i%400 == 0 {
			texts[i] = "alpha common"
		}
	}
	var sources [NumKinds]Source
	sources[Passage] = Source{N: docs, Doc: func(i int) Doc {
		var d Doc
		d.Text[Body] = texts[i]
		return d
	}}
	ix, err := Build(sources)
	if err != nil {
		t.Fatal(err)
	}
	q := Query{Clauses: []Clause{ix.TermClause(Body, "alpha", 1), ix.TermClause(Body, "common", 1)}, Kinds: []int{Passage}}
	want := ix.Run(q, 3)
	if len(want) != 3 || strings.Count(texts[want[2].Doc], "alpha") != 1 {
		t.Fatalf("top 3: %+v; want three documents with alpha", want)
	}
	// Spoil every block of "common" that holds no document with alpha.
	ki := &ix.kinds[Passage]
	id, _ := ix.id("common")
	li := 0
	for ki.terms[Body][li] != id {
		li++
	}
	p, bs := ki.listAt(Body, li), &ki.bounds[Body]
	blocks := bs.blocks[bs.at[li]:bs.at[li+1]]
	if len(blocks) < 4 {
		t.Fatalf("common has %d blocks; the test needs a long list", len(blocks))
	}
	spoiled, start, first := 0, uint32(0), uint32(0)
	for _, b := range blocks {
		if first/400 == b.last/400 && first%400 != 0 {
			for i := start; i < b.end; i++ {
				p.data[i] = 0xff
			}
			spoiled++
		}
		start, first = b.end, b.last+1
	}
	if spoiled == 0 {
		t.Fatal("no block spoiled; the test needs blocks without alpha")
	}
	got := ix.Run(q, 3)
	if len(got) != len(want) {
		t.Fatalf("with %d of %d blocks spoiled, top 3: %+v; want %+v", spoiled, len(blocks), got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("with %d of %d blocks spoiled, top 3: %+v; want %+v", spoiled, len(blocks), got, want)
		}
	}
}
