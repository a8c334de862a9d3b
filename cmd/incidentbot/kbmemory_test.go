package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/loadgen"
)

// kbServer is the real binary serving Discord's interactions endpoint
// from a knowledge file, to measure what reloading costs it.
type kbServer struct {
	cmd    *exec.Cmd
	addr   string
	kbPath string
	key    ed25519.PrivateKey
	stderr *serveLog
}

// startKBServer starts bin serve on a copy of the knowledge file kb, with
// the extra environment env, and waits until it listens.
func startKBServer(t *testing.T, bin string, kb []byte, env ...string) *kbServer {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	s := &kbServer{kbPath: filepath.Join(dir, "kb.yaml"), key: priv, stderr: &serveLog{}}
	if err := os.WriteFile(s.kbPath, kb, 0o644); err != nil {
		t.Fatal(err)
	}
	s.cmd = exec.Command(bin, "serve")
	s.cmd.Dir = dir
	s.cmd.Env = append([]string{"DISCORD_PUBLIC_KEY=" + hex.EncodeToString(pub), "HTTP_ADDR=127.0.0.1:0", "METRICS_ADDR=127.0.0.1:0",
		"RATE_PER_MINUTE=0", "KB_PATH=" + s.kbPath, "PATH=" + os.Getenv("PATH")}, env...)
	stdout := &serveLog{addr: make(chan string, 1)}
	s.cmd.Stdout, s.cmd.Stderr = stdout, s.stderr
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.cmd.Process.Kill()
		s.cmd.Wait()
	})
	select {
	case s.addr = <-stdout.addr:
	case <-time.After(60 * time.Second):
		t.Fatalf("serve did not say it was listening\n%s", s.stderr)
	}
	return s
}

// reload replaces the knowledge file with data, as a ConfigMap update or
// an editor's rename does, and waits for serve to log how the reload
// ended: it returns that log line and serve's peak resident memory
// before and after.
func (s *kbServer) reload(t *testing.T, data []byte) (logLine string, before, after int64) {
	t.Helper()
	s.watching(t)
	before = procStatus(t, s.cmd.Process.Pid, "VmHWM")
	logged := len(s.stderr.String())
	tmp := s.kbPath + ".new"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, s.kbPath); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		for _, l := range strings.Split(s.stderr.String()[logged:], "\n") {
			if strings.Contains(l, `"msg":"knowledge reload`) {
				return l, before, procStatus(t, s.cmd.Process.Pid, "VmHWM")
			}
		}
		if err := s.cmd.Process.Signal(syscall.Signal(0)); err != nil {
			t.Fatalf("serve died during the reload: %v\n%s", err, s.stderr)
		}
		if time.Now().After(deadline) {
			t.Fatalf("no reload logged in 2 minutes\n%s", s.stderr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// watching waits until serve watches its knowledge file, which it starts
// doing only after it says it listens.
func (s *kbServer) watching(t *testing.T) {
	t.Helper()
	s.stderr.await(t, watchingLine)
}

// answers checks that serve answers a signed command.
func (s *kbServer) answers(t *testing.T) {
	t.Helper()
	status, body := fetch(t, s.addr, loadgen.Discord{Key: s.key}.Build, 1)
	if err := loadgen.CheckDiscord(body); status != http.StatusOK || err != nil {
		t.Errorf("signed command after the reload: status %d, %v: %.300s", status, err, body)
	}
}

// nodeFile is finding 1 of issue 20: 1,000,000 bytes of empty list items,
// which fits a ConfigMap.
func nodeFile() []byte {
	return append([]byte("events:\n"), bytes.Repeat([]byte("-\n"), 499_996)...)
}

// TestReloadRefusesNodeFile: a 1 MB file of half a million empty list
// items, saved over KB_PATH of a pod limited to 128 MiB (GOMEMLIMIT
// 112 MiB), is refused with its line before any tree is built; serve stays
// under 128 MiB and goes on answering from the base it had. On a fresh
// start, the same file stops serve with the same message.
func TestReloadRefusesNodeFile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the incidentbot binary: skipped with -short")
	}
	bin := buildCommand(t, t.TempDir(), "github.com/incidentbot/incidentbot/cmd/incidentbot")
	valid, err := os.ReadFile("../../knowledge/testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := startKBServer(t, bin, valid, "GOMEMLIMIT=112MiB")
	line, _, peak := s.reload(t, nodeFile())
	t.Logf("1 MB node file at GOMEMLIMIT=112MiB: peak RSS %.1f MiB", float64(peak)/(1<<20))
	if peak >= 128<<20 {
		t.Errorf("reloading the node file took serve to %.1f MiB; want under 128 MiB", float64(peak)/(1<<20))
	}
	if !strings.Contains(line, "refused") || !strings.Contains(line, "kb.yaml:125000:1: too many values for the file's size") {
		t.Errorf("reload log = %s; want it refused at line 125000 for too many values", line)
	}
	s.answers(t)

	cmd := exec.Command(bin, "serve")
	cmd.Dir = t.TempDir()
	kb := filepath.Join(cmd.Dir, "kb.yaml")
	if err := os.WriteFile(kb, nodeFile(), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd.Env = []string{"DISCORD_PUBLIC_KEY=" + strings.Repeat("ab", 32), "HTTP_ADDR=127.0.0.1:0", "METRICS_ADDR=127.0.0.1:0", "KB_PATH=" + kb, "GOMEMLIMIT=112MiB"}
	out, err := cmd.CombinedOutput()
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) || !strings.Contains(string(out), "kb.yaml:125000:1: too many values") {
		t.Errorf("serve on the node file: %v\n%s", err, out)
	}
}

// TestServeRefusesPastMemoryLimit: a valid file whose load would not fit
// under GOMEMLIMIT stops serve at start, saying so, rather than let the
// container be killed; the same file under a larger limit loads.
func TestServeRefusesPastMemoryLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the incidentbot binary: skipped with -short")
	}
	dir := t.TempDir()
	bin := buildCommand(t, dir, "github.com/incidentbot/incidentbot/cmd/incidentbot")
	kb := filepath.Join(dir, "kb.yaml")
	writeSynth(t, bin, kb, 4000)
	// Should serve start after all, it is stopped rather than left to run.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "serve")
	cmd.Dir = dir
	cmd.Env = []string{"DISCORD_PUBLIC_KEY=" + strings.Repeat("ab", 32), "HTTP_ADDR=127.0.0.1:0", "METRICS_ADDR=127.0.0.1:0", "KB_PATH=" + kb, "GOMEMLIMIT=8MiB"}
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "would take at least") || !strings.Contains(string(out), "memory limit of 8 MiB") {
		t.Errorf("serve at GOMEMLIMIT=8MiB on a 4,000-entry file: %v\n%s", err, out)
	}
	data, err := os.ReadFile(kb)
	if err != nil {
		t.Fatal(err)
	}
	startKBServer(t, bin, data, "GOMEMLIMIT=112MiB").answers(t)
}

// writeSynth writes a synthetic base of n entries to path.
func writeSynth(t *testing.T, bin, path string, n int) {
	t.Helper()
	out, err := exec.Command(bin, "kb", "synth", "--entries", strconv.Itoa(n)).Output()
	if err != nil {
		t.Fatalf("kb synth: %v", err)
	}
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestTypoCostsLittle is finding 2 of issue 20: one unknown speaker in a
// large file must cost a reload at most half again what the valid file
// costs (peak resident during the reload, less that before it), and be
// reported with its line. At 24,000 entries (16 MB) the typo cost 1.68
// times the valid file when it sent the file down the whole-tree path;
// it costs 0.68 times in pieces.
func TestTypoCostsLittle(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the incidentbot binary: skipped with -short")
	}
	dir := t.TempDir()
	bin := buildCommand(t, dir, "github.com/incidentbot/incidentbot/cmd/incidentbot")
	kb := filepath.Join(dir, "kb.yaml")
	writeSynth(t, bin, kb, 24_000)
	valid, err := os.ReadFile(kb)
	if err != nil {
		t.Fatal(err)
	}
	at := bytes.Index(valid[len(valid)/2:], []byte("speaker: ")) + len(valid)/2
	end := at + bytes.IndexByte(valid[at:], '\n')
	typo := append(append(bytes.Clone(valid[:at]), "speaker: nobody-at-all"...), valid[end:]...)
	small, err := os.ReadFile("../../knowledge/testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cost := map[string]int64{}
	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"valid", valid, `"msg":"knowledge reloaded"`},
		{"typo", typo, `.speaker: unknown person \"nobody-at-all\"`},
	} {
		s := startKBServer(t, bin, small)
		line, before, after := s.reload(t, tt.data)
		if !strings.Contains(line, tt.want) {
			t.Errorf("%s: reload log = %s; want %s", tt.name, line, tt.want)
		}
		cost[tt.name] = after - before
		t.Logf("%s file (%d bytes): peak RSS %.1f MiB, %.1f MiB over the %.1f MiB before", tt.name, len(tt.data),
			float64(after)/(1<<20), float64(after-before)/(1<<20), float64(before)/(1<<20))
	}
	if ratio := float64(cost["typo"]) / float64(cost["valid"]); ratio > 1.5 {
		t.Errorf("a typo costs a reload %.2f times what the valid file costs; want at most 1.5", ratio)
	}
}
