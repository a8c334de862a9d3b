package slack

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/incidentbot/incidentbot/bot"
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

// Reasons a request is refused, the label values of
// incidentbot_slack_rejected_total.
const (
	reasonBadSignature = "bad_signature"
	reasonStale        = "stale"
	reasonTooLarge     = "too_large"
	reasonBadRequest   = "bad_request"
	reasonBusy         = "busy"
	reasonReplay       = "replay"
)

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
		"POST /slack/commands":      b.verified(MaxCommandBytes, b.serveCommand),
		"POST /slack/interactivity": b.verified(MaxBodyBytes, b.serveInteraction),
		"POST /slack/events":        b.verified(MaxBodyBytes, b.serveEvent),
	}
}

// verified wraps next so that it only sees requests signed with the
// signing secret and not seen before, with their body read (at most
// limit bytes, within the shared budget) and restored.
func (b *Bot) verified(limit int64, next func(http.ResponseWriter, *http.Request)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The header check is cheap and refuses unsigned and stale
		// requests before their bodies are read.
		sv, err := slackapi.NewSecretsVerifier(r.Header, b.cfg.SigningSecret)
		if err != nil {
			reason := reasonBadSignature
			if errors.Is(err, slackapi.ErrExpiredTimestamp) {
				reason = reasonStale
			}
			b.reject(w, r, http.StatusUnauthorized, reason)
			return
		}
		body, release, err := b.cfg.Bodies.Read(r, limit)
		if err != nil {
			b.reject(w, r, bot.HTTPStatus(err), bot.BodyReason(err))
			return
		}
		defer release()
		if _, err := sv.Write(body); err != nil {
			b.reject(w, r, http.StatusBadRequest, reasonBadRequest)
			return
		}
		if err := sv.Ensure(); err != nil {
			b.reject(w, r, http.StatusUnauthorized, reasonBadSignature)
			return
		}
		// NewSecretsVerifier has checked both headers' form and the
		// timestamp's age.
		sig, _ := hex.DecodeString(strings.TrimPrefix(r.Header.Get("X-Slack-Signature"), "v0="))
		ts, _ := strconv.ParseInt(r.Header.Get("X-Slack-Request-Timestamp"), 10, 64)
		if b.replays.Seen(sig, ts, time.Now()) {
			b.reject(w, r, http.StatusUnauthorized, reasonReplay)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		tw := &tracked{ResponseWriter: w}
		defer b.recoverHTTP(tw, r)
		next(tw, r)
	})
}

// recoverHTTP, deferred, turns a panic in a verified request's handler
// into an apology: a 200 with a private message, which Slack shows for a
// slash command and, from the other endpoints, takes as the ack it needs.
// If the handler had already answered, the panic is only logged and
// counted.
func (b *Bot) recoverHTTP(w *tracked, r *http.Request) {
	v := recover()
	if v == nil {
		return
	}
	b.panicked(r.URL.Path, v)
	if !w.wrote {
		b.writeJSON(w, apology())
	}
}

func (b *Bot) reject(w http.ResponseWriter, r *http.Request, status int, reason string) {
	b.rejected.WithLabelValues(reason).Inc()
	b.log.Debug("slack request refused", "path", r.URL.Path, "reason", reason, "status", status)
	http.Error(w, http.StatusText(status), status)
}

func (b *Bot) serveCommand(w http.ResponseWriter, r *http.Request) {
	cmd, err := slackapi.SlashCommandParse(r)
	if err != nil {
		b.reject(w, r, http.StatusBadRequest, reasonBadRequest)
		return
	}
	if r.PostForm.Get("ssl_check") == "1" {
		// Slack checking the certificate: nothing to answer.
		return
	}
	if cmd.Command == "" {
		b.reject(w, r, http.StatusBadRequest, reasonBadRequest)
		return
	}
	b.writeJSON(w, b.command(r.Context(), cmd))
}

func (b *Bot) serveInteraction(w http.ResponseWriter, r *http.Request) {
	cb, err := slackapi.InteractionCallbackParse(r)
	if err != nil {
		b.reject(w, r, http.StatusBadRequest, reasonBadRequest)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), handleTimeout)
	defer cancel()
	if err := b.interact(ctx, cb); err != nil {
		// The click is acknowledged anyway: Slack does not retry
		// interactions, and an error page would tell the user nothing.
		b.log.Warn("slack interaction failed", "type", string(cb.Type), "err", err)
	}
	w.WriteHeader(http.StatusOK)
}

func (b *Bot) serveEvent(w http.ResponseWriter, r *http.Request) {
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		b.reject(w, r, http.StatusBadRequest, reasonBadRequest)
		return
	}
	// The signature is the verification; the legacy token is not used.
	ev, err := slackevents.ParseEvent(raw, slackevents.OptionNoVerifyToken())
	if err != nil {
		b.reject(w, r, http.StatusBadRequest, reasonBadRequest)
		return
	}
	if ev.Type == slackevents.URLVerification {
		uv, ok := ev.Data.(*slackevents.EventsAPIURLVerificationEvent)
		if !ok {
			b.reject(w, r, http.StatusBadRequest, reasonBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if _, err := io.WriteString(w, uv.Challenge); err != nil {
			b.log.Debug("slack challenge not written", "err", err)
		}
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), handleTimeout)
	defer cancel()
	if err := b.event(ctx, ev); err != nil {
		// Acknowledged anyway, or Slack would retry an answer that
		// cannot be posted.
		b.log.Warn("slack event failed", "type", ev.InnerEvent.Type, "err", err)
	}
	w.WriteHeader(http.StatusOK)
}

func (b *Bot) writeJSON(w http.ResponseWriter, v any) {
	raw, err := json.Marshal(v)
	if err != nil {
		b.log.Error("slack answer not encoded", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if _, err := w.Write(raw); err != nil {
		// Slack hung up; it shows the user its own timeout message.
		b.log.Debug("slack answer not written", "err", err)
	}
}
