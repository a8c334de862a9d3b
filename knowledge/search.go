package knowledge

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// Entry kinds as they appear in search hits.
const (
	KindEvent  = "event"
	KindQuote  = "quote"
	KindClaim  = "claim"
	KindPerson = "person"
	KindSource = "source"
	// KindPassage marks the index documents of passages (see Passage).
	KindPassage = "passage"
)

// Index fields. body is the entry's own words; excerpts the cited source
// text; people the ids of the people an entry is by or about; names, on a
// person's own entry only, every name, alias and role; ru the Cyrillic text
// again under Russian analysis, so that Cyrillic queries stem correctly.
// Names live on the person's entry alone, not on every quote of theirs:
// a question that names someone is matched through people instead.
const (
	fieldKind     = "kind"
	fieldBody     = "body"
	fieldNames    = "names"
	fieldPeople   = "people"
	fieldExcerpts = "excerpts"
	fieldRU       = "ru"
	// fieldAbout is, on a passage, the words of the entry it belongs to
	// (an event's title and summary, a claim's statement, a quote's
	// paraphrase and context): a question can name the entry in other
	// words than the passage uses.
	fieldAbout = "about"
)

// Hit is one search result.
type Hit struct {
	Kind, ID string
	Score    float64
}

// maxQueryRunes bounds the text a search looks at; chat messages can be
// long, and a hostile one should not cost more than a normal one.
const maxQueryRunes = 500

func indexMapping() mapping.IndexMapping {
	text := func(analyzer string) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = false
		f.IncludeInAll = false
		return f
	}
	doc := bleve.NewDocumentStaticMapping()
	keyword := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Store = false
		f.IncludeTermVectors = false
		return f
	}
	doc.AddFieldMappingsAt(fieldKind, keyword())
	doc.AddFieldMappingsAt(fieldPeople, keyword())
	doc.AddFieldMappingsAt(fieldBody, text(en.AnalyzerName))
	doc.AddFieldMappingsAt(fieldNames, text(en.AnalyzerName))
	doc.AddFieldMappingsAt(fieldExcerpts, text(en.AnalyzerName))
	doc.AddFieldMappingsAt(fieldAbout, text(en.AnalyzerName))
	doc.AddFieldMappingsAt(fieldRU, text(ru.AnalyzerName))
	// No "_all" field: every query names its fields, and _all would index
	// every token a second time.
	doc.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	im := bleve.NewIndexMapping()
	im.DefaultMapping = doc
	im.DefaultAnalyzer = en.AnalyzerName
	im.StoreDynamic = false
	im.IndexDynamic = false
	return im
}

func buildIndex(b *Base) (bleve.Index, error) {
	// Scorch with no path keeps its segments in memory.
	idx, err := bleve.NewUsing("", indexMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("creating search index: %w", err)
	}
	batch := idx.NewBatch()
	var indexErr error
	add := func(kind, id string, body, names, people, excerpts []string) {
		doc := map[string]any{
			fieldKind:     kind,
			fieldBody:     strings.Join(body, "\n"),
			fieldNames:    strings.Join(names, "\n"),
			fieldPeople:   people,
			fieldExcerpts: strings.Join(excerpts, "\n"),
		}
		// Only Cyrillic text needs Russian analysis; analysing everything
		// twice would double the cost of indexing.
		var ru []string
		for _, s := range slices.Concat(body, names) {
			if hasCyrillic(s) {
				ru = append(ru, s)
			}
		}
		if len(ru) > 0 {
			doc[fieldRU] = strings.Join(ru, "\n")
		}
		if indexErr == nil {
			indexErr = batch.Index(kind+"/"+id, doc)
		}
	}
	excerpts := func(cs []Citation) []string {
		out := make([]string, len(cs))
		for i, c := range cs {
			out[i] = c.Excerpt
		}
		return out
	}
	for _, e := range b.Events {
		add(KindEvent, e.ID, append([]string{e.Title, e.Summary}, e.Tags...), nil, e.Actors, excerpts(e.Citations))
	}
	for _, q := range b.Quotes {
		body := append([]string{q.Text, q.Context, q.Medium}, q.Via...)
		add(KindQuote, q.ID, body, nil, []string{q.Speaker}, excerpts(q.Citations))
	}
	for _, c := range b.Claims {
		body := append([]string{c.Statement, c.Status}, c.Tags...)
		var actors []string
		var ex []string
		for _, p := range c.Positions {
			actors = append(actors, p.Actor)
			if q := b.quotes[p.Quote]; q != nil {
				body = append(body, q.Text)
			}
			ex = append(ex, excerpts(p.Citations)...)
		}
		add(KindClaim, c.ID, body, nil, actors, ex)
	}
	for _, p := range b.People {
		names := append([]string{p.Name, p.Role, p.Organisation}, p.Aliases...)
		add(KindPerson, p.ID, []string{p.Role, p.Organisation}, names, []string{p.ID}, nil)
	}
	for i, p := range b.passages {
		about, people := b.passageAbout(p)
		doc := map[string]any{fieldKind: KindPassage, fieldBody: p.Text, fieldAbout: about, fieldPeople: people}
		if hasCyrillic(p.Text) {
			doc[fieldRU] = p.Text
		}
		if indexErr == nil {
			indexErr = batch.Index(KindPassage+"/"+strconv.Itoa(i), doc)
		}
	}
	if indexErr != nil {
		return nil, fmt.Errorf("indexing: %w", indexErr)
	}
	// Everything goes in one batch, so the index is one segment and a
	// search visits one. (Building several segments at once was measured
	// no faster on a 100,000-entry base.)
	if err := idx.Batch(batch); err != nil {
		return nil, fmt.Errorf("indexing: %w", err)
	}
	return idx, nil
}

// searchedFields are the fields a word of a question is looked for in.
var searchedFields = []string{fieldBody, fieldNames, fieldExcerpts}

// readVocabulary collects every term of some fields, so that checking
// whether a word is indexed exactly is a map lookup. Only words that are
// not are treated as possible typos, which need the costly fuzzy automata.
func readVocabulary(idx bleve.Index, fields ...string) (map[string]bool, error) {
	vocab, _, err := readCounts(idx, fields...)
	return vocab, err
}

// readCounts is readVocabulary with, for each term, the number of
// documents that hold it in the first field.
func readCounts(idx bleve.Index, fields ...string) (map[string]bool, map[string]int, error) {
	adv, err := idx.Advanced()
	if err != nil {
		return nil, nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, nil, err
	}
	defer r.Close()
	vocab := map[string]bool{}
	counts := map[string]int{}
	for i, field := range fields {
		d, err := r.FieldDict(field)
		if err != nil {
			return nil, nil, err
		}
		for e, err := d.Next(); e != nil && err == nil; e, err = d.Next() {
			vocab[e.Term] = true
			if i == 0 {
				counts[e.Term] = int(e.Count)
			}
		}
		d.Close()
	}
	return vocab, counts, nil
}

// terms analyses text as the index does, for building term-level queries.
func (b *Base) terms(text string) []string {
	a := b.index.Mapping().AnalyzerNamed(en.AnalyzerName)
	var out []string
	seen := map[string]bool{}
	for _, t := range a.Analyze([]byte(text)) {
		s := string(t.Term)
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// fuzziness allows one typo in a word of four letters or more and two in a
// long one; shorter words must match exactly or every "war" finds "was".
func fuzziness(term string) int {
	switch n := len([]rune(term)); {
	case n >= 8:
		return 2
	case n >= 4:
		return 1
	}
	return 0
}

// Search finds events, quotes and claims matching free text (as
// textQuery matches it), best first, at most n; kinds restricts the result
// to some of them (none: all three). People are found by FindPeople: their
// names live on their own entries, which Search does not look at.
func (b *Base) Search(text string, n int, kinds ...string) []Hit {
	text = clip(text)
	should := b.textQuery(text, []field{{fieldBody, 1}, {fieldExcerpts, 0.5}})
	if len(kinds) == 0 {
		kinds = []string{KindEvent, KindQuote, KindClaim}
	}
	var hits []Hit
	for _, h := range b.search(should, n, kinds...) {
		kind, id, _ := strings.Cut(h.ID, "/")
		hits = append(hits, Hit{Kind: kind, ID: id, Score: h.Score})
	}
	return hits
}

// PassageHit is a passage found for a question.
type PassageHit struct {
	Passage
	Score float64
}

// SearchPassages finds the passages (sentences of excerpts, direct quotes)
// that best match a question, best first, at most n. A passage matches by
// its own words, scored highest, and by the words of its entry, so that
// "when did the attack happen" finds the sentence of the attack's event
// that gives its date.
func (b *Base) SearchPassages(text string, n int) []PassageHit {
	text = clip(text)
	should := b.textQuery(text, []field{{fieldBody, 1}, {fieldAbout, 0.4}})
	var hits []PassageHit
	for _, h := range b.search(should, n, KindPassage) {
		_, id, _ := strings.Cut(h.ID, "/")
		i, err := strconv.Atoi(id)
		if err != nil || i < 0 || i >= len(b.passages) {
			continue
		}
		hits = append(hits, PassageHit{Passage: b.passages[i], Score: h.Score})
	}
	return hits
}

// field is an index field a question is matched against, and its weight.
type field struct {
	name  string
	boost float64
}

// textQuery builds the clauses that match free text against fields, the
// first of which is the entry's own words. Exact words score above typos,
// a run of words matching as a phrase scores highest, and a name or alias
// of a person in the query finds what they said and did, and the text that
// calls them by another name ("America" finds "Washington").
func (b *Base) textQuery(text string, fields []field) []query.Query {
	var should []query.Query
	terms := b.terms(text)
	for _, f := range fields {
		q := bleve.NewMatchQuery(text)
		q.SetField(f.name)
		q.Analyzer = en.AnalyzerName
		q.SetBoost(f.boost)
		should = append(should, q)
		if len(terms) > 1 {
			q := bleve.NewMatchPhraseQuery(text)
			q.SetField(f.name)
			q.Analyzer = en.AnalyzerName
			q.SetBoost(4 * f.boost)
			should = append(should, q)
		}
	}
	for _, word := range b.russianWords(text) {
		for _, stem := range word {
			q := bleve.NewTermQuery(stem)
			q.SetField(fieldRU)
			q.SetBoost(1.5)
			should = append(should, q)
		}
	}
	own := fields[0].name
	for _, t := range terms {
		if f := fuzziness(t); f > 0 && !b.vocab[t] {
			q := bleve.NewFuzzyQuery(t)
			q.SetField(own)
			q.SetFuzziness(f)
			q.SetPrefix(1)
			q.SetBoost(0.3)
			should = append(should, q)
		}
	}
	for _, p := range b.mentioned(text) {
		q := bleve.NewTermQuery(p.ID)
		q.SetField(fieldPeople)
		q.SetBoost(1.5)
		should = append(should, q)
		for _, alias := range append([]string{p.Name}, p.Aliases...) {
			if isAcronym(alias) {
				continue // "US" would be analysed to the stop word "us"
			}
			q := bleve.NewMatchPhraseQuery(alias)
			q.SetField(own)
			q.Analyzer = en.AnalyzerName
			q.SetBoost(0.8)
			should = append(should, q)
		}
	}
	return should
}

// search runs the clauses, restricted to documents of some kinds, and
// returns the best n.
func (b *Base) search(should []query.Query, n int, kinds ...string) search.DocumentMatchCollection {
	var ks []query.Query
	for _, k := range kinds {
		t := bleve.NewTermQuery(k)
		t.SetField(fieldKind)
		ks = append(ks, t)
	}
	q := bleve.NewConjunctionQuery(bleve.NewDisjunctionQuery(should...), bleve.NewDisjunctionQuery(ks...))
	res, err := b.index.Search(bleve.NewSearchRequestOptions(q, n, 0, false))
	if err != nil {
		// The index is in memory and the query is built here: an error is
		// a bug, and no hits is the honest answer to it.
		return nil
	}
	return res.Hits
}

// Known reports how many of the query's words (after analysis, stop words
// dropped) the base knows, exactly or with a typo, out of how many. It
// lets an answer say "nothing on this" instead of showing hits that share
// one word with the question. It reads the index's term dictionaries only,
// never its postings, so it costs little even on a large base.
func (b *Base) Known(text string) (known, total int) {
	text = clip(text)
	terms := b.terms(text)
	if len(terms) == 0 {
		return 0, 0
	}
	adv, err := b.index.Advanced()
	if err != nil {
		return 0, len(terms)
	}
	r, err := adv.Reader()
	if err != nil {
		return 0, len(terms)
	}
	defer r.Close()
	for _, t := range terms {
		if b.vocab[t] || b.knownRussian(t) || nearTerm(r, t) {
			known++
		}
	}
	return known, len(terms)
}

// knownRussian reports whether a Cyrillic word is in the base once Russian
// stemming is applied ("Пескова" is "Песков").
func (b *Base) knownRussian(word string) bool {
	words := b.russianWords(word)
	return len(words) > 0 && len(words[0]) > 0
}

// minStem is the shortest Russian stem matched as a prefix of another.
const minStem = 4

// russianWords analyses the Cyrillic words of text as Russian and returns,
// for each, the indexed stems it matches. The Snowball stemmer does not
// always agree with itself across a surname's cases (Песков is "песк",
// Пескова "песков"), so a stem also matches an indexed stem that is its
// prefix, or of which it is a prefix, when the shorter has at least
// minStem letters.
func (b *Base) russianWords(text string) [][]string {
	if !hasCyrillic(text) {
		return nil
	}
	a := b.index.Mapping().AnalyzerNamed(ru.AnalyzerName)
	var out [][]string
	for _, t := range a.Analyze([]byte(text)) {
		stem := string(t.Term)
		if !hasCyrillic(stem) {
			continue
		}
		var matches []string
		for v := range b.ruVocab {
			short, long := v, stem
			if len(short) > len(long) {
				short, long = long, short
			}
			if v == stem || (utf8.RuneCountInString(short) >= minStem && strings.HasPrefix(long, short)) {
				matches = append(matches, v)
			}
		}
		slices.Sort(matches)
		out = append(out, matches)
	}
	return out
}

// nearTerm reports whether a typo of term (within its fuzziness) is in a
// searched field's dictionary.
func nearTerm(r index.IndexReader, term string) bool {
	fz, ok := r.(index.IndexReaderFuzzy)
	f := fuzziness(term)
	if !ok || f == 0 {
		return false
	}
	prefix := string([]rune(term)[:1])
	for _, field := range searchedFields {
		d, err := fz.FieldDictFuzzy(field, term, f, prefix)
		if err != nil {
			continue
		}
		e, err := d.Next()
		d.Close()
		if err == nil && e != nil {
			return true
		}
	}
	return false
}

// IsName reports whether text is exactly a name, alias, role or id of
// someone in the base (up to case, punctuation and a leading article), as
// opposed to a typo or another form of one.
func (b *Base) IsName(text string) bool { return len(b.byName[normName(clip(text))]) > 0 }

// FindPeople returns the people a query designates by name, alias, role or
// organisation, allowing a typo in each word: "Peskow", "Kremlin
// spokesman", "Песков". An exact name or alias wins outright.
func (b *Base) FindPeople(text string) []*Person {
	text = clip(text)
	want := normName(text)
	if want == "" {
		return nil
	}
	if exact := b.byName[want]; len(exact) > 0 {
		return exact
	}
	// Every word of the query must match one of the person's names.
	terms := b.terms(text)
	if len(terms) == 0 {
		return nil
	}
	var must []query.Query
	for _, t := range terms {
		if b.vocab[t] {
			q := bleve.NewTermQuery(t)
			q.SetField(fieldNames)
			must = append(must, q)
			continue
		}
		q := bleve.NewFuzzyQuery(t)
		q.SetField(fieldNames)
		q.SetFuzziness(fuzziness(t))
		q.SetPrefix(1)
		must = append(must, q)
	}
	if words := b.russianWords(text); len(words) > 0 {
		// Every Cyrillic word must match one of the person's names.
		must = nil
		for _, stems := range words {
			var any []query.Query
			for _, stem := range stems {
				q := bleve.NewTermQuery(stem)
				q.SetField(fieldRU)
				any = append(any, q)
			}
			if len(any) == 0 {
				return nil
			}
			must = append(must, bleve.NewDisjunctionQuery(any...))
		}
	}
	kind := bleve.NewTermQuery(KindPerson)
	kind.SetField(fieldKind)
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(append(must, kind)...), 10, 0, false)
	res, err := b.index.Search(req)
	if err != nil || len(res.Hits) == 0 {
		return nil
	}
	var out []*Person
	top := res.Hits[0].Score
	for _, h := range res.Hits {
		// Keep near-ties ("Dmitry" is two people), drop weak tails.
		if h.Score < top*0.75 {
			break
		}
		_, id, _ := strings.Cut(h.ID, "/")
		if p := b.people[id]; p != nil {
			out = append(out, p)
		}
	}
	return out
}

// maxNameWords is the longest name, in words, that query expansion looks
// for in a question.
const maxNameWords = 5

// mentioned returns every person named in text by a name or alias, so that
// a question about "America" also matches "United States" and "Washington".
// It looks up every run of up to maxNameWords words of the question.
func (b *Base) mentioned(text string) []*Person {
	folded := strings.Fields(normName(text))
	raw := strings.FieldsFunc(text, isSep)
	var found []*Person
	look := func(words []string) {
		for n := 1; n <= maxNameWords; n++ {
			for i := 0; i+n <= len(words); i++ {
				for _, p := range b.byMention[strings.Join(words[i:i+n], " ")] {
					if !slices.Contains(found, p) {
						found = append(found, p)
					}
				}
			}
		}
	}
	look(folded)
	look(raw)
	// A Cyrillic name in any of its cases: "Пескова" names Песков.
	for _, stems := range b.russianWords(text) {
		for _, stem := range stems {
			for _, p := range b.byRussianStem[stem] {
				if !slices.Contains(found, p) {
					found = append(found, p)
				}
			}
		}
	}
	return found
}

// mentionKey is how a name is looked up when it is mentioned in a question:
// folded, or word by word in capitals for an acronym.
func mentionKey(name string) string {
	if isAcronym(name) {
		return strings.Join(strings.FieldsFunc(name, isSep), " ")
	}
	return normName(name)
}

func isAcronym(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters > 0 && letters <= 4
}

func isSep(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

var theRE = regexp.MustCompile(`^(the|a|an) `)

// normName folds a name for exact comparison: case, punctuation, a leading
// article and a possessive go ("the Kremlin's" = "kremlin").
func normName(s string) string {
	s = strings.ToLower(Fold(s))
	s = strings.ReplaceAll(s, "'s ", " ")
	s = strings.TrimSuffix(s, "'s")
	s = strings.Join(strings.FieldsFunc(s, isSep), " ")
	return theRE.ReplaceAllString(s, "")
}

func hasCyrillic(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Cyrillic, r) {
			return true
		}
	}
	return false
}

func clip(s string) string {
	if r := []rune(s); len(r) > maxQueryRunes {
		return string(r[:maxQueryRunes])
	}
	return s
}

// Close releases the search index and its goroutines. Afterwards the
// base's entries can still be read, but Search, Known and FindPeople find
// nothing; the engine closes a base once no request uses it.
func (b *Base) Close() error {
	if err := b.index.Close(); err != nil {
		return fmt.Errorf("closing the search index: %w", err)
	}
	return nil
}
