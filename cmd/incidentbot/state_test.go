package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/internal/state/statetest"
	"github.com/incidentbot/incidentbot/loadgen"
)

// The tests here run two incidentbot serve processes, the real binary,
// with one STATE_URL naming a real redis-server on 127.0.0.1: what the
// replicas of a deployment share, and what happens while the store is
// down.

// adminID is the Discord user the replicas take for an admin.
const adminID = "1400000000000000999"

// replica is one serve process.
type replica struct {
	addr, metrics string
	log           *serveLog
	pid           int
}

// peak is the replica's peak resident memory so far (VmHWM), as Linux
// reports it; "" elsewhere.
func (r replica) peak() string {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", r.pid))
	if err != nil {
		return ""
	}
	for line := range strings.Lines(string(status)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// startReplica runs bin serve with env (and the PATH) from an empty
// folder, and waits until it listens.
func startReplica(t *testing.T, bin string, env map[string]string) replica {
	t.Helper()
	cmd := exec.Command(bin, "serve")
	cmd.Dir = t.TempDir() // no .env to pick up
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HTTP_ADDR=127.0.0.1:0", "METRICS_ADDR=127.0.0.1:0"}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	stdout, stderr := &serveLog{}, &serveLog{}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-exited
	})
	var r replica
	listening := func() bool {
		out := stdout.String()
		_, rest, ok1 := strings.Cut(out, "listening on ")
		_, mrest, ok2 := strings.Cut(out, "metrics on ")
		if !ok1 || !ok2 || !strings.Contains(rest, "\n") || !strings.Contains(mrest, "\n") {
			return false
		}
		r.addr, _, _ = strings.Cut(rest, "\n")
		r.metrics, _, _ = strings.Cut(mrest, "\n")
		return true
	}
	if !poll(20*time.Second, func() bool {
		select {
		case <-exited:
			return true
		default:
			return listening()
		}
	}) || r.addr == "" {
		t.Fatalf("serve did not say where it listens\n%s\n%s", stdout, stderr)
	}
	r.log, r.pid = stderr, cmd.Process.Pid
	metricsAddrs.Store(r.addr, r.metrics)
	return r
}

// replicaPair builds the binary and starts two replicas on one store.
func replicaPair(t *testing.T, srv *statetest.Server, pub ed25519.PublicKey, extra map[string]string) (a, b replica) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the incidentbot binary: skipped with -short")
	}
	bin := buildCommand(t, t.TempDir(), "github.com/incidentbot/incidentbot/cmd/incidentbot")
	env := map[string]string{
		"DISCORD_PUBLIC_KEY": hex.EncodeToString(pub),
		"ADMIN_USER_IDS":     adminID,
		// A longer wait than the default 50 ms: on a loaded test machine
		// a slow answer would make a replica fall back mid-test (500 ms
		// was not enough at a load average of 6.5 on two cores).
		"STATE_URL": srv.URL(1) + "?read_timeout=2s",
	}
	for k, v := range extra {
		env[k] = v
	}
	return startReplica(t, bin, env), startReplica(t, bin, env)
}

// interaction is a signed Discord slash command.
type interaction struct {
	body             []byte
	stamp, signature string
}

// signed signs a slash command /name value from user, as the n'th
// interaction of the test.
func signed(t *testing.T, priv ed25519.PrivateKey, n int, user, name, option, value string) interaction {
	t.Helper()
	raw, err := loadgen.Discord{Key: priv, Commands: []loadgen.Command{{Name: name, Option: option, Value: value}}}.Body(n)
	if err != nil {
		t.Fatal(err)
	}
	var in map[string]any
	if err := json.Unmarshal(raw, &in); err != nil {
		t.Fatal(err)
	}
	in["member"].(map[string]any)["user"].(map[string]any)["id"] = user
	body, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	stamp, sig := loadgen.SignDiscord(priv, time.Now(), body)
	return interaction{body, stamp, sig}
}

// clicked signs a click by user on the button custom_id, as the n'th
// interaction of the test.
func clicked(t *testing.T, priv ed25519.PrivateKey, n int, user, customID string) interaction {
	t.Helper()
	raw, err := loadgen.Discord{Key: priv}.Body(n)
	if err != nil {
		t.Fatal(err)
	}
	var in map[string]any
	if err := json.Unmarshal(raw, &in); err != nil {
		t.Fatal(err)
	}
	in["type"] = 3 // a message component
	in["data"] = map[string]any{"custom_id": customID, "component_type": 2}
	in["member"].(map[string]any)["user"].(map[string]any)["id"] = user
	body, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	stamp, sig := loadgen.SignDiscord(priv, time.Now(), body)
	return interaction{body, stamp, sig}
}

// send posts the interaction to a replica and returns the status and body.
func (r replica) send(t *testing.T, in interaction) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, "http://"+r.addr+loadgen.DiscordPath, bytes.NewReader(in.body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature-Timestamp", in.stamp)
	req.Header.Set("X-Signature-Ed25519", in.signature)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func TestReplicasShareState(t *testing.T) {
	srv := statetest.Start(t)
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	a, b := replicaPair(t, srv, pub, map[string]string{"RATE_PER_MINUTE": "4"})

	t.Run("replay on the other replica", func(t *testing.T) {
		in := signed(t, priv, 1, "1400000000000000001", "timeline", "", "")
		if code, body := a.send(t, in); code != http.StatusOK || loadgen.CheckDiscord([]byte(body)) != nil {
			t.Fatalf("first send to replica A = %d %s; want an answer", code, body)
		}
		if code, _ := b.send(t, in); code != http.StatusUnauthorized {
			t.Errorf("the same signed request replayed on replica B = %d; want 401", code)
		}
		if code, _ := a.send(t, in); code != http.StatusUnauthorized {
			t.Errorf("the same signed request replayed on replica A = %d; want 401", code)
		}
	})

	t.Run("rate limit across replicas", func(t *testing.T) {
		// 4 a minute: of 10 commands sent in turn to A and B, 4 are
		// answered, as one replica would.
		answered, slowed := 0, 0
		for i := range 10 {
			r := []replica{a, b}[i%2]
			code, body := r.send(t, signed(t, priv, 100+i, "1400000000000000002", "timeline", "", ""))
			if code != http.StatusOK {
				t.Fatalf("command %d = %d %s", i, code, body)
			}
			switch err := loadgen.CheckDiscord([]byte(body)); {
			case err == nil:
				answered++
			case strings.Contains(err.Error(), "Slow down"):
				slowed++
			default:
				t.Fatalf("command %d: %v", i, err)
			}
		}
		if answered != 4 || slowed != 6 {
			t.Errorf("one user's 10 commands over two replicas: %d answered, %d slowed down; want 4 and 6 (RATE_PER_MINUTE=4)", answered, slowed)
		}
	})

	t.Run("gaps from both replicas", func(t *testing.T) {
		for i, q := range []struct {
			r     replica
			query string
		}{{a, "qwertyuiop zxcvbnm"}, {b, "flibbertigibbet wobble"}, {b, "qwertyuiop  ZXCVBNM"}} {
			if code, body := q.r.send(t, signed(t, priv, 200+i, fmt.Sprint(1400000000000000100+i), "ask", "question", q.query)); code != http.StatusOK {
				t.Fatalf("ask %q = %d %s", q.query, code, body)
			}
		}
		for i, r := range []replica{a, b} {
			name := "AB"[i : i+1]
			_, body := r.send(t, signed(t, priv, 300+i, adminID, "kb", "action", "gaps"))
			if !strings.Contains(body, "qwertyuiop zxcvbnm") || !strings.Contains(body, "flibbertigibbet wobble") || !strings.Contains(body, "twice") {
				t.Errorf("/kb gaps on replica %s does not show both replicas' questions, one asked twice:\n%s", name, body)
			}
		}
		// Not helpful, clicked under an answer of replica A on replica B,
		// is in /kb gaps on A with the entry the answer led with.
		_, body := a.send(t, signed(t, priv, 400, "1400000000000000200", "ask", "question", "who carried out the attack?"))
		var answer struct {
			Data struct {
				Components []struct {
					Components []struct {
						Label    string `json:"label"`
						CustomID string `json:"custom_id"`
					} `json:"components"`
				} `json:"components"`
			} `json:"data"`
		}
		if err := json.Unmarshal([]byte(body), &answer); err != nil {
			t.Fatalf("/ask on replica A: %v\n%s", err, body)
		}
		vote := ""
		for _, row := range answer.Data.Components {
			for _, c := range row.Components {
				if c.Label == "Not helpful" {
					vote = c.CustomID
				}
			}
		}
		lead, _, _ := strings.Cut(strings.TrimPrefix(vote, "f:-"), " ")
		if !strings.HasPrefix(vote, "f:-") || lead == "" {
			t.Fatalf("/ask on replica A has no Not helpful button:\n%s", body)
		}
		if code, body := b.send(t, clicked(t, priv, 401, "1400000000000000201", vote)); code != http.StatusOK || !strings.Contains(body, "Thanks") {
			t.Fatalf("Not helpful on replica B = %d %s", code, body)
		}
		if _, body := a.send(t, signed(t, priv, 402, adminID, "kb", "action", "gaps")); !strings.Contains(body, "not helpful ×1 — led with "+lead) {
			t.Errorf("/kb gaps on replica A does not show the Not helpful clicked on B, led with %s:\n%s", lead, body)
		}

		// kb gaps on the command line reads the same store.
		stdout, stderr, code := runEnv(t, map[string]string{"STATE_URL": srv.URL(1)}, "", "kb", "gaps")
		if code != 0 || !strings.Contains(stdout, "qwertyuiop zxcvbnm") || !strings.Contains(stdout, "flibbertigibbet wobble") {
			t.Errorf("incidentbot kb gaps with STATE_URL = %d\n%s%s", code, stdout, stderr)
		}
	})
}

// TestReplicasUnderStoreFault stops the store while two replicas answer a
// steady load, then starts it again: no answer fails, the fallback
// metrics move, each replica logs the loss and the return once, and once
// the store is back a request replayed on the other replica is refused
// again.
func TestReplicasUnderStoreFault(t *testing.T) {
	srv := statetest.Start(t)
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	a, b := replicaPair(t, srv, pub, nil)
	replicas := []replica{a, b}

	var finished, failed atomic.Int64
	var mu sync.Mutex
	var samples []string
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	for i, r := range replicas {
		wg.Go(func() {
			loadgen.Run(ctx, loadgen.Config{
				URL: "http://" + r.addr, Requests: loadgen.MaxRequests, Concurrency: 8, Duration: 2 * time.Minute,
				// Users apart per replica, so that no user is slowed down.
				Build: func(ctx context.Context, base string, n int) (*http.Request, error) {
					return loadgen.Discord{Key: priv}.Build(ctx, base, 2*n+i)
				},
				Check: loadgen.CheckDiscord,
				OnResult: func(res loadgen.Result) {
					finished.Add(1)
					if res.Err != nil && ctx.Err() == nil {
						failed.Add(1)
						mu.Lock()
						samples = append(samples, res.Err.Error())
						mu.Unlock()
					}
				},
			})
		})
	}
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		if !poll(60*time.Second, cond) {
			t.Fatalf("%s: not within 60 s\nA:\n%s\nB:\n%s", what, a.log, b.log)
		}
	}
	gauge := func(r replica, series string) float64 { return metric(t, r.addr, series) }
	fallbacks := func(r replica) float64 {
		return gauge(r, `incidentbot_state_fallbacks_total{op="rate_limit"}`) + gauge(r, `incidentbot_state_fallbacks_total{op="replay"}`)
	}

	waitFor("300 answers before the fault", func() bool { return finished.Load() >= 300 })
	before := finished.Load()
	srv.Stop()
	t.Logf("store stopped after %d answers", before)
	for _, r := range replicas {
		waitFor("incidentbot_state_up 0", func() bool { return gauge(r, "incidentbot_state_up") == 0 })
	}
	waitFor("300 answers while the store is down", func() bool { return finished.Load() >= before+300 })
	down := finished.Load() - before
	var moved []float64
	for _, r := range replicas {
		n := fallbacks(r)
		if n <= 0 {
			t.Errorf("fallbacks on %s = %v while the store is down; want them counted", r.addr, n)
		}
		moved = append(moved, n)
	}

	srv.Start()
	for _, r := range replicas {
		waitFor("incidentbot_state_up 1 after the store's return", func() bool { return gauge(r, "incidentbot_state_up") == 1 })
	}
	after := finished.Load()
	waitFor("300 answers after the return", func() bool { return finished.Load() >= after+300 })
	cancel()
	wg.Wait()
	t.Logf("peak resident memory: replica A %s, replica B %s", a.peak(), b.peak())
	t.Logf("%d requests: %d before the fault, %d while the store was down, %d after; %d failed; fallbacks counted: %v",
		finished.Load(), before, down, finished.Load()-after, failed.Load(), moved)
	if n := failed.Load(); n > 0 {
		t.Errorf("%d requests failed across the fault; want none. First: %v", n, samples[:min(5, len(samples))])
	}
	for _, r := range replicas {
		for _, line := range []string{"state store unreachable", "state store reachable again"} {
			if n := strings.Count(r.log.String(), line); n != 1 {
				t.Errorf("%s logged %q %d times; want once", r.addr, line, n)
			}
		}
	}

	// Shared again: a request answered by A is refused by B.
	in := signed(t, priv, 1, "1400000000000000001", "timeline", "", "")
	if code, _ := a.send(t, in); code != http.StatusOK {
		t.Fatalf("send to A after the return = %d", code)
	}
	if code, _ := b.send(t, in); code != http.StatusUnauthorized {
		t.Errorf("replayed on B after the store's return = %d; want 401: sharing did not resume", code)
	}
}

// TestCLIStateURL: a command-line run waits cliTimeout for the store
// unless STATE_URL sets read_timeout, and keeps the rest of the URL.
func TestCLIStateURL(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"redis://:pw@host:6379/1", "redis://:pw@host:6379/1?read_timeout=2s"},
		{"rediss://u:pw@host/0?protocol=3", "rediss://u:pw@host/0?protocol=3&read_timeout=2s"},
		{"redis://host/0?read_timeout=20ms", "redis://host/0?read_timeout=20ms"},
		{"redis://:p%zz@h", "redis://:p%zz@h"}, // left for state.Open to refuse
	} {
		if got := cliStateURL(tt.in); got != tt.want {
			t.Errorf("cliStateURL(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
