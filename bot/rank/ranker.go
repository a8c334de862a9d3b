package rank

import "github.com/incidentbot/incidentbot/knowledge"

// Ranker ranks one base's passages. What it works out of the base is kept
// with the base (knowledge.Memo), so a Ranker costs nothing to make.
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

// weights are the ranking's weights, in one place. A passage's score is
// what it covers of the question, its own words counting in full and its
// entry's words by about, raised by up to search for the search's own
// score; each other weight multiplies it when what its comment says holds
// (the stages of rankHits, rank.go).
var weights = struct {
	// minCoverage and minScore are the relevance floor: a passage must
	// cover this share of what the question is about and score this share
	// of the best.
	minCoverage, minScore float64
	// related is how much a word the thesaurus relates to a word of the
	// question covers it ("killed" for "died"), where the word itself
	// covers it wholly.
	related float64
	// about is what the entry's words count for beside the passage's own;
	// search how much the search's score adds at most (it breaks
	// near-ties).
	about, search float64
	// eventWhen: an event for "when" or "what happened"; eventFact: an
	// event for a plain factual question, before anyone's view of it.
	eventWhen, eventFact float64
	// quoteWho: a quote for "who", "who said", or a direct quote for
	// "what did X say"; quoteExact: a quote's own words rather than the
	// excerpt around them, unless they are words cut from inside a
	// sentence (quoteFragment); claimWho: a claim position for "who".
	quoteWho, quoteExact, quoteFragment, claimWho float64
	// onTheDay: what happened on the day a question names, or a passage
	// that names the day (each); sequence: for what came after (or
	// before) something, a passage that says so ("later"), and one that
	// says "during" by as much less.
	onTheDay, sequence float64
	// place: a place for "where in ..." (and again for the place named);
	// medium: a channel for "where was it said".
	place, medium float64
	// mediumVerb: for "where was it said", a passage that only says how
	// ("wrote", "told reporters").
	mediumVerb float64
	// answerWords: an attribution for "who", a manner for "how", a reason
	// for "why".
	answerWords float64
	// attributionAsked: an attribution in the question's own words ("who
	// was behind it": "carried out"); superseded: a view held at first
	// ("initially blamed"), unless the question asks what was held first.
	attributionAsked, superseded float64
	// linkAsked and linkUnasked: a passage with a link, when one is or is
	// not asked for; questionSentence: a passage that asks a question.
	linkAsked, linkUnasked, questionSentence float64
	// counted: a count of what "how many" counts; countReported: such a
	// count someone only claims; number: any number; noNumber: none;
	// cumulative: a running total ("since 2022") rather than the
	// incident's own figure.
	counted, countReported, number, noNumber, cumulative float64
	// ownCount: for "how many" of the incident, a number its summary
	// gives (its own figure, not one of its parts or of what came before).
	ownCount float64
	// speaker: the words of the person "what did X say" asks about;
	// speakerNamed: a sentence that also names them.
	speaker, speakerNamed float64
	// claimStated: a position on the claim the question states; verdict:
	// for a yes-or-no question, the position its status rests on;
	// denial: for one, a passage that denies what it asks.
	claimStated, verdict, denial float64
	// sharedWord: each word past the first of a run the question repeats
	// (up to six); whoSaidNamed: for "who said", the sentence that names
	// the speaker; citedBy: each entry past the first citing the sentence
	// (up to five).
	sharedWord, whoSaidNamed, citedBy float64
	// whichEcho: for "which X", a sentence that says "which X".
	whichEcho float64
	// namedOutOfOrder: a passage that names the people the question
	// names in another order (who did what to whom).
	namedOutOfOrder float64
	// mayCome: for what will or may come, a passage with a modal ("could
	// make it difficult").
	mayCome float64
	// backgroundAsked: background for "what other ..."; backgroundIncident
	// and backgroundElse: background for a question about the incident,
	// or about nothing named.
	backgroundAsked, backgroundIncident, backgroundElse float64
}{
	minCoverage: 0.5, minScore: 0.3,
	related: 0.5,
	about:   1.0 / 3, search: 0.2,
	eventWhen: 1.3, eventFact: 1.1,
	quoteWho: 1.2, quoteExact: 1.05, quoteFragment: 0.9, claimWho: 1.1,
	onTheDay: 1.3, sequence: 1.2,
	place: 1.3, medium: 1.6, mediumVerb: 1.25,
	answerWords:      1.3,
	attributionAsked: 1.1, superseded: 0.5,
	linkAsked: 1.5, linkUnasked: 0.6, questionSentence: 0.85,
	counted: 2.5, countReported: 0.9, number: 1.8, noNumber: 0.6, cumulative: 0.6, ownCount: 1.3,
	speaker: 1.5, speakerNamed: 1.1,
	claimStated: 1.2, verdict: 1.3, denial: 1.3,
	sharedWord: 0.15, whoSaidNamed: 1.3, citedBy: 0.04, whichEcho: 1.15,
	mayCome: 1.5, namedOutOfOrder: 0.9,
	backgroundAsked: 1.4, backgroundIncident: 0.4, backgroundElse: 0.7,
}
