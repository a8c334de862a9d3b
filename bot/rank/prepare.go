package rank

import "sync"

// Prepare works out at once what ranking keeps of the whole base (the
// facts of its entries, its vocabulary, the terms of everyone's names
// and roles, the analysed word lists of questions' forms), which the
// first question would otherwise wait for: on a base of 100,000 entries,
// seconds. Call it when a base is loaded, before it answers.
func (r Ranker) Prepare() {
	r.facts() // first, alone: the others keep what they make in it
	var wg sync.WaitGroup
	for _, work := range []func(){
		func() { r.vocabulary() },
		func() { r.whoTermsOf() }, // the terms of everyone's names too
		r.loadGeneric,
	} {
		wg.Go(work)
	}
	wg.Wait()
}
