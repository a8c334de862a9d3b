package bot

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/incidentbot/incidentbot/bot/i18n"
	"github.com/incidentbot/incidentbot/knowledge"
)

// TestCataloguesCoverTheTable checks that the texts the bot takes from
// elsewhere have messages: the command table, statuses, stances, months.
func TestCataloguesCoverTheTable(t *testing.T) {
	want := []string{ParaphraseLabel, ParaphraseLabel + "d", "Check against sources"}
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
	for _, k := range want {
		if k != "" && !i18n.Known(k) {
			t.Errorf("no message for %q", k)
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
				own = append(own, i18n.Word(c.loc, it.Status), PlainWordsIn(c.loc, Words{Mark: it.Words.Mark, Who: it.Words.Who}))
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
			if !a.Help && !strings.Contains(a.Intro, i18n.Word(c.loc, sourceNote)) {
				t.Errorf("%s in %s: the answer does not say the sources are English", c.line, c.loc)
			}
			en := ask(c.english, i18n.LocaleEN, full)
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
