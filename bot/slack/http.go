package slack

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/incidentbot/incidentbot/internal/platform"
)

// Body limits; larger bodies get 413 before any of them is read. Slack
// documents no maximum request size. A message's text is cut at 40,000
// characters (api.slack.com/changelog/2018-04-truncating-really-long-messages);
// a message shortcut's payload and an app_mention event carry that text
// twice (as text and as rich_text blocks), JSON-escaped and, for
// interactivity, form-encoded, at up to 12 bytes a character: just under
// 1 MiB. A slash command carries its text once.
const (
	MaxBodyBytes    = 1 << 20   // /slack/interactivity, /slack/events
	MaxCommandBytes = 512 << 10 // /slack/commands
)

// maxReplays bounds the signatures remembered against replays.
const maxReplays = 100_000

// handleTimeout bounds the work behind one HTTP request (a post to
// response_url or chat.postMessage) so that Slack gets its answer within
// its 3 s deadline.
const handleTimeout = 2500 * time.Millisecond

// Routes returns the HTTP endpoints of the Slack app, for the Request URLs
// of the slash commands, interactivity and event subscriptions. Every
// request must carry a valid signature made with the signing secret no more
// than five minutes ago.
func (b *Bot) Routes() map[string]http.Handler {
	return map[string]http.Handler{
		"POST " + CommandsPath:      b.verified(MaxCommandBytes, b.serveCommand),
		"POST " + InteractivityPath: b.verified(MaxBodyBytes, b.serveInteraction),
		"POST " + EventsPath:        b.verified(MaxBodyBytes, b.serveEvent),
	}
}

// handler is an endpoint's work on a verified request q. It answers
// through q, which writes the HTTP response unless the handler says the
// answer goes elsewhere, and returns what went wrong.
type handler func(ctx context.Context, q *request, w http.ResponseWriter, r *http.Request) error

// verified wraps next so that it only sees requests signed with the
// signing secret and not seen before, with their body read (at most
// limit bytes, within the shared budget) and restored, and runs it in
// serve within handleTimeout. Whatever next leaves unanswered gets a 200:
// an apology if it failed, else the empty ack Slack waits for.
func (b *Bot) verified(limit int64, next handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The header check is cheap and refuses unsigned and stale
		// requests before their bodies are read.
		sv, err := slackapi.NewSecretsVerifier(r.Header, b.cfg.SigningSecret)
		if err != nil {
			reason := platform.ReasonBadSignature
			if errors.Is(err, slackapi.ErrExpiredTimestamp) {
				reason = platform.ReasonStale
			}
			b.reject(w, r, http.StatusUnauthorized, reason)
			return
		}
		body, release, err := b.cfg.Bodies.Read(r, limit)
		if err != nil {
			b.reject(w, r, platform.HTTPStatus(err), platform.BodyReason(err))
			return
		}
		defer release()
		if _, err := sv.Write(body); err != nil {
			b.reject(w, r, http.StatusBadRequest, platform.ReasonBadRequest)
			return
		}
		if err := sv.Ensure(); err != nil {
			b.reject(w, r, http.StatusUnauthorized, platform.ReasonBadSignature)
			return
		}
		// NewSecretsVerifier has checked both headers' form and the
		// timestamp's age.
		sig, _ := hex.DecodeString(strings.TrimPrefix(r.Header.Get("X-Slack-Signature"), "v0="))
		ts, _ := strconv.ParseInt(r.Header.Get("X-Slack-Request-Timestamp"), 10, 64)
		if b.replays.Seen(r.Context(), sig, ts, time.Now()) {
			b.reject(w, r, http.StatusUnauthorized, platform.ReasonReplay)
			return
		}
		if err := platform.CheckElements(body, routeKind(r.URL.Path) != kindEvent); err != nil {
			b.reject(w, r, platform.HTTPStatus(err), platform.BodyReason(err))
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		ctx, cancel := context.WithTimeout(r.Context(), handleTimeout)
		defer cancel()
		tw := &tracked{ResponseWriter: w}
		// The HTTP response carries one answer: a private message, which
		// Slack shows for a slash command and, from the other endpoints,
		// takes as the ack it needs.
		q := &request{transport: "http", kind: routeKind(r.URL.Path), reply: func(_ context.Context, msg *slackapi.WebhookMessage) error {
			if tw.wrote {
				return nil
			}
			return b.writeJSON(tw, msg)
		}}
		b.serve(ctx, q, func() error { return next(ctx, q, tw, r) })
		if !tw.wrote {
			tw.WriteHeader(http.StatusOK)
		}
	})
}

// routeKind is what the requests to an endpoint ask.
func routeKind(path string) kind {
	switch path {
	case InteractivityPath:
		return kindInteraction
	case EventsPath:
		return kindEvent
	}
	return kindCommand
}

func (b *Bot) reject(w http.ResponseWriter, r *http.Request, status int, reason string) {
	b.metrics.Rejected(reason)
	b.log.Debug("slack request refused", "path", r.URL.Path, "reason", reason, "status", status)
	http.Error(w, http.StatusText(status), status)
}

func (b *Bot) serveCommand(ctx context.Context, q *request, w http.ResponseWriter, r *http.Request) error {
	cmd, err := slackapi.SlashCommandParse(r)
	if err != nil {
		b.reject(w, r, http.StatusBadRequest, platform.ReasonBadRequest)
		return nil
	}
	if r.PostForm.Get("ssl_check") == "1" {
		// Slack checking the certificate: nothing to answer.
		return nil
	}
	if cmd.Command == "" {
		b.reject(w, r, http.StatusBadRequest, platform.ReasonBadRequest)
		return nil
	}
	return q.send(ctx, b.command(ctx, cmd))
}

// serveInteraction answers a click or shortcut at its response_url; the
// HTTP response is the empty ack, also when that fails: Slack does not
// retry interactions, and an error page would tell the user nothing.
func (b *Bot) serveInteraction(ctx context.Context, q *request, w http.ResponseWriter, r *http.Request) error {
	cb, err := slackapi.InteractionCallbackParse(r)
	if err != nil {
		b.reject(w, r, http.StatusBadRequest, platform.ReasonBadRequest)
		return nil
	}
	return b.interact(ctx, q, cb)
}

// serveEvent answers a mention in its thread; the HTTP response is the
// empty ack, also when that fails, or Slack would retry an answer that
// cannot be posted.
func (b *Bot) serveEvent(ctx context.Context, q *request, w http.ResponseWriter, r *http.Request) error {
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		b.reject(w, r, http.StatusBadRequest, platform.ReasonBadRequest)
		return nil
	}
	// The signature is the verification; the legacy token is not used.
	ev, err := slackevents.ParseEvent(raw, slackevents.OptionNoVerifyToken())
	if err != nil {
		b.reject(w, r, http.StatusBadRequest, platform.ReasonBadRequest)
		return nil
	}
	if ev.Type == slackevents.URLVerification {
		uv, ok := ev.Data.(*slackevents.EventsAPIURLVerificationEvent)
		if !ok {
			b.reject(w, r, http.StatusBadRequest, platform.ReasonBadRequest)
			return nil
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if _, err := io.WriteString(w, uv.Challenge); err != nil {
			b.log.Debug("slack challenge not written", "err", err)
		}
		return nil
	}
	return b.event(ctx, q, ev)
}

// writeJSON writes v as the HTTP response. An error writing it is only
// logged: Slack hung up, and shows the user its own timeout message.
func (b *Bot) writeJSON(w http.ResponseWriter, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		// Nothing written: serve's apology goes in its place.
		return fmt.Errorf("encoding the slack answer: %w: %w", platform.ErrUnsent, err)
	}
	w.Header().Set("Content-Type", "application/json")
	if _, err := w.Write(raw); err != nil {
		b.log.Debug("slack answer not written", "err", err)
	}
	return nil
}
