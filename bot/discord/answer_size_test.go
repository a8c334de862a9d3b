package discord

import (
	"testing"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/internal/bottest"
	"github.com/incidentbot/incidentbot/internal/platform"
)

// shownChars is what a reader is shown of an answer in Discord: the
// content and the embeds of every part of every page.
func shownChars(e *bot.Engine, line string) int {
	return bottest.Pages(e, "discord", line, func(a bot.Answer) int {
		n := 0
		parts := len(packParts(a))
		for which := 1; which <= parts; which++ {
			data := render(a, line, which, actPrivate, "")
			n += platform.UTF16Len(data.Content)
			for _, e := range data.Embeds {
				n += embedWidth(e)
			}
		}
		return n
	})
}

// TestAnswerSizes: an answer is read in seconds. Every /ask of the
// evaluation set shows under 2,000 characters in Discord, the timeline
// and the claims list under 4,000 (on the default base). It logs the
// figures docs/answers.md quotes.
func TestAnswerSizes(t *testing.T) {
	e := testEngine(t)
	bottest.CheckAnswerSizes(t, "../testdata/ask-eval.json", func(line string) int { return shownChars(e, line) })
}
