package main

import (
	"bytes"
	"context"
	"io"
	"maps"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Helpers for the tests that run incidentbot serve: in-process (startServe)
// or as a child process (serveLog as its output).

// serveLog collects serve's output; given an addr channel, it hands over
// the address once serve says it is listening.
type serveLog struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	addr  chan string
	found bool
}

func (l *serveLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(p)
	if l.addr != nil && !l.found {
		if _, rest, ok := strings.Cut(l.buf.String(), "listening on "); ok {
			if addr, _, ok := strings.Cut(rest, "\n"); ok {
				l.found = true
				l.addr <- addr
			}
		}
	}
	return len(p), nil
}

// metricsAddr is the address serve said it serves metrics on, if it did.
func (l *serveLog) metricsAddr() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, rest, _ := strings.Cut(l.buf.String(), "metrics on ")
	addr, _, _ := strings.Cut(rest, "\n")
	return addr
}

// watchingLine is what serve logs once its knowledge file's watcher and
// SIGHUP handler are in place: a change from then on is seen.
const watchingLine = `"msg":"watching the knowledge file"`

// await waits, up to a minute, until the log holds text: serve says when
// it is ready for what a test does next.
func (l *serveLog) await(t *testing.T, text string) {
	t.Helper()
	waitFor(t, "serve to log "+text, func() bool { return strings.Contains(l.String(), text) })
}

func (l *serveLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// startServe runs incidentbot serve in-process with only env set (and
// HTTP_ADDR on a free loopback port unless env sets it), in its getenv and,
// for envconfig, in the process environment (so not in parallel tests). It
// returns
// serve's address, its log, and stop, which cancels serve and returns how
// long it took to stop. serve is stopped when the test ends in any case,
// failing the test unless it stops cleanly within 10 s.
func startServe(t *testing.T, env map[string]string) (string, *serveLog, func() time.Duration) {
	t.Helper()
	env = maps.Clone(env)
	for _, name := range []string{"HTTP_ADDR", "METRICS_ADDR"} {
		if env[name] == "" {
			env[name] = "127.0.0.1:0"
		}
	}
	setServeEnv(t, env)
	ctx, cancel := context.WithCancel(context.Background())
	stdout := &serveLog{addr: make(chan string, 1)}
	stderr := &serveLog{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, envOf(env), strings.NewReader(""), stdout, stderr) }()
	var once sync.Once
	var took time.Duration
	stop := func() time.Duration {
		once.Do(func() {
			start := time.Now()
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("serve returned %v after cancel; want nil", err)
				}
			case <-time.After(10 * time.Second):
				t.Errorf("serve did not stop within 10 s of cancel")
			}
			took = time.Since(start)
		})
		return took
	}
	t.Cleanup(func() { stop() })
	select {
	case addr := <-stdout.addr:
		metricsAddrs.Store(addr, stdout.metricsAddr())
		return addr, stderr, stop
	case err := <-done:
		t.Fatalf("serve stopped before listening: %v\n%s", err, stderr)
	case <-time.After(20 * time.Second):
		t.Fatalf("serve did not say it was listening\n%s", stderr)
	}
	return "", nil, nil
}

// metricsAddrs is the METRICS_ADDR of each serve startServe started, by
// its HTTP_ADDR.
var metricsAddrs sync.Map

// metric returns the value of one series on the /metrics of the serve
// listening on addr, -1 if it is absent (a counter vector shows no series
// before its first count).
func metric(t *testing.T, addr, series string) float64 {
	t.Helper()
	m, ok := metricsAddrs.Load(addr)
	if !ok {
		t.Fatalf("no METRICS_ADDR known for the serve on %s", addr)
	}
	resp, err := http.Get("http://" + m.(string) + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(raw)) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), series+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("metric %s = %q: %v", series, v, err)
			}
			return f
		}
	}
	return -1
}

// poll calls cond every 10 ms until it holds or the time is up.
func poll(limit time.Duration, cond func() bool) bool {
	for deadline := time.Now().Add(limit); ; time.Sleep(10 * time.Millisecond) {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
	}
}
