package slack

import (
	"testing"

	slackapi "github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/internal/bottest"
	"github.com/incidentbot/incidentbot/internal/platform"
)

// textChars counts the characters of a message's text objects as Slack
// counts them.
func textChars(m *slackapi.WebhookMessage) int {
	n := 0
	add := func(x *slackapi.TextBlockObject) {
		if x != nil {
			n += platform.UTF16Len(x.Text)
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
	return bottest.Pages(e, "slack", line, func(a bot.Answer) int {
		n := 0
		st := state{Line: line, Page: a.Page}
		for {
			msg := render(a, st)
			n += textChars(msg)
			next, ok := nextState(msg)
			if !ok || next.Page != a.Page {
				return n
			}
			st = next
		}
	})
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
// characters in Slack, the timeline and the claims list under 4,000 (on
// the default base). It logs the figures docs/answers.md quotes.
func TestAnswerSizes(t *testing.T) {
	e := testEngine(t)
	bottest.CheckAnswerSizes(t, "../testdata/ask-eval.json", func(line string) int { return shownChars(e, line) })
}
