// Package echo makes what the bot echoes of a user's text safe to show
// (Visible). It imports only the standard library.
package echo

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Visible returns s without its invisible formatting characters (Unicode
// category Cf): the bidirectional controls (U+202A–U+202E, U+2066–U+2069,
// U+200E, U+200F, U+061C), zero-width spaces and joiners' relatives, the
// byte order mark, soft hyphens and tag characters. They can make echoed
// text read differently from what it is (a reversed "gpj.exe") or carry
// hidden text. The zero-width joiner and non-joiner stay: emoji sequences
// and Persian and Indic spelling need them. Both adapters' escaping
// functions call it on everything they echo.
func Visible(s string) string {
	// The first invisible rune is looked for byte by byte: every rune
	// from U+00AD up starts with a byte of 0xC2 or more, which is never
	// inside another rune, so only at such a byte is a rune decoded, and
	// ASCII text, the common case, costs a comparison a byte.
	i := -1
	for j := 0; j < len(s); j++ {
		if s[j] < 0xC2 {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(s[j:]); invisible(r) {
			i = j
			break
		}
	}
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		if !invisible(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func invisible(r rune) bool {
	return r >= 0xAD && r != utf8.RuneError && r != '\u200c' && r != '\u200d' && unicode.Is(unicode.Cf, r)
}
