package bot

import (
	"context"
	"testing"
)

// TestCommandsTranslated checks that /who-said, /timeline and /claims with
// Russian or Ukrainian words lead with the same entry as with the English
// ones (the examples of docs/answers.md).
func TestCommandsTranslated(t *testing.T) {
	e := newEngine(t)
	first := func(line string) string {
		a := e.Ask(context.Background(), Request{Platform: "cli", Line: line})
		if a.Lead != nil {
			return a.Lead.Ref
		}
		if len(a.Items) == 0 || a.NotFound {
			return "(nothing)"
		}
		return a.Items[0].Ref
	}
	for _, c := range []struct{ en, ru, uk string }{
		{"/ask who is behind the attack on the Kremlin?", "/ask кто стоит за атакой на Кремль?", "/ask хто стоїть за атакою на Кремль?"},
		{"/ask drone attack on the Kremlin", "/ask атака беспилотников на Кремль", "/ask атака безпілотників на Кремль"},
		{"/who-said physical elimination", "/who-said физическое устранение", "/who-said фізичне усунення"},
		{"/who-said victory day", "/who-said день победы", "/who-said дня перемоги"},
		{"/timeline drones", "/timeline беспилотники", "/timeline дрони"},
		{"/timeline video", "/timeline видео", "/timeline відео"},
		{"/claims false flag", "/claims ложный флаг", "/claims під чужим прапором"},
		{"/claims nord stream", "/claims северный поток", "/claims північний потік"},
	} {
		want := first(c.en)
		if want == "(nothing)" {
			t.Errorf("%s: no answer in English", c.en)
			continue
		}
		for _, line := range []string{c.ru, c.uk} {
			if got := first(line); got != want {
				t.Errorf("%s leads with %s; %s leads with %s", line, got, c.en, want)
			}
		}
	}
}

// BenchmarkAskInLocale is one Russian and one Ukrainian /ask, read through
// the glossary and answered with Russian and Ukrainian labels.
func BenchmarkAskInLocale(b *testing.B) {
	e := newEngine(b)
	for _, c := range []struct{ loc, line string }{
		{"ru", "/ask кто стоит за атакой на Кремль?"},
		{"uk", "/ask хто стоїть за атакою на Кремль?"},
	} {
		b.Run(c.loc, func(b *testing.B) {
			for b.Loop() {
				e.Ask(context.Background(), Request{Platform: "bench", Line: c.line, Locale: c.loc})
			}
		})
	}
}
