package bot_test

// The project's ranking evaluations: /ask on the question sets of the
// default base, measured by bot/eval as `incidentbot kb eval` measures an
// admin's.

import (
	"context"
	"testing"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/eval"
	"github.com/incidentbot/incidentbot/knowledge"
)

func defaultEngine(t testing.TB) *bot.Engine {
	t.Helper()
	b, err := knowledge.Default()
	if err != nil {
		t.Fatalf("knowledge.Default() = %v", err)
	}
	return bot.New(nil, b, bot.Config{})
}

// minTop1 is the share of the evaluation set, of all its questions, that
// must go right (lead right, or refused as it must be).
const minTop1 = 0.95

// TestAskTop1 asks every question of testdata/ask-eval.json (questions as
// community members and newsroom staff put them) and checks that the
// answer leads with a sentence that answers it, or says the base has
// nothing on it. It reports the top-1 accuracy and fails below minTop1.
// The ranking was tuned on this set.
func TestAskTop1(t *testing.T) {
	if top1 := evaluate(t, "testdata/ask-eval.json").RightShare(); top1 < minTop1 {
		t.Errorf("top-1 accuracy %.1f %% is below %.0f %%", 100*top1, 100*minTop1)
	}
}

// minHeldOut is the floor for the held-out set: 3 points under the 93.5 %
// the ranking reached on it (from 69.4 %). Mechanisms were checked on it
// while they were built, so it is no longer quite held out.
const minHeldOut = 0.90

// TestAskHeldOut runs testdata/ask-heldout.json, questions written apart
// from the ranking and never tuned on: how /ask does on questions nobody
// tuned it for.
func TestAskHeldOut(t *testing.T) {
	r := evaluate(t, "testdata/ask-heldout.json")
	if top1 := r.RightShare(); top1 < minHeldOut {
		t.Errorf("top-1 accuracy %.1f %% is below %.0f %%", 100*top1, 100*minHeldOut)
	}
	// A question the base cannot answer is refused, as the ranking has
	// done on this set since it was written.
	if n := r.Count(eval.Guessed); n > 0 {
		t.Errorf("%d questions the base must refuse answered", n)
	}
}

// evaluate runs a question file through eval.Run on the default base, as
// `incidentbot kb eval` does, logs its report and returns it.
func evaluate(t *testing.T, file string) eval.Report {
	t.Helper()
	cases, err := eval.Read(file)
	if err != nil {
		t.Fatal(err)
	}
	r, err := eval.Run(context.Background(), defaultEngine(t), cases)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s:\n%s", file, r)
	return r
}

// minTranslated is the floor for testdata/ask-eval-ru.json, a little under
// what the glossary reached when it was written.
const minTranslated = 0.9

// TestAskTranslated asks every Russian and Ukrainian question of
// testdata/ask-eval-ru.json, each with the phrases its English
// counterpart in testdata/ask-eval.json must lead with, and fails when
// fewer than minTranslated of them lead right.
func TestAskTranslated(t *testing.T) {
	cases, err := eval.Read("testdata/ask-eval-ru.json")
	if err != nil {
		t.Fatal(err)
	}
	r, err := eval.Run(context.Background(), defaultEngine(t), cases)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("testdata/ask-eval-ru.json:\n%s", r)
	for _, lang := range []string{"ru", "uk"} {
		right, n := 0, 0
		for _, res := range r.Results {
			if res.Case.Lang == lang {
				n++
				if res.Outcome == eval.LedRight || res.Outcome == eval.RefusedRight {
					right++
				}
			}
		}
		t.Logf("%s: %d of %d right", lang, right, n)
	}
	if share := r.RightShare(); share < minTranslated {
		t.Errorf("%.1f %% of the Russian and Ukrainian questions lead right; want at least %.0f %%", 100*share, 100*minTranslated)
	}
}
