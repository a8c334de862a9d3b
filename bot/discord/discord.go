// Package discord is incidentbot's Discord app: it registers the slash
// commands and the "Check against sources" message command, routes
// interactions to the engine, and renders each bot.Answer as embeds with
// Previous / Next and "Post to channel" buttons. Interactions arrive over
// the gateway (Run) or Discord's HTTP interactions endpoint
// (Routes); both give the same answers.
//
// It must not be imported by package bot or knowledge: dependencies flow
// from cmd to here to bot.
package discord

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/echo"
	"github.com/incidentbot/incidentbot/bot/incident"
	"github.com/incidentbot/incidentbot/internal/platform"
)

// Engine answers command lines and suggests arguments; *bot.Engine is one.
type Engine interface {
	Ask(ctx context.Context, req bot.Request) bot.Answer
	Suggest(req bot.Request, command, prefix string, n int) []string
	SuggestIncidents(prefix string, n int) []incident.Info
}

// Bot answers Discord interactions. It holds no per-conversation state:
// everything a button needs is in its custom_id, so any replica can answer
// any click, also after a restart.
type Bot struct {
	engine Engine
	cfg    Config
	log    *slog.Logger
	// adminGuilds are the servers whose Manage Server permission makes a
	// member a bot admin.
	adminGuilds map[string]bool
	metrics     *platform.Metrics
	replays     *platform.Replays
	now         func() time.Time
}

// Config is what a Bot needs: its settings, those of the transports in
// use, and where it logs and counts. PublicKey enables the HTTP
// interactions endpoint (Routes); Token and AppID enable the gateway
// (Run).
type Config struct {
	// Public makes command replies visible to the channel
	// (DISCORD_REPLY=public). By default they are ephemeral, with a
	// "Post to channel" button.
	Public bool
	// AdminGuilds are the servers (guild IDs) in which a member with
	// Manage Server may run the admin commands: the operator's own
	// (DISCORD_ADMIN_GUILD_IDS, else DISCORD_GUILD_ID). Anyone can add
	// the app to a server of their own and manage it, so elsewhere only
	// the engine's admin list counts.
	AdminGuilds []string
	// PublicKey is the application's ed25519 key, which signs the
	// requests to the HTTP interactions endpoint.
	PublicKey ed25519.PublicKey
	// Token is the bot token, with or without the "Bot " prefix, and
	// AppID the application the commands are registered for.
	Token, AppID string
	// GuildID registers the commands in one guild, where changes show at
	// once (for testing); empty registers them globally.
	GuildID string
	// ShardID and ShardCount run one shard of a bot in many guilds;
	// ShardCount 0 or 1 means no sharding.
	ShardID, ShardCount int
	// Bodies is the budget HTTP request bodies are read within, shared
	// with the other endpoints; nil bounds each by MaxBody only.
	Bodies *platform.Bodies
	// SharedReplays, when set, is the replay guard of every replica
	// (STATE_URL): a signed request any replica let through is refused by
	// all. Each Bot also remembers what it let through itself.
	SharedReplays platform.SharedReplays
	// Registry gets the adapter's series, incidentbot_discord_*; nil
	// registers none.
	Registry prometheus.Registerer
}

// New returns a Bot answering from engine, logging to log (nil discards
// its lines), and registers its series with cfg.Registry.
func New(log *slog.Logger, engine Engine, cfg Config) (*Bot, error) {
	if len(cfg.PublicKey) != 0 && len(cfg.PublicKey) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("discord public key is %d bytes; want %d", len(cfg.PublicKey), ed25519.PublicKeySize)
	}
	if (cfg.Token == "") != (cfg.AppID == "") {
		return nil, errors.New("discord gateway needs a bot token and an application ID")
	}
	if cfg.Token != "" && (cfg.ShardCount < 0 || cfg.ShardID < 0 || (cfg.ShardCount > 0 && cfg.ShardID >= cfg.ShardCount) || (cfg.ShardCount == 0 && cfg.ShardID > 0)) {
		return nil, fmt.Errorf("discord shard %d of %d: want 0 <= shard ID < shard count", cfg.ShardID, cfg.ShardCount)
	}
	metrics, err := platform.NewMetrics(cfg.Registry, "discord", "Discord HTTP interactions", "a Discord interaction")
	if err != nil {
		return nil, err
	}
	b := &Bot{engine: engine, cfg: cfg, log: log, adminGuilds: map[string]bool{}, metrics: metrics,
		replays: platform.NewReplays(cfg.SharedReplays, MaxAge, maxReplays), now: time.Now}
	if b.log == nil {
		b.log = slog.New(slog.DiscardHandler)
	}
	for _, g := range cfg.AdminGuilds {
		if g = strings.TrimSpace(g); g != "" {
			b.adminGuilds[g] = true
		}
	}
	return b, nil
}

// Respond answers one interaction. It never fails: input it cannot use
// gets a short message saying what to do. Every message it returns allows
// no mentions. Should it panic all the same, serve recovers and sends an
// apology.
func (b *Bot) Respond(ctx context.Context, i *discordgo.Interaction) *discordgo.InteractionResponse {
	// Switch on the type before touching Data: discordgo's accessors
	// panic on the wrong type, so the data is type-asserted here instead.
	switch i.Type {
	case discordgo.InteractionPing:
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong}
	case discordgo.InteractionApplicationCommand:
		if d, ok := i.Data.(discordgo.ApplicationCommandInteractionData); ok {
			return b.command(ctx, i, d)
		}
	case discordgo.InteractionApplicationCommandAutocomplete:
		if d, ok := i.Data.(discordgo.ApplicationCommandInteractionData); ok {
			return b.autocomplete(i, d)
		}
	case discordgo.InteractionMessageComponent:
		if d, ok := i.Data.(discordgo.MessageComponentInteractionData); ok {
			return b.component(ctx, i, d)
		}
	}
	b.log.Debug("unhandled interaction", "type", int(i.Type))
	return notice(phrases.Word(string(i.Locale), "incidentbot cannot handle that. Try /help."))
}

// command answers a slash command or the message command with the first
// page of its answer.
func (b *Bot) command(ctx context.Context, i *discordgo.Interaction, d discordgo.ApplicationCommandInteractionData) *discordgo.InteractionResponse {
	line, private := commandLine(d)
	// The line goes back out in button custom_ids: without invisible
	// formatting characters, as the engine reads it.
	line = echo.Visible(line)
	if private && strings.TrimSpace(line) == "/check" {
		return notice(phrases.Word(string(i.Locale), "That message has no text to check against the sources."))
	}
	shown := byte(actPrivate)
	if b.cfg.Public && !private {
		shown = actPublic
	}
	a := b.ask(ctx, i, line, 1)
	data := render(a, line, 1, shown, "")
	if shown == actPrivate || a.Private {
		data.Flags = discordgo.MessageFlagsEphemeral
	}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: data}
}

// maxPrefix bounds the text autocomplete looks up; names are shorter.
const maxPrefix = 100

// autocomplete suggests values for the option being typed, from the
// base: people for /who-said, dates for /timeline, topics for /claims.
func (b *Bot) autocomplete(i *discordgo.Interaction, d discordgo.ApplicationCommandInteractionData) *discordgo.InteractionResponse {
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	o := focused(d.Options)
	prefix := ""
	if o != nil {
		prefix, _ = o.Value.(string)
		if utf8.RuneCountInString(prefix) > maxPrefix {
			prefix = string([]rune(prefix)[:maxPrefix])
		}
		prefix = strings.TrimSpace(prefix)
	}
	switch {
	case o == nil:
	case o.Name == bot.IncidentField.Name:
		// The incident's title, which is what people know it by, and its
		// id, which is what the option sends.
		for _, in := range b.engine.SuggestIncidents(prefix, maxChoices) {
			if n := platform.UTF16Len(in.ID); n >= 1 && n <= maxChoice {
				choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: fitPlain(in.Title+" ("+in.ID+")", maxChoice), Value: in.ID})
			}
		}
	case o.Name == optionNames()[d.Name]:
		req := bot.Request{Platform: "discord", UserID: userID(i), Incident: optionString(d.Options, bot.IncidentField.Name), Places: places(i)}
		for _, name := range b.engine.Suggest(req, d.Name, prefix, maxChoices) {
			if n := platform.UTF16Len(name); n >= 1 && n <= maxChoice {
				choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: name, Value: name})
			}
		}
	}
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices, AllowedMentions: noMentions()},
	}
}

// component answers a button: another part of the answer in place (type
// 7), or the same answer posted publicly (type 4).
func (b *Bot) component(ctx context.Context, i *discordgo.Interaction, d discordgo.MessageComponentInteractionData) *discordgo.InteractionResponse {
	if d.CustomID == detailsID {
		return b.details(ctx, i, d.Values)
	}
	if state, ok := strings.CutPrefix(d.CustomID, voteID); ok {
		return b.vote(ctx, i, state)
	}
	st, err := parseState(d.CustomID)
	if err != nil {
		b.log.Debug("unknown button", "custom_id_len", len(d.CustomID))
		return notice(phrases.Word(string(i.Locale), "That button no longer works. Run the command again."))
	}
	a := b.ask(ctx, i, st.line, st.page)
	if a.Private {
		// A refusal or "slow down" is for the clicker alone: never put it
		// in place of a message others may see, nor post it.
		data := render(a, st.line, st.part, actPrivate, "")
		data.Flags = discordgo.MessageFlagsEphemeral
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: data}
	}
	if st.action == actPost {
		poster, shown := userID(i), byte(actPosted)
		if poster == "" {
			shown = actPublic // nobody to name; page it as a public reply
		}
		data := render(a, st.line, st.part, shown, poster)
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: data}
	}
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseUpdateMessage,
		Data: render(a, st.line, st.part, st.action, st.poster),
	}
}

// details answers the Details menu: the chosen entry in full, or its
// citation, for the reader alone (type 4, ephemeral), leaving the answer
// as it was.
func (b *Bot) details(ctx context.Context, i *discordgo.Interaction, values []string) *discordgo.InteractionResponse {
	if len(values) != 1 || platform.UTF16Len(values[0]) > maxChoice || strings.TrimSpace(values[0]) == "" {
		return notice(phrases.Word(string(i.Locale), "That menu no longer works. Run the command again."))
	}
	req := bot.Request{Platform: "discord", UserID: userID(i), Locale: string(i.Locale), Places: places(i)}
	req.Incident, req.Details = incident.Cut(values[0])
	if ref, ok := strings.CutPrefix(req.Details, citePrefix); ok {
		req.Details, req.Line = "", "/cite "+ref
	}
	a := b.engine.Ask(ctx, req)
	data := render(a, "", 1, actPrivate, "")
	data.Flags = discordgo.MessageFlagsEphemeral
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: data}
}

// ask asks the engine on behalf of the interaction's user: their ID for
// the rate limit and admin list, and whether Discord says they manage one
// of the operator's servers.
func (b *Bot) ask(ctx context.Context, i *discordgo.Interaction, line string, page int) bot.Answer {
	admin := i.Member != nil && b.adminGuilds[i.GuildID] &&
		i.Member.Permissions&(adminPermissions|discordgo.PermissionAdministrator) != 0
	return b.engine.Ask(ctx, bot.Request{Platform: "discord", Line: line, Page: page, UserID: userID(i), Admin: admin, Locale: string(i.Locale), Places: places(i)})
}

// places are where the interaction came from, for the incident that
// answers there: its channel, then its server.
func places(i *discordgo.Interaction) []string { return []string{i.ChannelID, i.GuildID} }

// userID is the user who clicked: the member in a guild, the user in a
// DM; "" if neither is a valid ID.
func userID(i *discordgo.Interaction) string {
	var id string
	switch {
	case i.Member != nil && i.Member.User != nil:
		id = i.Member.User.ID
	case i.User != nil:
		id = i.User.ID
	}
	if !snowflake(id) {
		return ""
	}
	return id
}

// notice is a short private message.
func notice(text string) *discordgo.InteractionResponse {
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{
			Content:         text,
			Flags:           discordgo.MessageFlagsEphemeral,
			Components:      []discordgo.MessageComponent{},
			Embeds:          []*discordgo.MessageEmbed{},
			AllowedMentions: noMentions(),
		},
	}
}
