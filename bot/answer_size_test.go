package bot_test

import (
	"context"
	"testing"
	"unicode/utf8"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/i18n"
	"github.com/incidentbot/incidentbot/bot/internal/bottest"
)

// maxLeadChars bounds the lead of an /ask answer: the answer itself,
// read first.
const maxLeadChars = 600

// TestPlainSizes measures what the command line prints of the default
// base's answers: every /ask of the evaluation set, the timeline and the
// claims list within bottest's limits, and each /ask's lead under
// maxLeadChars.
func TestPlainSizes(t *testing.T) {
	e := bottest.Default(t)
	bottest.CheckAnswerSizes(t, "testdata/ask-eval.json", func(line string) int {
		return bottest.Pages(e, "cli", line, func(a bot.Answer) int { return utf8.RuneCountInString(bot.Plain(a)) })
	})
	for _, q := range bottest.EvalQuestions(t, "testdata/ask-eval.json") {
		a := e.Ask(context.Background(), bot.Request{Platform: "cli", Line: "/ask " + q})
		if a.Lead == nil {
			continue
		}
		if n := utf8.RuneCountInString(bot.PlainWordsIn(i18n.LocaleEN, a.Lead.Words) + a.Lead.Meta); n > maxLeadChars {
			t.Errorf("/ask %s: lead of %d characters; want at most %d", q, n, maxLeadChars)
		}
	}
}
