package main

import (
	"slices"
	"strings"
	"testing"
)

// TestEmptyServeVariables: a variable serve reads, set empty in the
// environment, is refused, named, where a number, a log level or an
// address is needed, and means the same as unset everywhere else (as the
// docs/operating.md's "Running the bot" says).
func TestEmptyServeVariables(t *testing.T) {
	refused := map[string]string{
		"RATE_PER_MINUTE":           `RATE_PER_MINUTE must be a whole number, got ""`,
		"AUTOCOMPLETE_PER_MINUTE":   `AUTOCOMPLETE_PER_MINUTE must be a whole number, got ""`,
		"DISCORD_SHARD_ID":          `DISCORD_SHARD_ID must be a whole number, got ""`,
		"DISCORD_SHARD_COUNT":       `DISCORD_SHARD_COUNT must be a whole number, got ""`,
		"DISCORD_REGISTER_AT_START": `DISCORD_REGISTER_AT_START must be true or false, got ""`,
		"LOG_LEVEL":                 `LOG_LEVEL must be DEBUG, INFO, WARN or ERROR, got ""`,
		"HTTP_ADDR":                 `HTTP_ADDR must be host:port or :port (such as :8080 or 127.0.0.1:8080), got ""`,
	}
	for _, name := range serveVariables() {
		_, stderr, code := runEnv(t, map[string]string{name: ""}, "", "serve")
		want, ok := refused[name]
		if !ok {
			want = "no chat platform configured: "
		}
		if code != 2 || !strings.HasPrefix(stderr, "incidentbot: "+want) {
			t.Errorf("serve with %s set empty: exit %d, %q; want status 2, incidentbot: %s", name, code, stderr, want)
		}
	}
}

// FuzzServeConfig: whatever a variable serve reads holds, serve's settings
// are read, or the error names the variable and what it must be.
func FuzzServeConfig(f *testing.F) {
	for _, s := range []string{"", "20", "-1", "0x10", "INFO", "warn+2", "a,b", "9999999999999999999999", " 3 "} {
		f.Add("RATE_PER_MINUTE", s)
		f.Add("LOG_LEVEL", s)
	}
	f.Add("ADMIN_USER_IDS", ",,")
	names := serveVariables()
	f.Fuzz(func(t *testing.T, name, value string) {
		if !slices.Contains(names, name) {
			name = names[len(name)%len(names)]
		}
		if strings.ContainsRune(value, 0) {
			t.Skip("no environment variable holds a NUL")
		}
		setServeEnv(t, map[string]string{name: value})
		if _, err := readServeConfig(); err != nil && !strings.HasPrefix(err.Error(), name+" must be ") {
			t.Errorf("%s=%q: %v; want an error naming %s and what it must be", name, value, err, name)
		}
	})
}
