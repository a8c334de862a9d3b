package slack

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"go.yaml.in/yaml/v3"
)

// manifest creates the app in Socket Mode; HTTPManifest makes the HTTP
// mode's from it. Its slash
// commands are made from bot's command table by makeManifest, in a test
// that keeps the file the same as what it makes (go test -update rewrites it).
//
//go:embed manifest.yaml
var manifest []byte

// Manifest returns the Slack app manifest that creates the app
// (manifest.yaml): a slash command for every command of bot's table and the
// /incident umbrella for workspaces where the short names are taken. The
// file is made from the table by a test (TestManifestFile), not at run
// time.
func Manifest() []byte { return bytes.Clone(manifest) }

// The HTTP endpoints serve mounts (routes in http.go), which an HTTP-mode
// manifest points Slack at.
const (
	CommandsPath      = "/slack/commands"
	InteractivityPath = "/slack/interactivity"
	EventsPath        = "/slack/events"
)

// HTTPManifest returns the manifest for an app in HTTP mode, served at
// baseURL (https://HOST, or with a path prefix): Socket Mode off, every
// slash command's url, the interactivity and the events request_url set
// to serve's endpoints there. The rest is Manifest's. An error never
// repeats the URL's user information, which may hold a password.
func HTTPManifest(baseURL string) ([]byte, error) {
	u, err := url.Parse(baseURL)
	if err != nil {
		// url.Error repeats the whole URL; its cause does not.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("the app's URL must be https://HOST (Slack calls only https): %w", err)
	}
	if u.Scheme != "https" || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		shown := *u
		shown.User = nil
		return nil, fmt.Errorf("the app's URL must be https://HOST (Slack calls only https), with no user or password, got %q", shown.String())
	}
	base := strings.TrimSuffix(u.String(), "/")
	var doc yaml.Node
	if err := yaml.Unmarshal(manifest, &doc); err != nil {
		return nil, fmt.Errorf("reading manifest.yaml: %w", err)
	}
	root := doc.Content[0]
	for _, c := range lookup(lookup(root, "features"), "slash_commands").Content {
		set(c, "url", base+CommandsPath)
	}
	settings := lookup(root, "settings")
	set(lookup(settings, "interactivity"), "request_url", base+InteractivityPath)
	set(lookup(settings, "event_subscriptions"), "request_url", base+EventsPath)
	set(settings, "socket_mode_enabled", "false").Tag = "!!bool"
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// lookup returns the value of key in the mapping m, nil if absent.
func lookup(m *yaml.Node, key string) *yaml.Node {
	for i := 0; m != nil && i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// set sets key to the string value in the mapping m, after its other keys
// if it is new, and returns the value's node.
func set(m *yaml.Node, key, value string) *yaml.Node {
	if v := lookup(m, key); v != nil {
		v.Kind, v.Tag, v.Value, v.Style = yaml.ScalarNode, "!!str", value, 0
		return v
	}
	v := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: value}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
	return v
}
