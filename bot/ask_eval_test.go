package bot

import (
	"context"
	"strings"
	"testing"
)

// TestCheckLeads checks that /check, which ranks passages as /ask does,
// puts first the claim a message states, and finds nothing for a message
// the base does not cover.
func TestCheckLeads(t *testing.T) {
	e := newEngine(t)
	for _, tt := range []struct{ msg, first string }{
		{"the moon is made of cheese", ""},
		{"the US was behind the drone attack", "The United States was behind the drone attack"},
		{"ukraine did it", "Ukraine carried out the drone attack on the Kremlin."},
		{"biden blew up nord stream", "US President Joe Biden gave the go-ahead to blast the Nord Stream pipelines."},
	} {
		a := e.Ask(context.Background(), Request{Platform: "cli", Line: "/check " + tt.msg, Full: true})
		if tt.first == "" {
			if !a.NotFound {
				t.Errorf("/check %s: answered, want nothing found:\n%s", tt.msg, Plain(a))
			}
			continue
		}
		got := Plain(a)
		if i := strings.Index(got, "\n1. "); i < 0 || !strings.HasPrefix(got[i+4:], tt.first) {
			t.Errorf("/check %s: want the first claim %q, got:\n%s", tt.msg, tt.first, got)
		}
	}
}

// FuzzAsk feeds arbitrary questions to /ask and /check, whose analysis
// reads every word of them: whatever the question, the answer either
// says nothing was found or leads with a passage's words verbatim.
func FuzzAsk(f *testing.F) {
	for _, q := range []string{
		"when was the drone attack on the kremlin", "2 drones or more? ppl on twitter say 3",
		"what did peskovs say", "что сказал Медведев", "how old is peskov", "wht happend on may 3rd",
		"did the US do it", "who said kyiv only does what its told", "", "?", "was it   ", "how",
	} {
		f.Add(q)
	}
	e := newEngine(f)
	f.Fuzz(func(t *testing.T, q string) {
		for _, cmd := range []string{"/ask ", "/check "} {
			a := e.Ask(context.Background(), Request{Platform: "cli", Line: cmd + q})
			if cmd == "/ask " && !a.NotFound && a.Lead != nil && a.Lead.Words.Text == "" {
				t.Errorf("/ask %q: a lead with no words", q)
			}
		}
	})
}

// TestAskLeadEntry checks the line under the lead: a sentence several
// entries cite is shown under the entry that fits the question, a
// speaker's own quote for "what did X say" (not a claim position, whose
// line must restate the claim), and for "when" the event whose date it
// gives, not a report dated as a range. A sentence of an excerpt is
// signed by its source: "on" the speaker for a report of what they said,
// "quoting" them for their words in quotation marks, whole.
func TestAskLeadEntry(t *testing.T) {
	e := newEngine(t)
	for _, tt := range []struct{ q, lead, meta string }{
		{"what did peskov say about washington", "Peskov claimed that Washington had masterminded the attack", "Doubts commentary, on Dmitry Peskov · "},
		{"what did kirby tell morning joe", "“I can assure you there was no involvement by the United States. Whatever it was didn’t involve us,” he said", "Doubts commentary, quoting John Kirby · "},
		{"when did the drones hit the kremlin", "Two drones were flown on May 3", "Report on NYT story · 3 May 2023 · "},
	} {
		a := e.Ask(context.Background(), Request{Platform: "cli", Line: "/ask " + tt.q})
		if a.Lead == nil {
			t.Errorf("/ask %s: no lead, want %q", tt.q, tt.lead)
			continue
		}
		if !strings.Contains(a.Lead.Words.Text, tt.lead) || !strings.HasPrefix(a.Lead.Meta, tt.meta) {
			t.Errorf("/ask %s: lead %q under %q, want %q under %q...", tt.q, a.Lead.Words.Text, a.Lead.Meta, tt.lead, tt.meta)
		}
	}
}

// TestAskParaphrase checks how /ask treats words the base does not hold:
// chat filler ("tho"), another form of a word it holds ("spies"), or the
// verb said of someone it knows ("did Kirby admit") are paraphrase and
// get an answer; a topic of its own ("population", "pizza") finds nothing.
func TestAskParaphrase(t *testing.T) {
	e := newEngine(t)
	for _, tt := range []struct {
		q        string
		notFound bool
	}{
		{"so what did peskov claim tho", false},
		{"did kirby admit anything", false},
		{"were the spies sure", false},
		{"how is washington feeling", false},
		{"which day of the week was it", false},
		{"population of belgorod", true},
		{"best pizza in moscow", true},
		{"what did xi jinping say", true},
	} {
		a := e.Ask(context.Background(), Request{Platform: "cli", Line: "/ask " + tt.q})
		if a.NotFound != tt.notFound {
			t.Errorf("/ask %s: not found = %v, want %v:\n%s", tt.q, a.NotFound, tt.notFound, Plain(a))
		}
	}
}
