package slack

import (
	slackapi "github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
)

// visible drops invisible formatting characters (bot.Visible) from every
// text a rendered message shows: its fallback text, headers, sections,
// context lines and button labels and values. It is applied to each
// message as it leaves render, so that it covers whatever render echoes.
func visible(msg *slackapi.WebhookMessage) *slackapi.WebhookMessage {
	if msg == nil {
		return nil
	}
	msg.Text = bot.Visible(msg.Text)
	if msg.Blocks == nil {
		return msg
	}
	for _, blk := range msg.Blocks.BlockSet {
		switch b := blk.(type) {
		case *slackapi.HeaderBlock:
			visibleText(b.Text)
		case *slackapi.SectionBlock:
			visibleText(b.Text)
			for _, f := range b.Fields {
				visibleText(f)
			}
		case *slackapi.ContextBlock:
			for _, e := range b.ContextElements.Elements {
				if t, ok := e.(*slackapi.TextBlockObject); ok {
					visibleText(t)
				}
			}
		case *slackapi.ActionBlock:
			if b.Elements == nil {
				continue
			}
			for _, e := range b.Elements.ElementSet {
				if btn, ok := e.(*slackapi.ButtonBlockElement); ok {
					visibleText(btn.Text)
					btn.Value = bot.Visible(btn.Value)
				}
			}
		}
	}
	return msg
}

func visibleText(t *slackapi.TextBlockObject) {
	if t != nil {
		t.Text = bot.Visible(t.Text)
	}
}
