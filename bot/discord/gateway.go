package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// GatewayConfig is what a gateway connection needs.
type GatewayConfig struct {
	// Token is the bot token, with or without the "Bot " prefix.
	Token string
	// AppID is the application the commands are registered for.
	AppID string
	// GuildID registers the commands in one guild, where changes show at
	// once (for testing); empty registers them globally.
	GuildID string
	// ShardID and ShardCount run one shard of a bot in many guilds;
	// ShardCount 0 or 1 means no sharding.
	ShardID, ShardCount int
}

// Gateway answers interactions that arrive over a discordgo Session.
type Gateway struct {
	bot *Bot
	cfg GatewayConfig
	log *slog.Logger
}

// NewGateway returns a gateway runner for b.
func NewGateway(b *Bot, cfg GatewayConfig, log *slog.Logger) (*Gateway, error) {
	if cfg.Token == "" || cfg.AppID == "" {
		return nil, errors.New("discord gateway needs a bot token and an application ID")
	}
	if cfg.ShardCount < 0 || cfg.ShardID < 0 || (cfg.ShardCount > 0 && cfg.ShardID >= cfg.ShardCount) || (cfg.ShardCount == 0 && cfg.ShardID > 0) {
		return nil, fmt.Errorf("discord shard %d of %d: want 0 <= shard ID < shard count", cfg.ShardID, cfg.ShardCount)
	}
	return &Gateway{bot: b, cfg: cfg, log: log}, nil
}

// Run opens the session, registers the commands with one bulk overwrite
// (from shard 0 only, so that shards do not repeat it), answers
// interactions until ctx is done, then closes the session. discordgo
// reconnects and resumes by itself when the socket drops.
func (g *Gateway) Run(ctx context.Context) error {
	token := g.cfg.Token
	if !strings.HasPrefix(token, "Bot ") {
		token = "Bot " + token
	}
	s, err := discordgo.New(token)
	if err != nil {
		return fmt.Errorf("creating discord session: %w", err)
	}
	// Interactions need no intent; IntentsGuilds is the least the gateway
	// accepts, and nothing privileged is asked for.
	s.Identify.Intents = discordgo.IntentsGuilds
	s.StateEnabled = false
	if g.cfg.ShardCount > 1 {
		s.ShardID, s.ShardCount = g.cfg.ShardID, g.cfg.ShardCount
	}
	s.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		g.answer(ctx, s, ic)
	})
	if err := s.Open(); err != nil {
		return fmt.Errorf("opening discord gateway: %w", err)
	}
	defer func() {
		if err := s.Close(); err != nil {
			g.log.Warn("closing discord gateway", "err", err)
		}
	}()
	if g.cfg.ShardID == 0 {
		cmds, err := s.ApplicationCommandBulkOverwrite(g.cfg.AppID, g.cfg.GuildID, Commands(), discordgo.WithContext(ctx))
		if err != nil {
			return fmt.Errorf("registering discord commands: %w", err)
		}
		scope := "global"
		if g.cfg.GuildID != "" {
			scope = "guild"
		}
		g.log.Info("discord commands registered", "count", len(cmds), "scope", scope)
	}
	g.log.Info("discord gateway connected", "shard", g.cfg.ShardID, "shards", max(g.cfg.ShardCount, 1))
	<-ctx.Done()
	return nil
}

// answer responds to one interaction within Discord's deadline. The
// engine answers in well under a millisecond, so it responds directly
// rather than deferring.
func (g *Gateway) answer(ctx context.Context, s *discordgo.Session, ic *discordgo.InteractionCreate) {
	if ic.Interaction == nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, discordgo.InteractionDeadline)
	defer cancel()
	resp := g.bot.Respond(ctx, ic.Interaction)
	if err := s.InteractionRespond(ic.Interaction, resp, discordgo.WithContext(ctx)); err != nil {
		g.log.Error("responding to discord interaction", "err", err, "type", int(ic.Type))
	}
}
