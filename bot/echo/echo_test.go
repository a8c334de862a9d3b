package echo

import (
	"strings"
	"testing"
	"unicode"
)

func TestVisible(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"plain text", "plain text"},
		{"invoice\u202Egpj.exe", "invoicegpj.exe"},
		{"a\u2066b\u2067c\u2068d\u2069e", "abcde"},
		{"\u202A\u202B\u202C\u202D\u200E\u200F\u061C", ""},
		{"zero\u200Bwidth\uFEFF\u2060joiner\u00ADhyphen", "zerowidthjoinerhyphen"},
		{"tag\U000E0041\U000E0042s", "tags"},
		{"👨\u200d👩\u200d👧 family", "👨\u200d👩\u200d👧 family"},
		{"می\u200cخواهم", "می\u200cخواهم"},
		{"Песков «Вашингтон»", "Песков «Вашингтон»"},
	} {
		if got := Visible(tt.in); got != tt.want {
			t.Errorf("Visible(%+q) = %+q; want %+q", tt.in, got, tt.want)
		}
	}
}

func FuzzVisible(f *testing.F) {
	f.Add("a\u202Eb")
	f.Add("👨\u200d👩")
	f.Fuzz(func(t *testing.T, s string) {
		v := Visible(s)
		for _, r := range v {
			if unicode.Is(unicode.Cf, r) && r != '\u200c' && r != '\u200d' {
				t.Errorf("Visible(%+q) keeps %U", s, r)
			}
		}
		if want := visibleRuneByRune(s); v != want {
			t.Errorf("Visible(%+q) = %+q; rune by rune %+q", s, v, want)
		}
		if Visible(v) != v {
			t.Errorf("Visible is not idempotent on %+q", s)
		}
	})
}

// visibleRuneByRune is Visible as it was written before it looked for the
// first invisible rune byte by byte: the reference FuzzVisible holds it to.
func visibleRuneByRune(s string) string {
	i := -1
	for j, r := range s {
		if invisible(r) {
			i = j
			break
		}
	}
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		if !invisible(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
