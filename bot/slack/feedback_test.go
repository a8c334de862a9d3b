package slack

import (
	"encoding/json"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/gaps"
	"github.com/incidentbot/incidentbot/knowledge"
)

// voteBot is a Bot for f, over Socket Mode or HTTP, over the default
// base, that records gaps in path and counts U0SHARER, who clicks, as an
// admin.
func voteBot(t *testing.T, f *fakeSlack, path string) *Bot {
	t.Helper()
	base, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	g, err := gaps.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Close() })
	engine := bot.New(nil, base, bot.Config{Gaps: g, Admins: []string{"U0SHARER"}, RatePerMinute: 4})
	b, err := New(slog.New(slog.DiscardHandler), engine, socketConfig(f, Config{SigningSecret: testSecret, ResponseHosts: fakeHosts()}))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestVoteOverSocketMode presses Not helpful under an /ask answer through
// the real socketmode client: the click is acked empty, the clicker alone
// is thanked in a new message that leaves the answer in place, and /kb
// gaps lists the question with the entry the answer led with. A forged
// value is told it counted for nothing, and a flood is slowed down.
func TestVoteOverSocketMode(t *testing.T) {
	f := newFakeSlack(t)
	runSocketBot(t, voteBot(t, f, filepath.Join(t.TempDir(), "gaps.jsonl")))
	c := f.conn(t)
	ack := deliver(t, c, "slash_commands", "env-1", map[string]any{
		"command": "/ask", "text": "who carried out the attack?", "user_id": "U0USER", "channel_id": "C0NEWS", "response_url": f.srv.URL + "/hooks/1",
	})
	answer := decodeMessage(t, ack["payload"])
	checkLimits(t, "/ask", answer)
	bs := buttons(answer)
	down, up := bs[actionUnhelpful], bs[actionHelpful]
	if down == nil || up == nil || !strings.HasPrefix(down.Value, "-quote/") || !strings.HasSuffix(down.Value, " who carried out the attack?") {
		t.Fatalf("/ask buttons %v; want Helpful and Not helpful carrying the lead and the question:\n%s", bs, pretty(answer))
	}
	if down.Style != "" || up.Style != "" || down.Text.Text != "Not helpful" || up.Text.Text != "Helpful" {
		t.Errorf("buttons %q (style %q) and %q (style %q); want neutral Helpful and Not helpful", up.Text.Text, up.Style, down.Text.Text, down.Style)
	}
	lead := strings.TrimPrefix(strings.Fields(down.Value)[0], "-")

	// posted is the message a click posts to response_url, checked to be
	// a new ephemeral one.
	posted := func(what string) string {
		t.Helper()
		p := f.post(t)
		var m struct {
			ReplaceOriginal bool   `json:"replace_original"`
			ResponseType    string `json:"response_type"`
		}
		json.Unmarshal(p.body, &m)
		msg := decodeMessage(t, p.body)
		checkLimits(t, what, msg)
		checkNoPings(t, what, msg)
		if p.path != "/hooks/1" || m.ReplaceOriginal || m.ResponseType != slackapi.ResponseTypeEphemeral || len(buttons(msg)) != 0 {
			t.Errorf("%s posted to %s replace_original=%v response_type=%q:\n%s", what, p.path, m.ReplaceOriginal, m.ResponseType, pretty(msg))
		}
		return joined(msg)
	}
	press := func(action, value string) map[string]json.RawMessage {
		t.Helper()
		return deliver(t, c, "interactive", "env-"+action+value, json.RawMessage(click(action, value, f.srv.URL+"/hooks/1").Get("payload")))
	}

	if ack := press(actionUnhelpful, down.Value); ack["payload"] != nil {
		t.Errorf("vote ack carries a payload: %s", ack["payload"])
	}
	if got := posted("Not helpful"); !strings.Contains(got, "Thanks — noted.") {
		t.Errorf("Not helpful: %q; want thanks", got)
	}
	ack = deliver(t, c, "slash_commands", "env-gaps", map[string]any{
		"command": "/kb", "text": "gaps", "user_id": "U0SHARER", "channel_id": "C0NEWS", "response_url": f.srv.URL + "/hooks/1",
	})
	listed := decodeMessage(t, ack["payload"])
	checkLimits(t, "/kb gaps", listed)
	if want := "not helpful ×1 — led with " + lead; !strings.Contains(joined(listed), want) {
		t.Errorf("/kb gaps lacks %q:\n%s", want, joined(listed))
	}

	for _, tt := range []struct{ value, want string }{
		{"", "That button no longer works"},
		{"-quote/no-such-quote who carried out the attack?", "Not recorded"},
		{"{\"l\":\"/ask who\"}", "That button does not work"},
	} {
		press(actionHelpful, tt.value)
		if got := posted("forged " + tt.value); !strings.Contains(got, tt.want) {
			t.Errorf("value %q: %q; want %q", tt.value, got, tt.want)
		}
	}
	// Four commands a minute: Not helpful, /kb gaps and the two forged
	// values the engine read have used them up.
	press(actionHelpful, up.Value)
	if got := posted("a flood"); !strings.Contains(got, "Slow down") {
		t.Errorf("a flood of clicks: %q; want Slow down", got)
	}

	// Another replica, or this one restarted, over the HTTP endpoint:
	// the button alone is enough to count the click.
	path := filepath.Join(t.TempDir(), "replica.jsonl")
	replica := voteBot(t, f, path)
	if w := serve(replica, signedForm("/slack/interactivity", click(actionUnhelpful, down.Value, f.srv.URL+"/hooks/1"), time.Now())); w.Code != 200 {
		t.Fatalf("Not helpful on another replica: status %d", w.Code)
	}
	if got := posted("Not helpful on another replica"); !strings.Contains(got, "Thanks — noted.") {
		t.Errorf("Not helpful on another replica: %q; want thanks", got)
	}
	g, err := gaps.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if top := g.Top(5); len(top) != 1 || top[0].Lead != lead || top[0].Query != "who carried out the attack?" {
		t.Errorf("the replica recorded %+v; want the question and its lead", top)
	}
}
