package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	"github.com/bwmarrin/discordgo"
	"github.com/prometheus/client_golang/prometheus"
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
	// Metrics, when set, gets the bot's panic counter
	// (incidentbot_discord_panics_total); NewInteractions registers it
	// too, so setting both is fine.
	Metrics prometheus.Registerer
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
	if cfg.Metrics != nil {
		if err := b.registerPanics(cfg.Metrics); err != nil {
			return nil, err
		}
	}
	return &Gateway{bot: b, cfg: cfg, log: log}, nil
}

// Run opens the session, registers the commands with one bulk overwrite
// (from shard 0 only, so that shards do not repeat it), answers
// interactions until ctx is done, then closes the session and waits for
// the answers in flight. discordgo reconnects and resumes by itself when
// the socket drops.
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
	// discordgo runs each handler in its own goroutine. Answers in flight
	// when ctx ends still go out, within Discord's deadline: Run waits for
	// them after closing the session, so that no new ones start.
	var inflight handlers
	defer inflight.wait()
	answerCtx := context.WithoutCancel(ctx)
	s.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		if !inflight.start() {
			return
		}
		defer inflight.done()
		g.answer(answerCtx, s, ic)
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
			if ctx.Err() != nil {
				return nil // told to stop while registering
			}
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
// rather than deferring. A panic is logged and counted, and the user gets
// an apology unless the response was already on its way.
func (g *Gateway) answer(ctx context.Context, s *discordgo.Session, ic *discordgo.InteractionCreate) {
	if ic.Interaction == nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, discordgo.InteractionDeadline)
	defer cancel()
	responding := false
	defer func() {
		if v := recover(); v != nil {
			g.bot.panicked("gateway", v)
			if !responding {
				g.respond(ctx, s, ic.Interaction, apology(ic.Type))
			}
		}
	}()
	resp := g.bot.Respond(ctx, ic.Interaction)
	responding = true
	g.respond(ctx, s, ic.Interaction, resp)
}

// respond sends resp to the interaction's callback, logging a failure
// without the callback URL, which holds the interaction's token.
func (g *Gateway) respond(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction, resp *discordgo.InteractionResponse) {
	if err := s.InteractionRespond(i, resp, discordgo.WithContext(ctx)); err != nil {
		g.log.Error("responding to discord interaction", "err", redacted(err), "type", int(i.Type))
	}
}

// handlers counts the interaction handlers running, so that Run can wait
// for them; once waiting, it lets no new one start.
type handlers struct {
	mu      sync.Mutex
	stopped bool
	wg      sync.WaitGroup
}

func (h *handlers) start() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.stopped {
		return false
	}
	h.wg.Add(1)
	return true
}

func (h *handlers) done() { h.wg.Done() }

func (h *handlers) wait() {
	h.mu.Lock()
	h.stopped = true
	h.mu.Unlock()
	h.wg.Wait()
}
