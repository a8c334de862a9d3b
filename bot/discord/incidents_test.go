package discord

import (
	"context"
	"crypto/ed25519"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/internal/bottest"
)

// The channel and server every interaction of helpers_test.go comes from.
const (
	testChannel = "1300000000000000001"
	testGuild   = "1200000000000000001"
)

// incidentBot is a Bot over three incidents, with channels as
// INCIDENT_CHANNELS maps them.
func incidentBot(t *testing.T, channels map[string]string) (*Bot, *bot.Engine) {
	t.Helper()
	e := bottest.Incidents(t, "../rank/testdata", bot.Config{Channels: channels})
	b, err := New(quietLog(), e, Config{})
	if err != nil {
		t.Fatal(err)
	}
	return b, e
}

const (
	kremlinTitle  = "Drone attack on the Kremlin, 3 May 2023"
	hearingsTitle = "Impeachment hearings, November 2019"
	marketTitle   = "Missile strike on the Kostiantynivka market, 2023"
)

// TestIncidentOfTheChannel: with no incident named, the channel's mapping
// answers, else the server's, through the gateway's decoding and the
// signed endpoint's alike; each answer names its incident last.
func TestIncidentOfTheChannel(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		channels map[string]string
		title    string
	}{
		{map[string]string{testGuild: bottest.MarketIncident}, marketTitle},
		{map[string]string{testGuild: bottest.MarketIncident, testChannel: bottest.HearingsIncident}, hearingsTitle},
	} {
		b, _ := incidentBot(t, tt.channels)
		w := respond(t, b, ctx, slashJSON("timeline", nil))
		if !strings.HasSuffix(w.Data.Content, "\n*Incident: "+Escape(tt.title)+"*") {
			t.Errorf("mapped %v: /timeline content %q; want it to end naming %s", tt.channels, w.Data.Content, tt.title)
		}
		signedBot, err := New(quietLog(), bottest.Incidents(t, "../rank/testdata", bot.Config{Channels: tt.channels}), Config{PublicKey: testKey.Public().(ed25519.PublicKey), Registry: prometheus.NewRegistry()})
		if err != nil {
			t.Fatal(err)
		}
		code, body := post(t, signedBot.Routes()["POST /discord/interactions"], slashJSON("timeline", nil))
		if got := decodeWire(t, body); code != 200 || !strings.HasSuffix(got.Data.Content, "\n*Incident: "+Escape(tt.title)+"*") {
			t.Errorf("mapped %v: signed /timeline = %d %q; want it to end naming %s", tt.channels, code, got.Data.Content, tt.title)
		}
	}
	// Nothing mapped, several loaded: the answer asks which.
	b, _ := incidentBot(t, nil)
	w := respond(t, b, ctx, slashJSON("timeline", nil))
	if !strings.HasPrefix(w.Data.Content, "**Which incident?**") || w.Data.Flags&64 == 0 {
		t.Errorf("no incident here: %q", w.Data.Content)
	}
}

// TestIncidentOption: the incident option answers from the incident it
// names, over the channel's, through the signed HTTP endpoint; its
// autocomplete offers the loaded incidents by title, and the argument's
// autocomplete draws from the incident named, else the channel's.
func TestIncidentOption(t *testing.T) {
	ctx := context.Background()
	b, _ := incidentBot(t, map[string]string{testChannel: bottest.HearingsIncident})
	w := respond(t, b, ctx, slashJSON("who-said", map[string]string{"query": "Peskov", "incident": bottest.DefaultIncident()}))
	if !strings.HasSuffix(w.Data.Content, "*Incident: "+Escape(kremlinTitle)+"*") || len(w.Data.Embeds) == 0 || !strings.Contains(w.Data.Content, "Peskov") {
		t.Errorf("/who-said Peskov incident:%s = %q %v", bottest.DefaultIncident(), w.Data.Content, embedTexts(w.Data.Embeds))
	}

	// A title typed rather than picked: no such id, said so, not another
	// incident's answer.
	w = respond(t, b, ctx, slashJSON("timeline", map[string]string{"incident": "Impeachment hearings"}))
	if !strings.Contains(w.Data.Content, "No incident “Impeachment-hearings”") || w.Data.Flags&64 == 0 {
		t.Errorf("/timeline incident:Impeachment hearings = %q", w.Data.Content)
	}

	w = respond(t, b, ctx, optionAutocompleteJSON("timeline", "incident", "hear"))
	if len(w.Data.Choices) != 1 || w.Data.Choices[0].Value != bottest.HearingsIncident || w.Data.Choices[0].Name != hearingsTitle+" ("+bottest.HearingsIncident+")" {
		t.Errorf("incident autocomplete of %q = %+v", "hear", w.Data.Choices)
	}
	w = respond(t, b, ctx, optionAutocompleteJSON("timeline", "incident", ""))
	if len(w.Data.Choices) != 3 {
		t.Errorf("incident autocomplete of nothing = %+v; want all three", w.Data.Choices)
	}
	w = respond(t, b, ctx, autocompleteJSON("volk"))
	if len(w.Data.Choices) == 0 || !strings.Contains(w.Data.Choices[0].Name, "Volker") {
		t.Errorf("who-said autocomplete in the hearings' channel = %+v; want the hearings' people", w.Data.Choices)
	}
	named := mustJSON(map[string]any{
		"id": "1100000000000000004", "application_id": "1000000000000000001", "type": 4,
		"token": uniqueToken(), "guild_id": testGuild, "channel_id": testChannel,
		"member": map[string]any{"user": map[string]any{"id": "1400000000000000001", "username": "alice"}},
		"data": map[string]any{"id": "1500000000000000002", "name": "who-said", "type": 1, "options": []map[string]any{
			{"name": "query", "type": 3, "value": "pesk", "focused": true},
			{"name": "incident", "type": 3, "value": bottest.DefaultIncident()},
		}},
	})
	w = respond(t, b, ctx, named)
	if len(w.Data.Choices) == 0 || !strings.Contains(w.Data.Choices[0].Name, "Peskov") {
		t.Errorf("who-said autocomplete with the incident named = %+v; want its people", w.Data.Choices)
	}

	// The same command through the signed endpoint, as Discord sends it.
	signedBot, err := New(quietLog(), bottest.Incidents(t, "../rank/testdata", bot.Config{}), Config{PublicKey: testKey.Public().(ed25519.PublicKey), Registry: prometheus.NewRegistry()})
	if err != nil {
		t.Fatal(err)
	}
	h := signedBot.Routes()["POST /discord/interactions"]
	code, body := post(t, h, slashJSON("timeline", map[string]string{"incident": bottest.MarketIncident}))
	if got := decodeWire(t, body); code != 200 || !strings.HasSuffix(got.Data.Content, "*Incident: "+Escape(marketTitle)+"*") {
		t.Errorf("signed /timeline incident:%s = %d %q", bottest.MarketIncident, code, got.Data.Content)
	}
}

// TestButtonsKeepTheirIncident: pages, details and citations answer from
// the incident of the answer they are under, whatever the channel's is
// now; once that incident is removed they say it is gone.
func TestButtonsKeepTheirIncident(t *testing.T) {
	ctx := context.Background()
	b, e := incidentBot(t, map[string]string{testChannel: bottest.DefaultIncident()})
	w := respond(t, b, ctx, slashJSON("claims", nil))
	next, ok := buttonIDs(w)["Next"]
	if !ok || !strings.HasSuffix(next, ":claims in:"+bottest.DefaultIncident()) {
		t.Fatalf("/claims Next = %q; want a state naming %s", next, bottest.DefaultIncident())
	}
	refs := detailsRefs(w)
	if len(refs) == 0 || !strings.HasPrefix(refs[0], "in:"+bottest.DefaultIncident()+" ") {
		t.Fatalf("/claims details menu = %q; want values naming the incident", refs)
	}
	// Another replica, whose channel now answers from another incident.
	other, _ := incidentBot(t, map[string]string{testChannel: bottest.HearingsIncident})
	page2 := respond(t, other, ctx, buttonJSON(next))
	if page2.Type != 7 || !strings.HasSuffix(page2.Data.Content, "*Incident: "+Escape(kremlinTitle)+"*") {
		t.Errorf("Next on another replica = type %d %q", page2.Type, page2.Data.Content)
	}
	details := respond(t, other, ctx, selectJSON(detailsID, refs[0]))
	if !strings.HasSuffix(details.Data.Content, "*Incident: "+Escape(kremlinTitle)+"*") || len(details.Data.Embeds) == 0 {
		t.Errorf("details on another replica = %q", details.Data.Content)
	}

	// The incident removed: each control says so, privately.
	if !e.Drop(bottest.DefaultIncident()) {
		t.Fatal("Drop failed")
	}
	for name, body := range map[string][]byte{"Next": buttonJSON(next), "details": selectJSON(detailsID, refs[0])} {
		w := respond(t, b, ctx, body)
		if w.Type != 4 || w.Data.Flags&64 == 0 || !strings.Contains(w.Data.Content, "No incident “"+bottest.DefaultIncident()+"”") {
			t.Errorf("%s after the incident was removed = type %d flags %d %q", name, w.Type, w.Data.Flags, w.Data.Content)
		}
	}
}
