package slack

import (
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	slackapi "github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/internal/bottest"
)

// The channel and workspace commandForm and click come from.
const (
	testChannel = "C0NEWS"
	testTeam    = "T0TEAM"
)

const (
	kremlinTitle  = "Drone attack on the Kremlin, 3 May 2023"
	hearingsTitle = "Impeachment hearings, November 2019"
	marketTitle   = "Missile strike on the Kostiantynivka market, 2023"
)

// incidentBot is a Bot over three incidents, with channels as
// INCIDENT_CHANNELS maps them. A fake response_url host must be started
// (newRecorder) before it, to be allowed.
func incidentBot(t *testing.T, channels map[string]string) (*Bot, *bot.Engine) {
	t.Helper()
	e := bottest.Incidents(t, "../rank/testdata", bot.Config{Channels: channels})
	b, err := New(slog.New(slog.DiscardHandler), e, Config{SigningSecret: testSecret, ResponseHosts: fakeHosts(), Registry: prometheus.NewRegistry()})
	if err != nil {
		t.Fatal(err)
	}
	return b, e
}

// incidentNote is the context line that names the incident an answer is
// from.
func incidentNote(msg *slackapi.WebhookMessage) string {
	for _, l := range texts(msg) {
		if strings.HasPrefix(l, "Incident: ") {
			return strings.TrimPrefix(l, "Incident: ")
		}
	}
	return ""
}

// TestIncidentOfTheChannelAndPrefix: a command is answered from the
// incident its text names with in:ID (also after the umbrella command),
// else its channel's, else its workspace's; each answer names it.
func TestIncidentOfTheChannelAndPrefix(t *testing.T) {
	b, _ := incidentBot(t, map[string]string{testTeam: bottest.MarketIncident, testChannel: bottest.HearingsIncident})
	onlyTeam, _ := incidentBot(t, map[string]string{testTeam: bottest.MarketIncident})
	for _, tt := range []struct {
		name          string
		b             *Bot
		command, text string
		want          string
	}{
		{"the channel's", b, "/timeline", "", hearingsTitle},
		{"the workspace's", onlyTeam, "/timeline", "", marketTitle},
		{"in:ID", b, "/who-said", "in:" + bottest.DefaultIncident() + " Peskov", kremlinTitle},
		{"umbrella with in:ID", b, "/incident", "in:" + bottest.DefaultIncident() + " claims", kremlinTitle},
	} {
		w := serve(tt.b, signedForm("/slack/commands", commandForm(tt.command, tt.text), time.Now()))
		msg := decodeMessage(t, w.Body.Bytes())
		checkLimits(t, tt.name, msg)
		if got := incidentNote(msg); w.Code != 200 || got != tt.want {
			t.Errorf("%s: %s %s = %d, incident %q; want %q\n%s", tt.name, tt.command, tt.text, w.Code, got, tt.want, joined(msg))
		}
	}
	w := serve(b, signedForm("/slack/commands", commandForm("/who-said", "in:"+bottest.DefaultIncident()+" Peskov"), time.Now()))
	if text := joined(decodeMessage(t, w.Body.Bytes())); !strings.Contains(text, "Peskov") {
		t.Errorf("/who-said in:ID Peskov does not answer from the incident named:\n%s", text)
	}
	none, _ := incidentBot(t, nil)
	w = serve(none, signedForm("/slack/commands", commandForm("/timeline", ""), time.Now()))
	if msg := decodeMessage(t, w.Body.Bytes()); !strings.Contains(joined(msg), "Which incident?") || msg.ResponseType != "ephemeral" {
		t.Errorf("no incident here:\n%s", joined(msg))
	}
}

// TestButtonsKeepTheirIncident: Next, Details and Cite answer from the
// incident of the answer they are under, on another replica whose channel
// answers from another; once that incident is removed they say so.
func TestButtonsKeepTheirIncident(t *testing.T) {
	rec := newRecorder(t)
	b, e := incidentBot(t, map[string]string{testChannel: bottest.DefaultIncident()})
	other, _ := incidentBot(t, map[string]string{testChannel: bottest.HearingsIncident})
	w := serve(b, signedForm("/slack/commands", commandForm("/who-said", "Peskov"), time.Now()))
	first := decodeMessage(t, w.Body.Bytes())
	refs := detailValues(first)
	if len(refs) == 0 || !strings.HasPrefix(refs[0], "in:"+bottest.DefaultIncident()+" ") {
		t.Fatalf("Details values %q; want them to name the incident", refs)
	}
	w = serve(b, signedForm("/slack/commands", commandForm("/claims", ""), time.Now()))
	next, ok := buttons(decodeMessage(t, w.Body.Bytes()))[actionNext]
	if !ok {
		t.Fatal("/claims has no Next")
	}
	for _, c := range []struct{ action, value string }{{actionNext, next.Value}, {actionDetails, refs[0]}, {actionCite, refs[0]}} {
		serve(other, signedForm("/slack/interactivity", click(c.action, c.value, rec.srv.URL+"/hooks/9"), time.Now()))
		msg := decodeMessage(t, rec.wait(t).body)
		if got := incidentNote(msg); got != kremlinTitle {
			t.Errorf("%s on another replica answered from %q; want %q\n%s", c.action, got, kremlinTitle, joined(msg))
		}
	}
	if !e.Drop(bottest.DefaultIncident()) {
		t.Fatal("Drop failed")
	}
	for _, c := range []struct{ action, value string }{{actionNext, next.Value}, {actionDetails, refs[0]}} {
		serve(b, signedForm("/slack/interactivity", click(c.action, c.value, rec.srv.URL+"/hooks/9"), time.Now()))
		msg := decodeMessage(t, rec.wait(t).body)
		if text := joined(msg); !strings.Contains(text, "No incident “"+bottest.DefaultIncident()+"”") || msg.ResponseType != "ephemeral" {
			t.Errorf("%s after the incident was removed:\n%s", c.action, text)
		}
	}
}

// TestVotesKeepTheirIncident: an /ask answer of a folder has Helpful and
// Not helpful, whose state names the incident once, and a press on
// another replica, whose channel answers from another incident, counts.
func TestVotesKeepTheirIncident(t *testing.T) {
	rec := newRecorder(t)
	b, _ := incidentBot(t, map[string]string{testChannel: bottest.DefaultIncident()})
	other, _ := incidentBot(t, map[string]string{testChannel: bottest.HearingsIncident})
	w := serve(b, signedForm("/slack/commands", commandForm("/ask", "who carried out the attack?"), time.Now()))
	msg := decodeMessage(t, w.Body.Bytes())
	down, ok := buttons(msg)[actionUnhelpful]
	if !ok {
		t.Fatalf("/ask of a folder has no Not helpful button:\n%s", joined(msg))
	}
	if in := "in:" + bottest.DefaultIncident() + " "; !strings.HasPrefix(down.Value, in) || strings.Count(down.Value, "in:") != 1 {
		t.Errorf("Not helpful's state %q; want it led by %q, once", down.Value, in)
	}
	serve(other, signedForm("/slack/interactivity", click(actionUnhelpful, down.Value, rec.srv.URL+"/hooks/9"), time.Now()))
	if got := joined(decodeMessage(t, rec.wait(t).body)); !strings.Contains(got, "Thanks — noted.") {
		t.Errorf("Not helpful on another replica: %q; want thanks", got)
	}
}
