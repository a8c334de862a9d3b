package knowledge

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Quotation marks, as sources type them: straight and curly, English,
// German („…“), French and Russian («…», „…“) marks, mixed at will ("…”,
// ,”Some…”). Marks are paired by which side of a word they stand on, and,
// where that says nothing, in order. A double closing mark closes the
// nearest double opening mark, whatever single marks stand open inside it
// (‘there was no linkage like that," she said).

// mark is one quotation mark found in a text.
type mark struct {
	at, width int
	double    bool
	// open is whether it opens a quotation, as far as the mark alone
	// tells; afterWord whether it stands where a closing mark would,
	// after a word and before a space, punctuation or the end.
	open, afterWord bool
}

// quotations returns the quotations of a text that stand in no other
// one: from the opening mark to just after the closing mark. A closing
// mark with no opening one makes a quotation from the start of the text
// (an excerpt that begins inside one), and an opening mark never closed
// one that runs to the end (a quotation that goes on into the next
// paragraph). A single mark never closed is an apostrophe or a typo, not
// a quotation.
func quotations(text string) []quoted {
	ignore := map[int]bool{}
	for {
		out, stray := pairMarks(text, ignore)
		if stray < 0 {
			return out
		}
		if len(ignore) == maxStrays {
			// A text of many single marks that close nothing is read
			// by its double marks alone, in one more pass.
			ignore = nil
		} else {
			ignore[stray] = true
		}
	}
}

// maxStrays bounds the passes over a text made to leave out single
// opening marks that close nothing, one at a time.
const maxStrays = 8

// quoted is a quotation of a text, marks included; whole is false for one
// that opens before the text or closes after it.
type quoted struct {
	span
	whole bool
}

// pairMarks pairs a text's marks, leaving out those at the offsets in
// ignore. It returns the outermost quotations, or the offset of a single
// opening mark never closed, which the caller then ignores.
func pairMarks(text string, ignore map[int]bool) (out []quoted, stray int) {
	var open []mark // the stack of open marks
	doubles := 0    // how many of them are double
	start := 0
	for i := 0; i < len(text); {
		m, ok := markAt(text, i)
		if !ok || ignore[i] || ignore == nil && !m.double {
			_, w := utf8.DecodeRuneInString(text[i:])
			i += w
			continue
		}
		i += m.width
		switch {
		case m.double && (m.open || doubles == 0 && !m.afterWord):
			if len(open) == 0 {
				start = m.at
			}
			open = append(open, m)
			doubles++
		case m.double && doubles == 0:
			// An excerpt that starts inside a quotation: the quotations
			// so far and single marks still open are inside it.
			out, open = []quoted{{span{0, i}, false}}, open[:0]
		case m.double:
			for len(open) > 0 {
				top := open[len(open)-1]
				open = open[:len(open)-1]
				if top.double {
					doubles--
					break
				}
			}
			if len(open) == 0 {
				out = append(out, quoted{span{start, i}, true})
			}
		case m.open:
			if len(open) == 0 {
				start = m.at
			}
			open = append(open, m)
		case len(open) > 0 && !open[len(open)-1].double:
			// A single closing mark closes only a single opening one;
			// anywhere else it is an apostrophe (“the witnesses’ words”).
			open = open[:len(open)-1]
			if len(open) == 0 {
				out = append(out, quoted{span{start, i}, true})
			}
		}
	}
	if len(open) > 0 {
		if doubles == 0 {
			return nil, open[0].at
		}
		out = append(out, quoted{span{start, len(text)}, false})
	}
	return out, -1
}

// markAt reports the quotation mark at text[i:], if there is one, and
// whether it opens: by its side of the word where that tells, otherwise
// by its shape ("“" opens, "”" closes; a straight mark is decided by the
// pairing). Two single marks typed for a double one (’’, or two straight
// ones) count as one.
func markAt(text string, i int) (mark, bool) {
	r, w := utf8.DecodeRuneInString(text[i:])
	m := mark{at: i, width: w}
	switch r {
	case '"', '“', '”', '„', '«', '»':
		m.double = true
	case '‘', '’', '\'':
		r2, w2 := utf8.DecodeRuneInString(text[i+w:])
		if r2 == r && r != '‘' || r == '‘' && r2 == '‘' {
			m.double, m.width = true, w+w2
			break
		}
		if r == '\'' {
			// A straight single mark is an apostrophe as often as not.
			return m, false
		}
	default:
		return m, false
	}
	before, _ := utf8.DecodeLastRuneInString(text[:i])
	after, _ := utf8.DecodeRuneInString(text[i+m.width:])
	end := i+m.width == len(text)
	opensWord := (i == 0 || unicode.IsSpace(before) || strings.ContainsRune("([{—–-/", before) || isMarkRune(before)) && !end && !unicode.IsSpace(after)
	m.afterWord = i > 0 && !unicode.IsSpace(before) && (end || unicode.IsSpace(after) || unicode.IsPunct(after) || isMarkRune(after))
	switch {
	case opensWord && !m.afterWord:
		m.open = true
	case m.afterWord && !opensWord:
		m.open = false
	case !m.double:
		// A single mark inside a word is an apostrophe: “didn’t”.
		return m, false
	default:
		// Neither side tells (“word”word” or a mark standing alone):
		// “„« open by shape; ", ” and » are left to the pairing.
		m.open = r == '“' || r == '„' || r == '«'
	}
	return m, true
}

// isMarkRune reports whether r is a quotation mark.
func isMarkRune(r rune) bool { return strings.ContainsRune("\"“”„«»‘’'", r) }

// opensAt reports whether a quotation mark opens at text[i:].
func opensAt(text string, i int) bool {
	if _, ok := markAt(text, i); !ok {
		return false
	}
	for _, q := range quotations(text) {
		// Not a quotation the text starts inside of, which ends at a
		// closing mark of its own and not at the end.
		if q.start == i && (q.whole || q.end == len(text)) {
			return true
		}
	}
	return false
}
