package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	slackapi "github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/slack"
	"github.com/incidentbot/incidentbot/knowledge"
)

// signSlack sets the headers of a form POST as Slack signs it with
// secret at ts.
func signSlack(req *http.Request, secret string, ts time.Time, body string) {
	stamp := strconv.FormatInt(ts.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:%s", stamp, body)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Slack-Request-Timestamp", stamp)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
}

// postSigned posts a slash command signed with secret as made at ts.
func postSigned(t *testing.T, addr, secret string, ts time.Time, form url.Values) (int, []byte) {
	t.Helper()
	body := form.Encode()
	req, err := http.NewRequest(http.MethodPost, "http://"+addr+"/slack/commands", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	signSlack(req, secret, ts, body)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, raw
}

// TestServeSlackHTTP runs incidentbot serve with only a signing secret and
// an address, and talks to it as Slack would.
func TestServeSlackHTTP(t *testing.T) {
	const secret = "e2e-signing-secret-0123456789abcdef"
	addr, stderr, stop := startServe(t, map[string]string{"SLACK_SIGNING_SECRET": secret})

	form := url.Values{"command": {"/who-said"}, "text": {"Peskov"}, "user_id": {"U0USER"}, "channel_id": {"C0NEWS"},
		"response_url": {"http://127.0.0.1:1/unused"}}
	code, raw := postSigned(t, addr, secret, time.Now(), form)
	if code != http.StatusOK {
		t.Fatalf("signed /who-said Peskov = %d: %s", code, raw)
	}
	var msg slackapi.WebhookMessage
	if err := json.Unmarshal(raw, &msg); err != nil || msg.Blocks == nil {
		t.Fatalf("answer is not Block Kit: %v\n%s", err, raw)
	}
	var header string
	var quotes, sources int
	for _, b := range msg.Blocks.BlockSet {
		switch b := b.(type) {
		case *slackapi.HeaderBlock:
			header = b.Text.Text
		case *slackapi.ActionBlock:
			if bt, ok := b.Elements.ElementSet[0].(*slackapi.ButtonBlockElement); ok && bt.ActionID == "incidentbot_details" &&
				strings.HasPrefix(bt.Value, "quote/peskov-") {
				quotes++
			}
		case *slackapi.ContextBlock:
			for _, e := range b.ContextElements.Elements {
				if tb, ok := e.(*slackapi.TextBlockObject); ok && strings.Contains(tb.Text, "Doubts commentary") {
					sources++
				}
			}
		}
	}
	if header != "Dmitry Peskov, Kremlin spokesman" || quotes == 0 || sources == 0 {
		t.Errorf("answer header %q with %d quotes with a Details button and %d source lines; want Peskov's quotes:\n%s", header, quotes, sources, raw)
	}

	if code, raw := postSigned(t, addr, "forged-secret", time.Now(), form); code != http.StatusUnauthorized {
		t.Errorf("forged request = %d; want 401: %s", code, raw)
	}
	if code, raw := postSigned(t, addr, secret, time.Now().Add(-10*time.Minute), form); code != http.StatusUnauthorized {
		t.Errorf("10-minute-old request = %d; want 401: %s", code, raw)
	}

	for _, series := range []string{
		`incidentbot_slack_rejected_total{reason="bad_signature"}`,
		`incidentbot_slack_rejected_total{reason="stale"}`,
		`incidentbot_commands_total{command="who-said",outcome="answered",platform="slack"}`,
	} {
		if got := metric(t, addr, series); got != 1 {
			t.Errorf("/metrics %s = %v; want 1", series, got)
		}
	}
	if strings.Contains(stderr.String(), secret) {
		t.Errorf("the signing secret was logged")
	}

	if took := stop(); took > 2*time.Second {
		t.Errorf("serve took %v to stop", took)
	}
}

func TestSlackTransports(t *testing.T) {
	const (
		bot1   = "xoxb-1111-2222-secretbot"
		app1   = "xapp-1-A1-3333-secretapp"
		secret = "signing-secret-value"
	)
	tests := []struct {
		name    string
		cfg     SlackConfig
		want    []string // transport names
		wantErr string
	}{
		{"nothing set", SlackConfig{}, nil, ""},
		{"socket mode", SlackConfig{BotToken: bot1, AppToken: app1}, []string{"slack-socket-mode"}, ""},
		{"http", SlackConfig{SigningSecret: secret}, []string{"slack-http"}, ""},
		{"http with bot token", SlackConfig{SigningSecret: secret, BotToken: bot1}, []string{"slack-http"}, ""},
		{"both", SlackConfig{BotToken: bot1, AppToken: app1, SigningSecret: secret, Reply: "public"}, []string{"slack-socket-mode", "slack-http"}, ""},
		{"tokens swapped", SlackConfig{BotToken: app1, AppToken: bot1}, nil, "SLACK_BOT_TOKEN is not a bot token"},
		{"user token", SlackConfig{BotToken: "xoxp-9999-secretuser", SigningSecret: secret}, nil, "must start with xoxb-"},
		{"app token not xapp", SlackConfig{BotToken: bot1, AppToken: "xoxb-secretapp"}, nil, "must start with xapp-"},
		{"app token without bot token", SlackConfig{AppToken: app1}, nil, "Socket Mode needs both"},
		{"bot token alone", SlackConfig{BotToken: bot1}, nil, "SLACK_BOT_TOKEN alone starts nothing"},
		{"bad reply", SlackConfig{SigningSecret: secret, Reply: "loud"}, nil, `SLACK_REPLY must be ephemeral or public, not "loud"`},
		{"locale", SlackConfig{SigningSecret: secret, Locale: "uk"}, []string{"slack-http"}, ""},
		{"bad locale", SlackConfig{SigningSecret: secret, Locale: "fr"}, nil, `SLACK_LOCALE must be en, ru or uk, not "fr"`},
		{"regional locale", SlackConfig{SigningSecret: secret, Locale: "en-GB"}, []string{"slack-http"}, ""},
		{"a word, not a locale", SlackConfig{SigningSecret: secret, Locale: "english"}, nil, `SLACK_LOCALE must be en, ru or uk, not "english"`},
	}
	base, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := deps{engine: bot.New(nil, base, bot.Config{}), log: slog.New(slog.DiscardHandler), reg: prometheus.NewRegistry()}
			ts, err := tt.cfg.transports(d)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("transports() = %v; want an error with %q", err, tt.wantErr)
				}
				for _, s := range []string{"secretbot", "secretapp", "secretuser", secret} {
					if strings.Contains(err.Error(), s) {
						t.Errorf("error shows a credential: %v", err)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("transports() = %v", err)
			}
			var names []string
			for _, tr := range ts {
				names = append(names, tr.name)
				if tr.name == "slack-http" && len(tr.routes) != 3 {
					t.Errorf("slack-http has %d routes; want 3", len(tr.routes))
				}
				if tr.name == "slack-socket-mode" && tr.run == nil {
					t.Errorf("slack-socket-mode has no run")
				}
			}
			if strings.Join(names, ",") != strings.Join(tt.want, ",") {
				t.Errorf("transports = %v; want %v", names, tt.want)
			}
		})
	}
}

func TestSlackManifestCommand(t *testing.T) {
	stdout, stderr, code := runCLI(t, "", "slack-manifest")
	if code != 0 || stdout != string(slack.Manifest()) {
		t.Errorf("slack-manifest = %d, stderr %q; want the manifest", code, stderr)
	}
	if !strings.Contains(stdout, "command: /who-said") {
		t.Errorf("manifest lacks /who-said:\n%s", stdout)
	}
}
