package discord

import (
	"errors"

	"github.com/bwmarrin/discordgo"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/internal/platform"
)

// exchange is one interaction being answered, whichever transport it
// came by: where its response goes, and whether one has gone.
type exchange struct {
	// transport names the way it came, for the log: http or gateway.
	transport string
	// typ is the interaction's type, once known: it decides the shape
	// of the apology; locale, its language.
	typ    discordgo.InteractionType
	locale discordgo.Locale
	send   func(*discordgo.InteractionResponse) error
	sent   bool
}

// respond sends resp, the one response an interaction takes. It counts as
// sent once any of it may have gone out: not when send panics or fails
// with platform.ErrUnsent, so that serve's apology still reaches the user.
func (x *exchange) respond(resp *discordgo.InteractionResponse) error {
	err := x.send(resp)
	x.sent = !errors.Is(err, platform.ErrUnsent)
	return err
}

// serve runs h, a transport's work on one interaction, and is where all
// that can go wrong with it ends, as in disgo's router: a panic is
// recovered (platform.Recover), and it or an error h returns is logged, a
// panic is counted, and the user gets an apology unless a response has
// already gone out.
func (b *Bot) serve(x *exchange, h func() error) {
	err := platform.Recover(h)
	if err == nil {
		return
	}
	if p, ok := errors.AsType[*platform.PanicError](err); ok {
		// The stack says where; the interaction itself, which holds its
		// token, is not logged.
		b.metrics.Panicked()
		b.log.Error("panic answering a discord interaction", "transport", x.transport, "panic", p.Value, "stack", p.Stack)
	} else {
		b.log.Error("responding to discord interaction", "transport", x.transport, "err", platform.Redacted(err), "type", int(x.typ))
	}
	if x.sent {
		return
	}
	if err := x.respond(apologyIn(x.typ, x.locale)); err != nil {
		b.log.Error("responding to discord interaction", "transport", x.transport, "err", platform.Redacted(err), "type", int(x.typ))
	}
}

// apologyIn is the response, in locale's language, to an interaction
// whose answer failed: a private message, or no choices for an
// autocomplete, which cannot take a message.
func apologyIn(t discordgo.InteractionType, locale discordgo.Locale) *discordgo.InteractionResponse {
	switch t {
	case discordgo.InteractionPing:
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong}
	case discordgo.InteractionApplicationCommandAutocomplete:
		return &discordgo.InteractionResponse{
			Type: discordgo.InteractionApplicationCommandAutocompleteResult,
			Data: &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{}, AllowedMentions: noMentions()},
		}
	}
	return notice(bot.Apology(string(locale)))
}
