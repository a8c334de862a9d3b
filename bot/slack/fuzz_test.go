package slack

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/incidentbot/incidentbot/bot"
)

// FuzzSlashCommand sends any command text through the signed HTTP path
// and checks that the answer is a valid message within Slack's limits in
// which the user's text cannot ping or link, and that nothing panicked,
// not even a panic that was recovered.
func FuzzSlashCommand(f *testing.F) {
	for _, seed := range []struct{ command, text string }{
		{"/who-said", "Peskov"},
		{"/who-said", "<!channel> <!here> <@U123> <#C1|general> <https://evil.example|click>"},
		{"/ask", "who carried out the attack?"},
		{"/timeline", "2023-05"},
		{"/claims", "false flag & *bold* _it_ ~s~ `code` > quote"},
		{"/incident", "who-said Kirby"},
		{"/incident", "/frobnicate \x00\x01 \u202e"},
		{"/incident", ""},
		{"/sources", strings.Repeat("é", 5000)},
		{"/check", strings.Repeat("&<>", 1400)},
		{"/help", "\xff\xfe"},
		{"/WHO-SAID", "  peskov  "},
	} {
		f.Add(seed.command, seed.text)
	}
	b, reg := testBot(f, Config{})
	now := time.Now()
	f.Fuzz(func(t *testing.T, command, text string) {
		w := serve(b, signedForm("/slack/commands", commandForm(command, text), now))
		// A recovered panic would still answer, with an apology: count them.
		if n := panics(t, reg); n != 0 || strings.Contains(w.Body.String(), "went wrong") {
			t.Fatalf("%q %q panicked (%v panics so far): %s", command, text, n, w.Body)
		}
		if command == "" {
			if w.Code != http.StatusBadRequest {
				t.Fatalf("empty command = %d; want 400", w.Code)
			}
			return
		}
		if w.Code != http.StatusOK {
			t.Fatalf("%q %q = %d: %s", command, text, w.Code, w.Body)
		}
		msg := decodeMessage(t, w.Body.Bytes())
		checkLimits(t, command+" "+text, msg)
		checkNoPings(t, command+" "+text, msg)
	})
}

// FuzzCheckShortcut runs any message text through the shortcut's parser
// of Slack markup and the renderer.
func FuzzCheckShortcut(f *testing.F) {
	for _, seed := range []string{
		"<@U0OTHER> says the US was behind the drone attack",
		"see <https://example.com/a?b=c&amp;d=e|this> &lt;b&gt; <#C123|news> <!subteam^S1|@team>",
		"<<<>>> <@ <! <http:// |||",
		"&amp;lt;!channel&amp;gt;",
		"",
	} {
		f.Add(seed)
	}
	e := testEngine(f)
	f.Fuzz(func(t *testing.T, text string) {
		line := "/check " + plainText(text)
		if utf8.ValidString(text) && !utf8.ValidString(line) {
			t.Fatalf("plainText(%q) made invalid UTF-8", text)
		}
		a := e.Ask(context.Background(), bot.Request{Platform: "slack", Line: line, Page: 1})
		msg := render(a, state{Line: line, Page: 1})
		if strings.Contains(joined(msg), "went wrong") {
			t.Fatalf("answering %q panicked:\n%s", line, joined(msg))
		}
		checkLimits(t, line, msg)
		checkNoPings(t, line, msg)
	})
}

// FuzzButtonValue decodes any button value; what decodes must render
// within limits.
func FuzzButtonValue(f *testing.F) {
	for _, seed := range []string{
		`{"l":"/timeline","p":2}`,
		`{"l":"/claims","p":1,"s":3,"pub":true,"by":"U0SHARER"}`,
		`{"l":"/who-said <!channel>","p":99,"bn":"<!here>"}`,
		`{"l":"","p":-1}`, `[]`, `{`, ``,
	} {
		f.Add(seed)
	}
	e := testEngine(f)
	f.Fuzz(func(t *testing.T, value string) {
		st, err := decodeState(value)
		if err != nil {
			return
		}
		a := e.Ask(context.Background(), bot.Request{Platform: "slack", Line: st.Line, Page: st.Page})
		msg := render(a, st)
		if strings.Contains(joined(msg), "went wrong") {
			t.Fatalf("answering %q panicked:\n%s", value, joined(msg))
		}
		checkLimits(t, value, msg)
		checkNoPings(t, value, msg)
	})
}

// FuzzDetailsValue sends any Details button value: the answer is the
// entry, or says it is gone, always private and within limits.
func FuzzDetailsValue(f *testing.F) {
	for _, seed := range []string{"quote/peskov-washington", "event/drone-attack", "claim/false-flag", "claim/", "/", "source/doubts", "quote/<!channel>", " "} {
		f.Add(seed)
	}
	e := testEngine(f)
	f.Fuzz(func(t *testing.T, value string) {
		if value == "" {
			// No details asked for: the engine answers Line (help).
			return
		}
		a := e.Ask(context.Background(), bot.Request{Platform: "slack", Details: value})
		msg := render(a, state{Page: 1})
		if !a.Private || strings.Contains(joined(msg), "went wrong") {
			t.Fatalf("details of %q: private %v\n%s", value, a.Private, joined(msg))
		}
		checkLimits(t, value, msg)
		checkNoPings(t, value, msg)
	})
}

// FuzzCiteValue sends any Cite button value, as a click does: the answer
// is the entry's citation in one closed code block, or a refusal, private
// and within limits.
func FuzzCiteValue(f *testing.F) {
	for _, seed := range []string{"quote/peskov-washington", "event/drone-attack", "claim/false-flag", "claim/", "/", "source/doubts", "quote/<!channel>", "```", " ", "well aware"} {
		f.Add(seed)
	}
	e := testEngine(f)
	f.Fuzz(func(t *testing.T, value string) {
		a := e.Ask(context.Background(), bot.Request{Platform: "slack", Line: "/cite " + value})
		msg := render(a, state{Page: 1})
		text := joined(msg)
		// Only the usage for a missing argument may be public, as for
		// every command.
		if !a.Private && !a.Help || strings.Contains(text, "went wrong") {
			t.Fatalf("cite %q: private %v\n%s", value, a.Private, text)
		}
		if a.Lead != nil && a.Lead.Words.Mark == bot.MarkCopy && (strings.Count(text, "```") != 2 || !strings.HasSuffix(text, "```")) {
			t.Fatalf("cite %q: the citation is not one closed code block:\n%s", value, text)
		}
		checkLimits(t, value, msg)
		checkNoPings(t, value, msg)
	})
}

// FuzzVoteValue sends any Helpful / Not helpful value: the answer thanks,
// or says why nothing was recorded, always private and within limits.
func FuzzVoteValue(f *testing.F) {
	for _, seed := range []string{"-quote/us-officials-ukrainian-unit who carried out the attack?", "+claim/us-involvement <!channel>",
		"-quote/gone who?", "+quote/q", "garbage", "-source/doubts q", " ", "in:kremlin-drone-attack-2023", "in:x -quote/q who?"} {
		f.Add(seed)
	}
	e := testEngine(f)
	f.Fuzz(func(t *testing.T, value string) {
		if value == "" {
			return // the adapter answers an empty value itself (TestVoteOverSocketMode)
		}
		a := e.Ask(context.Background(), bot.Request{Platform: "slack", Vote: value})
		msg := render(a, state{Page: 1})
		if !a.Private || strings.Contains(joined(msg), "went wrong") {
			t.Fatalf("vote %q: private %v\n%s", value, a.Private, joined(msg))
		}
		checkLimits(t, value, msg)
		checkNoPings(t, value, msg)
	})
}
