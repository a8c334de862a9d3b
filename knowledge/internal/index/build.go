package index

import (
	"bytes"
	"fmt"
	"math"
	"runtime"
	"slices"
	"unique"

	"github.com/blevesearch/vellum"
)

// Kinds of documents: each kind is a separate set of posting lists, so a
// search of passages never reads an entry's.
const (
	Event = iota
	Quote
	Claim
	Person
	Passage
	NumKinds
)

// Fields of a document. Body is the document's own words; Names, on a
// person, every name, alias and role; Excerpts the cited source text;
// About, on a passage, the words of the entry it belongs to; RU the
// Cyrillic text again under Russian analysis, so that Cyrillic queries
// stem correctly; People the ids of the people a document is by or about,
// as keywords.
const (
	Body = iota
	Names
	Excerpts
	About
	RU
	People
	NumFields
)

// withPositions are the fields phrases are matched in.
const withPositions = 1<<Body | 1<<Excerpts | 1<<About

// Searched is the fields whose words count as known: a word in them is
// not a typo.
const Searched = 1<<Body | 1<<Names | 1<<Excerpts

// Doc is a document before analysis.
type Doc struct {
	Text   [NumFields]string // People unused: people are keywords
	People []string
}

// Source yields a kind's documents by number; SameAbout, if set, says
// whether document i has the About text of document i-1, which is then
// analysed once.
type Source struct {
	N         int
	Doc       func(i int) Doc
	SameAbout func(i int) bool
}

// Index is the search index of a base. It is read-only once built and
// safe for concurrent use.
type Index struct {
	// terms maps every term of every field to its id while the index is
	// built; then dict does.
	terms map[string]uint32
	// fields has, for each term id, a bit for each field that holds it.
	fields []uint8
	// dict holds every term in order, its values term ids: for lookups,
	// and for typo lookups with Levenshtein automata over the English
	// terms of the text fields.
	dict *vellum.FST
	// ruTerms are the terms of the Russian field, sorted.
	ruTerms []string
	docs    int // documents of every kind
	kinds   [NumKinds]kindIndex
}

type kindIndex struct {
	docs int
	// While the index is built, lists[f][term] is an index into building
	// plus one; 0 when the term is not in field f of this kind.
	lists    [NumFields][]uint32
	building []postings
	// finish packs the posting lists of field f into block[f]: terms[f]
	// are the ids of its terms, in increasing order, and spans[f][i] the
	// list of terms[f][i], which ends where the next begins. A fraction
	// of the building's size, which matters with a hundred bases loaded:
	// most terms are in few fields.
	terms [NumFields][]uint32
	spans [NumFields][]span
	block [NumFields][]byte
	// norms[f][doc] is Bleve's field norm, 1/sqrt(the field's length in
	// terms).
	norms [NumFields][]float32
	// bounds are derived from the lists and norms (computeBounds), for
	// Run's pruning.
	bounds [NumFields]bounds
}

// span is a packed posting list: from off in its field's block, of n
// documents.
type span struct{ off, n uint32 }

// list is the posting list of term in field f, and whether there is one.
func (k *kindIndex) list(f int, term uint32) (postings, bool) {
	i, ok := slices.BinarySearch(k.terms[f], term)
	if !ok {
		return postings{}, false
	}
	return k.listAt(f, i), true
}

// listAt is the i-th posting list of field f.
func (k *kindIndex) listAt(f, i int) postings {
	spans, block := k.spans[f], k.block[f]
	end := uint32(len(block))
	if i+1 < len(spans) {
		end = spans[i+1].off
	}
	return postings{data: block[spans[i].off:end:end], n: spans[i].n}
}

// Docs is how many documents the index holds, of every kind.
func (ix *Index) Docs() int { return ix.docs }

// DocsOf is how many documents of kind the index holds.
func (ix *Index) DocsOf(kind int) int { return ix.kinds[kind].docs }

// DF is how many documents of any kind hold term in field f.
func (ix *Index) DF(f int, term string) int {
	id, ok := ix.id(term)
	if !ok {
		return 0
	}
	return ix.df(f, id)
}

func (ix *Index) df(f int, term uint32) int {
	n := 0
	for k := range ix.kinds {
		if p, ok := ix.kinds[k].list(f, term); ok {
			n += int(p.n)
		}
	}
	return n
}

// Has reports whether term is in any field of mask.
func (ix *Index) Has(term string, mask uint8) bool {
	id, ok := ix.id(term)
	return ok && ix.fields[id]&mask != 0
}

// RussianTerms are the terms of the RU field, sorted; the caller must not
// change them.
func (ix *Index) RussianTerms() []string { return ix.ruTerms }

// analysed is a document's fields, analysed: each field's tokens sorted
// by term and position.
type analysed [NumFields][]Token

// buildChunk is how many documents a worker analyses at a time.
const buildChunk = 512

// Build analyses every document on every core, in chunks, and adds them
// to the index in order.
func Build(sources [NumKinds]Source) (*Index, error) {
	ix := &Index{terms: map[string]uint32{}}
	type chunk struct {
		kind, start int
		docs        []analysed
	}
	var chunks []*chunk
	for k, s := range sources {
		for start := 0; start < s.N; start += buildChunk {
			chunks = append(chunks, &chunk{kind: k, start: start})
		}
	}
	for k, s := range sources {
		ix.kinds[k].docs = s.N
		ix.docs += s.N
	}
	workers := runtime.GOMAXPROCS(0)
	analyser := func() func(int) {
		en := memoAnalyzer()
		return func(ci int) {
			c := chunks[ci]
			s := sources[c.kind]
			end := min(c.start+buildChunk, s.N)
			c.docs = make([]analysed, 0, end-c.start)
			var prevAbout []Token
			for i := c.start; i < end; i++ {
				d := s.Doc(i)
				var a analysed
				for f, text := range d.Text {
					switch {
					case f == RU:
						a[f] = Analyse(Russian, text)
					case f == About && s.SameAbout != nil:
						// A passage's entry's words are the same for
						// all its passages: analyse them once.
						if i == c.start || !s.SameAbout(i) {
							prevAbout = sortTokens(Analyse(en, text))
						}
						a[f] = prevAbout
						continue
					default:
						a[f] = Analyse(en, text)
					}
					sortTokens(a[f])
				}
				for _, p := range d.People {
					if p != "" {
						a[People] = append(a[People], Token{Term: p, Pos: 1})
					}
				}
				sortTokens(a[People])
				c.docs = append(c.docs, a)
			}
		}
	}
	inOrder(len(chunks), workers, 4*workers, analyser, func(ci int) {
		c := chunks[ci]
		for i, a := range c.docs {
			ix.add(c.kind, uint32(c.start+i), &a)
		}
		c.docs = nil
	})
	return ix, ix.finish()
}

// inOrder runs jobs 0 to n-1 on workers goroutines, each running them with
// the function newWorker made for it, and calls use for each job, in
// order, on the calling goroutine. At most ahead jobs are run or running
// and not yet used, so that analysed documents do not pile up in memory
// when the workers outpace use.
func inOrder(n, workers, ahead int, newWorker func() func(i int), use func(i int)) {
	done := make([]chan struct{}, n)
	for i := range done {
		done[i] = make(chan struct{})
	}
	work := make(chan int)
	for range workers {
		go func() {
			run := newWorker()
			for i := range work {
				run(i)
				close(done[i])
			}
		}()
	}
	slots := make(chan struct{}, ahead)
	go func() {
		for i := range n {
			slots <- struct{}{}
			work <- i
		}
		close(work)
	}()
	for i := range n {
		<-done[i]
		use(i)
		<-slots // only now is job i's memory free
	}
}

// add appends one analysed document to the posting lists of its kind.
func (ix *Index) add(kind int, d uint32, a *analysed) {
	k := &ix.kinds[kind]
	var pos []int32
	for f, ts := range a {
		if len(ts) == 0 {
			continue
		}
		if k.norms[f] == nil {
			k.norms[f] = make([]float32, k.docs)
		}
		k.norms[f][d] = float32(1 / math.Sqrt(float64(len(ts))))
		for i := 0; i < len(ts); {
			j := i + 1
			for j < len(ts) && ts[j].Term == ts[i].Term {
				j++
			}
			id, ok := ix.terms[ts[i].Term]
			if !ok {
				id = uint32(len(ix.fields))
				// One copy of each term for every base loaded: a
				// folder's incidents share most of their words.
				ix.terms[unique.Make(ts[i].Term).Value()] = id
				ix.fields = append(ix.fields, 0)
			}
			ix.fields[id] |= 1 << f
			if int(id) >= len(k.lists[f]) {
				k.lists[f] = append(k.lists[f], make([]uint32, int(id)+1-len(k.lists[f]))...)
			}
			if k.lists[f][id] == 0 {
				k.building = append(k.building, postings{})
				k.lists[f][id] = uint32(len(k.building))
			}
			pos = pos[:0]
			for _, t := range ts[i:j] {
				pos = append(pos, t.Pos)
			}
			k.building[k.lists[f][id]-1].add(d, pos, withPositions&(1<<f) != 0)
			i = j
		}
	}
}

// finish packs the posting lists into one block of memory, without the
// slack of their growth, and builds the dictionaries.
func (ix *Index) finish() error {
	for k := range ix.kinds {
		ki := &ix.kinds[k]
		for f, l := range ki.lists {
			n, size := 0, 0
			for _, i := range l {
				if i != 0 {
					n++
					size += len(ki.building[i-1].data)
				}
			}
			if size > math.MaxUint32 {
				return fmt.Errorf("the posting lists take %d bytes, more than an index holds", size)
			}
			ki.terms[f], ki.spans[f], ki.block[f] = make([]uint32, 0, n), make([]span, 0, n), make([]byte, 0, size)
			for id, i := range l {
				if i == 0 {
					continue
				}
				p := ki.building[i-1]
				ki.terms[f] = append(ki.terms[f], uint32(id))
				ki.spans[f] = append(ki.spans[f], span{uint32(len(ki.block[f])), p.n})
				ki.block[f] = append(ki.block[f], p.data...)
			}
			ki.lists[f] = nil
		}
		ki.building = nil
	}
	all := make([]string, 0, len(ix.terms))
	for t := range ix.terms {
		all = append(all, t)
	}
	slices.Sort(all)
	ids := make([]uint32, len(all))
	for i, t := range all {
		ids[i] = ix.terms[t]
	}
	// The dictionary finds every term's id from now on, in a fraction of
	// the map's memory.
	ix.terms = nil
	return ix.derive(all, ids)
}

// derive works out what the index holds besides its documents' posting
// lists and norms, from its terms in order and their ids: the term
// dictionary, the fields of each term, the Russian terms, the count of
// documents. A snapshot (snapshot.go) stores only what it is derived
// from, and derives it again when read, so anything added here is
// rebuilt there too.
func (ix *Index) derive(all []string, ids []uint32) error {
	ix.docs = 0
	ix.fields = make([]uint8, len(all))
	for k := range ix.kinds {
		ki := &ix.kinds[k]
		ix.docs += ki.docs
		for f := range ki.terms {
			for _, id := range ki.terms[f] {
				if int(id) >= len(ix.fields) {
					return fmt.Errorf("term id %d of %d terms", id, len(all))
				}
				ix.fields[id] |= 1 << f
			}
		}
	}
	ix.ruTerms = nil
	var buf bytes.Buffer
	w, err := vellum.New(&buf, nil)
	if err != nil {
		return fmt.Errorf("building the term dictionary: %w", err)
	}
	for i, t := range all {
		if int(ids[i]) >= len(ix.fields) {
			return fmt.Errorf("term id %d of %d terms", ids[i], len(all))
		}
		if ix.fields[ids[i]]&(1<<RU) != 0 {
			ix.ruTerms = append(ix.ruTerms, unique.Make(t).Value())
		}
		if err := w.Insert([]byte(t), uint64(ids[i])); err != nil {
			return fmt.Errorf("building the term dictionary: %w", err)
		}
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("building the term dictionary: %w", err)
	}
	if ix.dict, err = vellum.Load(buf.Bytes()); err != nil {
		return fmt.Errorf("building the term dictionary: %w", err)
	}
	// The blocks' score bounds come from the posting lists and norms, so
	// a snapshot gets them here too.
	ix.computeBounds()
	return nil
}

// id is term's id, and whether the index has it.
func (ix *Index) id(term string) (uint32, bool) {
	id, ok, err := ix.dict.Get([]byte(term))
	return uint32(id), ok && err == nil
}
