package discord

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/incident"
)

// voteID starts the custom_id of a Helpful or Not helpful button; the
// rest is the vote (vote.Vote.Encode), so any replica can count a click.
const voteID = "f:"

// voteRow is the Helpful and Not helpful buttons under an answer that
// takes votes, or nil. Both are grey and neither is ever shown chosen:
// the message is the same for everyone who sees it, so one reader's vote
// must not show.
func voteRow(a bot.Answer) discordgo.MessageComponent {
	var row []discordgo.MessageComponent
	for _, b := range []struct {
		helpful bool
		label   string
	}{{true, "Helpful"}, {false, "Not helpful"}} {
		v, ok := a.Vote(b.helpful)
		if !ok {
			return nil
		}
		in := incident.StateIn("", a.Incident)
		state, ok := v.Encode(maxCustomID - len(voteID) - len(in))
		if !ok {
			return nil
		}
		row = append(row, discordgo.Button{Label: phrases.Word(a.Locale, b.label), Style: discordgo.SecondaryButton, CustomID: voteID + in + state})
	}
	return discordgo.ActionsRow{Components: row}
}

// vote counts a click on Helpful or Not helpful and thanks the clicker,
// for them alone (type 4, ephemeral), leaving the answer as it was.
func (b *Bot) vote(ctx context.Context, i *discordgo.Interaction, state string) *discordgo.InteractionResponse {
	if strings.TrimSpace(state) == "" {
		return notice(phrases.Word(string(i.Locale), "That button no longer works. Run the command again."))
	}
	a := b.engine.Ask(ctx, bot.Request{Platform: "discord", Vote: state, UserID: userID(i), Locale: string(i.Locale), Places: places(i)})
	data := render(a, "", 1, actPrivate, "")
	data.Flags = discordgo.MessageFlagsEphemeral
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: data}
}
