package knowledge

import (
	"fmt"
	"strings"
)

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

// Mismatch says where an excerpt that is not in text first departs from
// it: the words the excerpt has after its longest opening the text holds,
// the words the text has there instead, and that place's line in text.
// It is "" when the excerpt is in text.
func Mismatch(text, excerpt string) string {
	if Contains(text, excerpt) {
		return ""
	}
	words := textWords(text)
	for part := range strings.SplitSeq(ellipsis.Replace(Fold(excerpt)), "\x00") {
		ex := strings.Fields(part)
		if len(ex) == 0 || Contains(text, part) {
			continue
		}
		// The place in text where the most of the part's first words
		// follow one another.
		best, at := 0, -1
		for i := range words {
			k := 0
			for k < len(ex) && i+k < len(words) && words[i+k].w == ex[k] {
				k++
			}
			if k > best {
				best, at = k, i
			}
		}
		if best == 0 {
			return fmt.Sprintf("the archive has nothing like its words “%s”", clipWords(ex, 0))
		}
		here := at + best
		if here >= len(words) {
			return fmt.Sprintf("after “%s” the archive's text ends (line %d)", clipWords(ex[:best], best-mismatchWords), words[len(words)-1].line)
		}
		return fmt.Sprintf("after “%s”, the excerpt has “%s” where the archive's line %d has “%s”",
			clipWords(ex[:best], best-mismatchWords), clipWords(ex[best:], 0), words[here].line, clipWords(firstWords(words[here:]), 0))
	}
	// Each part is there, but not one after another.
	return "its parts are in the archive, but not in this order"
}

// mismatchWords is how many words Mismatch quotes on each side.
const mismatchWords = 4

type textWord struct {
	w    string
	line int
}

// textWords is text's words, folded as Contains folds them, each with
// its line.
func textWords(text string) []textWord {
	var out []textWord
	for n, l := range strings.Split(text, "\n") {
		for _, w := range strings.Fields(quoteFolder.Replace(l)) {
			out = append(out, textWord{w, n + 1})
		}
	}
	return out
}

func firstWords(ws []textWord) []string {
	out := make([]string, 0, mismatchWords)
	for _, w := range ws[:min(len(ws), mismatchWords)] {
		out = append(out, w.w)
	}
	return out
}

// clipWords joins up to mismatchWords words of ws from from.
func clipWords(ws []string, from int) string {
	from = max(from, 0)
	return strings.Join(ws[from:min(len(ws), from+mismatchWords)], " ")
}

// JoinNonEmpty joins the parts that are not empty, so that an unknown
// field leaves no stray separator: answers and exports show only what is
// known.
func JoinNonEmpty(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}
