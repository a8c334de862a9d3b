package bot_test

import (
	"context"
	"fmt"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/i18n"
	"github.com/incidentbot/incidentbot/knowledge"
)

// An engine answers a command line with a bot.Answer: the one thing every
// adapter renders (bot.Plain renders it for the command line).
func ExampleEngine_Ask() {
	base, err := knowledge.Default()
	if err != nil {
		panic(err)
	}
	e := bot.New(nil, base, bot.Config{})
	a := e.Ask(context.Background(), bot.Request{Platform: "cli", Line: "/who-said Kirby"})
	fmt.Println(a.Title)
	fmt.Println(bot.PlainWordsIn(i18n.LocaleEN, a.Items[1].Words))
	// Output:
	// John Kirby, National Security Council spokesman
	// “I can assure you there was no involvement by the United States.”
}
