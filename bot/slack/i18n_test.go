package slack

import (
	"context"
	"encoding/json"
	"regexp"
	"slices"
	"testing"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/internal/bottest"
)

// englishLabels are labels that must not be left in English in an answer
// for a Russian or Ukrainian workspace.
var englishLabels = regexp.MustCompile(`"Details"|Share in channel|"Previous"|"Next"|_paraphrase:_|What the sources say|The sources are in English|\bdisputed\b|\basserts\b|Items \d`)

// quotedWords finds a speaker's words in quotation marks and a source's
// words as a block quote.
var quotedWords = regexp.MustCompile(`“[^”]+”|(?m)^> .*$`)

// quoted lists the quoted words of a rendered message's blocks, but for
// the header.
func quoted(msg []byte) []string {
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if v["type"] == "header" {
				return // the title, which repeats the query
			}
			for k, x := range v {
				if s, ok := x.(string); ok && k == "text" {
					out = append(out, quotedWords.FindAllString(s, -1)...)
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	var v any
	if err := json.Unmarshal(msg, &v); err != nil {
		panic(err)
	}
	walk(v.(map[string]any)["blocks"])
	return out
}

// TestGoldenLocalized pins Block Kit answers for SLACK_LOCALE=ru and uk:
// every label in that language, the quotes and excerpts as in English.
func TestGoldenLocalized(t *testing.T) {
	e := bottest.Fixture(t)
	for _, tt := range []struct{ name, locale, line, english string }{
		{"ask-ru", "ru", "/ask атака беспилотников на Кремль", "/ask drone attack on the Kremlin"},
		{"ask-uk", "uk", "/ask атака безпілотників на Кремль", "/ask drone attack on the Kremlin"},
		{"who-said-ru", "ru", "/who-said Песков", "/who-said Peskov"},
		{"claims-uk", "uk", "/claims під чужим прапором", "/claims false flag"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st := state{Line: tt.line, Page: 1}
			a := e.Ask(context.Background(), bot.Request{Platform: "slack", Line: tt.line, Page: 1, Locale: tt.locale})
			if a.NotFound || a.Total == 0 && a.Lead == nil {
				t.Fatalf("Ask(%q) found nothing", tt.line)
			}
			msg := render(a, st)
			checkLimits(t, tt.line, msg)
			got := pretty(msg)
			if m := englishLabels.Find(got); m != nil {
				t.Errorf("%s in %s: %q left in English", tt.line, tt.locale, m)
			}
			en := pretty(render(e.Ask(context.Background(), bot.Request{Platform: "slack", Line: tt.english, Page: 1}), state{Line: tt.english, Page: 1}))
			n := 0
			for _, q := range quoted(en) {
				n++
				if !slices.Contains(quoted(got), q) {
					t.Errorf("%s: quoted words changed or missing: %s", tt.line, q)
				}
			}
			if n == 0 {
				t.Errorf("%s: the English answer quotes nothing to compare", tt.english)
			}
			checkGolden(t, tt.name, tt.line+" in "+tt.locale, got)
		})
	}
}

// TestPhrasesComplete checks the words only Slack shows.
func TestPhrasesComplete(t *testing.T) {
	bottest.CheckPhrases(t, localeFiles)
}
