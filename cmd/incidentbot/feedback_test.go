package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/discord"
	"github.com/incidentbot/incidentbot/bot/gaps"
	"github.com/incidentbot/incidentbot/bot/slack"
	"github.com/incidentbot/incidentbot/bot/vote"
	"github.com/incidentbot/incidentbot/knowledge"
)

// TestVoteParity: Discord and Slack offer Helpful and Not helpful under
// the same answers, and their buttons carry the same vote (Discord's
// question may be cut shorter, to fit a custom_id).
func TestVoteParity(t *testing.T) {
	base, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	engine := bot.New(nil, base, bot.Config{})
	long := "/ask what did the officials who spoke to the newspaper say about which unit carried out the drone attack and when"
	for _, line := range []string{"/ask who carried out the attack?", "/ask кто стоит за атакой на Кремль?", long,
		"/ask is the moon made of cheese", "/who-said Peskov", "/claims", "/help ask"} {
		a := engine.Ask(context.Background(), bot.Request{Line: line})
		want, votable := a.Vote(false)
		d, s := discordVotes(t, a), slackVotes(t, a)
		if len(d) != len(s) || (len(d) == 2) != votable || (votable && len(d) != 2) {
			t.Errorf("%s: Discord has %q, Slack %q; want both buttons on both exactly when the answer takes votes (%v)", line, d, s, votable)
			continue
		}
		if line == long && (!votable || !strings.HasSuffix(d[0], "…") || strings.HasSuffix(s[0], "…")) {
			t.Errorf("a long question: Discord %q, Slack %q; want it cut, marked, on Discord only", d, s)
		}
		for i, state := range append(d, s...) {
			v, err := vote.Parse(state)
			if err != nil || v.Lead != want.Lead || v.Helpful != (i%2 == 0) || !strings.HasPrefix(want.Query, strings.TrimSuffix(v.Query, "…")) {
				t.Errorf("%s: button state %q reads %+v, %v; want the vote %+v", line, state, v, err, want)
			}
		}
	}
}

// discordVotes returns the states of Helpful and Not helpful, in that
// order, under a as the Discord app shows it.
func discordVotes(t *testing.T, a bot.Answer) []string {
	t.Helper()
	b, err := discord.New(slog.New(slog.DiscardHandler), fixed{a}, discord.Config{})
	if err != nil {
		t.Fatal(err)
	}
	r := b.Respond(context.Background(), &discordgo.Interaction{Type: discordgo.InteractionApplicationCommand,
		Member: &discordgo.Member{User: &discordgo.User{ID: "1400000000000000001"}},
		Data:   discordgo.ApplicationCommandInteractionData{Name: "ask", CommandType: discordgo.ChatApplicationCommand}})
	var out []string
	for _, row := range r.Data.Components {
		row, _ := row.(discordgo.ActionsRow)
		for _, c := range row.Components {
			if b, ok := c.(discordgo.Button); ok && (b.Label == "Helpful" || b.Label == "Not helpful") {
				out = append(out, strings.TrimPrefix(b.CustomID, "f:"))
			}
		}
	}
	return out
}

// slackVotes returns the values of Helpful and Not helpful, in that
// order, under a as the Slack app shows it.
func slackVotes(t *testing.T, a bot.Answer) []string {
	t.Helper()
	const secret = "parity-signing-secret"
	b, err := slack.New(slog.New(slog.DiscardHandler), fixed{a}, slack.Config{SigningSecret: secret, Registry: prometheus.NewRegistry()})
	if err != nil {
		t.Fatal(err)
	}
	body := url.Values{"command": {"/ask"}, "user_id": {"U0USER"}, "channel_id": {"C0NEWS"}, "response_url": {"https://hooks.slack.com/x"}}.Encode()
	r := httptest.NewRequest(http.MethodPost, "/slack/commands", strings.NewReader(body))
	signSlack(r, secret, time.Now(), body)
	w := httptest.NewRecorder()
	b.Routes()["POST /slack/commands"].ServeHTTP(w, r)
	var msg struct {
		Blocks []struct {
			Elements []struct {
				ActionID string `json:"action_id"`
				Value    string `json:"value"`
			} `json:"elements"`
		} `json:"blocks"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &msg); err != nil {
		t.Fatalf("Slack answer %d: %v\n%s", w.Code, err, w.Body)
	}
	var out []string
	for _, bl := range msg.Blocks {
		for _, e := range bl.Elements {
			if e.ActionID == "incidentbot_helpful" || e.ActionID == "incidentbot_unhelpful" {
				out = append(out, e.Value)
			}
		}
	}
	return out
}

// TestKBGapsListsUnhelpful: what serve recorded of Not helpful clicks,
// `incidentbot kb gaps` lists with the entry each answer led with.
func TestKBGapsListsUnhelpful(t *testing.T) {
	base, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "gaps.jsonl")
	g, err := gaps.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	engine := bot.New(nil, base, bot.Config{Gaps: g})
	answer := engine.Ask(context.Background(), bot.Request{Line: "/ask who carried out the attack?"})
	down, _ := answer.Vote(false)
	state, _ := down.Encode(100)
	for range 2 {
		engine.Ask(context.Background(), bot.Request{Platform: "slack", Vote: state})
	}
	engine.Ask(context.Background(), bot.Request{Line: "/ask what about the weather"})
	if err := g.Close(); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"kb", "gaps", path}, func(string) string { return "" }, nil, &stdout, &stderr); err != nil {
		t.Fatalf("kb gaps: %v\n%s", err, stderr.String())
	}
	for _, want := range []string{
		"1. /ask who carried out the attack?\n   not helpful ×2 — led with " + answer.Lead.Ref + "; last on ",
		"2. /ask what about the weather\n   asked once, last on ",
	} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("kb gaps lacks %q:\n%s", want, stdout.String())
		}
	}
}
