package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"log/slog"
	"math"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/i18n"
)

// faulty answers from the default base but panics on any command line or
// autocomplete prefix containing "boom", as a bug in rendering would.
type faulty struct{ Engine }

func (f faulty) Ask(ctx context.Context, req bot.Request) bot.Answer {
	if strings.Contains(req.Line, "boom") {
		panic("boom in " + req.Line)
	}
	return f.Engine.Ask(ctx, req)
}

func (f faulty) Suggest(req bot.Request, command, prefix string, n int) []string {
	if strings.Contains(prefix, "boom") {
		panic("boom in autocomplete")
	}
	return f.Engine.Suggest(req, command, prefix, n)
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

func (l *logBuffer) logger() *slog.Logger { return slog.New(slog.NewTextHandler(l, nil)) }

// counter reads an unlabelled counter from reg, failing t if it is not
// registered.
func counter(t testing.TB, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == name && len(mf.GetMetric()) == 1 {
			return mf.GetMetric()[0].GetCounter().GetValue()
		}
	}
	t.Fatalf("%s is not registered", name)
	return 0
}

// checkApology fails t unless w is the private apology.
func checkApology(t testing.TB, what string, w wire) {
	t.Helper()
	if w.Type != 4 || w.Data == nil || w.Data.Content != apologyText || w.Data.Flags != int(discordgo.MessageFlagsEphemeral) {
		t.Errorf("%s: type %d data %+v; want the ephemeral apology (type 4)", what, w.Type, w.Data)
		return
	}
	if p := limitProblems(w); len(p) > 0 {
		t.Errorf("%s: %v", what, p)
	}
}

// TestHTTPPanicApology: a panic while answering over HTTP gets the user
// an apology in the HTTP response, is logged and counted, and the
// handler goes on answering.
func TestHTTPPanicApology(t *testing.T) {
	var logs logBuffer
	reg := prometheus.NewRegistry()
	b, err := New(logs.logger(), faulty{testEngine(t)}, Config{PublicKey: testKey.Public().(ed25519.PublicKey), Registry: reg})
	if err != nil {
		t.Fatal(err)
	}
	h := b.Routes()["POST /discord/interactions"]
	if got := counter(t, reg, "incidentbot_discord_panics_total"); got != 0 {
		t.Fatalf("panics before any request = %v; want 0", got)
	}

	tests := []struct {
		name string
		body []byte
		want func(t *testing.T, w wire)
	}{
		{"slash command", slashJSON("ask", map[string]string{"question": "boom"}), func(t *testing.T, w wire) { checkApology(t, "/ask boom", w) }},
		{"button", buttonJSON("e:1.1:who-said boom"), func(t *testing.T, w wire) { checkApology(t, "button", w) }},
		{"message command", messageCommandJSON("boom"), func(t *testing.T, w wire) { checkApology(t, "check", w) }},
		{"autocomplete", autocompleteJSON("boom"), func(t *testing.T, w wire) {
			// An autocomplete cannot take a message: no choices.
			if w.Type != 8 || w.Data == nil || len(w.Data.Choices) != 0 || len(limitProblems(w)) > 0 {
				t.Errorf("autocomplete: type %d data %+v; want type 8 with no choices", w.Type, w.Data)
			}
		}},
	}
	for n, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := post(t, h, tt.body)
			if status != 200 {
				t.Fatalf("status %d: %s; want 200 with an apology", status, body)
			}
			tt.want(t, decodeWire(t, body))
			if got := counter(t, reg, "incidentbot_discord_panics_total"); got != float64(n+1) {
				t.Errorf("incidentbot_discord_panics_total = %v; want %d", got, n+1)
			}
			// The handler keeps serving.
			status, body = post(t, h, slashJSON("who-said", map[string]string{"query": "Kirby"}))
			if w := decodeWire(t, body); status != 200 || len(w.Data.Embeds) == 0 || !strings.Contains(w.Data.Content, "John Kirby") {
				t.Errorf("after the panic: status %d %s; want Kirby's quotes", status, body)
			}
		})
	}
	out := logs.String()
	if n := strings.Count(out, "panic answering a discord interaction"); n != len(tests) {
		t.Errorf("%d panics logged; want %d:\n%s", n, len(tests), out)
	}
	if !strings.Contains(out, "transport=http") || !strings.Contains(out, "recover_test.go") {
		t.Errorf("panic log lacks the transport or the stack:\n%s", out)
	}
	if strings.Contains(out, `"tok"`) || strings.Contains(out, "token=tok") {
		t.Errorf("the interaction token was logged:\n%s", out)
	}
}

// runGateway starts a gateway bot over engine against f and returns it
// connected, with the commands registered, and a function that stops it.
func runGateway(t *testing.T, f *fakeDiscord, engine Engine, reg prometheus.Registerer, log *slog.Logger) (*fakeConn, func() error) {
	t.Helper()
	gw, err := New(log, engine, Config{Token: "secret-bot-token", AppID: "1000000000000000001", Registry: reg})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- gw.Run(ctx) }()
	stopped := false
	stop := func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		return within(t, done, "Run to return")
	}
	t.Cleanup(func() { stop() })
	c := within(t, f.conns, "a gateway connection")
	within(t, c.opened, "IDENTIFY")
	within(t, f.commands, "the command registration")
	return c, stop
}

// TestGatewayPanicApology: a panic while answering over the gateway,
// which discordgo runs in a goroutine of its own, does not take the
// process down: the user gets an apology through the callback, the panic
// is counted, and the next interaction is answered.
func TestGatewayPanicApology(t *testing.T) {
	f := newFakeDiscord(t)
	useFake(t, f)
	var logs logBuffer
	reg := prometheus.NewRegistry()
	c, stop := runGateway(t, f, faulty{testEngine(t)}, reg, logs.logger())

	checkApology(t, "/ask boom", f.answer(t, c, slashJSON("ask", map[string]string{"question": "boom"}), "2200000000000000001"))
	ac := f.answer(t, c, autocompleteJSON("boom"), "2200000000000000002")
	if ac.Type != 8 || ac.Data == nil || len(ac.Data.Choices) != 0 {
		t.Errorf("autocomplete: type %d; want 8 with no choices", ac.Type)
	}
	if got := counter(t, reg, "incidentbot_discord_panics_total"); got != 2 {
		t.Errorf("incidentbot_discord_panics_total = %v; want 2", got)
	}
	again := f.answer(t, c, slashJSON("sources", nil), "2200000000000000003")
	if again.Type != 4 || !strings.Contains(again.Data.Content, "Sources") {
		t.Errorf("after the panics: type %d content %q; want the /sources answer", again.Type, again.Data.Content)
	}
	if err := stop(); err != nil {
		t.Errorf("Run = %v", err)
	}
	out := logs.String()
	if !strings.Contains(out, "transport=gateway") || strings.Contains(out, "secret-bot-token") || strings.Contains(out, "token-22") {
		t.Errorf("panic log lacks the transport, or shows a token:\n%s", out)
	}
}

// TestGatewayFinishesAnswers: an answer being worked out when the bot
// is told to stop still goes out, and Run waits for it.
func TestGatewayFinishesAnswers(t *testing.T) {
	f := newFakeDiscord(t)
	useFake(t, f)
	e := held{Engine: testEngine(t), asked: make(chan struct{}, 1), release: make(chan struct{})}
	c, stop := runGateway(t, f, e, nil, quietLog())

	body := map[string]any{
		"id": "2300000000000000001", "application_id": "1000000000000000001", "type": 2, "token": "token-2300000000000000001",
		"channel_id": "1300000000000000001", "member": map[string]any{"user": map[string]any{"id": "1400000000000000001"}},
		"data": map[string]any{"id": "1500000000000000001", "name": "sources", "type": 1},
	}
	f.dispatch(c, "INTERACTION_CREATE", body)
	within(t, e.asked, "the engine to be asked")

	stopped := make(chan error, 1)
	go func() { stopped <- stop() }()
	// discordgo's Close alone takes a second; past that, Run is waiting.
	select {
	case err := <-stopped:
		t.Fatalf("Run returned (%v) with an answer in flight", err)
	case <-time.After(1500 * time.Millisecond):
	}
	close(e.release)
	cb := within(t, f.callbacks, "the answer in flight")
	if w := decodeWire(t, cb.body); w.Type != 4 || !strings.Contains(w.Data.Content, "Sources") {
		t.Errorf("answer in flight: type %d; want the /sources answer", w.Type)
	}
	if err := within(t, stopped, "Run to return"); err != nil {
		t.Errorf("Run = %v", err)
	}
}

// TestGatewayCallbackFailureHidesToken: when the callback cannot be
// posted, the error is logged without the callback URL, which holds the
// interaction's token.
func TestGatewayCallbackFailureHidesToken(t *testing.T) {
	f := newFakeDiscord(t)
	useFake(t, f)
	var logs logBuffer
	c, stop := runGateway(t, f, testEngine(t), nil, logs.logger())
	f.hangUp.Store(true)
	f.dispatch(c, "INTERACTION_CREATE", map[string]any{
		"id": "2400000000000000001", "application_id": "1000000000000000001", "type": 2, "token": "interaction-secret-2400",
		"channel_id": "1300000000000000001", "member": map[string]any{"user": map[string]any{"id": "1400000000000000001"}},
		"data": map[string]any{"id": "1500000000000000001", "name": "help", "type": 1},
	})
	within(t, f.callbacks, "the callback attempt")
	if err := stop(); err != nil { // waits for the answer to fail
		t.Errorf("Run = %v", err)
	}
	out := logs.String()
	if !strings.Contains(out, "responding to discord interaction") {
		t.Fatalf("the failed callback was not logged:\n%s", out)
	}
	if strings.Contains(out, "interaction-secret-2400") {
		t.Errorf("the interaction token was logged:\n%s", out)
	}
}

// TestPanicCounterRegistration: with both transports on one registry the
// bot's panic counter is registered once; another bot's is refused.
func TestPanicCounterRegistration(t *testing.T) {
	reg := prometheus.NewRegistry()
	cfg := Config{Token: "t", AppID: "1", PublicKey: testKey.Public().(ed25519.PublicKey), Registry: reg}
	if _, err := New(nil, testEngine(t), cfg); err != nil {
		t.Fatalf("New with both transports: %v", err)
	}
	if got := counter(t, reg, "incidentbot_discord_panics_total"); got != 0 {
		t.Errorf("fresh panic counter = %v", got)
	}
	if _, err := New(nil, testEngine(t), cfg); err == nil {
		t.Errorf("a second bot's panic counter was registered on the same registry")
	}
}

// panicky is a value whose encoding panics, as a bug in an encoder would.
type panicky struct{}

func (panicky) MarshalJSON() ([]byte, error) { panic("boom in encoding") }

// TestHTTPUnencodableApology: a response that cannot be encoded, or whose
// encoding panics, has sent nothing, so the user still gets the apology
// in the HTTP response (not a 500, not an empty 200).
func TestHTTPUnencodableApology(t *testing.T) {
	var logs logBuffer
	b, err := New(logs.logger(), testEngine(t), Config{PublicKey: testKey.Public().(ed25519.PublicKey), Registry: prometheus.NewRegistry()})
	if err != nil {
		t.Fatal(err)
	}
	for name, value := range map[string]any{"unencodable": math.NaN(), "panicking": panicky{}} {
		rec := httptest.NewRecorder()
		x := httpExchange(rec)
		x.typ = discordgo.InteractionApplicationCommand
		b.serve(x, func() error {
			return x.respond(&discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{
				Content: "an answer", Choices: []*discordgo.ApplicationCommandOptionChoice{{Name: "n", Value: value}},
			}})
		})
		if rec.Code != 200 {
			t.Errorf("%s response: status %d %s; want 200 with the apology", name, rec.Code, rec.Body)
			continue
		}
		checkApology(t, name+" response", decodeWire(t, rec.Body.Bytes()))
	}
}

// TestApologyInLocale: the apology is the engine's, in the asker's
// language.
func TestApologyInLocale(t *testing.T) {
	b, err := New(quietLog(), testEngine(t), Config{PublicKey: testKey.Public().(ed25519.PublicKey), Registry: prometheus.NewRegistry()})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	x := httpExchange(rec)
	x.typ, x.locale = discordgo.InteractionApplicationCommand, discordgo.Russian
	b.serve(x, func() error { panic("boom") })
	w := decodeWire(t, rec.Body.Bytes())
	if w.Data == nil || !strings.HasPrefix(w.Data.Content, "Извините, что-то пошло не так. ") || w.Data.Content != bot.Apology("ru") {
		t.Errorf("apology to a Russian interaction: %s; want %q", rec.Body, bot.Apology("ru"))
	}
	if apologyText != "Sorry, something went wrong. The bot could not answer that. The error has been logged; please try again or try another command." {
		t.Errorf("the English apology = %q; want the engine's title and text", apologyText)
	}
}

// apologyText is the apology in English, the language of an interaction
// that names no other.
var apologyText = bot.Apology(i18n.LocaleEN)

// apology is apologyIn for an interaction that names no language.
func apology(t discordgo.InteractionType) *discordgo.InteractionResponse { return apologyIn(t, "") }
