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
