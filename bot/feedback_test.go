package bot

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/incidentbot/incidentbot/bot/gaps"
	"github.com/incidentbot/incidentbot/internal/platform"
)

// TestVoteButtons: only an /ask answer that leads with an entry takes
// votes, and its buttons carry the question and the lead's reference.
func TestVoteButtons(t *testing.T) {
	e := newEngine(t)
	a := ask(e, "/ask who carried out the attack?")
	v, ok := a.Vote(false)
	if !ok || a.Lead == nil || v.Lead != a.Lead.Ref || v.Query != "who carried out the attack?" || v.Helpful {
		t.Fatalf("Vote(false) of /ask = %+v, %v; want the question and the lead %+v", v, ok, a.Lead)
	}
	if v, _ := a.Vote(true); !v.Helpful {
		t.Errorf("Vote(true) = %+v; want helpful", v)
	}
	for _, line := range []string{"/ask is the moon made of cheese", "/who-said Peskov", "/timeline", "/check the US was behind the drone attack", "/help", "/ask"} {
		if _, ok := ask(e, line).Vote(false); ok {
			t.Errorf("%s takes votes; only /ask answers with a lead do", line)
		}
	}
}

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
		if v, err := ParseVote(s); err == nil {
			t.Errorf("ParseVote(%q) = %+v; want an error", s, v)
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
		v, err := ParseVote(s)
		if err != nil {
			return
		}
		again, ok := v.Encode(1 << 20)
		if !ok {
			t.Fatalf("ParseVote(%q) = %+v, which does not encode", s, v)
		}
		w, err := ParseVote(again)
		if err != nil || w != v {
			t.Fatalf("ParseVote(%q) = %+v; encoded %q, read back %+v, %v", s, v, again, w, err)
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
		got, err := ParseVote(s)
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

// TestVotes: a click on Not helpful is thanked privately, counted, and
// listed in /kb gaps with the lead, after a restart too; Helpful is
// counted beside it; forged states are refused, saying nothing was
// recorded; a flood is slowed down before anything is read.
func TestVotes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gaps.jsonl")
	g, err := gaps.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	e := New(nil, newEngine(t).Base(), Config{Metrics: mustMetrics(t, reg), Gaps: g, Admins: []string{"U1"}, RatePerMinute: 1})
	answer := ask(e, "/ask who carried out the attack?")
	down, _ := answer.Vote(false)
	up, _ := answer.Vote(true)
	vote := func(v Vote, user string) Answer {
		s, _ := v.Encode(100)
		return e.Ask(t.Context(), Request{Platform: "test", Vote: s, UserID: user})
	}
	for _, user := range []string{"U5", "U6", "U7"} {
		if a := vote(down, user); a.Title != "Thanks — noted." || !a.Private || a.Lead != nil || len(a.Items) != 0 {
			t.Fatalf("Not helpful: %q private=%v; want a private thank-you", a.Title, a.Private)
		}
	}
	vote(up, "U8")
	want := "/ask who carried out the attack?\n   not helpful ×3, helpful ×1 — led with " + answer.Lead.Ref + "; last on "
	if got := Plain(ask(e, "/kb gaps", asUser("U1"))); !strings.Contains(got, want) {
		t.Errorf("/kb gaps lacks %q:\n%s", want, got)
	}
	for outcome, n := range map[string]float64{gaps.Unhelpful: 3, gaps.Helpful: 1} {
		if got := counted(t, reg, "incidentbot_feedback_total", outcome); got != n {
			t.Errorf(`incidentbot_feedback_total{outcome=%q} = %v; want %v`, outcome, got, n)
		}
	}

	for i, tt := range []struct{ state, title string }{
		{"garbage", "That button does not work"},
		{"-quote/no-such-quote who carried out the attack?", "Not recorded"},
		{"-source/s who?", "That button does not work"},
	} {
		a := e.Ask(t.Context(), Request{Platform: "test", Vote: tt.state, UserID: fmt.Sprintf("F%d", i)})
		if a.Title != tt.title || !a.Private || !strings.Contains(a.Intro, "nothing was recorded") {
			t.Errorf("vote %q: %q %q private=%v; want %q, saying nothing was recorded", tt.state, a.Title, a.Intro, a.Private, tt.title)
		}
	}
	// One vote a minute each: U2's first counts, the rest of a flood
	// is slowed down.
	for i := range 20 {
		if a := vote(down, "U2"); (i == 0) != (a.Title == "Thanks — noted.") || (i > 0 && (a.Title != "Slow down" || !a.Private)) {
			t.Errorf("vote %d of a flood: %q; want Slow down after the first", i+1, a.Title)
		}
	}
	if got := counted(t, reg, "incidentbot_feedback_total", gaps.Unhelpful); got != 3+1 {
		t.Errorf("after a flood, %v votes counted; want the 3 before and 1 within the limit", got)
	}

	if err := g.Close(); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	for _, user := range []string{"U5", "U8", "U2"} {
		if strings.Contains(string(data), user) {
			t.Errorf("the gaps file records who voted:\n%s", data)
		}
	}
	again, err := gaps.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if top := again.Top(5); len(top) != 1 || top[0].Count != 4 || top[0].Helpful != 1 || top[0].Lead != answer.Lead.Ref {
		t.Errorf("after a restart, Top = %+v; want the question, not helpful 4 times and helpful once, with its lead", top)
	}
}

// TestHelpfulOnlyIsNoGap: an answer only ever found helpful is not listed.
func TestHelpfulOnlyIsNoGap(t *testing.T) {
	g, err := gaps.Open("")
	if err != nil {
		t.Fatal(err)
	}
	e := New(nil, newEngine(t).Base(), Config{Gaps: g, Admins: []string{"U1"}})
	up, _ := ask(e, "/ask who carried out the attack?").Vote(true)
	s, _ := up.Encode(100)
	e.Ask(t.Context(), Request{Platform: "test", Vote: s})
	if a := ask(e, "/kb gaps", asUser("U1")); a.Intro != "None recorded yet." {
		t.Errorf("/kb gaps after a Helpful only: %q\n%s", a.Intro, Plain(a))
	}
}
