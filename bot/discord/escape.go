package discord

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/incidentbot/incidentbot/bot/echo"
)

// Discord's limits (API docs: message, embed, component and autocomplete
// objects).
const (
	maxContent     = 2000
	maxEmbeds      = 10
	maxEmbedTotal  = 6000
	maxTitle       = 256
	maxDescription = 4096
	maxCustomID    = 100
	maxChoices     = 25
	maxChoice      = 100
	maxURL         = 2048
)

// Escape makes text safe to echo in Discord markdown: formatting
// characters are backslash-escaped so that they show as themselves,
// @everyone and @here get a zero-width space after the @ so that they can
// never ping, and mention syntax (<@id>, <#id>, <t:…>) is escaped so that
// it shows as typed. Invisible formatting characters (bidirectional
// controls and the like, see echo.Visible) are dropped. The text reads the
// same; only markup is disarmed.
func Escape(s string) string {
	s = echo.Visible(s)
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	lineStart := true
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		rest := s[i:]
		switch {
		case r == '@' && (hasPrefixFold(rest, "everyone") || hasPrefixFold(rest, "here")):
			b.WriteString("@\u200b")
		case r < utf8.RuneSelf && markup[r]:
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '<' && mentionSyntax(rest):
			b.WriteString(`\<`)
		case lineStart && (r == '-' || r == '+'):
			// List markers ("- ", "-# ") only count at the start of a line.
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
		lineStart = r == '\n' || (lineStart && (r == ' ' || r == '\t'))
	}
	return b.String()
}

// markup are the characters Escape always backslash-escapes.
var markup = func() (m [256]bool) {
	for _, c := range []byte("\\*_~`|>#[]") {
		m[c] = true
	}
	return m
}()

// needsEscape says whether s has any character Escape might change, so
// that the common case costs one pass and no allocation.
// Past a line's start, a byte costs a look in stops and two branches
// taken the same way almost always.
func needsEscape(s string) bool {
	lineStart := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if lineStart {
			if c == '-' || c == '+' {
				return true
			}
			lineStart = c == ' ' || c == '\t'
		}
		if stops[c] {
			if c != '\n' {
				return true
			}
			lineStart = true
		}
	}
	return false
}

// stops are the bytes needsEscape stops at anywhere in a line: markup,
// the starts of a ping and of mention syntax, and the end of the line.
var stops = func() [256]bool {
	m := markup
	m['@'], m['<'], m['\n'] = true, true, true
	return m
}()

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// mentionSyntax says whether the text after a '<' would make Discord render
// a mention, channel link, role, emoji, timestamp or command.
func mentionSyntax(rest string) bool {
	if rest == "" {
		return false
	}
	switch rest[0] {
	case '@', '#', ':', '/':
		return true
	}
	return len(rest) >= 2 && rest[1] == ':' && (rest[0] == 't' || rest[0] == 'a')
}

// cutWords shortens s to at most n characters, cutting at a word boundary
// and marking the cut with "…", so that no word is altered. It reports
// whether it cut. A single word longer than n is cut inside, still marked.
func cutWords(s string, n int) (string, bool) {
	end, cut := cutEnd(s, n)
	if !cut {
		return s, false
	}
	return s[:end] + "…", true
}

// cutEnd is where cutWords cuts s for n runes: the length in bytes of
// what it keeps before the "…", and whether it cuts at all. Apart, so
// that fitting a length can try cuts without building them.
func cutEnd(s string, n int) (int, bool) {
	if utf8.RuneCountInString(s) <= n {
		return len(s), false
	}
	if n <= 1 {
		return 0, true
	}
	end := 0
	for range n - 1 { // leave room for the "…"
		_, size := utf8.DecodeRuneInString(s[end:])
		end += size
	}
	cut := s[:end]
	if next, _ := utf8.DecodeRuneInString(s[end:]); !unicode.IsSpace(next) {
		if j := strings.LastIndexFunc(cut, unicode.IsSpace); j > 0 {
			cut = cut[:j]
		}
	}
	return len(strings.TrimRightFunc(cut, unicode.IsSpace)), true
}

// largest returns the largest n in [lo, hi] for which ok(n) holds, given
// that ok is monotone (true up to some point, false after); lo-1 if none.
func largest(lo, hi int, ok func(int) bool) int {
	best := lo - 1
	for lo <= hi {
		mid := lo + (hi-lo)/2
		if ok(mid) {
			best, lo = mid, mid+1
		} else {
			hi = mid - 1
		}
	}
	return best
}
