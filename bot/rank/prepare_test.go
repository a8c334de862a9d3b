package rank

import "testing"

// Prepare leaves nothing of the base for a first question to work out:
// its vocabulary and its names' terms are there, the same as a question
// would have made them.
func TestPrepare(t *testing.T) {
	def, starter := twoBases(t)
	for _, b := range []*Ranker{{b: def}, {b: starter}} {
		b.Prepare()
		f := b.facts()
		if f.vocabulary == nil || len(f.vocabulary.forms) == 0 {
			t.Errorf("%s: no vocabulary after Prepare", b.b.Name)
		}
		if f.nameTerms == nil {
			t.Errorf("%s: no name terms after Prepare", b.b.Name)
		}
		if cw := b.waitClaimWords(); len(cw.claims) == 0 && len(b.b.Claims) > 0 {
			t.Errorf("%s: no claims' words after Prepare", b.b.Name)
		}
		if b.vocabulary() != f.vocabulary {
			t.Errorf("%s: a question works out the vocabulary again after Prepare", b.b.Name)
		}
	}
	if genericTerms == nil {
		t.Error("the question word lists are not analysed after Prepare")
	}
}
