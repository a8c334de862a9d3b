package knowledge

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

func TestSentences(t *testing.T) {
	for _, tt := range []struct {
		text string
		want []string
	}{
		// A quotation of two sentences split around its cue is one sentence.
		{`“I can assure you there was no involvement. Whatever it was didn’t involve us,” he said in an interview with MSNBC’s “Morning Joe” early Thursday. He left.`,
			[]string{`“I can assure you there was no involvement. Whatever it was didn’t involve us,” he said in an interview with MSNBC’s “Morning Joe” early Thursday.`, `He left.`}},
		// A straight mark opens, a curly one closes.
		{`The Democrats are alleging it. "A fine day for our town! In the end, we will win,” Trump tweeted soon after.`,
			[]string{`The Democrats are alleging it.`, `"A fine day for our town! In the end, we will win,” Trump tweeted soon after.`}},
		// A closing mark typed as an opening one.
		{`Goldsmith added,”Some metrics are unreliable alone. But the analysis supports their claim.” Then he left.`,
			[]string{`Goldsmith added,”Some metrics are unreliable alone. But the analysis supports their claim.”`, `Then he left.`}},
		// A quoted question and its speaker are one sentence; the answer another.
		{`"So it's fair to say you never fixed the 'budget problem'?" Smith asked. "That's correct," Jones said.`,
			[]string{`"So it's fair to say you never fixed the 'budget problem'?" Smith asked.`, `"That's correct," Jones said.`}},
		// A quotation whose speaker is not next is a sentence of its own.
		{`“Why? Nobody knows.” The next day it rained.`, []string{`“Why? Nobody knows.”`, `The next day it rained.`}},
		// German, French and Russian marks.
		{`Er sagte: „Wir gehen. Jetzt.“ Dann ging er.`, []string{`Er sagte: „Wir gehen. Jetzt.“`, `Dann ging er.`}},
		{`Он сказал: «Мы уходим. Сейчас». Потом ушёл.`, []string{`Он сказал: «Мы уходим. Сейчас».`, `Потом ушёл.`}},
		// Single marks, British style, and an apostrophe that closes nothing.
		{`‘We will win. We always do,’ she said. The witnesses’ words differ.`,
			[]string{`‘We will win. We always do,’ she said.`, `The witnesses’ words differ.`}},
		// An excerpt that starts inside a quotation, and one that ends in one.
		{`we will win. In the end, we will,” Trump tweeted. He left.`, []string{`we will win. In the end, we will,” Trump tweeted.`, `He left.`}},
		{`He said: “We will win. In the end, we will.`, []string{`He said: “We will win. In the end, we will.`}},
		// Abbreviations and elisions, as before.
		{`Mr. Smith went to the U.S. Embassy. It was shut... for the day. He left.`,
			[]string{`Mr. Smith went to the U.S. Embassy.`, `It was shut... for the day.`, `He left.`}},
	} {
		if got := Sentences(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("Sentences(%q)\n got %q\nwant %q", tt.text, got, tt.want)
		}
	}
}

func TestBalanced(t *testing.T) {
	for _, tt := range []struct {
		text string
		want bool
	}{
		{`“A. B,” he said.`, true},
		{`"A great day! We will win,” Trump tweeted.`, true},
		{`Whatever it was didn’t involve us,” he said.`, false},
		{`“I can assure you there was no involvement.`, false},
		{`“Specifically, he testified that ‘there was no link of that kind," she said.`, true},
		{`The witnesses’ words and the 1990s’ ones.`, true},
		{`„Wir gehen“, sagte er.`, true},
		{`no marks at all`, true},
	} {
		if got := balanced(tt.text); got != tt.want {
			t.Errorf("balanced(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// TestQuoting checks whom a passage quotes, from the text's own cues: a
// direct quote's speaker for their words and a pronoun beside them, a
// paraphrase's speaker for a quotation inside its words, a
// name beside a speech verb, the speaker before for a quotation with no
// cue of its own; a person only mentioned, or a source's own sentence,
// is not quoted.
func TestQuoting(t *testing.T) {
	b, err := Load("quoting.yaml", []byte(`
incident: {id: hearing, title: A hearing, summary: A hearing., as_of: "2019-11-20"}
sources:
  - {id: cbs, title: Key moments, outlet: CBS News, language: en}
people:
  - {id: volker, name: Kurt Volker}
  - {id: schiff, name: Adam Schiff}
  - {id: morrison, name: Tim Morrison}
  - {id: vindman, name: Alexander Vindman}
events:
  - id: hearing
    date: "2019-11-19"
    title: Hearing
    citations:
      - source: cbs
        excerpt: "Volker said he had no knowledge of any efforts. \"So it's fair to say you never fixed the 'budget problem'?\" Schiff asked. \"That's correct,\" Volker said."
      - source: cbs
        excerpt: "\"If he had doubts, that's something I would have expected to hear about,\" Morrison, Vindman's superior, said. \"I did not know.\" Vindman was not there."
      - source: cbs
        excerpt: "Morrison said the call worried him. \"It was not what I expected,\" he said. Vindman said nothing. \"It was fine,\" he said."
      - source: cbs
        excerpt: "Morrison said his predecessor had dubbed the role \"the Gordon problem.\""
      - source: cbs
        excerpt: "\"I did not know,\" Morrison said. Vindman was told the call was fine, in which he said he had \"no concerns about the call at all.\""
quotes:
  - id: vindman-no-concerns
    speaker: vindman
    kind: paraphrase
    text: "he had \"no concerns about the call at all.\""
    citations:
      - source: cbs
        excerpt: "Vindman was told the call was fine, in which he said he had \"no concerns about the call at all.\""
  - id: morrison-fears
    speaker: morrison
    kind: direct
    text: "My worries came true"
    citations:
      - source: cbs
        excerpt: "\"I worried then how the news would land. My worries came true,\" he told the committee."
claims:
  - id: fixed
    statement: The problem was fixed.
    status: denied
    positions:
      - {actor: volker, stance: denies, citations: [{source: cbs, excerpt: "\"That's correct,\" Volker said."}]}
`))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, p := range b.Passages() {
		var ids []string
		for _, person := range b.Quoting(p) {
			ids = append(ids, person.ID)
		}
		got[p.Text] = ids
	}
	for text, want := range map[string][]string{
		`Volker said he had no knowledge of any efforts.`:                                                                                 nil,
		`"So it's fair to say you never fixed the 'budget problem'?" Schiff asked. "That's correct," Volker said.`:                        {"schiff", "volker"},
		`"If he had doubts, that's something I would have expected to hear about," Morrison, Vindman's superior, said. "I did not know."`: {"morrison"},
		`Vindman was not there.`:                 nil,
		`"It was not what I expected," he said.`: {"morrison"},
		`"It was fine," he said.`:                {"vindman"},
		`Morrison said his predecessor had dubbed the role "the Gordon problem."`:                nil,
		`"I worried then how the news would land. My worries came true," he told the committee.`: {"morrison"},
		`My worries came true`:           {"morrison"},
		`"That's correct," Volker said.`: {"volker"},
		// A paraphrase in the article's words credits its speaker with
		// the quotation inside it, whoever spoke the sentence before.
		`Vindman was told the call was fine, in which he said he had "no concerns about the call at all."`: {"vindman"},
	} {
		ids, ok := got[text]
		if !ok {
			t.Errorf("no passage %q; passages: %q", text, slices.Collect(func(yield func(string) bool) {
				for k := range got {
					if !yield(k) {
						return
					}
				}
			}))
			continue
		}
		if !slices.Equal(ids, want) {
			t.Errorf("Quoting(%q) = %q, want %q", text, ids, want)
		}
	}
}

// TestLongQuotation checks that a quotation too long to lead whole leads
// in parts, each with its marks and its speaker, the rest left out with an
// ellipsis inside the marks.
func TestLongQuotation(t *testing.T) {
	sentence := "We should be supporting the reforms and the fight against corruption at home, every day of the year."
	long := "“" + strings.Repeat(sentence+" ", 8) + strings.TrimSuffix(sentence, ".") + ",” Volker said."
	us := units(long, func(string) ([]string, bool) { return []string{"volker"}, true })
	if len(us) < 2 {
		t.Fatalf("units of a quotation of %d bytes: %+v, want it in parts", len(long), us)
	}
	for i, u := range us {
		if len(u.text) > maxUnit || !balanced(u.text) || !strings.HasSuffix(u.text, "” Volker said.") || !slices.Equal(u.quoting, []string{"volker"}) {
			t.Errorf("part %d: %q quoting %q", i, u.text, u.quoting)
		}
		if first, last := i == 0, i == len(us)-1; strings.HasPrefix(u.text, "“… ") == first || strings.HasSuffix(u.text, " …” Volker said.") == last {
			t.Errorf("part %d of %d: %q, want an ellipsis where sentences are left out", i+1, len(us), u.text)
		}
	}
}

// FuzzSentences splits any text: the sentences are the text's own words,
// in order, with nothing lost, and where the text's quotation marks are
// curly and pair up, no sentence is cut inside a quotation (a reference
// that pairs them by shape alone).
func FuzzSentences(f *testing.F) {
	for _, s := range []string{
		`“A. B,” he said. “C.” D.`, `"So?" Schiff asked. "Yes," Volker said.`, `added,”Some. Thing.” Then.`,
		`‘A. B,’ she said. C’s.`, `x,” he said. Y.`, `“Open. Never closed.`, `„A. B.“ C. «D. E.» F.`, `Mr. A. B... c. D…`, "", `"`, `’’A. B.’’ C.`,
	} {
		f.Add(s)
	}
	noSpace := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return -1
			}
			return r
		}, s)
	}
	b, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got := Sentences(text)
		if noSpace(strings.Join(got, "")) != noSpace(text) {
			t.Fatalf("Sentences(%q) = %q: not the text's own words", text, got)
		}
		// The units of an excerpt are its words too, but for the
		// ellipses of a quotation too long to lead whole.
		cr := crediting{b: b, direct: slices.Collect(func(yield func(*Quote) bool) {
			for i := range b.Quotes {
				if !yield(&b.Quotes[i]) {
					return
				}
			}
		})}
		for _, u := range units(text, cr.credit) {
			if u.text == "" || !strings.Contains(u.text, "…") && !strings.Contains(text, u.text) {
				t.Fatalf("units(%q): %q is not the excerpt's", text, u.text)
			}
		}
		if !curlyPaired(text) {
			return
		}
		for _, s := range got {
			if !curlyPaired(s) {
				t.Errorf("Sentences(%q): %q is cut inside a quotation", text, s)
			}
		}
	})
}

// curlyPaired reports whether a text's only quotation marks are curly
// double ones (“ ”), each closing one closing an opening one, all closed
// and none nested.
func curlyPaired(text string) bool {
	if strings.ContainsAny(text, "\"„«»‘’'") {
		return false
	}
	open := false
	for _, r := range text {
		switch {
		case r == '“' && !open:
			open = true
		case r == '”' && open:
			open = false
		case r == '“' || r == '”':
			return false
		}
	}
	return !open
}

// balanced reports whether every quotation of a text both opens and
// closes in it: a sentence cut inside a quotation is not balanced.
func balanced(text string) bool {
	for _, q := range quotations(text) {
		if !q.whole {
			return false
		}
	}
	return true
}
