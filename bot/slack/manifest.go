package slack

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/incidentbot/incidentbot/bot"
)

// manifest creates the app in Socket Mode. For HTTP mode, set
// socket_mode_enabled to false and add url (commands) and request_url
// (interactivity, event_subscriptions) pointing at /slack/commands,
// /slack/interactivity and /slack/events; see the README. Its slash
// commands are made from bot's command table by Manifest; a test keeps
// the file the same as what Manifest returns (go test -update rewrites it).
//
//go:embed manifest.yaml
var manifest []byte

// slashCommand is one entry of the manifest's features.slash_commands.
type slashCommand struct {
	Command      string `yaml:"command"`
	Description  string `yaml:"description"`
	UsageHint    string `yaml:"usage_hint,omitempty"`
	ShouldEscape bool   `yaml:"should_escape"`
}

// Manifest returns the Slack app manifest that creates the app: the file
// manifest.yaml with a slash command for every command of bot's table and
// the /incident umbrella for workspaces where the short names are taken.
func Manifest() []byte {
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
