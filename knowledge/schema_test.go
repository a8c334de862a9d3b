package knowledge

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/invopop/jsonschema"
	sjs "github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

var update = flag.Bool("update", false, "rewrite schema.json from the model")

// datePattern is the form of a Date, single or a range, as a regular
// expression for editors; ParseDate also refuses impossible dates.
const datePattern = `^(\.\./` + point + `|` + point + `(/(` + point + `|\.\.))?)$`

const point = `\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})?)?)?)?`

// generateSchema builds the JSON Schema of the knowledge file from the
// model: field names and required fields from the yaml tags, descriptions
// from the field docs, the closed vocabularies from Stances, Statuses and
// the quote kinds, and the date form.
func generateSchema(t *testing.T) []byte {
	t.Helper()
	r := &jsonschema.Reflector{
		FieldNameTag: "yaml",
		Mapper: func(typ reflect.Type) *jsonschema.Schema {
			if typ != dateType {
				return nil
			}
			return &jsonschema.Schema{
				Type:    "string",
				Pattern: datePattern,
				Description: "A date only as precise as the sources: YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[+HH:MM]; " +
					"or a range: START/END, ../END (on or before) or START/.. (on or after). Quote it.",
				Examples: []any{"2023-05-03", "2023-05", "2023-05-03/2023-05-04", "../2023-05-25", "2023-05-04/.."},
			}
		},
	}
	if err := r.AddGoComments("github.com/incidentbot/incidentbot/knowledge", "."); err != nil {
		t.Fatal(err)
	}
	s := r.Reflect(&File{})
	s.ID = "" // the reflector would name a URL that does not exist
	// Draft 7, which every YAML language server reads; the schema uses
	// nothing newer ($defs is only where $ref points).
	s.Version = "http://json-schema.org/draft-07/schema#"
	s.Title = "incidentbot knowledge file"
	s.Description = "One incident: its sources, people, events, quotes and claims, each cited word for word. Generated from knowledge/model.go; `incidentbot kb validate` checks what a schema cannot (ids, references, verbatim quotes)."
	one := uint64(1)
	for name, def := range s.Definitions {
		for pair := def.Properties.Oldest(); pair != nil; pair = pair.Next() {
			key, p := pair.Key, pair.Value
			required := strings.Contains(" "+strings.Join(def.Required, " ")+" ", " "+key+" ")
			switch {
			case p.Type == "array" && required:
				p.MinItems = &one // a required list may not be empty
			case p.Type == "string" && required:
				p.MinLength = &one
			}
			if key == "id" {
				p.Pattern = `^[^\s/]+$`
			}
			var enum []string
			switch name + "." + key {
			case "Quote.kind":
				enum = []string{Direct, Paraphrase}
			case "Claim.status":
				enum = Statuses
			case "Position.stance":
				enum = Stances
			}
			for _, v := range enum {
				p.Enum = append(p.Enum, v)
			}
		}
	}
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(out, '\n')
}

// TestSchemaInSync keeps schema.json equal to what the model generates.
func TestSchemaInSync(t *testing.T) {
	want := generateSchema(t)
	if *update {
		if err := os.WriteFile("schema.json", want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("schema.json is not what the model generates; run go test ./knowledge -run TestSchemaInSync -update and review the diff")
	}
	if !bytes.Equal(SchemaData(), got) {
		t.Errorf("the embedded schema differs from schema.json")
	}
}

func compileSchema(t *testing.T) *sjs.Schema {
	t.Helper()
	doc, err := sjs.UnmarshalJSON(bytes.NewReader(SchemaData()))
	if err != nil {
		t.Fatal(err)
	}
	c := sjs.NewCompiler()
	if err := c.AddResource("schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("schema.json")
	if err != nil {
		t.Fatalf("compiling schema.json: %v", err)
	}
	return s
}

// asJSON reads YAML the way an editor's YAML language server does, as
// JSON data.
func asJSON(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	j, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	out, err := sjs.UnmarshalJSON(bytes.NewReader(j))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSchemaValidates checks that the default base, the starter file and
// the test fixture pass the schema, and that the mistakes the schema is
// for are flagged.
func TestSchemaValidates(t *testing.T) {
	s := compileSchema(t)
	for name, data := range map[string][]byte{"default": DefaultData(), "starter": StarterData(), "valid.yaml": []byte(readValid(t))} {
		if err := s.Validate(asJSON(t, data)); err != nil {
			t.Errorf("%s does not pass schema.json: %v", name, err)
		}
	}
	valid := readValid(t)
	for _, tt := range []struct{ name, old, new, want string }{
		{"unknown key", "    date_note: Wednesday\n", "    date_note: Wednesday\n    dat: x\n", "dat"},
		{"unknown status", "    status: disputed\n", "    status: disputd\n", "at '/claims/0/status': value must be one of 'alleged'"},
		{"unknown stance", "        stance: asserts\n", "        stance: claims\n", "at '/claims/0/positions/0/stance': value must be one of 'asserts'"},
		{"unknown kind", "    kind: direct\n", "    kind: verbatim\n", "at '/quotes/0/kind': value must be one of 'direct', 'paraphrase'"},
		{"malformed date", `date: "2023-05-03"`, `date: "May 3rd"`, "May 3rd"},
		{"missing required", "    title: Drones explode over the Kremlin\n", "", "title"},
		{"empty citations", "    citations:\n      - source: article\n        excerpt: \"Two drones were flown toward the Kremlin.\"\n", "    citations: []\n", "minItems"},
		{"id with a space", "  - id: zelensky\n", "  - id: zel ensky\n", "zel ensky"},
	} {
		err := s.Validate(asJSON(t, []byte(strings.Replace(valid, tt.old, tt.new, 1))))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: schema error %v; want one mentioning %q", tt.name, err, tt.want)
		}
	}
}

// TestDatePattern checks that the schema's date pattern accepts the forms
// ParseDate reads and refuses those it calls malformed.
func TestDatePattern(t *testing.T) {
	re := regexp.MustCompile(datePattern)
	for _, s := range []string{"2023", "2023-05", "2023-05-03", "2023-05-03T02:30", "2023-05-03T02:30+03:00", "2023-05-03 02:30Z",
		"2023-05-03/2023-05-04", "2023-04/2023-05-03", "../2023-05-25", "2023-05-04/.."} {
		if _, err := ParseDate(s); err != nil || !re.MatchString(s) {
			t.Errorf("%q: ParseDate error %v, pattern match %v; want both to accept it", s, err, re.MatchString(s))
		}
	}
	for _, s := range []string{"May 3rd", "2023-5-3", "../..", "2023-05-03/", "/2023-05-03", "2023/05/03", "2023-05-03/2023-05-04/2023-05-05"} {
		if _, err := ParseDate(s); err == nil || re.MatchString(s) {
			t.Errorf("%q: ParseDate error %v, pattern match %v; want both to refuse it", s, err, re.MatchString(s))
		}
	}
}

// TestStarterValidates checks that kb init's starter file loads and names
// the schema for editors.
func TestStarterValidates(t *testing.T) {
	if _, err := Load("starter.yaml", StarterData()); err != nil {
		t.Errorf("the starter file does not validate: %v", err)
	}
	for name, data := range map[string][]byte{"starter": StarterData(), "default": DefaultData()} {
		if first, _, _ := bytes.Cut(data, []byte("\n")); string(first) != "# yaml-language-server: $schema=./schema.json" {
			t.Errorf("%s begins %q; want the yaml-language-server schema line", name, first)
		}
	}
}
