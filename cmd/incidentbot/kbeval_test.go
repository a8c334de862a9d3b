package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// otherBase is a small base about an invented incident that shares no
// word with the default one.
const otherBase = "../../bot/testdata/other.yaml"

// TestKBEval runs kb eval on a small base and a question of each outcome,
// and checks the exact report and the exit status on either side of
// --min; a malformed question file is refused with its line and column.
func TestKBEval(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	set := write("set.json", `[
  {"q": "what did mara lind say about safety?", "lead": ["safety comes first"]},
  {"q": "when was the bridge closed", "lead": ["closed the bridge"]},
  {"q": "what did the engineers say", "lead": ["safety comes first"]},
  {"q": "what is the capital of France", "lead": "none"},
  {"q": "what did the city engineers say", "lead": "none"}
]`)
	report := set + `:4: missed: /ask what did the engineers say
    led with: “The girders cannot carry lorries,” the city engineers said.
    want: "safety comes first"
` + set + `:6: guessed: /ask what did the city engineers say
    led with: “The girders cannot carry lorries,” the city engineers said.
    want: no answer

led right          2 of 3 answerable (66.7 %)
refused wrongly    0
missed             1
refused right      1 of 2 to refuse
guessed            1
right              3 of 5 questions (60.0 %)
`
	right := write("right.json", `[
  {"q": "what did mara lind say about safety?", "lead": ["safety comes first"]},
  {"q": "what is the capital of France", "lead": "none"}
]`)
	bad := write("bad.json", "[\n  {\"q\": \"a\", \"lead\": [\"x\"]},\n  {\"q\": \"b\", \"lead\": \"nothing\"}\n]\n")
	for _, tt := range []struct {
		name           string
		args           []string
		code           int
		stdout, stderr string
	}{
		{"misses and a guess", []string{"kb", "eval", "--kb", otherBase, set}, 1, report,
			"incidentbot: 66.7 % of the answerable questions led right, under --min 90.0 %; 1 question the base must refuse answered\n"},
		{"a guess fails whatever --min", []string{"kb", "eval", "--kb", otherBase, "--min", "0.5", set}, 1, report,
			"incidentbot: 1 question the base must refuse answered\n"},
		{"all right", []string{"kb", "eval", right, "--kb", otherBase}, 0,
			"led right          1 of 1 answerable (100.0 %)\nrefused wrongly    0\nmissed             0\nrefused right      1 of 1 to refuse\nguessed            0\nright              2 of 2 questions (100.0 %)\n", ""},
		{"malformed question file", []string{"kb", "eval", "--kb", otherBase, bad}, 1, "",
			"incidentbot: " + bad + `:3:3: question 2: "lead" is "nothing"; want a list of phrases, ["nothing"], or "none" for a question the base must refuse` + "\n"},
		{"no question file", []string{"kb", "eval", "--kb", otherBase}, 2, "",
			"incidentbot: kb eval takes one question file, e.g. incidentbot kb eval questions.json; got 0 arguments\n"},
		{"--min out of range", []string{"kb", "eval", "--min", "90", set}, 2, "",
			"incidentbot: --min is a share from 0 to 1, such as 0.9; got 90\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := runEnv(t, nil, "", tt.args...)
			if code != tt.code {
				t.Errorf("exit code = %d; want %d\nstderr: %s", code, tt.code, stderr)
			}
			checkOutput(t, "stdout", stdout, tt.stdout)
			checkOutput(t, "stderr", stderr, tt.stderr)
		})
	}
}

// TestSpeaksOfTheBase checks through the command line that /help and a
// refusal on a base without the default one's people show that base's
// own, and that a mistyped command fails with the usage it likely meant.
func TestSpeaksOfTheBase(t *testing.T) {
	for _, loc := range []string{"", "ru_RU.UTF-8", "uk_UA.UTF-8"} {
		env := map[string]string{"LANG": loc}
		for _, line := range []string{"/help", "/who-said nobody at all"} {
			stdout, _, code := runEnv(t, env, "", "ask", "--kb", otherBase, line)
			if code != 0 || !strings.Contains(stdout, "/who-said Mara Lind") || strings.Contains(strings.ToLower(stdout), "peskov") {
				t.Errorf("LANG=%s ask %q: exit %d, want 0 and /who-said Mara Lind, never Peskov:\n%s", loc, line, code, stdout)
			}
		}
	}
	stdout, stderr, code := runEnv(t, nil, "", "ask", "--kb", otherBase, "/timelin")
	want := "Unknown command /timelin\nDid you mean /timeline?\n\n1. /timeline [date, month or words]\n   the events in date order, optionally filtered. Example: /timeline 2024-03\n"
	if code != 2 || stdout != want || stderr != "incidentbot: unknown command /timelin\n" {
		t.Errorf("ask /timelin: exit %d, stdout\n%s\nstderr %s\nwant exit 2, stdout\n%s", code, stdout, stderr, want)
	}
}
