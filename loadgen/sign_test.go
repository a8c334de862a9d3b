package loadgen

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	slackapi "github.com/slack-go/slack"
)

// TestDiscordSigned: every built interaction passes discordgo's own
// signature check, is refused by it when tampered with or checked against
// another key, and decodes as the slash command it stands for.
func TestDiscordSigned(t *testing.T) {
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	otherPub, _, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Unix(1_700_000_000, 0)
	d := Discord{Key: priv, Now: func() time.Time { return at }}
	want := []struct{ name, option, value string }{
		{"who-said", "query", "John Kirby"},
		{"ask", "question", "what did John Kirby say?"},
		{"timeline", "", ""},
		{"who-said", "query", "John Kirby"},
	}
	users := map[string]bool{}
	for i, w := range want {
		req, err := d.Build(context.Background(), "http://127.0.0.1:1", i)
		if err != nil {
			t.Fatal(err)
		}
		if got := req.URL.String(); got != "http://127.0.0.1:1/discord/interactions" || req.Method != http.MethodPost {
			t.Errorf("request %d: %s %s; want POST http://127.0.0.1:1/discord/interactions", i, req.Method, got)
		}
		if got := req.Header.Get("X-Signature-Timestamp"); got != "1700000000" {
			t.Errorf("request %d: X-Signature-Timestamp %q; want 1700000000", i, got)
		}
		body, err := io.ReadAll(req.Body)
		if err != nil {
			t.Fatal(err)
		}
		verify := func(key ed25519.PublicKey, body []byte) bool {
			r := req.Clone(context.Background())
			r.Body = io.NopCloser(bytes.NewReader(body))
			return discordgo.VerifyInteraction(r, key)
		}
		if !verify(pub, body) {
			t.Errorf("request %d: discordgo.VerifyInteraction refused it", i)
		}
		if verify(otherPub, body) {
			t.Errorf("request %d: verified against another key", i)
		}
		if verify(pub, bytes.Replace(body, []byte("load"), []byte("lOad"), 1)) {
			t.Errorf("request %d: a tampered body verified", i)
		}

		var in discordgo.Interaction
		if err := json.Unmarshal(body, &in); err != nil {
			t.Fatalf("request %d does not decode as a discordgo.Interaction: %v\n%s", i, err, body)
		}
		if in.Type != discordgo.InteractionApplicationCommand || in.Member == nil || in.Member.User == nil {
			t.Fatalf("request %d: type %v, member %v; want an application command from a member", i, in.Type, in.Member)
		}
		data := in.ApplicationCommandData()
		if data.Name != w.name || data.CommandType != discordgo.ChatApplicationCommand {
			t.Errorf("request %d: command %q type %v; want chat command %q", i, data.Name, data.CommandType, w.name)
		}
		switch {
		case w.option == "" && len(data.Options) != 0:
			t.Errorf("request %d: /%s has options %v; want none", i, w.name, data.Options)
		case w.option != "" && (len(data.Options) != 1 || data.Options[0].Name != w.option || data.Options[0].StringValue() != w.value):
			t.Errorf("request %d: options %+v; want %s=%q", i, data.Options, w.option, w.value)
		}
		users[in.Member.User.ID] = true
	}
	if len(users) != len(want) {
		t.Errorf("%d requests came from %d users; want one user each, below the per-user rate limit", len(want), len(users))
	}

	if _, err := (Discord{Key: priv[:10]}).Build(context.Background(), "http://127.0.0.1:1", 0); err == nil {
		t.Error("a short private key built a request; want an error")
	}
}

// TestSlackSigned: every built slash command passes slack-go's signature
// check, fails it with another secret or a changed body, and parses as the
// command it stands for.
func TestSlackSigned(t *testing.T) {
	const secret = "loadgen-test-secret"
	s := Slack{Secret: secret}
	want := []struct{ command, text string }{{"/who-said", "John Kirby"}, {"/ask", "what did John Kirby say?"}, {"/timeline", ""}}
	users := map[string]bool{}
	for i, w := range want {
		req, err := s.Build(context.Background(), "http://[::1]:1", i)
		if err != nil {
			t.Fatal(err)
		}
		if got := req.URL.String(); got != "http://[::1]:1/slack/commands" {
			t.Errorf("request %d to %s; want http://[::1]:1/slack/commands", i, got)
		}
		body, err := io.ReadAll(req.Body)
		if err != nil {
			t.Fatal(err)
		}
		check := func(secret string, body []byte) error {
			sv, err := slackapi.NewSecretsVerifier(req.Header, secret)
			if err != nil {
				return err
			}
			if _, err := sv.Write(body); err != nil {
				return err
			}
			return sv.Ensure()
		}
		if err := check(secret, body); err != nil {
			t.Errorf("request %d: slack.SecretsVerifier refused it: %v", i, err)
		}
		if check("another-secret", body) == nil {
			t.Errorf("request %d: verified with another secret", i)
		}
		if check(secret, append(body, "&x=1"...)) == nil {
			t.Errorf("request %d: a changed body verified", i)
		}

		r := req.Clone(context.Background())
		r.Body = io.NopCloser(bytes.NewReader(body))
		cmd, err := slackapi.SlashCommandParse(r)
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		if cmd.Command != w.command || cmd.Text != w.text {
			t.Errorf("request %d: %q %q; want %q %q", i, cmd.Command, cmd.Text, w.command, w.text)
		}
		if !strings.HasPrefix(cmd.ResponseURL, "http://127.0.0.1:") {
			t.Errorf("request %d: response_url %q is not loopback", i, cmd.ResponseURL)
		}
		users[cmd.UserID] = true
	}
	if len(users) != len(want) {
		t.Errorf("%d requests came from %d users; want one user each", len(want), len(users))
	}

	// A signature from long ago is one slack-go refuses as expired.
	old := Slack{Secret: secret, Now: func() time.Time { return time.Now().Add(-time.Hour) }}
	req, err := old.Build(context.Background(), "http://127.0.0.1:1", 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := slackapi.NewSecretsVerifier(req.Header, secret); err == nil {
		t.Error("a request stamped an hour ago passed slack-go's age check")
	}
}

func TestCheckAnswers(t *testing.T) {
	tests := []struct {
		name  string
		check func([]byte) error
		body  string
		ok    bool
	}{
		{"discord answer", CheckDiscord, `{"type":4,"data":{"content":"**Quotes by Dmitry Peskov**","embeds":[{"title":"1. Dmitry Peskov"}]}}`, true},
		{"discord content only", CheckDiscord, `{"type":4,"data":{"content":"**Help**"}}`, true},
		{"discord empty message", CheckDiscord, `{"type":4,"data":{}}`, false},
		{"discord no data", CheckDiscord, `{"type":4}`, false},
		{"discord pong", CheckDiscord, `{"type":1}`, false},
		{"discord slow down", CheckDiscord, `{"type":4,"data":{"content":"**Slow down**\nYou are sending commands faster"}}`, false},
		{"discord apology", CheckDiscord, `{"type":4,"data":{"content":"**Sorry, something went wrong**"}}`, false},
		{"discord cut off", CheckDiscord, `{"type":4,"data":{"content":"**Time`, false},
		{"slack answer", CheckSlack, `{"response_type":"ephemeral","blocks":[{"type":"header","text":{"type":"plain_text","text":"Quotes by Dmitry Peskov"}}]}`, true},
		{"slack text only", CheckSlack, `{"text":"hello"}`, true},
		{"slack empty", CheckSlack, `{}`, false},
		{"slack slow down", CheckSlack, `{"blocks":[{"type":"header","text":{"type":"plain_text","text":"Slow down"}}]}`, false},
		{"slack apology", CheckSlack, `{"blocks":[{"type":"header","text":{"type":"plain_text","text":"Sorry, something went wrong"}}]}`, false},
		{"slack not json", CheckSlack, `Unauthorized`, false},
	}
	for _, tt := range tests {
		err := tt.check([]byte(tt.body))
		if (err == nil) != tt.ok {
			t.Errorf("%s: error %v; want ok=%v", tt.name, err, tt.ok)
		}
	}
}
