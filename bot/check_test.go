package bot

import (
	"strings"
	"testing"

	"github.com/incidentbot/incidentbot/bot/rank"
	"github.com/incidentbot/incidentbot/knowledge"
)

// TestCheckCandidatesHoldEveryClaim: /check scores only the claims the
// index finds for a message (finding 4 of issue 20); on the default base,
// for every text of it taken as a message, they include every claim that
// scoring them all would keep.
func TestCheckCandidatesHoldEveryClaim(t *testing.T) {
	b, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	rk := rank.For(b)
	var messages []string
	for _, q := range b.Quotes {
		messages = append(messages, q.Text)
	}
	for _, e := range b.Events {
		messages = append(messages, e.Summary)
	}
	for _, c := range b.Claims {
		messages = append(messages, c.Statement)
	}
	checked := 0
	for _, m := range messages {
		qu := rk.Statement(firstWords(m, maxCheckWords))
		found := map[string]bool{}
		for _, h := range b.Search(rk.CoverWords(qu), checkCandidates, knowledge.KindClaim) {
			found[h.ID] = true
		}
		for _, c := range b.Claims {
			if rk.Covers(qu, c.Statement+"\n"+strings.Join(c.Tags, " ")) >= 0.5 {
				checked++
				if !found[c.ID] {
					t.Errorf("message %q: claim %s bears on it, and the index does not find it", m, c.ID)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no message bore on any claim")
	}
	t.Logf("%d messages, %d claims they bear on", len(messages), checked)
}

// TestFirstWords: the words /check and /who-said read.
func TestFirstWords(t *testing.T) {
	for _, tt := range []struct {
		in   string
		n    int
		want string
	}{
		{"a b c", 2, "a b"},
		{"  a\n\tb  c ", 2, "a\n\tb"},
		{"a b", 5, "a b"},
		{"", 3, ""},
		{"слово другое третье", 1, "слово"},
	} {
		if got := firstWords(tt.in, tt.n); got != tt.want {
			t.Errorf("firstWords(%q, %d) = %q; want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
