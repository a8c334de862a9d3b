package bot

import (
	"context"
	"strings"
	"time"

	"github.com/incidentbot/incidentbot/bot/gaps"
	"github.com/incidentbot/incidentbot/bot/vote"
)

// Vote returns the state of a Helpful (helpful set) or Not helpful
// button under a, and whether a takes votes at all: an /ask answer that
// leads with an entry of the base, shown to be read (not usage text or a
// refusal).
func (a Answer) Vote(helpful bool) (vote.Vote, bool) {
	if a.Command != "ask" || a.Lead == nil || a.Lead.Ref == "" || a.Help || a.Private || a.NotFound {
		return vote.Vote{}, false
	}
	return vote.Vote{Helpful: helpful, Query: a.Query, Lead: a.Lead.Ref}, true
}

// vote counts a Helpful or Not helpful click and thanks the reader,
// privately. A state that is not one the bot made, or whose lead is not
// in the base (forged, or edited away by a reload), is refused, saying
// that nothing was recorded.
func (e *Engine) vote(ctx context.Context, r answerer, req Request) (Answer, string) {
	private := func(title, intro string) Answer {
		return Answer{Command: "feedback", Title: title, Intro: intro, Private: true, Page: 1, Pages: 1, First: 1, Locale: r.loc}
	}
	v, err := vote.Parse(req.Vote)
	if err != nil {
		return private(r.t("That button does not work"), r.t("It is not one of incidentbot’s buttons, or it was changed; nothing was recorded.")), "refused"
	}
	if !r.has(v.Lead) {
		return private(r.t("Not recorded"), r.t("The answer under that button led with an entry that is not in the knowledge base any more; nothing was recorded. Ask again to see what it holds now.")), "refused"
	}
	kind := gaps.Unhelpful
	if v.Helpful {
		kind = gaps.Helpful
	}
	if e.metrics != nil {
		e.metrics.Feedback(kind).Inc()
	}
	e.record(ctx, gaps.Gap{Time: time.Now().UTC(), Incident: e.labelOf(r.incident), Command: "ask", Platform: req.Platform, Query: v.Query, Kind: kind, Lead: v.Lead})
	return private(r.t("Thanks — noted."), ""), "answered"
}

// has reports whether ref names an entry of the base that can lead an
// answer.
func (r answerer) has(ref string) bool {
	kind, id, _ := strings.Cut(ref, "/")
	switch kind {
	case KindEvent:
		return r.b.Event(id) != nil
	case KindQuote:
		return r.b.Quote(id) != nil
	case KindClaim:
		return r.b.Claim(id) != nil
	}
	return false
}
