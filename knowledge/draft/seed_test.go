package draft

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/incidentbot/incidentbot/internal/shared"
	"github.com/incidentbot/incidentbot/knowledge"
)

// authorsOwn are speakers of the default base whose "quotes" are the
// commentary's own sentences: no quotation marks or cue attribute them, so
// they are not attributed quotations for the draft to find.
var authorsOwn = map[string]bool{"doubts-author": true}

// TestSeedArticles drafts each article of the default base anew: the draft
// must find every attributed direct quotation the base holds for it, with
// the same speaker (as a direct quote, or inside a paraphrase), and the base plus the draft must pass validation,
// including the verbatim check against the archive the draft writes.
func TestSeedArticles(t *testing.T) {
	sources := shared.Dir(t, "sources")
	base, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range base.Sources {
		t.Run(src.ID, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(sources, src.Archive))
			if err != nil {
				t.Fatal(err)
			}
			art, err := ParseArticle(data)
			if err != nil {
				t.Fatal(err)
			}
			quotes := Extract(art.Text, &base.File)
			d, err := New(art, quotes, &base.File, Meta{SourceID: src.ID + "-draft", Title: "Draft of " + src.Title, Name: src.Archive})
			if err != nil {
				t.Fatal(err)
			}
			byID := map[string]knowledge.Quote{}
			for _, q := range d.Quotes {
				byID[q.ID] = q
			}
			want := 0
			for _, bq := range base.Quotes {
				if bq.Kind != knowledge.Direct || authorsOwn[bq.Speaker] || bq.Citations[0].Source != src.ID {
					continue
				}
				want++
				found, wrongSpeaker := false, ""
				// A paraphrase that carries the words in quotation marks
				// counts: the draft never writes a quote and a
				// paraphrase of the same sentence.
				for _, dq := range d.Quotes {
					if !strings.Contains(knowledge.Fold(dq.Text), knowledge.Fold(bq.Text)) {
						continue
					}
					if dq.Speaker == bq.Speaker {
						found = true
						break
					}
					wrongSpeaker = dq.Speaker
				}
				switch {
				case found:
				case wrongSpeaker != "":
					t.Errorf("quote %s (%q) found, but by %q; want %q", bq.ID, bq.Text, wrongSpeaker, bq.Speaker)
				default:
					t.Errorf("quote %s by %s not found: %q", bq.ID, bq.Speaker, bq.Text)
				}
			}
			t.Logf("%d attributed direct quotations in the base, %d entries in the draft (%d new people)", want, len(d.Quotes), len(d.People))
			if want == 0 {
				t.Fatal("the base holds no direct quotation for this source; the test checks nothing")
			}

			// Merge, then validate as kb validate --sources does, against
			// a folder holding the base's archives and the draft's.
			merged := d.Merge(knowledge.DefaultData())
			if _, ps := knowledge.Parse("merged.yaml", merged); len(ps) > 0 {
				t.Fatalf("merged file does not validate:\n%v", ps)
			}
			dir := t.TempDir()
			for _, s := range base.Sources {
				b, err := os.ReadFile(filepath.Join(sources, s.Archive))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, s.Archive), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(filepath.Join(dir, d.Source.Archive), []byte(d.ArchiveText), 0o644); err != nil {
				t.Fatal(err)
			}
			if ps := knowledge.CheckArchives("merged.yaml", merged, dir); len(ps) > 0 {
				t.Fatalf("merged file fails the verbatim check:\n%v", ps)
			}
			if _, err := knowledge.Load("merged.yaml", merged); err != nil {
				t.Fatalf("merged file does not load: %v", err)
			}
			// The base's own text is kept byte for byte: the merge only adds.
			if !sameLinesInOrder(string(knowledge.DefaultData()), string(merged)) {
				t.Error("the merge changed or dropped lines of the base")
			}
		})
	}
}

// sameLinesInOrder reports whether every line of a is in b, in order.
func sameLinesInOrder(a, b string) bool {
	bl := strings.Split(b, "\n")
	j := 0
	for _, l := range strings.Split(a, "\n") {
		for j < len(bl) && bl[j] != l {
			j++
		}
		if j == len(bl) {
			return false
		}
		j++
	}
	return true
}
