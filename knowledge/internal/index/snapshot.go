package index

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/blevesearch/vellum"

	"github.com/incidentbot/incidentbot/knowledge/internal/wire"
)

// Encode writes the index for a snapshot: its terms in order with their
// ids, and each kind's documents, posting lists and norms. What derive
// works out from these is not written.
func (ix *Index) Encode(w *wire.Writer) error {
	w.Uint(uint64(ix.dict.Len()))
	it, err := ix.dict.Iterator(nil, nil)
	for err == nil {
		term, id := it.Current()
		w.String(string(term))
		w.Uint(id)
		err = it.Next()
	}
	if !errors.Is(err, vellum.ErrIteratorDone) {
		return fmt.Errorf("reading the term dictionary: %w", err)
	}
	for k := range ix.kinds {
		ki := &ix.kinds[k]
		w.Uint(uint64(ki.docs))
		for f := range NumFields {
			w.Uint(uint64(len(ki.terms[f])))
			prevTerm, prevOff := uint32(0), uint32(0)
			for i, t := range ki.terms[f] {
				sp := ki.spans[f][i]
				w.Uint(uint64(t - prevTerm))
				w.Uint(uint64(sp.off - prevOff))
				w.Uint(uint64(sp.n))
				prevTerm, prevOff = t, sp.off
			}
			w.Bytes(ki.block[f])
			w.Bool(ki.norms[f] != nil)
			if ki.norms[f] != nil {
				w.Float32s(ki.norms[f])
			}
		}
	}
	return w.Err()
}

// Decode reads what Encode wrote, checking that every term id, posting
// list and norm is where the index will look for it. The posting lists
// share r's memory.
func Decode(r *wire.Reader) (*Index, error) {
	ix := &Index{}
	n := r.Len(2)
	all, ids := make([]string, n), make([]uint32, n)
	for i := range all {
		all[i] = r.String()
		id := r.Uint()
		if id >= uint64(n) {
			return nil, fmt.Errorf("term id %d of %d terms: %w", id, n, wire.ErrMalformed)
		}
		ids[i] = uint32(id)
	}
	for k := range ix.kinds {
		ki := &ix.kinds[k]
		ki.docs = int(r.Uint())
		if ki.docs > 1<<31 {
			return nil, fmt.Errorf("%d documents: %w", ki.docs, wire.ErrMalformed)
		}
		for f := range NumFields {
			m := r.Len(3)
			ki.terms[f], ki.spans[f] = make([]uint32, m), make([]span, m)
			term, off := uint64(0), uint64(0)
			for i := range m {
				dt, doff, docs := r.Uint(), r.Uint(), r.Uint()
				term, off = term+dt, off+doff
				if (i > 0 && dt == 0) || term >= uint64(n) || off > 1<<32-1 || docs == 0 || docs > uint64(ki.docs) {
					return nil, fmt.Errorf("posting list %d of kind %d field %d: %w", i, k, f, wire.ErrMalformed)
				}
				ki.terms[f][i], ki.spans[f][i] = uint32(term), span{uint32(off), uint32(docs)}
			}
			ki.block[f] = r.Bytes()
			if ki.block[f] == nil {
				ki.block[f] = []byte{}
			}
			if m > 0 && uint64(ki.spans[f][m-1].off) > uint64(len(ki.block[f])) {
				return nil, fmt.Errorf("posting lists of kind %d field %d past their block: %w", k, f, wire.ErrMalformed)
			}
			for i := range m {
				p, _ := ki.list(f, ki.terms[f][i])
				if !wellFormed(p, ki.docs, withPositions&(1<<f) != 0) {
					return nil, fmt.Errorf("posting list %d of kind %d field %d: %w", i, k, f, wire.ErrMalformed)
				}
			}
			if r.Bool() {
				if ki.norms[f] = r.Float32s(); len(ki.norms[f]) != ki.docs {
					return nil, fmt.Errorf("%d norms of %d documents: %w", len(ki.norms[f]), ki.docs, wire.ErrMalformed)
				}
				// A norm is 1/sqrt(a length), or 0 for no text.
				for _, x := range ki.norms[f] {
					if !(x >= 0 && x <= 1) {
						return nil, fmt.Errorf("norm %v: %w", x, wire.ErrMalformed)
					}
				}
			}
			if m > 0 && ki.norms[f] == nil {
				return nil, fmt.Errorf("posting lists of kind %d field %d without norms: %w", k, f, wire.ErrMalformed)
			}
		}
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	if err := ix.derive(all, ids); err != nil {
		return nil, fmt.Errorf("%w: %w", wire.ErrMalformed, err)
	}
	return ix, nil
}

// wellFormed reports whether p is what postings.add writes: p.n postings
// of documents in increasing order below docs, each with a frequency of at
// least one and, if withPos, that many positions, filling p.data exactly.
// A search walks a list without checking it, for speed: this is where a
// damaged one is stopped.
func wellFormed(p postings, docs int, withPos bool) bool {
	data, doc := p.data, uint64(0)
	for i := range p.n {
		gap, m := binary.Uvarint(data)
		if m <= 0 || (i > 0 && gap == 0) {
			return false
		}
		data = data[m:]
		if doc += gap; doc >= uint64(docs) {
			return false
		}
		tf, m := binary.Uvarint(data)
		if m <= 0 || tf == 0 || (withPos && tf > uint64(len(data))) {
			return false
		}
		data = data[m:]
		if withPos {
			for range tf {
				_, m := binary.Uvarint(data)
				if m <= 0 {
					return false
				}
				data = data[m:]
			}
		}
	}
	return len(data) == 0
}
