package slack

import (
	"bytes"
	"os"
	"slices"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/incidentbot/incidentbot/bot"
)

// TestManifest checks that the manifest creates what the code answers:
// a slash command for every engine command (check is also the shortcut), the
// umbrella, the shortcut's callback ID, the scopes and the mention event.
func TestManifest(t *testing.T) {
	var m struct {
		Features struct {
			BotUser struct {
				DisplayName string `yaml:"display_name"`
			} `yaml:"bot_user"`
			SlashCommands []struct {
				Command      string
				Description  string
				UsageHint    string `yaml:"usage_hint"`
				ShouldEscape bool   `yaml:"should_escape"`
			} `yaml:"slash_commands"`
			Shortcuts []struct {
				Name, Type, Description string
				CallbackID              string `yaml:"callback_id"`
			}
		}
		OAuthConfig struct {
			Scopes struct{ Bot []string }
		} `yaml:"oauth_config"`
		Settings struct {
			EventSubscriptions struct {
				BotEvents []string `yaml:"bot_events"`
			} `yaml:"event_subscriptions"`
			Interactivity struct {
				IsEnabled bool `yaml:"is_enabled"`
			}
			SocketModeEnabled bool `yaml:"socket_mode_enabled"`
		}
	}
	if err := yaml.Unmarshal(Manifest(), &m); err != nil {
		t.Fatalf("manifest.yaml: %v", err)
	}
	var got []string
	for _, c := range m.Features.SlashCommands {
		got = append(got, c.Command)
		if c.Description == "" || len(c.Description) > 2000 || len(c.UsageHint) > 1000 {
			t.Errorf("%s: description %q, usage hint %q out of bounds", c.Command, c.Description, c.UsageHint)
		}
	}
	want := []string{"/incident"}
	for _, c := range bot.Commands() {
		want = append(want, "/"+c.Name)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("manifest slash commands = %v; want %v", got, want)
	}
	if len(m.Features.Shortcuts) != 1 || m.Features.Shortcuts[0].CallbackID != CheckCallbackID || m.Features.Shortcuts[0].Type != "message" {
		t.Errorf("manifest shortcuts = %+v; want one message shortcut %q", m.Features.Shortcuts, CheckCallbackID)
	}
	for _, scope := range []string{"commands", "chat:write", "app_mentions:read"} {
		if !slices.Contains(m.OAuthConfig.Scopes.Bot, scope) {
			t.Errorf("manifest lacks bot scope %s", scope)
		}
	}
	if !slices.Contains(m.Settings.EventSubscriptions.BotEvents, "app_mention") {
		t.Errorf("manifest does not subscribe to app_mention")
	}
	if !m.Settings.Interactivity.IsEnabled || !m.Settings.SocketModeEnabled {
		t.Errorf("manifest: interactivity %v, socket mode %v; want both on", m.Settings.Interactivity.IsEnabled, m.Settings.SocketModeEnabled)
	}
	if m.Features.BotUser.DisplayName == "" {
		t.Errorf("manifest has no bot user")
	}
}

// TestManifestFile keeps manifest.yaml, which the README points admins to,
// the same as the manifest made from the command table: a command added
// to bot's table is registered in Slack too. go test -update rewrites it.
func TestManifestFile(t *testing.T) {
	got := Manifest()
	if *update {
		if err := os.WriteFile("manifest.yaml", got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(got, manifest) {
		t.Errorf("manifest.yaml is not what the command table makes; run go test ./bot/slack -run TestManifestFile -update")
	}
}
