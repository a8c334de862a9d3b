package main

import (
	"log/slog"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestReadEnv: each variable lands in its field, an empty one means the
// default (as in a copy of .env.example), and a bad one is named.
func TestReadEnv(t *testing.T) {
	var cfg serveConfig
	env := map[string]string{"HTTP_ADDR": "", "LOG_LEVEL": "", "RATE_PER_MINUTE": "", "DISCORD_SHARD_COUNT": "",
		"ADMIN_USER_IDS": "U1, D2", "GAPS_PATH": "gaps.jsonl", "SLACK_LOCALE": "ru"}
	if err := readEnv(envOf(env), &cfg); err != nil {
		t.Fatal(err)
	}
	want := serveConfig{HTTPAddr: ":8080", LogLevel: slog.LevelInfo, RatePerMinute: 20, GapsPath: "gaps.jsonl",
		AdminUserIDs:  []string{"U1", " D2"},
		SlackConfig:   SlackConfig{Reply: "ephemeral", Locale: "ru"},
		DiscordConfig: DiscordConfig{ShardCount: 1, Reply: "ephemeral"}}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("readEnv = %+v\nwant %+v", cfg, want)
	}
	for _, tt := range []struct{ name, value, err string }{
		{"DISCORD_SHARD_ID", "one", `DISCORD_SHARD_ID must be a whole number, got "one"`},
		{"LOG_LEVEL", "loud", `LOG_LEVEL must be DEBUG, INFO, WARN or ERROR, got "loud"`},
	} {
		var cfg serveConfig
		if err := readEnv(envOf(map[string]string{tt.name: tt.value}), &cfg); err == nil || err.Error() != tt.err {
			t.Errorf("%s=%s: %v; want %s", tt.name, tt.value, err, tt.err)
		}
	}
}

// FuzzReadEnv: whatever a variable holds, readEnv fills the config or
// names the variable at fault, and never panics.
func FuzzReadEnv(f *testing.F) {
	for _, s := range []string{"", "20", "-1", "INFO", "warn+2", "a,b", "9999999999999999999999", " 3 ", "\x00"} {
		f.Add("RATE_PER_MINUTE", s)
		f.Add("LOG_LEVEL", s)
	}
	f.Add("ADMIN_USER_IDS", ",,")
	names := serveVariables()
	f.Fuzz(func(t *testing.T, name, value string) {
		if !slices.Contains(names, name) {
			name = names[len(name)%len(names)]
		}
		var cfg serveConfig
		err := readEnv(envOf(map[string]string{name: value}), &cfg)
		if err != nil && !strings.HasPrefix(err.Error(), name+" must be ") {
			t.Errorf("%s=%q: %v; want an error naming %s and what it must be", name, value, err, name)
		}
	})
}
