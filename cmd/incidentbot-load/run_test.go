package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	slackapi "github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/cmd/internal/exit"
)

const testSecret = "load-command-test-secret"

// fakeBot answers signed requests as serve would, well formed, and counts
// the ones whose signature does not verify.
func fakeBot(t *testing.T, pub ed25519.PublicKey, answer string) (*httptest.Server, *atomic.Int64, *atomic.Int64) {
	var served, forged atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("POST /discord/interactions", func(w http.ResponseWriter, r *http.Request) {
		if !discordgo.VerifyInteraction(r, pub) {
			forged.Add(1)
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		served.Add(1)
		io.WriteString(w, answer)
	})
	mux.HandleFunc("POST /slack/commands", func(w http.ResponseWriter, r *http.Request) {
		sv, err := slackapi.NewSecretsVerifier(r.Header, testSecret)
		body, _ := io.ReadAll(r.Body)
		sv.Write(body)
		if err != nil || sv.Ensure() != nil {
			forged.Add(1)
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		served.Add(1)
		io.WriteString(w, `{"blocks":[{"type":"header","text":{"type":"plain_text","text":"Timeline"}}]}`)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, &served, &forged
}

// genKey runs -gen-key and returns the public key and the seed it printed.
func genKey(t *testing.T) (pub, seed string) {
	t.Helper()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-gen-key"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(out.String()) {
		k, v, _ := strings.Cut(strings.TrimSpace(line), "=")
		switch k {
		case "DISCORD_PUBLIC_KEY":
			pub = v
		case "LOAD_DISCORD_KEY":
			seed = v
		}
	}
	if len(pub) != 64 || len(seed) != 64 {
		t.Fatalf("-gen-key printed %q; want DISCORD_PUBLIC_KEY= and LOAD_DISCORD_KEY= lines of 64 hex digits", out.String())
	}
	return pub, seed
}

// TestGenKey: the seed -gen-key prints signs for the public key it prints.
func TestGenKey(t *testing.T) {
	pub, seed := genKey(t)
	key, err := privateKey(seed)
	if err != nil {
		t.Fatal(err)
	}
	if got := hex.EncodeToString(key.Public().(ed25519.PublicKey)); got != pub {
		t.Errorf("the seed's public key is %s; -gen-key printed %s", got, pub)
	}
	whole, err := privateKey(hex.EncodeToString(key))
	if err != nil || !whole.Equal(key) {
		t.Errorf("a whole 64-byte private key: %v", err)
	}
	if pub2, _ := genKey(t); pub2 == pub {
		t.Error("two -gen-key runs printed the same key")
	}
}

// TestLoadCommand runs the command against a loopback fake of serve that
// verifies every signature, and checks the table it prints.
func TestLoadCommand(t *testing.T) {
	pubHex, seed := genKey(t)
	pub, _ := hex.DecodeString(pubHex)
	srv, served, forged := fakeBot(t, pub, `{"type":4,"data":{"content":"**Timeline**","embeds":[{"title":"1."}]}}`)

	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"-url", srv.URL, "-platform", "both", "-n", "300", "-c", "10",
		"-discord-key", seed, "-slack-secret", testSecret}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("run = %v\n%s", err, stderr.String())
	}
	if n := forged.Load(); n != 0 {
		t.Errorf("%d requests failed the fake's signature check", n)
	}
	if n := served.Load(); n != 600 {
		t.Errorf("the fake answered %d requests; want 600", n)
	}
	lines := strings.Split(strings.TrimRight(stdout.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("printed %d lines; want a header and two rows:\n%s", len(lines), stdout.String())
	}
	if got := strings.Fields(lines[0]); strings.Join(got, " ") != "platform requests failures req/s p50 p99 max" {
		t.Errorf("header %q", lines[0])
	}
	for i, name := range []string{"discord", "slack"} {
		f := strings.Fields(lines[i+1])
		if len(f) != 7 || f[0] != name || f[1] != "300" || f[2] != "0" || !strings.HasSuffix(f[4], "ms") {
			t.Errorf("row %q; want %s with 300 requests and 0 failures", lines[i+1], name)
		}
	}

	// -rate paces the requests: the 41st of 41 starts 200 ms in.
	start := time.Now()
	stdout.Reset()
	if err := run(context.Background(), []string{"-url", srv.URL, "-n", "41", "-c", "4", "-rate", "200", "-discord-key", seed}, &stdout, &stderr); err != nil {
		t.Fatalf("run -rate 200 = %v\n%s", err, stderr.String())
	}
	if took := time.Since(start); took < 200*time.Millisecond || !strings.Contains(stdout.String(), " 41 ") {
		t.Errorf("41 requests at -rate 200 took %s; want at least 200 ms:\n%s", took, stdout.String())
	}

	// Answers that are not answers are failures, and the exit status says so.
	bad, _, _ := fakeBot(t, pub, `{"type":4,"data":{"content":"**Slow down**"}}`)
	stdout.Reset()
	stderr.Reset()
	err = run(context.Background(), []string{"-url", bad.URL, "-n", "20", "-c", "2", "-discord-key", seed}, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "20 requests failed") || exit.Code("incidentbot-load", err, io.Discard) != 1 {
		t.Errorf("run against a rate-limited bot = %v; want 20 requests failed, exit 1", err)
	}
	if !strings.Contains(stderr.String(), "Slow down") {
		t.Errorf("stderr does not say why:\n%s", stderr.String())
	}
}

// TestLoadCommandMisuse: bad flags and targets off this machine are
// refused before anything is sent, with exit status 2.
func TestLoadCommandMisuse(t *testing.T) {
	_, seed := genKey(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-url", "http://10.0.0.5:8080", "-discord-key", seed}, "not a loopback address"},
		{[]string{"-url", "http://example.com", "-discord-key", seed}, "not a loopback address"},
		{[]string{"-url", "http://192.168.1.1:8080", "-platform", "slack", "-slack-secret", "s"}, "not a loopback address"},
		{[]string{"-n", "0", "-discord-key", seed}, "-n 0"},
		{[]string{"-n", "1000001", "-discord-key", seed}, "-n 1000001"},
		{[]string{"-c", "0", "-discord-key", seed}, "-c 0"},
		{[]string{"-duration", "0s", "-discord-key", seed}, "-duration"},
		{[]string{"-rate", "-5", "-discord-key", seed}, "-rate -5"},
		{[]string{"-rate", "NaN", "-discord-key", seed}, "-rate NaN"},
		{[]string{"-platform", "irc"}, `-platform "irc"`},
		{[]string{}, "-discord-key is required"},
		{[]string{"-discord-key", "xyz"}, "not hex"},
		{[]string{"-discord-key", "abcd"}, "4 hex digits"},
		{[]string{"-platform", "slack"}, "-slack-secret is required"},
		{[]string{"-platform", "both", "-discord-key", seed}, "-slack-secret is required"},
		{[]string{"extra"}, "unexpected arguments"},
		{[]string{"-nope"}, "flag provided but not defined"},
	}
	for _, tt := range tests {
		var stdout bytes.Buffer
		err := run(context.Background(), tt.args, &stdout, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tt.want) || exit.Code("incidentbot-load", err, io.Discard) != 2 {
			t.Errorf("run(%q) = %v; want a usage error mentioning %s", tt.args, err, tt.want)
		}
		if stdout.Len() != 0 {
			t.Errorf("run(%q) printed %q", tt.args, stdout.String())
		}
	}
	if err := run(context.Background(), []string{"-h"}, io.Discard, io.Discard); exit.Code("incidentbot-load", err, io.Discard) != 0 {
		t.Errorf("-h: %v; want exit 0", err)
	}
	// A bad flag is said once, by the flag package, with the flags.
	var stderr bytes.Buffer
	err := run(context.Background(), []string{"-nope"}, io.Discard, &stderr)
	exit.Code("incidentbot-load", err, &stderr)
	if got := stderr.String(); strings.Count(got, "-nope") != 1 || !strings.Contains(got, "Flags:\n") {
		t.Errorf("-nope: stderr\n%s\nwant the error once, then the flags", got)
	}
}
