package discord

import (
	"errors"
	"fmt"
	"net/url"
	"runtime/debug"

	"github.com/bwmarrin/discordgo"
	"github.com/prometheus/client_golang/prometheus"
)

// apologyText is what a user sees when answering them panicked.
const apologyText = "Sorry, something went wrong answering that. It has been logged; please try again."

// newPanicCounter is the count of panics recovered while answering an
// interaction. It has the platform in its name, like
// incidentbot_discord_rejected_total, so that each adapter registers its
// own series without agreeing with the other on a shared one.
func newPanicCounter() prometheus.Counter {
	return prometheus.NewCounter(prometheus.CounterOpts{
		Name: "incidentbot_discord_panics_total",
		Help: "Panics recovered while answering a Discord interaction; the user got an apology unless a response had already gone out.",
	})
}

// registerPanics registers the bot's panic counter with reg. Both
// transports share one Bot, so the second registration of the same
// counter is not an error.
func (b *Bot) registerPanics(reg prometheus.Registerer) error {
	err := reg.Register(b.panics)
	if are, ok := errors.AsType[prometheus.AlreadyRegisteredError](err); ok && are.ExistingCollector == b.panics {
		return nil
	}
	if err != nil {
		return fmt.Errorf("registering the discord panic counter: %w", err)
	}
	return nil
}

// panicked logs and counts a panic recovered on transport. The stack
// says where; the interaction itself, which holds its token, is not
// logged.
func (b *Bot) panicked(transport string, v any) {
	b.panics.Inc()
	b.log.Error("panic answering a discord interaction", "transport", transport, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
}

// apology is the response to an interaction whose answer panicked: a
// private message, or no choices for an autocomplete, which cannot take
// a message.
func apology(t discordgo.InteractionType) *discordgo.InteractionResponse {
	switch t {
	case discordgo.InteractionPing:
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong}
	case discordgo.InteractionApplicationCommandAutocomplete:
		return &discordgo.InteractionResponse{
			Type: discordgo.InteractionApplicationCommandAutocompleteResult,
			Data: &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{}, AllowedMentions: noMentions()},
		}
	}
	return notice(apologyText)
}

// redacted is err's text without any request URL in it: an interaction's
// callback URL holds the interaction's token, and net/http puts the URL
// in its errors.
func redacted(err error) string {
	if ue, ok := errors.AsType[*url.Error](err); ok {
		return ue.Err.Error()
	}
	return err.Error()
}
