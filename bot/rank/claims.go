package rank

import (
	"cmp"
	"hash/maphash"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/incidentbot/incidentbot/knowledge"
)

// Which claims may cover a message, without a search: /check keeps the
// claims whose words cover at least half of a message (CoversClaim), and
// most messages are covered by none. What a claim's words hold of a
// question's unit is held word by word (holds), so the claims holding a
// unit are found from the words of every claim, kept per base.

// claimText is what CoversClaim reads of a claim: its statement and its
// tags (who takes a position on it is no part of what it claims).
func claimText(c *knowledge.Claim) string {
	return c.Statement + "\n" + strings.Join(c.Tags, " ")
}

// CoversClaim is Covers of a claim's statement and tags.
func (r Ranker) CoversClaim(qu Question, c *knowledge.Claim) float64 {
	return r.Covers(qu, claimText(c))
}

// claimWords are the terms of every claim's text (claimText, as Covers
// reads it: knowledge.Base.Terms), each with the claims that hold it, and
// the terms by what holds needs of a word to match one of a question.
type claimWords struct {
	// claims are, by term, the claims whose text holds it, in file order.
	claims map[string][]int32
	// sorted are the terms in order, for those that start with a term.
	sorted []string
	// named are, by person, the claims whose text names them
	// (knowledge.Base.Mentioned, as coversPerson reads it).
	named map[*knowledge.Person][]int32
	// deletions are the terms of five bytes or more, valid UTF-8, by
	// the hash of each of them with one letter left out, and of each as
	// it is: two words within one letter of each other are the same with
	// a letter left out of one or of both (at the same place). odd are
	// those of five bytes or more that are not valid UTF-8, where
	// withinOneEdit reads any invalid byte as the same letter.
	deletions map[uint64][]int32
	odd       []string
	seed      maphash.Seed
}

// claimWordsKey keeps a base's claimWordsBuild in its memo.
type claimWordsKey struct{}

// claimWordsBuild is the claims' words of a base, worked out once, apart
// from the requests: on a base of 100,000 entries they take half a
// second of CPU and make some 150 MB of garbage, which at load, beside
// Prepare's other work, raised the start's peak by 60 MB. Until they are
// there, MayCover does not tell, and /check searches as before.
type claimWordsBuild struct {
	once sync.Once
	done chan struct{}
	cw   *claimWords
}

// startClaimWords starts working out the base's claims' words, once.
func (r Ranker) startClaimWords() *claimWordsBuild {
	bd := knowledge.Memo(r.b, claimWordsKey{}, func() *claimWordsBuild { return &claimWordsBuild{done: make(chan struct{})} })
	bd.once.Do(func() {
		go func() {
			bd.cw = r.newClaimWords()
			close(bd.done)
		}()
	})
	return bd
}

// claimWords are the base's claims' words, once they are worked out.
func (r Ranker) claimWords() (*claimWords, bool) {
	bd := r.startClaimWords()
	select {
	case <-bd.done:
		return bd.cw, true
	default:
		return nil, false
	}
}

// waitClaimWords are the base's claims' words, when they are worked out.
func (r Ranker) waitClaimWords() *claimWords {
	bd := r.startClaimWords()
	<-bd.done
	return bd.cw
}

func (r Ranker) newClaimWords() *claimWords {
	terms := make([][]string, len(r.b.Claims))
	named := map[*knowledge.Person][]int32{}
	for i := range r.b.Claims {
		text := claimText(&r.b.Claims[i])
		terms[i] = r.b.Terms(text)
		for _, p := range r.b.Mentioned(text) {
			named[p] = append(named[p], int32(i))
		}
	}
	cw := claimWordsOf(terms)
	cw.named = named
	return cw
}

// claimWordsOf are the claimWords of claims whose texts have these terms,
// each once a text.
func claimWordsOf(terms [][]string) *claimWords {
	cw := &claimWords{claims: map[string][]int32{}, deletions: map[uint64][]int32{}, seed: maphash.MakeSeed()}
	for i, ts := range terms {
		for _, t := range ts {
			cw.claims[t] = append(cw.claims[t], int32(i))
		}
	}
	for t := range cw.claims {
		cw.sorted = append(cw.sorted, t)
	}
	slices.Sort(cw.sorted)
	for i, t := range cw.sorted {
		switch {
		case len(t) < 5:
		case !utf8.ValidString(t):
			cw.odd = append(cw.odd, t)
		default:
			cw.deleted(t, func(h uint64) { cw.deletions[h] = append(cw.deletions[h], int32(i)) })
		}
	}
	return cw
}

// deleted calls f with the hash of w and of w with each of its letters
// left out.
func (cw *claimWords) deleted(w string, f func(uint64)) {
	f(maphash.String(cw.seed, w))
	for i := 0; i < len(w); {
		_, n := utf8.DecodeRuneInString(w[i:])
		var h maphash.Hash
		h.SetSeed(cw.seed)
		h.WriteString(w[:i])
		h.WriteString(w[i+n:])
		f(h.Sum64())
		i += n
	}
}

// holding calls add with every term of the claims' words that holds
// term t (holds(w, t) > 0), some more than once: t itself; for a t of
// five bytes or more, the words of five bytes or more that start it or
// that it starts, and those within one letter of it, which share a
// deletion with it (claimWords.deletions), or are odd, compared with it
// each.
func (cw *claimWords) holding(t string, add func(w string)) {
	if _, ok := cw.claims[t]; ok {
		add(t)
	}
	if len(t) < 5 {
		return
	}
	for i, _ := slices.BinarySearch(cw.sorted, t); i < len(cw.sorted) && strings.HasPrefix(cw.sorted[i], t); i++ {
		add(cw.sorted[i])
	}
	for n := 5; n < len(t); n++ {
		if _, ok := cw.claims[t[:n]]; ok {
			add(t[:n])
		}
	}
	oneEdit := func(w string) {
		if holds(w, t, notName) > 0 {
			add(w)
		}
	}
	if !utf8.ValidString(t) {
		for _, w := range cw.sorted {
			oneEdit(w)
		}
		return
	}
	cw.deleted(t, func(h uint64) {
		for _, i := range cw.deletions[h] {
			oneEdit(cw.sorted[i])
		}
	})
	for _, w := range cw.odd {
		oneEdit(w)
	}
}

// notName is isName of no word: whether a word is a name changes how
// surely it holds a term, not whether it does.
func notName(string) bool { return false }

// claimWordsRead bounds the claims read for a question: past it, a
// search costs less.
const claimWordsRead = 20_000

// MayCover are the claims that may cover at least share of what a
// question is about (CoversClaim), in file order: every claim that does,
// and some that do not. ok is false when that cannot be told from the
// claims' words at little cost, or they are not worked out yet
// (claimWordsBuild), and claims is then nil.
//
// What a claim covers of a unit that is not a person, it covers through
// one of its words that holds one of the unit's terms (holds), wholly at
// most, or by as much as a related term does if it holds only those; a
// person, only if it names them. So each unit, heaviest first, adds what
// it may to the claims that hold it, and those whose sum and the weight
// of the units left (a group of people, or past what is read) may reach
// share are kept.
func (r Ranker) MayCover(qu Question, share float64) (claims []*knowledge.Claim, ok bool) {
	var total float64
	order := make([]int, len(qu.units))
	for i, u := range qu.units {
		total += u.weight
		order[i] = i
	}
	if len(qu.units) == 0 || total == 0 {
		return nil, false
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(qu.units[b].weight, qu.units[a].weight) })
	cw, ready := r.claimWords()
	if !ready {
		return nil, false
	}
	sc := claimScratchPool.Get().(*claimScratch)
	defer sc.free()
	sc.size(len(r.b.Claims))
	// Covers divides what is covered by total: the margin keeps a claim
	// whose bound rounds a little below share.
	least := share * total * (1 - 1e-9)
	// unread[k] is what the units from the k-th on weigh.
	unread := make([]float64, len(order)+1)
	for k := len(order) - 1; k >= 0; k-- {
		unread[k] = unread[k+1] + qu.units[order[k]].weight
	}
	rest, read, best := 0.0, 0, 0.0
	for k, i := range order {
		u := qu.units[i]
		var lists, related [][]int32
		switch p := r.b.Person(u.person); {
		case u.person != "" && (p == nil || r.facts().members[u.person] != nil):
			// A group is covered by a claim that names each member.
			rest += u.weight
			continue
		case u.person != "":
			lists = [][]int32{cw.named[p]}
		default:
			lists, related = cw.holdingAny(u.alts), cw.holdingAny(u.near)
		}
		n := 0
		for _, l := range slices.Concat(lists, related) {
			n += len(l)
		}
		if read += n; read > claimWordsRead {
			rest += u.weight
			continue
		}
		best = max(best, sc.add(lists, int32(i+1), u.weight), sc.add(related, int32(i+1), u.weight*weights.related))
		if best+rest+unread[k+1] < least {
			// No claim may reach share, whatever the units left add:
			// the lightest, whose words the claims hold most often, are
			// not read.
			return nil, true
		}
	}
	if rest >= least {
		return nil, false
	}
	var at []int32
	for _, c := range sc.touched {
		if sc.bound[c]+rest >= least {
			at = append(at, c)
		}
	}
	slices.Sort(at)
	claims = make([]*knowledge.Claim, len(at))
	for j, c := range at {
		claims[j] = &r.b.Claims[c]
	}
	return claims, true
}

// holdingAny are the lists of claims that hold any of terms, through
// each word that does.
func (cw *claimWords) holdingAny(terms []string) [][]int32 {
	var lists [][]int32
	var seen []string
	for _, t := range terms {
		cw.holding(t, func(w string) {
			if !slices.Contains(seen, w) {
				seen = append(seen, w)
				lists = append(lists, cw.claims[w])
			}
		})
	}
	return lists
}

// claimScratch adds up, by claim, the most a claim may cover of a
// question's units: unit marks the unit last added to each.
type claimScratch struct {
	bound   []float64
	unit    []int32
	touched []int32
}

var claimScratchPool = sync.Pool{New: func() any { return new(claimScratch) }}

func (sc *claimScratch) size(n int) {
	if len(sc.bound) < n {
		sc.bound, sc.unit = make([]float64, n), make([]int32, n)
	}
}

// add adds w to each claim of the lists not yet added unit's, and
// returns the most any claim it added to may cover.
func (sc *claimScratch) add(lists [][]int32, unit int32, w float64) float64 {
	best := 0.0
	for _, l := range lists {
		for _, c := range l {
			if sc.unit[c] == unit {
				continue
			}
			if sc.unit[c] == 0 {
				sc.touched = append(sc.touched, c)
			}
			sc.unit[c] = unit
			sc.bound[c] += w
			best = max(best, sc.bound[c])
		}
	}
	return best
}

func (sc *claimScratch) free() {
	for _, c := range sc.touched {
		sc.bound[c], sc.unit[c] = 0, 0
	}
	sc.touched = sc.touched[:0]
	claimScratchPool.Put(sc)
}
