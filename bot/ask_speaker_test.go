package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/incidentbot/incidentbot/internal/corpus"
	"github.com/incidentbot/incidentbot/knowledge"
)

// TestAskNotQuotedOnThis checks what /ask says when asked what someone
// said about something the sources quote them on, and about something
// they do not: the answer leads with their words, or says before another's
// that theirs are not quoted on it.
func TestAskNotQuotedOnThis(t *testing.T) {
	b, err := knowledge.Load("market.yaml", corpus.RenderFile(t, "rank/testdata/market.yaml.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	e := New(nil, b, Config{})
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
		// Their words lead: their quote, signed by them, or a sentence of
		// the source quoting them.
		if tt.leadFrom != "" && !strings.HasPrefix(a.Lead.Meta, tt.leadFrom) && !strings.Contains(a.Lead.Meta, "quoting "+tt.leadFrom) {
			t.Errorf("/ask %s: lead signed %q; want %s's words", tt.q, a.Lead.Meta, tt.leadFrom)
		}
	}
}
