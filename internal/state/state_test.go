package state_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"

	"github.com/incidentbot/incidentbot/bot/changes"
	"github.com/incidentbot/incidentbot/bot/gaps"
	"github.com/incidentbot/incidentbot/internal/state"
	"github.com/incidentbot/incidentbot/internal/state/statetest"
	"github.com/incidentbot/incidentbot/knowledge"
)

// replica opens a Store on url as one replica of serve would: its own
// registry and log.
type replica struct {
	*state.Store
	reg *prometheus.Registry
	log *syncBuffer
}

func open(t *testing.T, url string) replica {
	t.Helper()
	r := replica{reg: prometheus.NewRegistry(), log: &syncBuffer{}}
	s, err := state.Open(slog.New(slog.NewTextHandler(r.log, nil)), r.reg, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	r.Store = s
	return r
}

// metric is the value of the replica's series name (of its first label's
// value labels[0], if given).
func (r replica) metric(t *testing.T, name string, labels ...string) float64 {
	t.Helper()
	mfs, err := r.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.Metric {
			if len(labels) == 0 || m.Label[0].GetValue() == labels[0] {
				return m.GetGauge().GetValue() + m.GetCounter().GetValue()
			}
		}
	}
	t.Fatalf("no series %s %v", name, labels)
	return 0
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// A test's calls get a generous timeout: on a loaded machine 50 ms is not
// always enough, and a slow call would make the store down mid-test.
func testURL(srv *statetest.Server, db int) string { return srv.URL(db) + "?read_timeout=2s" }

func TestRateLimitAcrossReplicas(t *testing.T) {
	srv := statetest.Start(t)
	a, b := open(t, testURL(srv, 0)), open(t, testURL(srv, 0))
	ctx := t.Context()
	// 20 a minute: 20 at once, from both replicas and many goroutines
	// together, then none until a command comes back in 3 s.
	var allowed atomic.Int64
	var wg sync.WaitGroup
	for i := range 60 {
		s := []replica{a, b}[i%2]
		wg.Go(func() {
			ok, err := s.Allow(ctx, "slack\x00U1", 3*time.Second, 20)
			if err != nil {
				t.Errorf("Allow = %v", err)
			}
			if ok {
				allowed.Add(1)
			}
		})
	}
	wg.Wait()
	if got := allowed.Load(); got != 20 {
		t.Errorf("two replicas allowed %d of 60 commands at once; want 20, what one allows", got)
	}
	if ok, _ := a.Allow(ctx, "slack\x00U2", 3*time.Second, 20); !ok {
		t.Error("another user was refused: the limit is per user")
	}
}

func TestReplaysAcrossReplicas(t *testing.T) {
	srv := statetest.Start(t)
	a, b := open(t, testURL(srv, 0)), open(t, testURL(srv, 0))
	ctx := t.Context()
	sig := []byte("a signature of sixty-four bytes, as an ed25519 one is, or so..")
	if first, err := a.FirstSeen(ctx, sig, time.Minute); err != nil || !first {
		t.Fatalf("FirstSeen on a = %v, %v; want true", first, err)
	}
	if first, err := b.FirstSeen(ctx, sig, time.Minute); err != nil || first {
		t.Errorf("FirstSeen of the same signature on b = %v, %v; want false: a saw it", first, err)
	}
	if first, _ := b.FirstSeen(ctx, []byte("another"), time.Minute); !first {
		t.Error("FirstSeen of another signature = false; want true")
	}
}

func TestGapsAcrossReplicas(t *testing.T) {
	srv := statetest.Start(t)
	a, b := open(t, testURL(srv, 0)), open(t, testURL(srv, 0))
	ctx := t.Context()
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for i, g := range []struct {
		s     replica
		query string
	}{{a, "who paid"}, {b, "Who  PAID"}, {b, "who paid"}, {a, "the second one"}, {b, "a third"}, {a, "a third"}} {
		if err := g.s.RecordGap(ctx, gaps.Gap{Time: at.Add(time.Duration(i) * time.Minute), Command: "ask", Platform: "slack", Query: g.query}); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range []replica{a, b} {
		top, err := s.TopGaps(ctx, "", 2)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, g := range top {
			got = append(got, fmt.Sprintf("%s %q %d %s", g.Command, g.Query, g.Count, g.Last.Format(time.TimeOnly)))
		}
		want := []string{`ask "who paid" 3 03:06:05`, `ask "a third" 2 03:09:05`}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("TopGaps(2) =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

// TestGapsAndChangesPerIncident: in a folder of incidents each keeps its
// own unanswered questions and reload history, under keys of its own.
func TestGapsAndChangesPerIncident(t *testing.T) {
	srv := statetest.Start(t)
	a, b := open(t, testURL(srv, 0)), open(t, testURL(srv, 0))
	ctx := t.Context()
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, g := range []gaps.Gap{
		{Time: at, Incident: "first", Command: "ask", Query: "who paid"},
		{Time: at, Incident: "first", Command: "ask", Query: "who paid"},
		{Time: at, Incident: "second", Command: "ask", Query: "who paid"},
		{Time: at, Incident: "second", Command: "ask", Query: "where"},
	} {
		if err := a.RecordGap(ctx, g); err != nil {
			t.Fatal(err)
		}
	}
	for incident, want := range map[string]string{"first": `"who paid" 2`, "second": `"who paid" 1|"where" 1`, "": ""} {
		top, err := b.TopGaps(ctx, incident, 10)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, g := range top {
			got = append(got, fmt.Sprintf("%q %d", g.Query, g.Count))
			if g.Incident != incident {
				t.Errorf("TopGaps(%q) gave a gap of incident %q", incident, g.Incident)
			}
		}
		if strings.Join(got, "|") != want {
			t.Errorf("TopGaps(%q) = %s; want %s", incident, strings.Join(got, "|"), want)
		}
	}
	for _, c := range []changes.Set{{At: at, Incident: "first", From: "v1", Version: "v2"}, {At: at, Incident: "second", From: "v1", Version: "v2"}} {
		if err := a.AddChanges(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	for _, incident := range []string{"first", "second"} {
		// The same versions in two incidents are two reloads.
		if got, err := b.Changes(ctx, incident); err != nil || len(got) != 1 || got[0].Incident != incident {
			t.Errorf("Changes(%q) = %+v, %v; want its one set", incident, got, err)
		}
	}
	opts, err := redis.ParseURL(testURL(srv, 0))
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(opts)
	defer rdb.Close()
	if keys, err := rdb.Keys(ctx, "*incident:first*").Result(); err != nil || len(keys) != 3 {
		t.Errorf("keys naming the incident first = %q, %v; want its gaps' counts and last asked, and its history", keys, err)
	}
}

// TestVotesAcrossReplicas: answers found not helpful are counted with
// their lead across replicas, helpful votes weigh against them, and an
// answer only ever found helpful is no gap.
func TestVotesAcrossReplicas(t *testing.T) {
	srv := statetest.Start(t)
	a, b := open(t, testURL(srv, 0)), open(t, testURL(srv, 0))
	ctx := t.Context()
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for i, v := range []struct {
		s          replica
		kind, lead string
	}{
		{a, gaps.Unhelpful, "quote/q1"}, {b, gaps.Unhelpful, "quote/q1"}, {b, gaps.Helpful, "quote/q1"},
		{a, gaps.Unhelpful, "event/e1"}, {a, gaps.Helpful, "claim/only-helped"},
	} {
		q := "who paid"
		if v.lead == "claim/only-helped" {
			q = "another question"
		}
		if err := v.s.RecordGap(ctx, gaps.Gap{Time: at.Add(time.Duration(i) * time.Minute), Command: "ask", Query: q, Kind: v.kind, Lead: v.lead}); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range []replica{a, b} {
		top, err := s.TopGaps(ctx, "", 10)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, g := range top {
			got = append(got, fmt.Sprintf("%q led by %s: not helpful %d, helpful %d", g.Query, g.Lead, g.Count, g.Helpful))
		}
		want := []string{`"who paid" led by quote/q1: not helpful 2, helpful 1`, `"who paid" led by event/e1: not helpful 1, helpful 0`}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("TopGaps =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

func TestGapsBounded(t *testing.T) {
	srv := statetest.Start(t)
	a := open(t, testURL(srv, 0))
	ctx := t.Context()
	for range 3 {
		a.RecordGap(ctx, gaps.Gap{Time: time.Now(), Command: "ask", Query: "asked often"})
	}
	for i := range 1200 {
		if err := a.RecordGap(ctx, gaps.Gap{Time: time.Now(), Command: "ask", Query: fmt.Sprintf("q%d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	top, err := a.TopGaps(ctx, "", 2000)
	if err != nil {
		t.Fatal(err)
	}
	if len(top) > 1000 {
		t.Errorf("%d questions kept; want at most 1000", len(top))
	}
	if top[0].Query != "asked often" || top[0].Count != 3 {
		t.Errorf("most asked = %+v; want the one asked 3 times, kept through the trims", top[0])
	}
}

func TestChangesOnceAcrossReplicas(t *testing.T) {
	srv := statetest.Start(t)
	a, b := open(t, testURL(srv, 0)), open(t, testURL(srv, 0))
	ctx := t.Context()
	set := func(from, to string) changes.Set {
		return changes.Set{At: time.Now().UTC(), From: from, Version: to, Changes: knowledge.Changes{Added: map[string][]string{"events": {to}}}}
	}
	// Both replicas reload v1 → v2, then v2 → v1 and v1 → v2 again.
	for _, c := range []changes.Set{set("v1", "v2"), set("v1", "v2"), set("v2", "v1"), set("v2", "v1"), set("v1", "v2")} {
		for _, s := range []replica{a, b} {
			if err := s.AddChanges(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
	}
	got, err := b.Changes(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	var versions []string
	for _, c := range got {
		versions = append(versions, c.From+">"+c.Version+" "+strings.Join(c.Added["events"], ","))
	}
	if want := "v1>v2 v2|v2>v1 v1|v1>v2 v2"; strings.Join(versions, "|") != want {
		t.Errorf("Changes = %s; want %s, newest first, each reload once", strings.Join(versions, "|"), want)
	}
	for i := range changes.Max + 5 {
		a.AddChanges(ctx, set(fmt.Sprint(i), fmt.Sprint(i+1)))
	}
	if got, _ := a.Changes(ctx, ""); len(got) != changes.Max {
		t.Errorf("%d change sets kept; want %d", len(got), changes.Max)
	}
}

// TestFallbackAndReturn stops the server: calls fail (so their callers use
// their own memory), the store is marked down once, with one log line and
// the metrics moving, and later calls fail at once. Started again, the
// probe finds it and calls reach it.
func TestFallbackAndReturn(t *testing.T) {
	srv := statetest.Start(t)
	a := open(t, testURL(srv, 0))
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go a.Run(ctx)
	if _, err := a.Allow(ctx, "u", time.Second, 5); err != nil {
		t.Fatal(err)
	}
	srv.Stop()
	for range 3 {
		if _, err := a.Allow(ctx, "u", time.Second, 5); err == nil {
			t.Fatal("Allow with the server stopped = nil error")
		}
	}
	if _, err := a.FirstSeen(ctx, []byte("x"), time.Minute); err != state.ErrDown {
		t.Errorf("FirstSeen while down = %v; want ErrDown at once", err)
	}
	if a.Up() {
		t.Error("Up() = true with the server stopped")
	}
	metric := func(name string, labels ...string) float64 { t.Helper(); return a.metric(t, name, labels...) }
	if got := metric("incidentbot_state_up"); got != 0 {
		t.Errorf("incidentbot_state_up = %v while down; want 0", got)
	}
	if got := metric("incidentbot_state_fallbacks_total", "rate_limit"); got != 3 {
		t.Errorf("rate_limit fallbacks = %v; want 3", got)
	}
	if got := metric("incidentbot_state_fallbacks_total", "replay"); got != 1 {
		t.Errorf("replay fallbacks = %v; want 1", got)
	}
	if n := strings.Count(a.log.String(), "state store unreachable"); n != 1 {
		t.Errorf("%d log lines say the store is unreachable; want 1:\n%s", n, a.log.String())
	}

	srv.Start()
	deadline := time.After(30 * time.Second)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for !a.Up() {
		select {
		case <-deadline:
			t.Fatal("the store was not found again within 30 s of the server's start")
		case <-tick.C:
		}
	}
	if _, err := a.FirstSeen(ctx, []byte("x"), time.Minute); err != nil {
		t.Errorf("FirstSeen after the server's return = %v", err)
	}
	if got := metric("incidentbot_state_up"); got != 1 {
		t.Errorf("incidentbot_state_up = %v after the return; want 1", got)
	}
	if n := strings.Count(a.log.String(), "state store reachable again"); n != 1 {
		t.Errorf("%d log lines say the store is back; want 1:\n%s", n, a.log.String())
	}
}

// TestReplyErrorKeepsStoreUp: an error the store answers with (here
// WRONGTYPE, from a key of the wrong type) fails that call and counts as an
// error, but the store answered: it stays up, with no log line, and other
// calls still reach it.
func TestReplyErrorKeepsStoreUp(t *testing.T) {
	srv := statetest.Start(t)
	a := open(t, testURL(srv, 0))
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go a.Run(ctx)
	raw := redis.NewClient(&redis.Options{Addr: srv.Addr(), Password: statetest.Password, Protocol: 2, DisableIdentity: true})
	defer raw.Close()
	if err := raw.Set(ctx, "incidentbot:gaps:counts", "not a sorted set", 0).Err(); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		err := a.RecordGap(ctx, gaps.Gap{Time: time.Now(), Command: "ask", Query: "who paid"})
		if err == nil || !strings.Contains(err.Error(), "WRONGTYPE") {
			t.Fatalf("RecordGap on a key of the wrong type = %v; want WRONGTYPE", err)
		}
		if _, err := a.TopGaps(ctx, "", 5); err == nil || !strings.Contains(err.Error(), "WRONGTYPE") {
			t.Fatalf("TopGaps on a key of the wrong type = %v; want WRONGTYPE", err)
		}
	}
	if !a.Up() {
		t.Error("Up() = false after WRONGTYPE: the store answered")
	}
	if got := a.metric(t, "incidentbot_state_errors_total"); got != 6 {
		t.Errorf("incidentbot_state_errors_total = %v; want 6", got)
	}
	if got := a.metric(t, "incidentbot_state_up"); got != 1 {
		t.Errorf("incidentbot_state_up = %v; want 1", got)
	}
	if _, err := a.FirstSeen(ctx, []byte("x"), time.Minute); err != nil {
		t.Errorf("FirstSeen after WRONGTYPE = %v; want the store to answer", err)
	}
	if log := a.log.String(); strings.Contains(log, "state store") {
		t.Errorf("the store's state was logged after an error it answered with:\n%s", log)
	}
}

// TestTopGapsOneRoundTrip: /kb gaps reads the store in one command, so a
// long list costs one call's time, not four within one call's budget.
// MONITOR on the server shows each command a client sent, and those a
// script ran as "lua".
func TestTopGapsOneRoundTrip(t *testing.T) {
	srv := statetest.Start(t)
	a := open(t, testURL(srv, 0))
	ctx := t.Context()
	for _, q := range []string{"who paid", "who paid", "a third"} {
		if err := a.RecordGap(ctx, gaps.Gap{Time: time.Now(), Command: "ask", Query: q}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.TopGaps(ctx, "", 5); err != nil { // loads any script
		t.Fatal(err)
	}
	conn, err := net.Dial("tcp", srv.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "AUTH %s\r\nMONITOR\r\n", statetest.Password)
	r := bufio.NewReader(conn)
	for range 2 {
		if line, err := r.ReadString('\n'); err != nil || line != "+OK\r\n" {
			t.Fatalf("AUTH, MONITOR = %q, %v", line, err)
		}
	}
	top, err := a.TopGaps(ctx, "", 5)
	if err != nil || len(top) != 2 {
		t.Fatalf("TopGaps = %v, %v; want 2 questions", top, err)
	}
	// A marker after the call: MONITOR has shown all of it once the
	// marker comes.
	raw := redis.NewClient(&redis.Options{Addr: srv.Addr(), Password: statetest.Password, Protocol: 2, DisableIdentity: true})
	defer raw.Close()
	if err := raw.Echo(ctx, "end of TopGaps").Err(); err != nil {
		t.Fatal(err)
	}
	var sent []string
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(line, `"end of TopGaps"`) {
			break
		}
		if !strings.Contains(line, " lua] ") && !strings.Contains(strings.ToLower(line), `"auth"`) {
			sent = append(sent, strings.TrimSpace(line))
		}
	}
	if len(sent) != 1 {
		t.Errorf("TopGaps sent %d commands; want 1:\n%s", len(sent), strings.Join(sent, "\n"))
	}
}

func TestOpenRefusesBadURLWithoutEchoingIt(t *testing.T) {
	for _, url := range []string{"http://:s3cret@host:6379", "redis://:s3cret@host:notaport", "redis://:s3cret@host/db"} {
		_, err := state.Open(nil, nil, url)
		if err == nil {
			t.Errorf("Open(%q) = nil error", url)
			continue
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("Open(%q) = %v: the error repeats the password", url, err)
		}
		if !strings.HasPrefix(err.Error(), "STATE_URL must be") {
			t.Errorf("Open(%q) = %v; want it to say what STATE_URL must be", url, err)
		}
	}
	if _, err := state.Open(nil, prometheus.NewRegistry(), "rediss://user:pw@cache.example:6380/3?read_timeout=20ms"); err != nil {
		t.Errorf("Open of a rediss URL with a user, database and timeout = %v", err)
	}
}

// FuzzOpen: any STATE_URL is accepted or refused without a panic, and a
// refusal never repeats the password it held.
func FuzzOpen(f *testing.F) {
	for _, seed := range []string{"redis://127.0.0.1:6379/0", "rediss://u:pw@h:6380/3?read_timeout=20ms", "redis://:secret@h/db", "http://:secret@h",
		"redis://:secret@h:99999", "redis://:p%zz@h", "unix:///tmp/redis.sock", "redis://h/0?protocol=3&dial_timeout=x"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		s, err := state.Open(nil, nil, raw)
		if err == nil {
			s.Close()
			return
		}
		if u, perr := url.Parse(raw); perr == nil && u.User != nil {
			if pw, ok := u.User.Password(); ok && len(pw) >= 4 && strings.Contains(err.Error(), pw) {
				t.Fatalf("Open(%q) = %v: the error repeats the password", raw, err)
			}
		}
	})
}
