package rank

import "github.com/incidentbot/incidentbot/knowledge"

// Ranker ranks one base's passages. What it works out of the base is kept
// with the base (knowledge.Base.Memo), so a Ranker costs nothing to make.
type Ranker struct{ b *knowledge.Base }

// For is the ranker of a base.
func For(b *knowledge.Base) Ranker { return Ranker{b: b} }

// Hit is a passage ranked for a question: its score, the share of what
// the question is about that it covers, and its sentence as words
// (Sentence), the same for every entry that cites the same words.
type Hit struct {
	knowledge.PassageHit
	Score, Coverage float64
	Sentence        string
}

// weights are the ranking's weights, in one place: each multiplies a
// passage's score when what its comment says holds (rank.go).
var weights = struct {
	// minCoverage and minScore are the relevance floor: a passage must
	// cover this share of what the question is about and score this share
	// of the best.
	minCoverage, minScore float64
	// related is how much a word the thesaurus relates to a word of the
	// question covers it ("killed" for "died"), where the word itself
	// covers it wholly.
	related float64
}{
	minCoverage: 0.5, minScore: 0.3,
	related: 0.5,
}
