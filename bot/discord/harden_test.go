package discord

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/bwmarrin/discordgo"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/incidentbot/incidentbot/bot/internal/bottest"
	"github.com/incidentbot/incidentbot/internal/platform"
)

// TestRefusedBeforeReading is finding 1 of issue 11: a request without a
// well-formed signature and a fresh timestamp, or over MaxBody by its
// Content-Length, is refused before any of its body is read; past the
// shared budget a request gets 503, also unread.
func TestRefusedBeforeReading(t *testing.T) {
	now := time.Now()
	ts := strconv.FormatInt(now.Unix(), 10)
	wellFormed := strings.Repeat("ab", ed25519.SignatureSize)
	tests := []struct {
		name, stamp, sig string
		length           int64
		bodies           *platform.Bodies
		status           int
		reason           string
	}{
		{"no headers", "", "", 1 << 20, nil, 401, platform.ReasonBadSignature},
		{"signature too short", ts, "abcd", 1 << 20, nil, 401, platform.ReasonBadSignature},
		{"signature not hex", ts, strings.Repeat("zz", ed25519.SignatureSize), 1 << 20, nil, 401, platform.ReasonBadSignature},
		{"no timestamp", "", wellFormed, 1 << 20, nil, 401, platform.ReasonStale},
		{"stale timestamp", strconv.FormatInt(now.Add(-6*time.Minute).Unix(), 10), wellFormed, 1 << 20, nil, 401, platform.ReasonStale},
		{"over MaxBody", ts, wellFormed, MaxBody + 1, nil, 413, platform.ReasonTooLarge},
		{"past the budget", ts, wellFormed, 4096, platform.NewBodies(1024), 503, platform.ReasonBusy},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := prometheus.NewRegistry()
			b, err := New(nil, testEngine(t), Config{PublicKey: testKey.Public().(ed25519.PublicKey), Bodies: tt.bodies, Registry: reg})
			if err != nil {
				t.Fatal(err)
			}
			h := b.Routes()["POST /discord/interactions"]
			r := httptest.NewRequest(http.MethodPost, "/discord/interactions", nil)
			r.Body, r.ContentLength = bottest.UnreadBody(t), tt.length
			if tt.stamp != "" {
				r.Header.Set("X-Signature-Timestamp", tt.stamp)
			}
			if tt.sig != "" {
				r.Header.Set("X-Signature-Ed25519", tt.sig)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != tt.status {
				t.Errorf("status = %d; want %d", w.Code, tt.status)
			}
			if got := rejected(t, reg, tt.reason); got != 1 {
				t.Errorf("incidentbot_discord_rejected_total{reason=%q} = %v; want 1", tt.reason, got)
			}
		})
	}
}

// TestReplayRefused is finding 5 of issue 11: a correctly signed request
// sent again within the window is refused, not answered twice.
func TestReplayRefused(t *testing.T) {
	h, reg := testInteractions(t, Config{})
	body := buttonJSON("s:1.1:who-said Kirby") // "Post to channel"
	now := time.Now()
	for i, want := range []int{200, 401, 401} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, signed(testKey, body, now))
		if w.Code != want {
			t.Errorf("sending %d: status %d; want %d", i+1, w.Code, want)
		}
		if want != 200 && strings.Contains(w.Body.String(), "embeds") {
			t.Errorf("replay %d was answered: %s", i, w.Body)
		}
	}
	if got := rejected(t, reg, platform.ReasonReplay); got != 2 {
		t.Errorf("incidentbot_discord_rejected_total{reason=replay} = %v; want 2", got)
	}
}

// TestAdminOnlyInOperatorServers is finding 2 of issue 11: Manage Server
// makes a member an admin only in the servers the operator names; in a
// server of their own it does not, over HTTP and over the gateway (which
// answers through Respond) alike.
func TestAdminOnlyInOperatorServers(t *testing.T) {
	const ours, theirs = "1200000000000000001", "1299999999999999999"
	kb := func(guild string) []byte {
		var i map[string]any
		json.Unmarshal(slashJSON("kb", map[string]string{"action": "gaps"}), &i)
		i["guild_id"] = guild
		i["member"].(map[string]any)["permissions"] = strconv.Itoa(discordgo.PermissionManageGuild)
		return mustJSON(i)
	}
	for _, tt := range []struct {
		name   string
		admins []string
		guild  string
		admin  bool
	}{
		{"manager in the operator's server", []string{ours}, ours, true},
		{"manager in another server", []string{ours}, theirs, false},
		{"manager, no server named", nil, ours, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h, _ := testInteractions(t, Config{AdminGuilds: tt.admins})
			status, raw := post(t, h, kb(tt.guild))
			overHTTP := decodeWire(t, raw).Data.Content
			resp := testBot(t, Config{AdminGuilds: tt.admins}).Respond(context.Background(), interaction(t, kb(tt.guild)))
			for how, content := range map[string]string{"HTTP": overHTTP, "gateway": resp.Data.Content} {
				refused := strings.Contains(content, "Admins only")
				if status != 200 || refused == tt.admin {
					t.Errorf("%s: /kb gaps by a server manager in %s (admin servers %v): %q; want admin %v", how, tt.guild, tt.admins, content, tt.admin)
				}
			}
		})
	}
}

// TestEchoDropsInvisibleCharacters is the first of issue 11's smaller
// findings: bidirectional controls and other invisible formatting
// characters in echoed text do not reach Discord.
func TestEchoDropsInvisibleCharacters(t *testing.T) {
	h, _ := testInteractions(t, Config{})
	query := "capital of \u202Eecnarf\u202C \u2066x\u2069\u200B\uFEFF"
	_, raw := post(t, h, slashJSON("ask", map[string]string{"question": query}))
	w := decodeWire(t, raw)
	// What is shown: the content and the embeds (a button's custom_id is
	// not shown; its line is escaped again when clicked).
	text := w.Data.Content + strings.Join(embedTexts(w.Data.Embeds), "\n")
	if !strings.Contains(text, "ecnarf") {
		t.Fatalf("the answer does not echo the question:\n%s", text)
	}
	// Escape itself puts a zero-width space after "@"; any other one would
	// be the user's, echoed.
	for _, r := range strings.ReplaceAll(text, "@\u200b", "@") {
		if unicode.Is(unicode.Cf, r) && r != '\u200d' && r != '\u200c' {
			t.Errorf("the answer echoes %U:\n%s", r, text)
		}
	}
	if got := Escape("a\u202Eb @everyone"); got != "ab @\u200beveryone" {
		t.Errorf("Escape = %+q; want the control dropped and @everyone disarmed", got)
	}
}
