package main

import (
	"bufio"
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/loadgen"
)

// TestUnsignedBodiesMemory is finding 1 of issue 11: connections that
// each send a 1 MiB body that is not signed (no signature headers, or
// well-formed headers with a made-up signature) and then stall must not
// raise the real binary's peak resident memory past 128 MiB, and signed
// requests must still be answered while they hold.
func TestUnsignedBodiesMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the incidentbot binary: skipped with -short")
	}
	bin := buildCommand(t, t.TempDir(), "github.com/incidentbot/incidentbot/cmd/incidentbot")
	for _, conns := range []int{150, 300} {
		t.Run(strconv.Itoa(conns), func(t *testing.T) {
			peak, answered := floodUnsigned(t, bin, conns)
			t.Logf("%d stalled 1 MiB bodies: peak RSS %.1f MiB; %d signed requests answered meanwhile", conns, float64(peak)/(1<<20), answered)
			if peak >= 128<<20 {
				t.Errorf("%d stalled unsigned 1 MiB bodies took peak RSS to %.1f MiB; want under 128 MiB", conns, float64(peak)/(1<<20))
			}
		})
	}
}

// floodUnsigned starts bin serving both platforms over HTTP, opens conns
// connections that each send all but the last byte of a 1 MiB unsigned
// body and hold it, sends signed requests meanwhile (failing the test if
// any is not answered), and returns the process's peak resident memory in
// bytes and the signed requests answered.
func floodUnsigned(t *testing.T, bin string, conns int) (peak int64, answered int) {
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	const secret = "memory-test-secret"
	cmd := exec.Command(bin, "serve")
	cmd.Dir = t.TempDir()
	cmd.Env = []string{"DISCORD_PUBLIC_KEY=" + hex.EncodeToString(pub), "SLACK_SIGNING_SECRET=" + secret,
		"HTTP_ADDR=127.0.0.1:0", "METRICS_ADDR=127.0.0.1:0", "RATE_PER_MINUTE=0", "PATH=" + os.Getenv("PATH")}
	stdout, stderr := &serveLog{addr: make(chan string, 1)}, &serveLog{}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	var addr string
	select {
	case addr = <-stdout.addr:
	case <-time.After(20 * time.Second):
		t.Fatalf("serve did not say it was listening\n%s", stderr)
	}
	metricsAddrs.Store(addr, stdout.metricsAddr())

	const size = 1 << 20
	body := []byte(strings.Repeat("x", size))
	// Four kinds of unsigned request, in turn: no signature headers, and
	// well-formed headers with a fresh timestamp and a made-up signature,
	// on each platform.
	header := func(i int) string {
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		switch i % 4 {
		case 0:
			return "POST /discord/interactions HTTP/1.1\r\nContent-Type: application/json\r\n"
		case 1:
			return "POST /slack/commands HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
		case 2:
			return "POST /discord/interactions HTTP/1.1\r\nContent-Type: application/json\r\n" +
				"X-Signature-Timestamp: " + ts + "\r\nX-Signature-Ed25519: " + strings.Repeat("ab", ed25519.SignatureSize) + "\r\n"
		default:
			return "POST /slack/interactivity HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n" +
				"X-Slack-Request-Timestamp: " + ts + "\r\nX-Slack-Signature: v0=" + strings.Repeat("cd", 32) + "\r\n"
		}
	}
	release := make(chan struct{})
	var sent, held sync.WaitGroup
	for i := range conns {
		sent.Add(1)
		held.Go(func() {
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				sent.Done()
				return
			}
			defer conn.Close()
			// Refused requests are answered and closed early, so a
			// write error here is what the server should do.
			fmt.Fprintf(conn, "%sHost: %s\r\nContent-Length: %d\r\n\r\n", header(i), addr, size)
			conn.Write(body[:size-1])
			sent.Done()
			<-release
		})
	}
	sent.Wait()
	// Measure only once the server has decided on every connection: the
	// unsigned ones refused at once, those with a made-up signature
	// either holding a share of the body budget (at most its large-body
	// three quarters, in 1 MiB bodies) or refused as busy. Measured
	// earlier, a peak under the limit would prove nothing.
	kept := min(conns/2, bodyBudget/4*3/size)
	if !poll(time.Minute, func() bool { return rejected(t, addr) >= float64(conns-kept) }) {
		t.Fatalf("serve refused %.0f of the %d stalled bodies in a minute; want %d (all but the %d the budget holds)\n%s",
			rejected(t, addr), conns, conns-kept, kept, stderr)
	}

	// Signed requests while the bodies are held.
	discord := loadgen.Discord{Key: priv}
	slack := loadgen.Slack{Secret: secret}
	for i := range 20 {
		for _, side := range []struct {
			build loadgen.Builder
			check func([]byte) error
		}{{discord.Build, loadgen.CheckDiscord}, {slack.Build, loadgen.CheckSlack}} {
			status, got := fetch(t, addr, side.build, i)
			if err := side.check(got); status != http.StatusOK || err != nil {
				t.Errorf("signed request %d during the flood: status %d, %v: %.200s", i, status, err, got)
				continue
			}
			answered++
		}
	}
	peak = procStatus(t, cmd.Process.Pid, "VmHWM")
	close(release)
	held.Wait()
	if _, err := http.Get("http://" + addr + "/healthz"); err != nil {
		t.Errorf("serve is not answering after the flood: %v\n%s", err, stderr)
	}
	return peak, answered
}

// rejected returns the requests the serve on addr has refused, on both
// platforms and for any reason.
func rejected(t *testing.T, addr string) float64 {
	t.Helper()
	var n float64
	for _, platform := range []string{"discord", "slack"} {
		for _, reason := range []string{"bad_signature", "stale", "too_large", "bad_request", "busy", "replay"} {
			n += max(0, metric(t, addr, fmt.Sprintf("incidentbot_%s_rejected_total{reason=%q}", platform, reason)))
		}
	}
	return n
}

// procStatus returns a memory figure of /proc/PID/status (VmHWM, VmRSS) in
// bytes.
func procStatus(t testing.TB, pid int, field string) int64 {
	t.Helper()
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skipf("no /proc to read memory from: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatalf("/proc/%d/status %s: %v", pid, field, err)
			}
			return kb << 10
		}
	}
	t.Fatalf("/proc/%d/status has no %s", pid, field)
	return 0
}
