package discord

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/incidentbot/incidentbot/bot"
)

// HTTP interactions limits.
const (
	// MaxBody bounds a request body. Discord documents no maximum for an
	// interaction; the largest it can send is a message command's
	// resolved message: up to 4,000 characters of content and 6,000 of
	// embeds, at most 12 bytes each once JSON-escaped (about 120 KB), plus
	// the ids and member objects around them. Commands and clicks are a
	// few kilobytes.
	MaxBody = 256 << 10
	// MaxAge is how far a request's timestamp may be from now. A captured
	// request replayed later is refused; discordgo does not check this.
	MaxAge = 5 * time.Minute
	// maxReplays bounds the signatures remembered against replays.
	maxReplays = 100_000
)

// Reasons a request is refused, the values of the rejection counter's
// reason label.
const (
	reasonBadSignature = "bad_signature"
	reasonStale        = "stale"
	reasonTooLarge     = "too_large"
	reasonBadRequest   = "bad_request"
	reasonBusy         = "busy"
	reasonReplay       = "replay"
)

// Interactions serves Discord's HTTP interactions endpoint: it verifies
// each request's ed25519 signature and age, then answers in the HTTP
// response itself, so that it needs only the public key and any number of
// replicas can serve behind a load balancer.
type Interactions struct {
	bot      *Bot
	key      ed25519.PublicKey
	log      *slog.Logger
	rejected *prometheus.CounterVec
	now      func() time.Time
	bodies   *bot.Bodies
	replays  *bot.Replays
}

// NewInteractions returns the handler for POST /discord/interactions and
// registers its rejection counter and the bot's panic counter with reg.
// Bodies are read within bodies, a budget shared with the other endpoints
// (nil: each bounded by MaxBody only).
func NewInteractions(b *Bot, key ed25519.PublicKey, bodies *bot.Bodies, reg prometheus.Registerer, log *slog.Logger) (*Interactions, error) {
	if len(key) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("discord public key is %d bytes; want %d", len(key), ed25519.PublicKeySize)
	}
	rejected := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "incidentbot_discord_rejected_total",
		Help: "Discord HTTP interactions refused before processing, by reason (bad_signature, stale, too_large, bad_request, busy, replay).",
	}, []string{"reason"})
	for _, r := range []string{reasonBadSignature, reasonStale, reasonTooLarge, reasonBadRequest, reasonBusy, reasonReplay} {
		rejected.WithLabelValues(r) // show zeros rather than no series
	}
	if err := reg.Register(rejected); err != nil {
		return nil, fmt.Errorf("registering the discord rejection counter: %w", err)
	}
	if err := b.registerPanics(reg); err != nil {
		return nil, err
	}
	return &Interactions{bot: b, key: key, log: log, rejected: rejected, now: time.Now, bodies: bodies,
		replays: bot.NewReplays(MaxAge, maxReplays)}, nil
}

func (h *Interactions) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// The headers first: a request without a well-formed signature and a
	// fresh timestamp is refused before any of its body is read.
	stamp := r.Header.Get("X-Signature-Timestamp")
	sig, err := hex.DecodeString(r.Header.Get("X-Signature-Ed25519"))
	if err != nil || len(sig) != ed25519.SignatureSize {
		h.reject(w, http.StatusUnauthorized, reasonBadSignature)
		return
	}
	sec, fresh := h.fresh(stamp)
	if !fresh {
		h.reject(w, http.StatusUnauthorized, reasonStale)
		return
	}
	body, release, err := h.bodies.Read(r, MaxBody)
	if err != nil {
		h.reject(w, bot.HTTPStatus(err), bot.BodyReason(err))
		return
	}
	defer release()
	signed := make([]byte, 0, len(stamp)+len(body))
	if !ed25519.Verify(h.key, append(append(signed, stamp...), body...), sig) {
		h.reject(w, http.StatusUnauthorized, reasonBadSignature)
		return
	}
	if h.replays.Seen(sig, sec, h.now()) {
		h.reject(w, http.StatusUnauthorized, reasonReplay)
		return
	}
	// From here on a panic is the app's fault, not the request's: the
	// user gets an apology unless the answer has already gone out.
	var i discordgo.Interaction
	sent := false
	defer func() {
		if v := recover(); v != nil {
			h.bot.panicked("http", v)
			if !sent {
				h.send(w, apology(i.Type), &sent)
			}
		}
	}()
	if err := json.Unmarshal(body, &i); err != nil {
		h.reject(w, http.StatusBadRequest, reasonBadRequest)
		return
	}
	h.send(w, h.bot.Respond(r.Context(), &i), &sent)
}

// send encodes and writes resp, and sets *sent once anything is written.
func (h *Interactions) send(w http.ResponseWriter, resp *discordgo.InteractionResponse, sent *bool) {
	out, err := encode(resp)
	*sent = true
	if err != nil {
		h.log.Error("encoding discord response", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if _, err := w.Write(out); err != nil {
		h.log.Debug("writing discord response", "err", err)
	}
}

// encode is resp as JSON for the client, which reads it as JSON, never as
// HTML: no HTML escaping.
func encode(resp *discordgo.InteractionResponse) ([]byte, error) {
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(resp); err != nil {
		return nil, fmt.Errorf("encoding discord response: %w", err)
	}
	return out.Bytes(), nil
}

// fresh parses a signed timestamp (Unix seconds) and says whether it is
// within MaxAge of now, either way.
func (h *Interactions) fresh(ts string) (int64, bool) {
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return 0, false
	}
	age := h.now().Sub(time.Unix(sec, 0))
	return sec, age <= MaxAge && age >= -MaxAge
}

func (h *Interactions) reject(w http.ResponseWriter, status int, reason string) {
	h.rejected.WithLabelValues(reason).Inc()
	h.log.Debug("discord request refused", "reason", reason, "status", status)
	http.Error(w, http.StatusText(status), status)
}
