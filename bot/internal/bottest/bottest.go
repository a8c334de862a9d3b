// Package bottest holds what the tests of bot and its adapters share: the
// fixture base the golden files are made from (Fixture), one engine over
// the default base (Default), the command lines and the size check every
// renderer runs on the default base (Lines, CheckAnswerSizes), and small
// fakes. It is imported by tests only; like bot, it must not import a chat
// library (TestNoChatLibraries keeps it so).
package bottest

import (
	"context"
	_ "embed"
	"io"
	"io/fs"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/eval"
	"github.com/incidentbot/incidentbot/bot/examples"
	"github.com/incidentbot/incidentbot/bot/i18n"
	"github.com/incidentbot/incidentbot/internal/corpus"
	"github.com/incidentbot/incidentbot/knowledge"
)

// FixtureName is the fixture's file, as the goldens' messages name it.
const FixtureName = "bot/internal/bottest/testdata/fixture.yaml"

//go:embed testdata/fixture.yaml
var fixtureFile []byte

// Fixture is an engine over the fixture base: a few entries copied from the
// default base, so that a golden file changes when a renderer does, not when
// the default base is curated.
var Fixture = engine(func() (*knowledge.Base, error) { return knowledge.Load(FixtureName, fixtureFile) })

// Default is an engine over the embedded default base.
var Default = engine(knowledge.Default)

// engine returns a function that gives every test one engine over the base
// load returns, built once: indexing is the slow part.
func engine(load func() (*knowledge.Base, error)) func(testing.TB) *bot.Engine {
	get := sync.OnceValues(func() (*bot.Engine, error) {
		base, err := load()
		if err != nil {
			return nil, err
		}
		return bot.New(nil, base, bot.Config{}), nil
	})
	return func(t testing.TB) *bot.Engine {
		t.Helper()
		e, err := get()
		if err != nil {
			t.Fatalf("loading a knowledge base: %v", err)
		}
		return e
	}
}

// Size targets from issue 9: an answer is read in a chat, in seconds.
const (
	MaxAskChars  = 2000
	MaxListChars = 4000
)

// EvalQuestions are the questions of the /ask evaluation set at path.
func EvalQuestions(t testing.TB, path string) []string {
	t.Helper()
	cases, err := eval.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	var qs []string
	for _, c := range cases {
		qs = append(qs, c.Q)
	}
	return qs
}

// CheckAnswerSizes checks what a renderer shows of the default base's
// answers, counted by shown over every page: each /ask of the evaluation
// set at evalFile at most MaxAskChars, the timeline and the claims list at
// most MaxListChars. It logs the figures docs/answers.md quotes.
func CheckAnswerSizes(t *testing.T, evalFile string, shown func(line string) int) {
	t.Helper()
	var asks []int
	for _, q := range EvalQuestions(t, evalFile) {
		n := shown("/ask " + q)
		asks = append(asks, n)
		if n > MaxAskChars {
			t.Errorf("/ask %s: %d characters; want at most %d", q, n, MaxAskChars)
		}
	}
	slices.Sort(asks)
	t.Logf("/ask: median %d, largest %d characters", asks[len(asks)/2], asks[len(asks)-1])
	for _, line := range []string{"/timeline", "/claims"} {
		n := shown(line)
		t.Logf("%s: %d characters", line, n)
		if n > MaxListChars {
			t.Errorf("%s: %d characters; want at most %d", line, n, MaxListChars)
		}
	}
	// The list of the quotes of the person quoted most, logged only.
	line := "/who-said " + examples.Of(Default(t).Base()).Person
	t.Logf("%s: %d characters", line, shown(line))
}

// Pages calls render for every page of the answer to line and returns the
// characters it counts in all.
func Pages(e *bot.Engine, platform, line string, render func(a bot.Answer) int) int {
	n := 0
	for page := 1; ; page++ {
		a := e.Ask(context.Background(), bot.Request{Platform: platform, Line: line, Page: page})
		n += render(a)
		if page >= a.Pages {
			return n
		}
	}
}

//go:embed testdata/default-lines.txt
var defaultLines string

// Lines are the command lines every renderer's test of the default base
// walks: every command with the arguments a user is likely to give (the
// base's own words, in testdata/default-lines.txt), the help for each,
// and /who-said for every name and alias the base knows.
func Lines(e *bot.Engine) []string {
	var lines []string
	for l := range strings.Lines(defaultLines) {
		if !strings.HasPrefix(l, "# ") {
			lines = append(lines, strings.TrimSuffix(l, "\n"))
		}
	}
	for _, c := range bot.Commands() {
		lines = append(lines, "/help "+c.Name)
	}
	for _, name := range e.Suggest(bot.Request{}, "who-said", "", math.MaxInt) {
		lines = append(lines, "/who-said "+name)
	}
	// Every entry's citation, and /cite of nothing.
	b := e.Base()
	lines = append(lines, "/cite", "/cite zzzz qqqq")
	for _, q := range b.Quotes {
		lines = append(lines, "/cite quote/"+q.ID)
	}
	for _, ev := range b.Events {
		lines = append(lines, "/cite event/"+ev.ID)
	}
	for _, c := range b.Claims {
		lines = append(lines, "/cite claim/"+c.ID)
	}
	return lines
}

// UnreadBody is a request body that fails the test if anything reads it,
// for requests a handler must refuse before reading.
func UnreadBody(t *testing.T) io.ReadCloser { return unreadBody{t} }

type unreadBody struct{ t *testing.T }

func (u unreadBody) Read([]byte) (int, error) {
	u.t.Error("the body was read")
	return 0, io.EOF
}

func (unreadBody) Close() error { return nil }

// Refs are the references of every event, quote and claim of base, as the
// Details menu and button send them.
func Refs(base *knowledge.Base) []string {
	var refs []string
	for _, e := range base.Events {
		refs = append(refs, knowledge.KindEvent+"/"+e.ID)
	}
	for _, q := range base.Quotes {
		refs = append(refs, knowledge.KindQuote+"/"+q.ID)
	}
	for _, c := range base.Claims {
		refs = append(refs, knowledge.KindClaim+"/"+c.ID)
	}
	return refs
}

// CheckPhrases checks the words only one platform shows (its locales/), as
// the engine's catalogue is checked: every language has every key, with
// the same verbs.
func CheckPhrases(t *testing.T, localeFiles fs.FS) {
	t.Helper()
	own, err := i18n.Load(localeFiles)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range own.Problems() {
		t.Error(p)
	}
}

// Ids of the incidents Incidents loads besides the default base's
// (DefaultIncident).
const (
	HearingsIncident = "impeachment-hearings-2019"
	MarketIncident   = "kostiantynivka-market-strike"
)

// DefaultIncident is the id of the default base's incident, as its file
// gives it.
var DefaultIncident = sync.OnceValue(func() string {
	f, ps := knowledge.Parse(knowledge.DefaultName, knowledge.DefaultData())
	if ps != nil {
		panic(ps) // the default base's own tests say what is wrong
	}
	return f.Incident.ID
})

// Incidents is a new engine over a folder's worth of incidents, with cfg
// besides: the default base, and two of rank's tuning bases rendered from
// the corpus (rankTestdata is bot/rank/testdata from the test's folder).
// Each test gets its own, to add and drop incidents in.
func Incidents(tb testing.TB, rankTestdata string, cfg bot.Config) *bot.Engine {
	tb.Helper()
	def, err := knowledge.Default()
	if err != nil {
		tb.Fatal(err)
	}
	cfg.Folder = true
	cfg.Incidents = append(cfg.Incidents, bot.Incident{Base: def})
	for _, name := range []string{"hearings", "market"} {
		b, err := knowledge.Load(name+".yaml", corpus.RenderFile(tb, filepath.Join(rankTestdata, name+".yaml.tmpl")))
		if err != nil {
			tb.Fatal(err)
		}
		cfg.Incidents = append(cfg.Incidents, bot.Incident{Base: b})
	}
	return bot.New(nil, nil, cfg)
}
