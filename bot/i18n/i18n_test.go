package i18n

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
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
