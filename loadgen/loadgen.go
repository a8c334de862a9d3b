// Package loadgen sends correctly signed Discord interactions and Slack
// slash commands to an incidentbot serve at a set concurrency, bounded by a
// request count and a time limit, and reports throughput and latency. It
// only ever sends to loopback addresses (127.0.0.0/8, ::1, localhost): the
// target URL is checked before anything is sent, and every connection's
// address is checked again as it is dialled.
//
// It is a tool for tests and operators; bot/ and knowledge/ must not import
// it.
package loadgen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Bounds on a run, so that no mistyped flag becomes an unbounded flood.
const (
	MaxRequests    = 1_000_000
	MaxConcurrency = 1_000
	MaxDuration    = time.Hour
	// DefaultTimeout bounds one request when Config.Timeout is zero.
	DefaultTimeout = 10 * time.Second
	// maxSamples is how many failure descriptions Stats keeps.
	maxSamples = 5
)

// Builder makes the i'th request of a run (i counts from 0) for the server
// at baseURL, e.g. http://127.0.0.1:8080.
type Builder func(ctx context.Context, baseURL string, i int) (*http.Request, error)

// Config describes one run.
type Config struct {
	// URL is the server's base URL; its host must be a loopback address.
	URL string
	// Requests is how many requests to send, at most MaxRequests.
	Requests int
	// Concurrency is how many requests are in flight at once.
	Concurrency int
	// Duration bounds the run: no request starts after it, and one in
	// flight then gets at most Timeout more.
	Duration time.Duration
	// Rate, when positive, paces the run to at most this many requests
	// started per second; zero sends each as soon as a worker is free.
	Rate float64
	// Timeout bounds each request; zero means DefaultTimeout.
	Timeout time.Duration
	// Build makes each request.
	Build Builder
	// Check, when set, judges the body of each 2xx response; an error
	// counts the request as failed.
	Check func(body []byte) error
	// OnResult, when set, is called with every finished request, from the
	// worker goroutines (so it must be safe for concurrent use).
	OnResult func(Result)
}

// Result is one finished request.
type Result struct {
	Index   int
	Start   time.Time
	Latency time.Duration
	// Status is the HTTP status, 0 when no response came back.
	Status int
	// Body is the whole response body; nil when none came back or it was
	// cut off.
	Body []byte
	// Cut says the response's status and headers came back but its body
	// was cut off.
	Cut bool
	// Err says why the request failed: a transport error, a non-2xx
	// status, or the Check's verdict. Nil for a success.
	Err error
}

// Stats summarises a run. Latencies are those of every finished request,
// failed or not, from sending the request to reading the whole body.
type Stats struct {
	// Requests is how many requests finished (with a response or an
	// error); fewer than asked for when the time limit came first.
	Requests int
	// Failures is Transport + Status + Rejected.
	Failures int
	// Transport counts requests that got no response, or one whose body
	// was cut off.
	Transport int
	// Status counts responses with a status outside 2xx.
	Status int
	// Rejected counts 2xx responses that failed the Check.
	Rejected int
	// Samples describes the first few failures.
	Samples       []string
	Elapsed       time.Duration
	P50, P99, Max time.Duration
}

// PerSecond is the throughput: finished requests per second of the run.
func (s Stats) PerSecond() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Requests) / s.Elapsed.Seconds()
}

// CheckLoopback parses a base URL and returns an error unless it is http or
// https on a loopback host: an address in 127.0.0.0/8, ::1, or localhost.
func CheckLoopback(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("target URL %q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("target URL %q: scheme must be http or https", raw)
	}
	host := u.Hostname()
	if !strings.EqualFold(host, "localhost") {
		if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
			return nil, fmt.Errorf("target %q is not a loopback address: the load generator only sends to 127.0.0.0/8, ::1 or localhost", host)
		}
	}
	return u, nil
}

// loopbackOnly refuses to open a connection to any address that is not
// loopback, whatever a name resolved to or a redirect pointed at.
func loopbackOnly(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("dialling %q: %w", address, err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("refusing to connect to %s: not a loopback address", host)
	}
	return nil
}

// NewClient returns an HTTP client that connects to loopback addresses
// only, ignores proxy settings, follows no redirects, and keeps up to
// conns connections open for reuse.
func NewClient(conns int) *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second, Control: loopbackOnly}
	return &http.Client{
		Transport: &http.Transport{
			Proxy:               nil,
			DialContext:         dialer.DialContext,
			MaxIdleConns:        conns,
			MaxIdleConnsPerHost: conns,
			IdleConnTimeout:     30 * time.Second,
			DisableCompression:  true,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

func (c Config) validate() (*url.URL, error) {
	u, err := CheckLoopback(c.URL)
	switch {
	case err != nil:
		return nil, err
	case c.Requests < 1 || c.Requests > MaxRequests:
		return nil, fmt.Errorf("requests %d: want 1 to %d", c.Requests, MaxRequests)
	case c.Concurrency < 1 || c.Concurrency > MaxConcurrency:
		return nil, fmt.Errorf("concurrency %d: want 1 to %d", c.Concurrency, MaxConcurrency)
	case c.Duration <= 0 || c.Duration > MaxDuration:
		return nil, fmt.Errorf("duration %s: want more than 0 and at most %s", c.Duration, MaxDuration)
	case c.Rate < 0 || math.IsNaN(c.Rate) || math.IsInf(c.Rate, 0):
		return nil, fmt.Errorf("rate %v: want 0 (unpaced) or a positive number", c.Rate)
	case c.Timeout < 0:
		return nil, fmt.Errorf("timeout %s: want 0 (the default) or more", c.Timeout)
	case c.Build == nil:
		return nil, errors.New("no request builder")
	}
	return u, nil
}

// Run sends cfg.Requests requests, cfg.Concurrency at a time, until all
// have finished or cfg.Duration has passed. It returns an error, and
// sends nothing, when the configuration is invalid or the target is not
// loopback; when ctx is cancelled it returns the stats so far and ctx's
// error, and requests cut short by the cancellation are not counted.
func Run(ctx context.Context, cfg Config) (Stats, error) {
	u, err := cfg.validate()
	if err != nil {
		return Stats{}, err
	}
	base := strings.TrimRight(u.String(), "/")
	timeout := cfg.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	client := NewClient(cfg.Concurrency)
	defer client.CloseIdleConnections()

	start := time.Now()
	stop := start.Add(cfg.Duration)
	var next atomic.Int64
	var mu sync.Mutex // guards stats and latencies
	var stats Stats
	latencies := make([]time.Duration, 0, cfg.Requests)

	var wg sync.WaitGroup
	for range cfg.Concurrency {
		wg.Go(func() {
			mine := make([]time.Duration, 0, cfg.Requests/cfg.Concurrency+1)
			var local Stats
			defer func() {
				mu.Lock()
				defer mu.Unlock()
				latencies = append(latencies, mine...)
				stats.Requests += local.Requests
				stats.Transport += local.Transport
				stats.Status += local.Status
				stats.Rejected += local.Rejected
				for _, s := range local.Samples {
					if len(stats.Samples) < maxSamples {
						stats.Samples = append(stats.Samples, s)
					}
				}
			}()
			for {
				i := int(next.Add(1) - 1)
				if i >= cfg.Requests || ctx.Err() != nil {
					return
				}
				if cfg.Rate > 0 {
					due := start.Add(time.Duration(float64(i) / cfg.Rate * float64(time.Second)))
					if !sleepUntil(ctx, due, stop) {
						return
					}
				}
				if !time.Now().Before(stop) {
					return
				}
				r := send(ctx, client, base, i, timeout, cfg)
				if r.Err != nil && ctx.Err() != nil {
					return // cut short by the caller, not the server's doing
				}
				local.Requests++
				mine = append(mine, r.Latency)
				if r.Err != nil {
					switch {
					case r.Status == 0 || r.Cut:
						local.Transport++
					case r.Status < 200 || r.Status > 299:
						local.Status++
					default:
						local.Rejected++
					}
					if len(local.Samples) < maxSamples {
						local.Samples = append(local.Samples, fmt.Sprintf("request %d: %v", i, r.Err))
					}
				}
				if cfg.OnResult != nil {
					cfg.OnResult(r)
				}
			}
		})
	}
	wg.Wait()
	stats.Elapsed = time.Since(start)
	stats.Failures = stats.Transport + stats.Status + stats.Rejected
	stats.P50, stats.P99, stats.Max = percentiles(latencies)
	return stats, ctx.Err()
}

// sleepUntil waits until due; false if ctx ends or due is past stop.
func sleepUntil(ctx context.Context, due, stop time.Time) bool {
	if !due.Before(stop) {
		return false
	}
	d := time.Until(due)
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// send makes, sends and judges request i.
func send(ctx context.Context, client *http.Client, base string, i int, timeout time.Duration, cfg Config) Result {
	rctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := cfg.Build(rctx, base, i)
	r := Result{Index: i, Start: time.Now()}
	if err != nil {
		r.Err = fmt.Errorf("building the request: %w", err)
		return r
	}
	resp, err := client.Do(req)
	if err != nil {
		r.Latency = time.Since(r.Start)
		r.Err = err
		return r
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	r.Latency = time.Since(r.Start)
	r.Status, r.Body = resp.StatusCode, body
	switch {
	case err != nil:
		// A response cut off mid-body is no answer at all.
		r.Body, r.Cut = nil, true
		r.Err = fmt.Errorf("reading the response: %w", err)
	case r.Status < 200 || r.Status > 299:
		r.Err = fmt.Errorf("status %d: %.200s", r.Status, body)
	case cfg.Check != nil:
		if err := cfg.Check(body); err != nil {
			r.Err = fmt.Errorf("bad answer: %w", err)
		}
	}
	return r
}

// percentiles returns the 50th and 99th percentiles (nearest rank) and the
// maximum of ds, sorting it.
func percentiles(ds []time.Duration) (p50, p99, most time.Duration) {
	if len(ds) == 0 {
		return 0, 0, 0
	}
	slices.Sort(ds)
	return nearestRank(ds, 0.50), nearestRank(ds, 0.99), ds[len(ds)-1]
}

// nearestRank is the smallest value with at least q of the sorted ds at or
// below it.
func nearestRank(sorted []time.Duration, q float64) time.Duration {
	k := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[min(max(k, 0), len(sorted)-1)]
}

// clock is now, or the time a test fixed.
func clock(now func() time.Time) time.Time {
	if now != nil {
		return now()
	}
	return time.Now()
}

// post builds a signed request: a POST of body with its content type and
// the platform's signature headers, given as name, value pairs.
func post(ctx context.Context, url, contentType string, body io.Reader, headers ...string) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("User-Agent", "incidentbot-load")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return req, nil
}
