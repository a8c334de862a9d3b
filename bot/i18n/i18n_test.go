package i18n

import (
	"slices"
	"testing"
)

// TestCataloguesComplete checks the engine's catalogue: every language
// has every key, each translation fills in the same verbs in the same
// order, English is its keys, and every count has its plural forms.
func TestCataloguesComplete(t *testing.T) {
	if len(engine.messages[LocaleEN]) == 0 || len(engine.plurals[LocaleEN]) == 0 {
		t.Fatal("the English catalogue is empty, or has no messages with a count")
	}
	// Texts that read the same in every language.
	for _, p := range engine.Problems("URL", "<status|reload|gaps>", "Автор", "Контекст", "Дата", "Статус") {
		t.Error(p)
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
