package discord

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/bwmarrin/discordgo"
)

// Run answers interactions that arrive over a discordgo Session.
// It opens the session with Config.Token, registers the commands with one
// bulk overwrite (from shard 0 only, so that shards do not repeat it),
// answers
// interactions until ctx is done, then closes the session and waits for
// the answers in flight. discordgo reconnects and resumes by itself when
// the socket drops.
func (b *Bot) Run(ctx context.Context) error {
	if b.cfg.Token == "" {
		return errors.New("discord gateway needs a bot token and an application ID")
	}
	s, err := b.session()
	if err != nil {
		return err
	}
	// Interactions need no intent; IntentsGuilds is the least the gateway
	// accepts, and nothing privileged is asked for.
	s.Identify.Intents = discordgo.IntentsGuilds
	s.StateEnabled = false
	if b.cfg.ShardCount > 1 {
		s.ShardID, s.ShardCount = b.cfg.ShardID, b.cfg.ShardCount
	}
	// discordgo runs each handler in its own goroutine. Answers in flight
	// when ctx ends still go out, within Discord's deadline: Run
	// waits for them after closing the session, so that no new ones start.
	var inflight handlers
	defer inflight.wait()
	answerCtx := context.WithoutCancel(ctx)
	s.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		if !inflight.start() {
			return
		}
		defer inflight.done()
		b.answer(answerCtx, s, ic)
	})
	if err := s.Open(); err != nil {
		return fmt.Errorf("opening discord gateway: %w", err)
	}
	defer func() {
		if err := s.Close(); err != nil {
			b.log.Warn("closing discord gateway", "err", err)
		}
	}()
	if b.cfg.ShardID == 0 {
		if _, err := b.register(ctx, s); err != nil {
			if ctx.Err() != nil {
				return nil // told to stop while registering
			}
			return err
		}
	}
	b.log.Info("discord gateway connected", "shard", b.cfg.ShardID, "shards", max(b.cfg.ShardCount, 1))
	<-ctx.Done()
	return nil
}

// answer responds to one interaction within Discord's deadline. The
// engine answers in well under a millisecond, so it responds directly
// rather than deferring.
func (b *Bot) answer(ctx context.Context, s *discordgo.Session, ic *discordgo.InteractionCreate) {
	if ic.Interaction == nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, discordgo.InteractionDeadline)
	defer cancel()
	x := &exchange{transport: "gateway", typ: ic.Type, locale: ic.Locale, send: func(resp *discordgo.InteractionResponse) error {
		// Errors from net/http hold the callback URL, and with it the
		// interaction's token: serve logs them redacted.
		return s.InteractionRespond(ic.Interaction, resp, discordgo.WithContext(ctx))
	}}
	b.serve(x, func() error { return x.respond(b.Respond(ctx, ic.Interaction)) })
}

// handlers counts the interaction handlers running, so that Run
// can wait for them; once waiting, it lets no new one start.
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

// session returns a discordgo session with the bot token, not yet open.
func (b *Bot) session() (*discordgo.Session, error) {
	token := b.cfg.Token
	if !strings.HasPrefix(token, "Bot ") {
		token = "Bot " + token
	}
	s, err := discordgo.New(token)
	if err != nil {
		return nil, fmt.Errorf("creating discord session: %w", err)
	}
	return s, nil
}

// Register registers the commands with one bulk overwrite over Discord's
// REST API, with Config.Token and Config.AppID: in Config.GuildID if set,
// otherwise globally. It needs no gateway connection, so HTTP-only
// deployments use it (incidentbot discord-register, and serve when it has
// a token beside the public key). It returns how many commands Discord
// now has.
func (b *Bot) Register(ctx context.Context) (int, error) {
	if b.cfg.Token == "" || b.cfg.AppID == "" {
		return 0, errors.New("registering discord commands needs a bot token and an application ID")
	}
	s, err := b.session()
	if err != nil {
		return 0, err
	}
	return b.register(ctx, s)
}

func (b *Bot) register(ctx context.Context, s *discordgo.Session) (int, error) {
	cmds, err := s.ApplicationCommandBulkOverwrite(b.cfg.AppID, b.cfg.GuildID, Commands(), discordgo.WithContext(ctx))
	if err != nil {
		return 0, fmt.Errorf("registering discord commands: %w", err)
	}
	scope := "global"
	if b.cfg.GuildID != "" {
		scope = "guild"
	}
	b.log.Info("discord commands registered", "count", len(cmds), "scope", scope)
	return len(cmds), nil
}
