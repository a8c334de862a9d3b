package main

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/incidentbot/incidentbot/bot/discord"
)

// DiscordConfig is the Discord part of the environment: DISCORD_* variables.
type DiscordConfig struct {
	// BotToken and AppID enable the gateway transport.
	BotToken string `envconfig:"DISCORD_BOT_TOKEN"`
	AppID    string `envconfig:"DISCORD_APP_ID"`
	// GuildID registers the commands in one guild (instant; for testing)
	// instead of globally.
	GuildID string `envconfig:"DISCORD_GUILD_ID"`
	// AdminGuildIDs are the servers whose Manage Server permission grants
	// the admin commands; empty means DISCORD_GUILD_ID alone (or none).
	// Comma-separated; a string keeps the config comparable.
	AdminGuildIDs string `envconfig:"DISCORD_ADMIN_GUILD_IDS"`
	// PublicKey (hex) enables the HTTP interactions endpoint.
	PublicKey string `envconfig:"DISCORD_PUBLIC_KEY"`
	// RegisterAtStart registers the commands when serve starts in HTTP
	// mode with a token. Off, they are registered once per release by
	// incidentbot discord-register (a Kubernetes Job, say) rather than by
	// every replica.
	RegisterAtStart bool `envconfig:"DISCORD_REGISTER_AT_START" default:"true"`
	// ShardID and ShardCount run one shard of a large bot.
	ShardID    int `envconfig:"DISCORD_SHARD_ID" default:"0"`
	ShardCount int `envconfig:"DISCORD_SHARD_COUNT" default:"1"`
	// Reply is ephemeral (default: private replies with a "Post to
	// channel" button) or public.
	Reply string `envconfig:"DISCORD_REPLY" default:"ephemeral"`
}

func (DiscordConfig) enable() string {
	return "DISCORD_BOT_TOKEN and DISCORD_APP_ID (Discord gateway) or DISCORD_PUBLIC_KEY (Discord HTTP interactions)"
}

// transports returns the Discord transports whose credentials are set.
func (cfg *DiscordConfig) transports(d deps) ([]transport, error) {
	public, err := discordReply(cfg.Reply)
	if err != nil {
		return nil, err
	}
	var admins []string
	for g := range strings.SplitSeq(cfg.AdminGuildIDs, ",") {
		if g = strings.TrimSpace(g); g != "" {
			admins = append(admins, g)
		}
	}
	if len(admins) == 0 && strings.TrimSpace(cfg.GuildID) != "" {
		admins = []string{strings.TrimSpace(cfg.GuildID)}
	}
	for _, g := range admins {
		if !snowflake(g) {
			return nil, errors.New("DISCORD_ADMIN_GUILD_IDS and DISCORD_GUILD_ID take server IDs: numbers of 17 to 20 digits (Copy Server ID in Discord's developer mode)")
		}
	}
	dc := discord.Config{Public: public, AdminGuilds: admins, Bodies: d.bodies, SharedReplays: d.replays, Registry: d.reg}
	// With the public key, interactions come over HTTP only (Discord sends
	// none to a gateway once an endpoint URL is saved): a token then
	// registers the commands at start, over the REST API, and opens no
	// gateway (unless DISCORD_REGISTER_AT_START is false).
	token := cfg.BotToken != "" && cfg.AppID != ""
	gateway := token && cfg.PublicKey == ""
	switch {
	case token:
		dc.Token, dc.AppID, dc.GuildID, dc.ShardID, dc.ShardCount = cfg.BotToken, cfg.AppID, cfg.GuildID, cfg.ShardID, cfg.ShardCount
	case cfg.BotToken != "":
		return nil, errors.New("DISCORD_BOT_TOKEN is set but DISCORD_APP_ID is not: set both for the Discord gateway")
	case cfg.AppID != "" && cfg.PublicKey == "":
		return nil, errors.New("DISCORD_APP_ID is set but DISCORD_BOT_TOKEN is not: set both for the Discord gateway, or DISCORD_PUBLIC_KEY for the HTTP interactions endpoint")
	}

	if cfg.PublicKey != "" {
		if dc.PublicKey, err = discordPublicKey(cfg.PublicKey); err != nil {
			return nil, err
		}
	}
	if !token && dc.PublicKey == nil {
		return nil, nil
	}
	b, err := discord.New(d.log, d.engine, dc)
	if err != nil {
		// The key and the credentials are checked above: what is left
		// is the shard.
		return nil, fmt.Errorf("DISCORD_SHARD_ID, DISCORD_SHARD_COUNT: %w", err)
	}
	var ts []transport
	if gateway {
		routeDiscordgoLogs(d.log)
		ts = append(ts, connTransport("discord-gateway", b))
	}
	if dc.PublicKey != nil {
		ts = append(ts, httpTransport("discord-http", b))
	}
	if token && !gateway && cfg.RegisterAtStart {
		ts = append(ts, transport{name: "discord-register", run: func(ctx context.Context) error {
			// The endpoint answers whether or not this succeeds (the
			// commands may be registered already): a failure is logged,
			// and serve goes on.
			if _, err := b.Register(ctx); err != nil && ctx.Err() == nil {
				d.log.Error("registering discord commands at start; run incidentbot discord-register to retry", "err", err)
			}
			return nil
		}})
	}
	return ts, nil
}

// snowflake says whether s looks like a Discord ID.
func snowflake(s string) bool {
	if len(s) < 17 || len(s) > 20 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// discordReply reads DISCORD_REPLY: whether replies are public.
func discordReply(v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "ephemeral":
		return false, nil
	case "public":
		return true, nil
	}
	return false, fmt.Errorf("DISCORD_REPLY is %q; want ephemeral or public", v)
}

// discordPublicKey decodes DISCORD_PUBLIC_KEY, the application's ed25519
// public key as shown in the developer portal: 64 hex digits.
func discordPublicKey(v string) (ed25519.PublicKey, error) {
	v = strings.TrimSpace(v)
	key, err := hex.DecodeString(v)
	if err != nil {
		return nil, errors.New("DISCORD_PUBLIC_KEY is not hex: copy the application's Public Key from the Discord developer portal (64 hex digits)")
	}
	if len(key) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("DISCORD_PUBLIC_KEY has %d hex digits; want %d (the application's Public Key from the Discord developer portal)", len(v), 2*ed25519.PublicKeySize)
	}
	return ed25519.PublicKey(key), nil
}

// routeDiscordgoLogs sends discordgo's own log lines (errors only, at its
// default level) through slog. It is a package variable of discordgo, so
// only main sets it.
func routeDiscordgoLogs(log *slog.Logger) {
	discordgo.Logger = func(level, _ int, format string, a ...any) {
		l := slog.LevelError
		switch level {
		case discordgo.LogWarning:
			l = slog.LevelWarn
		case discordgo.LogInformational:
			l = slog.LevelInfo
		case discordgo.LogDebug:
			l = slog.LevelDebug
		}
		log.Log(context.Background(), l, "discordgo", "detail", fmt.Sprintf(format, a...))
	}
}
