package slack

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/incidentbot/incidentbot/bot/internal/bottest"
	"github.com/incidentbot/incidentbot/internal/platform"
)

// TestRefusedBeforeReading is finding 1 of issue 11 on Slack: no or
// malformed signature headers, a stale timestamp, a Content-Length over the
// route's limit, or no room left in the shared budget get a refusal before
// any of the body is read.
func TestRefusedBeforeReading(t *testing.T) {
	now := time.Now()
	ts := strconv.FormatInt(now.Unix(), 10)
	sig := "v0=" + strings.Repeat("cd", 32)
	tests := []struct {
		name, path, stamp, sig string
		length                 int64
		bodies                 *platform.Bodies
		status                 int
	}{
		{"no headers", "/slack/commands", "", "", 1 << 20, nil, 401},
		{"signature not v0 hex", "/slack/interactivity", ts, "v0=zz", 1 << 20, nil, 401},
		{"stale", "/slack/events", strconv.FormatInt(now.Add(-6*time.Minute).Unix(), 10), sig, 1 << 20, nil, 401},
		{"command over its limit", "/slack/commands", ts, sig, MaxCommandBytes + 1, nil, 413},
		{"interaction over its limit", "/slack/interactivity", ts, sig, MaxBodyBytes + 1, nil, 413},
		{"past the budget", "/slack/commands", ts, sig, 4096, platform.NewBodies(1024), 503},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, _ := testBot(t, Config{Bodies: tt.bodies})
			r := httptest.NewRequest(http.MethodPost, tt.path, nil)
			r.Body, r.ContentLength = bottest.UnreadBody(t), tt.length
			if tt.stamp != "" {
				r.Header.Set("X-Slack-Request-Timestamp", tt.stamp)
			}
			if tt.sig != "" {
				r.Header.Set("X-Slack-Signature", tt.sig)
			}
			if w := serve(b, r); w.Code != tt.status {
				t.Errorf("status = %d; want %d", w.Code, tt.status)
			}
		})
	}
}

// TestShareReplayedPostsOnce is finding 5 of issue 11: a Share click,
// correctly signed and replayed three times within the window, posts once.
func TestShareReplayedPostsOnce(t *testing.T) {
	rec := newRecorder(t)
	b, _ := testBot(t, Config{})
	w := serve(b, signedForm("/slack/commands", commandForm("/timeline", ""), time.Now()))
	share, ok := buttons(decodeMessage(t, w.Body.Bytes()))[actionShare]
	if !ok {
		t.Fatal("/timeline has no Share button")
	}
	form, now := click(actionShare, share.Value, rec.srv.URL+"/hooks/share"), time.Now()
	for i, want := range []int{200, 401, 401, 401} {
		if w := serve(b, signedForm("/slack/interactivity", form, now)); w.Code != want {
			t.Errorf("sending the click %d time(s): status %d; want %d", i+1, w.Code, want)
		}
	}
	rec.wait(t)
	rec.none(t)
}

// TestResponseURLHosts is finding 4 of issue 11: the bot posts to a
// response_url only on a listed host, and follows no redirect.
func TestResponseURLHosts(t *testing.T) {
	rec := newRecorder(t)
	share := func(b *Bot, responseURL string) {
		t.Helper()
		w := serve(b, signedForm("/slack/commands", commandForm("/timeline", ""), time.Now()))
		value := buttons(decodeMessage(t, w.Body.Bytes()))[actionShare].Value
		if w := serve(b, signedForm("/slack/interactivity", click(actionShare, value, responseURL), time.Now())); w.Code != 200 {
			t.Fatalf("click = %d", w.Code)
		}
	}

	// Slack's hosts only (the default): the local fake is not one.
	slackOnly, _ := testBot(t, Config{ResponseHosts: DefaultResponseHosts})
	share(slackOnly, rec.srv.URL+"/hooks/1")
	rec.none(t)

	// Listed: posted.
	host := strings.TrimPrefix(rec.srv.URL, "http://")
	listed, _ := testBot(t, Config{ResponseHosts: []string{host}})
	share(listed, rec.srv.URL+"/hooks/2")
	if p := rec.wait(t); p.path != "/hooks/2" {
		t.Errorf("posted to %s; want /hooks/2", p.path)
	}

	// A listed host that redirects elsewhere: the redirect is not followed.
	redirect := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, rec.srv.URL+"/hooks/redirected", http.StatusTemporaryRedirect)
	}))
	defer redirect.Close()
	redirector, _ := testBot(t, Config{ResponseHosts: []string{host, strings.TrimPrefix(redirect.URL, "http://")}})
	share(redirector, redirect.URL+"/hooks/3")
	rec.none(t)
}

// TestFirstActionOnly: a payload listing 30 actions makes one post, for
// the first (issue 11, finding 4).
func TestFirstActionOnly(t *testing.T) {
	rec := newRecorder(t)
	b, _ := testBot(t, Config{})
	w := serve(b, signedForm("/slack/commands", commandForm("/claims", ""), time.Now()))
	next := buttons(decodeMessage(t, w.Body.Bytes()))[actionNext]
	var cb map[string]any
	json.Unmarshal([]byte(click(actionNext, next.Value, rec.srv.URL+"/hooks/1").Get("payload")), &cb)
	acts := cb["actions"].([]any)
	for len(acts) < 30 {
		acts = append(acts, acts[0])
	}
	cb["actions"] = acts
	raw, _ := json.Marshal(cb)
	serve(b, signedForm("/slack/interactivity", url.Values{"payload": {string(raw)}}, time.Now()))
	rec.wait(t)
	rec.none(t)
}

func TestAllowedResponseURL(t *testing.T) {
	hosts := []string{"hooks.slack.com", "slack.com", "127.0.0.1:8099"}
	for _, tt := range []struct {
		url string
		ok  bool
	}{
		{"https://hooks.slack.com/commands/T0/1/abc", true},
		{"https://hooks.slack.com:443/actions/T0/1/abc", true},
		{"https://HOOKS.SLACK.COM/actions/T0/1/abc", true},
		{"https://slack.com/api/chat.postMessage", true},
		{"http://127.0.0.1:8099/hooks/1", true},
		{"http://hooks.slack.com/commands/T0/1/abc", false},
		{"https://hooks.slack.com.evil.example/commands", false},
		{"https://evil.example/hooks.slack.com", false},
		{"https://hooks.slack.com@evil.example/", false},
		{"https://user@hooks.slack.com/", false},
		{"https://hooks.slack.com:8443/x", false},
		{"http://127.0.0.1:8100/hooks/1", false},
		{"http://169.254.169.254/latest/meta-data", false},
		{"ftp://hooks.slack.com/x", false},
		{"/relative", false},
		{"", false},
	} {
		if err := allowedResponseURL(tt.url, hosts); (err == nil) != tt.ok {
			t.Errorf("allowedResponseURL(%q) = %v; want allowed %v", tt.url, err, tt.ok)
		}
	}
	// The listed loopback host over https is fine too; a non-loopback
	// host listed for http is not.
	if err := allowedResponseURL("http://fake.example:80/x", []string{"fake.example:80"}); err == nil {
		t.Error("plain http to a listed non-loopback host was allowed")
	}
}

func TestParseResponseHosts(t *testing.T) {
	got, err := ParseResponseHosts(" Hooks.Slack.com, 127.0.0.1:8099 ,,")
	if err != nil || strings.Join(got, ",") != "hooks.slack.com,127.0.0.1:8099" {
		t.Errorf("ParseResponseHosts = %q, %v", got, err)
	}
	for _, bad := range []string{"https://hooks.slack.com", "hooks.slack.com/x", "a@b", "host:port:x"} {
		if _, err := ParseResponseHosts(bad); err == nil || !strings.Contains(err.Error(), "SLACK_RESPONSE_HOSTS") {
			t.Errorf("ParseResponseHosts(%q) = %v; want an error naming SLACK_RESPONSE_HOSTS", bad, err)
		}
	}
	if got, err := ParseResponseHosts(""); err != nil || got != nil {
		t.Errorf("ParseResponseHosts(\"\") = %q, %v; want nil (Slack's own)", got, err)
	}
}

// FuzzAllowedResponseURL: whatever a payload's response_url says, an
// allowed one is https to a listed host, or http to a listed loopback one.
func FuzzAllowedResponseURL(f *testing.F) {
	for _, s := range []string{"https://hooks.slack.com/x", "http://127.0.0.1:8099/", "https://hooks.slack.com@evil/", "http://[::1]:8099/", "https://slack.com:443/"} {
		f.Add(s)
	}
	hosts := []string{"hooks.slack.com", "slack.com", "127.0.0.1:8099", "[::1]:8099"}
	f.Fuzz(func(t *testing.T, raw string) {
		if allowedResponseURL(raw, hosts) != nil {
			return
		}
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatalf("%q allowed but does not parse: %v", raw, err)
		}
		h := strings.ToLower(u.Host)
		listed := false
		for _, l := range hosts {
			listed = listed || h == l || h == l+":443"
		}
		if !listed || u.User != nil {
			t.Errorf("%q allowed; its host %q is not listed", raw, u.Host)
		}
		if u.Scheme != "https" && !(u.Scheme == "http" && (u.Hostname() == "127.0.0.1" || u.Hostname() == "::1")) {
			t.Errorf("%q allowed over %q", raw, u.Scheme)
		}
	})
}

func TestChallengeNoSniff(t *testing.T) {
	b, _ := testBot(t, Config{})
	body := `{"token":"legacy","challenge":"<html>x</html>","type":"url_verification"}`
	r := httptest.NewRequest("POST", "/slack/events", strings.NewReader(body))
	sign(r, testSecret, time.Now(), body)
	w := serve(b, r)
	if w.Code != 200 || w.Header().Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain") {
		t.Errorf("challenge answered %d with headers %v; want text/plain and nosniff", w.Code, w.Header())
	}
}

func TestOutboundClientUsesNoProxy(t *testing.T) {
	c := outboundClient()
	if tr, ok := c.Transport.(*http.Transport); !ok || tr.Proxy != nil {
		t.Errorf("the response_url client honours proxy variables")
	}
	if c.CheckRedirect == nil {
		t.Errorf("the response_url client follows redirects")
	}
}

// TestEchoDropsInvisibleCharacters is the first of issue 11's smaller
// findings: bidirectional controls and other invisible formatting
// characters in echoed text do not reach Slack.
func TestEchoDropsInvisibleCharacters(t *testing.T) {
	b, _ := testBot(t, Config{})
	w := serve(b, signedForm("/slack/commands", commandForm("/ask", "capital of \u202Eecnarf\u202C \u2066x\u2069\u200B\uFEFF"), time.Now()))
	msg := decodeMessage(t, w.Body.Bytes())
	raw, _ := json.Marshal(msg)
	var v any
	json.Unmarshal(raw, &v)
	text, _ := json.Marshal(v)
	if !strings.Contains(string(text), "ecnarf") {
		t.Fatalf("the answer does not echo the question:\n%s", text)
	}
	for _, r := range string(text) {
		if unicode.Is(unicode.Cf, r) && r != '\u200d' && r != '\u200c' {
			t.Errorf("the answer echoes %U:\n%s", r, text)
		}
	}
}
