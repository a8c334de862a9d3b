package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	t.Setenv("KB_PATH", "")
	t.Setenv("LC_ALL", "C.UTF-8") // English answers, whatever the machine's language
	var out, errb bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	code = exitCode(err, &errb)
	return out.String(), errb.String(), code
}

func writeBroken(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../../knowledge/testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(data), "    speaker: peskov\n", "    speaker: peskov2\n", 1)
	broken = strings.Replace(broken, `date: "2023-05-03"`, `date: "2023-02-30"`, 1)
	path := filepath.Join(t.TempDir(), "broken.yaml")
	if err := os.WriteFile(path, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCLI(t *testing.T) {
	broken := writeBroken(t)
	tests := []struct {
		name      string
		args      []string
		stdin     string
		code      int
		stdout    []string
		stderr    []string
		notStdout []string
	}{
		{"no command", nil, "", 2, nil, []string{"missing command", "incidentbot ask"}, nil},
		{"unknown command", []string{"fly"}, "", 2, nil, []string{`unknown command "fly"`}, nil},
		{"ask without line", []string{"ask"}, "", 2, nil, []string{`ask needs a command line`}, nil},
		{"ask page 2", []string{"ask", "--page", "2", "/claims"}, "", 0, []string{"(page 2 of 2, 13 items)", "\n11. ", "\n13. "}, nil, []string{"\n1. ", "\n10. "}},
		{"ask whole answer", []string{"ask", "/timeline"}, "", 0, []string{"\n1. February 2023", "\n10. 9 May 2023"}, nil, []string{"(page", "More:"}},
		{"validate default", []string{"kb", "validate"}, "", 0, []string{"incident.yaml (embedded): valid"}, nil, nil},
		{"validate sources", []string{"kb", "validate", "--sources", "../../../shared/sources"}, "", 0, []string{"every excerpt verbatim"}, nil, nil},
		{"validate broken", []string{"kb", "validate", "--kb", broken}, "", 1, nil,
			[]string{"broken.yaml:27:11: events[0].date: impossible date \"2023-02-30\": February has no day 30"}, nil},
		{"ask on broken file", []string{"ask", "--kb", broken, "/timeline"}, "", 1, nil, []string{"broken.yaml:27:11"}, []string{"Timeline"}},
		{"validate bad sources dir", []string{"kb", "validate", "--sources", "/nonexistent"}, "", 2, nil, []string{"is not a folder"}, nil},
		{"stats", []string{"kb", "stats"}, "", 0, []string{"events:  10", "sources: 2", "people without quotes: ", "sources never cited: none"}, nil, nil},
		{"export bad format", []string{"kb", "export", "--format", "xml"}, "", 2, nil, []string{`unknown export format "xml"`}, nil},
		{"kb without verb", []string{"kb"}, "", 2, nil, []string{"usage:\n  incidentbot kb validate"}, nil},
		{"console", []string{"console"}, "/who-said Kirby\n\n/claims\nnext\n", 0,
			[]string{"John Kirby, National Security Council spokesman", "Claims and who stands where (page 1 of 2", "Claims and who stands where (page 2 of 2"}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "validate sources" {
				if _, err := os.Stat("../../../shared/sources"); err != nil {
					t.Skip("no shared/sources beside the project")
				}
			}
			stdout, stderr, code := runCLI(t, tt.stdin, tt.args...)
			if code != tt.code {
				t.Errorf("exit code = %d; want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout, stderr)
			}
			for _, s := range tt.stdout {
				if !strings.Contains(stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout)
				}
			}
			for _, s := range tt.notStdout {
				if strings.Contains(stdout, s) {
					t.Errorf("stdout has %q:\n%s", s, stdout)
				}
			}
			for _, s := range tt.stderr {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr)
				}
			}
		})
	}
}

// TestExportJSON checks that the export uses the YAML's field names and
// leaves unknown fields out rather than emitting empty ones.
func TestExportJSON(t *testing.T) {
	stdout, stderr, code := runCLI(t, "", "kb", "export", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var f struct {
		Sources []map[string]any `json:"sources"`
		Quotes  []map[string]any `json:"quotes"`
	}
	if err := json.Unmarshal([]byte(stdout), &f); err != nil {
		t.Fatal(err)
	}
	q := f.Quotes[0]
	for _, k := range []string{"id", "speaker", "kind", "text", "citations"} {
		if _, ok := q[k]; !ok {
			t.Errorf("quote lacks %q: %v", k, q)
		}
	}
	if c := q["citations"].([]any)[0].(map[string]any); c["excerpt"] == "" || c["source"] == "" {
		t.Errorf("citation = %v", c)
	}
	for _, s := range f.Sources {
		for _, k := range []string{"url", "outlet", "author"} {
			if _, ok := s[k]; ok {
				t.Errorf("source %v has %q, which the articles do not give", s["id"], k)
			}
		}
	}
}
