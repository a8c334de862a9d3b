package vote

import (
	"strings"
	"testing"

	"github.com/incidentbot/incidentbot/internal/platform"
)

func TestVoteEncode(t *testing.T) {
	long := strings.Repeat("what happened next in the story ", 20)
	tests := []struct {
		v     Vote
		limit int
		want  string
		ok    bool
	}{
		{Vote{true, "who  did\tit?", "quote/a-b"}, 100, "+quote/a-b who did it?", true},
		{Vote{false, "who did it?", "claim/x"}, 100, "-claim/x who did it?", true},
		// Cut at the limit, marked.
		{Vote{false, "who carried out the attack on the building?", "event/e1"}, 30, "-event/e1 who carried out the…", true},
		// Width is in UTF-16 units: an emoji takes two.
		{Vote{true, "😀😀😀😀😀😀😀😀😀😀", "quote/q"}, 20, "+quote/q 😀😀😀😀😀…", true},
		{Vote{true, "кто стоит за атакой на Кремль?", "quote/q"}, 100, "+quote/q кто стоит за атакой на Кремль?", true},
		// Never longer than the gaps log keeps.
		{Vote{true, long, "quote/q"}, 2000, "+quote/q " + strings.TrimSpace(long[:maxVoteQuery-1]) + "…", true},
		// No room for the question, no question, no usable lead.
		{Vote{true, "who did it?", "quote/" + strings.Repeat("x", 95)}, 100, "", false},
		{Vote{true, " \u200b ", "quote/q"}, 100, "", false},
		{Vote{true, "who?", "source/s"}, 100, "", false},
		{Vote{true, "who?", "quote/a b"}, 100, "", false},
		{Vote{true, "who?", "quote/"}, 100, "", false},
	}
	for _, tt := range tests {
		got, ok := tt.v.Encode(tt.limit)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%+v.Encode(%d) = %q, %v; want %q, %v", tt.v, tt.limit, got, ok, tt.want, tt.ok)
		}
		if ok && platform.UTF16Len(got) > tt.limit {
			t.Errorf("%+v.Encode(%d) is %d wide", tt.v, tt.limit, platform.UTF16Len(got))
		}
	}
}

func TestParseVoteRefuses(t *testing.T) {
	for _, s := range []string{"", "+", "+quote/q", "+quote/q ", "+quote/q   ", "*quote/q who?", "+source/s who?",
		"+quote who?", "+quote/ who?", "+/q who?", "+quote/a/b who?", "-quote/q " + strings.Repeat("x", 2*maxVoteQuery), "+quote/q \xff"} {
		if v, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) = %+v; want an error", s, v)
		}
	}
}

// FuzzParseVote: any button state is read without panicking, and what is
// read is a vote that encodes to a state read back the same.
func FuzzParseVote(f *testing.F) {
	for _, s := range []string{"+quote/us-officials who carried out the attack?", "-claim/x кто?", "-event/e1 what…", "+quote/q  a\tb ",
		"+quote/q", "x", "", "+quote/a/b c", "-source/s q", "+quote/q \u200b", "+quote/\u200b q"} {
		f.Add(s)
	}
	// At the bound, and over it, in UTF-16 units.
	f.Add("+quote/q " + strings.Repeat("😀", maxVoteQuery/2))
	f.Add("+quote/q " + strings.Repeat("😀", maxVoteQuery/2+1))
	f.Fuzz(func(t *testing.T, s string) {
		v, err := Parse(s)
		if err != nil {
			return
		}
		again, ok := v.Encode(1 << 20)
		if !ok {
			t.Fatalf("Parse(%q) = %+v, which does not encode", s, v)
		}
		w, err := Parse(again)
		if err != nil || w != v {
			t.Fatalf("Parse(%q) = %+v; encoded %q, read back %+v, %v", s, v, again, w, err)
		}
	})
}

// FuzzVoteEncode: whatever the question, an encoded vote fits its limit
// and reads back as the question, or as its start marked as cut.
func FuzzVoteEncode(f *testing.F) {
	f.Add(true, "us-officials", "who carried out the attack?", 98)
	f.Add(false, "q", "кто стоит за атакой на Кремль?", 30)
	f.Add(true, "q", "😀 😀\u200b😀", 12)
	f.Add(false, "x", strings.Repeat("word ", 100), 400)
	f.Fuzz(func(t *testing.T, helpful bool, id, query string, limit int) {
		v := Vote{Helpful: helpful, Query: query, Lead: "quote/" + id}
		s, ok := v.Encode(limit)
		if !ok {
			return
		}
		if platform.UTF16Len(s) > limit {
			t.Fatalf("%+v.Encode(%d) = %q, %d wide", v, limit, s, platform.UTF16Len(s))
		}
		got, err := Parse(s)
		if err != nil {
			t.Fatalf("%+v.Encode(%d) = %q, which does not parse: %v", v, limit, s, err)
		}
		whole := normalQuery(query)
		start := strings.TrimSuffix(got.Query, cutMark)
		if got.Helpful != helpful || got.Lead != v.Lead || (got.Query != whole && !strings.HasPrefix(whole, start)) {
			t.Fatalf("%+v.Encode(%d) = %q read back as %+v", v, limit, s, got)
		}
		if platform.UTF16Len(got.Query) > maxVoteQuery {
			t.Fatalf("%q carries %d UTF-16 units of the question", s, platform.UTF16Len(got.Query))
		}
	})
}
