package rank

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/incidentbot/incidentbot/knowledge"
)

// holdingByHolds is every word of the claims' words that holds t, by
// comparing t with each: the definition holding is held to.
func holdingByHolds(cw *claimWords, t string) []string {
	var out []string
	for _, w := range cw.sorted {
		if holds(w, t, notName) > 0 {
			out = append(out, w)
		}
	}
	return out
}

func holdingOf(cw *claimWords, t string) []string {
	var out []string
	cw.holding(t, func(w string) { out = append(out, w) })
	slices.Sort(out)
	return slices.Compact(out)
}

// FuzzClaimHolding holds claimWords.holding, which compares a term only
// with the words it can match, to comparing it with every word (holds):
// on words of any bytes, one letter apart at either end, prefixes of each
// other, of letters of two and four bytes, not valid UTF-8.
func FuzzClaimHolding(f *testing.F) {
	f.Add("retaliatory retaliation retali strikes strike drones", "retaliat")
	f.Add("ministers minister inister ministry", "minister")
	f.Add("a€bcd a😀bcd x€bcd abcd abcde", "a😀bcd")
	f.Add("жжжжш жжжж abcde\xff \xffabcde", "жжжжж")
	f.Add("жжж жжжш жж", "жжжш")
	f.Add("peskov peskow pesko epskov peskovv", "peskov")
	f.Fuzz(func(t *testing.T, words, term string) {
		var texts [][]string
		for _, w := range strings.Fields(words) {
			texts = append(texts, []string{w, w + "s", w[:len(w)/2+1]})
		}
		cw := claimWordsOf(texts)
		if got, want := holdingOf(cw, term), holdingByHolds(cw, term); !slices.Equal(got, want) {
			t.Fatalf("words %q, term %q: holding %q; holds %q", words, term, got, want)
		}
	})
}

// mayCoverHolds reports, for a message, whether MayCover's claims hold
// every claim of the base that covers half of it or more (scoring every
// claim, as /check did before it had them), and whether it told.
func mayCoverHolds(t testing.TB, r Ranker, message string) (told bool) {
	r.waitClaimWords()
	qu := r.Statement(message)
	may, ok := r.MayCover(qu, 0.5)
	if !ok {
		return false
	}
	for i := range r.b.Claims {
		c := &r.b.Claims[i]
		if r.CoversClaim(qu, c) >= 0.5 && !slices.Contains(may, c) {
			t.Errorf("message %q: claim %s covers it, and MayCover leaves it out", message, c.ID)
		}
	}
	return true
}

// TestMayCoverHoldsEveryClaim: for every text of the default base taken
// as a message, and the same with a letter left out of its words or a
// letter added, MayCover holds every claim that covers half of it.
func TestMayCoverHoldsEveryClaim(t *testing.T) {
	b := defaultBase(t)
	r := For(b)
	messages := baseTexts(b)
	told := 0
	for _, m := range messages {
		words := strings.Fields(m)
		cut, added := slices.Clone(words), slices.Clone(words)
		for i, w := range words {
			if i%2 == 0 && len(w) > 5 {
				cut[i] = w[:len(w)-2] + w[len(w)-1:]
				added[i] = w + "s"
			}
		}
		for _, m := range []string{m, strings.Join(cut, " "), strings.Join(added, " ")} {
			if mayCoverHolds(t, r, m) {
				told++
			}
		}
	}
	if told < len(messages) {
		t.Errorf("MayCover told for %d messages of %d", told, 3*len(messages))
	}
	t.Logf("MayCover told for %d messages of %d", told, 3*len(messages))
}

// FuzzMayCover holds MayCover to scoring every claim of the default
// base, for messages of any words.
func FuzzMayCover(f *testing.F) {
	b := defaultBase(f)
	for _, c := range b.Claims[:min(5, len(b.Claims))] {
		f.Add(c.Statement)
	}
	f.Add("drone attack on the Kremlin")
	f.Add("")
	r := For(b)
	f.Fuzz(func(t *testing.T, message string) {
		mayCoverHolds(t, r, message)
	})
}

// rankQuotesAsRank reports whether RankQuotes of a message is the quotes
// of Rank, hit for hit, each message analysed afresh for each.
func rankQuotesAsRank(t testing.TB, r Ranker, message string) (quotes int) {
	want := slices.DeleteFunc(r.Rank(r.Statement(message)), func(h Hit) bool { return h.Kind != knowledge.KindQuote })
	if got := r.RankQuotes(r.Statement(message)); !reflect.DeepEqual(got, want) && len(got)+len(want) > 0 {
		t.Errorf("message %q: RankQuotes %+v; the quotes of Rank %+v", message, got, want)
	}
	return len(want)
}

// TestRankQuotesAsRank: for every text of the default base taken as a
// message, RankQuotes is the quotes of Rank.
func TestRankQuotesAsRank(t *testing.T) {
	b := defaultBase(t)
	r := For(b)
	quoted, messages := 0, 0
	for _, m := range baseTexts(b) {
		messages++
		if rankQuotesAsRank(t, r, m) > 0 {
			quoted++
		}
	}
	t.Logf("%d messages of %d matched quotes", quoted, messages)
}

// FuzzRankQuotes holds RankQuotes to the quotes of Rank, for messages of
// any words.
func FuzzRankQuotes(f *testing.F) {
	b := defaultBase(f)
	for _, m := range baseTexts(b)[:10] {
		f.Add(m)
	}
	f.Add("")
	r := For(b)
	f.Fuzz(func(t *testing.T, message string) {
		rankQuotesAsRank(t, r, message)
	})
}

// baseTexts are the texts of a base's quotes, events and claims.
func baseTexts(b *knowledge.Base) []string {
	var texts []string
	for _, q := range b.Quotes {
		texts = append(texts, q.Text)
	}
	for _, e := range b.Events {
		texts = append(texts, e.Title+" "+e.Summary)
	}
	for _, c := range b.Claims {
		texts = append(texts, c.Statement, strings.Join(c.Tags, " "))
	}
	return texts
}
