package slack

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	slackapi "github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/internal/platform"
)

// rejected reads incidentbot_slack_rejected_total{reason} from reg.
func rejected(t *testing.T, reg *prometheus.Registry, reason string) float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != "incidentbot_slack_rejected_total" {
			continue
		}
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "reason" && l.GetValue() == reason {
					return m.GetCounter().GetValue()
				}
			}
		}
	}
	t.Fatalf("no incidentbot_slack_rejected_total{reason=%q}", reason)
	return 0
}

func TestCommandAnsweredInResponse(t *testing.T) {
	b, _ := testBot(t, Config{})
	w := serve(b, signedForm("/slack/commands", commandForm("/who-said", "Peskov"), time.Now()))
	if w.Code != http.StatusOK {
		t.Fatalf("POST /slack/commands = %d; want 200: %s", w.Code, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q; want application/json", ct)
	}
	msg := decodeMessage(t, w.Body.Bytes())
	checkLimits(t, "/who-said Peskov", msg)
	if msg.ResponseType != slackapi.ResponseTypeEphemeral {
		t.Errorf("response_type = %q; want ephemeral", msg.ResponseType)
	}
	// The speaker once, in the header; each quote marked as exact or a
	// paraphrase, with where and from which source, and a Details button
	// carrying the quote's reference.
	text := joined(msg)
	for _, want := range []string{"Dmitry Peskov, Kremlin spokesman", "*1.* _paraphrase:_ Washington masterminded the attack.", "*2.* “We are well aware",
		"daily briefing with reporters · Doubts commentary"} {
		if !strings.Contains(text, want) {
			t.Errorf("answer lacks %q:\n%s", want, text)
		}
	}
	if got := detailValues(msg); len(got) != 3 || got[0] != "quote/peskov-masterminded" {
		t.Errorf("Details buttons carry %q; want the three quotes' references", got)
	}
	if _, ok := buttons(msg)[actionShare]; !ok {
		t.Errorf("ephemeral answer has no Share in channel button")
	}
	if strings.Contains(w.Body.String(), "link_names") {
		t.Errorf("answer sets link_names")
	}
}

// TestRefused sends requests that must not be processed and checks the
// status and the rejection counter for each.
func TestRefused(t *testing.T) {
	form := commandForm("/who-said", "Peskov")
	tests := []struct {
		name   string
		req    func() *http.Request
		status int
		reason string
	}{
		{"forged signature", func() *http.Request {
			r := signedForm("/slack/commands", form, time.Now())
			sig := r.Header.Get("X-Slack-Signature")
			r.Header.Set("X-Slack-Signature", sig[:len(sig)-2]+"00")
			return r
		}, 401, platform.ReasonBadSignature},
		{"wrong secret", func() *http.Request {
			body := form.Encode()
			r := httptest.NewRequest("POST", "/slack/commands", strings.NewReader(body))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			sign(r, "not-the-secret", time.Now(), body)
			return r
		}, 401, platform.ReasonBadSignature},
		{"body changed after signing", func() *http.Request {
			r := signedForm("/slack/commands", form, time.Now())
			changed := commandForm("/who-said", "Kirby").Encode()
			r.Body = httpBody(changed)
			r.ContentLength = int64(len(changed))
			return r
		}, 401, platform.ReasonBadSignature},
		{"no signature", func() *http.Request {
			r := signedForm("/slack/commands", form, time.Now())
			r.Header.Del("X-Slack-Signature")
			return r
		}, 401, platform.ReasonBadSignature},
		{"ten minutes old", func() *http.Request {
			return signedForm("/slack/commands", form, time.Now().Add(-10*time.Minute))
		}, 401, platform.ReasonStale},
		{"ten minutes ahead", func() *http.Request {
			return signedForm("/slack/commands", form, time.Now().Add(10*time.Minute))
		}, 401, platform.ReasonStale},
		{"oversized", func() *http.Request {
			big := commandForm("/ask", strings.Repeat("drone ", MaxBodyBytes/6+10))
			return signedForm("/slack/commands", big, time.Now())
		}, 413, platform.ReasonTooLarge},
		{"oversized interaction", func() *http.Request {
			big := url.Values{"payload": {strings.Repeat("x", MaxBodyBytes)}}
			return signedForm("/slack/interactivity", big, time.Now())
		}, 413, platform.ReasonTooLarge},
		{"signed but no command", func() *http.Request {
			return signedForm("/slack/commands", url.Values{"text": {"Peskov"}}, time.Now())
		}, 400, platform.ReasonBadRequest},
		{"signed but not a payload", func() *http.Request {
			return signedForm("/slack/interactivity", url.Values{"payload": {"{not json"}}, time.Now())
		}, 400, platform.ReasonBadRequest},
		{"signed but not an event", func() *http.Request {
			body := "{not json"
			r := httptest.NewRequest("POST", "/slack/events", strings.NewReader(body))
			sign(r, testSecret, time.Now(), body)
			return r
		}, 400, platform.ReasonBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, reg := testBot(t, Config{})
			w := serve(b, tt.req())
			if w.Code != tt.status {
				t.Fatalf("status = %d; want %d (%s)", w.Code, tt.status, w.Body)
			}
			if strings.Contains(w.Body.String(), "Peskov") || strings.Contains(w.Body.String(), "blocks") {
				t.Errorf("refused request was answered: %s", w.Body)
			}
			if got := rejected(t, reg, tt.reason); got != 1 {
				t.Errorf("rejected{reason=%q} = %v; want 1", tt.reason, got)
			}
		})
	}
}

func TestPublicReplies(t *testing.T) {
	b, _ := testBot(t, Config{Public: true})
	w := serve(b, signedForm("/slack/commands", commandForm("/claims", ""), time.Now()))
	msg := decodeMessage(t, w.Body.Bytes())
	if msg.ResponseType != slackapi.ResponseTypeInChannel {
		t.Errorf("response_type = %q; want in_channel", msg.ResponseType)
	}
	bs := buttons(msg)
	if _, ok := bs[actionShare]; ok {
		t.Errorf("public answer has a Share button")
	}
	next, ok := bs[actionNext]
	if !ok {
		t.Fatalf("public /claims has no Next button")
	}
	if st, err := decodeState(next.Value); err != nil || !st.Public {
		t.Errorf("Next state = %+v, %v; want public", st, err)
	}
}

// TestUmbrella checks that /incident <command> answers exactly as the
// command itself, and that /incident alone gives help.
func TestUmbrella(t *testing.T) {
	b, _ := testBot(t, Config{})
	ask := func(command, text string) string {
		w := serve(b, signedForm("/slack/commands", commandForm(command, text), time.Now()))
		if w.Code != 200 {
			t.Fatalf("%s %s = %d", command, text, w.Code)
		}
		return joined(decodeMessage(t, w.Body.Bytes()))
	}
	tests := []struct{ umbrella, direct, directText string }{
		{"who-said Peskov", "/who-said", "Peskov"},
		{"/timeline 2023-05", "/timeline", "2023-05"},
		{"claims", "/claims", ""},
		{"", "/help", ""},
		{"  ", "/help", ""},
	}
	for _, tt := range tests {
		if got, want := ask("/incident", tt.umbrella), ask(tt.direct, tt.directText); got != want {
			t.Errorf("/incident %q answers\n%s\nwant (as %s %s)\n%s", tt.umbrella, got, tt.direct, tt.directText, want)
		}
	}
	if got := ask("/incident", ""); !strings.Contains(got, "/who-said") {
		t.Errorf("/incident alone = %q; want the command list", got)
	}
	// A mistyped name gets the usage of the command it likely meant.
	if got := ask("/incident", "claim nord stream"); !strings.Contains(got, "Did you mean /claims?") || !strings.Contains(got, "/claims [topic]") || strings.Contains(got, "/sources") {
		t.Errorf("/incident claim nord stream = %q; want \"Did you mean /claims?\" and its usage alone", got)
	}
}

func TestSSLCheck(t *testing.T) {
	b, _ := testBot(t, Config{})
	w := serve(b, signedForm("/slack/commands", url.Values{"ssl_check": {"1"}, "token": {"x"}}, time.Now()))
	if w.Code != 200 || w.Body.Len() != 0 {
		t.Errorf("ssl_check = %d %q; want 200 and no body", w.Code, w.Body)
	}
}

// click builds the interactivity payload of a button click.
func click(actionID, value, responseURL string) url.Values {
	cb := map[string]any{
		"type":         "block_actions",
		"user":         map[string]any{"id": "U0SHARER", "name": "reporter"},
		"team":         map[string]any{"id": "T0TEAM"},
		"channel":      map[string]any{"id": "C0NEWS"},
		"container":    map[string]any{"type": "message", "is_ephemeral": true},
		"response_url": responseURL,
		"trigger_id":   "1.2.3",
		"actions": []any{map[string]any{
			"type": "button", "action_id": actionID, "block_id": "incidentbot_nav", "value": value, "action_ts": "1683100000.1",
		}},
	}
	raw, _ := json.Marshal(cb)
	return url.Values{"payload": {string(raw)}}
}

func TestPagingAndShare(t *testing.T) {
	rec := newRecorder(t)
	b, _ := testBot(t, Config{})
	w := serve(b, signedForm("/slack/commands", commandForm("/claims", ""), time.Now()))
	first := decodeMessage(t, w.Body.Bytes())
	next, ok := buttons(first)[actionNext]
	if !ok {
		t.Fatalf("/claims page 1 has no Next button; the base has %d claims", len(testEngine(t).Base().Claims))
	}

	// Next replaces the ephemeral message with page 2.
	w = serve(b, signedForm("/slack/interactivity", click(actionNext, next.Value, rec.srv.URL+"/hooks/1"), time.Now()))
	if w.Code != 200 {
		t.Fatalf("click Next = %d", w.Code)
	}
	p := rec.wait(t)
	if p.path != "/hooks/1" {
		t.Errorf("posted to %s; want the response_url", p.path)
	}
	var page2 struct {
		ReplaceOriginal bool   `json:"replace_original"`
		ResponseType    string `json:"response_type"`
	}
	if err := json.Unmarshal(p.body, &page2); err != nil {
		t.Fatal(err)
	}
	msg := decodeMessage(t, p.body)
	checkLimits(t, "page 2", msg)
	if !page2.ReplaceOriginal || page2.ResponseType != "ephemeral" {
		t.Errorf("page 2 posted with replace_original=%v response_type=%q; want true, ephemeral", page2.ReplaceOriginal, page2.ResponseType)
	}
	if text := joined(msg); !strings.Contains(text, "*11.* ") || !strings.Contains(text, "Items 11–") || strings.Contains(text, "*10.* ") {
		t.Errorf("page 2 does not start at item 11:\n%s", text)
	}
	prev, ok := buttons(msg)[actionPrev]
	if !ok {
		t.Fatalf("page 2 has no Previous button")
	}
	if st, _ := decodeState(prev.Value); st.Page != 1 {
		t.Errorf("Previous leads to page %d; want 1", st.Page)
	}

	// Share posts the same page publicly, saying who shared it.
	share := buttons(msg)[actionShare]
	serve(b, signedForm("/slack/interactivity", click(actionShare, share.Value, rec.srv.URL+"/hooks/1"), time.Now()))
	p = rec.wait(t)
	var shared struct {
		ReplaceOriginal bool   `json:"replace_original"`
		ResponseType    string `json:"response_type"`
	}
	json.Unmarshal(p.body, &shared)
	msg = decodeMessage(t, p.body)
	if shared.ResponseType != "in_channel" || shared.ReplaceOriginal {
		t.Errorf("share posted response_type=%q replace_original=%v; want in_channel, false", shared.ResponseType, shared.ReplaceOriginal)
	}
	text := joined(msg)
	if !strings.Contains(text, "Shared by <@U0SHARER>") || !strings.Contains(text, "*11.* ") {
		t.Errorf("shared message lacks the sharer or page 2:\n%s", text)
	}
	if _, ok := buttons(msg)[actionShare]; ok {
		t.Errorf("shared message has a Share button")
	}
	rec.none(t)
}

func TestBadButtonValueNotAnswered(t *testing.T) {
	rec := newRecorder(t)
	b, _ := testBot(t, Config{})
	for _, value := range []string{"", "{", `{"l":""}`, `{"l":"/timeline","p":-1}`, `{"l":"/timeline","by":"<!channel>"}`} {
		w := serve(b, signedForm("/slack/interactivity", click(actionNext, value, rec.srv.URL+"/hooks/1"), time.Now()))
		if w.Code != 200 {
			t.Errorf("click with value %q = %d; want 200", value, w.Code)
		}
	}
	rec.none(t)
}

func TestCheckShortcut(t *testing.T) {
	rec := newRecorder(t)
	b, _ := testBot(t, Config{Public: true})
	cb := map[string]any{
		"type":         "message_action",
		"callback_id":  CheckCallbackID,
		"user":         map[string]any{"id": "U0USER"},
		"channel":      map[string]any{"id": "C0NEWS"},
		"message":      map[string]any{"type": "message", "text": "<@U0OTHER> says the US was behind the drone attack &amp; planned it <https://example.com|source>", "ts": "1683100000.000100"},
		"response_url": rec.srv.URL + "/hooks/2",
		"trigger_id":   "1.2.3",
	}
	raw, _ := json.Marshal(cb)
	w := serve(b, signedForm("/slack/interactivity", url.Values{"payload": {string(raw)}}, time.Now()))
	if w.Code != 200 {
		t.Fatalf("shortcut = %d", w.Code)
	}
	p := rec.wait(t)
	msg := decodeMessage(t, p.body)
	checkLimits(t, "check", msg)
	if msg.ResponseType != "ephemeral" {
		t.Errorf("check reply is %q; want ephemeral even with public replies", msg.ResponseType)
	}
	text := joined(msg)
	if !strings.Contains(text, "The United States was behind the drone attack") || !strings.Contains(text, "· _denied_") {
		t.Errorf("check reply lacks the claim it bears on, with its status:\n%s", text)
	}
	var st state
	if bt, ok := buttons(msg)[actionShare]; ok {
		st, _ = decodeState(bt.Value)
	}
	if want := "/check says the US was behind the drone attack & planned it source"; st.Line != want {
		t.Errorf("checked line = %q; want %q", st.Line, want)
	}
}

func TestURLVerification(t *testing.T) {
	b, _ := testBot(t, Config{})
	body := `{"token":"legacy","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`
	r := httptest.NewRequest("POST", "/slack/events", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	sign(r, testSecret, time.Now(), body)
	w := serve(b, r)
	if w.Code != 200 || w.Body.String() != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Errorf("url_verification = %d %q; want 200 and the challenge", w.Code, w.Body)
	}
}

func mentionEvent(eventID, text, threadTS string) string {
	ev := map[string]any{
		"type": "event_callback", "team_id": "T0TEAM", "api_app_id": "A0APP", "event_id": eventID, "event_time": 1683100000,
		"event": map[string]any{
			"type": "app_mention", "user": "U0USER", "text": text, "ts": "1683100000.000100", "thread_ts": threadTS,
			"channel": "C0NEWS", "event_ts": "1683100000.000100",
		},
	}
	raw, _ := json.Marshal(ev)
	return string(raw)
}

func TestMentionAnsweredInThread(t *testing.T) {
	rec := newRecorder(t)
	b, _ := testBot(t, Config{BotToken: "xoxb-test", APIURL: rec.srv.URL + "/api/"})
	send := func(body string, at time.Time) {
		r := httptest.NewRequest("POST", "/slack/events", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		sign(r, testSecret, at, body)
		if w := serve(b, r); w.Code != 200 {
			t.Fatalf("event = %d", w.Code)
		}
	}
	body := mentionEvent("Ev1", "<@U0BOT> who carried out the attack?", "")
	send(body, time.Now())
	p := rec.wait(t)
	if p.path != "/api/chat.postMessage" {
		t.Fatalf("posted to %s; want /api/chat.postMessage", p.path)
	}
	if got := p.form.Get("channel"); got != "C0NEWS" {
		t.Errorf("channel = %q; want C0NEWS", got)
	}
	if got := p.form.Get("thread_ts"); got != "1683100000.000100" {
		t.Errorf("thread_ts = %q; want the mention's ts", got)
	}
	if p.form.Get("link_names") != "" || p.form.Get("parse") != "" {
		t.Errorf("postMessage sets link_names or parse: %v", p.form)
	}
	var blocks slackapi.Blocks
	if err := json.Unmarshal([]byte(p.form.Get("blocks")), &blocks); err != nil {
		t.Fatalf("blocks: %v", err)
	}
	msg := &slackapi.WebhookMessage{Text: p.form.Get("text"), Blocks: &blocks}
	checkLimits(t, "mention", msg)
	if text := joined(msg); !strings.Contains(text, "What the sources say") {
		t.Errorf("mention answer is not /ask:\n%s", text)
	}

	// Slack's retry of the same event, signed anew, is not answered twice.
	send(body, time.Now().Add(time.Second))
	rec.none(t)

	// A mention inside a thread is answered in that thread.
	send(mentionEvent("Ev2", "<@U0BOT> Peskov", "1683099999.000001"), time.Now())
	if got := rec.wait(t).form.Get("thread_ts"); got != "1683099999.000001" {
		t.Errorf("thread_ts = %q; want the thread's", got)
	}
}

func TestMentionWithoutBotToken(t *testing.T) {
	rec := newRecorder(t)
	b, _ := testBot(t, Config{APIURL: rec.srv.URL + "/api/"})
	body := mentionEvent("Ev1", "<@U0BOT> who carried out the attack?", "")
	r := httptest.NewRequest("POST", "/slack/events", strings.NewReader(body))
	sign(r, testSecret, time.Now(), body)
	if w := serve(b, r); w.Code != 200 {
		t.Errorf("event = %d; want 200 so that Slack does not retry", w.Code)
	}
	rec.none(t)
}

// TestPrivateAnswers checks that an answer the engine marks private (here
// "slow down", from the rate limit) goes to the asker alone, even with
// public replies, and never replaces a message others see.
func TestPrivateAnswers(t *testing.T) {
	rec := newRecorder(t)
	base := testEngine(t).Base()
	b, err := New(slog.New(slog.DiscardHandler), bot.New(nil, base, bot.Config{RatePerMinute: 1}), Config{SigningSecret: testSecret, Public: true, ResponseHosts: fakeHosts(), Registry: prometheus.NewRegistry()})
	if err != nil {
		t.Fatal(err)
	}
	w := serve(b, signedForm("/slack/commands", commandForm("/claims", ""), time.Now()))
	first := decodeMessage(t, w.Body.Bytes())
	if first.ResponseType != "in_channel" {
		t.Fatalf("first answer is %q; want in_channel", first.ResponseType)
	}
	w = serve(b, signedForm("/slack/commands", commandForm("/claims", ""), time.Now()))
	second := decodeMessage(t, w.Body.Bytes())
	if second.ResponseType != "ephemeral" || len(buttons(second)) != 0 || !strings.Contains(joined(second), "Slow down") {
		t.Errorf("rate-limited answer is %q with buttons %v:\n%s", second.ResponseType, buttons(second), joined(second))
	}

	// A click on the public message's Next, over the limit: the refusal
	// goes to the clicker and leaves the public message alone.
	other := commandForm("/sources", "")
	other.Set("user_id", "U0SHARER")
	serve(b, signedForm("/slack/commands", other, time.Now()))
	next := buttons(first)[actionNext]
	serve(b, signedForm("/slack/interactivity", click(actionNext, next.Value, rec.srv.URL+"/hooks/3"), time.Now()))
	var got struct {
		ReplaceOriginal bool   `json:"replace_original"`
		ResponseType    string `json:"response_type"`
	}
	p := rec.wait(t)
	json.Unmarshal(p.body, &got)
	if got.ReplaceOriginal || got.ResponseType != "ephemeral" {
		t.Errorf("private answer to a click posted replace_original=%v response_type=%q; want false, ephemeral", got.ReplaceOriginal, got.ResponseType)
	}
}

func TestPrivateMentionAnswerIsEphemeral(t *testing.T) {
	rec := newRecorder(t)
	base := testEngine(t).Base()
	b, err := New(slog.New(slog.DiscardHandler), bot.New(nil, base, bot.Config{RatePerMinute: 1}), Config{SigningSecret: testSecret, BotToken: "xoxb-test", APIURL: rec.srv.URL + "/api/", Registry: prometheus.NewRegistry()})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"/api/chat.postMessage", "/api/chat.postEphemeral"} {
		body := mentionEvent("Ev"+strconv.Itoa(i), "<@U0BOT> who carried out the attack?", "")
		r := httptest.NewRequest("POST", "/slack/events", strings.NewReader(body))
		sign(r, testSecret, time.Now(), body)
		serve(b, r)
		p := rec.wait(t)
		if p.path != want {
			t.Errorf("mention %d answered with %s; want %s", i+1, p.path, want)
		}
		if want == "/api/chat.postEphemeral" && (p.form.Get("user") != "U0USER" || p.form.Get("thread_ts") == "") {
			t.Errorf("ephemeral answer to user %q in thread %q; want U0USER in the mention's thread", p.form.Get("user"), p.form.Get("thread_ts"))
		}
	}
}

// TestDetailsButton: a Details button (value: the entry's reference)
// posts the entry in full to the clicker alone, as a new message under
// the answer that leaves the answer in place: the curator's full date
// note and every excerpt with its source. A reference a reload removed,
// or a forged one, says the entry is gone.
func TestDetailsButton(t *testing.T) {
	rec := newRecorder(t)
	b, _ := testBot(t, Config{Public: true})
	base := testEngine(t).Base()
	w := serve(b, signedForm("/slack/commands", commandForm("/who-said", "Peskov"), time.Now()))
	refs := detailValues(decodeMessage(t, w.Body.Bytes()))
	if len(refs) == 0 {
		t.Fatal("/who-said Peskov has no Details buttons")
	}
	details := func(ref string) (*slackapi.WebhookMessage, string) {
		t.Helper()
		w := serve(b, signedForm("/slack/interactivity", click(actionDetails, ref, rec.srv.URL+"/hooks/4"), time.Now()))
		if w.Code != 200 {
			t.Fatalf("click Details %q = %d; want 200", ref, w.Code)
		}
		p := rec.wait(t)
		if p.path != "/hooks/4" {
			t.Errorf("details posted to %s; want the response_url", p.path)
		}
		var m struct {
			ReplaceOriginal *bool  `json:"replace_original"`
			ResponseType    string `json:"response_type"`
		}
		if err := json.Unmarshal(p.body, &m); err != nil {
			t.Fatal(err)
		}
		if m.ReplaceOriginal == nil || *m.ReplaceOriginal || m.ResponseType != "ephemeral" {
			t.Errorf("details of %q posted with replace_original=%v response_type=%q; want an explicit false, ephemeral (even with public replies)", ref, m.ReplaceOriginal, m.ResponseType)
		}
		msg := decodeMessage(t, p.body)
		checkLimits(t, ref, msg)
		checkNoPings(t, ref, msg)
		// Only a Cite button, for the entry shown.
		if bs := buttons(msg); len(detailValues(msg)) != 0 || len(bs) > 1 || len(bs) == 1 && bs[actionCite] == nil {
			t.Errorf("details of %q offer further buttons", ref)
		}
		if cites := entryValues(msg, actionCite); len(cites) > 1 || len(cites) == 1 && cites[0] != ref {
			t.Errorf("details of %q cite %q", ref, cites)
		}
		return msg, joined(msg)
	}
	for _, ref := range refs {
		q := base.Quote(strings.TrimPrefix(ref, "quote/"))
		if q == nil {
			t.Fatalf("Details button value %q is not a quote's reference", ref)
		}
		_, text := details(ref)
		for _, want := range []string{escape(q.DateNote), escape(q.Medium)} {
			if !strings.Contains(text, want) {
				t.Errorf("details of %s lack %q:\n%s", ref, want, text)
			}
		}
		for _, c := range q.Citations {
			if want := blockquote(c.Excerpt) + "\n— " + escape(base.Source(c.Source).Title); !strings.Contains(text, want) {
				t.Errorf("details of %s lack the excerpt with its source %q:\n%s", ref, want, text)
			}
		}
	}
	ev := base.Event("peskov-briefing")
	if _, text := details("event/peskov-briefing"); !strings.Contains(text, escape(ev.DateNote)) {
		t.Errorf("event details lack the full date note:\n%s", text)
	}
	for _, ref := range []string{"quote/no-such-quote", "claim/", "<!channel>", strings.Repeat("x", 3000)} {
		if _, text := details(ref); !strings.Contains(text, "No longer in the knowledge base") {
			t.Errorf("details of a forged %.20q:\n%s", ref, text)
		}
	}
	rec.none(t)
}
