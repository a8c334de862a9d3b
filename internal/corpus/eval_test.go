package corpus

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/eval"
	"github.com/incidentbot/incidentbot/knowledge"
)

// floors are what /ask reached on each held-out set when it was written
// (docs/answers.md, "Other incidents"), raised as the ranking improved
// (the four sets here were tuned on since: docs/ranking.md, "Measuring"):
// answerable questions led right, and must-refuse questions answered
// anyway. The bar is 90 % and none; these keep a change from
// making a new incident worse unnoticed.
var floors = map[string]struct{ right, guessed int }{
	// Tuning sets since issue 19's second round: their misses were read
	// while the ranking was changed.
	"kyiv-strike-2024":    {19, 0},
	"assange-sweden-2019": {18, 0},
	"factcheckuk-2019":    {18, 0},
	"settlements-2019":    {18, 0},
	// Written blind (issue 19, part 5), by sessions that had not read the
	// ranking code, before any answer was seen. These four were held out
	// through the second ranking round and tuned on in the third.
	"al-tanf-rukban-2019":       {19, 0},
	"taliban-hostage-swap-2019": {19, 0},
	"omar-threat-plea-2019":     {20, 0},
	"gmail-china-block-2014":    {18, 0},
	// Held out: nobody changing the ranking has looked at it.
	"android-filecoder-2019": {18, 2},
	// Held out: new questions on four of the incidents above, written
	// blind (issue 19, fourth round) before any answer was seen; nobody
	// changing the ranking has looked at them.
	"kyiv-strike-2024-blind2":          {16, 0},
	"taliban-hostage-swap-2019-blind2": {12, 0},
	"omar-threat-plea-2019-blind2":     {13, 1},
	"gmail-china-block-2014-blind2":    {15, 1},
	// Held out: new questions on the four other incidents, written blind
	// (issue 19, ninth round) by a session that read only the articles
	// and the bases, before any answer was seen.
	"al-tanf-rukban-2019-blind3": {13, 0},
	"assange-sweden-2019-blind3": {15, 0},
	"factcheckuk-2019-blind3":    {18, 0},
	"settlements-2019-blind3":    {17, 1},
	// Written blind by q3 for tuning (issue 19, round 5): new questions
	// on four of the incidents above, committed before any answer was
	// seen; not held out: the fifth ranking round read their misses.
	"al-tanf-rukban-2019-tune3": {19, 0},
	"assange-sweden-2019-tune3": {19, 0},
	"factcheckuk-2019-tune3":    {19, 0},
	"settlements-2019-tune3":    {18, 1},
	// Written blind by q4 for tuning (issue 19, round 5): new questions
	// on four of the incidents above, committed before any answer was
	// seen; not held out: the fifth ranking round read their misses.
	"kyiv-strike-2024-tune4":          {17, 0},
	"taliban-hostage-swap-2019-tune4": {18, 0},
	"omar-threat-plea-2019-tune4":     {19, 0},
	"gmail-china-block-2014-tune4":    {15, 0},
	// Written blind by q6 for tuning (issue 19, ninth round): 12 near
	// misses the base must refuse and 8 it answers, on each of the eight
	// incidents above; not held out.
	"al-tanf-rukban-2019-tune5":       {8, 3},
	"assange-sweden-2019-tune5":       {5, 4},
	"factcheckuk-2019-tune5":          {8, 2},
	"settlements-2019-tune5":          {7, 1},
	"gmail-china-block-2014-tune5":    {7, 3},
	"kyiv-strike-2024-tune5":          {5, 2},
	"omar-threat-plea-2019-tune5":     {6, 0},
	"taliban-hostage-swap-2019-tune5": {6, 0},
}

// heldOut are the sets nobody changing the ranking has read: the test
// logs only their totals, so that running it with -v shows none of their
// questions or misses.
var heldOut = map[string]bool{
	"android-filecoder-2019":           true,
	"kyiv-strike-2024-blind2":          true,
	"taliban-hostage-swap-2019-blind2": true,
	"omar-threat-plea-2019-blind2":     true,
	"gmail-china-block-2014-blind2":    true,
	"al-tanf-rukban-2019-blind3":       true,
	"assange-sweden-2019-blind3":       true,
	"factcheckuk-2019-blind3":          true,
	"settlements-2019-blind3":          true,
}

// TestHeldOutSets runs every held-out set as `incidentbot kb eval` does
// (eval.Read, eval.Run): how /ask does on incidents nobody
// tuned it for. It fails when a set leads right on fewer answerable
// questions, or answers more it must refuse, than its floor; -v logs each
// report.
func TestHeldOutSets(t *testing.T) {
	for _, s := range Sets(t) {
		floor, ok := floors[s.Name]
		if !ok {
			t.Errorf("set %s has no floor: measure it and add it", s.Name)
			continue
		}
		cases, err := eval.Read(s.Questions)
		if err != nil {
			t.Errorf("set %s: %v", s.Name, err)
			continue
		}
		base, err := knowledge.LoadFile(s.Base)
		if err != nil {
			t.Errorf("set %s: %v", s.Name, err)
			continue
		}
		r, err := eval.Run(context.Background(), bot.New(nil, base, bot.Config{}), cases)
		if err != nil {
			t.Fatal(err)
		}
		right, answerable := r.Answerable()
		guessed := r.Count(eval.Guessed)
		detail := fmt.Sprintf("\n%s", r)
		if heldOut[s.Name] {
			detail = ""
		} else if strings.Contains(s.Name, "-blind") {
			t.Errorf("set %s is written blind but not listed in heldOut: its questions would be logged", s.Name)
		}
		t.Logf("%s: %d of %d answerable led right (%.0f %%), %d guessed%s", s.Name, right, answerable, 100*r.AnswerableShare(), guessed, detail)
		if right < floor.right || guessed > floor.guessed {
			t.Errorf("%s: %d answerable led right (floor %d), %d must-refuse answered (at most %d)", s.Name, right, floor.right, guessed, floor.guessed)
		}
	}
}
