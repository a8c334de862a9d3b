package index

// Item is one term of a clause, in one field, with its boost.
type Item struct {
	Field int
	Term  string
	id    uint32
	OK    bool // false: the term is in no document
	Boost float64
}

// Clause is one scored part of a query, as Bleve scores it. A disjunction
// (a match query's words, a typo's candidates, one term) scores the sum of
// its items' scores in a document times the share of items it holds; a
// phrase, the sum of its terms' scores where they occur at Offsets
// apart.
type Clause struct {
	Items   []Item
	Phrase  bool
	Offsets []int32 // of each item from the first, for a phrase
}

// Query is one search: its clauses are combined as a disjunction (any
// clause, scored by the share of clauses matched) or, if All, a
// conjunction (every clause); it finds documents of Kinds.
type Query struct {
	Clauses []Clause
	All     bool
	Kinds   []int
}

// Scored is a document, by kind and number, and its score.
type Scored struct {
	Kind  int
	Doc   uint32
	Score float64
}

func (ix *Index) item(f int, term string, boost float64) Item {
	id, ok := ix.id(term)
	return Item{Field: f, Term: term, id: id, OK: ok, Boost: boost}
}

// TermClause matches one term.
func (ix *Index) TermClause(f int, term string, boost float64) Clause {
	return Clause{Items: []Item{ix.item(f, term, boost)}}
}

// MatchClause matches any of the tokens, as a Bleve match query.
func (ix *Index) MatchClause(f int, ts []Token, boost float64) Clause {
	var c Clause
	for _, t := range ts {
		c.Items = append(c.Items, ix.item(f, t.Term, boost))
	}
	return c
}

// PhraseClause matches the tokens as a phrase; stop words leave gaps.
// A phrase of one term in a field with positions is that term: it scores
// the same in the same documents, and is read as a term, without its
// positions.
func (ix *Index) PhraseClause(f int, ts []Token, boost float64) Clause {
	match := ix.MatchClause(f, ts, boost)
	if len(ts) == 1 && withPositions&(1<<f) != 0 {
		return match
	}
	return PhraseOf(match, ts)
}

// PhraseOf is the phrase of the tokens a match clause was made of
// (MatchClause), its items as they are.
func PhraseOf(match Clause, ts []Token) Clause {
	c := Clause{Items: match.Items, Phrase: true}
	for _, t := range ts {
		c.Offsets = append(c.Offsets, t.Pos-ts[0].Pos)
	}
	return c
}

// In is c with its terms in field f and each item's boost boost: the
// terms are looked up once for the fields a text is matched in.
func (c Clause) In(f int, boost float64) Clause {
	items := make([]Item, len(c.Items))
	for i, it := range c.Items {
		it.Field, it.Boost = f, boost
		items[i] = it
	}
	return Clause{Items: items, Phrase: c.Phrase, Offsets: c.Offsets}
}

// FuzzyClause matches the terms within a typo or two of term, each
// weighed down by its distance, as Bleve's fuzzy query; with none, it
// matches term alone.
func (ix *Index) FuzzyClause(f int, term string, fuzziness int, boost float64) Clause {
	cands := ix.Near(term, fuzziness, 1<<f, nil)
	if len(cands) == 0 {
		return ix.TermClause(f, term, boost)
	}
	var c Clause
	for _, cand := range cands {
		c.Items = append(c.Items, Item{Field: f, Term: cand.Term, id: cand.id, OK: true, Boost: boost / float64(cand.Distance+1)})
	}
	return c
}
