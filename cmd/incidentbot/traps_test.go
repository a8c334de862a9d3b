package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/incidentbot/incidentbot/knowledge"
)

// TestAdminTraps checks, message for message, the mistakes an admin made
// trying the CLI with a copy of the default base (issue 10): each is now
// either done as meant or refused, saying why.
func TestAdminTraps(t *testing.T) {
	broken := writeBroken(t)
	missingGaps := filepath.Join(t.TempDir(), "gaps.jsonl")
	problems := broken + ":27:11: events[0].date: impossible date \"2023-02-30\": February has no day 30\n" +
		broken + ":38:14: quotes[0].speaker: unknown person \"peskov2\"\n"
	// Loading names the file as validating does: by the path given.
	loading := "incidentbot: " + problems
	tests := []struct {
		name   string
		env    map[string]string
		args   []string
		stdin  string
		code   int
		stdout string // the whole of it, or its first lines when it ends in "…"
		stderr string // the whole of it, or its first lines when it ends in "…"
	}{
		// A path given positionally is the file to use.
		{name: "validate a positional path", args: []string{"kb", "validate", broken}, code: 1,
			stderr: problems + "incidentbot: " + broken + ": 2 problems\n"},
		{name: "stats of a positional path", args: []string{"kb", "stats", broken}, code: 1,
			stderr: loading},
		{name: "console on a positional path", args: []string{"console", broken}, code: 1,
			stderr: loading},
		{name: "path given twice", args: []string{"kb", "validate", "--kb", "a.yaml", "b.yaml"}, code: 2,
			stderr: "incidentbot: kb validate: give the knowledge file once, as --kb a.yaml or as b.yaml, not both\n"},
		{name: "two paths", args: []string{"kb", "stats", "a.yaml", "b.yaml"}, code: 2,
			stderr: "incidentbot: kb stats takes one knowledge file, got 2 arguments: a.yaml b.yaml\n"},
		// A flag after the command line is parsed, never folded into it.
		{name: "flag after the command line", args: []string{"ask", "/timeline 2023-05-25", "--kb", broken}, code: 1,
			stderr: loading},
		{name: "page after the command line", args: []string{"ask", "/claims", "--page", "2"}, code: 0,
			stdout: "Claims and who stands where (page 2 of 2, 13 items)\n…"},
		{name: "unknown flag after the command line", args: []string{"ask", "/timeline", "--kbb", "x.yaml"}, code: 2,
			stderr: "flag provided but not defined: -kbb\nUsage of ask:\n…"},
		{name: "-- ends the flags", args: []string{"ask", "--", "/check", "-x"}, code: 0,
			stdout: "…"},
		// Smaller ones.
		{name: "gaps file missing", args: []string{"kb", "gaps", "--gaps", missingGaps}, code: 1,
			stderr: "incidentbot: no gaps file at " + missingGaps + ": serve creates it once GAPS_PATH names it and a question goes unanswered\n"},
		{name: "gaps file missing, positional", args: []string{"kb", "gaps", missingGaps}, code: 1,
			stderr: "incidentbot: no gaps file at " + missingGaps + ": serve creates it once GAPS_PATH names it and a question goes unanswered\n"},
		{name: "gaps without a file", env: map[string]string{"GAPS_PATH": ""}, args: []string{"kb", "gaps"}, code: 2,
			stderr: "incidentbot: kb gaps needs the gaps file: kb gaps PATH, --gaps PATH or GAPS_PATH, the file serve records unanswered questions in (or STATE_URL, the store replicas share)\n"},
		{name: "page past the end", args: []string{"ask", "--page", "5", "/claims"}, code: 2,
			stderr: "incidentbot: there is no page 5: the answer has 2 pages\n"},
		{name: "page below 1", args: []string{"ask", "--page", "-1", "/timeline"}, code: 2,
			stderr: "incidentbot: --page must be 1 or more, got -1\n"},
		{name: "page not a number, said once", args: []string{"ask", "--page", "x", "/timeline"}, code: 2,
			stderr: "invalid value \"x\" for flag -page: parse error\nUsage of ask:\n  -full\n…"},
		{name: "export without a format", args: []string{"kb", "export"}, code: 2,
			stderr: "incidentbot: kb export needs --format: json, timelinejs, claimreview, csv\n"},
		{name: "rate not a number", env: map[string]string{"RATE_PER_MINUTE": "abc"}, args: []string{"serve"}, code: 2,
			stderr: "incidentbot: RATE_PER_MINUTE must be a whole number, got \"abc\"\n"},
		{name: "log level unknown", env: map[string]string{"LOG_LEVEL": "loud"}, args: []string{"serve"}, code: 2,
			stderr: "incidentbot: LOG_LEVEL must be DEBUG, INFO, WARN or ERROR, got \"loud\"\n"},
		{name: "bad HTTP_ADDR is misuse", env: map[string]string{"HTTP_ADDR": "8080"}, args: []string{"serve"}, code: 2,
			stderr: "incidentbot: HTTP_ADDR must be host:port or :port (such as :8080 or 127.0.0.1:8080), got \"8080\"\n"},
		// A line that cannot be run as typed is answered with how to put
		// it right, and fails, so that a script notices.
		{name: "timeline of an impossible date", args: []string{"ask", "/timeline 2023-13-45"}, code: 2,
			stdout: "“2023-13-45” is not a date: there is no month 13\n\n1. /timeline [date, month or words]\n…",
			stderr: "incidentbot: “2023-13-45” is not a date: there is no month 13\n"},
		{name: "timeline of a range", args: []string{"ask", "/timeline 2023-05-04/2023-05-03"}, code: 2,
			stdout: "“2023-05-04/2023-05-03” is not a date: the range ends before it starts\n…",
			stderr: "incidentbot: “2023-05-04/2023-05-03” is not a date: the range ends before it starts\n"},
		{name: "mistyped command", args: []string{"ask", "/claim nord stream"}, code: 2,
			stdout: "Unknown command /claim\nDid you mean /claims?\n\n1. /claims [topic]\n   each claim, its status, and who asserts or disputes it. Example: /claims …",
			stderr: "incidentbot: unknown command /claim\n"},
		{name: "unknown command", args: []string{"ask", "/frobnicate"}, code: 2,
			stdout: "Unknown command /frobnicate\nThese are the commands:\n…",
			stderr: "incidentbot: unknown command /frobnicate\n"},
		{name: "command without its slash", args: []string{"ask", "who-said Kirby"}, code: 0,
			stdout: "John Kirby, National Security Council spokesman\n…"},
		{name: "console next", args: []string{"console"}, stdin: "next\n/sources\nnext\n/timeline\nnext\nnext\n", code: 0,
			stdout: "Type a command such as /timeline or /help; \"next\" shows the next page, \"details N\" entry N in full, \"cite N\" entry N as a citation; end with Ctrl-D.\n" +
				"> Nothing to page through yet: type a command such as /timeline first, then \"next\".\n" +
				"> Sources\n…"},
		{name: "unknown citation style", env: map[string]string{"CITE_STYLE": "house"}, args: []string{"ask", "/cite event/peskov-briefing"}, code: 2,
			stderr: "incidentbot: CITE_STYLE: unknown citation style \"house\"; want one of ap\n"},
		{name: "serve with an unknown citation style", env: map[string]string{"CITE_STYLE": "house"}, args: []string{"serve"}, code: 2,
			stderr: "incidentbot: CITE_STYLE: unknown citation style \"house\"; want one of ap\n"},
		// Whoever runs the binary owns the file.
		{name: "kb status from the command line", args: []string{"ask", "/kb status"}, code: 0,
			stdout: "Knowledge base status\n\n1. Loaded\n…"},
		{name: "kb gaps from the command line", env: map[string]string{"GAPS_PATH": missingGaps}, args: []string{"ask", "/kb gaps"}, code: 0,
			stdout: "Unanswered questions\nNone recorded yet.\n"},
		{name: "kb status in the console", args: []string{"console"}, stdin: "/kb status\n", code: 0,
			stdout: "Type a command such as /timeline or /help; \"next\" shows the next page, \"details N\" entry N in full, \"cite N\" entry N as a citation; end with Ctrl-D.\n> Knowledge base status\n…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := runEnv(t, tt.env, tt.stdin, tt.args...)
			if code != tt.code {
				t.Errorf("exit code = %d; want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout, stderr)
			}
			checkOutput(t, "stdout", stdout, tt.stdout)
			checkOutput(t, "stderr", stderr, tt.stderr)
		})
	}
}

// checkOutput compares got with want, whole, or its beginning when want
// ends in "…".
func checkOutput(t *testing.T, name, got, want string) {
	t.Helper()
	if prefix, ok := strings.CutSuffix(want, "…"); ok {
		if !strings.HasPrefix(got, prefix) {
			t.Errorf("%s begins\n%s\nwant it to begin\n%s", name, got, prefix)
		}
		return
	}
	if got != want {
		t.Errorf("%s =\n%s\nwant\n%s", name, got, want)
	}
}

// TestConsoleNext checks that "next" pages forward and says when there is
// no page left, rather than printing the last page again.
func TestConsoleNext(t *testing.T) {
	stdout, _, code := runCLI(t, "/sources\nnext\n/claims\nnext\nnext\n", "console")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{
		"> That was the last page: the answer to /sources has 1 page.\n",
		"> Claims and who stands where (page 2 of 2, 13 items)\n",
		"> That was the last page: the answer to /claims has 2 pages.\n",
	} {
		if n := strings.Count(stdout, want); n != 1 {
			t.Errorf("stdout has %q %d times; want once:\n%s", want, n, stdout)
		}
	}
	if n := strings.Count(stdout, "(page 2 of 2"); n != 1 {
		t.Errorf("page 2 printed %d times; want once", n)
	}
}

// TestBoundedProblems checks that a 0.9 MB file of "- not an event" lines under
// events is refused with a bounded report: 100 problems, a count of the
// rest, well under 64 KiB. (How long it takes is measured by hand and in
// BenchmarkValidateBroken, never asserted.)
func TestBoundedProblems(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.yaml")
	if err := os.WriteFile(path, []byte("events:\n"+strings.Repeat("- not an event\n", 60_000)), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runCLI(t, "", "kb", "validate", path)
	if code != 1 || stdout != "" {
		t.Errorf("exit %d, stdout %q; want 1 and nothing", code, stdout)
	}
	if len(stderr) >= 64<<10 {
		t.Errorf("%d bytes of problems; want under 64 KiB", len(stderr))
	}
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	want := []string{
		path + ": and at least 900 more problems (checking stopped at 1000)",
		"incidentbot: " + path + ": 1000 or more problems (checking stopped there)",
	}
	if len(lines) != 102 || lines[100] != want[0] || lines[101] != want[1] {
		t.Errorf("%d lines ending\n%s\nwant 102 ending\n%s", len(lines), strings.Join(lines[max(0, len(lines)-2):], "\n"), strings.Join(want, "\n"))
	}
}

// BenchmarkValidateBroken times kb validate on the 0.9 MB file of "- a"
// lines.
func BenchmarkValidateBroken(b *testing.B) {
	path := filepath.Join(b.TempDir(), "big.yaml")
	if err := os.WriteFile(path, []byte("events:\n"+strings.Repeat("- a\n", 225_000)), 0o644); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := kbValidate(context.Background(), []string{path}, envOf(nil), nil, io.Discard, io.Discard); err == nil {
			b.Fatal("validated")
		}
	}
}

// TestUsageMatchesDocs checks that incidentbot help and the "The command
// line" block of docs/platforms.md list the same commands, flags and words.
func TestUsageMatchesDocs(t *testing.T) {
	readme, err := os.ReadFile("../../docs/platforms.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "## The command line\n")
	if !ok {
		t.Fatal("docs/platforms.md has no \"The command line\" section")
	}
	_, rest, _ = strings.Cut(rest, "```\n")
	block, _, _ := strings.Cut(rest, "```")
	var want []string
	for l := range strings.SplitSeq(usage(), "\n") {
		if strings.HasPrefix(l, "  incidentbot ") {
			want = append(want, strings.TrimPrefix(l, "  "))
		}
	}
	if got := strings.Split(strings.TrimSuffix(block, "\n"), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("docs/platforms.md's command line block:\n%s\nwant incidentbot help's:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, s := range []string{"kb gaps", "kb synth", "kb init", "--page"} {
		if !strings.Contains(usage(), s) {
			t.Errorf("incidentbot help does not mention %s", s)
		}
	}
}

// TestKBInit checks that kb init begins a file with the incident's id and
// title, from flags or answers on standard input, and no entries (so
// nothing of an example can be served), that it validates, with the
// schema it names beside it, and that it never overwrites a file.
func TestKBInit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "new.yaml")
	stdout, stderr, code := runCLI(t, "", "kb", "init", "--id", "city-strike-2024", "--title", "Strike on the city, 1 May 2024", path)
	schema := filepath.Join(dir, "schema.json")
	if want := "wrote " + path + " and " + schema + "\nnext: incidentbot kb draft --kb " + path + " --into NEW.yaml --published DATE ARTICLE (see docs/admins.md, Drafting entries)\n"; code != 0 || stdout != want {
		t.Fatalf("kb init: exit %d, stdout %q, stderr %q; want 0 and %q", code, stdout, stderr, want)
	}
	if got, err := os.ReadFile(schema); err != nil || !bytes.Equal(got, knowledge.SchemaData()) {
		t.Errorf("schema.json beside the new file: %v", err)
	}
	if stdout, stderr, code := runCLI(t, "", "kb", "validate", path); code != 0 || stdout != path+": valid\n" {
		t.Errorf("kb validate of the new file: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	b, err := knowledge.Load(path, mustRead(t, path))
	if err != nil {
		t.Fatal(err)
	}
	if b.Incident.ID != "city-strike-2024" || b.Incident.Title != "Strike on the city, 1 May 2024" || len(b.Sources)+len(b.People)+len(b.Events)+len(b.Quotes)+len(b.Claims) != 0 {
		t.Errorf("kb init wrote incident %q %q with %d sources, %d people, %d events, %d quotes, %d claims; want the id and title given and no entries",
			b.Incident.ID, b.Incident.Title, len(b.Sources), len(b.People), len(b.Events), len(b.Quotes), len(b.Claims))
	}
	if _, stderr, code := runCLI(t, "", "kb", "init", "--id", "x", "--title", "X", path); code != 1 || stderr != "incidentbot: "+path+" already exists; not overwritten\n" {
		t.Errorf("kb init over a file: exit %d, stderr %q", code, stderr)
	}
	other := filepath.Join(dir, "other.yaml")
	if stdout, _, code := runCLI(t, "", "kb", "init", "--id", "x", "--title", "X", other); code != 0 || !strings.HasPrefix(stdout, "wrote "+other+" (kept the existing "+schema+")\n") {
		t.Errorf("kb init beside a schema: exit %d, stdout %q", code, stdout)
	}
	// The id and title asked for, answered on standard input.
	stdout, stderr, code = runCLI(t, "asked-id\nAsked title\n", "kb", "init")
	if code != 0 || !strings.Contains(stdout, "  id: \"asked-id\"\n  title: \"Asked title\"\n") || !strings.Contains(stderr, "Incident id") {
		t.Errorf("kb init answering its questions: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	for _, c := range []struct{ stdin, want string }{
		{"", "kb init needs the incident's id and title: give --id and --title, or answer the questions"},
		{"two words\nT\n", `--id "two words": an id has no spaces or slashes`},
	} {
		if _, stderr, code := runCLI(t, c.stdin, "kb", "init"); code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("kb init with %q on standard input: exit %d, stderr %q; want 2 and %q", c.stdin, code, stderr, c.want)
		}
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestAdminsKnowledgeExample checks that the annotated example in
// docs/admins.md is a valid knowledge file.
func TestAdminsKnowledgeExample(t *testing.T) {
	admins, err := os.ReadFile("../../docs/admins.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(admins), "```yaml\nincident:")
	if !ok {
		t.Fatal("no example knowledge file in docs/admins.md")
	}
	example, _, _ := strings.Cut(rest, "```")
	if _, err := knowledge.Load("docs/admins.md example", []byte("incident:"+example)); err != nil {
		t.Errorf("the example knowledge file of docs/admins.md does not validate:\n%v", err)
	}
}
