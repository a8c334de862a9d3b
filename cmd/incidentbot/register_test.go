package main

import (
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/incidentbot/incidentbot/bot/discord"
)

// fakeDiscordAPI is Discord's REST API as far as registering commands
// goes, on 127.0.0.1; discordgo is pointed at it until the test ends (its
// endpoints are process-wide: no t.Parallel here).
type fakeDiscordAPI struct {
	puts    chan registered
	gateway atomic.Int64 // gateway look-ups: an HTTP deployment makes none
	refuse  bool
}

type registered struct {
	path, auth string
	commands   int
}

func newFakeDiscordAPI(t *testing.T, refuse bool) *fakeDiscordAPI {
	f := &fakeDiscordAPI{puts: make(chan registered, 4), refuse: refuse}
	mux := http.NewServeMux()
	put := func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var cmds []json.RawMessage
		json.Unmarshal(body, &cmds)
		f.puts <- registered{path: r.URL.Path, auth: r.Header.Get("Authorization"), commands: len(cmds)}
		if f.refuse {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"message": "401: Unauthorized", "code": 0}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	}
	mux.HandleFunc("PUT /api/v9/applications/{app}/commands", put)
	mux.HandleFunc("PUT /api/v9/applications/{app}/guilds/{guild}/commands", put)
	mux.HandleFunc("/api/v9/gateway/", func(w http.ResponseWriter, r *http.Request) {
		f.gateway.Add(1)
		http.NotFound(w, r)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	api := srv.URL + "/api/v9/"
	saved := []string{discordgo.EndpointAPI, discordgo.EndpointApplications, discordgo.EndpointGateway, discordgo.EndpointGatewayBot}
	discordgo.EndpointAPI, discordgo.EndpointApplications = api, api+"applications"
	discordgo.EndpointGateway, discordgo.EndpointGatewayBot = api+"gateway/", api+"gateway/bot"
	t.Cleanup(func() {
		discordgo.EndpointAPI, discordgo.EndpointApplications, discordgo.EndpointGateway, discordgo.EndpointGatewayBot = saved[0], saved[1], saved[2], saved[3]
	})
	return f
}

const (
	testToken = "MTIzNDU2Nzg5MDEyMzQ1Njc4.fake-bot-token"
	testApp   = "1000000000000000001"
)

func TestDiscordRegister(t *testing.T) {
	f := newFakeDiscordAPI(t, false)
	env := map[string]string{"DISCORD_BOT_TOKEN": testToken, "DISCORD_APP_ID": testApp}
	stdout, stderr, code := runEnv(t, env, "", "discord-register")
	if code != 0 {
		t.Fatalf("discord-register = %d\n%s", code, stderr)
	}
	want := len(discord.Commands())
	if got := <-f.puts; got.path != "/api/v9/applications/"+testApp+"/commands" || got.auth != "Bot "+testToken || got.commands != want {
		t.Errorf("PUT %s (auth %q) with %d commands; want the global commands, with the bot token, all %d", got.path, got.auth, got.commands, want)
	}
	if wantOut := "registered " + itoa(want) + " commands globally"; !strings.HasPrefix(stdout, wantOut) {
		t.Errorf("stdout = %q; want it to start %q", stdout, wantOut)
	}

	const guild = "1200000000000000001"
	if stdout, stderr, code := runEnv(t, env, "", "discord-register", "--guild", guild); code != 0 || !strings.Contains(stdout, "in server "+guild) {
		t.Fatalf("discord-register --guild = %d\n%s%s", code, stdout, stderr)
	}
	if got := <-f.puts; got.path != "/api/v9/applications/"+testApp+"/guilds/"+guild+"/commands" {
		t.Errorf("--guild: PUT %s; want the guild's commands", got.path)
	}
}

func TestDiscordRegisterRefusals(t *testing.T) {
	f := newFakeDiscordAPI(t, true)
	_, stderr, code := runEnv(t, map[string]string{"DISCORD_BOT_TOKEN": testToken, "DISCORD_APP_ID": testApp}, "", "discord-register")
	<-f.puts
	if code != 1 || !strings.Contains(stderr, "registering discord commands") || !strings.Contains(stderr, "401") {
		t.Errorf("discord-register refused by Discord = %d %q; want 1 and Discord's refusal", code, stderr)
	}
	if strings.Contains(stderr, "fake-bot-token") {
		t.Errorf("the error shows the token: %q", stderr)
	}
	for _, tt := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{map[string]string{"DISCORD_APP_ID": testApp}, nil, "discord-register needs DISCORD_BOT_TOKEN and DISCORD_APP_ID"},
		{map[string]string{"DISCORD_BOT_TOKEN": testToken}, nil, "discord-register needs DISCORD_BOT_TOKEN and DISCORD_APP_ID"},
		{map[string]string{"DISCORD_BOT_TOKEN": testToken, "DISCORD_APP_ID": testApp}, []string{"--guild", "ours"}, "take a server ID"},
	} {
		_, stderr, code := runEnv(t, tt.env, "", append([]string{"discord-register"}, tt.args...)...)
		if code != 2 || !strings.Contains(stderr, tt.want) {
			t.Errorf("discord-register %v with %v = %d %q; want 2 and %q", tt.args, tt.env, code, stderr, tt.want)
		}
	}
}

// TestServeRegistersInHTTPMode: serve with the public key and a bot token
// registers the commands at start over the REST API and opens no gateway.
func TestServeRegistersInHTTPMode(t *testing.T) {
	f := newFakeDiscordAPI(t, false)
	addr, log, _ := startServe(t, map[string]string{
		"DISCORD_PUBLIC_KEY": hex.EncodeToString(make([]byte, 32)),
		"DISCORD_BOT_TOKEN":  testToken,
		"DISCORD_APP_ID":     testApp,
	})
	select {
	case got := <-f.puts:
		if got.path != "/api/v9/applications/"+testApp+"/commands" || got.commands != len(discord.Commands()) {
			t.Errorf("PUT %s with %d commands; want the global commands, all of them", got.path, got.commands)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("serve registered no commands within 20 s\n%s", log)
	}
	if !poll(10*time.Second, func() bool { return strings.Contains(log.String(), "discord commands registered") }) {
		t.Errorf("serve did not log the registration:\n%s", log)
	}
	if resp, err := http.Get("http://" + addr + "/healthz"); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("/healthz after registering = %v %v", resp, err)
	}
	if n := f.gateway.Load(); n > 0 {
		t.Errorf("serve in HTTP mode looked the gateway up %d times; want none", n)
	}
	if strings.Contains(log.String(), "fake-bot-token") {
		t.Errorf("serve logged the token:\n%s", log)
	}
}

// TestServeRegistrationOptOut: with DISCORD_REGISTER_AT_START=false, serve
// in HTTP mode with a token starts no registration: the commands are left
// to discord-register.
func TestServeRegistrationOptOut(t *testing.T) {
	f := newFakeDiscordAPI(t, false)
	_, log, _ := startServe(t, map[string]string{
		"DISCORD_PUBLIC_KEY":        hex.EncodeToString(make([]byte, 32)),
		"DISCORD_BOT_TOKEN":         testToken,
		"DISCORD_APP_ID":            testApp,
		"DISCORD_REGISTER_AT_START": "false",
	})
	var serving string
	for line := range strings.Lines(log.String()) {
		if strings.Contains(line, `"msg":"serving"`) {
			serving = line
		}
	}
	if !strings.Contains(serving, "discord-http") || strings.Contains(serving, "discord-register") {
		t.Errorf("serve with DISCORD_REGISTER_AT_START=false runs %s; want discord-http and no discord-register", serving)
	}
	select {
	case got := <-f.puts:
		t.Errorf("serve registered the commands (PUT %s) with DISCORD_REGISTER_AT_START=false", got.path)
	default:
	}
}
