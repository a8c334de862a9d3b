package discord

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/prometheus/client_golang/prometheus"
)

// HTTP interactions limits.
const (
	// MaxBody bounds a request body; Discord's are a few kilobytes.
	MaxBody = 1 << 20
	// MaxAge is how far a request's timestamp may be from now. A captured
	// request replayed later is refused; discordgo does not check this.
	MaxAge = 5 * time.Minute
)

// Reasons a request is refused, the values of the rejection counter's
// reason label.
const (
	reasonBadSignature = "bad_signature"
	reasonStale        = "stale"
	reasonTooLarge     = "too_large"
	reasonBadRequest   = "bad_request"
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
}

// NewInteractions returns the handler for POST /discord/interactions and
// registers its rejection counter and the bot's panic counter with reg.
func NewInteractions(b *Bot, key ed25519.PublicKey, reg prometheus.Registerer, log *slog.Logger) (*Interactions, error) {
	if len(key) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("discord public key is %d bytes; want %d", len(key), ed25519.PublicKeySize)
	}
	rejected := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "incidentbot_discord_rejected_total",
		Help: "Discord HTTP interactions refused before processing, by reason (bad_signature, stale, too_large, bad_request).",
	}, []string{"reason"})
	for _, r := range []string{reasonBadSignature, reasonStale, reasonTooLarge, reasonBadRequest} {
		rejected.WithLabelValues(r) // show zeros rather than no series
	}
	if err := reg.Register(rejected); err != nil {
		return nil, fmt.Errorf("registering the discord rejection counter: %w", err)
	}
	if err := b.registerPanics(reg); err != nil {
		return nil, err
	}
	return &Interactions{bot: b, key: key, log: log, rejected: rejected, now: time.Now}, nil
}

func (h *Interactions) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		if errors.As(err, new(*http.MaxBytesError)) {
			h.reject(w, http.StatusRequestEntityTooLarge, reasonTooLarge)
			return
		}
		h.reject(w, http.StatusBadRequest, reasonBadRequest)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if !discordgo.VerifyInteraction(r, h.key) {
		h.reject(w, http.StatusUnauthorized, reasonBadSignature)
		return
	}
	if !h.fresh(r.Header.Get("X-Signature-Timestamp")) {
		h.reject(w, http.StatusUnauthorized, reasonStale)
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

// fresh says whether a signed timestamp (Unix seconds) is within MaxAge of
// now, either way.
func (h *Interactions) fresh(ts string) bool {
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return false
	}
	age := h.now().Sub(time.Unix(sec, 0))
	return age <= MaxAge && age >= -MaxAge
}

func (h *Interactions) reject(w http.ResponseWriter, status int, reason string) {
	h.rejected.WithLabelValues(reason).Inc()
	h.log.Debug("discord request refused", "reason", reason, "status", status)
	http.Error(w, http.StatusText(status), status)
}
