package draft

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/incidentbot/incidentbot/internal/shared"
	"github.com/incidentbot/incidentbot/knowledge"
)

// FuzzDraft feeds arbitrary bytes through the whole draft: reading (text
// or HTML), extraction, the YAML draft and the merge. Whatever the input,
// nothing panics (the article's own words credited to an outlet too); a
// refused input says why; every quotation's text is the
// article's own at its position and inside its sentence; and the base
// plus the draft validates, excerpts verbatim in the archived text.
func FuzzDraft(f *testing.F) {
	valid, err := os.ReadFile("../testdata/valid.yaml")
	if err != nil {
		f.Fatal(err)
	}
	base, err := knowledge.Load("valid.yaml", valid)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		"“We are well aware,” he said. “Kyiv only does what it is told to do.”",
		"Kremlin spokesman Dmitry Peskov said the attack was “planned”, according to TASS.",
		"CNBC:\n\nQuestions have also been asked.\n",
		"Astonishing footage pic.twitter.com/x — Francis Scarr (@francis_scarr) May 3, 2023",
		"<html><body><p>“A,” said B.</p></body></html>",
		`"unclosed quote runs on` + "\n\n" + `"and on," she said.`,
		"It was an attempt,’’ Will Moy told the BBC. ,”Some",
		"\"x\" \"\" \"\\\"",
		// The third round's rules: " but " before a capital of two bytes,
		// a cue in -ing after "are", a word in -s before a cue verb, a
		// dated statement.
		"Several owners blamed them but Óscar Roe told the board “it holds”. Engineers are warning of more, as found by inspectors in a Monday statement.",
		"",
		"\x00\x01",
	} {
		f.Add([]byte(s))
	}
	corpus, ok := shared.Find("corpora/news-quotes")
	for _, name := range []string{"01-reuters-kyiv-strike-2024.txt", "03-polygraph-al-tanf-rukban-2019.txt"} {
		if data, err := os.ReadFile(filepath.Join(corpus, name)); ok && err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		art, err := ParseArticle(data)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("refusal without a message")
			}
			return
		}
		quotes := Extract(art.Text, &base.File)
		for _, q := range quotes {
			if q.Start < 0 || q.End > len(art.Text) || q.Start > q.End || art.Text[q.Start:q.End] != q.Text {
				t.Fatalf("quote %q is not the article's text at %d:%d", q.Text, q.Start, q.End)
			}
			if !strings.Contains(art.Text, q.Sentence) || !strings.Contains(q.Sentence, q.Text) {
				t.Fatalf("sentence %q is not verbatim, or does not hold %q", q.Sentence, q.Text)
			}
			if q.Speaker == "" || (q.Kind != Direct && q.Kind != Indirect) {
				t.Fatalf("quote %+v has no speaker or an unknown kind", q)
			}
		}
		d, err := New(art, quotes, &base.File, Meta{SourceID: "fuzz", Name: "fuzz.txt", Published: "2019-11-19", Outlet: "Fuzz Outlet"})
		if err != nil {
			t.Fatal(err)
		}
		if bad := d.Check(); len(bad) > 0 {
			t.Fatalf("excerpts not verbatim: %v", bad)
		}
		merged := d.Merge(valid)
		if _, ps := knowledge.Parse("merged.yaml", merged); len(ps) > 0 {
			t.Fatalf("merged draft does not validate:\n%v\n--- draft:\n%s", ps, d.YAML())
		}
	})
}
