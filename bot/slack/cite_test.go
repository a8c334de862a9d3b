package slack

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
)

// TestCiteOverSocketMode: each kind of entry's Cite button, clicked
// through the real socketmode client, is acked empty, and the citation
// goes to response_url as a new ephemeral message in a code block, the
// answer left in place; /cite answers the same in the ack.
func TestCiteOverSocketMode(t *testing.T) {
	f := newFakeSlack(t)
	runSocket(t, f, Config{Public: true})
	c := f.conn(t)
	e := testEngine(t)
	citation := func(ref string) string {
		a := e.Ask(context.Background(), bot.Request{Platform: "slack", Line: "/cite " + ref})
		return "```" + escape(a.Lead.Words.Text) + "```"
	}
	env := 0
	send := func(typ string, payload any) map[string]json.RawMessage {
		env++
		return deliver(t, c, typ, "env-"+strconv.Itoa(env), payload)
	}
	for _, tt := range []struct{ command, text, kind string }{
		{"/who-said", "Kirby", "quote/"},
		{"/timeline", "", "event/"},
		{"/claims", "", "claim/"},
	} {
		ack := send("slash_commands", map[string]any{
			"command": tt.command, "text": tt.text, "user_id": "U0USER", "channel_id": "C0NEWS", "response_url": f.srv.URL + "/hooks/1",
		})
		msg := decodeMessage(t, ack["payload"])
		cites, details := entryValues(msg, actionCite), detailValues(msg)
		if len(cites) == 0 || len(cites) != len(details) || !strings.HasPrefix(cites[0], tt.kind) {
			t.Fatalf("%s: Cite buttons carry %q, Details %q; want one Cite beside each Details", tt.command, cites, details)
		}
		ref := cites[0]
		ack = send("interactive", json.RawMessage(click(actionCite, ref, f.srv.URL+"/hooks/1").Get("payload")))
		if _, ok := ack["payload"]; ok {
			t.Errorf("Cite ack carries a payload: %s", ack["payload"])
		}
		p := f.post(t)
		var m struct {
			ReplaceOriginal bool   `json:"replace_original"`
			ResponseType    string `json:"response_type"`
		}
		json.Unmarshal(p.body, &m)
		got := decodeMessage(t, p.body)
		checkLimits(t, ref, got)
		checkNoPings(t, ref, got)
		if want := citation(ref); p.path != "/hooks/1" || m.ReplaceOriginal || m.ResponseType != "ephemeral" || !strings.Contains(joined(got), want) {
			t.Errorf("Cite %s posted to %s replace_original=%v response_type=%q:\n%s\nwant the code block\n%s", ref, p.path, m.ReplaceOriginal, m.ResponseType, joined(got), want)
		}
		if len(buttons(got)) != 0 {
			t.Errorf("the citation of %s has buttons", ref)
		}

		ack = send("slash_commands", map[string]any{
			"command": "/cite", "text": ref, "user_id": "U0USER", "channel_id": "C0NEWS", "response_url": f.srv.URL + "/hooks/1",
		})
		msg = decodeMessage(t, ack["payload"])
		var rt struct {
			ResponseType string `json:"response_type"`
		}
		json.Unmarshal(ack["payload"], &rt)
		if rt.ResponseType != slackapi.ResponseTypeEphemeral || !strings.Contains(joined(msg), citation(ref)) {
			t.Errorf("/cite %s (%s), with public replies:\n%s", ref, rt.ResponseType, joined(msg))
		}
	}
}

// TestCiteAfterRestart: a Cite button made by one process is answered by
// another (a restart, another replica), from the value alone.
func TestCiteAfterRestart(t *testing.T) {
	rec := newRecorder(t)
	first, _ := testBot(t, Config{})
	w := serve(first, signedForm("/slack/commands", commandForm("/claims", ""), time.Now()))
	cites := entryValues(decodeMessage(t, w.Body.Bytes()), actionCite)
	if len(cites) == 0 {
		t.Fatal("/claims has no Cite buttons")
	}
	second, _ := testBot(t, Config{})
	if w := serve(second, signedForm("/slack/interactivity", click(actionCite, cites[0], rec.srv.URL+"/hooks/9"), time.Now())); w.Code != 200 {
		t.Fatalf("click Cite = %d; want 200", w.Code)
	}
	c := testEngine(t).Base().Claim(strings.TrimPrefix(cites[0], "claim/"))
	if got := joined(decodeMessage(t, rec.wait(t).body)); !strings.Contains(got, "```"+escape(strings.TrimRight(c.Statement, "."))+" (claim, status: ") {
		t.Errorf("the other process's citation of %s:\n%s", cites[0], got)
	}
}
