package slack

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/dlclark/regexp2"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/internal/platform"
)

// The schemas in testdata/spec, copied unchanged:
//   - block-kit-message.schema.json: a Slack message {text, blocks, …}
//     whose blocks are Slack's KnownBlock type, generated from the npm
//     package @slack/types 3.2.0 (MIT: LICENSE.slack-types); it rejects
//     unknown fields but has no length limits, checked by blockKitLimits.
//   - manifest.schema*.json: Slack's app manifest schema
//     (github.com/slackapi/manifest-schema, commit c50cfa8, MIT:
//     LICENSE.manifest-schema). The top file refers to the versioned ones
//     by URL; versionedManifests maps those URLs to the local copies.
const (
	blockKitFile = "testdata/spec/block-kit-message.schema.json"
	manifestFile = "testdata/spec/manifest.schema.json"
)

var versionedManifests = map[string]string{
	"https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/manifest.schema.1.0.0.json": "testdata/spec/manifest.schema.1.0.0.json",
	"https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/manifest.schema.2.0.0.json": "testdata/spec/manifest.schema.2.0.0.json",
}

// compile compiles the schema in file, registered under its own path,
// with the given URLs served from local files. Nothing is fetched.
func compile(t testing.TB, file string, local map[string]string) *jsonschema.Schema {
	t.Helper()
	s, err := compileSchema(file, local)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func compileSchema(file string, local map[string]string) (*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	c.UseLoader(noFetch{})
	c.UseRegexpEngine(ecmaScript)
	add := func(url, path string) error {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		doc, err := jsonschema.UnmarshalJSON(f)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if err := c.AddResource(url, doc); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		return nil
	}
	for url, path := range local {
		if err := add(url, path); err != nil {
			return nil, err
		}
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, err
	}
	url := "file://" + filepath.ToSlash(abs)
	if err := add(url, file); err != nil {
		return nil, err
	}
	s, err := c.Compile(url)
	if err != nil {
		return nil, fmt.Errorf("compiling %s: %w", file, err)
	}
	return s, nil
}

// blockKitSchema is the Block Kit message schema, compiled once for
// checkLimits.
var blockKitSchema = sync.OnceValues(func() (*jsonschema.Schema, error) { return compileSchema(blockKitFile, nil) })

// conformsToBlockKit fails t if msg, as sent, is not a Block Kit message
// within Slack's limits.
func conformsToBlockKit(t testing.TB, what string, raw []byte) {
	t.Helper()
	schema, err := blockKitSchema()
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if err := schema.Validate(v); err != nil {
		t.Errorf("%s is not a Block Kit message:\n%v", what, err)
	}
	for _, p := range blockKitLimits(v) {
		t.Errorf("%s: %s", what, p)
	}
}

// ecmaScript compiles a schema's patterns as JSON Schema means them,
// ECMA-262 regular expressions: the manifest schema's domain patterns
// use a lookahead, which Go's regexp does not have.
func ecmaScript(s string) (jsonschema.Regexp, error) {
	re, err := regexp2.Compile(s, regexp2.ECMAScript)
	if err != nil {
		return nil, err
	}
	return (*ecmaRegexp)(re), nil
}

type ecmaRegexp regexp2.Regexp

func (re *ecmaRegexp) MatchString(s string) bool {
	ok, err := (*regexp2.Regexp)(re).MatchString(s)
	return err == nil && ok
}

func (re *ecmaRegexp) String() string { return (*regexp2.Regexp)(re).String() }

// noFetch refuses to load any schema that is not in testdata/spec, so a
// reference the map misses fails the test instead of reaching the network.
type noFetch struct{}

func (noFetch) Load(url string) (any, error) {
	return nil, fmt.Errorf("%s is not in testdata/spec", url)
}

// TestGoldensConformToBlockKit validates every golden message against
// the Block Kit message schema and Slack's length limits.
func TestGoldensConformToBlockKit(t *testing.T) {
	files, err := filepath.Glob("testdata/*.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range files {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		conformsToBlockKit(t, path, raw)
	}
	if len(files) == 0 {
		t.Fatal("no golden message validated: testdata/*.json is empty")
	}
	t.Logf("%d golden messages validated", len(files))
}

// blockKitLimits lists the limits a message breaks that the schema does
// not know: 50 blocks, section text 3,000, header 150, button text 75,
// button value 2,000, action_id and block_id 255, 10 context elements.
// Lengths are in UTF-16 units, as Slack counts.
func blockKitLimits(msg any) []string {
	var p []string
	check := func(what string, s any, lo, hi int) {
		str, _ := s.(string)
		if n := platform.UTF16Len(str); n < lo || n > hi {
			p = append(p, fmt.Sprintf("%s is %d characters; want %d to %d: %.60q", what, n, lo, hi, str))
		}
	}
	text := func(v any) any {
		m, _ := v.(map[string]any)
		return m["text"]
	}
	//lint:ignore S1021 element calls itself, so it must be declared first
	var element func(where string, e map[string]any)
	element = func(where string, e map[string]any) {
		if id, ok := e["action_id"]; ok {
			check(where+" action_id", id, 1, 255)
		}
		if e["type"] == "button" {
			check(where+" button text", text(e["text"]), 1, 75)
			if v, ok := e["value"]; ok {
				check(where+" button value", v, 0, 2000)
			}
		}
	}
	m, _ := msg.(map[string]any)
	blocks, _ := m["blocks"].([]any)
	if len(blocks) == 0 || len(blocks) > 50 {
		p = append(p, fmt.Sprintf("%d blocks; want 1 to 50", len(blocks)))
	}
	for i, b := range blocks {
		b, _ := b.(map[string]any)
		where := fmt.Sprintf("block %d (%v)", i, b["type"])
		if id, ok := b["block_id"]; ok {
			check(where+" block_id", id, 1, 255)
		}
		switch b["type"] {
		case "header":
			check(where+" text", text(b["text"]), 1, 150)
		case "section":
			if t, ok := b["text"]; ok {
				check(where+" text", text(t), 1, 3000)
			}
			if a, ok := b["accessory"].(map[string]any); ok {
				element(where+" accessory", a)
			}
		case "context":
			elems, _ := b["elements"].([]any)
			if len(elems) == 0 || len(elems) > 10 {
				p = append(p, fmt.Sprintf("%s has %d elements; want 1 to 10", where, len(elems)))
			}
			for _, e := range elems {
				check(where+" element", text(e), 1, 3000)
			}
		case "actions":
			elems, _ := b["elements"].([]any)
			if len(elems) == 0 || len(elems) > 25 {
				p = append(p, fmt.Sprintf("%s has %d elements; want 1 to 25", where, len(elems)))
			}
			for _, e := range elems {
				e, _ := e.(map[string]any)
				element(where, e)
			}
		}
	}
	return p
}

// TestManifestConformsToSchema validates manifest.yaml against Slack's
// app manifest schema.
func TestManifestConformsToSchema(t *testing.T) {
	schema := compile(t, manifestFile, versionedManifests)
	var doc any
	if err := yaml.Unmarshal(Manifest(), &doc); err != nil {
		t.Fatalf("manifest.yaml: %v", err)
	}
	// YAML to the JSON data model the validator takes.
	raw, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(v); err != nil {
		t.Errorf("manifest.yaml does not conform to Slack's manifest schema:\n%v", err)
	}
}

// TestSchemasCatchBreakage checks that the conformance tests can fail: a
// message or a manifest that breaks Slack's rules is refused.
func TestSchemasCatchBreakage(t *testing.T) {
	blockKit := compile(t, blockKitFile, nil)
	manifest := compile(t, manifestFile, versionedManifests)
	decode := func(s string) any {
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(s))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	long := strings.Repeat("x", 3001)
	for _, tt := range []struct {
		name      string
		msg       string
		schemaBad bool
	}{
		{"unknown block", `{"text":"t","blocks":[{"type":"sectoin","text":{"type":"mrkdwn","text":"x"}}]}`, true},
		{"header in mrkdwn", `{"text":"t","blocks":[{"type":"header","text":{"type":"mrkdwn","text":"x"}}]}`, true},
		{"unknown field", `{"text":"t","blocks":[],"link_names":true,"parse":"full","unfurl":1}`, true},
		{"accessory without text", `{"text":"t","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"x"},"accessory":{"type":"button","action_id":"a"}}]}`, true},
		{"section too long", `{"text":"t","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"` + long + `"}}]}`, false},
		{"button value too long", `{"text":"t","blocks":[{"type":"actions","elements":[{"type":"button","action_id":"a","text":{"type":"plain_text","text":"b"},"value":"` + strings.Repeat("v", 2001) + `"}]}]}`, false},
	} {
		v := decode(tt.msg)
		err := blockKit.Validate(v)
		if tt.schemaBad && err == nil {
			t.Errorf("%s: the schema accepts %s", tt.name, tt.msg)
		}
		if !tt.schemaBad && len(blockKitLimits(v)) == 0 {
			t.Errorf("%s: blockKitLimits accepts it", tt.name)
		}
	}
	for _, bad := range []string{
		`{"display_information":{"name":"incidentbot"},"features":{"slash_commands":[{"command":"no-slash","description":"d"}]}}`,
		`{"display_information":{"name":"incidentbot"},"oauth_config":{"scopes":{"bot":["chat:write"]}},"settings":{"socket_mode_enabled":"yes"}}`,
		`{"features":{}}`,
	} {
		if err := manifest.Validate(decode(bad)); err == nil {
			t.Errorf("the manifest schema accepts %s", bad)
		}
	}
}

// TestHTTPManifest checks the HTTP-mode manifest against Slack's schema
// and against serve's routes: Socket Mode off, and every slash command,
// interactivity and the events pointed at the endpoints serve mounts.
func TestHTTPManifest(t *testing.T) {
	out, err := HTTPManifest("https://bot.example.org/")
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := yaml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("HTTP manifest: %v\n%s", err, out)
	}
	raw, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if err := compile(t, manifestFile, versionedManifests).Validate(v); err != nil {
		t.Errorf("the HTTP manifest does not conform to Slack's manifest schema:\n%v", err)
	}
	var m struct {
		Features struct {
			SlashCommands []struct{ Command, URL string } `yaml:"slash_commands"`
		}
		Settings struct {
			EventSubscriptions struct {
				RequestURL string `yaml:"request_url"`
			} `yaml:"event_subscriptions"`
			Interactivity struct {
				IsEnabled  bool   `yaml:"is_enabled"`
				RequestURL string `yaml:"request_url"`
			}
			SocketModeEnabled bool `yaml:"socket_mode_enabled"`
		}
	}
	if err := yaml.Unmarshal(out, &m); err != nil {
		t.Fatal(err)
	}
	routes := (&Bot{}).Routes()
	served := func(u string) bool {
		path, ok := strings.CutPrefix(u, "https://bot.example.org")
		_, mounted := routes["POST "+path]
		return ok && mounted
	}
	if len(m.Features.SlashCommands) != len(bot.Commands())+1 {
		t.Errorf("%d slash commands; want every command and /incident", len(m.Features.SlashCommands))
	}
	for _, c := range m.Features.SlashCommands {
		if c.URL != "https://bot.example.org"+CommandsPath {
			t.Errorf("%s url = %q; want serve's commands endpoint", c.Command, c.URL)
		}
	}
	if m.Settings.SocketModeEnabled || !m.Settings.Interactivity.IsEnabled {
		t.Errorf("socket_mode_enabled = %v, interactivity enabled = %v; want false, true", m.Settings.SocketModeEnabled, m.Settings.Interactivity.IsEnabled)
	}
	for _, u := range []string{m.Features.SlashCommands[0].URL, m.Settings.Interactivity.RequestURL, m.Settings.EventSubscriptions.RequestURL} {
		if !served(u) {
			t.Errorf("%q is not an endpoint serve mounts (%v)", u, slices.Collect(maps.Keys(routes)))
		}
	}
	for _, bad := range []string{"http://bot.example.org", "bot.example.org", "https://", "https://u:p@bot.example.org", "https://bot.example.org/?x=1"} {
		if _, err := HTTPManifest(bad); err == nil {
			t.Errorf("HTTPManifest(%q) = nil error; want it refused", bad)
		}
	}
}

// TestHTTPManifestRefusalHidesUserInfo: a refused URL's user and password
// are not repeated in the error, which a terminal or CI log shows, while
// the rest of it is, to say which URL was wrong.
func TestHTTPManifestRefusalHidesUserInfo(t *testing.T) {
	for _, tt := range []struct{ url, want string }{
		{"https://admin:s3cret-pw@bot.example.org", `the app's URL must be https://HOST (Slack calls only https), with no user or password, got "https://bot.example.org"`},
		{"http://admin:s3cret-pw@bot.example.org/x", `the app's URL must be https://HOST (Slack calls only https), with no user or password, got "http://bot.example.org/x"`},
		{"https://admin:s3cret-pw@bot.example.org:port", `the app's URL must be https://HOST (Slack calls only https): invalid port ":port" after host`},
	} {
		_, err := HTTPManifest(tt.url)
		if err == nil || err.Error() != tt.want {
			t.Errorf("HTTPManifest(%q) = %v; want %s", tt.url, err, tt.want)
		}
	}
}
