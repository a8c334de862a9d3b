package corpus

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/incidentbot/incidentbot/bot/eval"
	"github.com/incidentbot/incidentbot/internal/shared"
	"github.com/incidentbot/incidentbot/knowledge"
)

// TestRoundTrip templatizes a file quoting a made-up article and renders
// it back to the same file.
func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	article := "The mayor said on Monday: \"We will rebuild the bridge by spring.\"\nOthers doubted it.\n"
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte(article), 0o600); err != nil {
		t.Fatal(err)
	}
	yaml := "quotes:\n  - text: \"We will rebuild the bridge by spring.\"\n    note: \"not in the article at all\"\n"
	tmpl, err := Templatize([]byte(yaml), dir, 12)
	if err != nil {
		t.Fatal(err)
	}
	want := "quotes:\n  - text: {{corpus \"a.txt\" 27 64}}\n    note: \"not in the article at all\"\n"
	if string(tmpl) != want {
		t.Fatalf("Templatize = %q; want %q", tmpl, want)
	}
	back, err := Render(tmpl, dir)
	if err != nil {
		t.Fatal(err)
	}
	if string(back) != yaml {
		t.Fatalf("Render = %q; want %q", back, yaml)
	}
	if _, err := Render([]byte(`{{corpus "a.txt" 70 500}}`), dir); err == nil {
		t.Fatal("Render took a span past the article's end")
	}
}

// words are the words of s in lower case, without the punctuation and
// quotation marks around them, so that a run copied into a quoted YAML
// string or ending at another comma is still the article's.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(knowledge.Fold(s)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
}

// TestSetsLoadAndCopyNoArticle renders every held-out set: each is a valid
// knowledge file with a question file `kb eval` reads, and neither holds a
// run of twelve words of an article (the corpus's text stays out of the
// repository). It asks the bot nothing, so a set just written can be
// checked without its writer seeing an answer.
func TestSetsLoadAndCopyNoArticle(t *testing.T) {
	dir := shared.Dir(t, "corpora/news-quotes")
	runs := map[string]string{}
	articles, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	for _, a := range articles {
		b, err := os.ReadFile(a)
		if err != nil {
			t.Fatal(err)
		}
		w := words(string(b))
		for i := 0; i+12 <= len(w); i++ {
			runs[strings.Join(w[i:i+12], " ")] = filepath.Base(a)
		}
	}
	for _, s := range Sets(t) {
		data, err := os.ReadFile(s.Base)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := knowledge.Load(s.Base, data); err != nil {
			t.Errorf("set %s: %v", s.Name, err)
		}
		if _, err := eval.Read(s.Questions); err != nil {
			t.Errorf("set %s: %v", s.Name, err)
		}
		for _, kept := range []string{filepath.Join("testdata", s.Name, "base.yaml.tmpl"), s.Questions} {
			b, err := os.ReadFile(kept)
			if err != nil {
				t.Fatal(err)
			}
			w := words(string(b))
			for i := 0; i+12 <= len(w); i++ {
				if a, ok := runs[strings.Join(w[i:i+12], " ")]; ok {
					// Where, not what: the words may be a held-out
					// question's, which whoever runs the test must not
					// read.
					t.Errorf("%s copies twelve words of %s from its word %d on", kept, a, i+1)
					break
				}
			}
		}
	}
}

// TestSecondSetsShareTheirBase: a further question set ("X-blind2",
// "X-tune3") asks about X's base, and keeps its own copy of X's template
// only because Sets reads one per folder; the copy must not drift from X's.
func TestSecondSetsShareTheirBase(t *testing.T) {
	var copies []string
	for _, suffix := range []string{"-blind", "-tune"} {
		found, err := filepath.Glob(filepath.Join("testdata", "*"+suffix+"*", "base.yaml.tmpl"))
		if err != nil || len(found) == 0 {
			t.Fatalf("no %s sets: %v", suffix, err)
		}
		copies = append(copies, found...)
	}
	for _, c := range copies {
		set := filepath.Base(filepath.Dir(c))
		cut := max(strings.LastIndex(set, "-blind"), strings.LastIndex(set, "-tune"))
		first := filepath.Join("testdata", set[:cut], "base.yaml.tmpl")
		a, err := os.ReadFile(first)
		if err != nil {
			t.Errorf("set %s: %v", set, err)
			continue
		}
		b, err := os.ReadFile(c)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs from %s; keep the two copies the same", c, first)
		}
	}
}
