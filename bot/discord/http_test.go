package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/internal/platform"
)

func TestPing(t *testing.T) {
	h, _ := testInteractions(t, Config{})
	status, body := post(t, h, []byte(`{"id":"1","application_id":"2","type":1,"token":"t","version":1}`))
	if status != 200 || strings.TrimSpace(string(body)) != `{"type":1}` {
		t.Errorf("PING = %d %s; want 200 {\"type\":1}", status, body)
	}
}

// TestRefused: requests that are not Discord's, are old, are too big or
// are not interactions are refused before anything is answered, and
// counted by reason.
func TestRefused(t *testing.T) {
	body := slashJSON("who-said", map[string]string{"query": "Kirby"})
	_, otherKey, _ := ed25519.GenerateKey(nil)
	now := time.Now()
	tests := []struct {
		name   string
		req    func() *http.Request
		status int
		reason string
	}{
		{"forged signature", func() *http.Request { return signed(otherKey, body, now) }, 401, platform.ReasonBadSignature},
		{"body changed after signing", func() *http.Request {
			r := signed(testKey, body, now)
			r.Body, r.ContentLength = httpBody(bytes.Replace(body, []byte("Kirby"), []byte("Peskov"), 1))
			return r
		}, 401, platform.ReasonBadSignature},
		{"timestamp changed after signing", func() *http.Request {
			r := signed(testKey, body, now)
			r.Header.Set("X-Signature-Timestamp", strconv.FormatInt(now.Unix()+1, 10))
			return r
		}, 401, platform.ReasonBadSignature},
		{"no signature", func() *http.Request {
			r := signed(testKey, body, now)
			r.Header.Del("X-Signature-Ed25519")
			return r
		}, 401, platform.ReasonBadSignature},
		{"signature not hex", func() *http.Request {
			r := signed(testKey, body, now)
			r.Header.Set("X-Signature-Ed25519", "zz")
			return r
		}, 401, platform.ReasonBadSignature},
		{"six minutes old", func() *http.Request { return signed(testKey, body, now.Add(-6*time.Minute)) }, 401, platform.ReasonStale},
		{"six minutes ahead", func() *http.Request { return signed(testKey, body, now.Add(6*time.Minute)) }, 401, platform.ReasonStale},
		{"timestamp not a number", func() *http.Request {
			return signedAt(testKey, body, "yesterday")
		}, 401, platform.ReasonStale},
		{"over 1 MiB", func() *http.Request {
			big := append([]byte(`{"type":1,"x":"`), bytes.Repeat([]byte("a"), MaxBody)...)
			return signed(testKey, append(big, `"}`...), now)
		}, 413, platform.ReasonTooLarge},
		{"signed but not JSON", func() *http.Request { return signed(testKey, []byte("{not json"), now) }, 400, platform.ReasonBadRequest},
		{"signed but wrong shape", func() *http.Request { return signed(testKey, []byte(`{"type":"two"}`), now) }, 400, platform.ReasonBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, reg := testInteractions(t, Config{})
			w := httptest.NewRecorder()
			h.ServeHTTP(w, tt.req())
			if w.Code != tt.status {
				t.Errorf("status = %d; want %d", w.Code, tt.status)
			}
			if strings.Contains(w.Body.String(), "embeds") {
				t.Errorf("refused request was answered: %s", w.Body)
			}
			if got := rejected(t, reg, tt.reason); got != 1 {
				t.Errorf("incidentbot_discord_rejected_total{reason=%q} = %v; want 1", tt.reason, got)
			}
		})
	}
	// Four and a half minutes either way is still fresh.
	for _, d := range []time.Duration{-270 * time.Second, 270 * time.Second} {
		h, _ := testInteractions(t, Config{})
		w := httptest.NewRecorder()
		h.ServeHTTP(w, signed(testKey, body, now.Add(d)))
		if w.Code != 200 {
			t.Errorf("timestamp %v from now: status %d; want 200", d, w.Code)
		}
	}
}

func signedAt(key ed25519.PrivateKey, body []byte, ts string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/discord/interactions", bytes.NewReader(body))
	r.Header.Set("X-Signature-Timestamp", ts)
	r.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(key, append([]byte(ts), body...))))
	return r
}

func httpBody(b []byte) (*readCloser, int64) {
	return &readCloser{bytes.NewReader(b)}, int64(len(b))
}

type readCloser struct{ *bytes.Reader }

func (readCloser) Close() error { return nil }

func rejected(t *testing.T, reg *prometheus.Registry, reason string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != "incidentbot_discord_rejected_total" {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "reason" && l.GetValue() == reason {
					return m.GetCounter().GetValue()
				}
			}
		}
	}
	t.Fatalf("no incidentbot_discord_rejected_total{reason=%q} series", reason)
	return 0
}

func TestRejectionCounterRegistered(t *testing.T) {
	reg := prometheus.NewRegistry()
	if _, err := New(nil, testEngine(t), Config{PublicKey: testKey.Public().(ed25519.PublicKey), Registry: reg}); err != nil {
		t.Fatal(err)
	}
	for _, reason := range []string{"bad_signature", "stale", "too_large", "bad_request"} {
		if got := rejected(t, reg, reason); got != 0 {
			t.Errorf("fresh counter for %s = %v; want 0", reason, got)
		}
	}
	if _, err := New(nil, testEngine(t), Config{PublicKey: testKey.Public().(ed25519.PublicKey), Registry: reg}); err == nil {
		t.Errorf("registering the counter twice did not fail")
	}
	if _, err := New(nil, testEngine(t), Config{PublicKey: ed25519.PublicKey("short"), Registry: prometheus.NewRegistry()}); err == nil {
		t.Errorf("a 5-byte public key was accepted")
	}
}

// FuzzInteractions feeds arbitrary signed bodies through the real handler:
// it must never panic, not even one that is recovered, and must answer either with a message Discord
// accepts or with a 4xx.
func FuzzInteractions(f *testing.F) {
	seeds := [][]byte{
		[]byte(`{"type":1}`),
		slashJSON("who-said", map[string]string{"query": "Kirby"}),
		slashJSON("timeline", nil),
		autocompleteJSON("pe"),
		buttonJSON("e:1.2:claims"),
		buttonJSON("q:2.0:1400000000000000001:timeline"),
		buttonJSON("s:1.1:who-said Peskov"),
		messageCommandJSON("the US was behind the attack"),
		selectJSON(detailsID, "event/peskov-briefing"),
		selectJSON(detailsID, "quote/gone"),
		buttonJSON(voteID + "-quote/peskov-washington what did Peskov say?"),
		buttonJSON(voteID + "+claim/gone кто?"),
		buttonJSON(voteID),
		[]byte(`{"type":3,"data":{"custom_id":"d:details","component_type":3,"values":[null,7]}}`),
		[]byte(`{"type":2,"data":null}`),
		[]byte(`{"type":2}`),
		[]byte(`{"type":3,"data":{"custom_id":"e:1.1:"}}`),
		[]byte(`{"type":4,"data":{"name":"who-said","options":[null,{"name":"query","focused":true,"value":{}}]}}`),
		[]byte(`{"type":2,"data":{"type":3,"target_id":"1","resolved":{"messages":{"1":null}}}}`),
		[]byte(`{"type":2,"data":{"name":"who-said","options":[{"name":"query","type":3,"value":7}]}}`),
		[]byte(`{"type":5,"data":{"custom_id":"m","components":[{"type":1,"components":[{"type":99}]}]}}`),
		[]byte(`[]`), []byte(`null`), []byte(``), []byte(`{"type":1e99}`),
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		// A bot of its own for each input: the fuzzer runs an input again
		// within the same second, which one bot would refuse as a replay.
		h, reg := testInteractions(t, Config{})
		status, out := post(t, h, body)
		// A recovered panic would still answer, with an apology: count them.
		if n := counter(t, reg, "incidentbot_discord_panics_total"); n != 0 || bytes.Contains(out, []byte("went wrong")) {
			t.Fatalf("answering %q panicked (%v panics so far): %s", body, n, out)
		}
		switch {
		case status == http.StatusBadRequest || status == http.StatusRequestEntityTooLarge:
			return // what a body Discord would never send gets
		case status != 200:
			t.Fatalf("status %d for %q", status, body)
		}
		var w wire
		if err := json.Unmarshal(out, &w); err != nil {
			t.Fatalf("200 with a body that is not JSON: %v: %s", err, out)
		}
		if p := limitProblems(w); len(p) > 0 {
			t.Fatalf("response to %q breaks Discord's rules: %v", body, p)
		}
		if w.Type != 1 {
			conforms(t, w.Type, out)
		}
	})
}

// BenchmarkInteraction is one full HTTP interaction as Discord makes it:
// sign, then the handler's verify, age check, decode, answer and encode.
// Compare with BenchmarkEd25519Verify and BenchmarkEd25519Sign, on the
// same number of bytes, to see what the rest costs.
// BenchmarkInteraction is one whole /who-said Peskov interaction through
// the handler: signature and age check, decoding, the answer, rendering and
// encoding. Requests are signed outside the timed loop, in batches,
// because signing is Discord's work, not ours; compare with
// BenchmarkEd25519Verify. Each is a distinct interaction, as Discord's
// are: the handler refuses a repeat as a replay.
func BenchmarkInteraction(b *testing.B) {
	h, _ := testInteractions(b, Config{})
	body := slashJSON("who-said", map[string]string{"query": "Peskov"})
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	var batch []*http.Request
	for b.Loop() {
		if len(batch) == 0 {
			b.StopTimer()
			for range 1024 {
				batch = append(batch, signed(testKey, slashJSON("who-said", map[string]string{"query": "Peskov"}), time.Now()))
			}
			b.StartTimer()
		}
		r := batch[len(batch)-1]
		batch = batch[:len(batch)-1]
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != 200 {
			b.Fatalf("status %d", w.Code)
		}
	}
}

func BenchmarkEd25519Verify(b *testing.B) {
	msg := append([]byte(strconv.FormatInt(time.Now().Unix(), 10)), slashJSON("who-said", map[string]string{"query": "Peskov"})...)
	sig := ed25519.Sign(testKey, msg)
	pub := testKey.Public().(ed25519.PublicKey)
	b.SetBytes(int64(len(msg)))
	b.ReportAllocs()
	for b.Loop() {
		if !ed25519.Verify(pub, msg, sig) {
			b.Fatal("signature does not verify")
		}
	}
}

func BenchmarkEd25519Sign(b *testing.B) {
	msg := append([]byte(strconv.FormatInt(time.Now().Unix(), 10)), slashJSON("who-said", map[string]string{"query": "Peskov"})...)
	b.SetBytes(int64(len(msg)))
	b.ReportAllocs()
	for b.Loop() {
		ed25519.Sign(testKey, msg)
	}
}

// BenchmarkRender measures turning one page of an answer into embeds
// within Discord's limits, without the engine or the network.
func BenchmarkRender(b *testing.B) {
	for _, line := range []string{"/who-said Peskov", "/claims"} {
		a := testEngine(b).Ask(context.Background(), bot.Request{Line: line})
		b.Run(line, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				render(a, strings.TrimPrefix(line, "/"), 0, actPrivate, "")
			}
		})
	}
}
