package slack

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/incidentbot/incidentbot/bot"
)

// TestSizeBound checks that sizeBound never under-estimates: a message it
// lets through unmeasured must really fit. It renders every page of every
// command on the default base and compares the bound with the encoding.
func TestSizeBound(t *testing.T) {
	e := testEngine(t)
	below := 0
	for _, line := range []string{"/timeline", "/who-said Peskov", "/who-said Kirby", "/claims", "/sources", "/ask who carried out the attack", "/help", "/who-said Zelensky"} {
		first := e.Ask(context.Background(), bot.Request{Line: line})
		for p := 1; p <= first.Pages; p++ {
			a := e.Ask(context.Background(), bot.Request{Line: line, Page: p})
			msg := render(a, state{Line: line, Page: p})
			raw, err := json.Marshal(msg)
			if err != nil {
				t.Fatal(err)
			}
			if bound := sizeBound(msg); bound < len(raw) {
				t.Errorf("%s page %d: sizeBound %d < encoded %d", line, p, bound, len(raw))
			} else if bound <= maxMessageBytes {
				below++
			}
		}
	}
	if below == 0 {
		t.Error("no page was under the bound: the shortcut never applies")
	}
}
