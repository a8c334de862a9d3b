package slack

import (
	"context"

	slackapi "github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/i18n"
	"github.com/incidentbot/incidentbot/bot/incident"
)

// Action IDs of Helpful and Not helpful; their value is the vote
// (vote.Vote.Encode), so any replica can count a click.
const (
	actionHelpful   = "incidentbot_helpful"
	actionUnhelpful = "incidentbot_unhelpful"
)

// maxVoteValue bounds a vote button's value well under Slack's 2,000:
// the question is cut to the gaps log's length anyway, and the answer
// needs the room.
const maxVoteValue = 400

// voteBlock is the Helpful and Not helpful buttons under an answer that
// takes votes, or nil. Neither has a style, and a click never changes
// them: the message is the same for everyone who sees it, so one
// reader's vote must not show.
func voteBlock(a bot.Answer) *slackapi.ActionBlock {
	var buttons []slackapi.BlockElement
	for _, b := range []struct {
		helpful       bool
		action, label string
	}{{true, actionHelpful, "Helpful"}, {false, actionUnhelpful, "Not helpful"}} {
		v, ok := a.Vote(b.helpful)
		if !ok {
			return nil
		}
		in := incident.StateIn("", a.Incident)
		value, ok := v.Encode(maxVoteValue - len(in))
		value = in + value
		if !ok || jsonLen(value) > maxValueBytes {
			return nil
		}
		buttons = append(buttons, slackapi.NewButtonBlockElement(b.action, value, plain(phrases.Word(a.Locale, b.label))))
	}
	return slackapi.NewActionBlock("incidentbot_feedback", buttons...)
}

// vote counts a click on Helpful or Not helpful and thanks the clicker in
// a message for them alone, leaving the answer as it was.
func (b *Bot) vote(ctx context.Context, cb slackapi.InteractionCallback, value string) *slackapi.WebhookMessage {
	a := bot.Answer{Title: phrases.Word(b.cfg.Locale, "That button no longer works. Run the command again."), Private: true, Page: 1, Pages: 1, Locale: i18n.Locale(b.cfg.Locale)}
	if value != "" {
		a = b.engine.Ask(ctx, bot.Request{Platform: "slack", Vote: value, UserID: cb.User.ID, Locale: b.cfg.Locale, Places: places(cb)})
	}
	msg := render(a, state{Page: 1})
	msg.ReplaceOriginal = false
	return msg
}
