package slack

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"testing"

	slackapi "github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/knowledge"
)

// textChars counts the characters of a message's text objects as Slack
// counts them.
func textChars(m *slackapi.WebhookMessage) int {
	n := 0
	add := func(x *slackapi.TextBlockObject) {
		if x != nil {
			n += chars(x.Text)
		}
	}
	for _, b := range m.Blocks.BlockSet {
		switch b := b.(type) {
		case *slackapi.HeaderBlock:
			add(b.Text)
		case *slackapi.SectionBlock:
			add(b.Text)
		case *slackapi.ContextBlock:
			for _, e := range b.ContextElements.Elements {
				if x, ok := e.(*slackapi.TextBlockObject); ok {
					add(x)
				}
			}
		}
	}
	return n
}

// shownChars is what a reader is shown of an answer in Slack: every
// message of every page.
func shownChars(e *bot.Engine, line string) int {
	n := 0
	for page := 1; ; page++ {
		a := e.Ask(context.Background(), bot.Request{Platform: "slack", Line: line, Page: page})
		st := state{Line: line, Page: page}
		for {
			msg := render(a, st)
			n += textChars(msg)
			next, ok := nextState(msg)
			if !ok || next.Page != page {
				break
			}
			st = next
		}
		if page >= a.Pages {
			return n
		}
	}
}

// nextState is where the message's Next button leads, if it has one.
func nextState(m *slackapi.WebhookMessage) (state, bool) {
	for _, b := range m.Blocks.BlockSet {
		if ab, ok := b.(*slackapi.ActionBlock); ok {
			for _, el := range ab.Elements.ElementSet {
				if btn, ok := el.(*slackapi.ButtonBlockElement); ok && btn.ActionID == actionNext {
					st, err := decodeState(btn.Value)
					return st, err == nil
				}
			}
		}
	}
	return state{}, false
}

// TestAnswerSizes: every /ask of the evaluation set shows under 2,000
// characters in Slack, the timeline and the claims list under 4,000. It
// logs the figures the README quotes.
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
