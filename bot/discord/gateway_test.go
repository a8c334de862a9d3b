package discord

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// These tests drive the real discordgo Session against a fake Discord on
// 127.0.0.1. discordgo's endpoints are package variables, so they must not
// run in parallel with each other.

// fakeDiscord is Discord's REST API and gateway, as much of them as the
// app uses.
type fakeDiscord struct {
	t   *testing.T
	srv *httptest.Server

	conns     chan *fakeConn
	callbacks chan callback
	commands  chan registration

	mu  sync.Mutex
	seq int

	// hangUp makes the callback endpoint close the connection without
	// an answer, as a network failure would.
	hangUp atomic.Bool
	// stall makes command registration wait until the client gives up.
	stall atomic.Bool
}

type callback struct {
	id, token string
	body      []byte
}

type registration struct {
	path, auth string
	body       []byte
}

// fakeConn is one gateway socket. opened receives the client's IDENTIFY
// (op 2) or RESUME (op 6).
type fakeConn struct {
	ws         *websocket.Conn
	wmu        sync.Mutex
	opened     chan payload
	heartbeats chan int64
}

type payload struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
	S  int             `json:"s,omitempty"`
	T  string          `json:"t,omitempty"`
}

func newFakeDiscord(t *testing.T) *fakeDiscord {
	f := &fakeDiscord{
		t:         t,
		conns:     make(chan *fakeConn, 4),
		callbacks: make(chan callback, 16),
		commands:  make(chan registration, 4),
	}
	mux := http.NewServeMux()
	gateway := func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string]any{"url": "ws://" + r.Host + "/gw", "shards": 1,
			"session_start_limit": map[string]int{"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}})
	}
	mux.HandleFunc("GET /api/v9/gateway", gateway)
	mux.HandleFunc("GET /api/v9/gateway/bot", gateway)
	register := func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.commands <- registration{path: r.URL.Path, auth: r.Header.Get("Authorization"), body: body}
		if f.stall.Load() {
			<-r.Context().Done()
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(body) // Discord answers with the commands it now has
	}
	mux.HandleFunc("PUT /api/v9/applications/{app}/commands", register)
	mux.HandleFunc("PUT /api/v9/applications/{app}/guilds/{guild}/commands", register)
	mux.HandleFunc("POST /api/v9/interactions/{id}/{token}/callback", func(w http.ResponseWriter, r *http.Request) {
		if f.hangUp.Load() {
			f.callbacks <- callback{id: r.PathValue("id"), token: r.PathValue("token")}
			if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
				conn.Close()
			}
			return
		}
		body, _ := io.ReadAll(r.Body)
		f.callbacks <- callback{id: r.PathValue("id"), token: r.PathValue("token"), body: body}
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /gw/", f.serveGateway)
	f.srv = httptest.NewServer(mux) // listens on 127.0.0.1
	t.Cleanup(f.srv.Close)
	return f
}

// useFake points discordgo at the fake until the test ends.
func useFake(t *testing.T, f *fakeDiscord) {
	saved := []string{discordgo.EndpointAPI, discordgo.EndpointGateway, discordgo.EndpointGatewayBot,
		discordgo.EndpointApplications, discordgo.EndpointWebhooks}
	api := f.srv.URL + "/api/v9/"
	discordgo.EndpointAPI = api
	discordgo.EndpointGateway = api + "gateway"
	discordgo.EndpointGatewayBot = api + "gateway/bot"
	discordgo.EndpointApplications = api + "applications"
	discordgo.EndpointWebhooks = api + "webhooks/"
	t.Cleanup(func() {
		discordgo.EndpointAPI, discordgo.EndpointGateway, discordgo.EndpointGatewayBot,
			discordgo.EndpointApplications, discordgo.EndpointWebhooks = saved[0], saved[1], saved[2], saved[3], saved[4]
	})
}

func (f *fakeDiscord) serveGateway(w http.ResponseWriter, r *http.Request) {
	ws, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &fakeConn{ws: ws, opened: make(chan payload, 1), heartbeats: make(chan int64, 64)}
	f.conns <- c
	c.send(payload{Op: 10, D: json.RawMessage(`{"heartbeat_interval":45000}`)})
	for {
		var p payload
		if err := ws.ReadJSON(&p); err != nil {
			return
		}
		switch p.Op {
		case 1:
			var seq int64
			json.Unmarshal(p.D, &seq)
			c.heartbeats <- seq
			c.send(payload{Op: 11})
		case 2:
			c.opened <- p
			f.dispatch(c, "READY", map[string]any{
				"v": 9, "session_id": "session-1",
				"user":        map[string]any{"id": "900000000000000001", "username": "incidentbot", "bot": true},
				"application": map[string]any{"id": "1000000000000000001"},
				"guilds":      []any{},
			})
		case 6:
			c.opened <- p
			f.dispatch(c, "RESUMED", map[string]any{})
		}
	}
}

func (c *fakeConn) send(p payload) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.ws.WriteJSON(p)
}

// dispatch sends an op 0 event with the next sequence number.
func (f *fakeDiscord) dispatch(c *fakeConn, event string, data any) {
	f.mu.Lock()
	f.seq++
	s := f.seq
	f.mu.Unlock()
	c.send(payload{Op: 0, T: event, S: s, D: mustJSON(data)})
}

func (f *fakeDiscord) lastSeq() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.seq
}

// within returns what ch yields within a few seconds, failing the test
// otherwise.
func within[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
		panic("unreachable")
	}
}

// answer sends an INTERACTION_CREATE and returns the callback the app
// posted for it.
func (f *fakeDiscord) answer(t *testing.T, c *fakeConn, body []byte, id string) wire {
	t.Helper()
	var i map[string]any
	if err := json.Unmarshal(body, &i); err != nil {
		t.Fatal(err)
	}
	i["id"], i["token"] = id, "token-"+id
	f.dispatch(c, "INTERACTION_CREATE", i)
	cb := within(t, f.callbacks, "the callback for interaction "+id)
	if cb.id != id || cb.token != "token-"+id {
		t.Fatalf("callback went to %s/%s; want %s/token-%s", cb.id, cb.token, id, id)
	}
	return decodeWire(t, cb.body)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// TestGateway runs the app over a real discordgo Session: it identifies,
// registers the commands, answers a slash command, an autocomplete, a
// button and the message command, resumes after the socket drops and
// answers again, and stops when its context ends.
func TestGateway(t *testing.T) {
	f := newFakeDiscord(t)
	useFake(t, f)
	gw, err := New(quietLog(), testEngine(t), Config{
		Token: "test-token", AppID: "1000000000000000001", GuildID: "1200000000000000001", ShardID: 0, ShardCount: 2,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- gw.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Errorf("Run did not return after cancel")
		}
	})

	c := within(t, f.conns, "a gateway connection")
	id := within(t, c.opened, "IDENTIFY")
	var ident struct {
		Token   string `json:"token"`
		Intents int    `json:"intents"`
		Shard   [2]int `json:"shard"`
	}
	if err := json.Unmarshal(id.D, &ident); err != nil || id.Op != 2 {
		t.Fatalf("first packet op %d %v; want IDENTIFY", id.Op, err)
	}
	if ident.Token != "Bot test-token" || ident.Intents != int(discordgo.IntentsGuilds) || ident.Shard != [2]int{0, 2} {
		t.Errorf("IDENTIFY token %q intents %d shard %v; want the Bot token, IntentsGuilds only, shard [0 2]", ident.Token, ident.Intents, ident.Shard)
	}
	within(t, c.heartbeats, "a heartbeat")

	reg := within(t, f.commands, "the command registration")
	if reg.path != "/api/v9/applications/1000000000000000001/guilds/1200000000000000001/commands" || reg.auth != "Bot test-token" {
		t.Errorf("registration PUT %s auth %q; want the guild's commands with the bot token", reg.path, reg.auth)
	}
	var cmds []discordgo.ApplicationCommand
	if err := json.Unmarshal(reg.body, &cmds); err != nil || len(cmds) != len(Commands()) {
		t.Errorf("registered %d commands (%v); want %d", len(cmds), err, len(Commands()))
	}

	w := f.answer(t, c, slashJSON("who-said", map[string]string{"query": "Kirby"}), "2000000000000000001")
	if w.Type != 4 || w.Data.Flags != int(discordgo.MessageFlagsEphemeral) || len(w.Data.Embeds) == 0 ||
		!strings.Contains(w.Data.Content, "John Kirby") {
		t.Errorf("/who-said Kirby: type %d flags %d embeds %d; want an ephemeral reply with his quotes", w.Type, w.Data.Flags, len(w.Data.Embeds))
	}
	checkWire(t, "who-said Kirby", w)

	ac := f.answer(t, c, autocompleteJSON("kir"), "2000000000000000002")
	if ac.Type != 8 || len(ac.Data.Choices) == 0 || !strings.Contains(ac.Data.Choices[0].Name, "Kirby") {
		t.Errorf("autocomplete: type %d choices %+v; want Kirby", ac.Type, ac.Data.Choices)
	}

	posted := f.answer(t, c, buttonJSON(buttonIDs(w)["Post to channel"]), "2000000000000000003")
	if posted.Type != 4 || posted.Data.Flags != 0 || !strings.HasPrefix(posted.Data.Content, "Posted by <@1400000000000000001>") {
		t.Errorf("Post to channel: type %d flags %d content %q; want a public message naming the poster", posted.Type, posted.Data.Flags, posted.Data.Content)
	}
	checkWire(t, "posted", posted)

	next := f.answer(t, c, buttonJSON("e:1.2:claims"), "2000000000000000004")
	if next.Type != 7 || !strings.Contains(next.Data.Content, "Claims") {
		t.Errorf("Next: type %d content %q; want an update of the message", next.Type, next.Data.Content)
	}

	check := f.answer(t, c, messageCommandJSON("Washington decided on the attack, not Kyiv"), "2000000000000000005")
	if check.Type != 4 || check.Data.Flags != int(discordgo.MessageFlagsEphemeral) || !strings.Contains(check.Data.Content, "this message") {
		t.Errorf("Check against sources: type %d flags %d content %q", check.Type, check.Data.Flags, check.Data.Content)
	}
	checkWire(t, "check", check)

	// The socket drops without a close frame; discordgo must come back
	// with RESUME for the same session and sequence.
	seq := f.lastSeq()
	c.ws.UnderlyingConn().Close()
	c2 := within(t, f.conns, "a reconnection")
	resume := within(t, c2.opened, "RESUME")
	var r struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
		Seq       int    `json:"seq"`
	}
	if err := json.Unmarshal(resume.D, &r); err != nil || resume.Op != 6 {
		t.Fatalf("after the drop: op %d %v; want RESUME (6)", resume.Op, err)
	}
	if r.SessionID != "session-1" || r.Seq != seq || r.Token != "Bot test-token" {
		t.Errorf("RESUME session %q seq %d; want session-1 seq %d", r.SessionID, r.Seq, seq)
	}
	again := f.answer(t, c2, slashJSON("sources", nil), "2000000000000000006")
	if again.Type != 4 || !strings.Contains(again.Data.Content, "Sources") {
		t.Errorf("after resuming: type %d content %q; want the /sources answer", again.Type, again.Data.Content)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v; want nil after cancel", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return within 10 s of cancel")
	}
	done <- nil // for the cleanup
}

// TestGatewayGlobalRegistration: with no guild the commands go global, and
// only shard 0 registers them.
func TestGatewayGlobalRegistration(t *testing.T) {
	f := newFakeDiscord(t)
	useFake(t, f)
	for _, shard := range []int{0, 1} {
		gw, err := New(quietLog(), testEngine(t), Config{Token: "Bot t", AppID: "1000000000000000001", ShardID: shard, ShardCount: 2})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- gw.Run(ctx) }()
		c := within(t, f.conns, "a gateway connection")
		within(t, c.opened, "IDENTIFY")
		if shard == 0 {
			reg := within(t, f.commands, "the command registration")
			if reg.path != "/api/v9/applications/1000000000000000001/commands" {
				t.Errorf("registration PUT %s; want the global commands", reg.path)
			}
		}
		// An interaction answered proves Run got past registration.
		f.answer(t, c, slashJSON("help", nil), "2100000000000000001")
		if shard == 1 && len(f.commands) > 0 {
			t.Errorf("shard 1 registered the commands too")
		}
		cancel()
		if err := within(t, done, "Run to return"); err != nil {
			t.Errorf("Run = %v", err)
		}
	}
}

// TestGatewayStopWhileRegistering: told to stop before the commands are
// registered, Run stops without an error, as a SIGTERM at start-up must.
func TestGatewayStopWhileRegistering(t *testing.T) {
	f := newFakeDiscord(t)
	useFake(t, f)
	f.stall.Store(true)
	gw, err := New(quietLog(), testEngine(t), Config{Token: "t", AppID: "1000000000000000001"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- gw.Run(ctx) }()
	within(t, f.commands, "the command registration")
	cancel()
	if err := within(t, done, "Run to return"); err != nil {
		t.Errorf("Run = %v; want nil when stopped while registering", err)
	}
}

func TestNewGatewayRefuses(t *testing.T) {
	for _, cfg := range []Config{
		{AppID: "1"},
		{Token: "t"},
		{Token: "t", AppID: "1", ShardID: 2, ShardCount: 2},
		{Token: "t", AppID: "1", ShardID: -1, ShardCount: 2},
		{Token: "t", AppID: "1", ShardID: 1},
	} {
		if _, err := New(nil, testEngine(t), cfg); err == nil {
			t.Errorf("New(%+v) succeeded; want an error", cfg)
		} else if strings.Contains(err.Error(), "t\"") {
			t.Errorf("error %q shows the token", err)
		}
	}
}
