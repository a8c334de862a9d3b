package knowledge

import "strings"

// Text compared across the package and its users: the verbatim check of
// excerpts against their articles (Contains), and name and suggestion
// lookups (search.go, bot's Suggest, draft), all fold text the same way.

// Fold normalises text for verbatim comparison: typographic quotes become
// straight ones and runs of white space become one space.
func Fold(s string) string {
	s = quoteFolder.Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

var quoteFolder = strings.NewReplacer("“", `"`, "”", `"`, "„", `"`, "«", `"`, "»", `"`, "‘", "'", "’", "'", "‚", "'", "′", "'")

var ellipsis = strings.NewReplacer("…", "\x00", "...", "\x00")

// Contains reports whether excerpt, with "..." or "…" standing for elided
// words, appears in text, both folded.
func Contains(text, excerpt string) bool {
	text = Fold(text)
	rest := text
	for part := range strings.SplitSeq(ellipsis.Replace(Fold(excerpt)), "\x00") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		i := strings.Index(rest, part)
		if i < 0 {
			return false
		}
		rest = rest[i+len(part):]
	}
	return true
}
