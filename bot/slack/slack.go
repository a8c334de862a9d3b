// Package slack is incidentbot's Slack app: it receives slash commands,
// button clicks, message shortcuts and mentions over Socket Mode or signed
// HTTP requests, asks the bot engine, and renders each bot.Answer as Block
// Kit. It must not be imported by bot/ or knowledge/; only cmd wires it in.
package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/echo"
	"github.com/incidentbot/incidentbot/bot/incident"
	"github.com/incidentbot/incidentbot/internal/platform"
)

// CheckCallbackID is the callback_id of the "Check against sources"
// message shortcut in manifest.yaml.
const CheckCallbackID = "check_against_sources"

// Config is what a Bot needs. Only the fields of the transports in use
// have to be set: AppToken and BotToken for Socket Mode, SigningSecret for
// HTTP (plus BotToken to answer mentions in threads).
type Config struct {
	BotToken, AppToken, SigningSecret string
	// Public makes command replies visible to the channel instead of
	// ephemeral with a "Share in channel" button.
	Public bool
	// APIURL overrides Slack's Web API base URL ("http://HOST/api/"), for
	// tests against a local fake.
	APIURL string
	// HTTPClient posts to response_url and the Web API; nil means a client
	// with a 10 s timeout that follows no redirect and uses no proxy.
	HTTPClient *http.Client
	// ResponseHosts are the host[:port]s a response_url may name
	// (SLACK_RESPONSE_HOSTS); empty means Slack's own, DefaultResponseHosts.
	// Only https is posted to, except to a loopback host listed here.
	ResponseHosts []string
	// Bodies is the budget HTTP request bodies are read within, shared
	// with the other endpoints; nil bounds each by its own limit only.
	Bodies *platform.Bodies
	// SharedReplays, when set, is the replay guard of every replica
	// (STATE_URL): a signed request any replica let through is refused by
	// all. Each Bot also remembers what it let through itself.
	SharedReplays platform.SharedReplays
	// Locale is the language of the bot's words in this workspace
	// (SLACK_LOCALE: en, ru or uk): Slack's payloads do not say the
	// user's.
	Locale string
	// Registry gets the adapter's series, incidentbot_slack_*; nil
	// registers none.
	Registry prometheus.Registerer
}

// Engine answers command lines; *bot.Engine is one.
type Engine interface {
	Ask(ctx context.Context, req bot.Request) bot.Answer
}

// Bot answers Slack requests from one engine. It is safe for concurrent
// use by both transports at once.
type Bot struct {
	cfg     Config
	engine  Engine
	log     *slog.Logger
	api     *slackapi.Client
	http    *http.Client
	metrics *platform.Metrics
	seen    recent
	replays *platform.Replays
}

// New returns a Bot answering from engine, logging to log (nil discards
// its lines), and registers its series with cfg.Registry.
func New(log *slog.Logger, engine Engine, cfg Config) (*Bot, error) {
	metrics, err := platform.NewMetrics(cfg.Registry, "slack", "Slack HTTP requests", "a Slack request")
	if err != nil {
		return nil, err
	}
	b := &Bot{cfg: cfg, engine: engine, log: log, http: cfg.HTTPClient, metrics: metrics,
		replays: platform.NewReplays(cfg.SharedReplays, 5*time.Minute, maxReplays)}
	if b.log == nil {
		b.log = slog.New(slog.DiscardHandler)
	}
	if b.http == nil {
		b.http = outboundClient()
	}
	if len(b.cfg.ResponseHosts) == 0 {
		b.cfg.ResponseHosts = DefaultResponseHosts
	}
	opts := []slackapi.Option{slackapi.OptionHTTPClient(b.http)}
	if cfg.AppToken != "" {
		opts = append(opts, slackapi.OptionAppLevelToken(cfg.AppToken))
	}
	if cfg.APIURL != "" {
		opts = append(opts, slackapi.OptionAPIURL(cfg.APIURL))
	}
	b.api = slackapi.New(cfg.BotToken, opts...)
	return b, nil
}

// commandLine maps a slash command to the engine's command line. The
// umbrella /incident takes the command as its first word, for workspaces
// where the short names are taken; alone it asks for help.
func commandLine(command, text string) string {
	command = strings.ToLower(strings.TrimSpace(command))
	text = strings.TrimSpace(text)
	if command == "/incident" {
		// "/incident in:ID timeline": the incident goes with the command.
		id, rest := incident.Cut(text)
		rest = strings.TrimPrefix(rest, "/")
		if rest == "" {
			rest = "help"
		}
		return incident.LineIn("/"+rest, id)
	}
	if text == "" {
		return command
	}
	return command + " " + text
}

// reply answers a command line for a user with the first message of the
// page st asks for.
func (b *Bot) reply(ctx context.Context, st state, userID string, places []string) *slackapi.WebhookMessage {
	// The line goes back out in button values: without invisible
	// formatting characters, as the engine reads it.
	st.Line = echo.Visible(st.Line)
	a := b.engine.Ask(ctx, bot.Request{Platform: "slack", Line: st.Line, Page: st.Page, UserID: userID, Locale: b.cfg.Locale, Places: places})
	return render(a, st)
}

// command answers a slash command; the message goes back in the HTTP
// response or the Socket Mode ack.
func (b *Bot) command(ctx context.Context, cmd slackapi.SlashCommand) *slackapi.WebhookMessage {
	return b.reply(ctx, state{Line: commandLine(cmd.Command, cmd.Text), Page: 1, Public: b.cfg.Public}, cmd.UserID, []string{cmd.ChannelID, cmd.TeamID})
}

// places are where a callback came from, for the incident that answers
// there: its channel, then its workspace.
func places(cb slackapi.InteractionCallback) []string { return []string{cb.Channel.ID, cb.Team.ID} }

// interact handles a button click or message shortcut. Its answer, or
// the apology, goes to the callback's response_url.
func (b *Bot) interact(ctx context.Context, q *request, cb slackapi.InteractionCallback) error {
	q.reply = func(ctx context.Context, msg *slackapi.WebhookMessage) error {
		return b.respond(ctx, cb.ResponseURL, msg)
	}
	switch cb.Type {
	case slackapi.InteractionTypeBlockActions:
		// One click is one action; a payload listing more is answered
		// for the first only, so that it cannot multiply the posts.
		acts := cb.ActionCallback.BlockActions
		if len(acts) == 0 {
			return nil
		}
		msg := b.click(ctx, cb, acts[0])
		if msg == nil {
			return nil
		}
		return q.send(ctx, msg)
	case slackapi.InteractionTypeMessageAction:
		if cb.CallbackID != CheckCallbackID {
			// Not one of ours (the manifest names one): unanswered, as
			// a button that is not ours.
			b.log.Warn("slack message shortcut not answered", "callback_id", clipHost(cb.CallbackID))
			return nil
		}
		// Always ephemeral: the user is checking someone else's message.
		msg := b.reply(ctx, state{Line: "/check " + plainText(cb.Message.Text), Page: 1}, cb.User.ID, places(cb))
		return q.send(ctx, msg)
	}
	return nil
}

// click answers a button: nil for a button that is not ours, or whose
// value is not one the bot made (no answer is better than a guess).
func (b *Bot) click(ctx context.Context, cb slackapi.InteractionCallback, act *slackapi.BlockAction) *slackapi.WebhookMessage {
	switch act.ActionID {
	case actionPrev, actionNext, actionShare:
	case actionHelpful, actionUnhelpful:
		return b.vote(ctx, cb, act.Value)
	case actionDetails:
		// The entry in full, for the clicker alone, under the answer.
		a := b.engine.Ask(ctx, bot.Request{Platform: "slack", Details: act.Value, UserID: cb.User.ID, Locale: b.cfg.Locale, Places: places(cb)})
		msg := render(a, state{Page: 1})
		msg.ReplaceOriginal = false
		return msg
	case actionCite:
		// The citation, for the clicker alone, under the answer.
		a := b.engine.Ask(ctx, bot.Request{Platform: "slack", Line: "/cite " + act.Value, UserID: cb.User.ID, Locale: b.cfg.Locale, Places: places(cb)})
		msg := render(a, state{Page: 1})
		msg.ReplaceOriginal = false
		return msg
	default:
		return nil
	}
	st, err := decodeState(act.Value)
	if err != nil {
		b.log.Debug("slack button not answered", "action", act.ActionID, "err", err)
		return nil
	}
	if act.ActionID == actionShare {
		// A new public message under the user's ephemeral one, saying who
		// shared it; the mention is the sharer's own ID, not a ping.
		st.Public, st.By, st.ByName = true, "", ""
		if isUserID(cb.User.ID) {
			st.By = cb.User.ID
		} else {
			st.ByName = cb.User.Name
		}
		return b.reply(ctx, st, cb.User.ID, places(cb))
	}
	a := b.engine.Ask(ctx, bot.Request{Platform: "slack", Line: st.Line, Page: st.Page, UserID: cb.User.ID, Locale: b.cfg.Locale, Places: places(cb)})
	msg := render(a, st)
	// A private answer ("slow down") goes to the clicker alone and must
	// not replace a message others see.
	msg.ReplaceOriginal = !a.Private
	return msg
}

// respond posts msg to a response_url, if it names one of ResponseHosts.
func (b *Bot) respond(ctx context.Context, responseURL string, msg *slackapi.WebhookMessage) error {
	if responseURL == "" {
		return errors.New("no response_url to answer on")
	}
	if err := allowedResponseURL(responseURL, b.cfg.ResponseHosts); err != nil {
		return err
	}
	if err := slackapi.PostWebhookCustomHTTPContext(ctx, responseURL, b.http, msg); err != nil {
		return fmt.Errorf("posting to response_url: %w", platform.Redacted(err))
	}
	return nil
}

// event handles an Events API event: an app_mention is answered as /ask in
// a thread under the mention, where an apology, private to the asker,
// would go too.
func (b *Bot) event(ctx context.Context, q *request, ev slackevents.EventsAPIEvent) error {
	q.reply = nil // until the thread is known
	if ev.Type != slackevents.CallbackEvent {
		return nil
	}
	if cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent); ok && cb.EventID != "" && b.seen.check(cb.EventID) {
		// Slack retries events it thinks were missed; answer once.
		return nil
	}
	m, ok := ev.InnerEvent.Data.(*slackevents.AppMentionEvent)
	if !ok || m == nil || m.BotID != "" {
		return nil
	}
	if b.cfg.BotToken == "" {
		return errors.New("app mention not answered: SLACK_BOT_TOKEN is not set")
	}
	q.reply = func(ctx context.Context, msg *slackapi.WebhookMessage) error { return b.post(ctx, m, msg) }
	places := []string{m.Channel}
	if cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent); ok {
		places = append(places, cb.TeamID)
	}
	msg := b.reply(ctx, state{Line: "/ask " + plainText(m.Text), Page: 1, Public: true}, m.User, places)
	return q.send(ctx, msg)
}

// post answers a mention in its thread: publicly, or to the asker alone
// when the answer is private (a refusal, "slow down").
func (b *Bot) post(ctx context.Context, m *slackevents.AppMentionEvent, msg *slackapi.WebhookMessage) error {
	thread := m.ThreadTimeStamp
	if thread == "" {
		thread = m.TimeStamp
	}
	opts := []slackapi.MsgOption{
		slackapi.MsgOptionText(msg.Text, false),
		slackapi.MsgOptionBlocks(msg.Blocks.BlockSet...),
		slackapi.MsgOptionTS(thread),
		slackapi.MsgOptionDisableLinkUnfurl(),
	}
	var err error
	if msg.ResponseType == slackapi.ResponseTypeEphemeral {
		_, err = b.api.PostEphemeralContext(ctx, m.Channel, m.User, opts...)
	} else {
		_, _, err = b.api.PostMessageContext(ctx, m.Channel, opts...)
	}
	if err != nil {
		return fmt.Errorf("posting mention answer: %w", err)
	}
	return nil
}

var (
	userIDPattern = regexp.MustCompile(`^[UW][A-Z0-9]{2,20}$`)
	// slackMarkup matches Slack's <…> tokens: mentions, channels, links.
	slackMarkup = regexp.MustCompile(`<([^<>]*)>`)
	unescaper   = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")
)

func isUserID(s string) bool { return userIDPattern.MatchString(s) }

// plainText turns Slack message text back into what a reader sees, for
// searching: mentions are dropped, links become their labels and entities
// are decoded.
func plainText(s string) string {
	s = slackMarkup.ReplaceAllStringFunc(s, func(tok string) string {
		inner := tok[1 : len(tok)-1]
		if strings.HasPrefix(inner, "@") || strings.HasPrefix(inner, "!") {
			return " "
		}
		target, label, ok := strings.Cut(inner, "|")
		if strings.HasPrefix(inner, "#") {
			// Channel: show its name when Slack gives one.
			if ok {
				return "#" + label
			}
			return " "
		}
		if ok {
			return label
		}
		return target
	})
	return strings.TrimSpace(unescaper.Replace(s))
}

// recent remembers the last event IDs seen, so a retried event is
// answered once.
type recent struct {
	mu   sync.Mutex
	ids  map[string]bool
	ring [256]string
	next int
}

// check records id and says whether it was already there.
func (r *recent) check(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ids[id] {
		return true
	}
	if r.ids == nil {
		r.ids = map[string]bool{}
	}
	delete(r.ids, r.ring[r.next])
	r.ring[r.next] = id
	r.next = (r.next + 1) % len(r.ring)
	r.ids[id] = true
	return false
}
