package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/incidentbot/incidentbot/cmd/internal/exit"
	"github.com/incidentbot/incidentbot/knowledge/synth"
)

// runCLI runs incidentbot with args and an empty environment, as a user
// sees it: what it prints and its exit status.
func runCLI(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runEnv(t, nil, stdin, args...)
}

// runEnv is runCLI with the variables in env set, and no others: in its
// getenv and, for serve's envconfig, in the process environment.
func runEnv(t *testing.T, env map[string]string, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	setServeEnv(t, env)
	var out, errb bytes.Buffer
	err := run(context.Background(), args, envOf(env), strings.NewReader(stdin), &out, &errb)
	code = exit.Code("incidentbot", err, &errb)
	return out.String(), errb.String(), code
}

// envOf is a getenv of the variables in env alone: the command a test
// runs sees none of the machine's (a KB_PATH, a language).
func envOf(env map[string]string) func(string) string {
	return func(k string) string { return env[k] }
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
		// A citation of each kind of entry: a quote by its number in the
		// console, an event and a claim by reference.
		{"console cite", []string{"console"}, "/who-said Kirby\ncite 2\n", 0,
			[]string{"> Citation\nReady to paste: the line, then its sources.\n\nNational Security Council spokesman John Kirby said in a TV interview on May 4, 2023, according to MSNBC “Morning Joe”, as reported by “Commentary: doubts over the Kremlin drone attack”: “I can assure you there was no involvement by the United States.”\n\nSource: Commentary: doubts over the Kremlin drone attack · on or after May 4, 2023\n"}, nil, nil},
		{"cite an entry not shown", []string{"console"}, "/who-said Kirby\ncite 9\ncite zebra\n", 0,
			[]string{"> no entry 9 to show or cite in the answer shown; the entries are numbered in it\n> Nothing in the knowledge base to cite for “zebra”\n"}, nil, nil},
		{"cite event", []string{"ask", "/cite event/peskov-briefing"}, "", 0,
			[]string{"\nMay 3 or 4, 2023: Peskov says Washington was behind the attack, according to “Commentary: doubts over the Kremlin drone attack”.\n\nSource: "}, nil, nil},
		{"cite claim", []string{"ask", "/cite claim/us-involvement"}, "", 0,
			[]string{"(claim, status: denied). Asserted by Russian government and Dmitry Peskov, according to “Commentary: doubts over the Kremlin drone attack”; denied by John Kirby, according to “Commentary: doubts over the Kremlin drone attack”.\n\nSource: "}, nil, nil},
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

// TestKnowledgeFilePrecedence: every command that loads a knowledge base
// chooses the file alike: --kb PATH or PATH, else KB_PATH, else the
// embedded base. Two broken files tell which one a command loaded: it
// refuses it, naming it.
func TestKnowledgeFilePrecedence(t *testing.T) {
	a, b := writeBroken(t), writeBroken(t)
	article := writeFile(t, t.TempDir(), "article.txt", "“Hi,” she said.\n")
	commands := []struct {
		args       []string // before the flags of the case
		positional bool     // takes the file as PATH
		embedded   int      // exit status on the embedded base
	}{
		{[]string{"ask", "/timeline"}, false, 0},
		{[]string{"console"}, true, 0},
		{[]string{"kb", "validate"}, true, 0},
		{[]string{"kb", "stats"}, true, 0},
		{[]string{"kb", "export", "--format", "csv"}, true, 0},
		{[]string{"kb", "draft", "--format", "json", article}, false, 0},
		// No platform configured: refused once the base has loaded.
		{[]string{"serve"}, true, 2},
	}
	const embedded = ""
	tests := []struct {
		name       string
		env        map[string]string
		args       []string
		positional bool   // the case gives PATH
		loads      string // the file loaded
	}{
		{"nothing given", nil, nil, false, embedded},
		{"KB_PATH", map[string]string{"KB_PATH": a}, nil, false, a},
		{"--kb over KB_PATH", map[string]string{"KB_PATH": a}, []string{"--kb", b}, false, b},
		{"PATH over KB_PATH", map[string]string{"KB_PATH": a}, []string{b}, true, b},
		{"--kb and PATH alike", nil, []string{"--kb", b, b}, true, b},
		{`--kb "" over KB_PATH`, map[string]string{"KB_PATH": a}, []string{"--kb", ""}, false, embedded},
	}
	for _, c := range commands {
		for _, tt := range tests {
			if tt.positional && !c.positional {
				continue
			}
			args := append(slices.Clone(c.args), tt.args...)
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				_, stderr, code := runEnv(t, tt.env, "", args...)
				switch tt.loads {
				case embedded:
					if code != c.embedded || strings.Contains(stderr, a) || strings.Contains(stderr, b) {
						t.Errorf("exit %d; want %d, on the embedded base\n%s", code, c.embedded, stderr)
					}
				default:
					if code != 1 || !strings.Contains(stderr, tt.loads+":27:11: ") {
						t.Errorf("exit %d; want 1, refusing %s\n%s", code, tt.loads, stderr)
					}
				}
			})
		}
	}
	// Two files, or one twice over, are misuse, whatever KB_PATH says.
	for _, args := range [][]string{{"console", "--kb", a, b}, {"serve", a, b}, {"kb", "stats", "--kb", a, b}} {
		_, stderr, code := runEnv(t, map[string]string{"KB_PATH": a}, "", args...)
		if code != 2 || !strings.Contains(stderr, "give the knowledge file once") && !strings.Contains(stderr, "takes one knowledge file") {
			t.Errorf("%q: exit %d, %s; want 2, refusing two files", args, code, stderr)
		}
	}
}

// TestUsageListsEveryCommand: help, generated from the command tables,
// lists every command and kb verb, and run and kb dispatch on each.
func TestUsageListsEveryCommand(t *testing.T) {
	help, _, code := runCLI(t, "", "help")
	if code != 0 {
		t.Fatalf("help: exit %d", code)
	}
	var want []string
	for _, c := range subcommands() {
		if c.name != "kb" {
			want = append(want, c.name)
			continue
		}
		for _, v := range kbVerbs() {
			want = append(want, "kb "+v.name)
		}
	}
	if len(want) < 11 {
		t.Errorf("the command tables list %d commands; want at least 11: %q", len(want), want)
	}
	for _, name := range want {
		if !strings.Contains(help, "\n  incidentbot "+name+" ") {
			t.Errorf("help does not list incidentbot %s:\n%s", name, help)
		}
		// Known to run: -h is help, not "unknown command".
		_, stderr, code := runCLI(t, "", append(strings.Fields(name), "-h")...)
		if code != 0 || strings.Contains(stderr, "unknown") {
			t.Errorf("incidentbot %s -h: exit %d, %s", name, code, stderr)
		}
	}
	_, stderr, _ := runCLI(t, "", "kb")
	for _, v := range kbVerbs() {
		if !strings.Contains(stderr, "incidentbot kb "+v.name+" ") {
			t.Errorf("kb without a verb does not list kb %s:\n%s", v.name, stderr)
		}
	}
}

// TestDotEnv: main, and main alone, reads .env from the current folder;
// a variable already set wins over the file, a missing .env is no error,
// and an empty value in it leaves its variable unset, so serve takes its
// default; one set empty in the environment is read as empty.
func TestDotEnv(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the incidentbot binary: skipped with -short")
	}
	bin := buildCommand(t, t.TempDir(), "github.com/incidentbot/incidentbot/cmd/incidentbot")
	a, b := writeBroken(t), writeBroken(t)
	dir := t.TempDir()
	incidentbot := func(args []string, env ...string) (string, int) {
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		cmd.Env = append(env, "PATH="+os.Getenv("PATH"))
		out, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			t.Fatal(err)
		}
		return string(out), cmd.ProcessState.ExitCode()
	}
	validate := []string{"kb", "validate"}
	if out, code := incidentbot(validate); code != 0 || out != "incident.yaml (embedded): valid\n" {
		t.Errorf("without .env: exit %d, %q; want the embedded base, valid", code, out)
	}
	writeFile(t, dir, ".env", "# the file to load\nKB_PATH="+a+"\n")
	if out, code := incidentbot(validate); code != 1 || !strings.Contains(out, a+":27:11: ") {
		t.Errorf("with .env naming %s: exit %d, %q; want it refused", a, code, out)
	}
	if out, code := incidentbot(validate, "KB_PATH="+b); code != 1 || !strings.Contains(out, b+":27:11: ") || strings.Contains(out, a) {
		t.Errorf("with KB_PATH=%s set and .env naming %s: exit %d, %q; want %[1]s refused", b, a, code, out)
	}

	// A copy of .env.example with every value emptied: serve reads its
	// defaults (HTTP_ADDR :8080, RATE_PER_MINUTE 20, DISCORD_SHARD_ID 0, …)
	// and stops only because no platform is configured.
	example, err := os.ReadFile("../../.env.example")
	if err != nil {
		t.Fatal(err)
	}
	var empty strings.Builder
	for line := range strings.Lines(string(example)) {
		if name, _, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") {
			line = name + "=\n"
		}
		empty.WriteString(line)
	}
	if !strings.Contains(empty.String(), "\nDISCORD_SHARD_ID=\n") || !strings.Contains(empty.String(), "\nRATE_PER_MINUTE=\n") {
		t.Fatalf(".env.example lists no DISCORD_SHARD_ID or RATE_PER_MINUTE:\n%s", example)
	}
	writeFile(t, dir, ".env", empty.String())
	noPlatform := "incidentbot: no chat platform configured: "
	if out, code := incidentbot([]string{"serve"}); code != 2 || !strings.HasPrefix(out, noPlatform) {
		t.Errorf("serve with .env.example's variables empty in .env: exit %d, %q; want status 2, %q…", code, out, noPlatform)
	}
	for _, tt := range []struct{ env, out string }{
		{"RATE_PER_MINUTE=abc", "incidentbot: RATE_PER_MINUTE must be a whole number, got \"abc\"\n"},
		{"DISCORD_SHARD_ID=", "incidentbot: DISCORD_SHARD_ID must be a whole number, got \"\"\n"},
		{"HTTP_ADDR=", "incidentbot: HTTP_ADDR must be host:port or :port (such as :8080 or 127.0.0.1:8080), got \"\"\n"},
	} {
		if out, code := incidentbot([]string{"serve"}, tt.env); code != 2 || out != tt.out {
			t.Errorf("serve with %s set and empty in .env: exit %d, %q; want status 2, %q", tt.env, code, out, tt.out)
		}
	}
}

// TestKBReloadEmbedded: /kb reload on the embedded base says it cannot
// be reloaded and names what serve reloads.
func TestKBReloadEmbedded(t *testing.T) {
	stdout, stderr, code := runCLI(t, "", "ask", "/kb reload")
	if code != 0 || !strings.Contains(stdout, "cannot be reloaded") || !strings.Contains(stdout, "Start the bot with a knowledge file (docs/operating.md, \"Live reload\")") {
		t.Errorf("ask /kb reload: exit %d, %s%s; want that the embedded base cannot be reloaded, and how to have one", code, stdout, stderr)
	}
}

// TestBrokenDotEnv: a .env with one bad line stops every command with
// status 2 and the file and line, not the line's text (a token, likely),
// where godotenv would drop the whole file and serve would start with none
// of its settings.
func TestBrokenDotEnv(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the incidentbot binary: skipped with -short")
	}
	bin := buildCommand(t, t.TempDir(), "github.com/incidentbot/incidentbot/cmd/incidentbot")
	const secret = "xoxb-not-a-real-token"
	for _, tt := range []struct{ env, out string }{
		{"LOG_LEVEL=INFO\nSLACK_BOT_TOKEN=\"" + secret + "\nRATE_PER_MINUTE=20\n",
			"incidentbot: .env:2: not valid: a quoted value is never closed\n"},
		{"# a comment\nSLACK_SIGNING_SECRET=\"two\nlines\"\n\nSLACK-BOT-TOKEN=" + secret + "\n",
			"incidentbot: .env:5: not valid: the line is not NAME=value\n"},
	} {
		dir := t.TempDir()
		writeFile(t, dir, ".env", tt.env)
		cmd := exec.Command(bin, "kb", "validate")
		cmd.Dir = dir
		cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
		out, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			t.Fatal(err)
		}
		if code := cmd.ProcessState.ExitCode(); code != 2 || string(out) != tt.out {
			t.Errorf("kb validate with .env %q: exit %d, %q; want status 2, %q", tt.env, code, out, tt.out)
		}
	}
}

// FuzzDotEnv: whatever .env holds, its variables are read, or the error
// names the file and a line of it and quotes none of its text.
func FuzzDotEnv(f *testing.F) {
	for _, s := range []string{"A=1\n", "A=\"x\n", "A='x\ny'\nB=\"z", "a-b=c", "export A=1\r\nB", "#\n\n=\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		_, err := parseDotEnv(".env", []byte(src))
		if err == nil {
			return
		}
		var n int
		if _, scanErr := fmt.Sscanf(err.Error(), ".env:%d:", &n); scanErr != nil || n < 1 || n > strings.Count(src, "\n")+1 {
			t.Fatalf("%q: %v; want .env:N:, N a line of the file", src, err)
		}
		said := strings.TrimPrefix(err.Error(), fmt.Sprintf(".env:%d: not valid: ", n))
		if said != "a quoted value is never closed" && said != "the line is not NAME=value" {
			t.Errorf("%q: %v; want what is wrong in our words, none of the file's text", src, err)
		}
	})
}

// TestOnlyMainTouchesTheProcess: the environment, arguments and standard
// streams reach commands through run's arguments alone, so that what a
// test passes is all a command sees (no KB_PATH or language of the
// machine's). Only main reads them from os.
func TestOnlyMainTouchesTheProcess(t *testing.T) {
	process := []string{"Getenv", "LookupEnv", "Environ", "Args", "Stdin", "Stdout", "Stderr"}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			if fn, ok := decl.(*ast.FuncDecl); ok && fn.Name.Name == "main" && fn.Recv == nil {
				continue
			}
			ast.Inspect(decl, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == "os" && slices.Contains(process, sel.Sel.Name) {
					t.Errorf("%s: os.%s outside main: take it from run's arguments", fset.Position(sel.Pos()), sel.Sel.Name)
				}
				return true
			})
		}
	}
}

// BenchmarkValidateSynth times kb validate on a valid synthetic base of
// 10,000 entries, which it parses once and does not index.
func BenchmarkValidateSynth(b *testing.B) {
	data, err := synth.Generate(10_000, 1)
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "synth.yaml")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := kbValidate(context.Background(), []string{path}, envOf(nil), nil, io.Discard, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
