package discord

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/knowledge"
)

// shownChars is what a reader is shown of an answer in Discord: the
// content and the embeds of every part of every page.
func shownChars(e *bot.Engine, line string) int {
	n := 0
	for page := 1; ; page++ {
		a := e.Ask(context.Background(), bot.Request{Platform: "discord", Line: line, Page: page})
		parts := packParts(a)
		for which := 1; which <= len(parts); which++ {
			data := render(a, line, which, actPrivate, "")
			n += width(data.Content)
			for _, e := range data.Embeds {
				n += embedWidth(e)
			}
		}
		if page >= a.Pages {
			return n
		}
	}
}

// TestAnswerSizes: an answer is read in seconds. Every /ask of the
// evaluation set shows under 2,000 characters in Discord, the timeline
// and the claims list under 4,000. It logs the figures the README quotes.
func TestAnswerSizes(t *testing.T) {
	b, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	e := bot.New(b, nil)
	raw, err := os.ReadFile("../testdata/ask-eval.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct{ Q string }
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	var asks []int
	for _, c := range cases {
		n := shownChars(e, "/ask "+c.Q)
		asks = append(asks, n)
		if n > 2000 {
			t.Errorf("/ask %s: %d characters; want at most 2,000", c.Q, n)
		}
	}
	slices.Sort(asks)
	t.Logf("/ask: median %d, largest %d characters", asks[len(asks)/2], asks[len(asks)-1])
	for _, line := range []string{"/timeline", "/claims", "/who-said Peskov"} {
		n := shownChars(e, line)
		t.Logf("%s: %d characters", line, n)
		if line != "/who-said Peskov" && n > 4000 {
			t.Errorf("%s: %d characters; want at most 4,000", line, n)
		}
	}
}
