package draft

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// span is a byte range [start, end) of the article text.
type span struct{ start, end int }

func (s span) len() int { return s.end - s.start }

func (s span) overlap(o span) int { return max(0, min(s.end, o.end)-max(s.start, o.start)) }

// paragraphs splits text at blank lines. A text without any blank line but
// with several lines (one paragraph a line) is split at line ends.
func paragraphs(text string) []span {
	sep := "\n\n"
	if !hasBlankLine(text) {
		sep = "\n"
	}
	var out []span
	start := headerEnd(text)
	add := func(s, e int) {
		for s < e && isSpaceByte(text[s]) {
			s++
		}
		for e > s && isSpaceByte(text[e-1]) {
			e--
		}
		if s < e {
			out = append(out, span{s, e})
		}
	}
	for i := 0; i < len(text); i++ {
		if text[i] != '\n' {
			continue
		}
		if sep == "\n" {
			add(start, i)
			start = i + 1
			continue
		}
		// A blank line: a newline, optional spaces, a newline.
		j := i + 1
		for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r') {
			j++
		}
		if j < len(text) && text[j] == '\n' {
			add(start, i)
			for j < len(text) && isSpaceByte(text[j]) {
				j++
			}
			start = j
			i = j - 1
		}
	}
	add(start, len(text))
	return out
}

// headerRE is a header a saved article may start with ("date
// 2023-05-25"): not the article's words, so never an excerpt.
var headerRE = regexp.MustCompile(`^\s*(?i:date|published|updated|posted)[:\s]\s*(\d{4}-\d{2}-\d{2})\s+`)

// headerEnd is where the article's words start, after any header.
func headerEnd(text string) int {
	if m := headerRE.FindStringSubmatchIndex(text); m != nil {
		return m[1]
	}
	return 0
}

// HeaderDate is the date of the article's header ("date 2023-05-25"), or
// "" when it has none.
func HeaderDate(text string) string {
	if m := headerRE.FindStringSubmatch(text); m != nil {
		return m[1]
	}
	return ""
}

func hasBlankLine(text string) bool {
	for i := strings.IndexByte(text, '\n'); i >= 0 && i < len(text)-1; {
		j := i + 1
		for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r') {
			j++
		}
		if j < len(text) && text[j] == '\n' {
			return true
		}
		k := strings.IndexByte(text[j:], '\n')
		if k < 0 {
			return false
		}
		i = j + k
	}
	return false
}

func isSpaceByte(b byte) bool { return b == ' ' || b == '\n' || b == '\t' || b == '\r' }

// quoted is one stretch of words in quotation marks: outer includes the
// marks, inner is the words. closed is false for a quotation that runs on
// past the end of its paragraph (the next paragraph reopens it).
type quoted struct {
	outer, inner span
	closed       bool
}

// doubleMark reports whether the rune at text[i:] is a double quotation
// mark, and its width in bytes. Two single marks (” or ’’ or ‘‘) count
// as one double mark, as some wires type them.
func doubleMark(text string, i int) (width int, ok bool) {
	r, w := utf8.DecodeRuneInString(text[i:])
	switch r {
	case '"', '“', '”', '„', '«', '»':
		return w, true
	case '’', '‘', '\'':
		r2, w2 := utf8.DecodeRuneInString(text[i+w:])
		if r2 == '’' || r2 == '‘' || (r == '\'' && r2 == '\'') {
			return w + w2, true
		}
	}
	return 0, false
}

// quotations finds the quotations of one paragraph. Marks are paired in
// order, whatever their shape, because real text mixes them (“…" and
// ,”Some…”); a mark left open at the paragraph's end makes a quotation that
// runs to the end.
func quotations(text string, p span) []quoted {
	var out []quoted
	open := -1
	openW := 0
	for i := p.start; i < p.end; {
		w, ok := doubleMark(text, i)
		if !ok {
			_, w = utf8.DecodeRuneInString(text[i:])
			i += w
			continue
		}
		if open < 0 {
			open, openW = i, w
		} else {
			out = append(out, quoted{outer: span{open, i + w}, inner: trimSpan(text, span{open + openW, i}), closed: true})
			open = -1
		}
		i += w
	}
	if open >= 0 {
		out = append(out, quoted{outer: span{open, p.end}, inner: trimSpan(text, span{open + openW, p.end})})
	}
	// Drop empty pairs ("" or a stray mark).
	kept := out[:0]
	for _, q := range out {
		if q.inner.len() > 0 {
			kept = append(kept, q)
		}
	}
	return kept
}

func trimSpan(text string, s span) span {
	for s.start < s.end {
		r, w := utf8.DecodeRuneInString(text[s.start:])
		if !unicode.IsSpace(r) {
			break
		}
		s.start += w
	}
	for s.end > s.start {
		r, w := utf8.DecodeLastRuneInString(text[:s.end])
		if !unicode.IsSpace(r) {
			break
		}
		s.end -= w
	}
	return s
}

// abbreviations end with a full stop that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "jr": true, "sr": true,
	"lt": true, "col": true, "gen": true, "cmdr": true, "capt": true, "sgt": true, "maj": true,
	"rep": true, "sen": true, "gov": true, "gen.": true, "prof": true, "rev": true, "hon": true,
	"no": true, "vs": true, "etc": true, "inc": true, "co": true, "corp": true, "ltd": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "approx": true, "e.g": true, "i.e": true,
}

// sentences splits a paragraph into sentences, never inside a quotation:
// “A. B,” he said. is one sentence.
func sentences(text string, p span, qs []quoted) []span {
	// b only grows, so one index walks the quotations once.
	qi := 0
	inside := func(b int) bool {
		for qi < len(qs) && qs[qi].outer.end <= b {
			qi++
		}
		return qi < len(qs) && qs[qi].outer.start < b && b < qs[qi].outer.end
	}
	var out []span
	start := p.start
	for i := p.start; i < p.end; i++ {
		c := text[i]
		if c != '.' && c != '?' && c != '!' {
			continue
		}
		// Take the closing marks and brackets after the stop.
		j := i + 1
		for j < p.end {
			if w, ok := doubleMark(text, j); ok {
				j += w
				continue
			}
			r, w := utf8.DecodeRuneInString(text[j:])
			if r == ')' || r == ']' || r == '’' || r == '\'' || r == '.' {
				j += w
				continue
			}
			break
		}
		if j >= p.end {
			break
		}
		r, _ := utf8.DecodeRuneInString(text[j:])
		if !unicode.IsSpace(r) || inside(j) {
			continue
		}
		k := j
		for k < p.end && isSpaceByte(text[k]) {
			k++
		}
		next, _ := utf8.DecodeRuneInString(text[k:])
		_, mark := doubleMark(text, k)
		if !unicode.IsUpper(next) && !unicode.IsDigit(next) && !mark && next != '(' && next != '[' {
			continue
		}
		if c == '.' && isAbbreviation(text[start:i]) {
			continue
		}
		if c != '.' && j > i+1 && cueFollows(text, k, p.end) {
			// “…?” Lindqvist asked. — the cue belongs to the question.
			continue
		}
		out = append(out, span{start, j})
		start = k
		i = k - 1
	}
	if start < p.end {
		out = append(out, span{start, p.end})
	}
	return out
}

// cueFollows reports whether a speech verb comes within the next few
// words at text[k:], before any punctuation: "Lindqvist asked".
func cueFollows(text string, k, end int) bool {
	ws := words(text, span{k, min(end, k+80)})
	for i, w := range ws {
		if i >= 4 || i > 0 && strings.ContainsAny(text[ws[i-1].end:w.start], ".,;:?!") {
			return false
		}
		if isCue(w.text) {
			return true
		}
	}
	return false
}

// isAbbreviation reports whether the word ending s (just before a full
// stop) is an abbreviation or an initial: "Mr", "U.S", "J".
func isAbbreviation(s string) bool {
	i := strings.LastIndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '(' })
	w := s[i+1:]
	w = strings.TrimLeft(w, "(“\"")
	if w == "" {
		return false
	}
	if abbreviations[strings.ToLower(w)] {
		return true
	}
	if strings.Contains(w, ".") && utf8.RuneCountInString(w) <= 6 {
		return true // U.S, D.C, a.m
	}
	r, n := utf8.DecodeRuneInString(w)
	return n == len(w) && unicode.IsUpper(r) // an initial
}

// words splits s into words with their byte offsets, keeping letters,
// digits and in-word marks (apostrophes, hyphens, dots of U.S.) together.
type word struct {
	text       string
	start, end int
}

func words(text string, s span) []word {
	var out []word
	i := s.start
	for i < s.end {
		r, w := utf8.DecodeRuneInString(text[i:])
		if !isWordStart(r) {
			i += w
			continue
		}
		j := i + w
		for j < s.end {
			r2, w2 := utf8.DecodeRuneInString(text[j:])
			if isWordStart(r2) {
				j += w2
				continue
			}
			if (r2 == '\'' || r2 == '’' || r2 == '-' || r2 == '.' || r2 == '@') && j+w2 < s.end {
				r3, _ := utf8.DecodeRuneInString(text[j+w2:])
				if isWordStart(r3) {
					j += w2
					continue
				}
			}
			break
		}
		// Keep the final dot of an abbreviation such as U.S. or Mr.
		if j < s.end && text[j] == '.' && isAbbreviation(text[i:j]) && strings.ContainsAny(text[i:j], ".") {
			j++
		}
		out = append(out, word{text[i:j], i, j})
		i = j
	}
	return out
}

func isWordStart(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '@' }

func isCapitalized(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}
