package main

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/knowledge"
)

// postInteraction posts a body to serve's interactions endpoint, signed
// with key as made at ts.
func postInteraction(t *testing.T, addr string, key ed25519.PrivateKey, ts time.Time, body []byte) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, "http://"+addr+"/discord/interactions", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	stamp := strconv.FormatInt(ts.Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature-Timestamp", stamp)
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(key, append([]byte(stamp), body...))))
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

// TestServeDiscordHTTP runs incidentbot serve with only DISCORD_PUBLIC_KEY
// and HTTP_ADDR set, and talks to it as Discord would.
func TestServeDiscordHTTP(t *testing.T) {
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	addr, stderr, stop := startServe(t, map[string]string{"DISCORD_PUBLIC_KEY": hex.EncodeToString(pub)})

	whoSaid := []byte(`{"id":"1100000000000000001","application_id":"1000000000000000001","type":2,"token":"tok",
		"guild_id":"1200000000000000001","channel_id":"1300000000000000001",
		"member":{"user":{"id":"1400000000000000001","username":"alice"},"permissions":"0"},
		"data":{"id":"1500000000000000001","name":"who-said","type":1,"options":[{"name":"query","type":3,"value":"Kirby"}]}}`)

	status, body := postInteraction(t, addr, priv, time.Now(), whoSaid)
	if status != http.StatusOK {
		t.Fatalf("signed who-said: status %d; want 200\n%s", status, body)
	}
	type response struct {
		Type int `json:"type"`
		Data struct {
			Content string `json:"content"`
			Flags   int    `json:"flags"`
			Embeds  []struct {
				Title       string `json:"title"`
				Description string `json:"description"`
				Footer      *struct {
					Text string `json:"text"`
				} `json:"footer"`
			} `json:"embeds"`
			Components []struct {
				Components []struct {
					CustomID string `json:"custom_id"`
					Options  []struct {
						Value string `json:"value"`
					} `json:"options"`
				} `json:"components"`
			} `json:"components"`
			AllowedMentions struct {
				Parse *[]string `json:"parse"`
			} `json:"allowed_mentions"`
		} `json:"data"`
	}
	var resp response
	if err := json.Unmarshal(body, &resp); err != nil {
		t.Fatalf("response is not JSON: %v\n%s", err, body)
	}
	if resp.Type != 4 || len(resp.Data.Embeds) == 0 || len(resp.Data.Embeds) > 10 {
		t.Fatalf("type %d with %d embeds; want 4 with 1–10", resp.Type, len(resp.Data.Embeds))
	}
	if p := resp.Data.AllowedMentions.Parse; p == nil || len(*p) != 0 {
		t.Errorf("allowed_mentions.parse = %v; want []\n%s", p, body)
	}
	utf16Len := func(s string) int { return len(utf16.Encode([]rune(s))) }
	if !strings.Contains(resp.Data.Content, "John Kirby") {
		t.Errorf("content %q does not name John Kirby", resp.Data.Content)
	}
	total := 0
	for _, e := range resp.Data.Embeds {
		if !strings.Contains(e.Description, "“") && !strings.Contains(e.Description, "*(paraphrase)*") ||
			e.Footer == nil || !strings.Contains(e.Footer.Text, "Doubts commentary") {
			t.Errorf("embed is not a Kirby quote with its source:\n%s\nfooter %+v", e.Description, e.Footer)
		}
		if utf16Len(e.Title) > 256 || utf16Len(e.Description) > 4096 {
			t.Errorf("embed %q over Discord's title or description limit", e.Title)
		}
		total += utf16Len(e.Title) + utf16Len(e.Description)
	}
	if total > 6000 {
		t.Errorf("embeds total %d characters; Discord allows 6000", total)
	}

	// The Details menu opens the first quote in full, for the reader alone.
	var ref string
	for _, row := range resp.Data.Components {
		for _, c := range row.Components {
			if c.CustomID == "d:details" && len(c.Options) > 0 {
				ref = c.Options[0].Value
			}
		}
	}
	if ref == "" {
		t.Fatalf("no Details menu:\n%s", body)
	}
	choice := []byte(`{"id":"1100000000000000002","application_id":"1000000000000000001","type":3,"token":"tok",
		"guild_id":"1200000000000000001","channel_id":"1300000000000000001",
		"member":{"user":{"id":"1400000000000000001","username":"alice"},"permissions":"0"},
		"data":{"custom_id":"d:details","component_type":3,"values":["` + ref + `"]}}`)
	status, body = postInteraction(t, addr, priv, time.Now(), choice)
	var details response
	if err := json.Unmarshal(body, &details); status != http.StatusOK || err != nil {
		t.Fatalf("details of %s: status %d, %v\n%s", ref, status, err, body)
	}
	if details.Type != 4 || details.Data.Flags != 64 || len(details.Data.Embeds) != 1 ||
		!strings.Contains(details.Data.Embeds[0].Description, "\n> ") || !strings.Contains(details.Data.Embeds[0].Description, "\n— Commentary: doubts over the Kremlin drone attack") {
		t.Errorf("details of %s: want an ephemeral message with the cited excerpt\n%s", ref, body)
	}

	_, otherKey, _ := ed25519.GenerateKey(nil)
	if status, body := postInteraction(t, addr, otherKey, time.Now(), whoSaid); status != http.StatusUnauthorized {
		t.Errorf("badly signed request: status %d; want 401\n%s", status, body)
	}
	if status, body := postInteraction(t, addr, priv, time.Now().Add(-10*time.Minute), whoSaid); status != http.StatusUnauthorized {
		t.Errorf("request signed 10 minutes ago: status %d; want 401\n%s", status, body)
	}

	for _, series := range []string{
		`incidentbot_discord_rejected_total{reason="bad_signature"}`,
		`incidentbot_discord_rejected_total{reason="stale"}`,
		`incidentbot_commands_total{command="who-said",outcome="answered",platform="discord"}`,
	} {
		if got := metric(t, addr, series); got != 1 {
			t.Errorf("/metrics %s = %v; want 1", series, got)
		}
	}

	if took := stop(); took > 2*time.Second {
		t.Errorf("serve took %v to stop", took)
	}
	if s := stderr.String(); strings.Contains(s, hex.EncodeToString(pub)) {
		t.Errorf("the log shows the public key")
	}
}

// TestDiscordConfig: the DISCORD_* variables land in DiscordConfig.
func TestDiscordConfig(t *testing.T) {
	env := map[string]string{
		"DISCORD_BOT_TOKEN": "tok", "DISCORD_APP_ID": "1", "DISCORD_GUILD_ID": "2", "DISCORD_PUBLIC_KEY": "ab",
		"DISCORD_SHARD_ID": "3", "DISCORD_SHARD_COUNT": "4", "DISCORD_REPLY": "public", "DISCORD_REGISTER_AT_START": "false",
	}
	setServeEnv(t, env)
	cfg, err := readServeConfig()
	if err != nil {
		t.Fatal(err)
	}
	want := &DiscordConfig{BotToken: "tok", AppID: "1", GuildID: "2", PublicKey: "ab", ShardID: 3, ShardCount: 4, Reply: "public"}
	if got := cfg.Platforms[1]; !reflect.DeepEqual(got, want) {
		t.Errorf("DiscordConfig = %+v; want %+v", got, want)
	}
	setServeEnv(t, nil)
	if cfg, err = readServeConfig(); err != nil {
		t.Fatal(err)
	}
	if want := (&DiscordConfig{RegisterAtStart: true, ShardCount: 1, Reply: "ephemeral"}); !reflect.DeepEqual(cfg.Platforms[1], want) {
		t.Errorf("defaults = %+v; want %+v", cfg.Platforms[1], want)
	}
}

func TestDiscordTransports(t *testing.T) {
	base, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	d := func() deps {
		return deps{engine: bot.New(nil, base, bot.Config{}), log: slog.New(slog.DiscardHandler), reg: prometheus.NewRegistry()}
	}
	pub := strings.Repeat("ab", 32)
	const token = "MTIzNDU2Nzg5MDEyMzQ1Njc4.secret-token"
	tests := []struct {
		name  string
		cfg   DiscordConfig
		names []string
		err   string // part of the error; "" for none
	}{
		{"nothing set", DiscordConfig{ShardCount: 1}, nil, ""},
		{"public key", DiscordConfig{PublicKey: pub, ShardCount: 1}, []string{"discord-http"}, ""},
		{"token and app", DiscordConfig{BotToken: token, AppID: "1", ShardCount: 1}, []string{"discord-gateway"}, ""},
		{"public key and token: HTTP, commands registered at start", DiscordConfig{BotToken: token, AppID: "1", PublicKey: pub, RegisterAtStart: true, ShardCount: 1, Reply: "public"}, []string{"discord-http", "discord-register"}, ""},
		{"public key and token, registration left to a job", DiscordConfig{BotToken: token, AppID: "1", PublicKey: pub, ShardCount: 1}, []string{"discord-http"}, ""},
		{"token without app", DiscordConfig{BotToken: token, ShardCount: 1}, nil, "DISCORD_APP_ID"},
		{"app without token", DiscordConfig{AppID: "1", ShardCount: 1}, nil, "DISCORD_BOT_TOKEN"},
		{"key not hex", DiscordConfig{PublicKey: "zz" + pub[2:], ShardCount: 1}, nil, "DISCORD_PUBLIC_KEY is not hex"},
		{"key too short", DiscordConfig{PublicKey: pub[:62], ShardCount: 1}, nil, "DISCORD_PUBLIC_KEY has 62 hex digits; want 64"},
		{"bad reply", DiscordConfig{PublicKey: pub, ShardCount: 1, Reply: "loud"}, nil, "DISCORD_REPLY"},
		{"shard out of range", DiscordConfig{BotToken: token, AppID: "1", ShardID: 2, ShardCount: 2}, nil, "DISCORD_SHARD_ID"},
		{"admin servers", DiscordConfig{PublicKey: pub, ShardCount: 1, AdminGuildIDs: "1200000000000000001, 1200000000000000002"}, []string{"discord-http"}, ""},
		{"admin server not an ID", DiscordConfig{PublicKey: pub, ShardCount: 1, AdminGuildIDs: "our-newsroom"}, nil, "DISCORD_ADMIN_GUILD_IDS"},
		{"guild not an ID", DiscordConfig{PublicKey: pub, ShardCount: 1, GuildID: "test"}, nil, "DISCORD_GUILD_ID"},
	}
	for _, tt := range tests {
		ts, err := tt.cfg.transports(d())
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: error %v; want one mentioning %s", tt.name, err, tt.err)
			}
			if err != nil && (strings.Contains(err.Error(), token) || strings.Contains(err.Error(), pub[2:])) {
				t.Errorf("%s: error %q shows a credential", tt.name, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		var names []string
		for _, tr := range ts {
			names = append(names, tr.name)
			switch tr.name {
			case "discord-http":
				if _, ok := tr.routes["POST /discord/interactions"]; !ok || tr.run != nil {
					t.Errorf("%s: HTTP transport routes %v", tt.name, tr.routes)
				}
			case "discord-gateway":
				if tr.run == nil || len(tr.routes) != 0 {
					t.Errorf("%s: gateway transport has no run func", tt.name)
				}
			}
		}
		if strings.Join(names, ",") != strings.Join(tt.names, ",") {
			t.Errorf("%s: transports %q; want %q", tt.name, names, tt.names)
		}
	}
}

// TestAutocompleteLimited is finding 3 of issue 20: autocomplete is
// limited per user apart from commands. One user's flood of 300 gets
// names for the first AUTOCOMPLETE_PER_MINUTE and then empty choices;
// another user, and a command from the flooder, are answered all the same.
func TestAutocompleteLimited(t *testing.T) {
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	addr, _, _ := startServe(t, map[string]string{"DISCORD_PUBLIC_KEY": hex.EncodeToString(pub), "AUTOCOMPLETE_PER_MINUTE": "30"})
	autocomplete := func(user string, i int) int {
		body := []byte(`{"id":"11000000000000` + strconv.Itoa(10000+i) + `","application_id":"1000000000000000001","type":4,"token":"tok` + strconv.Itoa(i) + `",
			"guild_id":"1200000000000000001","channel_id":"1300000000000000001",
			"member":{"user":{"id":"` + user + `","username":"u"},"permissions":"0"},
			"data":{"id":"1500000000000000001","name":"who-said","type":1,"options":[{"name":"query","type":3,"value":"","focused":true}]}}`)
		status, raw := postInteraction(t, addr, priv, time.Now(), body)
		var resp struct {
			Type int `json:"type"`
			Data struct {
				Choices []json.RawMessage `json:"choices"`
			} `json:"data"`
		}
		if err := json.Unmarshal(raw, &resp); status != http.StatusOK || err != nil || resp.Type != 8 {
			t.Fatalf("autocomplete %d: status %d, %v: %s", i, status, err, raw)
		}
		return len(resp.Data.Choices)
	}
	with, start := 0, time.Now()
	for i := range 300 {
		if autocomplete("1400000000000000001", i) > 0 {
			with++
		}
	}
	// The bucket gains a lookup every 2 s while the flood runs.
	if refilled := int(time.Since(start) / (2 * time.Second)); with < 30 || with > 30+refilled {
		t.Errorf("%d of one user's 300 autocompletes got names; want the 30 of the limit (and %d refilled)", with, refilled)
	}
	if autocomplete("1400000000000000002", 300) == 0 {
		t.Error("another user got no names while the first was limited")
	}
	whoSaid := []byte(`{"id":"1100000000000000001","application_id":"1000000000000000001","type":2,"token":"tok",
		"guild_id":"1200000000000000001","channel_id":"1300000000000000001",
		"member":{"user":{"id":"1400000000000000001","username":"alice"},"permissions":"0"},
		"data":{"id":"1500000000000000001","name":"help","type":1}}`)
	if status, body := postInteraction(t, addr, priv, time.Now(), whoSaid); status != http.StatusOK || !bytes.Contains(body, []byte(`"type":4`)) {
		t.Errorf("a command from the limited user: status %d: %.300s", status, body)
	}
}
