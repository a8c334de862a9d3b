package slack

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// fakeSlack is a Socket Mode server on 127.0.0.1: apps.connections.open
// hands out a websocket URL, each websocket gets "hello" and is passed to
// the test to drive, and Web API posts and response_url posts are
// recorded.
type fakeSlack struct {
	srv   *httptest.Server
	opens atomic.Int32
	auth  atomic.Value // last Authorization of apps.connections.open
	conns chan *websocket.Conn
	posts chan post
	// refuse makes apps.connections.open answer invalid_auth.
	refuse bool
}

func newFakeSlack(t *testing.T) *fakeSlack {
	t.Helper()
	f := &fakeSlack{conns: make(chan *websocket.Conn, 4), posts: make(chan post, 16)}
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/apps.connections.open", func(w http.ResponseWriter, r *http.Request) {
		f.opens.Add(1)
		f.auth.Store(r.Header.Get("Authorization"))
		w.Header().Set("Content-Type", "application/json")
		if f.refuse {
			io.WriteString(w, `{"ok":false,"error":"invalid_auth"}`)
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"ok": true, "url": "ws://" + r.Host + "/link/"})
	})
	mux.HandleFunc("GET /link/", func(w http.ResponseWriter, r *http.Request) {
		conn, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		if err := conn.WriteJSON(map[string]any{"type": "hello", "num_connections": 1}); err != nil {
			conn.Close()
			return
		}
		f.conns <- conn
	})
	record := func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		p := post{path: r.URL.Path, body: body}
		p.form, _ = url.ParseQuery(string(body))
		f.posts <- p
		if strings.HasPrefix(r.URL.Path, "/api/") {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"ok":true,"channel":"C0NEWS","ts":"1683100000.000200"}`)
		}
	}
	mux.HandleFunc("POST /api/chat.postMessage", record)
	mux.HandleFunc("POST /api/chat.postEphemeral", record)
	mux.HandleFunc("POST /hooks/", record)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	addFakeHost(t, f.srv.URL)
	return f
}

// conn waits for the bot to connect.
func (f *fakeSlack) conn(t *testing.T) *websocket.Conn {
	t.Helper()
	select {
	case c := <-f.conns:
		t.Cleanup(func() { c.Close() })
		return c
	case <-time.After(5 * time.Second):
		t.Fatal("the bot did not connect")
		return nil
	}
}

func (f *fakeSlack) post(t *testing.T) post {
	t.Helper()
	select {
	case p := <-f.posts:
		return p
	case <-time.After(5 * time.Second):
		t.Fatal("nothing was posted")
		return post{}
	}
}

// deliver sends an envelope and returns the bot's ack for it.
func deliver(t *testing.T, c *websocket.Conn, typ, id string, payload any) map[string]json.RawMessage {
	t.Helper()
	env := map[string]any{"type": typ, "envelope_id": id, "payload": payload, "accepts_response_payload": typ == "slash_commands"}
	if err := c.WriteJSON(env); err != nil {
		t.Fatalf("sending %s: %v", typ, err)
	}
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, raw, err := c.ReadMessage()
	if err != nil {
		t.Fatalf("reading the ack of %s: %v", typ, err)
	}
	if len(raw) >= 20480 {
		t.Errorf("ack of %s is %d bytes; Slack drops 20,480 or more", typ, len(raw))
	}
	var ack map[string]json.RawMessage
	if err := json.Unmarshal(raw, &ack); err != nil {
		t.Fatalf("ack %s: %v", raw, err)
	}
	var got string
	json.Unmarshal(ack["envelope_id"], &got)
	if got != id {
		t.Fatalf("ack for envelope %q; want %q", got, id)
	}
	return ack
}

// socketConfig is cfg with the tokens set and the Web API at f.
func socketConfig(f *fakeSlack, cfg Config) Config {
	cfg.BotToken, cfg.AppToken, cfg.APIURL = "xoxb-test-bot", "xapp-test-app", f.srv.URL+"/api/"
	return cfg
}

// runSocket starts the bot's Socket Mode loop against f and returns a
// function that stops it and reports how long it took.
func runSocket(t *testing.T, f *fakeSlack, cfg Config) (stop func() time.Duration, done chan error) {
	t.Helper()
	b, _ := testBot(t, socketConfig(f, cfg))
	return runSocketBot(t, b)
}

// runSocketBot starts b's Socket Mode loop; b must be configured for a
// fake (socketConfig).
func runSocketBot(t *testing.T, b *Bot) (stop func() time.Duration, done chan error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done = make(chan error, 1)
	go func() { done <- b.runSocketMode(ctx, socketmode.OptionPingInterval(time.Hour)) }()
	stopped := false
	stop = func() time.Duration {
		if stopped {
			return 0
		}
		stopped = true
		start := time.Now()
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run() = %v; want nil after cancel", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("Run did not return after cancel")
		}
		return time.Since(start)
	}
	t.Cleanup(func() { stop() })
	return stop, done
}

func TestSocketMode(t *testing.T) {
	f := newFakeSlack(t)
	stop, _ := runSocket(t, f, Config{})
	c := f.conn(t)
	if got := f.auth.Load(); got != "Bearer xapp-test-app" {
		t.Errorf("apps.connections.open Authorization = %q; want the app-level token", got)
	}

	// A slash command is answered in its ack.
	ack := deliver(t, c, "slash_commands", "env-1", map[string]any{
		"command": "/claims", "text": "", "user_id": "U0USER", "channel_id": "C0NEWS",
		"team_id": "T0TEAM", "response_url": f.srv.URL + "/hooks/1", "trigger_id": "1.2.3",
	})
	msg := decodeMessage(t, ack["payload"])
	checkLimits(t, "ack", msg)
	if msg.ResponseType != "ephemeral" || !strings.Contains(joined(msg), "*1.* ") {
		t.Fatalf("ack payload is not the first page of /claims:\n%s", pretty(msg))
	}
	next, ok := buttons(msg)[actionNext]
	if !ok {
		t.Fatalf("/claims has no Next button")
	}

	// A click on Next is acked empty and page 2 replaces the message.
	ack = deliver(t, c, "interactive", "env-2", json.RawMessage(click(actionNext, next.Value, f.srv.URL+"/hooks/1").Get("payload")))
	if _, ok := ack["payload"]; ok {
		t.Errorf("button ack carries a payload: %s", ack["payload"])
	}
	p := f.post(t)
	if p.path != "/hooks/1" {
		t.Fatalf("page 2 posted to %s; want the response_url", p.path)
	}
	var replace struct {
		ReplaceOriginal bool `json:"replace_original"`
	}
	json.Unmarshal(p.body, &replace)
	page2 := decodeMessage(t, p.body)
	if !replace.ReplaceOriginal || !strings.Contains(joined(page2), "*11.* ") {
		t.Errorf("page 2 (replace_original=%v):\n%s", replace.ReplaceOriginal, pretty(page2))
	}

	// A mention is acked and answered as /ask in a thread.
	ev := json.RawMessage(mentionEvent("Ev1", "<@U0BOT> who carried out the attack?", ""))
	deliver(t, c, "events_api", "env-3", ev)
	p = f.post(t)
	if p.path != "/api/chat.postMessage" || p.form.Get("thread_ts") != "1683100000.000100" || p.form.Get("channel") != "C0NEWS" {
		t.Errorf("mention answered with %s %v; want chat.postMessage in the mention's thread", p.path, p.form)
	}
	if !strings.Contains(p.form.Get("text"), "What the sources say") {
		t.Errorf("mention answer text = %q; want the /ask answer", p.form.Get("text"))
	}
	if got := p.form.Get("token"); got != "xoxb-test-bot" {
		t.Errorf("chat.postMessage token = %q; want the bot token", got)
	}

	if took := stop(); took > 2*time.Second {
		t.Errorf("stopping took %v", took)
	}
}

// TestSocketModeReconnects drops the connection after hello and checks
// that the bot opens a new one and answers on it.
func TestSocketModeReconnects(t *testing.T) {
	f := newFakeSlack(t)
	runSocket(t, f, Config{})
	first := f.conn(t)
	first.Close()
	second := f.conn(t)
	if n := f.opens.Load(); n != 2 {
		t.Errorf("apps.connections.open called %d times; want 2", n)
	}
	ack := deliver(t, second, "slash_commands", "env-9", map[string]any{
		"command": "/who-said", "text": "Peskov", "user_id": "U0USER", "channel_id": "C0NEWS", "response_url": f.srv.URL + "/hooks/9",
	})
	if text := joined(decodeMessage(t, ack["payload"])); !strings.Contains(text, "Dmitry Peskov") {
		t.Errorf("answer after reconnect:\n%s", text)
	}
}

func TestSocketModeRefusedTokens(t *testing.T) {
	f := newFakeSlack(t)
	f.refuse = true
	b, _ := testBot(t, Config{BotToken: "xoxb-secret-bot", AppToken: "xapp-secret-app", APIURL: f.srv.URL + "/api/"})
	done := make(chan error, 1)
	go func() { done <- b.runSocketMode(context.Background(), socketmode.OptionPingInterval(time.Hour)) }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "invalid_auth") {
			t.Errorf("Run() = %v; want invalid_auth", err)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("error shows a token: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run kept going with refused tokens")
	}
}

// TestShareOverSocketMode checks the share click end to end: the public
// message goes to response_url with who shared it.
func TestShareOverSocketMode(t *testing.T) {
	f := newFakeSlack(t)
	runSocket(t, f, Config{})
	c := f.conn(t)
	ack := deliver(t, c, "slash_commands", "env-1", map[string]any{
		"command": "/who-said", "text": "Kirby", "user_id": "U0SHARER", "channel_id": "C0NEWS", "response_url": f.srv.URL + "/hooks/1",
	})
	share, ok := buttons(decodeMessage(t, ack["payload"]))[actionShare]
	if !ok {
		t.Fatal("no Share button")
	}
	deliver(t, c, "interactive", "env-2", json.RawMessage(click(actionShare, share.Value, f.srv.URL+"/hooks/1").Get("payload")))
	p := f.post(t)
	var m struct {
		ResponseType string `json:"response_type"`
	}
	json.Unmarshal(p.body, &m)
	msg := decodeMessage(t, p.body)
	if m.ResponseType != slackapi.ResponseTypeInChannel || !strings.Contains(joined(msg), "Shared by <@U0SHARER>") {
		t.Errorf("shared message (%s):\n%s", m.ResponseType, pretty(msg))
	}
}

// TestDetailsOverSocketMode: a Details click is acked empty, and the
// entry's details go to response_url as a new ephemeral message that
// leaves the answer in place.
func TestDetailsOverSocketMode(t *testing.T) {
	f := newFakeSlack(t)
	runSocket(t, f, Config{})
	c := f.conn(t)
	ack := deliver(t, c, "slash_commands", "env-1", map[string]any{
		"command": "/timeline", "text": "", "user_id": "U0USER", "channel_id": "C0NEWS", "response_url": f.srv.URL + "/hooks/1",
	})
	refs := detailValues(decodeMessage(t, ack["payload"]))
	if !slices.Contains(refs, "event/peskov-briefing") {
		t.Fatalf("Details buttons carry %q; want the events' references", refs)
	}
	ack = deliver(t, c, "interactive", "env-2", json.RawMessage(click(actionDetails, "event/peskov-briefing", f.srv.URL+"/hooks/1").Get("payload")))
	if _, ok := ack["payload"]; ok {
		t.Errorf("Details ack carries a payload: %s", ack["payload"])
	}
	p := f.post(t)
	var m struct {
		ReplaceOriginal bool   `json:"replace_original"`
		ResponseType    string `json:"response_type"`
	}
	json.Unmarshal(p.body, &m)
	msg := decodeMessage(t, p.body)
	checkLimits(t, "details", msg)
	text := joined(msg)
	if p.path != "/hooks/1" || m.ReplaceOriginal || m.ResponseType != "ephemeral" || !strings.Contains(text, "*Date:* 3–4 May 2023. Not dated in the commentary") || !strings.Contains(text, "\n— Commentary: doubts over the Kremlin drone attack") {
		t.Errorf("details posted to %s replace_original=%v response_type=%q:\n%s", p.path, m.ReplaceOriginal, m.ResponseType, text)
	}
}
