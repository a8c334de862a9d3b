package knowledge

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func defaultBase(t testing.TB) *Base {
	t.Helper()
	b, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Every passage is found first by its own words (or by another passage
// with the same words: a sentence cited by several entries).
func TestSearchPassagesLeadsWithTheExactSentence(t *testing.T) {
	b := defaultBase(t)
	seen := map[string]bool{}
	for _, e := range b.Events {
		for _, c := range e.Citations {
			for _, s := range Sentences(c.Excerpt) {
				if seen[s] || len(b.Terms(s)) < 3 {
					continue
				}
				seen[s] = true
				hits := b.SearchPassages(s, 1)
				if len(hits) == 0 || hits[0].Text != s {
					var got string
					if len(hits) > 0 {
						got = hits[0].Text
					}
					t.Errorf("SearchPassages(%q) leads with %q", s, got)
				}
			}
		}
	}
	if len(seen) < 10 {
		t.Fatalf("only %d sentences tried", len(seen))
	}
}

func TestSearchKinds(t *testing.T) {
	b := defaultBase(t)
	tests := []struct {
		kinds []string
		want  []string
	}{
		{nil, []string{KindEvent, KindQuote, KindClaim}},
		{[]string{KindQuote}, []string{KindQuote}},
		{[]string{KindEvent, KindClaim}, []string{KindEvent, KindClaim}},
		{[]string{KindPerson}, []string{KindPerson}},
		{[]string{KindPassage}, nil}, // passages are found by SearchPassages
	}
	for _, tt := range tests {
		hits := b.Search("drone attack Kremlin Ukraine", 100, tt.kinds...)
		var kinds []string
		for i, h := range hits {
			if !slices.Contains(kinds, h.Kind) {
				kinds = append(kinds, h.Kind)
			}
			if i > 0 && h.Score > hits[i-1].Score {
				t.Errorf("Search(kinds %v): hit %d scores %v, above hit %d's %v", tt.kinds, i, h.Score, i-1, hits[i-1].Score)
			}
		}
		slices.Sort(kinds)
		want := slices.Sorted(slices.Values(tt.want))
		if !slices.Equal(kinds, want) {
			t.Errorf("Search(kinds %v) found kinds %v; want %v", tt.kinds, kinds, want)
		}
	}
	if hits := b.Search("drone", 3); len(hits) != 3 {
		t.Errorf("Search(drone, 3) = %d hits; want 3", len(hits))
	}
}

func TestKnownTypos(t *testing.T) {
	b := defaultBase(t)
	tests := []struct {
		text         string
		known, total int
	}{
		{"Kremlin drones", 2, 2},
		{"Kremlim dronez", 2, 2},  // one typo each
		{"Zelenskyyy", 1, 1},      // two typos in a long word
		{"Kremlin zqxwvjk", 1, 2}, // nothing near
		{"the and of", 0, 0},      // stop words only
		{"Пескова", 1, 1},         // a Russian case form
		{"хрщзъ", 0, 1},           // Cyrillic the base does not hold
		{"Kxemlin", 1, 1},         // a typo after the first letter
		{"qremlin", 0, 1},         // but the first letter must be right
		{"wat", 0, 1},             // three letters: exact only
		{"moan", 1, 1},            // four letters: one typo
		{"Peskov Kremlin spokesman", 3, 3},
	}
	for _, tt := range tests {
		known, total := b.Known(tt.text)
		if known != tt.known || total != tt.total {
			t.Errorf("Known(%q) = %d, %d; want %d, %d", tt.text, known, total, tt.known, tt.total)
		}
	}
}

// Knows allows a typo only in words of five letters or more.
func TestKnows(t *testing.T) {
	b := defaultBase(t)
	for term, want := range map[string]bool{"kremlin": true, "kremlim": true, "drone": true, "moan": false, "zqxwvjk": false} {
		if got := b.Knows(term); got != want {
			t.Errorf("Knows(%q) = %v; want %v", term, got, want)
		}
	}
}

func TestFindPeople(t *testing.T) {
	b := defaultBase(t)
	tests := []struct {
		query string
		want  string // the first person's id; "" for none
	}{
		{"Peskov", "peskov"},
		{"Peskow", "peskov"},            // a typo
		{"Kremlin spokesman", "peskov"}, // a role
		{"Пескова", "peskov"},           // a Russian case form
		{"Zelenski", "zelensky"},
		{"Qwxyz", ""},
	}
	for _, tt := range tests {
		var got string
		if ps := b.FindPeople(tt.query); len(ps) > 0 {
			got = ps[0].ID
		}
		if got != tt.want {
			t.Errorf("FindPeople(%q) finds %q first; want %q", tt.query, got, tt.want)
		}
	}
}

// A name in a question finds what the person said and did under their
// other names: "Washington" is the United States.
func TestSearchExpandsNames(t *testing.T) {
	b := defaultBase(t)
	hits := b.Search("Washington", 50, KindQuote)
	if len(hits) == 0 {
		t.Fatal(`Search("Washington") found no quotes`)
	}
	found := false
	for _, h := range hits {
		found = found || b.Quote(h.ID).Speaker == "united-states"
	}
	if !found {
		t.Errorf(`Search("Washington") found no quote by the United States among %d hits`, len(hits))
	}
}

// Searches take text from chat: whatever it is, they answer at most n
// hits, best first, of the kinds asked for.
func FuzzSearch(f *testing.F) {
	b := defaultBase(f)
	for _, s := range []string{"", "drone attack", "Kremlim", "Пескова заявил", "\"the\" of", "Washington US USA", "a b c d e f", "🙂\x00\xff"} {
		f.Add(s, 5)
	}
	f.Fuzz(func(t *testing.T, text string, n int) {
		n = n%100 + 1
		if n < 1 {
			n = -n + 1
		}
		hits := b.Search(text, n, KindQuote, KindClaim)
		if len(hits) > n {
			t.Errorf("Search(%q, %d) = %d hits", text, n, len(hits))
		}
		for i, h := range hits {
			if h.Kind != KindQuote && h.Kind != KindClaim {
				t.Errorf("Search(%q) found a %s", text, h.Kind)
			}
			if i > 0 && h.Score > hits[i-1].Score {
				t.Errorf("Search(%q): hit %d scores above hit %d", text, i, i-1)
			}
		}
		ps := b.SearchPassages(text, n)
		if len(ps) > n {
			t.Errorf("SearchPassages(%q, %d) = %d hits", text, n, len(ps))
		}
		if known, total := b.Known(text); known < 0 || known > total {
			t.Errorf("Known(%q) = %d of %d", text, known, total)
		}
		b.FindPeople(text)
	})
}

// Searches share the base: run at once, each finds what it finds alone.
func TestSearchConcurrently(t *testing.T) {
	b := defaultBase(t)
	questions := []string{"drone attack on the Kremlin", "who said Ukraine did it", "Peskov", "Пескова", "Kremlim", "false flag operation"}
	alone := map[string][]PassageHit{}
	for _, q := range questions {
		alone[q] = b.SearchPassages(q, 20)
	}
	done := make(chan error)
	for i := range 8 {
		go func() {
			var err error
			for j := range 50 {
				q := questions[(i+j)%len(questions)]
				if got := b.SearchPassages(q, 20); !slices.Equal(got, alone[q]) && err == nil {
					err = fmt.Errorf("SearchPassages(%q) at once with others differs from alone", q)
				}
			}
			done <- err
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

// A typo is forgiven in a word of up to maxFuzzyRunes letters: in a longer
// one, looking for typos costs more than it finds (a 500-letter word built
// an automaton over all 500), and such a word must match exactly.
func TestKnownLongWords(t *testing.T) {
	const long = "Chargesheetingcounterintelligence" // 33 letters
	b, err := Load("valid.yaml", []byte(strings.Replace(readValid(t), "Two drones are reported", "Two drones are reported in the "+long, 1)))
	if err != nil {
		t.Fatal(err)
	}
	typo := strings.Replace(long, "sheeting", "sheetinq", 1)
	huge := strings.Repeat("kremlin", 72)[:500]
	tests := []struct {
		text         string
		known, total int
	}{
		{long, 1, 1},
		{typo, 0, 1},
		{"Kremlim", 1, 1}, // a typo in a short word still is
		{huge, 0, 1},
		{"kremlin " + huge, 1, 2},
	}
	for _, tt := range tests {
		if known, total := b.Known(tt.text); known != tt.known || total != tt.total {
			t.Errorf("Known(%.40q) = %d, %d; want %d, %d", tt.text, known, total, tt.known, tt.total)
		}
	}
	if got := b.Search(long, 5); len(got) != 1 {
		t.Errorf("Search(%q) = %v; want the one event", long, got)
	}
	for _, text := range []string{typo, huge} {
		if got := b.Search(text, 5); len(got) != 0 {
			t.Errorf("Search(%.40q) = %v; want nothing", text, got)
		}
		if b.Knows(b.Terms(text)[0]) {
			t.Errorf("Knows(%.40q) = true; want false", text)
		}
	}
}

// A very long word costs about what a short one does: it is looked up
// exactly, without building a typo automaton over all its letters.
func BenchmarkKnownLongWord(b *testing.B) {
	base := defaultBase(b)
	for _, n := range []int{9, 20, 500} {
		word := strings.Repeat("kremlinx", 63)[:n]
		b.Run(fmt.Sprintf("letters=%d", n), func(b *testing.B) {
			for b.Loop() {
				base.Known(word)
			}
		})
	}
}

// A question that repeats a Cyrillic word asks what it asks once: as many
// clauses, and no document found twice.
func TestRepeatedRussianWords(t *testing.T) {
	b := defaultBase(t)
	fields := []field{{fBody, 1}, {fExcerpts, 0.5}}
	for _, words := range []string{"Песков ", "Пескова Песков "} {
		once := len(b.textQuery(words, fields))
		text := strings.Repeat(words, maxQueryRunes/utf8.RuneCountInString(words))
		if got := len(b.textQuery(text, fields)); got != once {
			t.Errorf("textQuery(%q repeated) has %d clauses; want %d, as once", words, got, once)
		}
		hits := b.Search(text, 100)
		seen := map[Hit]bool{}
		for _, h := range hits {
			h.Score = 0
			if seen[h] {
				t.Errorf("Search(%q repeated) finds %s %s twice", words, h.Kind, h.ID)
			}
			seen[h] = true
		}
		if len(hits) == 0 {
			t.Errorf("Search(%q repeated) finds nothing", words)
		}
	}
}

// A question of many Cyrillic words is matched by at most maxStems of
// their stems.
func TestManyRussianWords(t *testing.T) {
	var words []string
	for _, a := range "бвгдклмнпрст" {
		for _, b := range "бвгдклмн" {
			words = append(words, "з"+string(a)+"о"+string(b)+"ал")
		}
	}
	text := strings.Join(words, " ")
	b, err := Load("valid.yaml", []byte(strings.Replace(readValid(t), "Two drones are reported", "Two drones are reported "+text, 1)))
	if err != nil {
		t.Fatal(err)
	}
	stems := 0
	for _, c := range b.textQuery(clip(text), []field{{fBody, 1}, {fExcerpts, 0.5}}) {
		if c.Items[0].Field == fRU {
			stems++
		}
	}
	if stems != maxStems {
		t.Errorf("a question of %d Cyrillic words is matched by %d stems; want %d", len(words), stems, maxStems)
	}
	if got := b.Search(text, 5); len(got) != 1 {
		t.Errorf("Search(%d Cyrillic words) = %v; want the one event", len(words), got)
	}
}

// However many clauses a query has, a document is found once: its count
// of clauses matched does not wrap around.
func TestRunManyClauses(t *testing.T) {
	b := defaultBase(t)
	c := b.index.TermClause(fPeople, "peskov", 1)
	q := query{Clauses: slices.Repeat([]clause{c}, 1<<16+1), Kinds: []int{kQuote}}
	hits := b.index.Run(q, 1000)
	seen := map[uint32]bool{}
	for _, h := range hits {
		if seen[h.Doc] {
			t.Errorf("a query of %d clauses finds quote %s twice", len(q.Clauses), b.Quotes[h.Doc].ID)
		}
		seen[h.Doc] = true
	}
	if len(hits) == 0 {
		t.Errorf("a query of %d clauses for peskov finds no quote", len(q.Clauses))
	}
}

// A typo is looked for among the words that share the first letter, the
// whole letter, however many bytes it takes.
func TestNearSharesFirstLetter(t *testing.T) {
	ix := defaultBase(t).index
	tests := []struct {
		term string
		want []string
	}{
		{"kremlim", []string{"kremlin"}},
		{"вашингтом", []string{"вашингтон"}},
		{"башингтон", nil}, // б and в share their first byte
	}
	for _, tt := range tests {
		var got []string
		for _, c := range ix.Near(tt.term, 1, searchedMask, nil) {
			got = append(got, c.Term)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Near(%q, 1) = %q; want %q", tt.term, got, tt.want)
		}
	}
}
