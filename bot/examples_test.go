package bot

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/incidentbot/incidentbot/bot/examples"
	"github.com/incidentbot/incidentbot/bot/i18n"
	"github.com/incidentbot/incidentbot/knowledge"
)

// otherBase is testdata/other.yaml, a small base about an invented
// incident that is not the default one: none of its words is the
// default base's.
func otherBase(t testing.TB) string {
	t.Helper()
	raw, err := os.ReadFile("testdata/other.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// otherEngine is an engine over otherBase.
func otherEngine(t testing.TB) *Engine {
	t.Helper()
	b, err := knowledge.Load("other.yaml", []byte(otherBase(t)))
	if err != nil {
		t.Fatal(err)
	}
	return New(nil, b, Config{})
}

// defaultWords finds the default base's words in the bot's own text.
var defaultWords = regexp.MustCompile(`(?i)peskov|песков|пєсков|kremlin|кремл|drone|false flag|2023|kirby|washington`)

// TestExamplesFromTheBase checks that /help and a refusal speak of the
// loaded base, in every language: its people, a month of its timeline,
// words of its claims, never the default base's.
func TestExamplesFromTheBase(t *testing.T) {
	e := otherEngine(t)
	for _, loc := range i18n.Locales {
		ask := func(line string) string {
			return Plain(e.Ask(context.Background(), Request{Platform: "test", Line: line, Locale: loc}))
		}
		for _, tt := range []struct {
			line string
			want []string
		}{
			{"/help", []string{"/timeline 2024-03", "/who-said Mara Lind", "/claims structural damage", "/check The bridge was unsafe for lorries\n", "/help who-said", "/kb status"}},
			{"/help who-said", []string{"/who-said Mara Lind"}},
			{"/help ask", []string{"/ask " + i18n.T(loc, "what did %s say?", "Mara Lind")}},
			{"/who-said", []string{"/who-said Mara Lind"}},
			{"/who-said nobody at all", []string{"/timeline, /who-said Mara Lind, /claims"}},
			{"/ask what is the capital of France", []string{"/timeline, /who-said Mara Lind, /claims"}},
		} {
			got := ask(tt.line)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("%s: Ask(%q) does not show %q:\n%s", loc, tt.line, w, got)
				}
			}
			if m := defaultWords.FindString(got); m != "" {
				t.Errorf("%s: Ask(%q) shows the default base's %q:\n%s", loc, tt.line, m, got)
			}
		}
	}
}

// TestClaimTopicWithoutTags checks the /claims example of a base whose
// claims have no tags: the longest word of the most disputed claim.
func TestClaimTopicWithoutTags(t *testing.T) {
	b, err := knowledge.Load("untagged.yaml", []byte(strings.Replace(otherBase(t), "    tags: [structural-damage, lorries]\n", "", 1)))
	if err != nil {
		t.Fatal(err)
	}
	help := Plain(New(nil, b, Config{}).Ask(context.Background(), Request{Line: "/help claims"}))
	if want := "Example: /claims lorries\n"; !strings.Contains(help, want) {
		t.Errorf("/help claims does not show %q:\n%s", want, help)
	}
}

// TestExampleNamesSomeone checks that a refusal suggests /who-said with
// someone the sources name, even when the person quoted most is only
// described ("… (unnamed)", as kb draft writes them): a reader cannot be
// expected to type a description.
func TestExampleNamesSomeone(t *testing.T) {
	b, err := knowledge.Load("described.yaml", []byte(strings.Replace(otherBase(t), `name: "Mara Lind"`, `name: "Spokeswoman for the mayor (unnamed)"`, 1)))
	if err != nil {
		t.Fatal(err)
	}
	got := Plain(New(nil, b, Config{}).Ask(context.Background(), Request{Line: "/ask what is the capital of France"}))
	if want := "Try /timeline, /who-said City engineers, /claims or /help."; !strings.Contains(got, want) {
		t.Errorf("refusal does not show %q:\n%s", want, got)
	}
}

// TestCountsAgree checks that counts agree with their nouns in every
// language, as a refusal states them.
func TestCountsAgree(t *testing.T) {
	e := otherEngine(t)
	for loc, want := range map[string]string{
		i18n.LocaleEN: "It covers Riverton bridge closure: 3 events from 4 March 2024 to 1 April 2024, 3 quotes from 2 speakers, 1 claim and 1 source.",
		i18n.LocaleRU: "Она охватывает тему «Riverton bridge closure»: 3 события (4 марта 2024 — 1 апреля 2024), 3 цитаты от 2 говорящих, 1 утверждение и 1 источник.",
		i18n.LocaleUK: "Вона охоплює тему «Riverton bridge closure»: 3 події (4 березня 2024 — 1 квітня 2024), 3 цитати від 2 мовців, 1 твердження і 1 джерело.",
	} {
		a := e.Ask(context.Background(), Request{Line: "/who-said nobody", Locale: loc})
		if !strings.Contains(a.Intro, want) {
			t.Errorf("%s: refusal = %q; want it to hold %q", loc, a.Intro, want)
		}
	}
	for _, tt := range []struct {
		loc, key string
		n        int
		want     string
	}{
		{i18n.LocaleEN, "%d sources", 1, "1 source"},
		{i18n.LocaleEN, "%d sources", 0, "0 sources"},
		{i18n.LocaleEN, "%d events", 2, "2 events"},
		{i18n.LocaleEN, "from %d speakers", 1, "from 1 speaker"},
		{i18n.LocaleRU, "%d sources", 1, "1 источник"},
		{i18n.LocaleRU, "%d sources", 3, "3 источника"},
		{i18n.LocaleRU, "%d sources", 5, "5 источников"},
		{i18n.LocaleRU, "%d sources", 11, "11 источников"},
		{i18n.LocaleRU, "%d sources", 21, "21 источник"},
		{i18n.LocaleRU, "%d sources", 22, "22 источника"},
		{i18n.LocaleUK, "%d events", 1, "1 подія"},
		{i18n.LocaleUK, "%d events", 4, "4 події"},
		{i18n.LocaleUK, "%d events", 12, "12 подій"},
		{i18n.LocaleUK, "%d events", 101, "101 подія"},
		{i18n.LocaleUK, "from %d speakers", 1, "від 1 мовця"},
		{i18n.LocaleUK, "from %d speakers", 5, "від 5 мовців"},
	} {
		if got := i18n.N(tt.loc, tt.key, tt.n); got != tt.want {
			t.Errorf("i18n.N(%s, %q, %d) = %q; want %q", tt.loc, tt.key, tt.n, got, tt.want)
		}
	}
}

// TestGroupVerbs checks that a person the base marks as a group takes the
// plural verb, in every language, and one person the singular.
func TestGroupVerbs(t *testing.T) {
	e := otherEngine(t)
	for loc, want := range map[string][]string{
		i18n.LocaleEN: {"City engineers assert:", "Tom Ash denies:"},
		i18n.LocaleRU: {"City engineers утверждают:", "Tom Ash отрицает:"},
		i18n.LocaleUK: {"City engineers стверджують:", "Tom Ash заперечує:"},
	} {
		got := Plain(e.Ask(context.Background(), Request{Line: "/claims", Locale: loc, Full: true}))
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: /claims does not show %q:\n%s", loc, w, got)
			}
		}
	}
}

// TestDidYouMean checks that a mistyped command gets the usage of the
// command it most likely meant, in every language, and that a name near
// none, or near several, gets the whole list.
func TestDidYouMean(t *testing.T) {
	e := otherEngine(t)
	for _, tt := range []struct {
		line, meant string
	}{
		{"/claim nord stream", "claims"},
		{"/timelin", "timeline"},
		{"/whosaid Lind", "who-said"},
		{"/Sorces", "sources"},
		{"/tim", "timeline"},
		{"/as who closed it", "ask"},
		{"/help claim", "claims"},
		{"/c", ""},
		{"/ch", ""},
		{"/frobnicate", ""},
		{"/кто", ""},
	} {
		for _, loc := range i18n.Locales {
			a := e.Ask(context.Background(), Request{Line: tt.line, Locale: loc})
			if !a.Help || !a.Misuse {
				t.Errorf("%s: Ask(%q): Help %v, Misuse %v; want both", loc, tt.line, a.Help, a.Misuse)
			}
			if tt.meant == "" {
				// All but /incidents, which a bot of one incident does
				// not list.
				if len(a.Items) != len(commands())-1 {
					t.Errorf("%s: Ask(%q) shows %d commands; want all %d but /incidents", loc, tt.line, len(a.Items), len(commands())-1)
				}
				continue
			}
			if want := i18n.T(loc, "Did you mean %s?", "/"+tt.meant); a.Intro != want {
				t.Errorf("%s: Ask(%q).Intro = %q; want %q", loc, tt.line, a.Intro, want)
			}
			if len(a.Items) != 1 || !strings.HasPrefix(a.Items[0].Heading, "/"+tt.meant) {
				t.Errorf("%s: Ask(%q) shows %+v; want the usage of /%s alone", loc, tt.line, a.Items, tt.meant)
			}
		}
	}
	if a := e.Ask(context.Background(), Request{Line: "/help"}); a.Misuse {
		t.Error("/help is marked as a mistake")
	}
}

// TestTableKnowsNoIncident checks that the command table, which /help,
// the Discord registration and the Slack manifest are made from, holds
// no proper name of the default base (a capitalised word of a person's
// name or of its title, after the first) and none of its claims' topics
// of several words ("false flag"): its examples come from the loaded
// base.
func TestTableKnowsNoIncident(t *testing.T) {
	b, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	add := func(s string) {
		words := strings.FieldsFunc(s, func(r rune) bool { return !examples.IsWordRune(r) || r == '-' })
		for _, w := range words[min(1, len(words)):] {
			if r := []rune(w); len(r) >= 3 && unicode.IsUpper(r[0]) {
				names[strings.ToLower(w)] = true
			}
		}
	}
	add(b.Incident.Title)
	for _, p := range b.People {
		add(p.Name)
	}
	var topics []string
	for _, c := range b.Claims {
		for _, tag := range c.Tags {
			if strings.Contains(tag, "-") {
				topics = append(topics, strings.ReplaceAll(tag, "-", " "))
			}
		}
	}
	for _, c := range Commands() {
		for _, text := range append([]string{c.Name, c.Args, c.Summary, c.Option.Help}, c.Option.Choices...) {
			for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !examples.IsWordRune(r) || r == '-' }) {
				if names[w] {
					t.Errorf("/%s: %q holds %q, a name of the default base", c.Name, text, w)
				}
			}
			for _, topic := range topics {
				if strings.Contains(strings.ToLower(text), topic) {
					t.Errorf("/%s: %q holds %q, a topic of the default base", c.Name, text, topic)
				}
			}
		}
	}
}
