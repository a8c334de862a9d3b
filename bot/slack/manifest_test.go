package slack

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

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

// TestManifestFile keeps manifest.yaml, which docs/platforms.md points admins to,
// the same as the manifest made from the command table: a command added
// to bot's table is registered in Slack too. go test -update rewrites it.
func TestManifestFile(t *testing.T) {
	got := makeManifest()
	if *update {
		if err := os.WriteFile("manifest.yaml", got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(got, manifest) {
		t.Errorf("manifest.yaml is not what the command table makes; run go test ./bot/slack -run TestManifestFile -update")
	}
}

// slashCommand is one entry of the manifest's features.slash_commands.
type slashCommand struct {
	Command      string `yaml:"command"`
	Description  string `yaml:"description"`
	UsageHint    string `yaml:"usage_hint,omitempty"`
	ShouldEscape bool   `yaml:"should_escape"`
}

// makeManifest makes manifest.yaml from bot's command table: the file as it
// is, with its slash commands made anew.
func makeManifest() []byte {
	var doc yaml.Node
	if err := yaml.Unmarshal(manifest, &doc); err != nil || len(doc.Content) == 0 {
		panic(fmt.Sprintf("manifest.yaml is not YAML: %v", err)) // a build defect, caught by the tests
	}
	var cmds []slashCommand
	var names []string
	for _, c := range bot.Commands() {
		cmds = append(cmds, slashCommand{Command: "/" + c.Name, Description: sentence(c.Summary), UsageHint: strings.ReplaceAll(c.Args, "|", " | ")})
		names = append(names, c.Name)
	}
	cmds = append(cmds, slashCommand{
		Command:     "/incident",
		Description: "Any incidentbot command, for workspaces where the short names are taken",
		UsageHint:   strings.Join(names, " | ") + " …",
	})
	var list yaml.Node
	if err := list.Encode(cmds); err != nil {
		panic(err)
	}
	features := mapValue(doc.Content[0], "features")
	setMapValue(features, "slash_commands", &list)
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		panic(err)
	}
	return out.Bytes()
}

// sentence capitalises a summary for Slack's command picker.
func sentence(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

func mapValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	panic("manifest.yaml has no " + key)
}

func setMapValue(m *yaml.Node, key string, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content[i+1] = v
			return
		}
	}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, v)
}

// FuzzHTTPManifest: any URL is refused or makes a manifest that parses,
// has Socket Mode off, and sends every request to that URL's endpoints;
// a refusal never repeats the password the URL held.
func FuzzHTTPManifest(f *testing.F) {
	for _, seed := range []string{"https://bot.example.org", "https://bot.example.org/prefix/", "http://x", "https://h:8443", "https://[::1]/", "https://a b", "https://h/#x", "https://h/%2F"} {
		f.Add(seed)
	}
	f.Add("https://user:hunter22@h:x")
	f.Fuzz(func(t *testing.T, base string) {
		out, err := HTTPManifest(base)
		if err != nil {
			if u, perr := url.Parse(base); perr == nil && u.User != nil {
				// The password may also be the host or a path ("//:0000@0000"):
				// only words the URL holds nowhere else must not be repeated.
				rest := *u
				rest.User = nil
				if pw, ok := u.User.Password(); ok && len(pw) >= 4 && strings.Contains(err.Error(), pw) && !strings.Contains(rest.String(), pw) {
					t.Fatalf("HTTPManifest(%q) = %v: the error repeats the password", base, err)
				}
			}
			return
		}
		var m struct {
			Features struct {
				SlashCommands []struct{ URL string } `yaml:"slash_commands"`
			}
			Settings struct {
				EventSubscriptions struct {
					RequestURL string `yaml:"request_url"`
				} `yaml:"event_subscriptions"`
				Interactivity struct {
					RequestURL string `yaml:"request_url"`
				}
				SocketModeEnabled bool `yaml:"socket_mode_enabled"`
			}
		}
		if err := yaml.Unmarshal(out, &m); err != nil {
			t.Fatalf("HTTPManifest(%q) is not YAML: %v", base, err)
		}
		if m.Settings.SocketModeEnabled || len(m.Features.SlashCommands) == 0 {
			t.Fatalf("HTTPManifest(%q): socket mode %v, %d commands", base, m.Settings.SocketModeEnabled, len(m.Features.SlashCommands))
		}
		urls := []string{m.Settings.EventSubscriptions.RequestURL, m.Settings.Interactivity.RequestURL}
		for _, c := range m.Features.SlashCommands {
			urls = append(urls, c.URL)
		}
		for _, u := range urls {
			if !strings.HasPrefix(u, "https://") || !(strings.HasSuffix(u, CommandsPath) || strings.HasSuffix(u, InteractivityPath) || strings.HasSuffix(u, EventsPath)) {
				t.Fatalf("HTTPManifest(%q): request URL %q", base, u)
			}
		}
	})
}
