package rank

import (
	"slices"

	"github.com/incidentbot/incidentbot/knowledge"
)

// RankQuotes is the quotes of Rank, in its order: the relevant passages
// of quotes. A passage is relevant only if it covers at least
// weights.minCoverage of the question (rankHits's Coverage), and when no
// quote's passage the search found does, the others are not ranked:
// /check shows quotes only, and most messages match none.
func (r Ranker) RankQuotes(qu Question) []Hit {
	hits := r.b.SearchPassages(qu.search, candidates)
	if !slices.ContainsFunc(hits, func(h knowledge.PassageHit) bool {
		return h.Kind == knowledge.KindQuote && r.coverage(qu, r.passage(h.Passage)) >= weights.minCoverage
	}) {
		return nil
	}
	return slices.DeleteFunc(relevant(r.rankHits(qu, hits)), func(h Hit) bool { return h.Kind != knowledge.KindQuote })
}

// coverage is a passage's Coverage as rankHits works it out: what its own
// words cover, or the mean of that and what its entry's words cover, if
// more.
func (r Ranker) coverage(qu Question, pf *passageFacts) float64 {
	own, ab := r.coversText(qu, pf.own, pf.people, pf.antecedents...), r.coversText(qu, pf.about, pf.people)
	return max(own, (own+ab)/2)
}
