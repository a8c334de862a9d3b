package knowledge

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

const testGlossary = `
glossary:
  - en: drone attack
    ru: [атака беспилотников]
    uk: [атака дронів, атаку дронів]
  - en: drones
    ru: [беспилотник]
    uk: [дрони, дронів]
  - en: who
    ru: [кто]
    uk: [хто]
`

// TestGloss reads Russian in any form and Ukrainian in the forms listed,
// the longest phrase first, and leaves every other word as typed.
func TestGloss(t *testing.T) {
	b, err := Load("valid.yaml", []byte(readValid(t)+testGlossary))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ in, want string }{
		{"Кто запустил беспилотники?", "who запустил drones?"},
		{"атакой беспилотников", "drone attack"},                       // another case of the phrase
		{"Хто стоїть за атакою дронів", "who стоїть за атакою drones"}, // "атакою" is not listed
		{"атаку дронів", "drone attack"},
		{"беспилотниками, дрони", "drones, drones"},
		{"who sent the drones", "who sent the drones"},
		{"Песков", "Песков"},
	} {
		if got, _ := b.Gloss(c.in); got != c.want {
			t.Errorf("Gloss(%q) = %q; want %q", c.in, got, c.want)
		}
	}
}

// TestGlossaryProblems checks the messages a curator sees for a broken
// glossary, with their line and column.
func TestGlossaryProblems(t *testing.T) {
	lines := strings.Count(readValid(t), "\n")
	for _, c := range []struct{ name, glossary, want string }{
		{"no forms", "glossary:\n  - en: drone\n", "glossary[0]: term \"drone\" has no Russian (ru) or Ukrainian (uk) form"},
		{"no English", "glossary:\n  - ru: [дрон]\n", "glossary[0].en: required field is missing"},
		{"not Cyrillic", "glossary:\n  - en: drone\n    uk: [drone]\n", "glossary[0].uk[0]: want Cyrillic words, got \"drone\""},
		{"same stems in two terms", "glossary:\n  - en: drone\n    ru: [беспилотник]\n  - en: drones\n    ru: [беспилотники]\n",
			"glossary[1].ru[0]: \"беспилотники\" has the same Russian stems as glossary[0].ru[0] (line %d), a form of \"drone\""},
		{"same form in two terms", "glossary:\n  - en: drone\n    uk: [дрон]\n  - en: drones\n    uk: [Дрон]\n",
			"glossary[1].uk[0]: \"Дрон\" is also glossary[0].uk[0] (line %d), a form of \"drone\""},
	} {
		_, err := Load("valid.yaml", []byte(readValid(t)+c.glossary))
		if err == nil {
			t.Errorf("%s: loaded without a problem", c.name)
			continue
		}
		want := strings.Replace(c.want, "%d", strconv.Itoa(lines+3), 1)
		if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "valid.yaml:") {
			t.Errorf("%s: got %v\nwant %s", c.name, err, want)
		}
	}
}

// FuzzGloss feeds arbitrary questions to the glossary: it must not panic,
// must keep valid text valid, and must leave text without Cyrillic alone.
func FuzzGloss(f *testing.F) {
	b, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"кто стоит за атакой на Кремль?", "дар’я дугіна", "нью-йорк таймс", "'", "а'", "ё", "who did it"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		got, changed := b.Gloss(q)
		if utf8.ValidString(q) && !utf8.ValidString(got) {
			t.Fatalf("Gloss(%q) = %q: not valid UTF-8", q, got)
		}
		if !hasCyrillic(q) && (changed || got != q) {
			t.Fatalf("Gloss(%q) = %q, %v: changed text without Cyrillic", q, got, changed)
		}
	})
}

// glossRef is the glossary's reference: every form compared at every
// word, the longest winning, of two as long the Russian, and among the
// same words the first listed. It is what the trie must find.
func glossRef(terms []Term, text string) string {
	type form struct {
		keys []string
		en   string
	}
	var forms []form
	for _, lang := range []string{LangRU, LangUK} {
		for _, t := range terms {
			for _, f := range t.forms(lang) {
				if keys := formKeys(lang, f); len(keys) > 0 {
					forms = append(forms, form{keys, t.EN})
				}
			}
		}
	}
	if !hasCyrillic(text) {
		return text
	}
	words := glossWords(text)
	var out strings.Builder
	last := 0
	for i := 0; i < len(words); {
		var best form
		for _, f := range forms {
			if len(f.keys) <= len(best.keys) || i+len(f.keys) > len(words) {
				continue
			}
			match := true
			for j, k := range f.keys {
				w := text[words[i+j].start:words[i+j].end]
				match = match && hasCyrillic(w) && (wordKey(LangRU, w) == k || wordKey(LangUK, w) == k)
			}
			if match {
				best = f
			}
		}
		if len(best.keys) == 0 {
			i++
			continue
		}
		out.WriteString(text[last:words[i].start])
		out.WriteString(best.en)
		last = words[i+len(best.keys)-1].end
		i += len(best.keys)
	}
	out.WriteString(text[last:])
	return out.String()
}

// FuzzGlossTrie holds the glossary's trie to its reference, on glossaries
// of overlapping forms in both languages and any question.
func FuzzGlossTrie(f *testing.F) {
	f.Add("атака беспилотников|атака|беспилотник", "атака дронів|дрони|атака", "Атакой беспилотников атака дрони атака дронів")
	f.Add("а а а|а а|а", "а|а а а а", "а а а а а а а")
	f.Add("кто", "хто", "кто хто who")
	f.Fuzz(func(t *testing.T, ru, uk, text string) {
		terms := []Term{
			{EN: "one", RU: strings.Split(ru, "|")},
			{EN: "two", UK: strings.Split(uk, "|")},
			{EN: "three", RU: strings.Split(uk, "|"), UK: strings.Split(ru, "|")},
		}
		b := &Base{glossary: newGlossary(terms)}
		got, _ := b.Gloss(text)
		if want := glossRef(terms, text); got != want {
			t.Fatalf("Gloss(%q) = %q; the reference reads %q", text, got, want)
		}
	})
}

// BenchmarkGlossaryLoad is finding 5 of issue 20: one term with 60,000
// forms of mixed lengths (a 1 MB file) took 5.7 to 11 s to load, and a
// question of 2,000 one-letter words 2 s to read; both are now in
// proportion to the forms' and the question's words.
func BenchmarkGlossaryLoad(b *testing.B) {
	forms := make([]string, 60_000)
	for i := range forms {
		forms[i] = strings.TrimSpace(strings.Repeat("а ", 1+i%7) + "б" + strconv.Itoa(i))
	}
	terms := []Term{{EN: "x", RU: forms[:30_000], UK: forms[30_000:]}}
	question := strings.Repeat("а ", 2000)
	b.Run("load", func(b *testing.B) {
		for b.Loop() {
			newGlossary(terms)
		}
	})
	b.Run("ask", func(b *testing.B) {
		base := &Base{glossary: newGlossary(terms)}
		for b.Loop() {
			base.Gloss(question)
		}
	})
}
