package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/i18n"
)

// faulty answers from the default base but panics on any command line
// containing "boom", as a bug in rendering would.
type faulty struct{ Engine }

func (f faulty) Ask(ctx context.Context, req bot.Request) bot.Answer {
	if strings.Contains(req.Line, "boom") {
		panic("boom in " + req.Line)
	}
	return f.Engine.Ask(ctx, req)
}

// held answers from the default base once released, telling asked when
// a question arrives.
type held struct {
	Engine
	asked   chan struct{}
	release chan struct{}
}

func (h held) Ask(ctx context.Context, req bot.Request) bot.Answer {
	h.asked <- struct{}{}
	<-h.release
	return h.Engine.Ask(ctx, req)
}

// logBuffer collects log output from several goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// newBot returns a Bot over engine with cfg (signed with testSecret), its
// registry and its log.
func newBot(t testing.TB, cfg Config, engine Engine) (*Bot, *prometheus.Registry, *logBuffer) {
	t.Helper()
	cfg.SigningSecret = testSecret
	if cfg.ResponseHosts == nil {
		cfg.ResponseHosts = fakeHosts()
	}
	logs := &logBuffer{}
	reg := prometheus.NewRegistry()
	cfg.Registry = reg
	b, err := New(slog.New(slog.NewTextHandler(logs, nil)), engine, cfg)
	if err != nil {
		t.Fatalf("New() = %v", err)
	}
	return b, reg, logs
}

// panics reads incidentbot_slack_panics_total from reg.
func panics(t testing.TB, reg *prometheus.Registry) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == "incidentbot_slack_panics_total" && len(mf.GetMetric()) == 1 {
			return mf.GetMetric()[0].GetCounter().GetValue()
		}
	}
	t.Fatal("incidentbot_slack_panics_total is not registered")
	return 0
}

// checkApology fails t unless raw is the private apology message.
func checkApology(t testing.TB, what string, raw []byte) {
	t.Helper()
	msg := decodeMessage(t, raw)
	if msg.ResponseType != slackapi.ResponseTypeEphemeral || msg.Text != apologyText || !strings.Contains(joined(msg), apologyText) || msg.ReplaceOriginal {
		t.Errorf("%s: want the ephemeral apology, not replacing anything; got\n%s", what, raw)
	}
	checkLimits(t, what, msg)
}

// checkPanicLog fails t unless logs has n panics logged with a stack, and
// none of secrets.
func checkPanicLog(t testing.TB, logs *logBuffer, n int, secrets ...string) {
	t.Helper()
	out := logs.String()
	if got := strings.Count(out, "panic answering a slack request"); got != n {
		t.Errorf("%d panics logged; want %d:\n%s", got, n, out)
	}
	if n > 0 && !strings.Contains(out, "recover_test.go") {
		t.Errorf("panic log has no stack:\n%s", out)
	}
	for _, s := range secrets {
		if strings.Contains(out, s) {
			t.Errorf("the log shows %q:\n%s", s, out)
		}
	}
}

// TestHTTPPanics: a panic answering a slash command, a click, a shortcut
// or a mention over HTTP gets the user an apology where the answer would
// have gone, is logged and counted, and the handlers go on answering.
func TestHTTPPanics(t *testing.T) {
	rec := newRecorder(t)
	b, reg, logs := newBot(t, Config{BotToken: "xoxb-secret-bot", APIURL: rec.srv.URL + "/api/"}, faulty{testEngine(t)})
	if got := panics(t, reg); got != 0 {
		t.Fatalf("panics before any request = %v", got)
	}
	count := 0
	stillServes := func(t *testing.T) {
		t.Helper()
		count++
		if got := panics(t, reg); got != float64(count) {
			t.Errorf("incidentbot_slack_panics_total = %v; want %d", got, count)
		}
		w := serve(b, signedForm("/slack/commands", commandForm("/who-said", "Kirby"), time.Now()))
		if w.Code != 200 || !strings.Contains(joined(decodeMessage(t, w.Body.Bytes())), "John Kirby") {
			t.Errorf("after the panic: /who-said Kirby = %d\n%s", w.Code, w.Body)
		}
	}

	t.Run("slash command", func(t *testing.T) {
		w := serve(b, signedForm("/slack/commands", commandForm("/ask", "boom"), time.Now()))
		if w.Code != 200 {
			t.Fatalf("status %d; want 200 with the apology", w.Code)
		}
		checkApology(t, "/ask boom", w.Body.Bytes())
		rec.none(t)
		stillServes(t)
	})
	t.Run("click", func(t *testing.T) {
		value := state{Line: "/ask boom", Page: 2}.encode()
		w := serve(b, signedForm("/slack/interactivity", click(actionNext, value, rec.srv.URL+"/hooks/secret-hook-1"), time.Now()))
		if w.Code != 200 {
			t.Fatalf("status %d; want 200", w.Code)
		}
		p := rec.wait(t)
		if p.path != "/hooks/secret-hook-1" {
			t.Fatalf("posted to %s; want the response_url", p.path)
		}
		checkApology(t, "click", p.body)
		stillServes(t)
	})
	t.Run("shortcut", func(t *testing.T) {
		raw, _ := json.Marshal(map[string]any{
			"type": "message_action", "callback_id": CheckCallbackID, "user": map[string]any{"id": "U0USER"},
			"channel": map[string]any{"id": "C0NEWS"}, "message": map[string]any{"type": "message", "text": "boom", "ts": "1683100000.000100"},
			"response_url": rec.srv.URL + "/hooks/secret-hook-2", "trigger_id": "1.2.3",
		})
		w := serve(b, signedForm("/slack/interactivity", url.Values{"payload": {string(raw)}}, time.Now()))
		if w.Code != 200 {
			t.Fatalf("status %d; want 200", w.Code)
		}
		checkApology(t, "shortcut", rec.wait(t).body)
		stillServes(t)
	})
	t.Run("mention", func(t *testing.T) {
		body := mentionEvent("EvBoom", "<@U0BOT> boom", "")
		r := httptest.NewRequest("POST", "/slack/events", strings.NewReader(body))
		sign(r, testSecret, time.Now(), body)
		if w := serve(b, r); w.Code != 200 {
			t.Fatalf("status %d; want 200", w.Code)
		}
		p := rec.wait(t)
		if p.path != "/api/chat.postEphemeral" || p.form.Get("user") != "U0USER" || p.form.Get("thread_ts") != "1683100000.000100" {
			t.Fatalf("apology went to %s %v; want chat.postEphemeral to the asker in the thread", p.path, p.form)
		}
		if p.form.Get("text") != apologyText {
			t.Errorf("apology text = %q", p.form.Get("text"))
		}
		stillServes(t)
	})
	checkPanicLog(t, logs, count, "secret-hook", "xoxb-secret-bot")
}

// TestHTTPPanicAfterAnswer: a panic after the handler has answered is
// logged and counted, and the answer stands; one before any answer, even
// outside the bot's own answering, still gets the apology.
func TestHTTPPanicAfterAnswer(t *testing.T) {
	b, reg, logs := newBot(t, Config{}, testEngine(t))
	h := b.verified(MaxBodyBytes, func(_ context.Context, _ *request, w http.ResponseWriter, r *http.Request) error {
		b.writeJSON(w, map[string]string{"text": "the answer"})
		panic("after the answer")
	})
	w := httptest.NewRecorder()
	h.ServeHTTP(w, signedForm("/slack/commands", commandForm("/help", ""), time.Now()))
	if w.Code != 200 || strings.TrimSpace(w.Body.String()) != `{"text":"the answer"}` {
		t.Errorf("answer then panic = %d %s; want the answer alone", w.Code, w.Body)
	}
	h = b.verified(MaxBodyBytes, func(context.Context, *request, http.ResponseWriter, *http.Request) error { panic("before any answer") })
	w = httptest.NewRecorder()
	h.ServeHTTP(w, signedForm("/slack/events", url.Values{}, time.Now()))
	if w.Code != 200 {
		t.Errorf("panic before answering = %d; want 200", w.Code)
	}
	checkApology(t, "panic before answering", w.Body.Bytes())
	if got := panics(t, reg); got != 2 {
		t.Errorf("incidentbot_slack_panics_total = %v; want 2", got)
	}
	checkPanicLog(t, logs, 2)
}

// TestSocketModePanics: a panic in Socket Mode, where the event loop and
// the work beside it would otherwise take the process down, gets the
// user an apology in the ack, at the response_url or in the thread, and
// the loop goes on answering.
func TestSocketModePanics(t *testing.T) {
	f := newFakeSlack(t)
	b, reg, logs := newBot(t, socketConfig(f, Config{}), faulty{testEngine(t)})
	runSocketBot(t, b)
	c := f.conn(t)

	ack := deliver(t, c, "slash_commands", "env-1", map[string]any{
		"command": "/ask", "text": "boom", "user_id": "U0USER", "channel_id": "C0NEWS", "response_url": f.srv.URL + "/hooks/secret-1",
	})
	checkApology(t, "slash command ack", ack["payload"])

	value := state{Line: "/ask boom", Page: 2}.encode()
	deliver(t, c, "interactive", "env-2", json.RawMessage(click(actionNext, value, f.srv.URL+"/hooks/secret-2").Get("payload")))
	p := f.post(t)
	if p.path != "/hooks/secret-2" {
		t.Fatalf("click apology posted to %s; want the response_url", p.path)
	}
	checkApology(t, "click", p.body)

	deliver(t, c, "events_api", "env-3", json.RawMessage(mentionEvent("EvBoom", "<@U0BOT> boom", "")))
	p = f.post(t)
	if p.path != "/api/chat.postEphemeral" || p.form.Get("text") != apologyText || p.form.Get("user") != "U0USER" {
		t.Errorf("mention apology: %s %v; want chat.postEphemeral to the asker", p.path, p.form)
	}

	if got := panics(t, reg); got != 3 {
		t.Errorf("incidentbot_slack_panics_total = %v; want 3", got)
	}
	ack = deliver(t, c, "slash_commands", "env-4", map[string]any{
		"command": "/who-said", "text": "Peskov", "user_id": "U0USER", "channel_id": "C0NEWS", "response_url": f.srv.URL + "/hooks/4",
	})
	if text := joined(decodeMessage(t, ack["payload"])); !strings.Contains(text, "Dmitry Peskov") {
		t.Errorf("after the panics, /who-said Peskov:\n%s", text)
	}
	checkPanicLog(t, logs, 3, "secret-1", "secret-2", "xoxb-test-bot", "xapp-test-app")
}

// TestSocketModeFinishesWork: a click acknowledged before the bot is told
// to stop still gets its answer, and Run waits for it.
func TestSocketModeFinishesWork(t *testing.T) {
	f := newFakeSlack(t)
	e := held{Engine: testEngine(t), asked: make(chan struct{}, 1), release: make(chan struct{})}
	b, _, _ := newBot(t, socketConfig(f, Config{}), e)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- b.runSocketMode(ctx, socketmode.OptionPingInterval(time.Hour)) }()
	c := f.conn(t)

	value := state{Line: "/claims", Page: 2}.encode()
	deliver(t, c, "interactive", "env-1", json.RawMessage(click(actionNext, value, f.srv.URL+"/hooks/1").Get("payload")))
	select {
	case <-e.asked:
	case <-time.After(5 * time.Second):
		t.Fatal("the click did not reach the engine")
	}
	cancel()
	select {
	case err := <-done:
		t.Fatalf("Run returned (%v) with a click being answered", err)
	case <-time.After(50 * time.Millisecond):
	}
	close(e.release)
	p := f.post(t)
	if p.path != "/hooks/1" || !strings.Contains(joined(decodeMessage(t, p.body)), "*11.* ") {
		t.Errorf("answer in flight went to %s:\n%s", p.path, p.body)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run() = %v; want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return")
	}
}

// TestResponseURLNotLogged: when an answer cannot be posted, the log
// says so without the response_url, which lets anyone post into the
// conversation.
func TestResponseURLNotLogged(t *testing.T) {
	b, _, logs := newBot(t, Config{}, testEngine(t))
	value := state{Line: "/claims", Page: 2}.encode()
	// Nothing listens on port 1 of 127.0.0.1.
	w := serve(b, signedForm("/slack/interactivity", click(actionNext, value, "http://127.0.0.1:1/commands/T0TEAM/1/secret-capability"), time.Now()))
	if w.Code != 200 {
		t.Errorf("status %d; want 200", w.Code)
	}
	out := logs.String()
	if !strings.Contains(out, "slack interaction failed") {
		t.Fatalf("the failed post was not logged:\n%s", out)
	}
	if strings.Contains(out, "secret-capability") {
		t.Errorf("the response_url was logged:\n%s", out)
	}
}

// badBlock is a block that cannot be encoded, or whose encoding panics,
// as a bug in rendering would make one.
type badBlock struct{ panics bool }

func (badBlock) BlockType() slackapi.MessageBlockType { return slackapi.MBTSection }
func (badBlock) ID() string                           { return "" }
func (b badBlock) MarshalJSON() ([]byte, error) {
	if b.panics {
		panic("boom in encoding")
	}
	return nil, errors.New("cannot encode")
}

// TestHTTPUnencodableApology: an answer that cannot be encoded, or whose
// encoding panics, has sent nothing, so the user still gets the apology
// in the HTTP response (not a 500, not an empty 200).
func TestHTTPUnencodableApology(t *testing.T) {
	b, _, _ := newBot(t, Config{}, testEngine(t))
	for _, panics := range []bool{false, true} {
		h := b.verified(MaxBodyBytes, func(ctx context.Context, q *request, _ http.ResponseWriter, _ *http.Request) error {
			return q.send(ctx, &slackapi.WebhookMessage{Text: "an answer", Blocks: &slackapi.Blocks{BlockSet: []slackapi.Block{badBlock{panics}}}})
		})
		w := httptest.NewRecorder()
		h.ServeHTTP(w, signedForm("/slack/commands", commandForm("/help", ""), time.Now()))
		if w.Code != 200 {
			t.Errorf("answer whose encoding panics=%v: status %d %s; want 200 with the apology", panics, w.Code, w.Body)
			continue
		}
		checkApology(t, fmt.Sprintf("answer whose encoding panics=%v", panics), w.Body.Bytes())
	}
}

// TestApologyInWorkspaceLanguage: a workspace set to Russian gets the
// apology in Russian, as it gets its answers.
func TestApologyInWorkspaceLanguage(t *testing.T) {
	b, _, _ := newBot(t, Config{Locale: i18n.LocaleRU}, faulty{testEngine(t)})
	w := serve(b, signedForm("/slack/commands", commandForm("/ask", "boom"), time.Now()))
	msg := decodeMessage(t, w.Body.Bytes())
	if want := bot.Apology(i18n.LocaleRU); msg.Text != want || msg.ResponseType != slackapi.ResponseTypeEphemeral {
		t.Errorf("apology in a Russian workspace = %q; want %q, private", msg.Text, want)
	}
}

// apologyText is the bot's apology in English, the default language of a
// workspace.
var apologyText = bot.Apology(i18n.LocaleEN)
