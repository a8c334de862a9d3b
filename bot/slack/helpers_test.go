package slack

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/prometheus/client_golang/prometheus"
	slackapi "github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/internal/bottest"
	"github.com/incidentbot/incidentbot/internal/platform"
)

const testSecret = "8f742231b10e8888abcd99yyyzzz85a5"

// testEngine answers from the embedded default knowledge base; the
// tests share one engine.
func testEngine(t testing.TB) *bot.Engine { return bottest.Default(t) }

// testBot returns a Bot over the default base with its own registry.
func testBot(t testing.TB, cfg Config) (*Bot, *prometheus.Registry) {
	t.Helper()
	if cfg.SigningSecret == "" {
		cfg.SigningSecret = testSecret
	}
	if cfg.ResponseHosts == nil {
		cfg.ResponseHosts = fakeHosts()
	}
	reg := prometheus.NewRegistry()
	cfg.Registry = reg
	b, err := New(slog.New(slog.DiscardHandler), testEngine(t), cfg)
	if err != nil {
		t.Fatalf("New() = %v", err)
	}
	return b, reg
}

// sign sets Slack's v0 signature headers on r for body, as made at ts.
func sign(r *http.Request, secret string, ts time.Time, body string) {
	stamp := strconv.FormatInt(ts.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:%s", stamp, body)
	r.Header.Set("X-Slack-Request-Timestamp", stamp)
	r.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
}

// signedForm builds a signed form POST as Slack sends it.
func signedForm(path string, form url.Values, ts time.Time) *http.Request {
	body := form.Encode()
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	sign(r, testSecret, ts, body)
	return r
}

func commandForm(command, text string) url.Values {
	return url.Values{
		"command":      {command},
		"text":         {text},
		"user_id":      {"U0USER"},
		"user_name":    {"reporter"},
		"channel_id":   {"C0NEWS"},
		"team_id":      {"T0TEAM"},
		"response_url": {"http://127.0.0.1:1/unused"},
		"trigger_id":   {"13345224609.738474920." + strconv.FormatInt(triggers.Add(1), 16)},
	}
}

// triggers numbers the slash commands commandForm builds: Slack gives each
// its own trigger_id, so that no two are signed alike (a repeat would be
// refused as a replay).
var triggers atomic.Int64

// serve runs r through the Bot's routes and returns the recorded response.
func serve(b *Bot, r *http.Request) *httptest.ResponseRecorder {
	mux := http.NewServeMux()
	for pattern, h := range b.Routes() {
		mux.Handle(pattern, h)
	}
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, r)
	return w
}

// decodeMessage parses a message as Slack would receive it.
func decodeMessage(t testing.TB, raw []byte) *slackapi.WebhookMessage {
	t.Helper()
	var msg slackapi.WebhookMessage
	if err := json.Unmarshal(raw, &msg); err != nil {
		t.Fatalf("decoding message: %v\n%s", err, raw)
	}
	if msg.Blocks == nil {
		t.Fatalf("message has no blocks:\n%s", raw)
	}
	return &msg
}

// pretty encodes v as indented JSON without HTML escaping, as a reader
// would want to see it.
func pretty(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	// Blocks marshal themselves with HTML escaping; undo it for reading.
	return []byte(strings.NewReplacer(`\u0026`, "&", `\u003c`, "<", `\u003e`, ">").Replace(b.String()))
}

// texts returns every text a user sees in msg; button values, which no
// one sees, are left out.
func texts(msg *slackapi.WebhookMessage) []string {
	out := []string{msg.Text}
	for _, b := range msg.Blocks.BlockSet {
		switch b := b.(type) {
		case *slackapi.HeaderBlock:
			out = append(out, b.Text.Text)
		case *slackapi.SectionBlock:
			out = append(out, b.Text.Text)
		case *slackapi.ContextBlock:
			for _, e := range b.ContextElements.Elements {
				if tb, ok := e.(*slackapi.TextBlockObject); ok {
					out = append(out, tb.Text)
				}
			}
		case *slackapi.ActionBlock:
			for _, e := range b.Elements.ElementSet {
				if bt, ok := e.(*slackapi.ButtonBlockElement); ok {
					out = append(out, bt.Text.Text)
				}
			}
		}
	}
	return out
}

// joined is every text of msg in one string.
func joined(msg *slackapi.WebhookMessage) string { return strings.Join(texts(msg), "\n") }

// buttons returns the message's buttons by action ID.
func buttons(msg *slackapi.WebhookMessage) map[string]*slackapi.ButtonBlockElement {
	out := map[string]*slackapi.ButtonBlockElement{}
	for _, b := range msg.Blocks.BlockSet {
		if a, ok := b.(*slackapi.ActionBlock); ok {
			for _, e := range a.Elements.ElementSet {
				if bt, ok := e.(*slackapi.ButtonBlockElement); ok {
					out[bt.ActionID] = bt
				}
			}
		}
	}
	return out
}

// detailValues returns the values of the Details buttons under the
// message's entries, in order: the references of the entries they open.
func detailValues(msg *slackapi.WebhookMessage) []string { return entryValues(msg, actionDetails) }

// entryValues returns the values of the buttons under the message's
// entries with an action_id, in order.
func entryValues(msg *slackapi.WebhookMessage, action string) []string {
	var out []string
	for _, b := range msg.Blocks.BlockSet {
		a, ok := b.(*slackapi.ActionBlock)
		if !ok {
			continue
		}
		for _, e := range a.Elements.ElementSet {
			if bt, ok := e.(*slackapi.ButtonBlockElement); ok && bt.ActionID == action {
				out = append(out, bt.Value)
			}
		}
	}
	return out
}

// checkLimits fails t if msg breaks any of Slack's limits on a message or
// would not fit in a Socket Mode ack.
func checkLimits(t testing.TB, what string, msg *slackapi.WebhookMessage) {
	t.Helper()
	if n := len(msg.Blocks.BlockSet); n == 0 || n > 50 {
		t.Errorf("%s: %d blocks; want 1 to 50", what, n)
	}
	ack, err := json.Marshal(map[string]any{"envelope_id": "dbdd0ef3-1543-4f94-bfb4-133d0e6c1545", "payload": msg})
	if err != nil {
		t.Fatalf("%s: marshal: %v", what, err)
	}
	if len(ack) >= 20480 {
		t.Errorf("%s: ack is %d bytes; Slack drops 20,480 or more", what, len(ack))
	}
	raw, err := json.Marshal(msg)
	if err != nil {
		t.Fatalf("%s: marshal: %v", what, err)
	}
	conformsToBlockKit(t, what, raw)
	textOK := func(kind string, s string, limit int) {
		if n := platform.UTF16Len(s); n == 0 || n > limit {
			t.Errorf("%s: %s text is %d chars; want 1 to %d: %.80q", what, kind, n, limit, s)
		}
		if !utf8.ValidString(s) {
			t.Errorf("%s: %s text is not valid UTF-8", what, kind)
		}
	}
	for _, b := range msg.Blocks.BlockSet {
		switch b := b.(type) {
		case *slackapi.HeaderBlock:
			textOK("header", b.Text.Text, 150)
			if b.Text.Type != slackapi.PlainTextType {
				t.Errorf("%s: header is %s; want plain_text", what, b.Text.Type)
			}
		case *slackapi.SectionBlock:
			textOK("section", b.Text.Text, 3000)
			if b.Accessory != nil {
				bt := b.Accessory.ButtonElement
				if bt == nil {
					t.Errorf("%s: section accessory is not a button", what)
					continue
				}
				textOK("accessory button", bt.Text.Text, 75)
				if n := platform.UTF16Len(bt.Value); n == 0 || n > 2000 {
					t.Errorf("%s: accessory button value is %d chars; want 1 to 2000", what, n)
				}
				if n := platform.UTF16Len(bt.ActionID); n == 0 || n > 255 {
					t.Errorf("%s: accessory action_id is %d chars", what, n)
				}
			}
		case *slackapi.ContextBlock:
			if n := len(b.ContextElements.Elements); n == 0 || n > 10 {
				t.Errorf("%s: context has %d elements; want 1 to 10", what, n)
			}
			for _, e := range b.ContextElements.Elements {
				tb, ok := e.(*slackapi.TextBlockObject)
				if !ok {
					t.Errorf("%s: context element %T", what, e)
					continue
				}
				textOK("context", tb.Text, 3000)
			}
		case *slackapi.ActionBlock:
			if n := len(b.Elements.ElementSet); n == 0 || n > 25 {
				t.Errorf("%s: actions has %d elements", what, n)
			}
			// Slack wants an action_id once in its block: each entry's
			// Details and Cite are in blocks of their own.
			actions := map[string]bool{}
			for _, e := range b.Elements.ElementSet {
				bt, ok := e.(*slackapi.ButtonBlockElement)
				if !ok {
					t.Errorf("%s: action element %T", what, e)
					continue
				}
				textOK("button", bt.Text.Text, 75)
				if n := platform.UTF16Len(bt.Value); n > 2000 {
					t.Errorf("%s: button value is %d chars; want at most 2000", what, n)
				}
				if actions[bt.ActionID] {
					t.Errorf("%s: action_id %q twice", what, bt.ActionID)
				}
				actions[bt.ActionID] = true
			}
		case *slackapi.DividerBlock:
		default:
			t.Errorf("%s: unexpected block %T", what, b)
		}
	}
	if msg.Parse != "" {
		t.Errorf("%s: parse = %q; want none", what, msg.Parse)
	}
}

// checkNoPings fails t if any text of msg can ping or link: every "<" must
// open a link to a known source URL, or be the sharer's own mention.
func checkNoPings(t testing.TB, what string, msg *slackapi.WebhookMessage) {
	t.Helper()
	for _, s := range texts(msg) {
		for i := strings.Index(s, "<"); i >= 0; i = next(s, i) {
			rest := s[i:]
			if strings.HasPrefix(rest, "<http://") || strings.HasPrefix(rest, "<https://") {
				continue
			}
			if strings.HasPrefix(s, "Shared by <@") {
				continue
			}
			t.Errorf("%s: raw %q in %q", what, rest[:min(len(rest), 20)], s)
		}
	}
}

func next(s string, i int) int {
	j := strings.Index(s[i+1:], "<")
	if j < 0 {
		return -1
	}
	return i + 1 + j
}

// recorder is a fake HTTP endpoint on 127.0.0.1 that records what is
// posted to it: a response_url or Slack's Web API.
type recorder struct {
	srv   *httptest.Server
	mu    sync.Mutex
	posts []post
	got   chan post
}

type post struct {
	path string
	body []byte
	form url.Values
}

func newRecorder(t testing.TB) *recorder {
	t.Helper()
	rec := &recorder{got: make(chan post, 16)}
	rec.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		p := post{path: r.URL.Path, body: body}
		if strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
			p.form, _ = url.ParseQuery(string(body))
		}
		rec.mu.Lock()
		rec.posts = append(rec.posts, p)
		rec.mu.Unlock()
		rec.got <- p
		if strings.HasPrefix(r.URL.Path, "/api/") {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"ok":true,"channel":"C0NEWS","ts":"1683100000.000200"}`)
			return
		}
		io.WriteString(w, "ok")
	}))
	t.Cleanup(rec.srv.Close)
	addFakeHost(t, rec.srv.URL)
	return rec
}

// The loopback host:ports of the fakes a test has started: the only
// response_url hosts, besides Slack's, that its bots post to, as
// SLACK_RESPONSE_HOSTS would list them.
var (
	fakeHostsMu sync.Mutex
	fakeHostSet []string
)

func addFakeHost(t testing.TB, rawURL string) {
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	fakeHostsMu.Lock()
	defer fakeHostsMu.Unlock()
	fakeHostSet = append(fakeHostSet, u.Host)
}

func fakeHosts() []string {
	fakeHostsMu.Lock()
	defer fakeHostsMu.Unlock()
	return append(slices.Clone(DefaultResponseHosts), fakeHostSet...)
}

// wait returns the next post, or fails t after a few seconds.
func (rec *recorder) wait(t testing.TB) post {
	t.Helper()
	select {
	case p := <-rec.got:
		return p
	case <-time.After(5 * time.Second):
		t.Fatal("nothing was posted")
		return post{}
	}
}

// none fails t if anything was posted.
func (rec *recorder) none(t testing.TB) {
	t.Helper()
	select {
	case p := <-rec.got:
		t.Fatalf("unexpected post to %s: %s", p.path, p.body)
	default:
	}
}

func httpBody(s string) io.ReadCloser { return io.NopCloser(strings.NewReader(s)) }
