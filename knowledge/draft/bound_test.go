package draft

import (
	"strings"
	"testing"
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
