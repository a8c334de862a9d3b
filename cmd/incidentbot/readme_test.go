package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

// TestREADMEExamples runs every "$ go run ./cmd/incidentbot ..." line in the
// README's console blocks and checks that the lines shown under it are
// printed, in order ("..." stands for lines left out).
func TestREADMEExamples(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	examples := 0
	for _, block := range consoleBlocks(string(readme)) {
		for _, ex := range splitExamples(block) {
			examples++
			t.Run(strings.Join(ex.args, " "), func(t *testing.T) {
				// Only the variables the example sets: no KB_PATH, and
				// English unless it sets the language.
				var stdout, stderr bytes.Buffer
				if err := run(context.Background(), ex.args, envOf(ex.env), strings.NewReader(""), &stdout, &stderr); err != nil {
					t.Fatalf("run(%q) = %v\n%s", ex.args, err, stderr.String())
				}
				rest := strings.Split(stdout.String(), "\n")
				for _, want := range ex.want {
					i := indexOf(rest, want)
					if i < 0 {
						t.Fatalf("output lacks (in order) the README line\n%s\n--- output:\n%s", want, stdout.String())
					}
					rest = rest[i+1:]
				}
			})
		}
	}
	if examples < 5 {
		t.Errorf("found %d README examples; the parser must have broken", examples)
	}
}

type example struct {
	env  map[string]string // VAR=value words before the command
	args []string
	want []string
}

func consoleBlocks(md string) []string {
	var blocks []string
	for _, part := range strings.Split(md, "```console\n")[1:] {
		block, _, _ := strings.Cut(part, "```")
		blocks = append(blocks, block)
	}
	return blocks
}

func splitExamples(block string) []example {
	var out []example
	for _, line := range strings.Split(strings.TrimRight(block, "\n"), "\n") {
		if ex, ok := parseExample(line); ok {
			out = append(out, ex)
			continue
		}
		if len(out) > 0 && line != "..." && line != "" {
			out[len(out)-1].want = append(out[len(out)-1].want, line)
		}
	}
	return out
}

// parseExample reads "$ [VAR=value ...] go run ./cmd/incidentbot ARGS".
func parseExample(line string) (example, bool) {
	rest, ok := strings.CutPrefix(line, "$ ")
	if !ok {
		return example{}, false
	}
	env := map[string]string{}
	for {
		word, after, _ := strings.Cut(rest, " ")
		k, v, isVar := strings.Cut(word, "=")
		if !isVar || k == "" || strings.ContainsAny(k, `"/.`) {
			break
		}
		env[k], rest = v, after
	}
	cmd, ok := strings.CutPrefix(rest, "go run ./cmd/incidentbot ")
	if !ok {
		return example{}, false
	}
	return example{env: env, args: shellWords(cmd)}, true
}

// shellWords splits a command line on spaces, keeping double-quoted runs.
func shellWords(s string) []string {
	var words []string
	var cur strings.Builder
	quoted := false
	for _, r := range s {
		switch {
		case r == '"':
			quoted = !quoted
		case r == ' ' && !quoted:
			if cur.Len() > 0 {
				words = append(words, cur.String())
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
		}
	}
	if cur.Len() > 0 {
		words = append(words, cur.String())
	}
	return words
}

func indexOf(lines []string, want string) int {
	for i, l := range lines {
		if l == want {
			return i
		}
	}
	return -1
}

// TestREADMELoadTestWaitsForServe: the README's load-test block, copied as
// it stands, must not start the load generator before serve answers, or
// the first requests are refused and counted as failures.
func TestREADMELoadTestWaitsForServe(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "bin/incidentbot serve &\n")
	if !ok {
		t.Fatal("README has no block that starts bin/incidentbot serve &")
	}
	before, _, ok := strings.Cut(rest, "bin/incidentbot-load -url")
	if !ok {
		t.Fatal("README's load-test block does not run bin/incidentbot-load after serve")
	}
	if !strings.Contains(before, "curl -fs -o /dev/null http://127.0.0.1:8080/healthz && break") {
		t.Errorf("README's load-test block starts the load generator without waiting for /healthz:\n%s", before)
	}
}
