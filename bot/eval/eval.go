// Package eval measures /ask on question sets: which questions it leads
// right on, which it refuses as it must, and which it gets wrong.
// `incidentbot kb eval` and the project's own ranking evaluations both run
// through it, so that an admin's figures and the project's are measured
// alike.
package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/i18n"
	"github.com/incidentbot/incidentbot/knowledge"
)

// Case is one question of a question set (`incidentbot kb eval`, the
// project's own ranking evaluations): a question /ask must lead right on,
// or one the base must refuse.
type Case struct {
	// Q is the question, as a user would ask it.
	Q string
	// Lead holds the phrases a right lead contains, any one of them; empty
	// when Refuse is set.
	Lead []string
	// Refuse marks a question the base cannot answer: /ask must say it has
	// nothing on it.
	Refuse bool
	// Why is the author's note on the answer; Lang the language the
	// question is asked in ("" for English).
	Why, Lang string
	// At is where the question is in its file ("set.json:12"), for reports.
	At string
}

// caseJSON is a question as a question file writes it.
type caseJSON struct {
	Q        *string         `json:"q"`
	Lead     json.RawMessage `json:"lead"`
	NotFound *bool           `json:"not_found"`
	Why      string          `json:"why"`
	Lang     string          `json:"lang"`
}

// Read reads a question file: a JSON array of questions, each
// {"q": "question", "lead": ["phrase", "other phrase"], "why": "note"}, or
// {"q": "question", "lead": "none"} for one the base must refuse
// ("not_found": true is read as "lead": "none"); "lang" ("ru", "uk") asks
// it in another language.
func Read(path string) ([]Case, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse is Read for the bytes of the file name. Every
// error names the file, line and column.
func Parse(name string, data []byte) ([]Case, error) {
	at := func(off int64) string { l, c := lineCol(data, off); return fmt.Sprintf("%s:%d:%d", name, l, c) }
	// The whole file first, so that a syntax error is placed in it: the
	// decoder below places its errors in its own buffer.
	var probe any
	if err := json.Unmarshal(data, &probe); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("%s: not valid JSON: %s", at(max(se.Offset-1, 0)), strings.TrimPrefix(se.Error(), "json: "))
		}
		return nil, fmt.Errorf("%s: %w", at(0), err)
	}
	if _, ok := probe.([]any); !ok {
		return nil, fmt.Errorf("%s: want a JSON array of questions, [{\"q\": …, \"lead\": […]}, …]", at(skipSpace(data, 0)))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("%s: %w", at(0), err)
	}
	var cases []Case
	for dec.More() {
		start := skipSpace(data, dec.InputOffset())
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, fmt.Errorf("%s: %w", at(start), err)
		}
		c, err := readCase(raw, len(cases)+1)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", at(start), err)
		}
		line, _ := lineCol(data, start)
		c.At = fmt.Sprintf("%s:%d", name, line)
		cases = append(cases, c)
	}
	if len(cases) == 0 {
		return nil, fmt.Errorf("%s: no questions", at(skipSpace(data, 0)))
	}
	return cases, nil
}

// evalCase checks and reads the nth question of a file.
func readCase(raw json.RawMessage, n int) (Case, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var j caseJSON
	if err := dec.Decode(&j); err != nil {
		var ute *json.UnmarshalTypeError
		switch {
		case errors.As(err, &ute) && ute.Field != "":
			return Case{}, fmt.Errorf("question %d: %q is a JSON %s; want %s", n, ute.Field, ute.Value, jsonKind(ute.Type.String()))
		case errors.As(err, &ute):
			return Case{}, fmt.Errorf("question %d: want an object {\"q\": …, \"lead\": […]}, got a JSON %s", n, ute.Value)
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			return Case{}, fmt.Errorf("question %d: unknown key %s; the keys are q, lead, not_found, why and lang", n, strings.TrimPrefix(err.Error(), "json: unknown field "))
		}
		return Case{}, fmt.Errorf("question %d: %w", n, err)
	}
	if j.Q == nil || strings.TrimSpace(*j.Q) == "" {
		return Case{}, fmt.Errorf("question %d: \"q\", the question, is missing or empty", n)
	}
	c := Case{Q: *j.Q, Why: j.Why, Lang: j.Lang}
	if j.Lang != "" {
		if _, ok := i18n.ParseLocale(j.Lang); !ok {
			return Case{}, fmt.Errorf("question %d: \"lang\" is %q; want one of %s", n, j.Lang, strings.Join(i18n.Locales, ", "))
		}
	}
	refuse := j.NotFound != nil && *j.NotFound
	var none string
	switch {
	case len(j.Lead) == 0 || string(j.Lead) == "null":
		if !refuse {
			return Case{}, fmt.Errorf("question %d: \"lead\" is missing; want the phrases a right lead holds, [\"…\", \"…\"], or \"none\" for a question the base must refuse", n)
		}
		c.Refuse = true
	case json.Unmarshal(j.Lead, &none) == nil:
		if !strings.EqualFold(strings.TrimSpace(none), "none") {
			return Case{}, fmt.Errorf("question %d: \"lead\" is %q; want a list of phrases, [%q], or \"none\" for a question the base must refuse", n, none, none)
		}
		c.Refuse = true
	default:
		if err := json.Unmarshal(j.Lead, &c.Lead); err != nil {
			return Case{}, fmt.Errorf("question %d: \"lead\" is not a list of phrases; want [\"…\", \"…\"] or \"none\"", n)
		}
		if refuse {
			return Case{}, fmt.Errorf("question %d: phrases to lead with and \"not_found\": true; give one or the other", n)
		}
		if len(c.Lead) == 0 || slices.ContainsFunc(c.Lead, func(s string) bool { return strings.TrimSpace(s) == "" }) {
			return Case{}, fmt.Errorf("question %d: \"lead\" has an empty phrase, or none; want [\"…\"], or \"none\" for a question the base must refuse", n)
		}
	}
	return c, nil
}

// jsonKind names a field's Go type as the JSON a question file should
// hold there: text, or true or false for "not_found".
func jsonKind(goType string) string {
	if strings.HasSuffix(goType, "bool") {
		return "true or false"
	}
	return "text"
}

// lineCol is the 1-based line and column (in characters) of byte off.
func lineCol(data []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
	return line, col
}

// skipSpace is the offset of the first byte at or after off that is not
// white space or the comma between array elements.
func skipSpace(data []byte, off int64) int64 {
	for off < int64(len(data)) && strings.IndexByte(" \t\r\n,", data[off]) >= 0 {
		off++
	}
	return off
}

// Outcome is how /ask did on one question.
type Outcome int

// The outcomes: for a question it can answer, the base leads right, says
// it has nothing (RefusedWrongly) or leads with something else (Missed);
// for one it must refuse, it refuses or answers anyway (Guessed).
const (
	LedRight Outcome = iota
	RefusedWrongly
	Missed
	RefusedRight
	Guessed
)

var outcomeNames = [...]string{"led right", "refused wrongly", "missed", "refused right", "guessed"}

func (o Outcome) String() string { return outcomeNames[o] }

// Result is one question and what /ask led with.
type Result struct {
	Case    Case
	Outcome Outcome
	// Lead is the lead's words, "" when /ask refused.
	Lead string
}

// Report is how /ask did on a question set.
type Report struct {
	Results []Result
}

// Run asks e every question with /ask and says how each went. The
// project's ranking evaluations and `incidentbot kb eval` both run
// through it, so that an admin's figures and the project's are measured
// alike. When ctx ends it stops, returning the questions done so far and
// an error that says how far it got.
func Run(ctx context.Context, e *bot.Engine, cases []Case) (Report, error) {
	var r Report
	for i, c := range cases {
		if err := ctx.Err(); err != nil {
			return r, fmt.Errorf("evaluation stopped after %d of %d questions: %w", i, len(cases), err)
		}
		a := e.Ask(ctx, bot.Request{Platform: "eval", Line: "/ask " + c.Q, Locale: c.Lang})
		res := Result{Case: c}
		if a.Lead != nil {
			res.Lead = a.Lead.Words.Text
		}
		refused := a.NotFound || a.Lead == nil
		switch {
		case c.Refuse && refused:
			res.Outcome = RefusedRight
		case c.Refuse:
			res.Outcome = Guessed
		case refused:
			res.Outcome = RefusedWrongly
		case slices.ContainsFunc(c.Lead, func(p string) bool { return strings.Contains(fold(res.Lead), fold(p)) }):
			res.Outcome = LedRight
		default:
			res.Outcome = Missed
		}
		r.Results = append(r.Results, res)
	}
	return r, nil
}

// fold is text as a lead and a phrase are compared: in lower case,
// with white space and quotation marks folded as excerpts are checked.
func fold(s string) string { return strings.ToLower(knowledge.Fold(s)) }

// Count is how many questions had outcome o.
func (r Report) Count(o Outcome) int {
	n := 0
	for _, res := range r.Results {
		if res.Outcome == o {
			n++
		}
	}
	return n
}

// Answerable is how many questions the base can answer, and how many of
// them led right.
func (r Report) Answerable() (right, total int) {
	right = r.Count(LedRight)
	return right, right + r.Count(RefusedWrongly) + r.Count(Missed)
}

// Right is how many questions went right, of all of them.
func (r Report) Right() (right, total int) {
	return r.Count(LedRight) + r.Count(RefusedRight), len(r.Results)
}

// share is right/total, 1 when there are none.
func share(right, total int) float64 {
	if total == 0 {
		return 1
	}
	return float64(right) / float64(total)
}

// AnswerableShare is the share of answerable questions that led right:
// what `kb eval --min` applies to.
func (r Report) AnswerableShare() float64 { return share(r.Answerable()) }

// RightShare is the share of all questions that went right.
func (r Report) RightShare() float64 { return share(r.Right()) }

// maxShownLead bounds a lead in a report line; the rest is cut with "…".
const maxShownLead = 300

// cut is s cut to n characters, marked with "…" when cut.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// String is the report as `kb eval` prints it: each question that went
// wrong with what /ask led with, then the totals.
func (r Report) String() string {
	var b strings.Builder
	for _, res := range r.Results {
		if res.Outcome == LedRight || res.Outcome == RefusedRight {
			continue
		}
		fmt.Fprintf(&b, "%s: %s: /ask %s\n", res.Case.At, res.Outcome, res.Case.Q)
		if res.Lead != "" {
			fmt.Fprintf(&b, "    led with: %s\n", cut(strings.Join(strings.Fields(res.Lead), " "), maxShownLead))
		}
		if res.Outcome == Guessed {
			b.WriteString("    want: no answer\n")
		} else {
			quoted := make([]string, len(res.Case.Lead))
			for i, p := range res.Case.Lead {
				quoted[i] = fmt.Sprintf("%q", p)
			}
			fmt.Fprintf(&b, "    want: %s\n", strings.Join(quoted, " or "))
		}
	}
	if b.Len() > 0 {
		b.WriteString("\n")
	}
	right, answerable := r.Answerable()
	refused, toRefuse := r.Count(RefusedRight), r.Count(RefusedRight)+r.Count(Guessed)
	all, total := r.Right()
	fmt.Fprintf(&b, "led right        %3d of %d answerable (%.1f %%)\n", right, answerable, 100*share(right, answerable))
	fmt.Fprintf(&b, "refused wrongly  %3d\n", r.Count(RefusedWrongly))
	fmt.Fprintf(&b, "missed           %3d\n", r.Count(Missed))
	fmt.Fprintf(&b, "refused right    %3d of %d to refuse\n", refused, toRefuse)
	fmt.Fprintf(&b, "guessed          %3d\n", r.Count(Guessed))
	fmt.Fprintf(&b, "right            %3d of %d questions (%.1f %%)\n", all, total, 100*share(all, total))
	return b.String()
}
