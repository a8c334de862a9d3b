package eval

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/knowledge"
)

// otherQuestions is a question set for testdata/other.yaml with one
// question of each outcome.
const otherQuestions = `[
  {"q": "what did mara lind say about safety?", "lead": ["Safety  comes first"]},
  {"q": "when was the bridge closed", "lead": ["closed the bridge", "closure"], "why": "the closure"},
  {"q": "what did the engineers say", "lead": ["“safety comes first”"]},
  {"q": "what is the capital of France", "lead": "none"},
  {"q": "what did the city engineers say", "not_found": true},
  {"q": "how much did the repairs cost", "lead": ["cost"]}
]`

// otherEngine is an engine over bot's testdata/other.yaml, a small base
// about an invented incident.
func otherEngine(t testing.TB) *bot.Engine {
	t.Helper()
	b, err := knowledge.LoadFile("../testdata/other.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return bot.New(nil, b, bot.Config{})
}

// TestRunStopsWhenCancelled: an evaluation whose ctx has ended asks
// nothing more and says how far it got.
func TestRunStopsWhenCancelled(t *testing.T) {
	cases, err := Parse("set.json", []byte(otherQuestions))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r, err := Run(ctx, otherEngine(t), cases)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run with an ended ctx = %v; want context.Canceled", err)
	}
	if want := "evaluation stopped after 0 of 6 questions: context canceled"; err.Error() != want {
		t.Errorf("Run with an ended ctx = %q; want %q", err, want)
	}
	if len(r.Results) != 0 {
		t.Errorf("Run with an ended ctx asked %d questions; want none", len(r.Results))
	}
}

// TestRun checks each outcome and the report on a small base: the
// lead right (case, white space and quotation marks folded), refused
// right, guessed, missed, refused wrongly.
func TestRun(t *testing.T) {
	cases, err := Parse("set.json", []byte(otherQuestions))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Run(context.Background(), otherEngine(t), cases)
	if err != nil {
		t.Fatal(err)
	}
	var got []Outcome
	for _, res := range r.Results {
		got = append(got, res.Outcome)
	}
	if want := []Outcome{LedRight, LedRight, Missed, RefusedRight, Guessed, RefusedWrongly}; !reflect.DeepEqual(got, want) {
		t.Errorf("outcomes %v; want %v\n%s", got, want, r)
	}
	want := `set.json:4: missed: /ask what did the engineers say
    led with: “The girders cannot carry lorries,” the city engineers said.
    want: "“safety comes first”"
set.json:6: guessed: /ask what did the city engineers say
    led with: “The girders cannot carry lorries,” the city engineers said.
    want: no answer
set.json:7: refused wrongly: /ask how much did the repairs cost
    want: "cost"

led right          2 of 4 answerable (50.0 %)
refused wrongly    1
missed             1
refused right      1 of 2 to refuse
guessed            1
right              3 of 6 questions (50.0 %)
`
	if r.String() != want {
		t.Errorf("report:\n%s\nwant:\n%s", r, want)
	}
	if r.AnswerableShare() != 0.5 || r.RightShare() != 0.5 {
		t.Errorf("shares %v and %v; want 0.5 and 0.5", r.AnswerableShare(), r.RightShare())
	}
}

// TestParse checks the question file's forms and that each
// mistake is told with its line and column.
func TestParse(t *testing.T) {
	got, err := Parse("set.json", []byte(`[
  {"q": "who?", "lead": ["a", "b"], "why": "note"},
  {"q": "what?", "lead": "none"},
  {"q": "when?", "lead": "None"},
  {"q": "where?", "not_found": true},
  {"q": "кто?", "lead": ["a"], "lang": "ru"}
]`))
	want := []Case{
		{Q: "who?", Lead: []string{"a", "b"}, Why: "note", At: "set.json:2"},
		{Q: "what?", Refuse: true, At: "set.json:3"},
		{Q: "when?", Refuse: true, At: "set.json:4"},
		{Q: "where?", Refuse: true, At: "set.json:5"},
		{Q: "кто?", Lead: []string{"a"}, Lang: "ru", At: "set.json:6"},
	}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Parse = %+v, %v; want %+v", got, err, want)
	}
	for _, tt := range []struct{ data, want string }{
		{"", `set.json:1:1: not valid JSON: unexpected end of JSON input`},
		{`{"q": "a"}`, `set.json:1:1: want a JSON array of questions, [{"q": …, "lead": […]}, …]`},
		{"[]", "set.json:1:1: no questions"},
		{"[\n  {\"q\": \"a\", \"lead\": [\"x\"],}\n]", `set.json:2:28: not valid JSON: invalid character '}' looking for beginning of object key string`},
		{"[\n  {\"q\": \"a\", \"lead\": [\"x\"]}\n", `set.json:2:28: not valid JSON: unexpected end of JSON input`},
		{`[{"q": "a", "lead": ["x"]}] x`, `set.json:1:29: not valid JSON: invalid character 'x' after top-level value`},
		{"[\n  {\"q\": \"a\", \"lead\": [\"x\"]},\n  {\"q\": \"b\", \"leads\": [\"x\"]}\n]", `set.json:3:3: question 2: unknown key "leads"; the keys are q, lead, not_found, why and lang`},
		{"[\n  \"what\"\n]", `set.json:2:3: question 1: want an object {"q": …, "lead": […]}, got a JSON string`},
		{`[{"q": 3, "lead": ["x"]}]`, `set.json:1:2: question 1: "q" is a JSON number; want text`},
		{`[{"q": " ", "lead": ["x"]}]`, `set.json:1:2: question 1: "q", the question, is missing or empty`},
		{`[{"lead": ["x"]}]`, `set.json:1:2: question 1: "q", the question, is missing or empty`},
		{`[{"q": "a"}]`, `set.json:1:2: question 1: "lead" is missing; want the phrases a right lead holds, ["…", "…"], or "none" for a question the base must refuse`},
		{`[{"q": "a", "lead": "nothing"}]`, `set.json:1:2: question 1: "lead" is "nothing"; want a list of phrases, ["nothing"], or "none" for a question the base must refuse`},
		{`[{"q": "a", "lead": []}]`, `set.json:1:2: question 1: "lead" has an empty phrase, or none; want ["…"], or "none" for a question the base must refuse`},
		{`[{"q": "a", "lead": ["x", ""]}]`, `set.json:1:2: question 1: "lead" has an empty phrase, or none; want ["…"], or "none" for a question the base must refuse`},
		{`[{"q": "a", "lead": [1]}]`, `set.json:1:2: question 1: "lead" is not a list of phrases; want ["…", "…"] or "none"`},
		{`[{"q": "a", "lead": ["x"], "not_found": true}]`, `set.json:1:2: question 1: phrases to lead with and "not_found": true; give one or the other`},
		{`[{"q": "a", "not_found": "yes"}]`, `set.json:1:2: question 1: "not_found" is a JSON string; want true or false`},
		{`[{"q": "a", "lead": "none", "lang": "de"}]`, `set.json:1:2: question 1: "lang" is "de"; want one of en, ru, uk`},
		{"[\n  {\"q\": \"é\", \"lead\": [\"x\"]}, {\"q\": \"b\"}]", `set.json:2:30: question 2: "lead" is missing; want the phrases a right lead holds, ["…", "…"], or "none" for a question the base must refuse`},
	} {
		if _, err := Parse("set.json", []byte(tt.data)); err == nil || err.Error() != tt.want {
			t.Errorf("Parse(%q) = %v;\nwant %s", tt.data, err, tt.want)
		}
	}
}

// placed is how every error of Parse begins: the file, a line
// and a column.
var placed = regexp.MustCompile(`^set\.json:(\d+):(\d+): `)

// FuzzParse feeds arbitrary files to the question-file parser:
// it never panics; an error is placed on a line of the file; and what it
// reads, written back as a question file, reads the same.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		otherQuestions, "[]", "", "{}", `[{"q":"a","lead":"none"}]`, `[{"q":"a","lead":["x"],"lang":"uk"}]`,
		`[{"q":"a","not_found":true,"why":"w"}]`, "[\n{\"q\":\"a\",\"lead\":[\"x\"]},\n]", `[{"q":"\u00e9","lead":["\ud83d\ude00"]}]`,
		`[{"q":"a","lead":null}]`, `[{"q":"a","lead":{"x":1}}]`, "[1,2]", "\xef\xbb\xbf[]",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		cases, err := Parse("set.json", []byte(data))
		if err != nil {
			m := placed.FindStringSubmatch(err.Error())
			if m == nil {
				t.Fatalf("error %q does not begin with the file, a line and a column", err)
			}
			if line := mustAtoi(m[1]); line > strings.Count(data, "\n")+1 {
				t.Fatalf("error %q is placed on line %d of a file of %d lines", err, line, strings.Count(data, "\n")+1)
			}
			return
		}
		var out []map[string]any
		for _, c := range cases {
			if strings.TrimSpace(c.Q) == "" || c.Refuse == (len(c.Lead) > 0) {
				t.Fatalf("read %+v: want a question, and either phrases or a refusal", c)
			}
			m := map[string]any{"q": c.Q, "lead": "none"}
			if !c.Refuse {
				m["lead"] = c.Lead
			}
			if c.Why != "" {
				m["why"] = c.Why
			}
			if c.Lang != "" {
				m["lang"] = c.Lang
			}
			out = append(out, m)
		}
		raw, err := json.MarshalIndent(out, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		again, err := Parse("set.json", raw)
		if err != nil {
			t.Fatalf("the questions read from %q, written back as %s, do not read: %v", data, raw, err)
		}
		for i := range again {
			again[i].At, cases[i].At = "", ""
		}
		if !reflect.DeepEqual(again, cases) {
			t.Fatalf("read %+v; written back and read again %+v", cases, again)
		}
	})
}

func mustAtoi(s string) int {
	var n int
	fmt.Sscan(s, &n)
	return n
}
