package discord

import (
	"crypto/ed25519"
	"encoding/hex"
	"net/http"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/incidentbot/incidentbot/internal/platform"
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

// Routes returns Discord's HTTP interactions endpoint,
// POST /discord/interactions, if Config.PublicKey is set. It verifies each
// request's ed25519 signature and age, then answers in the HTTP response
// itself, so that it needs only the public key and any number of replicas
// can serve behind a load balancer.
func (b *Bot) Routes() map[string]http.Handler {
	if len(b.cfg.PublicKey) == 0 {
		return nil
	}
	return map[string]http.Handler{"POST /discord/interactions": http.HandlerFunc(b.serveHTTP)}
}

func (b *Bot) serveHTTP(w http.ResponseWriter, r *http.Request) {
	// The headers first: a request without a well-formed signature and a
	// fresh timestamp is refused before any of its body is read.
	stamp := r.Header.Get("X-Signature-Timestamp")
	sig, err := hex.DecodeString(r.Header.Get("X-Signature-Ed25519"))
	if err != nil || len(sig) != ed25519.SignatureSize {
		b.reject(w, http.StatusUnauthorized, platform.ReasonBadSignature)
		return
	}
	sec, fresh := b.fresh(stamp)
	if !fresh {
		b.reject(w, http.StatusUnauthorized, platform.ReasonStale)
		return
	}
	body, release, err := b.cfg.Bodies.Read(r, MaxBody)
	if err != nil {
		b.reject(w, platform.HTTPStatus(err), platform.BodyReason(err))
		return
	}
	defer release()
	signed := make([]byte, 0, len(stamp)+len(body))
	if !ed25519.Verify(b.cfg.PublicKey, append(append(signed, stamp...), body...), sig) {
		b.reject(w, http.StatusUnauthorized, platform.ReasonBadSignature)
		return
	}
	if b.replays.Seen(r.Context(), sig, sec, b.now()) {
		b.reject(w, http.StatusUnauthorized, platform.ReasonReplay)
		return
	}
	if err := platform.CheckElements(body, false); err != nil {
		b.reject(w, platform.HTTPStatus(err), platform.BodyReason(err))
		return
	}
	// From here on a failure is the app's, not the request's: the user
	// gets an apology unless the answer has already gone out.
	x := httpExchange(w)
	b.serve(x, func() error {
		i, err := decodeInteraction(body)
		if err != nil {
			b.reject(w, http.StatusBadRequest, platform.ReasonBadRequest)
			return nil
		}
		x.typ, x.locale = i.Type, i.Locale
		return x.respond(b.Respond(r.Context(), i))
	})
}

// httpExchange is an interaction answered in the HTTP response w.
func httpExchange(w http.ResponseWriter) *exchange {
	return &exchange{transport: "http", send: func(resp *discordgo.InteractionResponse) error { return write(w, resp) }}
}

// fresh parses a signed timestamp (Unix seconds) and says whether it is
// within MaxAge of now, either way.
func (b *Bot) fresh(ts string) (int64, bool) {
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return 0, false
	}
	age := b.now().Sub(time.Unix(sec, 0))
	return sec, age <= MaxAge && age >= -MaxAge
}

func (b *Bot) reject(w http.ResponseWriter, status int, reason string) {
	b.metrics.Rejected(reason)
	b.log.Debug("discord request refused", "reason", reason, "status", status)
	http.Error(w, http.StatusText(status), status)
}
