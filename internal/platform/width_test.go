package platform

import (
	"testing"
	"unicode/utf16"
)

// FuzzUTF16Len: UTF16Len counts UTF-16 code units, with its ASCII
// shortcut or without.
func FuzzUTF16Len(f *testing.F) {
	for _, s := range []string{"", "abc", "ab“c”", "😀x", "x\xffy", "\u202e@everyone\u200b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := UTF16Len(s), len(utf16.Encode([]rune(s))); got != want {
			t.Errorf("UTF16Len(%q) = %d; want %d", s, got, want)
		}
	})
}
