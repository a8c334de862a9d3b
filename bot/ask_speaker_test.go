package bot

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/incidentbot/incidentbot/knowledge"
)

// TestAskNotQuotedOnThis checks what /ask says when asked what someone
// said about something the sources quote them on, and about something
// they do not: the answer leads with their words, or says before another's
// that theirs are not quoted on it.
func TestAskNotQuotedOnThis(t *testing.T) {
	data, err := os.ReadFile("rank/testdata/market.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := knowledge.Load("market.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	e := New(b, nil)
	const note = "The sources quote no words of theirs on this; what they do say:"
	for _, tt := range []struct {
		q        string
		noted    bool
		leadFrom string
	}{
		{"what did goldsmith say about the new york times investigation", false, "Jett Goldsmith"},
		{"what did podolyak say about the buk system", true, ""},
	} {
		a := e.Ask(context.Background(), Request{Platform: "cli", Line: "/ask " + tt.q})
		if a.Lead == nil {
			t.Errorf("/ask %s: no lead:\n%s", tt.q, Plain(a))
			continue
		}
		if got := a.Intro == note; got != tt.noted {
			t.Errorf("/ask %s: intro %q; want the note %v", tt.q, a.Intro, tt.noted)
		}
		if tt.leadFrom != "" && !strings.HasPrefix(a.Lead.Meta, tt.leadFrom) {
			t.Errorf("/ask %s: lead signed %q; want %s's words", tt.q, a.Lead.Meta, tt.leadFrom)
		}
	}
}
