package slack

import (
	"context"
	"errors"
	"net/http"

	slackapi "github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/internal/platform"
)

// apology is the private message a user gets instead of an answer that
// failed, in the workspace's language (SLACK_LOCALE), as its answers are.
func apology(locale string) *slackapi.WebhookMessage {
	text := bot.Apology(locale)
	return &slackapi.WebhookMessage{
		ResponseType: slackapi.ResponseTypeEphemeral,
		Text:         text,
		Blocks:       &slackapi.Blocks{BlockSet: []slackapi.Block{section(text)}},
	}
}

// request is one thing Slack asked of the bot, whichever transport it
// came by: where its answer goes, and whether one has gone.
type request struct {
	// transport (http or socket) and kind name it for the log.
	transport string
	kind      kind
	// reply delivers a message where the answer goes: the HTTP response,
	// the Socket Mode ack, a response_url or the mention's thread; nil
	// while the handler does not know where that is.
	reply   func(context.Context, *slackapi.WebhookMessage) error
	replied bool
}

// send delivers msg, the one answer a request takes. It counts as replied
// once any of it may have gone out: not when reply panics or fails with
// platform.ErrUnsent, so that serve's apology still reaches the user.
func (q *request) send(ctx context.Context, msg *slackapi.WebhookMessage) error {
	err := q.reply(ctx, msg)
	q.replied = !errors.Is(err, platform.ErrUnsent)
	return err
}

// kind is what a request asks: a slash command, an interaction (a button
// or a message shortcut) or an Events API event (a mention).
type kind string

const (
	kindCommand     kind = "command"
	kindInteraction kind = "interaction"
	kindEvent       kind = "event"
	// kindSocket is a Socket Mode event before it is known to be one of
	// the others.
	kindSocket kind = "socket_event"
)

// failed is the log line of a request of kind k that failed.
func (k kind) failed() string {
	switch k {
	case kindInteraction:
		return "slack interaction failed"
	case kindEvent:
		return "slack event failed"
	}
	return "slack request failed"
}

// serve runs h, a transport's work on one request, and is where all that
// can go wrong with it ends, as in disgo's router: a panic is recovered
// (platform.Recover), and it or an error h returns is logged, a panic is
// counted, and the user gets an apology where the answer would have gone,
// unless one has gone already. A request the bot chooses not to answer (a
// forged button, a retried event) is no error.
func (b *Bot) serve(ctx context.Context, q *request, h func() error) {
	err := platform.Recover(h)
	if err == nil {
		return
	}
	if p, ok := errors.AsType[*platform.PanicError](err); ok {
		// The stack says where; the request, which may hold a
		// response_url, is not logged.
		b.metrics.Panicked()
		b.log.Error("panic answering a slack request", "transport", q.transport, "handling", string(q.kind), "panic", p.Value, "stack", p.Stack)
	} else {
		b.log.Warn(q.kind.failed(), "transport", q.transport, "err", platform.Redacted(err))
	}
	if q.replied || q.reply == nil {
		return
	}
	if err := q.send(ctx, apology(b.cfg.Locale)); err != nil {
		b.log.Warn(q.kind.failed(), "transport", q.transport, "err", platform.Redacted(err))
	}
}

// tracked is a ResponseWriter that remembers whether anything was
// written, so that a recovered panic answers only if nothing was.
type tracked struct {
	http.ResponseWriter
	wrote bool
}

func (t *tracked) WriteHeader(status int) {
	t.wrote = true
	t.ResponseWriter.WriteHeader(status)
}

func (t *tracked) Write(p []byte) (int, error) {
	t.wrote = true
	return t.ResponseWriter.Write(p)
}
