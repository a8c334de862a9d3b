package bot

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"github.com/incidentbot/incidentbot/knowledge"
)

// verbs are the fmt verbs of a message, in order.
var verbs = regexp.MustCompile(`%[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// TestCataloguesComplete checks that every catalogue has every key, that
// each translation fills in the same verbs in the same order, and that
// English is its keys.
func TestCataloguesComplete(t *testing.T) {
	en := messages[LocaleEN]
	if len(en) == 0 {
		t.Fatal("the English catalogue is empty")
	}
	for k, v := range en {
		if k != v {
			t.Errorf("en: %q is translated as %q; English is the key itself", k, v)
		}
	}
	// Texts that read the same in every language.
	same := []string{"URL", "<status|reload|gaps>", "Автор", "Контекст", "Дата", "Статус"}
	for _, loc := range Locales[1:] {
		m := messages[loc]
		for k := range en {
			v, ok := m[k]
			switch {
			case !ok:
				t.Errorf("%s: no message for %q", loc, k)
			case strings.TrimSpace(v) == "":
				t.Errorf("%s: the message for %q is empty", loc, k)
			case v == k && !slices.Contains(same, k):
				t.Errorf("%s: %q is not translated", loc, k)
			case !slices.Equal(verbs.FindAllString(k, -1), verbs.FindAllString(v, -1)):
				t.Errorf("%s: %q fills in %q; the English fills in %q", loc, v, verbs.FindAllString(v, -1), verbs.FindAllString(k, -1))
			}
		}
		for k := range m {
			if _, ok := en[k]; !ok {
				t.Errorf("%s: %q is not an English key", loc, k)
			}
		}
	}
}

// TestCataloguesCoverTheTable checks that the texts the bot takes from
// elsewhere have messages: the command table, statuses, stances, months.
func TestCataloguesCoverTheTable(t *testing.T) {
	want := []string{ParaphraseLabel, ParaphraseLabel + "d", "Query too long to page", "Query too long to post", "Query too long to page or post", "Check against sources"}
	for _, c := range Commands() {
		want = append(want, c.Summary, c.Option.Help, c.Option.Name)
		if c.Args != "" {
			want = append(want, c.Args)
		}
	}
	want = append(want, knowledge.Statuses...)
	for _, s := range knowledge.Stances {
		want = append(want, s, pluralStances[s], "%s "+s, "%s "+pluralStances[s])
	}
	for _, s := range stanceOrder {
		want = append(want, s.by+" %s")
	}
	for _, m := range []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"} {
		want = append(want, m, "of "+m)
	}
	en := messages[LocaleEN]
	for _, k := range want {
		if _, ok := en[k]; k != "" && !ok {
			t.Errorf("no message for %q", k)
		}
	}
}

func TestLocale(t *testing.T) {
	for in, want := range map[string]string{
		"ru": "ru", "uk": "uk", "en-US": "en", "ru-RU": "ru", "uk_UA.UTF-8": "uk", "ru_RU.utf8": "ru",
		"RU": "ru", "": "en", "C": "en", "C.UTF-8": "en", "de": "en", "ukrainian": "en",
	} {
		if got := Locale(in); got != want {
			t.Errorf("Locale(%q) = %q; want %q", in, got, want)
		}
	}
}

// leftInEnglish finds the bot's English labels in an answer for ru or uk.
var leftInEnglish = regexp.MustCompile(`\b(Timeline|Claims|Quotes matching|What the sources say|More|paraphrased?|Date|Where|Through|Context|Actors|asserted by|denied by|asserts|denies|disputed|unverified|alleged|page \d|Example|Commands)\b|\bvia\b| May 2023`)

// TestAnswersInLocale asks in Russian and Ukrainian and checks that every
// label is in that language, that the answer says the sources are
// English, and that the lead's words are the English answer's.
func TestAnswersInLocale(t *testing.T) {
	e := newEngine(t)
	ask := func(line, loc string, full bool) Answer {
		return e.Ask(context.Background(), Request{Platform: "cli", Line: line, Locale: loc, Full: full})
	}
	for _, c := range []struct{ loc, line, english string }{
		{"ru", "/ask кто стоит за атакой на Кремль?", "/ask who is behind the attack on the Kremlin?"},
		{"uk", "/ask хто стоїть за атакою на Кремль?", "/ask who is behind the attack on the Kremlin?"},
		{"ru", "/who-said Песков", "/who-said Peskov"},
		{"uk", "/timeline дрони", "/timeline drones"},
		{"ru", "/claims ложный флаг", "/claims false flag"},
		{"uk", "/claims", "/claims"},
		{"ru", "/timeline 2023-05", "/timeline 2023-05"},
		{"uk", "/help", "/help"},
		{"ru", "/sources", "/sources"},
	} {
		for _, full := range []bool{false, true} {
			a := ask(c.line, c.loc, full)
			text := Plain(a)
			// Quotes, excerpts, headings and names are the base's, in
			// English: only the bot's own lines are checked.
			own := []string{a.Title, a.Intro}
			items := a.Items
			if a.Lead != nil {
				items = append([]Item{*a.Lead}, items...)
			}
			for _, it := range items {
				if it.Kind == KindHelp {
					own = append(own, it.Words.Text[:strings.Index(it.Words.Text, ": /")])
				}
				own = append(own, Word(c.loc, it.Status), PlainWordsIn(c.loc, Words{Mark: it.Words.Mark, Who: it.Words.Who}))
				if it.Kind != KindEvent && it.Kind != KindSource {
					own = append(own, it.Meta)
				}
				for _, n := range it.Notes {
					own = append(own, n.Label)
				}
			}
			own = append(own, strings.SplitN(text, "\n", 2)[0])
			for _, l := range strings.Split(text, "\n") {
				if l == "More:" || strings.HasPrefix(l, "More: page") {
					own = append(own, l)
				}
			}
			if m := leftInEnglish.FindString(strings.Join(own, "\n")); m != "" {
				t.Errorf("%s in %s (full %v): %q left in English in:\n%s", c.line, c.loc, full, m, text)
			}
			if !a.Help && !strings.Contains(a.Intro, Word(c.loc, sourceNote)) {
				t.Errorf("%s in %s: the answer does not say the sources are English", c.line, c.loc)
			}
			en := ask(c.english, LocaleEN, full)
			if (a.Lead == nil) != (en.Lead == nil) || a.Lead != nil && a.Lead.Words.Text != en.Lead.Words.Text {
				t.Errorf("%s in %s: the lead's words differ from the English answer's", c.line, c.loc)
			}
			// The first entry's words too, where they are someone's (the
			// rest of an /ask answer may differ with the question's words).
			if a.Command != "ask" && len(a.Items) > 0 && len(en.Items) > 0 && a.Items[0].Words.Mark != MarkNone && a.Items[0].Words != en.Items[0].Words {
				t.Errorf("%s in %s: the first item's words differ from the English answer's", c.line, c.loc)
			}
		}
	}
}

// TestEnglishUnchangedByLocale checks that an English request reads the
// same whatever form its locale takes.
func TestEnglishUnchangedByLocale(t *testing.T) {
	e := newEngine(t)
	for _, line := range []string{"/ask who carried out the attack?", "/claims", "/help", "/timeline 2023-05"} {
		want := Plain(e.Ask(context.Background(), Request{Platform: "cli", Line: line}))
		for _, loc := range []string{"en", "en-GB", "de", "C.UTF-8"} {
			if got := Plain(e.Ask(context.Background(), Request{Platform: "cli", Line: line, Locale: loc})); got != want {
				t.Errorf("%s with locale %q differs from English", line, loc)
			}
		}
	}
}

// FuzzLocale feeds Locale what platforms and the environment might send:
// it always answers a language the bot speaks.
func FuzzLocale(f *testing.F) {
	for _, s := range []string{"ru", "uk", "en-US", "uk_UA.UTF-8", "ru_RU@euro", "", "-", "\xff", "RU-ru.koi8r"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got := Locale(s); !slices.Contains(Locales, got) {
			t.Fatalf("Locale(%q) = %q, not one of %q", s, got, Locales)
		}
	})
}

// TestPluralsComplete checks the messages with a count: every catalogue
// has each, with a form for every plural category its language's rules
// reach (CLDR's, from x/text), each filling in the same verbs as the key;
// English's "other" form is the key itself.
func TestPluralsComplete(t *testing.T) {
	en := plurals[LocaleEN]
	if len(en) == 0 {
		t.Fatal("the English catalogue has no messages with a count")
	}
	for _, loc := range Locales {
		for key := range en {
			forms, ok := plurals[loc][key]
			if !ok {
				t.Errorf("%s: no forms for %q", loc, key)
				continue
			}
			if loc == LocaleEN && forms[plural.Other] != key {
				t.Errorf("en: the other form of %q is %q; want the key itself", key, forms[plural.Other])
			}
			for n := range 1000 {
				f := plural.Cardinal.MatchPlural(language.MustParse(loc), n, 0, 0, 0, 0)
				if s, ok := forms[f]; !ok || !slices.Equal(verbs.FindAllString(s, -1), verbs.FindAllString(key, -1)) {
					t.Errorf("%s: %q has no right form for %d (%v): %q", loc, key, n, f, s)
					break
				}
			}
		}
		for key := range plurals[loc] {
			if _, ok := en[key]; !ok {
				t.Errorf("%s: %q is not an English key", loc, key)
			}
		}
	}
}
