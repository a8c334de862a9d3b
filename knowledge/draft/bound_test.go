package draft

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/incidentbot/incidentbot/internal/shared"
)

func BenchmarkWorstCase(b *testing.B) {
	text := adversarial(MaxTextSize)
	for b.Loop() {
		Extract(text, nil)
	}
}

// adversarial is a text of the given size that makes every rule work
// hard: one paragraph, many quotations, cues and capitalised names.
func adversarial(size int) string {
	var s strings.Builder
	unit := `“A B C,” said Dr. John Smith Jones, a spokesman for Acme. He added that “x” and “y” were said by Mr. Brown, `
	for s.Len() < size-len(unit) {
		s.WriteString(unit)
	}
	return s.String()
}

// BenchmarkCorpus drafts all twelve articles of the news-quotes corpus.
func BenchmarkCorpus(b *testing.B) {
	dir := shared.Dir(b, "corpora/news-quotes")
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	var texts []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(data))
	}
	for b.Loop() {
		for _, t := range texts {
			Extract(t, nil)
		}
	}
}
