package platform

import "unicode/utf8"

// UTF16Len is the length of s as Discord and Slack count it for their
// limits: in UTF-16 code units, so that an emoji outside the Basic
// Multilingual Plane counts two and anything else one (invalid UTF-8 a
// unit a byte, as it is sent replaced).
func UTF16Len(s string) int {
	// ASCII, most of what is measured, is one unit a byte.
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return i + wideLen(s[i:])
		}
	}
	return len(s)
}

func wideLen(s string) int {
	n := 0
	for _, r := range s {
		n += RuneUTF16Len(r)
	}
	return n
}

// RuneUTF16Len is UTF16Len of one rune.
func RuneUTF16Len(r rune) int {
	if r >= 0x10000 && r <= utf8.MaxRune {
		return 2
	}
	return 1
}
