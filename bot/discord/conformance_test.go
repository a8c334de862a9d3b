package discord

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// specFile is Discord's official OpenAPI description of its HTTP API
// (github.com/discord/discord-api-spec, specs/openapi.json, commit
// 74fda0f, MIT: spec/LICENSE), copied unchanged.
const specFile = "testdata/spec/openapi.json"

// specURL is where the tests register it; the schemas are its
// components, compiled by JSON pointer.
const specURL = "https://discord.example/openapi.json"

// callbackSchemas are the request schemas of POST
// /interactions/{id}/{token}/callback, by interaction response type.
var callbackSchemas = map[int]string{
	4: "CreateMessageInteractionCallbackRequest",
	7: "UpdateMessageInteractionCallbackRequest",
	8: "ApplicationCommandAutocompleteCallbackRequest",
}

// specSchemas compiles the named schemas of the OpenAPI description once.
var specSchemas = sync.OnceValues(func() (map[string]*jsonschema.Schema, error) {
	f, err := os.Open(specFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	// OpenAPI 3.1 schemas are JSON Schema 2020-12.
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource(specURL, doc); err != nil {
		return nil, err
	}
	out := map[string]*jsonschema.Schema{}
	for _, name := range append([]string{"ApplicationCommandCreateRequest"}, callbackSchemas[4], callbackSchemas[7], callbackSchemas[8]) {
		s, err := c.Compile(specURL + "#/components/schemas/" + name)
		if err != nil {
			return nil, err
		}
		out[name] = s
	}
	return out, nil
})

func schemas(t *testing.T) map[string]*jsonschema.Schema {
	t.Helper()
	s, err := specSchemas()
	if err != nil {
		t.Fatalf("compiling %s: %v", specFile, err)
	}
	return s
}

// instance decodes JSON as the validator wants it.
func instance(t *testing.T, raw []byte) any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	return v
}

// conforms fails t if a response of type typ does not conform to the
// schema Discord documents for it.
func conforms(t *testing.T, typ int, raw []byte) {
	t.Helper()
	name, ok := callbackSchemas[typ]
	if !ok {
		t.Errorf("interaction response type %d has no schema here", typ)
		return
	}
	if err := schemas(t)[name].Validate(instance(t, raw)); err != nil {
		t.Errorf("response does not conform to %s:\n%v\n%.300s", name, err, raw)
	}
}

// TestGoldensConformToSpec validates every golden response against the
// request schema Discord documents for its interaction response type.
func TestGoldensConformToSpec(t *testing.T) {
	specs := schemas(t)
	files, err := filepath.Glob("testdata/*.json")
	if err != nil {
		t.Fatal(err)
	}
	validated := 0
	for _, path := range files {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var head struct{ Type int }
		if err := json.Unmarshal(raw, &head); err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		name, ok := callbackSchemas[head.Type]
		if !ok {
			t.Errorf("%s: interaction response type %d has no schema here", path, head.Type)
			continue
		}
		if err := specs[name].Validate(instance(t, raw)); err != nil {
			t.Errorf("%s does not conform to %s:\n%v", path, name, err)
		}
		validated++
	}
	if validated == 0 {
		t.Fatal("no golden response validated: testdata/*.json is empty")
	}
	t.Logf("%d golden responses conform", validated)
}

// TestRegistrationConformsToSpec validates each command as the bulk
// overwrite sends it against ApplicationCommandCreateRequest.
func TestRegistrationConformsToSpec(t *testing.T) {
	schema := schemas(t)["ApplicationCommandCreateRequest"]
	cmds := Commands()
	if len(cmds) == 0 {
		t.Fatal("no commands to register")
	}
	for _, c := range cmds {
		raw, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		v := instance(t, raw)
		// The spec types default_member_permissions as an integer here
		// and as a string in its own response schema; discordgo sends a
		// string of digits. Accept both: validate it as the number.
		if m, ok := v.(map[string]any); ok {
			if s, ok := m["default_member_permissions"].(string); ok {
				n, err := strconv.ParseUint(s, 10, 64)
				if err != nil {
					t.Errorf("/%s: default_member_permissions %q is not a number", c.Name, s)
				}
				m["default_member_permissions"] = json.Number(strconv.FormatUint(n, 10))
			}
		}
		if err := schema.Validate(v); err != nil {
			t.Errorf("command %q does not conform to ApplicationCommandCreateRequest:\n%v\n%s", c.Name, err, raw)
		}
	}
}

// TestSpecCatchesBreakage checks that the conformance tests can fail: a
// response that breaks Discord's documented rules is refused.
func TestSpecCatchesBreakage(t *testing.T) {
	specs := schemas(t)
	for _, bad := range []string{
		`{"type":4,"data":{"content":"` + string(bytes.Repeat([]byte("x"), 2001)) + `"}}`,
		`{"type":4,"data":{"embeds":[{"title":"` + string(bytes.Repeat([]byte("x"), 257)) + `"}]}}`,
		`{"type":4,"data":{"components":[{"type":1,"components":[{"type":3,"custom_id":"d:details","options":[]}]}]}}`,
		`{"type":7,"data":{"embeds":[{},{},{},{},{},{},{},{},{},{},{}]}}`,
		`{"type":"4"}`,
	} {
		var head struct{ Type any }
		json.Unmarshal([]byte(bad), &head)
		name := callbackSchemas[4]
		if head.Type == 7.0 {
			name = callbackSchemas[7]
		}
		if err := specs[name].Validate(instance(t, []byte(bad))); err == nil {
			t.Errorf("%s accepts %.120s", name, bad)
		}
	}
}
