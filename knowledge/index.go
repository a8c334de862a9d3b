package knowledge

import (
	"bytes"
	"container/heap"
	"encoding/binary"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/vellum"
	"github.com/blevesearch/vellum/levenshtein"
)

// The search index is an inverted index of our own: Bleve (and bluge)
// score every posting of every query word and cannot skip any, which cost
// 4 ms a question at the median on 100,000 entries, and building Bleve's
// segments was most of a load's time and memory (see docs/performance.md,
// "The search index"). What it keeps of Bleve is what decides which words
// match: its English and Russian analysers, and vellum's Levenshtein
// automata for typos. Its scores are Bleve's tf-idf with the same clauses
// and boosts, so answers rank as they did.

// Analysers, from Bleve's registry: the en analyser (Unicode tokenizer,
// possessive, lower case, English stop words, Porter stemmer) and the ru
// one (Snowball Russian stemmer) for Cyrillic text. Both are safe to use
// from several goroutines.
var (
	enAnalyzer = analyzerNamed(en.AnalyzerName)
	ruAnalyzer = analyzerNamed(ru.AnalyzerName)
)

// memoAnalyzer is en with its last filter, the stemmer, remembering the
// stems it has made: a base's words recur, and stemming is a third of the
// cost of analysis. Only the index build uses it, one per worker, so that
// no question's words are kept.
func memoAnalyzer() analysis.Analyzer {
	a, ok := enAnalyzer.(*analysis.DefaultAnalyzer)
	if !ok || len(a.TokenFilters) == 0 {
		return enAnalyzer
	}
	m := *a
	m.TokenFilters = slices.Clone(a.TokenFilters)
	last := len(m.TokenFilters) - 1
	m.TokenFilters[last] = &memoFilter{filter: a.TokenFilters[last], memo: map[string][]byte{}}
	return &m
}

// memoFilter applies a token filter that maps each term to one term
// (a stemmer) once per distinct term.
type memoFilter struct {
	filter analysis.TokenFilter
	memo   map[string][]byte
	one    [1]*analysis.Token
}

func (f *memoFilter) Filter(ts analysis.TokenStream) analysis.TokenStream {
	for _, t := range ts {
		if t.KeyWord {
			continue
		}
		if stem, ok := f.memo[string(t.Term)]; ok {
			t.Term = stem
			continue
		}
		word := string(t.Term)
		f.one[0] = t
		f.filter.Filter(f.one[:])
		f.memo[word] = t.Term
	}
	return ts
}

func analyzerNamed(name string) analysis.Analyzer {
	a := mapping.NewIndexMapping().AnalyzerNamed(name)
	if a == nil {
		panic("knowledge: Bleve has no analyser " + name)
	}
	return a
}

// kindIDs number the kinds of index documents: each kind is a separate
// set of posting lists, so a search of passages never reads an entry's.
const (
	kEvent = iota
	kQuote
	kClaim
	kPerson
	kPassage
	numKinds
)

var kindNames = [numKinds]string{KindEvent, KindQuote, KindClaim, KindPerson, KindPassage}

// fieldIDs number the index fields. body is the entry's own words;
// excerpts the cited source text; people the ids of the people an entry is
// by or about; names, on a person's own entry only, every name, alias and
// role; ru the Cyrillic text again under Russian analysis, so that
// Cyrillic queries stem correctly. Names live on the person's entry alone,
// not on every quote of theirs: a question that names someone is matched
// through people instead. about is, on a passage, the words of the entry
// it belongs to (an event's title and summary, a claim's statement, a
// quote's paraphrase and context): a question can name the entry in other
// words than the passage uses.
const (
	fBody = iota
	fNames
	fExcerpts
	fAbout
	fRU
	fPeople
	numFields
)

// withPositions are the fields phrases are matched in.
const withPositions = 1<<fBody | 1<<fExcerpts | 1<<fAbout

// searchedMask is the fields whose words count as known (Known, Knows and
// the check that a word is not a typo).
const searchedMask = 1<<fBody | 1<<fNames | 1<<fExcerpts

// postings is one term's posting list in one field of one kind: for each
// document in increasing order, uvarint(document - previous), uvarint(term
// frequency) and, in fields with positions, the frequency's positions as
// uvarint gaps.
type postings struct {
	data []byte
	n    uint32 // documents
	last uint32 // the last document, while building
}

// index is the search index of a base.
type index struct {
	terms map[string]uint32 // every term of every field, to its id
	// fields has, for each term id, a bit for each field that holds it.
	fields []uint8
	// dict holds the English terms of the text fields in order, for typo
	// lookups with Levenshtein automata; its values are term ids.
	dict *vellum.FST
	// ruTerms are the terms of the Russian field, sorted.
	ruTerms []string
	docs    int // documents of every kind
	kinds   [numKinds]kindIndex
}

type kindIndex struct {
	docs int
	// lists[f][term] is an index into plists plus one; 0 when the term
	// is not in field f of this kind.
	lists  [numFields][]uint32
	plists []postings
	// norms[f][doc] is Bleve's field norm, 1/sqrt(the field's length in
	// terms).
	norms [numFields][]float32
}

func (k *kindIndex) list(f int, term uint32) *postings {
	l := k.lists[f]
	if int(term) >= len(l) || l[term] == 0 {
		return nil
	}
	return &k.plists[l[term]-1]
}

// df is how many documents of any kind hold term in field f.
func (ix *index) df(f int, term uint32) int {
	n := 0
	for k := range ix.kinds {
		if p := ix.kinds[k].list(f, term); p != nil {
			n += int(p.n)
		}
	}
	return n
}

// idf is Bleve's inverse document frequency.
func (ix *index) idf(df int) float64 {
	return 1 + math.Log(float64(ix.docs)/float64(df+1))
}

// has reports whether term is in any field of mask.
func (ix *index) has(term string, mask uint8) bool {
	id, ok := ix.terms[term]
	return ok && ix.fields[id]&mask != 0
}

// token is a term at a position of an analysed field.
type token struct {
	term string
	pos  int32
}

// analysed is a document's fields, analysed: each field's tokens sorted
// by term and position.
type analysed [numFields][]token

func analyse(a analysis.Analyzer, text string) []token {
	if text == "" {
		return nil
	}
	ts := a.Analyze([]byte(text))
	out := make([]token, len(ts))
	for i, t := range ts {
		out[i] = token{string(t.Term), int32(t.Position)}
	}
	return out
}

func sortTokens(ts []token) []token {
	slices.SortFunc(ts, func(x, y token) int {
		if c := strings.Compare(x.term, y.term); c != 0 {
			return c
		}
		return int(x.pos - y.pos)
	})
	return ts
}

// doc is an index document before analysis.
type doc struct {
	text   [numFields]string // fPeople unused: people are keywords
	people []string
}

// docSource yields a kind's documents by number; sameAbout, for
// passages, says whether a passage shares its about text with the one
// before it.
type docSource struct {
	n         int
	doc       func(i int) doc
	sameAbout func(i int) bool
}

func (b *Base) docSources() [numKinds]docSource {
	excerpts := func(cs []Citation) []string {
		out := make([]string, len(cs))
		for i, c := range cs {
			out[i] = c.Excerpt
		}
		return out
	}
	entry := func(body, names, people, ex []string) doc {
		var d doc
		d.text[fBody] = strings.Join(body, "\n")
		d.text[fNames] = strings.Join(names, "\n")
		d.text[fExcerpts] = strings.Join(ex, "\n")
		d.people = people
		// Only Cyrillic text needs Russian analysis; analysing everything
		// twice would double the cost of indexing.
		var ru []string
		for _, s := range slices.Concat(body, names) {
			if hasCyrillic(s) {
				ru = append(ru, s)
			}
		}
		d.text[fRU] = strings.Join(ru, "\n")
		return d
	}
	var s [numKinds]docSource
	s[kEvent] = docSource{n: len(b.Events), doc: func(i int) doc {
		e := &b.Events[i]
		return entry(append([]string{e.Title, e.Summary}, e.Tags...), nil, e.Actors, excerpts(e.Citations))
	}}
	s[kQuote] = docSource{n: len(b.Quotes), doc: func(i int) doc {
		q := &b.Quotes[i]
		return entry(append([]string{q.Text, q.Context, q.Medium}, q.Via...), nil, []string{q.Speaker}, excerpts(q.Citations))
	}}
	s[kClaim] = docSource{n: len(b.Claims), doc: func(i int) doc {
		c := &b.Claims[i]
		body := append([]string{c.Statement, c.Status}, c.Tags...)
		var actors, ex []string
		for _, p := range c.Positions {
			actors = append(actors, p.Actor)
			if q := b.quotes[p.Quote]; q != nil {
				body = append(body, q.Text)
			}
			ex = append(ex, excerpts(p.Citations)...)
		}
		return entry(body, nil, actors, ex)
	}}
	s[kPerson] = docSource{n: len(b.People), doc: func(i int) doc {
		p := &b.People[i]
		names := append([]string{p.Name, p.Role, p.Organisation}, p.Aliases...)
		return entry([]string{p.Role, p.Organisation}, names, []string{p.ID}, nil)
	}}
	s[kPassage] = docSource{n: len(b.passages), doc: func(i int) doc {
		p := b.passages[i]
		about, people := b.passageAbout(p)
		var d doc
		d.text[fBody] = p.Text
		d.text[fAbout] = about
		d.people = people
		if hasCyrillic(p.Text) {
			d.text[fRU] = p.Text
		}
		return d
	}, sameAbout: func(i int) bool {
		p, q := &b.passages[i-1], &b.passages[i]
		return p.Kind == q.Kind && p.ID == q.ID && p.Position == q.Position
	}}
	return s
}

// buildChunk is how many documents a worker analyses at a time.
const buildChunk = 512

// buildIndex analyses every document on every core, in chunks, and adds
// them to the index in order.
func buildIndex(b *Base) (*index, error) {
	ix := &index{terms: map[string]uint32{}}
	sources := b.docSources()
	type chunk struct {
		kind, start int
		docs        []analysed
	}
	var chunks []*chunk
	for k, s := range sources {
		for start := 0; start < s.n; start += buildChunk {
			chunks = append(chunks, &chunk{kind: k, start: start})
		}
	}
	for k, s := range sources {
		ix.kinds[k].docs = s.n
		ix.docs += s.n
	}
	workers := runtime.GOMAXPROCS(0)
	analyser := func() func(int) {
		en := memoAnalyzer()
		return func(ci int) {
			c := chunks[ci]
			s := sources[c.kind]
			end := min(c.start+buildChunk, s.n)
			c.docs = make([]analysed, 0, end-c.start)
			var prevAbout []token
			for i := c.start; i < end; i++ {
				d := s.doc(i)
				var a analysed
				for f, text := range d.text {
					switch {
					case f == fRU:
						a[f] = analyse(ruAnalyzer, text)
					case f == fAbout && s.sameAbout != nil:
						// A passage's entry's words are the same for
						// all its passages: analyse them once.
						if i == c.start || !s.sameAbout(i) {
							prevAbout = sortTokens(analyse(en, text))
						}
						a[f] = prevAbout
						continue
					default:
						a[f] = analyse(en, text)
					}
					sortTokens(a[f])
				}
				for _, p := range d.people {
					if p != "" {
						a[fPeople] = append(a[fPeople], token{term: p, pos: 1})
					}
				}
				sortTokens(a[fPeople])
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
func (ix *index) add(kind int, d uint32, a *analysed) {
	k := &ix.kinds[kind]
	var buf [binary.MaxVarintLen32]byte
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
			for j < len(ts) && ts[j].term == ts[i].term {
				j++
			}
			id, ok := ix.terms[ts[i].term]
			if !ok {
				id = uint32(len(ix.fields))
				ix.terms[ts[i].term] = id
				ix.fields = append(ix.fields, 0)
			}
			ix.fields[id] |= 1 << f
			if int(id) >= len(k.lists[f]) {
				k.lists[f] = append(k.lists[f], make([]uint32, int(id)+1-len(k.lists[f]))...)
			}
			if k.lists[f][id] == 0 {
				k.plists = append(k.plists, postings{})
				k.lists[f][id] = uint32(len(k.plists))
			}
			p := &k.plists[k.lists[f][id]-1]
			gap := d
			if p.n > 0 {
				gap = d - p.last
			}
			p.data = append(p.data, buf[:binary.PutUvarint(buf[:], uint64(gap))]...)
			p.data = append(p.data, buf[:binary.PutUvarint(buf[:], uint64(j-i))]...)
			if withPositions&(1<<f) != 0 {
				prev := int32(0)
				for _, t := range ts[i:j] {
					p.data = append(p.data, buf[:binary.PutUvarint(buf[:], uint64(t.pos-prev))]...)
					prev = t.pos
				}
			}
			p.n++
			p.last = d
			i = j
		}
	}
}

// finish packs the posting lists into one block of memory, without the
// slack of their growth, and builds the dictionaries.
func (ix *index) finish() error {
	for k := range ix.kinds {
		ki := &ix.kinds[k]
		size := 0
		for _, p := range ki.plists {
			size += len(p.data)
		}
		block := make([]byte, 0, size)
		for i := range ki.plists {
			p := &ki.plists[i]
			start := len(block)
			block = append(block, p.data...)
			p.data = block[start:len(block):len(block)]
		}
	}
	var en []string
	for t, id := range ix.terms {
		if ix.fields[id]&(1<<fRU) != 0 {
			ix.ruTerms = append(ix.ruTerms, t)
		}
		if ix.fields[id]&^(1<<fPeople|1<<fRU) != 0 {
			en = append(en, t)
		}
	}
	slices.Sort(ix.ruTerms)
	slices.Sort(en)
	var buf bytes.Buffer
	w, err := vellum.New(&buf, nil)
	if err != nil {
		return fmt.Errorf("building the term dictionary: %w", err)
	}
	for _, t := range en {
		if err := w.Insert([]byte(t), uint64(ix.terms[t])); err != nil {
			return fmt.Errorf("building the term dictionary: %w", err)
		}
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("building the term dictionary: %w", err)
	}
	if ix.dict, err = vellum.Load(buf.Bytes()); err != nil {
		return fmt.Errorf("building the term dictionary: %w", err)
	}
	return nil
}

// levenshteinBuilders build the automata for one and two typos; building
// a builder takes milliseconds, so each is built once, when first needed.
var levenshteinBuilders = sync.OnceValues(func() ([2]*levenshtein.LevenshteinAutomatonBuilder, error) {
	var lb [2]*levenshtein.LevenshteinAutomatonBuilder
	for i := range lb {
		var err error
		if lb[i], err = levenshtein.NewLevenshteinAutomatonBuilder(uint8(i+1), true); err != nil {
			return lb, err
		}
	}
	return lb, nil
})

// candidate is a term of the dictionary within some edits of a word.
type candidate struct {
	term     uint32
	distance uint8
}

// near lists the terms of the fields in mask within fuzziness edits of
// term that share its first letter, as Bleve's fuzzy query with prefix 1
// finds them; stop, if set, ends the walk once it returns true.
func (ix *index) near(term string, fuzziness int, mask uint8, stop func(candidate) bool) []candidate {
	lb, err := levenshteinBuilders()
	if err != nil || fuzziness < 1 || fuzziness > len(lb) || term == "" {
		return nil
	}
	dfa, err := lb[fuzziness-1].BuildDfa(term, uint8(fuzziness))
	if err != nil {
		return nil
	}
	_, size := utf8.DecodeRuneInString(term)
	start := []byte(term[:size])
	end := prefixEnd(start)
	it, err := ix.dict.Search(dfa, start, end)
	var out []candidate
	for err == nil {
		_, id := it.Current()
		c := candidate{term: uint32(id), distance: it.EditDistance()}
		if ix.fields[c.term]&mask != 0 {
			out = append(out, c)
			if stop != nil && stop(c) {
				break
			}
		}
		err = it.Next()
	}
	return out
}

// prefixEnd is the first key after every key that starts with prefix.
func prefixEnd(prefix []byte) []byte {
	end := slices.Clone(prefix)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// item is one term of a clause, in one field, with its boost.
type item struct {
	field int
	term  uint32
	ok    bool // false: the term is in no document
	boost float64
}

// clause is one scored part of a query, as Bleve scores it. A disjunction
// (a match query's words, a typo's candidates, one term) scores the sum of
// its items' scores in a document times the share of items it holds; a
// phrase, the sum of its terms' scores where they occur at offsets
// apart.
type clause struct {
	items   []item
	phrase  bool
	offsets []int32 // of each item from the first, for a phrase
}

// termClause matches one term.
func (ix *index) termClause(f int, term string, boost float64) clause {
	id, ok := ix.terms[term]
	return clause{items: []item{{f, id, ok, boost}}}
}

// matchClause matches any of text's words, as a Bleve match query.
func (ix *index) matchClause(f int, ts []token, boost float64) clause {
	var c clause
	for _, t := range ts {
		id, ok := ix.terms[t.term]
		c.items = append(c.items, item{f, id, ok, boost})
	}
	return c
}

// phraseClause matches text's words as a phrase; stop words leave gaps.
func (ix *index) phraseClause(f int, ts []token, boost float64) clause {
	c := clause{phrase: true}
	for _, t := range ts {
		id, ok := ix.terms[t.term]
		c.items = append(c.items, item{f, id, ok, boost})
		c.offsets = append(c.offsets, t.pos-ts[0].pos)
	}
	return c
}

// fuzzyClause matches the terms within a typo or two of term, each
// weighed down by its distance, as Bleve's fuzzy query; with none, it
// matches nothing.
func (ix *index) fuzzyClause(f int, term string, fuzziness int, boost float64) clause {
	cands := ix.near(term, fuzziness, 1<<f, nil)
	if len(cands) == 0 {
		return ix.termClause(f, term, boost)
	}
	var c clause
	for _, cand := range cands {
		c.items = append(c.items, item{f, cand.term, true, boost / float64(cand.distance+1)})
	}
	return c
}

// scored is a document and its score.
type scored struct {
	kind  int
	doc   uint32
	score float64
}

// accumulator adds up scores by document across the kinds searched: a
// clause's own (the clause's items) and the query's (its clauses), side by
// side, so that adding a document's clause score to the query's touches
// memory the clause's scoring has just touched.
type accumulator struct {
	slots      []slot
	touched    []uint32 // documents with a query score
	clauseDocs []uint32 // documents with a score for the current clause
}

type slot struct {
	score, clause     float64
	matched, clauseOf uint32 // clauses matched; items of the current clause
}

func (a *accumulator) addItem(d uint32, s float64) {
	sl := &a.slots[d]
	if sl.clauseOf == 0 {
		a.clauseDocs = append(a.clauseDocs, d)
	}
	sl.clause += s
	sl.clauseOf++
}

// endClause adds each document's clause score, times share for each of
// the clause's items it holds, to its query score.
func (a *accumulator) endClause(share float64) {
	for _, d := range a.clauseDocs {
		sl := &a.slots[d]
		if sl.matched == 0 {
			a.touched = append(a.touched, d)
		}
		if share > 0 {
			sl.score += sl.clause * float64(sl.clauseOf) * share
		} else {
			sl.score += sl.clause
		}
		sl.matched++
		sl.clause, sl.clauseOf = 0, 0
	}
	a.clauseDocs = a.clauseDocs[:0]
}

func (a *accumulator) reset() {
	for _, d := range a.touched {
		a.slots[d] = slot{}
	}
	a.touched = a.touched[:0]
}

// query is one search: its clauses are combined as a disjunction (any
// clause, scored by the share of clauses matched) or a conjunction
// (every clause).
type query struct {
	clauses []clause
	all     bool
	kinds   []int
}

// accumulators keep the scratch of queries for the next, one pool for each
// set of kinds searched (a bit for each kind), so that a query's scratch has
// a slot for each document of the kinds it searches only: FindPeople's, for
// each person.
var accumulators [1 << numKinds]sync.Pool

// run scores the query's documents of its kinds and returns the best n,
// best first; equal scores in index order.
func (ix *index) run(q query, n int) []scored {
	if n <= 0 || len(q.clauses) == 0 {
		return nil
	}
	// Documents are numbered across the kinds searched, in their order.
	var base [numKinds]uint32
	total := uint32(0)
	set := 0
	for _, k := range q.kinds {
		base[k] = total
		total += uint32(ix.kinds[k].docs)
		set |= 1 << k
	}
	// The scratch goes back to the pool clean, after a reset: a query
	// that panics leaves its own to the collector.
	acc := scratch(&accumulators[set], int(total))
	for _, c := range q.clauses {
		if len(c.items) == 0 {
			continue // a query of stop words only: it counts, and matches nothing
		}
		if c.phrase {
			for _, k := range q.kinds {
				ix.phrase(c, k, base[k], acc)
			}
			acc.endClause(0) // a phrase scores the sum of its terms
			continue
		}
		for _, it := range c.items {
			if !it.ok {
				continue
			}
			w := it.boost * sq(ix.idf(ix.df(it.field, it.term)))
			for _, k := range q.kinds {
				ki := &ix.kinds[k]
				p := ki.list(it.field, it.term)
				if p == nil {
					continue
				}
				norms := ki.norms[it.field]
				withPos := withPositions&(1<<it.field) != 0
				data := p.data
				d := uint32(0)
				for range p.n {
					gap, m := binary.Uvarint(data)
					tf, m2 := binary.Uvarint(data[m:])
					data = data[m+m2:]
					if withPos {
						data = skipUvarints(data, int(tf))
					}
					d += uint32(gap)
					acc.addItem(base[k]+d, w*sqrtTF(tf)*float64(norms[d]))
				}
			}
		}
		acc.endClause(1 / float64(len(c.items)))
	}
	// A Bleve query of some kinds was a conjunction with a disjunction of
	// kind terms, which added each document its kind's weight; the
	// thresholds of bot were set with it, so it stays.
	var kindScore [numKinds]float64
	for _, k := range q.kinds {
		kindScore[k] = sq(ix.idf(ix.kinds[k].docs)) / float64(len(q.kinds))
	}
	h := make(hitHeap, 0, n+1)
	for _, d := range acc.touched {
		sl := &acc.slots[d]
		if q.all && int(sl.matched) < len(q.clauses) {
			continue
		}
		s := sl.score
		if !q.all {
			s *= float64(sl.matched) / float64(len(q.clauses))
		}
		kind := q.kinds[0]
		for _, k := range q.kinds[1:] {
			if d >= base[k] {
				kind = k
			}
		}
		// doc is the search's number until the end, for the order of ties.
		hit := scored{kind, d, s + kindScore[kind]}
		if len(h) < n {
			heap.Push(&h, hit)
		} else if better(hit, h[0]) {
			h[0] = hit
			heap.Fix(&h, 0)
		}
	}
	acc.reset()
	accumulators[set].Put(acc)
	out := make([]scored, len(h))
	for i := len(h) - 1; i >= 0; i-- {
		out[i] = heap.Pop(&h).(scored)
		out[i].doc -= base[out[i].kind]
	}
	return out
}

// scratch is an accumulator from pool with at least n slots.
func scratch(pool *sync.Pool, n int) *accumulator {
	if a, ok := pool.Get().(*accumulator); ok && len(a.slots) >= n {
		return a
	}
	return &accumulator{slots: make([]slot, n)}
}

// phrase adds to acc the documents of kind k where c's terms occur at
// their offsets, with the sum of their scores.
func (ix *index) phrase(c clause, k int, base uint32, acc *accumulator) {
	ki := &ix.kinds[k]
	its := make([]postingIter, len(c.items))
	weights := make([]float64, len(c.items))
	for i, it := range c.items {
		if !it.ok {
			return
		}
		p := ki.list(it.field, it.term)
		if p == nil {
			return
		}
		its[i] = postingIter{data: p.data, left: p.n, withPos: withPositions&(1<<it.field) != 0}
		weights[i] = it.boost * sq(ix.idf(ix.df(it.field, it.term)))
	}
	norms := ki.norms[c.items[0].field]
	var pos [][]int32
	for i := range its {
		pos = append(pos, nil)
		if !its[i].next() {
			return
		}
	}
	for {
		// Bring every list to the same document.
		d := its[0].doc
		for _, it := range its {
			d = max(d, it.doc)
		}
		same := true
		for i := range its {
			if !its[i].advance(d) {
				return
			}
			same = same && its[i].doc == d
		}
		if !same {
			continue
		}
		for i := range its {
			pos[i] = its[i].positions(pos[i][:0])
		}
		if phraseAt(pos, c.offsets) {
			s := 0.0
			for i, it := range its {
				s += weights[i] * sqrtTF(uint64(it.tf)) * float64(norms[d])
			}
			acc.addItem(base+d, s)
		}
		if !its[0].next() {
			return
		}
	}
}

// phraseAt reports whether, for some position p of the first term, every
// term i occurs at p + offsets[i].
func phraseAt(pos [][]int32, offsets []int32) bool {
	for _, p := range pos[0] {
		all := true
		for i := 1; i < len(pos) && all; i++ {
			_, all = slices.BinarySearch(pos[i], p+offsets[i])
		}
		if all {
			return true
		}
	}
	return false
}

// postingIter walks a posting list.
type postingIter struct {
	data    []byte
	left    uint32
	withPos bool
	doc, tf uint32
	pos     []byte // the positions of the current document
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

func sq(x float64) float64 { return x * x }

func sqrtTF(tf uint64) float64 {
	if tf == 1 {
		return 1
	}
	return math.Sqrt(float64(tf))
}

// hitHeap keeps the best hits with the worst on top.
type hitHeap []scored

func better(x, y scored) bool {
	if x.score != y.score {
		return x.score > y.score
	}
	return x.doc < y.doc
}

func (h hitHeap) Len() int           { return len(h) }
func (h hitHeap) Less(i, j int) bool { return better(h[j], h[i]) }
func (h hitHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *hitHeap) Push(x any)        { *h = append(*h, x.(scored)) }
func (h *hitHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
