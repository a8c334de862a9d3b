package main

import (
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// TestDiscordAdminServers is finding 2 of issue 11, end to end: Manage
// Server grants /kb only in DISCORD_ADMIN_GUILD_IDS, or else in
// DISCORD_GUILD_ID; in any other server only ADMIN_USER_IDS count.
func TestDiscordAdminServers(t *testing.T) {
	const ours, other, theirs = "1200000000000000001", "1200000000000000002", "1299999999999999999"
	kb := func(n int, guild, user string) []byte {
		return fmt.Appendf(nil, `{"id":"11000000000000000%02d","application_id":"1000000000000000001","type":2,"token":"tok-%d",
			"guild_id":%q,"channel_id":"1300000000000000001",
			"member":{"user":{"id":%q,"username":"alice"},"permissions":"32"},
			"data":{"id":"1500000000000000001","name":"kb","type":1,"options":[{"name":"action","type":3,"value":"status"}]}}`, n, n, guild, user)
	}
	for _, tt := range []struct {
		name  string
		env   map[string]string
		admin map[string]bool // by guild
	}{
		{"DISCORD_GUILD_ID", map[string]string{"DISCORD_GUILD_ID": ours}, map[string]bool{ours: true, other: false, theirs: false}},
		{"DISCORD_ADMIN_GUILD_IDS", map[string]string{"DISCORD_GUILD_ID": ours, "DISCORD_ADMIN_GUILD_IDS": ours + "," + other},
			map[string]bool{ours: true, other: true, theirs: false}},
		{"neither", map[string]string{}, map[string]bool{ours: false, theirs: false}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			pub, priv, err := ed25519.GenerateKey(nil)
			if err != nil {
				t.Fatal(err)
			}
			env := map[string]string{"DISCORD_PUBLIC_KEY": hex.EncodeToString(pub), "ADMIN_USER_IDS": "1400000000000000009"}
			for k, v := range tt.env {
				env[k] = v
			}
			addr, _, _ := startServe(t, env)
			n := 0
			for guild, admin := range tt.admin {
				n++
				_, body := postInteraction(t, addr, priv, time.Now(), kb(n, guild, "1400000000000000001"))
				if refused := strings.Contains(string(body), "Admins only"); refused == admin {
					t.Errorf("a server manager in %s: admin %v; want %v:\n%.300s", guild, !refused, admin, body)
				}
				// A user in ADMIN_USER_IDS is an admin everywhere.
				n++
				if _, body := postInteraction(t, addr, priv, time.Now(), kb(n, guild, "1400000000000000009")); strings.Contains(string(body), "Admins only") {
					t.Errorf("a user in ADMIN_USER_IDS was refused in %s", guild)
				}
			}
		})
	}
}

// TestMetricsAddr: /metrics is served on METRICS_ADDR and never on the
// public listener (issue 11; issue 20, finding 7: it was on HTTP_ADDR when
// METRICS_ADDR was unset), and METRICS_ADDR defaults to the loopback.
func TestMetricsAddr(t *testing.T) {
	get := func(url string) int {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	pub := strings.Repeat("ab", 32)
	if defaultMetricsAddr != "127.0.0.1:9090" {
		t.Errorf("METRICS_ADDR defaults to %q; want the loopback 127.0.0.1:9090", defaultMetricsAddr)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	metricsAddr := ln.Addr().String()
	ln.Close()
	addr, log, _ := startServe(t, map[string]string{"DISCORD_PUBLIC_KEY": pub, "METRICS_ADDR": metricsAddr})
	if got := get("http://" + addr + "/metrics"); got != http.StatusNotFound && got != http.StatusMethodNotAllowed {
		t.Errorf("with METRICS_ADDR, GET /metrics on HTTP_ADDR = %d; want 404", got)
	}
	if got := get("http://" + metricsAddr + "/metrics"); got != 200 {
		t.Errorf("GET /metrics on METRICS_ADDR = %d; want 200\n%s", got, log)
	}
}

// TestHTTPServerLimits: headers over 16 KiB are refused, idle connections
// are closed, and slow clients are timed out (issue 11).
func TestHTTPServerLimits(t *testing.T) {
	srv := newHTTPServer(http.NotFoundHandler())
	if srv.IdleTimeout <= 0 || srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= 0 || srv.WriteTimeout <= 0 {
		t.Errorf("server timeouts: idle %v, header %v, read %v, write %v; want all set", srv.IdleTimeout, srv.ReadHeaderTimeout, srv.ReadTimeout, srv.WriteTimeout)
	}
	addr, _, _ := startServe(t, map[string]string{"DISCORD_PUBLIC_KEY": strings.Repeat("ab", 32)})
	req, err := http.NewRequest(http.MethodGet, "http://"+addr+"/healthz", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Padding", strings.Repeat("x", 64<<10))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("64 KiB of headers: status %d; want 431", resp.StatusCode)
	}
}

// TestCryptoIsCurrent: discordgo pins golang.org/x/crypto at a 2021
// version that scanners flag; go.mod requires a current one (issue 11).
func TestCryptoIsCurrent(t *testing.T) {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		t.Skip("no build information in the test binary")
	}
	for _, m := range info.Deps {
		if m.Path == "golang.org/x/crypto" {
			if strings.HasPrefix(m.Version, "v0.0.0-") {
				t.Errorf("golang.org/x/crypto is %s; require a current release in go.mod", m.Version)
			}
			return
		}
	}
	t.Skip("golang.org/x/crypto is not linked")
}
