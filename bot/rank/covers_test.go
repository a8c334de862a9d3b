package rank

import (
	"slices"
	"strings"
	"testing"
)

// levenshtein is the plain dynamic-programming edit distance over runes,
// which withinOneEdit must agree with.
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func TestWithinOneEdit(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"peskov", "peskov", true},
		{"peskov", "peskow", true},  // a letter changed
		{"peskov", "peskovv", true}, // added
		{"peskov", "pesov", true},   // left out
		{"peskov", "epskov", false}, // two changes (a swap)
		{"peskov", "pesk", false},   // two left out
		{"", "a", true},             // one added to nothing
		{"", "ab", false},           //
		{"песков", "пескоф", true},  // a Cyrillic letter, two bytes
		{"песков", "пескова", true}, // added at the end
		{"drone", "drones", true},   //
		{"attack", "attacks", true}, //
		{"attack", "attacked", false},
	} {
		if got := withinOneEdit(tt.a, tt.b); got != tt.want {
			t.Errorf("withinOneEdit(%q, %q) = %v; want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// FuzzWithinOneEdit checks withinOneEdit against the edit distance it
// stands for, on any two strings (a question's words are anything a user
// types, invalid UTF-8 included), both ways round; and swapped: two
// words it holds swapped are so either way round, and two edits apart.
func FuzzWithinOneEdit(f *testing.F) {
	for _, s := range [][2]string{{"peskov", "peskow"}, {"drone", "drones"}, {"", "x"}, {"песков", "пескоф"}, {"a\xffb", "a\xfeb"}, {"kremlin", "kermlin"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		want := levenshtein(a, b) <= 1
		if got := withinOneEdit(a, b); got != want {
			t.Errorf("withinOneEdit(%q, %q) = %v; the edit distance is %d", a, b, got, levenshtein(a, b))
		}
		if got := withinOneEdit(b, a); got != want {
			t.Errorf("withinOneEdit(%q, %q) = %v; the edit distance is %d", b, a, got, levenshtein(a, b))
		}
		if s := swapped(a, b); s != swapped(b, a) || s && levenshtein(a, b) != 2 {
			t.Errorf("swapped(%q, %q) = %v, the other way round %v; the edit distance is %d", a, b, s, swapped(b, a), levenshtein(a, b))
		}
	})
}

func TestSwapped(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"received", "recieved", true}, // two letters side by side swapped
		{"leaving", "leavign", true},   // at the end
		{"leaving", "elaving", true},   // at the start
		{"leaving", "leaving", false},  // the same word is no typo of it
		{"leaving", "liaveng", false},  // two letters apart
		{"leaving", "leavin", false},   // one left out (withinOneEdit's)
		{"жертвы", "жетрвы", true},     // Cyrillic letters, two bytes each
	} {
		if got := swapped(tt.a, tt.b); got != tt.want {
			t.Errorf("swapped(%q, %q) = %v; want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestHeldAsHasAny: what a text holds of each unit of a question, worked
// out word by word (held), is what hasAny finds over all its words, for
// every question drawn from the default base against its texts, and
// against words one letter off theirs.
func TestHeldAsHasAny(t *testing.T) {
	b := defaultBase(t)
	r := For(b)
	var texts []string
	for _, q := range b.Quotes {
		texts = append(texts, q.Text)
	}
	for _, e := range b.Events {
		texts = append(texts, e.Title+" "+e.Summary)
	}
	for _, c := range b.Claims {
		texts = append(texts, c.Statement)
	}
	compared := 0
	for i, q := range texts {
		for _, qu := range []Question{r.Analyse(q), r.Statement(q)} {
			for j := range 20 {
				words := b.Terms(texts[(i+j*7)%len(texts)])
				for k, w := range words {
					if k%3 == 0 && len(w) > 4 {
						words = append(words, w[:len(w)-1], w[1:], w+"s")
					}
				}
				if got, want := r.held(qu, words), heldByHasAny(r, qu, words); !slices.Equal(got, want) {
					t.Fatalf("question %q, words %q: held %v; hasAny %v", q, words, got, want)
				}
				compared++
			}
		}
	}
	t.Logf("%d questions and texts compared", compared)
}

// heldByHasAny is held as hasAny works it out, over all the words at
// once: the reference held is checked against.
func heldByHasAny(r Ranker, qu Question, words []string) []float64 {
	want := make([]float64, len(qu.units))
	for i, u := range qu.units {
		if u.person == "" {
			want[i] = hasAny(words, u.alts, r.isName)
			if want[i] < 1 && u.near != nil {
				want[i] = max(want[i], weights.related*hasAny(words, u.near, r.isName))
			}
		}
	}
	return want
}

// FuzzHeld holds held to hasAny for units and words of any bytes: words
// of a letter or two, of four-byte letters, not valid UTF-8, one letter
// apart at either end.
func FuzzHeld(f *testing.F) {
	f.Add("retaliatory strike", "drone", "retaliation strikes", "dron")
	f.Add("a€bcd", "a😀bcd", "a😀bcd x€bcd", "")
	f.Add("жжжжж", "\xffabcde", "жжжжш abcde\xff", "ab")
	f.Add("minister ministry", "x", "ministers minister", "inister")
	r := For(defaultBase(f))
	f.Fuzz(func(t *testing.T, alts, near, text, person string) {
		qu := Question{seen: &textCache{words: map[string][]unitHas{}}}
		for i, a := range strings.Fields(alts) {
			u := unit{alts: []string{a}}
			if ns := strings.Fields(near); i < len(ns) {
				u.near = ns[i:]
			}
			qu.units = append(qu.units, u)
		}
		if person != "" {
			qu.units = append(qu.units, unit{person: person, alts: []string{person}})
		}
		words := strings.Fields(text)
		if got, want := r.held(qu, words), heldByHasAny(r, qu, words); !slices.Equal(got, want) {
			t.Fatalf("units %+v, words %q: held %v; hasAny %v", qu.units, words, got, want)
		}
	})
}
