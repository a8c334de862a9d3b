package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestREADMEExamples runs every "$ go run ./cmd/incidentbot ..." line in the
// console blocks of README.md and of every docs/*.md, and checks that the
// lines shown under it are printed, in order ("..." stands for lines left
// out). They run in the repository's root, where a reader runs them, so
// that a path they name (docs/incidents) is the reader's.
func TestREADMEExamples(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	docs, err := filepath.Glob("../../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range append([]string{"../../README.md"}, docs...) {
		name := strings.TrimPrefix(path, "../../")
		t.Run(name, func(t *testing.T) {
			md, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, block := range consoleBlocks(string(md)) {
				for _, ex := range splitExamples(block) {
					t.Run(strings.Join(ex.args, " "), func(t *testing.T) {
						// Only the variables the example sets: no KB_PATH, and
						// English unless it sets the language.
						t.Chdir(root)
						var stdout, stderr bytes.Buffer
						if err := run(context.Background(), ex.args, envOf(ex.env), strings.NewReader(""), &stdout, &stderr); err != nil {
							t.Fatalf("run(%q) = %v\n%s", ex.args, err, stderr.String())
						}
						rest := strings.Split(stdout.String(), "\n")
						for _, want := range ex.want {
							i := indexOf(rest, want)
							if i < 0 {
								t.Fatalf("output lacks (in order) the line of %s\n%s\n--- output:\n%s", name, want, stdout.String())
							}
							rest = rest[i+1:]
						}
					})
				}
			}
		})
	}
	// Where the examples are: a parser that finds none there has broken.
	for name, least := range map[string]int{"README.md": 1, "docs/answers.md": 5, "docs/admins.md": 3, "docs/deploy.md": 1} {
		md, err := os.ReadFile("../../" + name)
		if err != nil {
			t.Fatal(err)
		}
		examples := 0
		for _, block := range consoleBlocks(string(md)) {
			examples += len(splitExamples(block))
		}
		if examples < least {
			t.Errorf("found %d examples in %s; want at least %d: the parser must have broken", examples, name, least)
		}
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

// TestLoadTestDocWaitsForServe: the load-test block of
// docs/performance.md, copied as it stands, must not start the load
// generator before serve answers, or the first requests are refused and
// counted as failures.
func TestLoadTestDocWaitsForServe(t *testing.T) {
	readme, err := os.ReadFile("../../docs/performance.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "bin/incidentbot serve &\n")
	if !ok {
		t.Fatal("docs/performance.md has no block that starts bin/incidentbot serve &")
	}
	before, _, ok := strings.Cut(rest, "bin/incidentbot-load -url")
	if !ok {
		t.Fatal("docs/performance.md's load-test block does not run bin/incidentbot-load after serve")
	}
	if !strings.Contains(before, "curl -fs -o /dev/null http://127.0.0.1:8080/healthz && break") {
		t.Errorf("docs/performance.md's load-test block starts the load generator without waiting for /healthz:\n%s", before)
	}
}
