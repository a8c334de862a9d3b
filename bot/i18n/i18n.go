// Package i18n is the languages the bot speaks: its message catalogues
// (locales/, one file a language, each keyed by the English text), the
// plural forms of messages with a count, and reading a language as the
// platforms and the environment give it. What the sources say is never
// translated; only the bot's own words are.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// The languages the bot speaks. Its own words (titles, labels, statuses,
// help, refusals, button labels) come from the catalogues in locales/,
// one file a language, each keyed by the English text; what the sources
// say (quotes, excerpts, the curator's entries) is never translated.
const (
	LocaleEN = "en"
	LocaleRU = "ru"
	LocaleUK = "uk"
)

// Locales lists every language with a catalogue, English first.
var Locales = []string{LocaleEN, LocaleRU, LocaleUK}

//go:embed locales/*.json
var localeFiles embed.FS

// messages are the catalogues, by language; printers hold a message
// printer for each language but English, whose words are the catalogues'
// keys: English is printed with fmt, so that it reads exactly as before
// (x/text would group digits: "1,234"). plurals are the messages that
// depend on a count (see N).
var messages, plurals, printers = loadCatalogues()

// pluralForms are the CLDR plural categories a catalogue names a count's
// forms by ("one", "few", "many", "other").
var pluralForms = map[string]plural.Form{"zero": plural.Zero, "one": plural.One, "two": plural.Two, "few": plural.Few, "many": plural.Many, "other": plural.Other}

func loadCatalogues() (map[string]map[string]string, map[string]map[string]map[plural.Form]string, map[string]*message.Printer) {
	b := catalog.NewBuilder(catalog.Fallback(language.English))
	all := map[string]map[string]string{}
	counted := map[string]map[string]map[plural.Form]string{}
	out := map[string]*message.Printer{}
	for _, loc := range Locales {
		raw, err := localeFiles.ReadFile("locales/" + loc + ".json")
		if err != nil {
			panic(err) // embedded, so caught by tests
		}
		// A message is a string, or, for one with a count, its forms by
		// plural category.
		var entries map[string]json.RawMessage
		if err := json.Unmarshal(raw, &entries); err != nil {
			panic(fmt.Sprintf("locales/%s.json: %v", loc, err)) // embedded, so caught by tests
		}
		m := map[string]string{}
		counted[loc] = map[string]map[plural.Form]string{}
		for key, e := range entries {
			var s string
			if err := json.Unmarshal(e, &s); err == nil {
				m[key] = s
				continue
			}
			var named map[string]string
			if err := json.Unmarshal(e, &named); err != nil {
				panic(fmt.Sprintf("locales/%s.json: %q: want a string or forms by plural category: %v", loc, key, err)) // embedded, so caught by tests
			}
			forms := map[plural.Form]string{}
			for cat, s := range named {
				f, ok := pluralForms[cat]
				if !ok {
					panic(fmt.Sprintf("locales/%s.json: %q: %q is not a plural category", loc, key, cat)) // embedded, so caught by tests
				}
				forms[f] = s
			}
			counted[loc][key] = forms
		}
		all[loc] = m
		if loc == LocaleEN {
			continue
		}
		tag := language.MustParse(loc)
		for key, msg := range m {
			if err := b.SetString(tag, key, msg); err != nil {
				panic(fmt.Sprintf("locales/%s.json: %q: %v", loc, key, err)) // embedded, so caught by tests
			}
		}
		out[loc] = message.NewPrinter(tag, message.Catalog(b))
	}
	return all, counted, out
}

// Locale reads a language as platforms and the environment give it
// (Discord "ru", "uk", "en-US"; Slack "ru-RU"; LANG "uk_UA.UTF-8") and
// returns the one the bot speaks: ru, uk, or en for anything else.
func Locale(s string) string {
	l, _ := ParseLocale(s)
	return l
}

// ParseLocale is Locale, and whether s names one of the bot's languages
// at all ("en-GB" does, "english" does not), for settings that must.
func ParseLocale(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_.@"); i >= 0 {
		s = s[:i]
	}
	switch s {
	case LocaleEN, LocaleRU, LocaleUK:
		return s, true
	}
	return LocaleEN, false
}

// T is the bot's message key (its English text, a fmt format) in the
// language locale, with args filled in.
func T(locale, key string, args ...any) string {
	p, ok := printers[Locale(locale)]
	if !ok {
		if len(args) == 0 {
			return key
		}
		return fmt.Sprintf(key, args...)
	}
	return p.Sprintf(key, args...)
}

// N is a message with a count (its key is the English plural, "%d
// sources") in the language locale: the form the language's plural rules
// (CLDR's, from x/text) choose for n, "1 source", "2 sources"; in Russian
// and Ukrainian one of three ("1 источник", "2 источника", "5 источников").
func N(locale, key string, n int) string {
	loc := Locale(locale)
	forms, ok := plurals[loc][key]
	if !ok {
		return fmt.Sprintf(key, n)
	}
	form := plural.Cardinal.MatchPlural(language.MustParse(loc), n, 0, 0, 0, 0)
	s, ok := forms[form]
	if !ok {
		s = forms[plural.Other]
	}
	return fmt.Sprintf(s, n)
}

// englishDate finds a date as knowledge.Date.Human writes it: an
// optional "by" or "on or after", an optional day (or days), an English
// month.
var englishDate = regexp.MustCompile(`\b(?:(by|on or after) )?(?:(\d{1,2})(–\d{1,2})? )?(January|February|March|April|May|June|July|August|September|October|November|December)\b`)

// Dates rewrites the dates in a line of the bot's own words into
// the answer's language: "3–4 May 2023" as "3–4 мая 2023", "by 25 May"
// as "не позднее 25 мая". Only for lines the bot writes (titles, meta
// lines, date notes), never for quotes or excerpts.
func Dates(locale, s string) string {
	if Locale(locale) == LocaleEN {
		return s
	}
	return englishDate.ReplaceAllStringFunc(s, func(m string) string {
		g := englishDate.FindStringSubmatch(m)
		month := g[4]
		if g[2] != "" {
			// After a day, the month is in the genitive: "3 мая".
			month = g[2] + g[3] + " " + Word(locale, "of "+month)
		} else {
			month = Word(locale, month)
		}
		if g[1] != "" {
			return T(locale, g[1]+" %s", month)
		}
		return month
	})
}

// Known says whether the catalogues have a message for key.
func Known(key string) bool {
	_, ok := messages[LocaleEN][key]
	_, counted := plurals[LocaleEN][key]
	return ok || counted
}

// Word is one of the bot's fixed texts (a label, a status, a title)
// in a language, when its catalogue has it; any other text as it is.
// Unlike T it formats nothing, so text from elsewhere is safe in it.
func Word(locale, s string) string {
	if m, ok := messages[Locale(locale)][s]; ok {
		return m
	}
	return s
}
