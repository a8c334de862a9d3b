package loadgen

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

func TestCheckLoopback(t *testing.T) {
	tests := []struct {
		url string
		ok  bool
	}{
		{"http://127.0.0.1:8080", true},
		{"http://127.0.0.1:8080/", true},
		{"https://127.45.6.7", true},
		{"http://127.255.255.254:1", true},
		{"http://[::1]:8080", true},
		{"http://localhost:8080", true},
		{"http://LocalHost", true},
		{"http://10.0.0.1:8080", false},
		{"http://192.168.1.10", false},
		{"http://172.16.0.1", false},
		{"http://0.0.0.0:8080", false},
		{"http://128.0.0.1", false},
		{"http://[::2]:8080", false},
		{"http://[fe80::1]:8080", false},
		{"http://example.com", false},
		{"http://127.0.0.1.example.com", false},
		{"http://localhost.example.com", false},
		{"ftp://127.0.0.1", false},
		{"127.0.0.1:8080", false},
		{"http://%zz", false},
	}
	for _, tt := range tests {
		_, err := CheckLoopback(tt.url)
		if (err == nil) != tt.ok {
			t.Errorf("CheckLoopback(%q) = %v; want ok=%v", tt.url, err, tt.ok)
		}
	}
	_, err := CheckLoopback("http://192.168.1.10:8080")
	if err == nil || !strings.Contains(err.Error(), `"192.168.1.10" is not a loopback address`) {
		t.Errorf("error %q does not say the target is not loopback", err)
	}
}

// TestLoopbackOnlyDial: whatever a name resolves to, a connection is only
// opened to a loopback address.
func TestLoopbackOnlyDial(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:80": true, "127.9.9.9:1": true, "[::1]:443": true,
		"10.1.2.3:80": false, "192.0.2.1:80": false, "[2001:db8::1]:80": false, "0.0.0.0:80": false, "nonsense": false,
	} {
		if err := loopbackOnly("tcp", addr, nil); (err == nil) != ok {
			t.Errorf("loopbackOnly(%q) = %v; want ok=%v", addr, err, ok)
		}
	}
}

// TestRunRefusesNonLoopback: nothing is built, let alone sent, for a
// target off this machine.
func TestRunRefusesNonLoopback(t *testing.T) {
	var built atomic.Int64
	build := func(context.Context, string, int) (*http.Request, error) {
		built.Add(1)
		return nil, errors.New("should not be called")
	}
	for _, target := range []string{"http://10.0.0.1:8080", "http://example.com", "http://192.168.0.1"} {
		_, err := Run(context.Background(), Config{URL: target, Requests: 10, Concurrency: 2, Duration: time.Second, Build: build})
		if err == nil || !strings.Contains(err.Error(), "not a loopback address") {
			t.Errorf("Run(%s) = %v; want a not-loopback error", target, err)
		}
	}
	if n := built.Load(); n != 0 {
		t.Errorf("%d requests built for refused targets", n)
	}
}

func TestRunValidates(t *testing.T) {
	ok := Config{URL: "http://127.0.0.1:1", Requests: 1, Concurrency: 1, Duration: time.Second, Build: Slack{Secret: "s"}.Build}
	tests := []struct {
		name string
		edit func(*Config)
	}{
		{"no requests", func(c *Config) { c.Requests = 0 }},
		{"too many requests", func(c *Config) { c.Requests = MaxRequests + 1 }},
		{"no concurrency", func(c *Config) { c.Concurrency = 0 }},
		{"too much concurrency", func(c *Config) { c.Concurrency = MaxConcurrency + 1 }},
		{"no duration", func(c *Config) { c.Duration = 0 }},
		{"too long", func(c *Config) { c.Duration = MaxDuration + time.Second }},
		{"negative rate", func(c *Config) { c.Rate = -1 }},
		{"no builder", func(c *Config) { c.Build = nil }},
	}
	for _, tt := range tests {
		cfg := ok
		tt.edit(&cfg)
		if _, err := Run(context.Background(), cfg); err == nil {
			t.Errorf("%s: Run accepted %+v", tt.name, cfg)
		}
	}
}

// answerServer is a Discord interactions endpoint on 127.0.0.1 that checks
// each signature with discordgo and answers by the interaction's user
// number n: n%10 == 3 gets a 500, n%10 == 4 an answer that fails
// CheckDiscord, n == slow after a delay, and every other one an answer.
func answerServer(t *testing.T, pub ed25519.PublicKey, slow int, delay time.Duration) (*httptest.Server, *atomic.Int64) {
	var bad atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != DiscordPath || !discordgo.VerifyInteraction(r, pub) {
			bad.Add(1)
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		body, _ := io.ReadAll(r.Body)
		var n int
		i := strings.Index(string(body), `"username":"load`)
		fmt.Sscanf(string(body[i+len(`"username":"load`):]), "%d", &n)
		switch {
		case n%10 == 3:
			http.Error(w, "boom", http.StatusInternalServerError)
		case n%10 == 4:
			io.WriteString(w, `{"type":4,"data":{"content":"**Slow down**"}}`)
		default:
			if n == slow {
				time.Sleep(delay)
			}
			io.WriteString(w, `{"type":4,"data":{"content":"**Answer**","embeds":[{"title":"1."}]}}`)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &bad
}

// TestRunStats: every request is sent once, each kind of failure is
// counted as such, and the latency figures come from the requests.
func TestRunStats(t *testing.T) {
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	const slow, delay = 7, 60 * time.Millisecond
	srv, bad := answerServer(t, pub, slow, delay)
	var mu sync.Mutex
	seen := map[int]int{}
	stats, err := Run(context.Background(), Config{
		URL: srv.URL, Requests: 200, Concurrency: 8, Duration: 20 * time.Second,
		Build: Discord{Key: priv}.Build, Check: CheckDiscord,
		OnResult: func(r Result) {
			mu.Lock()
			defer mu.Unlock()
			seen[r.Index]++
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := bad.Load(); n != 0 {
		t.Errorf("the server refused %d signatures", n)
	}
	if stats.Requests != 200 || len(seen) != 200 {
		t.Errorf("%d requests finished, %d distinct reported; want 200 each", stats.Requests, len(seen))
	}
	for i, n := range seen {
		if n != 1 {
			t.Errorf("request %d reported %d times", i, n)
		}
	}
	if stats.Status != 20 || stats.Rejected != 20 || stats.Transport != 0 || stats.Failures != 40 {
		t.Errorf("status %d, rejected %d, transport %d, failures %d; want 20, 20, 0, 40", stats.Status, stats.Rejected, stats.Transport, stats.Failures)
	}
	if len(stats.Samples) == 0 || len(stats.Samples) > maxSamples {
		t.Errorf("%d failure samples; want 1 to %d", len(stats.Samples), maxSamples)
	}
	if !(stats.P50 > 0 && stats.P50 <= stats.P99 && stats.P99 <= stats.Max) {
		t.Errorf("p50 %s, p99 %s, max %s; want 0 < p50 <= p99 <= max", stats.P50, stats.P99, stats.Max)
	}
	if stats.Max < delay || stats.P50 >= delay {
		t.Errorf("max %s, p50 %s; want the one slow request (%s) as the max only", stats.Max, stats.P50, delay)
	}
	if got, want := stats.PerSecond(), 200/stats.Elapsed.Seconds(); got != want {
		t.Errorf("PerSecond() = %v; want %v", got, want)
	}
}

// TestRunTimeLimit: a run stops starting requests at its time limit, long
// before its request count.
func TestRunTimeLimit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(10 * time.Millisecond)
	}))
	defer srv.Close()
	start := time.Now()
	stats, err := Run(context.Background(), Config{URL: srv.URL, Requests: MaxRequests, Concurrency: 4, Duration: 200 * time.Millisecond, Build: Slack{Secret: "s"}.Build})
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("a 200 ms run took %s", took)
	}
	if stats.Requests == 0 || stats.Requests > 4*20+4 || stats.Failures != 0 {
		t.Errorf("%d requests, %d failures in 200 ms at 4 × 10 ms; want 1 to 84 and no failures", stats.Requests, stats.Failures)
	}
}

// TestRunRate: a paced run starts no request before its time.
func TestRunRate(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer srv.Close()
	stats, err := Run(context.Background(), Config{URL: srv.URL, Requests: 21, Concurrency: 5, Duration: 10 * time.Second, Rate: 100, Build: Slack{Secret: "s"}.Build})
	if err != nil {
		t.Fatal(err)
	}
	// The 21st request is due 200 ms in.
	if stats.Requests != 21 || stats.Elapsed < 200*time.Millisecond {
		t.Errorf("%d requests in %s at 100/s; want 21 taking at least 200 ms", stats.Requests, stats.Elapsed)
	}
}

// TestRunNoRedirects: a redirect is a failure, never followed, so a
// response cannot steer the load elsewhere.
func TestRunNoRedirects(t *testing.T) {
	var followed atomic.Int64
	elsewhere := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { followed.Add(1) }))
	defer elsewhere.Close()
	srv := httptest.NewServer(http.RedirectHandler(elsewhere.URL, http.StatusTemporaryRedirect))
	defer srv.Close()
	stats, err := Run(context.Background(), Config{URL: srv.URL, Requests: 5, Concurrency: 1, Duration: 5 * time.Second, Build: Slack{Secret: "s"}.Build})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Status != 5 || followed.Load() != 0 {
		t.Errorf("%d non-2xx of 5, %d redirects followed; want 5 and 0", stats.Status, followed.Load())
	}
}

// TestRunTransportFailures: a closed port counts as transport failures.
func TestRunTransportFailures(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	url := srv.URL
	srv.Close()
	stats, err := Run(context.Background(), Config{URL: url, Requests: 6, Concurrency: 2, Duration: 5 * time.Second, Build: Slack{Secret: "s"}.Build})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Requests != 6 || stats.Transport != 6 || stats.Failures != 6 {
		t.Errorf("%+v; want 6 requests, all transport failures", stats)
	}
}

func TestPercentiles(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	p50, p99, most := percentiles(ds)
	if p50 != 50*time.Millisecond || p99 != 99*time.Millisecond || most != 100*time.Millisecond {
		t.Errorf("percentiles(1..100 ms) = %s, %s, %s; want 50ms, 99ms, 100ms", p50, p99, most)
	}
	p50, p99, most = percentiles([]time.Duration{3 * time.Millisecond})
	if p50 != 3*time.Millisecond || p99 != 3*time.Millisecond || most != 3*time.Millisecond {
		t.Errorf("percentiles of one = %s, %s, %s; want 3ms each", p50, p99, most)
	}
	if p50, p99, most := percentiles(nil); p50 != 0 || p99 != 0 || most != 0 {
		t.Errorf("percentiles(nil) = %s, %s, %s; want zeros", p50, p99, most)
	}
	// Ten values: the 99th percentile is the largest.
	ten := []time.Duration{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	if p50, p99, _ := percentiles(ten); p50 != 5 || p99 != 10 {
		t.Errorf("percentiles(1..10) = %d, %d; want 5, 10", p50, p99)
	}
}

// TestRunCutResponse: a response whose body is cut off is a failure with
// its status kept and Cut set, never an answer.
func TestRunCutResponse(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"type\":4,")
		buf.Flush()
	}))
	defer srv.Close()
	var cut atomic.Int64
	stats, err := Run(context.Background(), Config{URL: srv.URL, Requests: 3, Concurrency: 1, Duration: 5 * time.Second,
		Build: Slack{Secret: "s"}.Build,
		OnResult: func(r Result) {
			if r.Cut && r.Status == http.StatusOK && r.Body == nil && r.Err != nil {
				cut.Add(1)
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Transport != 3 || cut.Load() != 3 {
		t.Errorf("%d transport failures, %d reported cut; want 3 each", stats.Transport, cut.Load())
	}
}
