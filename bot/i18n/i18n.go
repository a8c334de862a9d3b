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
	"io/fs"
	"regexp"
	"slices"
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

// EngineFiles are the engine's catalogue files, locales/<language>.json.
//
//go:embed locales/*.json
var EngineFiles embed.FS

// Catalogue is one set of messages in every language, each keyed by its
// English text: the engine's (locales/ here), or a chat platform's own
// words (locales/ in its package).
type Catalogue struct {
	// messages are the messages by language; printers hold a message
	// printer for each language but English, whose words are the keys:
	// English is printed with fmt, so that it reads exactly as before
	// (x/text would group digits: "1,234"). plurals are the messages that
	// depend on a count (see N).
	messages map[string]map[string]string
	plurals  map[string]map[string]map[plural.Form]string
	printers map[string]*message.Printer
}

// engine is the engine's catalogue, which T, N and Word read.
var engine = MustLoad(EngineFiles)

// pluralForms are the CLDR plural categories a catalogue names a count's
// forms by ("one", "few", "many", "other").
var pluralForms = map[string]plural.Form{"zero": plural.Zero, "one": plural.One, "two": plural.Two, "few": plural.Few, "many": plural.Many, "other": plural.Other}

// MustLoad is Load of catalogue files embedded in the binary, which the
// tests read: it panics on an error.
func MustLoad(sources ...fs.FS) *Catalogue {
	c, err := Load(sources...)
	if err != nil {
		panic(err) // embedded, so caught by tests
	}
	return c
}

// Load reads a catalogue from sources, each with locales/<language>.json
// for each of Locales: a JSON object of messages, each a string or, for
// one with a count, its forms by plural category. A platform's catalogue
// is the engine's files (EngineFiles) and its own words' together; a key
// in two sources is an error.
func Load(sources ...fs.FS) (*Catalogue, error) {
	b := catalog.NewBuilder(catalog.Fallback(language.English))
	c := &Catalogue{messages: map[string]map[string]string{}, plurals: map[string]map[string]map[plural.Form]string{}, printers: map[string]*message.Printer{}}
	for _, loc := range Locales {
		name := "locales/" + loc + ".json"
		entries := map[string]json.RawMessage{}
		for _, fsys := range sources {
			raw, err := fs.ReadFile(fsys, name)
			if err != nil {
				return nil, err
			}
			var more map[string]json.RawMessage
			if err := json.Unmarshal(raw, &more); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			for key, e := range more {
				if _, dup := entries[key]; dup {
					return nil, fmt.Errorf("%s: %q is in two catalogues", name, key)
				}
				entries[key] = e
			}
		}
		m := map[string]string{}
		c.plurals[loc] = map[string]map[plural.Form]string{}
		for key, e := range entries {
			var s string
			if err := json.Unmarshal(e, &s); err == nil {
				m[key] = s
				continue
			}
			var named map[string]string
			if err := json.Unmarshal(e, &named); err != nil {
				return nil, fmt.Errorf("%s: %q: want a string or forms by plural category: %w", name, key, err)
			}
			forms := map[plural.Form]string{}
			for cat, s := range named {
				f, ok := pluralForms[cat]
				if !ok {
					return nil, fmt.Errorf("%s: %q: %q is not a plural category", name, key, cat)
				}
				forms[f] = s
			}
			c.plurals[loc][key] = forms
		}
		c.messages[loc] = m
		if loc == LocaleEN {
			continue
		}
		tag := language.MustParse(loc)
		for key, msg := range m {
			if err := b.SetString(tag, key, msg); err != nil {
				return nil, fmt.Errorf("%s: %q: %w", name, key, err)
			}
		}
		c.printers[loc] = message.NewPrinter(tag, message.Catalog(b))
	}
	return c, nil
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
	switch s {
	case LocaleEN, LocaleRU, LocaleUK:
		// What the engine passes on, once read: every message looks its
		// language up, so the common case does not normalise it again.
		return s, true
	}
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

// T is the engine's message key (its English text, a fmt format) in the
// language locale, with args filled in.
func T(locale, key string, args ...any) string { return engine.T(locale, key, args...) }

// N is the engine's message with a count in the language locale (see
// Catalogue.N).
func N(locale, key string, n int) string { return engine.N(locale, key, n) }

// Word is one of the engine's fixed texts in a language (see
// Catalogue.Word).
func Word(locale, s string) string { return engine.Word(locale, s) }

// T is the message key (its English text, a fmt format) in the language
// locale, with args filled in.
func (c *Catalogue) T(locale, key string, args ...any) string {
	p, ok := c.printers[Locale(locale)]
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
func (c *Catalogue) N(locale, key string, n int) string {
	loc := Locale(locale)
	forms, ok := c.plurals[loc][key]
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

// verbs are the fmt verbs of a message, in order.
var verbs = regexp.MustCompile(`%[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// Problems lists what makes the catalogue incomplete, for its tests: a
// key of English that another language lacks or leaves empty or
// untranslated (but for same, texts that read alike in every language),
// a translation that fills in other verbs than its key, a key English
// lacks, an English message other than its key, and a count without a
// form for a plural category its language's rules reach (CLDR's, from
// x/text).
func (c *Catalogue) Problems(same ...string) []string {
	var out []string
	en := c.messages[LocaleEN]
	for k, v := range en {
		if k != v {
			out = append(out, fmt.Sprintf("en: %q is translated as %q; English is the key itself", k, v))
		}
	}
	for _, loc := range Locales[1:] {
		m := c.messages[loc]
		for k := range en {
			v, ok := m[k]
			switch {
			case !ok:
				out = append(out, fmt.Sprintf("%s: no message for %q", loc, k))
			case strings.TrimSpace(v) == "":
				out = append(out, fmt.Sprintf("%s: the message for %q is empty", loc, k))
			case v == k && !slices.Contains(same, k):
				out = append(out, fmt.Sprintf("%s: %q is not translated", loc, k))
			case !slices.Equal(verbs.FindAllString(k, -1), verbs.FindAllString(v, -1)):
				out = append(out, fmt.Sprintf("%s: %q fills in %q; the English fills in %q", loc, v, verbs.FindAllString(v, -1), verbs.FindAllString(k, -1)))
			}
		}
		for k := range m {
			if _, ok := en[k]; !ok {
				out = append(out, fmt.Sprintf("%s: %q is not an English key", loc, k))
			}
		}
	}
	for _, loc := range Locales {
		for key := range c.plurals[LocaleEN] {
			forms, ok := c.plurals[loc][key]
			if !ok {
				out = append(out, fmt.Sprintf("%s: no forms for %q", loc, key))
				continue
			}
			if loc == LocaleEN && forms[plural.Other] != key {
				out = append(out, fmt.Sprintf("en: the other form of %q is %q; want the key itself", key, forms[plural.Other]))
			}
			for n := range 1000 {
				f := plural.Cardinal.MatchPlural(language.MustParse(loc), n, 0, 0, 0, 0)
				if s, ok := forms[f]; !ok || !slices.Equal(verbs.FindAllString(s, -1), verbs.FindAllString(key, -1)) {
					out = append(out, fmt.Sprintf("%s: %q has no right form for %d (%v): %q", loc, key, n, f, s))
					break
				}
			}
		}
		for key := range c.plurals[loc] {
			if _, ok := c.plurals[LocaleEN][key]; !ok {
				out = append(out, fmt.Sprintf("%s: %q is not an English key", loc, key))
			}
		}
	}
	slices.Sort(out)
	return out
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

// Known says whether the engine's catalogue has a message for key.
func Known(key string) bool {
	_, ok := engine.messages[LocaleEN][key]
	_, counted := engine.plurals[LocaleEN][key]
	return ok || counted
}

// Word is one of the bot's fixed texts (a label, a status, a title)
// in a language, when its catalogue has it; any other text as it is.
// Unlike T it formats nothing, so text from elsewhere is safe in it.
func (c *Catalogue) Word(locale, s string) string {
	if m, ok := c.messages[Locale(locale)][s]; ok {
		return m
	}
	return s
}
