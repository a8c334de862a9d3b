package bot

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/incidentbot/incidentbot/bot/gaps"
	"github.com/incidentbot/incidentbot/bot/vote"
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
	vote := func(v vote.Vote, user string) Answer {
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
