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
	"github.com/incidentbot/incidentbot/bot/internal/bottest"
	"github.com/incidentbot/incidentbot/internal/platform"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func isCitation(a bot.Answer) bool {
	return a.Private && a.Lead != nil && a.Lead.Words.Mark == bot.MarkCopy
}

// TestGolden pins the Block Kit JSON of one answer of each kind, from the
// fixture base (bottest.Fixture), as an ephemeral reply.
func TestGolden(t *testing.T) {
	e := bottest.Fixture(t)
	tests := []struct {
		name, line string
		check      func(bot.Answer) bool
	}{
		{"timeline", "/timeline", func(a bot.Answer) bool { return !a.Help && !a.NotFound && a.Total > 0 }},
		{"who-said", "/who-said Peskov", func(a bot.Answer) bool { return !a.NotFound && a.Total > 0 }},
		{"ask", "/ask who carried out the attack?", func(a bot.Answer) bool { return !a.NotFound && a.Total > 0 }},
		{"claims", "/claims", func(a bot.Answer) bool { return !a.NotFound && a.Total > 0 }},
		// A list longer than a page, whose first message has Next.
		{"quotes-matching", "/who-said attack", func(a bot.Answer) bool { return !a.NotFound && a.Pages > 1 }},
		{"sources", "/sources", func(a bot.Answer) bool { return !a.NotFound && a.Total > 0 }},
		{"help", "/help", func(a bot.Answer) bool { return a.Help }},
		{"not-found", "/who-said Napoleon Bonaparte", func(a bot.Answer) bool { return a.NotFound }},
		{"unknown-command", "/frobnicate the drones", func(a bot.Answer) bool { return a.Help }},
		// What the Details button opens, as click posts it.
		{"details-event", "event/peskov-briefing", func(a bot.Answer) bool { return a.Private && a.Lead != nil && a.Lead.HasDetails() }},
		{"details-quote", "quote/peskov-washington", func(a bot.Answer) bool { return a.Private && a.Lead != nil && a.Lead.HasDetails() }},
		{"details-claim", "claim/us-involvement", func(a bot.Answer) bool { return a.Private && a.Lead != nil && a.Lead.HasDetails() }},
		{"details-gone", "quote/no-such-quote", func(a bot.Answer) bool { return a.Private && a.NotFound }},
		// What the Cite button and /cite answer: a citation to copy.
		{"cite-quote", "/cite quote/peskov-washington", isCitation},
		{"cite-event", "/cite event/peskov-briefing", isCitation},
		{"cite-claim", "/cite claim/us-involvement", isCitation},
		// What Not helpful posts: thanks, or a forged lead refused.
		{"vote", "-quote/us-officials-ukrainian-unit who carried out the attack?", func(a bot.Answer) bool { return a.Private && a.Title == "Thanks — noted." }},
		{"vote-forged", "-quote/no-such-quote who carried out the attack?", func(a bot.Answer) bool { return a.Private && a.Title == "Not recorded" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, st := bot.Request{Platform: "slack", Line: tt.line, Page: 1}, state{Line: tt.line, Page: 1}
			switch tt.line[0] {
			case '/':
			case '+', '-':
				req, st = bot.Request{Platform: "slack", Vote: tt.line}, state{Page: 1}
			default:
				req, st = bot.Request{Platform: "slack", Details: tt.line}, state{Page: 1}
			}
			a := e.Ask(context.Background(), req)
			if !tt.check(a) {
				t.Fatalf("Ask(%q) = %+v; not the kind of answer this golden file is for", tt.line, a)
			}
			msg := render(a, st)
			checkLimits(t, tt.line, msg)
			checkNoPings(t, tt.line, msg)
			got := pretty(msg)
			checkGolden(t, tt.name, tt.line, got)
		})
	}
}

// TestEveryPageWithinLimits follows Next through every answer of every
// command on the default base (bottest.Lines), ephemeral, public and
// shared, and checks each message against Slack's limits; across the pages
// every item must be shown exactly once.
func TestEveryPageWithinLimits(t *testing.T) {
	e := testEngine(t)
	for _, line := range bottest.Lines(e) {
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
				if want := !st.Public && !a.Help && !a.Private; hasShare != want {
					t.Errorf("%s: share button %v; want %v", what, hasShare, want)
				}
				for _, it := range a.Items[min(st.Skip, len(a.Items)):][:shown(msg, a, st)] {
					seen = append(seen, it.Kind+":"+it.Ref+":"+it.Heading)
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
		num := a.Number(st.Skip + i)
		if strings.Contains(joined(msg), "*"+strconv.Itoa(num)+".*") {
			n++
		}
	}
	return n
}

func allHelp(e *bot.Engine, line string) bool {
	return e.Ask(context.Background(), bot.Request{Line: line}).Help
}

// TestEscapesMentions checks that mentions and links typed into a query
// come back escaped wherever the answer echoes them.
func TestEscapesMentions(t *testing.T) {
	e := testEngine(t)
	pings := []string{"<!channel>", "<!here>", "<!everyone>", "<@U123>", "<#C123|general>", "<https://evil.example|click>"}
	query := strings.Join(pings, " ") + " & more"
	for _, line := range []string{
		"/who-said " + query, "/timeline " + query, "/ask " + query, "/claims " + query, "/check " + query,
		"/help " + query, "/" + query,
	} {
		for _, st := range []state{{Line: line, Page: 1}, {Line: line, Page: 1, Public: true, ByName: "<!channel>"}} {
			a := e.Ask(context.Background(), bot.Request{Platform: "slack", Line: line, Page: 1})
			msg := render(a, st)
			checkNoPings(t, line, msg)
			text := joined(msg)
			for _, p := range pings {
				if strings.Contains(text, p) {
					t.Errorf("%q: answer shows %s unescaped:\n%s", line, p, text)
				}
			}
		}
	}
	// The not-found answer echoes the query: escaped, so it reads as typed.
	a := e.Ask(context.Background(), bot.Request{Platform: "slack", Line: "/who-said <!channel> zzqx", Page: 1})
	text := joined(render(a, state{Line: "/who-said <!channel> zzqx", Page: 1}))
	if !strings.Contains(text, "&lt;!channel&gt; zzqx") {
		t.Errorf("not-found answer does not echo the escaped query:\n%s", text)
	}
	shared := joined(render(a, state{Line: "x", Page: 1, Public: true, ByName: "<!here> & co"}))
	if !strings.Contains(shared, "Shared by &lt;!here&gt; &amp; co") {
		t.Errorf("sharer's name not escaped:\n%s", shared)
	}
}

func TestCut(t *testing.T) {
	tests := []struct {
		in    string
		limit int
		want  string
	}{
		{"short", 10, "short"},
		{"one two three four", 12, "one two…"},
		{"a &amp; b &amp; c", 12, "a &amp; b…"},
		{"x <https://e.example/a|a link> y", 20, "x…"},
		{"&amp;&amp;&amp;&amp;", 12, "&amp;&amp;…"},
		{"ééééé", 3, "éé…"},
		{"😀😀😀", 4, "😀…"},
	}
	for _, tt := range tests {
		got := cut(tt.in, tt.limit, "…")
		if got != tt.want {
			t.Errorf("cut(%q, %d) = %q; want %q", tt.in, tt.limit, got, tt.want)
		}
		if platform.UTF16Len(got) > tt.limit {
			t.Errorf("cut(%q, %d) is %d chars long", tt.in, tt.limit, platform.UTF16Len(got))
		}
	}
}

func TestStateValues(t *testing.T) {
	st := state{Line: "/who-said <Peskov> & co", Page: 3, Skip: 2, Public: true, By: "U0SHARER"}
	got, err := decodeState(st.encode())
	if err != nil || got != st {
		t.Errorf("decodeState(encode(%+v)) = %+v, %v", st, got, err)
	}
	for _, bad := range []string{"", "null", `{"l":""}`, `{"l":"/x","p":-2}`, `{"l":"/x","s":10}`, `{"l":"/x","by":"<!here>"}`, `{"l":1}`} {
		if _, err := decodeState(bad); err == nil {
			t.Errorf("decodeState(%q) accepted", bad)
		}
	}
}

// TestOverflowMovesToNextMessage renders items too big for one message
// together: they must spread over several messages, each within limits,
// reachable with Next and back with Previous, and one giant item must be
// cut visibly rather than silently.
func TestOverflowMovesToNextMessage(t *testing.T) {
	long := strings.Repeat("The drones flew over the Kremlin & the Senate Palace. ", 50) // ~2,700 chars
	var items []bot.Item
	for i := range bot.PageSize {
		it := bot.Item{Kind: bot.KindClaim, Ref: "claim/c" + strconv.Itoa(i), Heading: "Claim " + strconv.Itoa(i), Status: "disputed"}
		for j := range 3 {
			who := "Actor " + strconv.Itoa(j) + " asserts"
			it.Lines = append(it.Lines, bot.Words{Who: who, Text: long, Mark: bot.MarkExact})
			it.Excerpts = append(it.Excerpts, bot.Excerpt{About: who, Text: long, Source: "Source", URL: "https://example.com/a|b"})
		}
		items = append(items, it)
	}
	a := bot.Answer{Command: "claims", Title: "Claims", Items: items, Page: 1, Pages: 2, Total: 7, First: 1}
	st := state{Line: "/claims", Page: 1}
	var seen int
	for step := 0; ; step++ {
		if step > bot.PageSize {
			t.Fatal("too many messages for one page")
		}
		msg := render(a, st)
		checkLimits(t, st.encode(), msg)
		n := shown(msg, a, st)
		if n == 0 {
			t.Fatalf("message %d shows no item", step)
		}
		seen += n
		if step > 0 {
			prev, ok := buttons(msg)[actionPrev]
			if ps, _ := decodeState(prev.Value); !ok || ps.Page != 1 || ps.Skip != 0 {
				t.Errorf("Previous from skip %d = %+v; want the start of page 1", st.Skip, ps)
			}
		}
		next := buttons(msg)[actionNext]
		ns, err := decodeState(next.Value)
		if err != nil {
			t.Fatal(err)
		}
		if ns.Page == 2 {
			break
		}
		if ns.Skip <= st.Skip {
			t.Fatalf("Next does not advance: %+v after %+v", ns, st)
		}
		st = ns
	}
	if seen != bot.PageSize {
		t.Errorf("the messages of page 1 showed %d items; want %d", seen, bot.PageSize)
	}
	if !strings.Contains(joined(render(a, state{Line: "/claims", Page: 1})), "%7C") {
		t.Errorf("a | in a URL is not encoded")
	}

	// One item bigger than a message.
	giant := items[0]
	for len(giant.Lines) <= 40 {
		giant.Lines = append(giant.Lines, giant.Lines...)
		giant.Excerpts = append(giant.Excerpts, giant.Excerpts...)
	}
	a = bot.Answer{Title: "Claims", Items: []bot.Item{giant}, Page: 1, Pages: 1, Total: 1, First: 1}
	msg := render(a, state{Line: "/claims", Page: 1})
	checkLimits(t, "giant item", msg)
	if text := joined(msg); !strings.Contains(text, "too long for one Slack message") {
		t.Errorf("giant item cut without saying so")
	}

	// One excerpt longer than a section.
	a = bot.Answer{Title: "Details", Items: []bot.Item{{Kind: bot.KindQuote, Ref: "quote/q", Heading: "Someone", Words: bot.Words{Text: "x", Mark: bot.MarkExact},
		Excerpts: []bot.Excerpt{{Source: "S", Text: strings.Repeat("word ", 1000)}}}}, Page: 1, Pages: 1, Total: 1, First: 1}
	msg = render(a, state{Line: "/who-said x", Page: 1})
	checkLimits(t, "long excerpt", msg)
	if text := joined(msg); !strings.Contains(text, cutMark) {
		t.Errorf("long excerpt cut without the mark")
	}
}

// TestHugeQueries renders answers to the longest queries the engine
// takes, made of the characters that grow most when escaped and encoded:
// every message must stay within limits.
func TestHugeQueries(t *testing.T) {
	e := testEngine(t)
	fill := func(unit string) string {
		return strings.TrimSpace(strings.Repeat(unit, (bot.MaxLineRunes-10)/len([]rune(unit))))
	}
	for _, q := range []string{fill("&"), fill("<!channel>"), fill("漢"), fill("😀"), fill("drone & "), fill("Peskov <> "), fill("\"\\")} {
		for _, cmd := range []string{"/who-said ", "/ask ", "/check ", "/timeline ", "/claims ", "/"} {
			line := cmd + q
			a := e.Ask(context.Background(), bot.Request{Platform: "slack", Line: line, Page: 1})
			for _, st := range []state{{Line: line, Page: 1}, {Line: line, Page: 1, Public: true}} {
				msg := render(a, st)
				checkLimits(t, line[:20], msg)
				checkNoPings(t, line[:20], msg)
			}
		}
	}
}

// TestEveryDetailsWithinLimits renders the details of every entry of the
// default base as the Details button posts them: each message must keep
// Slack's limits and show at least one excerpt with its source.
func TestEveryDetailsWithinLimits(t *testing.T) {
	e := testEngine(t)
	for _, ref := range bottest.Refs(e.Base()) {
		a := e.Ask(context.Background(), bot.Request{Platform: "slack", Details: ref})
		msg := render(a, state{Page: 1})
		checkLimits(t, ref, msg)
		checkNoPings(t, ref, msg)
		if text := joined(msg); !strings.Contains(text, "\n> ") || !strings.Contains(text, "\n— ") {
			t.Errorf("details of %s show no excerpt with its source:\n%s", ref, text)
		}
	}
}

// checkGolden compares a rendered message with testdata/NAME.json, after
// writing it there with -update.
func checkGolden(t *testing.T, name, line string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".json")
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
		t.Errorf("render(%q) differs from %s (run go test ./bot/slack -update and review the diff):\n%s", line, path, got)
	}
}

// TestArchivedCopyLinked: an excerpt's source is linked to its URL and,
// beside it, to its archived copy.
func TestArchivedCopyLinked(t *testing.T) {
	it := bot.Item{Kind: bot.KindQuote, Ref: "quote/ann", Heading: "Ann", Words: bot.Words{Text: "We did it.", Mark: bot.MarkExact},
		Excerpts: []bot.Excerpt{{Text: "“We did it,” she said.", Source: "Report · Paper", URL: "https://example.org/r",
			Archived: "https://archive.ph/wXYZ1"}}}
	msg := render(bot.Answer{Title: "Details", Lead: &it, Private: true, Page: 1, Pages: 1, First: 1}, state{Page: 1})
	checkLimits(t, "archived", msg)
	checkNoPings(t, "archived", msg)
	if want := "> “We did it,” she said.\n— <https://example.org/r|Report · Paper> · <https://archive.ph/wXYZ1|archived copy>"; !strings.Contains(joined(msg), want) {
		t.Errorf("details:\n%s\nwant\n%s", joined(msg), want)
	}
}
