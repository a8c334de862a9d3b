package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/incidentbot/incidentbot/knowledge"
	"github.com/incidentbot/incidentbot/knowledge/export"
)

// TestKBExportFormats checks that every format kb export offers writes
// exactly what the export package writes for the same base, and that the
// output is what its consumers parse.
func TestKBExportFormats(t *testing.T) {
	const fixture = "../../knowledge/testdata/valid.yaml"
	fixtureData, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	def, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	small, err := knowledge.Load(fixture, fixtureData)
	if err != nil {
		t.Fatal(err)
	}
	parses := map[string]func(string) error{
		"json":        func(s string) error { return json.Unmarshal([]byte(s), new(map[string]any)) },
		"timelinejs":  func(s string) error { return json.Unmarshal([]byte(s), new(struct{ Events []any })) },
		"claimreview": func(s string) error { return json.Unmarshal([]byte(s), new([]map[string]any)) },
		"csv": func(s string) error {
			_, err := csv.NewReader(strings.NewReader(s)).ReadAll()
			return err
		},
	}
	for _, format := range export.Formats() {
		for _, tt := range []struct {
			name string
			args []string
			base *knowledge.Base
		}{
			{"embedded", nil, def},
			{"--kb", []string{"--kb", fixture}, small},
		} {
			args := append([]string{"kb", "export", "--format", format}, tt.args...)
			stdout, stderr, code := runCLI(t, "", args...)
			if code != 0 {
				t.Errorf("incidentbot %s: exit %d; want 0\n%s", strings.Join(args, " "), code, stderr)
				continue
			}
			var want bytes.Buffer
			if err := export.Write(&want, format, tt.base); err != nil {
				t.Fatal(err)
			}
			if stdout != want.String() {
				t.Errorf("incidentbot %s wrote %d bytes that differ from export.Write's %d", strings.Join(args, " "), len(stdout), want.Len())
			}
			parse, ok := parses[format]
			if !ok {
				t.Errorf("no parse check for format %q", format)
				continue
			}
			if err := parse(stdout); err != nil {
				t.Errorf("incidentbot %s: output does not parse: %v", strings.Join(args, " "), err)
			}
		}
	}
}

func TestKBExportErrors(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		code       int
		wantStderr []string
	}{
		{"unknown format", []string{"kb", "export", "--format", "xml"}, 2,
			append([]string{`unknown export format "xml"`}, export.Formats()...)},
		{"broken base", []string{"kb", "export", "--format", "csv", "--kb", writeBroken(t)}, 1,
			[]string{"broken.yaml"}},
	}
	for _, tt := range tests {
		stdout, stderr, code := runCLI(t, "", tt.args...)
		if code != tt.code {
			t.Errorf("%s: exit %d; want %d\n%s", tt.name, code, tt.code, stderr)
		}
		if stdout != "" {
			t.Errorf("%s: wrote %q to stdout; want nothing", tt.name, stdout)
		}
		for _, w := range tt.wantStderr {
			if !strings.Contains(stderr, w) {
				t.Errorf("%s: stderr %q does not mention %q", tt.name, stderr, w)
			}
		}
	}
}
