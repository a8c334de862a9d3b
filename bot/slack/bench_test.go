package slack

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
)

// BenchmarkHTTPSlashCommand measures one slash command through the HTTP
// handler: signing (as Slack would), verification, form parsing, the
// engine's answer, Block Kit rendering within limits and JSON encoding.
func BenchmarkHTTPSlashCommand(b *testing.B) {
	bt, _ := testBot(b, Config{})
	mux := http.NewServeMux()
	for pattern, h := range bt.Routes() {
		mux.Handle(pattern, h)
	}
	b.ReportAllocs()
	for b.Loop() {
		// Each its own command (trigger_id), as Slack's are: a repeat is
		// refused as a replay.
		body := commandForm("/who-said", "Peskov").Encode()
		r := httptest.NewRequest(http.MethodPost, "/slack/commands", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		sign(r, testSecret, time.Now(), body)
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
	}
}

// BenchmarkVerify measures the bare HMAC-SHA256 check of one signed slash
// command body, as the handler does it.
func BenchmarkVerify(b *testing.B) {
	body := []byte(commandForm("/who-said", "Peskov").Encode())
	stamp := strconv.FormatInt(time.Now().Unix(), 10)
	mac := hmac.New(sha256.New, []byte(testSecret))
	mac.Write([]byte("v0:" + stamp + ":"))
	mac.Write(body)
	h := http.Header{}
	h.Set("X-Slack-Request-Timestamp", stamp)
	h.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	b.ReportAllocs()
	for b.Loop() {
		sv, err := slackapi.NewSecretsVerifier(h, testSecret)
		if err != nil {
			b.Fatal(err)
		}
		sv.Write(body)
		if err := sv.Ensure(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRender measures turning one page of an answer into Block Kit
// within Slack's limits, without the engine or the network.
func BenchmarkRender(b *testing.B) {
	for _, line := range []string{"/who-said Peskov", "/claims"} {
		a := testEngine(b).Ask(context.Background(), bot.Request{Line: line})
		b.Run(line, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				render(a, state{Line: line, Page: 1})
			}
		})
	}
}
