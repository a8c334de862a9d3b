package slack

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	slackapi "github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGolden pins the Block Kit JSON of one answer of each kind, from the
// default knowledge base, as an ephemeral reply.
func TestGolden(t *testing.T) {
	e := testEngine(t)
	tests := []struct {
		name, line string
		check      func(bot.Answer) bool
	}{
		{"timeline", "/timeline", func(a bot.Answer) bool { return !a.Help && !a.NotFound && a.Total > 0 }},
		{"who-said", "/who-said Peskov", func(a bot.Answer) bool { return !a.NotFound && a.Total > 0 }},
		{"ask", "/ask who carried out the attack?", func(a bot.Answer) bool { return !a.NotFound && a.Total > 0 }},
		{"claims", "/claims", func(a bot.Answer) bool { return !a.NotFound && a.Total > 0 }},
		{"sources", "/sources", func(a bot.Answer) bool { return !a.NotFound && a.Total > 0 }},
		{"help", "/help", func(a bot.Answer) bool { return a.Help }},
		{"not-found", "/who-said Napoleon Bonaparte", func(a bot.Answer) bool { return a.NotFound }},
		{"unknown-command", "/frobnicate the drones", func(a bot.Answer) bool { return a.Help }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := e.Ask(context.Background(), bot.Request{Platform: "slack", Line: tt.line, Page: 1})
			if !tt.check(a) {
				t.Fatalf("Ask(%q) = %+v; not the kind of answer this golden file is for", tt.line, a)
			}
			msg := render(a, state{Line: tt.line, Page: 1})
			checkLimits(t, tt.line, msg)
			checkNoPings(t, tt.line, msg)
			got := pretty(msg)
			path := filepath.Join("testdata", tt.name+".json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./bot/slack -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("render(%q) differs from %s (run go test ./bot/slack -update and review the diff):\n%s", tt.line, path, got)
			}
		})
	}
}

// lines returns a command line for every command with the arguments a
// user is likely to give, over everything the default base holds.
func lines(t *testing.T) []string {
	e := testEngine(t)
	out := []string{"/timeline", "/timeline 2023-05", "/timeline May 2023", "/timeline 3 May 2023", "/timeline drones",
		"/ask who carried out the attack?", "/ask what did Peskov say", "/ask was it a false flag",
		"/claims", "/claims false flag", "/claims Ukraine", "/sources", "/help", "/check the US was behind the drone attack",
		"/check Ukraine denied any involvement", "/who-said", "/ask", "/nonsense", "", "/who-said zzzz qqqq"}
	for _, c := range bot.Commands() {
		out = append(out, "/help "+c.Name)
	}
	for _, p := range e.Base().People {
		out = append(out, "/who-said "+p.Name)
		for _, alias := range p.Aliases {
			out = append(out, "/who-said "+alias)
		}
	}
	return out
}

// TestEveryPageWithinLimits follows Next through every answer of every
// command on the default base, ephemeral, public and shared, and checks
// each message against Slack's limits; across the pages every item must
// be shown exactly once.
func TestEveryPageWithinLimits(t *testing.T) {
	e := testEngine(t)
	for _, line := range lines(t) {
		for _, start := range []state{{Line: line}, {Line: line, Public: true}, {Line: line, Public: true, By: "U0SHARER"}} {
			st := start
			st.Page = 1
			var seen []string
			total := -1
			for step := 0; ; step++ {
				if step > 100 {
					t.Fatalf("%q: more than 100 messages", line)
				}
				a := e.Ask(context.Background(), bot.Request{Platform: "slack", Line: st.Line, Page: st.Page})
				total = a.Total
				msg := render(a, st)
				what := line + " " + st.encode()
				checkLimits(t, what, msg)
				checkNoPings(t, what, msg)
				_, hasShare := buttons(msg)[actionShare]
				if want := !st.Public && !a.Help; hasShare != want {
					t.Errorf("%s: share button %v; want %v", what, hasShare, want)
				}
				for _, it := range a.Items[min(st.Skip, len(a.Items)):][:shown(msg, a, st)] {
					seen = append(seen, it.Kind+":"+it.ID)
				}
				nb, ok := buttons(msg)[actionNext]
				if !ok {
					break
				}
				next, err := decodeState(nb.Value)
				if err != nil {
					t.Fatalf("%s: Next value %q: %v", what, nb.Value, err)
				}
				if next.Public != st.Public || next.By != st.By || next.Line != st.Line {
					t.Fatalf("%s: Next state %+v loses the view", what, next)
				}
				st = next
			}
			if !allHelp(e, line) && len(seen) != total {
				t.Errorf("%q: pages showed %d items; want %d", line, len(seen), total)
			}
		}
	}
}

// shown counts the numbered items rendered in msg.
func shown(msg *slackapi.WebhookMessage, a bot.Answer, st state) int {
	if a.Help {
		return len(a.Items)
	}
	n := 0
	for i := range a.Items[min(st.Skip, len(a.Items)):] {
		num := (a.Page-1)*bot.PageSize + st.Skip + i + 1
		if strings.Contains(joined(msg), "*"+strconv.Itoa(num)+".") {
			n++
		}
	}
	return n
}

func allHelp(e *bot.Engine, line string) bool {
	return e.Ask(context.Background(), bot.Request{Line: line}).Help
}
