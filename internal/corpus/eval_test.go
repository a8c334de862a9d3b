package corpus

import (
	"context"
	"testing"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/knowledge"
)

// TestHeldOutSets runs every held-out set as `incidentbot kb eval` does
// (bot.ReadEvalCases, bot.Evaluate) and logs each report: how /ask does on
// incidents nobody tuned it for. Each question file must read; the
// figures are measured here (go test -v -run HeldOutSets), not yet held
// to the bar of 90 % of the answerable questions led right and
// every question that must be refused refused.
func TestHeldOutSets(t *testing.T) {
	for _, s := range Sets(t) {
		cases, err := bot.ReadEvalCases(s.Questions)
		if err != nil {
			t.Errorf("set %s: %v", s.Name, err)
			continue
		}
		base, err := knowledge.LoadFile(s.Base)
		if err != nil {
			t.Errorf("set %s: %v", s.Name, err)
			continue
		}
		r, err := bot.Evaluate(context.Background(), bot.New(base, nil), cases)
		if err != nil {
			t.Fatal(err)
		}
		right, answerable := r.Answerable()
		t.Logf("%s: %d of %d answerable led right (%.0f %%), %d guessed\n%s", s.Name, right, answerable, 100*r.AnswerableShare(), r.Count(bot.Guessed), r)
	}
}
